/* il-painter-plot.c — a sweep as a plot (il-painter-plot.h) */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "il-painter-plot.h"
#include "il-palette.h"

#define FONT_PX     13.0
#define SMALL_PX    11.0
#define MARGIN      16.0
#define LINE_H      20.0
#define AXIS_LABELS 64.0    /* room left of the plot for the y labels */
#define BAND_ALPHA  0.20
#define MARKER_R    4.5

static const double dashes[][4] = {
  { 0, 0, 0, 0 },     /* solid */
  { 9, 4, 0, 0 },
  { 2, 3, 0, 0 },
  { 9, 3, 2, 3 },
  { 14, 4, 0, 0 },
  { 5, 5, 0, 0 },
};

IlPlotMeasure
il_plot_default_measure (IlSweep *sweep)
{
  if (sweep->crawl)
    return IL_PLOT_THROUGHPUT;
  if (sweep->speedup_against != NULL)
    return IL_PLOT_SPEEDUP;
  return IL_PLOT_MAKESPAN;
}

void
il_plot_curve_color (guint     curve,
                     gboolean  dark,
                     double   *r,
                     double   *g,
                     double   *b)
{
  const IlColor *color = il_palette_get_task_color (curve, dark);

  *r = color->r;
  *g = color->g;
  *b = color->b;
}

void
il_plot_point_measure (IlSweep            *sweep,
                       IlPlotMeasure       measure,
                       const IlSweepPoint *point,
                       double             *median,
                       double             *lo,
                       double             *hi)
{
  const IlSpread *s = measure == IL_PLOT_SPEEDUP ? &point->speedup
                      : measure == IL_PLOT_THROUGHPUT ? &point->throughput
                      : &point->makespan_s;

  *median = s->median;
  *lo = s->min;
  *hi = s->max;
}

/* The smallest median ideal of the models at value @v; NAN: none */
static double
ideal_at (IlSweep *sweep,
          guint    v)
{
  double best = NAN;

  for (guint c = 0; c < sweep->n_curves; c++)
    {
      double ideal = il_sweep_get_point (sweep, v, c)->ideal_s.median;

      if (isfinite (ideal) && ideal > 0 && !(ideal >= best))
        best = ideal;
    }
  return best;
}

/* The ideal in the plot's measure at value @v: the best of the models'
 * bounds (a speedup: each model's ideal at the first value over its ideal
 * at @v, as each is compared with itself) */
static double
ideal_measure (IlSweep       *sweep,
               IlPlotMeasure  measure,
               guint          v)
{
  double ideal = ideal_at (sweep, v);

  switch (measure)
    {
    case IL_PLOT_SPEEDUP:
      if (g_strcmp0 (sweep->speedup_against, "first-value") == 0)
        {
          double best = NAN;

          for (guint c = 0; c < sweep->n_curves; c++)
            {
              double s = il_sweep_get_point (sweep, 0, c)->ideal_s.median /
                         il_sweep_get_point (sweep, v, c)->ideal_s.median;

              if (isfinite (s) && !(s <= best))
                best = s;
            }
          return best;
        }
      {
        gint seq = -1;

        for (guint c = 0; c < sweep->n_curves; c++)
          if (g_strcmp0 (sweep->curves[c].model, "sequential") == 0)
            seq = c;
        return seq >= 0 ? il_sweep_get_point (sweep, v, seq)->ideal_s.median / ideal : NAN;
      }
    case IL_PLOT_THROUGHPUT:
      {
        guint tasks = sweep->n_curves > 0 ? il_sweep_get_point (sweep, v, 0)->tasks : 0;

        return sweep->axis == IL_SWEEP_AXIS_TASKS ? sweep->values[v] / ideal : tasks / ideal;
      }
    case IL_PLOT_MAKESPAN:
    default:
      return ideal;
    }
}

