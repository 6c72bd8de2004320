/* bench-frame.c — how long a frame of the app's timeline takes
 *
 * Opens a window with the app's timeline widget (inside a scrolled window,
 * as in the app) showing one run of 1,000,000 segments over 64 tasks, and
 * measures frames on the frame clock, from "update" to "after-paint" (the
 * widget's snapshot, the painter, and GSK's rendering): a redraw of an
 * unchanged picture, then zoomed out, zoomed in on 1 % of the run, panning
 * while zoomed in (the window moves every frame), and the workers view
 * zoomed out.  Then the painter alone, and its first paint of a layout.
 *
 * Needs a display; under Xvfb, with GTK's own choice of renderer or one
 * named by GSK_RENDERER:
 *   xvfb-run -a -s "-screen 0 1280x800x24" build/bench/bench-frame [SCENARIO]
 * The target (issue 6): under 16 ms on average.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <adwaita.h>

#include "bench-summary.h"
#include "bench-trace.h"
#include "il-timeline-view.h"

#define N_SEGMENTS 1000000
#define N_TASKS    64
#define N_FRAMES   60
#define WARMUP     5
#define TARGET_MS  16.0

typedef enum {
  UNCHANGED,
  ZOOMED_OUT,
  ZOOMED_IN,
  PANNING,
  WORKERS_OUT,
  N_SCENARIOS
} Scenario;

static const char * const scenario_names[N_SCENARIOS] = {
  "redraw, picture unchanged",
  "tasks view, zoomed out",
  "tasks view, zoomed in (1 %)",
  "tasks view, panning zoomed in",
  "workers view, zoomed out",
};

typedef struct {
  GMainLoop      *loop;
  IlTimelineView *view;
  GdkFrameClock  *clock;
  Scenario        scenario;
  guint           frame;
  gint64          frame_start;
  double          total_ms[N_SCENARIOS];
  double          max_ms[N_SCENARIOS];
  guint           counted[N_SCENARIOS];
  guint           pictures[N_SCENARIOS];   /* painted during the counted frames */
  guint           pictures_at_start;
  gint64          duration;
  gboolean        only;          /* one scenario (argv[1]), for profiling */
} Bench;


static void
enter_scenario (Bench *b)
{
  switch (b->scenario)
    {
    case UNCHANGED:
      gtk_widget_queue_draw (GTK_WIDGET (b->view));
      break;
    case ZOOMED_OUT:
      il_timeline_view_set_window (b->view, 0, b->duration - 1 - (b->frame % 2));
      break;
    case ZOOMED_IN:
    case PANNING:
      il_timeline_view_set_window (b->view, b->duration / 2 + (b->frame % 2),
                                   b->duration / 2 + b->duration / 100);
      break;
    case WORKERS_OUT:
      il_timeline_view_set_view (b->view, IL_VIEW_WORKERS);
      /* A new window, or nothing would change. */
      il_timeline_view_set_window (b->view, 0, b->duration - 1 - (b->frame % 2));
      break;
    case N_SCENARIOS:
    default:
      g_assert_not_reached ();
    }
}

static void
on_update (GdkFrameClock *clock,
           Bench         *b)
{
  b->frame_start = g_get_monotonic_time ();
}

static void
on_after_paint (GdkFrameClock *clock,
                Bench         *b)
{
  double ms;

  if (b->frame_start == 0 || b->scenario >= N_SCENARIOS)
    return;
  ms = (g_get_monotonic_time () - b->frame_start) / 1000.0;
  b->frame_start = 0;

  if (b->frame == WARMUP - 1)
    b->pictures_at_start = il_timeline_view_get_n_pictures (b->view);
  if (b->frame >= WARMUP)
    {
      b->total_ms[b->scenario] += ms;
      b->max_ms[b->scenario] = MAX (b->max_ms[b->scenario], ms);
      b->counted[b->scenario]++;
    }

  if (++b->frame >= N_FRAMES + WARMUP)
    {
      b->pictures[b->scenario] = il_timeline_view_get_n_pictures (b->view) - b->pictures_at_start;
      b->frame = 0;
      if (++b->scenario == N_SCENARIOS || b->only)
        {
          g_main_loop_quit (b->loop);
          return;
        }
      enter_scenario (b);
    }

  /* Something to paint again on the next frame (the widget keeps its last
   * picture while nothing changes). */
  if (b->scenario == PANNING)
    il_timeline_view_pan (b->view, 7);
  else
    enter_scenario (b);
}

/* Keeps frames coming (and the "update" phase in each of them). */
static gboolean
keep_ticking (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       user_data)
{
  return G_SOURCE_CONTINUE;
}

/* The renderer in use for the summary: GSK_RENDERER's choice, or GTK's
 * own, with the renderer's class ("GskGLRenderer" → "GL"). */
static char *
renderer_label (GskRenderer *renderer)
{
  const char *chosen = g_getenv ("GSK_RENDERER");
  g_autofree char *type = NULL;

  if (renderer != NULL)
    {
      const char *name = G_OBJECT_TYPE_NAME (renderer);

      if (g_str_has_prefix (name, "Gsk"))
        name += 3;
      type = g_strdup (name);
      if (g_str_has_suffix (type, "Renderer"))
        type[strlen (type) - strlen ("Renderer")] = '\0';
    }
  if (chosen != NULL && *chosen != '\0')
    return type != NULL && g_ascii_strcasecmp (type, chosen) == 0
           ? g_strdup_printf ("GSK_RENDERER=%s", chosen)
           : g_strdup_printf ("GSK_RENDERER=%s (%s)", chosen, type ? type : "no renderer");
  return g_strdup_printf ("GTK's default renderer (%s)", type ? type : "GL");
}

