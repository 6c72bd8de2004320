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
 *
 * Everything happens on the calling thread, in a private GMainContext: a
 * non-blocking read source per worker's stdout, non-blocking writes to its
 * stdin, g_subprocess_wait_async for its exit and a deadline per worker, so
 * no worker can hold up the others.  The protocol is in
 * il-worker-protocol.h.  What a task's lane shows:
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

#include "il-cpuwork.h"
#include "il-machine.h"
#include "il-model-info.h"
#include "il-worker-protocol.h"

#define KILL_GRACE_MS       200
#define DEFAULT_TIMEOUT_MS  5000     /* + 2 × the task's planned length */
#define READ_CHUNK          16384
#define READS_PER_WAKEUP    4

typedef enum {
  WORKER_SPAWNING,    /* started; its ready line not read yet */
  WORKER_IDLE,        /* ready, no task */
  WORKER_BUSY,        /* running a task */
  WORKER_QUITTING,    /* told to quit */
  WORKER_STOPPED,     /* killed or gone: nothing more is read from it */
} WorkerState;

typedef struct _Model Model;

typedef struct {
  Model           *model;
  GSubprocess     *process;
  gint64           pid;
  guint32          id;              /* trace worker id */
  WorkerState      state;
  gboolean         reaped;
  gboolean         has_task;
  guint            task;
  gint64           planned_ns;      /* of its task */
  int              in_fd;           /* its stdin, -1 once closed */
  int              out_fd;          /* its stdout, -1 once closed */
  GString         *in_buf;          /* a partial line read */
  GString         *out_buf;         /* what could not be written yet */
  gboolean         close_after_flush;
  GSource         *read_source;
  GSource         *write_source;
  GSource         *deadline;
  gint64           timeout_us;      /* the deadline in force, for its message */
  IlWorkerSession  session;
  GPtrArray       *links;           /* URLs its task's page held, until done */
} Worker;

struct _Model {
  IlTaskQueue         *queue;
  IlTrace             *trace;
  GMainContext        *context;
  GSubprocessLauncher *launcher;
  gboolean             pool;
  guint                max_workers;
  char                *path;
  char                *hello;
  char                *crawl;        /* the crawl line, NULL unless crawling */
  const IlHttpOptions *http;         /* the crawler's, or NULL */
  gint64               timeout_us;
  GPtrArray           *workers;      /* Worker*, every one started */
  guint                n_unreaped;
  gboolean             cancelled;
  GSource             *spawn_source;  /* starts the next worker when idle */
  GSource             *cancel_source;
  GSource             *kill_source;
};

static void pump (Model *m);

/* ------------------------------------------------------------------------ */
/* Small helpers */

static void
clear_source (GSource **source)
{
  if (*source)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

/* After a write to a dead worker: take back the SIGPIPE it raised (blocked
 * on this thread, see execute_processes). */
static void
consume_sigpipe (void)
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

static void
arm_deadline (Worker *w,
              gint64  timeout_us)
{
  w->timeout_us = timeout_us;
  if (w->deadline)
    g_source_set_ready_time (w->deadline, g_get_monotonic_time () + timeout_us);
}

static void
disarm_deadline (Worker *w)
{
  if (w->deadline)
    g_source_set_ready_time (w->deadline, -1);
}

/* Planned work, plus the longest each fetch may take. */
static gint64
planned_ns (Model            *m,
            const IlTaskSpec *spec)
{
  gint64 ns = spec->io_ns + spec->cpu_ns;

  for (guint p = 0; p < spec->n_phases; p++)
    if (spec->phases[p].kind == IL_PHASE_HTTP)
      ns += m->http ? m->http->timeout_ns : IL_HTTP_DEFAULT_TIMEOUT_MS * G_GINT64_CONSTANT (1000000);
  return ns;
}

static gint64
task_timeout_us (Worker *w)
{
  return w->model->timeout_us + 2 * w->planned_ns / 1000;
}

/* ------------------------------------------------------------------------ */
/* Writing to a worker */

static void
close_input (Worker *w)
{
  clear_source (&w->write_source);
  g_string_truncate (w->out_buf, 0);
  if (w->in_fd >= 0)
    g_output_stream_close (g_subprocess_get_stdin_pipe (w->process), NULL, NULL);
  w->in_fd = -1;
}

static void
close_output (Worker *w)
{
  clear_source (&w->read_source);
  if (w->out_fd >= 0)
    g_input_stream_close (g_subprocess_get_stdout_pipe (w->process), NULL, NULL);
  w->out_fd = -1;
}

static gboolean on_writable (int fd, GIOCondition condition, gpointer data);

static void
flush_output (Worker *w)
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
              g_source_attach (w->write_source, w->model->context);
            }
          return;
        }
      /* EPIPE: it closed its input, so it is exiting; its exit says why. */
      if (n < 0 && errno == EPIPE)
        consume_sigpipe ();
      close_input (w);
      return;
    }
  clear_source (&w->write_source);
  if (w->close_after_flush)
    close_input (w);
}