/* Amdahl's law for @curve at @value (relative to the first value) */
static double
amdahl_at (IlSweep            *sweep,
           const IlSweepCurve *curve,
           double              value)
{
  double cores = sweep->logical_cores > 0 ? sweep->logical_cores : INFINITY;
  double p0 = MIN ((double) sweep->values[0], cores);
  double p = MIN (value, cores);

  return il_amdahl_speedup (curve->serial_fraction, p) / il_amdahl_speedup (curve->serial_fraction, p0);
}

static gboolean
shows_amdahl (IlSweep            *sweep,
              const IlPlotOptions *opts,
              const IlSweepCurve *curve)
{
  return opts->measure == IL_PLOT_SPEEDUP && isfinite (curve->serial_fraction) &&
         sweep->axis == IL_SWEEP_AXIS_WORKERS;
}

static guint
legend_lines (IlSweep *sweep)
{
  /* a line per model, then the ideal, cores and band, busy */
  return sweep->n_curves + 1;
}

static double
nice_step (double range,
           int    ticks)
{
  double raw = range / MAX (ticks, 1);
  double mag = pow (10, floor (log10 (raw)));
  double f = raw / mag;

  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
}

void
il_plot_get_frame (IlSweep             *sweep,
                   const IlPlotOptions *opts,
                   double               width,
                   double               height,
                   IlPlotFrame         *frame)
{
  double y_max = 0;
  double bottom;

  frame->v_min = sweep->values[0];
  frame->v_max = sweep->values[sweep->n_values - 1];
  frame->log_x = frame->v_min > 0 && frame->v_max / frame->v_min >= 4;
  if (frame->v_max <= frame->v_min)
    {
      /* One value: a little room on both sides */
      frame->v_min = frame->log_x ? frame->v_min / 2 : frame->v_min - 1;
      frame->v_max = frame->log_x ? frame->v_max * 2 : frame->v_max + 1;
    }

  for (guint v = 0; v < sweep->n_values; v++)
    {
      double ideal = ideal_measure (sweep, opts->measure, v);

      if (isfinite (ideal))
        y_max = MAX (y_max, ideal);
      for (guint c = 0; c < sweep->n_curves; c++)
        {
          double median, lo, hi;

          il_plot_point_measure (sweep, opts->measure, il_sweep_get_point (sweep, v, c), &median, &lo, &hi);
          if (isfinite (hi))
            y_max = MAX (y_max, hi);
          if (opts->measure == IL_PLOT_THROUGHPUT)
            {
              IlSweepPoint *point = il_sweep_get_point (sweep, v, c);
              double limit = point->tasks / point->ideal_s.median;

              if (isfinite (limit))
                y_max = MAX (y_max, limit);
            }
          if (shows_amdahl (sweep, opts, &sweep->curves[c]))
            y_max = MAX (y_max, amdahl_at (sweep, &sweep->curves[c], sweep->values[v]));
        }
    }
  if (opts->measure == IL_PLOT_SPEEDUP)
    y_max = MAX (y_max, 1);
  if (!(y_max > 0))
    y_max = 1;
  {
    double step = nice_step (y_max * 1.08, 5);

    frame->y_max = ceil (y_max * 1.08 / step) * step;
  }

  bottom = MARGIN + LINE_H * 2 + LINE_H * legend_lines (sweep) + (opts->caption ? LINE_H : 0);
  frame->x0 = MARGIN + AXIS_LABELS;
  frame->x1 = MAX (frame->x0 + 40, width - MARGIN - 8);
  frame->y0 = MARGIN + (opts->title != NULL ? 2 * LINE_H : LINE_H) + 6;
  frame->y1 = MAX (frame->y0 + 40, height - bottom);
  frame->legend_y = frame->y1 + LINE_H * 2 + 4;
}

double
il_plot_frame_x (const IlPlotFrame *frame,
                 double             value)
{
  double pad = 14;   /* the first and last points off the axes */
  double t;

  if (frame->log_x)
    t = (log2 (value) - log2 (frame->v_min)) / (log2 (frame->v_max) - log2 (frame->v_min));
  else
    t = (value - frame->v_min) / (frame->v_max - frame->v_min);
  return frame->x0 + pad + t * (frame->x1 - frame->x0 - 2 * pad);
}

