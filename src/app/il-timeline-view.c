/* il-timeline-view.c — draws runs with il_painter_paint(), live
 *
 * While a run is going, the widget takes a fresh trace snapshot on every
 * frame of the frame clock (not a timer per task) and rebuilds its layout;
 * runs that have ended keep their last snapshot.  When nothing is live the
 * layout is cached: resizing, zooming, panning and highlighting only change a
 * few numbers of it, so a frame costs what the painter costs, which follows
 * the pixels rather than the number of segments.
 *
 * Only the part of the widget inside the scrolled window's viewport is
 * painted (the painter skips lanes outside the clip).
 */

#include "config.h"

#include <math.h>
#include <adwaita.h>
#include <glib/gi18n.h>

#include "il-painter.h"
#include "il-timeline-view-private.h"

enum {
  PROP_0,
  PROP_VIEW,
  PROP_FIT,
  PROP_HIGHLIGHT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (IlTimelineView, il_timeline_view, GTK_TYPE_WIDGET)

gboolean
il_picture_style_from_string (const char     *name,
                              IlPictureStyle *style)
{
  static const char * const names[] = { "system", "light", "dark" };

  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (name, names[i]))
      {
        if (style)
          *style = i;
        return TRUE;
      }
  return FALSE;
}

char *
il_run_dup_title (IlRun *run)
{
  if (il_run_is_finished (run) && il_run_get_record (run) != NULL)
    return il_run_record_dup_heading (il_run_get_record (run));
  return g_strdup (il_run_get_title (run));
}

static void
source_clear (gpointer data)
{
  Source *source = data;

  g_clear_pointer (&source->run, il_run_unref);
  g_clear_pointer (&source->snapshot, il_trace_snapshot_unref);
  g_clear_pointer (&source->title, g_free);
  g_clear_pointer (&source->detail, g_free);
}

/* "random seed 42" */
static char *
dup_seed (gint64 seed)
{
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, seed);

  /* Translators: the seed of a workload's random sleeps, %s is a number */
  return g_strdup_printf (_("random seed %s"), number);
}

/* The numbers a run ran with, in a few words: "3 tasks · 4 workers · GIL";
 * in a comparison of runs of several workloads (files added to it), its
 * workload first and, from another day, the date it ran. */