static gboolean
on_writable (int          fd,
             GIOCondition condition,
             gpointer     data)
{
  Worker *w = data;

  flush_output (w);
  return w->write_source != NULL ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
send_line (Worker     *w,
           const char *line)
{
  if (w->in_fd < 0)
    return;
  g_string_append (w->out_buf, line);
  flush_output (w);
}

/* ------------------------------------------------------------------------ */
/* A worker's life */

/* Stops listening to @w and, unless it is already reaped, signals it. */
static void
worker_stop (Worker *w,
             int     signum)
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

/* @w broke the protocol or stopped answering: its task fails with @reason
 * and it is killed (its exit is still awaited). */
static void
worker_fail (Worker     *w,
             const char *reason)
{
  /* What a worker that broke down found is not trusted: dropped. */
  g_ptr_array_set_size (w->links, 0);
  if (w->has_task)
    {
      il_task_queue_end (w->model->queue, w->task, FALSE, reason, il_now_ns ());
      w->has_task = FALSE;
    }
  worker_stop (w, SIGKILL);
  pump (w->model);
}

static void
worker_quit (Worker *w)
{
  g_autofree char *line = il_worker_protocol_format_quit ();

  w->state = WORKER_QUITTING;
  w->close_after_flush = TRUE;
  send_line (w, line);
  if (w->out_buf->len == 0)
    close_input (w);
  arm_deadline (w, w->model->timeout_us);
}

static void
give_task (Worker  *w,
           guint    task,
           gint64   now,
           gboolean set_started)
{
  Model *m = w->model;
  const IlTaskSpec *spec = il_task_queue_get_spec (m->queue, task);
  g_autofree char *line = il_worker_protocol_format_task (task, spec->phases, spec->n_phases);

  w->has_task = TRUE;
  w->task = task;
  w->planned_ns = planned_ns (m, spec);
  w->state = WORKER_BUSY;
  g_ptr_array_set_size (w->links, 0);
  if (set_started)
    il_trace_set_started (m->trace, task, w->id, now);
  il_trace_enter (m->trace, task, IL_STATE_IPC, w->id, IL_NO_CPU, now);
  il_worker_session_start_task (&w->session, task, now);
  arm_deadline (w, task_timeout_us (w));
  send_line (w, line);
}

static void
finish_task (Worker     *w,
             gboolean    ok,
             const char *reason,
             gint64      now)
{
  Model *m = w->model;
  const IlTaskSpec *spec = il_task_queue_get_spec (m->queue, w->task);

  if (ok && spec->has_result)
    il_trace_set_result (m->trace, w->task, spec->result);
  /* The new pages first: once this task has ended, the run may find every
   * task ended and stop. */
  if (w->links->len > 0)
    il_task_queue_add_links (m->queue, w->task, w->links);
  g_ptr_array_set_size (w->links, 0);
  il_task_queue_end (m->queue, w->task, ok, reason, now);
  w->has_task = FALSE;
  w->state = WORKER_IDLE;
  disarm_deadline (w);
  if (!m->pool)
    worker_quit (w);
  pump (m);
}

static void
handle_line (Worker     *w,
             const char *line,
             gsize       len)
{
  Model *m = w->model;
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
      g_assert (w->has_task);
      give_task (w, w->task, now, FALSE);
      break;

    case IL_WORKER_MESSAGE_EVENT:
      il_trace_enter (m->trace, msg.task, msg.state, w->id, msg.cpu, msg.at_ns);
      arm_deadline (w, task_timeout_us (w));
      break;

    case IL_WORKER_MESSAGE_DONE:
      finish_task (w, msg.ok, msg.reason, now);
      break;

    case IL_WORKER_MESSAGE_LINK:
      g_ptr_array_add (w->links, g_steal_pointer (&msg.url));
      break;

    case IL_WORKER_MESSAGE_REDIRECT:
      {
        /* The crawler's hook, as a thread's fetch calls it: no when
         * another task has the page (or it is on another host). */
        gboolean follow = m->http == NULL || m->http->redirect == NULL ||
                          m->http->redirect (m->http->redirect_data, msg.url);
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
handle_lines (Worker *w)
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
read_available (Worker *w,
                guint   max_reads)
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
  Worker *w = data;

  if (read_available (w, READS_PER_WAKEUP))
    return G_SOURCE_CONTINUE;
  /* End of output: its exit (g_subprocess_wait_async) tells the rest. */
  clear_source (&w->read_source);
  return G_SOURCE_REMOVE;
}

static gboolean
on_deadline (gpointer data)
{
  Worker *w = data;
  g_autofree char *span = NULL;
  g_autofree char *reason = NULL;

  if (!w->has_task)
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
describe_exit (Worker *w)
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
  Worker *w = data;
  Model *m = w->model;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  w->reaped = TRUE;
  /* The lines it wrote before it went (a result, say) still count. */
  if (w->state != WORKER_STOPPED)
    read_available (w, G_MAXUINT);
  if (w->has_task)
    {
      g_autofree char *reason = describe_exit (w);

      g_ptr_array_set_size (w->links, 0);
      il_task_queue_end (m->queue, w->task, FALSE, reason, il_now_ns ());
      w->has_task = FALSE;
    }
  worker_stop (w, 0);
  m->n_unreaped--;
  pump (m);
}

/* Starts a worker for @task; FALSE (and the task failed) when it cannot. */
static gboolean
spawn_worker (Model *m,
              guint  task)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  const char * const argv[] = { m->path, NULL };
  const char *ident;
  gint64 t0 = il_now_ns ();
  GSubprocess *process;
  Worker *w;

  process = g_subprocess_launcher_spawnv (m->launcher, argv, &error);
  if (process == NULL)
    {
      g_autofree char *reason = g_strdup_printf (_("could not start a worker: %s"), error->message);

      il_task_queue_end (m->queue, task, FALSE, reason, il_now_ns ());
      return FALSE;
    }

  w = g_new0 (Worker, 1);
  w->model = m;
  w->process = process;
  ident = g_subprocess_get_identifier (process);
  w->pid = ident ? g_ascii_strtoll (ident, NULL, 10) : 0;
  label = g_strdup_printf (_("process %" PRId64), w->pid);
  w->id = il_trace_add_worker (m->trace, IL_WORKER_PROCESS, 0, w->pid, label);
  w->in_fd = g_unix_output_stream_get_fd (G_UNIX_OUTPUT_STREAM (g_subprocess_get_stdin_pipe (process)));
  w->out_fd = g_unix_input_stream_get_fd (G_UNIX_INPUT_STREAM (g_subprocess_get_stdout_pipe (process)));
  g_unix_set_fd_nonblocking (w->in_fd, TRUE, NULL);
  g_unix_set_fd_nonblocking (w->out_fd, TRUE, NULL);
  w->in_buf = g_string_new (NULL);
  w->out_buf = g_string_new (NULL);
  w->links = g_ptr_array_new_with_free_func (g_free);
  il_worker_session_init (&w->session, w->pid);
  w->session.crawl = m->crawl != NULL;

  /* The task waits for its process. */
  w->state = WORKER_SPAWNING;
  w->has_task = TRUE;
  w->task = task;
  il_trace_set_started (m->trace, task, w->id, t0);
  il_trace_enter (m->trace, task, IL_STATE_SPAWNING, w->id, IL_NO_CPU, t0);

  w->read_source = g_unix_fd_source_new (w->out_fd, G_IO_IN | G_IO_HUP | G_IO_ERR);
  g_source_set_callback (w->read_source, G_SOURCE_FUNC (on_readable), w, NULL);
  g_source_attach (w->read_source, m->context);
  w->deadline = g_source_new (&deadline_funcs, sizeof (GSource));
  g_source_set_callback (w->deadline, on_deadline, w, NULL);
  g_source_attach (w->deadline, m->context);
  arm_deadline (w, 2 * m->timeout_us);

  g_ptr_array_add (m->workers, w);
  m->n_unreaped++;
  g_subprocess_wait_async (process, NULL, on_exited, w);
  send_line (w, m->hello);
  if (m->crawl)
    send_line (w, m->crawl);
  return TRUE;
}

static void
worker_free (gpointer data)
{
  Worker *w = data;

  g_assert (w->reaped);
  close_input (w);
  close_output (w);
  clear_source (&w->deadline);
  g_clear_object (&w->process);
  g_string_free (w->in_buf, TRUE);
  g_string_free (w->out_buf, TRUE);
  g_ptr_array_unref (w->links);
  g_free (w);
}

/* ------------------------------------------------------------------------ */
/* The model */

static guint
count_live (Model *m)
{
  guint n = 0;

  for (guint i = 0; i < m->workers->len; i++)
    {
      Worker *w = g_ptr_array_index (m->workers, i);

      n += w->state == WORKER_SPAWNING || w->state == WORKER_IDLE || w->state == WORKER_BUSY;
    }
  return n;
}

static gboolean
stopping (Model *m)
{
  return m->cancelled || il_task_queue_is_cancelled (m->queue);
}

/* The next queued task a worker can run; one it cannot (a start URL the
 * protocol cannot carry: the crawler's own URLs always fit) fails here,
 * without a worker, with the reason a fetch of it would give. */
static gboolean
take_task (Model *m,
           guint *task)
{
  while (il_task_queue_try_next (m->queue, task))
    {
      const IlTaskSpec *spec = il_task_queue_get_spec (m->queue, *task);
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
          g_autofree char *reason = g_strdup_printf (_("invalid URL “%s”"), shown);

          il_task_queue_end (m->queue, *task, FALSE, reason, il_now_ns ());
        }
      else
        il_task_queue_end (m->queue, *task, FALSE,
                            _("a worker process cannot run this kind of phase"), il_now_ns ());
    }
  return FALSE;
}

