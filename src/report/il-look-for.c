/* il-look-for.c — a workload's "what to look for", filled from its runs
 * (the template syntax is in il-look-for.h)
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "il-look-for.h"
#include "il-model-info.h"
#include "il-stats.h"

#define ORDER_SHOWN 10
/* Between a number and its unit: a line never breaks there */
#define NBSP "\u00a0"

G_DEFINE_QUARK (il-look-for-error-quark, il_look_for_error)

typedef struct {
  const IlRunRecord *record;
  IlRunStats         stats;
} Run;

typedef struct {
  GArray    *runs;        /* of Run: finished and not stopped */
  const Run *sequential;  /* the speedups' reference, or NULL */
} Runs;

/* A figure of @run, or with @run NULL of all runs; NULL: unknown */
typedef char *(*ValueFunc) (const Runs *runs,
                            const Run  *run);

/* ------------------------------------------------------------------------ */
/* Numbers, as the app's table writes them */

static char *
format_duration (gint64 ns)
{
  double s = (double) ns / 1e9;
  double ms = (double) ns / 1e6;

  if (ns < 0)
    return NULL;
  /* Seconds down to a tenth, so that figures side by side share a unit */
  if (ns >= 95 * G_GINT64_CONSTANT (1000000))
    return g_strdup_printf ("%.*f" NBSP "s", s >= 100 ? 0 : s >= 10 ? 1 : 2, s);
  return g_strdup_printf ("%.*f" NBSP "ms", ms >= 10 ? 1 : 2, ms);
}

static char *
format_percent (double fraction)
{
  if (!isfinite (fraction))
    return NULL;
  return g_strdup_printf ("%.0f" NBSP "%%", fraction * 100.0);
}

/* ------------------------------------------------------------------------ */
/* Figures of one run */

static char *
value_makespan (const Runs *runs,
                const Run  *run)
{
  return format_duration (run->stats.makespan_ns);
}

static char *
value_ideal (const Runs *runs,
             const Run  *run)
{
  return format_duration (run->stats.ideal_ns);
}

static char *
value_speedup (const Runs *runs,
               const Run  *run)
{
  double speedup;

  if (runs->sequential == NULL)
    return NULL;
  speedup = il_run_stats_speedup (&run->stats, &runs->sequential->stats);
  if (!isfinite (speedup))
    return NULL;
  /* Translators: a speedup, e.g. "2.95×" */
  return g_strdup_printf (_("%.2f×"), speedup);
}

static char *
value_efficiency (const Runs *runs,
                  const Run  *run)
{
  return format_percent (il_run_stats_efficiency (&run->stats));
}

static char *
value_gil_wait (const Runs *runs,
                const Run  *run)
{
  return run->stats.gil ? format_duration (run->stats.gil_wait_ns) : NULL;
}

static char *
value_handovers (const Runs *runs,
                 const Run  *run)
{
  if (!run->stats.gil || run->stats.gil_handovers < 0)
    return NULL;
  return g_strdup_printf ("%" G_GINT64_FORMAT, run->stats.gil_handovers);
}

static char *
value_cores_used (const Runs *runs,
                  const Run  *run)
{
  return run->stats.cores_used > 0 ? g_strdup_printf ("%u", run->stats.cores_used) : NULL;
}

static char *
value_preempted (const Runs *runs,
                 const Run  *run)
{
  return format_duration (run->stats.preempted_ns);
}

static char *
value_queued (const Runs *runs,
              const Run  *run)
{
  return format_duration (run->stats.queued_ns);
}

static char *
value_spawning (const Runs *runs,
                const Run  *run)
{
  const IlTraceSnapshot *snap = run->record->snapshot;
  gint64 total = 0;
  guint n = 0;

  for (guint t = 0; t < snap->n_tasks; t++)
    for (guint s = 0; s < snap->tasks[t].n_segments; s++)
      {
        const IlSegment *segment = &snap->tasks[t].segments[s];

        if (segment->state == IL_STATE_SPAWNING)
          {
            total += segment->end_ns - segment->start_ns;
            n++;
          }
      }
  return n > 0 ? format_duration (total / n) : NULL;
}

