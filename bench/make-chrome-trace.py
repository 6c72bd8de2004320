#!/usr/bin/env python3
"""make-chrome-trace.py — writes a Chrome trace as a profiler would.

    bench/make-chrome-trace.py OUT.json [EVENTS] [--array]

EVENTS "X" events (default 1,000,000, about 120 MB) in the object form
(VizTracer's shape: {"traceEvents": [...], "viztracer_metadata": {...}})
or with --array the bare array form: 8 threads of one process, each a row
of calls three levels deep (1 + 3 + 9 + 27 = 40 slices a call), times in
fractional µs, plus the process's and threads' names.  The same arguments
always give the same file.
"""
import json
import random
import sys

FUNCS = ["compute_something (module.py:%d)" % (100 + i) for i in range(40)]


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    array = "--array" in sys.argv
    out = args[0]
    total = int(args[1]) if len(args) > 1 else 1000000
    rng = random.Random(42)
    pid = 4242
    threads = [pid + i for i in range(8)]
    clock = {tid: 1000.0 for tid in threads}
    n = 0

    with open(out, "w", encoding="utf-8") as f:
        f.write("[" if array else '{"traceEvents":[')

        def emit(tid, name, ts, dur):
            nonlocal n
            f.write('%s{"ph":"X","name":"%s","cat":"FEE","ts":%.3f,"dur":%.3f,"pid":%d,"tid":%d}\n'
                    % ("," if n else "", name, ts, dur, pid, tid))
            n += 1

        def call(tid, depth, start):
            # children first in time, written after (as a tracer does: on return)
            t = start + rng.uniform(0.5, 2.0)
            if depth < 3:
                for _ in range(3):
                    t = call(tid, depth + 1, t) + rng.uniform(0.1, 1.0)
            else:
                t += rng.uniform(1.0, 20.0)
            emit(tid, rng.choice(FUNCS), start, t - start)
            return t

        while n + 40 <= total:
            tid = threads[(n // 40) % len(threads)]
            clock[tid] = call(tid, 0, clock[tid]) + rng.uniform(1.0, 50.0)
        meta = [{"ph": "M", "name": "process_name", "pid": pid, "tid": pid,
                 "args": {"name": "MainProcess"}}]
        meta += [{"ph": "M", "name": "thread_name", "pid": pid, "tid": tid,
                  "args": {"name": "Thread-%d" % i}} for i, tid in enumerate(threads)]
        for m in meta:
            f.write("," + json.dumps(m) + "\n")
        if array:
            f.write("]\n")
        else:
            f.write('],"viztracer_metadata":{"version":"0.16.0","overflow":false}}\n')
    print("%s: %d X events" % (out, n), file=sys.stderr)


if __name__ == "__main__":
    main()
