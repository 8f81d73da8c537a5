"""The format: models, patterns, limits, vocabularies, and the JSON Schema made from them."""
