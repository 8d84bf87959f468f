"""How long tests wait for a newsbot process to start.

The limit catches a start that hangs, not a slow one: a process that loads spaCy and migrates
a fresh database took up to a minute on the shared 2-CPU machines with the suite running on two
workers. Tests still fail at once when the process exits. How fast newsbot starts is measured in
bench/local_newsroom.py (`make bench-local`), not here.
"""

PROCESS_START_LIMIT_S = 300.0
