/* il-window-sweep.c — the window's sweeps: the panel's Sweep, the Plot view
 *
 * With Sweep on in the side panel, Run runs every ticked model at every
 * value of the workers or tasks, each point as many times as asked, the
 * models interleaved (il_sweep_order()), as `interleave run --workers
 * 1,2,4 --repeat 3` does: one run chain, one IlModelChoice per run, its
 * own IlWorkloadParams per value.  The values are read by the command
 * line's parser (il_sweep_parse_values()).  When the chain ends, stopped
 * or not, what finished becomes an IlSweep (il_sweep_from_records()), the
 * command line's statistics, drawn in the Plot view by the exporter's
 * painter.  Picking a point shows its median run in the timeline views.
 * Save Run… writes the sweep with its runs, Open Run… reads it back.
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "il-export.h"
#include "il-painter-plot.h"
#include "il-sweep-records.h"
#include "il-window-private.h"

/* The plot's size in exports, as the command line's without --width */
#define PLOT_WIDTH   1000
#define PLOT_HEIGHT  560

struct _IlWindowSweep {
  IlSweepAxis       axis;
  GArray           *values;         /* gint64, sorted */
  guint             repeat;
  guint             n_models;
  IlWorkloadParams *params;         /* one per value, the choices' */
  IlWorkload       *workload;
  /* Once finished (or opened): the runs with a record, in run order,
   * each one's value, and what they measured */
  GPtrArray        *runs;           /* IlRun* */
  guint            *value_of_run;   /* runs->len */
  guint             n_planned;
  IlSweep          *sweep;
};

static void
window_sweep_free (IlWindowSweep *ws)
{
  if (ws == NULL)
    return;
  g_clear_pointer (&ws->values, g_array_unref);
  g_clear_pointer (&ws->runs, g_ptr_array_unref);
  g_clear_pointer (&ws->sweep, il_sweep_free);
  g_clear_pointer (&ws->workload, il_workload_unref);
  g_free (ws->params);
  g_free (ws->value_of_run);
  g_free (ws);
}

void
il_window_sweep_clear (IlWindow *self)
{
  if (self->plot_view != NULL)
    il_plot_view_set_sweep (self->plot_view, NULL);
  g_clear_pointer (&self->sweep, window_sweep_free);
}

gboolean
il_window_sweep_is_on (IlWindow *self)
{
  return self->sweep_row != NULL && adw_expander_row_get_enable_expansion (self->sweep_row);
}

static IlSweepAxis
panel_axis (IlWindow *self)
{
  return adw_combo_row_get_selected (self->sweep_axis_row) == 1 ? IL_SWEEP_AXIS_TASKS
                                                                 : IL_SWEEP_AXIS_WORKERS;
}

/* The panel's values, read as the command line reads --workers or --tasks */
static GArray *
parse_panel_values (IlWindow  *self,
                    GError   **error)
{
  gboolean tasks = panel_axis (self) == IL_SWEEP_AXIS_TASKS;
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->sweep_values_row))));

  return il_sweep_parse_values (tasks ? _("Tasks") : _("Workers"), text, 1,
                                tasks ? 1000000 : IL_WORKLOAD_MAX_WORKERS, error);
}

/* Wrong values are marked as the panel's wrong numbers are, at once */
static void
check_values (IlWindow *self,
              gboolean  tell)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) values = parse_panel_values (self, &error);
  GtkWidget *row = GTK_WIDGET (self->sweep_values_row);

  if (values != NULL)
    {
      gtk_widget_remove_css_class (row, "error");
      gtk_widget_set_tooltip_text (row, NULL);
      return;
    }
  gtk_widget_add_css_class (row, "error");
  gtk_widget_set_tooltip_text (row, error->message);
  if (tell)
    {
      gtk_widget_error_bell (row);
      il_window_show_toast (self, error->message);
    }
}

static void
on_values_changed (IlWindow *self)
{
  check_values (self, FALSE);
}

static void
on_values_applied (IlWindow *self)
{
  check_values (self, TRUE);
}

