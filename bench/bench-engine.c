/* bench-engine.c — fidelity, CPU scaling and tracing cost of the engine
 *
 * Prints Markdown table rows.  Run on purpose (bench/run), never in tests.
 *   bench-engine [fidelity|scaling|tracing|many-threads|gil]…   (default: all)
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pthread.h>
#include <sys/mman.h>
#include <time.h>

#include "bench-peer.h"
#include "bench-summary.h"
#include "il-cpuwork.h"
#include "il-gil.h"
#include "il-machine.h"
#include "il-run.h"
#include "il-trace.h"

/* The GIL's hand-overs, "—" without a GIL. */
static char *
format_handovers (const IlRunStats *st)
{
  return st->gil_handovers >= 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, st->gil_handovers) : g_strdup ("—");
}

static IlRun *
run_once_gil (const char *name,
              IlModel     model,
              gint        tasks,
              gint64      io_ms,
              gint64      cpu_ms,
              gboolean    tracing,
              gboolean    gil)
{
  g_autoptr(IlWorkload) workload = il_catalogue_lookup (name);
  IlWorkloadParams params = IL_WORKLOAD_PARAMS_INIT;
  g_autoptr(GError) error = NULL;
  IlRun *run;

  params.tasks = tasks;
  params.io_ms = io_ms;
  params.cpu_ms = cpu_ms;
  run = il_run_new (workload, &params, model);
  il_run_set_tracing (run, tracing);
  il_run_set_gil (run, gil, 0);
  if (!il_run_execute (run, NULL, &error))
    g_error ("%s: %s", name, error->message);
  return run;
}

static IlRun *
run_once (const char *name,
          IlModel     model,
          gint        tasks,
          gint64      io_ms,
          gint64      cpu_ms,
          gboolean    tracing)
{
  return run_once_gil (name, model, tasks, io_ms, cpu_ms, tracing, FALSE);
}

typedef struct {
  IlGil   *gil;
  guint    rounds;
  gint     finished;
} GilPing;

static gpointer
gil_ping_thread (gpointer data)
{
  GilPing *ping = data;

  for (guint i = 0; i < ping->rounds; i++)
    {
      il_gil_acquire (ping->gil, NULL, NULL);
      /* Hold it until the other thread asks (the switch interval is tiny). */
      while (!il_gil_drop_requested (ping->gil) && !g_atomic_int_get (&ping->finished))
        ;
      il_gil_drop (ping->gil);
    }
  g_atomic_int_inc (&ping->finished);
  return NULL;
}

static void
bench_gil (void)
{
  const gint counts[] = { 2, 4 };
  GilPing ping = { il_gil_new (1000), 20000, 0 };   /* 1 µs switch interval */
  GThread *a, *b;
  gint64 t0, t1;

  printf ("\n### The emulated GIL\n\n");
  t0 = il_now_ns ();
  a = g_thread_new ("ping", gil_ping_thread, &ping);
  b = g_thread_new ("pong", gil_ping_thread, &ping);
  g_thread_join (a);
  g_thread_join (b);
  t1 = il_now_ns ();
  printf ("Forced hand-over between two threads (drop request, release, the waiter takes it): "
          "%.1f µs each (%" G_GUINT64_FORMAT " hand-overs)\n\n",
          (t1 - t0) / 1e3 / MAX (il_gil_get_handovers (ping.gil), 1),
          il_gil_get_handovers (ping.gil));
  il_gil_free (ping.gil);

  printf ("| workload | tasks | model | makespan | speedup vs sequential | GIL hand-overs |\n|---|---|---|---|---|---|\n");
  for (guint c = 0; c < G_N_ELEMENTS (counts); c++)
    {
      g_autoptr(IlRun) seq = run_once ("sum-of-squares", IL_MODEL_SEQUENTIAL, counts[c], -1, 1000, TRUE);

      for (guint g = 0; g < 2; g++)
        {
          g_autoptr(IlRun) run = run_once_gil ("sum-of-squares", IL_MODEL_THREADS, counts[c], -1, 1000, TRUE, g);
          const IlRunStats *st = il_run_get_stats (run);

          g_autofree char *handovers = format_handovers (st);

          printf ("| sum-of-squares | %d | %s | %.3f s | %.3f | %s |\n", counts[c],
                  il_run_get_title (run), st->makespan_ns / 1e9,
                  il_run_stats_speedup (st, il_run_get_stats (seq)), handovers);
          fflush (stdout);
          if (g)
            {
              g_autofree char *what = g_strdup_printf ("sum-of-squares, %d tasks, threads with the emulated GIL: speedup",
                                                       counts[c]);

              bench_summary (what, "–", "–", BENCH_NO_TARGET, "%.2f (%s hand-overs)",
                             il_run_stats_speedup (st, il_run_get_stats (seq)), handovers);
            }
        }
    }
  /* I/O-bound: unchanged by the GIL (target within 2 %). */
  double io[2];

  for (guint g = 0; g < 2; g++)
    {
      g_autoptr(IlRun) run = run_once_gil ("fetch-data", IL_MODEL_THREADS, 0, -1, -1, TRUE, g);
      const IlRunStats *st = il_run_get_stats (run);
      g_autofree char *handovers = format_handovers (st);

      printf ("| fetch-data | 5 | %s | %.4f s | — | %s |\n",
              il_run_get_title (run), st->makespan_ns / 1e9, handovers);
      io[g] = st->makespan_ns / 1e9;
    }
  bench_summary ("fetch-data, threads without / with the emulated GIL", "within 2 %", "–",
                 bench_verdict (ABS (io[1] / io[0] - 1) <= 0.02), "%.4f s / %.4f s", io[0], io[1]);
}

