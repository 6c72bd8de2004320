/* test-plot.c — the sweep's plot, pixel by pixel
 *
 * A sweep made by hand: two models at 1, 2 and 4 workers on 2 cores, each
 * point three times.  "fast" speeds up to 1.5 (runs from 1.2 to 1.8) and
 * stays there; "slow" stays about 1.  The checks look at pixels whose
 * colour the painter's rules fix: the background, the axes, a band's
 * tint, the busy ring; with a tolerance of ±2 per channel.
 */
#include "config.h"

#include <math.h>

#include "il-painter-plot.h"
#include "il-palette.h"
#include "il-render-test-util.h"

#define WIDTH  800
#define HEIGHT 520

static IlRunStats
stats_of (gdouble makespan_s,
          gdouble ideal_s,
          gboolean busy)
{
  IlRunStats stats = { 0, };

  stats.makespan_ns = (gint64) (makespan_s * 1e9);
  stats.ideal_ns = (gint64) (ideal_s * 1e9);
  stats.cpu_time_s = 1;
  stats.tasks_ok = 4;
  stats.workers = 1;
  stats.other_load = busy ? 0.9 : 0;
  stats.other_cpu_s = busy ? 10 : 0;
  return stats;
}

static IlSweep *
make_sweep (void)
{
  const gint64 values[] = { 1, 2, 4 };
  const gdouble fast[3] = { 1.2, 1.5, 1.8 };
  const gdouble slow[3] = { 0.9, 1.0, 1.1 };
  IlSweep *sweep = il_sweep_new (IL_SWEEP_AXIS_WORKERS, values, 3, 3, FALSE, TRUE, FALSE, 2);

  il_sweep_add_curve (sweep, "thread-pool", FALSE, "fast");
  il_sweep_add_curve (sweep, "thread-pool", TRUE, "slow");
  for (guint i = 0; i < 18; i++)
    {
      guint v, r, m;
      IlRunStats stats;

      il_sweep_order (3, 2, 3, i, &v, &r, &m);
      if (m == 0)
        stats = stats_of (v == 0 ? 1 : 1 / fast[r], v == 0 ? 1 : 0.5, FALSE);
      else
        stats = stats_of (v == 0 ? 1 : 1 / slow[r], 1, v == 0 && r == 1);
      il_sweep_add_run (sweep, v, m, &stats, 4);
    }
  il_sweep_compute (sweep);
  return sweep;
}

static cairo_surface_t *
paint_plot (IlSweep     *sweep,
            gboolean     dark,
            IlPlotFrame *frame)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);
  IlPlotOptions opts = { dark, IL_PLOT_SPEEDUP, "a title", "a caption" };

  il_painter_plot_paint (cr, sweep, &opts, WIDTH, HEIGHT);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  il_plot_get_frame (sweep, &opts, WIDTH, HEIGHT, frame);
  return surface;
}

/* @over at @alpha on @under */
static IlColor
blend (const IlColor *under,
       double         r,
       double         g,
       double         b,
       double         alpha)
{
  IlColor c = { under->r * (1 - alpha) + r * alpha,
                under->g * (1 - alpha) + g * alpha,
                under->b * (1 - alpha) + b * alpha };

  return c;
}

static void
test_frame_is_logarithmic_and_in_order (void)
{
  g_autoptr(IlSweep) sweep = make_sweep ();
  IlPlotOptions opts = { FALSE, IL_PLOT_SPEEDUP, NULL, NULL };
  IlPlotFrame f;

  il_plot_get_frame (sweep, &opts, WIDTH, HEIGHT, &f);
  g_assert_true (f.log_x);
  g_assert_cmpfloat (f.x0, <, il_plot_frame_x (&f, 1));
  /* equal steps for doublings */
  g_assert_cmpfloat_with_epsilon (il_plot_frame_x (&f, 2) - il_plot_frame_x (&f, 1),
                                  il_plot_frame_x (&f, 4) - il_plot_frame_x (&f, 2), 1e-6);
  g_assert_cmpfloat (il_plot_frame_x (&f, 4), <, f.x1);
  /* 0 at the bottom, the top above the largest value (the ideal, 2) */
  g_assert_cmpfloat_with_epsilon (il_plot_frame_y (&f, 0), f.y1, 1e-9);
  g_assert_cmpfloat (f.y_max, >=, 2);
  g_assert_cmpfloat (il_plot_frame_y (&f, 2), >, f.y0);
  g_assert_cmpint (il_plot_default_measure (sweep), ==, IL_PLOT_SPEEDUP);
}

