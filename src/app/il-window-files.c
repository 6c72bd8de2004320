/* il-window-files.c — saving the runs on screen, and opening saved runs
 *
 * A comparison is saved as one file (il-run-file.h: Chrome Trace Event JSON
 * that Perfetto opens, with Interleave's record of every run under one
 * key) and opened again as finished runs made from those records: the same
 * timeline, table and texts as when they ran.  Save Run… (Ctrl+S) and Open
 * Run… (Ctrl+O) choose the file; app.save-run and app.open-run take a path.
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "il-chrome-import.h"
#include "il-output.h"
#include "il-run-file.h"
#include "il-summary.h"
#include "il-summary-table.h"
#include "il-timeline-view.h"
#include "il-window-private.h"

gboolean
il_window_save_runs (IlWindow    *self,
                     const char  *path,
                     GError     **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new ();
  IlWorkload *workload = NULL;

  g_return_val_if_fail (IL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  /* A sweep's runs are saved with the sweep (il-window-sweep.c) */
  {
    gboolean saved, ok;

    ok = il_window_sweep_save (self, path, &saved, error);
    if (saved)
      return ok;
  }

  for (guint i = 0; self->runs != NULL && i < self->runs->len; i++)
    {
      IlRun *run = g_ptr_array_index (self->runs, i);

      /* What finished (or was stopped); a run still going is not saved */
      if (!il_run_is_finished (run) || il_run_get_record (run) == NULL)
        continue;
      g_ptr_array_add (records, (gpointer) il_run_get_record (run));
      if (workload == NULL)
        workload = il_run_get_workload (run);
    }
  if (records->len == 0 || workload == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("There are no finished runs to save"));
      return FALSE;
    }
  /* A traced program's record has no numbers (-1): the file says its
   * stand-in workload's, as `interleave trace --save` writes them */
  if (((IlRunRecord *) records->pdata[0])->source == IL_RUN_SOURCE_TRACED)
    {
      IlWorkloadParams none = IL_WORKLOAD_PARAMS_INIT, resolved;

      il_workload_resolve_params (workload, &none, &resolved);
      return il_run_file_write (path, workload, &resolved,
                                (IlRunRecord * const *) records->pdata, records->len, error);
    }
  return il_run_file_write (path, workload, &((IlRunRecord *) records->pdata[0])->params,
                            (IlRunRecord * const *) records->pdata, records->len, error);
}

/* Another tool's Chrome trace (VizTracer, py-spy, Chrome…): a run per
 * process, with what it cannot know left absent. */
static GPtrArray *
import_trace (const char  *path,
              GError     **error)
{
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, error);
  g_autofree char *name = g_filename_display_basename (path);
  IlChromeImportReport report;
  GPtrArray *records;

  if (mapped == NULL)
    return NULL;
  records = il_chrome_import (g_mapped_file_get_contents (mapped), g_mapped_file_get_length (mapped),
                              name, &report, error);
  return records;
}

static void
show_runs (IlWindow               *self,
           GPtrArray              *runs,
           const IlWorkloadParams *params,
           gboolean                gil)
{
  /* Shown like the runs of a Run that just ended; the panel keeps its
   * workload and numbers, and says so when the opened runs are another's */
  g_clear_pointer (&self->chain, il_run_chain_unref);
  g_clear_pointer (&self->runs, g_ptr_array_unref);
  self->runs = g_ptr_array_ref (runs);
  if (params != NULL)
    self->ran_params = *params;
  self->ran_gil = gil;
  /* The start page and page limit they ran with are the records' own */
  g_clear_pointer (&self->ran_crawl_url, g_free);
  /* A sweep opened says so after (il_window_sweep_open()); runs alone
   * are seen in the timeline views */
  il_window_sweep_clear (self);
  {
    g_autofree char *view = g_settings_get_string (self->settings, "view");

    if (g_str_equal (view, "plot"))
      g_settings_set_string (self->settings, "view", "tasks");
  }
  il_timeline_view_set_runs (self->timeline, self->runs);
  il_summary_table_set_runs (self->summary, self->runs);
  il_window_update_look_for (self);
  il_window_update_stale (self);
  il_window_show_results (self);
}

/* What one file held: a saved comparison, or another tool's trace's
 * records; read in any thread, made into runs in the main one. */
typedef struct {
  char      *path;
  IlRunFile *file;       /* Interleave's own file, or NULL */
  GPtrArray *records;    /* another tool's trace, or NULL */
  GError    *error;
} Loaded;

static void
loaded_free (Loaded *loaded)
{
  g_free (loaded->path);
  il_run_file_free (loaded->file);
  g_clear_pointer (&loaded->records, g_ptr_array_unref);
  g_clear_error (&loaded->error);
  g_free (loaded);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Loaded, loaded_free)

