#!/usr/bin/env python3
"""tests/test-po.py — checks of the translations

  test-po.py potfiles SOURCE_ROOT
      po/POTFILES.in lists every file under src/ and data/ with a
      translatable string, sorted, without duplicates, and only files that
      exist.  A file has translatable strings when its code calls _(), N_(),
      C_(), NC_(), ngettext() or g_d*gettext() (outside comments), when a .ui
      file has translatable="yes", or when it is a desktop file or metainfo
      template, or a GSettings schema with a gettext-domain.

  test-po.py whole SOURCE_ROOT
      Every translatable string reaches the template whole.  xgettext cuts
      a string at a macro such as G_GINT64_FORMAT ("%" G_GINT64_FORMAT ...),
      and the cut msgid never matches at run time, so the string stays
      English: use PRId64 / PRIu64 (<inttypes.h>, which gettext knows),
      %zu, or format the number first.

  test-po.py complete SOURCE_ROOT LANG
      po/LANG.po is well-formed (msgfmt --check) and has no untranslated and
      no fuzzy message.

  test-po.py current SOURCE_ROOT LANG
      po/LANG.po translates every message the sources have now: the
      template is made afresh (po/update-po.sh --pot) and merged into a
      copy of LANG.po, which then must have no untranslated or fuzzy
      message.  When this fails, run po/update-po.sh and translate.

Prints what is wrong, one line each; exit status 1 when anything is.
"""
import os
import re
import subprocess
import sys
import tempfile

CODE_CALL = re.compile(r"(?<![A-Za-z0-9_])(?:N?C?_|ngettext|g_d[cnp]?gettext2?)\s*\(")
UI_TRANSLATABLE = re.compile(r'translatable\s*=\s*"(?:yes|true|1)"')
C_COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)
C_STRING = re.compile(r'"(?:\\.|[^"\\\n])*"')
XML_COMMENT = re.compile(r"<!--.*?-->", re.S)
ALWAYS_TRANSLATED = (".desktop.in", ".metainfo.xml.in", ".appdata.xml.in")
SCANNED = ("src", "data")


def has_translatable_strings(path):
    name = os.path.basename(path)
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError:
        return False
    if b"\0" in raw:                      # images and other binaries
        return False
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    if name.endswith(ALWAYS_TRANSLATED):
        return True
    if name.endswith(".gschema.xml"):
        return "gettext-domain" in text
    if name.endswith((".c", ".h", ".cc", ".cpp", ".vala", ".js", ".py")):
        # Strings first (they may hold "/*"), then comments.
        code = C_COMMENT.sub(" ", C_STRING.sub('""', text))
        return CODE_CALL.search(code) is not None
    if name.endswith((".ui", ".xml", ".blp")):
        return UI_TRANSLATABLE.search(XML_COMMENT.sub(" ", text)) is not None
    return False


def read_potfiles(root):
    entries = []
    with open(os.path.join(root, "po", "POTFILES.in"), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            line = re.sub(r"^\[[^]]*\]\s*", "", line)   # [type: gettext/glade] file
            entries.append(line)
    return entries


def check_potfiles(root):
    problems = []
    entries = read_potfiles(root)
    listed = set(entries)

    if entries != sorted(entries):
        problems.append("POTFILES.in is not sorted")
    if len(listed) != len(entries):
        dups = sorted({e for e in entries if entries.count(e) > 1})
        problems.append("POTFILES.in lists twice: " + ", ".join(dups))
    for entry in entries:
        if not os.path.isfile(os.path.join(root, entry)):
            problems.append(f"POTFILES.in lists a file that does not exist: {entry}")

    found = []
    for top in SCANNED:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames.sort()
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                if has_translatable_strings(path):
                    found.append(os.path.relpath(path, root))
    for rel in found:
        if rel not in listed:
            problems.append(f"missing from po/POTFILES.in: {rel}")

    for p in problems:
        print(p)
    if not problems:
        print(f"ok: POTFILES.in lists all {len(found)} files with translatable strings")
    return 1 if problems else 0


def make_pot(root, pot):
    r = subprocess.run([os.path.join(root, "po", "update-po.sh"), "--pot", pot],
                       capture_output=True, text=True)
    if r.returncode != 0:
        print(f"po/update-po.sh --pot fails:\n{r.stdout}{r.stderr}")
        return False
    return True


def check_whole(root):
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, "interleave.pot")
        if not make_pot(root, pot):
            return 1
        r = subprocess.run(["msgcat", "--no-wrap", pot], capture_output=True, text=True)
        text = r.stdout
    cut = []
    refs = []
    for line in text.splitlines():
        if not line.strip():
            refs = []
        if line.startswith("#:"):
            refs += line[2:].split()
        where = " ".join(refs)
        m = re.match(r'msgid(?:_plural)? "(.*)"$', line)
        if m and re.search(r"(?<!%)(?:%%)*%$", m.group(1)):
            cut.append(f"cut at a macro after \"{m.group(1)}\" ({where})")
    for c in cut:
        print(c)
    if cut:
        print("these strings are never translated: use PRId64/PRIu64 instead of "
              "G_GINT64_FORMAT/G_GUINT64_FORMAT, %zu instead of G_GSIZE_FORMAT")
        return 1
    print("ok: every translatable string reaches the template whole")
    return 0


