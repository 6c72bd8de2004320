/* il-timeline.c — the geometry of a timeline picture (no drawing)
 *
 * Lanes of the tasks view point straight into the snapshot.  Workers and
 * cores lanes gather segments of many tasks, which may overlap (an event
 * loop waits for many sleeps at once); they are merged once, with a sweep,
 * into one sorted non-overlapping list showing at each moment the most
 * telling state (running over waiting).  Sorted non-overlapping lists let the
 * painter and the hit test find any time by binary search.
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "il-timeline-private.h"

#define BASE_FONT_PX   12.0
#define MIN_WINDOW_NS  1000

static const char * const view_names[] = { "tasks", "workers", "cores" };

const char *
il_view_to_string (IlView view)
{
  g_return_val_if_fail (view <= IL_VIEW_CORES, "tasks");
  return view_names[view];
}

gboolean
il_view_from_string (const char *name,
                     IlView     *view)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (view_names); i++)
    if (g_str_equal (name, view_names[i]))
      {
        if (view)
          *view = i;
        return TRUE;
      }
  return FALSE;
}

/* ------------------------------------------------------------------------ */

static void
layout_update (IlTimelineLayout *self)
{
  double s = self->font_scale;
  double fixed, avail, y;

  self->font_px = BASE_FONT_PX * s;
  self->line_h = ceil (self->font_px * 1.4);
  self->margin = round (8 * s);
  self->max_lane_h = ceil (self->font_px * 1.9);
  self->header_h = ceil (self->line_h * 1.35);
  self->run_gap = round (self->line_h * 0.5);
  self->axis_h = round (5 * s) + self->line_h;
  /* The cores view has a second line: the task key. */
  self->legend_h = ceil (self->line_h * 1.3) * (self->view == IL_VIEW_CORES ? 2 : 1);

  self->label_x = self->margin;
  self->label_w = CLAMP (round (self->width * 0.14), round (60 * s), round (180 * s));
  if (self->label_w > self->width * 0.3)
    self->label_w = round (self->width * 0.3);
  self->plot_x0 = self->label_x + self->label_w + round (6 * s);
  self->plot_x1 = self->width - self->margin - round (14 * s);
  if (self->plot_x1 < self->plot_x0 + 1)
    self->plot_x1 = self->plot_x0 + 1;

  fixed = 2 * self->margin + self->n_runs * (self->header_h + self->run_gap) +
          self->axis_h + round (4 * s) + self->legend_h;
  avail = self->height - fixed;
  self->lane_h = 0;
  if (self->total_lanes > 0 && avail > 0)
    {
      self->lane_h = MIN (self->max_lane_h, avail / self->total_lanes);
      if (self->lane_h >= 4)
        self->lane_h = floor (self->lane_h);
    }

  y = self->margin;
  for (guint r = 0; r < self->n_runs; r++)
    {
      IlLayoutRun *lr = &self->runs[r];

      lr->header_y = y;
      y += self->header_h;
      lr->lanes_y = y;
      y += lr->n_lanes * self->lane_h + self->run_gap;
    }
  self->axis_y = round (y - self->run_gap * 0.5);
  self->legend_y = self->axis_y + self->axis_h + round (4 * s);

  self->px_per_ns = (self->plot_x1 - self->plot_x0) / (double) (self->t1 - self->t0);
}

