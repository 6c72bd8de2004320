#!/usr/bin/env bash
# tests/test-install.sh — Interleave installs where GNOME expects it, and runs
# from there.
#
#   test-install.sh destdir BUILD_ROOT
#       `meson install --destdir` of the build under test: every file is in
#       its place (program, worker, desktop file, metainfo, icons, schema,
#       translations, man page), the installed desktop file and metainfo
#       validate and point at what is installed, the schemas compile, and the
#       installed program runs from DESTDIR (--version, list, and a run of the
#       process models with the installed worker).
#
#   test-install.sh prefix SOURCE_ROOT
#       A fresh build configured with a temporary --prefix is installed there
#       (post-install steps included) and its build tree deleted, so nothing
#       can be taken from it: the installed program then runs the process
#       models with its installed worker, speaks each language of po/LINGUAS
#       under LANGUAGE=xx (every string checked is looked up in the installed
#       .mo), and, when there is a display, the installed desktop app starts on
#       its own session bus with its installed schema, offers its actions and
#       quits.
#
# Needs meson, ninja, jq, gettext, desktop-file-utils, appstream, libglib2.0-bin
# (tools/dev installs them).  Prints what it checks; exit status 1 on the first
# failure.
set -euo pipefail

app_id=io.github.interleave.Interleave
mode=${1:-}
root=${2:-}
[ -n "$mode" ] && [ -d "$root" ] || { echo "usage: test-install.sh destdir BUILD_ROOT | prefix SOURCE_ROOT" >&2; exit 2; }
root=$(cd "$root" && pwd)