static char *
dup_run_detail (IlRun *run,
                IlRun *first)
{
  const IlModelInfo *info = il_model_get_info (il_run_get_model (run));
  const IlWorkloadParams *params = il_run_get_params (run);
  IlWorkload *workload = il_run_get_workload (run);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  guint tasks = il_run_get_planned_tasks (run);

  /* Another tool's trace: no numbers it ran with */
  if (workload == NULL)
    return NULL;
  if (first != NULL && first != run && il_run_get_workload (first) != NULL &&
      g_strcmp0 (il_workload_get_name (il_run_get_workload (first)), il_workload_get_name (workload)) != 0)
    g_ptr_array_add (parts, g_strdup (il_workload_get_title (workload)));
  if (first != NULL && first != run && il_run_get_record (run) != NULL && il_run_get_record (first) != NULL &&
      il_run_get_record (run)->ended_unix_us >= 0 &&
      il_run_get_record (run)->ended_unix_us / G_USEC_PER_SEC / 86400 !=
      il_run_get_record (first)->ended_unix_us / G_USEC_PER_SEC / 86400)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (il_run_get_record (run)->ended_unix_us /
                                                                G_USEC_PER_SEC);
      g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

      if (local != NULL)
        g_ptr_array_add (parts, g_date_time_format (local, "%x"));
    }
  if (first != NULL && first != run && il_run_get_record (run) != NULL && il_run_get_record (first) != NULL &&
      g_strcmp0 (il_run_get_record (run)->cpu_model, il_run_get_record (first)->cpu_model) != 0)
    {
      const IlRunRecord *record = il_run_get_record (run);

      /* Translators: the machine a run of another file ran on, e.g. "on 8 cores, Intel Core i7" */
      g_ptr_array_add (parts, g_strdup_printf (_("on %u cores, %s"), record->logical_cores,
                                               record->cpu_model ? record->cpu_model : "?"));
    }
  /* A traced program: its threads and processes, it has no numbers */
  if (il_run_get_record (run) != NULL && il_run_get_record (run)->source == IL_RUN_SOURCE_TRACED)
    {
      const IlTraceSnapshot *snapshot = il_run_get_record (run)->snapshot;

      g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u thread", "%u threads", snapshot->n_tasks),
                                               snapshot->n_tasks));
      g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u process", "%u processes", snapshot->n_workers),
                                               snapshot->n_workers));
      g_ptr_array_add (parts, NULL);
      return g_strjoinv (" · ", (char **) parts->pdata);
    }
  if (il_workload_get_crawl (workload) != NULL)
    /* Translators: a crawl's page limit, beside a run's title */
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("at most %u page", "at most %u pages", tasks), tasks));
  else
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u task", "%u tasks", tasks), tasks));
  if (info->has_workers && params->workers > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%d worker", "%d workers", params->workers),
                                             params->workers));
  if (il_workload_uses_io (workload) && il_workload_get_crawl (workload) == NULL)
    g_ptr_array_add (parts, g_strdup_printf (_("I/O %d ms"), (int) params->io_ms));
  if (il_workload_uses_cpu (workload))
    g_ptr_array_add (parts, g_strdup_printf (_("CPU %d ms"), (int) params->cpu_ms));
  if (il_workload_uses_random (workload))
    g_ptr_array_add (parts, dup_seed (params->seed));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

/* A run has started once its first task is in its trace (as the summary
 * table says). */
static gboolean
run_started (IlRun *run)
{
  return il_trace_get_n_tasks (il_run_get_trace (run)) > 0;
}

/* Forgets the picture; its surface goes back to the pool once GTK has
 * let go of its node too. */
void
il_timeline_view_drop_picture (IlTimelineView *self)
{
  g_clear_pointer (&self->node, gsk_render_node_unref);
  /* Where it was no longer means the same segment. */
  self->hover_shown = FALSE;
}

guint
il_timeline_view_get_n_pictures (IlTimelineView *self)
{
  g_return_val_if_fail (IL_IS_TIMELINE_VIEW (self), 0);

  return self->n_pictures;
}

