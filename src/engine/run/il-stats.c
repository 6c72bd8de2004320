/* il-stats.c — the numbers of a run, computed from its record (see il-stats.h) */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "il-stats.h"

static gint
compare_desc (gconstpointer a,
              gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? 1 : x > y ? -1 : 0;
}

/* max over k of the k+1 shortest among the kW+1 longest of @length. */
static gint64
packing_bound (const gint64 *length,
               guint         n,
               guint         w)
{
  g_autofree gint64 *p = g_memdup2 (length, sizeof (gint64) * MAX (n, 1));
  g_autofree gint64 *prefix = g_new0 (gint64, n + 1);
  gint64 best = 0;

  qsort (p, n, sizeof (gint64), compare_desc);
  for (guint i = 0; i < n; i++)
    prefix[i + 1] = prefix[i] + p[i];
  /* p is 0-based: the (kW+1)-th longest is p[kW]; the k+1 shortest of the
   * first kW+1 are p[kW-k] … p[kW]. */
  for (guint64 k = 1; k * w < n; k++)
    {
      guint64 last = k * w;

      best = MAX (best, prefix[last + 1] - prefix[last - k]);
    }
  return best;
}

/* Time per state and the cores seen, over every task's segments; the
 * io-wait and running time of each task go to @io and @running. */
static void
sum_segments (const IlTraceSnapshot *snap,
              gboolean               record_stopped,
              IlRunStats            *st,
              gint64                *io,
              gint64                *running)
{
  guint64 cores_seen = 0;
  g_autoptr(GHashTable) extra_cores = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < snap->n_tasks; i++)
    {
      const IlTaskSnapshot *t = &snap->tasks[i];

      if (t->finished)
        st->makespan_ns = MAX (st->makespan_ns, t->finished_ns);
      if (t->finished && t->ok)
        st->tasks_ok++;
      else if (t->stopped || (!t->finished && record_stopped))
        st->tasks_stopped++;
      else
        st->tasks_failed++;
      st->links_dropped += t->links_dropped;
      for (guint s = 0; s < t->n_segments; s++)
        {
          const IlSegment *seg = &t->segments[s];
          gint64 d = seg->end_ns - seg->start_ns;

          switch (seg->state)
            {
            case IL_STATE_RUNNING:
              st->running_ns += d;
              running[i] += d;
              if (seg->cpu >= 0 && seg->cpu < 64)
                cores_seen |= G_GUINT64_CONSTANT (1) << seg->cpu;
              else if (seg->cpu >= 64)
                g_hash_table_add (extra_cores, GINT_TO_POINTER (seg->cpu + 1));
              break;
            case IL_STATE_IO_WAIT:   st->io_wait_ns += d; io[i] += d; break;
            case IL_STATE_PREEMPTED: st->preempted_ns += d; break;
            case IL_STATE_QUEUED:    st->queued_ns += d; break;
            case IL_STATE_GIL_WAIT:  st->gil_wait_ns += d; break;
            default: break;
            }
        }
    }
  st->makespan_ns = MAX (st->makespan_ns, snap->end_ns);
  st->cores_used = __builtin_popcountll (cores_seen) + g_hash_table_size (extra_cores);
}

/* A task that computes, as the computing bound sees it. */
typedef struct {
  gint64 before;   /* the least time before its first computing can start */
  gint64 cpu;      /* its computing */
  gint64 after;    /* the least time after its last computing ended */
} Computing;

static gint
compare_before_desc (gconstpointer a,
                     gconstpointer b)
{
  gint64 x = ((const Computing *) a)->before, y = ((const Computing *) b)->before;

  return x < y ? 1 : x > y ? -1 : 0;
}

static gint
compare_after_desc (gconstpointer a,
                    gconstpointer b)
{
  gint64 x = ((const Computing *) a)->after, y = ((const Computing *) b)->after;

  return x < y ? 1 : x > y ? -1 : 0;
}

/* max over the sets T of the k tasks with the latest starts (then of the
 * k with the latest ends) of
 *   min_T before + Σ_T cpu / min (P, k) + min_T after:
 * T's computing all happens between its earliest possible start and its
 * last end, on at most P slots, and one task computes on one at a time. */
static gint64
computing_bound (Computing *c,
                 guint      n,
                 guint      p)
{
  gint64 best = 0;

  for (guint pass = 0; pass < 2; pass++)
    {
      gint64 sum = 0, min_before = G_MAXINT64, min_after = G_MAXINT64;

      qsort (c, n, sizeof *c, pass == 0 ? compare_before_desc : compare_after_desc);
      for (guint k = 1; k <= n; k++)
        {
          sum += c[k - 1].cpu;
          min_before = MIN (min_before, c[k - 1].before);
          min_after = MIN (min_after, c[k - 1].after);
          best = MAX (best, min_before + sum / MIN (p, k) + min_after);
        }
    }
  return best;
}

