"""Does a change alter what `newsbot analyze --jsonl` says? Compare two revisions on the corpora.

Usage: python bench/output_diff.py [--base REV] [--head REV] [--limit N] [--show K]

Runs `newsbot analyze --jsonl` of each revision (the working tree when --head is omitted) on
every PolNeAR training text and every article page in ../shared, then compares the two outputs
source by source and field by field. Prints how many sources differ, which fields, and the first
K differences in full; exits 1 when anything differs, so a restructuring that must not change
behaviour can be checked with one command (`make analyze-diff BASE=REV`).

A revision other than the working tree is checked out into a temporary worktree and run with
this virtualenv's interpreter, its own code first on sys.path. Outputs are cached under
/tmp/newsbot-output-diff by commit, so comparing several heads against one base analyses the
base once. Nothing from the corpora is written into the repository.
"""

from __future__ import annotations

import argparse
import difflib
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from checkout import checked_out, git

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CACHE = Path(tempfile.gettempdir()) / "newsbot-output-diff"
# Run the checkout's own `bot` package, not the one installed in editable mode from ROOT.
RUNNER = (
    "import sys; sys.path.insert(0, sys.argv.pop(1)); from bot.cli import main; sys.exit(main())"
)


def corpus_sources() -> list[str]:
    texts = sorted((SHARED / "corpus" / "polnear-train" / "text").glob("*.txt"))
    pages = sorted((SHARED / "corpus" / "article-html" / "html").glob("*.html.gz"))
    return [str(p) for p in (*texts, *pages)]


def analyse(code_dir: Path, sources: list[str], out: Path) -> None:
    """`newsbot analyze --jsonl` of the code in `code_dir` over `sources`, into `out`."""
    command = [sys.executable, "-c", RUNNER, str(code_dir), "analyze", "--jsonl", *sources]
    with out.open("w", encoding="utf-8") as f:
        subprocess.run(command, stdout=f, stderr=subprocess.DEVNULL, check=False)


def output_of(rev: str | None, sources: list[str]) -> Path:
    """The cached output of revision `rev` (None: the working tree, never cached)."""
    CACHE.mkdir(exist_ok=True)
    if rev is None:
        # One file per worktree: helpers comparing their own trees at once must not share it.
        out = CACHE / f"worktree-{ROOT.name}.jsonl"
        print(f"analysing the working tree ({len(sources)} sources)...", flush=True)
        analyse(ROOT, sources, out)
        return out
    commit = git("rev-parse", rev)
    out = CACHE / f"{commit}-{len(sources)}.jsonl"
    if out.exists():
        return out
    print(f"analysing {rev} ({commit[:10]}, {len(sources)} sources)...", flush=True)
    with checked_out(commit) as checkout:
        partial = out.with_suffix(".partial")
        analyse(checkout, sources, partial)
        partial.rename(out)
    return out


def read(path: Path) -> dict[str, dict]:
    rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line)
    return {row["source"]: row for row in rows}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="main", help="revision to compare against (main)")
    parser.add_argument("--head", default=None, help="revision to check (the working tree)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N sources")
    parser.add_argument("--show", type=int, default=5, help="differences printed in full")
    args = parser.parse_args()
    sources = corpus_sources()[: args.limit]
    if not sources:
        print(f"no corpora under {SHARED}: nothing to compare")
        return 0
    base = read(output_of(args.base, sources))
    head = read(output_of(args.head, sources))
    fields: Counter[str] = Counter()
    differing: list[tuple[str, str]] = []
    for source in sources:
        old, new = base.get(source, {}), head.get(source, {})
        changed = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
        for field in changed:
            fields[field] += 1
            differing.append((source, field))
    changed_sources = len({s for s, _ in differing})
    print(f"{len(sources)} sources, {changed_sources} with a different output")
    for field, n in fields.most_common():
        print(f"  {field}: {n} sources")
    for source, field in differing[: args.show]:
        old = json.dumps(base.get(source, {}).get(field), indent=1, ensure_ascii=False)
        new = json.dumps(head.get(source, {}).get(field), indent=1, ensure_ascii=False)
        print(f"\n--- {Path(source).name} [{field}]")
        diff = difflib.unified_diff(old.splitlines(), new.splitlines(), "base", "head", n=1)
        print("\n".join(list(diff)[:40]))
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
