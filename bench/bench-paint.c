/* bench-paint.c — how long a 1920×1080 timeline takes to paint
 *
 * For 10k, 100k and 1M segments, in one lane and spread over 64 tasks:
 * building the layout (tasks and workers views), painting into an image
 * surface, and painting plus writing the PNG file as the exporter does
 * (il_png_write), with cairo's own PNG writer for comparison.
 */

#include "config.h"

#include <stdio.h>
#include <glib/gstdio.h>

#include "bench-trace.h"
#include "il-painter.h"
#include "il-png.h"
#include "il-timeline.h"

#define WIDTH  1920
#define HEIGHT 1080
#define REPEAT 5


static cairo_status_t
file_write (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  return fwrite (data, 1, length, closure) == length ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/* As the exporter writes it (il_png_write). */
static void
write_png (cairo_surface_t *surface,
           const char      *path)
{
  FILE *f = fopen (path, "wb");

  if (f == NULL || il_png_write (surface, file_write, f) != CAIRO_STATUS_SUCCESS)
    g_error ("cannot write %s", path);
  fclose (f);
}

static double
ms_since (gint64 start_us)
{
  return (g_get_monotonic_time () - start_us) / 1000.0;
}

static void
bench (guint        n_segments,
       guint        n_tasks,
       IlView       view,
       const char  *png_path)
{
  g_autoptr(IlTraceSnapshot) snap = bench_make_trace (n_segments, n_tasks);
  IlTimelineRun run = { "bench", snap, snap->end_ns, snap->end_ns / 2, FALSE };
  g_autoptr(IlTimelineLayout) layout = NULL;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  double build, paint = G_MAXDOUBLE, paint_write = G_MAXDOUBLE, cairo_png = G_MAXDOUBLE;
  gint64 start;

  start = g_get_monotonic_time ();
  layout = il_timeline_layout_new (&run, 1, view);
  il_timeline_layout_set_size (layout, WIDTH, HEIGHT);
  build = ms_since (start);

  for (guint r = 0; r < REPEAT; r++)
    {
      cairo_t *cr;

      start = g_get_monotonic_time ();
      cr = cairo_create (surface);
      il_painter_paint (cr, layout, NULL);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      paint = MIN (paint, ms_since (start));

      start = g_get_monotonic_time ();
      cr = cairo_create (surface);
      il_painter_paint (cr, layout, NULL);
      cairo_destroy (cr);
      write_png (surface, png_path);
      paint_write = MIN (paint_write, ms_since (start));

      start = g_get_monotonic_time ();
      cairo_surface_write_to_png (surface, png_path);
      cairo_png = MIN (cairo_png, ms_since (start));
    }
  cairo_surface_destroy (surface);

  g_print ("%9u segments %3u lane%s %-8s layout %8.1f ms   paint %6.1f ms   paint+png %6.1f ms"
           "   (cairo's PNG writer alone %6.1f ms)\n",
           n_segments, n_tasks, n_tasks == 1 ? " " : "s", il_view_to_string (view),
           build, paint, paint_write, cairo_png);
}

int
main (int   argc,
      char *argv[])
{
  static const guint sizes[] = { 10000, 100000, 1000000 };
  g_autofree char *dir = g_dir_make_tmp ("bench-paint-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "bench.png", NULL);

  g_print ("best of %d, %dx%d\n", REPEAT, WIDTH, HEIGHT);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      bench (sizes[i], 1, IL_VIEW_TASKS, png);
      bench (sizes[i], 64, IL_VIEW_TASKS, png);
      bench (sizes[i], 64, IL_VIEW_WORKERS, png);
      bench (sizes[i], 64, IL_VIEW_CORES, png);
    }

  g_unlink (png);
  g_rmdir (dir);
  return 0;
}
