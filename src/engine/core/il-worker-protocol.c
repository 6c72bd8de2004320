/* il-worker-protocol.c — what both directions of the worker protocol
 * (il-worker-protocol.h) are made of: lines checked and split into
 * fields, numbers, URLs, and the errors that say what is wrong with them
 *
 * The lines each side sends are in il-worker-protocol-commands.c (parent →
 * worker) and il-worker-protocol-messages.c (worker → parent).
 */

#include "config.h"

#include <inttypes.h>

#include <string.h>
#include <glib/gi18n-lib.h>

#include "il-worker-protocol-private.h"

#define EXCERPT_CHARS 24

G_DEFINE_QUARK (il-worker-protocol-error-quark, il_worker_protocol_error)

gboolean
il_protocol_field_is (IlProtocolField f,
                      const char     *word)
{
  gsize n = strlen (word);

  return f.n == n && memcmp (f.s, word, n) == 0;
}

char *
il_protocol_excerpt (IlProtocolField f)
{
  g_autofree char *copy = g_strndup (f.s, f.n);

  if (g_utf8_strlen (copy, -1) <= EXCERPT_CHARS)
    return g_steal_pointer (&copy);
  return g_strdup_printf ("%.*s…",
                          (int) (g_utf8_offset_to_pointer (copy, EXCERPT_CHARS) - copy), copy);
}

gboolean
il_protocol_fail (GError              **error,
                  IlWorkerProtocolError code,
                  const char           *format,
                  ...)
{
  va_list args;

  if (error == NULL)
    return FALSE;
  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (IL_WORKER_PROTOCOL_ERROR, code, format, args));
  va_end (args);
  return FALSE;
}

gboolean
il_protocol_check_line (const char *line,
                        gsize       len,
                        gsize       max,
                        GError    **error)
{
  if (len > max)
    return il_protocol_fail (error, IL_WORKER_PROTOCOL_ERROR_TOO_LONG,
                             _("line longer than %zu bytes"), max);
  if (len == 0)
    return il_protocol_fail (error, IL_WORKER_PROTOCOL_ERROR_INVALID, _("empty line"));
  for (gsize i = 0; i < len; i++)
    {
      guchar c = line[i];

      if (c < 0x20 || c == 0x7f)
        return il_protocol_fail (error, IL_WORKER_PROTOCOL_ERROR_INVALID,
                                 _("control character 0x%02x at byte %zu"), c, i);
    }
  if (!g_utf8_validate_len (line, len, NULL))
    return il_protocol_fail (error, IL_WORKER_PROTOCOL_ERROR_INVALID, _("not UTF-8"));
  return TRUE;
}

guint
il_protocol_split (const char      *line,
                   gsize            len,
                   IlProtocolField *fields,
                   guint            max,
                   gboolean         rest)
{
  guint n = 0;
  gsize start = 0;

  for (gsize i = 0; i <= len; i++)
    {
      if (i < len && line[i] != ' ')
        continue;
      if (n == max)
        return max + 1;
      if (rest && n + 1 == max)
        {
          fields[n].s = line + start;
          fields[n].n = len - start;
          return n + 1;
        }
      fields[n].s = line + start;
      fields[n].n = i - start;
      n++;
      start = i + 1;
    }
  return n;
}

gboolean
il_protocol_check_fields (const IlProtocolField *fields,
                          guint                  n,
                          GError               **error)
{
  for (guint i = 0; i < n; i++)
    if (fields[i].n == 0)
      return il_protocol_fail (error, IL_WORKER_PROTOCOL_ERROR_INVALID,
                               _("empty field %u (two spaces, or a space at an end)"), i + 1);
  return TRUE;
}