/* The lower bound of il-stats.h, or -1 when the record cannot give one. */
static gint64
ideal_bound (const IlRunRecord *record,
             guint              w,
             const gint64      *io,
             const gint64      *running)
{
  const IlTraceSnapshot *snap = record->snapshot;
  guint n = snap->n_tasks;
  g_autofree gint64 *length = g_new0 (gint64, MAX (n, 1));
  g_autofree gint64 *chain = g_new0 (gint64, MAX (n, 1));
  g_autofree Computing *computing = g_new0 (Computing, MAX (n, 1));
  g_autoptr(GHashTable) host_io = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  gint64 sum_task = 0, sum_http_io = 0, max_chain = 0, max_host_io = 0;
  guint cores = record->logical_cores > 0 ? record->logical_cores : w;
  guint n_computing = 0;
  guint par;
  gint64 ideal;

  if (record->rules.ideal == IL_IDEAL_UNKNOWN || record->plans == NULL || record->n_plans < n)
    return -1;

  for (guint i = 0; i < n; i++)
    {
      const IlTaskPlan *plan = &record->plans[i];
      gint64 task_io, task_cpu, before, after;
      gint64 found = 0;

      if (plan->fetches)
        {
          /* Fetched, then parsed */
          task_io = io[i];
          task_cpu = running[i];
          before = task_io;
          after = 0;
          sum_http_io += task_io;
          if (plan->host != NULL)
            {
              gint64 *sum = g_hash_table_lookup (host_io, plan->host);

              if (sum == NULL)
                g_hash_table_insert (host_io, plan->host, (sum = g_new0 (gint64, 1)));
              *sum += task_io;
              max_host_io = MAX (max_host_io, *sum);
            }
        }
      else
        {
          /* Planned waiting; of computing, what was planned or what ran,
           * whichever is less (the calibration is a measurement too, and a
           * run with tracing off records no running time). */
          task_io = plan->io_ns;
          task_cpu = record->tracing && plan->cpu_ns > 0 ? MIN (plan->cpu_ns, running[i]) : plan->cpu_ns;
          before = plan->io_before_cpu_ns;
          after = plan->io_after_cpu_ns;
        }
      length[i] = task_io + task_cpu;
      if (plan->discovered_by > 0 && plan->discovered_by - 1 < i)
        found = chain[plan->discovered_by - 1];
      chain[i] = found + length[i];
      max_chain = MAX (max_chain, chain[i]);
      sum_task += length[i];
      if (task_cpu > 0)
        computing[n_computing++] = (Computing) { found + before, task_cpu, after };
    }

  /* How many tasks can compute at once: one on the loop's thread or
   * under one GIL, else no more than the workers or the cores. */
  par = MIN (w, cores);
  if (record->rules.serial_compute || (record->gil && record->rules.gil_applies))
    par = 1;

  /* A task (and a page with those it was found from) is no faster than
   * its phases one after another. */
  ideal = max_chain;
  ideal = MAX (ideal, computing_bound (computing, n_computing, MAX (par, 1)));
  if (record->rules.ideal == IL_IDEAL_WORKERS)
    {
      /* A worker keeps its task while it waits too. */
      ideal = MAX (ideal, sum_task / w);
      ideal = MAX (ideal, packing_bound (length, n, w));
    }
  /* Replies come through at most L connections at once (in one process). */
  if (record->max_connections > 0 && !record->rules.own_connections)
    {
      ideal = MAX (ideal, sum_http_io / record->max_connections);
      if (record->max_connections_per_host > 0)
        ideal = MAX (ideal, max_host_io / record->max_connections_per_host);
    }
  return ideal;
}

void
il_run_stats_compute (const IlRunRecord *record,
                      IlRunStats        *st)
{
  const IlTraceSnapshot *snap;
  g_autofree gint64 *io = NULL;
  g_autofree gint64 *running = NULL;
  guint w;

  g_return_if_fail (record != NULL);
  g_return_if_fail (record->snapshot != NULL);
  g_return_if_fail (st != NULL);

  snap = record->snapshot;
  memset (st, 0, sizeof *st);
  io = g_new0 (gint64, MAX (snap->n_tasks, 1));
  running = g_new0 (gint64, MAX (snap->n_tasks, 1));
  sum_segments (snap, record->stopped, st, io, running);

  /* One per task: a crawl's tasks are found while it runs. */
  st->workers_seen = snap->n_workers;
  if (record->rules.worker_per_task)
    st->workers = MAX (snap->n_tasks, 1);
  else
    st->workers = record->workers > 0 ? record->workers : st->workers_seen;
  w = st->workers > 0 ? st->workers : 1;
  /* A stopped run did only part of the plan: no bound applies to it. */
  st->ideal_ns = record->stopped ? -1 : ideal_bound (record, w, io, running);
  /* A crawl's bound is made of its measured waits, whose clock edges can
   * put it a fraction of a millisecond above the run itself; but a
   * finished run is a schedule, the best one is no longer, so capping the
   * bound at its makespan keeps it a lower bound. */
  if (record->crawl_url != NULL && record->finished && st->makespan_ns > 0 &&
      st->ideal_ns > st->makespan_ns)
    st->ideal_ns = st->makespan_ns;

  st->cancelled = record->stopped;
  st->gil = record->gil;
  st->gil_interval_ns = record->gil ? record->gil_interval_ns : 0;
  st->gil_handovers = record->gil_handovers;

  if (record->has_usage)
    {
      st->user_time_s = record->user_time_s;
      st->sys_time_s = record->sys_time_s;
      st->cpu_time_s = record->user_time_s + record->sys_time_s;
      st->voluntary_ctx_switches = record->voluntary_ctx_switches;
      st->involuntary_ctx_switches = record->involuntary_ctx_switches;
    }
  else
    {
      st->user_time_s = st->sys_time_s = st->cpu_time_s = NAN;
      st->voluntary_ctx_switches = st->involuntary_ctx_switches = -1;
    }
  st->peak_rss_kib = record->peak_rss_kib;
  st->other_load = record->other_load;
  st->other_cpu_s = record->other_cpu_s;

  st->n_completion_order = record->n_completion_order;
  st->completion_order = g_memdup2 (record->completion_order,
                                    sizeof (guint) * MAX (record->n_completion_order, 1));
}

