/* il-sweep.c — a sweep's grammar, order and statistics (il-sweep.h) */

#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "il-sweep.h"

G_DEFINE_QUARK (il-sweep-error-quark, il_sweep_error)

gboolean
il_sweep_text_is_sweep (const char *text)
{
  return text != NULL && (strchr (text, ',') != NULL || strstr (text, "..") != NULL);
}

/* One whole number in [@min, @max]; the messages name @item within @text */
static gboolean
parse_one (const char *option,
           const char *item,
           gint64      min,
           gint64      max,
           gint64     *value,
           GError    **error)
{
  gint64 parsed = 0;

  if (!g_ascii_string_to_signed (item, 10, G_MININT64, G_MAXINT64, &parsed, NULL))
    {
      g_set_error (error, IL_SWEEP_ERROR, IL_SWEEP_ERROR_INVALID,
                   _("%s: “%s” is not a whole number (give a list like 1,2,4 or a range like 1..16)"),
                   option, item);
      return FALSE;
    }
  if (parsed < min || parsed > max)
    {
      g_set_error (error, IL_SWEEP_ERROR, IL_SWEEP_ERROR_INVALID,
                   _("%s: “%s” is out of range: give whole numbers from %" PRId64 " to %" PRId64),
                   option, item, min, max);
      return FALSE;
    }
  *value = parsed;
  return TRUE;
}

