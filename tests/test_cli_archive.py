"""bot/cli_archive.py: the archive's commands, end to end through `newsbot` main()."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli import main
from bot.store import queries as q
from bot.store.db import make_engine, session_factory, upgrade
from tests.fakeslack import VALID_BOT_TOKEN, FakeSlack, dm_channel
from tests.store.factories import OUTSIDER, actor, analysis, article, quote

STORY = (
    "Jane Doe, the mayor of Springfield, opened the new bridge on Monday. "
    '"We will keep building until every neighbourhood is connected," Jane Doe said. '
    "The bridge cost twelve million dollars and took three years to finish. "
    "Residents lined the river banks to watch the opening, and local schools closed early. "
    "Engineers said the structure was designed to last a century."
)


@pytest.fixture
def archive_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """NEWSBOT_DATABASE_URL pointing at an archive holding two stories."""
    url = f"sqlite:///{tmp_path / 'archive.db'}"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSBOT_DATABASE_URL", url)
    engine = make_engine(url)
    upgrade(engine)
    with session_factory(engine)() as session:
        for n, who, words in (
            (1, "Ada Lovelace", "The engine weaves algebra"),
            (2, "Ada Lovelace", "Imagination is the discovering faculty"),
        ):
            q.store_analysis(
                session=session,
                article=article(
                    f"https://ex.com/{n}", title=f"Story {n}", published=f"2024-05-0{n}"
                ),
                analysis=analysis([actor(who, role="mathematician")], [quote(words, who)]),
                fetched_at=datetime(2024, 5, n, tzinfo=UTC),  # first seen in the newsroom
            )
    engine.dispose()
    return url


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, object]:
    code = main([*argv, "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_quotes_of_an_actor_as_text_and_json(
    archive_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["quotes", "ada lovelace"]) == 0
    text = capsys.readouterr().out
    assert text.index("Imagination") < text.index("algebra")  # newest first
    code, result = run_json(capsys, "quotes", "Lovelace", "--limit", "1")
    assert code == 0
    assert isinstance(result, dict)
    assert [x["text"] for x in result["quotes"]] == ["Imagination is the discovering faculty"]


def test_unknown_name_suggests_known_ones(
    archive_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["quotes", "Ada Lovelase"]) == 1
    assert "Did you mean: Ada Lovelace?" in capsys.readouterr().out
    code, result = run_json(capsys, "actor", "Ada Lovelase")
    assert code == 1 and isinstance(result, dict) and result["suggestions"] == ["Ada Lovelace"]


def test_actor_profile_and_top_actors(archive_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["actor", "Ada Lovelace"]) == 0
    out = capsys.readouterr().out
    assert "mathematician" in out and "in 2 articles, 2 quotes" in out
    code, top = run_json(capsys, "actors")
    assert code == 0 and isinstance(top, dict)
    assert top["by_articles"][0] == {"id": 1, "name": "Ada Lovelace", "kind": "person", "count": 2}
    assert main(["actors", "--days", "1"]) == 0  # the stories were seen in 2024
    assert "nobody yet" in capsys.readouterr().out


def test_search_words(archive_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, found = run_json(capsys, "search", "weaving", "engines")
    assert code == 0 and isinstance(found, dict)
    assert [x["speaker"] for x in found["quotes"]] == ["Ada Lovelace"]
    assert main(["search", "nothing", "like", "this"]) == 0
    assert ": 0" in capsys.readouterr().out


def test_db_upgrade_creates_then_finds_nothing_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NEWSBOT_DATABASE_URL", raising=False)
    assert main(["db", "upgrade"]) == 0
    assert "upgraded from nothing" in capsys.readouterr().out
    assert (tmp_path / "newsbot.db").is_file()
    code, result = run_json(capsys, "db", "upgrade")
    assert code == 0 and isinstance(result, dict) and result["from"] == result["to"]


def test_ingest_stores_many_sources_and_reports_failures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSBOT_DATABASE_URL", f"sqlite:///{tmp_path / 'ingest.db'}")
    story = tmp_path / "bridge.txt"
    story.write_text(STORY, encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text(STORY.replace("Jane Doe", "John Roe"), encoding="utf-8")
    code, results = run_json(
        capsys, "ingest", "-q", str(story), str(other), str(tmp_path / "missing.txt")
    )
    assert code == 1  # one source failed
    assert isinstance(results, list)
    stored = [r for r in results if r["error"] is None]
    assert len(stored) == 2 and all(r["quotes"] >= 1 for r in stored)
    assert "missing.txt" in results[2]["error"]
    code, again = run_json(capsys, "ingest", "-q", str(story))
    assert code == 0 and isinstance(again, list)
    assert again[0]["article_id"] == stored[0]["article_id"]  # the same text is one article
    code, quotes = run_json(capsys, "quotes", "Jane Doe")
    assert code == 0 and isinstance(quotes, dict)
    assert any("every neighbourhood" in x["text"] for x in quotes["quotes"])


def test_ingest_sends_follow_alerts_only_when_asked_and_once_per_article(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --alert ingest tells nobody (it loads old articles as often as new ones); with
    it a follower of a quoted actor gets one DM through Slack, and ingesting the article again
    sends nothing more. --alert without a bot token is refused before anything is read."""
    url = f"sqlite:///{tmp_path / 'alerts.db'}"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSBOT_DATABASE_URL", url)
    first, second = tmp_path / "bridge.txt", tmp_path / "tunnel.txt"
    first.write_text(STORY, encoding="utf-8")
    second.write_text(STORY.replace("bridge", "tunnel"), encoding="utf-8")
    assert main(["ingest", "-q", "--alert", str(first)]) == 2
    assert "SLACK_BOT_TOKEN is not set" in capsys.readouterr().err
    with FakeSlack() as slack:
        monkeypatch.setenv("SLACK_BOT_TOKEN", VALID_BOT_TOKEN)
        monkeypatch.setenv("SLACK_API_URL", slack.api_url)
        assert main(["ingest", "-q", str(first)]) == 0
        engine = make_engine(url)
        with session_factory(engine)() as session:
            follow = q.follow(session=session, user="UFAN000001", name="Jane Doe", viewer=OUTSIDER)
            assert follow.changed
        engine.dispose()
        assert main(["ingest", "-q", str(second)]) == 0  # no --alert: nobody told
        assert "follow alert" not in capsys.readouterr().out
        assert slack.calls_of("chat.postMessage") == []
        assert main(["ingest", "-q", "--alert", str(second)]) == 0
        assert "1 stored, 0 failed; 1 follow alert sent" in capsys.readouterr().out
        [dm] = slack.calls_of("chat.postMessage")
        assert dm.params["channel"] == dm_channel("UFAN000001")
        assert "every neighbourhood is connected" in json.dumps(dm.params["blocks"])
        code, again = run_json(capsys, "ingest", "-q", "--alert", str(second))
        assert code == 0 and isinstance(again, list) and again[0]["alerts"] == []
        assert len(slack.calls_of("chat.postMessage")) == 1


