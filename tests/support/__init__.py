"""Helpers the tests share, one module a theme; fixtures stay in tests/conftest.py.

Tests import them by name (`from support.cases import CASES_DIR`): tests/ is on pytest's
`pythonpath`, so no test imports conftest or another test module."""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
STANDARDS = REPO_ROOT / "standards"
