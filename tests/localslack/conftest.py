"""Where the browser test left its screenshots, said at the end of the run."""

from __future__ import annotations

import sys
from typing import Any


def pytest_terminal_summary(terminalreporter: Any) -> None:
    browser = sys.modules.get("tests.localslack.test_browser")
    written = getattr(browser, "WRITTEN", [])
    if written:
        terminalreporter.write_line(
            f"local newsroom screenshots ({len(written)}): {written[0].parent}"
        )
