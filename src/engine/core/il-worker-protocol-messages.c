/* il-worker-protocol-messages.c — the lines a worker sends its parent
 * (worker → parent in il-worker-protocol.h): the strict parser, the
 * parent's check of their order, and the formatters
 */

#include "config.h"

#include <inttypes.h>

#include <string.h>
#include <glib/gi18n-lib.h>

#include "il-worker-protocol-private.h"

/* The states a worker may report. */
static const struct {
  const char *name;
  IlState     state;
} worker_states[] = {
  { "running",   IL_STATE_RUNNING },
  { "preempted", IL_STATE_PREEMPTED },
  { "io-wait",   IL_STATE_IO_WAIT },
  { "gil-wait",  IL_STATE_GIL_WAIT },
  { "ipc",       IL_STATE_IPC },
  { "ready",     IL_STATE_READY },     /* a loop worker's */
};

/* ------------------------------------------------------------------------ */
/* Parsing */

/* done TASK ok | done TASK failed REASON…: the reason is the rest of the
 * line, spaces and all. */
static gboolean
parse_done (const char      *line,
            gsize            len,
            IlWorkerMessage *out,
            GError         **error)
{
  IlProtocolField f[4];
  gboolean ok;
  guint n;
  guint64 v;

  n = il_protocol_split (line, len, f, 4, TRUE);
  if (n < 3 || !il_protocol_check_fields (f, MIN (n, 3), error))
    return n < 3 ? il_protocol_field_count (f[0], n, 3, error) : FALSE;
  if (!il_protocol_number (f[1], _("task"), 0, IL_WORKER_MAX_TASK, &v, error))
    return FALSE;
  if (il_protocol_field_is (f[2], "ok"))
    ok = TRUE;
  else if (il_protocol_field_is (f[2], "failed"))
    ok = FALSE;
  else
    {
      g_autofree char *text = il_protocol_excerpt (f[2]);

      return il_protocol_fail (error, IL_WORKER_PROTOCOL_ERROR_INVALID,
                               _("“done” needs “ok” or “failed”, not “%s”"), text);
    }
  if (ok && n != 3)
    return il_protocol_fail (error, IL_WORKER_PROTOCOL_ERROR_INVALID,
                             _("“done … ok” takes no reason"));
  if (!ok && (n != 4 || f[3].n == 0))
    return il_protocol_fail (error, IL_WORKER_PROTOCOL_ERROR_INVALID,
                             _("“done … failed” needs a reason"));
  out->kind = IL_WORKER_MESSAGE_DONE;
  out->task = v;
  out->ok = ok;
  if (!ok)
    out->reason = g_strndup (f[3].s, f[3].n);
  return TRUE;
}

/* ready PID */
static gboolean
parse_ready (const IlProtocolField *f,
             guint                  n,
             IlWorkerMessage       *out,
             GError               **error)
{
  guint64 v;

  if (!il_protocol_field_count (f[0], n, 2, error) ||
      !il_protocol_number (f[1], _("pid"), 1, G_MAXINT32, &v, error))
    return FALSE;
  out->kind = IL_WORKER_MESSAGE_READY;
  out->pid = v;
  return TRUE;
}