def test_actor_timeline_as_text_and_json(
    archive_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`actor NAME` adds the last 8 weeks (to today: the 2024 stories are older, so all
    zero), the outlets quoting them most, and the actors they appear with; --json the same."""
    assert main(["actor", "Ada Lovelace"]) == 0
    out = capsys.readouterr().out
    assert "articles: ▁▁▁▁▁▁▁▁  0 0 0 0 0 0 0 0  (0 articles)" in out
    assert "quoted most in: Example News (2 quotes)" in out
    code, result = run_json(capsys, "actor", "Ada Lovelace")
    assert code == 0 and isinstance(result, dict)
    timeline = result["timeline"]
    assert [w["mentions"] for w in timeline["weeks"]] == [0] * 8
    assert timeline["outlets"] == [{"outlet": "Example News", "quotes": 2}]
    assert timeline["appears_with"] == []
    code, result = run_json(capsys, "actor", "Ada Lovelase")
    assert code == 1 and isinstance(result, dict) and result["timeline"] is None


def test_quotes_and_search_say_where_a_quote_seen_in_several_articles_first_appeared(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same words in two stored articles: the later one's quote says where it was first
    seen, in text and in --json."""
    url = f"sqlite:///{tmp_path / 'prov.db'}"
    engine = make_engine(url)
    upgrade(engine)
    pledge = "We will rebuild every school in the valley before the winter comes"
    with session_factory(engine)() as session:
        for n, site in ((1, "Valley Post"), (2, "Wire")):
            item = (
                article(f"https://n{n}.example/s", site=site, title=f"Story {n}"),
                analysis([actor("Ada Lovelace")], [quote(pledge, "Ada Lovelace")]),
            )
            q.store_analyses(session=session, items=[item], public=True)
    engine.dispose()
    monkeypatch.setenv("NEWSBOT_DATABASE_URL", url)
    assert main(["quotes", "Ada Lovelace"]) == 0
    out = capsys.readouterr().out
    assert "first seen in this article" in out and "first seen in Valley Post" in out
    assert main(["search", "rebuild school", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)["quotes"]
    assert {q["first_seen"]["site"] for q in found} == {"Valley Post"}
    assert {q["first_seen"]["articles"] for q in found} == {2}


def test_said_finds_who_said_the_words_and_where_they_first_appeared(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`said WORDS`: the speaker, the article the words first appeared in and how many hold
    them, as text and --json; too few words or words nobody said are told apart."""
    url = f"sqlite:///{tmp_path / 'said.db'}"
    engine = make_engine(url)
    upgrade(engine)
    pledge = "We will rebuild every school in the valley before the winter comes"
    with session_factory(engine)() as session:
        for n, site, words in (
            (1, "Valley Post", pledge),
            (2, "Wire", pledge + " and not a day later"),  # grown at the end: the same quote
            (3, "Herald", "The valley needs schools, not promises"),
        ):
            item = (
                article(f"https://n{n}.example/s", site=site, title=f"Story {n}"),
                analysis([actor("Ada Lovelace")], [quote(words, "Ada Lovelace")]),
            )
            q.store_analyses(session=session, items=[item], public=True)
    engine.dispose()
    monkeypatch.setenv("NEWSBOT_DATABASE_URL", url)
    assert main(["said", "rebuild", "every", "school"]) == 0
    out = capsys.readouterr().out
    assert "Who said “rebuild every school”, earliest first: 1 speaker" in out
    assert "Ada Lovelace, seen saying it in 2 articles; first appeared:" in out
    assert "Story 1 <https://n1.example/s" in out and "Story 2" not in out
    code, result = run_json(capsys, "said", "rebuild every school in the valley")
    assert code == 0 and isinstance(result, dict)
    [found] = result["found"]
    assert found["speaker"] == "Ada Lovelace" and found["articles"] == 2
    assert found["first"]["site"] == "Valley Post" and found["first"]["text"] == pledge
    assert main(["said", "rebuild", "schools"]) == 2
    assert "at least 3 words" in capsys.readouterr().err
    assert main(["said", "nobody said these words"]) == 1
    assert "No quote in the archive holds the words" in capsys.readouterr().out
    code, result = run_json(capsys, "said", "nobody said these words")
    assert code == 1 and result == {
        "query": "nobody said these words",
        "problem": None,
        "found": [],
    }
