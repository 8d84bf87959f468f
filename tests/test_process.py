"""bot.process: a claim names its process, and only a process of this host that has ended counts
as gone (its shares are then taken back at once rather than after the claim expiry)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

from bot.process import PROCESS_ID, is_dead_process


def test_this_process_is_named_by_host_and_pid_and_is_alive() -> None:
    assert f"{socket.gethostname()}:{os.getpid()}" == PROCESS_ID
    assert not is_dead_process(PROCESS_ID)


def test_an_ended_process_of_this_host_is_dead_and_a_running_one_is_not() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        assert not is_dead_process(f"{socket.gethostname()}:{child.pid}")
    finally:
        child.kill()
        child.wait()
    assert is_dead_process(f"{socket.gethostname()}:{child.pid}")


def test_processes_elsewhere_and_malformed_ids_are_never_declared_dead() -> None:
    assert not is_dead_process("another-host.example:1")
    assert not is_dead_process(f"{socket.gethostname()}:not-a-pid")
    assert not is_dead_process("")
