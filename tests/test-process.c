/* test-process.c — the process models: states, ordering, failures, cancel
 *
 * INTERLEAVE_WORKER names the built worker and FAKE_WORKER the misbehaving
 * one (tests/fake-worker.c); the tests that need the fake swap them.
 */

#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "il-machine.h"
#include "il-memory-meter.h"
#include "il-run.h"
#include "il-trace.h"
#include "il-workload.h"

#include "il-test-util.h"


static char *real_worker;
static char *fake_worker;

/* ------------------------------------------------------------------------ */
/* Helpers */

static IlRun *
run_model (const char *name,
           IlModel     model,
           gint        tasks,
           gint        workers,
           gint64      io_ms,
           gint64      cpu_ms)
{
  return il_test_run_cancellable (name, model, tasks, workers, io_ms, cpu_ms, FALSE, NULL);
}

static gint
first_index (const IlTaskSnapshot *t,
             IlState               state)
{
  for (guint s = 0; s < t->n_segments; s++)
    if (t->segments[s].state == state)
      return s;
  return -1;
}

/* Workers: processes other than this one, labelled with their pid. */
static void
assert_process_workers (IlTraceSnapshot *snap)
{
  g_assert_cmpuint (snap->n_workers, >=, 1);
  for (guint w = 0; w < snap->n_workers; w++)
    {
      const IlWorkerInfo *info = &snap->workers[w];
      g_autofree char *label = g_strdup_printf ("process %" G_GINT64_FORMAT, info->pid);

      g_assert_cmpint (info->kind, ==, IL_WORKER_PROCESS);
      g_assert_cmpint (info->tid, ==, 0);
      g_assert_cmpint (info->pid, >, 0);
      g_assert_cmpint (info->pid, !=, getpid ());
      g_assert_cmpstr (info->label, ==, label);
    }
}

/* Processes whose parent is this one, zombies included. */
static guint
count_children (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc", 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *path = NULL;
      g_autofree char *contents = NULL;
      const char *end;
      char state;
      int ppid;

      if (!g_ascii_isdigit (name[0]))
        continue;
      path = g_build_filename ("/proc", name, "stat", NULL);
      if (!g_file_get_contents (path, &contents, NULL, NULL))
        continue;
      end = strrchr (contents, ')');
      if (end && sscanf (end + 1, " %c %d", &state, &ppid) == 2 && ppid == getpid ())
        n++;
    }
  return n;
}

/* Open descriptors; with @pipes_only, only pipes. */
static guint
count_fds (gboolean pipes_only)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename ("/proc/self/fd", name, NULL);
      g_autofree char *target = pipes_only ? g_file_read_link (path, NULL) : NULL;

      n += !pipes_only || (target && g_str_has_prefix (target, "pipe:"));
    }
  return n;
}

/* GLib's worker thread closes the pidfd of a child watch and frees the
 * GMainContext a GTask held a moment after the wait has completed (the
 * child is reaped by then): give it up to a second to settle at @expected
 * (or, with 0, to stop changing). */
static guint
settled_fds (guint expected)
{
  guint n = count_fds (FALSE);

  for (guint i = 0; i < 100; i++)
    {
      guint again;

      g_usleep (10000);
      again = count_fds (FALSE);
      if ((expected > 0 && again == expected) || (expected == 0 && again == n))
        return again;
      n = again;
    }
  return n;
}

/* ------------------------------------------------------------------------ */
/* What the lanes show */

static void
assert_spawn_then_run (IlModel model)
{
  /* Long enough that three spawns fit in one sleep even on a busy machine. */
  g_autoptr(IlRun) run = run_model ("three-tasks", model, 3, 3, 250, -1);
  g_autoptr(IlTraceSnapshot) snap = il_trace_snapshot (il_run_get_trace (run), 0);
  const IlRunStats *stats = il_run_get_stats (run);
  gint64 latest_start = 0, earliest_end = G_MAXINT64;

  il_test_assert_trace_invariants (snap);
  assert_process_workers (snap);
  g_assert_cmpuint (stats->tasks_ok, ==, 3);
  g_assert_cmpuint (snap->n_workers, ==, 3);

  for (guint i = 0; i < snap->n_tasks; i++)
    {
      const IlTaskSnapshot *t = &snap->tasks[i];
      gint spawning = first_index (t, IL_STATE_SPAWNING);
      gint ipc = first_index (t, IL_STATE_IPC);
      gint running = first_index (t, IL_STATE_RUNNING);
      gint64 start = 0, end = 0;

      /* spawning → ipc (the task is sent) → running → … → ipc (the result) */
      g_assert_cmpint (spawning, >=, 1);
      g_assert_cmpint (ipc, >, spawning);
      g_assert_cmpint (running, >, ipc);
      g_assert_cmpint (t->segments[t->n_segments - 2].state, ==, IL_STATE_IPC);
      g_assert_cmpint (t->segments[t->n_segments - 1].state, ==, IL_STATE_DONE);
      g_assert_cmpuint (t->worker, <, snap->n_workers);
      for (guint s = spawning; s < t->n_segments - 1; s++)
        g_assert_cmpuint (t->segments[s].worker, ==, t->worker);

      g_assert_true (il_test_state_span (t, IL_STATE_IO_WAIT, &start, &end));
      g_assert_cmpint (end - start, >=, 245 * MS);
      latest_start = MAX (latest_start, start);
      earliest_end = MIN (earliest_end, end);
    }
  /* One process per task, all started at once: the waits overlap (what a
   * makespan bound would say, without depending on how long three spawns
   * take on a busy machine). */
  g_assert_cmpint (latest_start, <, earliest_end);
}

