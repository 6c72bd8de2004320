/* il-worker-protocol-commands.c — the lines a parent sends its worker
 * (parent → worker in il-worker-protocol.h): the strict parser and the
 * formatters
 */

#include "config.h"

#include <inttypes.h>

#include <string.h>
#include <glib/gi18n-lib.h>

#include "il-worker-protocol-private.h"

/* The phases a worker runs, by the name a task line gives them */
static const char * const phase_kinds[] = {
  [IL_PHASE_SLEEP]        = "sleep",
  [IL_PHASE_CPU]          = "cpu",
  [IL_PHASE_PRINT]        = "print",
  [IL_PHASE_SLEEP_RANDOM] = "sleep-random",
  [IL_PHASE_HTTP]         = "http",
  [IL_PHASE_PARSE]        = "parse",
};

/* ------------------------------------------------------------------------ */
/* Parsing */

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
parse_phase (IlProtocolField f,
             IlPhase        *phase,
             GError        **error)
{
  const char *colon = memchr (f.s, ':', f.n);
  IlProtocolField kind, duration;
  guint64 v;

  if (colon == NULL)
    {
      g_autofree char *text = il_protocol_excerpt (f);

      return il_protocol_fail (error, IL_WORKER_PROTOCOL_ERROR_INVALID,
                               _("phase “%s” is not KIND:DURATION_NS"), text);
    }
  kind.s = f.s;
  kind.n = colon - f.s;
  duration.s = colon + 1;
  duration.n = f.n - kind.n - 1;
  if (il_protocol_field_is (kind, "http"))
    {
      /* http:URL — the rest of the phase, colons and all */
      if (!il_protocol_url_field (duration, error))
        return FALSE;
      phase->kind = IL_PHASE_HTTP;
      phase->duration_ns = 0;
      phase->url = g_strndup (duration.s, duration.n);
      return TRUE;
    }
  for (guint k = 0; k < G_N_ELEMENTS (phase_kinds); k++)
    if (k != IL_PHASE_HTTP && phase_kinds[k] != NULL && il_protocol_field_is (kind, phase_kinds[k]))
      {
        if (!il_protocol_number (duration, _("duration"), 0, IL_WORKER_MAX_DURATION_NS, &v, error))
          return FALSE;
        phase->kind = k;
        phase->duration_ns = v;
        phase->url = NULL;
        return TRUE;
      }
  {
    g_autofree char *text = il_protocol_excerpt (kind);

    return il_protocol_fail (error, IL_WORKER_PROTOCOL_ERROR_INVALID, _("unknown phase “%s”"), text);
  }
}

/* The phases of a task line, @rest the line after "task TASK " */
static gboolean
parse_phases (IlProtocolField   rest,
              IlPhase         **out_phases,
              guint            *out_n_phases,
              GError          **error)
{
  IlPhase *phases;
  guint n_phases;
  gsize start;

  /* Count first: the array is allocated once, bounded. */
  n_phases = 1;
  for (gsize i = 0; i < rest.n; i++)
    if (rest.s[i] == ' ')
      n_phases++;
  if (n_phases > IL_WORKER_MAX_PHASES)
    return il_protocol_fail (error, IL_WORKER_PROTOCOL_ERROR_INVALID,
                             _("more than %u phases"), IL_WORKER_MAX_PHASES);
  phases = g_new0 (IlPhase, n_phases);
  start = 0;
  for (guint p = 0; p < n_phases; p++)
    {
      const char *space = memchr (rest.s + start, ' ', rest.n - start);
      IlProtocolField ph;

      ph.s = rest.s + start;
      ph.n = space ? (gsize) (space - ph.s) : rest.n - start;
      if (ph.n == 0 || !parse_phase (ph, &phases[p], error))
        {
          free_phases (phases, n_phases);
          return ph.n == 0 ? il_protocol_check_fields (&ph, 1, error) : FALSE;
        }
      start += ph.n + 1;
    }
  *out_phases = phases;
  *out_n_phases = n_phases;
  return TRUE;
}

/* task TASK PHASE…: split in three, the phases being as many as
 * IL_WORKER_MAX_PHASES. */
static gboolean
parse_task (const char      *line,
            gsize            len,
            IlWorkerCommand *out,
            GError         **error)
{
  IlProtocolField f[3];
  IlPhase *phases = NULL;
  guint n_phases = 0;
  guint n;
  guint64 v;

  n = il_protocol_split (line, len, f, 3, TRUE);
  if (n < 2 || !il_protocol_check_fields (f, MIN (n, 2), error))
    return n < 2 ? il_protocol_field_count (f[0], n, 2, error) : FALSE;
  if (!il_protocol_number (f[1], _("task"), 0, IL_WORKER_MAX_TASK, &v, error))
    return FALSE;
  if (n == 3 && !parse_phases (f[2], &phases, &n_phases, error))
    return FALSE;
  out->kind = IL_WORKER_COMMAND_TASK;
  out->task = v;
  out->n_phases = n_phases;
  out->phases = phases;
  return TRUE;
}

