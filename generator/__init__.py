"""credir: load -> validate -> model -> render/export -> site (see README.md)."""

import os

# Pydantic looks for third-party plugins in every installed package's metadata the first
# time a model is built, at every start of `credir validate PATH` (a pre-commit check;
# docs/benchmarks.md has the cost). credir's models need none; whoever sets the variable
# keeps the choice.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
