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

static double
legend_item (Painter    *p,
             double      x,
             const char *text)
{
  const IlTimelineLayout *L = p->layout;
  double w;

  il_painter_text_set (p, p->font, text, FALSE, -1);
  w = il_painter_text_width (p);
  if (x + w > L->width - L->margin)
    return -1;
  il_painter_text_show (p, x, L->legend_y, L->legend_h, &p->chrome->foreground, 1.0);
  return x + w + round (14 * L->font_scale);
}

void
il_painter_paint_legend (Painter *p)
{
  const IlTimelineLayout *L = p->layout;
  cairo_t *cr = p->cr;
  double s = L->font_scale;
  double sw = round (16 * s), sh = round (11 * s), gap = round (5 * s);
  double sy = L->legend_y + round ((L->legend_h - sh) / 2);
  double x = L->label_x;
  gboolean any_ideal = FALSE, any_load = FALSE;

  cairo_save (cr);
  for (guint state = 0; state < IL_N_STATES && x >= 0; state++)
    {
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
          x = legend_item (p, x + sw + gap, _("running (colour = task)"));
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
      x = legend_item (p, x + sw + gap, il_state_to_string (state));
    }

  for (guint r = 0; r < L->n_runs; r++)
    any_load |= L->runs[r].run.snapshot->n_core_samples > 0;
  if (L->view == IL_VIEW_CORES && any_load && x >= 0)
    {
      il_painter_set_color (cr, &p->chrome->load, 1.0);
      cairo_rectangle (cr, x, sy + sh / 2, sw, sh / 2);
      cairo_fill (cr);
      x = legend_item (p, x + sw + gap, _("core load"));
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
      legend_item (p, x + sw + gap, _("ideal makespan"));
    }
  cairo_restore (cr);
}
