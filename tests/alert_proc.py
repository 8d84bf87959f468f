"""A bot process for the follow-alert tests: `python -m tests.alert_proc JSON-ARGS`.

Waits until the wall-clock time `at` (so two processes start together), tells the followers of
one article as a process that just finished a share of it does, and prints one JSON line with
the statuses of the alerts it sent.
"""

from __future__ import annotations

import json
import sys
import time

from bot.follow_alerts import Alerter, alert_followers
from bot.store.db import make_engine, session_factory
from tests.digest_fixtures import slack_client


def main() -> None:
    args = json.loads(sys.argv[1])
    engine = make_engine(args["db"])
    alerter = Alerter(
        sessions=session_factory(engine), client=slack_client(args["api"]), owner=args["owner"]
    )
    time.sleep(max(0.0, float(args["at"]) - time.time()))
    statuses = alert_followers(alerter, int(args["article_id"]))
    engine.dispose()
    print(json.dumps({"statuses": statuses}), flush=True)


if __name__ == "__main__":
    main()
