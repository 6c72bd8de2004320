/* test-timeline.c — the layout: lanes, time and hit tests */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "il-export.h"
#include "il-painter.h"
#include "il-painter-private.h"
#include "il-palette.h"
#include "il-png.h"
#include "il-render-test-util.h"
#include "il-timeline.h"
#include "il-timeline-private.h"

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

/* Which state a worker's lane shows when several of its tasks' segments
 * overlap (as il-timeline-lanes.c ranks them). */
static int
rank (IlState state)
{
  switch (state)
    {
    case IL_STATE_RUNNING:   return 9;
    case IL_STATE_PREEMPTED: return 8;
    case IL_STATE_GIL_WAIT:  return 6;
    case IL_STATE_IO_WAIT:   return 3;
    default:                 return 1;
    }
}

/* A run big enough to be merged on several threads: every piece of a
 * worker's lane comes from a segment of that worker that covers it, in
 * its state; the pieces are in order and apart; and at any time the lane
 * shows the highest-ranked state among its tasks' segments then. */
static void
test_big_merged_lanes (void)
{
  enum { N_TASKS = 24, PER_TASK = 5000, N_WORKERS = 3 };
  static const IlState cycle[] = { IL_STATE_RUNNING, IL_STATE_IO_WAIT, IL_STATE_RUNNING,
                                   IL_STATE_GIL_WAIT, IL_STATE_RUNNING, IL_STATE_PREEMPTED };
  g_autofree IlTaskSnapshot *tasks = g_new0 (IlTaskSnapshot, N_TASKS);
  IlWorkerInfo workers[N_WORKERS] = { { IL_WORKER_THREAD, 1, 1, (char *) "a" },
                                      { IL_WORKER_THREAD, 2, 1, (char *) "b" },
                                      { IL_WORKER_THREAD, 3, 1, (char *) "c" } };
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(IlTraceSnapshot) snap = NULL;
  g_autoptr(IlTimelineLayout) layout = NULL;
  const IlLayoutRun *lr;

  for (guint t = 0; t < N_TASKS; t++)
    {
      gint64 now = g_rand_int_range (rand, 0, 50000);

      tasks[t].segments = g_new (IlSegment, PER_TASK);
      tasks[t].n_segments = PER_TASK;
      for (guint i = 0; i < PER_TASK; i++)
        {
          IlSegment *seg = &tasks[t].segments[i];

          seg->state = cycle[(i + t) % G_N_ELEMENTS (cycle)];
          seg->start_ns = now;
          now += g_rand_int_range (rand, 100, 3000);
          seg->end_ns = now;
          seg->worker = t % N_WORKERS;
          seg->cpu = seg->state == IL_STATE_RUNNING ? (gint16) (t % 4) : IL_NO_CPU;
          seg->reserved = 0;
        }
    }
  snap = il_trace_snapshot_new_from_tasks (tasks, N_TASKS, workers, N_WORKERS);
  for (guint t = 0; t < N_TASKS; t++)
    g_free (tasks[t].segments);

  layout = make_layout (snap, IL_VIEW_WORKERS, 1000, 400);
  lr = &layout->runs[0];
  g_assert_cmpuint (lr->n_lanes, ==, N_WORKERS);
  for (guint k = 0; k < lr->n_lanes; k++)
    {
      const IlLane *lane = &lr->lanes[k];

      g_assert_cmpuint (lane->n_segs, >, PER_TASK);
      for (guint i = 0; i < lane->n_segs; i++)
        {
          const IlSegment *piece = &lane->segs[i];
          const IlSegment *from = &snap->tasks[lane->seg_task[i]].segments[lane->seg_index[i]];

          g_assert_cmpint (from->worker, ==, lane->id);
          g_assert_cmpint (from->state, ==, piece->state);
          g_assert_cmpint (from->start_ns, <=, piece->start_ns);
          g_assert_cmpint (from->end_ns, >=, piece->end_ns);
          g_assert_cmpint (piece->start_ns, <, piece->end_ns);
          if (i > 0)
            g_assert_cmpint (lane->segs[i - 1].end_ns, <=, piece->start_ns);
        }

      /* Sampled times against every task of the worker (lanes are in
       * order of their first segment, not of their worker). */
      for (guint n = 0; n < 2000; n++)
        {
          gint64 t = g_rand_int_range (rand, 0, (gint32) MIN (snap->end_ns, G_MAXINT32));
          int best = 0;
          guint i = il_lane_lower_bound (lane, 0, t + 1);
          int shown = i < lane->n_segs && lane->segs[i].start_ns <= t ? rank (lane->segs[i].state) : 0;

          for (guint task = (guint) lane->id; task < N_TASKS; task += N_WORKERS)
            {
              const IlTaskSnapshot *ts = &snap->tasks[task];
              guint lo = 0, hi = ts->n_segments;

              while (lo < hi)
                {
                  guint mid = lo + (hi - lo) / 2;

                  if (ts->segments[mid].end_ns <= t)
                    lo = mid + 1;
                  else
                    hi = mid;
                }
              if (lo < ts->n_segments && ts->segments[lo].start_ns <= t)
                best = MAX (best, rank (ts->segments[lo].state));
            }
          g_assert_cmpint (shown, ==, best);
        }
    }
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

/* A run waiting for its turn: its snapshot's clock is the comparison's,
 * so it neither stretches the axis nor says it is running. */
static void
test_waiting_run (void)
{
  g_autoptr(IlTraceSnapshot) seq = make_sleeps (FALSE);
  g_autoptr(IlTraceSnapshot) later = builder_finish (builder_new (), 1);
  IlTimelineRun runs[2] = {
    { "sequential", seq, MS (600), MS (200), 0, TRUE, FALSE, "3 tasks · I/O 200 ms" },
    { "threads", later, 0, -1, 0, TRUE, TRUE, "3 tasks" },
  };
  g_autoptr(IlTimelineLayout) layout = NULL;
  g_autofree char *waiting = NULL;
  g_autofree char *running = NULL;

  later->now_ns = later->end_ns = MS (20000);
  layout = il_timeline_layout_new (runs, 2, IL_VIEW_TASKS);
  g_assert_cmpint (il_timeline_layout_get_duration (layout), ==, MS (600));

  waiting = il_painter_run_summary (il_timeline_layout_get_run (layout, 1));
  g_assert_nonnull (strstr (waiting, "waiting"));
  g_assert_null (strstr (waiting, "running"));
  g_assert_null (strstr (waiting, "20.0 s"));

  /* Each run says the numbers it ran with. */
  running = il_painter_run_summary (il_timeline_layout_get_run (layout, 0));
  g_assert_nonnull (strstr (running, "3 tasks · I/O 200 ms"));
  g_assert_nonnull (strstr (waiting, "3 tasks"));
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
  g_test_add_func ("/render/timeline/big-merged-lanes", test_big_merged_lanes);
  g_test_add_func ("/render/timeline/cores-lanes", test_cores_lanes);
  g_test_add_func ("/render/timeline/hit-test", test_hit_test);
  g_test_add_func ("/render/timeline/empty", test_empty);
  g_test_add_func ("/render/timeline/waiting-run", test_waiting_run);

  return g_test_run ();
}
