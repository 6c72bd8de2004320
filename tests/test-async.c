/* test-async.c — the event loop models: async and async-executor */

#include "config.h"

#include <dirent.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "il-run.h"
#include "il-trace.h"
#include "il-workload.h"

#include "il-test-util.h"


static guint32
loop_worker (IlTraceSnapshot *snap)
{
  for (guint w = 0; w < snap->n_workers; w++)
    if (snap->workers[w].kind == IL_WORKER_LOOP)
      return w;
  g_assert_not_reached ();
  return IL_NO_WORKER;
}

/* ------------------------------------------------------------------------ */

static void
test_sleeps_overlap (void)
{
  g_autoptr(IlRun) run = il_test_run ("fetch-data", IL_MODEL_ASYNC, 5, 0, 100, 0, FALSE);
  g_autoptr(IlTraceSnapshot) snap = il_trace_snapshot (il_run_get_trace (run), 0);
  const IlRunStats *st = il_run_get_stats (run);
  gint64 latest_start = 0, earliest_end = G_MAXINT64;

  il_test_assert_trace_invariants (snap);
  g_assert_cmpuint (st->tasks_ok, ==, 5);
  g_assert_cmpint (st->ideal_ns, ==, 100 * MS);
  /* One lane for the loop, named so, on a thread that is not this one */
  g_assert_cmpuint (snap->n_workers, ==, 1);
  g_assert_cmpint (snap->workers[0].kind, ==, IL_WORKER_LOOP);
  g_assert_cmpstr (snap->workers[0].label, ==, "event loop");
  g_assert_cmpint (snap->workers[0].tid, !=, gettid ());

  for (guint i = 0; i < snap->n_tasks; i++)
    {
      gint64 start = 0, end = 0;

      g_assert_true (il_test_state_span (&snap->tasks[i], IL_STATE_IO_WAIT, &start, &end));
      g_assert_cmpint (end - start, >=, 100 * MS);
      latest_start = MAX (latest_start, start);
      earliest_end = MIN (earliest_end, end);
      g_assert_cmpuint (snap->tasks[i].worker, ==, 0);
    }
  /* asyncio.gather: the five waits overlap */
  g_assert_cmpint (latest_start, <, earliest_end);
  g_assert_cmpint (st->makespan_ns, <, 300 * MS);
}

/* Seed 001: two CPU tasks under asyncio take the sum of their times. */
static void
test_cpu_tasks_take_the_sum (void)
{
  g_autoptr(IlRun) run = il_test_run ("sum-of-squares", IL_MODEL_ASYNC, 2, 0, 0, 60, FALSE);
  g_autoptr(IlTraceSnapshot) snap = il_trace_snapshot (il_run_get_trace (run), 0);
  const IlRunStats *st = il_run_get_stats (run);
  gint64 s0 = 0, e0 = 0, s1 = 0, e1 = 0, a, b;

  il_test_assert_trace_invariants (snap);
  g_assert_cmpuint (st->tasks_ok, ==, 2);
  g_assert_true (il_test_state_span (&snap->tasks[0], IL_STATE_RUNNING, &s0, &e0));
  g_assert_true (il_test_state_span (&snap->tasks[1], IL_STATE_RUNNING, &s1, &e1));
  /* One after the other on the loop */
  g_assert_true (e0 <= s1 || e1 <= s0);
  /* (Wall time, not the planned 60 ms: the calibration is a measurement) */
  g_assert_cmpint (st->makespan_ns, >=, (e0 - s0) + (e1 - s1));
  /* The ideal knows: one thread computes, so it is the sum of the two
   * phases, not the longer one.  A phase counts what was planned or what
   * ran, whichever is less (the calibration is a measurement too, from a
   * machine perhaps busier then); its span may hold preemptions. */
  a = MIN (e0 - s0, 60 * MS);
  b = MIN (e1 - s1, 60 * MS);
  g_assert_cmpint (st->ideal_ns, >=, (a + b) * 9 / 10);
  g_assert_cmpint (st->ideal_ns, >, MAX (a, b) * 3 / 2);
}

