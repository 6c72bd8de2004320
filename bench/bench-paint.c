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

#include "il-painter.h"
#include "il-png.h"
#include "il-timeline.h"

#define WIDTH  1920
#define HEIGHT 1080
#define REPEAT 5

static IlTraceSnapshot *
make_trace (guint n_segments,
            guint n_tasks)
{
  g_autofree IlTaskSnapshot *tasks = g_new0 (IlTaskSnapshot, n_tasks);
  IlWorkerInfo workers[4] = { { IL_WORKER_THREAD, 1, 1, (char *) "thread 1" },
                              { IL_WORKER_THREAD, 2, 1, (char *) "thread 2" },
                              { IL_WORKER_THREAD, 3, 1, (char *) "thread 3" },
                              { IL_WORKER_THREAD, 4, 1, (char *) "thread 4" } };
  guint per_task = n_segments / n_tasks;
  GRand *rand = g_rand_new_with_seed (42);
  IlTraceSnapshot *snap;

  for (guint t = 0; t < n_tasks; t++)
    {
      gint64 now = t * 1000;

      tasks[t].name = g_strdup_printf ("task %u", t);
      tasks[t].n_segments = per_task;
      tasks[t].segments = g_new (IlSegment, per_task);
      for (guint i = 0; i < per_task; i++)
        {
          IlSegment *s = &tasks[t].segments[i];
          static const IlState states[] = { IL_STATE_RUNNING, IL_STATE_IO_WAIT,
                                            IL_STATE_RUNNING, IL_STATE_GIL_WAIT,
                                            IL_STATE_RUNNING, IL_STATE_PREEMPTED };

          s->state = i + 1 == per_task ? IL_STATE_DONE : states[i % G_N_ELEMENTS (states)];
          s->start_ns = now;
          now += s->state == IL_STATE_DONE ? 0 : g_rand_int_range (rand, 200, 20000);
          s->end_ns = now;
          s->worker = t % 4;
          s->cpu = s->state == IL_STATE_RUNNING ? g_rand_int_range (rand, 0, 8) : IL_NO_CPU;
        }
    }
  snap = il_trace_snapshot_new_from_tasks (tasks, n_tasks, workers, 4);
  for (guint t = 0; t < n_tasks; t++)
    {
      g_free (tasks[t].name);
      g_free (tasks[t].segments);
    }
  g_rand_free (rand);
  return snap;
}

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
  g_autoptr(IlTraceSnapshot) snap = make_trace (n_segments, n_tasks);
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
