"""The local Slack: a small Slack workspace on 127.0.0.1 for trying newsbot in a browser.

`newsbot run` without Slack tokens starts it: the workspace's people, channels, direct
messages, messages and Home tabs (workspace.py), the Web API the real app calls over them
(webapi.py), the page a person reads and types in (server.py, static/), the Block Kit and
mrkdwn renderer (render.py, mrkdwn.py), the signed events and commands it sends into the real
Bolt app (delivery.py), and sample article pages served from their own origin (samples/).
"""
