"""`newsbot analyze`: the JSON interface of DESIGN.md, readable output, and per-source errors."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from bot.cli import main

ARTICLE = (
    "Council votes to close the harbour bridge\n"
    "Mayor Jane Holloway said on Tuesday that the harbour bridge would close for repairs.\n"
    "“We cannot wait any longer,” Holloway said. “The cables are worn out.”\n"
    "The Port Authority said the closure would cost shippers money.\n"
)

PAGE = f"""<html lang="en"><head><title>Bridge to close</title>
<link rel="canonical" href="https://news.example.com/bridge?utm_source=x"></head>
<body><article><h1>Bridge to close</h1>
{"".join(f"<p>{line}</p>" for line in ARTICLE.splitlines()[1:] * 3)}
</article></body></html>"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["analyze", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_has_every_field_and_quote_offsets_index_the_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "bridge.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    code, out, _ = run(capsys, "--json", str(src))
    assert code == 0
    obj = json.loads(out)
    assert set(obj) == {
        "source", "url", "title", "site", "authors", "published", "language", "page_kind",
        "not_article_reason", "text", "actors", "quotes", "error",
    }  # fmt: skip
    assert obj["text"] == ARTICLE  # a .txt body is kept verbatim
    assert (obj["language"], obj["page_kind"], obj["not_article_reason"]) == ("en", "article", None)
    assert obj["title"] == "Council votes to close the harbour bridge"
    assert obj["error"] is None
    names = [a["name"] for a in obj["actors"]]
    assert "Jane Holloway" in names
    assert all(a["kind"] in {"person", "organization", "place", "group"} for a in obj["actors"])
    direct = [q for q in obj["quotes"] if q["kind"] == "direct"]
    assert direct, obj["quotes"]
    for q in obj["quotes"]:
        assert obj["text"][q["start"] : q["end"]] == q["text"]
    assert {q["speaker"] for q in direct} == {"Jane Holloway"}


def test_a_failing_source_reports_its_error_and_the_others_go_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "bridge.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    code, out, err = run(capsys, "--jsonl", str(tmp_path / "missing.txt"), str(good))
    assert code == 1
    first, second = (json.loads(line) for line in out.splitlines())
    assert "no such file" in first["error"]
    assert first["actors"] == [] and first["quotes"] == []
    assert second["error"] is None and second["actors"]
    assert "missing.txt" in err


def test_gzipped_html_file_gives_title_canonical_url_and_body(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "bridge.html.gz"
    src.write_bytes(gzip.compress(PAGE.encode("utf-8")))
    code, out, _ = run(capsys, "--json", str(src))
    assert code == 0, out
    obj = json.loads(out)
    assert obj["url"] == "https://news.example.com/bridge"  # tracking parameter dropped
    assert obj["title"] == "Bridge to close"
    assert "harbour bridge" in obj["text"]


def test_readable_summary_names_title_actors_and_quotes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "bridge.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    code, out, _ = run(capsys, str(src))
    assert code == 0
    assert "Council votes to close the harbour bridge" in out
    assert "Jane Holloway (person" in out
    assert "We cannot wait any longer" in out


def test_unsupported_file_type_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "report.pdf"
    src.write_bytes(b"%PDF-1.4")
    code, out, _ = run(capsys, "--json", str(src))
    assert code == 1
    assert "expected an http(s) URL" in json.loads(out)["error"]


def test_explain_says_which_rules_made_each_quote_and_its_speaker(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--explain: each quote names the rule that found it, its cue and its speaker, and how the
    speaker as written became the one shown; without the flag the JSON has no explain key."""
    src = tmp_path / "bridge.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    code, out, _ = run(capsys, "--jsonl", "--explain", str(src))
    assert code == 0
    quotes = json.loads(out)["quotes"]
    why = {q["text"]: q["explain"] for q in quotes}
    assert why["We cannot wait any longer,"] == {
        "quote": "sentence_opening_a_clause",
        "cue": "trailing_verb_after_quote",
        "speaker": "parsed_subject",
        "resolution": "actor_mention",
        "speaker_as_written": "Holloway",
    }
    # The second sentence has no cue of its own: it continues the speaker before it.
    assert why["The cables are worn out."]["cue"] == "carried_from_previous"
    reported = why["the closure would cost shippers money"]
    assert (reported["quote"], reported["speaker_as_written"]) == (
        "reported_clause",
        "The Port Authority",
    )

    code, out, _ = run(capsys, "--jsonl", str(src))
    assert all("explain" not in q for q in json.loads(out)["quotes"])


def test_explain_says_which_rule_chose_each_actors_kind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--explain: each actor names the rule that chose its kind and the rules that gave its
    mentions theirs, in JSON and beside the actor in the readable summary; without the flag
    the actors have no explain key."""
    src = tmp_path / "bridge.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    code, out, _ = run(capsys, "--jsonl", "--explain", str(src))
    assert code == 0
    actors = {a["name"]: a for a in json.loads(out)["actors"]}
    why = actors["Jane Holloway"]["explain"]
    assert why["kind"] == "full_name_tagged_person"
    votes = {(m["kind"], m["by"]): m["count"] for m in why["mentions"]}
    assert votes.get(("person", "ner_label:PERSON"), 0) >= 1, why
    assert sum(votes.values()) == actors["Jane Holloway"]["mentions"]
    assert all(a["explain"]["kind"] for a in actors.values())

    code, out, _ = run(capsys, "--jsonl", str(src))
    assert all("explain" not in a for a in json.loads(out)["actors"])

    code, out, _ = run(capsys, "--explain", str(src))
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if "- Jane Holloway (person" in line)
    said = lines[at + 1].strip()
    assert said.startswith("why: kind by full_name_tagged_person; mentions person by ner_label:")


def test_readable_explain_prints_the_rules_beside_each_quote(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "bridge.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    code, out, _ = run(capsys, "--explain", str(src))
    assert code == 0
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if "We cannot wait any longer" in line)
    assert lines[at + 1].strip() == (
        "why: quote by sentence_opening_a_clause; cue said by trailing_verb_after_quote; "
        "speaker “Holloway” by parsed_subject, shown as Jane Holloway (person) by actor_mention"
    )
    _, plain, _ = run(capsys, str(src))
    assert "why:" not in plain
