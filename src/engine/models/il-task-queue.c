/* il-task-queue.c — the tasks of a run, handed out to a model
 *
 * How the numbers are measured here:
 * - times: CLOCK_MONOTONIC (il_now_ns), relative to the moment the run
 *   submitted its tasks;
 * - the core: sched_getcpu() at every state change and after every slice of
 *   CPU work (il-exec.c);
 * - CPU time and context switches: getrusage (RUSAGE_THREAD) around each
 *   task on the thread that ran it, summed (the run adds RUSAGE_CHILDREN
 *   for worker processes).
 */

#include "config.h"

#include <inttypes.h>

#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>

#include "il-exec.h"
#include "il-task-queue.h"

struct _IlTaskQueue {
  IlTaskQueueSettings settings;
  guint             serial;
  IlTrace          *trace;
  IlGil            *gil;                /* the shared GIL, or NULL */

  GCancellable     *cancellable;
  IlCancel          cancel;

  GPtrArray        *entries;            /* TaskEntry*, by task id (under mutex) */
  guint             n_tasks;            /* atomic: submitted so far */
  GQueue            pending;            /* task ids not yet taken (under mutex) */
  guint             n_ended;            /* under mutex */
  GCond             cond;               /* a task was submitted or ended */
  guint             n_waiting;          /* under mutex: threads waiting on cond */

  guint             done;               /* atomic */
  guint64           checksum;           /* atomic: keeps the work alive */

  GMutex            mutex;
  GArray           *completion_order;   /* guint */
  gdouble           user_s;             /* sums over tasks */
  gdouble           sys_s;
  gint64            nvcsw;
  gint64            nivcsw;
};

typedef struct {
  IlTaskSpec spec;
  gint       ended;                     /* atomic */
} TaskEntry;

static guint queue_serial;

/* Which queue and worker this thread is serving. */
static __thread guint   tls_serial;
static __thread guint32 tls_worker;

static gboolean
cancellable_is_cancelled (gpointer data)
{
  return g_cancellable_is_cancelled (data);
}

IlTaskQueue *
il_task_queue_new (const IlTaskQueueSettings *settings,
                   GCancellable              *cancellable)
{
  IlTaskQueue *queue;

  g_return_val_if_fail (settings != NULL && settings->trace != NULL, NULL);
  g_return_val_if_fail (G_IS_CANCELLABLE (cancellable), NULL);

  queue = g_new0 (IlTaskQueue, 1);
  queue->settings = *settings;
  queue->serial = g_atomic_int_add (&queue_serial, 1) + 1;
  queue->trace = il_trace_ref (settings->trace);
  queue->cancellable = g_object_ref (cancellable);
  queue->cancel.is_cancelled = cancellable_is_cancelled;
  queue->cancel.data = cancellable;
  queue->cancel.fd = g_cancellable_get_fd (cancellable);
  queue->cancel.cancellable = cancellable;
  g_mutex_init (&queue->mutex);
  g_cond_init (&queue->cond);
  queue->entries = g_ptr_array_new ();
  queue->completion_order = g_array_new (FALSE, FALSE, sizeof (guint));
  if (settings->gil && settings->shared_gil)
    queue->gil = il_gil_new (settings->gil_interval_ns);
  return queue;
}

void
il_task_queue_free (IlTaskQueue *queue)
{
  g_return_if_fail (queue != NULL);

  for (guint i = 0; i < queue->entries->len; i++)
    {
      TaskEntry *entry = g_ptr_array_index (queue->entries, i);

      il_task_specs_free (&entry->spec, 1);   /* frees the entry too: spec is first */
    }
  g_ptr_array_unref (queue->entries);
  g_queue_clear (&queue->pending);
  g_cond_clear (&queue->cond);
  g_mutex_clear (&queue->mutex);
  g_array_unref (queue->completion_order);
  g_clear_pointer (&queue->gil, il_gil_free);
  il_trace_unref (queue->trace);
  if (queue->cancel.fd >= 0)
    g_cancellable_release_fd (queue->cancellable);
  g_object_unref (queue->cancellable);
  g_free (queue);
}

