"""``python -m outreach_rules``: the same as the ``outreach-rules`` command."""

import sys

from .cli.commands import main

sys.exit(main())
