/* il-timeline-view.c — draws runs with il_painter_paint(), live
 *
 * While a run is going, the widget takes a fresh trace snapshot on every
 * frame of the frame clock (not a timer per task) and repaints; when all
 * runs have ended, the layout is kept until something changes.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "il-painter.h"
#include <adwaita.h>

#include "il-timeline-view.h"

struct _IlTimelineView {
  GtkWidget         parent_instance;

  GPtrArray        *runs;        /* IlRun* */
  IlView            view;
  IlTimelineLayout *layout;      /* cached; NULL when stale */
  guint             tick_id;
  gint              natural_height;
};

G_DEFINE_FINAL_TYPE (IlTimelineView, il_timeline_view, GTK_TYPE_WIDGET)

char *
il_run_dup_title (IlRun *run)
{
  return g_strdup (il_model_get_info (il_run_get_model (run))->id);
}

IlTimelineLayout *
il_timeline_view_build_layout (IlTimelineView *self)
{
  g_autoptr(GArray) items = g_array_new (FALSE, TRUE, sizeof (IlTimelineRun));
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) snaps = g_ptr_array_new_with_free_func ((GDestroyNotify) il_trace_snapshot_unref);
  IlTimelineLayout *layout;

  for (guint i = 0; self->runs && i < self->runs->len; i++)
    {
      IlRun *run = g_ptr_array_index (self->runs, i);
      IlTimelineRun item = { 0, };
      IlTraceSnapshot *snap = il_trace_snapshot (il_run_get_trace (run), 0);
      gboolean finished = il_run_is_finished (run);
      char *title = il_run_dup_title (run);

      g_ptr_array_add (titles, title);
      item.title = title;
      item.snapshot = snap;
      item.live = !finished;
      item.makespan_ns = finished ? il_run_get_stats (run)->makespan_ns : snap->now_ns;
      item.ideal_ns = finished ? il_run_get_stats (run)->ideal_ns : -1;
      g_ptr_array_add (snaps, snap);
      g_array_append_val (items, item);
    }
  layout = il_timeline_layout_new ((IlTimelineRun *) items->data, items->len, self->view);
  il_timeline_layout_set_size (layout,
                               MAX (gtk_widget_get_width (GTK_WIDGET (self)), 200),
                               MAX (gtk_widget_get_height (GTK_WIDGET (self)), 100));
  return layout;
}

static gboolean
any_live (IlTimelineView *self)
{
  for (guint i = 0; self->runs && i < self->runs->len; i++)
    if (!il_run_is_finished (g_ptr_array_index (self->runs, i)))
      return TRUE;
  return FALSE;
}

static void
refresh (IlTimelineView *self)
{
  int natural;

  g_clear_pointer (&self->layout, il_timeline_layout_unref);
  self->layout = il_timeline_view_build_layout (self);
  natural = il_timeline_layout_get_natural_height (self->layout);
  if (natural != self->natural_height)
    {
      self->natural_height = natural;
      gtk_widget_queue_resize (GTK_WIDGET (self));
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  IlTimelineView *self = IL_TIMELINE_VIEW (widget);
  gboolean live = any_live (self);

  refresh (self);
  if (!live)
    {
      self->tick_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
ensure_ticking (IlTimelineView *self)
{
  if (self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
}

void
il_timeline_view_set_runs (IlTimelineView *self,
                           GPtrArray      *runs)
{
  g_return_if_fail (IL_IS_TIMELINE_VIEW (self));

  g_clear_pointer (&self->runs, g_ptr_array_unref);
  if (runs)
    self->runs = g_ptr_array_ref (runs);
  refresh (self);
  ensure_ticking (self);
}

void
il_timeline_view_set_view (IlTimelineView *self,
                           IlView          view)
{
  g_return_if_fail (IL_IS_TIMELINE_VIEW (self));

  if (self->view == view)
    return;
  self->view = view;
  refresh (self);
}

IlView
il_timeline_view_get_view (IlTimelineView *self)
{
  return self->view;
}

static void
il_timeline_view_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  IlTimelineView *self = IL_TIMELINE_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  IlPaintOptions opts = IL_PAINT_OPTIONS_INIT;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;
  if (self->layout == NULL)
    self->layout = il_timeline_view_build_layout (self);
  il_timeline_layout_set_size (self->layout, width, height);
  opts.dark = adw_style_manager_get_dark (adw_style_manager_get_default ());

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  il_painter_paint (cr, self->layout, &opts);
  cairo_destroy (cr);
}

static void
il_timeline_view_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  IlTimelineView *self = IL_TIMELINE_VIEW (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 300;
      *natural = 900;
    }
  else
    {
      *minimum = 200;
      *natural = MAX (self->natural_height, 200);
    }
}

static gboolean
query_tooltip (GtkWidget  *widget,
               int         x,
               int         y,
               gboolean    keyboard,
               GtkTooltip *tooltip,
               gpointer    user_data)
{
  IlTimelineView *self = IL_TIMELINE_VIEW (widget);
  IlTimelineHit hit;
  const IlTimelineRun *run;
  const IlTaskSnapshot *task;
  g_autofree char *start = NULL, *end = NULL, *dur = NULL, *markup = NULL;
  g_autofree char *core = NULL;
  const char *worker = NULL;

  if (self->layout == NULL || keyboard ||
      !il_timeline_layout_hit_test (self->layout, x, y, &hit) ||
      hit.segment == NULL || hit.task < 0)
    return FALSE;

  run = il_timeline_layout_get_run (self->layout, hit.run);
  task = &run->snapshot->tasks[hit.task];
  start = il_timeline_format_duration (hit.segment->start_ns);
  end = il_timeline_format_duration (hit.segment->end_ns);
  dur = il_timeline_format_duration (hit.segment->end_ns - hit.segment->start_ns);
  if (hit.segment->worker < run->snapshot->n_workers)
    worker = run->snapshot->workers[hit.segment->worker].label;
  core = hit.segment->cpu >= 0 ? g_strdup_printf ("%d", hit.segment->cpu) : g_strdup ("—");
  markup = g_markup_printf_escaped (_("<b>%s</b> — %s\n%s: %s\nStart %s, end %s, duration %s\nCore: %s\nWorker: %s"),
                                    task->name, run->title,
                                    _("State"), il_state_to_string (hit.segment->state),
                                    start, end, dur, core, worker ? worker : "—");
  gtk_tooltip_set_markup (tooltip, markup);
  return TRUE;
}

static void
il_timeline_view_dispose (GObject *object)
{
  IlTimelineView *self = IL_TIMELINE_VIEW (object);

  if (self->tick_id)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  g_clear_pointer (&self->layout, il_timeline_layout_unref);
  g_clear_pointer (&self->runs, g_ptr_array_unref);

  G_OBJECT_CLASS (il_timeline_view_parent_class)->dispose (object);
}

static void
il_timeline_view_class_init (IlTimelineViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = il_timeline_view_dispose;
  widget_class->snapshot = il_timeline_view_snapshot;
  widget_class->measure = il_timeline_view_measure;
  gtk_widget_class_set_css_name (widget_class, "timeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
il_timeline_view_init (IlTimelineView *self)
{
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Timeline"),
                                  -1);
}

GtkWidget *
il_timeline_view_new (void)
{
  return g_object_new (IL_TYPE_TIMELINE_VIEW, NULL);
}