static Loaded *
load_file (const char *path)
{
  Loaded *loaded = g_new0 (Loaded, 1);
  g_autoptr(GError) local_error = NULL;

  loaded->path = g_strdup (path);
  loaded->file = il_run_file_read (path, &local_error);
  if (loaded->file == NULL && g_error_matches (local_error, IL_RUN_FILE_ERROR, IL_RUN_FILE_ERROR_NOT_OURS))
    loaded->records = import_trace (path, &loaded->error);
  else if (loaded->file == NULL)
    loaded->error = g_steal_pointer (&local_error);
  return loaded;
}

/* The runs of what @loaded holds, as finished runs, appended to @runs */
static gboolean
make_runs (Loaded     *loaded,
           GPtrArray  *runs,
           GError    **error)
{
  if (loaded->error != NULL)
    {
      g_propagate_error (error, g_error_copy (loaded->error));
      return FALSE;
    }
  if (loaded->records != NULL)
    for (guint i = 0; i < loaded->records->len; i++)
      g_ptr_array_add (runs, il_run_new_from_record (NULL, g_ptr_array_index (loaded->records, i)));
  else
    for (guint i = 0; i < loaded->file->n_records; i++)
      g_ptr_array_add (runs, il_run_new_from_record (loaded->file->workload, loaded->file->records[i]));
  return TRUE;
}

/* Runs are opened or added only while none is going */
static gboolean
check_not_running (IlWindow  *self,
                   GError   **error)
{
  if (!il_window_is_running (self))
    return TRUE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY, _("Stop the run first"));
  return FALSE;
}

static gboolean
open_loaded (IlWindow  *self,
             Loaded    *loaded,
             GError   **error)
{
  g_autoptr(GPtrArray) runs = NULL;

  if (!check_not_running (self, error))
    return FALSE;
  runs = g_ptr_array_new_with_free_func ((GDestroyNotify) il_run_unref);
  if (!make_runs (loaded, runs, error))
    return FALSE;
  if (loaded->file == NULL)
    show_runs (self, runs, NULL, FALSE);
  else
    {
      show_runs (self, runs, &loaded->file->params,
                 loaded->file->n_records > 0 && loaded->file->records[0]->gil);
      /* A saved sweep opens on its plot */
      if (loaded->file->sweep != NULL)
        il_window_sweep_open (self, loaded->file->workload, loaded->file->sweep);
    }
  return TRUE;
}

static gboolean
add_loaded (IlWindow  *self,
            Loaded    *loaded,
            GError   **error)
{
  g_autoptr(GPtrArray) runs = NULL;

  if (!check_not_running (self, error))
    return FALSE;
  /* The finished runs on screen stay, in their order, the file's follow */
  runs = g_ptr_array_new_with_free_func ((GDestroyNotify) il_run_unref);
  for (guint i = 0; self->runs != NULL && i < self->runs->len; i++)
    {
      IlRun *run = g_ptr_array_index (self->runs, i);

      if (il_run_is_finished (run) && il_run_get_record (run) != NULL)
        g_ptr_array_add (runs, il_run_ref (run));
    }
  if (!make_runs (loaded, runs, error))
    return FALSE;
  if (runs->len > IL_RUN_FILE_MAX_RUNS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("A comparison holds at most %u runs"), IL_RUN_FILE_MAX_RUNS);
      return FALSE;
    }
  /* The panel's numbers are what ran first; the added runs say their own */
  show_runs (self, runs, NULL, self->ran_gil);
  return TRUE;
}

gboolean
il_window_open_runs (IlWindow    *self,
                     const char  *path,
                     GError     **error)
{
  g_autoptr(Loaded) loaded = NULL;

  g_return_val_if_fail (IL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!check_not_running (self, error))
    return FALSE;
  loaded = load_file (path);
  return open_loaded (self, loaded, error);
}

gboolean
il_window_is_opening (IlWindow *self)
{
  g_return_val_if_fail (IL_IS_WINDOW (self), FALSE);
  return self->opening != NULL;
}

gboolean
il_window_add_runs (IlWindow    *self,
                    const char  *path,
                    GError     **error)
{
  g_autoptr(Loaded) loaded = NULL;

  g_return_val_if_fail (IL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!check_not_running (self, error))
    return FALSE;
  loaded = load_file (path);
  return add_loaded (self, loaded, error);
}

/* Files chosen in the dialog are read in a thread of their own: a trace of
 * a million events takes a second or two, and the window goes on drawing
 * meanwhile (Open and Add are off until they are read). */
typedef struct {
  GStrv      paths;
  gboolean   adding;
  GPtrArray *loaded;    /* Loaded*, as many as were read */
} OpenJob;

static void
open_job_free (OpenJob *job)
{
  g_strfreev (job->paths);
  g_clear_pointer (&job->loaded, g_ptr_array_unref);
  g_free (job);
}

