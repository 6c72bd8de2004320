/* test-engine.c — workloads, models, trace invariants, cancellation */

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

/* Every lane: sorted, never overlapping, contiguous from submission to the
 * end marker, which is last and zero-length. */
/* ------------------------------------------------------------------------ */

static void
test_catalogue_has_seed_workloads (void)
{
  const char *names[] = { "three-tasks", "crawl-links", "fetch-data", "print-numbers",
                          "count-loop", "sum-of-squares", "random-squares", "mixed" };
  g_autoptr(IlWorkload) three = NULL;
  g_autoptr(IlWorkload) crawl = NULL;
  IlTaskSpec *specs;
  guint n;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(IlWorkload) w = il_catalogue_lookup (names[i]);

      g_assert_nonnull (w);
      g_assert_cmpstr (il_workload_get_name (w), ==, names[i]);
      g_assert_cmpstr (il_workload_get_look_for (w), !=, "");
      g_assert_true (il_workload_suits_model (w, "sequential"));
    }

  three = il_catalogue_lookup ("three-tasks");
  g_assert_cmpint (il_workload_get_default_tasks (three), ==, 3);
  g_assert_cmpint (il_workload_get_default_io_ms (three), ==, 2000);

  crawl = il_catalogue_lookup ("crawl-links");
  specs = il_workload_plan (crawl, NULL, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpstr (specs[0].name, ==, "https://python.org");
  g_assert_cmpint (specs[2].io_ns, ==, 3000 * MS);
  il_task_specs_free (specs, n);

  g_assert_null (il_catalogue_lookup ("no-such-workload"));
}

static void
test_random_squares_plan (void)
{
  g_autoptr(IlWorkload) w = il_catalogue_lookup ("random-squares");
  IlWorkloadParams params = IL_WORKLOAD_PARAMS_INIT;
  IlTaskSpec *a, *b, *c;
  guint na, nb, nc;

  params.tasks = 1000;
  params.io_ms = 5000;
  a = il_workload_plan (w, &params, &na);
  b = il_workload_plan (w, &params, &nb);
  params.seed = 99;
  c = il_workload_plan (w, &params, &nc);
  g_assert_cmpuint (na, ==, 1000);
  /* Deterministic for a seed, different for another. */
  g_assert_cmpint (a[10].io_ns, ==, b[10].io_ns);
  g_assert_cmpint (a[10].io_ns, !=, c[10].io_ns);
  for (guint x = 0; x < na; x++)
    {
      /* random() × (N − x) / 200 s, as in seed 002 */
      g_assert_cmpint (a[x].io_ns, <=, (gint64) (1000 - x) * 5 * MS);
      g_assert_cmpint (a[x].result, ==, (gint64) x * x);
      g_assert_true (a[x].has_result);
    }
  il_task_specs_free (a, na);
  il_task_specs_free (b, nb);
  il_task_specs_free (c, nc);
}

static IlWorkload *
load_text (const char  *text,
           char       **path_out,
           GError     **error)
{
  g_autofree char *path = NULL;
  int fd = g_file_open_tmp ("il-test-XXXXXX.workload", &path, NULL);
  IlWorkload *w;

  g_assert_cmpint (fd, >=, 0);
  close (fd);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  w = il_workload_find (path, error);
  g_unlink (path);
  *path_out = g_steal_pointer (&path);
  return w;
}

static void
test_corrupt_files_name_the_problem (void)
{
  const struct { const char *text; const char *expect; } cases[] = {
    { "[Workload]\nName=x\nthis is not a key\n", "line 3" },
    { "[Workload]\nName=x\nTitle=X\nCategory=io\n[Tasks]\nCount=abc\nPhases=sleep\n", "Count" },
    { "[Workload]\nName=x\nTitle=X\nCategory=io\n[Tasks]\nCount=-2\nPhases=sleep\n", "Count" },
    { "[Workload]\nName=x\nTitle=X\nCategory=io\n[Tasks]\nCount=2\nPhases=dance\n", "dance" },
    { "[Workload]\nName=x\nTitle=X\nCategory=fun\n[Tasks]\nPhases=sleep\n", "Category" },
    { "[Workload]\nName=x\nTitle=X\nCategory=io\nModels=threads;nope\n[Tasks]\nPhases=sleep\n", "nope" },
    { "[Workload]\nTitle=X\nCategory=io\n[Tasks]\nPhases=sleep\n", "Name" },
    { "[Tasks]\nPhases=sleep\n", "[Workload]" },
    { "[Workload]\nName=x\nTitle=X\nCategory=io\n[Tasks]\nCount=2\nIoMs=5x\nPhases=sleep\n", "IoMs" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = NULL;
      g_autoptr(IlWorkload) w = load_text (cases[i].text, &path, &error);

      g_assert_null (w);
      g_assert_error (error, IL_WORKLOAD_ERROR, IL_WORKLOAD_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, path));
      if (strstr (error->message, cases[i].expect) == NULL)
        g_error ("case %u: “%s” does not mention %s", i, error->message, cases[i].expect);
    }
}

