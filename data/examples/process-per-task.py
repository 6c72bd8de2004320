#!/usr/bin/env python3
"""A process per task: multiprocessing.Process for each of four tasks.

Usage: process-per-task.py [N] [TASKS]   (default 2000000, 4)
Trace it: interleave trace -- python3 process-per-task.py
"""
import multiprocessing
import sys
import time


def sum_of_squares(n):
    sum(k * k for k in range(n))


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2_000_000
    tasks = int(sys.argv[2]) if len(sys.argv) > 2 else 4
    start = time.perf_counter()
    processes = [multiprocessing.Process(target=sum_of_squares, args=(n,), name=f"task-{i}")
                 for i in range(tasks)]
    for p in processes:
        p.start()
    for p in processes:
        p.join()
    print(f"{tasks} processes took {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
