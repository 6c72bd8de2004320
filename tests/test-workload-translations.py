#!/usr/bin/env python3
"""tests/test-workload-translations.py SOURCE_ROOT [LANG...]

Every workload of data/workloads/*.workload is translated into every
language of po/LINGUAS (or the LANGs given): its [Workload] group has
Title[LL], Summary[LL] and LookFor[LL], each non-empty.  The workload texts
are read with g_key_file_get_locale_string, not with gettext, so po/LL.po
does not cover them and the po tests do not notice when they are missing.

A cheap check that no figure was dropped or added: each translation holds as
many numbers as the English text ("43.15 s", "5 ms", "Pool(2)", "20,000,000"
and "127.0.0.1" count one each; German "43,15" counts as one as well).

The values are checked as GKeyFile reads them: one line, and no backslash
other than the escapes \\s \\n \\t \\r \\\\ (anything else makes
g_key_file_get_string fail, and the workload does not load).

Prints what is wrong, one line each; exit status 1 when anything is.
"""
import glob
import os
import re
import sys

KEYS = ("Title", "Summary", "LookFor")
GROUP = "Workload"
# A run of digits, with "." or "," between digit groups: 43.15, 43,15,
# 20,000,000, 127.0.0.1.  "[1681, 81]" is two numbers (a space follows the
# comma); "x²" is none (only ASCII digits count).
NUMBER = re.compile(r"[0-9]+(?:[.,][0-9]+)*")
ESCAPES = {"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}


def read_linguas(root):
    with open(os.path.join(root, "po", "LINGUAS"), encoding="utf-8") as f:
        return [w for line in f if not line.lstrip().startswith("#")
                for w in line.split()]


def unescape(value):
    """The value as GKeyFile returns it, or None when an escape is invalid."""
    out = []
    i = 0
    while i < len(value):
        c = value[i]
        if c == "\\":
            if i + 1 >= len(value) or value[i + 1] not in ESCAPES:
                return None
            out.append(ESCAPES[value[i + 1]])
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def parse(path, rel, problems):
    """{group: {key: value}} the way GKeyFile reads the file."""
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except UnicodeDecodeError as e:
        problems.append(f"{rel}: not UTF-8: {e}")
        return {}
    groups = {}
    group = None
    for n, line in enumerate(lines, 1):
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        if s.startswith("[") and s.endswith("]"):
            group = s[1:-1]
            if group in groups:
                problems.append(f"{rel}:{n}: group [{group}] appears twice")
            groups.setdefault(group, {})
            continue
        if group is None or "=" not in line:
            problems.append(f"{rel}:{n}: not a group, a key=value line or a comment")
            continue
        key, value = line.split("=", 1)
        key = key.strip()
        if key in groups[group]:
            problems.append(f"{rel}:{n}: {key} appears twice in [{group}] (GKeyFile keeps the last)")
        raw = value.lstrip(" \t")
        text = unescape(raw)
        if text is None:
            problems.append(f"{rel}:{n}: {key}: a backslash that is not \\s \\n \\t \\r or \\\\ "
                            "(write a literal backslash as \\\\)")
            text = raw
        groups[group][key] = text
    return groups


def check_file(path, rel, langs, problems):
    workload = parse(path, rel, problems).get(GROUP)
    if workload is None:
        problems.append(f"{rel}: no [{GROUP}] group")
        return
    for key in KEYS:
        english = workload.get(key)
        if english is None:
            if key == "Title":
                problems.append(f"{rel}: [{GROUP}] has no {key}")
            continue
        want = NUMBER.findall(english)
        for lang in langs:
            lkey = f"{key}[{lang}]"
            text = workload.get(lkey)
            if text is None:
                problems.append(f"{rel}: [{GROUP}] has no {lkey}")
                continue
            if not text.strip():
                problems.append(f"{rel}: [{GROUP}] {lkey} is empty")
                continue
            got = NUMBER.findall(text)
            if len(got) != len(want):
                problems.append(f"{rel}: {lkey} has {len(got)} numbers, {key} has {len(want)}: "
                                f"{' '.join(got) or '-'} / {' '.join(want) or '-'}")


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    root = argv[1]
    langs = argv[2:] or read_linguas(root)
    files = sorted(glob.glob(os.path.join(root, "data", "workloads", "*.workload")))
    problems = []
    if not files:
        problems.append(f"no workload files in {os.path.join(root, 'data', 'workloads')}")
    if not langs:
        print("ok: po/LINGUAS lists no language")
        return 0
    for path in files:
        check_file(path, os.path.relpath(path, root), langs, problems)
    for p in problems:
        print(p)
    if problems:
        print("add the missing Title[LL]=, Summary[LL]=, LookFor[LL]= lines after the English "
              "ones in [Workload] (see po/LINGUAS for the languages)")
        return 1
    print(f"ok: {len(files)} workloads, each translated into {', '.join(langs)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
