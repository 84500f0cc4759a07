"""The zoomable timeline: pure scale/ticks/layout modules and the painting widget."""
