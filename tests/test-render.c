/* test-render.c — timeline layout, painting and export */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "il-export.h"
#include "il-painter.h"
#include "il-palette.h"
#include "il-png.h"
#include "il-timeline.h"

/* GDK defines this for GTK code; the render layer has no GTK. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_surface_t, cairo_surface_destroy)

#define MS(x) ((gint64) (x) * G_GINT64_CONSTANT (1000000))

/* ------------------------------------------------------------------------ */
/* Building traces */

typedef struct {
  GArray *tasks;     /* IlTaskSnapshot */
  GArray *segs;      /* GArray* of IlSegment, one per task */
} Builder;

static Builder *
builder_new (void)
{
  Builder *b = g_new0 (Builder, 1);

  b->tasks = g_array_new (FALSE, TRUE, sizeof (IlTaskSnapshot));
  b->segs = g_array_new (FALSE, TRUE, sizeof (GArray *));
  return b;
}

static guint
builder_task (Builder    *b,
              const char *name)
{
  IlTaskSnapshot t = { 0, };
  GArray *segs = g_array_new (FALSE, FALSE, sizeof (IlSegment));

  t.name = (char *) name;
  t.worker = IL_NO_WORKER;
  t.started_ns = -1;
  t.finished_ns = -1;
  g_array_append_val (b->tasks, t);
  g_array_append_val (b->segs, segs);
  return b->tasks->len - 1;
}

static void
builder_seg (Builder *b,
             guint    task,
             gint64   start_ns,
             gint64   end_ns,
             IlState  state,
             guint32  worker,
             gint     cpu)
{
  IlSegment s = { start_ns, end_ns, worker, cpu, state, 0 };

  g_array_append_val (g_array_index (b->segs, GArray *, task), s);
}

static IlTraceSnapshot *
builder_finish (Builder *b,
                guint    n_workers)
{
  g_autofree IlWorkerInfo *workers = g_new0 (IlWorkerInfo, MAX (n_workers, 1));
  IlTraceSnapshot *snap;

  for (guint i = 0; i < n_workers; i++)
    {
      workers[i].kind = IL_WORKER_THREAD;
      workers[i].label = g_strdup_printf ("thread %u", 100 + i);
    }
  for (guint t = 0; t < b->tasks->len; t++)
    {
      IlTaskSnapshot *ts = &g_array_index (b->tasks, IlTaskSnapshot, t);
      GArray *segs = g_array_index (b->segs, GArray *, t);

      ts->n_segments = segs->len;
      ts->segments = (IlSegment *) (void *) segs->data;
    }
  snap = il_trace_snapshot_new_from_tasks ((IlTaskSnapshot *) (void *) b->tasks->data,
                                           b->tasks->len, workers, n_workers);
  for (guint i = 0; i < n_workers; i++)
    g_free (workers[i].label);
  for (guint t = 0; t < b->segs->len; t++)
    g_array_unref (g_array_index (b->segs, GArray *, t));
  g_array_unref (b->segs);
  g_array_unref (b->tasks);
  g_free (b);
  return snap;
}

/* Three tasks: "run 60 ms on a core, sleep, done".  Sequential: one worker
 * runs them one after another.  Parallel: three workers at once, task i on
 * cpu i. */
static IlTraceSnapshot *
make_sleeps (gboolean parallel)
{
  Builder *b = builder_new ();

  for (guint i = 0; i < 3; i++)
    {
      static const char * const names[] = { "sleep 1", "sleep 2", "sleep 3" };
      guint t = builder_task (b, names[i]);
      gint64 start = parallel ? 0 : MS (200) * i;
      guint32 worker = parallel ? i : 0;

      if (start > 0)
        builder_seg (b, t, 0, start, IL_STATE_QUEUED, IL_NO_WORKER, IL_NO_CPU);
      builder_seg (b, t, start, start + MS (60), IL_STATE_RUNNING, worker, i);
      builder_seg (b, t, start + MS (60), start + MS (200), IL_STATE_IO_WAIT, worker, IL_NO_CPU);
      builder_seg (b, t, start + MS (200), start + MS (200), IL_STATE_DONE, worker, IL_NO_CPU);
    }
  return builder_finish (b, parallel ? 3 : 1);
}

static IlTimelineLayout *
make_layout (IlTraceSnapshot *snap,
             IlView           view,
             int              width,
             int              height)
{
  IlTimelineRun run = { "test", snap, snap->end_ns, -1, FALSE };
  IlTimelineLayout *layout = il_timeline_layout_new (&run, 1, view);

  il_timeline_layout_set_size (layout, width, height);
  return layout;
}

/* ------------------------------------------------------------------------ */
/* Pixels */

static cairo_surface_t *
paint (const IlTimelineLayout *layout,
       gboolean                dark,
       gint                    highlight)
{
  IlPaintOptions opts = { dark, highlight };
  cairo_surface_t *surface;
  cairo_t *cr;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                        il_timeline_layout_get_width (layout),
                                        il_timeline_layout_get_height (layout));
  cr = cairo_create (surface);
  il_painter_paint (cr, layout, &opts);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static void
get_pixel (cairo_surface_t *surface,
           int              x,
           int              y,
           int              rgb[3])
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint32 px;

  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (y, <, cairo_image_surface_get_height (surface));
  px = *(const guint32 *) (const void *) (data + y * stride + x * 4);
  rgb[0] = (px >> 16) & 0xff;
  rgb[1] = (px >> 8) & 0xff;
  rgb[2] = px & 0xff;
}

static gboolean
pixel_is (cairo_surface_t *surface,
          int              x,
          int              y,
          const IlColor   *c)
{
  int rgb[3];

  get_pixel (surface, x, y, rgb);
  return ABS (rgb[0] - (int) (c->r * 255 + 0.5)) <= 2 &&
         ABS (rgb[1] - (int) (c->g * 255 + 0.5)) <= 2 &&
         ABS (rgb[2] - (int) (c->b * 255 + 0.5)) <= 2;
}

static void
assert_pixel (cairo_surface_t *surface,
              int              x,
              int              y,
              const IlColor   *c)
{
  if (!pixel_is (surface, x, y, c))
    {
      int rgb[3];

      get_pixel (surface, x, y, rgb);
      g_error ("pixel (%d, %d) is #%02x%02x%02x, expected #%02x%02x%02x", x, y,
               rgb[0], rgb[1], rgb[2],
               (int) (c->r * 255 + 0.5), (int) (c->g * 255 + 0.5), (int) (c->b * 255 + 0.5));
    }
}

/* A point inside segment @seg of @task's lane (tasks view), near its right
 * end and the top of the bar, away from the core label. */