guint
il_protocol_split_fields (const char       *line,
                          gsize             len,
                          IlProtocolField  *fields,
                          GError          **error)
{
  guint n = il_protocol_split (line, len, fields, IL_PROTOCOL_MAX_FIELDS, FALSE);

  if (n > IL_PROTOCOL_MAX_FIELDS)
    {
      il_protocol_fail (error, IL_WORKER_PROTOCOL_ERROR_INVALID, _("too many fields"));
      return 0;
    }
  if (!il_protocol_check_fields (fields, n, error))
    return 0;
  return n;
}

static gboolean
parse_u64 (IlProtocolField f,
           guint64         max,
           guint64        *out)
{
  guint64 v = 0;

  if (f.n == 0 || f.n > 20 || (f.n > 1 && f.s[0] == '0'))
    return FALSE;
  for (gsize i = 0; i < f.n; i++)
    {
      guint d;

      if (f.s[i] < '0' || f.s[i] > '9')
        return FALSE;
      d = f.s[i] - '0';
      if (d > max || v > (max - d) / 10)
        return FALSE;
      v = v * 10 + d;
    }
  *out = v;
  return TRUE;
}

gboolean
il_protocol_number (IlProtocolField f,
                    const char     *what,
                    guint64         min,
                    guint64         max,
                    guint64        *out,
                    GError        **error)
{
  if (!parse_u64 (f, max, out) || *out < min)
    {
      g_autofree char *text = il_protocol_excerpt (f);

      return il_protocol_fail (error, IL_WORKER_PROTOCOL_ERROR_INVALID,
                               _("%s “%s” is not a number from %" PRIu64 " to %" PRIu64),
                               what, text, min, max);
    }
  return TRUE;
}

gboolean
il_protocol_field_count (IlProtocolField verb,
                         guint           n,
                         guint           expected,
                         GError        **error)
{
  g_autofree char *text = NULL;

  if (n == expected)
    return TRUE;
  text = il_protocol_excerpt (verb);
  if (n > expected)
    return il_protocol_fail (error, IL_WORKER_PROTOCOL_ERROR_INVALID,
                             _("“%s” takes %u fields, got more"), text, expected);
  return il_protocol_fail (error, IL_WORKER_PROTOCOL_ERROR_INVALID,
                           _("“%s” takes %u fields, got %u"), text, expected, n);
}

gboolean
il_protocol_unknown_verb (IlProtocolField verb,
                          GError        **error)
{
  g_autofree char *text = il_protocol_excerpt (verb);

  return il_protocol_fail (error, IL_WORKER_PROTOCOL_ERROR_INVALID, _("unknown verb “%s”"), text);
}

gboolean
il_worker_protocol_valid_url (const char *url,
                              gssize      len)
{
  gsize n, i;

  if (url == NULL)
    return FALSE;
  n = len < 0 ? strlen (url) : (gsize) len;
  if (n == 0 || n > IL_WORKER_MAX_URL)
    return FALSE;
  for (i = 0; i < n; i++)
    if ((guchar) url[i] < 0x21 || (guchar) url[i] > 0x7e)
      return FALSE;
  /* scheme "://" something */
  if (!g_ascii_isalpha (url[0]))
    return FALSE;
  for (i = 1; i < n && (g_ascii_isalnum (url[i]) || url[i] == '+' || url[i] == '-' || url[i] == '.'); i++)
    ;
  return i + 3 < n && memcmp (url + i, "://", 3) == 0;
}

gboolean
il_protocol_url_field (IlProtocolField f,
                       GError        **error)
{
  g_autofree char *text = NULL;

  if (f.n > IL_WORKER_MAX_URL)
    return il_protocol_fail (error, IL_WORKER_PROTOCOL_ERROR_TOO_LONG,
                             _("URL longer than %d bytes"), IL_WORKER_MAX_URL);
  if (il_worker_protocol_valid_url (f.s, f.n))
    return TRUE;
  text = il_protocol_excerpt (f);
  return il_protocol_fail (error, IL_WORKER_PROTOCOL_ERROR_INVALID,
                           _("“%s” is not a URL of the protocol (printable ASCII, SCHEME://…)"), text);
}
