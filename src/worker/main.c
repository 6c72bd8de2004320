/* main.c — interleave-worker: runs tasks for the process models
 *
 * Started by interleave (src/engine/il-process.c), one per task or W of
 * them for the pool.  Speaks the line protocol of il-worker-protocol.h on
 * standard input and output, and runs each task's phases with the same code
 * a thread uses (il_exec_phases), calibrated with the parent's figure, so a
 * CPU phase costs the same in a process as in a thread.
 */

#include "config.h"

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>

#include "il-cpuwork.h"
#include "il-exec.h"
#include "il-gil.h"
#include "il-worker-protocol.h"

typedef struct {
  guint task;
} Recorder;

static void
say (char *line)
{
  fputs (line, stdout);
  g_free (line);
}

static void
record_event (gpointer user_data,
              IlState  state,
              gint     cpu,
              gint64   at_ns)
{
  Recorder *rec = user_data;

  say (il_worker_protocol_format_event (rec->task, state, cpu, at_ns));
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
          GCancellable          *cancellable,
          int                    cancel_fd,
          IlGil                 *gil,
          gboolean               tracing)
{
  Recorder rec = { command->task };
  IlExecContext ctx = { 0, };
  g_autofree char *reason = NULL;
  gboolean ok;

  ctx.record = record_event;
  ctx.record_data = &rec;
  ctx.cancellable = cancellable;
  ctx.cancel_fd = cancel_fd;
  ctx.tracing = tracing;
  ctx.gil = gil;
  ctx.state = command->task + 1;

  ok = il_exec_phases (&ctx, command->phases, command->n_phases, &reason);
  /* From here until the parent reads the result, the task is in ipc. */
  say (il_worker_protocol_format_event (command->task, IL_STATE_IPC, IL_NO_CPU, ctx.finished_ns));
  say (il_worker_protocol_format_done (command->task, ok, reason));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GCancellable) cancellable = NULL;
  g_autofree char *line = NULL;
  IlGil *gil = NULL;
  gboolean tracing = TRUE;
  gboolean hello = FALSE;
  size_t size = 0;
  pid_t parent = getppid ();
  int cancel_fd;
  int status = 0;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Replies must leave at once, not when the buffer fills. */
  setvbuf (stdout, NULL, _IOLBF, 0);
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

  cancellable = g_cancellable_new ();
  cancel_fd = g_cancellable_get_fd (cancellable);

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      IlWorkerCommand command;
      ssize_t n = getline (&line, &size, stdin);

      if (n < 0)
        break;                          /* end of input: the parent is done */
      if (n > 0 && line[n - 1] == '\n')
        n--;
      if (!il_worker_protocol_parse_command (line, n, &command, &error))
        {
          g_printerr ("interleave-worker: %s\n", error->message);
          status = 2;
          break;
        }

      if (command.kind == IL_WORKER_COMMAND_QUIT)
        break;

      if (command.kind == IL_WORKER_COMMAND_HELLO)
        {
          if (hello)
            {
              g_printerr ("interleave-worker: %s\n", _("a second hello"));
              status = 2;
              break;
            }
          hello = TRUE;
          il_cpu_work_set_per_ms (command.per_ms);
          tracing = command.tracing;
          if (command.gil)
            gil = il_gil_new (command.interval_ns);
          say (il_worker_protocol_format_ready (getpid ()));
          continue;
        }

      g_assert (command.kind == IL_WORKER_COMMAND_TASK);
      if (!hello)
        {
          g_printerr ("interleave-worker: %s\n", _("a task before hello"));
          il_worker_command_clear (&command);
          status = 2;
          break;
        }
      run_task (&command, cancellable, cancel_fd, gil, tracing);
      il_worker_command_clear (&command);
    }

  g_clear_pointer (&gil, il_gil_free);
  g_cancellable_release_fd (cancellable);
  return status;
}