static void
on_axis_changed (IlWindow *self)
{
  check_values (self, FALSE);
}

gboolean
il_window_sweep_run (IlWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) values = NULL;
  g_autofree IlModelChoice *choices = NULL;
  gboolean selected[IL_N_MODELS];
  IlModel models[IL_N_MODELS];
  IlWorkloadParams params;
  IlWindowSweep *ws;
  guint n_models = 0, n;
  gboolean gil;

  values = parse_panel_values (self, &error);
  if (values == NULL)
    {
      check_values (self, TRUE);
      return FALSE;
    }
  if (panel_axis (self) == IL_SWEEP_AXIS_TASKS && il_workload_get_crawl (self->workload) != NULL)
    {
      il_window_show_toast (self, _("A web crawl’s tasks are the pages it finds: sweep the workers"));
      return FALSE;
    }

  il_window_get_selected_models (self, selected);
  for (guint m = 0; m < IL_N_MODELS; m++)
    if (selected[m])
      models[n_models++] = m;
  if (n_models == 0)
    {
      il_window_show_toast (self, _("Select at least one model to run"));
      return FALSE;
    }

  ws = g_new0 (IlWindowSweep, 1);
  ws->axis = panel_axis (self);
  ws->repeat = (guint) gtk_spin_button_get_value_as_int (self->sweep_repeat_spin);
  ws->repeat = CLAMP (ws->repeat, 1, IL_SWEEP_MAX_REPEAT);
  ws->n_models = n_models;
  ws->values = g_steal_pointer (&values);
  ws->workload = il_workload_ref (self->workload);
  n = ws->values->len * n_models * ws->repeat;
  if (n > IL_SWEEP_MAX_RUNS)
    {
      g_autofree char *message =
        g_strdup_printf (_("The sweep would make %u runs (values × models × repeats); at most %d"),
                         n, IL_SWEEP_MAX_RUNS);

      window_sweep_free (ws);
      il_window_show_toast (self, message);
      return FALSE;
    }

  /* One set of numbers per value, as il_cli_sweep_choices() makes them */
  il_window_get_params (self, &params);
  ws->params = g_new0 (IlWorkloadParams, ws->values->len);
  for (guint v = 0; v < ws->values->len; v++)
    {
      gint value = (gint) g_array_index (ws->values, gint64, v);

      ws->params[v] = params;
      if (ws->axis == IL_SWEEP_AXIS_WORKERS)
        ws->params[v].workers = value;
      else
        ws->params[v].tasks = value;
    }

  gil = g_settings_get_boolean (self->settings, "gil");
  choices = g_new0 (IlModelChoice, n);
  for (guint i = 0; i < n; i++)
    {
      guint v, r, m;

      il_sweep_order (ws->values->len, n_models, ws->repeat, i, &v, &r, &m);
      choices[i].model = models[m];
      choices[i].gil = gil && il_model_get_info (models[m])->threaded;
      choices[i].params = &ws->params[v];
    }
  ws->n_planned = n;

  il_window_sweep_clear (self);
  self->sweep = ws;
  il_window_start_chain (self, &params, choices, n);
  return TRUE;
}

char *
il_window_sweep_describe_run (IlWindow *self,
                              guint     index)
{
  IlWindowSweep *ws = self->sweep;
  guint v, r, m;

  if (ws == NULL || ws->sweep != NULL || ws->n_models == 0)
    return NULL;
  il_sweep_order (ws->values->len, ws->n_models, ws->repeat, index, &v, &r, &m);
  /* Translators: a sweep's progress, "point 5 of 12, repeat 2 of 3" */
  return g_strdup_printf (_("point %u of %u, repeat %u of %u"),
                          v * ws->n_models + m + 1, ws->values->len * ws->n_models,
                          r + 1, ws->repeat);
}

