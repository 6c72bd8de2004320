#!/usr/bin/env python3
"""Layers stay layers: no file includes a header from a layer above its own.

The layers, from the bottom up (README, "Layout"); files in one folder may
include each other, and a layer may include any layer below it, never one
beside it or above it.  Prints TAP.
"""
import os
import re
import sys

LAYERS = [
    ("src/engine/core", 0),
    ("src/demo-site", 1),
    ("src/engine/net", 1),
    ("src/engine/tracing", 1),
    ("src/engine/models", 2),
    ("src/engine/workload", 3),
    ("src/engine/run", 4),
    ("src/worker", 5),
    ("src/report", 5),
    ("src/render", 5),
    ("src/cli", 6),
    ("src/app", 7),        # its main() hands command lines to src/cli
]
GENERATED = {"config.h", "il-workloads-resources.h", "il-app-resources.h"}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    folder_of = {}
    files = []
    for folder, rank in LAYERS:
        path = os.path.join(root, folder)
        for name in sorted(os.listdir(path)):
            if name.endswith((".c", ".h")):
                files.append((folder, rank, name))
                if name.endswith(".h"):
                    if name in folder_of:
                        print(f"Bail out! {name} is in {folder_of[name]} and {folder}")
                        return 1
                    folder_of[name] = folder
    rank_of = dict(LAYERS)
    failures = 0
    print(f"1..{len(files) + 1}")
    n = 0
    for folder, rank, name in files:
        n += 1
        with open(os.path.join(root, folder, name), encoding="utf-8") as f:
            text = f.read()
        wrong = []
        for header in INCLUDE.findall(text):
            if header in GENERATED:
                continue
            where = folder_of.get(header)
            if where is None:
                wrong.append(f"{header} (no layer has it)")
            elif where != folder and rank_of[where] >= rank:
                wrong.append(f"{header} (from {where})")
        if wrong:
            failures += 1
            print(f"not ok {n} {folder}/{name} includes {', '.join(wrong)}")
        else:
            print(f"ok {n} {folder}/{name}")
    # The worker links core alone: nothing of libsoup, libxml2 or GIO.
    n += 1
    worker = open(os.path.join(root, "src/worker/main.c"), encoding="utf-8").read()
    bad = [h for h in re.findall(r'#\s*include\s+<([^>]+)>', worker)
           if h.startswith(("libsoup", "libxml", "gio/"))]
    if bad:
        failures += 1
        print(f"not ok {n} the worker includes {', '.join(bad)}")
    else:
        print(f"ok {n} the worker includes no libsoup, libxml2 or GIO header")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
