#!/usr/bin/env python3
"""Every example of the README and the man page runs as written.

    test-docs.py SRCDIR INTERLEAVE_BIN

The command lines of the README's code blocks and of the man page's
EXAMPLES are run in an empty directory where `interleave` is the program
just built; each must exit 0, and each picture or JSON file it names with
-o or --json must exist and not be empty.  The README's example workload
file is saved there as my-own.workload and my.workload, the names the
examples use, so it is loaded too; another tool's trace, as VizTracer
writes one, is there as viztracer.json, and data/ is the source tree's
(the example programs the README traces).  `interleave serve-site …` runs in the
background (on a free port in place of the documented one) until the
commands of its block are done.  Lines that open the desktop app or drive
it with gapplication are left out: the app's own tests cover them.

Prints TAP: one case per command.
"""

import os
import re
import shlex
import socket
import subprocess
import sys
import tempfile
import time

TIMEOUT_S = 180


def readme_blocks(text):
    """Fenced code blocks: (language, lines)."""
    blocks = []
    for m in re.finditer(r"^```(\w*)\n(.*?)^```", text, re.M | re.S):
        blocks.append((m.group(1), m.group(2).splitlines()))
    return blocks


def man_blocks(text):
    """The .EX … .EE blocks of the man page's EXAMPLES section, unescaped."""
    section = text.split(".SH EXAMPLES", 1)[1].split("\n.SH ", 1)[0]
    blocks = []
    for m in re.finditer(r"^\.EX\n(.*?)^\.EE", section, re.M | re.S):
        lines = [l.replace("\\-", "-").replace("\\e", "\\") for l in m.group(1).splitlines()]
        blocks.append(lines)
    return blocks


def commands(lines):
    """Lines starting with `interleave `, continuation lines joined."""
    out, pending = [], ""
    for line in lines:
        line = pending + line.strip()
        pending = ""
        if line.endswith("\\"):
            pending = line[:-1] + " "
            continue
        if line.startswith("interleave "):
            out.append(line)
    return out


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, proc, seconds=15):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.1)
    return False


def outputs(command):
    """Files a command says it writes: -o FILE, --json FILE, > FILE."""
    words = shlex.split(command, comments=True)
    files = []
    for i, w in enumerate(words[:-1]):
        if w in ("-o", "--export", "--json", ">") and words[i + 1] != "-":
            files.append(words[i + 1])
    return files


def main():
    srcdir, binary = sys.argv[1], os.path.abspath(sys.argv[2])
    readme = open(os.path.join(srcdir, "README.md"), encoding="utf-8").read()
    man = open(os.path.join(srcdir, "data", "interleave.1"), encoding="utf-8").read()

    blocks = []
    workload = None
    for lang, lines in readme_blocks(readme):
        if lang == "ini" and any(l.strip() == "[Workload]" for l in lines):
            workload = workload or "\n".join(lines) + "\n"
        blocks.append(("README", commands(lines)))
    blocks += [("man page", commands(lines)) for lines in man_blocks(man)]
    blocks = [(where, cmds) for where, cmds in blocks if cmds]
    n = sum(len(cmds) for _, cmds in blocks)

    print("1..%d" % (n + 1))
    case = 0
    failed = 0
    with tempfile.TemporaryDirectory() as work:
        bindir = os.path.join(work, "bin")
        os.mkdir(bindir)
        os.symlink(binary, os.path.join(bindir, "interleave"))
        env = dict(os.environ, PATH=bindir + os.pathsep + os.environ.get("PATH", ""))

        # The shipped example programs where the README runs them from
        os.symlink(os.path.join(os.path.abspath(srcdir), "data"), os.path.join(work, "data"))

        # Another tool's trace for `interleave show viztracer.json`: two
        # threads' nested calls, VizTracer's shape (M names, X slices in µs)
        with open(os.path.join(work, "viztracer.json"), "w", encoding="utf-8") as f:
            f.write('{"traceEvents": ['
                    '{"ph": "M", "pid": 7, "tid": 7, "name": "process_name", "args": {"name": "MainProcess"}},'
                    '{"ph": "M", "pid": 7, "tid": 8, "name": "thread_name", "args": {"name": "worker"}},'
                    '{"ph": "X", "pid": 7, "tid": 7, "name": "main (a.py:1)", "ts": 0.5, "dur": 900.25},'
                    '{"ph": "X", "pid": 7, "tid": 7, "name": "f (a.py:5)", "ts": 10, "dur": 300},'
                    '{"ph": "X", "pid": 7, "tid": 8, "name": "g (a.py:9)", "ts": 50.125, "dur": 700}],'
                    ' "viztracer_metadata": {"version": "0.16.3"}}\n')

        case += 1
        if workload is None:
            print("not ok %d - the README has an example workload file" % case)
            failed += 1
        else:
            for name in ("my-own.workload", "my.workload"):
                with open(os.path.join(work, name), "w", encoding="utf-8") as f:
                    f.write(workload)
            print("ok %d - the README has an example workload file" % case)

        for where, cmds in blocks:
            port = free_port()
            servers = []
            try:
                for command in cmds:
                    command = command.replace("8080", str(port))
                    case += 1
                    label = "%s: %s" % (where, command)
                    if " serve-site" in command:
                        argv = shlex.split(command.rstrip("&").strip(), comments=True)
                        proc = subprocess.Popen(argv, cwd=work, env=env,
                                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                        servers.append(proc)
                        if wait_for_port(port, proc):
                            print("ok %d - %s" % (case, label))
                        else:
                            failed += 1
                            print("not ok %d - %s: not listening" % (case, label))
                        continue
                    for f in outputs(command):
                        try:
                            os.unlink(os.path.join(work, f))
                        except FileNotFoundError:
                            pass
                    try:
                        r = subprocess.run(["bash", "-c", command], cwd=work, env=env,
                                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                           timeout=TIMEOUT_S)
                        status, err = r.returncode, r.stderr.decode(errors="replace")
                    except subprocess.TimeoutExpired:
                        status, err = "timeout", ""
                    missing = [f for f in outputs(command)
                               if not os.path.isfile(os.path.join(work, f))
                               or os.path.getsize(os.path.join(work, f)) == 0]
                    if status == 0 and not missing:
                        print("ok %d - %s" % (case, label))
                    else:
                        failed += 1
                        print("not ok %d - %s" % (case, label))
                        print("# exit status %s; missing or empty: %s" % (status, missing or "none"))
                        for line in err.strip().splitlines()[-5:]:
                            print("# " + line)
            finally:
                for proc in servers:
                    proc.terminate()
                    try:
                        proc.wait(timeout=5)
                    except subprocess.TimeoutExpired:
                        proc.kill()
                        proc.wait()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
