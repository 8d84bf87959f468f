"""The sample articles newsbot ships: invented news pages served from the local newsroom's own
sample origin, so that the page can be tried with no internet at all."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

# The origin's host: a name under .localhost always means this machine (RFC 6761), and a host
# of its own keeps the samples apart from the page and the Web API on the same port.
SAMPLES_HOST = "samples.localhost"
_TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL | re.IGNORECASE)
_NAME = re.compile(r"[a-z0-9][a-z0-9-]*\.html")


@dataclass(frozen=True, slots=True)
class Sample:
    name: str  # the file name, which is also the URL path
    title: str

    def url(self, origin: str) -> str:
        return f"{origin}/{self.name}"


def _folder() -> resources.abc.Traversable:
    return resources.files("bot.localslack") / "samples"


@cache
def samples() -> tuple[Sample, ...]:
    """Every shipped sample, by file name."""
    found = []
    for entry in _folder().iterdir():
        if _NAME.fullmatch(entry.name):
            title = _TITLE.search(entry.read_text(encoding="utf-8"))
            name = html.unescape(title.group(1)).strip() if title else entry.name
            found.append(Sample(entry.name, name))
    return tuple(sorted(found, key=lambda s: s.name))


def sample_page(path: str) -> bytes | None:
    """The page at `path` ("/name.html"), or None when no sample has that name."""
    name = path.lstrip("/")
    if not any(s.name == name for s in samples()):
        return None
    return (_folder() / name).read_bytes()