void
il_task_queue_start (IlTaskQueue *queue,
                     IlTaskSpec  *specs,
                     guint        n_specs,
                     gint64       t0_ns)
{
  gint64 provisional_ns;

  /* Their bookkeeping (entries, trace lanes, the pending list, each lane
   * opened queued) is made before the clock starts, so that it does not
   * count in the makespan; then all are submitted at once, at t0.  The
   * lanes' times are relative to the trace's origin, so they are opened at
   * a provisional origin and the origin moved to t0 once it is read (with
   * 100,000 tasks, opening their lanes took 20 ms).  Nothing runs before
   * the mutex is released. */
  g_mutex_lock (&queue->mutex);
  for (guint i = 0; i < n_specs; i++)
    {
      TaskEntry *entry = g_new0 (TaskEntry, 1);
      G_GNUC_UNUSED guint id;

      entry->spec = specs[i];
      memset (&specs[i], 0, sizeof specs[i]);
      id = il_trace_add_task (queue->trace, entry->spec.name, il_trace_get_origin (queue->trace));
      g_assert (id == queue->entries->len);
      g_ptr_array_add (queue->entries, entry);
      g_queue_push_tail (&queue->pending, GUINT_TO_POINTER (id));
    }
  provisional_ns = t0_ns != 0 ? t0_ns : il_now_ns ();
  il_trace_restart (queue->trace, provisional_ns);
  for (guint i = 0; i < queue->entries->len; i++)
    il_trace_enter (queue->trace, i, IL_STATE_QUEUED, IL_NO_WORKER, IL_NO_CPU, provisional_ns);
  if (t0_ns == 0)
    il_trace_move_origin (queue->trace, il_now_ns ());
  g_atomic_int_set (&queue->n_tasks, queue->entries->len);
  g_mutex_unlock (&queue->mutex);
}

static TaskEntry *
get_entry (IlTaskQueue *queue,
           guint        task)
{
  TaskEntry *entry;

  g_mutex_lock (&queue->mutex);
  entry = g_ptr_array_index (queue->entries, task);
  g_mutex_unlock (&queue->mutex);
  return entry;
}

const IlTaskSpec *
il_task_queue_get_spec (IlTaskQueue *queue,
                        guint        task)
{
  return &get_entry (queue, task)->spec;
}

guint
il_task_queue_get_n_tasks (IlTaskQueue *queue)
{
  return g_atomic_int_get (&queue->n_tasks);
}

void
il_task_queue_get_progress (IlTaskQueue *queue,
                            guint       *done,
                            guint       *total)
{
  if (done)
    *done = g_atomic_int_get (&queue->done);
  if (total)
    *total = il_task_queue_get_n_tasks (queue);
}

