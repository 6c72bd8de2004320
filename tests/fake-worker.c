/* fake-worker.c — an interleave-worker that misbehaves on purpose
 *
 * Selected with INTERLEAVE_WORKER=…/fake-worker; FAKE_WORKER_MODE says how
 * it misbehaves on the first task it is given:
 *
 *   ok          behaves (phases are slept, CPU phases too)
 *   crash       reports running, then dies by SIGKILL
 *   garbage     answers a line that is not the protocol
 *   oversize    answers a line of 10000 bytes
 *   hang        reports running, then says nothing more
 *   exit        exits with status 3 at once, before it is ready
 *   backwards   reports an event with a time before the task was sent
 *   wrong-task  reports the result of another task
 *   stubborn    ignores SIGTERM, reports running, then says nothing more
 *
 * With FAKE_WORKER_ONCE=PATH only the worker that creates PATH misbehaves
 * (the others behave), so a pool can be seen replacing it.
 */

#include "config.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "il-worker-protocol.h"

static void
say (char *line)
{
  fputs (line, stdout);
  g_free (line);
}

static gboolean
misbehaves (void)
{
  const char *once = g_getenv ("FAKE_WORKER_ONCE");
  int fd;

  if (once == NULL)
    return TRUE;
  fd = open (once, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    return FALSE;
  close (fd);
  return TRUE;
}

static void
behave (const IlWorkerCommand *task)
{
  gint64 total = 0;

  say (il_worker_protocol_format_event (task->task, IL_STATE_RUNNING, MAX (sched_getcpu (), 0),
                                        il_now_ns ()));
  for (guint p = 0; p < task->n_phases; p++)
    total += task->phases[p].duration_ns;
  g_usleep (total / 1000);
  say (il_worker_protocol_format_event (task->task, IL_STATE_IPC, IL_NO_CPU, il_now_ns ()));
  say (il_worker_protocol_format_done (task->task, TRUE, NULL));
}

static void
hang (void)
{
  for (;;)
    pause ();
}

static void
misbehave (const char            *mode,
           const IlWorkerCommand *task)
{
  if (g_str_equal (mode, "crash"))
    {
      say (il_worker_protocol_format_event (task->task, IL_STATE_RUNNING, 0, il_now_ns ()));
      fflush (stdout);
      raise (SIGKILL);
    }
  else if (g_str_equal (mode, "garbage"))
    say (g_strdup ("this is not the protocol\n"));
  else if (g_str_equal (mode, "oversize"))
    {
      g_autofree char *line = g_strnfill (10000, 'x');

      say (g_strdup_printf ("%s\n", line));
    }
  else if (g_str_equal (mode, "hang") || g_str_equal (mode, "stubborn"))
    {
      say (il_worker_protocol_format_event (task->task, IL_STATE_RUNNING, 0, il_now_ns ()));
      hang ();
    }
  else if (g_str_equal (mode, "backwards"))
    say (il_worker_protocol_format_event (task->task, IL_STATE_RUNNING, 0, 1));
  else if (g_str_equal (mode, "wrong-task"))
    say (il_worker_protocol_format_done (task->task + 1, TRUE, NULL));
  else
    behave (task);
  /* Then wait to be killed, as a broken worker would. */
  hang ();
}

int
main (int   argc,
      char *argv[])
{
  const char *mode = g_getenv ("FAKE_WORKER_MODE");
  g_autofree char *line = NULL;
  gboolean bad;
  size_t size = 0;
  ssize_t n;

  setvbuf (stdout, NULL, _IOLBF, 0);
  /* A test that dies must not leave stubborn workers behind. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
  if (mode == NULL)
    mode = "ok";
  bad = !g_str_equal (mode, "ok") && misbehaves ();

  if (bad && g_str_equal (mode, "exit"))
    return 3;
  if (bad && g_str_equal (mode, "stubborn"))
    signal (SIGTERM, SIG_IGN);

  while ((n = getline (&line, &size, stdin)) > 0)
    {
      IlWorkerCommand command;

      if (line[n - 1] == '\n')
        n--;
      if (!il_worker_protocol_parse_command (line, n, &command, NULL))
        return 2;
      switch (command.kind)
        {
        case IL_WORKER_COMMAND_HELLO:
          say (il_worker_protocol_format_ready (getpid ()));
          break;
        case IL_WORKER_COMMAND_TASK:
          if (bad)
            misbehave (mode, &command);
          behave (&command);
          break;
        case IL_WORKER_COMMAND_QUIT:
        default:
          il_worker_command_clear (&command);
          return 0;
        }
      il_worker_command_clear (&command);
    }
  return 0;
}