static void test_processes_spawn_then_run (void) { assert_spawn_then_run (IL_MODEL_PROCESSES); }

typedef struct {
  gint64 at;
  gint   delta;     /* +1 a task becomes active, -1 it ends */
} Edge;

static gint
compare_edges (gconstpointer a,
               gconstpointer b)
{
  const Edge *x = a, *y = b;

  /* Ends sort before starts at the same moment. */
  if (x->at != y->at)
    return x->at < y->at ? -1 : 1;
  return x->delta - y->delta;
}

static void
test_pool_limits_concurrency (void)
{
  g_autoptr(IlRun) run = run_model ("fetch-data", IL_MODEL_PROCESS_POOL, 5, 2, 40, -1);
  g_autoptr(IlTraceSnapshot) snap = il_trace_snapshot (il_run_get_trace (run), 0);
  g_autoptr(GArray) edges = g_array_new (FALSE, FALSE, sizeof (Edge));
  guint queued_long = 0, spawned = 0;
  gint active = 0, most = 0;

  il_test_assert_trace_invariants (snap);
  assert_process_workers (snap);
  g_assert_cmpuint (il_run_get_stats (run)->tasks_ok, ==, 5);
  g_assert_cmpuint (snap->n_workers, ==, 2);

  for (guint i = 0; i < snap->n_tasks; i++)
    {
      const IlTaskSnapshot *t = &snap->tasks[i];
      Edge start, end;

      /* Active from leaving the queue until its result is in. */
      g_assert_cmpint (t->segments[0].state, ==, IL_STATE_QUEUED);
      start.at = t->segments[0].end_ns;
      start.delta = +1;
      end.at = t->finished_ns;
      end.delta = -1;
      g_array_append_val (edges, start);
      g_array_append_val (edges, end);
      if (il_task_snapshot_time_in (t, IL_STATE_QUEUED) >= 30 * MS)
        queued_long++;
      spawned += first_index (t, IL_STATE_SPAWNING) >= 0;
      g_assert_cmpint (first_index (t, IL_STATE_RUNNING), >, first_index (t, IL_STATE_IPC));
    }
  g_array_sort (edges, compare_edges);
  for (guint i = 0; i < edges->len; i++)
    {
      active += g_array_index (edges, Edge, i).delta;
      most = MAX (most, active);
    }
  g_assert_cmpint (most, ==, 2);
  /* Two workers were started, each with its first task waiting on it;
   * the three others waited in the queue for a free worker. */
  g_assert_cmpuint (spawned, ==, 2);
  g_assert_cmpuint (queued_long, >=, 3);
}

static void
assert_both_orders (IlModel model,
                    gint    workers)
{
  g_autoptr(IlRun) run = run_model ("random-squares", model, 8, workers, 200, -1);
  g_autoptr(IlTraceSnapshot) snap = il_trace_snapshot (il_run_get_trace (run), 0);
  const IlRunStats *stats = il_run_get_stats (run);
  g_autofree guint *by_finish = g_new (guint, snap->n_tasks);
  gboolean differs = FALSE;

  il_test_assert_trace_invariants (snap);
  g_assert_cmpuint (stats->tasks_ok, ==, 8);

  /* Submission order (map): each task's result under its own id. */
  for (guint i = 0; i < snap->n_tasks; i++)
    {
      g_assert_true (snap->tasks[i].has_result);
      g_assert_cmpint (snap->tasks[i].result, ==, (gint64) i * i);
      by_finish[i] = i;
    }
  /* Completion order (apply_async with a callback): by the time each
   * result came in. */
  for (guint i = 0; i < snap->n_tasks; i++)
    for (guint j = i + 1; j < snap->n_tasks; j++)
      if (snap->tasks[by_finish[j]].finished_ns < snap->tasks[by_finish[i]].finished_ns)
        {
          guint tmp = by_finish[i];

          by_finish[i] = by_finish[j];
          by_finish[j] = tmp;
        }
  g_assert_cmpuint (stats->n_completion_order, ==, snap->n_tasks);
  for (guint i = 0; i < snap->n_tasks; i++)
    {
      g_assert_cmpuint (stats->completion_order[i], ==, by_finish[i]);
      differs |= stats->completion_order[i] != i;
    }
  /* With this seed the early tasks sleep longest: the orders differ. */
  g_assert_true (differs);
}