IlTimelineLayout *
il_timeline_layout_new (const IlTimelineRun *runs,
                        guint                n_runs,
                        IlView               view)
{
  IlTimelineLayout *self;

  g_return_val_if_fail (runs != NULL || n_runs == 0, NULL);
  g_return_val_if_fail (view <= IL_VIEW_CORES, NULL);
  for (guint r = 0; r < n_runs; r++)
    g_return_val_if_fail (runs[r].snapshot != NULL, NULL);

  self = g_new0 (IlTimelineLayout, 1);
  g_ref_count_init (&self->ref_count);
  self->view = view;
  self->n_runs = n_runs;
  self->runs = g_new0 (IlLayoutRun, MAX (n_runs, 1));
  self->duration = 0;

  for (guint r = 0; r < n_runs; r++)
    {
      IlLayoutRun *lr = &self->runs[r];

      lr->run = runs[r];
      lr->run.title = g_strdup (runs[r].title ? runs[r].title : "");
      lr->run.detail = g_strdup (runs[r].detail);
      lr->run.snapshot = il_trace_snapshot_ref (runs[r].snapshot);

      if (view == IL_VIEW_TASKS)
        il_layout_build_task_lanes (lr);
      else
        il_layout_build_merged_lanes (lr, view);

      /* Lanes in order of their first segment; cores keep their number. */
      if (view != IL_VIEW_CORES)
        qsort (lr->lanes, lr->n_lanes, sizeof (IlLane), il_lane_compare_start);

      self->total_lanes += lr->n_lanes;
      self->states |= lr->states;
      if (lr->run.waiting)
        continue;
      self->duration = MAX (self->duration, lr->run.snapshot->end_ns);
      self->duration = MAX (self->duration, lr->run.makespan_ns);
      self->duration = MAX (self->duration, lr->run.ideal_ns);
    }
  self->duration = MAX (self->duration, 1000 * 1000);

  self->t0 = 0;
  self->t1 = self->duration;
  self->width = 800;
  self->height = 600;
  self->font_scale = 1.0;
  layout_update (self);

  return self;
}

IlTimelineLayout *
il_timeline_layout_ref (IlTimelineLayout *layout)
{
  g_return_val_if_fail (layout != NULL, NULL);

  g_ref_count_inc (&layout->ref_count);
  return layout;
}

void
il_timeline_layout_unref (IlTimelineLayout *layout)
{
  g_return_if_fail (layout != NULL);

  if (!g_ref_count_dec (&layout->ref_count))
    return;

  for (guint r = 0; r < layout->n_runs; r++)
    {
      IlLayoutRun *lr = &layout->runs[r];

      for (guint k = 0; k < lr->n_lanes; k++)
        {
          g_free (lr->lanes[k].label_owned);
          g_free (lr->lanes[k].owned_segs);
          g_free (lr->lanes[k].seg_task);
          g_free (lr->lanes[k].seg_index);
          il_lane_summary_free (lr->lanes[k].summary);
        }
      g_free (lr->lanes);
      g_free ((char *) lr->run.title);
      g_free ((char *) lr->run.detail);
      il_trace_snapshot_unref (lr->run.snapshot);
    }
  g_free (layout->runs);
  g_free (layout);
}

IlView
il_timeline_layout_get_view (const IlTimelineLayout *layout)
{
  g_return_val_if_fail (layout != NULL, IL_VIEW_TASKS);
  return layout->view;
}

void
il_timeline_layout_set_size (IlTimelineLayout *layout,
                             int               width,
                             int               height)
{
  g_return_if_fail (layout != NULL);
  g_return_if_fail (width > 0 && height > 0);

  if (layout->width == width && layout->height == height)
    return;
  layout->width = width;
  layout->height = height;
  layout_update (layout);
}

int
il_timeline_layout_get_width (const IlTimelineLayout *layout)
{
  g_return_val_if_fail (layout != NULL, 0);
  return layout->width;
}

int
il_timeline_layout_get_height (const IlTimelineLayout *layout)
{
  g_return_val_if_fail (layout != NULL, 0);
  return layout->height;
}

int
il_timeline_layout_get_content_height (const IlTimelineLayout *layout)
{
  g_return_val_if_fail (layout != NULL, 0);

  return MIN (layout->height, (int) ceil (layout->legend_y + layout->legend_h + layout->margin));
}

int
il_timeline_layout_get_natural_height (const IlTimelineLayout *layout)
{
  double s;

  g_return_val_if_fail (layout != NULL, 0);

  s = layout->font_scale;
  return ceil (2 * layout->margin + layout->n_runs * (layout->header_h + layout->run_gap) +
               layout->axis_h + round (4 * s) + layout->legend_h +
               layout->total_lanes * layout->max_lane_h);
}

void
il_timeline_layout_set_font_scale (IlTimelineLayout *layout,
                                   double            font_scale)
{
  g_return_if_fail (layout != NULL);
  g_return_if_fail (font_scale > 0);

  if (layout->font_scale == font_scale)
    return;
  layout->font_scale = font_scale;
  layout_update (layout);
}

double
il_timeline_layout_get_font_scale (const IlTimelineLayout *layout)
{
  g_return_val_if_fail (layout != NULL, 1.0);
  return layout->font_scale;
}