/* ev TASK STATE CPU AT_NS */
static gboolean
parse_event (const IlProtocolField *f,
             guint                  n,
             IlWorkerMessage       *out,
             GError               **error)
{
  gboolean found = FALSE;
  guint64 v;

  if (!il_protocol_field_count (f[0], n, 5, error) ||
      !il_protocol_number (f[1], _("task"), 0, IL_WORKER_MAX_TASK, &v, error))
    return FALSE;
  out->kind = IL_WORKER_MESSAGE_EVENT;
  out->task = v;
  for (guint i = 0; i < G_N_ELEMENTS (worker_states) && !found; i++)
    if (il_protocol_field_is (f[2], worker_states[i].name))
      {
        out->state = worker_states[i].state;
        found = TRUE;
      }
  if (!found)
    {
      g_autofree char *text = il_protocol_excerpt (f[2]);

      return il_protocol_fail (error, IL_WORKER_PROTOCOL_ERROR_INVALID,
                               _("a worker cannot report state “%s”"), text);
    }
  if (out->state == IL_STATE_RUNNING)
    {
      if (!il_protocol_number (f[3], _("core"), 0, IL_WORKER_MAX_CPU, &v, error))
        return FALSE;
      out->cpu = v;
    }
  else if (!il_protocol_field_is (f[3], "-1"))
    {
      g_autofree char *text = il_protocol_excerpt (f[3]);

      return il_protocol_fail (error, IL_WORKER_PROTOCOL_ERROR_INVALID,
                               _("core “%s” for a state that is not running (must be -1)"), text);
    }
  if (!il_protocol_number (f[4], _("time"), 1, G_MAXINT64, &v, error))
    return FALSE;
  out->at_ns = v;
  return TRUE;
}

/* link TASK URL | redirect TASK URL */
static gboolean
parse_url_message (const IlProtocolField *f,
                   guint                  n,
                   IlWorkerMessage       *out,
                   GError               **error)
{
  guint64 v;

  if (!il_protocol_field_count (f[0], n, 3, error) ||
      !il_protocol_number (f[1], _("task"), 0, IL_WORKER_MAX_TASK, &v, error) ||
      !il_protocol_url_field (f[2], error))
    return FALSE;
  out->kind = il_protocol_field_is (f[0], "link") ? IL_WORKER_MESSAGE_LINK : IL_WORKER_MESSAGE_REDIRECT;
  out->task = v;
  out->url = g_strndup (f[2].s, f[2].n);
  return TRUE;
}

/* dropped TASK N */
static gboolean
parse_dropped (const IlProtocolField *f,
               guint                  n,
               IlWorkerMessage       *out,
               GError               **error)
{
  guint64 v;

  if (!il_protocol_field_count (f[0], n, 3, error) ||
      !il_protocol_number (f[1], _("task"), 0, IL_WORKER_MAX_TASK, &v, error))
    return FALSE;
  out->kind = IL_WORKER_MESSAGE_DROPPED;
  out->task = v;
  if (!il_protocol_number (f[2], _("count"), 1, G_MAXUINT32, &v, error))
    return FALSE;
  out->n_dropped = v;
  return TRUE;
}