static char *
value_order (const Runs *runs,
             const Run  *run)
{
  const IlRunStats *stats = &run->stats;
  GString *text;

  if (stats->n_completion_order == 0)
    return NULL;
  text = g_string_new (NULL);
  for (guint k = 0; k < MIN (stats->n_completion_order, ORDER_SHOWN); k++)
    g_string_append_printf (text, "%s%u", k > 0 ? ", " : "", stats->completion_order[k]);
  if (stats->n_completion_order > ORDER_SHOWN)
    g_string_append (text, ", …");
  return g_string_free (text, FALSE);
}

/* ------------------------------------------------------------------------ */
/* Figures of the comparison, or of one run */

/* The time the tasks of @run (NULL: of all runs) spent waiting and
 * running, and how many tasks ended; FALSE when there is none. */
static gboolean
sum_wait_and_work (const Runs *runs,
                   const Run  *run,
                   gint64     *io_ns,
                   gint64     *running_ns,
                   guint      *tasks)
{
  *io_ns = *running_ns = 0;
  *tasks = 0;
  for (guint i = 0; i < runs->runs->len; i++)
    {
      const Run *r = &g_array_index (runs->runs, Run, i);

      if (run != NULL && r != run)
        continue;
      *io_ns += r->stats.io_wait_ns;
      *running_ns += r->stats.running_ns;
      *tasks += r->stats.tasks_ok + r->stats.tasks_failed;
    }
  return *tasks > 0 && *io_ns + *running_ns > 0;
}

static char *
value_io_share (const Runs *runs,
                const Run  *run)
{
  gint64 io, running;
  guint tasks;

  if (!sum_wait_and_work (runs, run, &io, &running, &tasks))
    return NULL;
  return format_percent ((double) io / (double) (io + running));
}

static char *
value_parse_share (const Runs *runs,
                   const Run  *run)
{
  gint64 io, running;
  guint tasks;

  if (!sum_wait_and_work (runs, run, &io, &running, &tasks))
    return NULL;
  return format_percent ((double) running / (double) (io + running));
}

static char *
value_io_per_page (const Runs *runs,
                   const Run  *run)
{
  gint64 io, running;
  guint tasks;

  if (!sum_wait_and_work (runs, run, &io, &running, &tasks))
    return NULL;
  return format_duration (io / tasks);
}

static char *
value_parse_per_page (const Runs *runs,
                      const Run  *run)
{
  gint64 io, running;
  guint tasks;

  if (!sum_wait_and_work (runs, run, &io, &running, &tasks))
    return NULL;
  return format_duration (running / tasks);
}

static const IlRunRecord *
first_record (const Runs *runs,
              const Run  *run)
{
  if (run != NULL)
    return run->record;
  return runs->runs->len > 0 ? g_array_index (runs->runs, Run, 0).record : NULL;
}

static char *
value_tasks (const Runs *runs,
             const Run  *run)
{
  const IlRunRecord *record = first_record (runs, run);

  return record != NULL && record->snapshot->n_tasks > 0
    ? g_strdup_printf ("%u", record->snapshot->n_tasks) : NULL;
}

static char *
value_io (const Runs *runs,
          const Run  *run)
{
  const IlRunRecord *record = first_record (runs, run);

  return record != NULL ? format_duration (record->params.io_ms * G_GINT64_CONSTANT (1000000)) : NULL;
}

static char *
value_cpu (const Runs *runs,
           const Run  *run)
{
  const IlRunRecord *record = first_record (runs, run);

  return record != NULL ? format_duration (record->params.cpu_ms * G_GINT64_CONSTANT (1000000)) : NULL;
}

static char *
value_cores (const Runs *runs,
             const Run  *run)
{
  const IlRunRecord *record = first_record (runs, run);

  return record != NULL && record->logical_cores > 0
    ? g_strdup_printf ("%u", record->logical_cores) : NULL;
}