static void test_pool_reports_both_orders (void) { assert_both_orders (IL_MODEL_PROCESS_POOL, 4); }
static void test_processes_report_both_orders (void) { assert_both_orders (IL_MODEL_PROCESSES, 0); }

static void
assert_cpu_in_children (IlModel model,
                        gboolean gil)
{
  g_autoptr(IlRun) run = il_test_run_cancellable ("sum-of-squares", model, 2, 2, -1, 150, gil, NULL);
  g_autoptr(IlTraceSnapshot) snap = il_trace_snapshot (il_run_get_trace (run), 0);
  const IlRunStats *stats = il_run_get_stats (run);
  gint64 s0 = 0, e0 = 0, s1 = 0, e1 = 0;

  il_test_assert_trace_invariants (snap);
  g_assert_cmpuint (stats->tasks_ok, ==, 2);
  for (guint i = 0; i < snap->n_tasks; i++)
    {
      const IlTaskSnapshot *t = &snap->tasks[i];

      /* The work ran on cores, in the worker (running or preempted).
       * Half the plan at least: the calibration the work is sized by
       * may have been measured on a busier machine. */
      g_assert_cmpint (il_task_snapshot_time_in (t, IL_STATE_RUNNING) + il_task_snapshot_time_in (t, IL_STATE_PREEMPTED), >=, 75 * MS);
      g_assert_cmpint (il_task_snapshot_time_in (t, IL_STATE_RUNNING), >, 0);
      g_assert_cmpint (il_task_snapshot_time_in (t, IL_STATE_GIL_WAIT), ==, 0);
    }
  /* The children's CPU time is counted: at least the work. */
  g_assert_cmpfloat (stats->cpu_time_s, >=, 0.5 * 0.300);
  g_assert_cmpint (stats->voluntary_ctx_switches + stats->involuntary_ctx_switches, >, 0);
  g_assert_cmpint (stats->peak_rss_kib, >, 0);
  g_assert_cmpuint (stats->cores_used, >=, 1);
  /* Separate processes compute at the same time, each with its own GIL. */
  g_assert_true (il_test_state_span (&snap->tasks[0], IL_STATE_RUNNING, &s0, &e0));
  g_assert_true (il_test_state_span (&snap->tasks[1], IL_STATE_RUNNING, &s1, &e1));
  g_assert_cmpint (MAX (s0, s1), <, MIN (e0, e1));
}

static void test_processes_compute_in_children (void) { assert_cpu_in_children (IL_MODEL_PROCESSES, FALSE); }
static void test_pool_computes_in_children (void) { assert_cpu_in_children (IL_MODEL_PROCESS_POOL, FALSE); }
static void test_pool_gil_is_per_process (void) { assert_cpu_in_children (IL_MODEL_PROCESS_POOL, TRUE); }

/* Tracing off (benchmarks): the worker reads no clocks while computing,
 * the lanes still show each task running once, on a core. */
static void
test_pool_untraced (void)
{
  g_autoptr(IlWorkload) workload = il_catalogue_lookup ("sum-of-squares");
  IlWorkloadParams params = IL_WORKLOAD_PARAMS_INIT;
  g_autoptr(GError) error = NULL;
  g_autoptr(IlRun) run = NULL;
  g_autoptr(IlTraceSnapshot) snap = NULL;

  params.tasks = 2;
  params.cpu_ms = 50;
  run = il_run_new (workload, &params, IL_MODEL_PROCESS_POOL);
  il_run_set_tracing (run, FALSE);
  g_assert_true (il_run_execute (run, NULL, &error));
  g_assert_no_error (error);
  snap = il_trace_snapshot (il_run_get_trace (run), 0);
  il_test_assert_trace_invariants (snap);
  g_assert_cmpuint (il_run_get_stats (run)->tasks_ok, ==, 2);
  for (guint i = 0; i < snap->n_tasks; i++)
    g_assert_cmpint (il_task_snapshot_time_in (&snap->tasks[i], IL_STATE_RUNNING), >=, 25 * MS);
}

/* ------------------------------------------------------------------------ */
/* Misbehaving workers */

typedef struct {
  char *dir;
  char *once;
} Fake;

/* The worker inherits the environment at spawn, so the fake is chosen
 * there.  libc's setenv, not g_setenv (which warns once threads exist):
 * between runs no other thread of this test reads the environment. */
static void
set_env (const char *name,
         const char *value)
{
  if (value)
    setenv (name, value, TRUE);
  else
    unsetenv (name);
}

static void
fake_begin (Fake       *fake,
            const char *mode,
            gboolean    once)
{
  fake->dir = g_dir_make_tmp ("interleave-fake-XXXXXX", NULL);
  g_assert_nonnull (fake->dir);
  fake->once = g_build_filename (fake->dir, "once", NULL);
  set_env ("INTERLEAVE_WORKER", fake_worker);
  set_env ("FAKE_WORKER_MODE", mode);
  if (once)
    set_env ("FAKE_WORKER_ONCE", fake->once);
  set_env ("INTERLEAVE_WORKER_TIMEOUT_MS", "300");
}

