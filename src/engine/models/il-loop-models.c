/* il-loop-models.c — the event loop models: async and async-executor
 *
 * One thread of the model's own ("il-loop") runs a GMainContext of its
 * own, and every task is a coroutine on it: a small state machine that
 * steps through the task's phases and suspends at each wait, as an
 * asyncio coroutine does at each await.
 *
 * - sleep: a timer.  All timers live in one binary heap behind one GSource
 *   whose ready time (µs, g_source_set_ready_time) is the earliest
 *   deadline — asyncio keeps its timers in a heap the same way — so
 *   100,000 sleeping tasks cost one source, not 100,000 (il-loop-timers.c).
 * - http: a libsoup async request on one of the loop's sessions (the
 *   crawl's connection limits; while every slot is taken the task is
 *   queued).
 * - cpu and parse: run inline on the loop thread, and block it (async), or
 *   are handed to a GThreadPool of W threads (async-executor, asyncio's
 *   run_in_executor): the task is queued until a pool thread takes it,
 *   running there (that thread's lane and core), then ready until the loop
 *   resumes it.
 *
 * What the picture shows while the loop is blocked: a task whose timer
 * fell due meanwhile is in io-wait until its deadline and ready from the
 * deadline until the loop dispatches it; its I/O was over, the loop was
 * busy.  For an HTTP reply the loop cannot tell when the bytes arrived:
 * it sees them only when it polls its sockets again, after the busy spell.
 * So an http phase is io-wait until the loop has the reply in hand — the
 * part of that which was really "ready" is not measurable from here.
 *
 * With the GIL switch on, async is unchanged: its loop is one thread that
 * would hold the GIL all the time, and nobody contends for it (the model
 * is not "threaded" in il-model-info.c, and the run makes no GIL for it).
 * async-executor's pool threads share the one GIL with the loop's thread,
 * as run_in_executor's threads do in CPython: a pool thread takes it for
 * a job (gil-wait on its lane while blocked) and hands it over every
 * switch interval; the loop's thread holds it except while it polls, as
 * asyncio's holds it except inside select().  A task whose wait ended
 * while the loop's thread waited for the GIL is in gil-wait meanwhile.
 */

#include "config.h"

#include <sched.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>

#include "il-cancel-watch.h"
#include "il-exec.h"
#include "il-http.h"
#include "il-loop-timers.h"
#include "il-model-info.h"

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

/* Coroutines come from slabs this many at a time: one mapping instead of
 * an allocation per task, which in a thread's malloc arena grows the heap a
 * page at a time (an mprotect call each).  The pages the tasks known so far
 * will use are mapped in at once (touched one by one, 100,000 sleeping
 * coroutines took some 7,000 page faults on the loop's thread, a tenth of
 * a second here), and no more: the rest would count in the run's memory. */
#define SLAB_SIZE 2048
#define SLAB_BYTES (SLAB_SIZE * sizeof (Coroutine))

/* Connections per libsoup session: for each request a session looks at
 * each of its idle connections to a host (a recv() each) to find one that
 * is still open, so with 256 connections in one session a request costs
 * some 200 system calls.  The loop spreads its requests over sessions of
 * at most this many connections each, whichever is least busy (at 64
 * requests, 8 rather than 16 took the failed recv() calls from 11.5 to 6.5
 * a page). */
#define CONNS_PER_SESSION 8

typedef struct _Loop Loop;

static guint64 async_checksum;   /* keeps the work alive */

typedef enum {
  JOB_CPU,
  JOB_PARSE,
} JobKind;

typedef struct {
  SoupSession *session;
  guint        in_flight;
} LoopSession;

typedef struct {
  IlTrace *trace;
  guint    task;
  guint32  worker;        /* the loop's lane, or an executor thread's while there */
} Recorder;

typedef struct {
  Loop             *loop;
  guint             task;
  const IlTaskSpec *spec;
  guint             phase;
  Recorder          rec;
  IlExecContext     ctx;
  IlHttpResponse    page;

  IlLoopTimer       timer;        /* sleeping */

  char             *host;         /* holding (or waiting for) a connection slot */
  gboolean          has_slot;
  LoopSession      *session;      /* the request's, while it is under way */

  JobKind           job;          /* on the executor */
  gboolean          job_ok;
  char             *job_reason;
  gint64            job_done_ns;
  guint             printed;
  gpointer          next_free;
} Coroutine;

typedef struct {
  GSource  source;
  Loop    *loop;
} LoopSource;


