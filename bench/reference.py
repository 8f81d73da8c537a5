"""The references the benchmark compares credir with, run on the same files in the same run.

* the bare parse: PyYAML's C loader reads every YAML file of the directory, nothing more;
* the bare tools: MkDocs Material builds one plain Markdown page per credential (kept out
  of the nav, as credir's pages are), then the Pagefind CLI indexes the built site.

The plain pages carry each credential's own text (title, summary, learning outcomes and
description), so both sides index the same words.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import yaml

# The same theme settings as the project's mkdocs.yml, minus credir's own overrides: the
# reference is what MkDocs Material and Pagefind cost on their own.
_MKDOCS_YML = """\
site_name: reference
site_url: https://reference.example/
theme:
  name: material
  language: en
  font: false
  features:
    - navigation.tabs
    - navigation.top
plugins: []
nav:
  - Home: index.md
validation:
  nav:
    omitted_files: ignore
  links:
    not_found: warn
"""

BARE_PARSE = """\
import sys, yaml
from pathlib import Path
for path in sorted(Path(sys.argv[1]).glob("credentials/*/*.yaml")):
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
"""


def bare_parse_command(root: Path) -> list[str]:
    """A Python process that parses every YAML file of ``root`` with the C loader."""
    return [sys.executable, "-c", BARE_PARSE, str(root)]


def plain_site(root: Path, out: Path) -> int:
    """Write ``out``/mkdocs.yml and ``out``/docs/: a home page and one Markdown page per
    credential of ``root``. Returns the number of credential pages."""
    if out.exists():
        shutil.rmtree(out)
    docs = out / "docs"
    docs.mkdir(parents=True)
    (out / "mkdocs.yml").write_text(_MKDOCS_YML, encoding="utf-8")
    (docs / "index.md").write_text("# Reference\n\nPlain pages.\n", encoding="utf-8")
    count = 0
    for path in sorted((root / "credentials").glob("*/*.yaml")):
        if path.name == "_provider.yaml":
            continue
        data = yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
        target = docs / "credentials" / path.parent.name / f"{path.stem}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_markdown(data), encoding="utf-8")
        count += 1
    return count


def _markdown(data: dict) -> str:
    lines = [f"# {data['title']}", "", data["summary"], "", "## Learning outcomes", ""]
    lines += [f"- {item}" for item in data["learning_outcomes"]]
    if data.get("description"):
        lines += ["", "## Description", "", data["description"].rstrip()]
    return "\n".join(lines) + "\n"


def mkdocs_command(site: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--quiet",
        "--config-file",
        str(site / "mkdocs.yml"),
        "--site-dir",
        str(site / "site"),
    ]


def pagefind_command(site: Path) -> list[str]:
    from pagefind_bin import get_executable

    return [str(get_executable()), "--site", str(site / "site"), "--silent"]
