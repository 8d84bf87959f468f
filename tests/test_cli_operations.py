"""Running `newsbot` as a process: a database it cannot use is one sentence naming
NEWSBOT_DATABASE_URL, a missing file is reported once, a missing token is reported before
anything heavy is imported, and start-up logs say what a person needs and nothing else."""

from __future__ import annotations

import os
import select
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.fakeslack import VALID_BOT_TOKEN, FakeSlack
from tests.limits import PROCESS_START_LIMIT_S
from tests.slack_harness import SIGNING_SECRET

ARTICLE = 'Jane Holloway, the council leader, said "We cannot wait any longer for the repairs."\n'


def newsbot(
    cwd: Path, *argv: str, timeout: float = 240, **env: str
) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "NEWSBOT_"))}
    return subprocess.run(
        [sys.executable, "-m", "bot", *argv],
        env={**environ, **env},
        cwd=cwd,  # no developer .env
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def assert_one_sentence(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "NEWSBOT_DATABASE_URL=" in lines[0]
    for needle in needles:
        assert needle in lines[0]


@pytest.mark.parametrize(
    "argv",
    [("quotes", "Jane Holloway"), ("db", "upgrade")],
)
def test_a_database_in_a_missing_directory_is_one_sentence(tmp_path: Path, argv) -> None:
    url = f"sqlite:///{tmp_path / 'no-such-dir' / 'newsbot.db'}"
    result = newsbot(tmp_path, *argv, NEWSBOT_DATABASE_URL=url)
    assert_one_sentence(result, url, "unable to open database file", "directory exists")


def test_an_unreachable_postgres_is_one_sentence_without_its_password(tmp_path: Path) -> None:
    url = f"postgresql+psycopg://newsbot:s3cret@127.0.0.1:{closed_port()}/newsbot"
    result = newsbot(tmp_path, "actor", "Jane Holloway", NEWSBOT_DATABASE_URL=url)
    assert_one_sentence(result, "Connection refused", "server is running")
    assert "s3cret" not in result.stderr


def test_ingest_into_a_read_only_database_is_one_sentence(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    upgraded = newsbot(tmp_path, "db", "upgrade", NEWSBOT_DATABASE_URL=f"sqlite:///{db}")
    assert upgraded.returncode == 0
    (tmp_path / "story.txt").write_text(ARTICLE, encoding="utf-8")
    # Opened read-only by SQLite itself: the test may run as root, whom file modes do not stop.
    url = f"sqlite:///file:{db}?mode=ro&uri=true"
    result = newsbot(tmp_path, "ingest", "-q", "story.txt", NEWSBOT_DATABASE_URL=url)
    assert_one_sentence(result, "attempt to write a readonly database")


def test_a_url_that_is_not_a_database_is_one_sentence(tmp_path: Path) -> None:
    for url in ("newsbot.db", "mysql://user@host/newsbot"):
        result = newsbot(tmp_path, "actors", NEWSBOT_DATABASE_URL=url)
        assert_one_sentence(result, "sqlite:///PATH or postgresql+psycopg://")


def test_run_with_an_unusable_database_is_one_sentence(tmp_path: Path) -> None:
    with FakeSlack() as slack:
        result = newsbot(
            tmp_path,
            "run",
            "--http",
            "--port",
            str(closed_port()),
            SLACK_BOT_TOKEN=VALID_BOT_TOKEN,
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_API_URL=slack.api_url,
            NEWSBOT_DATABASE_URL=f"sqlite:///{tmp_path / 'no-such-dir' / 'newsbot.db'}",
        )
    assert_one_sentence(result, "unable to open database file")


def test_analyze_a_missing_file_says_so_once(tmp_path: Path) -> None:
    result = newsbot(tmp_path, "analyze", "nofile.html")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == "nofile.html: no such file\n"


def test_a_missing_bot_token_is_reported_before_bolt_the_store_or_the_model_load(
    tmp_path: Path,
) -> None:
    script = (
        "import sys\n"
        "from bot.cli import main\n"
        "code = main(['run', '--http'])\n"
        "heavy = ('slack_bolt', 'sqlalchemy', 'spacy', 'alembic', 'handlers')\n"
        "print(' '.join(m for m in heavy if m in sys.modules))\n"
        "sys.exit(code)\n"
    )
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "NEWSBOT_"))}
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={**environ, "SLACK_SIGNING_SECRET": SIGNING_SECRET},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "SLACK_BOT_TOKEN is not set" in result.stderr
    assert result.stdout.strip() == ""  # none of the heavy modules was imported


def test_start_up_log_says_where_it_listens_and_that_the_model_loaded_and_no_more(
    tmp_path: Path,
) -> None:
    port = closed_port()
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "NEWSBOT_"))}
    with FakeSlack() as slack:
        env = {
            **environ,
            "SLACK_BOT_TOKEN": VALID_BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": slack.api_url,
            "NEWSBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'run.db'}",
        }
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "run", "--http", "--port", str(port)],
            env=env,
            cwd=tmp_path,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert proc.stderr is not None
        lines: list[str] = []
        try:
            deadline = time.monotonic() + PROCESS_START_LIMIT_S
            while not (
                any("listening on" in line for line in lines)
                and any("loaded spaCy model" in line for line in lines)
            ):
                assert time.monotonic() < deadline, "".join(lines)
                assert proc.poll() is None, "".join(lines) + proc.stderr.read()
                if select.select([proc.stderr], [], [], 1)[0]:
                    lines.append(proc.stderr.readline())
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(60) == 0
            lines += proc.stderr.read().splitlines(keepends=True)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    log = "".join(lines)
    assert f"listening on http://0.0.0.0:{port}/slack/events" in log
    assert log.count("loaded spaCy model") == 1  # not once per pipeline copy
    assert "alembic" not in log  # its plugin and migration-context lines
    assert "`client`" not in log  # Bolt's warning that it will not use SLACK_BOT_TOKEN
    assert "apscheduler" not in log
    assert "WARNING" not in log and "ERROR" not in log
