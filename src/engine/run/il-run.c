/* il-run.c — executing a workload under a model, measuring it
 *
 * How the numbers are measured (the stats are computed from them in
 * il-stats.c):
 * - times, cores, preempted time: recorded by the task runner (il-exec.c)
 *   into the trace, through the task queue (il-task-queue.c);
 * - CPU time and context switches: getrusage (RUSAGE_THREAD) around each
 *   task on the thread that ran it, summed, plus RUSAGE_CHILDREN for
 *   worker processes;
 * - memory: what the run added, this process's RSS growth plus the
 *   summed RSS of the live worker processes, sampled beside the run
 *   (il-memory-meter.h);
 * - core utilisation: /proc/stat, sampled beside the run.
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <sys/time.h>
#include <sys/resource.h>
#include <glib/gi18n-lib.h>

#include "il-core-sampler.h"
#include "il-cpuwork.h"
#include "il-crawler.h"
#include "il-http.h"
#include "il-machine.h"
#include "il-run.h"
#include "il-task-queue.h"

struct _IlRun {
  gatomicrefcount   ref_count;
  IlWorkload       *workload;
  IlWorkloadParams  params;
  IlModel           model;
  guint             workers;
  gboolean          tracing;
  gboolean          gil_enabled;
  char             *title;
  gint64            gil_interval_ns;

  char             *crawl_url;          /* il_run_set_crawl() overrides */
  gint              crawl_max_pages;
  gboolean          crawl_other_hosts;
  char             *crawl_start;        /* the URL the crawl started from */
  IlCrawler        *crawler;            /* during execution of a crawl */

  IlTaskSpec       *plan;               /* the workload's tasks, before execution */
  guint             n_plan;
  IlTrace          *trace;
  gboolean          executing;
  gboolean          from_record;        /* made from a record: never executes */

  GMutex            mutex;
  IlTaskQueue      *queue;              /* under mutex: during execution */
  guint             done;               /* under mutex: once the queue is gone */
  guint             total;
  gint              finished;           /* atomic */
  IlRunRecord      *record;             /* once finished */
  IlRunStats        stats;
};

static void
update_title (IlRun *run)
{
  const char *id = il_model_get_info (run->model)->id;

  g_free (run->title);
  /* Translators: a run's title, e.g. "threads + GIL" */
  run->title = run->gil_enabled ? g_strdup_printf (_("%s + GIL"), id) : g_strdup (id);
}

IlRun *
il_run_new (IlWorkload             *workload,
            const IlWorkloadParams *params,
            IlModel                 model)
{
  IlRun *self;

  g_return_val_if_fail (workload != NULL, NULL);
  g_return_val_if_fail (model < IL_N_MODELS, NULL);

  self = g_new0 (IlRun, 1);
  g_atomic_ref_count_init (&self->ref_count);
  g_mutex_init (&self->mutex);
  self->workload = il_workload_ref (workload);
  self->model = model;
  self->tracing = TRUE;
  il_workload_resolve_params (workload, params, &self->params);
  /* A loop per core unless the user asked for a count: the workload's pool
   * size is the seed's, for pools of blocking workers. */
  if (il_model_get_info (model)->workers == IL_WORKERS_CORES)
    self->params.workers = params != NULL && params->workers > 0 ? params->workers : 0;
  self->plan = il_workload_plan (workload, &self->params, &self->n_plan);
  self->trace = il_trace_new ();
  self->workers = il_model_resolve_workers (model, self->n_plan, self->params.workers);
  self->params.workers = self->workers;
  self->gil_interval_ns = IL_GIL_DEFAULT_INTERVAL_NS;
  update_title (self);

  return self;
}

IlRun *
il_run_new_from_record (IlWorkload  *workload,
                        IlRunRecord *record)
{
  IlRun *self;
  IlModel model;

  g_return_val_if_fail (record != NULL && record->snapshot != NULL, NULL);

  self = g_new0 (IlRun, 1);
  g_atomic_ref_count_init (&self->ref_count);
  g_mutex_init (&self->mutex);
  self->workload = workload ? il_workload_ref (workload) : NULL;
  self->params = record->params;
  self->model = record->model && il_model_from_string (record->model, &model) ? model : IL_MODEL_SEQUENTIAL;
  self->workers = record->workers;
  self->tracing = record->tracing;
  self->gil_enabled = record->gil;
  self->gil_interval_ns = record->gil_interval_ns;
  self->title = g_strdup (record->title ? record->title : record->model ? record->model : "");
  self->crawl_start = g_strdup (record->crawl_url);
  self->trace = il_trace_new ();
  self->executing = TRUE;   /* nothing to execute */
  self->from_record = TRUE;
  self->done = self->total = record->snapshot->n_tasks;
  self->n_plan = record->snapshot->n_tasks;
  self->record = il_run_record_ref (record);
  il_run_stats_compute (record, &self->stats);
  g_atomic_int_set (&self->finished, TRUE);
  return self;
}

