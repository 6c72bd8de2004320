/* test-models.c — the thread models: overlap, limits, cores, cancellation */

#include "config.h"

#include <dirent.h>
#include <math.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "il-cpuwork.h"
#include "il-machine.h"
#include "il-run.h"
#include "il-trace.h"
#include "il-workload.h"

#include "il-test-util.h"

static void
test_sequential_does_not_overlap (void)
{
  g_autoptr(IlRun) run = il_test_run ("three-tasks", IL_MODEL_SEQUENTIAL, 3, 0, 30, -1, FALSE);
  g_autoptr(IlTraceSnapshot) snap = il_trace_snapshot (il_run_get_trace (run), 0);
  const IlRunStats *st = il_run_get_stats (run);
  gint64 prev_end = 0;

  il_test_assert_trace_invariants (snap);
  for (guint i = 0; i < 3; i++)
    {
      gint64 start = 0, end = 0;

      g_assert_true (il_test_state_span (&snap->tasks[i], IL_STATE_IO_WAIT, &start, &end));
      g_assert_cmpint (start, >=, prev_end);
      g_assert_cmpint (end - start, >=, 30 * MS);
      prev_end = end;
    }
  g_assert_cmpint (st->makespan_ns, >=, 90 * MS);
  g_assert_cmpint (st->ideal_ns, ==, 90 * MS);
  g_assert_cmpuint (st->tasks_ok, ==, 3);
  g_assert_cmpuint (st->workers_seen, ==, 1);
  g_assert_cmpuint (st->n_completion_order, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpuint (st->completion_order[i], ==, i);
}

static void
assert_sleeps_overlap (IlModel model)
{
  g_autoptr(IlRun) run = il_test_run ("three-tasks", model, 3, 3, 60, -1, FALSE);
  g_autoptr(IlTraceSnapshot) snap = il_trace_snapshot (il_run_get_trace (run), 0);
  const IlRunStats *st = il_run_get_stats (run);
  gint64 latest_start = 0, earliest_end = G_MAXINT64;

  il_test_assert_trace_invariants (snap);
  for (guint i = 0; i < 3; i++)
    {
      gint64 start = 0, end = 0;

      g_assert_true (il_test_state_span (&snap->tasks[i], IL_STATE_IO_WAIT, &start, &end));
      latest_start = MAX (latest_start, start);
      earliest_end = MIN (earliest_end, end);
    }
  /* All three wait at the same moment. */
  g_assert_cmpint (latest_start, <, earliest_end);
  g_assert_cmpint (st->makespan_ns, >=, 60 * MS);
  g_assert_cmpint (st->makespan_ns, <, 170 * MS);
  g_assert_cmpint (st->ideal_ns, ==, 60 * MS);
  g_assert_cmpuint (st->tasks_ok, ==, 3);
}

static void test_threads_overlap (void)     { assert_sleeps_overlap (IL_MODEL_THREADS); }
static void test_pool_overlaps (void)       { assert_sleeps_overlap (IL_MODEL_THREAD_POOL); }
static void test_gtask_overlaps (void)      { assert_sleeps_overlap (IL_MODEL_GTASK); }

static void
test_pool_limits_concurrency (void)
{
  g_autoptr(IlRun) run = il_test_run ("fetch-data", IL_MODEL_THREAD_POOL, 6, 2, 40, -1, FALSE);
  g_autoptr(IlTraceSnapshot) snap = il_trace_snapshot (il_run_get_trace (run), 0);
  const IlRunStats *st = il_run_get_stats (run);

  il_test_assert_trace_invariants (snap);
  g_assert_cmpuint (st->workers, ==, 2);
  g_assert_cmpuint (st->workers_seen, <=, 2);
  /* Six 40 ms waits on two workers: three rounds. */
  g_assert_cmpint (st->makespan_ns, >=, 120 * MS);
  g_assert_cmpint (st->ideal_ns, ==, 120 * MS);
  /* At no moment are more than two tasks past their queue. */
  for (gint64 t = 0; t < st->makespan_ns; t += MS)
    {
      guint active = 0;

      for (guint i = 0; i < snap->n_tasks; i++)
        for (guint s = 0; s < snap->tasks[i].n_segments; s++)
          {
            const IlSegment *seg = &snap->tasks[i].segments[s];

            if (seg->state != IL_STATE_QUEUED && !il_state_is_terminal (seg->state) &&
                seg->start_ns <= t && t < seg->end_ns)
              active++;
          }
      g_assert_cmpuint (active, <=, 2);
    }
  /* The later tasks waited in the queue first. */
  {
    gint64 start = 0, end = 0;

    g_assert_true (il_test_state_span (&snap->tasks[5], IL_STATE_QUEUED, &start, &end));
    g_assert_cmpint (end - start, >=, 40 * MS);
  }
}

/* Many tasks: a thread each (started by one starter per core). */
static void
test_threads_many_tasks (void)
{
  g_autoptr(IlRun) run = il_test_run ("fetch-data", IL_MODEL_THREADS, 1200, 0, 30, -1, FALSE);
  g_autoptr(IlTraceSnapshot) snap = il_trace_snapshot (il_run_get_trace (run), 0);
  const IlRunStats *st = il_run_get_stats (run);

  il_test_assert_trace_invariants (snap);
  g_assert_cmpuint (st->tasks_ok, ==, 1200);
  g_assert_cmpuint (st->workers_seen, ==, 1200);
  /* Far less than 1200 × 30 ms: the sleeps overlap. */
  g_assert_cmpint (st->makespan_ns, <, 3000 * MS);
  il_test_assert_no_threads ("il-");
}

static void
test_cpu_tasks_run_on_cores (void)
{
  g_autoptr(IlRun) seq = il_test_run ("sum-of-squares", IL_MODEL_SEQUENTIAL, 2, 0, -1, 60, FALSE);
  g_autoptr(IlRun) thr = il_test_run ("sum-of-squares", IL_MODEL_THREADS, 2, 0, -1, 60, FALSE);
  g_autoptr(IlTraceSnapshot) snap = il_trace_snapshot (il_run_get_trace (thr), 0);
  const IlRunStats *st = il_run_get_stats (thr);
  gint64 running = 0;

  il_test_assert_trace_invariants (snap);
  for (guint i = 0; i < snap->n_tasks; i++)
    for (guint s = 0; s < snap->tasks[i].n_segments; s++)
      {
        const IlSegment *seg = &snap->tasks[i].segments[s];

        if (seg->state == IL_STATE_RUNNING)
          {
            g_assert_cmpint (seg->cpu, >=, 0);
            g_assert_cmpint (seg->cpu, <, (gint) il_machine_get_logical_cores ());
            running += seg->end_ns - seg->start_ns;
          }
      }
  /* 2 × 60 ms of work is mostly recorded as running. */
  g_assert_cmpint (running, >=, 60 * MS);
  g_assert_cmpfloat (st->cpu_time_s, >=, 0.06);
  g_assert_cmpuint (st->cores_used, >=, 1);
  g_assert_cmpint (il_run_get_stats (seq)->makespan_ns, >=, 100 * MS);

  if (il_machine_get_logical_cores () >= 2)
    {
      gint64 s0 = 0, e0 = 0, s1 = 0, e1 = 0;

      /* Free-threaded: the two computations overlap in time. */
      g_assert_true (il_test_state_span (&snap->tasks[0], IL_STATE_RUNNING, &s0, &e0));
      g_assert_true (il_test_state_span (&snap->tasks[1], IL_STATE_RUNNING, &s1, &e1));
      g_assert_cmpint (MAX (s0, s1), <, MIN (e0, e1));
    }
}

static void
test_no_work_on_calling_thread (void)
{
  /* Each model adds itself here once it lands. */
  const IlModel models[] = { IL_MODEL_SEQUENTIAL, IL_MODEL_THREADS, IL_MODEL_THREAD_POOL, IL_MODEL_GTASK, IL_MODEL_ASYNC, IL_MODEL_ASYNC_EXECUTOR, IL_MODEL_PROCESSES, IL_MODEL_PROCESS_POOL };

  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    {
      IlModel m = models[i];
      g_autoptr(IlRun) run = il_test_run ("mixed", m, 3, 2, 5, 5, FALSE);
      g_autoptr(IlTraceSnapshot) snap = il_trace_snapshot (il_run_get_trace (run), 0);

      g_assert_cmpuint (snap->n_workers, >=, 1);
      for (guint w = 0; w < snap->n_workers; w++)
        g_assert_cmpint (snap->workers[w].tid, !=, gettid ());
      il_test_assert_trace_invariants (snap);
    }
}

/* Under every model, with the GIL and without, a real run of tasks that
 * wait and then compute takes no less than its ideal. */
static void
test_the_ideal_is_below_every_makespan (void)
{
  for (IlModel m = 0; m < IL_N_MODELS; m++)
    for (guint gil = 0; gil < 2; gil++)
      {
        g_autoptr(IlRun) run = il_test_run ("mixed", m, 4, 2, 20, 20, gil);
        const IlRunStats *st = il_run_get_stats (run);

        g_test_message ("%s: ideal %.3f s, makespan %.3f s", il_run_get_title (run),
                        st->ideal_ns / 1e9, st->makespan_ns / 1e9);
        g_assert_cmpuint (st->tasks_ok, ==, 4);
        /* At least one task's sleep and its computing */
        g_assert_cmpint (st->ideal_ns, >=, 20 * MS);
        g_assert_cmpint (st->ideal_ns, <=, st->makespan_ns);
      }
}

static void
assert_cancels_quickly (const char *workload_name,
                        IlModel     model,
                        gint64      io_ms,
                        gint64      cpu_ms)
{
  g_autoptr(IlWorkload) workload = il_catalogue_lookup (workload_name);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  IlWorkloadParams params = IL_WORKLOAD_PARAMS_INIT;
  g_autoptr(GError) error = NULL;
  g_autoptr(IlRun) run = NULL;
  g_autoptr(IlTraceSnapshot) snap = NULL;
  guint threads_before = il_test_count_threads (NULL);
  GThread *canceller;
  gint64 t0, elapsed;

  params.tasks = 4;
  params.io_ms = io_ms;
  params.cpu_ms = cpu_ms;
  run = il_run_new (workload, &params, model);
  canceller = il_test_cancel_later (cancellable, 80);
  t0 = g_get_monotonic_time ();
  g_assert_true (il_run_execute (run, cancellable, &error));
  elapsed = g_get_monotonic_time () - t0;
  g_thread_join (canceller);

  g_assert_cmpint (elapsed, <, 80000 + 400000);
  g_assert_true (il_run_get_stats (run)->cancelled);
  g_assert_cmpuint (il_run_get_stats (run)->tasks_stopped, ==, 4);
  g_assert_cmpuint (il_run_get_stats (run)->tasks_failed, ==, 0);
  snap = il_trace_snapshot (il_run_get_trace (run), 0);
  il_test_assert_trace_invariants (snap);
  g_assert_true (snap->tasks[0].stopped);
  /* Every thread the run made itself has been joined.  GLib keeps up to
   * two idle pool threads for reuse (g_thread_pool_set_max_unused_threads)
   * and GTask's shared pool keeps its own: that is GLib's policy, bounded. */
  il_test_assert_no_threads ("il-");
  if (model != IL_MODEL_GTASK)
    g_assert_cmpuint (il_test_count_threads (NULL), <=, threads_before + 2);
}

static void test_cancel_sleeping_threads (void) { assert_cancels_quickly ("fetch-data", IL_MODEL_THREADS, 5000, 0); }
static void test_cancel_sleeping_sequential (void) { assert_cancels_quickly ("fetch-data", IL_MODEL_SEQUENTIAL, 5000, 0); }
static void test_cancel_computing_pool (void) { assert_cancels_quickly ("count-loop", IL_MODEL_THREAD_POOL, 0, 5000); }
static void test_cancel_computing_gtask (void) { assert_cancels_quickly ("count-loop", IL_MODEL_GTASK, 0, 5000); }

/* Programs busy beside a run are measured and said: one busy loop per
 * core, started before the run and stopped after it. */
static void
test_other_load_is_measured (void)
{
  g_autoptr(GPtrArray) hogs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(IlRun) quiet = NULL;
  g_autoptr(IlRun) busy = NULL;
  const IlRunRecord *record;

  /* Nothing else on the machine should not look like load either: the
   * run's own work (two threads computing) is not "other". */
  quiet = il_test_run ("sum-of-squares", IL_MODEL_THREADS, 2, 0, -1, 150, FALSE);
  record = il_run_get_record (quiet);
  g_assert_true (isfinite (record->other_load));
  g_assert_cmpfloat (record->other_load, >=, 0.0);
  g_assert_cmpfloat (record->other_load, <=, 1.0);

  for (guint i = 0; i < il_machine_get_logical_cores (); i++)
    {
      g_autoptr(GError) error = NULL;
      GSubprocess *hog = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error,
                                           "sh", "-c", "while :; do :; done", NULL);

      g_assert_no_error (error);
      g_ptr_array_add (hogs, hog);
    }
  g_usleep (50 * 1000);
  busy = il_test_run ("sum-of-squares", IL_MODEL_SEQUENTIAL, 1, 0, -1, 300, FALSE);
  for (guint i = 0; i < hogs->len; i++)
    {
      g_subprocess_force_exit (g_ptr_array_index (hogs, i));
      g_subprocess_wait (g_ptr_array_index (hogs, i), NULL, NULL);
    }
  record = il_run_get_record (busy);
  /* The loops had every core to themselves but for the one the run
   * computed on: far more than the warning's share. */
  g_assert_cmpfloat (record->other_load, >, 0.25);
  g_assert_cmpfloat (record->other_cpu_s, >, 0.1);
  g_assert_true (il_run_stats_saw_other_load (il_run_get_stats (busy)));
}

