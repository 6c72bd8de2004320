/* il-cli-sweep.c — "interleave run" over several worker or task counts
 *
 * --workers 1,2,4 (or a range, 1..16), or --tasks 10,100, with --repeat N:
 * every model at every value, each point N times, the models interleaved
 * (il_sweep_order()).  The runs go through the same run chain as a
 * comparison, one choice per run; what they measured becomes an IlSweep
 * (il-sweep.h): the points' spreads and the curves' fits.
 */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "il-cli-run-private.h"
#include "il-machine.h"
#include "il-sweep-records.h"

gboolean
il_cli_sweep_parse (const RunOptions *options,
                    RunPlan          *plan,
                    int              *status)
{
  g_autoptr(GError) error = NULL;
  gint64 repeat = 1;
  gboolean tasks = il_sweep_text_is_sweep (options->tasks);
  gboolean workers = il_sweep_text_is_sweep (options->workers);

  if (!il_cli_parse_option ("--repeat", options->repeat, 1, IL_SWEEP_MAX_REPEAT, &repeat, status))
    return FALSE;
  plan->repeat = (guint) repeat;
  plan->drop_busy = options->drop_busy;

  if (tasks && workers)
    {
      *status = il_cli_fail (IL_CLI_EXIT_USAGE,
                             _("--workers and --tasks: a sweep takes a list or range for one of them, not both"));
      return FALSE;
    }

  if (workers)
    {
      plan->sweep_axis = IL_SWEEP_AXIS_WORKERS;
      plan->sweep_values = il_sweep_parse_values ("--workers", options->workers, 1, MAX_WORKERS, &error);
    }
  else if (tasks)
    {
      plan->sweep_axis = IL_SWEEP_AXIS_TASKS;
      plan->sweep_values = il_sweep_parse_values ("--tasks", options->tasks, 1, MAX_TASKS, &error);
    }
  else
    return TRUE;

  if (plan->sweep_values == NULL)
    {
      *status = il_cli_fail (IL_CLI_EXIT_USAGE, "%s", error->message);
      return FALSE;
    }

  /* The largest value stands for all in the checks of the task counts */
  if (workers)
    plan->params.workers = (gint) g_array_index (plan->sweep_values, gint64, plan->sweep_values->len - 1);
  else
    plan->params.tasks = (gint) g_array_index (plan->sweep_values, gint64, plan->sweep_values->len - 1);
  return TRUE;
}

gboolean
il_cli_sweep_check (RunPlan *plan,
                    int     *status)
{
  guint64 runs;

  if (plan->sweep_values == NULL && plan->repeat > 1)
    {
      /* --repeat alone: one point, the workers in force */
      gint64 workers = plan->resolved.workers > 0 ? plan->resolved.workers
                                                  : (gint64) il_machine_get_logical_cores ();

      plan->sweep_axis = IL_SWEEP_AXIS_WORKERS;
      plan->sweep_values = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_array_append_val (plan->sweep_values, workers);
    }

  if (plan->sweep_values == NULL)
    {
      if (plan->plot || plan->drop_busy)
        {
          *status = il_cli_fail (IL_CLI_EXIT_USAGE,
                                 _("%s: only a sweep has one (give --workers 1,2,4, --tasks 10,100 or --repeat N)"),
                                 plan->plot ? "--view plot" : "--drop-busy");
          return FALSE;
        }
      return TRUE;
    }

  if (plan->sweep_axis == IL_SWEEP_AXIS_TASKS && il_workload_get_crawl (plan->workload) != NULL)
    {
      *status = il_cli_fail (IL_CLI_EXIT_USAGE,
                             _("--tasks: the web-crawl workload's tasks are the pages it finds; sweep --workers"));
      return FALSE;
    }

  runs = (guint64) plan->sweep_values->len * plan->models->len * plan->repeat;
  if (runs > IL_SWEEP_MAX_RUNS)
    {
      *status = il_cli_fail (IL_CLI_EXIT_USAGE,
                             _("the sweep would make %" PRIu64 " runs (values × models × repetitions); "
                               "at most %d"),
                             runs, IL_SWEEP_MAX_RUNS);
      return FALSE;
    }

  return TRUE;
}

