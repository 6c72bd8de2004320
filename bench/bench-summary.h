/* bench-summary.h — one figure for bench/run's summary table
 *
 * bench/run sets BENCH_SUMMARY to a file; each benchmark appends a line
 * for each figure it measured: what, the figure, its target, its peer
 * measured in the same run, and whether the target was met.  bench/run
 * makes the table at the top of RESULTS.md (and the README's) from them.
 * Without BENCH_SUMMARY nothing is written.
 *
 * Fields are tab-separated; tabs and newlines in them become spaces.
 */
#pragma once

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <glib.h>

typedef enum {
  BENCH_NO_TARGET,
  BENCH_MET,
  BENCH_MISSED,
} BenchVerdict;

static inline void
bench_summary_field (FILE       *f,
                     const char *text,
                     gboolean    last)
{
  for (const char *p = text ? text : "–"; *p; p++)
    fputc (*p == '\t' || *p == '\n' ? ' ' : *p, f);
  fputc (last ? '\n' : '\t', f);
}

/* @measured_fmt: printf-style, for the figure */
static inline void G_GNUC_PRINTF (5, 6)
bench_summary (const char  *what,
               const char  *target,
               const char  *peer,
               BenchVerdict verdict,
               const char  *measured_fmt,
               ...)
{
  const char *path = g_getenv ("BENCH_SUMMARY");
  const char *verdicts[] = { "–", "met", "missed" };
  g_autofree char *measured = NULL;
  va_list args;
  FILE *f;

  if (path == NULL || *path == '\0' || (f = fopen (path, "a")) == NULL)
    return;
  va_start (args, measured_fmt);
  measured = g_strdup_vprintf (measured_fmt, args);
  va_end (args);
  bench_summary_field (f, what, FALSE);
  bench_summary_field (f, measured, FALSE);
  bench_summary_field (f, target, FALSE);
  bench_summary_field (f, peer, FALSE);
  bench_summary_field (f, verdicts[verdict], TRUE);
  fclose (f);
}

/* "1,000,000" (free it) */
static inline char *
bench_thousands (guint64 n)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, n);
  GString *out = g_string_new (NULL);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

static inline BenchVerdict
bench_verdict (gboolean met)
{
  return met ? BENCH_MET : BENCH_MISSED;
}