IlRun *
il_run_ref (IlRun *run)
{
  g_return_val_if_fail (run != NULL, NULL);
  g_atomic_ref_count_inc (&run->ref_count);
  return run;
}

void
il_run_unref (IlRun *run)
{
  g_return_if_fail (run != NULL);

  if (!g_atomic_ref_count_dec (&run->ref_count))
    return;

  g_clear_pointer (&run->workload, il_workload_unref);
  if (run->plan)
    il_task_specs_free (run->plan, run->n_plan);
  g_assert (run->queue == NULL);
  il_trace_unref (run->trace);
  g_free (run->title);
  g_free (run->crawl_url);
  g_free (run->crawl_start);
  g_clear_pointer (&run->record, il_run_record_unref);
  il_run_stats_clear (&run->stats);
  g_mutex_clear (&run->mutex);
  g_free (run);
}

void
il_run_set_tracing (IlRun   *run,
                    gboolean tracing)
{
  g_return_if_fail (run != NULL);
  run->tracing = !!tracing;
}

void
il_run_set_gil (IlRun   *run,
                gboolean enabled,
                gint64   interval_ns)
{
  g_return_if_fail (run != NULL);
  g_return_if_fail (!run->executing);

  run->gil_enabled = !!enabled;
  update_title (run);
  run->gil_interval_ns = interval_ns > 0 ? interval_ns : IL_GIL_DEFAULT_INTERVAL_NS;
}

void
il_run_set_crawl (IlRun      *run,
                  const char *url,
                  gint        max_pages,
                  gboolean    allow_other_hosts)
{
  g_return_if_fail (run != NULL);
  g_return_if_fail (!run->executing);

  g_free (run->crawl_url);
  run->crawl_url = g_strdup (url);
  run->crawl_max_pages = max_pages;
  run->crawl_other_hosts = allow_other_hosts;
}

const char *il_run_get_crawl_url (IlRun *run) { return run->crawl_start; }
const char *il_run_get_title     (IlRun *run) { return run->title; }
gboolean    il_run_get_gil       (IlRun *run) { return run->gil_enabled; }
IlModel     il_run_get_model     (IlRun *run) { return run->model; }
IlWorkload *il_run_get_workload  (IlRun *run) { return run->workload; }
IlTrace    *il_run_get_trace     (IlRun *run) { return run->trace; }
const IlWorkloadParams *il_run_get_params (IlRun *run) { return &run->params; }
const IlRunStats       *il_run_get_stats  (IlRun *run) { return &run->stats; }
IlRunRecord            *il_run_get_record (IlRun *run) { return run->record; }

void
il_run_get_progress (IlRun *run,
                     guint *done,
                     guint *total)
{
  guint d, t;

  g_mutex_lock (&run->mutex);
  if (run->queue != NULL)
    il_task_queue_get_progress (run->queue, &d, &t);
  else
    d = run->done, t = run->total;
  g_mutex_unlock (&run->mutex);
  if (done)
    *done = d;
  if (total)
    *total = MAX (t, run->n_plan);
}

guint
il_run_get_planned_tasks (IlRun *run)
{
  const IlCrawlSettings *crawl = run->workload ? il_workload_get_crawl (run->workload) : NULL;

  if (crawl == NULL || run->from_record)
    return run->n_plan;
  return run->crawl_max_pages > 0 ? (guint) run->crawl_max_pages : (guint) MAX (crawl->max_pages, 1);
}

guint
il_run_get_n_tasks (IlRun *run)
{
  guint total;

  il_run_get_progress (run, NULL, &total);
  return total;
}

gboolean
il_run_is_finished (IlRun *run)
{
  return g_atomic_int_get (&run->finished);
}

/* ------------------------------------------------------------------------ */
/* Records */