static void
fake_end (Fake *fake)
{
  set_env ("INTERLEAVE_WORKER", real_worker);
  set_env ("FAKE_WORKER_MODE", NULL);
  set_env ("FAKE_WORKER_ONCE", NULL);
  set_env ("INTERLEAVE_WORKER_TIMEOUT_MS", NULL);
  g_remove (fake->once);
  g_rmdir (fake->dir);
  g_clear_pointer (&fake->once, g_free);
  g_clear_pointer (&fake->dir, g_free);
}

/* One pool worker misbehaves on its task: that task fails with a reason
 * matching @pattern, a new worker takes over, the other tasks complete. */
static void
assert_pool_survives (const char *mode,
                      const char *pattern)
{
  Fake fake;
  g_autoptr(IlRun) run = NULL;
  g_autoptr(IlTraceSnapshot) snap = NULL;
  const IlRunStats *stats;
  gint64 t0;

  fake_begin (&fake, mode, TRUE);
  t0 = g_get_monotonic_time ();
  run = run_model ("fetch-data", IL_MODEL_PROCESS_POOL, 3, 1, 20, -1);
  fake_end (&fake);
  g_assert_cmpint (g_get_monotonic_time () - t0, <, 5 * G_USEC_PER_SEC);

  snap = il_trace_snapshot (il_run_get_trace (run), 0);
  stats = il_run_get_stats (run);
  il_test_assert_trace_invariants (snap);
  g_assert_cmpuint (stats->tasks_failed, ==, 1);
  g_assert_cmpuint (stats->tasks_ok, ==, 2);
  g_assert_false (snap->tasks[0].ok);
  if (!g_regex_match_simple (pattern, snap->tasks[0].error, 0, 0))
    g_error ("reason “%s” does not match “%s”", snap->tasks[0].error, pattern);
  g_assert_true (snap->tasks[1].ok);
  g_assert_true (snap->tasks[2].ok);
  /* The pool of one replaced its worker. */
  g_assert_cmpuint (snap->n_workers, ==, 2);
  g_assert_cmpuint (snap->tasks[1].worker, ==, 1);
  g_assert_cmpuint (count_children (), ==, 0);
}

static void test_fake_crash (void) { assert_pool_survives ("crash", "^worker [0-9]+ exited with signal 9$"); }
static void test_fake_garbage (void) { assert_pool_survives ("garbage", "^worker [0-9]+ sent garbage: unknown verb “this”$"); }
static void test_fake_oversize (void) { assert_pool_survives ("oversize", "^worker [0-9]+ sent garbage: line longer than 4096 bytes$"); }
static void test_fake_hang (void) { assert_pool_survives ("hang", "^worker [0-9]+ did not answer for 0\\.34 s$"); }
static void test_fake_exit (void) { assert_pool_survives ("exit", "^worker [0-9]+ exited with status 3 before it was ready$"); }
static void test_fake_backwards (void) { assert_pool_survives ("backwards", "^worker [0-9]+ sent garbage: time went backwards"); }
static void test_fake_wrong_task (void) { assert_pool_survives ("wrong-task", "^worker [0-9]+ sent garbage: a message about task 1, which it was not given$"); }

/* Every worker crashes: every task fails, nothing hangs. */
static void
test_fake_every_process_crashes (void)
{
  Fake fake;
  g_autoptr(IlRun) run = NULL;
  g_autoptr(IlTraceSnapshot) snap = NULL;

  fake_begin (&fake, "crash", FALSE);
  run = run_model ("fetch-data", IL_MODEL_PROCESSES, 4, 0, 20, -1);
  fake_end (&fake);
  snap = il_trace_snapshot (il_run_get_trace (run), 0);
  il_test_assert_trace_invariants (snap);
  g_assert_cmpuint (il_run_get_stats (run)->tasks_failed, ==, 4);
  for (guint i = 0; i < snap->n_tasks; i++)
    g_assert_true (g_regex_match_simple ("^worker [0-9]+ exited with signal 9$", snap->tasks[i].error, 0, 0));
  g_assert_cmpuint (count_children (), ==, 0);
}

static void
test_missing_worker (void)
{
  g_autoptr(IlWorkload) workload = il_catalogue_lookup ("fetch-data");
  IlWorkloadParams params = IL_WORKLOAD_PARAMS_INIT;
  g_autoptr(GError) error = NULL;
  g_autoptr(IlRun) run = NULL;

  params.tasks = 2;
  params.io_ms = 10;
  run = il_run_new (workload, &params, IL_MODEL_PROCESS_POOL);
  set_env ("INTERLEAVE_WORKER", "/nonexistent/interleave-worker");
  g_assert_false (il_run_execute (run, NULL, &error));
  set_env ("INTERLEAVE_WORKER", real_worker);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "/nonexistent/interleave-worker"));
  g_assert_cmpuint (il_run_get_stats (run)->tasks_failed, ==, 2);
}

