/* test-stats.c — every stat computed from a run record made by hand
 *
 * No engine runs here: the records are what a saved file or an imported
 * trace would give, so each number can be worked out on paper.
 */
#include "config.h"

#include <math.h>

#include "il-stats.h"

#define MS(x) ((gint64) (x) * 1000000)

typedef struct {
  IlState state;
  gint64  start_ms;
  gint64  end_ms;
  gint    cpu;
} Piece;

/* A task made of @pieces, ended ok at its last piece's end. */
static IlTaskSnapshot
make_task (guint        id,
           guint32      worker,
           const Piece *pieces,
           guint        n_pieces,
           gboolean     ok)
{
  IlTaskSnapshot t = { 0, };
  gint64 end = MS (pieces[n_pieces - 1].end_ms);

  t.id = id;
  t.name = g_strdup_printf ("task %u", id);
  t.worker = worker;
  t.submitted_ns = 0;
  t.started_ns = MS (pieces[0].state == IL_STATE_QUEUED && n_pieces > 1 ? pieces[1].start_ms
                                                                        : pieces[0].start_ms);
  t.finished = TRUE;
  t.ok = ok;
  t.error = ok ? NULL : g_strdup ("it broke");
  t.finished_ns = end;
  t.n_segments = n_pieces + 1;
  t.segments = g_new0 (IlSegment, n_pieces + 1);
  for (guint i = 0; i < n_pieces; i++)
    {
      t.segments[i].start_ns = MS (pieces[i].start_ms);
      t.segments[i].end_ns = MS (pieces[i].end_ms);
      t.segments[i].state = pieces[i].state;
      t.segments[i].cpu = pieces[i].cpu;
      t.segments[i].worker = pieces[i].state == IL_STATE_QUEUED ? IL_NO_WORKER : worker;
    }
  t.segments[n_pieces].start_ns = t.segments[n_pieces].end_ns = end;
  t.segments[n_pieces].state = ok ? IL_STATE_DONE : IL_STATE_FAILED;
  t.segments[n_pieces].cpu = IL_NO_CPU;
  t.segments[n_pieces].worker = worker;
  return t;
}

static void
clear_tasks (IlTaskSnapshot *tasks,
             guint           n)
{
  for (guint i = 0; i < n; i++)
    {
      g_free (tasks[i].name);
      g_free (tasks[i].error);
      g_free (tasks[i].segments);
    }
}

/* Three tasks of 100 ms of computing on a pool of two workers on two
 * cores: two run at once, the third waits for a worker. */
static IlRunRecord *
make_pool_record (const char *model)
{
  static const Piece t0[] = { { IL_STATE_RUNNING, 0, 100, 0 } };
  static const Piece t1[] = { { IL_STATE_RUNNING, 0, 60, 1 }, { IL_STATE_PREEMPTED, 60, 70, 1 },
                              { IL_STATE_RUNNING, 70, 100, 1 } };
  static const Piece t2[] = { { IL_STATE_QUEUED, 0, 100, IL_NO_CPU }, { IL_STATE_RUNNING, 100, 200, 0 } };
  IlTaskSnapshot tasks[3];
  IlWorkerInfo workers[2] = {
    { IL_WORKER_THREAD, 11, 10, (char *) "thread 11" },
    { IL_WORKER_THREAD, 12, 10, (char *) "thread 12" },
  };
  IlRunRecord *record = il_run_record_new ();
  IlTaskPlan *plans = g_new0 (IlTaskPlan, 3);
  guint order[] = { 0, 1, 2 };

  tasks[0] = make_task (0, 0, t0, G_N_ELEMENTS (t0), TRUE);
  tasks[1] = make_task (1, 1, t1, G_N_ELEMENTS (t1), TRUE);
  tasks[2] = make_task (2, 0, t2, G_N_ELEMENTS (t2), TRUE);
  record->snapshot = il_trace_snapshot_new_from_tasks (tasks, 3, workers, 2);
  clear_tasks (tasks, 3);

  for (guint i = 0; i < 3; i++)
    plans[i].cpu_ns = MS (100);
  il_run_record_take_plans (record, plans, 3);

  record->model = g_strdup (model);
  record->title = g_strdup (model);
  record->rules = (IlModelRules) { IL_IDEAL_WORKERS, FALSE, FALSE, TRUE, FALSE };
  record->workers = 2;
  record->tracing = TRUE;
  record->logical_cores = 2;
  record->finished = TRUE;
  record->completion_order = g_memdup2 (order, sizeof order);
  record->n_completion_order = 3;
  record->has_usage = TRUE;
  record->user_time_s = 0.25;
  record->sys_time_s = 0.05;
  record->voluntary_ctx_switches = 3;
  record->involuntary_ctx_switches = 1;
  record->peak_rss_kib = 2048;
  return record;
}

