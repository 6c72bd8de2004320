/* il-render-test-util.c — traces made by hand and pixels looked at */

#include "config.h"

#include <string.h>

#include "il-render-test-util.h"

/* ------------------------------------------------------------------------ */
/* Building traces */


Builder *
builder_new (void)
{
  Builder *b = g_new0 (Builder, 1);

  b->tasks = g_array_new (FALSE, TRUE, sizeof (IlTaskSnapshot));
  b->segs = g_array_new (FALSE, TRUE, sizeof (GArray *));
  return b;
}

guint
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

void
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

IlTraceSnapshot *
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
IlTraceSnapshot *
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

IlTimelineLayout *
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

cairo_surface_t *
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

void
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

gboolean
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

void
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
void
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
