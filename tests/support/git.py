"""Real git repositories in a temporary folder, for `changes` and `check-ownership`."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

REPO_MAINTAINER = "root-maintainer"


# Git must not read the machine's or the user's settings (signing, hooks, default branch).
_GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Test Author",
    "GIT_AUTHOR_EMAIL": "author@example.org",
    "GIT_COMMITTER_NAME": "Test Author",
    "GIT_COMMITTER_EMAIL": "author@example.org",
}


class GitRepo:
    """A real repository in a temporary folder, committed to with the git command."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "--quiet", "--initial-branch=main")

    def git(self, *args: str) -> str:
        result = subprocess.run(
            ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
            cwd=self.root,
            env={**os.environ, **_GIT_ENV},
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        return result.stdout.strip()

    def write(self, files: dict[str, str | None]) -> None:
        """Write (or, for None, delete) files relative to the repository."""
        for relpath, content in files.items():
            target = self.root / relpath
            if content is None:
                target.unlink()
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(content, encoding="utf-8")

    def commit(self, message: str, files: dict[str, str | None] | None = None) -> str:
        if files:
            self.write(files)
        self.git("add", "--all")
        self.git("commit", "--quiet", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD")

    def branch(self, name: str) -> None:
        self.git("checkout", "--quiet", "-b", name)

    def checkout(self, name: str) -> None:
        self.git("checkout", "--quiet", name)

    def read(self, relpath: str) -> str:
        return (self.root / relpath).read_text(encoding="utf-8")


def maintainers_yml(*handles: str, repository: str = "example-org/credir") -> str:
    listed = "".join(f"  - {handle}\n" for handle in handles)
    return f"repository: {repository}\nmaintainers:\n{listed}"
