"""Who this process is to the other newsbot processes sharing its database.

Shares a worker claims and digest runs a poster holds carry `PROCESS_ID`, so a process can tell
its own claims from another's and free those of a process on this host that no longer runs.
"""

from __future__ import annotations

import os
import socket

PROCESS_ID = f"{socket.gethostname()}:{os.getpid()}"


def is_dead_process(process_id: str) -> bool:
    """True for an earlier process on this host that no longer runs (killed, say).

    Processes elsewhere cannot be checked from here; their claims wait out the claim expiry.
    """
    host, _, pid = process_id.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # alive, another user's
    return False