static void
update_plot_title (IlWindow *self)
{
  IlWindowSweep *ws = self->sweep;
  g_autofree char *times = NULL;
  g_autofree char *title = NULL;

  if (ws == NULL || ws->sweep == NULL || ws->workload == NULL)
    {
      il_plot_view_set_title (self->plot_view, NULL);
      return;
    }
  times = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "each point %u time",
                                        "each point %u times", ws->repeat), ws->repeat);
  title = g_strdup_printf ("%s — %s · %s", il_workload_get_name (ws->workload),
                           il_workload_get_title (ws->workload), times);
  il_plot_view_set_title (self->plot_view, title);
}

/* The statistics of ws->runs, and the plot of them */
static void
build_sweep (IlWindow *self)
{
  IlWindowSweep *ws = self->sweep;
  g_autofree IlRunRecord **records = g_new0 (IlRunRecord *, MAX (ws->runs->len, 1));

  for (guint i = 0; i < ws->runs->len; i++)
    records[i] = il_run_get_record (g_ptr_array_index (ws->runs, i));
  g_clear_pointer (&ws->sweep, il_sweep_free);
  ws->sweep = il_sweep_from_records (ws->workload, ws->axis, (const gint64 *) (gpointer) ws->values->data,
                                     ws->values->len, ws->repeat, FALSE, records, ws->runs->len,
                                     ws->value_of_run);
  ws->sweep->n_runs_planned = MAX (ws->n_planned, ws->runs->len);
  il_plot_view_set_sweep (self->plot_view, ws->sweep);
  update_plot_title (self);
}

void
il_window_sweep_finished (IlWindow *self)
{
  IlWindowSweep *ws = self->sweep;

  if (ws == NULL || ws->sweep != NULL || self->runs == NULL)
    return;

  /* The runs that finished or were stopped, each at its value */
  ws->runs = g_ptr_array_new_with_free_func ((GDestroyNotify) il_run_unref);
  ws->value_of_run = g_new0 (guint, MAX (self->runs->len, 1));
  for (guint i = 0; i < self->runs->len; i++)
    {
      IlRun *run = g_ptr_array_index (self->runs, i);
      guint v, r, m;

      if (!il_run_is_finished (run) || il_run_get_record (run) == NULL)
        continue;
      il_sweep_order (ws->values->len, ws->n_models, ws->repeat, i, &v, &r, &m);
      ws->value_of_run[ws->runs->len] = v;
      g_ptr_array_add (ws->runs, il_run_ref (run));
    }
  build_sweep (self);
  if (!self->disposed)
    g_settings_set_string (self->settings, "view", "plot");
  il_window_show_results (self);
}

void
il_window_sweep_open (IlWindow             *self,
                      IlWorkload           *workload,
                      const IlRunFileSweep *file_sweep)
{
  IlWindowSweep *ws;

  il_window_sweep_clear (self);
  if (file_sweep == NULL || self->runs == NULL || file_sweep->n_runs != self->runs->len)
    return;

  ws = g_new0 (IlWindowSweep, 1);
  ws->axis = file_sweep->axis;
  ws->values = g_array_sized_new (FALSE, FALSE, sizeof (gint64), file_sweep->n_values);
  g_array_append_vals (ws->values, file_sweep->values, file_sweep->n_values);
  ws->repeat = MAX (file_sweep->repeat, 1);
  ws->workload = workload != NULL ? il_workload_ref (workload) : NULL;
  ws->runs = g_ptr_array_ref (self->runs);
  ws->value_of_run = g_memdup2 (file_sweep->value_of_run, sizeof (guint) * MAX (file_sweep->n_runs, 1));
  ws->n_planned = file_sweep->runs_planned;
  self->sweep = ws;
  build_sweep (self);
  g_settings_set_string (self->settings, "view", "plot");
  il_window_show_results (self);
}

gboolean
il_window_sweep_is_plot_shown (IlWindow *self)
{
  g_autofree char *view = g_settings_get_string (self->settings, "view");

  return g_str_equal (view, "plot") && self->sweep != NULL && self->sweep->sweep != NULL;
}

