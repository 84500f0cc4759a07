"""Chronoline core: storage, import, anchoring, dates, export and the command line (no Qt)."""
