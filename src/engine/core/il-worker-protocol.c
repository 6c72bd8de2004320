/* il-worker-protocol.c — strict parsers and formatters of the worker protocol
 * (described in il-worker-protocol.h) */

#include "config.h"

#include <inttypes.h>

#include <string.h>
#include <glib/gi18n-lib.h>

#include "il-worker-protocol.h"

#define MAX_FIELDS 8
#define EXCERPT_CHARS 24

G_DEFINE_QUARK (il-worker-protocol-error-quark, il_worker_protocol_error)

typedef struct {
  const char *s;
  gsize       n;
} Field;

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
};

static const char * const phase_kinds[] = {
  [IL_PHASE_SLEEP]        = "sleep",
  [IL_PHASE_CPU]          = "cpu",
  [IL_PHASE_PRINT]        = "print",
  [IL_PHASE_SLEEP_RANDOM] = "sleep-random",
  [IL_PHASE_HTTP]         = "http",
  [IL_PHASE_PARSE]        = "parse",
};

static gboolean
field_is (Field       f,
          const char *word)
{
  gsize n = strlen (word);

  return f.n == n && memcmp (f.s, word, n) == 0;
}

/* A short, printable copy of @f for error messages (the line has been
 * checked to be UTF-8 without control characters). */
static char *
excerpt (Field f)
{
  g_autofree char *copy = g_strndup (f.s, f.n);

  if (g_utf8_strlen (copy, -1) <= EXCERPT_CHARS)
    return g_steal_pointer (&copy);
  return g_strdup_printf ("%.*s…",
                          (int) (g_utf8_offset_to_pointer (copy, EXCERPT_CHARS) - copy), copy);
}

static gboolean
fail (GError              **error,
      IlWorkerProtocolError code,
      const char           *format,
      ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (GError              **error,
      IlWorkerProtocolError code,
      const char           *format,
      ...)
{
  va_list args;

  if (error == NULL)
    return FALSE;
  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (IL_WORKER_PROTOCOL_ERROR, code, format, args));
  va_end (args);
  return FALSE;
}

/* Length, encoding and characters: what every line must satisfy. */
static gboolean
check_line (const char *line,
            gsize       len,
            gsize       max,
            GError    **error)
{
  if (len > max)
    return fail (error, IL_WORKER_PROTOCOL_ERROR_TOO_LONG,
                 _("line longer than %zu bytes"), max);
  if (len == 0)
    return fail (error, IL_WORKER_PROTOCOL_ERROR_INVALID, _("empty line"));
  for (gsize i = 0; i < len; i++)
    {
      guchar c = line[i];

      if (c < 0x20 || c == 0x7f)
        return fail (error, IL_WORKER_PROTOCOL_ERROR_INVALID,
                     _("control character 0x%02x at byte %zu"), c, i);
    }
  if (!g_utf8_validate_len (line, len, NULL))
    return fail (error, IL_WORKER_PROTOCOL_ERROR_INVALID, _("not UTF-8"));
  return TRUE;
}

/* Splits at single spaces into at most @max fields; with @rest the last
 * field is the remainder of the line, spaces and all.  Returns the field
 * count, @max + 1 when there are more fields than @max. */
static guint
split (const char *line,
       gsize       len,
       Field      *fields,
       guint       max,
       gboolean    rest)
{
  guint n = 0;
  gsize start = 0;

  for (gsize i = 0; i <= len; i++)
    {
      if (i < len && line[i] != ' ')
        continue;
      if (n == max)
        return max + 1;
      if (rest && n + 1 == max)
        {
          fields[n].s = line + start;
          fields[n].n = len - start;
          return n + 1;
        }
      fields[n].s = line + start;
      fields[n].n = i - start;
      n++;
      start = i + 1;
    }
  return n;
}

static gboolean
check_fields (const Field *fields,
              guint        n,
              GError     **error)
{
  for (guint i = 0; i < n; i++)
    if (fields[i].n == 0)
      return fail (error, IL_WORKER_PROTOCOL_ERROR_INVALID,
                   _("empty field %u (two spaces, or a space at an end)"), i + 1);
  return TRUE;
}

