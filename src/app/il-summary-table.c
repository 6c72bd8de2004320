/* il-summary-table.c — the stats of every run in a GtkColumnView
 *
 * The numbers the workloads' texts point to (completion order, GIL waiting
 * and hand-overs, waiting against running, the tasks' results) are columns
 * too, hidden at first: the Columns menu (the button right of the header, or a
 * right click on a header) shows and hides any column.  The table asks for
 * the height of all its rows, up to MAX_ROWS_SHOWN, so that a comparison
 * of every model is seen whole.
 *
 * Rows are small items (a run and the sequential run it is compared with);
 * refreshing replaces them, so every cell is bound again with the runs'
 * current stats.  Runs last seconds and there are a handful of them: no need
 * for anything finer.
 */

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "il-application.h"
#include "il-model-info.h"
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
  COL_COMPLETION_ORDER,
  COL_IO_WAIT,
  COL_RUNNING,
  COL_GIL_WAIT,
  COL_GIL_HANDOVERS,
  COL_RESULTS,
  N_COLUMNS
} Column;

/* The columns shown at first are the summary-columns key's default: not
 * the context switches, so that the rest fits a 1400 px window beside the
 * side panel, nor the columns from completion order on. */
/* Rows the table asks room for before it scrolls: a run of every model. */
#define MAX_ROWS_SHOWN     IL_N_MODELS
/* Items listed in a cell before "…" (the tooltip has them all). */
#define MAX_LISTED         12

/* Action names of the column toggles: "summary.column-<id>". */
static const char * const column_ids[N_COLUMNS] = {
  "model", "workers", "makespan", "ideal", "speedup", "efficiency", "cpu-time",
  "ctx-switches", "peak-memory", "tasks", "cores", "completion-order", "io-wait",
  "running", "gil-wait", "gil-handovers", "results",
};

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
  N_("Completion order"),
  N_("Waiting for I/O"),
  N_("Running"),
  N_("GIL wait"),
  N_("GIL hand-overs"),
  N_("Results"),
};

/* What a column means, for its header's tooltip and the menu. */
static const char * const column_tooltips[N_COLUMNS] = {
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  N_("Task numbers in the order the tasks ended"),
  N_("Time all tasks spent in io-wait (for a crawl: fetching pages)"),
  N_("Time all tasks spent running (for a crawl: parsing pages)"),
  N_("Time all tasks spent waiting for the emulated GIL"),
  N_("How often the emulated GIL passed from one thread to another"),
  N_("What each task returned, in task order (e.g. x² for random-squares)"),
};

static const char *dash = "—";

static gboolean
run_started (IlRun *run)
{
  return il_run_is_finished (run) || il_trace_get_n_tasks (il_run_get_trace (run)) > 0;
}

/* The text of a cell; @full: lists whole (for tooltips). */
static char *
format_cell_full (IlSummaryItem *item,
                  Column         column,
                  gboolean       full)
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
    case COL_COMPLETION_ORDER:
      {
        g_autoptr(GString) s = g_string_new (NULL);

        for (guint i = 0; i < stats->n_completion_order; i++)
          {
            if (i == MAX_LISTED && !full)
              {
                g_string_append (s, ", …");
                break;
              }
            g_string_append_printf (s, i ? ", %u" : "%u", stats->completion_order[i]);
          }
        return s->len ? g_string_free (g_steal_pointer (&s), FALSE) : g_strdup (dash);
      }
    case COL_IO_WAIT:
      return il_timeline_format_duration (stats->io_wait_ns);
    case COL_RUNNING:
      return il_timeline_format_duration (stats->running_ns);
    case COL_GIL_WAIT:
      return stats->gil ? il_timeline_format_duration (stats->gil_wait_ns) : g_strdup (dash);
    case COL_GIL_HANDOVERS:
      if (!stats->gil || stats->gil_handovers < 0)
        return g_strdup (dash);
      return g_strdup_printf ("%" G_GINT64_FORMAT, stats->gil_handovers);
    case COL_RESULTS:
      {
        const IlTraceSnapshot *snap = item->record->snapshot;
        g_autoptr(GString) s = g_string_new (NULL);
        guint n = 0;

        for (guint i = 0; i < snap->n_tasks; i++)
          {
            if (!snap->tasks[i].has_result)
              continue;
            if (n == MAX_LISTED && !full)
              {
                g_string_append (s, ", …");
                break;
              }
            g_string_append_printf (s, n ? ", %" G_GINT64_FORMAT : "%" G_GINT64_FORMAT,
                                    snap->tasks[i].result);
            n++;
          }
        return s->len ? g_string_free (g_steal_pointer (&s), FALSE) : g_strdup (dash);
      }
    case COL_MODEL:
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