static void
check_style (gboolean dark)
{
  g_autoptr(IlSweep) sweep = make_sweep ();
  const IlChromeColors *chrome = il_palette_get_chrome (dark);
  IlPlotFrame f;
  g_autoptr(cairo_surface_t) surface = paint_plot (sweep, dark, &f);
  double r, g, b;
  IlColor band;
  double x, y;
  int rgb[3];

  /* Background in a corner */
  g_assert_true (pixel_is (surface, WIDTH - 3, 3, &chrome->background));

  /* The y axis: a 1 px line in the foreground colour left of the plot */
  g_assert_true (pixel_is (surface, (int) f.x0, (int) ((f.y0 + f.y1) / 2) + 3, &chrome->foreground));
  /* The x axis under it */
  g_assert_true (pixel_is (surface, (int) ((f.x0 + f.x1) / 2) + 3, (int) f.y1, &chrome->foreground));

  /* The fast model's band between 2 and 4 workers, at a speedup of 1.3:
   * between its minimum (1.2) and its median (1.5), away from both lines */
  il_plot_curve_color (0, dark, &r, &g, &b);
  band = blend (&chrome->background, r, g, b, 0.20);
  x = (il_plot_frame_x (&f, 2) + il_plot_frame_x (&f, 4)) / 2;
  y = il_plot_frame_y (&f, 1.3);
  g_assert_cmpfloat (fabs (y - il_plot_frame_y (&f, 1.5)), >, 6);
  g_assert_cmpfloat (fabs (y - il_plot_frame_y (&f, 1.2)), >, 4);
  if (!pixel_is (surface, (int) x, (int) y, &band))
    {
      get_pixel (surface, (int) x, (int) y, rgb);
      g_error ("band pixel at %d,%d is %d,%d,%d, expected %.0f,%.0f,%.0f", (int) x, (int) y,
               rgb[0], rgb[1], rgb[2], band.r * 255, band.g * 255, band.b * 255);
    }
  /* …and above its maximum (1.8) no tint: background */
  y = il_plot_frame_y (&f, 1.95);
  if (fabs (y - il_plot_frame_y (&f, 2.0)) > 4)
    g_assert_true (pixel_is (surface, (int) x, (int) y, &chrome->background) ||
                   pixel_is (surface, (int) x, (int) y, &chrome->grid));

  /* The slow model's first point saw other load: ringed in the foreground */
  x = il_plot_frame_x (&f, 1);
  y = il_plot_frame_y (&f, il_sweep_get_point (sweep, 0, 1)->speedup.median);
  {
    double fg = il_color_luminance (&chrome->foreground);
    double closest = 1;

    /* the ring is 1.5 px wide at 8.5 px: one of these rows is on it */
    for (int dy = 7; dy <= 10; dy++)
      {
        double lum;

        get_pixel (surface, (int) round (x), (int) round (y) + dy, rgb);
        lum = (0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]) / 255;
        closest = MIN (closest, fabs (lum - fg));
      }
    g_assert_cmpfloat (closest, <, 0.2);
  }
}

static void
test_light_style_axes_bands_and_rings (void)
{
  check_style (FALSE);
}

static void
test_dark_style_axes_bands_and_rings (void)
{
  check_style (TRUE);
}

static void
test_models_differ_in_grey (void)
{
  /* The legend's swatches: the first model's line is solid, the second's
   * dashed (its band's tint shows through the gaps), so they differ
   * without hue.  A legend line is 20 px; the swatch is 36 px from the
   * plot's left edge, its line 8 px below the line's top, a marker in its
   * middle. */
  g_autoptr(IlSweep) sweep = make_sweep ();
  const IlChromeColors *chrome = il_palette_get_chrome (FALSE);
  IlPlotFrame f;
  g_autoptr(cairo_surface_t) surface = paint_plot (sweep, FALSE, &f);
  guint tinted[2] = { 0, 0 };

  for (guint c = 0; c < 2; c++)
    {
      double r, g, b;
      IlColor band, line;
      int y = (int) (f.legend_y + c * 20 + 8);

      il_plot_curve_color (c, FALSE, &r, &g, &b);
      band = blend (&chrome->background, r, g, b, 0.20);
      line = (IlColor) { r, g, b };
      for (int x = (int) f.x0 + 1; x < (int) f.x0 + 12; x++)
        {
          if (pixel_is (surface, x, y, &band))
            tinted[c]++;
          else if (c == 0)
            g_assert_true (pixel_is (surface, x, y, &line));
        }
    }
  g_assert_cmpuint (tinted[0], ==, 0);
  g_assert_cmpuint (tinted[1], >, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/render/plot/frame-is-logarithmic-and-in-order", test_frame_is_logarithmic_and_in_order);
  g_test_add_func ("/render/plot/light-style-axes-bands-and-rings", test_light_style_axes_bands_and_rings);
  g_test_add_func ("/render/plot/dark-style-axes-bands-and-rings", test_dark_style_axes_bands_and_rings);
  g_test_add_func ("/render/plot/models-differ-in-grey", test_models_differ_in_grey);

  return g_test_run ();
}