static void
test_every_stat_of_a_pool (void)
{
  g_autoptr(IlRunRecord) record = make_pool_record ("thread-pool");
  IlRunStats st;

  il_run_stats_compute (record, &st);

  g_assert_cmpint (st.makespan_ns, ==, MS (200));
  /* Computing counts what was planned or what ran, whichever is less:
   * p = 100, 90 (preempted for 10 of its 100 ms), 100 on W = 2, and one
   * worker runs two of them: at least 100 + 90 */
  g_assert_cmpint (st.ideal_ns, ==, MS (190));
  g_assert_cmpfloat_with_epsilon (il_run_stats_efficiency (&st), 0.95, 1e-9);
  g_assert_cmpuint (st.workers, ==, 2);
  g_assert_cmpuint (st.workers_seen, ==, 2);
  g_assert_cmpfloat_with_epsilon (st.cpu_time_s, 0.30, 1e-9);
  g_assert_cmpfloat_with_epsilon (st.user_time_s, 0.25, 1e-9);
  g_assert_cmpfloat_with_epsilon (st.sys_time_s, 0.05, 1e-9);
  g_assert_cmpint (st.voluntary_ctx_switches, ==, 3);
  g_assert_cmpint (st.involuntary_ctx_switches, ==, 1);
  g_assert_cmpint (st.peak_rss_kib, ==, 2048);
  g_assert_cmpuint (st.cores_used, ==, 2);
  g_assert_cmpuint (st.tasks_ok, ==, 3);
  g_assert_cmpuint (st.tasks_failed, ==, 0);
  g_assert_false (st.cancelled);
  g_assert_cmpuint (st.n_completion_order, ==, 3);
  g_assert_cmpuint (st.completion_order[2], ==, 2);
  g_assert_cmpint (st.running_ns, ==, MS (290));
  g_assert_cmpint (st.preempted_ns, ==, MS (10));
  g_assert_cmpint (st.queued_ns, ==, MS (100));
  g_assert_cmpint (st.io_wait_ns, ==, 0);
  g_assert_false (st.gil);
  g_assert_cmpint (st.gil_handovers, ==, -1);
  il_run_stats_clear (&st);
}

static void
test_speedup_is_against_the_sequential_record (void)
{
  g_autoptr(IlRunRecord) pool = make_pool_record ("thread-pool");
  g_autoptr(IlRunRecord) sequential = make_pool_record ("sequential");
  IlRunRecord *records[2];
  IlRunStats a, b;

  /* The same record called sequential, and stretched to 400 ms */
  sequential->snapshot->end_ns = MS (400);
  records[0] = pool;
  records[1] = sequential;
  g_assert_cmpint (il_run_records_find_sequential (records, 2), ==, 1);
  g_assert_cmpint (il_run_records_find_sequential (records, 1), ==, -1);

  il_run_stats_compute (pool, &a);
  il_run_stats_compute (sequential, &b);
  g_assert_cmpint (b.makespan_ns, ==, MS (400));
  g_assert_cmpfloat_with_epsilon (il_run_stats_speedup (&a, &b), 2.0, 1e-9);
  g_assert_true (isnan (il_run_stats_speedup (&a, NULL)));
  il_run_stats_clear (&a);
  il_run_stats_clear (&b);
}

