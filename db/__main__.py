"""`python -m db`: the headless commands."""

import sys

from db.cli import main

sys.exit(main())