static const struct {
  const char *name;
  gboolean    per_run;   /* names a model */
  ValueFunc   value;
} stat_table[] = {
  { "makespan",       TRUE,  value_makespan },
  { "ideal",          TRUE,  value_ideal },
  { "speedup",        TRUE,  value_speedup },
  { "efficiency",     TRUE,  value_efficiency },
  { "gil_wait",       TRUE,  value_gil_wait },
  { "handovers",      TRUE,  value_handovers },
  { "cores_used",     TRUE,  value_cores_used },
  { "preempted",      TRUE,  value_preempted },
  { "queued",         TRUE,  value_queued },
  { "spawning",       TRUE,  value_spawning },
  { "order",          TRUE,  value_order },
  { "io_share",       FALSE, value_io_share },
  { "parse_share",    FALSE, value_parse_share },
  { "io_per_page",    FALSE, value_io_per_page },
  { "parse_per_page", FALSE, value_parse_per_page },
  { "tasks",          FALSE, value_tasks },
  { "io",             FALSE, value_io },
  { "cpu",            FALSE, value_cpu },
  { "cores",          FALSE, value_cores },
};

/* ------------------------------------------------------------------------ */
/* Placeholders */

typedef struct {
  guint    stat;        /* index in stat_table */
  IlModel  model;
  gboolean has_model;
  gboolean gil;         /* "+gil" */
} Placeholder;

/* Parses "stat" or "stat:model[+gil]" (@length bytes at @text). */
static gboolean
parse_placeholder (const char  *text,
                   gsize        length,
                   Placeholder *out,
                   GError     **error)
{
  g_autofree char *spec = g_strstrip (g_strndup (text, length));
  char *colon = strchr (spec, ':');
  char *model = NULL;
  guint i;

  memset (out, 0, sizeof *out);
  if (colon != NULL)
    {
      *colon = '\0';
      model = g_strstrip (colon + 1);
      g_strstrip (spec);
    }

  for (i = 0; i < G_N_ELEMENTS (stat_table); i++)
    if (g_str_equal (stat_table[i].name, spec))
      break;
  if (i == G_N_ELEMENTS (stat_table))
    {
      g_set_error (error, IL_LOOK_FOR_ERROR, IL_LOOK_FOR_ERROR_UNKNOWN,
                   "{%.*s}: no stat is called “%s”", (int) length, text, spec);
      return FALSE;
    }
  out->stat = i;

  if (model == NULL)
    {
      if (stat_table[i].per_run)
        {
          g_set_error (error, IL_LOOK_FOR_ERROR, IL_LOOK_FOR_ERROR_UNKNOWN,
                       "{%.*s}: “%s” needs a model, as in {%s:threads}",
                       (int) length, text, spec, spec);
          return FALSE;
        }
      return TRUE;
    }

  if (g_str_has_suffix (model, "+gil"))
    {
      model[strlen (model) - strlen ("+gil")] = '\0';
      out->gil = TRUE;
    }
  if (!il_model_from_string (model, &out->model) ||
      (out->gil && !il_model_get_info (out->model)->threaded))
    {
      g_set_error (error, IL_LOOK_FOR_ERROR, IL_LOOK_FOR_ERROR_UNKNOWN,
                   "{%.*s}: no model is called “%s%s”", (int) length, text, model,
                   out->gil ? "+gil" : "");
      return FALSE;
    }
  out->has_model = TRUE;
  return TRUE;
}

/* The run @placeholder names; NULL when that model did not run (or was
 * stopped) */
static const Run *
find_run (const Runs        *runs,
          const Placeholder *placeholder)
{
  const char *id = il_model_get_info (placeholder->model)->id;

  for (guint i = 0; i < runs->runs->len; i++)
    {
      const Run *run = &g_array_index (runs->runs, Run, i);

      if (g_strcmp0 (run->record->model, id) == 0 && !run->record->gil == !placeholder->gil)
        return run;
    }
  return NULL;
}