static void
test_the_rules_come_from_the_record (void)
{
  g_autoptr(IlRunRecord) record = make_pool_record ("thread-pool");
  IlRunStats st;

  /* One GIL: the 290 ms of computing are serialised */
  record->gil = TRUE;
  record->gil_interval_ns = MS (5);
  record->gil_handovers = 7;
  il_run_stats_compute (record, &st);
  g_assert_cmpint (st.ideal_ns, ==, MS (290));
  g_assert_true (st.gil);
  g_assert_cmpint (st.gil_interval_ns, ==, MS (5));
  g_assert_cmpint (st.gil_handovers, ==, 7);
  il_run_stats_clear (&st);

  /* Processes: each has its own GIL */
  record->rules.gil_applies = FALSE;
  il_run_stats_compute (record, &st);
  g_assert_cmpint (st.ideal_ns, ==, MS (190));
  il_run_stats_clear (&st);

  /* An event loop computing on its one thread */
  record->gil = FALSE;
  record->rules = (IlModelRules) { IL_IDEAL_LOOP, FALSE, TRUE, FALSE, FALSE };
  il_run_stats_compute (record, &st);
  g_assert_cmpint (st.ideal_ns, ==, MS (290));
  il_run_stats_clear (&st);

  /* A worker per task: W is the task count, so one task is the bound */
  record->rules = (IlModelRules) { IL_IDEAL_WORKERS, TRUE, FALSE, FALSE, FALSE };
  record->logical_cores = 3;
  il_run_stats_compute (record, &st);
  g_assert_cmpuint (st.workers, ==, 3);
  g_assert_cmpint (st.ideal_ns, ==, MS (100));
  il_run_stats_clear (&st);
}

static void
test_a_stopped_run_has_no_efficiency_or_speedup (void)
{
  g_autoptr(IlRunRecord) stopped = make_pool_record ("sequential");
  g_autoptr(IlRunRecord) other = make_pool_record ("threads");
  IlRunRecord *records[2];
  IlRunStats a, b;

  stopped->stopped = TRUE;
  records[0] = stopped;
  records[1] = other;
  /* A stopped sequential run is no baseline */
  g_assert_cmpint (il_run_records_find_sequential (records, 2), ==, -1);

  il_run_stats_compute (stopped, &a);
  il_run_stats_compute (other, &b);
  g_assert_true (a.cancelled);
  g_assert_cmpint (a.makespan_ns, ==, MS (200));
  g_assert_cmpuint (a.tasks_ok, ==, 3);
  g_assert_true (isnan (il_run_stats_efficiency (&a)));
  g_assert_true (isnan (il_run_stats_speedup (&a, &b)));
  g_assert_true (isnan (il_run_stats_speedup (&b, &a)));
  g_assert_false (isnan (il_run_stats_efficiency (&b)));
  il_run_stats_clear (&a);
  il_run_stats_clear (&b);
}

static void
test_what_a_record_does_not_know_stays_unknown (void)
{
  g_autoptr(IlRunRecord) record = make_pool_record ("thread-pool");
  IlRunRecord *bare = il_run_record_new ();
  IlRunStats st;

  /* A record as an imported trace gives it: segments and nothing else */
  bare->snapshot = il_trace_snapshot_ref (record->snapshot);
  il_run_stats_compute (bare, &st);
  g_assert_cmpint (st.makespan_ns, ==, MS (200));
  g_assert_cmpint (st.ideal_ns, ==, -1);
  g_assert_true (isnan (il_run_stats_efficiency (&st)));
  g_assert_true (isnan (st.cpu_time_s));
  g_assert_cmpint (st.voluntary_ctx_switches, ==, -1);
  g_assert_cmpint (st.involuntary_ctx_switches, ==, -1);
  g_assert_cmpint (st.peak_rss_kib, ==, -1);
  g_assert_cmpint (st.gil_handovers, ==, -1);
  g_assert_cmpuint (st.workers, ==, 2);     /* the workers it saw */
  g_assert_cmpuint (st.tasks_ok, ==, 3);
  g_assert_cmpuint (st.n_completion_order, ==, 0);
  il_run_stats_clear (&st);
  il_run_record_unref (bare);
}

/* Two pages, the second found on the first: each waited 100 ms for its
 * reply and parsed for 10 ms, through one connection. */
