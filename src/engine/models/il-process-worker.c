/* il-process-worker.c — one worker process of the process models
 *
 * A worker's life, on the model's main context: it is spawned for a task,
 * sent the hello (and crawl) line, and given its task once its ready line
 * comes; its lines are read from a non-blocking pipe and checked against
 * the protocol (il-worker-protocol.h), its task's states go into the
 * trace, and a deadline kills it when it stops answering.  Its exit is
 * awaited (g_subprocess_wait_async) and tells why a task it still had
 * failed.  What the model decides (which task goes to which worker, when
 * to start one) is in il-process-models.c; a worker tells it that
 * something changed through the host's callback.
 *
 * A worker runs one task at a time, or, when the host says loop (the
 * async-pool model), as many as it is given: each task it has keeps its
 * own links until its result, its own connection slot, and fails alone
 * when its result says so, or with all the others when the worker breaks
 * down, stops answering or exits.
 */

#include "config.h"

#include <inttypes.h>

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <glib-unix.h>
#include <gio/gunixinputstream.h>
#include <gio/gunixoutputstream.h>
#include <glib/gi18n-lib.h>

#include "il-http.h"
#include "il-process-models-private.h"
#include "il-worker-protocol.h"

#define READ_CHUNK          16384
#define READS_PER_WAKEUP    4

typedef enum {
  WORKER_SPAWNING,    /* started; its ready line not read yet */
  WORKER_IDLE,        /* ready, no task */
  WORKER_BUSY,        /* running a task */
  WORKER_QUITTING,    /* told to quit */
  WORKER_STOPPED,     /* killed or gone: nothing more is read from it */
} WorkerState;

/* A task a worker has */
typedef struct {
  guint            task;
  gint64           cpu_ns;          /* planned computing */
  gint64           wait_ns;         /* planned waiting, with each fetch's limit */
  GPtrArray       *links;           /* URLs its page held, until done */
  guint            links_dropped;   /* and those it left out at the caps */
  char            *slot_host;       /* holds a connection slot for it, or NULL */
  gboolean         fetching;        /* in io-wait while it holds the slot */
} WorkerTask;

struct _IlProcessWorker {
  IlProcessHost   *host;
  GSubprocess     *process;
  gint64           pid;
  guint32          id;              /* trace worker id */
  WorkerState      state;
  gboolean         reaped;
  GHashTable      *tasks;           /* task → WorkerTask*: one, or a loop's many */
  guint            first_task;      /* the one it was spawned for */
  gint64           cpu_ns;          /* its tasks' computing, summed */
  gint64           wait_ns;         /* the longest wait of a task it had since it was last free */
  int              in_fd;           /* its stdin, -1 once closed */
  int              out_fd;          /* its stdout, -1 once closed */
  GString         *in_buf;          /* a partial line read */
  GString         *out_buf;         /* what could not be written yet */
  gboolean         close_after_flush;
  GSource         *read_source;
  GSource         *write_source;
  GSource         *deadline;
  gint64           timeout_us;      /* the deadline in force, for its message */
  gint64           due_us;          /* when it is, g_get_monotonic_time() */
  IlWorkerSession  session;
};

/* ------------------------------------------------------------------------ */
/* Small helpers */

