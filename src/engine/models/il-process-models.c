/* il-process-models.c — the process models: a worker process per task, or a pool
 *
 * processes     one interleave-worker per task, all started at once (as
 *               many as there are tasks), each told to quit once its task
 *               is done: multiprocessing.Process.
 * process-pool  up to W long-lived workers, each fed the next queued task
 *               over its stdin pipe when it becomes free; a worker that dies
 *               is replaced while tasks are queued: multiprocessing.Pool.
 *               Results come in completion order (the run's completion
 *               order, apply_async with a callback) and stay by task id in
 *               the trace (submission order, map).
 * async-pool    up to W long-lived workers, each an event loop that runs
 *               as many tasks at once as it is given (one loop per core:
 *               a process pool whose workers each run an asyncio loop, as
 *               gunicorn with uvicorn workers).  Each queued task goes to
 *               a new worker while there are fewer than W, else to the
 *               ready worker with the fewest tasks; a page holds one of
 *               the crawl's connection slots (il_crawler_get_limiter) from
 *               when it is handed out until its fetch is over, so the crawl's
 *               limits hold across the loops, and the visited set, the
 *               page budget and the links found stay in this process as
 *               for the pool.  Taken from the run's queue, a task waits
 *               for a slot here (still queued in the trace).
 *
 * Everything happens on the calling thread, in a private GMainContext: a
 * non-blocking read source per worker's stdout, non-blocking writes to its
 * stdin, g_subprocess_wait_async for its exit and a deadline per worker, so
 * no worker can hold up the others (one worker's life is in
 * il-process-worker.c).  The protocol is in il-worker-protocol.h.  What a
 * task's lane shows:
 *
 *   queued    waiting for a free pool worker;
 *   spawning  from the spawn call until the worker's "ready" line;
 *   ipc       from sending the task until the worker reports it running,
 *             and from the end of its work until its result is read;
 *   running, preempted, io-wait, gil-wait   as the worker reports them,
 *             with its own CLOCK_MONOTONIC times (shared by all processes).
 *
 * A crawl's pages run in the workers too: each fetches with one session of
 * its own (so W workers hold W connections; the crawl's connection limits
 * are this process's and do not apply to them), parses, and sends the
 * links back as "link" lines; they go to the crawler (il_task_queue_add_links)
 * when the task's result arrives, before the task ends, so the run never
 * sees every task ended while pages are still to be added.  Redirects are
 * de-duplicated, not accepted twice: the worker asks before following one
 * ("redirect"), the crawler's hook answers as it does for a thread, and a
 * page another task has is not fetched again.
 *
 * Workers are always reaped before the model returns (so RUSAGE_CHILDREN
 * counts them): a cancelled run sends SIGTERM to every child, SIGKILL after
 * KILL_GRACE_MS, and waits.  Writing to a worker that died would raise
 * SIGPIPE: it is blocked on this thread while the model runs and a pending
 * one is taken back after each broken write.
 */

#include "config.h"

#include <signal.h>
#include <glib/gi18n-lib.h>

#include "il-cancel-watch.h"
#include "il-cpuwork.h"
#include "il-http.h"
#include "il-machine.h"
#include "il-model-info.h"
#include "il-process-models-private.h"
#include "il-worker-protocol.h"

#define KILL_GRACE_MS       200
#define DEFAULT_TIMEOUT_MS  5000     /* + 2 × the task's planned length */

typedef struct {
  IlProcessHost  host;          /* what its workers read */
  gboolean       pool;          /* process-pool or async-pool */
  gboolean       loop;          /* async-pool */
  GQueue         pending;       /* async-pool: tasks taken, waiting for a worker or a slot */
  guint          max_workers;
  GPtrArray     *workers;       /* IlProcessWorker*, every one started */
  gboolean       cancelled;
  GSource       *spawn_source;  /* starts the next worker when idle */
  IlCancelWatch *cancel_watch;
  GSource       *kill_source;
} Model;

/* ------------------------------------------------------------------------ */
/* Setting up */

/* The worker program: $INTERLEAVE_WORKER, else the one in the build tree
 * when this program runs from it, else the installed one. */
