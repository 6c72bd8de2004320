#!/usr/bin/env python3
"""pool_peer.py — what Python's multiprocessing pays for what bench-process measures.

    python3 bench/pool_peer.py [--runs N] [--trips N] [--methods fork,spawn,forkserver]

Standard library only.  For each start method it prints a Markdown table:

  Process start    p = Process(target=f); p.start(): from the start() call
                   until f's first line runs in the child (the child reads
                   time.monotonic_ns(), CLOCK_MONOTONIC, the same clock as
                   the parent's), and until the parent has heard from it
                   over a Pipe (what bench-process calls spawning: the
                   spawn call until the worker's "ready" is read).
  Pool round trip  Pool(1).apply(noop): an empty task through a pool of one
                   worker, from submitting it to having its result, after
                   one warm-up call (bench-process: one empty task through
                   process-pool with one worker).

Medians with the 10th and 90th percentiles.  Run it on an idle machine,
beside build/bench/bench-process.
"""

import argparse
import multiprocessing
import platform
import statistics
import sys
import time


def child_reports(conn):
    """The first thing the child does: say when it started."""
    conn.send(time.monotonic_ns())
    conn.close()


def noop():
    return None


def quantiles(values):
    values = sorted(values)

    def q(p):
        return values[min(int(p * (len(values) - 1) + 0.5), len(values) - 1)]

    return statistics.median(values), q(0.1), q(0.9)


def bench_start(ctx, runs):
    started, heard = [], []
    for _ in range(runs):
        parent_end, child_end = ctx.Pipe(duplex=False)
        t0 = time.monotonic_ns()
        p = ctx.Process(target=child_reports, args=(child_end,))
        p.start()
        t_child = parent_end.recv()
        t_heard = time.monotonic_ns()
        p.join()
        child_end.close()
        parent_end.close()
        started.append(t_child - t0)
        heard.append(t_heard - t0)
    return quantiles(started), quantiles(heard)


def bench_round_trip(ctx, trips):
    trip = []
    with ctx.Pool(1) as pool:
        pool.apply(noop)            # the worker is up and warm
        t_start = time.monotonic_ns()
        for _ in range(trips):
            t0 = time.monotonic_ns()
            pool.apply(noop)
            trip.append(time.monotonic_ns() - t0)
        total = time.monotonic_ns() - t_start
    return quantiles(trip), trips / (total / 1e9)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50, help="processes started per method")
    parser.add_argument("--trips", type=int, default=2000, help="empty tasks per pool")
    parser.add_argument("--methods", default="fork,spawn,forkserver",
                        help="comma list of start methods")
    args = parser.parse_args()

    print(f"Python {platform.python_version()} ({sys.executable}), "
          f"{multiprocessing.cpu_count()} logical cores, "
          f"default start method: {multiprocessing.get_start_method()}")
    print()
    print("| start method | Process: start() → target runs | Process: start() → parent hears from it "
          "| Pool(1).apply(noop) round trip | Pool throughput |")
    print("|---|---|---|---|---|")
    for method in args.methods.split(","):
        if method not in multiprocessing.get_all_start_methods():
            continue
        ctx = multiprocessing.get_context(method)
        (s_med, s_10, s_90), (h_med, h_10, h_90) = bench_start(ctx, args.runs)
        (t_med, t_10, t_90), rate = bench_round_trip(ctx, args.trips)
        print(f"| {method} "
              f"| {s_med / 1e6:.2f} ms ({s_10 / 1e6:.2f}–{s_90 / 1e6:.2f}) "
              f"| {h_med / 1e6:.2f} ms ({h_10 / 1e6:.2f}–{h_90 / 1e6:.2f}) "
              f"| {t_med / 1e3:.1f} µs ({t_10 / 1e3:.1f}–{t_90 / 1e3:.1f}) "
              f"| {rate:.0f} tasks/s |", flush=True)
    print()
    print(f"Medians of {args.runs} starts and {args.trips} round trips; "
          "10th–90th percentiles in brackets.")


if __name__ == "__main__":
    main()