void
il_process_clear_source (GSource **source)
{
  if (*source)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

void
il_process_consume_sigpipe (void)
{
  struct timespec zero = { 0, 0 };
  sigset_t set;

  sigemptyset (&set);
  sigaddset (&set, SIGPIPE);
  while (sigtimedwait (&set, NULL, &zero) > 0)
    ;
}

static char *
seconds_text (gint64 us)
{
  return g_strdup_printf (_("%g s"), (double) us / G_USEC_PER_SEC);
}

/* ------------------------------------------------------------------------ */
/* Deadlines: a source that only has a ready time */

static gboolean
deadline_dispatch (GSource    *source,
                   GSourceFunc callback,
                   gpointer    user_data)
{
  g_source_set_ready_time (source, -1);
  return callback (user_data);
}

static GSourceFuncs deadline_funcs = { NULL, NULL, deadline_dispatch, NULL, NULL, NULL };

/* Moving a source's ready time wakes its context up (a write to its
 * eventfd): a worker that sends thousands of lines a second would cost
 * one a line.  So the source's time only ever moves earlier here; when it
 * falls due before w->due_us, on_deadline() puts it at w->due_us. */
static void
arm_deadline (IlProcessWorker *w,
              gint64           timeout_us)
{
  gint64 ready;

  w->timeout_us = timeout_us;
  w->due_us = g_get_monotonic_time () + timeout_us;
  if (w->deadline == NULL)
    return;
  ready = g_source_get_ready_time (w->deadline);
  if (ready < 0 || w->due_us < ready)
    g_source_set_ready_time (w->deadline, w->due_us);
}

static void
disarm_deadline (IlProcessWorker *w)
{
  if (w->deadline)
    g_source_set_ready_time (w->deadline, -1);
}

/* Planned waiting, with the longest each fetch may take. */
static gint64
planned_wait_ns (IlProcessHost    *host,
                 const IlTaskSpec *spec)
{
  gint64 ns = spec->io_ns;

  for (guint p = 0; p < spec->n_phases; p++)
    if (spec->phases[p].kind == IL_PHASE_HTTP)
      ns += host->http ? host->http->timeout_ns : IL_HTTP_DEFAULT_TIMEOUT_MS * G_GINT64_CONSTANT (1000000);
  return ns;
}

/* The longest a worker may be silent: its task's planned length; for a
 * loop, its tasks' computing one after another (the loop runs it inline)
 * and the longest wait, since the waits overlap. */
static gint64
task_timeout_us (IlProcessWorker *w)
{
  return w->host->timeout_us + 2 * (w->cpu_ns + w->wait_ns) / 1000;
}

/* ------------------------------------------------------------------------ */
/* Writing to a worker */

static void
close_input (IlProcessWorker *w)
{
  il_process_clear_source (&w->write_source);
  g_string_truncate (w->out_buf, 0);
  if (w->in_fd >= 0)
    g_output_stream_close (g_subprocess_get_stdin_pipe (w->process), NULL, NULL);
  w->in_fd = -1;
}

static void
close_output (IlProcessWorker *w)
{
  il_process_clear_source (&w->read_source);
  if (w->out_fd >= 0)
    g_input_stream_close (g_subprocess_get_stdout_pipe (w->process), NULL, NULL);
  w->out_fd = -1;
}

static gboolean on_writable (int fd, GIOCondition condition, gpointer data);

static void
flush_output (IlProcessWorker *w)
{
  while (w->in_fd >= 0 && w->out_buf->len > 0)
    {
      ssize_t n = write (w->in_fd, w->out_buf->str, w->out_buf->len);

      if (n > 0)
        {
          g_string_erase (w->out_buf, 0, n);
          continue;
        }
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && errno == EAGAIN)
        {
          if (w->write_source == NULL)
            {
              w->write_source = g_unix_fd_source_new (w->in_fd, G_IO_OUT | G_IO_ERR);
              g_source_set_callback (w->write_source, G_SOURCE_FUNC (on_writable), w, NULL);
              g_source_attach (w->write_source, w->host->context);
            }
          return;
        }
      /* EPIPE: it closed its input, so it is exiting; its exit says why. */
      if (n < 0 && errno == EPIPE)
        il_process_consume_sigpipe ();
      close_input (w);
      return;
    }
  il_process_clear_source (&w->write_source);
  if (w->close_after_flush)
    close_input (w);
}

