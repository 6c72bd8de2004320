/* il-plot-view.c — a sweep's plot on screen, its points to pick
 *
 * The picture is the exporter's (il_painter_plot_paint()) at the widget's
 * size; the frame the painter computes (il_plot_get_frame()) says where
 * each point is, so a click finds the nearest point and the selection is
 * ringed where the painter put the marker.
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "il-painter-plot.h"
#include "il-plot-view.h"

/* How near a click must be to a point, in pixels */
#define PICK_RADIUS 16.0

struct _IlPlotView {
  GtkWidget parent_instance;

  IlSweep  *sweep;       /* borrowed */
  char     *title;
  gboolean  dark;
  gboolean  has_selection;
  guint     sel_value;
  guint     sel_curve;
};

G_DEFINE_FINAL_TYPE (IlPlotView, il_plot_view, GTK_TYPE_WIDGET)

enum {
  POINT_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
get_options (IlPlotView    *self,
             IlPlotOptions *opts)
{
  opts->dark = self->dark;
  opts->measure = il_plot_default_measure (self->sweep);
  opts->title = self->title;
  opts->caption = NULL;
}

static gboolean
point_position (IlPlotView *self,
                guint       value,
                guint       curve,
                double     *x,
                double     *y)
{
  IlPlotOptions opts;
  IlPlotFrame frame;
  double median, lo, hi;

  if (self->sweep == NULL || self->sweep->points == NULL ||
      value >= self->sweep->n_values || curve >= self->sweep->n_curves)
    return FALSE;
  get_options (self, &opts);
  il_plot_point_measure (self->sweep, opts.measure, il_sweep_get_point (self->sweep, value, curve),
                         &median, &lo, &hi);
  if (!isfinite (median))
    return FALSE;
  il_plot_get_frame (self->sweep, &opts, gtk_widget_get_width (GTK_WIDGET (self)),
                     gtk_widget_get_height (GTK_WIDGET (self)), &frame);
  *x = il_plot_frame_x (&frame, self->sweep->values[value]);
  *y = il_plot_frame_y (&frame, median);
  return TRUE;
}

static void
il_plot_view_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  IlPlotView *self = IL_PLOT_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  IlPlotOptions opts;
  cairo_t *cr;
  double x, y;

  if (self->sweep == NULL || width <= 0 || height <= 0)
    return;

  get_options (self, &opts);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  il_painter_plot_paint (cr, self->sweep, &opts, width, height);

  /* The point picked: a ring around its marker, in the foreground colour
   * (so it reads in grey too), thicker when the plot has the focus */
  if (self->has_selection && point_position (self, self->sel_value, self->sel_curve, &x, &y))
    {
      if (self->dark)
        cairo_set_source_rgb (cr, 1, 1, 1);
      else
        cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_set_line_width (cr, gtk_widget_has_focus (widget) ? 3 : 2);
      cairo_arc (cr, x, y, 10, 0, 2 * G_PI);
      cairo_stroke (cr);
    }
  cairo_destroy (cr);
}

static void
activate_selected (IlPlotView *self)
{
  if (self->has_selection)
    g_signal_emit (self, signals[POINT_ACTIVATED], 0, self->sel_value, self->sel_curve);
}

gboolean
il_plot_view_activate_at (IlPlotView *self,
                          double      x,
                          double      y)
{
  double best = PICK_RADIUS * PICK_RADIUS;
  gboolean found = FALSE;
  guint best_v = 0, best_c = 0;

  g_return_val_if_fail (IL_IS_PLOT_VIEW (self), FALSE);

  for (guint c = 0; self->sweep != NULL && c < self->sweep->n_curves; c++)
    for (guint v = 0; v < self->sweep->n_values; v++)
      {
        double px, py, d;

        if (!point_position (self, v, c, &px, &py))
          continue;
        d = (px - x) * (px - x) + (py - y) * (py - y);
        if (d <= best)
          {
            best = d;
            best_v = v;
            best_c = c;
            found = TRUE;
          }
      }
  if (!found)
    return FALSE;
  il_plot_view_select (self, best_v, best_c);
  activate_selected (self);
  return TRUE;
}