/* The picture changed: paint it again on the next frame. */
void
il_timeline_view_queue_repaint (IlTimelineView *self)
{
  il_timeline_view_drop_picture (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ------------------------------------------------------------------------ */
/* Data */

/* Takes new snapshots of the runs still going; TRUE when anything changed. */
static gboolean
update_sources (IlTimelineView *self)
{
  gboolean changed = FALSE;

  for (guint i = 0; i < self->sources->len; i++)
    {
      Source *source = &g_array_index (self->sources, Source, i);
      g_autoptr(IlRunRecord) record = NULL;
      gboolean finished;

      if (source->run == NULL || (source->snapshot != NULL && !source->live))
        continue;

      /* The run's record as it is now: the final one once it finished. */
      record = il_run_dup_record (source->run);
      finished = record->finished;
      g_clear_pointer (&source->snapshot, il_trace_snapshot_unref);
      source->snapshot = il_trace_snapshot_ref (record->snapshot);
      source->live = !finished;
      source->waiting = !finished && !run_started (source->run);
      if (finished)
        {
          /* Computed once by the run from this record */
          const IlRunStats *stats = il_run_get_stats (source->run);

          source->makespan_ns = stats->makespan_ns;
          /* A stopped run has no meaningful lower bound. */
          source->ideal_ns = stats->cancelled ? -1 : stats->ideal_ns;
          source->other_load = il_run_stats_saw_other_load (stats) ? stats->other_load : 0;
          g_free (source->title);
          source->title = il_run_record_dup_heading (record);
        }
      else
        {
          /* A run waiting for its turn has no time of its own yet. */
          source->makespan_ns = source->waiting ? 0 : source->snapshot->now_ns;
          source->ideal_ns = -1;
        }
      changed = TRUE;
    }
  return changed;
}

static gboolean
any_live (IlTimelineView *self)
{
  for (guint i = 0; i < self->sources->len; i++)
    {
      Source *source = &g_array_index (self->sources, Source, i);

      if (source->run != NULL && (source->live || source->snapshot == NULL))
        return TRUE;
    }
  return FALSE;
}

static void
update_summary (IlTimelineView *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < self->sources->len; i++)
    {
      Source *source = &g_array_index (self->sources, Source, i);
      guint n_tasks = source->snapshot ? source->snapshot->n_tasks : 0;

      if (text->len > 0)
        g_string_append (text, "; ");
      if (source->waiting)
        /* Translators: accessible summary of a run that has not started, e.g. "gtask: waiting" */
        g_string_append_printf (text, _("%s: waiting"), source->title);
      else if (source->live)
        {
          guint done = 0, total = 0;

          il_run_get_progress (source->run, &done, &total);
          /* Translators: accessible summary of a run going on, e.g. "threads: running, 2 of 5 tasks done" */
          g_string_append_printf (text, _("%s: running, %u of %u tasks done"),
                                  source->title, done, total);
        }
      else
        {
          g_autofree char *makespan = il_timeline_format_duration (source->makespan_ns);

          g_string_append_printf (text,
                                  /* Translators: accessible summary of a run, e.g. "sequential: 3 tasks, makespan 6.01 s" */
                                  ngettext ("%s: %u task, makespan %s",
                                            "%s: %u tasks, makespan %s", n_tasks),
                                  source->title, n_tasks, makespan);
          if (source->ideal_ns >= 0)
            {
              g_autofree char *ideal = il_timeline_format_duration (source->ideal_ns);

              g_string_append_printf (text, _(", ideal %s"), ideal);
            }
        }
    }
  if (text->len == 0)
    g_string_append (text, _("No runs yet"));

  if (g_strcmp0 (self->summary, text->str) == 0)
    return;
  g_free (self->summary);
  self->summary = g_string_free (g_steal_pointer (&text), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->summary,
                                  -1);
}

/* ------------------------------------------------------------------------ */
/* Layout */

int
il_timeline_view_layout_width (IlTimelineView *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));

  return width > 0 ? width : 800;
}

int
il_timeline_view_layout_height (IlTimelineView *self)
{
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  return height > 0 ? height : MAX (self->natural_height, 200);
}

void
il_timeline_view_apply_window (IlTimelineView *self)
{
  gint64 duration;

  if (self->layout == NULL)
    return;
  duration = il_timeline_layout_get_duration (self->layout);
  if (self->fit && any_live (self))
    {
      /* While runs grow, the axis keeps a little room ahead and only moves
       * when they reach its end: to the next 1-2-5 step past a quarter
       * more than what has run, so it does not jump on every frame. */
      if (self->live_span < duration)
        {
          static const gint64 mantissas[] = { 1, 2, 5 };
          gint64 want = duration + duration / 4, span = 0;

          for (gint64 decade = 1; span == 0; decade *= 10)
            for (guint m = 0; m < G_N_ELEMENTS (mantissas) && span == 0; m++)
              if (decade * mantissas[m] >= want)
                span = decade * mantissas[m];
          self->live_span = span;
        }
      il_timeline_layout_set_window (self->layout, 0, self->live_span);
    }
  else if (self->fit)
    il_timeline_layout_set_window (self->layout, 0, duration);
  else
    il_timeline_layout_set_window (self->layout, self->t0, self->t1);
}

