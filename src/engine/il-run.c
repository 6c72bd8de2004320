/* il-run.c — executing a workload under a model, measuring it
 *
 * How the numbers are measured:
 * - times: CLOCK_MONOTONIC (il_now_ns), relative to the moment the run
 *   submitted its tasks;
 * - the core: sched_getcpu() at every state change and after every slice of
 *   CPU work (at most 0.5 ms of work), a change of core starts a segment;
 * - preempted: after each slice, wall time minus CLOCK_THREAD_CPUTIME_ID
 *   time is time the thread was runnable but not on a core; more than
 *   100 µs of it is recorded as a preempted segment;
 * - CPU time and context switches: getrusage (RUSAGE_THREAD) around each
 *   task on the thread that ran it, summed, plus RUSAGE_CHILDREN for worker
 *   processes;
 * - peak RSS: VmHWM of the process, reset at the start of the run.
 *
 * The ideal makespan is a lower bound for any schedule of these tasks with
 * the model's W workers on C logical cores.  With p_i = io_i + cpu_i the
 * length of task i — io_i its planned waiting, cpu_i the smaller of its
 * planned computing and the running time measured for it (the CPU
 * calibration is a measurement too) — sorted so that p_1 ≥ p_2 ≥ …, and
 * n tasks:
 *
 *   ideal = max ( p_1,
 *                 Σ_i p_i / W,
 *                 max_k (p_{kW+1-k} + … + p_{kW+1})   for kW+1 ≤ n,
 *                 Σ_i cpu_i / min (W, C) )
 *
 * A task cannot be faster than its own phases; W workers cannot do more
 * than W tasks' worth of time at once; among the kW+1 longest tasks some
 * worker must run k+1, at least the k+1 shortest of them (for equal tasks
 * this is ⌈n/W⌉ × p); and computing cannot use more cores than there are,
 * or than there are workers — or than one, under the emulated GIL.  W is
 * the task count for threads, 1 for sequential, --workers for the pool,
 * and the number of pool threads GLib actually used for gtask.
 *
 * The event loop models wait for any number of timers and replies at once:
 * for them only max (p_1, Σ_i cpu_i / P) holds, with P = 1 for async (CPU
 * phases run on the loop's thread) and min (W, C) for async-executor.
 *
 * A crawl's pages cannot be planned: how long the server takes and how
 * long parsing takes are known only once they happened.  For a task with
 * an http phase, io_i is the io-wait measured in this run and cpu_i the
 * running time measured (parsing), so the ideal is a lower bound for any
 * schedule of the pages as they turned out.  Two more bounds then hold:
 * a page is found only once the page linking to it was parsed, so the sum
 * of p along any chain of discoveries is a bound; and in this process at
 * most L requests are under way at once, and at most L_h to one host
 * (the crawl's connection limits), so Σ io_i / L over the http tasks and,
 * for each host, Σ io_i / L_h over its pages are bounds too (not for the
 * process models, whose workers each have their own connections).
 */

#include "config.h"

#include <inttypes.h>

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/resource.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>

#include "il-cpuwork.h"
#include "il-crawler.h"
#include "il-exec.h"
#include "il-gil.h"
#include "il-machine.h"
#include "il-run-private.h"

#define SAMPLE_INTERVAL_US   25000      /* /proc/stat every 25 ms */

struct _IlRun {
  gatomicrefcount   ref_count;
  IlWorkload       *workload;
  IlWorkloadParams  params;
  IlModel           model;
  guint             workers;
  guint             serial;
  gboolean          tracing;
  gboolean          gil_enabled;
  char             *title;
  gint64            gil_interval_ns;
  IlGil            *gil;                /* during execution */

  char             *crawl_url;          /* il_run_set_crawl() overrides */
  gint              crawl_max_pages;
  gboolean          crawl_other_hosts;
  char             *crawl_start;        /* the URL the crawl started from */
  IlCrawler        *crawler;            /* during execution of a crawl */

  IlTaskSpec       *plan;               /* the workload's tasks, before execution */
  guint             n_plan;
  GPtrArray        *entries;            /* TaskEntry*, by task id (under mutex) */
  guint             n_tasks;            /* atomic: submitted so far */
  GQueue            pending;            /* task ids not yet taken (under mutex) */
  guint             n_ended;            /* under mutex */
  GCond             cond;               /* a task was submitted or ended */
  guint             n_waiting;          /* under mutex: threads waiting on cond */
  IlTrace          *trace;

  GCancellable     *cancellable;
  int               cancel_fd;

  guint             done;               /* atomic */
  gint              finished;           /* atomic */
  guint64           checksum;           /* atomic: keeps the work alive */

