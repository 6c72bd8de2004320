/* bench-process.c — the process models: CPU speedup, spawn cost, round trip
 *
 * Prints Markdown.  Run on purpose (bench/run process), never in tests; the
 * Python peer doing the same with multiprocessing is bench/pool_peer.py.
 *   bench-process [speedup|spawn|roundtrip]…   (default: all)
 *
 * speedup    sum-of-squares, 2 and 4 tasks of 1 s of CPU work: sequential,
 *            threads, processes and process-pool (W = logical cores),
 *            median makespan of 3 runs each; speedup against sequential.
 * spawn      one worker started and answering: its task's spawning segment
 *            (spawn call → "ready" read), median of 50 runs of one task.
 * roundtrip  one empty task (a single print phase) through a pool of one
 *            worker: from sending it to reading its result, median over
 *            2000 tasks (the first, which waited for the spawn, left out).
 *
 * After spawn or roundtrip, bench/pool_peer.py (about 15 s) measures the
 * same with Python's multiprocessing, for the summary's peer column.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench-summary.h"
#include "il-cpuwork.h"
#include "il-machine.h"
#include "il-run.h"
#include "il-trace.h"

#define SPEEDUP_RUNS   3
#define SPAWN_RUNS     50
#define ROUND_TRIPS    2000
#define SPEEDUP_TARGET 1.85

/* Medians kept for the summary, written once the Python peer has run */
static double spawn_median_ms = -1;
static double roundtrip_median_us = -1;

static IlRun *
run_once (IlWorkload *workload,
          IlModel     model,
          gint        tasks,
          gint        workers,
          gint64      cpu_ms)
{
  IlWorkloadParams params = IL_WORKLOAD_PARAMS_INIT;
  g_autoptr(GError) error = NULL;
  IlRun *run;

  params.tasks = tasks;
  params.workers = workers;
  params.cpu_ms = cpu_ms;
  run = il_run_new (workload, &params, model);
  if (!il_run_execute (run, NULL, &error))
    g_error ("%s: %s", il_model_get_info (model)->id, error->message);
  if (il_run_get_stats (run)->tasks_failed > 0)
    g_error ("%s: %u tasks failed", il_model_get_info (model)->id, il_run_get_stats (run)->tasks_failed);
  return run;
}

