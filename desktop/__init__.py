"""Chronoline desktop application (PySide6)."""