static void
segment_point (const IlTimelineLayout *layout,
               guint                   task,
               const IlSegment        *seg,
               int                    *x,
               int                    *y)
{
  gint lane = il_timeline_layout_find_task_lane (layout, 0, task);
  double by, bh;

  g_assert_cmpint (lane, >=, 0);
  il_timeline_layout_get_bar_extents (layout, 0, lane, &by, &bh);
  *x = (int) il_timeline_layout_time_to_x (layout, seg->end_ns) - 3;
  *y = (int) by + 1;
}

/* ------------------------------------------------------------------------ */
/* Timeline */

static void
test_view_names (void)
{
  IlView view;

  for (IlView v = IL_VIEW_TASKS; v <= IL_VIEW_CORES; v++)
    {
      g_assert_true (il_view_from_string (il_view_to_string (v), &view));
      g_assert_cmpint (view, ==, v);
    }
  g_assert_cmpstr (il_view_to_string (IL_VIEW_WORKERS), ==, "workers");
  g_assert_false (il_view_from_string ("gantt", &view));
}

static void
test_time_x_round_trip (void)
{
  g_autoptr(IlTraceSnapshot) snap = make_sleeps (FALSE);
  g_autoptr(IlTimelineLayout) layout = make_layout (snap, IL_VIEW_TASKS, 1000, 600);
  double px, pw;

  g_assert_cmpint (il_timeline_layout_get_duration (layout), ==, MS (600));
  il_timeline_layout_get_plot_area (layout, &px, NULL, &pw, NULL);
  g_assert_cmpfloat_with_epsilon (il_timeline_layout_time_to_x (layout, 0), px, 1e-9);
  g_assert_cmpfloat_with_epsilon (il_timeline_layout_time_to_x (layout, MS (600)), px + pw, 1e-6);

  for (guint zoom = 0; zoom < 2; zoom++)
    {
      for (gint64 t = 0; t <= MS (600); t += MS (600) / 37)
        {
          double x = il_timeline_layout_time_to_x (layout, t);

          g_assert_cmpint (ABS (il_timeline_layout_x_to_time (layout, x) - t), <=, 1);
        }
      for (double x = px; x <= px + pw; x += 13.7)
        {
          gint64 t = il_timeline_layout_x_to_time (layout, x);

          g_assert_cmpfloat_with_epsilon (il_timeline_layout_time_to_x (layout, t), x, 1e-3);
        }
      il_timeline_layout_set_window (layout, MS (100), MS (150));
    }

  /* Zooming keeps the time under the pointer in place. */
  {
    double x = px + pw / 3;
    gint64 before = il_timeline_layout_x_to_time (layout, x), t0, t1;

    il_timeline_layout_zoom (layout, x, 2.0);
    g_assert_cmpint (ABS (il_timeline_layout_x_to_time (layout, x) - before), <=, 2);
    il_timeline_layout_get_window (layout, &t0, &t1);
    g_assert_cmpint (ABS ((t1 - t0) - MS (25)), <=, 2);
  }
}