static gint
compare_i64 (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

/* The @q quantile (0 … 1) of @n values, sorting them. */
static gint64
quantile (gint64 *values,
          guint   n,
          double  q)
{
  g_assert (n > 0);
  qsort (values, n, sizeof (gint64), compare_i64);
  return values[MIN ((guint) (q * (n - 1) + 0.5), n - 1)];
}

static IlWorkload *
empty_workload (void)
{
  static const char text[] =
    "[Workload]\nName=empty\nTitle=Empty tasks\nCategory=cpu\n"
    "Models=processes;process-pool\n"
    "[Tasks]\nCount=1\nPhases=print\nIoMs=0\nCpuMs=0\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, sizeof text - 1);
  g_autoptr(GError) error = NULL;
  IlWorkload *workload = il_workload_load_bytes (bytes, "empty.workload", &error);

  g_assert_no_error (error);
  return workload;
}

static void
speedup_summary (gint    tasks,
                 IlModel model,
                 double  speedup,
                 double  threads_speedup)
{
  gboolean cores = il_machine_get_logical_cores () >= 2;
  g_autofree char *what = g_strdup_printf ("sum-of-squares, %d tasks of 1 s of CPU work, %s: speedup over sequential",
                                           tasks, il_model_get_info (model)->id);
  g_autofree char *peer = g_strdup_printf ("threads: %.2f ×", threads_speedup);

  bench_summary (what, cores ? "≥ 1.85 on 2 cores" : NULL, peer,
                 cores ? bench_verdict (speedup >= SPEEDUP_TARGET) : BENCH_NO_TARGET,
                 "%.2f ×", speedup);
}

static void
bench_speedup (void)
{
  g_autoptr(IlWorkload) workload = il_catalogue_lookup ("sum-of-squares");
  const IlModel models[] = { IL_MODEL_SEQUENTIAL, IL_MODEL_THREADS, IL_MODEL_PROCESSES, IL_MODEL_PROCESS_POOL };
  const gint counts[] = { 2, 4 };

  printf ("\n### CPU speedup (sum-of-squares, 1 s of CPU work per task)\n\n");
  printf ("| tasks | model | workers | makespan (median of %d) | speedup | spawning per task (median) | CPU time |\n",
          SPEEDUP_RUNS);
  printf ("|---|---|---|---|---|---|---|\n");
  for (guint c = 0; c < G_N_ELEMENTS (counts); c++)
    {
      gint64 sequential = 0;
      double threads_speedup = 0;

      for (guint m = 0; m < G_N_ELEMENTS (models); m++)
        {
          gint64 makespans[SPEEDUP_RUNS];
          g_autoptr(GArray) spawns = g_array_new (FALSE, FALSE, sizeof (gint64));
          gdouble cpu = 0;
          guint workers = 0;
          gint64 median;

          for (guint r = 0; r < SPEEDUP_RUNS; r++)
            {
              g_autoptr(IlRun) run = run_once (workload, models[m], counts[c], 0, 1000);
              g_autoptr(IlTraceSnapshot) snap = il_trace_snapshot (il_run_get_trace (run), 0);
              const IlRunStats *stats = il_run_get_stats (run);

              makespans[r] = stats->makespan_ns;
              cpu += stats->cpu_time_s / SPEEDUP_RUNS;
              workers = stats->workers;
              for (guint i = 0; i < snap->n_tasks; i++)
                {
                  gint64 s = il_task_snapshot_time_in (&snap->tasks[i], IL_STATE_SPAWNING);

                  if (s > 0)
                    g_array_append_val (spawns, s);
                }
            }
          median = quantile (makespans, SPEEDUP_RUNS, 0.5);
          if (models[m] == IL_MODEL_SEQUENTIAL)
            sequential = median;
          if (models[m] == IL_MODEL_THREADS)
            threads_speedup = (double) sequential / median;
          printf ("| %d | %s | %u | %.3f s | %.2f× | ", counts[c], il_model_get_info (models[m])->id,
                  workers, median / 1e9, (double) sequential / median);
          if (spawns->len > 0)
            printf ("%.1f ms", quantile ((gint64 *) spawns->data, spawns->len, 0.5) / 1e6);
          else
            printf ("–");
          printf (" | %.2f s |\n", cpu);
          fflush (stdout);
          if (models[m] == IL_MODEL_PROCESSES || models[m] == IL_MODEL_PROCESS_POOL)
            speedup_summary (counts[c], models[m], (double) sequential / median, threads_speedup);
        }
    }
}

static void
bench_spawn (void)
{
  g_autoptr(IlWorkload) workload = empty_workload ();
  gint64 spawn[SPAWN_RUNS], send[SPAWN_RUNS];

  for (guint r = 0; r < SPAWN_RUNS; r++)
    {
      g_autoptr(IlRun) run = run_once (workload, IL_MODEL_PROCESSES, 1, 0, -1);
      g_autoptr(IlTraceSnapshot) snap = il_trace_snapshot (il_run_get_trace (run), 0);
      const IlTaskSnapshot *t = &snap->tasks[0];
      gint first_ipc = -1;

      spawn[r] = il_task_snapshot_time_in (t, IL_STATE_SPAWNING);
      for (guint s = 0; s < t->n_segments && first_ipc < 0; s++)
        if (t->segments[s].state == IL_STATE_IPC)
          first_ipc = s;
      g_assert (first_ipc >= 0);
      send[r] = t->segments[first_ipc].end_ns - t->segments[first_ipc].start_ns;
    }
  printf ("\n### Starting a worker process (%d runs of one empty task)\n\n", SPAWN_RUNS);
  printf ("| what | median | 10 %% | 90 %% |\n|---|---|---|---|\n");
  spawn_median_ms = quantile (spawn, SPAWN_RUNS, 0.5) / 1e6;
  printf ("| spawn call → \"ready\" read (spawning) | %.2f ms | %.2f ms | %.2f ms |\n",
          quantile (spawn, SPAWN_RUNS, 0.5) / 1e6, quantile (spawn, SPAWN_RUNS, 0.1) / 1e6,
          quantile (spawn, SPAWN_RUNS, 0.9) / 1e6);
  printf ("| task sent → worker reports running (first ipc) | %.1f µs | %.1f µs | %.1f µs |\n",
          quantile (send, SPAWN_RUNS, 0.5) / 1e3, quantile (send, SPAWN_RUNS, 0.1) / 1e3,
          quantile (send, SPAWN_RUNS, 0.9) / 1e3);
}

static void
bench_roundtrip (void)
{
  g_autoptr(IlWorkload) workload = empty_workload ();
  g_autoptr(IlRun) run = run_once (workload, IL_MODEL_PROCESS_POOL, ROUND_TRIPS + 1, 1, -1);
  g_autoptr(IlTraceSnapshot) snap = il_trace_snapshot (il_run_get_trace (run), 0);
  g_autofree gint64 *trip = g_new (gint64, snap->n_tasks);
  g_autofree gint64 *out = g_new (gint64, snap->n_tasks);
  g_autofree gint64 *back = g_new (gint64, snap->n_tasks);
  guint n = 0;

  for (guint i = 0; i < snap->n_tasks; i++)
    {
      const IlTaskSnapshot *t = &snap->tasks[i];
      gboolean first = TRUE;

      if (il_task_snapshot_time_in (t, IL_STATE_SPAWNING) > 0)
        continue;
      trip[n] = t->finished_ns - t->started_ns;
      out[n] = back[n] = 0;
      for (guint s = 0; s < t->n_segments; s++)
        if (t->segments[s].state == IL_STATE_IPC)
          {
            *(first ? &out[n] : &back[n]) += t->segments[s].end_ns - t->segments[s].start_ns;
            first = FALSE;
          }
      n++;
    }
  printf ("\n### One empty task through a pool of one worker (%u tasks)\n\n", n);
  printf ("| what | median | 10 %% | 90 %% |\n|---|---|---|---|\n");
  roundtrip_median_us = quantile (trip, n, 0.5) / 1e3;
  printf ("| round trip: task sent → result read | %.1f µs | %.1f µs | %.1f µs |\n",
          quantile (trip, n, 0.5) / 1e3, quantile (trip, n, 0.1) / 1e3, quantile (trip, n, 0.9) / 1e3);
  printf ("| of which: sent → worker reports running | %.1f µs | %.1f µs | %.1f µs |\n",
          quantile (out, n, 0.5) / 1e3, quantile (out, n, 0.1) / 1e3, quantile (out, n, 0.9) / 1e3);
  printf ("| of which: work done → result read | %.1f µs | %.1f µs | %.1f µs |\n",
          quantile (back, n, 0.5) / 1e3, quantile (back, n, 0.1) / 1e3, quantile (back, n, 0.9) / 1e3);
  printf ("| throughput (tasks / makespan) | %.0f tasks/s | | |\n",
          snap->n_tasks / (il_run_get_stats (run)->makespan_ns / 1e9));
}

/* The text of a pool_peer.py table cell up to its percentiles:
 * " 20.17 ms (18.38–28.75) " → "20.17 ms" */
static char *
peer_cell (const char *cell)
{
  char *text = g_strstrip (g_strdup (cell));
  char *bracket = strstr (text, " (");

  if (bracket != NULL)
    *bracket = '\0';
  return text;
}

/* Runs bench/pool_peer.py, prints its table and returns, for the summary,
 * its figures for starting a process (@spawn) and a pool's round trip
 * (@roundtrip) for each start method; FALSE when it could not run. */
static gboolean
run_pool_peer (char **spawn,
               char **roundtrip)
{
  g_autofree char *script = g_build_filename (SOURCEDIR, "bench", "pool_peer.py", NULL);
  const char *python = g_getenv ("PYTHON") ? g_getenv ("PYTHON")
                       : g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE) ? "/usr/bin/python3"
                       : "python3";
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) spawns = g_string_new (NULL);
  g_autoptr(GString) trips = g_string_new (NULL);

  printf ("\n### The same with Python's multiprocessing (bench/pool_peer.py)\n\n");
  fflush (stdout);
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, python, script, NULL);
  if (proc == NULL || !g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, &error) ||
      !g_subprocess_get_if_exited (proc) || g_subprocess_get_exit_status (proc) != 0)
    {
      printf ("Not run: python3 is needed%s%s.\n", error ? ": " : "", error ? error->message : "");
      return FALSE;
    }
  fputs (out, stdout);
  fflush (stdout);

  /* | method | start() → target runs | start() → parent hears | round trip | throughput | */
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cells = NULL;
      g_autofree char *method = NULL;
      g_autofree char *heard = NULL;
      g_autofree char *trip = NULL;

      if (!g_str_has_prefix (lines[i], "| "))
        continue;
      cells = g_strsplit (lines[i], "|", -1);
      if (g_strv_length (cells) < 6)
        continue;
      method = g_strstrip (g_strdup (cells[1]));
      if (strcmp (method, "fork") != 0 && strcmp (method, "spawn") != 0 && strcmp (method, "forkserver") != 0)
        continue;
      heard = peer_cell (cells[3]);
      trip = peer_cell (cells[4]);
      g_string_append_printf (spawns, "%s%s %s", spawns->len ? ", " : "", method, heard);
      g_string_append_printf (trips, "%s%s %s", trips->len ? ", " : "", method, trip);
    }
  if (spawns->len == 0)
    return FALSE;
  *spawn = g_strdup_printf ("Python's multiprocessing, start() until the parent hears from it: %s", spawns->str);
  *roundtrip = g_strdup_printf ("Python's Pool(1).apply(noop): %s", trips->str);
  return TRUE;
}

