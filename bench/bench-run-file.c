/* bench-run-file.c — saving and opening a run of a million segments
 *
 *   build/bench/bench-run-file write FILE [SEGMENTS]   a made-up run (bench-trace.c)
 *   build/bench/bench-run-file read FILE                open it again
 *
 * Each prints its wall time, the file's size and the process's peak RSS;
 * write and read run as separate processes so that each peak is its own.
 * Each also adds a line to the summary (bench-summary.h); no target.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <glib/gstdio.h>

#include "bench-summary.h"
#include "bench-trace.h"
#include "il-run-file.h"

static long
peak_rss_kib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

/* user + sys: the machine may be busy with others' work */
static double
cpu_s (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static IlRunRecord *
make_record (guint n_segments)
{
  IlRunRecord *record = il_run_record_new ();

  record->snapshot = bench_make_trace (n_segments, 1000);
  record->workload_name = g_strdup ("three-tasks");
  record->workload_title = g_strdup ("Three tasks that sleep");
  record->model = g_strdup ("threads");
  record->title = g_strdup ("threads");
  record->rules.ideal = IL_IDEAL_WORKERS;
  record->workers = 1000;
  record->finished = TRUE;
  record->logical_cores = 8;
  record->cpu_model = g_strdup ("made up");
  return record;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *segments = NULL;
  g_autofree char *what = NULL;
  gint64 start;
  double cpu_start, wall;
  GStatBuf st;

  if (argc < 3 || (strcmp (argv[1], "write") != 0 && strcmp (argv[1], "read") != 0))
    {
      fprintf (stderr, "usage: bench-run-file write|read FILE [SEGMENTS]\n");
      return 2;
    }

  if (strcmp (argv[1], "write") == 0)
    {
      guint n = argc > 3 ? (guint) atoi (argv[3]) : 1000000;
      g_autoptr(IlWorkload) workload = il_workload_find ("three-tasks", &error);
      IlWorkloadParams params = { 1000, 1000, 2000, 0, 1 };
      g_autoptr(IlRunRecord) record = make_record (n);
      long rss_before = peak_rss_kib ();

      g_assert_no_error (error);
      start = g_get_monotonic_time ();
      cpu_start = cpu_s ();
      if (!il_run_file_write (argv[2], workload, &params, &record, 1, &error))
        {
          fprintf (stderr, "%s\n", error->message);
          return 1;
        }
      wall = (g_get_monotonic_time () - start) / 1e6;
      g_stat (argv[2], &st);
      printf ("write: %" G_GUINT64_FORMAT " segments, %.3f s (CPU %.3f s), %.1f MiB, peak RSS %.1f MiB "
              "(%.1f MiB before writing)\n",
              record->snapshot->n_segments, wall, cpu_s () - cpu_start,
              st.st_size / 1048576.0, peak_rss_kib () / 1024.0, rss_before / 1024.0);
      segments = bench_thousands (record->snapshot->n_segments);
      what = g_strdup_printf ("saving a run of %s segments", segments);
      bench_summary (what, NULL, NULL, BENCH_NO_TARGET, "%.2f s, peak RSS %.0f MiB",
                     wall, peak_rss_kib () / 1024.0);
    }
  else
    {
      g_autoptr(IlRunFile) file = NULL;

      start = g_get_monotonic_time ();
      cpu_start = cpu_s ();
      file = il_run_file_read (argv[2], &error);
      if (file == NULL)
        {
          fprintf (stderr, "%s\n", error->message);
          return 1;
        }
      wall = (g_get_monotonic_time () - start) / 1e6;
      g_stat (argv[2], &st);
      printf ("read: %" G_GUINT64_FORMAT " segments, %.3f s (CPU %.3f s), %.1f MiB, peak RSS %.1f MiB\n",
              file->records[0]->snapshot->n_segments, wall, cpu_s () - cpu_start,
              st.st_size / 1048576.0, peak_rss_kib () / 1024.0);
      segments = bench_thousands (file->records[0]->snapshot->n_segments);
      what = g_strdup_printf ("opening a run of %s segments", segments);
      bench_summary (what, NULL, NULL, BENCH_NO_TARGET, "%.2f s, peak RSS %.0f MiB",
                     wall, peak_rss_kib () / 1024.0);
    }
  return 0;
}
