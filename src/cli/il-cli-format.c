/* il-cli-format.c — numbers in, human units and tables out
 */
#include "config.h"

#include <inttypes.h>

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "il-cli-private.h"

#define UNKNOWN_VALUE "–"

gboolean
il_cli_parse_number (const char  *option,
                     const char  *text,
                     gint64       min,
                     gint64       max,
                     gint64      *value,
                     GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gint64 parsed = 0;

  g_return_val_if_fail (option != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  /* g_ascii_string_to_signed() takes an optional sign and decimal digits
   * only: no spaces, no "3x", no "1e3", no hexadecimal. */
  if (g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &parsed, &local_error))
    {
      if (parsed >= min && parsed <= max)
        {
          *value = parsed;
          return TRUE;
        }

      if (parsed < min)
        g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                     _("%s: “%s” is too small: give a whole number of at least %" PRId64),
                     option, text, min);
      else
        g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                     _("%s: “%s” is too large: give a whole number of at most %" PRId64),
                     option, text, max);
      return FALSE;
    }

  if (g_error_matches (local_error, G_NUMBER_PARSER_ERROR, G_NUMBER_PARSER_ERROR_OUT_OF_BOUNDS))
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                 _("%s: “%s” is out of range: give a whole number from %" PRId64
                   " to %" PRId64),
                 option, text, min, max);
  else
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                 _("%s: “%s” is not a whole number"),
                 option, text);
  return FALSE;
}

char *
il_cli_format_seconds (gint64 ns)
{
  if (ns < 0)
    return g_strdup (UNKNOWN_VALUE);

  /* Translators: a duration in seconds, as in "2.003 s" */
  return g_strdup_printf (_("%.3f s"), (double) ns / 1e9);
}

char *
il_cli_format_speedup (gdouble speedup)
{
  if (!isfinite (speedup))
    return g_strdup (UNKNOWN_VALUE);

  /* Translators: a speedup factor, as in "2.97x" */
  return g_strdup_printf (_("%.2fx"), speedup);
}

char *
il_cli_format_percent (gdouble fraction)
{
  if (!isfinite (fraction))
    return g_strdup (UNKNOWN_VALUE);

  /* Translators: a percentage, as in "98.1 %" */
  return g_strdup_printf (_("%.1f %%"), fraction * 100.0);
}

char *
il_cli_format_kib (gint64 kib)
{
  if (kib < 0)
    return g_strdup (UNKNOWN_VALUE);

  return g_format_size_full ((guint64) kib * 1024, G_FORMAT_SIZE_IEC_UNITS);
}

guint
il_cli_text_width (const char *text)
{
  if (text == NULL)
    return 0;

  if (!g_utf8_validate (text, -1, NULL))
    return strlen (text);

  return g_utf8_strlen (text, -1);
}

static void
print_spaces (FILE  *out,
              guint  n)
{
  for (guint i = 0; i < n; i++)
    fputc (' ', out);
}

static void
print_wrapped_paragraph (FILE       *out,
                         const char *paragraph,
                         guint       indent,
                         guint       width)
{
  g_auto(GStrv) words = g_strsplit_set (paragraph, " \t", -1);
  guint column = 0;

  for (guint i = 0; words[i] != NULL; i++)
    {
      guint word_width;

      if (words[i][0] == '\0')
        continue;

      word_width = il_cli_text_width (words[i]);

      if (column > 0 && column + 1 + word_width > width)
        {
          fputc ('\n', out);
          column = 0;
        }

      if (column == 0)
        {
          print_spaces (out, indent);
          column = indent;
        }
      else
        {
          fputc (' ', out);
          column++;
        }

      fputs (words[i], out);
      column += word_width;
    }

  fputc ('\n', out);
}

void
il_cli_print_wrapped (FILE       *out,
                      const char *text,
                      guint       indent,
                      guint       width)
{
  g_auto(GStrv) paragraphs = NULL;

  g_return_if_fail (out != NULL);

  if (text == NULL || text[0] == '\0')
    return;

  paragraphs = g_strsplit (text, "\n", -1);
  for (guint i = 0; paragraphs[i] != NULL; i++)
    print_wrapped_paragraph (out, paragraphs[i], indent, width);
}

static void
print_cell (FILE       *out,
            const char *text,
            guint       width,
            gboolean    right_aligned,
            gboolean    last)
{
  guint text_width = il_cli_text_width (text);
  guint padding = width > text_width ? width - text_width : 0;

  if (right_aligned)
    print_spaces (out, padding);

  fputs (text != NULL ? text : "", out);

  /* No trailing spaces after the last column */
  if (!right_aligned && !last)
    print_spaces (out, padding);
}

static void
print_row (FILE               *out,
           guint               n_columns,
           const char * const *cells,
           const guint        *widths,
           const gboolean     *right_aligned,
           guint               indent)
{
  print_spaces (out, indent);

  for (guint c = 0; c < n_columns; c++)
    {
      if (c > 0)
        print_spaces (out, 2);
      print_cell (out, cells[c], widths[c], right_aligned[c], c + 1 == n_columns);
    }

  fputc ('\n', out);
}

void
il_cli_print_table (FILE               *out,
                    guint               n_columns,
                    const char * const *headers,
                    const gboolean     *right_aligned,
                    GPtrArray          *rows,
                    guint               indent)
{
  g_autofree guint *widths = NULL;

  g_return_if_fail (out != NULL);
  g_return_if_fail (n_columns > 0);
  g_return_if_fail (headers != NULL);
  g_return_if_fail (right_aligned != NULL);
  g_return_if_fail (rows != NULL);

  widths = g_new0 (guint, n_columns);

  for (guint c = 0; c < n_columns; c++)
    widths[c] = il_cli_text_width (headers[c]);

  for (guint r = 0; r < rows->len; r++)
    {
      const char * const *cells = g_ptr_array_index (rows, r);

      for (guint c = 0; c < n_columns; c++)
        widths[c] = MAX (widths[c], il_cli_text_width (cells[c]));
    }

  print_row (out, n_columns, headers, widths, right_aligned, indent);

  for (guint r = 0; r < rows->len; r++)
    print_row (out, n_columns, g_ptr_array_index (rows, r), widths, right_aligned, indent);
}

gboolean
il_cli_parse_option (const char *option,
                     const char *text,
                     gint64      min,
                     gint64      max,
                     gint64     *value,
                     int        *status)
{
  g_autoptr(GError) error = NULL;

  if (text == NULL)
    return TRUE;
  if (!il_cli_parse_number (option, text, min, max, value, &error))
    {
      *status = il_cli_fail (IL_CLI_EXIT_USAGE, "%s", error->message);
      return FALSE;
    }
  return TRUE;
}

/* What a terminal would take as a command: C0 controls but the kept
 * newline, DEL, and the C1 controls (U+0080 – U+009F, ESC's 8-bit twin). */
static gboolean
is_control (gunichar c,
            gboolean keep_newlines)
{
  if (c == '\n')
    return !keep_newlines;
  return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f);
}

char *
il_cli_sanitize (const char *text,
                 gboolean    keep_newlines)
{
  g_autofree char *valid = NULL;
  GString *out;

  if (text == NULL)
    return NULL;
  valid = g_utf8_make_valid (text, -1);
  out = g_string_sized_new (strlen (valid));
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_control (c, keep_newlines))
        g_string_append_printf (out, "\\x%02x", c);
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}