static void
update_heights (IlTimelineView *self)
{
  int natural = 0, minimum = 0;

  if (self->layout != NULL)
    {
      guint lanes = 0;
      double lane_h = 0;

      natural = il_timeline_layout_get_natural_height (self->layout);
      for (guint r = 0; r < il_timeline_layout_get_n_runs (self->layout); r++)
        {
          lanes += il_timeline_layout_get_n_lanes (self->layout, r);
          if (lane_h == 0 && il_timeline_layout_get_n_lanes (self->layout, r) > 0)
            {
              /* At its natural height every lane has its full size. */
              il_timeline_layout_set_size (self->layout, il_timeline_view_layout_width (self), natural);
              il_timeline_layout_get_lane_extents (self->layout, r, 0, NULL, &lane_h);
            }
        }
      /* Lanes may shrink to a few pixels before the view scrolls. */
      minimum = natural - (int) floor (lanes * MAX (lane_h - MIN_LANE_PX, 0));
      minimum = CLAMP (minimum, 150, natural);
      il_timeline_layout_set_size (self->layout, il_timeline_view_layout_width (self), il_timeline_view_layout_height (self));
    }
  natural = MAX (natural, 150);
  minimum = MAX (minimum, 150);

  if (natural != self->natural_height || minimum != self->minimum_height)
    {
      self->natural_height = natural;
      self->minimum_height = minimum;
      gtk_widget_queue_resize (GTK_WIDGET (self));
    }
}

static IlTimelineLayout *
build_layout (IlTimelineView *self)
{
  g_autofree IlTimelineRun *items = g_new0 (IlTimelineRun, MAX (self->sources->len, 1));
  IlTimelineLayout *layout;

  for (guint i = 0; i < self->sources->len; i++)
    {
      Source *source = &g_array_index (self->sources, Source, i);

      items[i].title = source->title;
      items[i].detail = source->detail;
      items[i].waiting = source->waiting;
      items[i].snapshot = source->snapshot;
      items[i].makespan_ns = source->makespan_ns;
      items[i].ideal_ns = source->ideal_ns;
      items[i].other_load = source->other_load;
      items[i].live = source->live;
    }
  layout = il_timeline_layout_new (items, self->sources->len, self->view);
  il_timeline_layout_set_size (layout, il_timeline_view_layout_width (self), il_timeline_view_layout_height (self));
  return layout;
}

void
il_timeline_view_ensure_layout (IlTimelineView *self)
{
  if (self->layout != NULL)
    return;
  for (guint i = 0; i < self->sources->len; i++)
    if (g_array_index (self->sources, Source, i).snapshot == NULL)
      {
        update_sources (self);
        break;
      }
  self->layout = build_layout (self);
  update_heights (self);
  il_timeline_view_apply_window (self);
}

static void
invalidate (IlTimelineView *self)
{
  g_clear_pointer (&self->layout, il_timeline_layout_unref);
  il_timeline_view_ensure_layout (self);
  il_timeline_view_queue_repaint (self);
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  IlTimelineView *self = IL_TIMELINE_VIEW (widget);

  if (update_sources (self))
    {
      invalidate (self);
      update_summary (self);
    }
  if (!any_live (self))
    {
      self->tick_id = 0;
      update_summary (self);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
ensure_ticking (IlTimelineView *self)
{
  if (self->tick_id == 0 && any_live (self))
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
}

void
il_timeline_view_set_fitted (IlTimelineView *self,
                             gboolean        fit)
{
  if (self->fit == fit)
    return;
  self->fit = fit;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIT]);
}

static void
reset_sources (IlTimelineView *self)
{
  g_array_set_size (self->sources, 0);
  if (self->tick_id)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  il_timeline_view_set_fitted (self, TRUE);
  il_timeline_view_set_highlight (self, -1);
  self->live_span = 0;
}

