/* il-painter-chrome.c — around the lanes: run headers, time axis, grid, legend */
#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>
#include <pixman.h>

#include "il-painter-private.h"

char *
il_painter_run_summary (const IlTimelineRun *run)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autofree char *title = g_markup_escape_text (run->title, -1);

  g_string_append_printf (s, "<b>%s</b>", title);
  if (run->detail != NULL && run->detail[0] != '\0')
    {
      g_autofree char *detail = g_markup_escape_text (run->detail, -1);

      g_string_append_printf (s, "  (%s)", detail);
    }
  if (run->waiting)
    {
      g_string_append (s, "   ");
      /* Translators: beside a run that has not started yet */
      g_string_append (s, _("waiting"));
      return g_string_free (g_steal_pointer (&s), FALSE);
    }
  if (run->live)
    {
      g_autofree char *now = il_timeline_format_duration (run->snapshot->now_ns);

      g_string_append (s, "   ");
      g_string_append_printf (s, _("running… %s"), now);
      return g_string_free (g_steal_pointer (&s), FALSE);
    }
  if (run->makespan_ns >= 0)
    {
      g_autofree char *m = il_timeline_format_duration (run->makespan_ns);

      g_string_append (s, "   ");
      g_string_append_printf (s, _("makespan %s"), m);
    }
  if (run->ideal_ns >= 0)
    {
      g_autofree char *i = il_timeline_format_duration (run->ideal_ns);

      g_string_append (s, "  ·  ");
      g_string_append_printf (s, _("ideal %s"), i);
      if (run->makespan_ns > 0)
        {
          g_string_append (s, "  ·  ");
          g_string_append_printf (s, _("efficiency %.0f %%"),
                                  100.0 * run->ideal_ns / run->makespan_ns);
        }
    }
  if (run->other_load > 0)
    {
      g_string_append (s, "  ·  ");
      /* Translators: beside a run's title when other programs competed
       * with it, e.g. "⚠ busy machine: other programs took 35 %" */
      g_string_append_printf (s, _("⚠ busy machine: other programs took %.0f %%"), 100.0 * run->other_load);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

void
il_painter_paint_axis (Painter *p)
{
  const IlTimelineLayout *L = p->layout;
  cairo_t *cr = p->cr;
  gint64 step = il_timeline_choose_tick_step (L->t1 - L->t0, L->plot_x1 - L->plot_x0,
                                              90 * L->font_scale);
  gint64 first = L->t0 >= 0 ? (L->t0 + step - 1) / step * step : -((-L->t0) / step * step);
  double tick = round (4 * L->font_scale);

  il_painter_set_color (cr, &p->chrome->dim_foreground, 1.0);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, L->plot_x0, L->axis_y + 0.5);
  cairo_line_to (cr, L->plot_x1, L->axis_y + 0.5);
  for (gint64 t = first; t <= L->t1; t += step)
    {
      double x = round (il_timeline_layout_time_to_x (L, t)) + 0.5;

      cairo_move_to (cr, x, L->axis_y);
      cairo_line_to (cr, x, L->axis_y + tick);
    }
  cairo_stroke (cr);

  for (gint64 t = first; t <= L->t1; t += step)
    {
      g_autofree char *label = il_timeline_format_time (t, step);
      double x = il_timeline_layout_time_to_x (L, t), w;

      il_painter_text_set (p, p->font, label, FALSE, -1);
      w = il_painter_text_width (p);
      x = CLAMP (x - w / 2, L->label_x, L->width - L->margin - w);
      il_painter_text_show (p, x, L->axis_y + tick + 1, L->line_h, &p->chrome->dim_foreground, 1.0);
    }
}

void
il_painter_paint_grid (Painter *p,
                       double   y0,
                       double   y1)
{
  const IlTimelineLayout *L = p->layout;
  cairo_t *cr = p->cr;
  gint64 step = il_timeline_choose_tick_step (L->t1 - L->t0, L->plot_x1 - L->plot_x0,
                                              90 * L->font_scale);
  gint64 first = L->t0 >= 0 ? (L->t0 + step - 1) / step * step : -((-L->t0) / step * step);

  for (gint64 t = first; t <= L->t1; t += step)
    {
      double x = round (il_timeline_layout_time_to_x (L, t)) + 0.5;

      cairo_move_to (cr, x, y0);
      cairo_line_to (cr, x, y1);
    }
  il_painter_set_color (cr, &p->chrome->grid, 1.0);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
}

/* One entry's text after its swatch at @x0 (the swatch's left edge), on
 * the legend line at @y; records the entry.  The x of the next entry, or
 * -1 when this one does not fit. */