/* Pages are fetched in the workers: a crawl through the pool (the built-in
 * demo site, 100 pages) ends with every page fetched, in worker processes. */
static void
test_pages_are_fetched_in_workers (void)
{
  const char *text =
    "[Workload]\nName=pages\nTitle=Pages\nCategory=mixed\nModels=process-pool\n"
    "[Tasks]\nCount=1\nPhases=sleep;http;parse\nIoMs=10\nCpuMs=0\n"
    "[Crawl]\nMaxPages=20\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, strlen (text));
  g_autoptr(GError) error = NULL;
  g_autoptr(IlWorkload) workload = il_workload_load_bytes (bytes, "pages.workload", &error);
  IlWorkloadParams params = IL_WORKLOAD_PARAMS_INIT;
  g_autoptr(IlRun) run = NULL;
  g_autoptr(IlTraceSnapshot) snap = NULL;

  g_assert_no_error (error);
  params.workers = 2;
  run = il_run_new (workload, &params, IL_MODEL_PROCESS_POOL);
  g_assert_true (il_run_execute (run, NULL, &error));
  g_assert_no_error (error);
  snap = il_trace_snapshot (il_run_get_trace (run), 0);
  g_assert_cmpuint (snap->n_tasks, ==, 20);
  for (guint i = 0; i < snap->n_tasks; i++)
    if (!snap->tasks[i].ok)
      g_error ("%s failed: %s", snap->tasks[i].name, snap->tasks[i].error);
  g_assert_cmpuint (snap->n_workers, >=, 1);
  g_assert_cmpuint (snap->n_workers, <=, 2);
  for (guint i = 0; i < snap->n_workers; i++)
    g_assert_cmpint (snap->workers[i].kind, ==, IL_WORKER_PROCESS);
}

/* ------------------------------------------------------------------------ */
/* async-pool: an event loop in each worker */

/* The io-wait segment of @t (its sleep), or NULL */
static const IlSegment *
sleep_of (const IlTaskSnapshot *t)
{
  gint s = first_index (t, IL_STATE_IO_WAIT);

  return s < 0 ? NULL : &t->segments[s];
}

/* Eight sleeps on two loops: each loop has several tasks, every lane is
 * "event loop, process PID", and the sleeps all overlap — within a loop
 * and across the two. */
static void
test_async_pool_sleeps_overlap (void)
{
  g_autoptr(IlRun) run = run_model ("fetch-data", IL_MODEL_ASYNC_POOL, 8, 2, 300, -1);
  g_autoptr(IlTraceSnapshot) snap = il_trace_snapshot (il_run_get_trace (run), 0);
  guint per_worker[2] = { 0, 0 };
  gint64 latest_start = 0, earliest_end = G_MAXINT64;

  il_test_assert_trace_invariants (snap);
  g_assert_cmpuint (il_run_get_stats (run)->tasks_ok, ==, 8);
  g_assert_cmpuint (snap->n_workers, ==, 2);
  for (guint w = 0; w < snap->n_workers; w++)
    {
      g_autofree char *label = g_strdup_printf ("event loop, process %" G_GINT64_FORMAT, snap->workers[w].pid);

      g_assert_cmpint (snap->workers[w].kind, ==, IL_WORKER_PROCESS);
      g_assert_cmpint (snap->workers[w].pid, !=, getpid ());
      g_assert_cmpstr (snap->workers[w].label, ==, label);
    }
  for (guint i = 0; i < snap->n_tasks; i++)
    {
      const IlTaskSnapshot *t = &snap->tasks[i];
      const IlSegment *wait = sleep_of (t);

      g_assert_true (t->ok);
      g_assert_nonnull (wait);
      g_assert_cmpuint (wait->worker, <, 2);
      per_worker[wait->worker]++;
      latest_start = MAX (latest_start, wait->start_ns);
      earliest_end = MIN (earliest_end, wait->end_ns);
      /* Sent over the pipe, then running on its loop's core */
      g_assert_cmpint (first_index (t, IL_STATE_IPC), >=, 0);
      g_assert_cmpint (first_index (t, IL_STATE_RUNNING), >, first_index (t, IL_STATE_IPC));
    }
  g_assert_cmpuint (per_worker[0], >=, 2);
  g_assert_cmpuint (per_worker[1], >=, 2);
  /* Every sleep was under way at one moment */
  g_assert_cmpint (latest_start, <, earliest_end);
  g_assert_cmpint (il_run_get_stats (run)->ideal_ns, >, 0);
}

/* One loop per logical core unless asked otherwise, whatever the
 * workload's pool size (fetch-data's is the tutorial's five) */
