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
