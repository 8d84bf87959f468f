"""bot.allocator: newsbot run fixes glibc's mmap threshold, so the parser's large arrays, freed
in a worker thread, are given back to the system instead of staying in that thread's heap."""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest

from bot.allocator import HeapTrimmer

# 32 MB in blocks of 256 KB, written and freed by a thread, each with a small block still in
# use after it; prints the kB still resident once they are freed.
PROBE = """
import ctypes, sys, threading
from bot.allocator import fix_mmap_threshold
if sys.argv[1] == 'fixed':
    assert fix_mmap_threshold()
libc = ctypes.CDLL(None)
libc.malloc.restype = ctypes.c_void_p
libc.malloc.argtypes = [ctypes.c_size_t]
libc.free.argtypes = [ctypes.c_void_p]
libc.memset.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_size_t]
def rss_kb():
    for line in open('/proc/self/status'):
        if line.startswith('VmRSS:'):
            return int(line.split()[1])
held = []
def work():
    size = 256 << 10
    libc.free(libc.malloc(2 * size))  # above the threshold: by default, freeing it raises it
    before = rss_kb()
    blocks, kept = [], []
    for _ in range(128):
        blocks.append(libc.malloc(size))
        libc.memset(blocks[-1], 1, size)
        kept.append(libc.malloc(64))
    for block in blocks:
        libc.free(block)
    held.append(rss_kb() - before)
thread = threading.Thread(target=work)
thread.start()
thread.join()
print(held[0])
"""


def held_kb_after_freeing(mode: str) -> int:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, mode], capture_output=True, text=True, check=True
    )
    return int(out.stdout.split()[-1])


GLIBC_ONLY = pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
    reason="glibc's malloc only",
)


@GLIBC_ONLY
def test_freed_large_blocks_are_given_back_only_with_the_threshold_fixed() -> None:
    assert held_kb_after_freeing("default") > 24_000
    assert held_kb_after_freeing("fixed") < 4_000


@GLIBC_ONLY
def test_the_heaps_are_trimmed_at_most_once_in_a_while() -> None:
    now = [100.0]
    trim = HeapTrimmer(every_s=30.0, clock=lambda: now[0])
    trimmed = [trim()]
    now[0] += 10.0
    trimmed.append(trim())  # too soon
    now[0] += 25.0
    trimmed.append(trim())
    assert trimmed == [True, False, True]
