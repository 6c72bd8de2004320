/* test-painter.c — the painter and the palette, pixel by pixel */

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "il-export.h"
#include "il-painter.h"
#include "il-palette.h"
#include "il-png.h"
#include "il-render-test-util.h"
#include "il-timeline.h"

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

/* Colour vision deficiencies, simulated with the matrices of Machado,
 * Oliveira and Fernandes (2009) at full severity, in linear RGB. */
static const double cvd_matrices[4][3][3] = {
  { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } },   /* normal vision */
  { { 0.152286, 1.052583, -0.204868 }, { 0.114503, 0.786281, 0.099216 }, { -0.003882, -0.048116, 1.051998 } },
  { { 0.367322, 0.860646, -0.227968 }, { 0.280085, 0.672501, 0.047413 }, { -0.011820, 0.042940, 0.968881 } },
  { { 1.255528, -0.076749, -0.178779 }, { -0.078411, 0.930809, 0.147602 }, { 0.004733, 0.691367, 0.303900 } },
};
static const char * const cvd_names[4] = { "normal", "protanopia", "deuteranopia", "tritanopia" };

static double
srgb_to_linear (double c)
{
  return c <= 0.04045 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

static double
lab_f (double t)
{
  return t > 0.008856 ? cbrt (t) : 7.787 * t + 16.0 / 116;
}

/* @c as seen with deficiency @m, in CIELAB (D65). */
static void
simulate_lab (const IlColor *c,
              guint          m,
              double         lab[3])
{
  double in[3] = { srgb_to_linear (c->r), srgb_to_linear (c->g), srgb_to_linear (c->b) };
  double l[3], X, Y, Z;

  for (guint i = 0; i < 3; i++)
    l[i] = CLAMP (cvd_matrices[m][i][0] * in[0] + cvd_matrices[m][i][1] * in[1] +
                  cvd_matrices[m][i][2] * in[2], 0, 1);
  X = (0.4124 * l[0] + 0.3576 * l[1] + 0.1805 * l[2]) / 0.95047;
  Y = 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
  Z = (0.0193 * l[0] + 0.1192 * l[1] + 0.9505 * l[2]) / 1.08883;
  lab[0] = 116 * lab_f (Y) - 16;
  lab[1] = 500 * (lab_f (X) - lab_f (Y));
  lab[2] = 200 * (lab_f (Y) - lab_f (Z));
}

/* Every two states drawn as areas differ in colour (ΔE*ab at least 12) for
 * normal vision and the three dichromacies, in both styles; two solid
 * states differ in lightness too, so a grey print tells them apart (hatched
 * ones differ by their patterns: waiting-states-distinct). */
static void
test_palette_colour_blind_safe (void)
{
  for (guint dark = 0; dark < 2; dark++)
    for (guint m = 0; m < G_N_ELEMENTS (cvd_matrices); m++)
      for (IlState a = 0; a < IL_N_STATES; a++)
        for (IlState b = a + 1; b < IL_N_STATES; b++)
          {
            const IlStateStyle *sa = il_palette_get_state_style (a, dark);
            const IlStateStyle *sb = il_palette_get_state_style (b, dark);
            double la[3], lb[3], de;

            if (il_state_is_terminal (a) || il_state_is_terminal (b))
              continue;
            simulate_lab (&sa->hatch, m, la);
            simulate_lab (&sb->hatch, m, lb);
            de = sqrt ((la[0] - lb[0]) * (la[0] - lb[0]) + (la[1] - lb[1]) * (la[1] - lb[1]) +
                       (la[2] - lb[2]) * (la[2] - lb[2]));
            if (de < 12)
              g_error ("%s and %s look alike with %s (%s style): ΔE %.1f",
                       il_state_to_string (a), il_state_to_string (b), cvd_names[m],
                       dark ? "dark" : "light", de);
            if (!sa->hatched && !sb->hatched)
              g_assert_cmpfloat (fabs (il_color_luminance (&sa->fill) - il_color_luminance (&sb->fill)), >=, 0.2);
          }
}

/* The legend's entries are known with their rectangles, each one explained;
 * the cores view adds a key from task colours to task names. */
static void
test_painter_legend_items (void)
{
  g_autoptr(IlTraceSnapshot) snap = make_sleeps (TRUE);

  for (IlView view = IL_VIEW_TASKS; view <= IL_VIEW_CORES; view++)
    {
      g_autoptr(IlTimelineLayout) layout = make_layout (snap, view, 1000, 600);
      g_autoptr(GArray) items = il_painter_get_legend_items (layout, NULL);
      gboolean seen_io = FALSE, seen_running = FALSE;
      guint n_tasks = 0;
      double px, py, pw, ph;

      il_timeline_layout_get_plot_area (layout, &px, &py, &pw, &ph);
      g_assert_cmpuint (items->len, >=, 3);
      for (guint i = 0; i < items->len; i++)
        {
          const IlLegendItem *it = &g_array_index (items, IlLegendItem, i);
          g_autofree char *what = il_legend_item_describe (layout, it);

          g_assert_nonnull (what);
          g_assert_cmpuint (strlen (what), >, 20);
          g_assert_cmpfloat (it->width, >, 10);
          g_assert_cmpfloat (it->y, >, py + ph);
          g_assert_cmpfloat (it->y + it->height, <=, il_timeline_layout_get_height (layout));
          g_assert_cmpfloat (it->x + it->width, <=, 1000);
          if (i > 0)
            {
              const IlLegendItem *prev = &g_array_index (items, IlLegendItem, i - 1);

              g_assert_true (prev->y != it->y || prev->x + prev->width <= it->x);
            }
          seen_io |= it->kind == IL_LEGEND_STATE && it->value == IL_STATE_IO_WAIT;
          seen_running |= it->kind == IL_LEGEND_STATE && it->value == IL_STATE_RUNNING;
          n_tasks += it->kind == IL_LEGEND_TASK;
        }
      g_assert_true (seen_io || view == IL_VIEW_CORES);
      g_assert_true (seen_running);
      g_assert_cmpuint (n_tasks, ==, view == IL_VIEW_CORES ? 3 : 0);
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

/* The selected task is outlined in every view, its lane is not tinted
 * (a tint read as one more state), and the others are dimmed. */
static void
test_painter_selection_outlined (void)
{
  g_autoptr(IlTraceSnapshot) snap = make_sleeps (FALSE);
  const IlChromeColors *chrome = il_palette_get_chrome (FALSE);

  for (IlView view = IL_VIEW_TASKS; view <= IL_VIEW_WORKERS; view++)
    {
      g_autoptr(IlTimelineLayout) layout = make_layout (snap, view, 1000, 600);
      g_autoptr(cairo_surface_t) surface = paint (layout, FALSE, 1);
      const IlSegment *run1 = &snap->tasks[1].segments[1];
      gint lane = view == IL_VIEW_TASKS ? il_timeline_layout_find_task_lane (layout, 0, 1) : 0;
      double by, bh;
      int x;

      g_assert_cmpint (run1->state, ==, IL_STATE_RUNNING);
      il_timeline_layout_get_bar_extents (layout, 0, lane, &by, &bh);
      x = (int) il_timeline_layout_time_to_x (layout, (run1->start_ns + run1->end_ns) / 2);
      /* the outline just above the bar */
      assert_pixel (surface, x, (int) round (by) - 1, &chrome->foreground);
      if (view == IL_VIEW_TASKS)
        {
          /* after the task: the plain lane, no tint */
          int after = (int) il_timeline_layout_time_to_x (layout, MS (550));
          int y = (int) (by + bh / 2);

          g_assert_true (pixel_is (surface, after, y, &chrome->background) ||
                         pixel_is (surface, after, y, &chrome->lane_stripe));
        }
    }
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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/render/palette/waiting-states-distinct", test_palette_waiting_distinct);
  g_test_add_func ("/render/painter/running-colour", test_painter_running_colour);
  g_test_add_func ("/render/painter/io-wait-is-hatched", test_painter_hatched_io_wait);
  g_test_add_func ("/render/painter/workers-and-cores", test_painter_views);
  g_test_add_func ("/render/palette/colour-blind-safe", test_palette_colour_blind_safe);
  g_test_add_func ("/render/painter/legend-items", test_painter_legend_items);
  g_test_add_func ("/render/painter/highlight", test_painter_highlight);
  g_test_add_func ("/render/painter/selection-is-outlined", test_painter_selection_outlined);
  g_test_add_func ("/render/painter/done-markers", test_painter_markers);
  g_test_add_func ("/render/painter/million-segments", test_painter_million_segments);
  g_test_add_func ("/render/painter/thin-lanes", test_painter_thin_lanes);
  g_test_add_func ("/render/painter/dense-lane-dominant-state", test_painter_dense_lane_dominant);
  g_test_add_func ("/render/painter/raster-matches-cairo", test_painter_raster_matches_cairo);
  g_test_add_func ("/render/painter/summary-matches-walk", test_painter_summary_matches_walk);

  return g_test_run ();
}