static void
bench_fidelity (void)
{
  const char *workloads[] = { "three-tasks", "fetch-data" };

  double in_process[2] = { G_MAXDOUBLE, 0 }, processes[2] = { G_MAXDOUBLE, 0 };

  printf ("\n### Fidelity: makespan / ideal (target ≤ 1.01)\n\n");
  printf ("| workload | model | makespan | ideal | makespan / ideal |\n|---|---|---|---|---|\n");
  for (guint w = 0; w < G_N_ELEMENTS (workloads); w++)
    for (guint m = 0; m < IL_N_MODELS; m++)
      {
        g_autoptr(IlRun) run = run_once (workloads[w], m, 0, -1, -1, TRUE);
        const IlRunStats *st = il_run_get_stats (run);
        double ratio = (double) st->makespan_ns / st->ideal_ns;
        double *range = m >= IL_MODEL_PROCESSES ? processes : in_process;

        range[0] = MIN (range[0], ratio);
        range[1] = MAX (range[1], ratio);
        printf ("| %s | %s | %.4f s | %.4f s | %.4f |\n", workloads[w],
                il_model_get_info (m)->id, st->makespan_ns / 1e9, st->ideal_ns / 1e9,
                (double) st->makespan_ns / st->ideal_ns);
        fflush (stdout);
      }
  bench_summary ("makespan / ideal, three-tasks and fetch-data, thread and event-loop models", "≤ 1.01",
                 "–", bench_verdict (in_process[1] <= 1.01), "%.4f – %.4f", in_process[0], in_process[1]);
  bench_summary ("the same, process models", "≤ 1.01", "–", bench_verdict (processes[1] <= 1.01),
                 "%.4f – %.4f", processes[0], processes[1]);
}

/* The floor under the threads model on this machine: 10,000 bare
 * pthreads, each sleeping 1 s, started by one starter per core (at most
 * 4) with their stacks from one mapping, as the model does, and nothing
 * else (no trace, no queue).  The makespan: from before the first is made
 * to the last one's end. */
#define FLOOR_THREADS    10000
#define FLOOR_STACK      (256 * 1024)

typedef struct {
  guint8    *stacks;
  pthread_t *threads;
  gint       next;
  gint64     last_end;
} Floor;

static void *
floor_sleeper (void *data)
{
  Floor *floor = data;
  struct timespec second = { 1, 0 };
  gint64 end, seen;

  nanosleep (&second, NULL);
  end = il_now_ns ();
  seen = g_atomic_pointer_get ((gint64 *) &floor->last_end);
  while (end > seen && !__atomic_compare_exchange_n (&floor->last_end, &seen, end, FALSE,
                                                     __ATOMIC_RELAXED, __ATOMIC_RELAXED))
    ;
  return NULL;
}

static gpointer
floor_starter (gpointer data)
{
  Floor *floor = data;
  pthread_attr_t attr;
  gint i;

  pthread_attr_init (&attr);
  while ((i = g_atomic_int_add (&floor->next, 1)) < FLOOR_THREADS)
    {
      pthread_attr_setstack (&attr, floor->stacks + (gsize) i * FLOOR_STACK, FLOOR_STACK);
      if (pthread_create (&floor->threads[i], &attr, floor_sleeper, floor) != 0)
        g_error ("pthread_create failed at %d", i);
    }
  pthread_attr_destroy (&attr);
  return NULL;
}

