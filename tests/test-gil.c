/* test-gil.c — the emulated GIL: computing in turns, I/O left alone */

#include "config.h"

#include <dirent.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "il-cpuwork.h"
#include "il-machine.h"
#include "il-run.h"
#include "il-trace.h"
#include "il-workload.h"

#include "il-test-util.h"

/* The emulated GIL */

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static void
test_gil_serialises_computation (void)
{
  g_autoptr(IlRun) run = il_test_run ("sum-of-squares", IL_MODEL_THREADS, 2, 0, -1, 100, TRUE);
  g_autoptr(IlTraceSnapshot) snap = il_trace_snapshot (il_run_get_trace (run), 0);
  const IlRunStats *st = il_run_get_stats (run);
  g_autoptr(GArray) lengths = g_array_new (FALSE, FALSE, sizeof (gint64));

  il_test_assert_trace_invariants (snap);
  g_assert_true (st->gil);
  /* No two running segments of different threads overlap. */
  for (guint s = 0; s < snap->tasks[0].n_segments; s++)
    {
      const IlSegment *a = &snap->tasks[0].segments[s];

      if (a->state != IL_STATE_RUNNING)
        continue;
      for (guint u = 0; u < snap->tasks[1].n_segments; u++)
        {
          const IlSegment *b = &snap->tasks[1].segments[u];

          if (b->state == IL_STATE_RUNNING)
            g_assert_true (a->end_ns <= b->start_ns || b->end_ns <= a->start_ns);
        }
    }
  /* It takes about as long as doing the two one after the other: at
   * least both threads' running time added up, and each waits for the
   * lock while the other runs.  (Measured against what ran, not the
   * plan's 200 ms: the calibration the work is sized by may have been
   * measured on a busier machine.) */
  g_assert_cmpint (st->makespan_ns, >=, il_task_snapshot_time_in (&snap->tasks[0], IL_STATE_RUNNING)
                                        + il_task_snapshot_time_in (&snap->tasks[1], IL_STATE_RUNNING));
  g_assert_cmpint (st->makespan_ns, >=, 100 * MS);
  g_assert_cmpint (st->gil_wait_ns, >=, 30 * MS);
  /* Hand-overs at about the 5 ms switch interval: 200 ms of work in
   * turns of about 5 ms (generous bounds: the machine may be busy). */
  g_assert_cmpuint (st->gil_handovers, >=, 8);
  for (guint t = 0; t < 2; t++)
    {
      gint64 held_since = -1;

      for (guint s = 0; s < snap->tasks[t].n_segments; s++)
        {
          const IlSegment *seg = &snap->tasks[t].segments[s];

          if (seg->state == IL_STATE_RUNNING || seg->state == IL_STATE_PREEMPTED)
            {
              if (held_since < 0)
                held_since = seg->start_ns;
            }
          else if (held_since >= 0)
            {
              gint64 held = seg->start_ns - held_since;

              g_array_append_val (lengths, held);
              held_since = -1;
            }
        }
    }
  g_array_sort (lengths, compare_gint64);
  g_assert_cmpuint (lengths->len, >=, 8);
  {
    gint64 median = g_array_index (lengths, gint64, lengths->len / 2);

    g_assert_cmpint (median, >=, 3 * MS);
    g_assert_cmpint (median, <=, 25 * MS);
  }
}

/* No two running segments of any two tasks overlap. */
static void
assert_one_runs_at_a_time (IlTraceSnapshot *snap)
{
  for (guint i = 0; i < snap->n_tasks; i++)
    for (guint j = i + 1; j < snap->n_tasks; j++)
      for (guint s = 0; s < snap->tasks[i].n_segments; s++)
        {
          const IlSegment *a = &snap->tasks[i].segments[s];

          if (a->state != IL_STATE_RUNNING || a->end_ns == a->start_ns)
            continue;
          for (guint u = 0; u < snap->tasks[j].n_segments; u++)
            {
              const IlSegment *b = &snap->tasks[j].segments[u];

              if (b->state == IL_STATE_RUNNING && b->end_ns > b->start_ns)
                g_assert_true (a->end_ns <= b->start_ns || b->end_ns <= a->start_ns);
            }
        }
}

/* run_in_executor's threads and the loop's thread share the one GIL, as
 * in CPython: the executor computes in turns, as threads do. */
