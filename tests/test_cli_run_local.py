"""`newsbot run` without Slack tokens starts the local newsroom: one line with the page's
address, nothing listening beyond 127.0.0.1 unless asked, the local archive in its own file;
with tokens set (or --http) it is the Slack app as before."""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
from pathlib import Path

import httpx
import pytest

from bot.cli_run import cmd_run, register, wants_local
from bot.localslack.newsroom import LocalNewsroom
from bot.settings import Settings
from tests.localslack.process import free_port, start_newsroom, stop_newsroom

ROOT = Path(__file__).resolve().parents[1]
NO_SLACK = {"SLACK_BOT_TOKEN": None, "SLACK_APP_TOKEN": None, "SLACK_SIGNING_SECRET": None}


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))
    return parser.parse_args(["run", *argv])


def settings(**values: str | None) -> Settings:
    return Settings(_env_file=None, **{**NO_SLACK, **values})  # type: ignore[call-arg]


def test_the_local_newsroom_is_chosen_only_without_any_slack_token() -> None:
    assert wants_local(parse(), settings())
    assert wants_local(parse("--local"), settings(SLACK_BOT_TOKEN="xoxb-1", SLACK_APP_TOKEN="x"))
    for variable in NO_SLACK:
        assert not wants_local(parse(), settings(**{variable: "set"}))
    assert not wants_local(parse("--http"), settings())  # asked for Slack's HTTP mode
    with pytest.raises(SystemExit):
        parse("--http", "--local")


def test_a_busy_port_is_named_before_anything_loads(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert cmd_run(parse("--port", str(port)), settings()) == 2
    err = capsys.readouterr().err
    assert f"cannot listen on 127.0.0.1:{port}" in err and "--port" in err


def test_a_page_opened_to_other_machines_says_so() -> None:
    room = LocalNewsroom("0.0.0.0", 0)
    try:
        state = httpx.get(f"http://127.0.0.1:{room.server.port}/local/state").json()
        assert state["open_host"] is True
        assert room.url == f"http://0.0.0.0:{room.server.port}"
    finally:
        room.close()


def listening_addresses(pid: int) -> list[str]:
    """The local addresses of every TCP socket the process listens on (Linux /proc)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = []
    for table in ("tcp", "tcp6"):
        for line in Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in inodes:  # 0A: LISTEN
                address, port = fields[1].split(":")
                if table == "tcp":
                    shown = socket.inet_ntop(socket.AF_INET, bytes.fromhex(address)[::-1])
                else:
                    shown = address
                found.append(f"{shown}:{int(port, 16)}")
    return found


@pytest.mark.skipif(not Path("/proc/self/net/tcp").exists(), reason="needs Linux /proc")
def test_run_without_tokens_prints_one_line_and_listens_on_loopback_only(tmp_path: Path) -> None:
    port = free_port()
    proc, line, _ = start_newsroom(tmp_path, port)
    try:
        assert line == f"open http://127.0.0.1:{port}\n"
        page = httpx.get(f"http://127.0.0.1:{port}/", timeout=10)
        assert page.status_code == 200 and "local newsroom" in page.text
        addresses = listening_addresses(proc.pid)
        assert f"127.0.0.1:{port}" in addresses and len(addresses) == 2  # the page, the app
        assert all(a.startswith("127.0.0.1:") for a in addresses), addresses
        assert (tmp_path / "newsbot-local.db").exists() and not (tmp_path / "newsbot.db").exists()
    finally:
        out, err = stop_newsroom(proc)
    assert proc.returncode == 0
    assert out == "" and err == "", (out, err)  # the one line was all it said


def venv_is_installed() -> bool:
    """`make run` would start newsbot at once, not install anything first."""
    if shutil.which("make") is None or not (ROOT / ".venv/bin/newsbot").exists():
        return False
    stamp = subprocess.run(["make", "-q", ".venv/.installed-stamp"], cwd=ROOT, env=make_env())
    return stamp.returncode == 0


def make_env() -> dict[str, str]:
    """A person's shell: no Slack variables, and not inside another make."""
    drop = ("SLACK_", "NEWSBOT_", "MAKE", "MFLAGS")
    return {k: v for k, v in os.environ.items() if not k.startswith(drop)}


@pytest.mark.skipif(not venv_is_installed(), reason="needs make and an installed .venv")
def test_make_run_without_tokens_prints_only_the_address(tmp_path: Path) -> None:
    port = free_port()
    env = {**make_env(), "PORT": str(port)}
    env["NEWSBOT_DATABASE_URL"] = f"sqlite:///{tmp_path / 'local.db'}"  # not the checkout's
    proc = subprocess.Popen(
        ["make", "run"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # Ctrl-C below reaches make and newsbot, as in a terminal
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert httpx.get(f"http://127.0.0.1:{port}/", timeout=10).status_code == 200
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            out, err = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
    assert line + out == f"open http://127.0.0.1:{port}\n", (line, out, err)
    assert "Traceback" not in err, err
