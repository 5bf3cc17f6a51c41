"""Allows ``python -m rmworkshop``."""

import sys

from rmworkshop.cli import main

sys.exit(main())
