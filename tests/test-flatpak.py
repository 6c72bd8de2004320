#!/usr/bin/env python3
"""tests/test-flatpak.py MANIFEST APP_ID PROGRAM

Checks the Flatpak manifest as far as it can be checked offline
(flatpak-builder needs the runtime and the network):

- it is JSON with the keys a build needs, and no unknown top-level key
  (a typo such as "finish_args" is silently ignored by flatpak-builder);
- it builds the app this tree builds: its id, its program, on
  org.gnome.Platform with the matching Sdk at a stable numbered branch;
- nothing beyond the runtime: one module, this source tree, built by meson;
- finish-args hold only what Interleave uses: the display (wayland with
  X11 as fallback, ipc, dri for GL) and the network for real crawls.

When flatpak-builder is installed, `flatpak-builder --show-manifest`
must parse it too.  Prints one line per problem; exit status 1 if any.
"""
import json
import os
import re
import shutil
import subprocess
import sys

KNOWN_TOP_LEVEL = {
    "id", "app-id", "branch", "default-branch", "runtime", "runtime-version",
    "runtime-commit", "sdk", "sdk-commit", "base", "base-version",
    "base-commit", "base-extensions", "command", "finish-args", "cleanup",
    "cleanup-commands", "cleanup-platform", "cleanup-platform-commands",
    "prepare-platform-commands", "build-options", "modules", "sdk-extensions",
    "platform-extensions", "inherit-extensions", "inherit-sdk-extensions",
    "add-extensions", "add-build-extensions", "tags", "rename-desktop-file",
    "rename-appdata-file", "rename-mime-file", "rename-icon", "copy-icon",
    "desktop-file-name-prefix", "desktop-file-name-suffix", "build-runtime",
    "build-extension", "separate-locales", "appstream-compose",
    "collection-id", "extension-tag", "var", "metadata", "metadata-platform",
    "writable-sdk", "add-ons", "rename-mime-icons",
}

# What Interleave uses, and why.
ALLOWED_FINISH_ARGS = {
    "--socket=wayland": "the display",
    "--socket=fallback-x11": "the display where there is no Wayland",
    "--share=ipc": "X11 shared memory",
    "--device=dri": "GL rendering",
    "--share=network": "real crawls (web-crawl --url)",
}
REQUIRED_FINISH_ARGS = {"--socket=wayland", "--socket=fallback-x11", "--share=ipc"}


def main():
    if len(sys.argv) != 4:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        return 2
    path, app_id, program = sys.argv[1:]
    problems = []

    def problem(text):
        problems.append(text)
        print(f"{os.path.basename(path)}: {text}")

    try:
        with open(path, encoding="utf-8") as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        print(f"{path}: not readable JSON: {e}")
        return 1
    if not isinstance(manifest, dict):
        print(f"{path}: the manifest is not a JSON object")
        return 1

    for key in sorted(set(manifest) - KNOWN_TOP_LEVEL):
        problem(f"unknown key {key!r}")

    # The app and its runtime
    if manifest.get("id", manifest.get("app-id")) != app_id:
        problem(f"id is {manifest.get('id')!r}, not {app_id!r}")
    if manifest.get("command") != program:
        problem(f"command is {manifest.get('command')!r}, not {program!r}")
    if manifest.get("runtime") != "org.gnome.Platform":
        problem(f"runtime is {manifest.get('runtime')!r}, not org.gnome.Platform")
    if manifest.get("sdk") != "org.gnome.Sdk":
        problem(f"sdk is {manifest.get('sdk')!r}, not org.gnome.Sdk")
    version = manifest.get("runtime-version")
    if not isinstance(version, str) or not re.fullmatch(r"[0-9]{2,}", version):
        problem(f"runtime-version {version!r} is not a stable GNOME branch such as \"51\"")
    if "sdk-extensions" in manifest:
        problem("sdk-extensions: nothing beyond the runtime is needed")

    # finish-args
    args = manifest.get("finish-args")
    if not isinstance(args, list) or not all(isinstance(a, str) for a in args):
        problem("finish-args is not a list of strings")
        args = []
    for arg in args:
        if arg not in ALLOWED_FINISH_ARGS:
            problem(f"finish-arg {arg} is more than Interleave uses")
    for arg in sorted(REQUIRED_FINISH_ARGS - set(args)):
        problem(f"finish-arg {arg} is missing: {ALLOWED_FINISH_ARGS[arg]}")
    if len(set(args)) != len(args):
        problem("finish-args has duplicates")

    # One module: this tree, built by meson
    modules = manifest.get("modules")
    if not isinstance(modules, list) or len(modules) != 1 or not isinstance(modules[0], dict):
        problem("modules should hold exactly one module, Interleave itself "
                "(everything else is in org.gnome.Platform)")
    else:
        module = modules[0]
        if module.get("buildsystem") != "meson":
            problem(f"the module is built with {module.get('buildsystem')!r}, not meson")
        sources = module.get("sources") or []
        dirs = [s for s in sources if isinstance(s, dict) and s.get("type") == "dir"]
        if len(sources) != 1 or len(dirs) != 1:
            problem("the module's source should be this tree, one source of type dir")
        else:
            root = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(path)),
                                                 dirs[0].get("path", "")))
            try:
                with open(os.path.join(root, "meson.build"), encoding="utf-8") as f:
                    head = f.read(2000)
            except OSError:
                head = ""
            if not re.search(r"project\(\s*'interleave'", head):
                problem(f"the dir source {dirs[0].get('path')!r} is not the Interleave tree ({root})")

    builder = shutil.which("flatpak-builder")
    if builder:
        r = subprocess.run([builder, "--show-manifest", path],
                           capture_output=True, text=True)
        if r.returncode != 0:
            problem(f"flatpak-builder --show-manifest fails: {r.stderr.strip()}")

    if not problems:
        print(f"ok: {path} ({app_id} on org.gnome.Platform {version}, "
              f"finish-args: {' '.join(args)})")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