static double
pthread_floor (void)
{
  Floor floor = { 0, };
  guint n_starters = MIN (il_machine_get_logical_cores (), 4);
  GThread *starters[4];
  gint64 t0;

  floor.threads = g_new (pthread_t, FLOOR_THREADS);
  t0 = il_now_ns ();
  floor.stacks = mmap (NULL, (gsize) FLOOR_THREADS * FLOOR_STACK, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
  g_assert (floor.stacks != MAP_FAILED);
  for (guint i = 1; i < n_starters; i++)
    starters[i] = g_thread_new ("floor-starter", floor_starter, &floor);
  floor_starter (&floor);
  for (guint i = 1; i < n_starters; i++)
    g_thread_join (starters[i]);
  for (guint i = 0; i < FLOOR_THREADS; i++)
    pthread_join (floor.threads[i], NULL);
  munmap (floor.stacks, (gsize) FLOOR_THREADS * FLOOR_STACK);
  g_free (floor.threads);
  return (floor.last_end - t0) / 1e9;
}

static void
bench_many_threads (void)
{
  g_autoptr(IlRun) run = run_once ("fetch-data", IL_MODEL_THREADS, 10000, 1000, 0, TRUE);
  const IlRunStats *st = il_run_get_stats (run);
  double ratio = (double) st->makespan_ns / st->ideal_ns;
  double floor = pthread_floor ();
  const char *args[] = { "threads", "10000", "1", NULL };
  g_autofree char *why = NULL;
  g_autofree char *out = bench_run_python ("sleep_peer.py", args, &why);
  g_autofree char *peer = NULL;
  double python;

  printf ("\n### 10,000 tasks of 1 s sleep (target ≤ 1.3 for threads)\n\n");
  printf ("| what | makespan | ideal | makespan / ideal |\n|---|---|---|---|\n");
  printf ("| threads | %.3f s | %.3f s | %.3f |\n", st->makespan_ns / 1e9, st->ideal_ns / 1e9, ratio);
  printf ("| the floor: 10,000 bare pthreads sleeping 1 s, nothing recorded | %.3f s | 1.000 s | %.3f |\n",
          floor, floor);
  if (out != NULL && sscanf (out, "makespan %*f ideal %*f ratio %lf", &python) == 1)
    {
      printf ("| Python's threading, a Thread each (bench/sleep_peer.py) | %.3f s | 1.000 s | %.3f |\n",
              python, python);
      peer = g_strdup_printf ("Python's threading %.2f ×; bare pthreads %.2f ×", python, floor);
    }
  else
    {
      printf ("\nPython's peer not run: %s\n", why ? why : "no figure printed");
      peer = g_strdup_printf ("Python: not run; bare pthreads %.2f ×", floor);
    }
  fflush (stdout);
  bench_summary ("10,000 tasks × 1 s sleep, threads: makespan / ideal", "≤ 1.3", peer,
                 bench_verdict (ratio <= 1.3), "%.2f ×", ratio);
}

static void
bench_scaling (void)
{
  const gint counts[] = { 2, 4 };

  printf ("\n### CPU scaling: sum-of-squares, 1 s of work per task (target speedup ≥ 1.85 on 2 cores)\n\n");
  printf ("| tasks | model | makespan | speedup vs sequential |\n|---|---|---|---|\n");
  for (guint c = 0; c < G_N_ELEMENTS (counts); c++)
    {
      g_autoptr(IlRun) seq = run_once ("sum-of-squares", IL_MODEL_SEQUENTIAL, counts[c], -1, 1000, TRUE);
      const IlModel models[] = { IL_MODEL_THREADS, IL_MODEL_THREAD_POOL, IL_MODEL_GTASK };

      double lo = G_MAXDOUBLE, hi = 0;
      g_autofree char *what = g_strdup_printf ("sum-of-squares, %d tasks, speedup on %u cores: threads, thread-pool, gtask",
                                               counts[c], il_machine_get_logical_cores ());

      printf ("| %d | sequential | %.3f s | 1.00 |\n", counts[c], il_run_get_stats (seq)->makespan_ns / 1e9);
      for (guint m = 0; m < G_N_ELEMENTS (models); m++)
        {
          g_autoptr(IlRun) run = run_once ("sum-of-squares", models[m], counts[c], -1, 1000, TRUE);
          double speedup = il_run_stats_speedup (il_run_get_stats (run), il_run_get_stats (seq));

          printf ("| %d | %s | %.3f s | %.3f |\n", counts[c], il_model_get_info (models[m])->id,
                  il_run_get_stats (run)->makespan_ns / 1e9, speedup);
          fflush (stdout);
          lo = MIN (lo, speedup);
          hi = MAX (hi, speedup);
        }
      if (il_machine_get_logical_cores () >= 2)
        bench_summary (what, "≥ 1.85", "–", bench_verdict (lo >= 1.85), "%.2f – %.2f", lo, hi);
    }
}

#define TRACING_PAIRS 9

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
bench_tracing (void)
{
  const guint n = 10 * 1000 * 1000;
  g_autoptr(IlTrace) trace = il_trace_new ();
  guint task = il_trace_add_task (trace, "t", il_trace_get_origin (trace));
  gint64 t0, t1, base;
  double on = G_MAXDOUBLE, off = G_MAXDOUBLE, median;
  double ratios[TRACING_PAIRS];

  /* Recording alone: every call changes state, so every call closes a
   * segment (the worst case: the hot path records far fewer). */
  base = il_now_ns ();
  t0 = il_now_ns ();
  for (guint i = 0; i < n; i++)
    il_trace_enter (trace, task, (i & 1) ? IL_STATE_RUNNING : IL_STATE_PREEMPTED, 0, 0, base + i);
  t1 = il_now_ns ();

  printf ("\n### Tracing cost\n\n");
  printf ("| what | figure |\n|---|---|\n");
  printf ("| ns per recorded segment (%u segments, one thread) | %.1f ns |\n", n, (double) (t1 - t0) / n);

  /* A CPU run with tracing on and off, in interleaved pairs (on first in
   * odd pairs, off first in even ones): the median of the pairs' ratios,
   * which a burst of other load in one pair does not move. */
  for (guint r = 0; r < TRACING_PAIRS; r++)
    {
      g_autoptr(IlRun) a = NULL;
      g_autoptr(IlRun) b = NULL;

      if (r % 2 == 0)
        {
          a = run_once ("sum-of-squares", IL_MODEL_SEQUENTIAL, 2, -1, 500, TRUE);
          b = run_once ("sum-of-squares", IL_MODEL_SEQUENTIAL, 2, -1, 500, FALSE);
        }
      else
        {
          b = run_once ("sum-of-squares", IL_MODEL_SEQUENTIAL, 2, -1, 500, FALSE);
          a = run_once ("sum-of-squares", IL_MODEL_SEQUENTIAL, 2, -1, 500, TRUE);
        }
      ratios[r] = (double) il_run_get_stats (a)->makespan_ns / il_run_get_stats (b)->makespan_ns;
      on = MIN (on, il_run_get_stats (a)->makespan_ns / 1e9);
      off = MIN (off, il_run_get_stats (b)->makespan_ns / 1e9);
    }
  qsort (ratios, TRACING_PAIRS, sizeof (double), compare_double);
  median = ratios[TRACING_PAIRS / 2];
  printf ("| sum-of-squares 2 × 500 ms, sequential, tracing on (best of %d) | %.4f s |\n", TRACING_PAIRS, on);
  printf ("| the same, tracing off | %.4f s |\n", off);
  printf ("| on ÷ off, median of %d interleaved pairs (target: costs within 1%%) | %+.2f %% (pairs %+.2f – %+.2f %%) |\n",
          TRACING_PAIRS, (median - 1) * 100, (ratios[0] - 1) * 100, (ratios[TRACING_PAIRS - 1] - 1) * 100);
  bench_summary ("tracing: a recorded segment", "nanoseconds", "–", bench_verdict ((double) (t1 - t0) / n < 1000),
                 "%.0f ns", (double) (t1 - t0) / n);
  /* Below 0: tracing cost nothing measurable, the runs' noise is larger */
  bench_summary ("a CPU run with tracing on against off (2 × 500 ms, median of 9 interleaved pairs)",
                 "costs ≤ 1 %", "–", bench_verdict (median - 1 <= 0.01), "%+.2f %% (pairs %+.2f – %+.2f %%)",
                 (median - 1) * 100, (ratios[0] - 1) * 100, (ratios[TRACING_PAIRS - 1] - 1) * 100);
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

      if (all || strcmp (what, "fidelity") == 0)
        bench_fidelity ();
      if (all || strcmp (what, "many-threads") == 0)
        bench_many_threads ();
      if (all || strcmp (what, "scaling") == 0)
        bench_scaling ();
      if (all || strcmp (what, "tracing") == 0)
        bench_tracing ();
      if (all || strcmp (what, "gil") == 0)
        bench_gil ();
      if (all)
        break;
    }
  return 0;
}
