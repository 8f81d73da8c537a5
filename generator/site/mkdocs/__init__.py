"""The one seam between credir and MkDocs: everything MkDocs-specific is in this package.

Generated pages never touch the disk: a plugin adds them as in-memory files and hands in
their HTML, so provider text never passes through Python-Markdown's raw-HTML handling and
a large directory costs no file writes or reads. One job per module:

* ``build``: the entry point the site build calls (loads mkdocs.yml, adds the plugin, runs
  MkDocs' build); the only module that imports MkDocs' commands and config loading.
* ``plugin``: the plugin (public plugin events only): adds the pages, hands their HTML
  in, and reports on each page written (CSP audit, the keys each fact sheet carries).
* ``shells``: the theme rendered once per kind of page with placeholders, filled in per
  page, and trusted only after it gave the theme's own output.
* ``privates``: every use of MkDocs internals, each listed with why and the version it was
  checked against.

MkDocs 1.x and Material are in maintenance; ProperDocs and Zensical read the same
mkdocs.yml. Moving to one of them means replacing ``build`` and ``privates`` and checking
that the plugin events ``plugin`` uses still exist; ``shells`` only needs a Jinja
environment and the theme's main template.
"""