/* hello VERSION PER_MS GIL INTERVAL_NS TRACING */
static gboolean
parse_hello (const IlProtocolField *f,
             guint                  n,
             IlWorkerCommand       *out,
             GError               **error)
{
  guint64 version, per_ms, gil, interval, tracing;

  if (!il_protocol_field_count (f[0], n, 6, error) ||
      !il_protocol_number (f[1], _("version"), 1, G_MAXUINT32, &version, error) ||
      !il_protocol_number (f[2], _("calibration"), 1, IL_WORKER_MAX_PER_MS, &per_ms, error) ||
      !il_protocol_number (f[3], _("GIL"), 0, 1, &gil, error) ||
      !il_protocol_number (f[4], _("interval"), gil ? 1 : 0, IL_WORKER_MAX_DURATION_NS,
                           &interval, error) ||
      !il_protocol_number (f[5], _("tracing"), 0, 1, &tracing, error))
    return FALSE;
  if (version != IL_WORKER_PROTOCOL_VERSION)
    return il_protocol_fail (error, IL_WORKER_PROTOCOL_ERROR_INVALID,
                             _("protocol version %" PRIu64 ", this worker speaks %d"),
                             version, IL_WORKER_PROTOCOL_VERSION);
  out->kind = IL_WORKER_COMMAND_HELLO;
  out->per_ms = per_ms;
  out->gil = gil;
  out->interval_ns = interval;
  out->tracing = tracing;
  return TRUE;
}

/* crawl TIMEOUT_NS MAX_BODY MAX_REDIRECTS */
static gboolean
parse_crawl (const IlProtocolField *f,
             guint                  n,
             IlWorkerCommand       *out,
             GError               **error)
{
  guint64 timeout, max_body, max_redirects;

  if (!il_protocol_field_count (f[0], n, 4, error) ||
      !il_protocol_number (f[1], _("timeout"), 1, IL_WORKER_MAX_DURATION_NS, &timeout, error) ||
      !il_protocol_number (f[2], _("body cap"), 1, IL_WORKER_MAX_BODY, &max_body, error) ||
      !il_protocol_number (f[3], _("redirect cap"), 0, IL_WORKER_MAX_REDIRECTS, &max_redirects, error))
    return FALSE;
  out->kind = IL_WORKER_COMMAND_CRAWL;
  out->timeout_ns = timeout;
  out->max_body = max_body;
  out->max_redirects = max_redirects;
  return TRUE;
}

/* follow TASK yes|no */
static gboolean
parse_follow (const IlProtocolField *f,
              guint                  n,
              IlWorkerCommand       *out,
              GError               **error)
{
  guint64 v;

  if (!il_protocol_field_count (f[0], n, 3, error) ||
      !il_protocol_number (f[1], _("task"), 0, IL_WORKER_MAX_TASK, &v, error))
    return FALSE;
  if (il_protocol_field_is (f[2], "yes"))
    out->follow = TRUE;
  else if (!il_protocol_field_is (f[2], "no"))
    {
      g_autofree char *text = il_protocol_excerpt (f[2]);

      return il_protocol_fail (error, IL_WORKER_PROTOCOL_ERROR_INVALID,
                               _("“follow” needs “yes” or “no”, not “%s”"), text);
    }
  out->kind = IL_WORKER_COMMAND_FOLLOW;
  out->task = v;
  return TRUE;
}

gboolean
il_worker_protocol_parse_command (const char      *line,
                                  gsize            len,
                                  IlWorkerCommand *out,
                                  GError         **error)
{
  IlProtocolField f[IL_PROTOCOL_MAX_FIELDS];
  guint n;

  g_return_val_if_fail (line != NULL || len == 0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  if (!il_protocol_check_line (line, len, IL_WORKER_COMMAND_MAX, error))
    return FALSE;

  if (len >= 5 && memcmp (line, "task ", 5) == 0)
    return parse_task (line, len, out, error);

  n = il_protocol_split_fields (line, len, f, error);
  if (n == 0)
    return FALSE;

  if (il_protocol_field_is (f[0], "hello"))
    return parse_hello (f, n, out, error);
  if (il_protocol_field_is (f[0], "quit"))
    {
      if (!il_protocol_field_count (f[0], n, 1, error))
        return FALSE;
      out->kind = IL_WORKER_COMMAND_QUIT;
      return TRUE;
    }
  if (il_protocol_field_is (f[0], "loop"))
    {
      if (!il_protocol_field_count (f[0], n, 1, error))
        return FALSE;
      out->kind = IL_WORKER_COMMAND_LOOP;
      return TRUE;
    }
  if (il_protocol_field_is (f[0], "crawl"))
    return parse_crawl (f, n, out, error);
  if (il_protocol_field_is (f[0], "follow"))
    return parse_follow (f, n, out, error);
  return il_protocol_unknown_verb (f[0], error);
}

void
il_worker_command_clear (IlWorkerCommand *command)
{
  free_phases (command->phases, command->n_phases);
  command->phases = NULL;
  command->n_phases = 0;
}

/* ------------------------------------------------------------------------ */
/* Formatting */

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

char *
il_worker_protocol_format_loop (void)
{
  return g_strdup ("loop\n");
}
