/* bench-chrome-import.c — how long opening another tool's trace takes
 *
 *   bench/make-chrome-trace.py /tmp/trace.json          (1,000,000 X events)
 *   build/bench/bench-chrome-import /tmp/trace.json     the importer (yajl)
 *   build/bench/bench-chrome-import --json-glib /tmp/trace.json
 *
 * Maps the file and imports it (or, with --json-glib, only builds
 * json-glib's tree of it: what an importer on json-glib would start from),
 * then prints the wall time, the CPU time and the peak RSS of the process.
 * Run each in a process of its own: the peak RSS is the process's.
 * Each adds a line to the summary (bench-summary.h): the importer against
 * its target, json-glib's tree as its peer.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "bench-summary.h"
#include "il-chrome-import.h"
#include "il-run-record.h"

#define TARGET_S        3.0
#define TARGET_RSS_MIB  1024.0

int
main (int   argc,
      char *argv[])
{
  gboolean json_glib = argc > 1 && strcmp (argv[1], "--json-glib") == 0;
  const char *path = argv[json_glib ? 2 : 1];
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) file = NULL;
  const char *data;
  gsize length;
  struct rusage usage;
  gint64 start;
  double wall;
  guint runs = 0, lanes = 0, events = 0;
  guint64 segments = 0;
  double rss_mib;

  if (path == NULL)
    {
      fprintf (stderr, "usage: %s [--json-glib] TRACE.json\n", argv[0]);
      return 2;
    }
  start = g_get_monotonic_time ();
  /* mapped, as a viewer would open it: no copy of the file */
  file = g_mapped_file_new (path, FALSE, &error);
  if (file == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  data = g_mapped_file_get_contents (file);
  length = g_mapped_file_get_length (file);
  if (json_glib)
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();

      if (!json_parser_load_from_data (parser, data, length, &error))
        {
          fprintf (stderr, "%s\n", error->message);
          return 1;
        }
      wall = (g_get_monotonic_time () - start) / 1e6;
    }
  else
    {
      IlChromeImportReport report;
      g_autoptr(GPtrArray) records = il_chrome_import (data, length, path, &report, &error);

      if (records == NULL)
        {
          fprintf (stderr, "%s\n", error->message);
          return 1;
        }
      wall = (g_get_monotonic_time () - start) / 1e6;
      runs = records->len;
      for (guint i = 0; i < records->len; i++)
        {
          IlRunRecord *record = g_ptr_array_index (records, i);

          lanes += record->snapshot->n_tasks;
          segments += record->snapshot->n_segments;
        }
      printf ("events %u, slices %u, runs %u, lanes %u, segments %" G_GUINT64_FORMAT "\n",
              report.events, report.slices, runs, lanes, segments);
      events = report.events;
    }
  getrusage (RUSAGE_SELF, &usage);
  rss_mib = usage.ru_maxrss / 1024.0;
  printf ("%s: %.1f MB, %.2f s wall, %.2f s CPU, peak RSS %.0f MiB\n",
          json_glib ? "json-glib tree" : "il_chrome_import", length / 1e6, wall,
          usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6,
          rss_mib);

  if (json_glib)
    bench_summary ("json-glib's tree of the same file (peer)", NULL, NULL, BENCH_NO_TARGET,
                   "%.2f s, peak RSS %.0f MiB", wall, rss_mib);
  else
    {
      g_autofree char *n = bench_thousands (events);
      g_autofree char *what = g_strdup_printf ("opening another tool's Chrome trace of %s events (%.0f MB)",
                                               n, length / 1e6);

      bench_summary (what, "< 3 s, < 1 GiB", NULL, bench_verdict (wall < TARGET_S && rss_mib < TARGET_RSS_MIB),
                     "%.2f s, peak RSS %.0f MiB", wall, rss_mib);
    }
  return 0;
}