  GMutex            mutex;
  GArray           *completion_order;   /* guint */
  gdouble           user_s;             /* sums over tasks */
  gdouble           sys_s;
  gint64            nvcsw;
  gint64            nivcsw;

  IlRunStats        stats;
};

typedef struct {
  IlTaskSpec spec;
  gint       ended;                     /* atomic */
  gint64     io_ns;                     /* for the ideal: planned, or measured (http) */
  gint64     cpu_ns;
} TaskEntry;

static guint run_serial;

/* Which run and worker this thread is serving. */
static __thread guint   tls_serial;
static __thread guint32 tls_worker;

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
  self->cancel_fd = -1;
  self->serial = g_atomic_int_add (&run_serial, 1) + 1;
  il_workload_resolve_params (workload, params, &self->params);
  g_cond_init (&self->cond);
  self->plan = il_workload_plan (workload, &self->params, &self->n_plan);
  self->entries = g_ptr_array_new ();
  self->trace = il_trace_new ();
  self->completion_order = g_array_new (FALSE, FALSE, sizeof (guint));

  switch (model)
    {
    case IL_MODEL_SEQUENTIAL:
      self->workers = 1;
      break;
    case IL_MODEL_THREADS:
      self->workers = self->n_plan;
      break;
    case IL_MODEL_THREAD_POOL:
      self->workers = self->params.workers > 0 ? (guint) self->params.workers
                                               : il_machine_get_logical_cores ();
      break;
    case IL_MODEL_ASYNC:
    case IL_MODEL_PROCESSES:
      self->workers = model == IL_MODEL_ASYNC ? 1 : self->n_plan;
      break;
    case IL_MODEL_ASYNC_EXECUTOR:
    case IL_MODEL_PROCESS_POOL:
      self->workers = self->params.workers > 0 ? (guint) self->params.workers
                                               : il_machine_get_logical_cores ();
      break;
    case IL_MODEL_GTASK:
    case IL_N_MODELS:
    default:
      self->workers = 0;   /* GLib decides; counted while running */
      break;
    }
  self->params.workers = self->workers;
  update_title (self);

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

  il_workload_unref (run->workload);
  if (run->plan)
    il_task_specs_free (run->plan, run->n_plan);
  for (guint i = 0; i < run->entries->len; i++)
    {
      TaskEntry *entry = g_ptr_array_index (run->entries, i);

      il_task_specs_free (&entry->spec, 1);   /* frees the entry too: spec is first */
    }
  g_ptr_array_unref (run->entries);
  g_queue_clear (&run->pending);
  g_cond_clear (&run->cond);
  il_trace_unref (run->trace);
  g_array_unref (run->completion_order);
  g_free (run->title);
  g_free (run->crawl_url);
  g_free (run->crawl_start);
  g_clear_object (&run->cancellable);
  g_free (run->stats.completion_order);
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
  g_return_if_fail (run->cancellable == NULL);

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
  g_return_if_fail (run->cancellable == NULL);

  g_free (run->crawl_url);
  run->crawl_url = g_strdup (url);
  run->crawl_max_pages = max_pages;
  run->crawl_other_hosts = allow_other_hosts;
}

const char *
il_run_get_crawl_url (IlRun *run)
{
  return run->crawl_start;
}

IlCrawler *
il_run_get_crawler (IlRun *run)
{
  return run->crawler;
}

const char *
il_run_get_title (IlRun *run)
{
  return run->title;
}

gboolean
il_run_get_gil (IlRun *run)
{
  return run->gil_enabled;
}

IlModel           il_run_get_model    (IlRun *run) { return run->model; }
IlWorkload       *il_run_get_workload (IlRun *run) { return run->workload; }
const IlWorkloadParams *il_run_get_params (IlRun *run) { return &run->params; }

IlTrace          *il_run_get_trace    (IlRun *run) { return run->trace; }
const IlRunStats *il_run_get_stats    (IlRun *run) { return &run->stats; }
guint             il_run_get_workers  (IlRun *run) { return run->workers; }

void
il_run_get_progress (IlRun *run,
                     guint *done,
                     guint *total)
{
  if (done)
    *done = g_atomic_int_get (&run->done);
  if (total)
    *total = il_run_get_n_tasks (run);
}

guint
il_run_get_n_tasks (IlRun *run)
{
  return MAX ((guint) g_atomic_int_get (&run->n_tasks), run->n_plan);
}

static TaskEntry *
get_entry (IlRun *run,
           guint  task)
{
  TaskEntry *entry;

  g_mutex_lock (&run->mutex);
  entry = g_ptr_array_index (run->entries, task);
  g_mutex_unlock (&run->mutex);
  return entry;
}

const IlTaskSpec *
il_run_get_spec (IlRun *run,
                 guint  task)
{
  return &get_entry (run, task)->spec;
}