gint64
il_timeline_layout_get_duration (const IlTimelineLayout *layout)
{
  g_return_val_if_fail (layout != NULL, 0);
  return layout->duration;
}

void
il_timeline_layout_set_window (IlTimelineLayout *layout,
                               gint64            t0_ns,
                               gint64            t1_ns)
{
  g_return_if_fail (layout != NULL);

  if (t1_ns - t0_ns < MIN_WINDOW_NS)
    t1_ns = t0_ns + MIN_WINDOW_NS;
  layout->t0 = t0_ns;
  layout->t1 = t1_ns;
  layout->px_per_ns = (layout->plot_x1 - layout->plot_x0) / (double) (t1_ns - t0_ns);
}

void
il_timeline_layout_get_window (const IlTimelineLayout *layout,
                               gint64                 *t0_ns,
                               gint64                 *t1_ns)
{
  g_return_if_fail (layout != NULL);

  if (t0_ns)
    *t0_ns = layout->t0;
  if (t1_ns)
    *t1_ns = layout->t1;
}

void
il_timeline_layout_zoom (IlTimelineLayout *layout,
                         double            x,
                         double            factor)
{
  gint64 anchor, t0, t1;

  g_return_if_fail (layout != NULL);
  g_return_if_fail (factor > 0);

  anchor = il_timeline_layout_x_to_time (layout, x);
  t0 = anchor - (gint64) ((anchor - layout->t0) / factor);
  t1 = anchor + (gint64) ((layout->t1 - anchor) / factor);
  il_timeline_layout_set_window (layout, t0, t1);
}

void
il_timeline_layout_get_plot_area (const IlTimelineLayout *layout,
                                  double                 *x,
                                  double                 *y,
                                  double                 *width,
                                  double                 *height)
{
  g_return_if_fail (layout != NULL);

  if (x)
    *x = layout->plot_x0;
  if (y)
    *y = layout->margin;
  if (width)
    *width = layout->plot_x1 - layout->plot_x0;
  if (height)
    *height = layout->axis_y - layout->margin;
}

double
il_timeline_layout_time_to_x (const IlTimelineLayout *layout,
                              gint64                  t_ns)
{
  g_return_val_if_fail (layout != NULL, 0.0);
  return layout->plot_x0 + (double) (t_ns - layout->t0) * layout->px_per_ns;
}

gint64
il_timeline_layout_x_to_time (const IlTimelineLayout *layout,
                              double                  x)
{
  g_return_val_if_fail (layout != NULL, 0);
  return layout->t0 + (gint64) llround ((x - layout->plot_x0) / layout->px_per_ns);
}

guint
il_timeline_layout_get_n_runs (const IlTimelineLayout *layout)
{
  g_return_val_if_fail (layout != NULL, 0);
  return layout->n_runs;
}

const IlTimelineRun *
il_timeline_layout_get_run (const IlTimelineLayout *layout,
                            guint                   run)
{
  g_return_val_if_fail (layout != NULL, NULL);
  g_return_val_if_fail (run < layout->n_runs, NULL);
  return &layout->runs[run].run;
}

guint
il_timeline_layout_get_n_lanes (const IlTimelineLayout *layout,
                                guint                   run)
{
  g_return_val_if_fail (layout != NULL, 0);
  g_return_val_if_fail (run < layout->n_runs, 0);
  return layout->runs[run].n_lanes;
}

#define RETURN_IF_NO_LANE(layout, run, lane, val) G_STMT_START { \
  g_return_val_if_fail (layout != NULL, val); \
  g_return_val_if_fail (run < layout->n_runs, val); \
  g_return_val_if_fail (lane < layout->runs[run].n_lanes, val); \
} G_STMT_END

const char *
il_timeline_layout_get_lane_label (const IlTimelineLayout *layout,
                                   guint                   run,
                                   guint                   lane)
{
  RETURN_IF_NO_LANE (layout, run, lane, NULL);
  return layout->runs[run].lanes[lane].label;
}

gint
il_timeline_layout_get_lane_id (const IlTimelineLayout *layout,
                                guint                   run,
                                guint                   lane)
{
  RETURN_IF_NO_LANE (layout, run, lane, -1);
  return layout->runs[run].lanes[lane].id;
}