double
il_plot_frame_y (const IlPlotFrame *frame,
                 double             measure)
{
  return frame->y1 - measure / frame->y_max * (frame->y1 - frame->y0);
}

/* ------------------------------------------------------------------------ */

typedef struct {
  cairo_t              *cr;
  PangoLayout          *pl;
  PangoFontDescription *font;
  PangoFontDescription *small_font;
  const IlChromeColors *chrome;
  gboolean              dark;
} Plot;

static void
set_color (cairo_t       *cr,
           const IlColor *color,
           double         alpha)
{
  cairo_set_source_rgba (cr, color->r, color->g, color->b, alpha);
}

/* Text at (@x, @y) (top left); @align: 0 left, 0.5 centre, 1 right */
static double
text (Plot          *p,
      gboolean       small,
      const char    *s,
      double         x,
      double         y,
      double         align,
      const IlColor *color)
{
  PangoRectangle log;

  pango_layout_set_font_description (p->pl, small ? p->small_font : p->font);
  pango_layout_set_text (p->pl, s, -1);
  pango_layout_get_pixel_extents (p->pl, NULL, &log);
  set_color (p->cr, color, 1.0);
  cairo_move_to (p->cr, round (x - align * log.width), round (y));
  pango_cairo_show_layout (p->cr, p->pl);
  return log.width;
}

static void
set_dash (cairo_t *cr,
          guint    curve)
{
  const double *d = dashes[curve % G_N_ELEMENTS (dashes)];
  int n = d[0] == 0 ? 0 : d[2] == 0 ? 2 : 4;

  cairo_set_dash (cr, d, n, 0);
}

static void
marker (cairo_t *cr,
        guint    curve,
        double   x,
        double   y,
        double   r)
{
  switch (curve % 6)
    {
    case 0:
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
      break;
    case 1:
      cairo_rectangle (cr, x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8);
      break;
    case 2:
      cairo_move_to (cr, x, y - r * 1.15);
      cairo_line_to (cr, x + r * 1.1, y + r * 0.8);
      cairo_line_to (cr, x - r * 1.1, y + r * 0.8);
      cairo_close_path (cr);
      break;
    case 3:
      cairo_move_to (cr, x, y - r * 1.2);
      cairo_line_to (cr, x + r * 1.2, y);
      cairo_line_to (cr, x, y + r * 1.2);
      cairo_line_to (cr, x - r * 1.2, y);
      cairo_close_path (cr);
      break;
    case 4:
      /* an open circle: distinct from the filled one in grey */
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
      cairo_new_sub_path (cr);
      cairo_arc_negative (cr, x, y, r * 0.45, 2 * G_PI, 0);
      break;
    default:
      cairo_move_to (cr, x - r, y + r * 0.9);
      cairo_line_to (cr, x + r, y + r * 0.9);
      cairo_line_to (cr, x + r, y - r * 0.9);
      cairo_close_path (cr);
      break;
    }
}

static const char *
measure_title (IlSweep      *sweep,
               IlPlotMeasure measure)
{
  switch (measure)
    {
    case IL_PLOT_SPEEDUP:
      return g_strcmp0 (sweep->speedup_against, "sequential") == 0
               ? _("speedup against sequential")
               : _("speedup against the first value");
    case IL_PLOT_THROUGHPUT:
      return sweep->crawl ? _("pages per second") : _("tasks per second");
    case IL_PLOT_MAKESPAN:
    default:
      return _("makespan (s)");
    }
}

static char *
format_tick (double value,
             double step)
{
  int digits = step >= 1 ? 0 : (int) ceil (-log10 (step) - 1e-9);

  return g_strdup_printf ("%.*f", CLAMP (digits, 0, 6), value);
}

