"""``python -m outreach_rules``: the same as the ``outreach-rules`` command."""

import sys

from .cli import main

sys.exit(main())
