"""Reading panes: the article view with highlights, and panes side by side."""
