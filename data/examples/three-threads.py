#!/usr/bin/env python3
"""Three threads that each sleep: the waits overlap.

Usage: three-threads.py [SECONDS]   (default 2)
Trace it: interleave trace -- python3 three-threads.py
"""
import sys
import threading
import time


def task(name, seconds):
    print(f"{name} starts", flush=True)
    time.sleep(seconds)
    print(f"{name} ends", flush=True)


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
    threads = [threading.Thread(target=task, args=(f"task-{i}", seconds), name=f"task-{i}")
               for i in range(3)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"three sleeps of {seconds} s took {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