static double
legend_item (Painter      *p,
             double        x0,
             double        x,
             double        y,
             double        h,
             const char   *text,
             IlLegendKind  kind,
             guint         value)
{
  const IlTimelineLayout *L = p->layout;
  double w;

  il_painter_text_set (p, p->font, text, FALSE, -1);
  w = il_painter_text_width (p);
  if (x + w > L->width - L->margin)
    return -1;
  il_painter_text_show (p, x, y, h, &p->chrome->foreground, 1.0);
  if (p->legend_items)
    {
      IlLegendItem item = { kind, value, x0, y, x + w - x0, h };

      g_array_append_val (p->legend_items, item);
    }
  return x + w + round (14 * L->font_scale);
}

/* The cores view's task key: a task colour and the tasks that have it. */
static void
paint_task_key (Painter *p,
                double   y,
                double   h)
{
  const IlTimelineLayout *L = p->layout;
  const IlTraceSnapshot *snap = L->n_runs > 0 ? L->runs[0].run.snapshot : NULL;
  cairo_t *cr = p->cr;
  double s = L->font_scale;
  double sw = round (16 * s), sh = round (11 * s), gap = round (5 * s);
  double sy = y + round ((h - sh) / 2);
  double x = L->label_x;
  guint n_tasks = 0;

  for (guint r = 0; r < L->n_runs; r++)
    if (L->runs[r].run.snapshot->n_tasks > n_tasks)
      {
        n_tasks = L->runs[r].run.snapshot->n_tasks;
        snap = L->runs[r].run.snapshot;
      }
  for (guint c = 0; c < MIN (n_tasks, IL_PALETTE_N_TASK_COLORS) && x >= 0; c++)
    {
      g_autofree char *text = NULL;
      const char *name = snap->tasks[c].name ? snap->tasks[c].name : "";

      if (n_tasks > c + IL_PALETTE_N_TASK_COLORS)
        /* Translators: a task colour in the cores view's key, shared by
         * several tasks, e.g. "task-0, task-10, …" */
        text = g_strdup_printf (_("%s, %s, …"), name,
                                snap->tasks[c + IL_PALETTE_N_TASK_COLORS].name ? snap->tasks[c + IL_PALETTE_N_TASK_COLORS].name : "");
      else
        text = g_strdup (name);
      il_painter_set_color (cr, il_palette_get_task_color (c, p->dark), 1.0);
      cairo_rectangle (cr, x, sy, sw, sh);
      cairo_fill (cr);
      x = legend_item (p, x, x + sw + gap, y, h, text, IL_LEGEND_TASK, c);
    }
}

void
il_painter_paint_legend (Painter *p)
{
  const IlTimelineLayout *L = p->layout;
  cairo_t *cr = p->cr;
  double s = L->font_scale;
  double line_h = L->view == IL_VIEW_CORES ? L->legend_h / 2 : L->legend_h;
  double ly = L->legend_y;
  double sw = round (16 * s), sh = round (11 * s), gap = round (5 * s);
  double sy = ly + round ((line_h - sh) / 2);
  double x = L->label_x;
  gboolean any_ideal = FALSE, any_load = FALSE;

  cairo_save (cr);
  for (guint state = 0; state < IL_N_STATES && x >= 0; state++)
    {
      double x0 = x;

      if (!(L->states & (1u << state)))
        continue;
      if (L->view == IL_VIEW_CORES && state == IL_STATE_RUNNING)
        {
          /* Running, coloured by task: a swatch of a few task colours. */
          for (guint k = 0; k < 4; k++)
            {
              il_painter_set_color (cr, il_palette_get_task_color (k, p->dark), 1.0);
              cairo_rectangle (cr, x + k * sw / 4, sy, sw / 4, sh);
              cairo_fill (cr);
            }
          x = legend_item (p, x0, x + sw + gap, ly, line_h, _("running (colour = task)"),
                           IL_LEGEND_STATE, state);
          continue;
        }
      if (il_state_is_terminal (state))
        {
          const IlColor *c = &il_palette_get_state_style (state, p->dark)->fill;
          double cx = x + sw / 2, cy = sy + sh / 2, r = sh / 2 - 1;

          il_painter_set_color (cr, c, 1.0);
          if (state == IL_STATE_DONE)
            {
              cairo_set_line_width (cr, 1.5);
              cairo_move_to (cr, cx, sy - 2);
              cairo_line_to (cr, cx, sy + sh + 2);
            }
          else if (state == IL_STATE_STOPPED)
            {
              double q = MIN (sh * 0.3, 5);

              cairo_rectangle (cr, cx - q, cy - q, 2 * q, 2 * q);
              cairo_fill (cr);
            }
          else
            {
              cairo_set_line_width (cr, 2);
              cairo_move_to (cr, cx - r, cy - r);
              cairo_line_to (cr, cx + r, cy + r);
              cairo_move_to (cr, cx - r, cy + r);
              cairo_line_to (cr, cx + r, cy - r);
            }
          cairo_stroke (cr);
        }
      else
        {
          cairo_rectangle (cr, x, sy, sw, sh);
          il_painter_fill_state_path (p, state, FALSE);
        }
      x = legend_item (p, x0, x + sw + gap, ly, line_h, il_state_to_string (state),
                       IL_LEGEND_STATE, state);
    }

  for (guint r = 0; r < L->n_runs; r++)
    any_load |= L->runs[r].run.snapshot->n_core_samples > 0;
  if (L->view == IL_VIEW_CORES && any_load && x >= 0)
    {
      double x0 = x;

      il_painter_set_color (cr, &p->chrome->load, 1.0);
      cairo_rectangle (cr, x, sy + sh / 2, sw, sh / 2);
      cairo_fill (cr);
      x = legend_item (p, x0, x + sw + gap, ly, line_h, _("core load"), IL_LEGEND_CORE_LOAD, 0);
    }

  for (guint r = 0; r < L->n_runs; r++)
    any_ideal |= L->runs[r].run.ideal_ns >= 0;
  if (any_ideal && x >= 0)
    {
      static const double dash[] = { 4, 3 };

      il_painter_set_color (cr, &p->chrome->foreground, 0.8);
      cairo_set_line_width (cr, 1.5);
      cairo_set_dash (cr, dash, 2, 0);
      cairo_move_to (cr, x + sw / 2, sy - 2);
      cairo_line_to (cr, x + sw / 2, sy + sh + 2);
      cairo_stroke (cr);
      legend_item (p, x, x + sw + gap, ly, line_h, _("ideal makespan"), IL_LEGEND_IDEAL, 0);
    }
  cairo_restore (cr);

  if (L->view == IL_VIEW_CORES)
    paint_task_key (p, ly + line_h, line_h);
}