gint
il_timeline_layout_find_task_lane (const IlTimelineLayout *layout,
                                   guint                   run,
                                   guint                   task)
{
  const IlLayoutRun *lr;

  g_return_val_if_fail (layout != NULL, -1);
  g_return_val_if_fail (run < layout->n_runs, -1);

  if (layout->view != IL_VIEW_TASKS)
    return -1;
  lr = &layout->runs[run];
  for (guint k = 0; k < lr->n_lanes; k++)
    if (lr->lanes[k].id == (gint) task)
      return k;
  return -1;
}

void
il_timeline_layout_get_header_extents (const IlTimelineLayout *layout,
                                       guint                   run,
                                       double                 *y,
                                       double                 *height)
{
  g_return_if_fail (layout != NULL);
  g_return_if_fail (run < layout->n_runs);

  if (y)
    *y = layout->runs[run].header_y;
  if (height)
    *height = layout->header_h;
}

void
il_timeline_layout_get_lane_extents (const IlTimelineLayout *layout,
                                     guint                   run,
                                     guint                   lane,
                                     double                 *y,
                                     double                 *height)
{
  g_return_if_fail (layout != NULL);
  g_return_if_fail (run < layout->n_runs);
  g_return_if_fail (lane < layout->runs[run].n_lanes);

  if (y)
    *y = layout->runs[run].lanes_y + lane * layout->lane_h;
  if (height)
    *height = layout->lane_h;
}

static void
lane_parts (const IlTimelineLayout *self,
            guint                   run,
            guint                   lane,
            double                 *bar_y,
            double                 *bar_h,
            double                 *strip_y,
            double                 *strip_h)
{
  double y = self->runs[run].lanes_y + lane * self->lane_h;
  double h = self->lane_h;
  double pad = h >= 6 ? MAX (1, floor (h * 0.1)) : 0;
  double strip = 0;

  if (self->view == IL_VIEW_CORES)
    strip = h >= 10 ? floor (h * 0.28) : (h >= 3 ? 1 : 0);

  *bar_y = y + pad;
  *bar_h = h - 2 * pad - strip;
  *strip_y = y + h - pad - strip;
  *strip_h = strip;
  if (strip >= 3)
    *bar_h -= 1;
}

void
il_timeline_layout_get_bar_extents (const IlTimelineLayout *layout,
                                    guint                   run,
                                    guint                   lane,
                                    double                 *y,
                                    double                 *height)
{
  double by, bh, sy, sh;

  g_return_if_fail (layout != NULL);
  g_return_if_fail (run < layout->n_runs);
  g_return_if_fail (lane < layout->runs[run].n_lanes);

  lane_parts (layout, run, lane, &by, &bh, &sy, &sh);
  if (y)
    *y = by;
  if (height)
    *height = bh;
}

void
il_timeline_layout_get_strip_extents (const IlTimelineLayout *layout,
                                      guint                   run,
                                      guint                   lane,
                                      double                 *y,
                                      double                 *height)
{
  double by, bh, sy, sh;

  lane_parts (layout, run, lane, &by, &bh, &sy, &sh);
  *y = sy;
  *height = sh;
}