struct _Loop {
  IlTaskQueue    *queue;
  gboolean        executor;
  IlTrace        *trace;
  GCancellable   *cancellable;
  IlCancel        cancel;           /* for the phases, without a descriptor */
  IlCrawler      *crawler;
  gboolean        tracing;

  GMainContext   *context;
  GMainLoop      *main_loop;
  guint32         worker;           /* the loop's lane */
  IlGil          *gil;              /* shared with the executor, or NULL */
  gboolean        gil_held;         /* by the loop's thread */
  gint64          gil_wait_from;    /* from when to when it waited for the */
  gint64          gil_wait_to;      /* GIL last time it took it (0, 0: no wait) */
  LoopSession    *sessions;         /* when the workload fetches */
  guint           n_sessions;
  GThreadPool    *pool;             /* async-executor */

  IlLoopTimers   *timers;           /* of sleeping coroutines */
  GAsyncQueue    *finished_jobs;    /* Coroutine* back from the executor */
  GSource        *jobs_source;
  IlCancelWatch  *cancel_watch;
  GQueue          slot_waiters;     /* Coroutine* waiting for a connection */

  GPtrArray      *slabs;            /* Coroutine[SLAB_SIZE] */
  guint           slab_used;        /* in the last slab */
  Coroutine      *free_list;

  guint           in_flight;        /* coroutines started and not ended */
  gboolean        starting;
  gboolean        done;
  guint64         checksum;
};

static void step   (Coroutine *co);
static void finish (Coroutine *co,
                    gboolean   ok,
                    char      *reason);

/* ------------------------------------------------------------------------ */
/* Recording */

static void
record_to_trace (gpointer user_data,
                 IlState  state,
                 gint     cpu,
                 gint64   at_ns)
{
  Recorder *rec = user_data;

  il_trace_enter (rec->trace, rec->task, state, rec->worker, cpu, at_ns);
}

static inline void
enter (Coroutine *co,
       IlState    state,
       gint64     at_ns)
{
  il_trace_enter (co->rec.trace, co->task, state, co->rec.worker,
                  state == IL_STATE_RUNNING ? sched_getcpu () : IL_NO_CPU, at_ns);
}

/* The wait of @co ended at @completed_ns and the loop takes it up now:
 * ready meanwhile, or in gil-wait while the loop's thread waited for the
 * GIL to take it up. */
static void
resume (Coroutine *co,
        gint64     completed_ns)
{
  Loop *loop = co->loop;
  gint64 now = il_now_ns ();

  if (loop->gil_wait_to > completed_ns)
    {
      gint64 from = MAX (loop->gil_wait_from, completed_ns);

      if (from > completed_ns)
        enter (co, IL_STATE_READY, completed_ns);
      enter (co, IL_STATE_GIL_WAIT, from);
      if (loop->gil_wait_to < now)
        enter (co, IL_STATE_READY, loop->gil_wait_to);
    }
  else if (completed_ns < now)
    enter (co, IL_STATE_READY, completed_ns);
  enter (co, IL_STATE_RUNNING, now);
  co->phase++;
  step (co);
}

static inline Coroutine *
coroutine_of_timer (IlLoopTimer *timer)
{
  return (Coroutine *) ((guint8 *) timer - G_STRUCT_OFFSET (Coroutine, timer));
}

/* A sleep is over. */
static void
on_timer (IlLoopTimer *timer,
          gpointer     user_data)
{
  Coroutine *co = coroutine_of_timer (timer);

  resume (co, co->timer.deadline_ns);
}

/* ------------------------------------------------------------------------ */
/* The executor (async-executor) */

static void
executor_func (gpointer data,
               gpointer user_data)
{
  Coroutine *co = data;
  Loop *loop = user_data;
  const IlPhase *phase = &co->spec->phases[co->phase];
  struct rusage before, after;

  getrusage (RUSAGE_THREAD, &before);
  /* The task is on this thread's lane until it goes back to the loop. */
  co->rec.worker = il_task_queue_get_thread_worker (loop->queue);
  /* Running, once it holds the GIL if there is one */
  if (!il_exec_take_gil (&co->ctx))
    co->job_ok = FALSE;
  else if (co->job == JOB_CPU)
    co->job_ok = il_exec_compute (&co->ctx, phase->duration_ns);
  else
    co->job_ok = il_exec_parse_page (&co->ctx, &co->page, &co->job_reason);
  co->job_done_ns = il_now_ns ();
  il_exec_release_gil (&co->ctx);
  co->rec.worker = loop->worker;
  getrusage (RUSAGE_THREAD, &after);
  il_task_queue_add_usage (loop->queue, &before, &after);

  g_async_queue_push (loop->finished_jobs, co);
  g_main_context_wakeup (loop->context);
}