static gboolean
on_writable (int          fd,
             GIOCondition condition,
             gpointer     data)
{
  IlProcessWorker *w = data;

  flush_output (w);
  return w->write_source != NULL ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
send_line (IlProcessWorker *w,
           const char      *line)
{
  if (w->in_fd < 0)
    return;
  g_string_append (w->out_buf, line);
  flush_output (w);
}

/* ------------------------------------------------------------------------ */
/* A worker's life */

/* A task ended, or a worker became free or exited: the model hands out
 * tasks and starts workers (il-process-models.c). */
static void
host_changed (IlProcessHost *host)
{
  host->changed (host->changed_data);
}

/* Stops listening to @w and, unless it is already reaped, signals it. */
static void
worker_stop (IlProcessWorker *w,
             int              signum)
{
  w->state = WORKER_STOPPED;
  disarm_deadline (w);
  close_input (w);
  close_output (w);
  if (w->reaped || signum == 0)
    return;
  if (signum == SIGKILL)
    g_subprocess_force_exit (w->process);
  else
    g_subprocess_send_signal (w->process, signum);
}

/* The links the task's page gave are let go (il_crawler_hold). */
static void
drop_links (IlProcessWorker *w,
            WorkerTask      *t)
{
  IlCrawler *crawler = il_task_queue_get_crawler (w->host->queue);

  if (crawler != NULL && t->links->len > 0)
    il_crawler_release (crawler, t->links->len);
  g_ptr_array_set_size (t->links, 0);
  t->links_dropped = 0;
}

static WorkerTask *
find_task (IlProcessWorker *w,
           guint            task)
{
  return g_hash_table_lookup (w->tasks, GUINT_TO_POINTER (task));
}

static gboolean
has_tasks (IlProcessWorker *w)
{
  return g_hash_table_size (w->tasks) > 0;
}

static void
release_slot (IlProcessWorker *w,
              WorkerTask      *t)
{
  IlCrawler *crawler = il_task_queue_get_crawler (w->host->queue);

  if (t->slot_host != NULL && crawler != NULL)
    il_http_limiter_release (il_crawler_get_limiter (crawler), t->slot_host);
  g_clear_pointer (&t->slot_host, g_free);
}

/* @t is no longer @w's: its links go, its connection slot is freed. */
static void
remove_task (IlProcessWorker *w,
             WorkerTask      *t)
{
  drop_links (w, t);
  release_slot (w, t);
  w->cpu_ns -= t->cpu_ns;
  g_hash_table_remove (w->tasks, GUINT_TO_POINTER (t->task));
}

static void
worker_task_free (gpointer data)
{
  WorkerTask *t = data;

  g_ptr_array_unref (t->links);
  g_free (t->slot_host);
  g_free (t);
}

static WorkerTask *
add_task (IlProcessWorker *w,
          guint            task,
          char            *slot_host)
{
  WorkerTask *t = g_new0 (WorkerTask, 1);

  t->task = task;
  t->cpu_ns = il_task_queue_get_spec (w->host->queue, task)->cpu_ns;
  t->wait_ns = planned_wait_ns (w->host, il_task_queue_get_spec (w->host->queue, task));
  t->links = g_ptr_array_new_with_free_func (g_free);
  t->slot_host = slot_host;
  if (!has_tasks (w))
    w->wait_ns = 0;
  w->cpu_ns += t->cpu_ns;
  w->wait_ns = MAX (w->wait_ns, t->wait_ns);
  g_hash_table_insert (w->tasks, GUINT_TO_POINTER (task), t);
  return t;
}

/* Every task @w has fails with @reason (what it found is not trusted:
 * dropped), in task order. */
static void
fail_tasks (IlProcessWorker *w,
            const char      *reason)
{
  g_autofree gpointer *keys = NULL;
  guint n;

  keys = g_hash_table_get_keys_as_array (w->tasks, &n);
  for (guint i = 0; i < n; i++)
    {
      WorkerTask *t = find_task (w, GPOINTER_TO_UINT (keys[i]));
      guint task = t->task;

      remove_task (w, t);
      il_task_queue_end (w->host->queue, task, FALSE, reason, il_now_ns ());
    }
}

/* @w broke the protocol or stopped answering: its tasks fail with @reason
 * and it is killed (its exit is still awaited). */
static void
worker_fail (IlProcessWorker *w,
             const char      *reason)
{
  fail_tasks (w, reason);
  worker_stop (w, SIGKILL);
  host_changed (w->host);
}

void
il_process_worker_quit (IlProcessWorker *w)
{
  g_autofree char *line = il_worker_protocol_format_quit ();

  w->state = WORKER_QUITTING;
  w->close_after_flush = TRUE;
  send_line (w, line);
  if (w->out_buf->len == 0)
    close_input (w);
  arm_deadline (w, w->host->timeout_us);
}

static void
send_task (IlProcessWorker *w,
           guint            task,
           gint64           now,
           gboolean         set_started)
{
  IlProcessHost *host = w->host;
  const IlTaskSpec *spec = il_task_queue_get_spec (host->queue, task);
  g_autofree char *line = il_worker_protocol_format_task (task, spec->phases, spec->n_phases);

  w->state = WORKER_BUSY;
  if (set_started)
    il_trace_set_started (host->trace, task, w->id, now);
  il_trace_enter (host->trace, task, IL_STATE_IPC, w->id, IL_NO_CPU, now);
  il_worker_session_start_task (&w->session, task, now);
  arm_deadline (w, task_timeout_us (w));
  /* A loop is handed tasks in batches: they leave together, when the
   * model has handed out what it can (il_process_worker_flush). */
  if (host->loop && w->in_fd >= 0)
    g_string_append (w->out_buf, line);
  else
    send_line (w, line);
}

static void
finish_task (IlProcessWorker *w,
             WorkerTask      *t,
             gboolean         ok,
             const char      *reason,
             gint64           now)
{
  IlProcessHost *host = w->host;
  guint task = t->task;
  const IlTaskSpec *spec = il_task_queue_get_spec (host->queue, task);

  if (ok && spec->has_result)
    il_trace_set_result (host->trace, task, spec->result);
  /* The new pages first: once this task has ended, the run may find every
   * task ended and stop. */
  if (t->links->len > 0 || t->links_dropped > 0)
    il_task_queue_add_links (host->queue, task, t->links, t->links_dropped);
  remove_task (w, t);
  il_task_queue_end (host->queue, task, ok, reason, now);
  if (!has_tasks (w))
    {
      w->state = WORKER_IDLE;
      disarm_deadline (w);
    }
  else
    arm_deadline (w, task_timeout_us (w));
  if (host->one_task)
    il_process_worker_quit (w);
  host_changed (host);
}

static void
handle_line (IlProcessWorker *w,
             const char      *line,
             gsize            len)
{
  IlProcessHost *host = w->host;
  g_autoptr(GError) error = NULL;
  IlWorkerMessage msg;
  gint64 now = il_now_ns ();

  if (!il_worker_protocol_parse_line (line, len, &msg, &error) ||
      !il_worker_session_accept (&w->session, &msg, now, &error))
    {
      g_autofree char *reason = g_strdup_printf (_("worker %" PRId64 " sent garbage: %s"),
                                                 w->pid, error->message);

      il_worker_message_clear (&msg);
      worker_fail (w, reason);
      return;
    }

  switch (msg.kind)
    {
    case IL_WORKER_MESSAGE_READY:
      g_assert (find_task (w, w->first_task) != NULL);
      send_task (w, w->first_task, now, FALSE);
      host_changed (host);
      break;

    case IL_WORKER_MESSAGE_EVENT:
      il_trace_enter (host->trace, msg.task, msg.state, w->id, msg.cpu, msg.at_ns);
      arm_deadline (w, task_timeout_us (w));
      if (host->loop)
        {
          WorkerTask *t = find_task (w, msg.task);

          /* A loop's page gives its connection slot back once its fetch is
           * over (the wait ends), as the async model's does: it parses
           * without one. */
          if (t->slot_host != NULL && msg.state == IL_STATE_IO_WAIT)
            t->fetching = TRUE;
          else if (t->fetching && msg.state != IL_STATE_IO_WAIT)
            {
              t->fetching = FALSE;
              release_slot (w, t);
              host_changed (host);
            }
        }
      break;

    case IL_WORKER_MESSAGE_DONE:
      /* At its largest, and still live: one that lives less than the
       * sampler's period is counted too. */
      if (host->memory)
        il_memory_meter_sample_process (host->memory, w->pid);
      finish_task (w, find_task (w, msg.task), msg.ok, msg.reason, now);
      break;

    case IL_WORKER_MESSAGE_LINK:
      {
        IlCrawler *crawler = il_task_queue_get_crawler (host->queue);
        WorkerTask *t = find_task (w, msg.task);

        /* Only what the page budget can still use waits for the result */
        if (crawler != NULL && il_crawler_hold (crawler, msg.url, t->links->len))
          g_ptr_array_add (t->links, g_steal_pointer (&msg.url));
      }
      break;

    case IL_WORKER_MESSAGE_DROPPED:
      find_task (w, msg.task)->links_dropped = msg.n_dropped;
      break;

    case IL_WORKER_MESSAGE_REDIRECT:
      {
        /* The crawler's hook, as a thread's fetch calls it: no when
         * another task has the page (or it is on another host). */
        gboolean follow = host->http == NULL || host->http->redirect == NULL ||
                          host->http->redirect (host->http->redirect_data, msg.url);
        g_autofree char *answer = il_worker_protocol_format_follow (msg.task, follow);

        send_line (w, answer);
        arm_deadline (w, task_timeout_us (w));
      }
      break;

    default:
      g_assert_not_reached ();
    }
  il_worker_message_clear (&msg);
}

static void
handle_lines (IlProcessWorker *w)
{
  gsize start = 0;

  while (w->state != WORKER_STOPPED)
    {
      char *line = w->in_buf->str + start;
      char *nl = memchr (line, '\n', w->in_buf->len - start);

      if (nl == NULL)
        break;
      handle_line (w, line, nl - line);
      start = nl - w->in_buf->str + 1;
    }
  g_string_erase (w->in_buf, 0, start);
  /* A line longer than the limit fails before its end arrives. */
  if (w->state != WORKER_STOPPED && w->in_buf->len > IL_WORKER_LINE_MAX)
    handle_line (w, w->in_buf->str, w->in_buf->len);
  if (w->state == WORKER_STOPPED)
    g_string_truncate (w->in_buf, 0);
}

/* Reads what is there; FALSE at the end of its output. */
static gboolean
read_available (IlProcessWorker *w,
                guint            max_reads)
{
  char chunk[READ_CHUNK];

  for (guint i = 0; i < max_reads && w->out_fd >= 0 && w->state != WORKER_STOPPED; )
    {
      ssize_t n = read (w->out_fd, chunk, sizeof chunk);

      if (n > 0)
        {
          g_string_append_len (w->in_buf, chunk, n);
          handle_lines (w);
          i++;
          continue;
        }
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && errno == EAGAIN)
        return TRUE;
      return FALSE;
    }
  return w->out_fd >= 0 && w->state != WORKER_STOPPED;
}