static gboolean
parse_u64 (Field    f,
           guint64  max,
           guint64 *out)
{
  guint64 v = 0;

  if (f.n == 0 || f.n > 20 || (f.n > 1 && f.s[0] == '0'))
    return FALSE;
  for (gsize i = 0; i < f.n; i++)
    {
      guint d;

      if (f.s[i] < '0' || f.s[i] > '9')
        return FALSE;
      d = f.s[i] - '0';
      if (d > max || v > (max - d) / 10)
        return FALSE;
      v = v * 10 + d;
    }
  *out = v;
  return TRUE;
}

static gboolean
number (Field        f,
        const char  *what,
        guint64      min,
        guint64      max,
        guint64     *out,
        GError     **error)
{
  if (!parse_u64 (f, max, out) || *out < min)
    {
      g_autofree char *text = excerpt (f);

      return fail (error, IL_WORKER_PROTOCOL_ERROR_INVALID,
                   _("%s “%s” is not a number from %" PRIu64 " to %" PRIu64),
                   what, text, min, max);
    }
  return TRUE;
}

static gboolean
field_count (Field        verb,
             guint        n,
             guint        expected,
             GError     **error)
{
  g_autofree char *text = NULL;

  if (n == expected)
    return TRUE;
  text = excerpt (verb);
  if (n > expected)
    return fail (error, IL_WORKER_PROTOCOL_ERROR_INVALID,
                 _("“%s” takes %u fields, got more"), text, expected);
  return fail (error, IL_WORKER_PROTOCOL_ERROR_INVALID,
               _("“%s” takes %u fields, got %u"), text, expected, n);
}

static gboolean
unknown_verb (Field    verb,
              GError **error)
{
  g_autofree char *text = excerpt (verb);

  return fail (error, IL_WORKER_PROTOCOL_ERROR_INVALID, _("unknown verb “%s”"), text);
}

gboolean
il_worker_protocol_valid_url (const char *url,
                              gssize      len)
{
  gsize n, i;

  if (url == NULL)
    return FALSE;
  n = len < 0 ? strlen (url) : (gsize) len;
  if (n == 0 || n > IL_WORKER_MAX_URL)
    return FALSE;
  for (i = 0; i < n; i++)
    if ((guchar) url[i] < 0x21 || (guchar) url[i] > 0x7e)
      return FALSE;
  /* scheme "://" something */
  if (!g_ascii_isalpha (url[0]))
    return FALSE;
  for (i = 1; i < n && (g_ascii_isalnum (url[i]) || url[i] == '+' || url[i] == '-' || url[i] == '.'); i++)
    ;
  return i + 3 < n && memcmp (url + i, "://", 3) == 0;
}

static gboolean
url_field (Field    f,
           GError **error)
{
  g_autofree char *text = NULL;

  if (f.n > IL_WORKER_MAX_URL)
    return fail (error, IL_WORKER_PROTOCOL_ERROR_TOO_LONG,
                 _("URL longer than %d bytes"), IL_WORKER_MAX_URL);
  if (il_worker_protocol_valid_url (f.s, f.n))
    return TRUE;
  text = excerpt (f);
  return fail (error, IL_WORKER_PROTOCOL_ERROR_INVALID,
               _("“%s” is not a URL of the protocol (printable ASCII, SCHEME://…)"), text);
}

/* ------------------------------------------------------------------------ */
/* Worker → parent */