/* A CPU phase blocks the loop: the others' timers are due, they are ready. */
static void
test_cpu_phase_blocks_the_loop (void)
{
  g_autoptr(IlRun) run = il_test_run ("mixed", IL_MODEL_ASYNC, 4, 0, 40, 40, FALSE);
  g_autoptr(IlTraceSnapshot) snap = il_trace_snapshot (il_run_get_trace (run), 0);
  const IlRunStats *st = il_run_get_stats (run);
  guint32 loop = loop_worker (snap);
  guint with_ready = 0;
  g_autoptr(GArray) running = g_array_new (FALSE, FALSE, sizeof (IlSegment));

  il_test_assert_trace_invariants (snap);
  g_assert_cmpuint (st->tasks_ok, ==, 4);
  for (guint i = 0; i < snap->n_tasks; i++)
    {
      const IlTaskSnapshot *t = &snap->tasks[i];
      gint64 io_start = 0, io_end = 0;

      g_assert_true (il_test_state_span (t, IL_STATE_IO_WAIT, &io_start, &io_end));
      /* io-wait lasts exactly the sleep: it ends at the timer's deadline */
      g_assert_cmpint (il_task_snapshot_time_in (t, IL_STATE_IO_WAIT), >=, 40 * MS);
      g_assert_cmpint (il_task_snapshot_time_in (t, IL_STATE_IO_WAIT), <, 45 * MS);
      if (il_task_snapshot_time_in (t, IL_STATE_READY) > 10 * MS)
        with_ready++;
      for (guint s = 0; s < t->n_segments; s++)
        {
          const IlSegment *seg = &t->segments[s];

          if (seg->state == IL_STATE_READY)
            g_assert_cmpint (seg->start_ns, ==, io_end);
          if (seg->state == IL_STATE_RUNNING && seg->end_ns - seg->start_ns > MS)
            {
              g_assert_cmpuint (seg->worker, ==, loop);
              g_array_append_val (running, *seg);
            }
        }
    }
  /* All sleeps end together, then the loop computes them one by one: three
   * of the four wait in ready for 40, 80 and 120 ms. */
  g_assert_cmpuint (with_ready, >=, 3);
  for (guint a = 0; a < running->len; a++)
    for (guint b = a + 1; b < running->len; b++)
      {
        const IlSegment *x = &g_array_index (running, IlSegment, a);
        const IlSegment *y = &g_array_index (running, IlSegment, b);

        g_assert_true (x->end_ns <= y->start_ns || y->end_ns <= x->start_ns);
      }
  {
    gint64 computing = 0;

    for (guint i = 0; i < running->len; i++)
      computing += g_array_index (running, IlSegment, i).end_ns - g_array_index (running, IlSegment, i).start_ns;
    g_assert_cmpint (st->makespan_ns, >=, 40 * MS + computing);
  }
}

/* run_in_executor: the CPU phases run on pool threads, side by side.
 * Returns whether they overlapped in time (whether both pool threads got a
 * core at once is up to the scheduler: the caller tries a few times). */
static gboolean
executor_runs_cpu_on_pool_threads (void)
{
  g_autoptr(IlRun) run = il_test_run ("sum-of-squares", IL_MODEL_ASYNC_EXECUTOR, 2, 2, 0, 80, FALSE);
  g_autoptr(IlTraceSnapshot) snap = il_trace_snapshot (il_run_get_trace (run), 0);
  const IlRunStats *st = il_run_get_stats (run);
  guint32 loop = loop_worker (snap);
  gint64 start[2] = { 0, 0 }, end[2] = { 0, 0 };
  guint32 worker[2] = { IL_NO_WORKER, IL_NO_WORKER };

  il_test_assert_trace_invariants (snap);
  g_assert_cmpuint (st->tasks_ok, ==, 2);
  g_assert_cmpuint (st->workers, ==, 2);
  /* The ideal lets both compute at once (two workers) */
  if (g_get_num_processors () >= 2)
    g_assert_cmpint (st->ideal_ns, <, 120 * MS);
  for (guint i = 0; i < 2; i++)
    {
      const IlTaskSnapshot *t = &snap->tasks[i];
      gint64 on_loop = 0, on_pool = 0;

      for (guint s = 0; s < t->n_segments; s++)
        {
          const IlSegment *seg = &t->segments[s];

          if (seg->state != IL_STATE_RUNNING)
            continue;
          /* The loop only starts and resumes the coroutine (short slivers);
           * computing happens on a pool thread, in as many pieces as the
           * scheduler cut it into on a busy machine. */
          if (seg->worker == loop)
            {
              on_loop += seg->end_ns - seg->start_ns;
              continue;
            }
          g_assert_cmpint (snap->workers[seg->worker].kind, ==, IL_WORKER_THREAD);
          g_assert_cmpint (seg->cpu, >=, 0);
          on_pool += seg->end_ns - seg->start_ns;
          if (worker[i] == IL_NO_WORKER)
            start[i] = seg->start_ns;
          worker[i] = seg->worker;
          end[i] = seg->end_ns;
        }
      g_assert_cmpuint (worker[i], !=, IL_NO_WORKER);
      g_assert_cmpint (on_pool, >=, 40 * MS);
      g_assert_cmpint (on_loop, <, 5 * MS);
    }
  /* Two pool threads, computing at the same time */
  return worker[0] != worker[1] && start[0] < end[1] && start[1] < end[0];
}