IlModelChoice *
il_cli_sweep_choices (const RunPlan     *plan,
                      IlWorkloadParams **params,
                      guint             *n_choices)
{
  guint n_values = plan->sweep_values->len;
  guint n_models = plan->models->len;
  guint n = n_values * n_models * plan->repeat;
  IlModelChoice *choices = g_new0 (IlModelChoice, MAX (n, 1));

  *params = g_new0 (IlWorkloadParams, n_values);
  for (guint v = 0; v < n_values; v++)
    {
      gint value = (gint) g_array_index (plan->sweep_values, gint64, v);

      (*params)[v] = plan->params;
      if (plan->sweep_axis == IL_SWEEP_AXIS_WORKERS)
        (*params)[v].workers = value;
      else
        (*params)[v].tasks = value;
    }

  for (guint i = 0; i < n; i++)
    {
      guint v, r, m;
      IlModel choice;

      il_sweep_order (n_values, n_models, plan->repeat, i, &v, &r, &m);
      choice = g_array_index (plan->models, IlModel, m);
      choices[i].model = choice & MODEL_MASK;
      choices[i].gil = plan->gil || (choice & MODEL_WITH_GIL) != 0;
      choices[i].params = &(*params)[v];
    }

  *n_choices = n;
  return choices;
}

char *
il_cli_sweep_describe_run (const RunPlan *plan,
                           guint          index)
{
  guint n_models = plan->models->len;
  guint v, r, m;

  il_sweep_order (plan->sweep_values->len, n_models, plan->repeat, index, &v, &r, &m);
  /* Translators: a sweep's progress, "point 5 of 12, repeat 2 of 3" */
  return g_strdup_printf (_("point %u of %u, repeat %u of %u"),
                          v * n_models + m + 1, plan->sweep_values->len * n_models,
                          r + 1, plan->repeat);
}

IlSweep *
il_cli_sweep_build (IlWorkload   *workload,
                    IlSweepAxis   axis,
                    const gint64 *values,
                    guint         n_values,
                    guint         repeat,
                    gboolean      drop_busy,
                    GPtrArray    *runs,
                    const guint  *value_of_run)
{
  g_autofree IlRunRecord **records = g_new0 (IlRunRecord *, MAX (runs->len, 1));

  for (guint i = 0; i < runs->len; i++)
    records[i] = ((IlCliRun *) g_ptr_array_index (runs, i))->record;
  return il_sweep_from_records (workload, axis, values, n_values, repeat, drop_busy,
                                records, runs->len, value_of_run);
}

static char *
format_range (gdouble lo,
              gdouble hi,
              int     digits)
{
  if (!isfinite (lo) || !isfinite (hi))
    return g_strdup ("–");
  return g_strdup_printf ("%.*f–%.*f", digits, lo, digits, hi);
}

static char *
format_percent_value (gdouble fraction)
{
  if (fraction < 0.095)
    return g_strdup_printf ("%.1f %%", fraction * 100);
  return g_strdup_printf ("%.0f %%", fraction * 100);
}

/* "serial fraction 3 %: at most 33× on any number of cores" */
static char *
describe_fit (const IlSweep      *sweep,
              const IlSweepCurve *curve)
{
  if (isfinite (curve->serial_fraction))
    {
      g_autofree char *percent = format_percent_value (curve->serial_fraction);

      if (curve->serial_fraction < 0.001)
        /* Translators: Amdahl's law fitted with no serial part */
        return g_strdup_printf (_("serial fraction %s: no limit but the cores (%u here)"),
                                percent, sweep->logical_cores);
      /* Translators: Amdahl's law: "serial fraction 3 %: at most 33× on any number of cores" */
      return g_strdup_printf (_("serial fraction %s: at most %.*f× on any number of cores"),
                              percent, 1 / curve->serial_fraction < 10 ? 1 : 0,
                              1 / curve->serial_fraction);
    }
  if (isfinite (curve->limit_s))
    /* Translators: I/O-bound work: "bound by its waiting: at least 0.200 s at 100 workers (the ideal)" */
    return g_strdup_printf (_("bound by its waiting: at least %.3f s at %" PRId64 " %s (the ideal)"),
                            curve->limit_s, sweep->values[sweep->n_values - 1],
                            sweep->axis == IL_SWEEP_AXIS_WORKERS ? _("workers") : _("tasks"));
  return NULL;
}