void
il_timeline_view_set_runs (IlTimelineView *self,
                           GPtrArray      *runs)
{
  g_return_if_fail (IL_IS_TIMELINE_VIEW (self));

  reset_sources (self);
  for (guint i = 0; runs && i < runs->len; i++)
    {
      Source source = { 0, };

      source.run = il_run_ref (g_ptr_array_index (runs, i));
      source.title = il_run_dup_title (source.run);
      source.detail = dup_run_detail (source.run, g_ptr_array_index (runs, 0));
      source.ideal_ns = -1;
      source.live = TRUE;
      g_array_append_val (self->sources, source);
    }
  update_sources (self);
  invalidate (self);
  update_summary (self);
  ensure_ticking (self);
}

void
il_timeline_view_replace_run (IlTimelineView *self,
                              guint           index,
                              IlRun          *run)
{
  Source *source;

  g_return_if_fail (IL_IS_TIMELINE_VIEW (self));
  g_return_if_fail (run != NULL);
  g_return_if_fail (index < self->sources->len);

  source = &g_array_index (self->sources, Source, index);
  g_clear_pointer (&source->snapshot, il_trace_snapshot_unref);
  il_run_ref (run);
  g_clear_pointer (&source->run, il_run_unref);
  source->run = run;
  g_free (source->title);
  source->title = il_run_dup_title (run);
  g_free (source->detail);
  source->detail = dup_run_detail (run, g_array_index (self->sources, Source, 0).run);
  source->ideal_ns = -1;
  source->live = TRUE;
  update_sources (self);
  invalidate (self);
  update_summary (self);
  ensure_ticking (self);
}

void
il_timeline_view_set_timeline_runs (IlTimelineView      *self,
                                    const IlTimelineRun *runs,
                                    guint                n_runs)
{
  g_return_if_fail (IL_IS_TIMELINE_VIEW (self));
  g_return_if_fail (runs != NULL || n_runs == 0);

  reset_sources (self);
  for (guint i = 0; i < n_runs; i++)
    {
      Source source = { 0, };

      source.snapshot = il_trace_snapshot_ref (runs[i].snapshot);
      source.title = g_strdup (runs[i].title ? runs[i].title : "");
      source.detail = g_strdup (runs[i].detail);
      source.makespan_ns = runs[i].makespan_ns;
      source.ideal_ns = runs[i].ideal_ns;
      source.other_load = runs[i].other_load;
      source.live = FALSE;
      g_array_append_val (self->sources, source);
    }
  invalidate (self);
  update_summary (self);
}

void
il_timeline_view_truncate (IlTimelineView *self,
                           guint           n_runs)
{
  g_return_if_fail (IL_IS_TIMELINE_VIEW (self));

  /* Called when the runs ended: their last records are taken now, not on
   * the next frame. */
  if (n_runs < self->sources->len)
    g_array_set_size (self->sources, n_runs);
  update_sources (self);
  invalidate (self);
  update_summary (self);
}

guint
il_timeline_view_get_n_runs (IlTimelineView *self)
{
  g_return_val_if_fail (IL_IS_TIMELINE_VIEW (self), 0);
  return self->sources->len;
}

gboolean
il_timeline_view_is_live (IlTimelineView *self)
{
  g_return_val_if_fail (IL_IS_TIMELINE_VIEW (self), FALSE);
  return any_live (self);
}

