"""`python -m svcdef`: the same as the `svcdef` command."""

import sys

from .cli import main

sys.exit(main())
