/* bench-paint.c — how long a 1920×1080 timeline takes to paint
 *
 * For 10k, 100k and 1M segments, in one lane and spread over 64 tasks:
 * building the layout (tasks and workers views), painting into an image
 * surface, and painting plus writing the PNG file as the exporter does
 * (il_png_write), with cairo's own PNG writer for comparison.
 *
 *   bench-paint             everything (bench/run)
 *   bench-paint layout      only the layouts of 1,000,000 segments, each view
 *                           built REPEAT times: what switching views costs
 *   bench-paint png [FILE]  only 100,000 segments over 64 tasks to PNG
 *
 * Everything includes the last two, and the peer of the PNG: matplotlib
 * drawing the same trace (bench/gantt_peer.py), when python3 has it.
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <time.h>
#include <glib/gstdio.h>

#include "bench-peer.h"
#include "bench-summary.h"
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

static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);   /* helper threads included */
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void
sort_ms (double *ms,
         guint   n)
{
  for (guint i = 1; i < n; i++)
    for (guint j = i; j > 0 && ms[j] < ms[j - 1]; j--)
      {
        double t = ms[j];

        ms[j] = ms[j - 1];
        ms[j - 1] = t;
      }
}

/* Layout builds alone: best, median and worst of REPEAT, wall-clock and
 * the process's CPU time, its threads included (which a machine shared
 * with other jobs inflates less). */
static void
bench_layout (guint  n_segments,
              guint  n_tasks,
              IlView view)
{
  g_autofree char *what = NULL;
  g_autofree char *segments = NULL;
  g_autoptr(IlTraceSnapshot) snap = bench_make_trace (n_segments, n_tasks);
  IlTimelineRun run = { "bench", snap, snap->end_ns, snap->end_ns / 2, FALSE };
  double ms[REPEAT], cpu[REPEAT];

  for (guint r = 0; r < REPEAT; r++)
    {
      gint64 start = g_get_monotonic_time ();
      double cpu_start = cpu_ms ();
      IlTimelineLayout *layout = il_timeline_layout_new (&run, 1, view);

      il_timeline_layout_set_size (layout, WIDTH, HEIGHT);
      ms[r] = ms_since (start);
      cpu[r] = cpu_ms () - cpu_start;
      il_timeline_layout_unref (layout);
    }
  sort_ms (ms, REPEAT);
  sort_ms (cpu, REPEAT);
  g_print ("%9u segments %3u lanes %-8s layout  wall %6.1f / %6.1f / %6.1f ms   CPU %6.1f / %6.1f / %6.1f ms"
           "  (best / median / worst of %d)\n",
           n_segments, n_tasks, il_view_to_string (view), ms[0], ms[REPEAT / 2], ms[REPEAT - 1],
           cpu[0], cpu[REPEAT / 2], cpu[REPEAT - 1], REPEAT);
  segments = bench_thousands (n_segments);
  what = g_strdup_printf ("switching to the %s view of %s segments (%u lanes): its layout",
                          il_view_to_string (view), segments, n_tasks);
  bench_summary (what, "< 100 ms", "–", bench_verdict (ms[REPEAT / 2] < 100),
                 "%.0f ms median wall (%.0f – %.0f), %.0f ms of CPU", ms[REPEAT / 2], ms[0], ms[REPEAT - 1],
                 cpu[REPEAT / 2]);
}

/* The exporter's PNG: painting, then writing (il_png_write) REPEAT × 3
 * times, wall-clock and CPU, best and median; and the file's size. */
static double
bench_png (guint       n_segments,
           guint       n_tasks,
           const char *png_path)
{
  g_autoptr(IlTraceSnapshot) snap = bench_make_trace (n_segments, n_tasks);
  IlTimelineRun run = { "bench", snap, snap->end_ns, snap->end_ns / 2, FALSE };
  g_autoptr(IlTimelineLayout) layout = il_timeline_layout_new (&run, 1, IL_VIEW_TASKS);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  double paint[REPEAT * 3], paint_cpu[REPEAT * 3], ms[REPEAT * 3], cpu[REPEAT * 3];
  GStatBuf st;

  il_timeline_layout_set_size (layout, WIDTH, HEIGHT);
  for (guint r = 0; r < REPEAT * 3; r++)
    {
      gint64 start = g_get_monotonic_time ();
      double cpu_start = cpu_ms ();
      cairo_t *cr = cairo_create (surface);

      il_painter_paint (cr, layout, NULL);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      paint[r] = ms_since (start);
      paint_cpu[r] = cpu_ms () - cpu_start;

      start = g_get_monotonic_time ();
      cpu_start = cpu_ms ();
      write_png (surface, png_path);
      ms[r] = ms_since (start);
      cpu[r] = cpu_ms () - cpu_start;
    }
  cairo_surface_destroy (surface);
  sort_ms (paint, REPEAT * 3);
  sort_ms (paint_cpu, REPEAT * 3);
  sort_ms (ms, REPEAT * 3);
  sort_ms (cpu, REPEAT * 3);
  if (g_stat (png_path, &st) != 0)
    st.st_size = 0;
  g_print ("%9u segments %3u lanes tasks, %dx%d, best / median of %d:\n"
           "  paint      wall %6.1f / %6.1f ms   CPU %6.1f / %6.1f ms\n"
           "  write PNG  wall %6.1f / %6.1f ms   CPU %6.1f / %6.1f ms   (%.0f KiB)\n",
           n_segments, n_tasks, WIDTH, HEIGHT, REPEAT * 3,
           paint[0], paint[REPEAT * 3 / 2], paint_cpu[0], paint_cpu[REPEAT * 3 / 2],
           ms[0], ms[REPEAT * 3 / 2], cpu[0], cpu[REPEAT * 3 / 2], st.st_size / 1024.0);
  return paint[REPEAT * 3 / 2] + ms[REPEAT * 3 / 2];
}

