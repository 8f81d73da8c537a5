"""Execution strategies: the work of the serial functions, split across forked processes.

One mechanism, `forked.Forked` (os.fork and a pipe), and what uses it: loading the
credential files in parts (`parts.in_parts`, around generator.check.run.load_credentials),
and the build's data half beside its pages (generator.site.build). Each strategy must give
what the serial function gives; tests/unit/parallel/test_speedups.py compares them.
"""
