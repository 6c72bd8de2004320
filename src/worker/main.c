/* main.c — interleave-worker: runs tasks for the process models
 *
 * Started by interleave (src/engine/models/il-process-models.c), one per task or W of
 * them for the pool.  Speaks the line protocol of il-worker-protocol.h on
 * standard input and output, and runs each task's phases with the same code
 * a thread uses (il_exec_phases), calibrated with the parent's figure, so a
 * CPU phase costs the same in a process as in a thread.
 *
 * Pages: an http phase is the blocking fetch a thread does (il_http_fetch,
 * one SoupSession for this process, so W workers hold W connections; the
 * network half comes as a module, loaded the first time it is needed), a
 * parse phase sends each link it found as a "link" line, and, after a
 * "crawl" line, each redirect is put to the parent ("redirect", answered
 * with "follow"), which keeps the crawl's visited set.
 *
 * After a "loop" line the worker is an event loop instead (the async-pool
 * model, il-worker-loop.c): tasks come while others run.
 */

#include "config.h"

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>

#include <gmodule.h>

#include "il-cpuwork.h"
#include "il-exec.h"
#include "il-gil.h"
#include "il-machine.h"
#include "il-net.h"
#include "il-worker-private.h"
#include "il-worker-protocol.h"

typedef struct {
  guint  task;
  gint64 flushed_ns;    /* when events last left; 0: none yet for this task */
} Recorder;

typedef IlWorkerSettings Session;

static IlWorkerInput input;

/* handle_command(): read the next command */
#define GO_ON  (-1)

/* The network half (libsoup, libxml2): loaded the first time a task or
 * the crawl line needs it, so that a worker for other tasks starts
 * without those libraries.  NULL with net_error when it could not be. */
static const IlNet *net;
static char        *net_error;

static void
load_net (void)
{
  const char *env = g_getenv ("INTERLEAVE_NET_MODULE");
  g_autofree char *built = g_build_filename (BUILDDIR, "src", "engine", IL_NET_MODULE_NAME, NULL);
  g_autofree char *path = NULL;
  GModule *module;
  gpointer table = NULL;

  if (net != NULL || net_error != NULL)
    return;
  /* Run from the build tree, only the module built beside it will do */
  if (env != NULL && *env != '\0')
    path = g_strdup (env);
  else if (il_machine_running_uninstalled ())
    path = g_steal_pointer (&built);
  else
    path = g_build_filename (LIBDIR, "interleave", IL_NET_MODULE_NAME, NULL);

  module = g_module_open (path, G_MODULE_BIND_LOCAL);
  if (module == NULL || !g_module_symbol (module, "il_net", &table) || table == NULL)
    {
      /* Its tasks fail with this; the worker goes on with the rest */
      net_error = g_strdup_printf (_("%s could not be loaded (%s)"), path, g_module_error ());
      g_clear_pointer (&module, g_module_close);
      return;
    }
  if (((const IlNet *) table)->abi != IL_NET_ABI ||
      g_strcmp0 (((const IlNet *) table)->version, PACKAGE_VERSION) != 0)
    {
      net_error = g_strdup_printf (_("%s is from another version of Interleave"), path);
      g_module_close (module);
      return;
    }
  g_module_make_resident (module);
  net = table;
}

static gboolean
needs_net (const IlWorkerCommand *command)
{
  for (guint i = 0; i < command->n_phases; i++)
    if (command->phases[i].kind == IL_PHASE_HTTP || command->phases[i].kind == IL_PHASE_PARSE)
      return TRUE;
  return FALSE;
}

const IlNet *
il_worker_get_net (const char **error)
{
  load_net ();
  *error = net_error;
  return net;
}

static void
say (char *line)
{
  fputs (line, stdout);
  g_free (line);
}

void
il_worker_say (char *line)
{
  say (line);
}

gboolean
il_worker_input_has_line (IlWorkerInput *in)
{
  return in->buf != NULL && memchr (in->buf->str + in->start, '\n', in->buf->len - in->start) != NULL;
}

