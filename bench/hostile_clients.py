"""What hostile HTTP clients cost a real `newsbot run --http` process: memory, log and time.

Usage: python bench/hostile_clients.py [--big 4] [--big-mb 300] [--hanging 1000]

1. Oversized: `--big` unsigned POSTs announcing `--big-mb` MB each and streaming as much as the
   bot takes. Printed: the answer, the bot's RSS before and after, the log's growth.
2. Hanging: `--hanging` connections opened as fast as possible (a third idle, a third with half
   their headers, a third with half their body), then one signed Slack event sent amid them.
   Printed: the event's ack time (Slack gives up at 3 s), whether its share was answered, the
   bot's RSS, and how long until the bot had closed every hanging connection.
"""

from __future__ import annotations

import argparse
import contextlib
import select
import socket
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.* helpers

from tests.fakeslack import FakeSlack
from tests.hostile_http import HostileClients, closed_by_peer
from tests.pageserver import PageServer
from tests.slack_harness import article_html, event_body, message_event, signed_headers
from tests.soak.botprocess import BotProcess, bot_env

ACK_DEADLINE_S = 3.0


def send_oversized(address: tuple[str, int], megabytes: int) -> tuple[str, int]:
    """Announce `megabytes` MB and stream until the bot stops reading; its answer and how many
    bytes went out."""
    head = (
        "POST /slack/events HTTP/1.1\r\nHost: newsbot\r\nContent-Type: application/json\r\n"
        f"Content-Length: {megabytes * 1_000_000}\r\n\r\n"
    ).encode()
    chunk = b"x" * 65536
    sent = 0
    answer = b""
    with socket.create_connection(address, timeout=5) as sock:
        sock.sendall(head)
        with contextlib.suppress(OSError):
            while sent < megabytes * 1_000_000:
                sent += sock.send(chunk)
                if select.select([sock], [], [], 0)[0]:
                    answer += sock.recv(4096)
                    break
        sock.settimeout(2)
        with contextlib.suppress(OSError):
            answer += sock.recv(4096)
    status = answer.split(b"\r\n", 1)[0].decode(errors="replace") or "(connection closed)"
    return status, sent


def bench_oversized(bot: BotProcess, count: int, megabytes: int) -> None:
    rss, peak, log = bot.rss_kb(), bot.peak_rss_kb(), len(bot.log_text())
    started = time.monotonic()
    results = [send_oversized(("127.0.0.1", bot.port), megabytes) for _ in range(count)]
    took = time.monotonic() - started
    answers = sorted({r[0] for r in results})
    print(
        f"oversized: {count} unsigned POSTs of {megabytes} MB: answers {answers}, "
        f"at most {max(r[1] for r in results) / 1e6:.1f} MB sent before the answer, {took:.2f} s "
        f"in all; RSS {rss / 1024:.0f} -> {bot.rss_kb() / 1024:.0f} MB, peak "
        f"{peak / 1024:.0f} -> {bot.peak_rss_kb() / 1024:.0f} MB; "
        f"log +{len(bot.log_text()) - log} bytes"
    )


def bench_hanging(bot: BotProcess, slack: FakeSlack, site: PageServer, count: int) -> None:
    url = site.html("/bench/flood", article_html("Bench story amid a flood", 150))
    ts = "1716000000.000100"
    rss, high, log = bot.rss_kb(), bot.peak_rss_kb(), len(bot.log_text())
    hostile = HostileClients(("127.0.0.1", bot.port), count)
    try:
        hostile.half_open.wait(10)
        body = event_body(message_event(f"<{url}>", ts), "EvBenchFlood")
        started = time.monotonic()
        try:
            answer = httpx.post(
                bot.events_url,
                content=body,
                headers=signed_headers(body, content_type="application/json"),
                timeout=ACK_DEADLINE_S,
            )
            ack = f"{answer.status_code} in {(time.monotonic() - started) * 1000:.0f} ms"
        except httpx.TimeoutException:
            ack = f"no answer within Slack's {ACK_DEADLINE_S:.0f} s"
        try:
            slack.wait_for("chat.postMessage", where=lambda c: c.params.get("thread_ts") == ts)
            share = "answered"
        except Exception:
            share = "LOST"
        during, peak = bot.rss_kb(), bot.peak_rss_kb()
        hostile.thread.join(15)
        while True:
            still_open = sum(not closed_by_peer(s) for s in hostile.socks)
            if not still_open or time.monotonic() - started > 60:
                break
            time.sleep(0.5)
        closed_after = time.monotonic() - started
    finally:
        hostile.close()
    closed = "all" if not still_open else f"{count - still_open} of {count}"
    print(
        f"hanging: {count} half-sent/idle connections; Slack's signed event answered {ack}, "
        f"share {share}; RSS {rss / 1024:.0f} -> {during / 1024:.0f} MB, peak "
        f"{high / 1024:.0f} -> {peak / 1024:.0f} MB; {closed} closed by the bot "
        f"{closed_after:.1f} s after the flood began; log +{len(bot.log_text()) - log} bytes"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big", type=int, default=4)
    parser.add_argument("--big-mb", type=int, default=300)
    parser.add_argument("--hanging", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, FakeSlack() as slack, PageServer() as site:
        env = bot_env(slack, f"sqlite:///{Path(tmp) / 'newsbot.db'}", workers=2)
        bot = BotProcess(Path(tmp) / "bot", env)
        bot.start()
        try:
            bench_oversized(bot, args.big, args.big_mb)
            bench_hanging(bot, slack, site, args.hanging)
        finally:
            bot.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