static void
test_ticks (void)
{
  static const struct {
    gint64 duration;
    double width;
    double spacing;
    gint64 step;
  } steps[] = {
    { MS (1000), 1000, 100, MS (100) },
    { MS (2500), 1000, 90, MS (500) },
    { MS (7), 800, 90, MS (1) },
    { MS (600), 1650, 90, MS (50) },
    { MS (60000), 1650, 90, MS (5000) },
    { 3000, 600, 90, 500 },
    { MS (1), 1000, 200, 200000 },
  };
  static const struct {
    gint64      t;
    gint64      step;
    const char *label;
  } labels[] = {
    { 0, MS (50), "0" },
    { MS (250), MS (50), "250 ms" },
    { MS (1500), MS (500), "1.5 s" },
    { MS (2000), MS (500), "2 s" },
    { MS (1200), MS (200), "1.2 s" },
    { MS (500), MS (500), "500 ms" },
    { 1500000, 500000, "1.5 ms" },
    { 250000, 50000, "250 µs" },
    { 40, 10, "40 ns" },
    { MS (10000), MS (5000), "10 s" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    g_assert_cmpint (il_timeline_choose_tick_step (steps[i].duration, steps[i].width, steps[i].spacing),
                     ==, steps[i].step);

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      g_autofree char *s = il_timeline_format_time (labels[i].t, labels[i].step);

      g_assert_cmpstr (s, ==, labels[i].label);
    }

  {
    g_autofree char *a = il_timeline_format_duration (MS (2000));
    g_autofree char *b = il_timeline_format_duration (12500000);
    g_autofree char *c = il_timeline_format_duration (850000);

    g_assert_cmpstr (a, ==, "2.00 s");
    g_assert_cmpstr (b, ==, "12.5 ms");
    g_assert_cmpstr (c, ==, "850 µs");
  }
}

/* io-wait of task @task as an x range in its lane, and the lane's y. */
static void
io_wait_span (const IlTimelineLayout *layout,
              const IlTraceSnapshot  *snap,
              guint                   task,
              double                 *x0,
              double                 *x1,
              double                 *y)
{
  const IlTaskSnapshot *ts = &snap->tasks[task];

  for (guint i = 0; i < ts->n_segments; i++)
    if (ts->segments[i].state == IL_STATE_IO_WAIT)
      {
        *x0 = il_timeline_layout_time_to_x (layout, ts->segments[i].start_ns);
        *x1 = il_timeline_layout_time_to_x (layout, ts->segments[i].end_ns);
        il_timeline_layout_get_lane_extents (layout, 0,
                                             il_timeline_layout_find_task_lane (layout, 0, task),
                                             y, NULL);
        return;
      }
  g_assert_not_reached ();
}

static void
test_sequential_vs_parallel (void)
{
  g_autoptr(IlTraceSnapshot) seq = make_sleeps (FALSE);
  g_autoptr(IlTraceSnapshot) par = make_sleeps (TRUE);
  IlTimelineRun runs[2] = {
    { "sequential", seq, MS (600), MS (200), FALSE },
    { "threads", par, MS (200), MS (200), FALSE },
  };
  g_autoptr(IlTimelineLayout) both = il_timeline_layout_new (runs, 2, IL_VIEW_TASKS);
  g_autoptr(IlTimelineLayout) ls = make_layout (seq, IL_VIEW_TASKS, 1000, 600);
  g_autoptr(IlTimelineLayout) lp = make_layout (par, IL_VIEW_TASKS, 1000, 600);
  g_autoptr(IlTimelineLayout) ws = make_layout (seq, IL_VIEW_WORKERS, 1000, 600);
  g_autoptr(IlTimelineLayout) wp = make_layout (par, IL_VIEW_WORKERS, 1000, 600);
  double a0, a1, ay, b0, b1, by;

  /* Sequential: each sleep starts after the previous one ended, one lane
   * further down. */
  for (guint t = 0; t + 1 < 3; t++)
    {
      io_wait_span (ls, seq, t, &a0, &a1, &ay);
      io_wait_span (ls, seq, t + 1, &b0, &b1, &by);
      g_assert_cmpfloat (a1, <=, b0);
      g_assert_cmpfloat (ay, <, by);
    }
  /* Parallel: the three sleeps overlap. */
  for (guint t = 0; t + 1 < 3; t++)
    {
      io_wait_span (lp, par, t, &a0, &a1, &ay);
      io_wait_span (lp, par, t + 1, &b0, &b1, &by);
      g_assert_cmpfloat (b0, <, a1);
      g_assert_cmpfloat (a0, <, b1);
    }

  g_assert_cmpuint (il_timeline_layout_get_n_lanes (ws, 0), ==, 1);
  g_assert_cmpstr (il_timeline_layout_get_lane_label (ws, 0, 0), ==, "thread 100");
  g_assert_cmpuint (il_timeline_layout_get_n_lanes (wp, 0), ==, 3);

  /* Two runs share one axis: the longer one sets it, the shorter one ends
   * a third of the way along. */
  il_timeline_layout_set_size (both, 1200, 800);
  g_assert_cmpint (il_timeline_layout_get_duration (both), ==, MS (600));
  g_assert_cmpuint (il_timeline_layout_get_n_runs (both), ==, 2);
  {
    double h0, h1, l0, l1;

    il_timeline_layout_get_header_extents (both, 0, &h0, NULL);
    il_timeline_layout_get_header_extents (both, 1, &h1, NULL);
    il_timeline_layout_get_lane_extents (both, 0, 2, &l0, NULL);
    il_timeline_layout_get_lane_extents (both, 1, 0, &l1, NULL);
    g_assert_cmpfloat (h0, <, l0);
    g_assert_cmpfloat (l0, <, h1);
    g_assert_cmpfloat (h1, <, l1);
  }
}

static void
test_lanes_sorted_by_start (void)
{
  Builder *b = builder_new ();
  g_autoptr(IlTraceSnapshot) snap = NULL;
  g_autoptr(IlTimelineLayout) layout = NULL;

  for (guint i = 0; i < 4; i++)
    {
      static const char * const names[] = { "d", "c", "b", "a" };
      guint t = builder_task (b, names[i]);
      gint64 start = MS (10) * (3 - i);

      builder_seg (b, t, start, start + MS (5), IL_STATE_RUNNING, i, 0);
    }
  snap = builder_finish (b, 4);
  layout = make_layout (snap, IL_VIEW_TASKS, 800, 400);

  for (guint k = 0; k < 4; k++)
    {
      static const char * const expect[] = { "a", "b", "c", "d" };

      g_assert_cmpstr (il_timeline_layout_get_lane_label (layout, 0, k), ==, expect[k]);
      g_assert_cmpint (il_timeline_layout_get_lane_id (layout, 0, k), ==, 3 - k);
    }
  g_clear_pointer (&layout, il_timeline_layout_unref);

  /* Workers too: worker 3 ran first. */
  layout = make_layout (snap, IL_VIEW_WORKERS, 800, 400);
  g_assert_cmpstr (il_timeline_layout_get_lane_label (layout, 0, 0), ==, "thread 103");
}

/* An event loop: three tasks sleep at once on worker 0 while the loop runs
 * them in turn. */
static IlTraceSnapshot *
make_event_loop (void)
{
  Builder *b = builder_new ();

  for (guint i = 0; i < 3; i++)
    {
      guint t = builder_task (b, "fetch");
      gint64 run_at = MS (10) * i;

      if (run_at > 0)
        builder_seg (b, t, 0, run_at, IL_STATE_READY, 0, IL_NO_CPU);
      builder_seg (b, t, run_at, run_at + MS (10), IL_STATE_RUNNING, 0, 1);
      builder_seg (b, t, run_at + MS (10), MS (100), IL_STATE_IO_WAIT, 0, IL_NO_CPU);
      builder_seg (b, t, MS (100) + MS (10) * i, MS (100) + MS (10) * i + MS (10), IL_STATE_RUNNING, 0, 2);
      builder_seg (b, t, MS (110) + MS (10) * i, MS (110) + MS (10) * i, IL_STATE_DONE, 0, IL_NO_CPU);
    }
  return builder_finish (b, 1);
}

static void
test_workers_merge_overlaps (void)
{
  g_autoptr(IlTraceSnapshot) snap = make_event_loop ();
  g_autoptr(IlTimelineLayout) layout = make_layout (snap, IL_VIEW_WORKERS, 1000, 400);
  IlTimelineHit hit;
  double by, bh, x;

  g_assert_cmpuint (il_timeline_layout_get_n_lanes (layout, 0), ==, 1);
  il_timeline_layout_get_bar_extents (layout, 0, 0, &by, &bh);

  /* At 15 ms the loop runs task 1; the others are ready or waiting. */
  x = il_timeline_layout_time_to_x (layout, MS (15));
  g_assert_true (il_timeline_layout_hit_test (layout, x, by + bh / 2, &hit));
  g_assert_cmpint (hit.task, ==, 1);
  g_assert_nonnull (hit.segment);
  g_assert_cmpint (hit.segment->state, ==, IL_STATE_RUNNING);
  g_assert_cmpint (hit.segment->start_ns, ==, MS (10));
  /* At 50 ms everybody waits: one of the io-waits shows. */
  x = il_timeline_layout_time_to_x (layout, MS (50));
  g_assert_true (il_timeline_layout_hit_test (layout, x, by + bh / 2, &hit));
  g_assert_nonnull (hit.segment);
  g_assert_cmpint (hit.segment->state, ==, IL_STATE_IO_WAIT);
  /* At 125 ms task 2 runs its second part, on cpu 2. */
  x = il_timeline_layout_time_to_x (layout, MS (125));
  g_assert_true (il_timeline_layout_hit_test (layout, x, by + bh / 2, &hit));
  g_assert_cmpint (hit.task, ==, 2);
  g_assert_cmpint (hit.segment->cpu, ==, 2);
}

static void
test_cores_lanes (void)
{
  g_autoptr(IlTraceSnapshot) snap = make_sleeps (TRUE);
  g_autoptr(IlTimelineLayout) layout = make_layout (snap, IL_VIEW_CORES, 1000, 500);
  g_autoptr(IlTimelineLayout) with_samples = NULL;
  IlTimelineHit hit;
  double by, bh;

  /* cpus 0..2 seen */
  g_assert_cmpuint (il_timeline_layout_get_n_lanes (layout, 0), ==, 3);
  for (guint k = 0; k < 3; k++)
    g_assert_cmpint (il_timeline_layout_get_lane_id (layout, 0, k), ==, k);
  il_timeline_layout_get_bar_extents (layout, 0, 2, &by, &bh);
  g_assert_true (il_timeline_layout_hit_test (layout, il_timeline_layout_time_to_x (layout, MS (30)),
                                              by + bh / 2, &hit));
  g_assert_cmpint (hit.task, ==, 2);
  g_assert_cmpint (hit.segment->state, ==, IL_STATE_RUNNING);
  /* Nothing runs on a core while the tasks sleep. */
  g_assert_true (il_timeline_layout_hit_test (layout, il_timeline_layout_time_to_x (layout, MS (150)),
                                              by + bh / 2, &hit));
  g_assert_null (hit.segment);

  /* Samples of a 6-core machine give 6 lanes. */
  g_free (snap->core_samples);
  snap->n_core_samples = 2;
  snap->core_samples = g_new0 (IlCoreSample, 2);
  for (guint i = 0; i < 2; i++)
    {
      snap->core_samples[i].time_ns = MS (100) * (i + 1);
      snap->core_samples[i].n_cpus = 6;
      snap->core_samples[i].busy = g_new0 (float, 6);
      snap->core_samples[i].busy[5] = 1.0f;
    }
  with_samples = make_layout (snap, IL_VIEW_CORES, 1000, 500);
  g_assert_cmpuint (il_timeline_layout_get_n_lanes (with_samples, 0), ==, 6);

  /* Core 5 was busy with other load: its strip shows it. */
  {
    g_autoptr(cairo_surface_t) surface = paint (with_samples, FALSE, -1);
    double ly, lh;
    int x = il_timeline_layout_time_to_x (with_samples, MS (150));

    il_timeline_layout_get_lane_extents (with_samples, 0, 5, &ly, &lh);
    il_timeline_layout_get_bar_extents (with_samples, 0, 5, &by, &bh);
    g_assert_true (pixel_is (surface, x, (int) (by + bh + (ly + lh - by - bh) / 2),
                             &il_palette_get_chrome (FALSE)->load));
  }
}

static void
test_hit_test (void)
{
  g_autoptr(IlTraceSnapshot) snap = make_sleeps (FALSE);
  g_autoptr(IlTimelineLayout) layout = make_layout (snap, IL_VIEW_TASKS, 1000, 600);
  IlTimelineHit hit;
  double by, bh, px;
  gint lane = il_timeline_layout_find_task_lane (layout, 0, 2);
  const IlSegment *running = &snap->tasks[2].segments[1];

  il_timeline_layout_get_bar_extents (layout, 0, lane, &by, &bh);
  il_timeline_layout_get_plot_area (layout, &px, NULL, NULL, NULL);

  g_assert_true (il_timeline_layout_hit_test (layout,
                                              il_timeline_layout_time_to_x (layout, MS (430)),
                                              by + bh / 2, &hit));
  g_assert_cmpuint (hit.run, ==, 0);
  g_assert_cmpuint (hit.lane, ==, (guint) lane);
  g_assert_cmpint (hit.task, ==, 2);
  g_assert_true (hit.segment == running);
  g_assert_cmpint (ABS (hit.time_ns - MS (430)), <, MS (1));

  /* The label names the task but no segment. */
  g_assert_true (il_timeline_layout_hit_test (layout, px - 20, by + bh / 2, &hit));
  g_assert_cmpint (hit.task, ==, 2);
  g_assert_null (hit.segment);

  /* A done marker is found within a few pixels. */
  g_assert_true (il_timeline_layout_hit_test (layout,
                                              il_timeline_layout_time_to_x (layout, MS (600)) + 1,
                                              by + bh / 2, &hit));
  g_assert_nonnull (hit.segment);
  g_assert_cmpint (hit.segment->state, ==, IL_STATE_DONE);

  /* Above the lanes, below the axis: nothing. */
  g_assert_false (il_timeline_layout_hit_test (layout, px + 10, 1, &hit));
  g_assert_false (il_timeline_layout_hit_test (layout, px + 10, 599, &hit));
}

static void
test_empty (void)
{
  Builder *b = builder_new ();
  g_autoptr(IlTraceSnapshot) snap = builder_finish (b, 0);
  g_autoptr(IlTimelineLayout) none = il_timeline_layout_new (NULL, 0, IL_VIEW_TASKS);

  for (IlView v = IL_VIEW_TASKS; v <= IL_VIEW_CORES; v++)
    {
      g_autoptr(IlTimelineLayout) layout = make_layout (snap, v, 300, 200);
      g_autoptr(cairo_surface_t) surface = paint (layout, FALSE, -1);
      IlTimelineHit hit;

      g_assert_cmpuint (il_timeline_layout_get_n_lanes (layout, 0), ==, 0);
      g_assert_false (il_timeline_layout_hit_test (layout, 150, 100, &hit));
    }
  il_timeline_layout_set_size (none, 200, 100);
  cairo_surface_destroy (paint (none, TRUE, -1));
}

/* ------------------------------------------------------------------------ */
/* Painter */

static void
test_painter_running_colour (void)
{
  g_autoptr(IlTraceSnapshot) snap = make_sleeps (FALSE);

  for (guint dark = 0; dark < 2; dark++)
    {
      g_autoptr(IlTimelineLayout) layout = make_layout (snap, IL_VIEW_TASKS, 1000, 600);
      g_autoptr(cairo_surface_t) surface = paint (layout, dark, -1);
      const IlColor *running = &il_palette_get_state_style (IL_STATE_RUNNING, dark)->fill;

      assert_pixel (surface, 0, 0, &il_palette_get_chrome (dark)->background);
      for (guint t = 0; t < 3; t++)
        {
          int x, y;

          segment_point (layout, t, &snap->tasks[t].segments[t > 0 ? 1 : 0], &x, &y);
          assert_pixel (surface, x, y, running);
        }
    }
}

static void
test_painter_hatched_io_wait (void)
{
  g_autoptr(IlTraceSnapshot) snap = make_sleeps (TRUE);
  g_autoptr(IlTimelineLayout) layout = make_layout (snap, IL_VIEW_TASKS, 1000, 600);
  g_autoptr(cairo_surface_t) surface = paint (layout, FALSE, -1);
  const IlStateStyle *io = il_palette_get_state_style (IL_STATE_IO_WAIT, FALSE);
  guint n_hatch = 0, n_tint = 0, n_other = 0;
  double by, bh;
  int x0, x1;

  g_assert_true (io->hatched);
  il_timeline_layout_get_bar_extents (layout, 0, 0, &by, &bh);
  x0 = (int) il_timeline_layout_time_to_x (layout, MS (60)) + 2;
  x1 = (int) il_timeline_layout_time_to_x (layout, MS (200)) - 2;
  for (int y = (int) by + 1; y < (int) (by + bh) - 1; y++)
    for (int x = x0; x < x1; x++)
      {
        if (pixel_is (surface, x, y, &io->hatch))
          n_hatch++;
        else if (pixel_is (surface, x, y, &io->fill))
          n_tint++;
        else
          n_other++;
      }
  g_assert_cmpuint (n_hatch, >, 20);
  g_assert_cmpuint (n_tint, >, 20);
  g_assert_cmpuint (n_tint, >, n_hatch);
}

static void
test_palette_waiting_distinct (void)
{
  for (guint dark = 0; dark < 2; dark++)
    for (IlState a = 0; a < IL_N_STATES; a++)
      {
        const IlStateStyle *sa = il_palette_get_state_style (a, dark);

        g_assert_cmpint (sa->hatched, ==, il_state_is_waiting (a));
        if (!sa->hatched)
          continue;
        for (IlState b = a + 1; b < IL_N_STATES; b++)
          {
            const IlStateStyle *sb = il_palette_get_state_style (b, dark);

            if (!sb->hatched)
              continue;
            /* Distinct in grayscale: the pattern differs. */
            g_assert_true (memcmp (sa->hatch_dir, sb->hatch_dir, sizeof sa->hatch_dir) != 0 ||
                           sa->hatch_period != sb->hatch_period);
          }
      }
}

static void
test_painter_views (void)
{
  g_autoptr(IlTraceSnapshot) snap = make_sleeps (TRUE);
  const IlColor *running = &il_palette_get_state_style (IL_STATE_RUNNING, FALSE)->fill;

  /* Workers view: worker i's lane runs task i first. */
  {
    g_autoptr(IlTimelineLayout) layout = make_layout (snap, IL_VIEW_WORKERS, 1000, 600);
    g_autoptr(cairo_surface_t) surface = paint (layout, FALSE, -1);

    for (guint k = 0; k < 3; k++)
      {
        double by, bh;
        int x = il_timeline_layout_time_to_x (layout, MS (60)) - 3;

        il_timeline_layout_get_bar_extents (layout, 0, k, &by, &bh);
        assert_pixel (surface, x, (int) by + 1, running);
      }
  }

  /* Cores view: core i shows task i's colour. */
  {
    g_autoptr(IlTimelineLayout) layout = make_layout (snap, IL_VIEW_CORES, 1000, 600);
    g_autoptr(cairo_surface_t) surface = paint (layout, FALSE, -1);

    for (guint k = 0; k < 3; k++)
      {
        double by, bh;
        int x = il_timeline_layout_time_to_x (layout, MS (60)) - 3;

        il_timeline_layout_get_bar_extents (layout, 0, k, &by, &bh);
        assert_pixel (surface, x, (int) by + 1, il_palette_get_task_color (k, FALSE));
        /* After the run: the lane background. */
        x = il_timeline_layout_time_to_x (layout, MS (120));
        g_assert_false (pixel_is (surface, x, (int) by + 1, il_palette_get_task_color (k, FALSE)));
      }
  }
}

static void
test_painter_highlight (void)
{
  g_autoptr(IlTraceSnapshot) snap = make_sleeps (FALSE);
  g_autoptr(IlTimelineLayout) layout = make_layout (snap, IL_VIEW_TASKS, 1000, 600);
  g_autoptr(cairo_surface_t) surface = paint (layout, FALSE, 1);
  const IlColor *running = &il_palette_get_state_style (IL_STATE_RUNNING, FALSE)->fill;
  int x, y;

  segment_point (layout, 1, &snap->tasks[1].segments[1], &x, &y);
  assert_pixel (surface, x, y, running);
  segment_point (layout, 0, &snap->tasks[0].segments[0], &x, &y);
  g_assert_false (pixel_is (surface, x, y, running));
}

static void
test_painter_markers (void)
{
  g_autoptr(IlTraceSnapshot) snap = make_sleeps (FALSE);
  g_autoptr(IlTimelineLayout) layout = make_layout (snap, IL_VIEW_TASKS, 1000, 600);
  g_autoptr(cairo_surface_t) surface = paint (layout, FALSE, -1);
  double by, bh;
  int x, rgb[3];

  /* The done tick of task 0 stands above its bar, at 200 ms. */
  il_timeline_layout_get_bar_extents (layout, 0, il_timeline_layout_find_task_lane (layout, 0, 0),
                                      &by, &bh);
  x = (int) il_timeline_layout_time_to_x (layout, MS (200));
  get_pixel (surface, x, (int) by - 1, rgb);
  g_assert_cmpint (rgb[0] + rgb[1] + rgb[2], <, 3 * 160);
  /* and nowhere near it */
  get_pixel (surface, x + 30, (int) by - 1, rgb);
  g_assert_cmpint (rgb[0] + rgb[1] + rgb[2], >, 3 * 220);
}

static void
test_painter_million_segments (void)
{
  const guint n = 1000000;
  Builder *b = builder_new ();
  g_autoptr(IlTraceSnapshot) snap = NULL;
  g_autoptr(IlTimelineLayout) layout = NULL;
  g_autoptr(cairo_surface_t) surface = NULL;
  const IlColor *bg = &il_palette_get_chrome (FALSE)->background;
  guint t = builder_task (b, "busy");
  guint painted = 0, columns = 0;
  double by, bh;
  int x0, x1;

  /* 1 µs segments alternating running and io-wait: a second in all. */
  for (guint i = 0; i < n; i++)
    builder_seg (b, t, i * 1000, (i + 1) * 1000, i % 2 ? IL_STATE_IO_WAIT : IL_STATE_RUNNING,
                 0, i % 4);
  builder_seg (b, t, n * 1000, n * 1000, IL_STATE_DONE, 0, IL_NO_CPU);
  snap = builder_finish (b, 1);
  layout = make_layout (snap, IL_VIEW_TASKS, 1920, 1080);
  surface = paint (layout, FALSE, -1);

  il_timeline_layout_get_bar_extents (layout, 0, 0, &by, &bh);
  x0 = (int) il_timeline_layout_time_to_x (layout, 0) + 1;
  x1 = (int) il_timeline_layout_time_to_x (layout, n * 1000) - 1;
  for (int x = x0; x < x1; x++, columns++)
    if (!pixel_is (surface, x, (int) (by + bh / 2), bg))
      painted++;
  g_assert_cmpuint (columns, >, 1000);
  g_assert_cmpuint (painted, ==, columns);

  /* Zoomed in to 2000 segments they are wide again: both states show. */
  il_timeline_layout_set_window (layout, MS (500), MS (500) + 2000 * 1000);
  g_clear_pointer (&surface, cairo_surface_destroy);
  surface = paint (layout, FALSE, -1);
  {
    const IlColor *running = &il_palette_get_state_style (IL_STATE_RUNNING, FALSE)->fill;
    double x = il_timeline_layout_time_to_x (layout, MS (500) + 400);

    assert_pixel (surface, (int) x, (int) by + 1, running);
  }

  /* The workers view merges the same million. */
  g_clear_pointer (&layout, il_timeline_layout_unref);
  g_clear_pointer (&surface, cairo_surface_destroy);
  layout = make_layout (snap, IL_VIEW_WORKERS, 1920, 1080);
  surface = paint (layout, FALSE, -1);
  il_timeline_layout_get_bar_extents (layout, 0, 0, &by, &bh);
  g_assert_false (pixel_is (surface, (x0 + x1) / 2, (int) (by + bh / 2), bg));
}

/* A dense lane painted from its summary: each column shows the state that
 * covers most of it, whichever way the small segments alternate. */
static void
test_painter_dense_lane_dominant (void)
{
  const guint n = 200000;
  Builder *b = builder_new ();
  g_autoptr(IlTraceSnapshot) snap = NULL;
  g_autoptr(IlTimelineLayout) layout = NULL;
  g_autoptr(cairo_surface_t) surface = NULL;
  const IlColor *running = &il_palette_get_state_style (IL_STATE_RUNNING, FALSE)->fill;
  guint t = builder_task (b, "dense");
  gint64 period = 10000, half = (gint64) n / 2 * period;
  guint first_running = 0, second_running = 0, columns = 0;
  double by, bh;

  /* First half: 9 µs running then 1 µs io-wait; second half the reverse. */
  for (guint i = 0; i < n; i++)
    {
      gint64 t0 = (gint64) i * period;
      gint64 split = t0 + (t0 < half ? 9000 : 1000);

      builder_seg (b, t, t0, split, IL_STATE_RUNNING, 0, 0);
      builder_seg (b, t, split, t0 + period, IL_STATE_IO_WAIT, 0, IL_NO_CPU);
    }
  builder_seg (b, t, (gint64) n * period, (gint64) n * period, IL_STATE_DONE, 0, IL_NO_CPU);
  snap = builder_finish (b, 1);
  layout = make_layout (snap, IL_VIEW_TASKS, 1280, 400);
  surface = paint (layout, FALSE, -1);

  il_timeline_layout_get_bar_extents (layout, 0, 0, &by, &bh);
  for (gint64 at = period * 100; at < (gint64) n * period - period * 100; at += period * 997, columns++)
    {
      int x = (int) il_timeline_layout_time_to_x (layout, at);

      /* Away from the middle, where a column holds both halves. */
      if (ABS (at - half) < period * 2000)
        continue;
      if (pixel_is (surface, x, (int) (by + bh / 2), running))
        {
          if (at < half)
            first_running++;
          else
            second_running++;
        }
    }
  g_assert_cmpuint (columns, >, 150);
  g_assert_cmpuint (first_running, >=, columns / 2 - 10);
  g_assert_cmpuint (second_running, ==, 0);

  /* The end marker is still there, drawn from the summary's marker list:
   * just right of the bar's end, something other than the background. */
  {
    const IlColor *bg = &il_palette_get_chrome (FALSE)->background;
    int x = (int) il_timeline_layout_time_to_x (layout, (gint64) n * period);
    gboolean marked = FALSE;

    for (int dx = 0; dx <= 2; dx++)
      marked |= !pixel_is (surface, x + dx, (int) by - 1, bg);
    g_assert_true (marked);
  }
}

/* The summary paints a dense lane as walking its segments does: a live
 * run's lanes are walked, a finished one's summed up, and the two pictures
 * of the same lane agree in nearly every pixel column.  (Where one column
 * holds several states in near-equal shares the two may pick differently:
 * the walk looks at a column's first segments, the summary at all of it.
 * Here a state holds for 20 – 60 ms, a dozen columns or more.) */
static void
test_painter_summary_matches_walk (void)
{
  const guint n = 300000;
  Builder *b = builder_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(IlTraceSnapshot) snap = NULL;
  static const IlState states[] = { IL_STATE_RUNNING, IL_STATE_IO_WAIT, IL_STATE_PREEMPTED,
                                    IL_STATE_QUEUED, IL_STATE_GIL_WAIT };
  guint t = builder_task (b, "dense");
  cairo_surface_t *pictures[2];
  gint64 now = 0;
  guint agree = 0, columns = 0;
  int x0, x1, y;

  /* Runs of one state last 20 – 60 ms, in segments of 0.2 – 20 µs */
  for (guint i = 0; i < n;)
    {
      IlState state = states[g_rand_int_range (rand, 0, G_N_ELEMENTS (states))];
      guint run = g_rand_int_range (rand, 2000, 6000);

      for (guint k = 0; k < run && i < n; k++, i++)
        {
          gint64 len = g_rand_int_range (rand, 200, 20000);

          builder_seg (b, t, now, now + len, state, 0, state == IL_STATE_RUNNING ? 0 : IL_NO_CPU);
          now += len;
        }
    }
  builder_seg (b, t, now, now, IL_STATE_DONE, 0, IL_NO_CPU);
  snap = builder_finish (b, 1);

  for (guint live = 0; live <= 1; live++)
    {
      IlTimelineRun run = { "test", snap, snap->end_ns, -1, live };
      g_autoptr(IlTimelineLayout) layout = il_timeline_layout_new (&run, 1, IL_VIEW_TASKS);
      double by, bh;

      il_timeline_layout_set_size (layout, 1200, 300);
      pictures[live] = paint (layout, FALSE, -1);
      il_timeline_layout_get_bar_extents (layout, 0, 0, &by, &bh);
      x0 = (int) il_timeline_layout_time_to_x (layout, 0) + 1;
      x1 = (int) il_timeline_layout_time_to_x (layout, now) - 1;
      y = (int) (by + bh / 2);
    }

  for (int x = x0; x < x1; x++, columns++)
    {
      int a[3], c[3];

      get_pixel (pictures[0], x, y, a);
      get_pixel (pictures[1], x, y, c);
      if (ABS (a[0] - c[0]) <= 2 && ABS (a[1] - c[1]) <= 2 && ABS (a[2] - c[2]) <= 2)
        agree++;
    }
  g_test_message ("%u of %u columns agree", agree, columns);
  g_assert_cmpuint (columns, >, 900);
  g_assert_cmpuint (agree, >=, columns * 9 / 10);
  cairo_surface_destroy (pictures[0]);
  cairo_surface_destroy (pictures[1]);
}

/* Painting straight into an image's pixels gives the pixels cairo's own
 * fills give (the same layout recorded and replayed goes through cairo). */
static void
test_painter_raster_matches_cairo (void)
{
  g_autoptr(IlTraceSnapshot) snap = make_sleeps (FALSE);
  g_autoptr(IlTimelineLayout) layout = make_layout (snap, IL_VIEW_TASKS, 900, 300);
  IlPaintOptions opts = { FALSE, 1 };
  cairo_surface_t *direct, *replayed, *recording;
  cairo_t *cr;
  guint differ = 0, total = 900 * 300;

  direct = paint (layout, FALSE, 1);

  recording = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA,
                                              &(cairo_rectangle_t) { 0, 0, 900, 300 });
  cr = cairo_create (recording);
  il_painter_paint (cr, layout, &opts);
  cairo_destroy (cr);
  replayed = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 900, 300);
  cr = cairo_create (replayed);
  cairo_set_source_surface (cr, recording, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_flush (replayed);

  for (int y = 0; y < 300; y++)
    for (int x = 0; x < 900; x++)
      {
        int a[3], c[3];

        get_pixel (direct, x, y, a);
        get_pixel (replayed, x, y, c);
        if (ABS (a[0] - c[0]) > 3 || ABS (a[1] - c[1]) > 3 || ABS (a[2] - c[2]) > 3)
          differ++;
      }
  g_test_message ("%u of %u pixels differ", differ, total);
  g_assert_cmpuint (differ, <, total / 200);

  cairo_surface_destroy (direct);
  cairo_surface_destroy (replayed);
  cairo_surface_destroy (recording);
}

