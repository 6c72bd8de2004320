#!/usr/bin/env python3
"""sleep_peer.py — Python's own threads and asyncio on the sleep benchmarks.

    python3 bench/sleep_peer.py threads N [SECONDS]
    python3 bench/sleep_peer.py asyncio N [SECONDS]

threads: N threading.Thread objects, each time.sleep(SECONDS), started
one after the other and joined (the seeds' thread-per-task); asyncio: N
coroutines of asyncio.sleep(SECONDS) under asyncio.gather.  Prints one
line, "makespan S ideal S ratio R": from before the first is made to
after the last has ended, against SECONDS.
"""

import asyncio
import sys
import threading
import time


def run_threads(n, seconds):
    threads = [threading.Thread(target=time.sleep, args=(seconds,)) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


async def run_asyncio(n, seconds):
    await asyncio.gather(*(asyncio.sleep(seconds) for _ in range(n)))


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ('threads', 'asyncio'):
        sys.exit(__doc__)
    n = int(sys.argv[2])
    seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 1.0
    t0 = time.monotonic()
    if sys.argv[1] == 'threads':
        run_threads(n, seconds)
    else:
        asyncio.run(run_asyncio(n, seconds))
    makespan = time.monotonic() - t0
    print(f'makespan {makespan:.3f} ideal {seconds:.3f} ratio {makespan / seconds:.3f}')


if __name__ == '__main__':
    main()