static void
on_map (GtkWidget *widget,
        Bench     *b)
{
  b->clock = gtk_widget_get_frame_clock (widget);
  g_signal_connect (b->clock, "update", G_CALLBACK (on_update), b);
  g_signal_connect (b->clock, "after-paint", G_CALLBACK (on_after_paint), b);
  gtk_widget_add_tick_callback (widget, keep_ticking, NULL, NULL);
  enter_scenario (b);
  gtk_widget_queue_draw (widget);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(IlTraceSnapshot) snap = NULL;
  IlTimelineRun run = { "bench", NULL, 0, -1, FALSE };
  Bench b = { 0, };
  GtkWidget *window, *scroller;
  g_autofree char *renderer_name = NULL;
  gint64 start;

  if (!gtk_init_check ())
    {
      g_printerr ("bench-frame: no display (run it under xvfb-run)\n");
      return 77;
    }
  adw_init ();

  if (argc > 1)
    {
      b.scenario = (Scenario) CLAMP (atoi (argv[1]), 0, N_SCENARIOS - 1);
      b.only = TRUE;
    }

  snap = bench_make_trace (N_SEGMENTS, N_TASKS);
  run.snapshot = snap;
  run.makespan_ns = snap->end_ns;
  b.duration = snap->end_ns;
  b.loop = g_main_loop_new (NULL, FALSE);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 720);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  b.view = IL_TIMELINE_VIEW (il_timeline_view_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (b.view), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (b.view));
  gtk_window_set_child (GTK_WINDOW (window), scroller);

  start = g_get_monotonic_time ();
  il_timeline_view_set_timeline_runs (b.view, &run, 1);
  g_print ("%u segments over %u tasks; layout built in %.1f ms\n",
           N_SEGMENTS, N_TASKS, (g_get_monotonic_time () - start) / 1000.0);
  g_print ("renderer: %s\n", g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "default");

  g_signal_connect_after (b.view, "map", G_CALLBACK (on_map), &b);
  gtk_window_present (GTK_WINDOW (window));
  g_main_loop_run (b.loop);

  {
    GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));

    g_print ("GTK drew with %s\n", renderer ? G_OBJECT_TYPE_NAME (renderer) : "no renderer");
    renderer_name = renderer_label (renderer);
  }
  for (guint s = 0; s < N_SCENARIOS; s++)
    if (b.counted[s] > 0)
      {
        double mean = b.total_ms[s] / MAX (b.counted[s], 1);
        g_autofree char *what = g_strdup_printf ("a window frame, 1,000,000 segments, %s, %s",
                                                 scenario_names[s], renderer_name);

        g_print ("%-32s  mean %6.2f ms  max %6.2f ms  (%u frames, %u pictures painted, %d×%d)\n",
                 scenario_names[s], mean, b.max_ms[s],
                 b.counted[s], b.pictures[s], gtk_widget_get_width (GTK_WIDGET (b.view)),
                 gtk_widget_get_height (GTK_WIDGET (b.view)));
        bench_summary (what, "< 16 ms", NULL, bench_verdict (mean < TARGET_MS),
                       "%.1f ms mean, %.1f ms max", mean, b.max_ms[s]);
      }

  /* Where the time goes: the painter alone, into an image surface. */
  g_print ("painter alone (il_painter_paint into a %d×%d image surface):\n",
           gtk_widget_get_width (GTK_WIDGET (b.view)), gtk_widget_get_height (GTK_WIDGET (b.view)));
  for (b.scenario = 0; b.scenario < N_SCENARIOS; b.scenario++)
    {
      int width = gtk_widget_get_width (GTK_WIDGET (b.view));
      int height = gtk_widget_get_height (GTK_WIDGET (b.view));
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
      double total = 0;

      if (b.scenario == UNCHANGED)
        continue;
      double first;

      if (b.scenario == ZOOMED_OUT)
        il_timeline_view_set_view (b.view, IL_VIEW_TASKS);
      enter_scenario (&b);
      /* The first paint of a new layout also sums up its dense lanes. */
      {
        cairo_t *cr = cairo_create (surface);

        start = g_get_monotonic_time ();
        il_timeline_view_paint (b.view, cr, width, height);
        first = (g_get_monotonic_time () - start) / 1000.0;
        cairo_destroy (cr);
      }
      for (guint i = 0; i < 20; i++)
        {
          cairo_t *cr = cairo_create (surface);

          start = g_get_monotonic_time ();
          il_timeline_view_paint (b.view, cr, width, height);
          total += (g_get_monotonic_time () - start) / 1000.0;
          cairo_destroy (cr);
          if (b.scenario == PANNING)
            il_timeline_view_pan (b.view, 7);
        }
      cairo_surface_destroy (surface);
      g_print ("%-32s  mean %6.2f ms  (first paint %.2f ms)\n", scenario_names[b.scenario], total / 20, first);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  g_main_loop_unref (b.loop);
  return 0;
}
