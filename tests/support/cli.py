"""The credir CLI as users run it: a subprocess, with a pinned date, and real site builds."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from support import REPO_ROOT
from support.cases import CASES_TODAY
from support.git import _GIT_ENV


def run_cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m generator ARGS` as a user runs it, on CASES_TODAY (see `credir`)."""
    return credir(*args, cwd=cwd, today=CASES_TODAY)


PINNED_TODAY = "2026-11-23"  # stale badges depend on the date; builds in tests pin it


def build_env(**extra: str) -> dict[str, str]:
    pinned = {"CREDIR_TODAY": PINNED_TODAY, "SOURCE_DATE_EPOCH": "1700000000"}
    return {**os.environ, **pinned, **extra}


def build_site_cli(root: Path, out: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`credir build` exactly as a maintainer runs it (``env``: variables to set)."""
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--root", str(root), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env=build_env(**env),
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def site_root(destination: Path, credentials: Path) -> Path:
    """A directory repository for ``credentials``: the project's site settings beside it."""
    destination.mkdir(parents=True, exist_ok=True)
    shutil.copytree(credentials, destination / "credentials", symlinks=True)
    for name in ("mkdocs.yml", "site_overrides", "schema"):
        source = REPO_ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name)
        else:
            shutil.copyfile(source, destination / name)
    return destination


REVIEW_TODAY = "2026-06-01"  # the minimal case's review_by (2027-09-30) lies ahead of it


def credir(
    *args: str | Path,
    cwd: Path | None = None,
    stdin: str | None = None,
    today: str = REVIEW_TODAY,
) -> subprocess.CompletedProcess[str]:
    """`python -m generator ARGS` with stdin and CREDIR_TODAY; a traceback always fails."""
    result = subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)],
        cwd=cwd or REPO_ROOT,
        env={**os.environ, **_GIT_ENV, "CREDIR_TODAY": today, "PYTHONPATH": str(REPO_ROOT)},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert "Traceback" not in result.stdout, result.stdout
    return result