static gboolean
add_value (const char *option,
           GArray     *values,
           gint64      value,
           GError    **error)
{
  /* Checked before sorting: a range of a million values never grows big */
  if (values->len >= IL_SWEEP_MAX_VALUES * 4)
    {
      g_set_error (error, IL_SWEEP_ERROR, IL_SWEEP_ERROR_INVALID,
                   _("%s: more than %d values (a sweep takes at most %d)"),
                   option, IL_SWEEP_MAX_VALUES, IL_SWEEP_MAX_VALUES);
      return FALSE;
    }
  g_array_append_val (values, value);
  return TRUE;
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

GArray *
il_sweep_parse_values (const char *option,
                       const char *text,
                       gint64      min,
                       gint64      max,
                       GError    **error)
{
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_auto(GStrv) items = NULL;
  guint kept = 0;

  g_return_val_if_fail (option != NULL && text != NULL, NULL);
  g_return_val_if_fail (min >= 1 && min <= max, NULL);

  items = g_strsplit (text, ",", -1);
  if (items[0] == NULL)
    {
      g_set_error (error, IL_SWEEP_ERROR, IL_SWEEP_ERROR_INVALID,
                   _("%s: no value given"), option);
      return NULL;
    }

  for (guint i = 0; items[i] != NULL; i++)
    {
      char *item = g_strstrip (items[i]);
      char *dots = strstr (item, "..");
      gint64 first, last;

      if (item[0] == '\0')
        {
          g_set_error (error, IL_SWEEP_ERROR, IL_SWEEP_ERROR_INVALID,
                       _("%s: empty value in “%s”"), option, text);
          return NULL;
        }

      if (dots == NULL)
        {
          if (!parse_one (option, item, min, max, &first, error) ||
              !add_value (option, values, first, error))
            return NULL;
          continue;
        }

      *dots = '\0';
      if (!parse_one (option, item, min, max, &first, error) ||
          !parse_one (option, dots + 2, min, max, &last, error))
        return NULL;
      if (last < first)
        {
          g_set_error (error, IL_SWEEP_ERROR, IL_SWEEP_ERROR_INVALID,
                       _("%s: “%s..%s”: the range ends before it starts"),
                       option, item, dots + 2);
          return NULL;
        }

      /* A, 2A, 4A, … and B itself: first ≥ 1, so this ends */
      for (gint64 v = first; v < last; v *= 2)
        if (!add_value (option, values, v, error))
          return NULL;
      if (!add_value (option, values, last, error))
        return NULL;
    }

  g_array_sort (values, compare_int64);
  for (guint i = 0; i < values->len; i++)
    {
      if (kept > 0 && g_array_index (values, gint64, kept - 1) == g_array_index (values, gint64, i))
        continue;
      g_array_index (values, gint64, kept++) = g_array_index (values, gint64, i);
    }
  g_array_set_size (values, kept);

  if (values->len > IL_SWEEP_MAX_VALUES)
    {
      g_set_error (error, IL_SWEEP_ERROR, IL_SWEEP_ERROR_INVALID,
                   _("%s: more than %d values (a sweep takes at most %d)"),
                   option, IL_SWEEP_MAX_VALUES, IL_SWEEP_MAX_VALUES);
      return NULL;
    }

  return g_steal_pointer (&values);
}

void
il_sweep_order (guint  n_values,
                guint  n_models,
                guint  repeat,
                guint  index,
                guint *value,
                guint *repetition,
                guint *model)
{
  g_return_if_fail (n_values > 0 && n_models > 0 && repeat > 0);
  g_return_if_fail (index < n_values * n_models * repeat);

  *model = index % n_models;
  *repetition = (index / n_models) % repeat;
  *value = index / (n_models * repeat);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  gdouble x = *(const gdouble *) a;
  gdouble y = *(const gdouble *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

/* Linear interpolation between order statistics (R's type 7) */
static gdouble
quantile (const gdouble *sorted,
          guint          n,
          gdouble        q)
{
  gdouble h = (n - 1) * q;
  guint lo = (guint) floor (h);
  guint hi = MIN (lo + 1, n - 1);

  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

void
il_spread_compute (const gdouble *samples,
                   guint          n_samples,
                   IlSpread      *spread)
{
  g_autofree gdouble *sorted = g_new (gdouble, MAX (n_samples, 1));
  guint n = 0;

  g_return_if_fail (spread != NULL);

  for (guint i = 0; i < n_samples; i++)
    if (!isnan (samples[i]))
      sorted[n++] = samples[i];

  spread->n = n;
  if (n == 0)
    {
      spread->median = spread->min = spread->max = spread->q1 = spread->q3 = NAN;
      return;
    }

  qsort (sorted, n, sizeof (gdouble), compare_double);
  spread->min = sorted[0];
  spread->max = sorted[n - 1];
  spread->median = quantile (sorted, n, 0.5);
  spread->q1 = quantile (sorted, n, 0.25);
  spread->q3 = quantile (sorted, n, 0.75);
}

gdouble
il_amdahl_speedup (gdouble serial,
                   gdouble processors)
{
  return 1.0 / (serial + (1.0 - serial) / processors);
}

typedef struct {
  const guint   *workers;
  const gdouble *speedup;
  guint          n;
  gdouble        reference;   /* processors of the reference run */
  guint          cores;
} Fit;

static gdouble
processors (const Fit *fit,
            guint      workers)
{
  return fit->cores > 0 ? MIN (workers, fit->cores) : workers;
}

static gdouble
squared_residuals (const Fit *fit,
                   gdouble    s)
{
  gdouble sum = 0;

  for (guint i = 0; i < fit->n; i++)
    {
      gdouble predicted, r;

      if (isnan (fit->speedup[i]))
        continue;
      predicted = il_amdahl_speedup (s, processors (fit, fit->workers[i])) /
                  il_amdahl_speedup (s, fit->reference);
      r = fit->speedup[i] - predicted;
      sum += r * r;
    }
  return sum;
}

gdouble
il_sweep_fit_amdahl (const guint   *workers,
                     const gdouble *speedup,
                     guint          n,
                     guint          reference,
                     guint          cores,
                     gdouble       *rms)
{
  const gdouble golden = (sqrt (5.0) - 1) / 2;
  const guint steps = 1000;
  Fit fit = { workers, speedup, n, 0, cores };
  gdouble first_p = NAN;
  gboolean distinct = FALSE;
  guint used = 0;
  gdouble best = 0, best_sum = INFINITY;
  gdouble a, b, c, d;

  g_return_val_if_fail (workers != NULL || n == 0, NAN);
  g_return_val_if_fail (reference >= 1, NAN);

  fit.reference = processors (&fit, reference);
  for (guint i = 0; i < n; i++)
    {
      gdouble p;

      if (isnan (speedup[i]) || workers[i] == 0)
        continue;
      used++;
      p = processors (&fit, workers[i]);
      if (isnan (first_p))
        first_p = p;
      else if (p != first_p)
        distinct = TRUE;
    }
  if (rms != NULL)
    *rms = NAN;
  if (!distinct)
    return NAN;

  /* The sum is not convex in s everywhere: a grid finds the valley, then
   * golden sections narrow it down */
  for (guint k = 0; k <= steps; k++)
    {
      gdouble s = (gdouble) k / steps;
      gdouble sum = squared_residuals (&fit, s);

      if (sum < best_sum)
        {
          best_sum = sum;
          best = s;
        }
    }
  a = MAX (0.0, best - 1.0 / steps);
  b = MIN (1.0, best + 1.0 / steps);
  c = b - golden * (b - a);
  d = a + golden * (b - a);
  for (guint k = 0; k < 60; k++)
    {
      if (squared_residuals (&fit, c) < squared_residuals (&fit, d))
        b = d;
      else
        a = c;
      c = b - golden * (b - a);
      d = a + golden * (b - a);
    }
  if (squared_residuals (&fit, (a + b) / 2) < best_sum)
    best = (a + b) / 2;

  if (rms != NULL)
    *rms = sqrt (squared_residuals (&fit, best) / used);
  return best;
}

/* ------------------------------------------------------------------------ */
/* Results */

typedef struct {
  guint             value;
  guint             curve;
  guint             tasks;
  guint             workers;
  IlSweepRepetition rep;
} Added;

const char *
il_sweep_axis_to_string (IlSweepAxis axis)
{
  return axis == IL_SWEEP_AXIS_TASKS ? "tasks" : "workers";
}

gboolean
il_sweep_axis_from_string (const char  *text,
                           IlSweepAxis *axis)
{
  if (g_strcmp0 (text, "workers") == 0)
    *axis = IL_SWEEP_AXIS_WORKERS;
  else if (g_strcmp0 (text, "tasks") == 0)
    *axis = IL_SWEEP_AXIS_TASKS;
  else
    return FALSE;
  return TRUE;
}

IlSweep *
il_sweep_new (IlSweepAxis   axis,
              const gint64 *values,
              guint         n_values,
              guint         repeat,
              gboolean      drop_busy,
              gboolean      cpu_bound,
              gboolean      crawl,
              guint         logical_cores)
{
  IlSweep *sweep;

  g_return_val_if_fail (values != NULL && n_values > 0, NULL);

  sweep = g_new0 (IlSweep, 1);
  sweep->axis = axis;
  sweep->values = g_memdup2 (values, n_values * sizeof (gint64));
  sweep->n_values = n_values;
  sweep->repeat = MAX (repeat, 1);
  sweep->drop_busy = drop_busy;
  sweep->cpu_bound = cpu_bound;
  sweep->crawl = crawl;
  sweep->logical_cores = logical_cores;
  sweep->added = g_array_new (FALSE, TRUE, sizeof (Added));
  return sweep;
}

guint
il_sweep_add_curve (IlSweep    *sweep,
                    const char *model,
                    gboolean    gil,
                    const char *title)
{
  IlSweepCurve *curve;

  sweep->curves = g_renew (IlSweepCurve, sweep->curves, sweep->n_curves + 1);
  curve = &sweep->curves[sweep->n_curves];
  memset (curve, 0, sizeof *curve);
  curve->model = g_strdup (model);
  curve->gil = gil;
  curve->title = g_strdup (title);
  curve->serial_fraction = curve->fit_rms = curve->limit_s = NAN;
  return sweep->n_curves++;
}

static gdouble
ns_to_s (gint64 ns)
{
  return ns < 0 ? NAN : ns / 1e9;
}

void
il_sweep_add_run (IlSweep          *sweep,
                  guint             value,
                  guint             curve,
                  const IlRunStats *stats,
                  guint             tasks)
{
  Added added = { 0, };

  g_return_if_fail (value < sweep->n_values && curve < sweep->n_curves);

  added.value = value;
  added.curve = curve;
  added.tasks = tasks;
  added.workers = stats->workers;
  added.rep.run = sweep->n_runs++;
  added.rep.makespan_s = stats->cancelled ? NAN : ns_to_s (stats->makespan_ns);
  added.rep.ideal_s = stats->cancelled ? NAN : ns_to_s (stats->ideal_ns);
  added.rep.efficiency = il_run_stats_efficiency (stats);
  added.rep.cpu_time_s = stats->cpu_time_s;
  added.rep.throughput = stats->cancelled || stats->makespan_ns <= 0
                           ? NAN : stats->tasks_ok / ns_to_s (stats->makespan_ns);
  added.rep.other_load = stats->other_load;
  added.rep.busy = il_run_stats_saw_other_load (stats);
  added.rep.stopped = stats->cancelled;
  added.rep.speedup = NAN;
  g_array_append_val (sweep->added, added);
}

IlSweepPoint *
il_sweep_get_point (IlSweep *sweep,
                    guint    value,
                    guint    curve)
{
  g_return_val_if_fail (value < sweep->n_values && curve < sweep->n_curves, NULL);
  g_return_val_if_fail (sweep->points != NULL, NULL);
  return &sweep->points[value * sweep->n_curves + curve];
}

static void
clear_points (IlSweep *sweep)
{
  for (guint i = 0; i < sweep->n_points; i++)
    g_free (sweep->points[i].repetitions);
  g_clear_pointer (&sweep->points, g_free);
  sweep->n_points = 0;
}

typedef gdouble (*RepField) (const IlSweepRepetition *rep);

static gdouble field_makespan (const IlSweepRepetition *r) { return r->makespan_s; }
static gdouble field_ideal (const IlSweepRepetition *r) { return r->ideal_s; }
static gdouble field_speedup (const IlSweepRepetition *r) { return r->speedup; }
static gdouble field_efficiency (const IlSweepRepetition *r) { return r->efficiency; }
static gdouble field_cpu (const IlSweepRepetition *r) { return r->cpu_time_s; }
static gdouble field_throughput (const IlSweepRepetition *r) { return r->throughput; }

/* The spread of @field over the counted repetitions of @point */
static void
spread_of (const IlSweepPoint *point,
           RepField            field,
           IlSpread           *spread)
{
  g_autofree gdouble *samples = g_new (gdouble, MAX (point->n_repetitions, 1));
  guint n = 0;

  for (guint i = 0; i < point->n_repetitions; i++)
    if (!point->repetitions[i].dropped)
      samples[n++] = field (&point->repetitions[i]);
  il_spread_compute (samples, n, spread);
}

static gint
find_sequential (IlSweep *sweep)
{
  for (guint c = 0; c < sweep->n_curves; c++)
    if (g_strcmp0 (sweep->curves[c].model, "sequential") == 0)
      return c;
  return -1;
}

void
il_sweep_compute (IlSweep *sweep)
{
  gint sequential = find_sequential (sweep);

  clear_points (sweep);
  sweep->n_runs_planned = sweep->n_values * sweep->n_curves * sweep->repeat;
  if (sweep->n_curves == 0)
    return;

  sweep->n_points = sweep->n_values * sweep->n_curves;
  sweep->points = g_new0 (IlSweepPoint, sweep->n_points);
  for (guint v = 0; v < sweep->n_values; v++)
    for (guint c = 0; c < sweep->n_curves; c++)
      {
        IlSweepPoint *point = il_sweep_get_point (sweep, v, c);

        point->value = v;
        point->curve = c;
      }

  /* Every run kept in its point, in run order */
  for (guint i = 0; i < sweep->added->len; i++)
    {
      Added *a = &g_array_index (sweep->added, Added, i);
      IlSweepPoint *point = il_sweep_get_point (sweep, a->value, a->curve);
      IlSweepRepetition *rep;

      point->repetitions = g_renew (IlSweepRepetition, point->repetitions, point->n_repetitions + 1);
      rep = &point->repetitions[point->n_repetitions];
      *rep = a->rep;
      rep->repetition = point->n_repetitions++;
      rep->speedup = NAN;
      rep->dropped = rep->stopped || (sweep->drop_busy && rep->busy);
      point->workers = a->workers;
      point->tasks = a->tasks;
      if (!rep->dropped)
        {
          point->n_counted++;
          point->busy |= rep->busy;
        }
    }
  for (guint i = 0; i < sweep->n_points; i++)
    spread_of (&sweep->points[i], field_makespan, &sweep->points[i].makespan_s);

  /* The speedups: a workers axis against the model itself at the first
   * value, a tasks axis against sequential at the same value */
  if (sweep->axis == IL_SWEEP_AXIS_WORKERS)
    sweep->speedup_against = "first-value";
  else if (sequential >= 0)
    sweep->speedup_against = "sequential";
  else
    sweep->speedup_against = NULL;

  for (guint i = 0; i < sweep->n_points; i++)
    {
      IlSweepPoint *point = &sweep->points[i];
      gdouble reference = NAN;

      if (sweep->axis == IL_SWEEP_AXIS_WORKERS)
        reference = il_sweep_get_point (sweep, 0, point->curve)->makespan_s.median;
      else if (sequential >= 0)
        reference = il_sweep_get_point (sweep, point->value, sequential)->makespan_s.median;

      for (guint r = 0; r < point->n_repetitions; r++)
        {
          IlSweepRepetition *rep = &point->repetitions[r];

          if (!isnan (reference) && !isnan (rep->makespan_s) && rep->makespan_s > 0)
            rep->speedup = reference / rep->makespan_s;
        }
      spread_of (point, field_ideal, &point->ideal_s);
      spread_of (point, field_speedup, &point->speedup);
      spread_of (point, field_efficiency, &point->efficiency);
      spread_of (point, field_cpu, &point->cpu_time_s);
      spread_of (point, field_throughput, &point->throughput);
    }

  /* The fits: Amdahl's law over workers of CPU-bound work; the sleeps'
   * bound for the rest */
  for (guint c = 0; c < sweep->n_curves; c++)
    {
      IlSweepCurve *curve = &sweep->curves[c];
      g_autofree guint *workers = g_new (guint, sweep->n_values);
      g_autofree gdouble *speedup = g_new (gdouble, sweep->n_values);

      curve->serial_fraction = curve->fit_rms = curve->limit_s = NAN;
      for (guint v = 0; v < sweep->n_values; v++)
        {
          workers[v] = (guint) sweep->values[v];
          speedup[v] = il_sweep_get_point (sweep, v, c)->speedup.median;
        }

      if (sweep->axis == IL_SWEEP_AXIS_WORKERS && sweep->cpu_bound)
        curve->serial_fraction = il_sweep_fit_amdahl (workers, speedup, sweep->n_values,
                                                      workers[0], sweep->logical_cores,
                                                      &curve->fit_rms);
      else if (!sweep->cpu_bound)
        curve->limit_s = il_sweep_get_point (sweep, sweep->n_values - 1, c)->ideal_s.median;
    }
}

void
il_sweep_free (IlSweep *sweep)
{
  if (sweep == NULL)
    return;
  clear_points (sweep);
  for (guint c = 0; c < sweep->n_curves; c++)
    {
      g_free (sweep->curves[c].model);
      g_free (sweep->curves[c].title);
    }
  g_free (sweep->curves);
  g_free (sweep->values);
  g_array_unref (sweep->added);
  g_free (sweep);
}