static gboolean
on_readable (int          fd,
             GIOCondition condition,
             gpointer     data)
{
  IlProcessWorker *w = data;

  if (read_available (w, READS_PER_WAKEUP))
    return G_SOURCE_CONTINUE;
  /* End of output: its exit (g_subprocess_wait_async) tells the rest. */
  il_process_clear_source (&w->read_source);
  return G_SOURCE_REMOVE;
}

static gboolean
on_deadline (gpointer data)
{
  IlProcessWorker *w = data;
  g_autofree char *span = NULL;
  g_autofree char *reason = NULL;

  /* It was heard from since the source's time was set (arm_deadline) */
  if (g_get_monotonic_time () < w->due_us)
    {
      g_source_set_ready_time (w->deadline, w->due_us);
      return G_SOURCE_CONTINUE;
    }
  if (!has_tasks (w))
    {
      /* Told to quit and did not: no task is at stake. */
      worker_stop (w, SIGKILL);
      return G_SOURCE_CONTINUE;
    }
  span = seconds_text (w->timeout_us);
  reason = g_strdup_printf (_("worker %" PRId64 " did not answer for %s"), w->pid, span);
  worker_fail (w, reason);
  return G_SOURCE_CONTINUE;
}

static char *
describe_exit (IlProcessWorker *w)
{
  if (g_subprocess_get_if_signaled (w->process))
    return g_strdup_printf (_("worker %" PRId64 " exited with signal %d"),
                            w->pid, g_subprocess_get_term_sig (w->process));
  if (w->state == WORKER_SPAWNING)
    return g_strdup_printf (_("worker %" PRId64 " exited with status %d before it was ready"),
                            w->pid, g_subprocess_get_exit_status (w->process));
  return g_strdup_printf (_("worker %" PRId64 " exited with status %d"),
                          w->pid, g_subprocess_get_exit_status (w->process));
}