static void
open_job_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  OpenJob *job = task_data;

  for (guint i = 0; job->paths[i] != NULL && !g_cancellable_is_cancelled (cancellable); i++)
    {
      Loaded *loaded = load_file (job->paths[i]);

      g_ptr_array_add (job->loaded, loaded);
      /* A file that cannot be read ends the list: the error says which */
      if (loaded->error != NULL)
        break;
    }
  g_task_return_boolean (task, TRUE);
}

static void
open_job_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  IlWindow *self = IL_WINDOW (source);
  OpenJob *job = g_task_get_task_data (G_TASK (result));

  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))) || self->disposed)
    return;
  g_clear_object (&self->opening);
  for (guint i = 0; i < job->loaded->len; i++)
    {
      g_autoptr(GError) error = NULL;
      Loaded *loaded = g_ptr_array_index (job->loaded, i);
      gboolean ok = i == 0 && !job->adding ? open_loaded (self, loaded, &error)
                                           : add_loaded (self, loaded, &error);

      if (!ok)
        {
          il_window_show_error (self, _("Cannot Open the Runs"), error->message);
          break;
        }
    }
  il_window_actions_update (self);
}

void
il_window_open_runs_async (IlWindow           *self,
                           const char * const *paths,
                           gboolean            adding)
{
  g_autoptr(GTask) task = NULL;
  OpenJob *job;

  g_return_if_fail (IL_IS_WINDOW (self));
  g_return_if_fail (paths != NULL);

  if (self->opening != NULL)
    return;
  job = g_new0 (OpenJob, 1);
  job->paths = g_strdupv ((char **) paths);
  job->adding = adding;
  job->loaded = g_ptr_array_new_with_free_func ((GDestroyNotify) loaded_free);
  if (job->paths[0] == NULL)
    {
      open_job_free (job);
      return;
    }

  self->opening = g_cancellable_new ();
  task = g_task_new (self, self->opening, open_job_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) open_job_free);
  g_task_run_in_thread (task, open_job_thread);
  il_window_actions_update (self);
  {
    g_autofree char *name = g_path_get_basename (job->paths[0]);
    g_autofree char *display = g_filename_display_name (name);
    /* Translators: a toast while a file of runs is read */
    g_autofree char *title = g_strdup_printf (_("Opening “%s”…"), display);

    il_window_show_toast (self, title);
  }
}

char *
il_window_dup_table_csv (IlWindow *self)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new ();
  g_autoptr(JsonNode) summary = NULL;
  IlWorkload *workload = NULL;
  gint picked = il_summary_table_get_baseline (self->summary);
  gint baseline = -1;

  g_return_val_if_fail (IL_IS_WINDOW (self), NULL);

  for (guint i = 0; self->runs != NULL && i < self->runs->len; i++)
    {
      IlRun *run = g_ptr_array_index (self->runs, i);

      if (!il_run_is_finished (run) || il_run_get_record (run) == NULL)
        continue;
      /* The baseline the table shows, among the runs that finished */
      if ((gint) i == picked)
        baseline = (gint) records->len;
      g_ptr_array_add (records, (gpointer) il_run_get_record (run));
      if (workload == NULL)
        workload = il_run_get_workload (run);
    }
  /* The same table as `interleave run --csv`: the summary's figures */
  if (records->len == 0 || workload == NULL)
    return NULL;
  summary = il_summary_build (workload, &((IlRunRecord *) records->pdata[0])->params,
                              (IlRunRecord * const *) records->pdata, records->len, baseline);
  return il_summary_to_csv (summary, NULL);
}

/* ------------------------------------------------------------------------ */
/* Choosing the file */

G_GNUC_BEGIN_IGNORE_DEPRECATIONS

static GtkFileFilter *
runs_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Saved runs and traces (JSON)"));
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_filter_add_pattern (filter, "*.json");
  return filter;
}

static void
table_response (GtkNativeDialog *native,
                int              response,
                IlWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;
      g_autofree char *csv = il_window_dup_table_csv (self);
      g_autoptr(GError) error = NULL;

      if (path != NULL && csv != NULL && !il_output_write_file (path, csv, strlen (csv), &error))
        il_window_show_error (self, _("Cannot Export the Table"), error->message);
    }
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
  g_object_unref (self);
}