static char *
format_cell (IlSummaryItem *item,
             Column         column)
{
  return format_cell_full (item, column, FALSE);
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
  if (column_tooltips[column] != NULL)
    gtk_widget_set_tooltip_text (label, _(column_tooltips[column]));
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
  if (column == COL_COMPLETION_ORDER || column == COL_RESULTS)
    {
      g_autofree char *all = format_cell_full (item, column, TRUE);

      gtk_widget_set_tooltip_text (gtk_list_item_get_child (list_item),
                                   g_str_equal (all, text) ? _(column_tooltips[column]) : all);
    }
}

/* ------------------------------------------------------------------------ */

struct _IlSummaryTable {
  GtkWidget      parent_instance;

  GtkWidget     *overlay;        /* a box: the table, then the Columns button */
  GtkWidget     *scroller;
  GtkColumnView *column_view;
  GtkWidget     *columns_button;
  GSimpleActionGroup *actions;
  GSettings     *settings;       /* summary-columns: the columns shown */
  GListStore    *store;
  GPtrArray     *runs;
  GMenu         *baseline_menu;  /* "Speedup Against": the runs to choose from */
  GSimpleAction *baseline_action;
  gint           baseline;       /* the user's pick, or -1: each run's sequential */
};

G_DEFINE_FINAL_TYPE (IlSummaryTable, il_summary_table, GTK_TYPE_WIDGET)

void
il_summary_table_refresh (IlSummaryTable *self)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) records = g_ptr_array_new ();

  g_return_if_fail (IL_IS_SUMMARY_TABLE (self));

  /* Each run against the run picked, or the sequential run of its work */
  for (guint k = 0; self->runs && k < self->runs->len; k++)
    {
      IlRun *run = g_ptr_array_index (self->runs, k);

      g_ptr_array_add (records, il_run_is_finished (run) ? il_run_get_record (run) : NULL);
    }
  for (guint i = 0; self->runs && i < self->runs->len; i++)
    {
      gint b = il_run_records_find_baseline ((IlRunRecord * const *) records->pdata, records->len,
                                             i, self->baseline);

      g_ptr_array_add (items, il_summary_item_new (g_ptr_array_index (self->runs, i),
                                                   b >= 0 ? g_ptr_array_index (self->runs, b) : NULL));
    }
  g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                       items->pdata, items->len);
}

/* The runs to take speedups against, as radio items of the Columns menu */
static void
update_baseline_menu (IlSummaryTable *self)
{
  g_menu_remove_all (self->baseline_menu);
  g_menu_append (self->baseline_menu, _("The Sequential Run of Its Work"), "summary.baseline(-1)");
  for (guint i = 0; self->runs != NULL && i < self->runs->len; i++)
    {
      IlRun *run = g_ptr_array_index (self->runs, i);
      g_autofree char *detailed = g_strdup_printf ("summary.baseline(%u)", i);
      /* Translators: a run picked as the baseline of speedups, e.g. "2. threads" */
      g_autofree char *label = g_strdup_printf (_("%u. %s"), i + 1, il_run_get_title (run));

      g_menu_append (self->baseline_menu, label, detailed);
    }
}

static void
on_baseline_changed (GSimpleAction *action,
                     GVariant      *value,
                     gpointer       user_data)
{
  il_summary_table_set_baseline (IL_SUMMARY_TABLE (user_data), g_variant_get_int32 (value));
}

void
il_summary_table_set_runs (IlSummaryTable *self,
                           GPtrArray      *runs)
{
  g_return_if_fail (IL_IS_SUMMARY_TABLE (self));

  gboolean other_runs = runs != self->runs;

  if (runs)
    g_ptr_array_ref (runs);
  g_clear_pointer (&self->runs, g_ptr_array_unref);
  self->runs = runs;
  /* A pick is of one comparison's runs */
  if (other_runs || self->runs == NULL || self->baseline >= (gint) self->runs->len)
    {
      self->baseline = -1;
      g_simple_action_set_state (self->baseline_action, g_variant_new_int32 (-1));
    }
  update_baseline_menu (self);
  il_summary_table_refresh (self);
}

void
il_summary_table_set_baseline (IlSummaryTable *self,
                               gint            run)
{
  g_return_if_fail (IL_IS_SUMMARY_TABLE (self));

  self->baseline = run >= 0 && self->runs != NULL && run < (gint) self->runs->len ? run : -1;
  g_simple_action_set_state (self->baseline_action, g_variant_new_int32 (self->baseline));
  il_summary_table_refresh (self);
}