/* Takes ownership of @spec's contents (not of @spec itself). */
guint
il_run_submit_task (IlRun      *run,
                    IlTaskSpec *spec)
{
  TaskEntry *entry = g_new0 (TaskEntry, 1);
  gint64 now = il_now_ns ();
  guint id;

  entry->spec = *spec;
  memset (spec, 0, sizeof *spec);

  g_mutex_lock (&run->mutex);
  id = il_trace_add_task (run->trace, entry->spec.name, now);
  g_assert (id == run->entries->len);
  g_ptr_array_add (run->entries, entry);
  il_trace_enter (run->trace, id, IL_STATE_QUEUED, IL_NO_WORKER, IL_NO_CPU, now);
  g_queue_push_tail (&run->pending, GUINT_TO_POINTER (id));
  g_atomic_int_set (&run->n_tasks, run->entries->len);
  /* GLib's GCond makes a futex call on every broadcast: only when needed */
  if (run->n_waiting > 0)
    g_cond_broadcast (&run->cond);
  g_mutex_unlock (&run->mutex);

  return id;
}

typedef enum {
  NEXT_NONE,      /* every task has ended: no more will come */
  NEXT_TASK,      /* *task is the next one */
  NEXT_WAIT,      /* none queued now, but tasks in flight may submit more */
} NextResult;

/* Tasks taken off the queue after a cancel are failed outside the lock;
 * the list is only made when there are some (the hot path allocates
 * nothing). */
static NextResult
next_task_locked (IlRun   *run,
                  guint   *task,
                  GArray **to_fail)
{
  guint n_failing = 0;

  while (!g_queue_is_empty (&run->pending))
    {
      guint id = GPOINTER_TO_UINT (g_queue_pop_head (&run->pending));

      /* Cancelled: queued tasks end at once, without a worker. */
      if (g_cancellable_is_cancelled (run->cancellable))
        {
          if (*to_fail == NULL)
            *to_fail = g_array_new (FALSE, FALSE, sizeof (guint));
          g_array_append_val (*to_fail, id);
          n_failing++;
          continue;
        }
      *task = id;
      return NEXT_TASK;
    }
  if (*to_fail != NULL)
    n_failing = (*to_fail)->len;
  if (run->n_ended + n_failing >= run->entries->len)
    return NEXT_NONE;
  return NEXT_WAIT;
}

static void
fail_all (IlRun  *run,
          GArray *to_fail)
{
  if (to_fail == NULL)
    return;
  for (guint i = 0; i < to_fail->len; i++)
    il_run_fail_task (run, g_array_index (to_fail, guint, i), _("cancelled"));
  g_array_unref (to_fail);
}

gboolean
il_run_try_next_task (IlRun *run,
                      guint *task)
{
  GArray *to_fail = NULL;
  NextResult r;

  g_mutex_lock (&run->mutex);
  r = next_task_locked (run, task, &to_fail);
  g_mutex_unlock (&run->mutex);
  fail_all (run, to_fail);
  return r == NEXT_TASK;
}

gboolean
il_run_next_task (IlRun *run,
                  guint *task)
{
  for (;;)
    {
      GArray *to_fail = NULL;
      NextResult r;

      g_mutex_lock (&run->mutex);
      r = next_task_locked (run, task, &to_fail);
      if (r == NEXT_WAIT && to_fail == NULL)
        {
          run->n_waiting++;
          g_cond_wait (&run->cond, &run->mutex);
          run->n_waiting--;
        }
      g_mutex_unlock (&run->mutex);
      fail_all (run, to_fail);
      if (r != NEXT_WAIT)
        return r == NEXT_TASK;
    }
}

gboolean
il_run_all_ended (IlRun *run)
{
  gboolean all;

  g_mutex_lock (&run->mutex);
  all = g_queue_is_empty (&run->pending) && run->n_ended >= run->entries->len;
  g_mutex_unlock (&run->mutex);
  return all;
}

gboolean
il_run_is_finished (IlRun *run)
{
  return g_atomic_int_get (&run->finished);
}

gboolean
il_run_is_cancelled (IlRun *run)
{
  return g_cancellable_is_cancelled (run->cancellable);
}

/* ------------------------------------------------------------------------ */
/* Executing one task on the calling thread */

static guint32
current_worker (IlRun *run)
{
  if (tls_serial != run->serial)
    {
      g_autofree char *label = NULL;
      gint64 tid = gettid ();

      label = g_strdup_printf (_("thread %" PRId64), tid);
      tls_worker = il_trace_add_worker (run->trace, IL_WORKER_THREAD, tid, getpid (), label);
      tls_serial = run->serial;
    }
  return tls_worker;
}