void
il_window_show_results (IlWindow *self)
{
  g_autofree char *view = NULL;

  if (self->disposed || self->settings == NULL)
    return;
  view = g_settings_get_string (self->settings, "view");
  if (g_str_equal (view, "plot"))
    gtk_stack_set_visible_child_name (self->timeline_stack,
                                      self->sweep != NULL && self->sweep->sweep != NULL ? "plot" : "no-plot");
  else if (self->runs != NULL && self->runs->len > 0)
    gtk_stack_set_visible_child_name (self->timeline_stack, "timeline");
  else
    gtk_stack_set_visible_child_name (self->timeline_stack, "empty");
  il_window_actions_update (self);
}

/* The run of a point to show: the counted repetition whose makespan is
 * nearest the point's median (the first of equals) */
static gint
median_run (IlSweepPoint *point)
{
  gint best = -1;
  double best_d = INFINITY;

  for (guint r = 0; r < point->n_repetitions; r++)
    {
      IlSweepRepetition *rep = &point->repetitions[r];
      double d;

      if (rep->dropped || !isfinite (rep->makespan_s))
        continue;
      d = fabs (rep->makespan_s - point->makespan_s.median);
      if (d < best_d)
        {
          best_d = d;
          best = (gint) rep->run;
        }
    }
  return best;
}

static void
on_point_activated (IlPlotView *view,
                    guint       value,
                    guint       curve,
                    IlWindow   *self)
{
  IlWindowSweep *ws = self->sweep;
  g_autoptr(GPtrArray) shown = NULL;
  gint run;

  if (ws == NULL || ws->sweep == NULL || il_window_is_running (self))
    return;
  run = median_run (il_sweep_get_point (ws->sweep, value, curve));
  if (run < 0 || (guint) run >= ws->runs->len)
    {
      il_window_show_toast (self, _("This point has no run that finished"));
      return;
    }

  /* The point's run alone in the timeline and the table; the sweep stays
   * whole, for the plot, Save and Export */
  shown = g_ptr_array_new_with_free_func ((GDestroyNotify) il_run_unref);
  g_ptr_array_add (shown, il_run_ref (g_ptr_array_index (ws->runs, run)));
  il_timeline_view_set_runs (self->timeline, shown);
  il_summary_table_set_runs (self->summary, shown);
  g_settings_set_string (self->settings, "view", "tasks");
  il_window_show_results (self);
}

gboolean
il_window_sweep_export (IlWindow    *self,
                        const char  *path,
                        GError     **error)
{
  IlPlotOptions opts = { FALSE, IL_PLOT_SPEEDUP, NULL, NULL };
  g_autofree char *title = NULL;
  g_autofree char *caption = NULL;
  IlSweep *sweep = self->sweep->sweep;
  int width = PLOT_WIDTH, height = PLOT_HEIGHT + 20 * (int) sweep->n_curves;

  if (!il_export_format_from_path (path, NULL, error))
    return FALSE;
  if (g_settings_get_boolean (self->settings, "export-custom-size"))
    {
      width = g_settings_get_int (self->settings, "export-width");
      height = g_settings_get_int (self->settings, "export-height");
    }
  if (self->sweep->workload != NULL)
    {
      g_autofree char *times = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "each point %u time",
                                                             "each point %u times", sweep->repeat),
                                                sweep->repeat);

      title = g_strdup_printf ("%s — %s · %s", il_workload_get_name (self->sweep->workload),
                               il_workload_get_title (self->sweep->workload), times);
    }
  if (g_settings_get_boolean (self->settings, "export-caption"))
    {
      g_autoptr(GString) s = g_string_new (NULL);

      for (guint v = 0; v < sweep->n_values; v++)
        g_string_append_printf (s, "%s%" G_GINT64_FORMAT, v > 0 ? ", " : "", sweep->values[v]);
      g_string_append_printf (s, " %s · ", sweep->axis == IL_SWEEP_AXIS_WORKERS ? _("workers") : _("tasks"));
      g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, "%u logical core", "%u logical cores",
                                              sweep->logical_cores),
                              sweep->logical_cores);
      caption = g_string_free (g_steal_pointer (&s), FALSE);
    }
  opts.dark = il_timeline_view_get_export_dark (self->timeline);
  opts.measure = il_plot_default_measure (sweep);
  opts.title = title;
  opts.caption = caption;
  return il_export_plot (sweep, &opts, width, height, path, error);
}

