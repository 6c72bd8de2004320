/* test-tracer.c — the tracer's /proc parsers and its API as the window uses it
 *
 * The example programs and the faults are run through the command line by
 * test-tracing.py; here: the pure parsers, and il_tracer_run_async() with
 * its growing records, stop and errors.
 */
#include "config.h"

#include <signal.h>
#include <sys/syscall.h>

#include "il-tracer.h"
#include "il-tracer-perf.h"

static void
test_stat_with_parentheses_in_comm (void)
{
  IlProcStat st;
  const char *line =
    "4242 (we (ird) name) S 4200 4242 4200 0 -1 4194560 100 0 0 0 17 5 0 0 20 0 3 0 "
    "1000 10000000 500 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 "
    "0 0 0 0 0 0 0 256\n";

  g_assert_true (il_proc_parse_stat (line, &st));
  g_assert_cmpstr (st.comm, ==, "we (ird) name");
  g_assert_cmpint (st.state, ==, 'S');
  g_assert_cmpint (st.ppid, ==, 4200);
  g_assert_cmpuint (st.utime, ==, 17);
  g_assert_cmpuint (st.stime, ==, 5);
  g_assert_cmpint (st.processor, ==, 1);
  g_assert_cmpint (st.exit_code, ==, 256);

  g_assert_false (il_proc_parse_stat ("", &st));
  g_assert_false (il_proc_parse_stat ("12 (x", &st));
}

static void
test_own_stat_parses (void)
{
  g_autofree char *text = NULL;
  IlProcStat st;

  g_assert_true (g_file_get_contents ("/proc/self/stat", &text, NULL, NULL));
  g_assert_true (il_proc_parse_stat (text, &st));
  g_assert_cmpint (st.state, ==, 'R');
  g_assert_cmpint (st.processor, >=, 0);
  g_assert_cmpint (st.exit_code, ==, 0);
}

static void
test_syscall_classified (void)
{
  char line[64];

  g_assert_cmpint (il_proc_parse_syscall ("running\n"), ==, -1);
  g_assert_cmpint (il_proc_parse_syscall ("-1 0x7ffd 0x0\n"), ==, -2);
  g_assert_cmpint (il_proc_parse_syscall (NULL), ==, -2);
  g_snprintf (line, sizeof line, "%d 0x7f 0x80 0x0 0x0 0x0 0x0 0x7ffd 0x7f\n", (int) SYS_futex);
  g_assert_true (il_proc_syscall_is_lock (il_proc_parse_syscall (line)));
  g_snprintf (line, sizeof line, "%d 0x0 0x0 0x0\n", (int) SYS_clock_nanosleep);
  g_assert_false (il_proc_syscall_is_lock (il_proc_parse_syscall (line)));
  g_assert_false (il_proc_syscall_is_lock (-1));
}

typedef struct {
  GMainLoop   *loop;
  IlRunRecord *record;
  GError      *error;
  guint        progress;
  gboolean     live_seen;
  gboolean     stop_on_progress;
} Waiting;

static void
on_progress (IlTracer    *tracer,
             IlRunRecord *record,
             gpointer     user_data)
{
  Waiting *w = user_data;

  w->progress++;
  if (!record->finished && record->snapshot->n_tasks > 0)
    w->live_seen = TRUE;
  if (w->stop_on_progress && w->live_seen)
    il_tracer_stop (tracer);
}

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Waiting *w = user_data;

  w->record = il_tracer_run_finish (IL_TRACER (object), result, &w->error);
  g_main_loop_quit (w->loop);
}

static void
run_and_wait (IlTracer *tracer,
              Waiting  *w)
{
  w->loop = g_main_loop_new (NULL, FALSE);
  il_tracer_run_async (tracer, NULL, on_progress, w, NULL, on_done, w);
  g_main_loop_run (w->loop);
  g_main_loop_unref (w->loop);
}

