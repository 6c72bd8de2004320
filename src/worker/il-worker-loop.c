/* il-worker-loop.c — interleave-worker as an event loop (the async-pool model)
 *
 * After a "loop" line (il-worker-protocol.h) the worker runs one
 * GMainContext on its main thread, and every task the parent sends is a
 * coroutine on it, as in the async model (il-loop-models.c), but in a
 * process of its own, so W workers are W loops on W cores:
 *
 * - sleep: a timer in one heap behind one source (il-loop-timers.h);
 * - http: a libsoup async request (the network module's http_fetch_async)
 *   on a session of at most CONNS_PER_SESSION connections; the parent
 *   decides how many requests are under way at once (the crawl's
 *   connection slots), so sessions are added as they fill;
 * - cpu, parse and print: inline, blocking the loop, as in async.
 *
 * A task whose wait ended while the loop ran another is "ready" from the
 * end of its wait until the loop takes it up.  Lines to the parent are
 * buffered and leave when the loop is about to poll (and every
 * FLUSH_INTERVAL_NS of computing), so a busy loop writes a few large
 * pipe writes rather than a line at a time.
 *
 * A redirect is put to the parent as in a one-task worker, and the loop
 * waits for the answer; commands that come meanwhile wait in a queue.
 */

#include "config.h"

#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>

#include "il-cpuwork.h"
#include "il-exec.h"
#include "il-loop-timers.h"
#include "il-worker-private.h"
#include "il-worker-protocol.h"

#define CONNS_PER_SESSION  8
#define FLUSH_INTERVAL_NS  G_GINT64_CONSTANT (20000000)    /* 20 ms */

typedef struct _Loop Loop;

typedef struct {
  gpointer session;
  guint    in_flight;
} LoopSession;

typedef struct {
  Loop           *loop;
  guint           task;
  IlPhase        *phases;        /* owned */
  guint           n_phases;
  guint           phase;
  IlExecContext   ctx;
  IlHttpOptions   http;          /* its own: the redirect hook names the task */
  IlHttpResponse  page;
  IlLoopTimer     timer;
  LoopSession    *session;       /* while a request is under way */
  guint           printed;
} Coroutine;

typedef struct {
  GSource  source;
  Loop    *loop;
  gpointer tag;
} InputSource;

struct _Loop {
  IlWorkerSettings *settings;
  IlWorkerInput    *input;
  GMainContext     *context;
  GMainLoop        *main_loop;
  IlLoopTimers     *timers;
  GSource          *input_source;
  GQueue            waiting;         /* char*: commands that came during a redirect */
  GPtrArray        *sessions;        /* LoopSession* */
  const IlNet      *net;
  const char       *net_error;
  gboolean          net_tried;
  gint64            flushed_ns;
  int               status;          /* -1: going on */
  guint64           checksum;
};

static Loop *the_loop;              /* for the poll function */
static guint64 loop_checksum;       /* keeps the work alive */

static void step (Coroutine *co);
static gboolean ask_redirect (gpointer    user_data,
                              const char *url);

/* ------------------------------------------------------------------------ */
/* Lines to the parent */

static void
flush_now (Loop *loop)
{
  fflush (stdout);
  loop->flushed_ns = il_now_ns ();
}

/* What the loop wrote leaves before it waits. */
static gint
poll_flushing (GPollFD *fds,
               guint    n_fds,
               gint     timeout)
{
  flush_now (the_loop);
  return g_poll (fds, n_fds, timeout);
}

static void
emit (Coroutine *co,
      IlState    state,
      gint       cpu,
      gint64     at_ns)
{
  il_worker_say (il_worker_protocol_format_event (co->task, state, cpu, at_ns));
  /* A long computation's events leave now and then on the way */
  if (state == IL_STATE_RUNNING && at_ns - co->loop->flushed_ns >= FLUSH_INTERVAL_NS)
    flush_now (co->loop);
}

static void
record_event (gpointer user_data,
              IlState  state,
              gint     cpu,
              gint64   at_ns)
{
  emit (user_data, state, cpu, at_ns);
}