static void
test_async_pool_defaults_to_a_loop_per_core (void)
{
  g_autoptr(IlRun) by_default = run_model ("fetch-data", IL_MODEL_ASYNC_POOL, 6, 0, 10, -1);
  g_autoptr(IlRun) asked = run_model ("fetch-data", IL_MODEL_ASYNC_POOL, 6, 3, 10, -1);
  g_autoptr(IlRun) pool = run_model ("fetch-data", IL_MODEL_PROCESS_POOL, 6, 0, 10, -1);

  g_assert_cmpuint (il_run_get_stats (by_default)->workers, ==, il_machine_get_logical_cores ());
  g_assert_cmpuint (il_run_get_stats (asked)->workers, ==, 3);
  g_assert_cmpuint (il_run_get_stats (pool)->workers, ==, 5);
  g_assert_cmpuint (il_run_get_stats (by_default)->tasks_ok, ==, 6);
  g_assert_cmpuint (il_run_get_stats (asked)->tasks_ok, ==, 6);
}

typedef struct {
  IlRun    *run;
  gint64    killed_pid;
  gboolean  stop;
} LoopKiller;

/* Kills the first loop worker once every task is asleep. */
static gpointer
kill_a_loop (gpointer data)
{
  LoopKiller *k = data;

  while (!__atomic_load_n (&k->stop, __ATOMIC_ACQUIRE))
    {
      g_autoptr(IlTraceSnapshot) snap = il_trace_snapshot (il_run_get_trace (k->run), 0);
      guint asleep = 0;

      for (guint i = 0; i < snap->n_tasks; i++)
        {
          const IlTaskSnapshot *t = &snap->tasks[i];

          asleep += !t->finished && t->n_segments > 0 && t->segments[t->n_segments - 1].state == IL_STATE_IO_WAIT;
        }
      if (asleep == snap->n_tasks && snap->n_workers > 0)
        {
          k->killed_pid = snap->workers[0].pid;
          kill ((pid_t) k->killed_pid, SIGKILL);
          return NULL;
        }
      g_usleep (2000);
    }
  return NULL;
}

/* A loop worker killed mid-run fails every task it had, with the reason,
 * at once; the other loop's tasks finish, nothing hangs, nothing is left. */
static void
test_async_pool_killed_worker_fails_its_tasks (void)
{
  g_autoptr(IlWorkload) workload = il_catalogue_lookup ("fetch-data");
  IlWorkloadParams params = IL_WORKLOAD_PARAMS_INIT;
  g_autoptr(GError) error = NULL;
  g_autoptr(IlRun) run = NULL;
  g_autoptr(IlTraceSnapshot) snap = NULL;
  g_autofree char *expected = NULL;
  LoopKiller k = { NULL, 0, FALSE };
  GThread *killer;
  guint failed = 0, ok = 0;

  params.tasks = 6;
  params.workers = 2;
  params.io_ms = 1500;
  run = il_run_new (workload, &params, IL_MODEL_ASYNC_POOL);
  k.run = run;
  killer = g_thread_new ("killer", kill_a_loop, &k);
  g_assert_true (il_run_execute (run, NULL, &error));
  g_assert_no_error (error);
  __atomic_store_n (&k.stop, TRUE, __ATOMIC_RELEASE);
  g_thread_join (killer);

  g_assert_cmpint (k.killed_pid, >, 0);
  snap = il_trace_snapshot (il_run_get_trace (run), 0);
  il_test_assert_trace_invariants (snap);
  expected = g_strdup_printf ("worker %" G_GINT64_FORMAT " exited with signal 9", k.killed_pid);
  for (guint i = 0; i < snap->n_tasks; i++)
    {
      const IlTaskSnapshot *t = &snap->tasks[i];
      const IlSegment *wait = sleep_of (t);

      g_assert_true (t->finished);
      if (t->ok)
        {
          ok++;
          g_assert_cmpint (snap->workers[wait->worker].pid, !=, k.killed_pid);
        }
      else
        {
          failed++;
          g_assert_cmpstr (t->error, ==, expected);
          /* It failed when its worker died, not at the end of its sleep */
          g_assert_cmpint (t->finished_ns, <, wait->start_ns + 1500 * G_GINT64_CONSTANT (1000000));
        }
    }
  g_assert_cmpuint (failed, >=, 1);
  g_assert_cmpuint (ok, >=, 1);
  g_assert_cmpuint (ok + failed, ==, 6);
  g_assert_cmpuint (count_children (), ==, 0);
}

/* ------------------------------------------------------------------------ */
/* Cancel */