gboolean
il_worker_protocol_parse_line (const char      *line,
                               gsize            len,
                               IlWorkerMessage *out,
                               GError         **error)
{
  IlProtocolField f[IL_PROTOCOL_MAX_FIELDS];
  guint n;

  g_return_val_if_fail (line != NULL || len == 0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  out->cpu = IL_NO_CPU;
  if (!il_protocol_check_line (line, len, IL_WORKER_LINE_MAX, error))
    return FALSE;

  /* Split on its own: its reason may hold spaces. */
  if (len >= 5 && memcmp (line, "done ", 5) == 0)
    return parse_done (line, len, out, error);

  n = il_protocol_split_fields (line, len, f, error);
  if (n == 0)
    return FALSE;

  if (il_protocol_field_is (f[0], "ready"))
    return parse_ready (f, n, out, error);
  if (il_protocol_field_is (f[0], "ev"))
    return parse_event (f, n, out, error);
  if (il_protocol_field_is (f[0], "link") || il_protocol_field_is (f[0], "redirect"))
    return parse_url_message (f, n, out, error);
  if (il_protocol_field_is (f[0], "dropped"))
    return parse_dropped (f, n, out, error);
  return il_protocol_unknown_verb (f[0], error);
}

void
il_worker_message_clear (IlWorkerMessage *message)
{
  g_clear_pointer (&message->reason, g_free);
  g_clear_pointer (&message->url, g_free);
}

/* ------------------------------------------------------------------------ */
/* The parent's check of their order */

/* What is checked of one task (a loop worker has many) */
typedef struct {
  guint    task;
  gint64   last_ns;
  guint    n_links;
  gboolean dropped;
} TaskCheck;

void
il_worker_session_init (IlWorkerSession *session,
                        gint64           pid)
{
  memset (session, 0, sizeof *session);
  session->pid = pid;
}

void
il_worker_session_set_loop (IlWorkerSession *session)
{
  g_return_if_fail (!session->has_task);

  session->loop = TRUE;
  if (session->tasks == NULL)
    session->tasks = g_hash_table_new_full (NULL, NULL, NULL, g_free);
}

void
il_worker_session_clear (IlWorkerSession *session)
{
  g_clear_pointer (&session->tasks, g_hash_table_unref);
}

guint
il_worker_session_n_tasks (const IlWorkerSession *session)
{
  if (session->loop)
    return g_hash_table_size (session->tasks);
  return session->has_task ? 1 : 0;
}

void
il_worker_session_start_task (IlWorkerSession *session,
                              guint            task,
                              gint64           sent_ns)
{
  TaskCheck *check;

  g_return_if_fail (session->ready);

  if (session->loop)
    {
      g_return_if_fail (!g_hash_table_contains (session->tasks, GUINT_TO_POINTER (task)));
      check = g_new0 (TaskCheck, 1);
      check->task = task;
      check->last_ns = sent_ns;
      g_hash_table_insert (session->tasks, GUINT_TO_POINTER (task), check);
      return;
    }

  g_return_if_fail (!session->has_task);
  session->has_task = TRUE;
  session->task = task;
  session->last_ns = sent_ns;
  session->n_links = 0;
  session->dropped = FALSE;
}

gboolean
il_worker_session_accept (IlWorkerSession       *session,
                          const IlWorkerMessage *message,
                          gint64                 now_ns,
                          GError               **error)
{
  TaskCheck one, *check;

  if (message->kind == IL_WORKER_MESSAGE_READY)
    {
      if (session->ready)
        return il_protocol_fail (error, IL_WORKER_PROTOCOL_ERROR_UNEXPECTED,
                                 _("“ready” a second time"));
      if (message->pid != session->pid)
        return il_protocol_fail (error, IL_WORKER_PROTOCOL_ERROR_UNEXPECTED,
                                 _("“ready” from pid %" PRId64 ", expected %" PRId64),
                                 message->pid, session->pid);
      session->ready = TRUE;
      return TRUE;
    }

  if (!session->ready)
    return il_protocol_fail (error, IL_WORKER_PROTOCOL_ERROR_UNEXPECTED,
                             _("a message before “ready”"));
  if (session->loop)
    check = g_hash_table_lookup (session->tasks, GUINT_TO_POINTER (message->task));
  else if (session->has_task && message->task == session->task)
    {
      one = (TaskCheck) { session->task, session->last_ns, session->n_links, session->dropped };
      check = &one;
    }
  else
    check = NULL;
  if (check == NULL)
    return il_protocol_fail (error, IL_WORKER_PROTOCOL_ERROR_UNEXPECTED,
                             _("a message about task %u, which it was not given"), message->task);

  if (message->kind == IL_WORKER_MESSAGE_EVENT)
    {
      if (message->state == IL_STATE_READY && !session->loop)
        return il_protocol_fail (error, IL_WORKER_PROTOCOL_ERROR_UNEXPECTED,
                                 _("“ready” state without a loop line"));
      if (message->at_ns < check->last_ns)
        return il_protocol_fail (error, IL_WORKER_PROTOCOL_ERROR_UNEXPECTED,
                                 _("time went backwards by %" PRId64 " ns"),
                                 check->last_ns - message->at_ns);
      if (message->at_ns > now_ns)
        return il_protocol_fail (error, IL_WORKER_PROTOCOL_ERROR_UNEXPECTED,
                                 _("a time %" PRId64 " ns in the future"), message->at_ns - now_ns);
      check->last_ns = message->at_ns;
    }
  else if (message->kind == IL_WORKER_MESSAGE_LINK)
    {
      if (check->n_links >= IL_WORKER_MAX_LINKS)
        return il_protocol_fail (error, IL_WORKER_PROTOCOL_ERROR_UNEXPECTED,
                                 _("more than %d links from one task"), IL_WORKER_MAX_LINKS);
      check->n_links++;
    }
  else if (message->kind == IL_WORKER_MESSAGE_DROPPED)
    {
      if (check->dropped)
        return il_protocol_fail (error, IL_WORKER_PROTOCOL_ERROR_UNEXPECTED,
                                 _("“dropped” a second time for one task"));
      check->dropped = TRUE;
    }
  else if (message->kind == IL_WORKER_MESSAGE_REDIRECT)
    {
      if (!session->crawl)
        return il_protocol_fail (error, IL_WORKER_PROTOCOL_ERROR_UNEXPECTED,
                                 _("“redirect” without a crawl line"));
    }
  else
    {
      g_assert (message->kind == IL_WORKER_MESSAGE_DONE);
      if (session->loop)
        g_hash_table_remove (session->tasks, GUINT_TO_POINTER (message->task));
      else
        session->has_task = FALSE;
      return TRUE;
    }

  if (check == &one)
    {
      session->last_ns = one.last_ns;
      session->n_links = one.n_links;
      session->dropped = one.dropped;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Formatting */

static const char *
state_name (IlState state)
{
  for (guint i = 0; i < G_N_ELEMENTS (worker_states); i++)
    if (worker_states[i].state == state)
      return worker_states[i].name;
  g_return_val_if_reached ("running");
}

char *
il_worker_protocol_format_ready (gint64 pid)
{
  return g_strdup_printf ("ready %" PRId64 "\n", pid);
}

char *
il_worker_protocol_format_event (guint   task,
                                 IlState state,
                                 gint    cpu,
                                 gint64  at_ns)
{
  if (state != IL_STATE_RUNNING)
    cpu = IL_NO_CPU;
  return g_strdup_printf ("ev %u %s %d %" PRId64 "\n", task, state_name (state), cpu, at_ns);
}

char *
il_worker_protocol_format_done (guint       task,
                                gboolean    ok,
                                const char *reason)
{
  g_autofree char *clean = NULL;
  g_autofree char *prefix = NULL;
  gsize room;

  if (ok)
    return g_strdup_printf ("done %u ok\n", task);

  /* One line of printable UTF-8, cut to fit the limit. */
  prefix = g_strdup_printf ("done %u failed ", task);
  room = IL_WORKER_LINE_MAX - strlen (prefix);
  clean = g_utf8_make_valid (reason && *reason ? reason : "?", -1);
  for (char *p = clean; *p; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      *p = ' ';
  if (strlen (clean) > room)
    *g_utf8_find_prev_char (clean, clean + room + 1) = '\0';
  return g_strdup_printf ("%s%s\n", prefix, clean);
}

char *
il_worker_protocol_format_link (guint       task,
                                const char *url)
{
  if (!il_worker_protocol_valid_url (url, -1))
    return NULL;
  return g_strdup_printf ("link %u %s\n", task, url);
}

char *
il_worker_protocol_format_dropped (guint task,
                                   guint n_dropped)
{
  g_return_val_if_fail (n_dropped > 0, NULL);
  return g_strdup_printf ("dropped %u %u\n", task, n_dropped);
}

char *
il_worker_protocol_format_redirect (guint       task,
                                    const char *url)
{
  if (!il_worker_protocol_valid_url (url, -1))
    return NULL;
  return g_strdup_printf ("redirect %u %s\n", task, url);
}