gboolean
il_worker_protocol_parse_line (const char      *line,
                               gsize            len,
                               IlWorkerMessage *out,
                               GError         **error)
{
  Field f[MAX_FIELDS];
  guint n;
  guint64 v;

  g_return_val_if_fail (line != NULL || len == 0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  out->cpu = IL_NO_CPU;
  if (!check_line (line, len, IL_WORKER_LINE_MAX, error))
    return FALSE;

  if (len >= 5 && memcmp (line, "done ", 5) == 0)
    {
      gboolean ok;

      n = split (line, len, f, 4, TRUE);
      if (n < 3 || !check_fields (f, MIN (n, 3), error))
        return n < 3 ? field_count (f[0], n, 3, error) : FALSE;
      if (!number (f[1], _("task"), 0, IL_WORKER_MAX_TASK, &v, error))
        return FALSE;
      if (field_is (f[2], "ok"))
        ok = TRUE;
      else if (field_is (f[2], "failed"))
        ok = FALSE;
      else
        {
          g_autofree char *text = excerpt (f[2]);

          return fail (error, IL_WORKER_PROTOCOL_ERROR_INVALID,
                       _("“done” needs “ok” or “failed”, not “%s”"), text);
        }
      if (ok && n != 3)
        return fail (error, IL_WORKER_PROTOCOL_ERROR_INVALID, _("“done … ok” takes no reason"));
      if (!ok && (n != 4 || f[3].n == 0))
        return fail (error, IL_WORKER_PROTOCOL_ERROR_INVALID, _("“done … failed” needs a reason"));
      out->kind = IL_WORKER_MESSAGE_DONE;
      out->task = v;
      out->ok = ok;
      if (!ok)
        out->reason = g_strndup (f[3].s, f[3].n);
      return TRUE;
    }

  n = split (line, len, f, MAX_FIELDS, FALSE);
  if (n > MAX_FIELDS)
    return fail (error, IL_WORKER_PROTOCOL_ERROR_INVALID, _("too many fields"));
  if (!check_fields (f, n, error))
    return FALSE;

  if (field_is (f[0], "ready"))
    {
      if (!field_count (f[0], n, 2, error) ||
          !number (f[1], _("pid"), 1, G_MAXINT32, &v, error))
        return FALSE;
      out->kind = IL_WORKER_MESSAGE_READY;
      out->pid = v;
      return TRUE;
    }

  if (field_is (f[0], "ev"))
    {
      gboolean found = FALSE;

      if (!field_count (f[0], n, 5, error) ||
          !number (f[1], _("task"), 0, IL_WORKER_MAX_TASK, &v, error))
        return FALSE;
      out->kind = IL_WORKER_MESSAGE_EVENT;
      out->task = v;
      for (guint i = 0; i < G_N_ELEMENTS (worker_states) && !found; i++)
        if (field_is (f[2], worker_states[i].name))
          {
            out->state = worker_states[i].state;
            found = TRUE;
          }
      if (!found)
        {
          g_autofree char *text = excerpt (f[2]);

          return fail (error, IL_WORKER_PROTOCOL_ERROR_INVALID,
                       _("a worker cannot report state “%s”"), text);
        }
      if (out->state == IL_STATE_RUNNING)
        {
          if (!number (f[3], _("core"), 0, IL_WORKER_MAX_CPU, &v, error))
            return FALSE;
          out->cpu = v;
        }
      else if (!field_is (f[3], "-1"))
        {
          g_autofree char *text = excerpt (f[3]);

          return fail (error, IL_WORKER_PROTOCOL_ERROR_INVALID,
                       _("core “%s” for a state that is not running (must be -1)"), text);
        }
      if (!number (f[4], _("time"), 1, G_MAXINT64, &v, error))
        return FALSE;
      out->at_ns = v;
      return TRUE;
    }

  if (field_is (f[0], "link") || field_is (f[0], "redirect"))
    {
      if (!field_count (f[0], n, 3, error) ||
          !number (f[1], _("task"), 0, IL_WORKER_MAX_TASK, &v, error) ||
          !url_field (f[2], error))
        return FALSE;
      out->kind = field_is (f[0], "link") ? IL_WORKER_MESSAGE_LINK : IL_WORKER_MESSAGE_REDIRECT;
      out->task = v;
      out->url = g_strndup (f[2].s, f[2].n);
      return TRUE;
    }

  return unknown_verb (f[0], error);
}

void
il_worker_message_clear (IlWorkerMessage *message)
{
  g_clear_pointer (&message->reason, g_free);
  g_clear_pointer (&message->url, g_free);
}

void
il_worker_session_init (IlWorkerSession *session,
                        gint64           pid)
{
  memset (session, 0, sizeof *session);
  session->pid = pid;
}

void
il_worker_session_start_task (IlWorkerSession *session,
                              guint            task,
                              gint64           sent_ns)
{
  g_return_if_fail (session->ready && !session->has_task);

  session->has_task = TRUE;
  session->task = task;
  session->last_ns = sent_ns;
  session->n_links = 0;
}

gboolean
il_worker_session_accept (IlWorkerSession       *session,
                          const IlWorkerMessage *message,
                          gint64                 now_ns,
                          GError               **error)
{
  if (message->kind == IL_WORKER_MESSAGE_READY)
    {
      if (session->ready)
        return fail (error, IL_WORKER_PROTOCOL_ERROR_UNEXPECTED, _("“ready” a second time"));
      if (message->pid != session->pid)
        return fail (error, IL_WORKER_PROTOCOL_ERROR_UNEXPECTED,
                     _("“ready” from pid %" PRId64 ", expected %" PRId64),
                     message->pid, session->pid);
      session->ready = TRUE;
      return TRUE;
    }

  if (!session->ready)
    return fail (error, IL_WORKER_PROTOCOL_ERROR_UNEXPECTED, _("a message before “ready”"));
  if (!session->has_task || message->task != session->task)
    return fail (error, IL_WORKER_PROTOCOL_ERROR_UNEXPECTED,
                 _("a message about task %u, which it was not given"), message->task);

  if (message->kind == IL_WORKER_MESSAGE_EVENT)
    {
      if (message->at_ns < session->last_ns)
        return fail (error, IL_WORKER_PROTOCOL_ERROR_UNEXPECTED,
                     _("time went backwards by %" PRId64 " ns"),
                     session->last_ns - message->at_ns);
      if (message->at_ns > now_ns)
        return fail (error, IL_WORKER_PROTOCOL_ERROR_UNEXPECTED,
                     _("a time %" PRId64 " ns in the future"), message->at_ns - now_ns);
      session->last_ns = message->at_ns;
      return TRUE;
    }

  if (message->kind == IL_WORKER_MESSAGE_LINK)
    {
      if (session->n_links >= IL_WORKER_MAX_LINKS)
        return fail (error, IL_WORKER_PROTOCOL_ERROR_UNEXPECTED,
                     _("more than %d links from one task"), IL_WORKER_MAX_LINKS);
      session->n_links++;
      return TRUE;
    }

  if (message->kind == IL_WORKER_MESSAGE_REDIRECT)
    {
      if (!session->crawl)
        return fail (error, IL_WORKER_PROTOCOL_ERROR_UNEXPECTED,
                     _("“redirect” without a crawl line"));
      return TRUE;
    }

  g_assert (message->kind == IL_WORKER_MESSAGE_DONE);
  session->has_task = FALSE;
  return TRUE;
}

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
il_worker_protocol_format_redirect (guint       task,
                                    const char *url)
{
  if (!il_worker_protocol_valid_url (url, -1))
    return NULL;
  return g_strdup_printf ("redirect %u %s\n", task, url);
}

/* ------------------------------------------------------------------------ */
/* Parent → worker */

static void
free_phases (IlPhase *phases,
             guint    n_phases)
{
  if (phases == NULL)
    return;
  for (guint p = 0; p < n_phases; p++)
    g_free (phases[p].url);
  g_free (phases);
}

static gboolean
parse_phase (Field    f,
             IlPhase *phase,
             GError **error)
{
  const char *colon = memchr (f.s, ':', f.n);
  Field kind, duration;
  guint64 v;

  if (colon == NULL)
    {
      g_autofree char *text = excerpt (f);

      return fail (error, IL_WORKER_PROTOCOL_ERROR_INVALID,
                   _("phase “%s” is not KIND:DURATION_NS"), text);
    }
  kind.s = f.s;
  kind.n = colon - f.s;
  duration.s = colon + 1;
  duration.n = f.n - kind.n - 1;
  if (field_is (kind, "http"))
    {
      /* http:URL — the rest of the phase, colons and all */
      if (!url_field (duration, error))
        return FALSE;
      phase->kind = IL_PHASE_HTTP;
      phase->duration_ns = 0;
      phase->url = g_strndup (duration.s, duration.n);
      return TRUE;
    }
  for (guint k = 0; k < G_N_ELEMENTS (phase_kinds); k++)
    if (k != IL_PHASE_HTTP && phase_kinds[k] != NULL && field_is (kind, phase_kinds[k]))
      {
        if (!number (duration, _("duration"), 0, IL_WORKER_MAX_DURATION_NS, &v, error))
          return FALSE;
        phase->kind = k;
        phase->duration_ns = v;
        phase->url = NULL;
        return TRUE;
      }
  {
    g_autofree char *text = excerpt (kind);

    return fail (error, IL_WORKER_PROTOCOL_ERROR_INVALID, _("unknown phase “%s”"), text);
  }
}

gboolean
il_worker_protocol_parse_command (const char      *line,
                                  gsize            len,
                                  IlWorkerCommand *out,
                                  GError         **error)
{
  Field f[MAX_FIELDS];
  guint n;
  guint64 v;

  g_return_val_if_fail (line != NULL || len == 0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  if (!check_line (line, len, IL_WORKER_COMMAND_MAX, error))
    return FALSE;

  if (len >= 5 && memcmp (line, "task ", 5) == 0)
    {
      IlPhase *phases = NULL;
      Field task, rest;
      guint n_phases = 0;
      gsize start;

      n = split (line, len, f, 3, TRUE);
      if (n < 2 || !check_fields (f, MIN (n, 2), error))
        return n < 2 ? field_count (f[0], n, 2, error) : FALSE;
      task = f[1];
      if (!number (task, _("task"), 0, IL_WORKER_MAX_TASK, &v, error))
        return FALSE;
      if (n == 3)
        {
          rest = f[2];
          /* Count first: the array is allocated once, bounded. */
          n_phases = 1;
          for (gsize i = 0; i < rest.n; i++)
            if (rest.s[i] == ' ')
              n_phases++;
          if (n_phases > IL_WORKER_MAX_PHASES)
            return fail (error, IL_WORKER_PROTOCOL_ERROR_INVALID,
                         _("more than %u phases"), IL_WORKER_MAX_PHASES);
          phases = g_new0 (IlPhase, n_phases);
          start = 0;
          for (guint p = 0; p < n_phases; p++)
            {
              const char *space = memchr (rest.s + start, ' ', rest.n - start);
              Field ph;

              ph.s = rest.s + start;
              ph.n = space ? (gsize) (space - ph.s) : rest.n - start;
              if (ph.n == 0 || !parse_phase (ph, &phases[p], error))
                {
                  free_phases (phases, n_phases);
                  return ph.n == 0 ? check_fields (&ph, 1, error) : FALSE;
                }
              start += ph.n + 1;
            }
        }
      out->kind = IL_WORKER_COMMAND_TASK;
      out->task = v;
      out->n_phases = n_phases;
      out->phases = phases;
      return TRUE;
    }

  n = split (line, len, f, MAX_FIELDS, FALSE);
  if (n > MAX_FIELDS)
    return fail (error, IL_WORKER_PROTOCOL_ERROR_INVALID, _("too many fields"));
  if (!check_fields (f, n, error))
    return FALSE;

  if (field_is (f[0], "hello"))
    {
      guint64 version, per_ms, gil, interval, tracing;

      if (!field_count (f[0], n, 6, error) ||
          !number (f[1], _("version"), 1, G_MAXUINT32, &version, error) ||
          !number (f[2], _("calibration"), 1, IL_WORKER_MAX_PER_MS, &per_ms, error) ||
          !number (f[3], _("GIL"), 0, 1, &gil, error) ||
          !number (f[4], _("interval"), gil ? 1 : 0, IL_WORKER_MAX_DURATION_NS, &interval, error) ||
          !number (f[5], _("tracing"), 0, 1, &tracing, error))
        return FALSE;
      if (version != IL_WORKER_PROTOCOL_VERSION)
        return fail (error, IL_WORKER_PROTOCOL_ERROR_INVALID,
                     _("protocol version %" PRIu64 ", this worker speaks %d"),
                     version, IL_WORKER_PROTOCOL_VERSION);
      out->kind = IL_WORKER_COMMAND_HELLO;
      out->per_ms = per_ms;
      out->gil = gil;
      out->interval_ns = interval;
      out->tracing = tracing;
      return TRUE;
    }

  if (field_is (f[0], "quit"))
    {
      if (!field_count (f[0], n, 1, error))
        return FALSE;
      out->kind = IL_WORKER_COMMAND_QUIT;
      return TRUE;
    }

  if (field_is (f[0], "crawl"))
    {
      guint64 timeout, max_body, max_redirects;

      if (!field_count (f[0], n, 4, error) ||
          !number (f[1], _("timeout"), 1, IL_WORKER_MAX_DURATION_NS, &timeout, error) ||
          !number (f[2], _("body cap"), 1, IL_WORKER_MAX_BODY, &max_body, error) ||
          !number (f[3], _("redirect cap"), 0, IL_WORKER_MAX_REDIRECTS, &max_redirects, error))
        return FALSE;
      out->kind = IL_WORKER_COMMAND_CRAWL;
      out->timeout_ns = timeout;
      out->max_body = max_body;
      out->max_redirects = max_redirects;
      return TRUE;
    }

  if (field_is (f[0], "follow"))
    {
      if (!field_count (f[0], n, 3, error) ||
          !number (f[1], _("task"), 0, IL_WORKER_MAX_TASK, &v, error))
        return FALSE;
      if (field_is (f[2], "yes"))
        out->follow = TRUE;
      else if (!field_is (f[2], "no"))
        {
          g_autofree char *text = excerpt (f[2]);

          return fail (error, IL_WORKER_PROTOCOL_ERROR_INVALID,
                       _("“follow” needs “yes” or “no”, not “%s”"), text);
        }
      out->kind = IL_WORKER_COMMAND_FOLLOW;
      out->task = v;
      return TRUE;
    }

  return unknown_verb (f[0], error);
}

void
il_worker_command_clear (IlWorkerCommand *command)
{
  free_phases (command->phases, command->n_phases);
  command->phases = NULL;
  command->n_phases = 0;
}

char *
il_worker_protocol_format_hello (guint64  per_ms,
                                 gboolean gil,
                                 gint64   interval_ns,
                                 gboolean tracing)
{
  return g_strdup_printf ("hello %d %" PRIu64 " %d %" PRId64 " %d\n",
                          IL_WORKER_PROTOCOL_VERSION, MAX (per_ms, 1), gil ? 1 : 0,
                          MAX (interval_ns, gil ? 1 : 0), tracing ? 1 : 0);
}

gboolean
il_worker_protocol_supports_phase (IlPhaseKind kind)
{
  return (guint) kind < G_N_ELEMENTS (phase_kinds) && phase_kinds[kind] != NULL;
}

char *
il_worker_protocol_format_task (guint          task,
                                const IlPhase *phases,
                                guint          n_phases)
{
  GString *line;

  for (guint p = 0; p < n_phases; p++)
    {
      g_return_val_if_fail (il_worker_protocol_supports_phase (phases[p].kind), NULL);
      g_return_val_if_fail (phases[p].kind != IL_PHASE_HTTP ||
                            il_worker_protocol_valid_url (phases[p].url, -1), NULL);
    }

  line = g_string_new (NULL);
  g_string_append_printf (line, "task %u", task);
  for (guint p = 0; p < n_phases; p++)
    if (phases[p].kind == IL_PHASE_HTTP)
      g_string_append_printf (line, " http:%s", phases[p].url);
    else
      g_string_append_printf (line, " %s:%" PRId64, phase_kinds[phases[p].kind],
                              CLAMP (phases[p].duration_ns, 0, IL_WORKER_MAX_DURATION_NS));
  g_string_append_c (line, '\n');
  return g_string_free (line, FALSE);
}

char *
il_worker_protocol_format_quit (void)
{
  return g_strdup ("quit\n");
}

char *
il_worker_protocol_format_crawl (gint64  timeout_ns,
                                 guint64 max_body,
                                 guint   max_redirects)
{
  return g_strdup_printf ("crawl %" PRId64 " %" PRIu64 " %u\n",
                          CLAMP (timeout_ns, 1, IL_WORKER_MAX_DURATION_NS),
                          CLAMP (max_body, 1, IL_WORKER_MAX_BODY),
                          MIN (max_redirects, IL_WORKER_MAX_REDIRECTS));
}

char *
il_worker_protocol_format_follow (guint    task,
                                  gboolean follow)
{
  return g_strdup_printf ("follow %u %s\n", task, follow ? "yes" : "no");
}