static void
paint_axes (Plot              *p,
            IlSweep           *sweep,
            const IlPlotOptions *opts,
            const IlPlotFrame *f)
{
  cairo_t *cr = p->cr;
  double step = nice_step (f->y_max, 5);

  /* Grid and y ticks */
  cairo_set_line_width (cr, 1);
  for (double y = 0; y <= f->y_max + step / 1000; y += step)
    {
      double py = round (il_plot_frame_y (f, y)) + 0.5;
      g_autofree char *label = format_tick (y, step);

      set_color (cr, &p->chrome->grid, 1.0);
      cairo_move_to (cr, f->x0, py);
      cairo_line_to (cr, f->x1, py);
      cairo_stroke (cr);
      text (p, TRUE, label, f->x0 - 6, py - SMALL_PX * 0.65, 1.0, &p->chrome->dim_foreground);
    }

  /* x ticks at the sweep's values */
  for (guint v = 0; v < sweep->n_values; v++)
    {
      double px = round (il_plot_frame_x (f, sweep->values[v])) + 0.5;
      g_autofree char *label = g_strdup_printf ("%" G_GINT64_FORMAT, sweep->values[v]);

      set_color (cr, &p->chrome->grid, 1.0);
      cairo_move_to (cr, px, f->y0);
      cairo_line_to (cr, px, f->y1);
      cairo_stroke (cr);
      set_color (cr, &p->chrome->dim_foreground, 1.0);
      cairo_move_to (cr, px, f->y1);
      cairo_line_to (cr, px, f->y1 + 4);
      cairo_stroke (cr);
      text (p, TRUE, label, px, f->y1 + 6, 0.5, &p->chrome->dim_foreground);
    }

  /* The axes themselves */
  set_color (cr, &p->chrome->foreground, 1.0);
  cairo_move_to (cr, f->x0 + 0.5, f->y0);
  cairo_line_to (cr, f->x0 + 0.5, f->y1 + 0.5);
  cairo_line_to (cr, f->x1, f->y1 + 0.5);
  cairo_stroke (cr);

  {
    g_autofree char *x_title = g_strdup_printf ("%s%s",
                                                sweep->axis == IL_SWEEP_AXIS_WORKERS ? _("workers") : _("tasks"),
                                                f->log_x ? _(" (log scale)") : "");

    text (p, FALSE, x_title, (f->x0 + f->x1) / 2, f->y1 + 6 + LINE_H, 0.5, &p->chrome->foreground);
  }
  text (p, FALSE, measure_title (sweep, opts->measure), f->x0 + 6, f->y0 - LINE_H + 2, 0, &p->chrome->foreground);
}

static void
paint_cores (Plot              *p,
             IlSweep           *sweep,
             const IlPlotFrame *f)
{
  cairo_t *cr = p->cr;
  double cores = sweep->logical_cores;
  double px;
  g_autofree char *label = NULL;
  static const double dash[] = { 1, 3 };

  if (sweep->axis != IL_SWEEP_AXIS_WORKERS || cores <= 0 ||
      cores < f->v_min || cores > f->v_max)
    return;

  px = round (il_plot_frame_x (f, cores)) + 0.5;
  set_color (cr, &p->chrome->foreground, 0.8);
  cairo_set_line_width (cr, 1.5);
  cairo_set_dash (cr, dash, 2, 0);
  cairo_move_to (cr, px, f->y0);
  cairo_line_to (cr, px, f->y1);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u logical core", "%u logical cores",
                                        sweep->logical_cores), sweep->logical_cores);
  text (p, TRUE, label, px + 4, f->y0 + 2, 0, &p->chrome->foreground);
}