static void
test_painter_thin_lanes (void)
{
  Builder *b = builder_new ();
  g_autoptr(IlTraceSnapshot) snap = NULL;
  g_autoptr(IlTimelineLayout) layout = NULL;
  g_autoptr(cairo_surface_t) surface = NULL;
  const IlColor *running = &il_palette_get_state_style (IL_STATE_RUNNING, FALSE)->fill;
  double y, h, px;

  /* 5000 tasks in 400 px: lanes thinner than a pixel still paint. */
  for (guint i = 0; i < 5000; i++)
    {
      guint t = builder_task (b, "tiny");

      builder_seg (b, t, 0, MS (100), IL_STATE_RUNNING, 0, 0);
    }
  snap = builder_finish (b, 1);
  layout = make_layout (snap, IL_VIEW_TASKS, 600, 400);
  surface = paint (layout, FALSE, -1);

  il_timeline_layout_get_lane_extents (layout, 0, 2500, &y, &h);
  g_assert_cmpfloat (h, <, 1.0);
  g_assert_cmpfloat (h, >, 0.0);
  il_timeline_layout_get_plot_area (layout, &px, NULL, NULL, NULL);
  assert_pixel (surface, (int) px + 50, (int) y, running);
}

/* ------------------------------------------------------------------------ */
/* Export */