static char *
find_worker (GError **error)
{
  const char *env = g_getenv ("INTERLEAVE_WORKER");
  g_autofree char *built = g_build_filename (BUILDDIR, "src", "worker", "interleave-worker", NULL);
  g_autofree char *path = NULL;

  if (env != NULL && *env != '\0')
    path = g_strdup (env);
  else if (il_machine_running_uninstalled () && g_file_test (built, G_FILE_TEST_IS_EXECUTABLE))
    path = g_steal_pointer (&built);
  else
    path = g_build_filename (LIBEXECDIR, "interleave-worker", NULL);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR) || !g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("the worker program %s is missing or not executable "
                     "(INTERLEAVE_WORKER may name another)"), path);
      return NULL;
    }
  return g_steal_pointer (&path);
}

static gint64
base_timeout_us (void)
{
  const char *env = g_getenv ("INTERLEAVE_WORKER_TIMEOUT_MS");
  gint64 ms = env ? g_ascii_strtoll (env, NULL, 10) : 0;

  return (ms > 0 ? ms : DEFAULT_TIMEOUT_MS) * 1000;
}

/* ------------------------------------------------------------------------ */
/* The model */

static guint
count_live (Model *m)
{
  guint n = 0;

  for (guint i = 0; i < m->workers->len; i++)
    n += il_process_worker_is_live (g_ptr_array_index (m->workers, i));
  return n;
}

static gboolean
stopping (Model *m)
{
  return m->cancelled || il_task_queue_is_cancelled (m->host.queue);
}

/* The next queued task a worker can run; one it cannot (a start URL the
 * protocol cannot carry: the crawler's own URLs always fit) fails here,
 * without a worker, with the reason a fetch of it would give. */
static gboolean
take_task (Model *m,
           guint *task)
{
  while (il_task_queue_try_next (m->host.queue, task))
    {
      const IlTaskSpec *spec = il_task_queue_get_spec (m->host.queue, *task);
      const char *bad_url = NULL;
      gboolean runnable = TRUE;

      for (guint p = 0; p < spec->n_phases && runnable; p++)
        {
          runnable = il_worker_protocol_supports_phase (spec->phases[p].kind);
          if (runnable && spec->phases[p].kind == IL_PHASE_HTTP &&
              !il_worker_protocol_valid_url (spec->phases[p].url, -1))
            {
              bad_url = spec->phases[p].url ? spec->phases[p].url : "";
              runnable = FALSE;
            }
        }
      if (runnable)
        return TRUE;
      if (bad_url)
        {
          g_autofree char *shown = g_utf8_make_valid (bad_url, -1);
          /* The same words as a thread's fetch (il-http.c) */
          g_autofree char *reason = strlen (bad_url) > IL_WORKER_MAX_URL
                                      ? g_strdup_printf (_("URL longer than %d bytes"), IL_WORKER_MAX_URL)
                                      : g_strdup_printf (_("invalid URL “%s”"), shown);

          il_task_queue_end (m->host.queue, *task, FALSE, reason, il_now_ns ());
        }
      else
        il_task_queue_end (m->host.queue, *task, FALSE,
                           _("a worker process cannot run this kind of phase"), il_now_ns ());
    }
  return FALSE;
}

/* Starts one worker for the next queued task, if the model wants one. */
static gboolean
spawn_next (Model *m)
{
  IlProcessWorker *w;
  guint task;

  if (stopping (m) || (m->pool && count_live (m) >= m->max_workers) ||
      !take_task (m, &task))
    return FALSE;
  w = il_process_worker_spawn (&m->host, task, NULL);
  if (w != NULL)
    g_ptr_array_add (m->workers, w);
  return TRUE;
}

/* One worker per turn of the loop, at idle priority: the ready lines of
 * those already started are read in between, so a task's spawning time is
 * its own process starting, not the parent starting the others. */
static gboolean
on_spawn_more (gpointer data)
{
  Model *m = data;

  if (spawn_next (m))
    return G_SOURCE_CONTINUE;
  g_clear_pointer (&m->spawn_source, g_source_unref);
  return G_SOURCE_REMOVE;
}

/* The host of @task's page, when it fetches one and the crawl limits
 * connections: the slot it must hold. */
static char *
slot_host_of (Model *m,
              guint  task)
{
  const IlTaskSpec *spec = il_task_queue_get_spec (m->host.queue, task);

  if (il_task_queue_get_crawler (m->host.queue) == NULL)
    return NULL;
  for (guint p = 0; p < spec->n_phases; p++)
    if (spec->phases[p].kind == IL_PHASE_HTTP && spec->phases[p].url != NULL)
      return il_http_url_host (spec->phases[p].url);
  return NULL;
}

