/* fuzz-protocol.c — libFuzzer target for the worker protocol parsers
 *
 * Built only with a compiler that has -fsanitize=fuzzer (see the end of
 * tests/meson.build); tools/fuzz builds and runs it.  Each input is one line for both parsers;
 * whatever they accept must come back unchanged from the formatter (the
 * protocol has one spelling per message), and a session must never take a
 * message it should refuse without saying why.
 *
 *   build-fuzz/tests/fuzz-protocol -max_total_time=60 -max_len=5000
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "il-worker-protocol.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static char *
format_message (const IlWorkerMessage *m)
{
  switch (m->kind)
    {
    case IL_WORKER_MESSAGE_READY: return il_worker_protocol_format_ready (m->pid);
    case IL_WORKER_MESSAGE_EVENT: return il_worker_protocol_format_event (m->task, m->state, m->cpu, m->at_ns);
    case IL_WORKER_MESSAGE_DONE:  return il_worker_protocol_format_done (m->task, m->ok, m->reason);
    case IL_WORKER_MESSAGE_LINK:  return il_worker_protocol_format_link (m->task, m->url);
    case IL_WORKER_MESSAGE_REDIRECT: return il_worker_protocol_format_redirect (m->task, m->url);
    case IL_WORKER_MESSAGE_DROPPED: return il_worker_protocol_format_dropped (m->task, m->n_dropped);
    default: abort ();
    }
}

static char *
format_command (const IlWorkerCommand *c)
{
  switch (c->kind)
    {
    case IL_WORKER_COMMAND_HELLO: return il_worker_protocol_format_hello (c->per_ms, c->gil, c->interval_ns, c->tracing);
    case IL_WORKER_COMMAND_TASK:  return il_worker_protocol_format_task (c->task, c->phases, c->n_phases);
    case IL_WORKER_COMMAND_QUIT:  return il_worker_protocol_format_quit ();
    case IL_WORKER_COMMAND_CRAWL: return il_worker_protocol_format_crawl (c->timeout_ns, c->max_body, c->max_redirects);
    case IL_WORKER_COMMAND_FOLLOW: return il_worker_protocol_format_follow (c->task, c->follow);
    case IL_WORKER_COMMAND_LOOP:  return il_worker_protocol_format_loop ();
    default: abort ();
    }
}

static void
check_canonical (char          *again,
                 const uint8_t *data,
                 size_t         size)
{
  if (strlen (again) != size + 1 || memcmp (again, data, size) != 0 || again[size] != '\n')
    abort ();
  g_free (again);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *line = (const char *) data;
  GError *error = NULL;
  IlWorkerMessage m;
  IlWorkerCommand c;

  if (il_worker_protocol_parse_line (line, size, &m, &error))
    {
      IlWorkerSession session;

      if (error != NULL)
        abort ();
      check_canonical (format_message (&m), data, size);

      /* A fresh session takes only a ready line; a busy one only news of
       * its own task (a redirect only after a crawl line, not sent here). */
      il_worker_session_init (&session, 4242);
      if (il_worker_session_accept (&session, &m, G_MAXINT64, &error) !=
          (m.kind == IL_WORKER_MESSAGE_READY && m.pid == 4242))
        abort ();
      g_clear_error (&error);
      session.ready = TRUE;
      il_worker_session_start_task (&session, 3, 1000);
      if (il_worker_session_accept (&session, &m, G_MAXINT64, &error) !=
          (m.kind != IL_WORKER_MESSAGE_READY && m.kind != IL_WORKER_MESSAGE_REDIRECT && m.task == 3 &&
           (m.kind != IL_WORKER_MESSAGE_EVENT || (m.at_ns >= 1000 && m.state != IL_STATE_READY))))
        abort ();
      g_clear_error (&error);
      il_worker_message_clear (&m);
    }
  else
    {
      if (error == NULL || error->domain != IL_WORKER_PROTOCOL_ERROR || m.reason != NULL || m.url != NULL ||
          !g_utf8_validate (error->message, -1, NULL))
        abort ();
      g_clear_error (&error);
    }

  if (il_worker_protocol_parse_command (line, size, &c, &error))
    {
      check_canonical (format_command (&c), data, size);
      il_worker_command_clear (&c);
    }
  else
    {
      if (error == NULL || c.phases != NULL)
        abort ();
      g_clear_error (&error);
    }
  return 0;
}