gint
il_summary_table_get_baseline (IlSummaryTable *self)
{
  g_return_val_if_fail (IL_IS_SUMMARY_TABLE (self), -1);
  return self->baseline;
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

  g_clear_pointer (&self->overlay, gtk_widget_unparent);
  self->scroller = NULL;
  g_clear_object (&self->actions);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  g_clear_pointer (&self->runs, g_ptr_array_unref);

  g_clear_object (&self->baseline_menu);
  g_clear_object (&self->baseline_action);
  G_OBJECT_CLASS (il_summary_table_parent_class)->dispose (object);
}

/* Asks for every row up to MAX_ROWS_SHOWN as its minimum height, so that
 * the pane above cannot squeeze the runs of a comparison out of sight. */
static void
il_summary_table_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  IlSummaryTable *self = IL_SUMMARY_TABLE (widget);
  guint n_rows = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  int min = 0, nat = 0;

  gtk_widget_measure (self->overlay, orientation, for_size, &min, &nat, NULL, NULL);
  if (orientation == GTK_ORIENTATION_VERTICAL)
    {
      int rows_nat = 0, header = 0;

      /* The column view's natural height: its header and every row. */
      gtk_widget_measure (GTK_WIDGET (self->column_view), orientation, -1, NULL, &rows_nat, NULL, NULL);
      if (n_rows > MAX_ROWS_SHOWN)
        {
          header = 0;
          rows_nat = (int) ((double) rows_nat * (MAX_ROWS_SHOWN + 0.5) / n_rows);
        }
      min = MAX (min, rows_nat + header + 2);
      nat = MAX (nat, min);
    }
  *minimum = min;
  *natural = nat;
}

static void
il_summary_table_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  IlSummaryTable *self = IL_SUMMARY_TABLE (widget);

  gtk_widget_allocate (self->overlay, width, height, baseline, NULL);
}

/* Writes the columns shown to summary-columns. */
static void
save_columns (IlSummaryTable *self)
{
  g_autoptr(GStrvBuilder) shown = g_strv_builder_new ();
  g_auto(GStrv) ids = NULL;

  for (guint c = 1; c < N_COLUMNS; c++)
    if (il_summary_table_get_column_visible (self, c))
      g_strv_builder_add (shown, column_ids[c]);
  ids = g_strv_builder_end (shown);
  g_settings_set_strv (self->settings, "summary-columns", (const char * const *) ids);
}

static void
on_column_toggled (GSimpleAction *action,
                   GVariant      *state,
                   gpointer       user_data)
{
  GtkColumnViewColumn *column = user_data;
  IlSummaryTable *self = g_object_get_data (G_OBJECT (action), "table");

  g_simple_action_set_state (action, state);
  gtk_column_view_column_set_visible (column, g_variant_get_boolean (state));
  if (self != NULL && self->settings != NULL)
    save_columns (self);
}

void
il_summary_table_set_column_visible (IlSummaryTable *self,
                                     guint           column,
                                     gboolean        visible)
{
  g_autofree char *name = NULL;

  g_return_if_fail (IL_IS_SUMMARY_TABLE (self));
  g_return_if_fail (column < N_COLUMNS);

  name = g_strconcat ("column-", column_ids[column], NULL);
  g_action_group_change_action_state (G_ACTION_GROUP (self->actions), name,
                                      g_variant_new_boolean (visible));
}

gboolean
il_summary_table_get_column_visible (IlSummaryTable *self,
                                     guint           column)
{
  g_autoptr(GtkColumnViewColumn) c = NULL;

  g_return_val_if_fail (IL_IS_SUMMARY_TABLE (self), FALSE);
  g_return_val_if_fail (column < N_COLUMNS, FALSE);

  c = g_list_model_get_item (gtk_column_view_get_columns (self->column_view), column);
  return gtk_column_view_column_get_visible (c);
}

GtkWidget *
il_summary_table_get_columns_button (IlSummaryTable *self)
{
  g_return_val_if_fail (IL_IS_SUMMARY_TABLE (self), NULL);
  return self->columns_button;
}

static void
il_summary_table_class_init (IlSummaryTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = il_summary_table_dispose;
  widget_class->measure = il_summary_table_measure;
  widget_class->size_allocate = il_summary_table_size_allocate;
  gtk_widget_class_set_css_name (widget_class, "summarytable");
}