/* Starts one worker for the next queued task, if the model wants one. */
static gboolean
spawn_next (Model *m)
{
  guint task;

  if (stopping (m) || (m->pool && count_live (m) >= m->max_workers) ||
      !take_task (m, &task))
    return FALSE;
  spawn_worker (m, task);
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

/* Hands queued tasks to free workers and has more workers started as the
 * model allows. */
static void
pump (Model *m)
{
  guint task;

  if (stopping (m))
    return;

  if (m->pool)
    for (guint i = 0; i < m->workers->len; i++)
      {
        Worker *w = g_ptr_array_index (m->workers, i);

        if (w->state == WORKER_IDLE && take_task (m, &task))
          give_task (w, task, il_now_ns (), TRUE);
      }

  if (m->spawn_source == NULL && spawn_next (m))
    {
      m->spawn_source = g_idle_source_new ();
      g_source_set_callback (m->spawn_source, on_spawn_more, m, NULL);
      g_source_attach (m->spawn_source, m->context);
    }

  if (m->pool && il_task_queue_all_ended (m->queue))
    for (guint i = 0; i < m->workers->len; i++)
      {
        Worker *w = g_ptr_array_index (m->workers, i);

        if (w->state == WORKER_IDLE)
          worker_quit (w);
      }
}

static gboolean
on_kill_grace (gpointer data)
{
  Model *m = data;

  for (guint i = 0; i < m->workers->len; i++)
    {
      Worker *w = g_ptr_array_index (m->workers, i);

      if (!w->reaped)
        g_subprocess_force_exit (w->process);
    }
  return G_SOURCE_REMOVE;
}

static gboolean
on_cancelled (GCancellable *cancellable,
              gpointer      data)
{
  Model *m = data;
  gint64 now = il_now_ns ();
  guint task;

  m->cancelled = TRUE;
  for (guint i = 0; i < m->workers->len; i++)
    {
      Worker *w = g_ptr_array_index (m->workers, i);

      if (w->has_task)
        {
          il_task_queue_end (m->queue, w->task, FALSE, _("cancelled"), now);
          w->has_task = FALSE;
        }
      if (!w->reaped)
        worker_stop (w, SIGTERM);
    }
  /* Queued tasks end as cancelled in there. */
  while (il_task_queue_try_next (m->queue, &task))
    il_task_queue_end (m->queue, task, FALSE, _("cancelled"), now);

  if (m->n_unreaped > 0)
    {
      m->kill_source = g_timeout_source_new (KILL_GRACE_MS);
      g_source_set_callback (m->kill_source, on_kill_grace, m, NULL);
      g_source_attach (m->kill_source, m->context);
    }
  return G_SOURCE_REMOVE;
}

static gboolean
execute_processes (IlTaskQueue *queue,
                   gboolean     pool,
                   GError     **error)
{
  g_autofree char *path = NULL;
  Model m = { 0, };
  gboolean per_ms_needed;
  sigset_t pipe_set, old_mask;

  path = find_worker (error);
  if (path == NULL)
    return FALSE;

  per_ms_needed = il_task_queue_get_tracing (queue) || il_task_queue_uses_cpu (queue);
  m.queue = queue;
  m.trace = il_task_queue_get_trace (queue);
  m.pool = pool;
  m.max_workers = MAX (il_task_queue_get_workers (queue), 1);
  m.path = path;
  m.hello = il_worker_protocol_format_hello (per_ms_needed ? il_cpu_work_per_ms () : 1,
                                             il_task_queue_get_gil (queue),
                                             il_task_queue_get_gil_interval (queue),
                                             il_task_queue_get_tracing (queue));
  if (il_task_queue_get_crawler (queue))
    {
      m.http = il_crawler_get_http_options (il_task_queue_get_crawler (queue));
      m.crawl = il_worker_protocol_format_crawl (m.http->timeout_ns, m.http->max_body,
                                                 m.http->max_redirects);
    }
  m.timeout_us = base_timeout_us ();
  m.workers = g_ptr_array_new_with_free_func (worker_free);
  m.context = g_main_context_new ();
  /* Descriptors left open: GLib then spawns with posix_spawn (a vfork)
   * instead of fork, which copies this process's page tables, and one
   * spawn after another take less of the run.  The worker closes every
   * descriptor but 0, 1 and 2 first thing. */
  m.launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                          G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                          G_SUBPROCESS_FLAGS_INHERIT_FDS);

  sigemptyset (&pipe_set);
  sigaddset (&pipe_set, SIGPIPE);
  pthread_sigmask (SIG_BLOCK, &pipe_set, &old_mask);
  g_main_context_push_thread_default (m.context);

  m.cancel_source = g_cancellable_source_new (il_task_queue_get_cancellable (queue));
  g_source_set_callback (m.cancel_source, G_SOURCE_FUNC (on_cancelled), &m, NULL);
  g_source_attach (m.cancel_source, m.context);

  pump (&m);
  while (m.n_unreaped > 0 || !il_task_queue_all_ended (queue))
    g_main_context_iteration (m.context, TRUE);

  clear_source (&m.spawn_source);
  clear_source (&m.cancel_source);
  clear_source (&m.kill_source);
  g_clear_pointer (&m.workers, g_ptr_array_unref);
  g_clear_object (&m.launcher);
  g_main_context_pop_thread_default (m.context);
  g_clear_pointer (&m.context, g_main_context_unref);
  g_free (m.hello);
  g_free (m.crawl);

  consume_sigpipe ();
  pthread_sigmask (SIG_SETMASK, &old_mask, NULL);
  return TRUE;
}

gboolean
il_model_execute_processes (IlTaskQueue *queue,
                            GError     **error)
{
  return execute_processes (queue, FALSE, error);
}

gboolean
il_model_execute_process_pool (IlTaskQueue *queue,
                               GError     **error)
{
  return execute_processes (queue, TRUE, error);
}