static void
assert_cancel_reaps_everything (const char *workload,
                                IlModel     model,
                                gint64      io_ms,
                                gint64      cpu_ms,
                                const char *fake_mode)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(IlRun) warm = NULL;
  g_autoptr(IlRun) run = NULL;
  g_autoptr(IlTraceSnapshot) snap = NULL;
  guint fds_before, pipes_before;
  GThread *canceller;
  gint64 t0, elapsed;
  Fake fake;

  /* GLib opens its child-watch and worker-thread descriptors once. */
  warm = run_model ("fetch-data", model, 1, 1, 1, -1);
  g_assert_cmpuint (count_children (), ==, 0);
  fds_before = settled_fds (0);
  pipes_before = count_fds (TRUE);

  if (fake_mode)
    fake_begin (&fake, fake_mode, FALSE);
  canceller = il_test_cancel_later (cancellable, 150);
  t0 = g_get_monotonic_time ();
  run = il_test_run_cancellable (workload, model, 4, 2, io_ms, cpu_ms, FALSE, cancellable);
  elapsed = g_get_monotonic_time () - t0;
  g_thread_join (canceller);
  if (fake_mode)
    fake_end (&fake);

  /* SIGTERM, SIGKILL 200 ms later if need be, everything reaped. */
  g_assert_cmpint (elapsed, <, (150 + 1000) * 1000);
  g_assert_true (il_run_get_stats (run)->cancelled);
  g_assert_cmpuint (il_run_get_stats (run)->tasks_stopped, ==, 4);
  g_assert_cmpuint (il_run_get_stats (run)->tasks_failed, ==, 0);
  g_assert_cmpuint (il_run_get_stats (run)->n_completion_order, ==, 0);
  snap = il_trace_snapshot (il_run_get_trace (run), 0);
  il_test_assert_trace_invariants (snap);
  for (guint i = 0; i < snap->n_tasks; i++)
    g_assert_cmpint (snap->tasks[i].segments[snap->tasks[i].n_segments - 1].state, ==, IL_STATE_STOPPED);
  g_assert_cmpuint (count_children (), ==, 0);
  g_assert_cmpuint (count_fds (TRUE), ==, pipes_before);
  g_assert_cmpuint (settled_fds (fds_before), ==, fds_before);
}

static void test_cancel_sleeping_processes (void) { assert_cancel_reaps_everything ("fetch-data", IL_MODEL_PROCESSES, 5000, -1, NULL); }
static void test_cancel_computing_pool (void) { assert_cancel_reaps_everything ("count-loop", IL_MODEL_PROCESS_POOL, -1, 5000, NULL); }
static void test_cancel_sleeping_loops (void) { assert_cancel_reaps_everything ("fetch-data", IL_MODEL_ASYNC_POOL, 5000, -1, NULL); }
static void test_cancel_computing_loops (void) { assert_cancel_reaps_everything ("count-loop", IL_MODEL_ASYNC_POOL, -1, 5000, NULL); }
static void test_cancel_stubborn_workers (void) { assert_cancel_reaps_everything ("fetch-data", IL_MODEL_PROCESSES, 5000, -1, "stubborn"); }

/* ------------------------------------------------------------------------ */
/* Memory: what the run added */

#define MIB 1024

/* Fifty sleeping tasks: fifty live worker processes hold several times
 * the memory fifty threads add to this one. */
static void
test_processes_cost_more_memory_than_threads (void)
{
  g_autoptr(IlRun) threads = run_model ("three-tasks", IL_MODEL_THREADS, 50, 0, 300, -1);
  g_autoptr(IlRun) processes = run_model ("three-tasks", IL_MODEL_PROCESSES, 50, 0, 300, -1);
  gint64 threads_kib = il_run_get_stats (threads)->peak_rss_kib;
  gint64 processes_kib = il_run_get_stats (processes)->peak_rss_kib;

  g_test_message ("50 threads added %" G_GINT64_FORMAT " KiB, 50 processes %" G_GINT64_FORMAT " KiB",
                  threads_kib, processes_kib);
  g_assert_cmpuint (il_run_get_stats (processes)->tasks_ok, ==, 50);
  g_assert_cmpint (threads_kib, >=, 0);
  /* A live worker holds far more than half a MiB (its libraries alone). */
  g_assert_cmpint (processes_kib, >=, 50 * MIB / 2);
  g_assert_cmpint (processes_kib, >=, 3 * threads_kib);
}

/* A process that already holds 200 MiB (a window, its caches) does not
 * count them as the run's. */
static void
test_memory_held_before_is_not_the_runs (void)
{
  gsize size = 200 * 1024 * 1024;
  char *held = g_malloc (size);
  gint64 kib;

  memset (held, 1, size);   /* resident, not only reserved */
  {
    g_autoptr(IlRun) run = run_model ("three-tasks", IL_MODEL_THREADS, 10, 0, 50, -1);

    kib = il_run_get_stats (run)->peak_rss_kib;
  }
  g_test_message ("held 200 MiB before the run, which added %" G_GINT64_FORMAT " KiB", kib);
  g_assert_cmpint (held[size - 1], ==, 1);
  g_free (held);
  g_assert_cmpint (kib, >=, 0);
  g_assert_cmpint (kib, <, 100 * MIB);
}

/* The meter counts a registered process while it is registered, and
 * nothing of it once it is not. */