/* What every record of this run says, live or final. */
static IlRunRecord *
new_record (IlRun *run)
{
  const IlModelInfo *info = il_model_get_info (run->model);
  IlRunRecord *record = il_run_record_new ();

  record->workload_name = g_strdup (il_workload_get_name (run->workload));
  record->workload_title = g_strdup (il_workload_get_title (run->workload));
  record->params = run->params;
  record->model = g_strdup (info->id);
  record->title = g_strdup (run->title);
  record->rules = info->rules;
  record->workers = run->workers;
  record->gil = run->gil_enabled;
  record->gil_interval_ns = run->gil_enabled ? run->gil_interval_ns : 0;
  record->tracing = run->tracing;
  record->crawl_url = g_strdup (run->crawl_start);
  if (il_workload_get_crawl (run->workload) != NULL)
    {
      record->crawl_max_pages = il_run_get_planned_tasks (run);
      record->crawl_demo_site = (run->crawl_url != NULL ? run->crawl_url
                                 : il_workload_get_crawl (run->workload)->start_url) == NULL;
    }
  record->logical_cores = il_machine_get_logical_cores ();
  record->cpu_model = g_strdup (il_machine_get_cpu_model ());
  return record;
}

IlRunRecord *
il_run_dup_record (IlRun *run)
{
  IlRunRecord *record;

  g_return_val_if_fail (run != NULL, NULL);

  if (il_run_is_finished (run))
    return il_run_record_ref (run->record);
  record = new_record (run);
  record->snapshot = il_trace_snapshot (run->trace, 0);
  return record;
}

static gboolean
fetches (const IlTaskSpec *spec)
{
  for (guint p = 0; p < spec->n_phases; p++)
    if (spec->phases[p].kind == IL_PHASE_HTTP)
      return TRUE;
  return FALSE;
}

/* Of @spec's planned waiting, how much comes before its first computing
 * phase and how much after its last (all of it before, when it computes
 * nothing). */
static void
waiting_around_cpu (const IlTaskSpec *spec,
                    gint64           *before,
                    gint64           *after)
{
  gboolean computed = FALSE;

  *before = *after = 0;
  for (guint p = 0; p < spec->n_phases; p++)
    {
      const IlPhase *phase = &spec->phases[p];

      if (phase->kind == IL_PHASE_CPU && phase->duration_ns > 0)
        {
          computed = TRUE;
          *after = 0;
        }
      else if (phase->kind == IL_PHASE_SLEEP || phase->kind == IL_PHASE_SLEEP_RANDOM)
        {
          if (computed)
            *after += phase->duration_ns;
          else
            *before += phase->duration_ns;
        }
    }
}

