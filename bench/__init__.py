"""Benchmarks for issue #6: a synthetic directory generator and the benchmark runner."""