static void
test_async_grows_then_ends (void)
{
  const char *argv[] = { "/bin/sh", "-c", "sleep 0.5; exit 4", NULL };
  g_autoptr(IlTracer) tracer = il_tracer_new (argv, NULL);
  IlTracerResult result;
  Waiting w = { 0, };

  run_and_wait (tracer, &w);
  g_assert_no_error (w.error);
  g_assert_nonnull (w.record);
  g_assert_cmpuint (w.progress, >=, 1);
  g_assert_true (w.live_seen);
  g_assert_true (w.record->finished);
  g_assert_false (w.record->stopped);
  g_assert_cmpuint (w.record->snapshot->n_tasks, >=, 1);
  g_assert_cmpuint (w.record->snapshot->n_workers, >=, 1);
  /* The shell's thread failed with the exit status */
  g_assert_false (w.record->snapshot->tasks[0].ok);
  g_assert_cmpstr (w.record->snapshot->tasks[0].error, ==, "exit status 4");
  g_assert_cmpint (il_task_snapshot_time_in (&w.record->snapshot->tasks[0], IL_STATE_IO_WAIT) +
                   il_task_snapshot_time_in (&w.record->snapshot->tasks[0], IL_STATE_LOCK_WAIT),
                   >, 0);

  il_tracer_get_result (tracer, &result);
  g_assert_true (result.exited);
  g_assert_cmpint (result.exit_status, ==, 4);
  g_assert_cmpuint (result.samples, >, 10);
  if (result.method == IL_TRACER_METHOD_PERF)
    g_assert_nonnull (strstr (result.method_text, "exact context switches from perf_event_open"));
  else
    g_assert_nonnull (strstr (result.method_text, "sampled every 1 ms"));
  il_tracer_result_clear (&result);
  il_run_record_unref (w.record);
}

/* A block takes the state of the syscall sample nearest it */
static void
test_wait_classified_by_nearest_sample (void)
{
  IlPerfWaitHow how;

  /* A sample in the wait, or the wait still going on: that sample */
  g_assert_true (il_perf_wait_takes_later (100, 200, FALSE, 10, 150, &how));
  g_assert_cmpint (how, ==, IL_PERF_WAIT_SAMPLED);
  g_assert_true (il_perf_wait_takes_later (100, 100, TRUE, 10, 150, &how));
  g_assert_cmpint (how, ==, IL_PERF_WAIT_SAMPLED);
  /* The earlier sample was taken in it */
  g_assert_false (il_perf_wait_takes_later (100, 200, FALSE, 120, 300, &how));
  g_assert_cmpint (how, ==, IL_PERF_WAIT_SAMPLED);
  /* Between two samples: the nearer one */
  g_assert_false (il_perf_wait_takes_later (100, 110, FALSE, 95, 300, &how));
  g_assert_cmpint (how, ==, IL_PERF_WAIT_NEAREST);
  g_assert_true (il_perf_wait_takes_later (100, 110, FALSE, 20, 112, &how));
  g_assert_cmpint (how, ==, IL_PERF_WAIT_NEAREST);
  /* No earlier sample: the later one */
  g_assert_true (il_perf_wait_takes_later (100, 110, FALSE, 0, 5000, &how));
  g_assert_cmpint (how, ==, IL_PERF_WAIT_NEAREST);
}