static void
enter (Coroutine *co,
       IlState    state,
       gint64     at_ns)
{
  emit (co, state, state == IL_STATE_RUNNING ? sched_getcpu () : IL_NO_CPU, at_ns);
}

/* A parse phase's links, as a one-task worker sends them (main.c). */
static void
send_links (gpointer   user_data,
            GPtrArray *urls,
            guint      n_dropped)
{
  Coroutine *co = user_data;
  guint sent = 0;

  for (guint i = 0; i < urls->len; i++)
    {
      char *line = sent < IL_WORKER_MAX_LINKS ? il_worker_protocol_format_link (co->task, g_ptr_array_index (urls, i))
                                              : NULL;

      if (line != NULL)
        {
          il_worker_say (line);
          sent++;
        }
      else if (n_dropped < G_MAXUINT32)
        n_dropped++;
    }
  if (n_dropped > 0)
    il_worker_say (il_worker_protocol_format_dropped (co->task, n_dropped));
}

/* ------------------------------------------------------------------------ */
/* Coroutines */

static void
finish (Coroutine *co,
        gboolean   ok,
        char      *reason)
{
  Loop *loop = co->loop;

  /* From here until the parent reads the result, the task is in ipc. */
  il_worker_say (il_worker_protocol_format_event (co->task, IL_STATE_IPC, IL_NO_CPU, il_now_ns ()));
  il_worker_say (il_worker_protocol_format_done (co->task, ok, reason));
  loop->checksum += co->ctx.state;
  g_free (reason);
  if (loop->net != NULL)
    loop->net->http_response_clear (&co->page);
  for (guint p = 0; p < co->n_phases; p++)
    g_free (co->phases[p].url);
  g_free (co->phases);
  g_free (co);
}

/* The wait of @co ended at @completed_ns (G_MAXINT64: not known); the
 * loop takes it up now. */
static void
resume (Coroutine *co,
        gint64     completed_ns)
{
  gint64 now = il_now_ns ();

  if (completed_ns < now)
    enter (co, IL_STATE_READY, completed_ns);
  enter (co, IL_STATE_RUNNING, now);
  co->phase++;
  step (co);
}

static void
on_timer (IlLoopTimer *timer,
          gpointer     user_data)
{
  Coroutine *co = (Coroutine *) ((guint8 *) timer - G_STRUCT_OFFSET (Coroutine, timer));

  resume (co, co->timer.deadline_ns);
}

static void
on_fetched (gpointer        user_data,
            gboolean        ok,
            IlHttpResponse *response,
            char           *reason)
{
  Coroutine *co = user_data;

  co->session->in_flight--;
  co->session = NULL;
  if (!ok)
    {
      finish (co, FALSE, reason);
      return;
    }
  co->page = *response;
  /* The reply is in hand now; when its bytes came is not known here, so
   * no ready time is claimed (and no line sent for it). */
  resume (co, G_MAXINT64);
}

/* The least busy session, a new one when all are full */
static LoopSession *
pick_session (Loop *loop)
{
  LoopSession *best = NULL;

  for (guint i = 0; i < loop->sessions->len; i++)
    {
      LoopSession *s = g_ptr_array_index (loop->sessions, i);

      if (best == NULL || s->in_flight < best->in_flight)
        best = s;
    }
  if (best == NULL || best->in_flight >= CONNS_PER_SESSION)
    {
      best = g_new0 (LoopSession, 1);
      best->session = loop->net->http_session_new (CONNS_PER_SESSION, CONNS_PER_SESSION);
      g_ptr_array_add (loop->sessions, best);
    }
  return best;
}

static gboolean
load_net (Loop *loop)
{
  if (!loop->net_tried)
    {
      loop->net = il_worker_get_net (&loop->net_error);
      loop->net_tried = TRUE;
    }
  return loop->net != NULL;
}

/* The reason a page fails without the network module, as il-exec.c gives it */
static char *
no_net (Loop *loop)
{
  return g_strdup_printf (_("no network support: %s"), loop->net_error ? loop->net_error : _("not loaded"));
}

