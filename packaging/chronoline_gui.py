"""PyInstaller entry for the windowed app (absolute imports only)."""

import multiprocessing
import sys

multiprocessing.freeze_support()  # PDF reading runs in a child process (db/isolate.py); spawned on Windows/macOS

from desktop.launcher import main  # noqa: E402 - after freeze_support, so a spawned child stops there

sys.exit(main())
