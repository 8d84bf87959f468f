"""tests/slack_harness.py: the fake Slack's signed deliveries stay acceptable to Bolt."""

from __future__ import annotations

import json
import time

import pytest

from tests import slack_harness
from tests.slack_harness import signed_headers


def test_a_body_sent_again_gets_a_new_signature_never_far_ahead_of_the_clock(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A sender retrying one body many times a second (a bot restarting under load): each
    # delivery is signed afresh, and the stamps wait for the clock rather than run ahead of it
    # (Bolt refuses a stamp more than 5 minutes off as unsigned).
    monkeypatch.setattr(slack_harness, "STAMP_LEAD_S", 1)
    body = json.dumps({"retried": time.time()})
    sent = [signed_headers(body, content_type="application/json") for _ in range(4)]
    stamps = [int(h["X-Slack-Request-Timestamp"]) for h in sent]
    assert len({h["X-Slack-Signature"] for h in sent}) == 4
    assert stamps == sorted(set(stamps))
    assert stamps[-1] <= int(time.time()) + 1