void
il_timeline_view_set_view (IlTimelineView *self,
                           IlView          view)
{
  g_return_if_fail (IL_IS_TIMELINE_VIEW (self));
  g_return_if_fail (view <= IL_VIEW_CORES);

  if (self->view == view)
    return;
  self->view = view;
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

IlView
il_timeline_view_get_view (IlTimelineView *self)
{
  g_return_val_if_fail (IL_IS_TIMELINE_VIEW (self), IL_VIEW_TASKS);
  return self->view;
}

void
il_timeline_view_set_picture_style (IlTimelineView *self,
                                    IlPictureStyle  style)
{
  g_return_if_fail (IL_IS_TIMELINE_VIEW (self));

  /* Only exports use it: nothing on screen changes. */
  self->style = style;
}

/* The picture on screen is part of the window: it follows the window's
 * style, whatever the picture style says. */
gboolean
il_timeline_view_get_dark (IlTimelineView *self)
{
  g_return_val_if_fail (IL_IS_TIMELINE_VIEW (self), FALSE);

  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

gboolean
il_timeline_view_get_export_dark (IlTimelineView *self)
{
  g_return_val_if_fail (IL_IS_TIMELINE_VIEW (self), FALSE);

  switch (self->style)
    {
    case IL_PICTURE_STYLE_LIGHT:
      return FALSE;
    case IL_PICTURE_STYLE_DARK:
      return TRUE;
    case IL_PICTURE_STYLE_SYSTEM:
    default:
      return il_timeline_view_get_dark (self);
    }
}

void
il_timeline_view_set_highlight (IlTimelineView *self,
                                gint            task)
{
  g_return_if_fail (IL_IS_TIMELINE_VIEW (self));

  task = MAX (task, -1);
  if (self->highlight == task)
    return;
  self->highlight = task;
  if (task < 0)
    il_timeline_view_hide_details (self);
  il_timeline_view_queue_repaint (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIGHLIGHT]);
}

gint
il_timeline_view_get_highlight (IlTimelineView *self)
{
  g_return_val_if_fail (IL_IS_TIMELINE_VIEW (self), -1);
  return self->highlight;
}

IlTimelineLayout *
il_timeline_view_get_layout (IlTimelineView *self)
{
  g_return_val_if_fail (IL_IS_TIMELINE_VIEW (self), NULL);

  if (self->sources->len == 0)
    return NULL;
  il_timeline_view_ensure_layout (self);
  il_timeline_layout_set_size (self->layout, il_timeline_view_layout_width (self), il_timeline_view_layout_height (self));
  il_timeline_view_apply_window (self);
  return self->layout;
}

const char *
il_timeline_view_get_summary (IlTimelineView *self)
{
  g_return_val_if_fail (IL_IS_TIMELINE_VIEW (self), NULL);
  return self->summary;
}

/* The legend entry at (@x, @y): its meaning, and its rectangle in @area. */
static char *
legend_tooltip_at (IlTimelineView *self,
                   double          x,
                   double          y,
                   GdkRectangle   *area)
{
  IlPaintOptions opts = IL_PAINT_OPTIONS_INIT;
  g_autoptr(GArray) items = NULL;

  if (self->layout == NULL)
    return NULL;
  opts.dark = il_timeline_view_get_dark (self);
  items = il_painter_get_legend_items (self->layout, &opts);
  for (guint i = 0; i < items->len; i++)
    {
      const IlLegendItem *item = &g_array_index (items, IlLegendItem, i);

      if (x >= item->x && x < item->x + item->width && y >= item->y && y < item->y + item->height)
        {
          if (area)
            *area = (GdkRectangle) { (int) item->x, (int) item->y,
                                     (int) ceil (item->width), (int) ceil (item->height) };
          return il_legend_item_describe (self->layout, item);
        }
    }
  return NULL;
}

char *
il_timeline_view_dup_legend_tooltip (IlTimelineView *self,
                                     double          x,
                                     double          y)
{
  g_return_val_if_fail (IL_IS_TIMELINE_VIEW (self), NULL);

  return legend_tooltip_at (self, x, y, NULL);
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
  g_autofree char *legend = NULL;
  GdkRectangle area;
  IlTimelineHit hit;
  const IlTimelineRun *run;
  const IlTaskSnapshot *task;
  g_autofree char *start = NULL, *end = NULL, *dur = NULL, *markup = NULL;
  g_autofree char *core = NULL;
  const char *worker = NULL;

  if (self->layout == NULL || keyboard)
    return FALSE;

  /* The legend explains its entries. */
  legend = legend_tooltip_at (self, x, y, &area);
  if (legend != NULL)
    {
      /* With its area, the tooltip moves to the entry (GTK keeps a shown
       * tooltip where it was otherwise). */
      gtk_tooltip_set_text (tooltip, legend);
      gtk_tooltip_set_tip_area (tooltip, &area);
      return TRUE;
    }

  if (!il_timeline_layout_hit_test (self->layout, x, y, &hit) ||
      hit.segment == NULL || hit.task < 0)
    return FALSE;

  run = il_timeline_layout_get_run (self->layout, hit.run);
  if ((guint) hit.task >= run->snapshot->n_tasks)
    return FALSE;
  task = &run->snapshot->tasks[hit.task];
  start = il_timeline_format_duration (hit.segment->start_ns);
  end = il_timeline_format_duration (hit.segment->end_ns);
  dur = il_timeline_format_duration (hit.segment->end_ns - hit.segment->start_ns);
  if (hit.segment->worker < run->snapshot->n_workers)
    worker = run->snapshot->workers[hit.segment->worker].label;
  core = hit.segment->cpu >= 0 ? g_strdup_printf ("%d", hit.segment->cpu) : g_strdup ("—");
  markup = g_markup_printf_escaped (_("<b>%s</b> — %s\n"
                                      "State: %s\n"
                                      "Start %s, end %s, duration %s\n"
                                      "Core: %s\n"
                                      "Worker: %s"),
                                    task->name ? task->name : "", run->title,
                                    il_state_to_string (hit.segment->state),
                                    start, end, dur, core, worker ? worker : "—");
  if (task->finished && !task->ok)
    {
      /* How the task ended, and why: on every one of its segments, since
       * the end marker itself is too thin to point at. */
      g_autofree char *ending = NULL;
      char *with_ending;

      if (task->stopped)
        ending = g_markup_escape_text (_("Stopped: the run was stopped before this task ended"), -1);
      else
        /* Translators: a failed task's reason, e.g. "Failed: HTTP 404 Not Found" */
        ending = g_markup_printf_escaped (_("Failed: %s"), task->error ? task->error : "—");
      with_ending = g_strconcat (markup, "\n", ending, NULL);
      g_free (markup);
      markup = with_ending;
    }
  if (task->frames != NULL && hit.segment >= task->segments &&
      hit.segment < task->segments + task->n_segments)
    {
      /* An imported trace's segment: the slices it was inside */
      g_autofree char *stack = il_trace_snapshot_get_stack (run->snapshot, hit.task,
                                                            (guint) (hit.segment - task->segments));

      if (stack != NULL)
        {
          /* Translators: the slices of an imported trace a segment was
           * inside, outermost first, e.g. "Inside: main › parse › read" */
          g_autofree char *inside = g_markup_printf_escaped (_("Inside: %s"), stack);
          char *with_inside = g_strconcat (markup, "\n", inside, NULL);

          g_free (markup);
          markup = with_inside;
        }
    }
  gtk_tooltip_set_markup (tooltip, markup);
  gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) { x, y, 1, 1 });
  return TRUE;
}