static void
on_exited (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  IlProcessWorker *w = data;
  IlProcessHost *host = w->host;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  w->reaped = TRUE;
  if (host->memory)
    il_memory_meter_remove_process (host->memory, w->pid);
  /* The lines it wrote before it went (a result, say) still count. */
  if (w->state != WORKER_STOPPED)
    read_available (w, G_MAXUINT);
  if (has_tasks (w))
    {
      g_autofree char *reason = describe_exit (w);

      fail_tasks (w, reason);
    }
  worker_stop (w, 0);
  host->n_unreaped--;
  host_changed (host);
}

IlProcessWorker *
il_process_worker_spawn (IlProcessHost *host,
                         guint          task,
                         char          *slot_host)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  const char * const argv[] = { host->path, NULL };
  const char *ident;
  gint64 t0 = il_now_ns ();
  GSubprocess *process;
  IlProcessWorker *w;

  process = g_subprocess_launcher_spawnv (host->launcher, argv, &error);
  if (process == NULL)
    {
      g_autofree char *reason = g_strdup_printf (_("could not start a worker: %s"), error->message);
      IlCrawler *crawler = il_task_queue_get_crawler (host->queue);

      if (slot_host != NULL && crawler != NULL)
        il_http_limiter_release (il_crawler_get_limiter (crawler), slot_host);
      g_free (slot_host);
      il_task_queue_end (host->queue, task, FALSE, reason, il_now_ns ());
      return NULL;
    }

  w = g_new0 (IlProcessWorker, 1);
  w->host = host;
  w->process = process;
  ident = g_subprocess_get_identifier (process);
  w->pid = ident ? g_ascii_strtoll (ident, NULL, 10) : 0;
  label = host->loop ? g_strdup_printf (_("event loop, process %" PRId64), w->pid)
                     : g_strdup_printf (_("process %" PRId64), w->pid);
  w->id = il_trace_add_worker (host->trace, IL_WORKER_PROCESS, 0, w->pid, label);
  w->in_fd = g_unix_output_stream_get_fd (G_UNIX_OUTPUT_STREAM (g_subprocess_get_stdin_pipe (process)));
  w->out_fd = g_unix_input_stream_get_fd (G_UNIX_INPUT_STREAM (g_subprocess_get_stdout_pipe (process)));
  g_unix_set_fd_nonblocking (w->in_fd, TRUE, NULL);
  g_unix_set_fd_nonblocking (w->out_fd, TRUE, NULL);
  w->in_buf = g_string_new (NULL);
  w->out_buf = g_string_new (NULL);
  w->tasks = g_hash_table_new_full (NULL, NULL, NULL, worker_task_free);
  il_worker_session_init (&w->session, w->pid);
  w->session.crawl = host->crawl != NULL;
  if (host->loop)
    il_worker_session_set_loop (&w->session);

  /* The task waits for its process. */
  w->state = WORKER_SPAWNING;
  w->first_task = task;
  add_task (w, task, slot_host);
  il_trace_set_started (host->trace, task, w->id, t0);
  il_trace_enter (host->trace, task, IL_STATE_SPAWNING, w->id, IL_NO_CPU, t0);

  w->read_source = g_unix_fd_source_new (w->out_fd, G_IO_IN | G_IO_HUP | G_IO_ERR);
  g_source_set_callback (w->read_source, G_SOURCE_FUNC (on_readable), w, NULL);
  g_source_attach (w->read_source, host->context);
  w->deadline = g_source_new (&deadline_funcs, sizeof (GSource));
  g_source_set_callback (w->deadline, on_deadline, w, NULL);
  g_source_attach (w->deadline, host->context);
  arm_deadline (w, 2 * host->timeout_us);

  /* Spawned with a vfork: it has its own memory by now. */
  if (host->memory && w->pid > 0)
    il_memory_meter_add_process (host->memory, w->pid);
  host->n_unreaped++;
  g_subprocess_wait_async (process, NULL, on_exited, w);
  send_line (w, host->hello);
  if (host->crawl)
    send_line (w, host->crawl);
  if (host->loop)
    {
      g_autofree char *loop = il_worker_protocol_format_loop ();

      send_line (w, loop);
    }
  return w;
}