static void
test_gil_serialises_the_executor (void)
{
  g_autoptr(IlRun) run = il_test_run ("sum-of-squares", IL_MODEL_ASYNC_EXECUTOR, 2, 2, -1, 100, TRUE);
  g_autoptr(IlTraceSnapshot) snap = il_trace_snapshot (il_run_get_trace (run), 0);
  const IlRunStats *st = il_run_get_stats (run);
  gint64 running = 0, computing = 0;
  guint gil_waits = 0;

  il_test_assert_trace_invariants (snap);
  g_assert_true (st->gil);
  g_assert_cmpuint (st->tasks_ok, ==, 2);
  assert_one_runs_at_a_time (snap);
  for (guint i = 0; i < 2; i++)
    {
      gint64 ran = il_task_snapshot_time_in (&snap->tasks[i], IL_STATE_RUNNING);

      running += ran;
      computing += MIN (ran, 100 * MS);
      for (guint s = 0; s < snap->tasks[i].n_segments; s++)
        gil_waits += snap->tasks[i].segments[s].state == IL_STATE_GIL_WAIT;
    }
  g_assert_cmpuint (gil_waits, >, 0);
  g_assert_cmpint (st->gil_wait_ns, >, 0);
  g_assert_cmpint (st->gil_handovers, >, 0);
  g_assert_cmpint (st->makespan_ns, >=, running);
  /* The ideal knows: one thread computes at a time (each task's computing
   * as the stats count it: planned or ran, whichever is less) */
  g_assert_cmpint (st->ideal_ns, >=, computing);
  g_assert_cmpint (st->ideal_ns, <=, st->makespan_ns);
}

/* Sleeps and computing mixed: the loop's thread takes the GIL back from
 * the pool's to resume the tasks whose sleeps ended. */
static void
test_gil_in_the_executor_keeps_the_loop_going (void)
{
  g_autoptr(IlRun) run = il_test_run ("mixed", IL_MODEL_ASYNC_EXECUTOR, 4, 2, 20, 30, TRUE);
  g_autoptr(IlTraceSnapshot) snap = il_trace_snapshot (il_run_get_trace (run), 0);
  const IlRunStats *st = il_run_get_stats (run);

  gint64 computing = 0;

  il_test_assert_trace_invariants (snap);
  g_assert_cmpuint (st->tasks_ok, ==, 4);
  assert_one_runs_at_a_time (snap);
  for (guint i = 0; i < 4; i++)
    computing += MIN (il_task_snapshot_time_in (&snap->tasks[i], IL_STATE_RUNNING), 30 * MS);
  /* The sleeps, then the four computing phases one at a time */
  g_assert_cmpint (st->ideal_ns, >=, 20 * MS + computing);
  g_assert_cmpint (st->ideal_ns, <=, st->makespan_ns);
}

static void
test_gil_leaves_io_alone (void)
{
  g_autoptr(IlRun) with = il_test_run ("three-tasks", IL_MODEL_THREADS, 3, 0, 80, -1, TRUE);
  const IlRunStats *st = il_run_get_stats (with);
  g_autoptr(IlTraceSnapshot) snap = il_trace_snapshot (il_run_get_trace (with), 0);
  gint64 latest_start = 0, earliest_end = G_MAXINT64;

  for (guint i = 0; i < 3; i++)
    {
      gint64 start = 0, end = 0;

      g_assert_true (il_test_state_span (&snap->tasks[i], IL_STATE_IO_WAIT, &start, &end));
      latest_start = MAX (latest_start, start);
      earliest_end = MIN (earliest_end, end);
    }
  g_assert_cmpint (latest_start, <, earliest_end);
  g_assert_cmpint (st->makespan_ns, <, 300 * MS);
  /* Sleeping threads do not hold the lock: hardly any waiting for it (a
   * few ms when they wake together on a busy machine), against the 240 ms
   * the three sleeps would wait if sleeping held it. */
  g_assert_cmpint (st->gil_wait_ns, <, 60 * MS);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/gil/serialises-computation-in-turns", test_gil_serialises_computation);
  g_test_add_func ("/engine/gil/leaves-io-alone", test_gil_leaves_io_alone);
  g_test_add_func ("/engine/gil/serialises-the-executor", test_gil_serialises_the_executor);
  g_test_add_func ("/engine/gil/in-the-executor-keeps-the-loop-going",
                   test_gil_in_the_executor_keeps_the_loop_going);

  return g_test_run ();
}