tmp=$(mktemp -d)
cleanup () {
  [ -n "${app_pid:-}" ] && kill "$app_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

fail () { echo "FAIL: $*"; exit 1; }
ok () { echo "ok: $*"; }

# Private, empty user directories: nothing from the user's own setup.
mkdir -p "$tmp/home/cache" "$tmp/home/config" "$tmp/home/data" "$tmp/home/runtime"
chmod 700 "$tmp/home/runtime"
export XDG_CACHE_HOME="$tmp/home/cache" XDG_CONFIG_HOME="$tmp/home/config" \
       XDG_DATA_HOME="$tmp/home/data" XDG_RUNTIME_DIR="$tmp/home/runtime" \
       GSETTINGS_BACKEND=memory LC_ALL=C.UTF-8 LANGUAGE=C
unset GSETTINGS_SCHEMA_DIR INTERLEAVE_WORKER INTERLEAVE_NET_MODULE

option () {  # option BUILD NAME -> the value of a meson option
  meson introspect "$1" --buildoptions | jq -r --arg n "$2" '.[] | select(.name == $n) | .value'
}

need_file () {  # need_file PATH WHAT
  [ -f "$1" ] || fail "$2 is not installed: ${1#"$tmp"} missing"
  ok "$2: ${1#"$tmp"}"
}

linguas () { grep -v '^\s*#' "$1/po/LINGUAS" | tr -s ' \t' '\n\n' | grep -v '^$' || true; }

# A run of the process models: three tasks, each in a worker process.
check_process_run () {  # check_process_run PROGRAM
  local json
  json=$("$1" run three-tasks -m sequential,processes --io-ms 10 --json - 2>"$tmp/run.err") \
    || { cat "$tmp/run.err"; fail "$1 run three-tasks -m sequential,processes failed"; }
  [ "$(jq '[.runs[] | .tasks_ok] | add' <<<"$json")" = 6 ] \
    || fail "the installed program did not run all tasks: $(jq -c '[.runs[] | {model, tasks_ok, tasks_failed}]' <<<"$json")"
  ok "the installed program runs three-tasks under sequential and processes"
  # Pages: the worker loads the network module
  json=$("$1" run web-crawl -m processes --max-pages 5 --io-ms 1 --json - 2>"$tmp/run.err") \
    || { cat "$tmp/run.err"; fail "$1 run web-crawl -m processes failed"; }
  [ "$(jq '.runs[0].tasks_ok' <<<"$json")" = 5 ] \
    || fail "the installed program's workers did not fetch the pages: $(jq -c '[.runs[].tasks[] | .error]' <<<"$json")"
  ok "the installed program crawls under processes (its workers load the network module)"
}

check_layout () {  # check_layout ROOT_OF_THE_INSTALLED_FILES SOURCE_ROOT PREFIX BUILD
  local dest=$1 src=$2 prefix=$3 build=$4
  local bindir libexecdir libdir datadir localedir mandir
  bindir=$dest$prefix/$(option "$build" bindir)
  libexecdir=$dest$prefix/$(option "$build" libexecdir)
  libdir=$dest$prefix/$(option "$build" libdir)
  datadir=$dest$prefix/$(option "$build" datadir)
  localedir=$dest$prefix/$(option "$build" localedir)
  mandir=$dest$prefix/$(option "$build" mandir)

  [ -x "$bindir/interleave" ] || fail "bin/interleave is not installed (or not executable) in $bindir"
  ok "program: ${bindir#"$tmp"}/interleave"
  if [ -f "$src/src/worker/meson.build" ]; then
    [ -x "$libexecdir/interleave-worker" ] || fail "interleave-worker is not installed in $libexecdir"
    ok "worker: ${libexecdir#"$tmp"}/interleave-worker"
  fi
  if [ -f "$src/src/engine/il-net.c" ]; then
    need_file "$libdir/interleave/libinterleave-net.so" "network module"
  fi
  if [ -f "$src/src/app/il-app-module.c" ]; then
    need_file "$libdir/interleave/libinterleave-app.so" "desktop app module"
  fi

  local desktop=$datadir/applications/$app_id.desktop
  local metainfo=$datadir/metainfo/$app_id.metainfo.xml
  need_file "$desktop" "desktop file"
  need_file "$metainfo" "metainfo"
  need_file "$datadir/icons/hicolor/scalable/apps/$app_id.svg" "app icon"
  need_file "$datadir/icons/hicolor/symbolic/apps/$app_id-symbolic.svg" "symbolic icon"
  need_file "$datadir/glib-2.0/schemas/$app_id.gschema.xml" "settings schema"
  need_file "$mandir/man1/interleave.1" "man page"
  need_file "$datadir/interleave/tracing/sitecustomize.py" "the tracer's Python hook"
  need_file "$datadir/interleave/examples/gil-threads.py" "example programs"
  local lang
  for lang in $(linguas "$src"); do
    need_file "$localedir/$lang/LC_MESSAGES/interleave.mo" "translation $lang"
    [ "$(msgunfmt "$localedir/$lang/LC_MESSAGES/interleave.mo" | grep -c '^msgid ')" -gt 1 ] \
      || fail "the installed $lang translation holds no message"
  done

  desktop-file-validate "$desktop" || fail "the installed desktop file does not validate"
  grep -qx "Exec=interleave" "$desktop" || fail "the desktop file does not run interleave"
  grep -qx "Icon=$app_id" "$desktop" || fail "the desktop file's icon is not $app_id"
  ok "the desktop file validates; it runs interleave and shows the installed icon"
  appstreamcli validate --no-net "$metainfo" >/dev/null || fail "the installed metainfo does not validate"
  grep -q "<launchable type=\"desktop-id\">$app_id.desktop</launchable>" "$metainfo" \
    || fail "the metainfo's launchable is not the installed desktop file"
  grep -q "<binary>interleave</binary>" "$metainfo" || fail "the metainfo does not provide the binary"
  ok "the metainfo validates and names the installed desktop file and binary"

  # What the post-install step (or a distribution's trigger) does.
  glib-compile-schemas --strict "$datadir/glib-2.0/schemas" || fail "the installed schemas do not compile"
  ok "the installed schemas compile"
}

case "$mode" in
destdir)
  build=$root
  src=$(jq -r '.directories.source' "$build/meson-info/meson-info.json")
  prefix=$(option "$build" prefix)
  dest=$tmp/destdir
  meson install -C "$build" --no-rebuild --quiet --destdir "$dest" >"$tmp/install.log" 2>&1 \
    || { cat "$tmp/install.log"; fail "meson install --destdir failed"; }
  ok "meson install --destdir DESTDIR (prefix $prefix)"

  check_layout "$dest" "$src" "$prefix" "$build"

  bin=$dest$prefix/$(option "$build" bindir)/interleave
  version=$("$bin" --version) || fail "DESTDIR${prefix}/bin/interleave --version failed"
  [ "$version" = "interleave $(meson introspect "$build" --projectinfo | jq -r .version)" ] \
    || fail "--version says “$version”"
  "$bin" list >"$tmp/list.txt" || fail "DESTDIR${prefix}/bin/interleave list failed"
  grep -q "three-tasks" "$tmp/list.txt" || fail "interleave list does not show the built-in workloads"
  ok "DESTDIR${prefix}/bin/interleave --version and list run"
  if [ -x "$dest$prefix/$(option "$build" libexecdir)/interleave-worker" ]; then
    # The build tree is still there, and nothing is where the prefix says:
    # name the installed worker and its module explicitly.
    INTERLEAVE_WORKER=$dest$prefix/$(option "$build" libexecdir)/interleave-worker \
    INTERLEAVE_NET_MODULE=$dest$prefix/$(option "$build" libdir)/interleave/libinterleave-net.so \
      check_process_run "$bin"
  fi
  ;;