static void
to_executor (Coroutine *co,
             JobKind    job)
{
  GError *error = NULL;

  co->job = job;
  /* Until a pool thread is free */
  enter (co, IL_STATE_QUEUED, il_now_ns ());
  if (!g_thread_pool_push (co->loop->pool, co, &error))
    {
      char *reason = g_strdup (error->message);

      g_error_free (error);
      finish (co, FALSE, reason);
    }
}

static gboolean
jobs_prepare (GSource *source,
              gint    *timeout)
{
  *timeout = -1;
  return g_async_queue_length (((LoopSource *) source)->loop->finished_jobs) > 0;
}

static gboolean
jobs_check (GSource *source)
{
  return g_async_queue_length (((LoopSource *) source)->loop->finished_jobs) > 0;
}

static gboolean
jobs_dispatch (GSource     *source,
               GSourceFunc  callback,
               gpointer     user_data)
{
  Loop *loop = ((LoopSource *) source)->loop;
  Coroutine *co;

  while ((co = g_async_queue_try_pop (loop->finished_jobs)) != NULL)
    {
      if (!co->job_ok)
        finish (co, FALSE, g_steal_pointer (&co->job_reason));
      else
        resume (co, co->job_done_ns);
    }
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs jobs_funcs = { jobs_prepare, jobs_check, jobs_dispatch, NULL, NULL, NULL };

/* ------------------------------------------------------------------------ */
/* HTTP */

static void send_request (Coroutine *co);

static void
release_slot (Coroutine *co)
{
  Loop *loop = co->loop;
  IlHttpLimiter *limiter;

  if (!co->has_slot)
    return;
  limiter = il_crawler_get_limiter (loop->crawler);
  il_http_limiter_release (limiter, co->host);
  co->has_slot = FALSE;

  /* First come, first served: the head of the queue goes when it can. */
  while (!g_queue_is_empty (&loop->slot_waiters))
    {
      Coroutine *next = g_queue_peek_head (&loop->slot_waiters);

      if (!il_http_limiter_try_acquire (limiter, next->host))
        break;
      g_queue_pop_head (&loop->slot_waiters);
      next->has_slot = TRUE;
      send_request (next);
    }
}

static void
on_fetched (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Coroutine *co = user_data;
  g_autoptr(GError) error = NULL;
  gint64 now = il_now_ns ();

  co->session->in_flight--;
  co->session = NULL;
  release_slot (co);
  if (!il_http_fetch_finish (result, &co->page, &error))
    {
      finish (co, FALSE, il_http_describe_error (error));
      return;
    }
  /* The reply is in hand now; when its bytes arrived is not known here
   * (see the top of this file), so no ready time is claimed. */
  resume (co, now);
}

static void
send_request (Coroutine *co)
{
  Loop *loop = co->loop;
  const IlPhase *phase = &co->spec->phases[co->phase];

  /* The least busy session */
  co->session = &loop->sessions[0];
  for (guint i = 1; i < loop->n_sessions; i++)
    if (loop->sessions[i].in_flight < co->session->in_flight)
      co->session = &loop->sessions[i];
  co->session->in_flight++;

  enter (co, IL_STATE_IO_WAIT, il_now_ns ());
  il_http_fetch_async (co->session->session, phase->url, il_crawler_get_http_options (loop->crawler),
                       loop->cancellable, on_fetched, co);
}

static void
start_http (Coroutine *co)
{
  Loop *loop = co->loop;
  const IlPhase *phase = &co->spec->phases[co->phase];

  il_http_response_clear (&co->page);
  if (phase->url == NULL || loop->crawler == NULL)
    {
      finish (co, FALSE, g_strdup (_("no URL to fetch")));
      return;
    }
  g_free (co->host);
  co->host = il_http_url_host (phase->url);
  if (!il_http_limiter_try_acquire (il_crawler_get_limiter (loop->crawler), co->host))
    {
      /* Every connection slot is taken: the task waits its turn. */
      enter (co, IL_STATE_QUEUED, il_now_ns ());
      g_queue_push_tail (&loop->slot_waiters, co);
      return;
    }
  co->has_slot = TRUE;
  send_request (co);
}

/* ------------------------------------------------------------------------ */
/* Coroutines */

static void
found_links (gpointer   user_data,
             GPtrArray *urls,
             guint      n_dropped)
{
  Coroutine *co = user_data;

  il_task_queue_add_links (co->loop->queue, co->task, urls, n_dropped);
}

static Coroutine *
coroutine_new (Loop *loop)
{
  Coroutine *co = loop->free_list;

  if (co != NULL)
    {
      loop->free_list = co->next_free;
      memset (co, 0, sizeof *co);
      return co;
    }
  if (loop->slabs->len == 0 || loop->slab_used == SLAB_SIZE)
    {
      guint made = loop->slabs->len * SLAB_SIZE;
      guint n_tasks = il_task_queue_get_n_tasks (loop->queue);
      gsize wanted = (gsize) CLAMP (n_tasks > made ? n_tasks - made : 1, 1, SLAB_SIZE) * sizeof (Coroutine);
      void *slab = mmap (NULL, SLAB_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

      if (slab == MAP_FAILED)
        g_error ("out of memory for %u coroutines", SLAB_SIZE);
      /* As many as the tasks known will use (ignored if refused) */
      madvise (slab, wanted, MADV_POPULATE_WRITE);
      g_ptr_array_add (loop->slabs, slab);
      loop->slab_used = 0;
    }
  return &((Coroutine *) g_ptr_array_index (loop->slabs, loop->slabs->len - 1))[loop->slab_used++];
}

static void
slab_free (gpointer slab)
{
  munmap (slab, SLAB_BYTES);
}

static void
coroutine_free (Coroutine *co)
{
  Loop *loop = co->loop;

  il_http_response_clear (&co->page);
  g_free (co->host);
  g_free (co->job_reason);
  co->next_free = loop->free_list;
  loop->free_list = co;
}

static void
maybe_quit (Loop *loop)
{
  if (loop->in_flight == 0 && !loop->starting && !loop->done && il_task_queue_all_ended (loop->queue))
    {
      loop->done = TRUE;
      g_main_loop_quit (loop->main_loop);
    }
}

static void
start_task (Loop *loop,
            guint task)
{
  Coroutine *co = coroutine_new (loop);
  gint64 now;

  co->loop = loop;
  co->task = task;
  co->spec = il_task_queue_get_spec (loop->queue, task);
  co->rec.trace = loop->trace;
  co->rec.task = task;
  co->rec.worker = loop->worker;
  co->ctx.record = record_to_trace;
  co->ctx.record_data = &co->rec;
  /* Without its descriptor: the loop never sleeps inside a phase. */
  co->ctx.cancel = &loop->cancel;
  co->ctx.tracing = loop->tracing;
  co->ctx.state = task + 1;
  /* Held only on the executor's threads: nothing computes on the loop's */
  co->ctx.gil = loop->executor ? loop->gil : NULL;
  co->ctx.net = &il_net;
  if (loop->crawler)
    {
      co->ctx.http = il_crawler_get_http_options (loop->crawler);
      co->ctx.links = found_links;
      co->ctx.links_data = co;
    }
  loop->in_flight++;

  now = il_now_ns ();
  il_trace_set_started (loop->trace, task, loop->worker, now);
  enter (co, IL_STATE_RUNNING, now);
  step (co);
}

/* Starts every queued task; those they add are started by the same call. */
static void
start_queued (Loop *loop)
{
  guint task;

  if (loop->starting)
    return;
  loop->starting = TRUE;
  while (il_task_queue_try_next (loop->queue, &task))
    start_task (loop, task);
  loop->starting = FALSE;
  maybe_quit (loop);
}

/* Takes @reason. */
static void
finish (Coroutine *co,
        gboolean   ok,
        char      *reason)
{
  Loop *loop = co->loop;

  release_slot (co);
  if (ok && co->spec->has_result)
    il_trace_set_result (loop->trace, co->task, co->spec->result);
  il_task_queue_end (loop->queue, co->task, ok, ok ? NULL : (reason ? reason : _("cancelled")),
                     il_now_ns ());
  loop->checksum += co->ctx.state;
  g_free (reason);
  coroutine_free (co);
  loop->in_flight--;
  start_queued (loop);
}

/* Runs @co's phases from co->phase until one has to wait, or to the end. */
static void
step (Coroutine *co)
{
  Loop *loop = co->loop;

  for (; co->phase < co->spec->n_phases; co->phase++)
    {
      const IlPhase *phase = &co->spec->phases[co->phase];
      char *reason = NULL;

      if (g_cancellable_is_cancelled (loop->cancellable))
        {
          finish (co, FALSE, NULL);
          return;
        }

      switch (phase->kind)
        {
        case IL_PHASE_SLEEP:
        case IL_PHASE_SLEEP_RANDOM:
          {
            gint64 now = il_now_ns ();

            enter (co, IL_STATE_IO_WAIT, now);
            co->timer.deadline_ns = now + phase->duration_ns;
            il_loop_timers_add (loop->timers, &co->timer);
          }
          return;

        case IL_PHASE_CPU:
          if (loop->executor)
            {
              to_executor (co, JOB_CPU);
              return;
            }
          /* Inline: nothing else on the loop moves meanwhile. */
          if (!il_exec_compute (&co->ctx, phase->duration_ns))
            {
              finish (co, FALSE, NULL);
              return;
            }
          break;

        case IL_PHASE_PRINT:
          {
            char line[32];

            /* print(i): format the number, as il-exec.c does */
            g_snprintf (line, sizeof line, "%u", co->printed++);
            co->ctx.state += (guint8) line[0];
          }
          break;

        case IL_PHASE_HTTP:
          start_http (co);
          return;

        case IL_PHASE_PARSE:
          if (loop->executor && co->page.is_html && co->page.body != NULL)
            {
              to_executor (co, JOB_PARSE);
              return;
            }
          if (!il_exec_parse_page (&co->ctx, &co->page, &reason))
            {
              finish (co, FALSE, reason);
              return;
            }
          break;

        default:
          finish (co, FALSE, g_strdup_printf ("unknown phase %d", phase->kind));
          return;
        }
    }
  finish (co, TRUE, NULL);
}

/* ------------------------------------------------------------------------ */
/* Cancellation */

static void
cancel_timer (IlLoopTimer *timer,
              gpointer     user_data)
{
  finish (coroutine_of_timer (timer), FALSE, NULL);
}

static gboolean
on_cancelled (gpointer user_data)
{
  Loop *loop = user_data;

  /* Sleepers and tasks waiting for a connection end now; requests end
   * through their own cancellable, executor jobs at their next slice. */
  il_loop_timers_clear (loop->timers, cancel_timer, NULL);
  while (!g_queue_is_empty (&loop->slot_waiters))
    finish (g_queue_pop_head (&loop->slot_waiters), FALSE, NULL);
  start_queued (loop);
  return G_SOURCE_REMOVE;
}

/* ------------------------------------------------------------------------ */
/* The GIL on the loop's thread (async-executor) */

static __thread Loop *tls_loop;

static void
loop_take_gil (Loop *loop)
{
  gint64 asked = il_now_ns ();
  gboolean waited = FALSE;

  loop->gil_held = il_gil_acquire (loop->gil, &loop->cancel, &waited);
  loop->gil_wait_from = waited ? asked : 0;
  loop->gil_wait_to = waited ? il_now_ns () : 0;
}

static void
loop_release_gil (Loop *loop)
{
  if (loop->gil_held)
    il_gil_release (loop->gil);
  loop->gil_held = FALSE;
}

/* The context's poll: without the GIL, as select() is in CPython. */
static gint
poll_without_gil (GPollFD *fds,
                  guint    n_fds,
                  gint     timeout)
{
  Loop *loop = tls_loop;
  gint ret;

  loop_release_gil (loop);
  ret = g_poll (fds, n_fds, timeout);
  loop_take_gil (loop);
  return ret;
}

/* ------------------------------------------------------------------------ */

static GSource *
loop_source_new (GSourceFuncs *funcs,
                 Loop         *loop,
                 const char   *name)
{
  GSource *source = g_source_new (funcs, sizeof (LoopSource));

  ((LoopSource *) source)->loop = loop;
  g_source_set_static_name (source, name);
  g_source_attach (source, loop->context);
  return source;
}

static void
destroy_source (GSource **source)
{
  if (*source)
    {
      g_source_destroy (*source);
      g_source_unref (*source);
      *source = NULL;
    }
}

static gpointer
loop_thread (gpointer data)
{
  Loop *loop = data;
  struct rusage before, after;

  getrusage (RUSAGE_THREAD, &before);
  g_main_context_push_thread_default (loop->context);
  if (loop->gil != NULL)
    {
      tls_loop = loop;
      g_main_context_set_poll_func (loop->context, poll_without_gil);
      loop_take_gil (loop);
    }

  loop->worker = il_trace_add_worker (loop->trace, IL_WORKER_LOOP, gettid (), getpid (),
                                      _("event loop"));
  if (loop->crawler)
    {
      guint conns = il_crawler_get_max_connections (loop->crawler);
      guint per_host = il_crawler_get_max_connections_per_host (loop->crawler);

      /* Together they keep to the crawl's limits; the crawl's connection
       * slots (il_http_limiter) keep to them exactly. */
      loop->n_sessions = (conns + CONNS_PER_SESSION - 1) / CONNS_PER_SESSION;
      loop->sessions = g_new0 (LoopSession, loop->n_sessions);
      for (guint i = 0; i < loop->n_sessions; i++)
        loop->sessions[i].session = il_http_session_new ((conns + loop->n_sessions - 1) / loop->n_sessions,
                                                         (per_host + loop->n_sessions - 1) / loop->n_sessions);
    }
  loop->timers = il_loop_timers_new (loop->context, on_timer, NULL);
  loop->jobs_source = loop_source_new (&jobs_funcs, loop, "[interleave] executor results");
  loop->cancel_watch = il_cancel_watch_new (loop->cancellable, loop->context, on_cancelled, loop,
                                            "[interleave] stop the event loop's tasks");

  start_queued (loop);
  if (!loop->done)
    g_main_loop_run (loop->main_loop);

  g_clear_pointer (&loop->cancel_watch, il_cancel_watch_free);
  destroy_source (&loop->jobs_source);
  g_clear_pointer (&loop->timers, il_loop_timers_free);
  for (guint i = 0; i < loop->n_sessions; i++)
    g_object_unref (loop->sessions[i].session);
  g_clear_pointer (&loop->sessions, g_free);
  while (g_main_context_iteration (loop->context, FALSE))
    ;
  if (loop->gil != NULL)
    {
      loop_release_gil (loop);
      g_main_context_set_poll_func (loop->context, NULL);
      tls_loop = NULL;
    }
  g_main_context_pop_thread_default (loop->context);

  getrusage (RUSAGE_THREAD, &after);
  il_task_queue_add_usage (loop->queue, &before, &after);
  return NULL;
}

static gboolean
execute_loop (IlTaskQueue *queue,
              gboolean     executor,
              GError     **error)
{
  Loop loop = { 0, };
  GThread *thread = NULL;

  loop.queue = queue;
  loop.executor = executor;
  loop.trace = il_task_queue_get_trace (queue);
  loop.cancellable = il_task_queue_get_cancellable (queue);
  loop.cancel = *il_task_queue_get_cancel (queue);
  loop.cancel.fd = -1;
  loop.crawler = il_task_queue_get_crawler (queue);
  loop.tracing = il_task_queue_get_tracing (queue);
  loop.context = g_main_context_new ();
  loop.main_loop = g_main_loop_new (loop.context, FALSE);
  loop.slabs = g_ptr_array_new_with_free_func (slab_free);
  loop.finished_jobs = g_async_queue_new ();
  g_queue_init (&loop.slot_waiters);

  if (executor)
    {
      loop.gil = il_task_queue_get_shared_gil (queue);
      loop.pool = g_thread_pool_new (executor_func, &loop, il_task_queue_get_workers (queue), TRUE, error);
      if (loop.pool == NULL)
        goto out;
    }

  /* Not on the calling thread: the run's caller may be the main thread. */
  thread = g_thread_try_new ("il-loop", loop_thread, &loop, error);
  if (thread != NULL)
    g_thread_join (thread);

out:
  if (loop.pool)
    g_thread_pool_free (loop.pool, FALSE, TRUE);
  g_async_queue_unref (loop.finished_jobs);
  g_ptr_array_unref (loop.slabs);
  g_main_loop_unref (loop.main_loop);
  g_main_context_unref (loop.context);
  __atomic_fetch_add (&async_checksum, loop.checksum, __ATOMIC_RELAXED);
  return thread != NULL;
}

gboolean
il_model_execute_async (IlTaskQueue *queue,
                        GError     **error)
{
  return execute_loop (queue, FALSE, error);
}

gboolean
il_model_execute_async_executor (IlTaskQueue *queue,
                                 GError     **error)
{
  return execute_loop (queue, TRUE, error);
}