static char *
fill_placeholder (const Runs *runs,
                  const char *text,
                  gsize       length)
{
  Placeholder placeholder;
  const Run *run = NULL;

  if (!parse_placeholder (text, length, &placeholder, NULL))
    return NULL;
  if (placeholder.has_model && (run = find_run (runs, &placeholder)) == NULL)
    return NULL;
  if (!placeholder.has_model && runs->runs->len == 0)
    return NULL;
  return stat_table[placeholder.stat].value (runs, run);
}

/* ------------------------------------------------------------------------ */
/* The template */

typedef enum {
  PIECE_TEXT,          /* @text, @length bytes, literally */
  PIECE_PLACEHOLDER,   /* the inside of { } */
  PIECE_OPEN,          /* [ */
  PIECE_CLOSE,         /* ] */
} PieceKind;

typedef void (*PieceFunc) (PieceKind   kind,
                           const char *text,
                           gsize       length,
                           gpointer    user_data);

/* Walks @template_text piece by piece; FALSE on a syntax error (the
 * pieces before it were seen). */
static gboolean
walk (const char *template_text,
      PieceFunc   func,
      gpointer    user_data,
      GError    **error)
{
  const char *p = template_text;
  gboolean in_group = FALSE;

  while (*p != '\0')
    {
      const char *close;
      gsize plain = strcspn (p, "[]{}");

      if (plain > 0)
        {
          func (PIECE_TEXT, p, plain, user_data);
          p += plain;
          continue;
        }
      if (p[1] == p[0])
        {
          /* [[ ]] {{ }}: the character itself */
          func (PIECE_TEXT, p, 1, user_data);
          p += 2;
          continue;
        }
      switch (*p)
        {
        case '[':
          if (in_group)
            {
              g_set_error (error, IL_LOOK_FOR_ERROR, IL_LOOK_FOR_ERROR_SYNTAX,
                           "a [ inside [ ]: “%.20s”", p);
              return FALSE;
            }
          in_group = TRUE;
          func (PIECE_OPEN, p, 1, user_data);
          p++;
          break;
        case ']':
          if (!in_group)
            {
              g_set_error (error, IL_LOOK_FOR_ERROR, IL_LOOK_FOR_ERROR_SYNTAX,
                           "a ] without its [: “%.20s”", p);
              return FALSE;
            }
          in_group = FALSE;
          func (PIECE_CLOSE, p, 1, user_data);
          p++;
          break;
        case '{':
          close = strchr (p, '}');
          if (close == NULL)
            {
              g_set_error (error, IL_LOOK_FOR_ERROR, IL_LOOK_FOR_ERROR_SYNTAX,
                           "a { without its }: “%.20s”", p);
              return FALSE;
            }
          func (PIECE_PLACEHOLDER, p + 1, close - p - 1, user_data);
          p = close + 1;
          break;
        default: /* '}' */
          g_set_error (error, IL_LOOK_FOR_ERROR, IL_LOOK_FOR_ERROR_SYNTAX,
                       "a } without its {: “%.20s”", p);
          return FALSE;
        }
    }
  if (in_group)
    {
      g_set_error_literal (error, IL_LOOK_FOR_ERROR, IL_LOOK_FOR_ERROR_SYNTAX,
                           "a [ without its ]");
      return FALSE;
    }
  return TRUE;
}

typedef struct {
  const Runs *runs;
  GString    *out;
  GString    *part;      /* the part being filled */
  gboolean    part_ok;   /* every placeholder in it was filled */
} Filler;

static void
end_part (Filler *filler)
{
  if (filler->part_ok)
    g_string_append_len (filler->out, filler->part->str, filler->part->len);
  g_string_truncate (filler->part, 0);
  filler->part_ok = TRUE;
}

