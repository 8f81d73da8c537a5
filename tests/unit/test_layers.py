"""The package reads as its pipeline: every import goes down the stages, never up or around.

Each stage is a folder of generator/ (or one module: directory.py, urls.py, cli.py), listed
here from the bottom up. A module may import its own stage and the stages below it; an
import inside a function counts too, so a deferred import cannot hide a cycle. The README's
"How it works" table names the same stages, one row each, in the same order.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from support import REPO_ROOT

PACKAGE = REPO_ROOT / "generator"

# Bottom up: a stage may import only the stages before it (and itself).
STAGES = [
    "parallel",  # how work is split across forked processes (knows no credential)
    "format",  # the models, patterns, limits, vocabularies, JSON Schema
    "directory",  # the typed Directory (the model a sound check builds)
    "check",  # discover, YAML with positions, validate, cross-check, report
    "urls",  # every page and export path
    "export",  # open data formats
    "render",  # HTML pages, their schema.org JSON-LD, search records
    "importers",  # OB3 / CTDL / ELM documents to credential files
    "site",  # MkDocs, Pagefind, atomic publish, serve
    "review",  # pull-request reports, ownership, stale, links
    "authoring",  # credir new, the template, the contributor guide
    "cli",  # the commands
]
# Not stages: the package's own start-up (an environment default) and `python -m generator`.
ENTRY_POINTS = {"__init__", "__main__"}


def imported_modules(path: Path, package: str) -> set[str]:
    """Every generator module ``path`` (in dotted ``package``) imports, anywhere in it."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            found |= {base} | {f"{base}.{alias.name}" for alias in node.names}
    return {name for name in found if name.split(".")[0] == "generator"}


def stage_of(module: str) -> str | None:
    """The stage of a dotted module name (``generator.check.load`` -> ``check``)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def upward_imports(package_dir: Path) -> list[str]:
    """Imports from a stage to a later one, under ``package_dir`` (a `generator/` folder)."""
    upward = []
    for path in sorted(package_dir.rglob("*.py")):
        dotted = ".".join(path.relative_to(package_dir.parent).with_suffix("").parts)
        own = stage_of(dotted)
        if own in ENTRY_POINTS or own not in STAGES:
            continue
        for name in imported_modules(path, dotted.rsplit(".", 1)[0]):
            target = stage_of(name)
            if target in STAGES and STAGES.index(target) > STAGES.index(own):
                upward.append(f"{dotted} ({own}) imports {name} ({target})")
    return sorted(upward)


def test_every_module_belongs_to_a_stage() -> None:
    strays = [
        str(path.relative_to(REPO_ROOT))
        for path in PACKAGE.rglob("*.py")
        if path.relative_to(PACKAGE).with_suffix("").parts[0] not in {*STAGES, *ENTRY_POINTS}
    ]
    assert not strays, f"modules outside the stages (add a stage or move them): {strays}"


def test_imports_go_down_the_stages() -> None:
    upward = upward_imports(PACKAGE)
    assert not upward, "imports up the pipeline:\n" + "\n".join(upward)


def test_a_deferred_upward_import_is_seen(tmp_path: Path) -> None:
    """The check can fail: an import inside a function, from format/ up to site/, is found."""
    fake = tmp_path / "generator"
    (fake / "format").mkdir(parents=True)
    (fake / "format" / "models.py").write_text(
        "from generator.format import patterns\n\n\ndef f():\n    from ..site import build\n",
        encoding="utf-8",
    )
    assert upward_imports(fake) == [
        "generator.format.models (format) imports generator.site (site)",
        "generator.format.models (format) imports generator.site.build (site)",
    ]


def test_the_readme_table_names_the_stages_in_order() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How it works", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| [^|]+ \| `([\w./]+)` \|", section, flags=re.MULTILINE)
    named = [row.removeprefix("generator/").rstrip("/").removesuffix(".py") for row in rows]
    assert named == STAGES, f"README 'How it works' names {named}, the package has {STAGES}"
