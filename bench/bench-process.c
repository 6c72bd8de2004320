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
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "il-cpuwork.h"
#include "il-machine.h"
#include "il-run.h"
#include "il-trace.h"

#define SPEEDUP_RUNS   3
#define SPAWN_RUNS     50
#define ROUND_TRIPS    2000

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
          printf ("| %d | %s | %u | %.3f s | %.2f× | ", counts[c], il_model_get_info (models[m])->id,
                  workers, median / 1e9, (double) sequential / median);
          if (spawns->len > 0)
            printf ("%.1f ms", quantile ((gint64 *) spawns->data, spawns->len, 0.5) / 1e6);
          else
            printf ("–");
          printf (" | %.2f s |\n", cpu);
          fflush (stdout);
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
  printf ("| round trip: task sent → result read | %.1f µs | %.1f µs | %.1f µs |\n",
          quantile (trip, n, 0.5) / 1e3, quantile (trip, n, 0.1) / 1e3, quantile (trip, n, 0.9) / 1e3);
  printf ("| of which: sent → worker reports running | %.1f µs | %.1f µs | %.1f µs |\n",
          quantile (out, n, 0.5) / 1e3, quantile (out, n, 0.1) / 1e3, quantile (out, n, 0.9) / 1e3);
  printf ("| of which: work done → result read | %.1f µs | %.1f µs | %.1f µs |\n",
          quantile (back, n, 0.5) / 1e3, quantile (back, n, 0.1) / 1e3, quantile (back, n, 0.9) / 1e3);
  printf ("| throughput (tasks / makespan) | %.0f tasks/s | | |\n",
          snap->n_tasks / (il_run_get_stats (run)->makespan_ns / 1e9));
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
  return 0;
}