prefix)
  src=$root
  build=$tmp/build
  prefix=$tmp/prefix
  meson setup "$build" "$src" --prefix="$prefix" --buildtype=plain >"$tmp/setup.log" 2>&1 \
    || { cat "$tmp/setup.log"; fail "meson setup --prefix failed"; }
  # Build what is installed, nothing else (no tests, no benchmarks).
  mapfile -t targets < <(meson introspect "$build" --installed | jq -r --arg b "$build/" \
    'keys[] | select(startswith($b)) | ltrimstr($b)')
  ninja -C "$build" "${targets[@]}" >"$tmp/build.log" 2>&1 || { tail -30 "$tmp/build.log"; fail "building failed"; }
  meson install -C "$build" --no-rebuild --quiet >"$tmp/install.log" 2>&1 \
    || { cat "$tmp/install.log"; fail "meson install failed"; }
  ok "meson install into a fresh prefix"
  check_layout "" "$src" "$prefix" "$build"
  rm -rf "$build"
  ok "the build tree is gone: what runs now is only what was installed"

  bin=$prefix/bin/interleave
  "$bin" list >/dev/null || fail "the installed interleave list failed"
  [ -x "$prefix/libexec/interleave-worker" ] && check_process_run "$bin"

  # Each language: strings of the program, of the help of run, and of the
  # desktop file, looked up in the installed catalogue.
  for lang in $(linguas "$src"); do
    lookup () { TEXTDOMAINDIR=$prefix/share/locale LANGUAGE=$lang gettext -d interleave "$1"; }
    for probe in "--help|open the desktop app" "--help|workloads and models" \
                 "run --help|Number of tasks (default: the workload's)" \
                 "list|Workloads"; do
      args=${probe%%|*}
      english=${probe#*|}
      translated=$(lookup "$english")
      [ "$translated" != "$english" ] || fail "the $lang catalogue does not translate “$english”"
      # shellcheck disable=SC2086
      out=$(LANGUAGE=$lang "$bin" $args) || fail "LANGUAGE=$lang interleave $args failed"
      grep -qF -- "$translated" <<<"$out" \
        || fail "LANGUAGE=$lang interleave $args does not say “$translated” (for “$english”)"
      ok "LANGUAGE=$lang interleave $args says “$translated”"
    done
    grep -q "^Comment\[$lang\]=" "$prefix/share/applications/$app_id.desktop" \
      || fail "the installed desktop file has no Comment[$lang]"
    grep -q "xml:lang=\"$lang\"" "$prefix/share/metainfo/$app_id.metainfo.xml" \
      || fail "the installed metainfo has no $lang text"
    ok "the installed desktop file and metainfo carry the $lang translation"
  done

  # The desktop app, with its installed schema, on a bus of its own.
  if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "note: no display, the installed desktop app was not started"
  elif ! command -v dbus-run-session >/dev/null; then
    echo "note: no dbus-run-session, the installed desktop app was not started"
  else
    cat >"$tmp/gui" <<'GUI'
#!/usr/bin/env bash
set -u
app=io.github.interleave.Interleave
path=/io/github/interleave/Interleave
INTERLEAVE_NO_AUTORUN=1 GTK_A11Y=none "$BIN" 2>"$TMP/gui.err" &
pid=$!
actions=
for _ in $(seq 150); do
  actions=$(gdbus call --session --dest "$app" --object-path "$path" \
              --method org.gtk.Actions.List 2>/dev/null) && break
  kill -0 "$pid" 2>/dev/null || { echo "the app exited: $(cat "$TMP/gui.err")"; exit 1; }
  sleep 0.1
done
for a in run stop select-workload export quit; do
  grep -q "'$a'" <<<"$actions" || { echo "action $a is missing (actions: ${actions:-none})"; kill "$pid"; exit 1; }
done
gapplication action "$app" quit
for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$pid" 2>/dev/null; then echo "the app did not quit"; kill "$pid"; exit 1; fi
wait "$pid"; status=$?
[ $status -eq 0 ] || { echo "the app exited with $status: $(cat "$TMP/gui.err")"; exit 1; }
GUI
    chmod +x "$tmp/gui"
    out=$(BIN=$bin TMP=$tmp XDG_DATA_DIRS="$prefix/share:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}" \
          dbus-run-session -- "$tmp/gui" 2>&1) || fail "the installed desktop app: $out"
    ok "the installed desktop app starts with its installed schema, offers run, stop, select-workload and export, and quits"
  fi
  ;;

*)
  echo "usage: test-install.sh destdir BUILD_ROOT | prefix SOURCE_ROOT" >&2
  exit 2
  ;;
esac

echo "ok: all install checks passed"
