"""A bot process for the follow-alert tests: `python -m tests.alert_proc JSON-ARGS`.

Once loaded it creates the file `ready` and waits for the file `go` (so two processes start
together), tells the followers of one article as a process finishing a share of it does, and
prints one JSON line with the statuses of the alerts it sent.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from bot.follow_alerts import Alerter, alert_followers
from bot.store.db import make_engine, session_factory
from tests.digest_fixtures import slack_client


def main() -> None:
    args = json.loads(sys.argv[1])
    engine = make_engine(args["db"])
    alerter = Alerter(
        sessions=session_factory(engine), client=slack_client(args["api"]), owner=args["owner"]
    )
    Path(args["ready"]).touch()
    go = Path(args["go"])
    deadline = time.monotonic() + 300
    while not go.exists() and time.monotonic() < deadline:
        time.sleep(0.005)
    statuses = alert_followers(alerter, int(args["article_id"]))
    engine.dispose()
    print(json.dumps({"statuses": statuses}), flush=True)


if __name__ == "__main__":
    main()