gboolean
il_worker_input_next (IlWorkerInput *in,
                      gboolean       block,
                      char         **line,
                      gsize         *len)
{
  if (in->buf == NULL)
    in->buf = g_string_sized_new (64 * 1024);

  for (;;)
    {
      char *from = in->buf->str + in->start;
      char *nl = memchr (from, '\n', in->buf->len - in->start);
      char chunk[64 * 1024];
      ssize_t n;

      if (nl != NULL || (in->eof && in->start < in->buf->len))
        {
          /* The last line may come without its "\n", as getline() gives it */
          if (nl == NULL)
            nl = in->buf->str + in->buf->len;
          *nl = '\0';
          *line = from;
          *len = nl - from;
          in->start = MIN ((gsize) (nl - in->buf->str) + 1, in->buf->len);
          return TRUE;
        }
      if (in->eof)
        return FALSE;
      /* What is left of the buffer moves to its front */
      g_string_erase (in->buf, 0, in->start);
      in->start = 0;
      if (!block)
        {
          struct pollfd p = { STDIN_FILENO, POLLIN, 0 };

          if (poll (&p, 1, 0) <= 0)
            return FALSE;
        }
      n = read (STDIN_FILENO, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        in->eof = TRUE;
      else
        g_string_append_len (in->buf, chunk, n);
    }
}

/* Events leave at once when the task is about to wait (the parent draws
 * the wait as it starts) and for a task's first event; a computing task's
 * running events leave when FLUSH_INTERVAL_NS has passed since the last
 * ones did, taking what was buffered with them.  (While the workers
 * compute on every core, each line wakes the parent, which takes a core
 * from a worker, which then records being preempted: with 4 processes on
 * 2 cores, a line at a time made twice the involuntary context switches.)
 * A preempted event is never the last to leave: il_exec_compute() always
 * records running right after it, so the parent never shows a running
 * task as preempted: what waits in the buffer only fills in the past. */
#define FLUSH_INTERVAL_NS  G_GINT64_CONSTANT (20000000)    /* 20 ms */

static void
record_event (gpointer user_data,
              IlState  state,
              gint     cpu,
              gint64   at_ns)
{
  Recorder *rec = user_data;
  gboolean now;

  say (il_worker_protocol_format_event (rec->task, state, cpu, at_ns));
  if (state == IL_STATE_PREEMPTED)
    now = FALSE;
  else if (state == IL_STATE_RUNNING)
    now = rec->flushed_ns == 0 || at_ns - rec->flushed_ns >= FLUSH_INTERVAL_NS;
  else
    now = TRUE;
  if (now)
    {
      fflush (stdout);
      rec->flushed_ns = MAX (at_ns, 1);
    }
}

/* A parse phase's links, one line each; those the protocol cannot carry
 * (over IL_WORKER_MAX_URL bytes) and those over IL_WORKER_MAX_LINKS are
 * left out, and counted with those the page gave beyond the caps. */
static void
send_links (gpointer   user_data,
            GPtrArray *urls,
            guint      n_dropped)
{
  Recorder *rec = user_data;
  guint sent = 0;

  for (guint i = 0; i < urls->len; i++)
    {
      char *line = sent < IL_WORKER_MAX_LINKS ? il_worker_protocol_format_link (rec->task, g_ptr_array_index (urls, i))
                                              : NULL;

      if (line != NULL)
        {
          say (line);
          sent++;
        }
      else if (n_dropped < G_MAXUINT32)
        n_dropped++;
    }
  if (n_dropped > 0)
    say (il_worker_protocol_format_dropped (rec->task, n_dropped));
}

/* The fetch was redirected to @url: may it go on?  Asks the parent, whose
 * crawler knows whether another task has that page, and waits for its
 * answer on standard input (nothing else comes there during a task).  A
 * target the protocol cannot carry is not followed, as if another task had
 * it.  No answer, or a wrong one: the worker exits, and the parent fails
 * the task. */
static gboolean
ask_redirect (gpointer    user_data,
              const char *url)
{
  char *answer;
  gsize n;
  Recorder *rec = user_data;
  g_autoptr(GError) error = NULL;
  IlWorkerCommand command;
  char *line = il_worker_protocol_format_redirect (rec->task, url);

  if (line == NULL)
    return FALSE;
  say (line);
  fflush (stdout);
  if (!il_worker_input_next (&input, TRUE, &answer, &n))
    exit (1);                           /* the parent is gone */
  if (!il_worker_protocol_parse_command (answer, n, &command, &error))
    {
      g_printerr ("interleave-worker: %s\n", error->message);
      exit (2);
    }
  if (command.kind != IL_WORKER_COMMAND_FOLLOW || command.task != rec->task)
    {
      g_printerr ("interleave-worker: %s\n", _("expected the answer to a redirect"));
      il_worker_command_clear (&command);
      exit (2);
    }
  return command.follow;
}

/* Signals as a fresh process has them, whatever the parent had: the parent
 * stops us with SIGTERM/SIGKILL; Ctrl+C is the parent's to handle (it then
 * stops us), so a terminal's SIGINT does not kill tasks behind its back. */
static void
reset_signals (void)
{
  sigset_t none;

  sigemptyset (&none);
  sigprocmask (SIG_SETMASK, &none, NULL);
  signal (SIGTERM, SIG_DFL);
  signal (SIGPIPE, SIG_DFL);
  signal (SIGINT, SIG_IGN);
}

static void
run_task (const IlWorkerCommand *command,
          const Session         *session)
{
  Recorder rec = { command->task, 0 };
  IlExecContext ctx = { 0, };
  IlHttpOptions http;
  g_autofree char *reason = NULL;
  gboolean ok;

  if (needs_net (command))
    load_net ();
  ctx.net = net;
  ctx.net_error = net_error;
  ctx.record = record_event;
  ctx.record_data = &rec;
  /* The parent stops a task by stopping this process (SIGTERM, then
   * SIGKILL): nothing to cancel here, and no GIO (see il-cancel.h). */
  ctx.cancel = NULL;
  ctx.tracing = session->tracing;
  ctx.gil = session->gil;
  ctx.state = command->task + 1;
  /* No connection limiter: one request at a time in this process. */
  ctx.links = send_links;
  ctx.links_data = &rec;
  if (session->crawl)
    {
      http = session->crawl_options;
      http.redirect = ask_redirect;
      http.redirect_data = &rec;
      ctx.http = &http;
    }

  ok = il_exec_phases (&ctx, command->phases, command->n_phases, &reason);

  /* From here until the parent reads the result, the task is in ipc. */
  say (il_worker_protocol_format_event (command->task, IL_STATE_IPC, IL_NO_CPU, ctx.finished_ns));
  say (il_worker_protocol_format_done (command->task, ok, reason));
  fflush (stdout);
}

/* Says what is wrong with the parent's commands; the exit status for it. */
static int
protocol_error (const char *message)
{
  g_printerr ("interleave-worker: %s\n", message);
  return 2;
}

static int
handle_hello (Session               *session,
              const IlWorkerCommand *command)
{
  if (session->hello)
    return protocol_error (_("a second hello"));
  session->hello = TRUE;
  il_cpu_work_set_per_ms (command->per_ms);
  session->tracing = command->tracing;
  if (command->gil)
    session->gil = il_gil_new (command->interval_ns);
  say (il_worker_protocol_format_ready (getpid ()));
  fflush (stdout);
  return GO_ON;
}

static int
handle_crawl (Session               *session,
              const IlWorkerCommand *command)
{
  if (!session->hello || session->crawl)
    return protocol_error (session->hello ? _("a second crawl line") : _("a crawl line before hello"));
  session->crawl = TRUE;
  load_net ();
  if (net != NULL)
    net->http_options_init (&session->crawl_options);
  session->crawl_options.timeout_ns = command->timeout_ns;
  session->crawl_options.max_body = (gsize) MIN (command->max_body, (guint64) G_MAXSIZE);
  session->crawl_options.max_redirects = command->max_redirects;
  return GO_ON;
}

/* GO_ON, or the exit status when the worker is to stop. */
static int
handle_command (Session         *session,
                IlWorkerCommand *command)
{
  if (command->kind == IL_WORKER_COMMAND_QUIT)
    return 0;
  if (command->kind == IL_WORKER_COMMAND_HELLO)
    return handle_hello (session, command);
  if (command->kind == IL_WORKER_COMMAND_CRAWL)
    return handle_crawl (session, command);
  if (command->kind == IL_WORKER_COMMAND_LOOP)
    {
      if (!session->hello)
        return protocol_error (_("a loop line before hello"));
      session->loop = TRUE;
      return il_worker_loop_run (session, &input);
    }
  if (command->kind == IL_WORKER_COMMAND_FOLLOW)
    return protocol_error (_("an answer to a redirect nobody asked about"));

  g_assert (command->kind == IL_WORKER_COMMAND_TASK);
  if (!session->hello)
    {
      il_worker_command_clear (command);
      return protocol_error (_("a task before hello"));
    }
  run_task (command, session);
  il_worker_command_clear (command);
  return GO_ON;
}

/* Commands until quit, the end of input or a wrong one: the exit status. */
static int
serve (void)
{
  Session session = { .tracing = TRUE, };
  int status = GO_ON;

  while (status == GO_ON)
    {
      g_autoptr(GError) error = NULL;
      IlWorkerCommand command;
      char *line;
      gsize n;

      if (!il_worker_input_next (&input, TRUE, &line, &n))
        {
          status = 0;                   /* end of input: the parent is done */
          break;
        }
      if (il_worker_protocol_parse_command (line, n, &command, &error))
        status = handle_command (&session, &command);
      else
        status = protocol_error (error->message);
    }

  g_clear_pointer (&session.gil, il_gil_free);
  if (input.buf != NULL)
    g_string_free (input.buf, TRUE);
  return status;
}

int
main (int   argc,
      char *argv[])
{
  pid_t parent = getppid ();
  int status;

  /* The parent spawns us leaving its descriptors open (so that spawning
   * is a vfork, not a copy of its address space): keep none of them. */
  closefrom (STDERR_FILENO + 1);

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Lines are written out by hand (fflush): at once for a reply, and a
   * computing task's events as record_event() says. */
  setvbuf (stdout, NULL, _IOFBF, 64 * 1024);
  reset_signals ();

  if (argc > 1)
    {
      g_printerr (_("%s is started by interleave and speaks its worker protocol on "
                    "standard input and output; it takes no arguments.\n"), argv[0]);
      return 2;
    }

  /* Never outlive the parent, even if it is killed. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
  if (getppid () != parent)
    return 1;

  status = serve ();
  g_clear_pointer (&net_error, g_free);
  return status;
}