static void
on_adjustment_changed (IlTimelineView *self)
{
  il_timeline_view_queue_repaint (self);
}

static void
il_timeline_view_root (GtkWidget *widget)
{
  IlTimelineView *self = IL_TIMELINE_VIEW (widget);
  GtkWidget *scroller;

  GTK_WIDGET_CLASS (il_timeline_view_parent_class)->root (widget);

  /* A click focuses the view: its viewport must not scroll then, or the
   * lanes move under the pointer between two clicks. */
  if (GTK_IS_VIEWPORT (gtk_widget_get_parent (widget)))
    gtk_viewport_set_scroll_to_focus (GTK_VIEWPORT (gtk_widget_get_parent (widget)), FALSE);

  scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  if (scroller != NULL)
    {
      GtkAdjustment *vadj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));

      self->scroller = GTK_SCROLLED_WINDOW (scroller);
      g_signal_connect_object (vadj, "value-changed", G_CALLBACK (on_adjustment_changed),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (vadj, "changed", G_CALLBACK (on_adjustment_changed),
                               self, G_CONNECT_SWAPPED);
    }
}

static void
il_timeline_view_unroot (GtkWidget *widget)
{
  IlTimelineView *self = IL_TIMELINE_VIEW (widget);

  if (self->scroller != NULL)
    {
      GtkAdjustment *vadj = gtk_scrolled_window_get_vadjustment (self->scroller);

      g_signal_handlers_disconnect_by_func (vadj, on_adjustment_changed, self);
      self->scroller = NULL;
    }
  GTK_WIDGET_CLASS (il_timeline_view_parent_class)->unroot (widget);
}