static void
test_executor_runs_cpu_on_pool_threads (void)
{
  gboolean overlapped = FALSE;

  for (guint attempt = 0; attempt < 5 && !overlapped; attempt++)
    overlapped = executor_runs_cpu_on_pool_threads ();
  if (g_get_num_processors () >= 2)
    g_assert_true (overlapped);
}

/* random-squares: the shortest sleeps end first, results x² kept. */
static void
test_completion_order_follows_the_sleeps (void)
{
  g_autoptr(IlRun) run = il_test_run ("random-squares", IL_MODEL_ASYNC, 20, 0, 200, 0, FALSE);
  g_autoptr(IlTraceSnapshot) snap = il_trace_snapshot (il_run_get_trace (run), 0);
  const IlRunStats *st = il_run_get_stats (run);
  gint64 prev = -1;

  il_test_assert_trace_invariants (snap);
  g_assert_cmpuint (st->n_completion_order, ==, 20);
  for (guint k = 0; k < st->n_completion_order; k++)
    {
      const IlTaskSnapshot *t = &snap->tasks[st->completion_order[k]];
      gint64 start = 0, end = 0;

      g_assert_true (il_test_state_span (t, IL_STATE_IO_WAIT, &start, &end));
      /* Timers fire in deadline order */
      g_assert_cmpint (end, >=, prev);
      prev = end;
      g_assert_true (t->has_result);
      g_assert_cmpint (t->result, ==, (gint64) t->id * t->id);
    }
}

static void
test_many_sleeps_overlap (void)
{
  g_autoptr(IlRun) run = il_test_run ("fetch-data", IL_MODEL_ASYNC, 2000, 0, 200, 0, FALSE);
  const IlRunStats *st = il_run_get_stats (run);

  g_assert_cmpuint (st->tasks_ok, ==, 2000);
  g_assert_cmpint (st->ideal_ns, ==, 200 * MS);
  /* Generous: speed is for bench/bench-crawl */
  g_assert_cmpint (st->makespan_ns, <, 2 * st->ideal_ns);
}

static void
test_every_workload_keeps_the_invariants (void)
{
  const char * const names[] = { "three-tasks", "print-numbers", "mixed", "count-loop" };
  const IlModel models[] = { IL_MODEL_ASYNC, IL_MODEL_ASYNC_EXECUTOR };

  for (guint m = 0; m < G_N_ELEMENTS (models); m++)
    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autoptr(IlRun) run = il_test_run (names[i], models[m], 3, 2, 10, 10, FALSE);
        g_autoptr(IlTraceSnapshot) snap = il_trace_snapshot (il_run_get_trace (run), 0);

        il_test_assert_trace_invariants (snap);
        g_assert_cmpuint (il_run_get_stats (run)->tasks_failed, ==, 0);
        g_assert_cmpfloat (il_run_get_stats (run)->cpu_time_s, >=, 0.0);
      }
}

/* ------------------------------------------------------------------------ */
/* Cancellation */

