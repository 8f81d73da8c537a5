"""Check: find the files, read YAML with positions, validate, cross-check, report."""
