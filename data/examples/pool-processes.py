#!/usr/bin/env python3
"""The same two sums of squares in multiprocessing.Pool(2): two processes, two cores.

Usage: pool-processes.py [N]   (default 5000000)
Trace it: interleave trace -- python3 pool-processes.py
"""
import multiprocessing
import sys
import time


def sum_of_squares(n):
    return sum(k * k for k in range(n))


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5_000_000
    start = time.perf_counter()
    with multiprocessing.Pool(2) as pool:
        pool.map(sum_of_squares, [n, n])
    print(f"two sums of {n} squares in Pool(2) took {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