guint32
il_run_get_thread_worker (IlRun *run)
{
  return current_worker (run);
}

static gdouble
timeval_s (const struct timeval *tv)
{
  return tv->tv_sec + tv->tv_usec / 1e6;
}

static void
add_usage (IlRun               *run,
           const struct rusage *before,
           const struct rusage *after)
{
  run->user_s += timeval_s (&after->ru_utime) - timeval_s (&before->ru_utime);
  run->sys_s += timeval_s (&after->ru_stime) - timeval_s (&before->ru_stime);
  run->nvcsw += after->ru_nvcsw - before->ru_nvcsw;
  run->nivcsw += after->ru_nivcsw - before->ru_nivcsw;
}

void
il_run_add_usage (IlRun               *run,
                  const struct rusage *before,
                  const struct rusage *after)
{
  g_mutex_lock (&run->mutex);
  add_usage (run, before, after);
  g_mutex_unlock (&run->mutex);
}

static void
task_ended_at (IlRun      *run,
               guint       task,
               gboolean    ok,
               const char *error,
               gint64      at_ns)
{
  TaskEntry *entry = get_entry (run, task);

  if (!g_atomic_int_compare_and_exchange (&entry->ended, 0, 1))
    return;
  il_trace_finish (run->trace, task, ok, error, at_ns);
  g_mutex_lock (&run->mutex);
  g_array_append_val (run->completion_order, task);
  run->n_ended++;
  if (run->n_waiting > 0)
    g_cond_broadcast (&run->cond);
  g_mutex_unlock (&run->mutex);
  g_atomic_int_inc (&run->done);
}

static void
task_ended (IlRun      *run,
            guint       task,
            gboolean    ok,
            const char *error)
{
  task_ended_at (run, task, ok, error, il_now_ns ());
}

void
il_run_fail_task (IlRun      *run,
                  guint       task,
                  const char *reason)
{
  task_ended (run, task, FALSE, reason);
}

typedef struct {
  IlTrace *trace;
  guint    task;
  guint32  worker;
  IlRun   *run;
} TraceRecorder;

static void
record_to_trace (gpointer user_data,
                 IlState  state,
                 gint     cpu,
                 gint64   at_ns)
{
  TraceRecorder *rec = user_data;

  il_trace_enter (rec->trace, rec->task, state, rec->worker, cpu, at_ns);
}

void
il_run_add_links (IlRun     *run,
                  guint      task,
                  GPtrArray *urls)
{
  g_autoptr(GPtrArray) admitted = NULL;

  g_return_if_fail (run != NULL);

  if (run->crawler == NULL || urls == NULL || il_run_is_cancelled (run))
    return;
  admitted = il_crawler_admit (run->crawler, urls);
  for (guint i = 0; i < admitted->len; i++)
    {
      const char *url = g_ptr_array_index (admitted, i);
      g_autofree char *name = il_crawler_task_name (run->crawler, url);
      IlTaskSpec spec;

      il_workload_plan_page (run->workload, &run->params, name, url, &spec);
      spec.discovered_by = task + 1;
      il_run_submit_task (run, &spec);
    }
}

static void
found_links (gpointer   user_data,
             GPtrArray *urls)
{
  TraceRecorder *rec = user_data;

  il_run_add_links (rec->run, rec->task, urls);
}

void
il_run_task_on_this_thread (IlRun *run,
                            guint  task)
{
  const IlTaskSpec *spec = il_run_get_spec (run, task);
  TraceRecorder rec = { run->trace, task, current_worker (run), run };
  IlExecContext ctx = { 0, };
  g_autofree char *reason = NULL;
  struct rusage before, after;
  gboolean ok;

  if (il_run_is_cancelled (run))
    {
      task_ended (run, task, FALSE, _("cancelled"));
      return;
    }

  ctx.record = record_to_trace;
  ctx.record_data = &rec;
  ctx.cancellable = run->cancellable;
  ctx.cancel_fd = run->cancel_fd;
  ctx.tracing = run->tracing;
  ctx.gil = run->gil;
  ctx.state = task + 1;
  ctx.net = &il_net;
  if (run->crawler)
    {
      ctx.http = il_crawler_get_http_options (run->crawler);
      ctx.limiter = il_crawler_get_limiter (run->crawler);
      ctx.links = found_links;
      ctx.links_data = &rec;
    }

  getrusage (RUSAGE_THREAD, &before);
  il_trace_set_started (run->trace, task, rec.worker, il_now_ns ());
  ok = il_exec_phases (&ctx, spec->phases, spec->n_phases, &reason);

  __atomic_fetch_add (&run->checksum, ctx.state, __ATOMIC_RELAXED);
  if (ok && spec->has_result)
    il_trace_set_result (run->trace, task, spec->result);

  getrusage (RUSAGE_THREAD, &after);
  g_mutex_lock (&run->mutex);
  add_usage (run, &before, &after);
  g_mutex_unlock (&run->mutex);

  task_ended_at (run, task, ok, reason, ctx.finished_ns);
}

