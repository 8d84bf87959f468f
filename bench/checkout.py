"""A revision of this repository checked out beside it, for benchmarks that compare revisions."""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()


@contextmanager
def checked_out(commit: str) -> Iterator[Path]:
    """A temporary detached worktree of `commit`, removed afterwards; run its code with the
    directory first on sys.path (this virtualenv installs ROOT's `bot` in editable mode)."""
    with tempfile.TemporaryDirectory() as tmp:
        checkout = Path(tmp) / "checkout"
        git("worktree", "add", "--detach", str(checkout), commit)
        try:
            yield checkout
        finally:
            git("worktree", "remove", "--force", str(checkout))