static char *
read_head (const char *path,
           gsize      *length)
{
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, length, NULL));
  return contents;
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (d);
  while (g_dir_read_name (d))
    n++;
  return n;
}

static void
test_export_formats (void)
{
  g_autoptr(IlTraceSnapshot) seq = make_sleeps (FALSE);
  g_autoptr(IlTraceSnapshot) par = make_sleeps (TRUE);
  IlTimelineRun runs[2] = {
    { "sequential", seq, MS (600), MS (200), FALSE },
    { "threads", par, MS (200), MS (200), FALSE },
  };
  g_autofree char *dir = g_dir_make_tmp ("test-render-XXXXXX", NULL);
  static const struct {
    const char *name;
    const char *magic;
    gsize       magic_len;
  } files[] = {
    { "t.png", "\x89PNG\r\n\x1a\n", 8 },
    { "t.svg", "<?xml", 5 },
    { "t.pdf", "%PDF-", 5 },
    { "T2.PNG", "\x89PNG\r\n\x1a\n", 8 },
  };

  g_assert_nonnull (dir);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (dir, files[i].name, NULL);
      g_autoptr(GError) error = NULL;
      g_autofree char *data = NULL;
      gsize len = 0;

      g_assert_true (il_export_timeline (runs, 2, (IlView) (i % 3), 800, 500, i == 1, path, &error));
      g_assert_no_error (error);
      data = read_head (path, &len);
      g_assert_cmpuint (len, >, 1000);
      g_assert_cmpmem (data, files[i].magic_len, files[i].magic, files[i].magic_len);
      if (i == 1)
        g_assert_nonnull (strstr (data, "<svg"));
    }
  /* Only the exports, no temporary files. */
  g_assert_cmpuint (count_files (dir), ==, G_N_ELEMENTS (files));

  /* Replacing an existing file works. */
  {
    g_autofree char *path = g_build_filename (dir, "t.png", NULL);

    g_assert_true (il_export_timeline (runs, 1, IL_VIEW_TASKS, 300, 200, FALSE, path, NULL));
    g_assert_cmpuint (count_files (dir), ==, G_N_ELEMENTS (files));
  }

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (dir, files[i].name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
test_export_unknown_extension (void)
{
  g_autoptr(IlTraceSnapshot) snap = make_sleeps (FALSE);
  IlTimelineRun run = { "sequential", snap, MS (600), -1, FALSE };
  g_autofree char *dir = g_dir_make_tmp ("test-render-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "timeline.bmp", NULL);
  g_autoptr(GError) error = NULL;
  IlExportFormat format;

  g_assert_true (il_export_format_from_path ("a/b.PdF", &format, NULL));
  g_assert_cmpint (format, ==, IL_EXPORT_PDF);
  g_assert_true (il_export_format_from_path ("x.svg", &format, NULL));
  g_assert_cmpint (format, ==, IL_EXPORT_SVG);
  g_assert_false (il_export_format_from_path ("noext", &format, NULL));
  g_assert_false (il_export_format_from_path ("dir.png/file", &format, NULL));

  g_assert_false (il_export_timeline (&run, 1, IL_VIEW_TASKS, 800, 500, FALSE, path, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_null (strchr (error->message, '\n'));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (dir), ==, 0);
  g_rmdir (dir);
}

static cairo_status_t
append_to_array (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

typedef struct {
  GByteArray *bytes;
  gsize       at;
} Reader;

static cairo_status_t
read_from_array (void          *closure,
                 unsigned char *data,
                 unsigned int   length)
{
  Reader *r = closure;

  if (r->at + length > r->bytes->len)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (data, r->bytes->data + r->at, length);
  r->at += length;
  return CAIRO_STATUS_SUCCESS;
}

static cairo_status_t
refuse_write (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  return CAIRO_STATUS_WRITE_ERROR;
}

/* The exporter's PNG writer: what cairo reads back is what was painted, an
 * opaque picture and one with see-through pixels alike; a sink that fails
 * makes it fail, not crash. */
static void
test_export_png_round_trip (void)
{
  g_autoptr(IlTraceSnapshot) snap = make_sleeps (TRUE);
  g_autoptr(IlTimelineLayout) layout = make_layout (snap, IL_VIEW_TASKS, 640, 240);
  cairo_surface_t *painted = paint (layout, FALSE, -1);
  cairo_surface_t *translucent = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 64, 32);
  cairo_surface_t *pictures[] = { painted, translucent };
  cairo_t *cr;

  /* A gradient of alpha over colour */
  cr = cairo_create (translucent);
  for (int x = 0; x < 64; x++)
    {
      cairo_set_source_rgba (cr, 0.9, 0.3, x / 63.0, x / 63.0);
      cairo_rectangle (cr, x, 0, 1, 32);
      cairo_fill (cr);
    }
  cairo_destroy (cr);

  for (guint i = 0; i < G_N_ELEMENTS (pictures); i++)
    {
      g_autoptr(GByteArray) bytes = g_byte_array_new ();
      Reader reader = { bytes, 0 };
      cairo_surface_t *back;
      int w = cairo_image_surface_get_width (pictures[i]);
      int h = cairo_image_surface_get_height (pictures[i]);
      guint differ = 0;

      g_assert_cmpint (il_png_write (pictures[i], append_to_array, bytes), ==, CAIRO_STATUS_SUCCESS);
      g_assert_cmpuint (bytes->len, >, 8);
      g_assert_cmpint (memcmp (bytes->data, "\x89PNG\r\n\x1a\n", 8), ==, 0);
      back = cairo_image_surface_create_from_png_stream (read_from_array, &reader);
      g_assert_cmpint (cairo_surface_status (back), ==, CAIRO_STATUS_SUCCESS);
      g_assert_cmpint (cairo_image_surface_get_width (back), ==, w);
      g_assert_cmpint (cairo_image_surface_get_height (back), ==, h);
      for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
          {
            const guint8 *a = cairo_image_surface_get_data (pictures[i]) + y * cairo_image_surface_get_stride (pictures[i]) + x * 4;
            const guint8 *b = cairo_image_surface_get_data (back) + y * cairo_image_surface_get_stride (back) + x * 4;

            /* Premultiplied, through straight alpha and back: ±1 */
            for (int c = 0; c < 4; c++)
              if (ABS ((int) a[c] - (int) b[c]) > 1)
                differ++;
          }
      g_assert_cmpuint (differ, ==, 0);
      cairo_surface_destroy (back);
    }

  g_assert_cmpint (il_png_write (painted, refuse_write, NULL), ==, CAIRO_STATUS_WRITE_ERROR);
  cairo_surface_destroy (painted);
  cairo_surface_destroy (translucent);
}

static void
test_export_unwritable (void)
{
  g_autoptr(IlTraceSnapshot) snap = make_sleeps (FALSE);
  IlTimelineRun run = { "sequential", snap, MS (600), -1, FALSE };
  g_autofree char *dir = g_dir_make_tmp ("test-render-XXXXXX", NULL);
  g_autofree char *missing = g_build_filename (dir, "no", "such", "dir", "t.png", NULL);
  g_autofree char *is_dir = g_build_filename (dir, "taken.pdf", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (il_export_timeline (&run, 1, IL_VIEW_TASKS, 800, 500, FALSE, missing, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, missing));
  g_assert_null (strchr (error->message, '\n'));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* The target is a directory: the rename fails, the temporary goes. */
  g_assert_cmpint (g_mkdir (is_dir, 0700), ==, 0);
  g_assert_false (il_export_timeline (&run, 1, IL_VIEW_TASKS, 800, 500, FALSE, is_dir, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, is_dir));
  g_assert_cmpuint (count_files (dir), ==, 1);

  g_rmdir (is_dir);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/render/timeline/view-names", test_view_names);
  g_test_add_func ("/render/timeline/time-x-round-trip", test_time_x_round_trip);
  g_test_add_func ("/render/timeline/ticks-are-1-2-5", test_ticks);
  g_test_add_func ("/render/timeline/sequential-vs-parallel", test_sequential_vs_parallel);
  g_test_add_func ("/render/timeline/lanes-sorted-by-start", test_lanes_sorted_by_start);
  g_test_add_func ("/render/timeline/workers-merge-overlaps", test_workers_merge_overlaps);
  g_test_add_func ("/render/timeline/cores-lanes", test_cores_lanes);
  g_test_add_func ("/render/timeline/hit-test", test_hit_test);
  g_test_add_func ("/render/timeline/empty", test_empty);
  g_test_add_func ("/render/palette/waiting-states-distinct", test_palette_waiting_distinct);
  g_test_add_func ("/render/painter/running-colour", test_painter_running_colour);
  g_test_add_func ("/render/painter/io-wait-is-hatched", test_painter_hatched_io_wait);
  g_test_add_func ("/render/painter/workers-and-cores", test_painter_views);
  g_test_add_func ("/render/painter/highlight", test_painter_highlight);
  g_test_add_func ("/render/painter/done-markers", test_painter_markers);
  g_test_add_func ("/render/painter/million-segments", test_painter_million_segments);
  g_test_add_func ("/render/painter/thin-lanes", test_painter_thin_lanes);
  g_test_add_func ("/render/painter/dense-lane-dominant-state", test_painter_dense_lane_dominant);
  g_test_add_func ("/render/painter/raster-matches-cairo", test_painter_raster_matches_cairo);
  g_test_add_func ("/render/painter/summary-matches-walk", test_painter_summary_matches_walk);
  g_test_add_func ("/render/export/formats", test_export_formats);
  g_test_add_func ("/render/export/unknown-extension", test_export_unknown_extension);
  g_test_add_func ("/render/export/unwritable-path", test_export_unwritable);
  g_test_add_func ("/render/export/png-round-trip", test_export_png_round_trip);

  return g_test_run ();
}