static void
il_summary_table_init (IlSummaryTable *self)
{
  GtkNoSelection *selection;
  g_autoptr(GMenu) menu = NULL;
  g_auto(GStrv) shown = NULL;

  self->store = g_list_store_new (IL_TYPE_SUMMARY_ITEM);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->store)));
  self->column_view = GTK_COLUMN_VIEW (gtk_column_view_new (GTK_SELECTION_MODEL (selection)));
  gtk_column_view_set_reorderable (self->column_view, FALSE);
  gtk_column_view_set_show_column_separators (self->column_view, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->column_view), "data-table");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->column_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Summary of the runs"),
                                  -1);

  /* The Columns menu: a check item per column but the model's; the
   * columns shown are remembered. */
  self->settings = il_application_create_settings ();
  shown = g_settings_get_strv (self->settings, "summary-columns");
  self->actions = g_simple_action_group_new ();
  menu = g_menu_new ();
  for (guint c = 0; c < N_COLUMNS; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;
      gboolean visible = c == COL_MODEL || g_strv_contains ((const char * const *) shown, column_ids[c]);
      g_autofree char *name = g_strconcat ("column-", column_ids[c], NULL);
      g_autofree char *detailed = g_strconcat ("summary.", name, NULL);
      g_autoptr(GSimpleAction) action = NULL;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GUINT_TO_POINTER (c));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GUINT_TO_POINTER (c));
      column = gtk_column_view_column_new (_(column_titles[c]), factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_visible (column, visible);
      if (c == COL_MODEL)
        gtk_column_view_column_set_expand (column, TRUE);
      gtk_column_view_append_column (self->column_view, column);

      if (c != COL_MODEL)
        {
          action = g_simple_action_new_stateful (name, NULL, g_variant_new_boolean (visible));
          g_object_set_data (G_OBJECT (action), "table", self);
          g_signal_connect_object (action, "change-state", G_CALLBACK (on_column_toggled), column, 0);
          g_action_map_add_action (G_ACTION_MAP (self->actions), G_ACTION (action));
          g_menu_append (menu, _(column_titles[c]), detailed);
        }
      g_object_unref (column);
    }
  /* Speedup Against: the sequential run of each run's work, or a run the
   * user picks (runs opened from files of other settings) */
  self->baseline = -1;
  self->baseline_menu = g_menu_new ();
  self->baseline_action = g_simple_action_new_stateful ("baseline", G_VARIANT_TYPE_INT32,
                                                        g_variant_new_int32 (-1));
  g_signal_connect_object (self->baseline_action, "change-state", G_CALLBACK (on_baseline_changed), self, 0);
  g_action_map_add_action (G_ACTION_MAP (self->actions), G_ACTION (self->baseline_action));
  g_menu_append_section (menu, _("Speedup Against"), G_MENU_MODEL (self->baseline_menu));
  update_baseline_menu (self);

  for (guint c = 0; c < N_COLUMNS; c++)
    {
      g_autoptr(GtkColumnViewColumn) column =
        g_list_model_get_item (gtk_column_view_get_columns (self->column_view), c);

      /* A right click on any header opens the menu too. */
      gtk_column_view_column_set_header_menu (column, G_MENU_MODEL (menu));
    }
  gtk_widget_insert_action_group (GTK_WIDGET (self), "summary", G_ACTION_GROUP (self->actions));

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller),
                                  GTK_POLICY_AUTOMATIC, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (self->scroller), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), GTK_WIDGET (self->column_view));

  self->columns_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->columns_button), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->columns_button), G_MENU_MODEL (menu));
  gtk_widget_set_tooltip_text (self->columns_button, _("Columns"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->columns_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Choose the columns of the summary"),
                                  -1);
  gtk_widget_set_halign (self->columns_button, GTK_ALIGN_END);
  gtk_widget_set_valign (self->columns_button, GTK_ALIGN_START);
  gtk_widget_add_css_class (self->columns_button, "flat");
  gtk_widget_add_css_class (self->columns_button, "columns-button");

  /* Beside the header, not over it. */
  self->overlay = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_set_hexpand (self->scroller, TRUE);
  gtk_box_append (GTK_BOX (self->overlay), self->scroller);
  gtk_box_append (GTK_BOX (self->overlay), self->columns_button);
  gtk_widget_set_parent (self->overlay, GTK_WIDGET (self));
}

GtkWidget *
il_summary_table_new (void)
{
  return g_object_new (IL_TYPE_SUMMARY_TABLE, NULL);
}