/* A record makes a finished run again (as a saved file or an imported
 * trace will): same title, stats and record, nothing to execute. */
static void
test_a_run_from_its_record (void)
{
  g_autoptr(IlRun) run = il_test_run ("three-tasks", IL_MODEL_THREADS, 3, 0, 20, -1, TRUE);
  g_autoptr(IlRun) again = il_run_new_from_record (NULL, (IlRunRecord *) il_run_get_record (run));
  const IlRunStats *a = il_run_get_stats (run), *b = il_run_get_stats (again);
  guint done = 0, total = 0;
  g_autoptr(GError) error = NULL;

  g_assert_true (il_run_is_finished (again));
  g_assert_true (il_run_get_record (again) == il_run_get_record (run));
  g_assert_cmpstr (il_run_get_title (again), ==, "threads + GIL");
  g_assert_cmpint (b->makespan_ns, ==, a->makespan_ns);
  g_assert_cmpint (b->ideal_ns, ==, a->ideal_ns);
  g_assert_cmpuint (b->tasks_ok, ==, 3);
  g_assert_cmpuint (b->n_completion_order, ==, a->n_completion_order);
  il_run_get_progress (again, &done, &total);
  g_assert_cmpuint (done, ==, 3);
  g_assert_cmpuint (total, ==, 3);
  g_test_expect_message (G_LOG_DOMAIN, G_LOG_LEVEL_CRITICAL, "*executing*");
  g_assert_false (il_run_execute (again, NULL, &error));
  g_test_assert_expected_messages ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/run/sequential-does-not-overlap", test_sequential_does_not_overlap);
  g_test_add_func ("/engine/run/threads-overlap-sleeps", test_threads_overlap);
  g_test_add_func ("/engine/run/thread-pool-overlaps-sleeps", test_pool_overlaps);
  g_test_add_func ("/engine/run/gtask-overlaps-sleeps", test_gtask_overlaps);
  g_test_add_func ("/engine/run/thread-pool-limits-concurrency", test_pool_limits_concurrency);
  g_test_add_func ("/engine/run/cpu-tasks-run-on-cores", test_cpu_tasks_run_on_cores);
  g_test_add_func ("/engine/run/threads-many-tasks-each-get-a-thread", test_threads_many_tasks);
  g_test_add_func ("/engine/run/no-work-on-calling-thread", test_no_work_on_calling_thread);
  g_test_add_func ("/engine/run/the-ideal-is-below-every-makespan", test_the_ideal_is_below_every_makespan);
  g_test_add_func ("/engine/cancel/sleeping-threads", test_cancel_sleeping_threads);
  g_test_add_func ("/engine/cancel/sleeping-sequential", test_cancel_sleeping_sequential);
  g_test_add_func ("/engine/cancel/computing-pool", test_cancel_computing_pool);
  g_test_add_func ("/engine/cancel/computing-gtask", test_cancel_computing_gtask);
  g_test_add_func ("/engine/run/other-load-is-measured", test_other_load_is_measured);
  g_test_add_func ("/engine/run/a-run-from-its-record", test_a_run_from_its_record);

  return g_test_run ();
}
