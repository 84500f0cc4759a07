"""PyInstaller entry for the windowed app (absolute imports only)."""

import sys

from desktop.launcher import main

sys.exit(main())
