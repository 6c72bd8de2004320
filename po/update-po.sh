#!/usr/bin/env bash
# po/update-po.sh — regenerate po/interleave.pot from the files in
# po/POTFILES.in and merge it into every language of po/LINGUAS.
#
#   po/update-po.sh             write po/interleave.pot, msgmerge each LL.po
#   po/update-po.sh --pot FILE  only write the template to FILE (for tests)
#
# The same xgettext call as `meson compile -C build interleave-pot`
# (i18n.gettext with preset 'glib'), without needing a build directory.
# Afterwards: translate what is new or fuzzy, then check with
#   msgfmt --check --statistics -o /dev/null po/de.po
set -euo pipefail

po=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$po")
package=interleave

pot="$po/$package.pot"
only_pot=false
if [ "${1:-}" = "--pot" ]; then
  [ $# -eq 2 ] || { echo "usage: po/update-po.sh [--pot FILE]" >&2; exit 2; }
  pot=$2
  only_pot=true
elif [ $# -ne 0 ]; then
  echo "usage: po/update-po.sh [--pot FILE]" >&2
  exit 2
fi

# The keywords and flags of meson's i18n preset 'glib', plus ngettext
# (a default keyword of xgettext for C).
xgettext --package-name="$package" -f "$po/POTFILES.in" -D "$root" -o "$pot" \
  -k_ --from-code=UTF-8 --add-comments \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
  --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
  --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
  --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
  --flag=g_markup_printf_escaped:1:c-format --flag=g_log:3:c-format \
  --flag=g_print:1:c-format --flag=g_printerr:1:c-format --flag=g_printf:1:c-format \
  --flag=g_fprintf:2:c-format --flag=g_sprintf:2:c-format --flag=g_snprintf:3:c-format

$only_pot && exit 0

while read -r lang _; do
  case "$lang" in ''|'#'*) continue ;; esac
  if [ -f "$po/$lang.po" ]; then
    msgmerge --quiet --update --backup=none "$po/$lang.po" "$pot"
  else
    msginit --input="$pot" --output-file="$po/$lang.po" --locale="$lang" --no-translator
  fi
  printf '%s: ' "$lang.po"
  msgfmt --check --statistics -o /dev/null "$po/$lang.po"
done < "$po/LINGUAS"
