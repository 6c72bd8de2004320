/* il-timeline-view-input.c — zooming and panning the timeline
 *
 * The scroll wheel pans, Control + scroll and a pinch zoom at the pointer,
 * a drag pans, and the keyboard does both (plus, minus, 0, Left, Right).
 * A click selects a task, Escape clears the selection.
 * The visible window is kept inside the picture's duration.
 */

#include "config.h"

#include <math.h>
#include <adwaita.h>
#include <glib/gi18n.h>

#include "il-timeline-view-private.h"

/* Keeps [t0, t1] inside the duration; the whole duration means "fit". */
static void
set_window_clamped (IlTimelineView *self,
                    gint64          t0,
                    gint64          t1)
{
  gint64 duration, width;

  il_timeline_view_ensure_layout (self);
  duration = il_timeline_layout_get_duration (self->layout);
  width = t1 - t0;
  if (width >= duration)
    {
      il_timeline_view_set_fitted (self, TRUE);
    }
  else
    {
      width = MAX (width, MIN_WINDOW_NS);
      t0 = CLAMP (t0, 0, duration - width);
      self->t0 = t0;
      self->t1 = t0 + width;
      il_timeline_view_set_fitted (self, FALSE);
    }
  il_timeline_view_apply_window (self);
  il_timeline_view_queue_repaint (self);
}

static void
current_window (IlTimelineView *self,
                gint64         *t0,
                gint64         *t1)
{
  il_timeline_view_ensure_layout (self);
  il_timeline_view_apply_window (self);
  il_timeline_layout_get_window (self->layout, t0, t1);
  /* Fitted, zooming starts from what has run (a live axis has room ahead). */
  if (self->fit)
    {
      *t0 = 0;
      *t1 = il_timeline_layout_get_duration (self->layout);
    }
}

static double
plot_center_x (IlTimelineView *self)
{
  double x, width;

  il_timeline_layout_get_plot_area (self->layout, &x, NULL, &width, NULL);
  return x + width / 2;
}

static void
zoom_at (IlTimelineView *self,
         double          x,
         double          factor)
{
  gint64 t0, t1, anchor;

  if (self->sources->len == 0 || factor <= 0)
    return;
  current_window (self, &t0, &t1);
  il_timeline_layout_set_size (self->layout, il_timeline_view_layout_width (self), il_timeline_view_layout_height (self));
  anchor = il_timeline_layout_x_to_time (self->layout, x);
  anchor = CLAMP (anchor, t0, t1);
  set_window_clamped (self,
                      anchor - (gint64) ((anchor - t0) / factor),
                      anchor + (gint64) ((t1 - anchor) / factor));
}

void
il_timeline_view_zoom_in (IlTimelineView *self)
{
  g_return_if_fail (IL_IS_TIMELINE_VIEW (self));

  if (self->sources->len == 0)
    return;
  il_timeline_view_ensure_layout (self);
  zoom_at (self, plot_center_x (self), ZOOM_STEP);
}

void
il_timeline_view_zoom_out (IlTimelineView *self)
{
  g_return_if_fail (IL_IS_TIMELINE_VIEW (self));

  if (self->sources->len == 0)
    return;
  il_timeline_view_ensure_layout (self);
  zoom_at (self, plot_center_x (self), 1 / ZOOM_STEP);
}

void
il_timeline_view_zoom_to_fit (IlTimelineView *self)
{
  g_return_if_fail (IL_IS_TIMELINE_VIEW (self));

  il_timeline_view_set_fitted (self, TRUE);
  il_timeline_view_apply_window (self);
  il_timeline_view_queue_repaint (self);
}

gboolean
il_timeline_view_get_fit (IlTimelineView *self)
{
  g_return_val_if_fail (IL_IS_TIMELINE_VIEW (self), TRUE);
  return self->fit;
}

void
il_timeline_view_set_window (IlTimelineView *self,
                             gint64          t0_ns,
                             gint64          t1_ns)
{
  g_return_if_fail (IL_IS_TIMELINE_VIEW (self));

  if (self->sources->len == 0)
    return;
  set_window_clamped (self, t0_ns, t1_ns);
}

static gint64
px_to_ns (IlTimelineView *self,
          double          dx,
          gint64          t0,
          gint64          t1)
{
  double width;

  il_timeline_layout_get_plot_area (self->layout, NULL, NULL, &width, NULL);
  return (gint64) (dx * (double) (t1 - t0) / MAX (width, 1));
}

void
il_timeline_view_pan (IlTimelineView *self,
                      double          dx_px)
{
  gint64 t0, t1, dt;

  g_return_if_fail (IL_IS_TIMELINE_VIEW (self));

  if (self->sources->len == 0 || self->fit)
    return;
  current_window (self, &t0, &t1);
  dt = px_to_ns (self, dx_px, t0, t1);
  set_window_clamped (self, t0 + dt, t1 + dt);
}

