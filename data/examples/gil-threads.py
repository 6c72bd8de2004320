#!/usr/bin/env python3
"""Two threads summing squares: with the GIL they take turns.

Usage: gil-threads.py [N]   (default 5000000: the sum of i*i for i < N, per thread)
Trace it: interleave trace -- python3 gil-threads.py
"""
import sys
import threading
import time


def sum_of_squares(n, results, i):
    results[i] = sum(k * k for k in range(n))


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5_000_000
    results = [0, 0]
    threads = [threading.Thread(target=sum_of_squares, args=(n, results, i), name=f"squares-{i}")
               for i in range(2)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"two sums of {n} squares in two threads took {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