void
il_process_worker_free (gpointer data)
{
  IlProcessWorker *w = data;

  g_assert (w->reaped);
  close_input (w);
  close_output (w);
  il_process_clear_source (&w->deadline);
  g_clear_object (&w->process);
  g_string_free (w->in_buf, TRUE);
  g_string_free (w->out_buf, TRUE);
  g_hash_table_unref (w->tasks);
  il_worker_session_clear (&w->session);
  g_free (w);
}

/* ------------------------------------------------------------------------ */
/* What the model asks of a worker */

gboolean
il_process_worker_is_live (IlProcessWorker *w)
{
  return w->state == WORKER_SPAWNING || w->state == WORKER_IDLE || w->state == WORKER_BUSY;
}

gboolean
il_process_worker_is_idle (IlProcessWorker *w)
{
  return w->state == WORKER_IDLE;
}

void
il_process_worker_flush (IlProcessWorker *w)
{
  if (w->out_buf->len > 0 && w->write_source == NULL)
    flush_output (w);
}

gboolean
il_process_worker_is_ready (IlProcessWorker *w)
{
  return w->state == WORKER_IDLE || w->state == WORKER_BUSY;
}

guint
il_process_worker_n_tasks (IlProcessWorker *w)
{
  return g_hash_table_size (w->tasks);
}

void
il_process_worker_give_task (IlProcessWorker *w,
                             guint            task,
                             char            *slot_host,
                             gint64           now)
{
  g_return_if_fail (il_process_worker_is_ready (w));
  g_return_if_fail (w->host->loop || !has_tasks (w));

  add_task (w, task, slot_host);
  send_task (w, task, now, TRUE);
}

void
il_process_worker_cancel (IlProcessWorker *w,
                          gint64           now)
{
  if (has_tasks (w))
    fail_tasks (w, _("cancelled"));
  if (!w->reaped)
    worker_stop (w, SIGTERM);
}

void
il_process_worker_kill (IlProcessWorker *w)
{
  if (!w->reaped)
    g_subprocess_force_exit (w->process);
}