/* ------------------------------------------------------------------------ */
/* Per-core utilisation from /proc/stat, sampled beside the run */

typedef struct {
  IlRun    *run;
  GMutex    mutex;
  GCond     cond;
  gboolean  stop;
} Sampler;

static guint
read_proc_stat (guint64 *busy,
                guint64 *total,
                guint    max_cpus)
{
  g_autofree char *contents = NULL;
  guint n = 0;

  if (!g_file_get_contents ("/proc/stat", &contents, NULL, NULL))
    return 0;
  for (char *line = contents; line && *line; )
    {
      char *next = strchr (line, '\n');
      unsigned cpu;
      guint64 v[8] = { 0, };

      if (next)
        *next++ = '\0';
      if (sscanf (line, "cpu%u %" PRIu64 " %" PRIu64 " %" G_GUINT64_FORMAT
                  " %" PRIu64 " %" PRIu64 " %" G_GUINT64_FORMAT
                  " %" PRIu64 " %" PRIu64,
                  &cpu, &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]) >= 5 &&
          cpu < max_cpus)
        {
          guint64 idle = v[3] + v[4];
          guint64 all = v[0] + v[1] + v[2] + v[3] + v[4] + v[5] + v[6] + v[7];

          busy[cpu] = all - idle;
          total[cpu] = all;
          n = MAX (n, cpu + 1);
        }
      line = next;
    }
  return n;
}