/* What each task was planned to do, from the queue's specs. */
static void
add_plans (IlRunRecord *record,
           IlTaskQueue *queue)
{
  guint n = record->snapshot->n_tasks;
  IlTaskPlan *plans = g_new0 (IlTaskPlan, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    {
      const IlTaskSpec *spec = il_task_queue_get_spec (queue, i);

      plans[i].io_ns = spec->io_ns;
      plans[i].cpu_ns = spec->cpu_ns;
      waiting_around_cpu (spec, &plans[i].io_before_cpu_ns, &plans[i].io_after_cpu_ns);
      plans[i].discovered_by = spec->discovered_by;
      plans[i].fetches = fetches (spec);
      for (guint p = 0; plans[i].fetches && p < spec->n_phases; p++)
        if (spec->phases[p].kind == IL_PHASE_HTTP && spec->phases[p].url)
          {
            plans[i].host = il_http_url_host (spec->phases[p].url);
            break;
          }
    }
  il_run_record_take_plans (record, plans, n);
}

static gdouble
timeval_s (const struct timeval *tv)
{
  return tv->tv_sec + tv->tv_usec / 1e6;
}

/* The final record: the trace, the plans, and what was measured beside. */
static IlRunRecord *
final_record (IlRun               *run,
              IlTaskQueue         *queue,
              GCancellable        *cancellable,
              const struct rusage *children,
              IlMemoryMeter       *memory)
{
  IlRunRecord *record = new_record (run);
  g_autoptr(GArray) order = il_task_queue_dup_completion_order (queue);
  gdouble user_s, sys_s;
  gint64 nvcsw, nivcsw;

  record->snapshot = il_trace_snapshot (run->trace, 0);
  add_plans (record, queue);
  record->finished = TRUE;
  record->stopped = g_cancellable_is_cancelled (cancellable);
  record->ended_unix_us = g_get_real_time ();
  record->gil_handovers = il_task_queue_get_gil_handovers (queue);
  if (run->crawler != NULL)
    {
      record->max_connections = il_crawler_get_max_connections (run->crawler);
      record->max_connections_per_host = il_crawler_get_max_connections_per_host (run->crawler);
      record->crawl_peak_urls = il_crawler_get_peak_urls (run->crawler);
    }
  record->n_completion_order = order->len;
  record->completion_order = (guint *) g_array_free (g_steal_pointer (&order), FALSE);

  il_task_queue_get_usage (queue, &user_s, &sys_s, &nvcsw, &nivcsw);
  record->has_usage = TRUE;
  record->user_time_s = user_s + timeval_s (&children->ru_utime);
  record->sys_time_s = sys_s + timeval_s (&children->ru_stime);
  record->voluntary_ctx_switches = nvcsw + children->ru_nvcsw;
  record->involuntary_ctx_switches = nivcsw + children->ru_nivcsw;
  record->peak_rss_kib = il_memory_meter_get_peak_kib (memory);
  return record;
}

/* ------------------------------------------------------------------------ */
/* Executing */

/* A page the crawl found becomes a task like the start page. */
static void
plan_page (gpointer    user_data,
           const char *name,
           const char *url,
           IlTaskSpec *spec)
{
  IlRun *run = user_data;

  il_workload_plan_page (run->workload, &run->params, name, url, spec);
}

/* The crawler with the overrides applied; the plan's start page gets the
 * start URL. */
static gboolean
start_crawl (IlRun   *run,
             GError **error)
{
  IlCrawlSettings settings = *il_workload_get_crawl (run->workload);
  const char *start;

  if (run->crawl_url != NULL)
    settings.start_url = run->crawl_url;
  if (run->crawl_max_pages > 0)
    settings.max_pages = run->crawl_max_pages;
  settings.allow_other_hosts |= run->crawl_other_hosts;

  run->crawler = il_crawler_new (&settings, run->params.io_ms, error);
  if (run->crawler == NULL)
    return FALSE;

  start = il_crawler_get_start_url (run->crawler);
  g_free (run->crawl_start);
  run->crawl_start = g_strdup (start);
  for (guint i = 0; i < run->n_plan; i++)
    {
      IlTaskSpec *spec = &run->plan[i];

      for (guint p = 0; p < spec->n_phases; p++)
        if (spec->phases[p].kind == IL_PHASE_HTTP && spec->phases[p].url == NULL)
          spec->phases[p].url = g_strdup (start);
      g_free (spec->name);
      spec->name = il_crawler_task_name (run->crawler, start);
      il_crawler_claim (run->crawler, start);
    }
  return TRUE;
}

/* What the machine did beside the run (see IlRunRecord.other_load). */
typedef struct {
  gboolean      known;
  gdouble       busy_s, total_s;
  struct rusage self;
  gint64        wall_ns;
} LoadMark;

static void
load_mark (LoadMark *mark)
{
  mark->known = il_machine_read_cpu_time (&mark->busy_s, &mark->total_s) &&
                getrusage (RUSAGE_SELF, &mark->self) == 0;
  mark->wall_ns = g_get_monotonic_time () * 1000;
}

static void
record_other_load (IlRunRecord         *record,
                   const LoadMark      *before,
                   const struct rusage *children)
{
  LoadMark after;
  gdouble own_s, other_s, capacity_s;

  load_mark (&after);
  if (!before->known || !after.known || after.total_s <= before->total_s)
    return;
  own_s = timeval_s (&after.self.ru_utime) - timeval_s (&before->self.ru_utime)
          + timeval_s (&after.self.ru_stime) - timeval_s (&before->self.ru_stime)
          + timeval_s (&children->ru_utime) + timeval_s (&children->ru_stime);
  other_s = MAX (0.0, after.busy_s - before->busy_s - own_s);
  /* The cores' own account of the interval (busy + idle), which is what
   * the busy time is a share of; wall time × cores as a fallback. */
  capacity_s = after.total_s - before->total_s;
  if (capacity_s <= 0)
    capacity_s = (after.wall_ns - before->wall_ns) / 1e9 * il_machine_get_logical_cores ();
  record->other_cpu_s = other_s;
  record->other_load = capacity_s > 0 ? MIN (1.0, other_s / capacity_s) : NAN;
}

static void
children_usage_since (const struct rusage *before,
                      struct rusage       *since)
{
  struct rusage now;

  getrusage (RUSAGE_CHILDREN, &now);
  timersub (&now.ru_utime, &before->ru_utime, &since->ru_utime);
  timersub (&now.ru_stime, &before->ru_stime, &since->ru_stime);
  since->ru_nvcsw = now.ru_nvcsw - before->ru_nvcsw;
  since->ru_nivcsw = now.ru_nivcsw - before->ru_nivcsw;
}

gboolean
il_run_execute (IlRun        *run,
                GCancellable *cancellable,
                GError      **error)
{
  const IlModelInfo *info;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GCancellable) own_cancellable = NULL;
  IlTaskQueueSettings settings = { 0, };
  struct rusage children0, children;
  LoadMark load0;
  IlCoreSampler *sampler;
  IlMemoryMeter *memory;
  IlTaskQueue *queue;
  IlTaskSpec *specs;
  gboolean ok;

  g_return_val_if_fail (run != NULL, FALSE);
  g_return_val_if_fail (!run->executing, FALSE);

  run->executing = TRUE;
  info = il_model_get_info (run->model);
  if (il_run_get_planned_tasks (run) > info->max_tasks)
    {
      /* A thread or process each would exhaust the machine, not fail */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("at most %u tasks under %s, not %u"),
                   info->max_tasks, info->id, il_run_get_planned_tasks (run));
      return FALSE;
    }
  if (cancellable == NULL)
    cancellable = own_cancellable = g_cancellable_new ();

  /* The crawl (and the demo site) start before the clock. */
  if (il_workload_get_crawl (run->workload) != NULL && !start_crawl (run, error))
    return FALSE;

  /* Calibrate before the clock starts. */
  if (run->tracing || il_workload_uses_cpu (run->workload))
    il_cpu_work_per_ms ();

  settings.trace = run->trace;
  settings.workers = run->workers;
  settings.tracing = run->tracing;
  settings.uses_cpu = il_workload_uses_cpu (run->workload);
  settings.gil = run->gil_enabled;
  settings.gil_interval_ns = run->gil_interval_ns;
  settings.shared_gil = info->threaded;
  settings.crawler = run->crawler;
  settings.plan_page = plan_page;
  settings.plan_page_data = run;
  /* What this process holds from here on is the run's. */
  memory = il_memory_meter_new ();
  settings.memory = memory;
  queue = il_task_queue_new (&settings, cancellable);
  if (il_task_queue_get_cancel (queue)->fd < 0)
    {
      /* Sleeps wait on it: without it a run could not be stopped. */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_OPEN_FILES,
                   _("cannot wait for cancellation: %s"), g_strerror (errno));
      il_task_queue_free (queue);
      il_memory_meter_free (memory);
      g_clear_pointer (&run->crawler, il_crawler_free);
      return FALSE;
    }

  getrusage (RUSAGE_CHILDREN, &children0);
  load_mark (&load0);

  g_mutex_lock (&run->mutex);
  run->queue = queue;
  g_mutex_unlock (&run->mutex);
  specs = g_steal_pointer (&run->plan);
  il_task_queue_start (queue, specs, run->n_plan, 0);
  il_task_specs_free (specs, run->n_plan);   /* emptied: the queue has their contents */

  sampler = il_core_sampler_start (run->trace, memory);
  ok = info->execute (queue, &local_error);
  /* Tasks a failed model never reached. */
  il_task_queue_fail_unended (queue, ok ? _("never ran") : local_error->message);
  il_core_sampler_stop (sampler);

  children_usage_since (&children0, &children);
  run->record = final_record (run, queue, cancellable, &children, memory);
  record_other_load (run->record, &load0, &children);
  il_run_stats_compute (run->record, &run->stats);
  g_clear_pointer (&run->crawler, il_crawler_free);

  g_mutex_lock (&run->mutex);
  il_task_queue_get_progress (queue, &run->done, &run->total);
  run->queue = NULL;
  g_mutex_unlock (&run->mutex);
  il_task_queue_free (queue);
  il_memory_meter_free (memory);

  g_atomic_int_set (&run->finished, TRUE);
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return ok;
}