/* Takes ownership of @spec's contents (not of @spec itself). */
guint
il_task_queue_submit (IlTaskQueue *queue,
                      IlTaskSpec  *spec)
{
  TaskEntry *entry = g_new0 (TaskEntry, 1);
  gint64 now = il_now_ns ();
  guint id;

  entry->spec = *spec;
  memset (spec, 0, sizeof *spec);

  g_mutex_lock (&queue->mutex);
  id = il_trace_add_task (queue->trace, entry->spec.name, now);
  g_assert (id == queue->entries->len);
  g_ptr_array_add (queue->entries, entry);
  il_trace_enter (queue->trace, id, IL_STATE_QUEUED, IL_NO_WORKER, IL_NO_CPU, now);
  g_queue_push_tail (&queue->pending, GUINT_TO_POINTER (id));
  g_atomic_int_set (&queue->n_tasks, queue->entries->len);
  /* GLib's GCond makes a futex call on every broadcast: only when needed */
  if (queue->n_waiting > 0)
    g_cond_broadcast (&queue->cond);
  g_mutex_unlock (&queue->mutex);

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
next_task_locked (IlTaskQueue *queue,
                  guint       *task,
                  GArray     **to_fail)
{
  guint n_failing = 0;

  while (!g_queue_is_empty (&queue->pending))
    {
      guint id = GPOINTER_TO_UINT (g_queue_pop_head (&queue->pending));

      /* Cancelled: queued tasks end at once, without a worker. */
      if (g_cancellable_is_cancelled (queue->cancellable))
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
  if (queue->n_ended + n_failing >= queue->entries->len)
    return NEXT_NONE;
  return NEXT_WAIT;
}

static void
fail_all (IlTaskQueue *queue,
          GArray      *to_fail)
{
  if (to_fail == NULL)
    return;
  for (guint i = 0; i < to_fail->len; i++)
    il_task_queue_fail (queue, g_array_index (to_fail, guint, i), _("cancelled"));
  g_array_unref (to_fail);
}

gboolean
il_task_queue_try_next (IlTaskQueue *queue,
                        guint       *task)
{
  GArray *to_fail = NULL;
  NextResult r;

  g_mutex_lock (&queue->mutex);
  r = next_task_locked (queue, task, &to_fail);
  g_mutex_unlock (&queue->mutex);
  fail_all (queue, to_fail);
  return r == NEXT_TASK;
}

gboolean
il_task_queue_next (IlTaskQueue *queue,
                    guint       *task)
{
  for (;;)
    {
      GArray *to_fail = NULL;
      NextResult r;

      g_mutex_lock (&queue->mutex);
      r = next_task_locked (queue, task, &to_fail);
      if (r == NEXT_WAIT && to_fail == NULL)
        {
          queue->n_waiting++;
          g_cond_wait (&queue->cond, &queue->mutex);
          queue->n_waiting--;
        }
      g_mutex_unlock (&queue->mutex);
      fail_all (queue, to_fail);
      if (r != NEXT_WAIT)
        return r == NEXT_TASK;
    }
}

gboolean
il_task_queue_all_ended (IlTaskQueue *queue)
{
  gboolean all;

  g_mutex_lock (&queue->mutex);
  all = g_queue_is_empty (&queue->pending) && queue->n_ended >= queue->entries->len;
  g_mutex_unlock (&queue->mutex);
  return all;
}

gboolean
il_task_queue_is_cancelled (IlTaskQueue *queue)
{
  return g_cancellable_is_cancelled (queue->cancellable);
}

/* ------------------------------------------------------------------------ */
/* Executing one task on the calling thread */

guint32
il_task_queue_get_thread_worker (IlTaskQueue *queue)
{
  if (tls_serial != queue->serial)
    {
      g_autofree char *label = NULL;
      gint64 tid = gettid ();

      label = g_strdup_printf (_("thread %" PRId64), tid);
      tls_worker = il_trace_add_worker (queue->trace, IL_WORKER_THREAD, tid, getpid (), label);
      tls_serial = queue->serial;
    }
  return tls_worker;
}

static gdouble
timeval_s (const struct timeval *tv)
{
  return tv->tv_sec + tv->tv_usec / 1e6;
}

static void
add_usage (IlTaskQueue         *queue,
           const struct rusage *before,
           const struct rusage *after)
{
  queue->user_s += timeval_s (&after->ru_utime) - timeval_s (&before->ru_utime);
  queue->sys_s += timeval_s (&after->ru_stime) - timeval_s (&before->ru_stime);
  queue->nvcsw += after->ru_nvcsw - before->ru_nvcsw;
  queue->nivcsw += after->ru_nivcsw - before->ru_nivcsw;
}

void
il_task_queue_add_usage (IlTaskQueue         *queue,
                         const struct rusage *before,
                         const struct rusage *after)
{
  g_mutex_lock (&queue->mutex);
  add_usage (queue, before, after);
  g_mutex_unlock (&queue->mutex);
}

void
il_task_queue_end (IlTaskQueue *queue,
                   guint        task,
                   gboolean     ok,
                   const char  *reason,
                   gint64       at_ns)
{
  TaskEntry *entry = get_entry (queue, task);
  IlState end = IL_STATE_DONE;

  if (!g_atomic_int_compare_and_exchange (&entry->ended, 0, 1))
    return;
  /* A task that had not completed when the user stopped the run was
   * stopped, whatever its model made of the cancellation ("cancelled",
   * an HTTP error, a worker killed): it did not fail, and it has no place
   * in the completion order. */
  if (!ok)
    end = il_task_queue_is_cancelled (queue) ? IL_STATE_STOPPED : IL_STATE_FAILED;
  il_trace_finish (queue->trace, task, end,
                   end == IL_STATE_STOPPED ? _("stopped before it ended") : ok ? NULL : reason, at_ns);
  g_mutex_lock (&queue->mutex);
  if (end != IL_STATE_STOPPED)
    g_array_append_val (queue->completion_order, task);
  queue->n_ended++;
  if (queue->n_waiting > 0)
    g_cond_broadcast (&queue->cond);
  g_mutex_unlock (&queue->mutex);
  g_atomic_int_inc (&queue->done);
}

void
il_task_queue_fail (IlTaskQueue *queue,
                    guint        task,
                    const char  *reason)
{
  il_task_queue_end (queue, task, FALSE, reason, il_now_ns ());
}

void
il_task_queue_fail_unended (IlTaskQueue *queue,
                            const char  *reason)
{
  guint n;

  g_mutex_lock (&queue->mutex);
  n = queue->entries->len;
  g_mutex_unlock (&queue->mutex);
  for (guint i = 0; i < n; i++)
    if (!g_atomic_int_get (&get_entry (queue, i)->ended))
      il_task_queue_fail (queue, i, reason);
}

void
il_task_queue_add_links (IlTaskQueue *queue,
                         guint        task,
                         GPtrArray   *urls,
                         guint        n_dropped)
{
  IlCrawler *crawler = queue->settings.crawler;
  g_autoptr(GPtrArray) admitted = NULL;

  g_return_if_fail (queue != NULL);

  if (n_dropped > 0)
    il_trace_add_links_dropped (queue->trace, task, n_dropped);
  if (crawler == NULL || urls == NULL || queue->settings.plan_page == NULL ||
      il_task_queue_is_cancelled (queue))
    return;
  admitted = il_crawler_admit (crawler, urls);
  for (guint i = 0; i < admitted->len; i++)
    {
      const char *url = g_ptr_array_index (admitted, i);
      g_autofree char *name = il_crawler_task_name (crawler, url);
      IlTaskSpec spec;

      queue->settings.plan_page (queue->settings.plan_page_data, name, url, &spec);
      spec.discovered_by = task + 1;
      il_task_queue_submit (queue, &spec);
    }
}

typedef struct {
  IlTrace     *trace;
  guint        task;
  guint32      worker;
  IlTaskQueue *queue;
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

static void
found_links (gpointer   user_data,
             GPtrArray *urls,
             guint      n_dropped)
{
  TraceRecorder *rec = user_data;

  il_task_queue_add_links (rec->queue, rec->task, urls, n_dropped);
}

void
il_task_queue_run_here (IlTaskQueue *queue,
                        guint        task)
{
  const IlTaskSpec *spec = il_task_queue_get_spec (queue, task);
  TraceRecorder rec = { queue->trace, task, il_task_queue_get_thread_worker (queue), queue };
  IlCrawler *crawler = queue->settings.crawler;
  IlExecContext ctx = { 0, };
  g_autofree char *reason = NULL;
  struct rusage before, after;
  gboolean ok;

  if (il_task_queue_is_cancelled (queue))
    {
      il_task_queue_fail (queue, task, _("cancelled"));
      return;
    }

  ctx.record = record_to_trace;
  ctx.record_data = &rec;
  ctx.cancel = &queue->cancel;
  ctx.tracing = queue->settings.tracing;
  ctx.gil = queue->gil;
  ctx.state = task + 1;
  ctx.net = &il_net;
  if (crawler)
    {
      ctx.http = il_crawler_get_http_options (crawler);
      ctx.limiter = il_crawler_get_limiter (crawler);
      ctx.links = found_links;
      ctx.links_data = &rec;
    }

  getrusage (RUSAGE_THREAD, &before);
  il_trace_set_started (queue->trace, task, rec.worker, il_now_ns ());
  ok = il_exec_phases (&ctx, spec->phases, spec->n_phases, &reason);

  __atomic_fetch_add (&queue->checksum, ctx.state, __ATOMIC_RELAXED);
  if (ok && spec->has_result)
    il_trace_set_result (queue->trace, task, spec->result);

  getrusage (RUSAGE_THREAD, &after);
  g_mutex_lock (&queue->mutex);
  add_usage (queue, &before, &after);
  g_mutex_unlock (&queue->mutex);

  il_task_queue_end (queue, task, ok, reason, ctx.finished_ns);
}

/* ------------------------------------------------------------------------ */

void
il_task_queue_get_usage (IlTaskQueue *queue,
                         gdouble     *user_s,
                         gdouble     *sys_s,
                         gint64      *nvcsw,
                         gint64      *nivcsw)
{
  g_mutex_lock (&queue->mutex);
  *user_s = queue->user_s;
  *sys_s = queue->sys_s;
  *nvcsw = queue->nvcsw;
  *nivcsw = queue->nivcsw;
  g_mutex_unlock (&queue->mutex);
}

GArray *
il_task_queue_dup_completion_order (IlTaskQueue *queue)
{
  GArray *order;

  g_mutex_lock (&queue->mutex);
  order = g_array_copy (queue->completion_order);
  g_mutex_unlock (&queue->mutex);
  return order;
}

gint64
il_task_queue_get_gil_handovers (IlTaskQueue *queue)
{
  if (queue->gil != NULL)
    return il_gil_get_handovers (queue->gil);
  /* A GIL in each worker process, one thread each: it never changes hands. */
  return queue->settings.gil ? 0 : -1;
}

GCancellable   *il_task_queue_get_cancellable (IlTaskQueue *queue) { return queue->cancellable; }
const IlCancel *il_task_queue_get_cancel      (IlTaskQueue *queue) { return &queue->cancel; }
IlTrace        *il_task_queue_get_trace       (IlTaskQueue *queue) { return queue->trace; }
guint           il_task_queue_get_workers     (IlTaskQueue *queue) { return queue->settings.workers; }
gboolean        il_task_queue_get_tracing     (IlTaskQueue *queue) { return queue->settings.tracing; }
gboolean        il_task_queue_uses_cpu        (IlTaskQueue *queue) { return queue->settings.uses_cpu; }
gboolean        il_task_queue_get_gil         (IlTaskQueue *queue) { return queue->settings.gil; }
gint64          il_task_queue_get_gil_interval (IlTaskQueue *queue) { return queue->settings.gil_interval_ns; }
IlGil          *il_task_queue_get_shared_gil  (IlTaskQueue *queue) { return queue->gil; }
IlCrawler      *il_task_queue_get_crawler     (IlTaskQueue *queue) { return queue->settings.crawler; }
IlMemoryMeter  *il_task_queue_get_memory_meter (IlTaskQueue *queue) { return queue->settings.memory; }
