"""PyInstaller entry for the console commands (absolute imports only)."""

import sys

from db.cli import main

sys.exit(main())