static void
start_http (Coroutine *co)
{
  Loop *loop = co->loop;
  const IlPhase *phase = &co->phases[co->phase];

  if (!load_net (loop))
    {
      finish (co, FALSE, no_net (loop));
      return;
    }
  loop->net->http_response_clear (&co->page);
  /* The crawl's limits, with redirects put to the app; else the defaults */
  if (loop->settings->crawl)
    {
      co->http = loop->settings->crawl_options;
      co->http.redirect = ask_redirect;
      co->http.redirect_data = co;
    }
  else
    loop->net->http_options_init (&co->http);
  co->session = pick_session (loop);
  co->session->in_flight++;
  enter (co, IL_STATE_IO_WAIT, il_now_ns ());
  loop->net->http_fetch_async (co->session->session, phase->url, &co->http, on_fetched, co);
}

/* Runs @co's phases from co->phase until one has to wait, or to the end. */
static void
step (Coroutine *co)
{
  Loop *loop = co->loop;

  for (; co->phase < co->n_phases; co->phase++)
    {
      const IlPhase *phase = &co->phases[co->phase];
      char *reason = NULL;

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
          /* Inline: nothing else on this loop moves meanwhile. */
          il_exec_compute (&co->ctx, phase->duration_ns);
          break;

        case IL_PHASE_PRINT:
          {
            char line[32];

            g_snprintf (line, sizeof line, "%u", co->printed++);
            co->ctx.state += (guint8) line[0];
          }
          break;

        case IL_PHASE_HTTP:
          start_http (co);
          return;

        case IL_PHASE_PARSE:
          if (co->page.is_html && co->page.body != NULL && !load_net (loop))
            {
              finish (co, FALSE, no_net (loop));
              return;
            }
          co->ctx.net = loop->net;
          co->ctx.net_error = loop->net_error;
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
/* Redirects: asked of the parent, which keeps the visited set */

static gboolean
ask_redirect (gpointer    user_data,
              const char *url)
{
  Coroutine *co = user_data;
  Loop *loop = co->loop;
  char *line = il_worker_protocol_format_redirect (co->task, url);

  if (line == NULL)
    return FALSE;
  il_worker_say (line);
  flush_now (loop);
  for (;;)
    {
      g_autoptr(GError) error = NULL;
      IlWorkerCommand command;
      char *answer;
      gsize n;

      if (!il_worker_input_next (loop->input, TRUE, &answer, &n))
        exit (1);                       /* the parent is gone */
      if (!il_worker_protocol_parse_command (answer, n, &command, &error))
        {
          g_printerr ("interleave-worker: %s\n", error->message);
          exit (2);
        }
      if (command.kind != IL_WORKER_COMMAND_FOLLOW)
        {
          /* Another task, or quit: after this answer */
          il_worker_command_clear (&command);
          g_queue_push_tail (&loop->waiting, g_strndup (answer, n));
          continue;
        }
      if (command.task != co->task)
        {
          g_printerr ("interleave-worker: %s\n", _("expected the answer to a redirect"));
          exit (2);
        }
      return command.follow;
    }
}

/* ------------------------------------------------------------------------ */
/* Commands */

static void
start_task (Loop            *loop,
            IlWorkerCommand *command)
{
  Coroutine *co = g_new0 (Coroutine, 1);
  IlWorkerSettings *settings = loop->settings;

  co->loop = loop;
  co->task = command->task;
  co->phases = g_steal_pointer (&command->phases);
  co->n_phases = command->n_phases;
  command->n_phases = 0;
  co->ctx.record = record_event;
  co->ctx.record_data = co;
  co->ctx.tracing = settings->tracing;
  co->ctx.state = co->task + 1;
  /* One loop thread holds its process's GIL all along: nobody contends. */
  co->ctx.gil = NULL;
  co->ctx.links = send_links;
  co->ctx.links_data = co;
  co->ctx.http = &co->http;

  enter (co, IL_STATE_RUNNING, il_now_ns ());
  step (co);
}

/* -1 to go on, else the exit status */
static int
handle (Loop       *loop,
        const char *line,
        gsize       len)
{
  g_autoptr(GError) error = NULL;
  IlWorkerCommand command;

  if (!il_worker_protocol_parse_command (line, len, &command, &error))
    {
      g_printerr ("interleave-worker: %s\n", error->message);
      return 2;
    }
  switch (command.kind)
    {
    case IL_WORKER_COMMAND_QUIT:
      return 0;
    case IL_WORKER_COMMAND_TASK:
      start_task (loop, &command);
      il_worker_command_clear (&command);
      return -1;
    case IL_WORKER_COMMAND_FOLLOW:
      g_printerr ("interleave-worker: %s\n", _("an answer to a redirect nobody asked about"));
      return 2;
    default:
      il_worker_command_clear (&command);
      g_printerr ("interleave-worker: %s\n", _("a second hello, crawl or loop line"));
      return 2;
    }
}

static void
stop (Loop *loop,
      int   status)
{
  loop->status = status;
  g_main_loop_quit (loop->main_loop);
}

static gboolean
input_ready (Loop *loop)
{
  return !g_queue_is_empty (&loop->waiting) || il_worker_input_has_line (loop->input);
}

static gboolean
input_prepare (GSource *source,
               gint    *timeout)
{
  *timeout = -1;
  return input_ready (((InputSource *) source)->loop);
}

static gboolean
input_check (GSource *source)
{
  InputSource *in = (InputSource *) source;

  return input_ready (in->loop) || g_source_query_unix_fd (source, in->tag) != 0;
}

static gboolean
input_dispatch (GSource    *source,
                GSourceFunc callback,
                gpointer    user_data)
{
  Loop *loop = ((InputSource *) source)->loop;
  char *line;
  gsize len;

  while (loop->status < 0 && !g_queue_is_empty (&loop->waiting))
    {
      g_autofree char *waiting = g_queue_pop_head (&loop->waiting);
      int status = handle (loop, waiting, strlen (waiting));

      if (status >= 0)
        stop (loop, status);
    }
  /* What is there now; the rest on the next turn */
  while (loop->status < 0 && il_worker_input_next (loop->input, FALSE, &line, &len))
    {
      int status = handle (loop, line, len);

      if (status >= 0)
        stop (loop, status);
    }
  if (loop->status < 0 && loop->input->eof && !il_worker_input_has_line (loop->input))
    stop (loop, 0);                     /* end of input: the parent is done */
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs input_funcs = { input_prepare, input_check, input_dispatch, NULL, NULL, NULL };

int
il_worker_loop_run (IlWorkerSettings *settings,
                    IlWorkerInput    *input)
{
  Loop loop = { 0, };
  InputSource *in;

  loop.settings = settings;
  loop.input = input;
  loop.status = -1;
  loop.context = g_main_context_default ();
  loop.main_loop = g_main_loop_new (loop.context, FALSE);
  loop.sessions = g_ptr_array_new ();
  g_queue_init (&loop.waiting);
  the_loop = &loop;
  g_main_context_set_poll_func (loop.context, poll_flushing);

  loop.timers = il_loop_timers_new (loop.context, on_timer, NULL);
  loop.input_source = g_source_new (&input_funcs, sizeof (InputSource));
  in = (InputSource *) loop.input_source;
  in->loop = &loop;
  in->tag = g_source_add_unix_fd (loop.input_source, STDIN_FILENO, G_IO_IN | G_IO_HUP | G_IO_ERR);
  g_source_attach (loop.input_source, loop.context);

  g_main_loop_run (loop.main_loop);

  /* The process exits next: running tasks are abandoned with it. */
  fflush (stdout);
  g_source_destroy (loop.input_source);
  g_source_unref (loop.input_source);
  g_main_context_set_poll_func (loop.context, NULL);
  il_loop_timers_free (loop.timers);
  for (guint i = 0; i < loop.sessions->len; i++)
    {
      LoopSession *s = g_ptr_array_index (loop.sessions, i);

      loop.net->http_session_free (s->session);
      g_free (s);
    }
  g_ptr_array_unref (loop.sessions);
  g_queue_clear_full (&loop.waiting, g_free);
  g_main_loop_unref (loop.main_loop);
  the_loop = NULL;
  loop_checksum += loop.checksum;
  return loop.status;
}