void
il_cli_sweep_print (FILE    *out,
                    IlSweep *sweep)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  const char *headers[] = {
    _("model"), sweep->axis == IL_SWEEP_AXIS_WORKERS ? _("workers") : _("tasks"), _("runs"),
    _("makespan"), _("min–max"), _("q1–q3"), _("speedup"), _("min–max"), _("efficiency"),
    _("CPU time"), sweep->crawl ? _("pages/s") : _("tasks/s"), "",
  };
  const gboolean right_aligned[G_N_ELEMENTS (headers)] = {
    FALSE, TRUE, TRUE, TRUE, TRUE, TRUE, TRUE, TRUE, TRUE, TRUE, TRUE, FALSE,
  };
  gboolean any_busy = FALSE, any_dropped = FALSE;

  {
    g_autofree char *n_values = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u value", "%u values",
                                                              sweep->n_values), sweep->n_values);
    g_autofree char *n_models = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u model", "%u models",
                                                              sweep->n_curves), sweep->n_curves);
    g_autofree char *times = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "each point %u time",
                                                           "each point %u times", sweep->repeat),
                                              sweep->repeat);

    /* Translators: "Sweep over workers: 3 values × 2 models, each point 3 times, the models interleaved" */
    fprintf (out, _("Sweep over %s: %s × %s, %s, the models interleaved"),
             il_sweep_axis_to_string (sweep->axis), n_values, n_models, times);
    fprintf (out, "\n");
  }
  if (g_strcmp0 (sweep->speedup_against, "first-value") == 0)
    fprintf (out, g_dngettext (GETTEXT_PACKAGE, "Speedup: each model against itself at %" PRId64 " worker",
                               "Speedup: each model against itself at %" PRId64 " workers", sweep->values[0]),
             sweep->values[0]);
  else if (g_strcmp0 (sweep->speedup_against, "sequential") == 0)
    fprintf (out, _("Speedup: against sequential at the same number of tasks"));
  else
    fprintf (out, _("Speedup: none (a tasks sweep needs the sequential model to compare with)"));
  fprintf (out, "\n\n");

  for (guint c = 0; c < sweep->n_curves; c++)
    for (guint v = 0; v < sweep->n_values; v++)
      {
        IlSweepPoint *p = il_sweep_get_point (sweep, v, c);
        char **row = g_new0 (char *, G_N_ELEMENTS (headers) + 1);
        guint i = 0;

        for (guint r = 0; r < p->n_repetitions; r++)
          any_dropped |= p->repetitions[r].dropped && !p->repetitions[r].stopped;
        any_busy |= p->busy;

        row[i++] = g_strdup (sweep->curves[c].title);
        row[i++] = g_strdup_printf ("%" PRId64, sweep->values[v]);
        row[i++] = p->n_counted == p->n_repetitions ? g_strdup_printf ("%u", p->n_counted)
                                                    : g_strdup_printf ("%u/%u", p->n_counted, p->n_repetitions);
        row[i++] = isfinite (p->makespan_s.median) ? g_strdup_printf (_("%.3f s"), p->makespan_s.median)
                                                   : g_strdup ("–");
        row[i++] = format_range (p->makespan_s.min, p->makespan_s.max, 3);
        row[i++] = format_range (p->makespan_s.q1, p->makespan_s.q3, 3);
        row[i++] = il_cli_format_speedup (p->speedup.median);
        row[i++] = format_range (p->speedup.min, p->speedup.max, 2);
        row[i++] = il_cli_format_percent (p->efficiency.median);
        row[i++] = isfinite (p->cpu_time_s.median) ? g_strdup_printf (_("%.3f s"), p->cpu_time_s.median)
                                                   : g_strdup ("–");
        row[i++] = isfinite (p->throughput.median) ? g_strdup_printf ("%.1f", p->throughput.median)
                                                   : g_strdup ("–");
        row[i++] = g_strdup (p->busy ? "*" : "");
        g_assert (i == G_N_ELEMENTS (headers));
        g_ptr_array_add (rows, row);
      }
  il_cli_print_table (out, G_N_ELEMENTS (headers), headers, right_aligned, rows, 0);

  if (any_busy)
    fprintf (out, "%s\n", _("* other programs took more than a quarter of the cores during a run of this point"));
  if (any_dropped)
    fprintf (out, "%s\n", _("Runs that saw other load were left out (--drop-busy); the JSON keeps them"));

  fprintf (out, "\n");
  for (guint c = 0; c < sweep->n_curves; c++)
    {
      g_autofree char *fit = describe_fit (sweep, &sweep->curves[c]);

      if (fit != NULL)
        fprintf (out, "%s: %s\n", sweep->curves[c].title, fit);
    }
  if (sweep->n_runs < sweep->n_runs_planned)
    {
      fprintf (out, _("Stopped: %u of %u runs were made; the points show what finished"),
               sweep->n_runs, sweep->n_runs_planned);
      fprintf (out, "\n");
    }
  il_cli_print_machine (out);
}