void
il_run_stats_clear (IlRunStats *stats)
{
  g_clear_pointer (&stats->completion_order, g_free);
  stats->n_completion_order = 0;
}

gdouble
il_run_stats_speedup (const IlRunStats *stats,
                      const IlRunStats *sequential)
{
  if (stats == NULL || sequential == NULL || stats->makespan_ns <= 0 ||
      stats->cancelled || sequential->cancelled)
    return NAN;
  return (gdouble) sequential->makespan_ns / (gdouble) stats->makespan_ns;
}

gdouble
il_run_stats_efficiency (const IlRunStats *stats)
{
  if (stats->makespan_ns <= 0 || stats->ideal_ns < 0 || stats->cancelled)
    return NAN;
  return (gdouble) stats->ideal_ns / (gdouble) stats->makespan_ns;
}

static gboolean
saw_other_load (gdouble share,
                gdouble cpu_s)
{
  /* 50 ms: a few clock ticks of 10 ms on each side of the interval. */
  return isfinite (share) && share > IL_OTHER_LOAD_WARN && isfinite (cpu_s) && cpu_s > 0.05;
}

gboolean
il_run_stats_saw_other_load (const IlRunStats *stats)
{
  return saw_other_load (stats->other_load, stats->other_cpu_s);
}

gboolean
il_run_records_load_uneven (IlRunRecord * const *records,
                            guint                n_records)
{
  gdouble lo = INFINITY, hi = -INFINITY;
  gboolean any = FALSE;

  for (guint i = 0; i < n_records; i++)
    {
      if (!isfinite (records[i]->other_load))
        continue;
      lo = MIN (lo, records[i]->other_load);
      hi = MAX (hi, records[i]->other_load);
      any |= saw_other_load (records[i]->other_load, records[i]->other_cpu_s);
    }
  return any && hi - lo > IL_OTHER_LOAD_UNEVEN;
}

gint
il_run_records_find_sequential (IlRunRecord * const *records,
                                guint                n_records)
{
  for (guint i = 0; i < n_records; i++)
    if (records[i] != NULL && g_strcmp0 (records[i]->model, "sequential") == 0 &&
        !records[i]->stopped)
      return (gint) i;
  return -1;
}

gboolean
il_run_records_same_work (const IlRunRecord *a,
                          const IlRunRecord *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  /* The demo site is started afresh for each run, on another port */
  return g_strcmp0 (a->workload_name, b->workload_name) == 0 &&
         a->params.tasks == b->params.tasks && a->params.io_ms == b->params.io_ms &&
         a->params.cpu_ms == b->params.cpu_ms && a->params.seed == b->params.seed &&
         a->crawl_max_pages == b->crawl_max_pages && a->crawl_demo_site == b->crawl_demo_site &&
         (a->crawl_demo_site || g_strcmp0 (a->crawl_url, b->crawl_url) == 0);
}

gint
il_run_records_find_baseline (IlRunRecord * const *records,
                              guint                n_records,
                              guint                i,
                              gint                 pick)
{
  g_return_val_if_fail (records != NULL || n_records == 0, -1);

  if (i >= n_records || records[i] == NULL)
    return -1;
  if (pick >= 0 && (guint) pick < n_records && records[pick] != NULL && !records[pick]->stopped)
    return pick;
  for (guint j = 0; j < n_records; j++)
    if (records[j] != NULL && g_strcmp0 (records[j]->model, "sequential") == 0 &&
        !records[j]->stopped && il_run_records_same_work (records[j], records[i]))
      return (gint) j;
  return -1;
}

char *
il_run_record_dup_heading (const IlRunRecord *record)
{
  g_return_val_if_fail (record != NULL, NULL);

  if (record->stopped)
    /* Translators: the title of a run that was stopped, e.g. "threads (stopped)" */
    return g_strdup_printf (_("%s (stopped)"), record->title);
  return g_strdup (record->title);
}