gboolean
il_window_sweep_save (IlWindow    *self,
                      const char  *path,
                      gboolean    *saved,
                      GError     **error)
{
  IlWindowSweep *ws = self->sweep;
  g_autofree IlRunRecord **records = NULL;
  IlRunFileSweep file_sweep;

  *saved = FALSE;
  if (ws == NULL || ws->sweep == NULL || ws->runs->len == 0 || il_window_is_running (self))
    return FALSE;

  records = g_new0 (IlRunRecord *, ws->runs->len);
  for (guint i = 0; i < ws->runs->len; i++)
    records[i] = il_run_get_record (g_ptr_array_index (ws->runs, i));
  file_sweep.axis = ws->axis;
  file_sweep.n_values = ws->values->len;
  file_sweep.values = (gint64 *) (gpointer) ws->values->data;
  file_sweep.repeat = ws->repeat;
  file_sweep.drop_busy = FALSE;
  file_sweep.n_runs = ws->runs->len;
  file_sweep.value_of_run = ws->value_of_run;
  file_sweep.runs_planned = MAX (ws->n_planned, ws->runs->len);
  *saved = TRUE;
  return il_run_file_write_sweep (path,
                                  ws->workload != NULL ? ws->workload
                                                       : il_run_get_workload (g_ptr_array_index (ws->runs, 0)),
                                  &records[0]->params, records, ws->runs->len, &file_sweep, error);
}

static void
on_dark_changed (IlWindow *self)
{
  il_plot_view_set_dark (self->plot_view, adw_style_manager_get_dark (adw_style_manager_get_default ()));
}

static gboolean
axis_get_mapping (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  g_value_set_uint (value, g_str_equal (g_variant_get_string (variant, NULL), "tasks") ? 1 : 0);
  return TRUE;
}

static GVariant *
axis_set_mapping (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  return g_variant_new_string (g_value_get_uint (value) == 1 ? "tasks" : "workers");
}

void
il_window_sweep_init (IlWindow *self)
{
  /* The panel's sweep is remembered */
  g_settings_bind (self->settings, "sweep", self->sweep_row, "enable-expansion", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "sweep-axis", self->sweep_axis_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, axis_get_mapping, axis_set_mapping, NULL, NULL);
  g_settings_bind (self->settings, "sweep-values", self->sweep_values_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "sweep-repeat", self->sweep_repeat_spin, "value", G_SETTINGS_BIND_DEFAULT);

  g_signal_connect_object (self->plot_view, "point-activated", G_CALLBACK (on_point_activated), self, 0);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (on_dark_changed), self, G_CONNECT_SWAPPED);
  on_dark_changed (self);
  g_signal_connect_object (self->sweep_values_row, "changed", G_CALLBACK (on_values_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sweep_values_row, "apply", G_CALLBACK (on_values_applied), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sweep_axis_row, "notify::selected", G_CALLBACK (on_axis_changed), self,
                           G_CONNECT_SWAPPED);
  check_values (self, FALSE);
}

void
il_window_sweep_dispose (IlWindow *self)
{
  il_window_sweep_clear (self);
}

void
il_window_sweep_class_init (GtkWidgetClass *widget_class)
{
  g_type_ensure (IL_TYPE_PLOT_VIEW);
  gtk_widget_class_bind_template_child (widget_class, IlWindow, sweep_row);
  gtk_widget_class_bind_template_child (widget_class, IlWindow, sweep_axis_row);
  gtk_widget_class_bind_template_child (widget_class, IlWindow, sweep_values_row);
  gtk_widget_class_bind_template_child (widget_class, IlWindow, sweep_repeat_spin);
  gtk_widget_class_bind_template_child (widget_class, IlWindow, plot_view);
}