static void
fill_piece (PieceKind   kind,
            const char *text,
            gsize       length,
            gpointer    user_data)
{
  Filler *filler = user_data;
  g_autofree char *value = NULL;

  switch (kind)
    {
    case PIECE_TEXT:
      g_string_append_len (filler->part, text, length);
      break;
    case PIECE_PLACEHOLDER:
      value = filler->part_ok ? fill_placeholder (filler->runs, text, length) : NULL;
      if (value == NULL)
        filler->part_ok = FALSE;
      else
        g_string_append (filler->part, value);
      break;
    case PIECE_OPEN:
    case PIECE_CLOSE:
      end_part (filler);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Runs of spaces where a part was left out become one; none at the ends */
static char *
tidy_spaces (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == ' ' && (out->len == 0 || out->str[out->len - 1] == ' ' ||
                        out->str[out->len - 1] == '\n'))
        continue;
      if (*p == '\n' && out->len > 0 && out->str[out->len - 1] == ' ')
        g_string_truncate (out, out->len - 1);
      g_string_append_c (out, *p);
    }
  while (out->len > 0 && g_ascii_isspace (out->str[out->len - 1]))
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

static void
clear_run (gpointer data)
{
  il_run_stats_clear (&((Run *) data)->stats);
}

char *
il_look_for_fill (const char          *template_text,
                  IlRunRecord * const *records,
                  guint                n_records)
{
  g_autoptr(GArray) usable = g_array_new (FALSE, TRUE, sizeof (Run));
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) part = g_string_new (NULL);
  Runs runs = { usable, NULL };
  Filler filler = { &runs, out, part, TRUE };

  g_return_val_if_fail (template_text != NULL, NULL);
  g_return_val_if_fail (records != NULL || n_records == 0, NULL);

  g_array_set_clear_func (usable, clear_run);
  /* A run still going, or stopped, has no figures to show */
  for (guint i = 0; i < n_records; i++)
    if (records[i] != NULL && records[i]->finished && !records[i]->stopped &&
        records[i]->snapshot != NULL && records[i]->model != NULL)
      {
        Run run = { records[i], };

        il_run_stats_compute (records[i], &run.stats);
        g_array_append_val (usable, run);
      }
  for (guint i = 0; i < usable->len; i++)
    if (g_strcmp0 (g_array_index (usable, Run, i).record->model, "sequential") == 0)
      {
        runs.sequential = &g_array_index (usable, Run, i);
        break;
      }

  /* A text that is not a well-formed template (a user's own file may use
   * brackets as brackets) is shown as it is written */
  if (!walk (template_text, fill_piece, &filler, NULL))
    return tidy_spaces (template_text);
  end_part (&filler);
  return tidy_spaces (out->str);
}

typedef struct {
  gboolean  in_group;
  GError   *error;
} Checker;

static void
check_piece (PieceKind   kind,
             const char *text,
             gsize       length,
             gpointer    user_data)
{
  Checker *checker = user_data;
  Placeholder placeholder;

  if (checker->error != NULL)
    return;
  switch (kind)
    {
    case PIECE_OPEN:
    case PIECE_CLOSE:
      checker->in_group = kind == PIECE_OPEN;
      break;
    case PIECE_PLACEHOLDER:
      if (!parse_placeholder (text, length, &placeholder, &checker->error))
        break;
      if (!checker->in_group)
        g_set_error (&checker->error, IL_LOOK_FOR_ERROR, IL_LOOK_FOR_ERROR_SYNTAX,
                     "{%.*s} is outside [ ]", (int) length, text);
      break;
    case PIECE_TEXT:
    default:
      break;
    }
}

gboolean
il_look_for_check (const char  *template_text,
                   GError     **error)
{
  Checker checker = { FALSE, NULL };
  g_autoptr(GError) syntax = NULL;
  gboolean well_formed;

  g_return_val_if_fail (template_text != NULL, FALSE);

  well_formed = walk (template_text, check_piece, &checker, &syntax);
  /* The first fault in the text */
  if (checker.error != NULL)
    {
      g_propagate_error (error, checker.error);
      return FALSE;
    }
  if (!well_formed)
    {
      g_propagate_error (error, g_steal_pointer (&syntax));
      return FALSE;
    }
  return TRUE;
}
