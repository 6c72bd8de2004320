#!/usr/bin/env python3
"""tests/test-icons.py APP_ICON.svg SYMBOLIC_ICON.svg

The app icon is a square SVG (GNOME draws app icons on a 128 px canvas); the
symbolic icon is a 16 × 16 SVG in one colour, which GTK recolours to the
theme's foreground.  Both render with librsvg (rsvg-convert) when it is
installed.  Prints what is wrong; exit status 1 if anything is.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"


def size(root):
    view = root.get("viewBox", "").replace(",", " ").split()
    if len(view) == 4:
        return float(view[2]), float(view[3])
    return float(root.get("width", "0")), float(root.get("height", "0"))


def colours(root):
    found = set()
    for el in root.iter():
        for attr in ("fill", "stroke"):
            value = el.get(attr)
            if value and value not in ("none", "currentColor") and not value.startswith("url("):
                found.add(value.lower())
        for m in re.finditer(r"(?:fill|stroke)\s*:\s*([^;]+)", el.get("style", "")):
            if m.group(1).strip() not in ("none", "currentColor"):
                found.add(m.group(1).strip().lower())
    return found


def check(path, symbolic, problems):
    name = os.path.basename(path)
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        problems.append(f"{name}: not readable XML: {e}")
        return
    if root.tag != SVG + "svg":
        problems.append(f"{name}: the root element is {root.tag}, not an SVG <svg>")
        return
    w, h = size(root)
    if symbolic:
        if (w, h) != (16, 16):
            problems.append(f"{name}: a symbolic icon is 16 × 16, this one is {w:g} × {h:g}")
        if len(colours(root)) > 1:
            problems.append(f"{name}: a symbolic icon has one colour, this one has {sorted(colours(root))}")
        if root.find(f".//{SVG}image") is not None:
            problems.append(f"{name}: embeds a bitmap")
    else:
        if w <= 0 or w != h:
            problems.append(f"{name}: an app icon is square, this one is {w:g} × {h:g}")
        if root.find(f".//{SVG}image") is not None:
            problems.append(f"{name}: embeds a bitmap")
    rsvg = shutil.which("rsvg-convert")
    if rsvg:
        with tempfile.TemporaryDirectory() as tmp:
            r = subprocess.run([rsvg, "-w", "64", "-h", "64", "-o", os.path.join(tmp, "icon.png"), path],
                               capture_output=True, text=True)
            if r.returncode != 0:
                problems.append(f"{name}: rsvg-convert cannot render it: {r.stderr.strip()}")


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        return 2
    problems = []
    check(argv[1], False, problems)
    check(argv[2], True, problems)
    for p in problems:
        print(p)
    if not problems:
        print(f"ok: {os.path.basename(argv[1])} and {os.path.basename(argv[2])}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
