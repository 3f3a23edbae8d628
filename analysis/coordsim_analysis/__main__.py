"""Entry point of ``python3 -m coordsim_analysis``."""

import sys

from .cli import main

sys.exit(main())
