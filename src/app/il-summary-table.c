/* il-summary-table.c — the stats of every run in a GtkColumnView
 *
 * Rows are small items (a run and the sequential run it is compared with);
 * refreshing replaces them, so every cell is bound again with the runs'
 * current stats.  Runs last seconds and there are a handful of them: no need
 * for anything finer.
 */

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "il-summary-table.h"
#include "il-timeline-view.h"

/* ------------------------------------------------------------------------ */
/* Rows */

#define IL_TYPE_SUMMARY_ITEM (il_summary_item_get_type ())
G_DECLARE_FINAL_TYPE (IlSummaryItem, il_summary_item, IL, SUMMARY_ITEM, GObject)

/* A finished run's stats are those the run computed once from its final
 * record (il_run_get_stats): the table refreshes twice a second and does
 * not compute them again. */
struct _IlSummaryItem {
  GObject      parent_instance;
  IlRun       *run;
  IlRunRecord *record;          /* once it finished, else NULL */
  IlRun       *sequential;      /* the finished sequential run, or NULL */
};

G_DEFINE_FINAL_TYPE (IlSummaryItem, il_summary_item, G_TYPE_OBJECT)

static void
il_summary_item_finalize (GObject *object)
{
  IlSummaryItem *self = IL_SUMMARY_ITEM (object);

  g_clear_pointer (&self->run, il_run_unref);
  g_clear_pointer (&self->record, il_run_record_unref);
  g_clear_pointer (&self->sequential, il_run_unref);
  G_OBJECT_CLASS (il_summary_item_parent_class)->finalize (object);
}

static void
il_summary_item_class_init (IlSummaryItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = il_summary_item_finalize;
}

static void
il_summary_item_init (IlSummaryItem *self)
{
}

static IlSummaryItem *
il_summary_item_new (IlRun *run,
                     IlRun *sequential)
{
  IlSummaryItem *self = g_object_new (IL_TYPE_SUMMARY_ITEM, NULL);

  self->run = il_run_ref (run);
  if (il_run_is_finished (run) && il_run_get_record (run) != NULL)
    self->record = il_run_record_ref (il_run_get_record (run));
  self->sequential = sequential ? il_run_ref (sequential) : NULL;
  return self;
}

/* ------------------------------------------------------------------------ */
/* Columns */

typedef enum {
  COL_MODEL,
  COL_WORKERS,
  COL_MAKESPAN,
  COL_IDEAL,
  COL_SPEEDUP,
  COL_EFFICIENCY,
  COL_CPU_TIME,
  COL_CTX_SWITCHES,
  COL_PEAK_RSS,
  COL_TASKS,
  COL_CORES,
  N_COLUMNS
} Column;

static const char * const column_titles[N_COLUMNS] = {
  N_("Model"),
  N_("Workers"),
  N_("Makespan"),
  N_("Ideal"),
  N_("Speedup"),
  N_("Efficiency"),
  N_("CPU time"),
  N_("Ctx switches (vol / invol)"),
  N_("Peak memory"),
  N_("Tasks ok / failed"),
  N_("Cores used"),
};

static const char *dash = "—";

static gboolean
run_started (IlRun *run)
{
  return il_run_is_finished (run) || il_trace_get_n_tasks (il_run_get_trace (run)) > 0;
}

static char *
format_cell (IlSummaryItem *item,
             Column         column)
{
  IlRun *run = item->run;
  const IlRunStats *stats;
  gboolean finished = item->record != NULL;

  if (column == COL_MODEL)
    {
      g_autofree char *title = NULL;

      if (finished)
        return il_run_record_dup_heading (item->record);
      title = g_strdup (il_run_get_title (run));
      if (run_started (run))
        /* Translators: a run going on, e.g. "threads (running)" */
        return g_strdup_printf (_("%s (running)"), title);
      /* Translators: a run that has not started yet, e.g. "gtask (waiting)" */
      return g_strdup_printf (_("%s (waiting)"), title);
    }

  if (!finished)
    {
      if (column == COL_TASKS && run_started (run))
        {
          guint done = 0, total = 0;

          il_run_get_progress (run, &done, &total);
          /* Translators: tasks done of all, while a run goes on */
          return g_strdup_printf (_("%u of %u"), done, total);
        }
      return g_strdup (dash);
    }

  stats = il_run_get_stats (run);
  /* A stopped run has no meaningful bound, speedup or efficiency. */
  if (stats->cancelled && (column == COL_IDEAL || column == COL_SPEEDUP || column == COL_EFFICIENCY))
    return g_strdup (dash);
  switch (column)
    {
    case COL_WORKERS:
      return g_strdup_printf ("%u", stats->workers > 0 ? stats->workers : stats->workers_seen);
    case COL_MAKESPAN:
      return il_timeline_format_duration (stats->makespan_ns);
    case COL_IDEAL:
      return stats->ideal_ns >= 0 ? il_timeline_format_duration (stats->ideal_ns) : g_strdup (dash);
    case COL_SPEEDUP:
      {
        double speedup = NAN;

        if (item->sequential != NULL)
          speedup = il_run_stats_speedup (stats, il_run_get_stats (item->sequential));
        if (!isfinite (speedup))
          return g_strdup (dash);
        /* Translators: a speedup, e.g. "2.95×" */
        return g_strdup_printf (_("%.2f×"), speedup);
      }
    case COL_EFFICIENCY:
      {
        double efficiency = il_run_stats_efficiency (stats);

        if (!isfinite (efficiency) || stats->ideal_ns < 0)
          return g_strdup (dash);
        return g_strdup_printf (_("%.0f %%"), 100 * efficiency);
      }
    case COL_CPU_TIME:
      if (!isfinite (stats->cpu_time_s))
        return g_strdup (dash);
      return g_strdup_printf (_("%.2f s"), stats->cpu_time_s);
    case COL_CTX_SWITCHES:
      if (stats->voluntary_ctx_switches < 0)
        return g_strdup (dash);
      return g_strdup_printf ("%" G_GINT64_FORMAT " / %" G_GINT64_FORMAT,
                              stats->voluntary_ctx_switches, stats->involuntary_ctx_switches);
    case COL_PEAK_RSS:
      if (stats->peak_rss_kib < 0)
        return g_strdup (dash);
      return g_format_size_full ((guint64) stats->peak_rss_kib * 1024, G_FORMAT_SIZE_IEC_UNITS);
    case COL_TASKS:
      if (stats->tasks_stopped > 0)
        /* Translators: tasks ok / failed, and those the stop ended, e.g. "3 / 0, 2 stopped" */
        return g_strdup_printf (_("%u / %u, %u stopped"), stats->tasks_ok, stats->tasks_failed,
                                stats->tasks_stopped);
      return g_strdup_printf ("%u / %u", stats->tasks_ok, stats->tasks_failed);
    case COL_CORES:
      return g_strdup_printf ("%u", stats->cores_used);
    case COL_MODEL:
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  Column column = GPOINTER_TO_UINT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), column == COL_MODEL ? 0 : 1);
  if (column != COL_MODEL)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (list_item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  Column column = GPOINTER_TO_UINT (user_data);
  IlSummaryItem *item = gtk_list_item_get_item (list_item);
  g_autofree char *text = format_cell (item, column);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (list_item)), text);
}