static void
il_timeline_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  IlTimelineView *self = IL_TIMELINE_VIEW (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      g_value_set_int (value, self->view);
      break;
    case PROP_FIT:
      g_value_set_boolean (value, self->fit);
      break;
    case PROP_HIGHLIGHT:
      g_value_set_int (value, self->highlight);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
il_timeline_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  IlTimelineView *self = IL_TIMELINE_VIEW (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      il_timeline_view_set_view (self, g_value_get_int (value));
      break;
    case PROP_HIGHLIGHT:
      il_timeline_view_set_highlight (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
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
  g_clear_pointer (&self->details, gtk_widget_unparent);
  self->details_label = NULL;
  g_clear_pointer (&self->layout, il_timeline_layout_unref);
  g_clear_pointer (&self->node, gsk_render_node_unref);
  il_timeline_view_drop_gl (self);
  for (guint i = 0; i < G_N_ELEMENTS (self->pool); i++)
    g_clear_pointer (&self->pool[i], cairo_surface_destroy);
  if (self->sources)
    g_array_set_size (self->sources, 0);

  G_OBJECT_CLASS (il_timeline_view_parent_class)->dispose (object);
}

static void
il_timeline_view_finalize (GObject *object)
{
  IlTimelineView *self = IL_TIMELINE_VIEW (object);

  g_clear_pointer (&self->sources, g_array_unref);
  g_clear_pointer (&self->summary, g_free);

  G_OBJECT_CLASS (il_timeline_view_parent_class)->finalize (object);
}

static void
il_timeline_view_class_init (IlTimelineViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = il_timeline_view_dispose;
  object_class->finalize = il_timeline_view_finalize;
  object_class->get_property = il_timeline_view_get_property;
  object_class->set_property = il_timeline_view_set_property;
  widget_class->snapshot = il_timeline_view_snapshot;
  widget_class->measure = il_timeline_view_measure;
  widget_class->size_allocate = il_timeline_view_size_allocate;
  widget_class->root = il_timeline_view_root;
  widget_class->unroot = il_timeline_view_unroot;

  properties[PROP_VIEW] =
    g_param_spec_int ("view", NULL, NULL,
                      IL_VIEW_TASKS, IL_VIEW_CORES, IL_VIEW_TASKS,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FIT] =
    g_param_spec_boolean ("fit", NULL, NULL,
                          TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HIGHLIGHT] =
    g_param_spec_int ("highlight", NULL, NULL,
                      -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "timeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
il_timeline_view_init (IlTimelineView *self)
{
  self->sources = g_array_new (FALSE, TRUE, sizeof (Source));
  g_array_set_clear_func (self->sources, source_clear);
  self->fit = TRUE;
  self->highlight = -1;
  self->natural_height = 150;
  self->minimum_height = 150;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip), NULL);

  il_timeline_view_add_controllers (self);

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (il_timeline_view_queue_repaint), self, G_CONNECT_SWAPPED);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Timeline"),
                                  -1);
  update_summary (self);
}

GtkWidget *
il_timeline_view_new (void)
{
  return g_object_new (IL_TYPE_TIMELINE_VIEW, NULL);
}