char *
il_legend_item_describe (const IlTimelineLayout *layout,
                         const IlLegendItem     *item)
{
  g_return_val_if_fail (item != NULL, NULL);

  switch (item->kind)
    {
    case IL_LEGEND_TASK:
      return g_strdup (_("In the cores view a segment’s colour is its task: this colour’s tasks."));
    case IL_LEGEND_CORE_LOAD:
      return g_strdup (_("Core load: how busy the core was, sampled from /proc/stat; "
                         "other programs on the machine count too."));
    case IL_LEGEND_IDEAL:
      return g_strdup (_("Ideal makespan: a lower bound for any schedule of these tasks with "
                         "this model’s worker count on this machine."));
    case IL_LEGEND_STATE:
    default:
      break;
    }

  switch ((IlState) item->value)
    {
    case IL_STATE_QUEUED:
      return g_strdup (_("queued: submitted, no worker has taken it yet. "
                         "Measured from submission to the start on a worker."));
    case IL_STATE_SPAWNING:
      return g_strdup (_("spawning: its worker process is being started. "
                         "Measured from the spawn call to the worker’s “ready” line."));
    case IL_STATE_RUNNING:
      if (layout != NULL && il_timeline_layout_get_view (layout) == IL_VIEW_CORES)
        return g_strdup (_("running: on this core, in its task’s colour (see the task key). "
                           "The core is read with sched_getcpu() at every state change and at least every millisecond."));
      return g_strdup (_("running: on a core (its number is written on the segment). "
                         "The core is read with sched_getcpu() at every state change and at least every millisecond."));
    case IL_STATE_PREEMPTED:
      return g_strdup (_("preempted: runnable, but the thread got less CPU than wall time "
                         "(its CPU clock, CLOCK_THREAD_CPUTIME_ID, fell behind)."));
    case IL_STATE_IO_WAIT:
      return g_strdup (_("io-wait: sleeping (simulated I/O) or waiting for the network, "
                         "from the call until it returns."));
    case IL_STATE_READY:
      return g_strdup (_("ready: its I/O is done, but its event loop or thread is busy with another task. "
                         "Measured from the end of the I/O until the task runs again."));
    case IL_STATE_GIL_WAIT:
      return g_strdup (_("gil-wait: waiting for the emulated GIL, which another thread holds. "
                         "Measured from the request until the lock is handed over."));
    case IL_STATE_LOCK_WAIT:
      return g_strdup (_("lock-wait: a traced program’s thread blocked on a lock (a futex wait; in CPython, "
                         "where a thread waits for the GIL), classified from its current system call."));
    case IL_STATE_IPC:
      return g_strdup (_("ipc: the task being sent to, or its result read from, a worker process."));
    case IL_STATE_DONE:
      return g_strdup (_("done: the task ended well (a tick at its end)."));
    case IL_STATE_FAILED:
      return g_strdup (_("failed: the task ended with an error (a cross; the reason is in the task’s tooltip)."));
    case IL_STATE_STOPPED:
      return g_strdup (_("stopped: the run was stopped before the task ended (a small square)."));
    default:
      return NULL;
    }
}
