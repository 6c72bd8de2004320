/* il-timeline.h — the geometry of a timeline picture (no drawing)
 *
 * A layout takes one or more runs, arranges their lanes for a view (tasks,
 * workers or cores) on one shared time axis, and maps time to x and lanes to
 * y for a picture of a given size.  The per-lane segment arrays are built
 * once, when the layout is created; resizing, zooming and panning only
 * recompute a few numbers.
 */
#pragma once

#include <glib.h>

#include "il-trace.h"

G_BEGIN_DECLS

typedef enum {
  IL_VIEW_TASKS,
  IL_VIEW_WORKERS,
  IL_VIEW_CORES,
} IlView;

const char *il_view_to_string   (IlView      view);
gboolean    il_view_from_string (const char *name,
                                 IlView     *view);

typedef struct {
  const char      *title;        /* e.g. "threads" or "threads + GIL" */
  IlTraceSnapshot *snapshot;
  gint64           makespan_ns;
  gint64           ideal_ns;     /* -1 when unknown */
  gdouble          other_load;   /* > 0: other programs took this share of the
                                  * cores, enough to doubt the run (said in
                                  * its title line); 0 or NAN: not said */
  gboolean         live;
  gboolean         waiting;      /* live but not started: its clock says
                                  * nothing, and it does not stretch the axis */
  const char      *detail;       /* the numbers it ran with, "3 tasks · 4 workers",
                                  * said after the title; NULL: none */
} IlTimelineRun;

typedef struct {
  guint            run;
  guint            lane;
  gint             task;         /* -1 when none */
  const IlSegment *segment;      /* in the run's snapshot, or NULL */
  gint64           time_ns;      /* the time under x */
} IlTimelineHit;

typedef struct _IlTimelineLayout IlTimelineLayout;

/* Copies @runs (the titles; the snapshots are referenced). */
IlTimelineLayout    *il_timeline_layout_new             (const IlTimelineRun    *runs,
                                                         guint                   n_runs,
                                                         IlView                  view);
IlTimelineLayout    *il_timeline_layout_ref             (IlTimelineLayout       *layout);
void                 il_timeline_layout_unref           (IlTimelineLayout       *layout);

IlView               il_timeline_layout_get_view        (const IlTimelineLayout *layout);

/* Size of the picture in px (user units of the cairo context). */
void                 il_timeline_layout_set_size        (IlTimelineLayout       *layout,
                                                         int                     width,
                                                         int                     height);
int                  il_timeline_layout_get_width       (const IlTimelineLayout *layout);
int                  il_timeline_layout_get_height      (const IlTimelineLayout *layout);
/* Where the picture's content ends (below the legend and its margin) at
 * the current size: the rest of the height is blank. */
int                  il_timeline_layout_get_content_height (const IlTimelineLayout *layout);
/* The height at which every lane gets its full size. */
int                  il_timeline_layout_get_natural_height (const IlTimelineLayout *layout);

/* Scales text and lane sizes (1.0 = 12 px text). */
void                 il_timeline_layout_set_font_scale  (IlTimelineLayout       *layout,
                                                         double                  font_scale);
double               il_timeline_layout_get_font_scale  (const IlTimelineLayout *layout);

/* The shared time axis: [0, the latest end, makespan or ideal of any run
 * but those waiting]. */
gint64               il_timeline_layout_get_duration    (const IlTimelineLayout *layout);
/* The visible window (zoom and pan); by default the whole duration. */
void                 il_timeline_layout_set_window      (IlTimelineLayout       *layout,
                                                         gint64                  t0_ns,
                                                         gint64                  t1_ns);
void                 il_timeline_layout_get_window      (const IlTimelineLayout *layout,
                                                         gint64                 *t0_ns,
                                                         gint64                 *t1_ns);
/* Zooms by @factor (> 1 zooms in) keeping the time under @x in place. */
void                 il_timeline_layout_zoom            (IlTimelineLayout       *layout,
                                                         double                  x,
                                                         double                  factor);

/* The rectangle where time is drawn. */
void                 il_timeline_layout_get_plot_area   (const IlTimelineLayout *layout,
                                                         double                 *x,
                                                         double                 *y,
                                                         double                 *width,
                                                         double                 *height);
double               il_timeline_layout_time_to_x       (const IlTimelineLayout *layout,
                                                         gint64                  t_ns);
gint64               il_timeline_layout_x_to_time       (const IlTimelineLayout *layout,
                                                         double                  x);

guint                il_timeline_layout_get_n_runs      (const IlTimelineLayout *layout);
const IlTimelineRun *il_timeline_layout_get_run         (const IlTimelineLayout *layout,
                                                         guint                   run);
guint                il_timeline_layout_get_n_lanes     (const IlTimelineLayout *layout,
                                                         guint                   run);
const char          *il_timeline_layout_get_lane_label  (const IlTimelineLayout *layout,
                                                         guint                   run,
                                                         guint                   lane);
/* The task of a lane in the tasks view, the worker in the workers view, the
 * core in the cores view. */
gint                 il_timeline_layout_get_lane_id     (const IlTimelineLayout *layout,
                                                         guint                   run,
                                                         guint                   lane);
/* The lane of @task in the tasks view, or -1. */
gint                 il_timeline_layout_find_task_lane  (const IlTimelineLayout *layout,
                                                         guint                   run,
                                                         guint                   task);
/* The header line above a run's lanes. */
void                 il_timeline_layout_get_header_extents (const IlTimelineLayout *layout,
                                                         guint                   run,
                                                         double                 *y,
                                                         double                 *height);
/* The whole lane, and the bar inside it where segments are drawn. */
void                 il_timeline_layout_get_lane_extents (const IlTimelineLayout *layout,
                                                         guint                   run,
                                                         guint                   lane,
                                                         double                 *y,
                                                         double                 *height);
void                 il_timeline_layout_get_bar_extents (const IlTimelineLayout *layout,
                                                         guint                   run,
                                                         guint                   lane,
                                                         double                 *y,
                                                         double                 *height);

/* What is under (@x, @y): TRUE on a lane (its label or its plot area). */
gboolean             il_timeline_layout_hit_test        (const IlTimelineLayout *layout,
                                                         double                  x,
                                                         double                  y,
                                                         IlTimelineHit          *hit);

/* A 1-2-5 tick step so that ticks are at least @min_spacing_px apart. */
gint64               il_timeline_choose_tick_step       (gint64                  duration_ns,
                                                         double                  width_px,
                                                         double                  min_spacing_px);
/* A tick label: "0", "250 ms", "1.5 s", with the precision @step_ns needs. */
char                *il_timeline_format_time            (gint64                  t_ns,
                                                         gint64                  step_ns);
/* A duration with three significant digits: "2.00 s", "12.5 ms", "850 µs". */
char                *il_timeline_format_duration        (gint64                  ns);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IlTimelineLayout, il_timeline_layout_unref)

G_END_DECLS