static void
test_meter_counts_registered_processes (void)
{
  const char * const argv[] = { "sleep", "30", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) child = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_NONE, &error);
  IlMemoryMeter *meter = il_memory_meter_new ();
  GPid pid;
  gint64 child_kib = 0;

  g_assert_no_error (error);
  pid = (GPid) g_ascii_strtoll (g_subprocess_get_identifier (child), NULL, 10);
  /* Spawned with a vfork: it is itself once it shows its own program. */
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *exe = g_strdup_printf ("/proc/%d/exe", (int) pid);
      g_autofree char *target = g_file_read_link (exe, NULL);

      if (target && g_str_has_suffix (target, "/sleep"))
        break;
      g_usleep (10000);
    }
  child_kib = il_machine_get_rss_kib (pid);
  g_assert_cmpint (child_kib, >, 0);

  il_memory_meter_sample (meter);
  g_assert_cmpint (il_memory_meter_get_peak_kib (meter), <, child_kib);

  il_memory_meter_add_process (meter, pid);
  il_memory_meter_sample_process (meter, pid);
  g_assert_cmpint (il_memory_meter_get_peak_kib (meter), >=, child_kib / 2);
  il_memory_meter_free (meter);

  meter = il_memory_meter_new ();
  il_memory_meter_add_process (meter, pid);
  il_memory_meter_remove_process (meter, pid);
  il_memory_meter_sample (meter);
  g_assert_cmpint (il_memory_meter_get_peak_kib (meter), <, child_kib);
  il_memory_meter_free (meter);

  g_subprocess_force_exit (child);
  g_subprocess_wait (child, NULL, NULL);
  /* Gone: nothing. */
  g_assert_cmpint (il_machine_get_rss_kib (pid), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  real_worker = g_strdup (g_getenv ("INTERLEAVE_WORKER"));
  fake_worker = g_strdup (g_getenv ("FAKE_WORKER"));
  if (real_worker == NULL || fake_worker == NULL)
    {
      g_printerr ("INTERLEAVE_WORKER and FAKE_WORKER must name the worker programs\n");
      return 1;
    }

  g_test_add_func ("/engine/process/processes/spawn-then-run-overlapping", test_processes_spawn_then_run);
  g_test_add_func ("/engine/process/processes/report-both-orders", test_processes_report_both_orders);
  g_test_add_func ("/engine/process/processes/compute-in-children", test_processes_compute_in_children);
  g_test_add_func ("/engine/process/pool/limits-concurrency-and-queues", test_pool_limits_concurrency);
  g_test_add_func ("/engine/process/pool/reports-both-orders", test_pool_reports_both_orders);
  g_test_add_func ("/engine/process/pool/computes-in-children", test_pool_computes_in_children);
  g_test_add_func ("/engine/process/pool/gil-is-per-process", test_pool_gil_is_per_process);
  g_test_add_func ("/engine/process/pool/runs-untraced", test_pool_untraced);

  g_test_add_func ("/engine/process/worker/missing-fails-the-run", test_missing_worker);
  g_test_add_func ("/engine/process/worker/crash-fails-task-and-is-replaced", test_fake_crash);
  g_test_add_func ("/engine/process/worker/garbage-fails-task-and-is-replaced", test_fake_garbage);
  g_test_add_func ("/engine/process/worker/oversize-line-fails-task-and-is-replaced", test_fake_oversize);
  g_test_add_func ("/engine/process/worker/hang-fails-task-and-is-replaced", test_fake_hang);
  g_test_add_func ("/engine/process/worker/exit-at-once-fails-task-and-is-replaced", test_fake_exit);
  g_test_add_func ("/engine/process/worker/time-backwards-fails-task", test_fake_backwards);
  g_test_add_func ("/engine/process/worker/wrong-task-fails-task", test_fake_wrong_task);
  g_test_add_func ("/engine/process/worker/every-crash-fails-every-task", test_fake_every_process_crashes);
  g_test_add_func ("/engine/process/worker/pages-are-fetched-in-workers", test_pages_are_fetched_in_workers);

  g_test_add_func ("/engine/process/memory/processes-cost-more-than-threads", test_processes_cost_more_memory_than_threads);
  g_test_add_func ("/engine/process/memory/what-was-held-before-is-not-the-runs", test_memory_held_before_is_not_the_runs);
  g_test_add_func ("/engine/process/memory/meter-counts-registered-processes", test_meter_counts_registered_processes);

  g_test_add_func ("/engine/process/cancel/sleeping-processes-are-reaped", test_cancel_sleeping_processes);
  g_test_add_func ("/engine/process/cancel/computing-pool-is-reaped", test_cancel_computing_pool);
  g_test_add_func ("/engine/process/cancel/stubborn-workers-are-killed", test_cancel_stubborn_workers);
  g_test_add_func ("/engine/process/cancel/sleeping-loops-are-reaped", test_cancel_sleeping_loops);
  g_test_add_func ("/engine/process/cancel/computing-loops-are-reaped", test_cancel_computing_loops);
  g_test_add_func ("/engine/process/async-pool/sleeps-overlap-within-and-across-loops", test_async_pool_sleeps_overlap);
  g_test_add_func ("/engine/process/async-pool/a-loop-per-core-by-default", test_async_pool_defaults_to_a_loop_per_core);
  g_test_add_func ("/engine/process/async-pool/killed-worker-fails-its-tasks-with-the-reason",
                   test_async_pool_killed_worker_fails_its_tasks);

  return g_test_run ();
}