static void
test_a_crawl_is_bound_by_its_chain_and_connections (void)
{
  static const Piece p0[] = { { IL_STATE_IO_WAIT, 0, 100, IL_NO_CPU }, { IL_STATE_RUNNING, 100, 110, 0 } };
  static const Piece p1[] = { { IL_STATE_QUEUED, 110, 110, IL_NO_CPU },
                              { IL_STATE_IO_WAIT, 110, 210, IL_NO_CPU }, { IL_STATE_RUNNING, 210, 220, 1 } };
  IlTaskSnapshot tasks[2];
  IlWorkerInfo loop = { IL_WORKER_LOOP, 5, 5, (char *) "event loop" };
  g_autoptr(IlRunRecord) record = il_run_record_new ();
  IlTaskPlan *plans = g_new0 (IlTaskPlan, 2);
  IlRunStats st;

  tasks[0] = make_task (0, 0, p0, G_N_ELEMENTS (p0), TRUE);
  tasks[1] = make_task (1, 0, p1, G_N_ELEMENTS (p1), FALSE);
  record->snapshot = il_trace_snapshot_new_from_tasks (tasks, 2, &loop, 1);
  clear_tasks (tasks, 2);
  for (guint i = 0; i < 2; i++)
    {
      plans[i].fetches = TRUE;
      plans[i].host = g_strdup ("127.0.0.1");
    }
  plans[1].discovered_by = 1;
  il_run_record_take_plans (record, plans, 2);
  record->rules = (IlModelRules) { IL_IDEAL_LOOP, FALSE, TRUE, FALSE, FALSE };
  record->workers = 1;
  record->tracing = TRUE;
  record->logical_cores = 2;

  /* The chain: 110 ms for the first page, then 110 ms for the second */
  il_run_stats_compute (record, &st);
  g_assert_cmpint (st.ideal_ns, ==, MS (220));
  g_assert_cmpuint (st.tasks_ok, ==, 1);
  g_assert_cmpuint (st.tasks_failed, ==, 1);
  g_assert_cmpint (st.io_wait_ns, ==, MS (200));
  g_assert_cmpint (st.running_ns, ==, MS (20));
  il_run_stats_clear (&st);

  /* Without the chain, one connection still serialises the replies */
  record->plans[1].discovered_by = 0;
  record->max_connections = 1;
  record->max_connections_per_host = 1;
  il_run_stats_compute (record, &st);
  g_assert_cmpint (st.ideal_ns, ==, MS (200));
  il_run_stats_clear (&st);

  /* … unless the workers have connections of their own */
  record->rules.own_connections = TRUE;
  il_run_stats_compute (record, &st);
  g_assert_cmpint (st.ideal_ns, ==, MS (110));
  il_run_stats_clear (&st);
}

/* Other load is said only when it is more than noise, and a comparison
 * is flagged only when its runs saw very different load. */
static void
test_other_load_thresholds (void)
{
  g_autoptr(IlRunRecord) quiet = il_run_record_new ();
  g_autoptr(IlRunRecord) busy = il_run_record_new ();
  g_autoptr(IlRunRecord) unknown = il_run_record_new ();
  IlRunRecord *pair[2];
  IlRunStats st = { 0, };

  quiet->other_load = 0.02;
  quiet->other_cpu_s = 0.01;
  busy->other_load = 0.45;
  busy->other_cpu_s = 0.9;

  st.other_load = busy->other_load;
  st.other_cpu_s = busy->other_cpu_s;
  g_assert_true (il_run_stats_saw_other_load (&st));
  /* a big share of a very short run: a few clock ticks, not load */
  st.other_cpu_s = 0.02;
  g_assert_false (il_run_stats_saw_other_load (&st));
  st.other_load = quiet->other_load;
  st.other_cpu_s = 2.0;
  g_assert_false (il_run_stats_saw_other_load (&st));
  st.other_load = unknown->other_load;
  g_assert_false (il_run_stats_saw_other_load (&st));

  pair[0] = quiet;
  pair[1] = busy;
  g_assert_true (il_run_records_load_uneven (pair, 2));
  pair[1] = quiet;
  g_assert_false (il_run_records_load_uneven (pair, 2));
  /* unknown load compares with nothing */
  pair[0] = unknown;
  pair[1] = busy;
  g_assert_false (il_run_records_load_uneven (pair, 2));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/stats/every-stat-of-a-pool", test_every_stat_of_a_pool);
  g_test_add_func ("/engine/stats/speedup-is-against-the-sequential-record",
                   test_speedup_is_against_the_sequential_record);
  g_test_add_func ("/engine/stats/the-rules-come-from-the-record", test_the_rules_come_from_the_record);
  g_test_add_func ("/engine/stats/a-stopped-run-has-no-efficiency-or-speedup",
                   test_a_stopped_run_has_no_efficiency_or_speedup);
  g_test_add_func ("/engine/stats/what-a-record-does-not-know-stays-unknown",
                   test_what_a_record_does_not_know_stays_unknown);
  g_test_add_func ("/engine/stats/other-load-is-said-above-noise", test_other_load_thresholds);
  g_test_add_func ("/engine/stats/a-crawl-is-bound-by-its-chain-and-connections",
                   test_a_crawl_is_bound_by_its_chain_and_connections);

  return g_test_run ();
}
