#!/usr/bin/env python3
"""asyncio.gather of sleeps: one thread waits for all of them at once.

Usage: asyncio-gather.py [SECONDS] [TASKS]   (default 2, 3)
Trace it: interleave trace -- python3 asyncio-gather.py
"""
import asyncio
import sys
import time


async def task(i, seconds):
    await asyncio.sleep(seconds)
    print(f"task {i} done", flush=True)


async def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
    tasks = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    start = time.perf_counter()
    await asyncio.gather(*(task(i, seconds) for i in range(tasks)))
    print(f"{tasks} sleeps of {seconds} s took {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    asyncio.run(main())
