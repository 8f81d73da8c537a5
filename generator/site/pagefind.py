"""Index the built site with the Pagefind binary that the pagefind-bin wheel ships."""

from __future__ import annotations

import subprocess
from pathlib import Path

from pagefind_bin import get_executable

SEARCH_LANGUAGE = "en"  # one index for the whole site: listings in many languages, one UI


class PagefindError(RuntimeError):
    pass


def index_site(site_dir: Path) -> None:
    command = [
        str(get_executable()),
        "--site",
        str(site_dir),
        "--output-subdir",
        "pagefind",
        "--force-language",
        SEARCH_LANGUAGE,
        "--silent",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise PagefindError((result.stderr or result.stdout).strip() or "pagefind failed")