/* Forced sampling is sampling, and the result says why not perf */
static void
test_sampling_forced (void)
{
  const char *argv[] = { "/bin/sh", "-c", "sleep 0.05", NULL };
  IlTracerOptions options;
  g_autoptr(IlTracer) tracer = NULL;
  g_autoptr(IlRunRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  IlTracerResult result;

  il_tracer_options_init (&options);
  options.method = IL_TRACER_METHOD_SAMPLING;
  tracer = il_tracer_new (argv, &options);
  record = il_tracer_run (tracer, &error);
  g_assert_no_error (error);
  il_tracer_get_result (tracer, &result);
  g_assert_cmpint (result.method, ==, IL_TRACER_METHOD_SAMPLING);
  g_assert_nonnull (result.fallback);
  g_assert_cmpuint (result.switches, ==, 0);
  g_assert_nonnull (strstr (record->title, "sampled every 1 ms"));
  il_tracer_result_clear (&result);
}

/* perf: a thread that sleeps twice blocks and runs again, to the
 * nanosecond; its blocks are classified io-wait (nanosleep) */
static void
test_perf_switches (void)
{
  const char *argv[] = { "/bin/sh", "-c", "sleep 0.06; sleep 0.06", NULL };
  IlTracerOptions options;
  g_autoptr(IlTracer) tracer = NULL;
  g_autoptr(IlRunRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  IlTracerResult result;
  gint64 io = 0;

  il_tracer_options_init (&options);
  options.method = IL_TRACER_METHOD_PERF;
  tracer = il_tracer_new (argv, &options);
  record = il_tracer_run (tracer, &error);
  g_assert_no_error (error);
  il_tracer_get_result (tracer, &result);
  if (result.method != IL_TRACER_METHOD_PERF)
    {
      g_test_skip (result.fallback);
      il_tracer_result_clear (&result);
      return;
    }
  g_assert_nonnull (strstr (record->title, "exact context switches from perf_event_open"));
  g_assert_cmpuint (result.switches, >, 4);
  g_assert_cmpuint (result.records_lost, ==, 0);
  g_assert_cmpuint (result.waits, >=, 2);
  g_assert_cmpuint (result.waits_sampled + result.waits_nearest + result.waits_unknown, >=, 2);
  /* The shell and its two sleeps: three processes, found by the fork records */
  g_assert_cmpuint (record->snapshot->n_workers, >=, 3);
  for (guint i = 0; i < record->snapshot->n_tasks; i++)
    {
      io += il_task_snapshot_time_in (&record->snapshot->tasks[i], IL_STATE_IO_WAIT);
    }
  /* Each sleep is 60 ms, blocked (the shell waits for it too) */
  g_assert_cmpint (io, >=, 100 * G_GINT64_CONSTANT (1000000));
  il_tracer_result_clear (&result);
}

static void
test_async_stop_ends_the_tree (void)
{
  const char *argv[] = { "/bin/sh", "-c", "trap '' TERM; sleep 1000 & sleep 1000; wait", NULL };
  IlTracerOptions options;
  g_autoptr(IlTracer) tracer = NULL;
  IlTracerResult result;
  Waiting w = { 0, };

  il_tracer_options_init (&options);
  options.grace_ns = 300 * G_GINT64_CONSTANT (1000000);
  tracer = il_tracer_new (argv, &options);
  w.stop_on_progress = TRUE;
  run_and_wait (tracer, &w);
  g_assert_no_error (w.error);
  g_assert_true (w.record->finished);
  g_assert_true (w.record->stopped);
  il_tracer_get_result (tracer, &result);
  g_assert_true (result.stopped);
  g_assert_true (result.exited);
  il_tracer_result_clear (&result);
  il_run_record_unref (w.record);
}

static void
on_progress_stop_twice (IlTracer    *tracer,
                        IlRunRecord *record,
                        gpointer     user_data)
{
  Waiting *w = user_data;

  if (record->snapshot->n_tasks > 0 && !w->live_seen)
    {
      w->live_seen = TRUE;
      il_tracer_stop (tracer);
      il_tracer_stop (tracer);
    }
}

/* A second stop does not wait for the grace period (30 s here) */
static void
test_async_second_stop_kills (void)
{
  const char *argv[] = { "/bin/sh", "-c", "trap '' TERM; sleep 1000", NULL };
  IlTracerOptions options;
  g_autoptr(IlTracer) tracer = NULL;
  IlTracerResult result;
  Waiting w = { 0, };
  gint64 start;

  il_tracer_options_init (&options);
  options.grace_ns = 30 * G_GINT64_CONSTANT (1000000000);
  tracer = il_tracer_new (argv, &options);
  w.loop = g_main_loop_new (NULL, FALSE);
  start = g_get_monotonic_time ();
  il_tracer_run_async (tracer, NULL, on_progress_stop_twice, &w, NULL, on_done, &w);
  g_main_loop_run (w.loop);
  g_main_loop_unref (w.loop);
  g_assert_no_error (w.error);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);
  il_tracer_get_result (tracer, &result);
  g_assert_true (result.stopped);
  g_assert_cmpint (result.exit_signal, ==, SIGKILL);
  il_tracer_result_clear (&result);
  il_run_record_unref (w.record);
}

static void
test_not_found_is_an_error (void)
{
  const char *argv[] = { "no-such-command-for-interleave", NULL };
  g_autoptr(IlTracer) tracer = il_tracer_new (argv, NULL);
  Waiting w = { 0, };

  run_and_wait (tracer, &w);
  g_assert_error (w.error, IL_TRACER_ERROR, IL_TRACER_ERROR_NOT_FOUND);
  g_assert_null (w.record);
  g_assert_cmpuint (w.progress, ==, 0);
  g_error_free (w.error);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tracing/proc/stat-with-parentheses-in-comm", test_stat_with_parentheses_in_comm);
  g_test_add_func ("/tracing/proc/own-stat-parses", test_own_stat_parses);
  g_test_add_func ("/tracing/proc/syscall-classified", test_syscall_classified);
  g_test_add_func ("/tracing/async/grows-then-ends", test_async_grows_then_ends);
  g_test_add_func ("/tracing/async/stop-ends-the-tree", test_async_stop_ends_the_tree);
  g_test_add_func ("/tracing/async/second-stop-kills", test_async_second_stop_kills);
  g_test_add_func ("/tracing/async/not-found-is-an-error", test_not_found_is_an_error);
  g_test_add_func ("/tracing/perf/wait-classified-by-nearest-sample", test_wait_classified_by_nearest_sample);
  g_test_add_func ("/tracing/method/sampling-forced", test_sampling_forced);
  g_test_add_func ("/tracing/method/perf-records-switches", test_perf_switches);

  return g_test_run ();
}