static void
on_click (GtkGestureClick *gesture,
          int              n_press,
          double           x,
          double           y,
          IlPlotView      *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (il_plot_view_activate_at (self, x, y))
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

/* The next drawn point from the selection, @dv values or @dc curves away */
static void
move_selection (IlPlotView *self,
                int         dv,
                int         dc)
{
  int v, c;
  double x, y;

  if (self->sweep == NULL)
    return;
  if (!self->has_selection)
    {
      /* The first drawn point */
      for (guint cc = 0; cc < self->sweep->n_curves; cc++)
        for (guint vv = 0; vv < self->sweep->n_values; vv++)
          if (point_position (self, vv, cc, &x, &y))
            {
              il_plot_view_select (self, vv, cc);
              return;
            }
      return;
    }
  v = (int) self->sel_value + dv;
  c = (int) self->sel_curve + dc;
  while (v >= 0 && c >= 0 && v < (int) self->sweep->n_values && c < (int) self->sweep->n_curves)
    {
      if (point_position (self, v, c, &x, &y))
        {
          il_plot_view_select (self, v, c);
          return;
        }
      v += dv;
      c += dc;
    }
  gtk_widget_error_bell (GTK_WIDGET (self));
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                IlPlotView            *self)
{
  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      move_selection (self, -1, 0);
      return TRUE;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      move_selection (self, 1, 0);
      return TRUE;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      move_selection (self, 0, -1);
      return TRUE;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      move_selection (self, 0, 1);
      return TRUE;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_space:
      activate_selected (self);
      return self->has_selection;
    default:
      return FALSE;
    }
}

static void
il_plot_view_finalize (GObject *object)
{
  IlPlotView *self = IL_PLOT_VIEW (object);

  g_free (self->title);
  G_OBJECT_CLASS (il_plot_view_parent_class)->finalize (object);
}

static void
il_plot_view_class_init (IlPlotViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = il_plot_view_finalize;
  widget_class->snapshot = il_plot_view_snapshot;

  /* A point was clicked, or Enter pressed on it: @value and @curve index
   * the sweep's values and curves. */
  signals[POINT_ACTIVATED] =
    g_signal_new ("point-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);

  gtk_widget_class_set_css_name (widget_class, "plotview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
il_plot_view_init (IlPlotView *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focus_on_click (GTK_WIDGET (self), TRUE);
  g_signal_connect (click, "pressed", G_CALLBACK (on_click), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self),
                               _("Click a point, or move with the arrow keys and press Enter, "
                                 "to see its median run"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Sweep plot"),
                                  -1);
}

GtkWidget *
il_plot_view_new (void)
{
  return g_object_new (IL_TYPE_PLOT_VIEW, NULL);
}

void
il_plot_view_set_sweep (IlPlotView *self,
                        IlSweep    *sweep)
{
  g_return_if_fail (IL_IS_PLOT_VIEW (self));

  self->sweep = sweep;
  self->has_selection = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

IlSweep *
il_plot_view_get_sweep (IlPlotView *self)
{
  g_return_val_if_fail (IL_IS_PLOT_VIEW (self), NULL);
  return self->sweep;
}

void
il_plot_view_set_dark (IlPlotView *self,
                       gboolean    dark)
{
  g_return_if_fail (IL_IS_PLOT_VIEW (self));

  dark = !!dark;
  if (self->dark == dark)
    return;
  self->dark = dark;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
il_plot_view_set_title (IlPlotView *self,
                        const char *title)
{
  g_return_if_fail (IL_IS_PLOT_VIEW (self));

  if (g_strcmp0 (self->title, title) == 0)
    return;
  g_free (self->title);
  self->title = g_strdup (title);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
il_plot_view_get_n_points (IlPlotView *self)
{
  guint n = 0;
  double x, y;

  g_return_val_if_fail (IL_IS_PLOT_VIEW (self), 0);

  for (guint c = 0; self->sweep != NULL && c < self->sweep->n_curves; c++)
    for (guint v = 0; v < self->sweep->n_values; v++)
      if (point_position (self, v, c, &x, &y))
        n++;
  return n;
}

gboolean
il_plot_view_get_selected (IlPlotView *self,
                           guint      *value,
                           guint      *curve)
{
  g_return_val_if_fail (IL_IS_PLOT_VIEW (self), FALSE);

  if (value != NULL)
    *value = self->sel_value;
  if (curve != NULL)
    *curve = self->sel_curve;
  return self->has_selection;
}

void
il_plot_view_select (IlPlotView *self,
                     guint       value,
                     guint       curve)
{
  g_return_if_fail (IL_IS_PLOT_VIEW (self));
  g_return_if_fail (self->sweep != NULL);
  g_return_if_fail (value < self->sweep->n_values && curve < self->sweep->n_curves);

  self->has_selection = TRUE;
  self->sel_value = value;
  self->sel_curve = curve;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
il_plot_view_get_point_position (IlPlotView *self,
                                 guint       value,
                                 guint       curve,
                                 double     *x,
                                 double     *y)
{
  g_return_val_if_fail (IL_IS_PLOT_VIEW (self), FALSE);
  return point_position (self, value, curve, x, y);
}