def statistics(po):
    """(translated, fuzzy, untranslated, msgfmt output) of a .po file."""
    r = subprocess.run(["msgfmt", "--check", "--statistics", "-o", os.devnull, po],
                       capture_output=True, text=True, env=dict(os.environ, LC_ALL="C"))
    out = (r.stdout + r.stderr).strip()
    if r.returncode != 0:
        return None, None, None, out
    counts = {}
    for kind in ("translated", "fuzzy", "untranslated"):
        m = re.search(r"(\d+) " + kind, out)
        counts[kind] = int(m.group(1)) if m else 0
    return counts["translated"], counts["fuzzy"], counts["untranslated"], out


def list_unfinished(po):
    """The msgids that are untranslated or fuzzy, one line each."""
    r = subprocess.run(["msgattrib", "--untranslated", "--no-obsolete", "--no-wrap", po],
                       capture_output=True, text=True)
    r2 = subprocess.run(["msgattrib", "--only-fuzzy", "--no-obsolete", "--no-wrap", po],
                        capture_output=True, text=True)
    lines = []
    for kind, out in (("untranslated", r.stdout), ("fuzzy", r2.stdout)):
        for m in re.finditer(r'^msgid "(.+)"$', out, re.M):
            lines.append(f"  {kind}: \"{m.group(1)}\"")
    return lines


def check_translation(po, what):
    translated, fuzzy, untranslated, out = statistics(po)
    if translated is None:
        print(f"{what}: msgfmt --check fails:\n{out}")
        return 1
    if fuzzy or untranslated:
        print(f"{what}: {out}")
        print("\n".join(list_unfinished(po)))
        return 1
    if translated == 0:
        print(f"{what}: no translated message at all")
        return 1
    print(f"ok: {what}: {out}")
    return 0


def check_complete(root, lang):
    po = os.path.join(root, "po", lang + ".po")
    if not os.path.isfile(po):
        print(f"{po} does not exist")
        return 1
    return check_translation(po, f"po/{lang}.po")


def check_current(root, lang):
    po = os.path.join(root, "po", lang + ".po")
    if not os.path.isfile(po):
        print(f"{po} does not exist")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, "interleave.pot")
        merged = os.path.join(tmp, lang + ".po")
        if not make_pot(root, pot):
            return 1
        r = subprocess.run(["msgmerge", "--quiet", "--no-fuzzy-matching", "-o", merged, po, pot],
                           capture_output=True, text=True)
        if r.returncode != 0:
            print(f"msgmerge fails:\n{r.stderr}")
            return 1
        status = check_translation(merged, f"po/{lang}.po merged with the sources of now")
    if status:
        print("run po/update-po.sh, translate what is new, and check with "
              f"msgfmt --check --statistics -o /dev/null po/{lang}.po")
    return status


def main(argv):
    if len(argv) == 3 and argv[1] == "potfiles":
        return check_potfiles(argv[2])
    if len(argv) == 3 and argv[1] == "whole":
        return check_whole(argv[2])
    if len(argv) == 4 and argv[1] == "complete":
        return check_complete(argv[2], argv[3])
    if len(argv) == 4 and argv[1] == "current":
        return check_current(argv[2], argv[3])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