static void
files_response (GtkNativeDialog *native,
                int              response,
                IlWindow        *self)
{
  gboolean saving = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (native), "saving"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;
      g_autoptr(GError) error = NULL;

      gboolean adding = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (native), "adding"));
      g_autoptr(GListModel) chosen = saving ? NULL : gtk_file_chooser_get_files (GTK_FILE_CHOOSER (native));

      if (path == NULL)
        ;
      else if (saving && !il_window_save_runs (self, path, &error))
        il_window_show_error (self, _("Cannot Save the Runs"), error->message);
      else if (!saving)
        {
          g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
          g_auto(GStrv) paths = NULL;

          for (guint i = 0; chosen != NULL && i < g_list_model_get_n_items (chosen); i++)
            {
              g_autoptr(GFile) each = g_list_model_get_item (chosen, i);
              g_autofree char *each_path = g_file_get_path (each);

              if (each_path != NULL)
                g_strv_builder_add (builder, each_path);
            }
          paths = g_strv_builder_end (builder);
          /* Several files make one comparison: the first opens (or is
           * added), the others join it */
          il_window_open_runs_async (self, (const char * const *) paths, adding);
        }
      else if (saving)
        {
          g_autofree char *name = g_filename_display_basename (path);
          /* Translators: a toast after Save Run…, and after Export → Trace for Perfetto… */
          g_autofree char *title = adding ? g_strdup_printf (_("Exported “%s”: open it at ui.perfetto.dev"), name)
                                          : g_strdup_printf (_("Saved “%s”"), name);

          il_window_show_toast (self, title);
        }
    }
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
  g_object_unref (self);
}

/* Save Run…, Open Run…, Add Runs to Comparison… and (@saving and
 * @adding) Export → Trace for Perfetto…: the same file, the runs saved
 * are a Chrome trace that Perfetto opens */
static void
choose_runs_file (IlWindow *self,
                  gboolean  saving,
                  gboolean  adding)
{
  GtkFileChooserNative *native;
  GtkFileFilter *filter = runs_filter ();

  native = gtk_file_chooser_native_new (saving && adding ? _("Export a Trace for Perfetto")
                                        : saving ? _("Save Runs")
                                        : adding ? _("Add Runs to the Comparison") : _("Open Runs"),
                                        GTK_WINDOW (self),
                                        saving ? GTK_FILE_CHOOSER_ACTION_SAVE : GTK_FILE_CHOOSER_ACTION_OPEN,
                                        saving && adding ? _("_Export") : saving ? _("_Save")
                                        : adding ? _("_Add") : _("_Open"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (native), !saving);
  g_object_set_data (G_OBJECT (native), "adding", GINT_TO_POINTER (adding));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_object_unref (filter);
  if (saving && self->workload != NULL)
    {
      g_autofree char *name = g_strdup_printf (adding ? "%s-trace.json" : "%s-runs.json",
                                               il_workload_get_name (self->workload));

      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
    }
  g_object_set_data (G_OBJECT (native), "saving", GINT_TO_POINTER (saving));
  g_signal_connect (native, "response", G_CALLBACK (files_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
export_table_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  IlWindow *self = IL_WINDOW (widget);
  GtkFileChooserNative *native;
  GtkFileFilter *filter = gtk_file_filter_new ();

  native = gtk_file_chooser_native_new (_("Export the Table"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_filter_set_name (filter, _("CSV table"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_object_unref (filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), "table.csv");
  g_signal_connect (native, "response", G_CALLBACK (table_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

G_GNUC_END_IGNORE_DEPRECATIONS

static void
copy_table_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  IlWindow *self = IL_WINDOW (widget);
  g_autofree char *csv = il_window_dup_table_csv (self);

  if (csv == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), csv);
  il_window_show_toast (self, _("Table copied as CSV"));
}

static void
save_run_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  choose_runs_file (IL_WINDOW (widget), TRUE, FALSE);
}

static void
open_run_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  choose_runs_file (IL_WINDOW (widget), FALSE, FALSE);
}

static void
export_trace_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  choose_runs_file (IL_WINDOW (widget), TRUE, TRUE);
}

static void
add_runs_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  choose_runs_file (IL_WINDOW (widget), FALSE, TRUE);
}

void
il_window_files_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.save-run", NULL, save_run_activated);
  gtk_widget_class_install_action (widget_class, "win.open-run", NULL, open_run_activated);
  gtk_widget_class_install_action (widget_class, "win.add-runs", NULL, add_runs_activated);
  gtk_widget_class_install_action (widget_class, "win.export-trace", NULL, export_trace_activated);
  gtk_widget_class_install_action (widget_class, "win.copy-table", NULL, copy_table_activated);
  gtk_widget_class_install_action (widget_class, "win.export-table", NULL, export_table_activated);
}

void
il_window_files_update (IlWindow *self)
{
  gboolean finished = FALSE;

  for (guint i = 0; self->runs != NULL && i < self->runs->len; i++)
    finished |= il_run_is_finished (g_ptr_array_index (self->runs, i));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-run", finished && !il_window_is_running (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-trace", finished && !il_window_is_running (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-run",
                                 !il_window_is_running (self) && self->opening == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add-runs",
                                 finished && !il_window_is_running (self) && self->opening == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.copy-table", finished);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-table", finished);
}