static gpointer
sampler_thread (gpointer data)
{
  Sampler *sampler = data;
  guint max = il_machine_get_logical_cores () + 64;
  g_autofree guint64 *busy0 = g_new0 (guint64, max);
  g_autofree guint64 *total0 = g_new0 (guint64, max);
  g_autofree guint64 *busy1 = g_new0 (guint64, max);
  g_autofree guint64 *total1 = g_new0 (guint64, max);
  g_autofree float *fraction = g_new0 (float, max);
  guint n = read_proc_stat (busy0, total0, max);

  g_mutex_lock (&sampler->mutex);
  while (!sampler->stop)
    {
      gint64 until = g_get_monotonic_time () + SAMPLE_INTERVAL_US;

      while (!sampler->stop && g_cond_wait_until (&sampler->cond, &sampler->mutex, until))
        ;
      n = read_proc_stat (busy1, total1, max);
      for (guint i = 0; i < n; i++)
        {
          guint64 dt = total1[i] - total0[i];

          fraction[i] = dt > 0 ? (float) (busy1[i] - busy0[i]) / (float) dt : 0.f;
          busy0[i] = busy1[i];
          total0[i] = total1[i];
        }
      if (n > 0)
        il_trace_add_core_sample (sampler->run->trace, il_now_ns (), n, fraction);
    }
  g_mutex_unlock (&sampler->mutex);
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* Statistics */

static gint
compare_desc (gconstpointer a,
              gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? 1 : x > y ? -1 : 0;
}

/* Waiting plus computing of a task (see compute_stats()). */
static gint64
task_length (IlRun *run,
             guint  task)
{
  TaskEntry *entry = g_ptr_array_index (run->entries, task);

  return entry->io_ns + entry->cpu_ns;
}

static gboolean
fetches (const IlTaskSpec *spec)
{
  for (guint p = 0; p < spec->n_phases; p++)
    if (spec->phases[p].kind == IL_PHASE_HTTP)
      return TRUE;
  return FALSE;
}

/* max over k of the k+1 shortest among the kW+1 longest tasks. */
static gint64
packing_bound (IlRun *run,
               guint  w)
{
  guint n = run->entries->len;
  g_autofree gint64 *p = g_new (gint64, MAX (n, 1));
  g_autofree gint64 *prefix = g_new0 (gint64, n + 1);
  gint64 best = 0;

  for (guint i = 0; i < n; i++)
    p[i] = task_length (run, i);
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

static void
compute_stats (IlRun        *run,
               struct rusage *children)
{
  g_autoptr(IlTraceSnapshot) snap = il_trace_snapshot (run->trace, 0);
  IlRunStats *st = &run->stats;
  gint64 max_task = 0, sum_task = 0, sum_cpu = 0;
  guint cores = il_machine_get_logical_cores ();
  guint64 cores_seen = 0;
  g_autoptr(GHashTable) extra_cores = g_hash_table_new (NULL, NULL);
  g_autofree gint64 *chain = g_new0 (gint64, MAX (snap->n_tasks, 1));
  gint64 sum_http_io = 0, max_chain = 0, max_host_io = 0;
  g_autoptr(GHashTable) host_io = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gboolean async = run->model == IL_MODEL_ASYNC || run->model == IL_MODEL_ASYNC_EXECUTOR;
  guint w, par;
  gint64 ideal;

  /* One per task: the crawl's tasks are found while it runs. */
  if (run->model == IL_MODEL_THREADS || run->model == IL_MODEL_PROCESSES)
    run->workers = MAX (run->entries->len, 1);
  st->workers_seen = snap->n_workers;
  st->workers = run->workers > 0 ? run->workers : st->workers_seen;
  st->makespan_ns = 0;
  for (guint i = 0; i < snap->n_tasks; i++)
    {
      const IlTaskSnapshot *t = &snap->tasks[i];
      TaskEntry *entry = g_ptr_array_index (run->entries, i);
      gint64 io = 0, running = 0;

      if (t->finished)
        st->makespan_ns = MAX (st->makespan_ns, t->finished_ns);
      if (t->finished && t->ok)
        st->tasks_ok++;
      else
        st->tasks_failed++;
      for (guint s = 0; s < t->n_segments; s++)
        {
          const IlSegment *seg = &t->segments[s];
          gint64 d = seg->end_ns - seg->start_ns;

          switch (seg->state)
            {
            case IL_STATE_RUNNING:
              st->running_ns += d;
              running += d;
              if (seg->cpu >= 0 && seg->cpu < 64)
                cores_seen |= G_GUINT64_CONSTANT (1) << seg->cpu;
              else if (seg->cpu >= 64)
                g_hash_table_add (extra_cores, GINT_TO_POINTER (seg->cpu + 1));
              break;
            case IL_STATE_IO_WAIT:   st->io_wait_ns += d; io += d; break;
            case IL_STATE_PREEMPTED: st->preempted_ns += d; break;
            case IL_STATE_QUEUED:    st->queued_ns += d; break;
            case IL_STATE_GIL_WAIT:  st->gil_wait_ns += d; break;
            default: break;
            }
        }
      if (fetches (&entry->spec))
        {
          entry->io_ns = io;
          entry->cpu_ns = running;
          sum_http_io += io;
          for (guint p = 0; p < entry->spec.n_phases; p++)
            if (entry->spec.phases[p].kind == IL_PHASE_HTTP && entry->spec.phases[p].url)
              {
                char *host = il_http_url_host (entry->spec.phases[p].url);
                gint64 *sum;

                if (host == NULL)
                  break;
                if (!(sum = g_hash_table_lookup (host_io, host)))
                  g_hash_table_insert (host_io, g_strdup (host), (sum = g_new0 (gint64, 1)));
                *sum += io;
                max_host_io = MAX (max_host_io, *sum);
                g_free (host);
                break;
              }
        }
      else
        {
          /* Planned waiting; of computing, what was planned or what ran,
           * whichever is less (the calibration is a measurement too, and a
           * run with tracing off records no running time). */
          entry->io_ns = entry->spec.io_ns;
          entry->cpu_ns = run->tracing && entry->spec.cpu_ns > 0 ? MIN (entry->spec.cpu_ns, running)
                                                                 : entry->spec.cpu_ns;
        }
      chain[i] = task_length (run, i);
      if (entry->spec.discovered_by > 0 && entry->spec.discovered_by - 1 < i)
        chain[i] += chain[entry->spec.discovered_by - 1];
      max_chain = MAX (max_chain, chain[i]);
      max_task = MAX (max_task, task_length (run, i));
      sum_task += task_length (run, i);
      sum_cpu += entry->cpu_ns;
    }
  st->makespan_ns = MAX (st->makespan_ns, snap->end_ns);
  st->cores_used = __builtin_popcountll (cores_seen) + g_hash_table_size (extra_cores);

  w = run->workers > 0 ? run->workers : MAX (snap->n_workers, 1);
  par = MIN (w, cores);
  if (run->gil_enabled && il_model_get_info (run->model)->threaded)
    par = 1;   /* one GIL: computing is serialised */
  if (async)
    {
      /* The loop waits for any number of timers and replies at once; only
       * computing is bound: to the loop's one thread, or the executor's W. */
      par = run->model == IL_MODEL_ASYNC ? 1 : MIN (w, cores);
      ideal = max_task;
      ideal = MAX (ideal, sum_cpu / MAX (par, 1));
    }
  else
    {
      ideal = max_task;
      ideal = MAX (ideal, sum_task / w);
      ideal = MAX (ideal, sum_cpu / MAX (par, 1));
      ideal = MAX (ideal, packing_bound (run, w));
    }
  /* A page is fetched after the page that links to it was parsed. */
  ideal = MAX (ideal, max_chain);
  /* Replies come through at most L connections at once (in this process). */
  if (run->crawler && run->model != IL_MODEL_PROCESSES && run->model != IL_MODEL_PROCESS_POOL)
    {
      ideal = MAX (ideal, sum_http_io / il_crawler_get_max_connections (run->crawler));
      ideal = MAX (ideal, max_host_io / il_crawler_get_max_connections_per_host (run->crawler));
    }
  st->ideal_ns = ideal;

  st->user_time_s = run->user_s + timeval_s (&children->ru_utime);
  st->sys_time_s = run->sys_s + timeval_s (&children->ru_stime);
  st->cpu_time_s = st->user_time_s + st->sys_time_s;
  st->voluntary_ctx_switches = run->nvcsw + children->ru_nvcsw;
  st->involuntary_ctx_switches = run->nivcsw + children->ru_nivcsw;
  st->peak_rss_kib = MAX (il_machine_get_peak_rss_kib (), children->ru_maxrss);

  g_mutex_lock (&run->mutex);
  st->n_completion_order = run->completion_order->len;
  st->completion_order = g_memdup2 (run->completion_order->data,
                                    sizeof (guint) * MAX (run->completion_order->len, 1));
  g_mutex_unlock (&run->mutex);
}

gdouble
il_run_stats_speedup (const IlRunStats *stats,
                      const IlRunStats *sequential)
{
  if (stats == NULL || sequential == NULL || stats->makespan_ns <= 0)
    return NAN;
  return (gdouble) sequential->makespan_ns / (gdouble) stats->makespan_ns;
}

gdouble
il_run_stats_efficiency (const IlRunStats *stats)
{
  if (stats->makespan_ns <= 0)
    return NAN;
  return (gdouble) stats->ideal_ns / (gdouble) stats->makespan_ns;
}

/* ------------------------------------------------------------------------ */

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

gboolean
il_run_execute (IlRun        *run,
                GCancellable *cancellable,
                GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  Sampler sampler = { run, };
  struct rusage children0, children1, children;
  GThread *sampler_th;
  gboolean ok = FALSE;
  gint64 t0;

  g_return_val_if_fail (run != NULL, FALSE);
  g_return_val_if_fail (run->cancellable == NULL, FALSE);

  run->cancellable = cancellable ? g_object_ref (cancellable) : g_cancellable_new ();
  run->cancel_fd = g_cancellable_get_fd (run->cancellable);
  if (run->cancel_fd < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_OPEN_FILES,
                   _("cannot wait for cancellation: %s"), g_strerror (errno));
      g_clear_object (&run->cancellable);
      return FALSE;
    }

  /* The crawl (and the demo site) start before the clock. */
  if (il_workload_get_crawl (run->workload) != NULL && !start_crawl (run, error))
    {
      g_cancellable_release_fd (run->cancellable);
      run->cancel_fd = -1;
      g_clear_object (&run->cancellable);
      return FALSE;
    }

  /* Calibrate before the clock starts. */
  if (run->tracing || il_workload_uses_cpu (run->workload))
    il_cpu_work_per_ms ();

  il_machine_reset_peak_rss ();
  getrusage (RUSAGE_CHILDREN, &children0);
  g_mutex_init (&sampler.mutex);
  g_cond_init (&sampler.cond);

  /* The workload's own tasks: their bookkeeping (entries, trace lanes)
   * is made before the clock starts, so that it does not count in the
   * makespan; then all are submitted at once, at t0. */
  g_mutex_lock (&run->mutex);
  for (guint i = 0; i < run->n_plan; i++)
    {
      TaskEntry *entry = g_new0 (TaskEntry, 1);
      G_GNUC_UNUSED guint id;

      entry->spec = run->plan[i];
      memset (&run->plan[i], 0, sizeof run->plan[i]);
      id = il_trace_add_task (run->trace, entry->spec.name, il_trace_get_origin (run->trace));
      g_assert (id == run->entries->len);
      g_ptr_array_add (run->entries, entry);
    }
  il_task_specs_free (g_steal_pointer (&run->plan), run->n_plan);
  t0 = il_now_ns ();
  il_trace_restart (run->trace, t0);
  for (guint i = 0; i < run->entries->len; i++)
    {
      il_trace_enter (run->trace, i, IL_STATE_QUEUED, IL_NO_WORKER, IL_NO_CPU, t0);
      g_queue_push_tail (&run->pending, GUINT_TO_POINTER (i));
    }
  g_atomic_int_set (&run->n_tasks, run->entries->len);
  g_mutex_unlock (&run->mutex);

  if (run->gil_enabled && il_model_get_info (run->model)->threaded)
    run->gil = il_gil_new (run->gil_interval_ns);
  sampler_th = g_thread_new ("il-sampler", sampler_thread, &sampler);

  switch (run->model)
    {
    case IL_MODEL_SEQUENTIAL:  ok = il_model_run_sequential (run, &local_error); break;
    case IL_MODEL_THREADS:     ok = il_model_run_threads (run, &local_error); break;
    case IL_MODEL_THREAD_POOL: ok = il_model_run_thread_pool (run, &local_error); break;
    case IL_MODEL_GTASK:       ok = il_model_run_gtask (run, &local_error); break;
    case IL_MODEL_ASYNC:           ok = il_model_run_async (run, FALSE, &local_error); break;
    case IL_MODEL_ASYNC_EXECUTOR:  ok = il_model_run_async (run, TRUE, &local_error); break;
    case IL_MODEL_PROCESSES:       ok = il_model_run_processes (run, FALSE, &local_error); break;
    case IL_MODEL_PROCESS_POOL:    ok = il_model_run_processes (run, TRUE, &local_error); break;
    case IL_N_MODELS:
    default:
      g_assert_not_reached ();
    }

  /* Tasks a failed model never reached. */
  for (guint i = 0; i < run->entries->len; i++)
    if (!g_atomic_int_get (&((TaskEntry *) g_ptr_array_index (run->entries, i))->ended))
      il_run_fail_task (run, i, ok ? _("never ran") : local_error->message);

  g_mutex_lock (&sampler.mutex);
  sampler.stop = TRUE;
  g_cond_signal (&sampler.cond);
  g_mutex_unlock (&sampler.mutex);
  g_thread_join (sampler_th);
  g_mutex_clear (&sampler.mutex);
  g_cond_clear (&sampler.cond);

  getrusage (RUSAGE_CHILDREN, &children1);
  timersub (&children1.ru_utime, &children0.ru_utime, &children.ru_utime);
  timersub (&children1.ru_stime, &children0.ru_stime, &children.ru_stime);
  children.ru_nvcsw = children1.ru_nvcsw - children0.ru_nvcsw;
  children.ru_nivcsw = children1.ru_nivcsw - children0.ru_nivcsw;
  children.ru_maxrss = children1.ru_maxrss;

  run->stats.cancelled = g_cancellable_is_cancelled (run->cancellable);
  run->stats.gil = run->gil_enabled;
  run->stats.gil_interval_ns = run->gil_enabled ? run->gil_interval_ns : 0;
  if (run->gil)
    run->stats.gil_handovers = il_gil_get_handovers (run->gil);
  g_clear_pointer (&run->gil, il_gil_free);
  compute_stats (run, &children);
  g_clear_pointer (&run->crawler, il_crawler_free);

  g_cancellable_release_fd (run->cancellable);
  run->cancel_fd = -1;
  g_atomic_int_set (&run->finished, TRUE);
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return ok;
}

static gpointer
execute_thread (gpointer data)
{
  GTask *task = data;
  IlRun *run = g_task_get_task_data (task);
  GError *error = NULL;

  if (il_run_execute (run, g_task_get_cancellable (task), &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
  g_object_unref (task);
  return NULL;
}

void
il_run_execute_async (IlRun              *run,
                      GCancellable       *cancellable,
                      GAsyncReadyCallback callback,
                      gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  GThread *thread;

  g_return_if_fail (run != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, il_run_execute_async);
  g_task_set_task_data (task, il_run_ref (run), (GDestroyNotify) il_run_unref);
  g_task_set_check_cancellable (task, FALSE);
  /* A thread of its own rather than GLib's shared pool: the gtask model
   * measures that pool, and this thread must not take a place in it. */
  thread = g_thread_try_new ("il-run", execute_thread, g_object_ref (task), &error);
  if (thread == NULL)
    {
      g_object_unref (task);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_thread_unref (thread);
}

gboolean
il_run_execute_finish (IlRun        *run,
                       GAsyncResult *result,
                       GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------------ */
/* For models that run tasks in other processes */

GCancellable *
il_run_get_cancellable (IlRun *run)
{
  return run->cancellable;
}

gboolean
il_run_get_tracing (IlRun *run)
{
  return run->tracing;
}

gint64
il_run_get_gil_interval (IlRun *run)
{
  return run->gil_interval_ns > 0 ? run->gil_interval_ns : IL_GIL_DEFAULT_INTERVAL_NS;
}

void
il_run_end_task (IlRun      *run,
                 guint       task,
                 gboolean    ok,
                 const char *reason,
                 gint64      at_ns)
{
  task_ended_at (run, task, ok, ok ? NULL : reason, at_ns);
}