/* async-pool: the live worker with the fewest tasks (a ready one of
 * those), or NULL when that one is still starting: the tasks wait for it
 * rather than pile up on the first worker ready. */
static IlProcessWorker *
least_busy (Model *m)
{
  IlProcessWorker *best = NULL;

  for (guint i = 0; i < m->workers->len; i++)
    {
      IlProcessWorker *w = g_ptr_array_index (m->workers, i);
      guint n;

      if (!il_process_worker_is_live (w))
        continue;
      n = il_process_worker_n_tasks (w);
      if (best == NULL || n < il_process_worker_n_tasks (best) ||
          (n == il_process_worker_n_tasks (best) && il_process_worker_is_ready (w) &&
           !il_process_worker_is_ready (best)))
        best = w;
    }
  return best != NULL && il_process_worker_is_ready (best) ? best : NULL;
}

/* async-pool: hands the tasks taken, in order, to a new worker while
 * there are fewer than W, else to the least busy; a page waits for a
 * connection slot first. */
static void
pump_loops (Model *m)
{
  IlHttpLimiter *limiter = il_task_queue_get_crawler (m->host.queue)
                             ? il_crawler_get_limiter (il_task_queue_get_crawler (m->host.queue)) : NULL;
  guint task;

  while (take_task (m, &task))
    g_queue_push_tail (&m->pending, GUINT_TO_POINTER (task));

  while (!g_queue_is_empty (&m->pending))
    {
      gboolean spawn = count_live (m) < m->max_workers;
      IlProcessWorker *w = spawn ? NULL : least_busy (m);
      g_autofree char *slot_host = NULL;

      if (!spawn && w == NULL)
        break;                          /* the least busy is still starting */
      task = GPOINTER_TO_UINT (g_queue_peek_head (&m->pending));
      slot_host = slot_host_of (m, task);
      if (slot_host != NULL && !il_http_limiter_try_acquire (limiter, slot_host))
        break;                          /* first come, first served */
      g_queue_pop_head (&m->pending);
      if (spawn)
        {
          w = il_process_worker_spawn (&m->host, task, g_steal_pointer (&slot_host));
          if (w != NULL)
            g_ptr_array_add (m->workers, w);
        }
      else
        il_process_worker_give_task (w, task, g_steal_pointer (&slot_host), il_now_ns ());
    }

  /* The tasks handed out leave now, a write per worker */
  for (guint i = 0; i < m->workers->len; i++)
    il_process_worker_flush (g_ptr_array_index (m->workers, i));
}

/* Hands queued tasks to free workers and has more workers started as the
 * model allows: the host's callback, after each change. */
static void
pump (gpointer data)
{
  Model *m = data;
  guint task;

  if (stopping (m))
    return;

  if (m->loop)
    pump_loops (m);

  if (m->pool && !m->loop)
    for (guint i = 0; i < m->workers->len; i++)
      {
        IlProcessWorker *w = g_ptr_array_index (m->workers, i);

        if (il_process_worker_is_idle (w) && take_task (m, &task))
          il_process_worker_give_task (w, task, NULL, il_now_ns ());
      }

  if (!m->loop && m->spawn_source == NULL && spawn_next (m))
    {
      m->spawn_source = g_idle_source_new ();
      g_source_set_callback (m->spawn_source, on_spawn_more, m, NULL);
      g_source_attach (m->spawn_source, m->host.context);
    }

  if (m->pool && il_task_queue_all_ended (m->host.queue))
    for (guint i = 0; i < m->workers->len; i++)
      {
        IlProcessWorker *w = g_ptr_array_index (m->workers, i);

        if (il_process_worker_is_idle (w))
          il_process_worker_quit (w);
      }
}

static gboolean
on_kill_grace (gpointer data)
{
  Model *m = data;

  for (guint i = 0; i < m->workers->len; i++)
    il_process_worker_kill (g_ptr_array_index (m->workers, i));
  return G_SOURCE_REMOVE;
}