/* ------------------------------------------------------------------------ */

struct _IlSummaryTable {
  GtkWidget      parent_instance;

  GtkWidget     *scroller;
  GtkColumnView *column_view;
  GListStore    *store;
  GPtrArray     *runs;
};

G_DEFINE_FINAL_TYPE (IlSummaryTable, il_summary_table, GTK_TYPE_WIDGET)

/* The run the speedups are taken against, or NULL. */
static IlRun *
find_sequential (GPtrArray *runs)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new ();
  gint i;

  for (guint k = 0; runs && k < runs->len; k++)
    {
      IlRun *run = g_ptr_array_index (runs, k);

      g_ptr_array_add (records, il_run_is_finished (run) ? il_run_get_record (run) : NULL);
    }
  i = il_run_records_find_sequential ((IlRunRecord * const *) records->pdata, records->len);
  return i >= 0 ? g_ptr_array_index (runs, i) : NULL;
}

void
il_summary_table_refresh (IlSummaryTable *self)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  IlRun *sequential;

  g_return_if_fail (IL_IS_SUMMARY_TABLE (self));

  sequential = find_sequential (self->runs);
  for (guint i = 0; self->runs && i < self->runs->len; i++)
    g_ptr_array_add (items, il_summary_item_new (g_ptr_array_index (self->runs, i), sequential));
  g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                       items->pdata, items->len);
}

void
il_summary_table_set_runs (IlSummaryTable *self,
                           GPtrArray      *runs)
{
  g_return_if_fail (IL_IS_SUMMARY_TABLE (self));

  g_clear_pointer (&self->runs, g_ptr_array_unref);
  if (runs)
    self->runs = g_ptr_array_ref (runs);
  il_summary_table_refresh (self);
}

guint
il_summary_table_get_n_rows (IlSummaryTable *self)
{
  g_return_val_if_fail (IL_IS_SUMMARY_TABLE (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->store));
}

char *
il_summary_table_dup_cell (IlSummaryTable *self,
                           guint           row,
                           guint           column)
{
  g_autoptr(IlSummaryItem) item = NULL;

  g_return_val_if_fail (IL_IS_SUMMARY_TABLE (self), NULL);
  g_return_val_if_fail (column < N_COLUMNS, NULL);

  item = g_list_model_get_item (G_LIST_MODEL (self->store), row);
  if (item == NULL)
    return NULL;
  return format_cell (item, column);
}

static void
il_summary_table_dispose (GObject *object)
{
  IlSummaryTable *self = IL_SUMMARY_TABLE (object);

  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  g_clear_object (&self->store);
  g_clear_pointer (&self->runs, g_ptr_array_unref);

  G_OBJECT_CLASS (il_summary_table_parent_class)->dispose (object);
}

static void
il_summary_table_class_init (IlSummaryTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = il_summary_table_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "summarytable");
}

static void
il_summary_table_init (IlSummaryTable *self)
{
  GtkNoSelection *selection;

  self->store = g_list_store_new (IL_TYPE_SUMMARY_ITEM);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->store)));
  self->column_view = GTK_COLUMN_VIEW (gtk_column_view_new (GTK_SELECTION_MODEL (selection)));
  gtk_column_view_set_reorderable (self->column_view, FALSE);
  gtk_column_view_set_show_column_separators (self->column_view, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->column_view), "data-table");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->column_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Summary of the runs"),
                                  -1);

  for (guint c = 0; c < N_COLUMNS; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GUINT_TO_POINTER (c));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GUINT_TO_POINTER (c));
      column = gtk_column_view_column_new (_(column_titles[c]), factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      if (c == COL_MODEL)
        gtk_column_view_column_set_expand (column, TRUE);
      gtk_column_view_append_column (self->column_view, column);
      g_object_unref (column);
    }

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller),
                                  GTK_POLICY_AUTOMATIC, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (self->scroller), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), GTK_WIDGET (self->column_view));
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));
}

GtkWidget *
il_summary_table_new (void)
{
  return g_object_new (IL_TYPE_SUMMARY_TABLE, NULL);
}
