"""Render: the directory as HTML pages (no MkDocs here; generator.site hands them over)."""
