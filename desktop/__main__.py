"""`python -m desktop`: open the Chronoline window (or run a headless subcommand)."""

import sys

from desktop.launcher import main

sys.exit(main())