static gboolean
on_scroll (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           IlTimelineView           *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  gboolean wheel = gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL;

  if (self->sources->len == 0)
    return FALSE;

  if (state & GDK_CONTROL_MASK)
    {
      zoom_at (self, self->pointer_x, pow (wheel ? 1.25 : 1.01, -dy));
      return TRUE;
    }
  if (state & GDK_SHIFT_MASK)
    {
      dx = dx != 0 ? dx : dy;
      dy = 0;
    }
  if (dx != 0)
    il_timeline_view_pan (self, dx * (wheel ? WHEEL_PAN_PX : 1.0));
  /* Vertical scrolling belongs to the scrolled window. */
  return dy == 0;
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           IlTimelineView           *self)
{
  self->pointer_x = x;
  il_timeline_view_hover_at (self, self->dragged ? -1 : x, y);
}

static void
on_leave (GtkEventControllerMotion *controller,
          IlTimelineView           *self)
{
  il_timeline_view_hover_at (self, -1, -1);
}

static void
on_drag_begin (GtkGestureDrag *gesture,
               double          x,
               double          y,
               IlTimelineView *self)
{
  self->drag_x = x;
  self->drag_y = y;
  self->dragged = FALSE;
  if (self->sources->len > 0)
    current_window (self, &self->gesture_t0, &self->gesture_t1);
}

static void
on_drag_update (GtkGestureDrag *gesture,
                double          offset_x,
                double          offset_y,
                IlTimelineView *self)
{
  gint64 dt;

  if (self->sources->len == 0)
    return;
  if (!self->dragged && hypot (offset_x, offset_y) < DRAG_THRESHOLD)
    return;
  if (!self->dragged)
    {
      self->dragged = TRUE;
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
    }
  if (self->gesture_t1 - self->gesture_t0 >= il_timeline_layout_get_duration (self->layout))
    return;
  dt = px_to_ns (self, offset_x, self->gesture_t0, self->gesture_t1);
  set_window_clamped (self, self->gesture_t0 - dt, self->gesture_t1 - dt);
}

static void
on_drag_end (GtkGestureDrag *gesture,
             double          offset_x,
             double          offset_y,
             IlTimelineView *self)
{
  IlTimelineHit hit;

  gtk_widget_set_cursor (GTK_WIDGET (self), NULL);
  if (self->dragged)
    return;

  /* A click: select the task under the pointer in every run and say
   * what it did; a click on it again, or on nothing, clears. */
  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (self->sources->len == 0)
    return;
  il_timeline_view_ensure_layout (self);
  if (il_timeline_layout_hit_test (self->layout, self->drag_x, self->drag_y, &hit) && hit.task >= 0 &&
      hit.task != self->highlight)
    {
      il_timeline_view_set_highlight (self, hit.task);
      il_timeline_view_show_details (self, hit.run, self->drag_x, self->drag_y);
    }
  else
    il_timeline_view_set_highlight (self, -1);
}

static void
on_zoom_begin (GtkGesture       *gesture,
               GdkEventSequence *sequence,
               IlTimelineView   *self)
{
  double x, y;

  if (self->sources->len == 0)
    return;
  current_window (self, &self->gesture_t0, &self->gesture_t1);
  if (gtk_gesture_get_bounding_box_center (gesture, &x, &y))
    self->gesture_x = x;
  else
    self->gesture_x = plot_center_x (self);
}

static void
on_zoom_scale_changed (GtkGestureZoom *gesture,
                       double          scale,
                       IlTimelineView *self)
{
  gint64 anchor, t0 = self->gesture_t0, t1 = self->gesture_t1;
  double x, width;

  if (self->sources->len == 0 || scale <= 0)
    return;
  il_timeline_layout_get_plot_area (self->layout, &x, NULL, &width, NULL);
  anchor = t0 + (gint64) ((self->gesture_x - x) / MAX (width, 1) * (t1 - t0));
  anchor = CLAMP (anchor, t0, t1);
  set_window_clamped (self,
                      anchor - (gint64) ((anchor - t0) / scale),
                      anchor + (gint64) ((t1 - anchor) / scale));
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                IlTimelineView        *self)
{
  double width = 0;

  if (self->sources->len == 0 || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)))
    return FALSE;
  if (keyval == GDK_KEY_Escape)
    {
      if (self->highlight < 0)
        return FALSE;
      il_timeline_view_set_highlight (self, -1);
      return TRUE;
    }
  il_timeline_view_ensure_layout (self);
  il_timeline_layout_get_plot_area (self->layout, NULL, NULL, &width, NULL);

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      il_timeline_view_pan (self, -width / 10);
      return TRUE;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      il_timeline_view_pan (self, width / 10);
      return TRUE;
    case GDK_KEY_plus:
    case GDK_KEY_equal:
    case GDK_KEY_KP_Add:
      il_timeline_view_zoom_in (self);
      return TRUE;
    case GDK_KEY_minus:
    case GDK_KEY_KP_Subtract:
      il_timeline_view_zoom_out (self);
      return TRUE;
    case GDK_KEY_0:
    case GDK_KEY_Home:
      il_timeline_view_zoom_to_fit (self);
      return TRUE;
    default:
      return FALSE;
    }
}

/* Scroll, drag, pinch and keys: zoom and pan. */
void
il_timeline_view_add_controllers (IlTimelineView *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect (controller, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (controller, "enter", G_CALLBACK (on_motion), self);
  g_signal_connect (controller, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (gesture, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect (gesture, "begin", G_CALLBACK (on_zoom_begin), self);
  g_signal_connect (gesture, "scale-changed", G_CALLBACK (on_zoom_scale_changed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));
}
