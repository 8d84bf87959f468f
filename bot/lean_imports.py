"""Third-party packages imported without the parts of them newsbot never runs.

Each part below is imported by its package's own `__init__` and stays resident for the life of
the process (bench/memory.py, 2026-12-03: the imports 146.6 -> 128.7 MB, 1,842 -> 1,444
modules):
- spaCy's command line (`from .cli.info import info` loads every command: typer, click, weasel,
  jinja2, requests; 7.9 MB): while spaCy initialises, `spacy.cli` is a bare package, so its
  commands can still be imported one by one, and `spacy.cli.info` a stand-in whose `info`
  says where the real one is.
- httpx's command line (`httpx._main`: rich, pygments, click; 4.6 MB): httpx treats it as not
  installed, as it does when the `cli` extra is missing.
- trio for httpcore (5.0 MB): httpcore imports it when installed, for async code newsbot does not
  run (the dev extras' selenium brings it here; a production install has none).
- snowballstemmer's 32 languages besides English (4.4 MB): `english_stemmer` loads the one the
  search terms use.
A part is left out only while the package that imports it is being imported, so a later
`import trio` (a browser test's selenium) gets the real package.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

_SPACY_CLI = "spaCy's command line is left out of newsbot's process (bot/lean_imports.py)"


def _spacy_info(*_args: object, **_kwargs: object) -> None:
    raise RuntimeError(f"{_SPACY_CLI}: run `python -m spacy info` instead")


def _bare_package(name: str) -> ModuleType:
    """The package without its `__init__` run: its submodules import from their own files."""
    parent, _, _ = name.rpartition(".")
    path = sys.modules[parent].__path__ if parent else None
    spec = importlib.machinery.PathFinder.find_spec(name, path)  # not this module's finder
    assert spec is not None and spec.submodule_search_locations is not None, name
    return importlib.util.module_from_spec(spec)


def _spacy_info_module(name: str) -> ModuleType:
    module = ModuleType(name, _SPACY_CLI)
    module.info = _spacy_info  # type: ignore[attr-defined]
    return module


# module -> (the package whose import brings it, what it is then: None for "not installed")
_LEFT_OUT: dict[str, tuple[str, Callable[[str], ModuleType] | None]] = {
    "spacy.cli": ("spacy", _bare_package),
    "spacy.cli.info": ("spacy", _spacy_info_module),
    "httpx._main": ("httpx", None),
    "trio": ("httpcore", None),
}


def _initialising(package: str) -> bool:
    module = sys.modules.get(package)
    return bool(getattr(getattr(module, "__spec__", None), "_initializing", False))


class _Given(importlib.abc.Loader):
    """Loads a module already made."""

    def __init__(self, module: ModuleType) -> None:
        self.module = module

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        return self.module

    def exec_module(self, module: ModuleType) -> None:
        pass


class _LeaveOut(importlib.abc.MetaPathFinder):
    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        rule = _LEFT_OUT.get(fullname)
        if rule is None or not _initialising(rule[0]):
            return None
        make = rule[1]
        if make is None:
            raise ModuleNotFoundError(f"{fullname} is left out of newsbot", name=fullname)
        module = make(fullname)
        # A bare package keeps its own spec, with the directory its submodules come from.
        spec = module.__spec__ or importlib.util.spec_from_loader(fullname, None)
        assert spec is not None
        spec.loader = _Given(module)
        return spec


def install() -> None:
    """Leave the parts out of every later import (once per process)."""
    if not any(isinstance(finder, _LeaveOut) for finder in sys.meta_path):
        sys.meta_path.insert(0, _LeaveOut())


def english_stemmer() -> Any:
    """snowballstemmer's English stemmer, without the package's other languages unless
    something else has imported them."""
    if "snowballstemmer" in sys.modules:
        return sys.modules["snowballstemmer"].stemmer("english")
    sys.modules["snowballstemmer"] = _bare_package("snowballstemmer")
    try:
        english = importlib.import_module("snowballstemmer.english_stemmer")
    finally:  # a later `import snowballstemmer` runs its __init__, reusing these submodules
        del sys.modules["snowballstemmer"]
    return english.EnglishStemmer()
