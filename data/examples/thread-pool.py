#!/usr/bin/env python3
"""A thread pool of five workers, ten tasks that sleep.

Usage: thread-pool.py [SECONDS] [TASKS]   (default 1, 10)
Trace it: interleave trace -- python3 thread-pool.py
"""
import sys
import time
from concurrent.futures import ThreadPoolExecutor


def task(i, seconds):
    time.sleep(seconds)
    return i


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    tasks = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=5, thread_name_prefix="pool") as pool:
        for i in pool.map(task, range(tasks), [seconds] * tasks):
            print(f"task {i} done", flush=True)
    print(f"{tasks} tasks on 5 threads took {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