static void
test_user_file_loads (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(IlWorkload) w = load_text ("[Workload]\nName=mine\nTitle=Mine\nCategory=mixed\n"
                                       "[Tasks]\nCount=4\nPhases=sleep;cpu\nIoMs=10\nCpuMs=5\n",
                                       &path, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (il_workload_get_name (w), ==, "mine");
  g_assert_cmpint (il_workload_get_default_tasks (w), ==, 4);
  g_assert_true (il_workload_uses_cpu (w));
  g_assert_true (il_workload_suits_model (w, "gtask"));
}

static void
test_missing_file_and_unknown_name (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IlWorkload) w = il_workload_find ("/nonexistent/x.workload", &error);

  g_assert_null (w);
  g_assert_error (error, IL_WORKLOAD_ERROR, IL_WORKLOAD_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (il_workload_find ("bogus", &error));
  g_assert_nonnull (strstr (error->message, "bogus"));
}

/* ------------------------------------------------------------------------ */

static gint64
thread_cpu_now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void
test_cpu_work_is_real (void)
{
  guint64 per_ms = il_cpu_work_per_ms ();
  gint64 t0, t1, t2;
  guint64 r1, r2;

  g_assert_cmpuint (per_ms, >, 1000);
  /* The result depends on the input and the length... */
  g_assert_cmpuint (il_cpu_work (1, 1000), !=, il_cpu_work (2, 1000));
  g_assert_cmpuint (il_cpu_work (1, 1000), !=, il_cpu_work (1, 1001));
  /* ...and the time grows with the length: the loop is really run. */
  t0 = thread_cpu_now ();
  r1 = il_cpu_work (7, per_ms * 20);
  t1 = thread_cpu_now ();
  r2 = il_cpu_work (7, per_ms * 60);
  t2 = thread_cpu_now ();
  g_assert_cmpuint (r1, !=, r2);
  g_assert_cmpint (t1 - t0, >, 5 * MS);
  g_assert_cmpint (t2 - t1, >, 2 * (t1 - t0));
}

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
  g_assert_cmpuint (il_run_get_stats (run)->tasks_failed, ==, 4);
  snap = il_trace_snapshot (il_run_get_trace (run), 0);
  il_test_assert_trace_invariants (snap);
  g_assert_cmpstr (snap->tasks[0].error, ==, "cancelled");
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

/* ------------------------------------------------------------------------ */

static void
test_trace_merges_and_snapshots_live (void)
{
  g_autoptr(IlTrace) trace = il_trace_new ();
  gint64 o = il_trace_get_origin (trace);
  g_autoptr(IlTraceSnapshot) live = NULL;
  g_autoptr(IlTraceSnapshot) done = NULL;
  guint t = il_trace_add_task (trace, "t", o);

  il_trace_enter (trace, t, IL_STATE_QUEUED, IL_NO_WORKER, IL_NO_CPU, o);
  il_trace_enter (trace, t, IL_STATE_RUNNING, 0, 1, o + 10);
  il_trace_enter (trace, t, IL_STATE_RUNNING, 0, 1, o + 20);   /* unchanged: merged */
  il_trace_enter (trace, t, IL_STATE_RUNNING, 0, 0, o + 30);   /* migration: new segment */
  live = il_trace_snapshot (trace, o + 45);
  g_assert_cmpuint (live->tasks[0].n_segments, ==, 3);
  g_assert_cmpint (live->tasks[0].segments[1].end_ns, ==, 30);
  g_assert_cmpint (live->tasks[0].segments[2].end_ns, ==, 45);   /* open, cut at now */
  g_assert_false (live->tasks[0].finished);

  /* Many chunks: segments survive growth in order. */
  for (guint i = 0; i < 5000; i++)
    il_trace_enter (trace, t, i % 2 ? IL_STATE_RUNNING : IL_STATE_PREEMPTED, 0, 0, o + 100 + i);
  il_trace_finish (trace, t, TRUE, NULL, o + 6000);
  done = il_trace_snapshot (trace, 0);
  g_assert_true (done->tasks[0].finished);
  g_assert_cmpuint (done->tasks[0].n_segments, ==, 3 + 5000 + 1);
  for (guint s = 1; s < done->tasks[0].n_segments; s++)
    g_assert_cmpint (done->tasks[0].segments[s].start_ns, ==, done->tasks[0].segments[s - 1].end_ns);
  g_assert_cmpint (done->tasks[0].segments[done->tasks[0].n_segments - 1].state, ==, IL_STATE_DONE);
}

static void
test_states_round_trip (void)
{
  for (guint s = 0; s < IL_N_STATES; s++)
    {
      IlState back;

      g_assert_true (il_state_from_string (il_state_to_string (s), &back));
      g_assert_cmpint (back, ==, s);
    }
  g_assert_cmpstr (il_state_to_string (IL_STATE_IO_WAIT), ==, "io-wait");
  g_assert_false (il_state_from_string ("sleeping", NULL));
}

/* ------------------------------------------------------------------------ */
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
  /* It takes about as long as doing the two one after the other. */
  g_assert_cmpint (st->makespan_ns, >=, 180 * MS);
  g_assert_cmpint (st->gil_wait_ns, >=, 60 * MS);
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

  g_test_add_func ("/engine/workload/catalogue-has-seed-workloads", test_catalogue_has_seed_workloads);
  g_test_add_func ("/engine/workload/random-squares-plan-follows-seed-002", test_random_squares_plan);
  g_test_add_func ("/engine/workload/corrupt-files-name-the-problem", test_corrupt_files_name_the_problem);
  g_test_add_func ("/engine/workload/user-file-loads", test_user_file_loads);
  g_test_add_func ("/engine/workload/missing-file-and-unknown-name", test_missing_file_and_unknown_name);
  g_test_add_func ("/engine/cpuwork/is-real-computation", test_cpu_work_is_real);
  g_test_add_func ("/engine/trace/merges-and-snapshots-live", test_trace_merges_and_snapshots_live);
  g_test_add_func ("/engine/trace/states-round-trip", test_states_round_trip);
  g_test_add_func ("/engine/run/sequential-does-not-overlap", test_sequential_does_not_overlap);
  g_test_add_func ("/engine/run/threads-overlap-sleeps", test_threads_overlap);
  g_test_add_func ("/engine/run/thread-pool-overlaps-sleeps", test_pool_overlaps);
  g_test_add_func ("/engine/run/gtask-overlaps-sleeps", test_gtask_overlaps);
  g_test_add_func ("/engine/run/thread-pool-limits-concurrency", test_pool_limits_concurrency);
  g_test_add_func ("/engine/run/cpu-tasks-run-on-cores", test_cpu_tasks_run_on_cores);
  g_test_add_func ("/engine/run/threads-many-tasks-each-get-a-thread", test_threads_many_tasks);
  g_test_add_func ("/engine/run/no-work-on-calling-thread", test_no_work_on_calling_thread);
  g_test_add_func ("/engine/cancel/sleeping-threads", test_cancel_sleeping_threads);
  g_test_add_func ("/engine/cancel/sleeping-sequential", test_cancel_sleeping_sequential);
  g_test_add_func ("/engine/cancel/computing-pool", test_cancel_computing_pool);
  g_test_add_func ("/engine/cancel/computing-gtask", test_cancel_computing_gtask);

  g_test_add_func ("/engine/gil/serialises-computation-in-turns", test_gil_serialises_computation);
  g_test_add_func ("/engine/gil/leaves-io-alone", test_gil_leaves_io_alone);

  return g_test_run ();
}