/* matplotlib's time for the same picture (bench/gantt_peer.py), s; NAN
 * when python3 or matplotlib is missing. */
static double
peer_png (guint       n_segments,
          guint       n_tasks,
          const char *png_path)
{
  g_autofree char *segments = g_strdup_printf ("%u", n_segments);
  g_autofree char *lanes = g_strdup_printf ("%u", n_tasks);
  const char *args[] = { png_path, segments, lanes, NULL };
  g_autofree char *why = NULL;
  g_autofree char *out = bench_run_python ("gantt_peer.py", args, &why);
  double s;

  if (out == NULL || sscanf (out, "draw+png %lf", &s) != 1)
    {
      g_print ("matplotlib's peer not run (python3 with matplotlib is needed: "
               "apt-get install python3-matplotlib): %s\n", why ? why : "no figure printed");
      return NAN;
    }
  g_print ("matplotlib, the same trace (bench/gantt_peer.py): %s", out);
  return s;
}

static void
png_against_peer (guint       n_segments,
                  guint       n_tasks,
                  const char *png_path)
{
  double ours = bench_png (n_segments, n_tasks, png_path);
  double theirs = peer_png (n_segments, n_tasks, png_path);
  g_autofree char *segments = bench_thousands (n_segments);
  g_autofree char *what = g_strdup_printf ("%s segments over %u lanes into a %d×%d PNG: paint + write",
                                           segments, n_tasks, WIDTH, HEIGHT);
  g_autofree char *peer = isnan (theirs) ? g_strdup ("matplotlib: not run")
                                         : g_strdup_printf ("matplotlib %.2f s (%.0f × ours)", theirs,
                                                            theirs * 1e3 / ours);

  bench_summary (what, "50 × faster than matplotlib", peer,
                 isnan (theirs) ? BENCH_NO_TARGET : bench_verdict (theirs * 1e3 / ours >= 50),
                 "%.1f ms (median)", ours);
}

int
main (int   argc,
      char *argv[])
{
  static const guint sizes[] = { 10000, 100000, 1000000 };
  g_autofree char *dir = g_dir_make_tmp ("bench-paint-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "bench.png", NULL);

  if (argc > 1 && g_str_equal (argv[1], "layout"))
    {
      bench_layout (1000000, 64, IL_VIEW_TASKS);
      bench_layout (1000000, 64, IL_VIEW_WORKERS);
      bench_layout (1000000, 64, IL_VIEW_CORES);
      return 0;
    }

  g_print ("best of %d, %dx%d\n", REPEAT, WIDTH, HEIGHT);
  if (argc > 1 && g_str_equal (argv[1], "png"))
    {
      /* bench-paint png FILE keeps the file, e.g. to compare pixels */
      png_against_peer (100000, 64, argc > 2 ? argv[2] : png);
      g_unlink (png);
      g_rmdir (dir);
      return 0;
    }
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      bench (sizes[i], 1, IL_VIEW_TASKS, png);
      bench (sizes[i], 64, IL_VIEW_TASKS, png);
      bench (sizes[i], 64, IL_VIEW_WORKERS, png);
      bench (sizes[i], 64, IL_VIEW_CORES, png);
    }
  g_print ("\nSwitching views:\n");
  bench_layout (1000000, 64, IL_VIEW_WORKERS);
  bench_layout (1000000, 64, IL_VIEW_CORES);
  g_print ("\nThe exporter's PNG against matplotlib:\n");
  png_against_peer (100000, 64, png);

  g_unlink (png);
  g_rmdir (dir);
  return 0;
}
