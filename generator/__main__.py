"""`python -m generator` is the `credir` command."""

from generator.cli import main

if __name__ == "__main__":  # not when a build's helper process imports this module again
    raise SystemExit(main())