gboolean
il_timeline_layout_hit_test (const IlTimelineLayout *layout,
                             double                  x,
                             double                  y,
                             IlTimelineHit          *hit)
{
  const IlLayoutRun *lr = NULL;
  const IlLane *lane;
  guint run, k, best = G_MAXUINT;
  gint64 t, tol, best_dist = G_MAXINT64;

  g_return_val_if_fail (layout != NULL, FALSE);
  g_return_val_if_fail (hit != NULL, FALSE);

  *hit = (IlTimelineHit) { 0, 0, -1, NULL, 0 };

  if (layout->lane_h <= 0 || x < layout->label_x || x > layout->plot_x1 + 4)
    return FALSE;

  for (run = 0; run < layout->n_runs; run++)
    {
      const IlLayoutRun *r = &layout->runs[run];

      if (y >= r->lanes_y && y < r->lanes_y + r->n_lanes * layout->lane_h)
        {
          lr = r;
          break;
        }
    }
  if (lr == NULL)
    return FALSE;

  k = MIN ((guint) ((y - lr->lanes_y) / layout->lane_h), lr->n_lanes - 1);
  lane = &lr->lanes[k];
  t = il_timeline_layout_x_to_time (layout, x);
  hit->run = run;
  hit->lane = k;
  hit->time_ns = t;
  hit->task = layout->view == IL_VIEW_TASKS ? lane->id : -1;
  if (x < layout->plot_x0)
    return TRUE;

  /* The segment under x, or the nearest one within 3 px. */
  tol = (gint64) (3.0 / layout->px_per_ns);
  for (guint i = il_lane_lower_bound (lane, 0, t - tol), n = 0;
       i < lane->n_segs && lane->segs[i].start_ns <= t + tol && n < 256;
       i++, n++)
    {
      const IlSegment *s = &lane->segs[i];
      gint64 dist = 0;

      /* Inside a segment beats an end marker beats a segment's edge. */
      if (s->end_ns <= s->start_ns)
        dist = ABS (t - s->start_ns);
      else if (t < s->start_ns)
        dist = s->start_ns - t + 1;
      else if (t >= s->end_ns)
        dist = t - s->end_ns + 1;
      if (dist < best_dist)
        {
          best_dist = dist;
          best = i;
        }
    }

  if (best != G_MAXUINT)
    {
      guint task = il_lane_segment_task (lane, best);
      guint index = lane->seg_index ? lane->seg_index[best] : best;

      hit->task = task;
      hit->segment = &lr->run.snapshot->tasks[task].segments[index];
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */

gint64
il_timeline_choose_tick_step (gint64 duration_ns,
                              double width_px,
                              double min_spacing_px)
{
  double wanted;
  gint64 power = 1;

  g_return_val_if_fail (duration_ns > 0, 1);
  g_return_val_if_fail (width_px > 0 && min_spacing_px > 0, duration_ns);

  wanted = duration_ns * min_spacing_px / width_px;
  for (;;)
    {
      static const int mult[] = { 1, 2, 5 };

      for (guint i = 0; i < G_N_ELEMENTS (mult); i++)
        if (power * mult[i] >= wanted)
          return power * mult[i];
      if (power > G_MAXINT64 / 100)
        return power * 10;
      power *= 10;
    }
}

static char *
format_scaled (gint64      t_ns,
               gint64      unit,
               int         decimals,
               const char *suffix)
{
  char *s = g_strdup_printf ("%.*f", decimals, (double) t_ns / unit);
  char *dot, *end;

  /* "1.50" -> "1.5", "2.0" -> "2" */
  if (decimals > 0 && (dot = strpbrk (s, ".,")) != NULL)
    {
      end = s + strlen (s) - 1;
      while (end > dot && *end == '0')
        *end-- = '\0';
      if (end == dot)
        *end = '\0';
    }
  {
    char *ret = g_strconcat (s, " ", suffix, NULL);

    g_free (s);
    return ret;
  }
}

static const struct {
  gint64      unit;
  const char *suffix;
} units[] = {
  { G_GINT64_CONSTANT (1000000000), "s" },
  { 1000000, "ms" },
  { 1000, "µs" },
  { 1, "ns" },
};

char *
il_timeline_format_time (gint64 t_ns,
                         gint64 step_ns)
{
  gint64 mag = ABS (t_ns);
  guint u;
  int decimals = 0;

  if (t_ns == 0)
    return g_strdup ("0");
  step_ns = MAX (step_ns, 1);

  for (u = 0; u < G_N_ELEMENTS (units) - 1; u++)
    if (mag >= units[u].unit)
      break;
  /* Enough decimals that neighbouring ticks differ. */
  for (gint64 p = units[u].unit; p > step_ns && decimals < 9; p /= 10)
    decimals++;
  return format_scaled (t_ns, units[u].unit, decimals, units[u].suffix);
}

char *
il_timeline_format_duration (gint64 ns)
{
  gint64 mag = ABS (ns);
  double v;
  guint u;

  for (u = 0; u < G_N_ELEMENTS (units) - 1; u++)
    if (mag >= units[u].unit)
      break;
  if (u == G_N_ELEMENTS (units) - 1)
    return g_strdup_printf ("%" G_GINT64_FORMAT " ns", ns);
  v = (double) mag / units[u].unit;
  return g_strdup_printf ("%.*f %s", v >= 100 ? 0 : v >= 10 ? 1 : 2,
                          (double) ns / units[u].unit, units[u].suffix);
}