static void
assert_cancels_within_100_ms (const char *name,
                              IlModel     model,
                              gint64      io_ms,
                              gint64      cpu_ms)
{
  g_autoptr(IlWorkload) workload = il_catalogue_lookup (name);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  IlWorkloadParams params = IL_WORKLOAD_PARAMS_INIT;
  g_autoptr(GError) error = NULL;
  g_autoptr(IlRun) run = NULL;
  g_autoptr(IlTraceSnapshot) snap = NULL;
  GThread *canceller;
  gint64 t0, elapsed;

  params.tasks = 4;
  params.workers = 2;
  params.io_ms = io_ms;
  params.cpu_ms = cpu_ms;
  run = il_run_new (workload, &params, model);
  canceller = il_test_cancel_later (cancellable, 80);
  t0 = g_get_monotonic_time ();
  g_assert_true (il_run_execute (run, cancellable, &error));
  elapsed = g_get_monotonic_time () - t0;
  g_thread_join (canceller);

  /* Within 100 ms of the cancel on an idle machine; generous here. */
  g_assert_cmpint (elapsed, <, (80 + 400) * 1000);
  g_assert_true (il_run_get_stats (run)->cancelled);
  /* Every task was stopped, none failed or completed; a stopped run has
   * no bound and no completion order. */
  g_assert_cmpuint (il_run_get_stats (run)->tasks_stopped, ==, 4);
  g_assert_cmpuint (il_run_get_stats (run)->tasks_failed, ==, 0);
  g_assert_cmpuint (il_run_get_stats (run)->n_completion_order, ==, 0);
  g_assert_cmpint (il_run_get_stats (run)->ideal_ns, ==, -1);
  g_assert_true (isnan (il_run_stats_efficiency (il_run_get_stats (run))));
  snap = il_trace_snapshot (il_run_get_trace (run), 0);
  il_test_assert_trace_invariants (snap);
  for (guint i = 0; i < snap->n_tasks; i++)
    {
      const IlTaskSnapshot *t = &snap->tasks[i];

      g_assert_true (t->finished);
      g_assert_false (t->ok);
      g_assert_true (t->stopped);
      g_assert_cmpint (t->segments[t->n_segments - 1].state, ==, IL_STATE_STOPPED);
    }
  /* The loop thread has been joined */
  il_test_assert_no_threads ("il-");
}

static void test_cancel_sleeping (void) { assert_cancels_within_100_ms ("fetch-data", IL_MODEL_ASYNC, 5000, 0); }
static void test_cancel_computing (void) { assert_cancels_within_100_ms ("count-loop", IL_MODEL_ASYNC, 0, 5000); }
static void test_cancel_executor (void) { assert_cancels_within_100_ms ("count-loop", IL_MODEL_ASYNC_EXECUTOR, 0, 5000); }
static void test_cancel_mixed_executor (void) { assert_cancels_within_100_ms ("mixed", IL_MODEL_ASYNC_EXECUTOR, 50, 5000); }

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/async/sleeps-overlap", test_sleeps_overlap);
  g_test_add_func ("/engine/async/cpu-tasks-take-the-sum", test_cpu_tasks_take_the_sum);
  g_test_add_func ("/engine/async/cpu-phase-blocks-the-loop-others-are-ready", test_cpu_phase_blocks_the_loop);
  g_test_add_func ("/engine/async/completion-order-follows-the-sleeps", test_completion_order_follows_the_sleeps);
  g_test_add_func ("/engine/async/two-thousand-sleeps-overlap", test_many_sleeps_overlap);
  g_test_add_func ("/engine/async/every-workload-keeps-the-invariants", test_every_workload_keeps_the_invariants);
  g_test_add_func ("/engine/async-executor/cpu-runs-on-pool-threads-in-parallel", test_executor_runs_cpu_on_pool_threads);
  g_test_add_func ("/engine/async/cancel/sleeping-within-100-ms", test_cancel_sleeping);
  g_test_add_func ("/engine/async/cancel/computing-within-100-ms", test_cancel_computing);
  g_test_add_func ("/engine/async-executor/cancel/computing-within-100-ms", test_cancel_executor);
  g_test_add_func ("/engine/async-executor/cancel/mixed-within-100-ms", test_cancel_mixed_executor);

  return g_test_run ();
}
