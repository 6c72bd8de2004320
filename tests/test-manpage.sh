#!/usr/bin/env bash
# tests/test-manpage.sh INTERLEAVE_BIN MANPAGE
#
# The hand-written manual page documents what the program's help prints:
# every command of `interleave --help` and every --option of the help of
# interleave, run, list, show and serve-site appears in it, and man(1), when
# installed, formats it without a warning.
set -euo pipefail

bin=$1
page=$2
export LANGUAGE=C LC_ALL=C.UTF-8

# roff writes a minus as \- ; compare with the plain text.
text=$(sed 's/\\-/-/g' "$page")
missing=0

for cmd in list run serve-site; do
  "$bin" --help | grep -q "interleave $cmd" || { echo "not a command in --help any more: $cmd"; missing=1; }
done
for cmd in $("$bin" --help | sed -n 's/^  interleave \([a-z][a-z-]*\).*/\1/p'); do
  grep -q "interleave $cmd" <<<"$text" || { echo "command missing from $page: $cmd"; missing=1; }
done

for args in "--help" "run --help" "list --help" "show --help" "trace --help" "serve-site --help"; do
  # shellcheck disable=SC2086
  help=$("$bin" $args)
  for opt in $(grep -o -- '--[a-z][a-z-]*' <<<"$help" | sort -u); do
    if ! grep -q -- "$opt\b" <<<"$text"; then
      echo "option of 'interleave $args' missing from $page: $opt"
      missing=1
    fi
  done
done

if command -v man >/dev/null; then
  warnings=$(MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null || true)
  if [ -n "$warnings" ]; then
    echo "man --warnings:"; echo "$warnings"; missing=1
  fi
fi

[ $missing -eq 0 ] && echo "ok: $page documents every command and option"
exit $missing
