"""`python -m briefing`: the same as the `briefing` command."""

from .cli import main

raise SystemExit(main())