static gboolean
on_cancelled (gpointer data)
{
  Model *m = data;
  gint64 now = il_now_ns ();
  guint task;

  m->cancelled = TRUE;
  for (guint i = 0; i < m->workers->len; i++)
    il_process_worker_cancel (g_ptr_array_index (m->workers, i), now);
  /* Queued tasks end as cancelled in there. */
  while (!g_queue_is_empty (&m->pending))
    il_task_queue_end (m->host.queue, GPOINTER_TO_UINT (g_queue_pop_head (&m->pending)), FALSE,
                       _("cancelled"), now);
  while (il_task_queue_try_next (m->host.queue, &task))
    il_task_queue_end (m->host.queue, task, FALSE, _("cancelled"), now);

  if (m->host.n_unreaped > 0)
    {
      m->kill_source = g_timeout_source_new (KILL_GRACE_MS);
      g_source_set_callback (m->kill_source, on_kill_grace, m, NULL);
      g_source_attach (m->kill_source, m->host.context);
    }
  return G_SOURCE_REMOVE;
}

static gboolean
execute_processes (IlTaskQueue *queue,
                   gboolean     pool,
                   gboolean     loop,
                   GError     **error)
{
  g_autofree char *path = NULL;
  g_autofree char *hello = NULL;
  g_autofree char *crawl = NULL;
  Model m = { 0, };
  gboolean per_ms_needed;
  sigset_t pipe_set, old_mask;

  path = find_worker (error);
  if (path == NULL)
    return FALSE;

  per_ms_needed = il_task_queue_get_tracing (queue) || il_task_queue_uses_cpu (queue);
  m.host.queue = queue;
  m.host.trace = il_task_queue_get_trace (queue);
  m.pool = pool;
  m.loop = loop;
  g_queue_init (&m.pending);
  m.max_workers = MAX (il_task_queue_get_workers (queue), 1);
  m.host.path = path;
  hello = il_worker_protocol_format_hello (per_ms_needed ? il_cpu_work_per_ms () : 1,
                                           il_task_queue_get_gil (queue),
                                           il_task_queue_get_gil_interval (queue),
                                           il_task_queue_get_tracing (queue));
  m.host.hello = hello;
  if (il_task_queue_get_crawler (queue))
    {
      m.host.http = il_crawler_get_http_options (il_task_queue_get_crawler (queue));
      crawl = il_worker_protocol_format_crawl (m.host.http->timeout_ns, m.host.http->max_body,
                                               m.host.http->max_redirects);
      m.host.crawl = crawl;
    }
  m.host.memory = il_task_queue_get_memory_meter (queue);
  m.host.timeout_us = base_timeout_us ();
  m.host.one_task = !pool;
  m.host.loop = loop;
  m.host.changed = pump;
  m.host.changed_data = &m;
  m.workers = g_ptr_array_new_with_free_func (il_process_worker_free);
  m.host.context = g_main_context_new ();
  /* Descriptors left open: GLib then spawns with posix_spawn (a vfork)
   * instead of fork, which copies this process's page tables, and one
   * spawn after another take less of the run.  The worker closes every
   * descriptor but 0, 1 and 2 first thing. */
  m.host.launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                               G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                               G_SUBPROCESS_FLAGS_INHERIT_FDS);

  sigemptyset (&pipe_set);
  sigaddset (&pipe_set, SIGPIPE);
  pthread_sigmask (SIG_BLOCK, &pipe_set, &old_mask);
  g_main_context_push_thread_default (m.host.context);

  m.cancel_watch = il_cancel_watch_new (il_task_queue_get_cancellable (queue), m.host.context, on_cancelled, &m,
                                       "[interleave] stop the workers");

  pump (&m);
  while (m.host.n_unreaped > 0 || !il_task_queue_all_ended (queue))
    g_main_context_iteration (m.host.context, TRUE);

  il_process_clear_source (&m.spawn_source);
  g_queue_clear (&m.pending);
  g_clear_pointer (&m.cancel_watch, il_cancel_watch_free);
  il_process_clear_source (&m.kill_source);
  g_clear_pointer (&m.workers, g_ptr_array_unref);
  g_clear_object (&m.host.launcher);
  g_main_context_pop_thread_default (m.host.context);
  g_clear_pointer (&m.host.context, g_main_context_unref);

  il_process_consume_sigpipe ();
  pthread_sigmask (SIG_SETMASK, &old_mask, NULL);
  return TRUE;
}

gboolean
il_model_execute_processes (IlTaskQueue *queue,
                            GError     **error)
{
  return execute_processes (queue, FALSE, FALSE, error);
}

gboolean
il_model_execute_process_pool (IlTaskQueue *queue,
                               GError     **error)
{
  return execute_processes (queue, TRUE, FALSE, error);
}

gboolean
il_model_execute_async_pool (IlTaskQueue *queue,
                             GError     **error)
{
  return execute_processes (queue, TRUE, TRUE, error);
}
