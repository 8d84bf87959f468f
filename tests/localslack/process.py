"""`newsbot run` with no Slack variables, as a process in a directory of its own: what a person
gets from `make run` on a fresh machine. Used by the browser test, the CLI test and the bench."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_newsroom(home: Path, port: int | None = None) -> tuple[subprocess.Popen[str], str, float]:
    """The process, the one line it prints when the page and the app are ready, and the seconds
    until it did."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "NEWSBOT_"))}
    env["PORT"] = str(port or free_port())
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        env=env,
        cwd=home,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - started
    if "open http" not in line:
        proc.kill()
        _, err = proc.communicate()
        raise RuntimeError(f"newsbot run did not start: {line!r} {err[-2000:]}")
    return proc, line, elapsed


def page_url(line: str) -> str:
    """The address in "open http://127.0.0.1:3000"."""
    return line.split("open ", 1)[1].split()[0]


def stop_newsroom(proc: subprocess.Popen[str]) -> tuple[str, str]:
    """SIGTERM, as a service manager stops it; what it printed after its first line."""
    proc.send_signal(signal.SIGTERM)
    try:
        return proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        return proc.communicate()