/* The spawn and round trip figures, with the Python peer's beside them */
static void
process_summary (void)
{
  g_autofree char *spawn_peer = NULL;
  g_autofree char *roundtrip_peer = NULL;

  if (spawn_median_ms < 0 && roundtrip_median_us < 0)
    return;
  run_pool_peer (&spawn_peer, &roundtrip_peer);
  if (spawn_median_ms >= 0)
    bench_summary ("starting a worker process: spawn call until its \"ready\" is read",
                   NULL, spawn_peer, BENCH_NO_TARGET, "%.2f ms median", spawn_median_ms);
  if (roundtrip_median_us >= 0)
    bench_summary ("one empty task through a process pool of one worker: round trip",
                   NULL, roundtrip_peer, BENCH_NO_TARGET, "%.1f µs median", roundtrip_median_us);
}

int
main (int   argc,
      char *argv[])
{
  gboolean all = argc < 2;

  printf ("Machine: %u logical cores, %s; CPU work: %" G_GUINT64_FORMAT " iterations/ms\n",
          il_machine_get_logical_cores (), il_machine_get_cpu_model (), il_cpu_work_per_ms ());
  for (int i = 1; i < argc || all; i++)
    {
      const char *what = all ? NULL : argv[i];

      if (all || strcmp (what, "speedup") == 0)
        bench_speedup ();
      if (all || strcmp (what, "spawn") == 0)
        bench_spawn ();
      if (all || strcmp (what, "roundtrip") == 0)
        bench_roundtrip ();
      if (all)
        break;
    }
  process_summary ();
  return 0;
}
