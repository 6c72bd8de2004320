#!/usr/bin/env python3
"""interleave trace: the shipped example programs and the faults, as a user runs them.

Runs the built interleave (INTERLEAVE_BIN) with `trace --json FILE -- …` and
checks the shape of what was recorded, with generous bounds (the machines
that run this are loaded: a thread may wait long for a core).  Prints TAP.

Usage: test-tracing.py SOURCE_ROOT
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
EXAMPLES = os.path.abspath(os.path.join(ROOT, "data", "examples"))
BIN = os.path.abspath(os.environ.get("INTERLEAVE_BIN", os.path.join(ROOT, "build", "src", "app", "interleave")))
# The system's python3, not a shim (pyenv's is a shell script: more processes)
PYTHON = "/usr/bin/python3" if os.access("/usr/bin/python3", os.X_OK) else shutil.which("python3")
TMP = tempfile.mkdtemp(prefix="test-tracing-")

results = []

# The recording method of the shape tests: every one runs once per method
# (main() sets it); "perf" is skipped where perf_event_open is refused.
METHOD = None
PERF_WORKS = False   # for the tests' user (root): main() finds out
PERF_TEXT = "exact context switches from perf_event_open"
SAMPLING_TEXT = "sampled every 1 ms"


def trace(args, options=(), timeout=120, env=None):
    """Runs interleave trace; returns (exit status, stdout, stderr, run or None)."""
    out = os.path.join(TMP, "run.json")
    if os.path.exists(out):
        os.unlink(out)
    full_env = dict(os.environ)
    if METHOD is not None:
        full_env["INTERLEAVE_TRACE_METHOD"] = METHOD
    full_env.update(env or {})
    p = subprocess.run([BIN, "trace", "--json", out, *options, "--", *args],
                       capture_output=True, text=True, timeout=timeout, env=full_env)
    run = None
    if os.path.exists(out):
        with open(out, encoding="utf-8") as f:
            run = json.load(f)["runs"][0]
    return p.returncode, p.stdout, p.stderr, run


def times_in(task, state):
    return sum(s["end_s"] - s["start_s"] for s in task["segments"] if s["state"] == state)


def intervals(task, state):
    return [(s["start_s"], s["end_s"]) for s in task["segments"] if s["state"] == state]


def overlap(a, b):
    total = 0.0
    for s1, e1 in a:
        for s2, e2 in b:
            total += max(0.0, min(e1, e2) - max(s1, s2))
    return total


def named(run, prefix):
    return [t for t in run["tasks"] if t["name"].startswith(prefix)]


class Skip(Exception):
    pass


def busy_machine():
    """Other programs keep the cores busy: what runs at once is not ours to say."""
    return os.getloadavg()[0] > 2 * (os.cpu_count() or 1)


def check(cond, message):
    if not cond:
        raise AssertionError(message)


# ---------------------------------------------------------------------------
# The example programs

def test_three_threads_overlap():
    saved = os.path.join(TMP, "three.trace.json")
    rc, out, err, run = trace([PYTHON, os.path.join(EXAMPLES, "three-threads.py"), "0.4"], options=["--save", saved])
    check(rc == 0, f"exit {rc}: {err}")
    tasks = named(run, "task-")
    check(len(tasks) == 3, f"threads by their threading names: {[t['name'] for t in run['tasks']]}")
    for t in tasks:
        check(times_in(t, "io-wait") >= 0.25, f"{t['name']} sleeps: {times_in(t, 'io-wait')}")
    a, b, c = (intervals(t, "io-wait") for t in tasks)
    check(overlap(a, b) > 0.15 and overlap(b, c) > 0.15 and overlap(a, c) > 0.15, "the three sleeps overlap")
    check((PERF_TEXT if METHOD == "perf" else SAMPLING_TEXT) in out, f"the method is in the summary: {out}")
    with open(saved, encoding="utf-8") as f:
        check((PERF_TEXT if METHOD == "perf" else SAMPLING_TEXT) in f.read(), "the saved run says how it was recorded")
    check("exit status 0" in out, "the exit status is in the summary")


def test_pool_of_five():
    rc, out, err, run = trace([PYTHON, os.path.join(EXAMPLES, "thread-pool.py"), "0.2", "10"])
    check(rc == 0, f"exit {rc}: {err}")
    pool = named(run, "pool")
    check(len(pool) == 5, f"five pool threads: {[t['name'] for t in run['tasks']]}")
    # ten sleeps of 0.2 s on five threads: each thread sleeps about twice
    for t in pool:
        check(times_in(t, "io-wait") >= 0.2, f"{t['name']} sleeps: {times_in(t, 'io-wait')}")


def test_asyncio_one_thread():
    rc, out, err, run = trace([PYTHON, os.path.join(EXAMPLES, "asyncio-gather.py"), "0.4", "3"])
    check(rc == 0, f"exit {rc}: {err}")
    check(len(run["tasks"]) == 1, f"one thread: {[t['name'] for t in run['tasks']]}")
    waits = {st: round(times_in(run["tasks"][0], st), 3) for st in ("io-wait", "lock-wait", "running", "preempted")}
    check(waits["io-wait"] + waits["lock-wait"] >= 0.25, f"the loop waits for the sleeps at once: {waits}")
    check(run["makespan_s"] < 3, f"the sleeps overlap: {run['makespan_s']}")


def test_gil_threads_take_turns():
    rc, out, err, run = trace([PYTHON, os.path.join(EXAMPLES, "gil-threads.py"), "3000000"])
    check(rc == 0, f"exit {rc}: {err}")
    sq = named(run, "squares-")
    check(len(sq) == 2, f"two threads: {[t['name'] for t in run['tasks']]}")
    for t in sq:
        states = [s["state"] for s in t["segments"] if s["state"] in ("running", "lock-wait")]
        turns = sum(1 for x, y in zip(states, states[1:]) if x != y)
        check(times_in(t, "lock-wait") > 0.01, f"{t['name']} waits for the GIL: {times_in(t, 'lock-wait')}")
        if turns < 4 and busy_machine():
            raise Skip(f"the machine is busy (load {os.getloadavg()[0]:.0f} on {os.cpu_count()} cores): "
                       f"{t['name']} was seen taking only {turns} turns")
        check(turns >= 4, f"{t['name']} alternates running and lock-wait: {turns} turns")
    # On a core or waiting for one (a sample sees a runnable thread that
    # had less than half the interval on a core as preempted, and the other
    # tests of the suite load the same two cores): that time adds up to the
    # CPU time; running alone never much exceeds it
    running = sum(times_in(t, "running") for t in run["tasks"])
    runnable = running + sum(times_in(t, "preempted") for t in run["tasks"])
    cpu = run["cpu_time_s"]
    check(cpu is not None and cpu > 0, "CPU time known")
    if runnable > 3 * cpu + 0.05 and busy_machine():
        # Runnable without a core for long: other programs had the cores
        raise Skip(f"the machine is busy (load {os.getloadavg()[0]:.0f} on {os.cpu_count()} cores): "
                   f"running or preempted {runnable:.3f} s against CPU time {cpu:.3f} s")
    check(0.5 * cpu <= runnable <= 3 * cpu + 0.05,
          f"running or preempted {runnable:.3f} s against CPU time {cpu:.3f} s")
    check(running <= 1.5 * cpu + 0.05, f"running {running:.3f} s against CPU time {cpu:.3f} s")
    if METHOD == "perf":
        # Every switch is recorded: running is the CPU time, to the tick
        check(0.8 * cpu - 0.02 <= running, f"exact: running {running:.3f} s against CPU time {cpu:.3f} s")
        check("Waits: " in out and "classified by a sample" in out, f"how waits were classified: {out}")
    # Speedup about 1: the two threads hardly ever run at once
    both = overlap(intervals(sq[0], "running"), intervals(sq[1], "running"))
    least = min(times_in(t, "running") for t in sq)
    check(both < 0.5 * least, f"they run at once {both:.3f} s of {least:.3f} s")


def test_pool2_two_processes_at_once():
    rc, out, err, run = trace([PYTHON, os.path.join(EXAMPLES, "pool-processes.py"), "15000000"])
    check(rc == 0, f"exit {rc}: {err}")
    check(run["workers"] >= 3, f"the program and two worker processes: {run['workers']}")
    busy = [t for t in run["tasks"] if times_in(t, "running") > 0.05]
    best = 0.0
    for i, a in enumerate(busy):
        for b in busy[i + 1:]:
            if a["worker"] == b["worker"]:
                continue
            for s1 in a["segments"]:
                for s2 in b["segments"]:
                    if s1["state"] == s2["state"] == "running" and s1["cpu"] != s2["cpu"]:
                        best += max(0.0, min(s1["end_s"], s2["end_s"]) - max(s1["start_s"], s2["start_s"]))
    if best <= 0.01 and busy_machine():
        raise Skip(f"the machine is busy (load {os.getloadavg()[0]:.0f} on {os.cpu_count()} cores): "
                   f"two processes ran at once only {best:.3f} s")
    check(best > 0.01, f"two processes run at once on two cores: {best:.3f} s")


def test_process_per_task():
    rc, out, err, run = trace([PYTHON, os.path.join(EXAMPLES, "process-per-task.py"), "500000", "4"])
    check(rc == 0, f"exit {rc}: {err}")
    check(run["workers"] >= 5, f"the program and four processes: {run['workers']}")


def crawl(example):
    site = subprocess.Popen([BIN, "serve-site", "--port", "0", "--pages", "30", "--latency-ms", "20"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        url = site.stdout.readline().strip()
        check(url.startswith("http://127.0.0.1:"), f"the demo site's address: {url!r}")
        rc, out, err, run = trace([PYTHON, os.path.join(EXAMPLES, example), url, "20"])
        check(rc == 0, f"exit {rc}: {err}")
        check("20 pages" in out, f"the crawl's own output is kept: {out[-400:]}")
        return run
    finally:
        site.send_signal(signal.SIGINT)
        site.wait(timeout=30)


def test_crawl_threads():
    run = crawl("crawl-threads.py")
    check(len(named(run, "fetch")) >= 2, f"fetching threads: {[t['name'] for t in run['tasks']]}")


def test_crawl_asyncio():
    run = crawl("crawl-asyncio.py")
    check(len(named(run, "executor")) >= 2, f"executor threads: {[t['name'] for t in run['tasks']]}")


def test_sampling_forced():
    rc, out, err, run = trace([PYTHON, "-c", "import time; time.sleep(0.1)"],
                              env={"INTERLEAVE_TRACE_METHOD": "sampling"})
    check(rc == 0 and SAMPLING_TEXT in out, f"the sampling method says so: {out}")
    check("sampling was asked for" in out, f"and why not perf: {out}")
    rc, out, err, run = trace([PYTHON, "-c", "import time; time.sleep(0.1)"], options=["--sampling"])
    check(rc == 0 and SAMPLING_TEXT in out and PERF_TEXT not in out, f"--sampling: {out}")


def refuse_perf_event_open():
    """A seccomp filter that makes perf_event_open fail with EACCES, as a
    kernel at perf_event_paranoid 3 does (run in the child before exec)."""
    import ctypes
    import struct
    nr = {"x86_64": 298, "aarch64": 241}[os.uname().machine]
    insns = [(0x20, 0, 0, 0),                     # ld [0]: the system call number
             (0x15, 0, 1, nr),                    # jeq nr
             (0x06, 0, 0, 0x00050000 | 13),       # ret ERRNO(EACCES)
             (0x06, 0, 0, 0x7fff0000)]            # ret ALLOW
    code = b"".join(struct.pack("HBBI", *i) for i in insns)
    buf = ctypes.create_string_buffer(code)
    prog = struct.pack("HxxxxxxP", len(insns), ctypes.addressof(buf))
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl.argtypes = [ctypes.c_int] + [ctypes.c_ulong] * 4
    if libc.prctl(38, 1, 0, 0, 0) != 0:            # PR_SET_NO_NEW_PRIVS
        raise OSError(ctypes.get_errno(), "no_new_privs")
    pbuf = ctypes.create_string_buffer(prog)
    if libc.prctl(22, 2, ctypes.addressof(pbuf), 0, 0) != 0:   # PR_SET_SECCOMP, FILTER
        raise OSError(ctypes.get_errno(), "seccomp")


def test_perf_refused_falls_back():
    """Where the kernel refuses perf_event_open, AUTO samples and says why."""
    if os.uname().machine not in ("x86_64", "aarch64"):
        raise Skip(f"no seccomp filter written for {os.uname().machine}")
    out = os.path.join(TMP, "refused.json")
    env = dict(os.environ)
    env.pop("INTERLEAVE_TRACE_METHOD", None)
    p = subprocess.run([BIN, "trace", "--json", out, "--", PYTHON, os.path.join(EXAMPLES, "three-threads.py"), "0.2"],
                       capture_output=True, text=True, timeout=120, env=env, preexec_fn=refuse_perf_event_open)
    check(p.returncode == 0, f"exit {p.returncode}: {p.stderr}")
    check(SAMPLING_TEXT in p.stdout and PERF_TEXT not in p.stdout, f"sampling: {p.stdout}")
    check("Not perf_event_open: perf_event_open refused" in p.stdout, f"and why: {p.stdout}")
    with open(out, encoding="utf-8") as f:
        run = json.load(f)["runs"][0]
    check(len(named(run, "task-")) == 3, f"the trace is whole: {[t['name'] for t in run['tasks']]}")


def perf_allowed_for_nobody():
    try:
        with open("/proc/sys/kernel/perf_event_paranoid") as f:
            return int(f.read()) <= 2
    except (OSError, ValueError):
        return False


def test_unprivileged_user():
    """The sampling path needs no privileges: as nobody, the GIL still shows."""
    setpriv = shutil.which("setpriv")
    if os.geteuid() != 0 or setpriv is None:
        raise Skip("needs root and setpriv to become nobody")
    out_dir = tempfile.mkdtemp(prefix="test-tracing-nobody-")
    os.chmod(out_dir, 0o777)
    out = os.path.join(out_dir, "run.json")
    env = dict(os.environ, HOME=out_dir, XDG_CACHE_HOME=out_dir)
    env.pop("INTERLEAVE_TRACE_METHOD", None)   # AUTO: what nobody may use
    p = subprocess.run([setpriv, "--reuid=65534", "--regid=65534", "--clear-groups",
                        BIN, "trace", "--json", out, "--", PYTHON,
                        os.path.join(EXAMPLES, "gil-threads.py"), "1500000"],
                       capture_output=True, text=True, timeout=120, env=env, cwd=out_dir)
    try:
        if p.returncode != 0 and "Permission denied" in p.stderr:
            raise Skip(f"nobody cannot run the build: {p.stderr.strip()}")
        check(p.returncode == 0, f"exit {p.returncode}: {p.stderr}")
        with open(out, encoding="utf-8") as f:
            run = json.load(f)["runs"][0]
    finally:
        shutil.rmtree(out_dir, ignore_errors=True)
    sq = named(run, "squares-")
    check(len(sq) == 2, f"named threads: {[t['name'] for t in run['tasks']]}")
    check(sum(times_in(t, "lock-wait") for t in run["tasks"]) > 0.01,
          "futex waits are seen without privileges (/proc/…/syscall of a descendant)")
    # AUTO picks perf where paranoid (≤ 2) allows it for nobody, and says which
    method = "perf" if PERF_TEXT in p.stdout else "sampling"
    print(f"# as nobody (perf_event_paranoid allows it: {perf_allowed_for_nobody()}): {method}", flush=True)
    # Where even root is refused (a container's seccomp profile), so is nobody
    if perf_allowed_for_nobody() and PERF_WORKS:
        check(method == "perf", f"perf_event_open as nobody: {p.stdout}")
    else:
        check(SAMPLING_TEXT in p.stdout and "Not perf_event_open" in p.stdout, f"sampling, and why: {p.stdout}")


# ---------------------------------------------------------------------------
# Faults

def test_command_not_found():
    rc, out, err, run = trace(["no-such-command-for-interleave"])
    check(rc == 2, f"exit {rc}")
    check(len(err.strip().splitlines()) == 1 and "not found" in err, f"one line: {err!r}")


def test_not_executable():
    path = os.path.join(TMP, "not-executable")
    with open(path, "w") as f:
        f.write("#!/bin/sh\n")
    os.chmod(path, 0o644)
    rc, out, err, run = trace([path])
    check(rc == 2 and len(err.strip().splitlines()) == 1, f"exit {rc}: {err!r}")


def test_nonzero_exit_recorded():
    rc, out, err, run = trace(["/bin/sh", "-c", "sleep 0.05; exit 3"])
    check(rc == 0, f"trace itself completed: {rc} {err}")
    check("exit status 3" in out, f"the status is in the summary: {out}")
    # The lanes come in the order their threads were first seen: the shell's
    # child can be seen before the shell.  The program's own process is
    # worker 0, its first thread the main one.
    main = min((t for t in run["tasks"] if t["worker"] == 0), key=lambda t: t["id"])
    check(not main["ok"] and "exit status 3" in (main["error"] or ""), f"its main thread failed: {main}")
    others = [t for t in run["tasks"] if t["worker"] != 0]
    check(all(t["ok"] for t in others), f"its child ended well: {others}")


def test_signal_death_recorded():
    rc, out, err, run = trace(["/bin/sh", "-c", "sleep 0.05; kill -KILL $$"])
    check(rc == 0, f"trace itself completed: {rc} {err}")
    check("killed by signal 9" in out, f"the signal is in the summary: {out}")


def test_many_short_children():
    rc, out, err, run = trace(["/bin/sh", "-c", "i=0; while [ $i -lt 1000 ]; do /bin/true; i=$((i+1)); done"],
                              timeout=300)
    check(rc == 0, f"exit {rc}: {err}")
    check(run["workers"] >= 10, f"children found: {run['workers']}")
    if PERF_TEXT in out:
        # The fork records name every child, however short its life
        check(run["workers"] == 1001, f"every child recorded with perf: {run['workers']}")
    check("in" in out and "processes" in out, "the count is in the summary")


def test_many_threads_capped():
    code = ("import threading, time\n"
            "ts = [threading.Thread(target=time.sleep, args=(1.0,)) for _ in range(400)]\n"
            "[t.start() for t in ts]; [t.join() for t in ts]\n")
    rc, out, err, run = trace([PYTHON, "-c", code], options=["--max-threads", "100"], timeout=300)
    check(rc == 0, f"exit {rc}: {err}")
    check(len(run["tasks"]) == 100, f"the cap: {len(run['tasks'])} threads recorded")
    check("not recorded past the caps: " in out, f"what was dropped is counted: {out}")


def processes_with(word):
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if word.encode() in f.read():
                    found.append(int(pid))
        except OSError:
            pass
    return found


def test_never_ending_program_stopped():
    # One child ignores SIGTERM: it needs the SIGKILL after the grace period
    script = "sleep 1234.5 & (trap '' TERM; sleep 1234.6) & sleep 1234.7; wait"
    out = os.path.join(TMP, "stopped.json")
    p = subprocess.Popen([BIN, "trace", "--json", out, "--", "/bin/sh", "-c", script],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while len(processes_with("1234.")) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.2)
    p.send_signal(signal.SIGINT)
    stdout, stderr = p.communicate(timeout=60)
    check(p.returncode == 0, f"exit {p.returncode}: {stderr}")
    check("stopped" in stdout, f"the summary says stopped: {stdout}")
    left = processes_with("1234.")
    check(not left, f"nothing left running: {left}")
    with open(out, encoding="utf-8") as f:
        run = json.load(f)["runs"][0]
    check(len(run["tasks"]) >= 3, "the partial trace is kept")


def test_big_output_capped():
    rc, out, err, run = trace(["/bin/sh", "-c", "yes interleave | head -c 100000000"], timeout=300)
    check(rc == 0, f"exit {rc}: {err}")
    check("100000000 bytes on stdout" in out, f"all of it read: {out[-600:]}")
    check("past the caps not kept" in out, "the cap is reported")


def test_daemon_found_late():
    # The daemon is made before trace can see it: the first process execs a
    # shell that double-forks at once and exits, so only the scan of /proc
    # for the run's mark can find the sleeper.
    code = "(setsid sh -c 'sleep 0.8' &) ; exit 0"
    rc, out, err, run = trace(["/bin/sh", "-c", code])
    check(rc == 0, f"exit {rc}: {err}")
    sleepers = [t for t in run["tasks"] if t["name"] == "sleep" or times_in(t, "io-wait") >= 0.5]
    check(sleepers, f"the escaped sleep is recorded: {out}")


def test_daemon_found():
    code = ("import os, time\n"
            "if os.fork() == 0:\n"
            "    os.setsid()\n"
            "    if os.fork() == 0:\n"
            "        time.sleep(0.6)\n"
            "    os._exit(0)\n"
            "time.sleep(0.05)\n")
    rc, out, err, run = trace([PYTHON, "-c", code])
    check(rc == 0, f"exit {rc}: {err}")
    # Found through its parent's children while it was there, or by the
    # scan of /proc once it was not (then the summary says it escaped)
    check(run["workers"] >= 2, f"the daemon is found: {out}")
    daemon = [t for t in run["tasks"] if t["worker"] != 0 and times_in(t, "io-wait") >= 0.4]
    check(daemon, f"the daemon's sleep is recorded: {[(t['name'], t['worker']) for t in run['tasks']]}")


# Run once per recording method
SHAPE_TESTS = [
    test_three_threads_overlap,
    test_pool_of_five,
    test_asyncio_one_thread,
    test_gil_threads_take_turns,
    test_pool2_two_processes_at_once,
    test_process_per_task,
    test_crawl_threads,
    test_crawl_asyncio,
]

# Once, with the default method (AUTO)
TESTS = [
    test_command_not_found,
    test_not_executable,
    test_sampling_forced,
    test_perf_refused_falls_back,
    test_unprivileged_user,
    test_nonzero_exit_recorded,
    test_signal_death_recorded,
    test_many_short_children,
    test_many_threads_capped,
    test_never_ending_program_stopped,
    test_big_output_capped,
    test_daemon_found,
    test_daemon_found_late,
]


def perf_works():
    """Whether perf_event_open works here (as the tests' user): the summary says."""
    global METHOD
    METHOD = "perf"
    try:
        rc, out, err, run = trace(["/bin/true"])
    finally:
        METHOD = None
    return rc == 0 and PERF_TEXT in out, out


def main():
    global METHOD, PERF_WORKS
    only = os.environ.get("TEST_TRACING_ONLY")
    perf, probe = perf_works()
    PERF_WORKS = perf
    plan = [(m, t) for m in ("perf", "sampling") for t in SHAPE_TESTS] + [(None, t) for t in TESTS]
    plan = [(m, t) for m, t in plan if not only or only in t.__name__ or only == m]
    print(f"1..{len(plan)}", flush=True)
    if not perf:
        print("# perf_event_open is refused here: the perf runs are skipped", flush=True)
        for line in probe.splitlines():
            if "Not perf_event_open" in line:
                print(f"# {line.strip()}", flush=True)
    failed = 0
    for n, (method, test) in enumerate(plan, 1):
        start = time.monotonic()
        name = f"{test.__name__}[{method}]" if method else test.__name__
        METHOD = method
        try:
            if method == "perf" and not perf:
                raise Skip("perf_event_open is refused here")
            test()
            print(f"ok {n} {name} ({time.monotonic() - start:.1f} s)", flush=True)
        except Skip as e:
            print(f"ok {n} {name} # SKIP {e}", flush=True)
        except Exception as e:  # noqa: BLE001 - every failure is reported
            failed += 1
            print(f"not ok {n} {name}", flush=True)
            for line in str(e).splitlines() or [repr(e)]:
                print(f"# {line}", flush=True)
    shutil.rmtree(TMP, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
