#!/usr/bin/env python3
"""threads-trace.py — a small Python program that traces itself the way
VizTracer does, with the standard library only.

Two threads (and the main thread) call functions that call other
functions; every call becomes an "X" event with VizTracer's naming
("f (file.py:3)"), fractional µs since the first event, and "M" events
name the process and the threads.  The trace goes to the file named by
the first argument; what the program recorded, as the leaf intervals
each thread's lane must show (innermost call at every moment, with the
enclosing calls' names), goes to stdout as JSON:

    {"lanes": {"THREAD NAME": [[start_us, end_us, "outer › inner"], ...]},
     "pid": PID, "span_us": SPAN}
"""
import json
import os
import sys
import threading
import time

T0 = time.perf_counter_ns()
events = []
lock = threading.Lock()
stacks = threading.local()


def now_us():
    return (time.perf_counter_ns() - T0) / 1000.0


def traced(func):
    name = "%s (%s:%d)" % (func.__name__, os.path.basename(__file__),
                           func.__code__.co_firstlineno)

    def wrapper(*args):
        stack = getattr(stacks, "names", None)
        if stack is None:
            stack = stacks.names = []
        stack.append(name)
        start = now_us()
        try:
            return func(*args)
        finally:
            end = now_us()
            stack.pop()
            with lock:
                events.append({"ph": "X", "name": name, "cat": "FEE",
                               "ts": start, "dur": end - start,
                               "pid": os.getpid(),
                               "tid": threading.get_native_id()})
    return wrapper


@traced
def spin(ms):
    end = time.perf_counter() + ms / 1000.0
    while time.perf_counter() < end:
        pass


@traced
def nap(ms):
    time.sleep(ms / 1000.0)


@traced
def work(n):
    for _ in range(n):
        nap(3)
        spin(2)


def leaves(tid):
    """The innermost call at every moment, from the events of one thread."""
    mine = sorted((e for e in events if e["tid"] == tid),
                  key=lambda e: (e["ts"], -e["dur"]))
    points = sorted({e["ts"] for e in mine} | {e["ts"] + e["dur"] for e in mine})
    out = []
    for a, b in zip(points, points[1:]):
        inside = [e for e in mine if e["ts"] <= a and e["ts"] + e["dur"] >= b]
        if not inside:
            continue
        inside.sort(key=lambda e: (e["ts"], -e["dur"]))
        stack = " › ".join(e["name"] for e in inside)
        if out and out[-1][1] == a and out[-1][2] == stack:
            out[-1][1] = b
        else:
            out.append([a, b, stack])
    return out


def main():
    names = {}
    threads = [threading.Thread(target=work, args=(3,), name="worker-%d" % i)
               for i in range(2)]
    for t in threads:
        t.start()
    work(1)
    for t in threads:
        t.join()
        names[t.native_id] = t.name
    names[threading.get_native_id()] = "MainThread"

    pid = os.getpid()
    meta = [{"ph": "M", "name": "process_name", "pid": pid, "tid": pid,
             "args": {"name": "MainProcess"}}]
    meta += [{"ph": "M", "name": "thread_name", "pid": pid, "tid": tid,
              "args": {"name": name}} for tid, name in names.items()]
    trace = {"traceEvents": events + meta,
             "viztracer_metadata": {"version": "0.16.0", "overflow": False},
             "file_info": {"files": {}, "functions": {}}}
    with open(sys.argv[1], "w", encoding="utf-8") as f:
        json.dump(trace, f)

    first = min(e["ts"] for e in events)
    last = max(e["ts"] + e["dur"] for e in events)
    json.dump({"pid": pid, "span_us": last - first,
               "lanes": {names[tid]: leaves(tid) for tid in names}},
              sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
