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

/* Runs of several files or settings: each against the sequential run of
 * its own work, unless the user picked a baseline */
static void
test_each_run_has_the_baseline_of_its_work (void)
{
  g_autoptr(IlRunRecord) seq_a = make_pool_record ("sequential");
  g_autoptr(IlRunRecord) pool_a = make_pool_record ("thread-pool");
  g_autoptr(IlRunRecord) seq_b = make_pool_record ("sequential");
  g_autoptr(IlRunRecord) pool_b = make_pool_record ("thread-pool");
  g_autoptr(IlRunRecord) other = make_pool_record ("thread-pool");
  IlRunRecord *records[5];

  seq_a->workload_name = g_strdup ("sum-of-squares");
  pool_a->workload_name = g_strdup ("sum-of-squares");
  seq_b->workload_name = g_strdup ("sum-of-squares");
  pool_b->workload_name = g_strdup ("sum-of-squares");
  other->workload_name = g_strdup ("three-tasks");
  seq_a->params.tasks = pool_a->params.tasks = 4;
  seq_b->params.tasks = pool_b->params.tasks = 8;
  other->params.tasks = 4;
  /* The workers differ from a sequential run's: the same work */
  pool_a->params.workers = 2;
  records[0] = pool_b;
  records[1] = seq_a;
  records[2] = pool_a;
  records[3] = seq_b;
  records[4] = other;

  g_assert_cmpint (il_run_records_find_baseline (records, 5, 0, -1), ==, 3);
  g_assert_cmpint (il_run_records_find_baseline (records, 5, 2, -1), ==, 1);
  g_assert_cmpint (il_run_records_find_baseline (records, 5, 1, -1), ==, 1);
  g_assert_cmpint (il_run_records_find_baseline (records, 5, 4, -1), ==, -1);
  g_assert_true (il_run_records_same_work (seq_a, pool_a));
  g_assert_false (il_run_records_same_work (seq_a, seq_b));
  g_assert_false (il_run_records_same_work (pool_a, other));

  /* The user's pick serves every run, unless it was stopped or is none */
  for (guint i = 0; i < 5; i++)
    g_assert_cmpint (il_run_records_find_baseline (records, 5, i, 2), ==, 2);
  g_assert_cmpint (il_run_records_find_baseline (records, 5, 0, 9), ==, 3);
  pool_a->stopped = TRUE;
  g_assert_cmpint (il_run_records_find_baseline (records, 5, 0, 2), ==, 3);
  g_assert_cmpint (il_run_records_find_baseline (records, 5, 5, -1), ==, -1);

  /* Crawls: the demo site is the same work on whatever port it ran */
  seq_a->crawl_demo_site = pool_a->crawl_demo_site = TRUE;
  seq_a->crawl_url = g_strdup ("http://127.0.0.1:4001/");
  pool_a->crawl_url = g_strdup ("http://127.0.0.1:4002/");
  g_assert_true (il_run_records_same_work (seq_a, pool_a));
  seq_a->crawl_demo_site = pool_a->crawl_demo_site = FALSE;
  g_assert_false (il_run_records_same_work (seq_a, pool_a));
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

  /* … unless the workers have connections of their own: then both
   * replies may come at 100 ms, and one thread parses them in turn */
  record->rules.own_connections = TRUE;
  il_run_stats_compute (record, &st);
  g_assert_cmpint (st.ideal_ns, ==, MS (120));
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

/* ------------------------------------------------------------------------ */
/* The ideal against schedules that can happen */

#define SIM_MAX_TASKS  6
#define SIM_MAX_PHASES 3

typedef struct {
  guint    n_phases;
  gboolean cpu[SIM_MAX_PHASES];
  gint64   ms[SIM_MAX_PHASES];
} SimTask;

/* A model as the stats see it, and as the schedules below obey it. */
typedef struct {
  const char  *model;
  IlModelRules rules;
  guint        workers;      /* ignored with a worker per task */
  gboolean     gil;
  guint        cores;
} SimModel;

static const IlModelRules thread_rules   = { IL_IDEAL_WORKERS, FALSE, FALSE, TRUE, FALSE };
static const IlModelRules threads_rules  = { IL_IDEAL_WORKERS, TRUE, FALSE, TRUE, FALSE };
static const IlModelRules process_rules  = { IL_IDEAL_WORKERS, FALSE, FALSE, FALSE, TRUE };
static const IlModelRules processes_rules = { IL_IDEAL_WORKERS, TRUE, FALSE, FALSE, TRUE };
static const IlModelRules async_rules    = { IL_IDEAL_LOOP, FALSE, TRUE, TRUE, FALSE };
static const IlModelRules executor_rules = { IL_IDEAL_LOOP, FALSE, FALSE, TRUE, FALSE };

static guint
sim_workers (const SimModel *m,
             guint           n)
{
  return m->rules.worker_per_task || m->rules.ideal == IL_IDEAL_LOOP ? n : m->workers;
}

/* How many tasks can compute at once. */
static guint
sim_computing_slots (const SimModel *m,
                     guint           n)
{
  if (m->rules.serial_compute || (m->gil && m->rules.gil_applies))
    return 1;
  return MIN (m->rules.ideal == IL_IDEAL_LOOP || !m->rules.worker_per_task ? m->workers : n, m->cores);
}

/* The makespan (ms) of one schedule the model can run: a task takes a
 * worker (on a loop: at once) and keeps it to its end; a computing phase
 * also takes one of the computing slots (one under the GIL or on the
 * loop's thread, else one per core and worker) to its end; waiting takes
 * nothing more.  Whatever can start does, the earlier in @order first. */
static gint64
simulate (const SimTask  *tasks,
          guint           n,
          const SimModel *m,
          const guint    *order)
{
  guint phase[SIM_MAX_TASKS] = { 0, };
  gboolean started[SIM_MAX_TASKS] = { 0, }, busy[SIM_MAX_TASKS] = { 0, };
  gint64 end[SIM_MAX_TASKS] = { 0, };
  guint free_workers = sim_workers (m, n), free_slots = sim_computing_slots (m, n), done = 0;
  gint64 now = 0;

  for (;;)
    {
      gint64 next = G_MAXINT64;

      for (guint i = 0; i < n; i++)
        if (busy[i] && end[i] == now)
          {
            busy[i] = FALSE;
            if (tasks[i].cpu[phase[i]])
              free_slots++;
            if (++phase[i] == tasks[i].n_phases)
              {
                free_workers++;
                done++;
              }
          }
      if (done == n)
        return now;
      for (guint k = 0; k < n; k++)
        {
          guint i = order[k];

          if (phase[i] == tasks[i].n_phases || busy[i])
            continue;
          if (!started[i])
            {
              if (free_workers == 0)
                continue;
              free_workers--;
              started[i] = TRUE;
            }
          if (tasks[i].cpu[phase[i]])
            {
              if (free_slots == 0)
                continue;
              free_slots--;
            }
          busy[i] = TRUE;
          end[i] = now + tasks[i].ms[phase[i]];
        }
      for (guint i = 0; i < n; i++)
        if (busy[i])
          next = MIN (next, end[i]);
      g_assert_cmpint (next, <, G_MAXINT64);
      now = next;
    }
}

/* The shortest of simulate() over every order of the tasks. */
static gint64
simulate_best (const SimTask  *tasks,
               guint           n,
               const SimModel *m,
               guint          *order,
               guint           k)
{
  gint64 best = G_MAXINT64;

  if (k == n)
    return simulate (tasks, n, m, order);
  for (guint j = k; j < n; j++)
    {
      guint t = order[k];

      order[k] = order[j];
      order[j] = t;
      best = MIN (best, simulate_best (tasks, n, m, order, k + 1));
      order[j] = order[k];
      order[k] = t;
    }
  return best;
}

/* A finished record of @tasks under @m that took @makespan_ms; the
 * plans say what each task waits and computes, in order. */
static IlRunRecord *
sim_record (const SimTask  *tasks,
            guint           n,
            const SimModel *m,
            gint64          makespan_ms)
{
  IlTaskSnapshot snaps[SIM_MAX_TASKS];
  IlWorkerInfo worker = { IL_WORKER_THREAD, 11, 10, (char *) "thread 11" };
  IlRunRecord *record = il_run_record_new ();
  IlTaskPlan *plans = g_new0 (IlTaskPlan, n);

  for (guint i = 0; i < n; i++)
    {
      Piece piece = { IL_STATE_IO_WAIT, 0, makespan_ms, IL_NO_CPU };
      gboolean computed = FALSE;

      snaps[i] = make_task (i, 0, &piece, 1, TRUE);
      for (guint p = 0; p < tasks[i].n_phases; p++)
        if (tasks[i].cpu[p])
          {
            plans[i].cpu_ns += MS (tasks[i].ms[p]);
            plans[i].io_after_cpu_ns = 0;
            computed = TRUE;
          }
        else
          {
            plans[i].io_ns += MS (tasks[i].ms[p]);
            if (computed)
              plans[i].io_after_cpu_ns += MS (tasks[i].ms[p]);
            else
              plans[i].io_before_cpu_ns += MS (tasks[i].ms[p]);
          }
    }
  record->snapshot = il_trace_snapshot_new_from_tasks (snaps, n, &worker, 1);
  clear_tasks (snaps, n);
  il_run_record_take_plans (record, plans, n);
  record->model = g_strdup (m->model);
  record->title = g_strdup (m->model);
  record->rules = m->rules;
  record->workers = m->rules.worker_per_task ? n : m->workers;
  record->gil = m->gil;
  record->gil_interval_ns = m->gil ? MS (5) : 0;
  record->logical_cores = m->cores;
  record->finished = TRUE;
  return record;
}

static gint64
ideal_of (const SimTask  *tasks,
          guint           n,
          const SimModel *m,
          gint64          makespan_ms)
{
  g_autoptr(IlRunRecord) record = sim_record (tasks, n, m, 10 * makespan_ms);
  IlRunStats st;
  gint64 ideal;

  il_run_stats_compute (record, &st);
  g_assert_cmpint (st.makespan_ns, ==, MS (10 * makespan_ms));
  ideal = st.ideal_ns;
  il_run_stats_clear (&st);
  return ideal;
}

/* Random small workloads under every kind of model: the ideal is never
 * more than the best of the schedules tried (every order of the tasks),
 * which is no less than the best schedule there is. */
static void
test_the_ideal_is_a_lower_bound (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (2024);
  gdouble tightness = 0;
  guint exact = 0;

  for (guint c = 0; c < 200; c++)
    {
      SimTask tasks[SIM_MAX_TASKS] = { { 0, } };
      SimModel m = { NULL, };
      guint n = g_rand_int_range (rand, 1, SIM_MAX_TASKS + 1);
      guint order[SIM_MAX_TASKS];
      gint64 best, ideal;

      for (guint i = 0; i < n; i++)
        {
          order[i] = i;
          tasks[i].n_phases = g_rand_int_range (rand, 1, SIM_MAX_PHASES + 1);
          for (guint p = 0; p < tasks[i].n_phases; p++)
            {
              tasks[i].cpu[p] = g_rand_boolean (rand);
              tasks[i].ms[p] = g_rand_int_range (rand, 1, 201);
            }
        }
      m.workers = g_rand_int_range (rand, 1, 5);
      m.cores = g_rand_int_range (rand, 1, 5);
      m.gil = g_rand_boolean (rand);
      switch (g_rand_int_range (rand, 0, 7))
        {
        case 0: m.model = "sequential"; m.rules = thread_rules; m.workers = 1; break;
        case 1: m.model = "threads"; m.rules = threads_rules; break;
        case 2: m.model = "thread-pool"; m.rules = thread_rules; break;
        case 3: m.model = "processes"; m.rules = processes_rules; break;
        case 4: m.model = "process-pool"; m.rules = process_rules; break;
        case 5: m.model = "async"; m.rules = async_rules; m.workers = 1; break;
        default: m.model = "async-executor"; m.rules = executor_rules; break;
        }

      best = simulate_best (tasks, n, &m, order, 0);
      ideal = ideal_of (tasks, n, &m, best);
      if (ideal > MS (best))
        g_error ("case %u, %s%s, W %u, C %u, %u tasks: ideal %" G_GINT64_FORMAT " ns > a schedule of %"
                 G_GINT64_FORMAT " ms", c, m.model, m.gil ? " + GIL" : "", m.workers, m.cores, n, ideal, best);
      tightness += (gdouble) ideal / (gdouble) MS (best);
      exact += ideal == MS (best);
    }
  g_test_message ("ideal / best schedule found: %.3f on average, equal in %u of 200", tightness / 200, exact);
}

/* Schedules that are the best there is: the ideal is (within 1 %) theirs. */
static void
test_the_ideal_follows_phase_order (void)
{
  static const struct {
    const char *what;
    SimModel    m;
    guint       n;
    SimTask     task;
    gint64      optimal_ms;
  } cases[] = {
    /* The sleeps overlap, then two cores compute 4 × 200 ms */
    { "sleep, compute", { "threads", threads_rules, 4, FALSE, 2 }, 4,
      { 2, { FALSE, TRUE }, { 100, 200 } }, 100 + 4 * 200 / 2 },
    { "sleep, compute", { "threads", threads_rules, 4, FALSE, 4 }, 4,
      { 2, { FALSE, TRUE }, { 100, 200 } }, 100 + 200 },
    /* The last computing phase is followed by a sleep */
    { "compute, sleep", { "threads", threads_rules, 4, FALSE, 2 }, 4,
      { 2, { TRUE, FALSE }, { 200, 100 } }, 4 * 200 / 2 + 100 },
    { "sleep, compute, sleep", { "threads", threads_rules, 4, FALSE, 1 }, 4,
      { 3, { FALSE, TRUE, FALSE }, { 50, 100, 50 } }, 50 + 4 * 100 + 50 },
    /* One GIL, one loop: computing in turns once the sleeps are over */
    { "sleep, compute", { "threads", threads_rules, 4, TRUE, 4 }, 4,
      { 2, { FALSE, TRUE }, { 100, 200 } }, 100 + 4 * 200 },
    { "sleep, compute", { "async", async_rules, 1, FALSE, 4 }, 4,
      { 2, { FALSE, TRUE }, { 100, 200 } }, 100 + 4 * 200 },
    { "sleep, compute", { "async-executor", executor_rules, 2, FALSE, 4 }, 4,
      { 2, { FALSE, TRUE }, { 100, 200 } }, 100 + 4 * 200 / 2 },
    { "sleep, compute", { "async-executor", executor_rules, 4, TRUE, 4 }, 4,
      { 2, { FALSE, TRUE }, { 100, 200 } }, 100 + 4 * 200 },
    /* A pool's worker keeps its task while it sleeps */
    { "sleep, compute", { "thread-pool", thread_rules, 2, FALSE, 2 }, 4,
      { 2, { FALSE, TRUE }, { 100, 200 } }, 2 * 300 },
    { "sleep, compute", { "processes", processes_rules, 4, TRUE, 2 }, 4,
      { 2, { FALSE, TRUE }, { 100, 200 } }, 100 + 4 * 200 / 2 },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      SimTask tasks[SIM_MAX_TASKS];
      guint order[SIM_MAX_TASKS];
      gint64 best, ideal;

      for (guint i = 0; i < cases[c].n; i++)
        {
          tasks[i] = cases[c].task;
          order[i] = i;
        }
      best = simulate_best (tasks, cases[c].n, &cases[c].m, order, 0);
      g_assert_cmpint (best, ==, cases[c].optimal_ms);
      ideal = ideal_of (tasks, cases[c].n, &cases[c].m, best);
      g_test_message ("%s%s on %u cores, %s: ideal %.3f s of %.3f s", cases[c].m.model,
                      cases[c].m.gil ? " + GIL" : "", cases[c].m.cores, cases[c].what,
                      ideal / 1e9, best / 1e3);
      g_assert_cmpint (ideal, <=, MS (best));
      g_assert_cmpint (ideal, >=, MS (best) * 99 / 100);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/stats/every-stat-of-a-pool", test_every_stat_of_a_pool);
  g_test_add_func ("/engine/stats/speedup-is-against-the-sequential-record",
                   test_speedup_is_against_the_sequential_record);
  g_test_add_func ("/engine/stats/each-run-has-the-baseline-of-its-work",
                   test_each_run_has_the_baseline_of_its_work);
  g_test_add_func ("/engine/stats/the-rules-come-from-the-record", test_the_rules_come_from_the_record);
  g_test_add_func ("/engine/stats/a-stopped-run-has-no-efficiency-or-speedup",
                   test_a_stopped_run_has_no_efficiency_or_speedup);
  g_test_add_func ("/engine/stats/what-a-record-does-not-know-stays-unknown",
                   test_what_a_record_does_not_know_stays_unknown);
  g_test_add_func ("/engine/stats/other-load-is-said-above-noise", test_other_load_thresholds);
  g_test_add_func ("/engine/stats/a-crawl-is-bound-by-its-chain-and-connections",
                   test_a_crawl_is_bound_by_its_chain_and_connections);
  g_test_add_func ("/engine/stats/the-ideal-is-a-lower-bound", test_the_ideal_is_a_lower_bound);
  g_test_add_func ("/engine/stats/the-ideal-follows-phase-order", test_the_ideal_follows_phase_order);

  return g_test_run ();
}
