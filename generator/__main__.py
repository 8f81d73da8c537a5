"""`python -m generator` is the `credir` command."""

from generator.cli import main

raise SystemExit(main())