static void
paint_ideal (Plot                *p,
             IlSweep             *sweep,
             const IlPlotOptions *opts,
             const IlPlotFrame   *f)
{
  cairo_t *cr = p->cr;
  static const double dash[] = { 6, 3 };
  gboolean any = FALSE;

  cairo_save (cr);
  cairo_rectangle (cr, f->x0, f->y0, f->x1 - f->x0, f->y1 - f->y0);
  cairo_clip (cr);
  for (guint v = 0; v < sweep->n_values; v++)
    {
      double y = ideal_measure (sweep, opts->measure, v);

      if (!isfinite (y))
        continue;
      if (!any)
        cairo_move_to (cr, il_plot_frame_x (f, sweep->values[v]), il_plot_frame_y (f, y));
      else
        cairo_line_to (cr, il_plot_frame_x (f, sweep->values[v]), il_plot_frame_y (f, y));
      any = TRUE;
    }
  set_color (cr, &p->chrome->dim_foreground, 1.0);
  cairo_set_line_width (cr, 2);
  cairo_set_dash (cr, dash, 2, 0);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
paint_curve (Plot                *p,
             IlSweep             *sweep,
             const IlPlotOptions *opts,
             const IlPlotFrame   *f,
             guint                c)
{
  cairo_t *cr = p->cr;
  const IlSweepCurve *curve = &sweep->curves[c];
  double r, g, b;
  gboolean any;

  il_plot_curve_color (c, p->dark, &r, &g, &b);

  cairo_save (cr);
  cairo_rectangle (cr, f->x0, f->y0 - 8, f->x1 - f->x0, f->y1 - f->y0 + 8);
  cairo_clip (cr);

  /* The band: up along the maxima, back along the minima */
  any = FALSE;
  for (guint v = 0; v < sweep->n_values; v++)
    {
      double m, lo, hi;

      il_plot_point_measure (sweep, opts->measure, il_sweep_get_point (sweep, v, c), &m, &lo, &hi);
      if (!isfinite (hi))
        continue;
      if (!any)
        cairo_move_to (cr, il_plot_frame_x (f, sweep->values[v]), il_plot_frame_y (f, hi));
      else
        cairo_line_to (cr, il_plot_frame_x (f, sweep->values[v]), il_plot_frame_y (f, hi));
      any = TRUE;
    }
  for (gint v = (gint) sweep->n_values - 1; any && v >= 0; v--)
    {
      double m, lo, hi;

      il_plot_point_measure (sweep, opts->measure, il_sweep_get_point (sweep, v, c), &m, &lo, &hi);
      if (isfinite (lo))
        cairo_line_to (cr, il_plot_frame_x (f, sweep->values[v]), il_plot_frame_y (f, lo));
    }
  if (any)
    {
      cairo_close_path (cr);
      cairo_set_source_rgba (cr, r, g, b, BAND_ALPHA);
      cairo_fill (cr);
    }
  cairo_new_path (cr);

  /* Amdahl's law, thin, from the first value to the last */
  if (shows_amdahl (sweep, opts, curve))
    {
      static const double dot[] = { 1, 2 };
      double x0 = il_plot_frame_x (f, sweep->values[0]);
      double x1 = il_plot_frame_x (f, sweep->values[sweep->n_values - 1]);

      for (double x = x0; x <= x1 + 0.5; x += 2)
        {
          double t = (x - x0) / MAX (x1 - x0, 1);
          double value = f->log_x ? exp2 (log2 (sweep->values[0]) + t * (log2 (sweep->values[sweep->n_values - 1]) - log2 (sweep->values[0])))
                                  : sweep->values[0] + t * (sweep->values[sweep->n_values - 1] - sweep->values[0]);
          double y = il_plot_frame_y (f, amdahl_at (sweep, curve, value));

          if (x == x0)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      cairo_set_source_rgba (cr, r, g, b, 0.9);
      cairo_set_line_width (cr, 1.2);
      cairo_set_dash (cr, dot, 2, 0);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }

  /* Pages (tasks) per second: each model's own limit, its tasks over its
   * ideal (for a crawl, its concurrency over the latency) */
  if (opts->measure == IL_PLOT_THROUGHPUT)
    {
      static const double limit_dash[] = { 6, 3 };

      any = FALSE;
      for (guint v = 0; v < sweep->n_values; v++)
        {
          IlSweepPoint *point = il_sweep_get_point (sweep, v, c);
          double limit = point->tasks / point->ideal_s.median;

          if (!isfinite (limit))
            continue;
          if (!any)
            cairo_move_to (cr, il_plot_frame_x (f, sweep->values[v]), il_plot_frame_y (f, limit));
          else
            cairo_line_to (cr, il_plot_frame_x (f, sweep->values[v]), il_plot_frame_y (f, limit));
          any = TRUE;
        }
      cairo_set_source_rgba (cr, r, g, b, 0.8);
      cairo_set_line_width (cr, 1.2);
      cairo_set_dash (cr, limit_dash, 2, 0);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }

  /* The medians */
  any = FALSE;
  for (guint v = 0; v < sweep->n_values; v++)
    {
      double m, lo, hi;

      il_plot_point_measure (sweep, opts->measure, il_sweep_get_point (sweep, v, c), &m, &lo, &hi);
      if (!isfinite (m))
        continue;
      if (!any)
        cairo_move_to (cr, il_plot_frame_x (f, sweep->values[v]), il_plot_frame_y (f, m));
      else
        cairo_line_to (cr, il_plot_frame_x (f, sweep->values[v]), il_plot_frame_y (f, m));
      any = TRUE;
    }
  cairo_set_source_rgb (cr, r, g, b);
  cairo_set_line_width (cr, 2.5);
  set_dash (cr, c);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);

  for (guint v = 0; v < sweep->n_values; v++)
    {
      IlSweepPoint *point = il_sweep_get_point (sweep, v, c);
      double m, lo, hi, x, y;

      il_plot_point_measure (sweep, opts->measure, point, &m, &lo, &hi);
      if (!isfinite (m))
        continue;
      x = il_plot_frame_x (f, sweep->values[v]);
      y = il_plot_frame_y (f, m);
      marker (cr, c, x, y, MARKER_R);
      cairo_set_source_rgb (cr, r, g, b);
      cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
      cairo_fill_preserve (cr);
      set_color (cr, &p->chrome->background, 1.0);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
      if (point->busy)
        {
          /* A ring: a run of this point competed with other programs */
          cairo_new_sub_path (cr);
          cairo_arc (cr, x, y, MARKER_R + 4, 0, 2 * G_PI);
          set_color (cr, &p->chrome->foreground, 1.0);
          cairo_set_line_width (cr, 1.5);
          cairo_stroke (cr);
        }
    }
  cairo_restore (cr);
}

/* "serial fraction 3 %: at most 33× on any number of cores" */
static char *
describe_fit (IlSweep            *sweep,
              const IlSweepCurve *curve)
{
  if (isfinite (curve->serial_fraction))
    {
      double s = curve->serial_fraction;
      g_autofree char *percent = s < 0.095 ? g_strdup_printf ("%.1f %%", s * 100)
                                           : g_strdup_printf ("%.0f %%", s * 100);

      if (s < 0.001)
        return g_strdup_printf (_("serial fraction %s: no limit but the cores"), percent);
      return g_strdup_printf (_("serial fraction %s: at most %.*f× on any number of cores"),
                              percent, 1 / s < 10 ? 1 : 0, 1 / s);
    }
  if (isfinite (curve->limit_s))
    return g_strdup_printf (_("bound by its waiting: at least %.3f s at the last value"), curve->limit_s);
  return NULL;
}

static void
paint_legend (Plot                *p,
              IlSweep             *sweep,
              const IlPlotOptions *opts,
              const IlPlotFrame   *f,
              double               width)
{
  cairo_t *cr = p->cr;
  double y = f->legend_y;
  double x = f->x0;

  for (guint c = 0; c < sweep->n_curves; c++, y += LINE_H)
    {
      const IlSweepCurve *curve = &sweep->curves[c];
      g_autofree char *fit = describe_fit (sweep, curve);
      g_autofree char *line = fit != NULL ? g_strdup_printf ("%s — %s", curve->title, fit)
                                          : g_strdup (curve->title);
      double r, g, b, cy = y + LINE_H / 2 - 2;

      il_plot_curve_color (c, p->dark, &r, &g, &b);
      cairo_set_source_rgba (cr, r, g, b, BAND_ALPHA);
      cairo_rectangle (cr, x, cy - 6, 36, 12);
      cairo_fill (cr);
      cairo_move_to (cr, x, cy);
      cairo_line_to (cr, x + 36, cy);
      cairo_set_source_rgb (cr, r, g, b);
      cairo_set_line_width (cr, 2.5);
      set_dash (cr, c);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      marker (cr, c, x + 18, cy, MARKER_R);
      cairo_set_source_rgb (cr, r, g, b);
      cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
      cairo_fill (cr);
      text (p, FALSE, line, x + 44, y + 1, 0, &p->chrome->foreground);
    }

  {
    static const double dash[] = { 6, 3 };
    g_autofree char *keys = NULL;
    guint repeat = sweep->repeat;

    set_color (cr, &p->chrome->dim_foreground, 1.0);
    cairo_set_line_width (cr, 2);
    cairo_set_dash (cr, dash, 2, 0);
    cairo_move_to (cr, x, y + LINE_H / 2 - 2);
    cairo_line_to (cr, x + 36, y + LINE_H / 2 - 2);
    cairo_stroke (cr);
    cairo_set_dash (cr, NULL, 0, 0);
    /* Translators: the plot's key under the models */
    if (opts->measure == IL_PLOT_THROUGHPUT)
      /* Translators: the plot's key under the models, pages or tasks per second */
      keys = g_strdup_printf (_("thin dashes: each model's limit, its pages over its ideal (concurrency ÷ latency) · "
                                "lines: medians of %u runs, bands: min–max · ring: a run saw other load"),
                              repeat);
    else
      keys = g_strdup_printf (_("ideal (the best model's ideal bound) · lines: medians of %u runs, bands: min–max · "
                                "dotted: Amdahl's law fitted · ring: a run saw other load"),
                              repeat);
    text (p, TRUE, keys, x + 44, y + 2, 0, &p->chrome->dim_foreground);
    y += LINE_H;
  }

  if (opts->caption != NULL)
    text (p, TRUE, opts->caption, MARGIN, y + 4, 0, &p->chrome->dim_foreground);
  (void) width;
}

void
il_painter_plot_paint (cairo_t             *cr,
                       IlSweep             *sweep,
                       const IlPlotOptions *opts,
                       double               width,
                       double               height)
{
  Plot p = { 0, };
  IlPlotFrame f;

  g_return_if_fail (cr != NULL && sweep != NULL && opts != NULL);

  p.cr = cr;
  p.dark = opts->dark;
  p.chrome = il_palette_get_chrome (opts->dark);
  p.pl = pango_cairo_create_layout (cr);
  p.font = pango_font_description_from_string ("Sans");
  pango_font_description_set_absolute_size (p.font, FONT_PX * PANGO_SCALE);
  p.small_font = pango_font_description_copy (p.font);
  pango_font_description_set_absolute_size (p.small_font, SMALL_PX * PANGO_SCALE);

  cairo_save (cr);
  set_color (cr, &p.chrome->background, 1.0);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);

  il_plot_get_frame (sweep, opts, width, height, &f);
  if (opts->title != NULL)
    text (&p, FALSE, opts->title, MARGIN, MARGIN - 6, 0, &p.chrome->foreground);

  if (sweep->n_curves > 0 && sweep->points != NULL)
    {
      paint_axes (&p, sweep, opts, &f);
      paint_cores (&p, sweep, &f);
      if (opts->measure != IL_PLOT_THROUGHPUT)
        paint_ideal (&p, sweep, opts, &f);
      for (guint c = 0; c < sweep->n_curves; c++)
        paint_curve (&p, sweep, opts, &f, c);
      paint_legend (&p, sweep, opts, &f, width);
    }
  cairo_restore (cr);

  pango_font_description_free (p.small_font);
  pango_font_description_free (p.font);
  g_object_unref (p.pl);
}
