"""Execution strategies: the same work as the serial functions, split across processes."""
