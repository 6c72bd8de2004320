/* il-window-trace.c — tracing a real program in the window
 *
 * "Trace a Program…" (win.trace-program; app.trace-program takes a command
 * line) asks for a script, run with the system's python3, or a command
 * line, and runs it under the tracer (il-tracer.h) the way Run runs the
 * models: the timeline grows from the tracer's live records, Stop (or
 * closing the window) ends the program's whole process tree, and the
 * result is a finished run like any other — tasks are the program's
 * threads, workers its processes — that the table, the views, Save and the
 * exports take as they are.  The run's title says how it was recorded
 * ("traced: sampled every 1 ms from /proc"); a toast says how the program
 * ended.
 *
 * The traced run replaces the runs on screen, or, when asked ("Keep the
 * runs on screen beside it" in the dialog, app.add-trace), joins the
 * finished ones as one more run of the comparison.  A command that cannot
 * be started changes nothing on screen: an error says why.
 *
 * The Workload menu's "Real Python programs" are the example programs
 * shipped in PKGDATADIR/examples (data/examples/ when running uninstalled);
 * a crawler among them gets the built-in demo site, started for it.
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "il-demo-site.h"
#include "il-machine.h"
#include "il-run-file.h"
#include "il-tracer.h"
#include "il-window-private.h"

/* ------------------------------------------------------------------------ */
/* The example programs */

static const struct {
  const char *file;
  const char *label;
} example_labels[] = {
  { "three-threads.py",    N_("Three threads that sleep") },
  { "thread-pool.py",      N_("A thread pool of five") },
  { "asyncio-gather.py",   N_("asyncio.gather of sleeps") },
  { "gil-threads.py",      N_("Two threads summing squares (the GIL)") },
  { "pool-processes.py",   N_("The same sums in multiprocessing.Pool(2)") },
  { "process-per-task.py", N_("A process per task") },
  { "crawl-threads.py",    N_("Crawl the demo site in a thread pool") },
  { "crawl-asyncio.py",    N_("Crawl the demo site with asyncio") },
};

char *
il_window_dup_examples_dir (void)
{
  const char *env = g_getenv ("INTERLEAVE_EXAMPLES_DIR");
  g_autofree char *source = g_build_filename (SOURCEDIR, "data", "examples", NULL);

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  if (il_machine_running_uninstalled () && g_file_test (source, G_FILE_TEST_IS_DIR))
    return g_steal_pointer (&source);
  return g_build_filename (PKGDATADIR, "examples", NULL);
}

/* The system's python3, not the first on PATH (a pyenv shim, a virtual
 * environment): the examples need nothing but its standard library. */
static const char *
system_python (void)
{
  return g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE) ? "/usr/bin/python3" : "python3";
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* The example programs' file names, in the order of the lessons (those
 * this file does not know follow, sorted); module files (a '_' in the
 * name) are not programs. */
static GPtrArray *
list_examples (void)
{
  g_autofree char *dir_path = il_window_dup_examples_dir ();
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".py") && strchr (name, '_') == NULL)
      g_ptr_array_add (found, g_strdup (name));
  g_ptr_array_sort (found, compare_strings);

  for (guint i = 0; i < G_N_ELEMENTS (example_labels); i++)
    for (guint j = 0; j < found->len; j++)
      if (g_str_equal (example_labels[i].file, g_ptr_array_index (found, j)))
        {
          g_ptr_array_add (names, g_ptr_array_steal_index (found, j));
          break;
        }
  for (guint j = 0; j < found->len; j++)
    g_ptr_array_add (names, g_strdup (g_ptr_array_index (found, j)));
  return names;
}

static const char *
example_label (const char *file)
{
  for (guint i = 0; i < G_N_ELEMENTS (example_labels); i++)
    if (g_str_equal (example_labels[i].file, file))
      return _(example_labels[i].label);
  return file;
}

void
il_window_trace_add_menu_section (IlWindow *self,
                                  GMenu    *menu)
{
  g_autoptr(GPtrArray) names = list_examples ();
  g_autoptr(GMenu) section = g_menu_new ();

  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);
      g_autoptr(GMenuItem) item = g_menu_item_new (example_label (file), NULL);

      g_menu_item_set_action_and_target_value (item, "app.trace-example", g_variant_new_string (file));
      g_menu_append_item (section, item);
    }
  g_menu_append (section, _("_Trace a Program…"), "win.trace-program");
  /* Translators: a section of the Workload menu: programs that are traced, not modelled */
  g_menu_append_section (menu, _("Real Python programs"), G_MENU_MODEL (section));
}

/* ------------------------------------------------------------------------ */
/* Tracing */

/* A workload that stands for the traced command, as `interleave trace`
 * makes it: it names the run and tells what to look for; it has no
 * numbers (the record's source says so). */
static IlWorkload *
make_trace_workload (const char  *command,
                     GError     **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GBytes) bytes = NULL;
  /* The command line on one line */
  g_autofree char *one_line = g_strdelimit (g_strndup (command, 200), "\n\r", ' ');
  gsize length;
  char *data;

  g_key_file_set_string (kf, "Workload", "Name", "trace");
  g_key_file_set_string (kf, "Workload", "Title", one_line);
  g_key_file_set_string (kf, "Workload", "Category", "mixed");
  g_key_file_set_string (kf, "Workload", "Summary", _("A program traced by Interleave."));
  g_key_file_set_string (kf, "Workload", "LookFor",
                         _("Each lane is a thread of the program, grouped by process in the workers view. "
                           "lock-wait is a futex wait: in CPython, where a thread waits for the GIL. "
                           "io-wait is any other blocking system call (a sleep, poll, a read)."));
  g_key_file_set_string (kf, "Workload", "Models", "sequential");
  /* Only to make it valid: the runs say what ran */
  g_key_file_set_integer (kf, "Tasks", "Count", 1);
  g_key_file_set_string (kf, "Tasks", "Phases", "sleep");
  g_key_file_set_integer (kf, "Tasks", "IoMs", 0);
  g_key_file_set_integer (kf, "Tasks", "Workers", 1);
  data = g_key_file_to_data (kf, &length, NULL);
  bytes = g_bytes_new_take (data, length);
  return il_workload_load_bytes (bytes, "trace", error);
}

/* Shows @runs as the runs on screen (a live one last while tracing). */
static void
show_trace_runs (IlWindow  *self,
                 GPtrArray *runs)
{
  g_clear_pointer (&self->runs, g_ptr_array_unref);
  self->runs = g_ptr_array_ref (runs);
  /* A sweep on screen is forgotten; its runs are seen in the timeline
   * views, as files opened are (il-window-files.c) */
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

/* The runs to show: those kept, and @record's */
static GPtrArray *
runs_with (IlWindow    *self,
           IlRunRecord *record)
{
  GPtrArray *runs = g_ptr_array_new_with_free_func ((GDestroyNotify) il_run_unref);

  for (guint i = 0; self->trace_kept != NULL && i < self->trace_kept->len; i++)
    g_ptr_array_add (runs, il_run_ref (g_ptr_array_index (self->trace_kept, i)));
  g_ptr_array_add (runs, il_run_new_from_record (self->trace_workload, record));
  return runs;
}

/* @record's run in the place of the last: the zoom and the highlight
 * stay while the program's run grows */
static void
replace_trace_run (IlWindow    *self,
                   IlRunRecord *record)
{
  IlRun *run;
  guint last;

  if (self->runs == NULL || self->runs->len == 0 ||
      il_timeline_view_get_n_runs (self->timeline) != self->runs->len)
    {
      g_autoptr(GPtrArray) runs = runs_with (self, record);

      show_trace_runs (self, runs);
      return;
    }
  run = il_run_new_from_record (self->trace_workload, record);
  last = self->runs->len - 1;
  il_run_unref (g_ptr_array_index (self->runs, last));
  g_ptr_array_index (self->runs, last) = run;
  il_timeline_view_replace_run (self->timeline, last, run);
  il_summary_table_refresh (self->summary);
}

static void
update_trace_progress (IlWindow *self)
{
  IlTracerResult r = { 0, };
  g_autofree char *text = NULL;
  g_autofree char *threads = NULL;

  il_tracer_get_result (self->tracer, &r);
  threads = g_strdup_printf (ngettext ("%u thread", "%u threads", r.threads_seen), r.threads_seen);
  /* Translators: the progress while a program is traced, e.g.
   * "Tracing · 3 threads in 1 process · sampled every 1 ms from /proc" */
  text = g_strdup_printf (ngettext ("Tracing · %s in %u process · %s", "Tracing · %s in %u processes · %s",
                                    r.processes_seen),
                          threads, r.processes_seen, r.method_text != NULL ? r.method_text : "");
  gtk_label_set_text (self->progress_label, text);
  il_tracer_result_clear (&r);
}

static void
trace_progress (IlTracer    *tracer,
                IlRunRecord *record,
                gpointer     user_data)
{
  IlWindow *self = user_data;
  g_autoptr(GPtrArray) runs = NULL;

  if (self->disposed || tracer != self->tracer || record == NULL || record->snapshot == NULL)
    return;
  if (self->trace_shown)
    replace_trace_run (self, record);
  else
    {
      runs = runs_with (self, record);
      show_trace_runs (self, runs);
      self->trace_shown = TRUE;
    }
  update_trace_progress (self);
}

/* How the program ended, for the toast and the progress line */
static char *
dup_ending (IlTracer *tracer)
{
  IlTracerResult r = { 0, };
  char *text;

  il_tracer_get_result (tracer, &r);
  if (r.stopped)
    text = g_strdup (r.killed ? _("Stopped the program (SIGTERM, then SIGKILL)") : _("Stopped the program"));
  else if (r.exit_signal != 0)
    /* Translators: how a traced program ended */
    text = g_strdup_printf (_("The program was killed by signal %d"), r.exit_signal);
  else if (r.exited)
    /* Translators: how a traced program ended */
    text = g_strdup_printf (_("The program exited with status %d"), r.exit_status);
  else
    text = g_strdup (_("The program ended"));
  il_tracer_result_clear (&r);
  return text;
}

static void
end_tracing (IlWindow *self)
{
  GApplication *app = g_steal_pointer (&self->held_app);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->tracer);
  g_clear_pointer (&self->trace_kept, g_ptr_array_unref);
  g_clear_pointer (&self->trace_before, g_ptr_array_unref);
  g_clear_pointer (&self->trace_site, il_demo_site_free);
  g_clear_pointer (&self->trace_workload, il_workload_unref);
  self->trace_shown = FALSE;
  if (!self->disposed)
    {
      il_window_set_running_ui (self, FALSE);
      il_window_notify_running (self);
    }
  if (app != NULL)
    {
      g_application_release (app);
      g_object_unref (app);
    }
}

static void
trace_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(IlWindow) self = user_data;
  IlTracer *tracer = IL_TRACER (source);
  g_autoptr(GError) error = NULL;
  IlRunRecord *record = il_tracer_run_finish (tracer, result, &error);

  if (record == NULL)
    {
      /* Nothing was traced: what was on screen stays, or comes back */
      if (!self->disposed && self->trace_shown && self->trace_before != NULL)
        show_trace_runs (self, self->trace_before);
      if (!self->disposed)
        gtk_label_set_text (self->progress_label, "");
      end_tracing (self);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        il_window_show_error (self, _("Cannot Trace the Program"), error->message);
      return;
    }

  if (!self->disposed)
    {
      g_autofree char *ending = dup_ending (tracer);

      if (self->trace_shown)
        {
          replace_trace_run (self, record);
          il_window_update_look_for (self);
          il_window_actions_update (self);
        }
      else
        {
          g_autoptr(GPtrArray) runs = runs_with (self, record);

          show_trace_runs (self, runs);
        }
      gtk_label_set_text (self->progress_label, ending);
      il_window_show_toast (self, ending);
    }
  il_run_record_unref (record);
  end_tracing (self);
}

gboolean
il_window_trace_argv (IlWindow           *self,
                      const char * const *argv,
                      gboolean            keep,
                      GError            **error)
{
  g_autoptr(GPtrArray) kept = NULL;
  g_autoptr(IlTracer) tracer = NULL;
  IlWorkload *workload;
  GtkApplication *app;

  g_return_val_if_fail (IL_IS_WINDOW (self), FALSE);

  if (argv == NULL || argv[0] == NULL || argv[0][0] == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("The command line is empty"));
      return FALSE;
    }
  if (il_window_is_running (self) || self->opening != NULL || self->disposed)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY, _("Stop the run first"));
      return FALSE;
    }

  kept = g_ptr_array_new_with_free_func ((GDestroyNotify) il_run_unref);
  for (guint i = 0; keep && self->runs != NULL && i < self->runs->len; i++)
    {
      IlRun *run = g_ptr_array_index (self->runs, i);

      if (il_run_is_finished (run) && il_run_get_record (run) != NULL)
        g_ptr_array_add (kept, il_run_ref (run));
    }
  if (kept->len + 1 > IL_RUN_FILE_MAX_RUNS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("A comparison holds at most %u runs"), IL_RUN_FILE_MAX_RUNS);
      return FALSE;
    }

  tracer = il_tracer_new (argv, NULL);
  workload = make_trace_workload (il_tracer_get_command (tracer), error);
  if (workload == NULL)
    return FALSE;

  /* The runs on screen stop being the chain's: they are the trace's now */
  g_clear_pointer (&self->chain, il_run_chain_unref);
  self->trace_before = self->runs != NULL ? g_ptr_array_ref (self->runs) : NULL;
  self->trace_kept = g_steal_pointer (&kept);
  self->tracer = g_steal_pointer (&tracer);
  self->trace_workload = workload;
  self->cancellable = g_cancellable_new ();

  app = gtk_window_get_application (GTK_WINDOW (self));
  if (app != NULL)
    {
      self->held_app = g_object_ref (G_APPLICATION (app));
      g_application_hold (self->held_app);
    }

  {
    /* Translators: the progress line before the program's first sample */
    g_autofree char *text = g_strdup_printf (_("Tracing “%s”…"), il_tracer_get_command (self->tracer));

    gtk_label_set_text (self->progress_label, text);
  }
  il_window_set_running_ui (self, TRUE);
  il_window_notify_running (self);
  il_tracer_run_async (self->tracer, self->cancellable, trace_progress, self, NULL,
                       trace_done, g_object_ref (self));
  return TRUE;
}

gboolean
il_window_trace_command_line (IlWindow    *self,
                              const char  *command_line,
                              gboolean     keep,
                              GError     **error)
{
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (IL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (command_line != NULL, FALSE);

  if (!g_shell_parse_argv (command_line, NULL, &argv, &local_error))
    {
      if (g_error_matches (local_error, G_SHELL_ERROR, G_SHELL_ERROR_EMPTY_STRING))
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("The command line is empty"));
      else
        /* Translators: %s is GLib's reason, e.g. "Text ended before matching quote was found for '." */
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     _("The command line cannot be read: %s"), local_error->message);
      return FALSE;
    }
  return il_window_trace_argv (self, (const char * const *) argv, keep, error);
}

gboolean
il_window_trace_example (IlWindow    *self,
                         const char  *name,
                         gboolean     keep,
                         GError     **error)
{
  g_autofree char *dir = il_window_dup_examples_dir ();
  g_autofree char *path = NULL;
  const char *argv[4] = { system_python (), NULL, NULL, NULL };
  IlDemoSite *site = NULL;

  g_return_val_if_fail (IL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  path = g_build_filename (dir, name, NULL);
  if (strchr (name, '/') != NULL || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("There is no example program “%s” in %s"), name, dir);
      return FALSE;
    }
  argv[1] = path;

  /* A crawler crawls the built-in demo site, started for it: its address
   * is the program's first argument (data/examples/crawl_common.py) */
  if (g_str_has_prefix (name, "crawl"))
    {
      IlDemoSiteOptions options;

      if (il_window_is_running (self))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY, _("Stop the run first"));
          return FALSE;
        }
      il_demo_site_options_init (&options);
      site = il_demo_site_new_in_thread (&options, 0, error);
      if (site == NULL)
        return FALSE;
      argv[2] = il_demo_site_get_url (site);
    }
  if (!il_window_trace_argv (self, argv, keep, error))
    {
      g_clear_pointer (&site, il_demo_site_free);
      return FALSE;
    }
  self->trace_site = site;
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* The dialog */

typedef struct {
  IlWindow  *window;
  GtkWidget *dialog;
  GtkEntry  *entry;
  GtkLabel  *error_label;
  GtkCheckButton *keep_check;
} TraceDialog;

static void
trace_dialog_free (TraceDialog *d)
{
  g_object_unref (d->window);
  g_free (d);
}

/* The Trace button is on only for a command line that can be read; why
 * not, says the line under the entry */
static void
on_command_changed (GtkEditable *editable,
                    TraceDialog *d)
{
  const char *text = gtk_editable_get_text (editable);
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok = g_shell_parse_argv (text, NULL, &argv, &error);

  if (ok || g_error_matches (error, G_SHELL_ERROR, G_SHELL_ERROR_EMPTY_STRING))
    gtk_label_set_text (d->error_label, "");
  else
    {
      /* Translators: under the command line entry; %s is GLib's reason */
      g_autofree char *message = g_strdup_printf (_("Cannot read this command line: %s"), error->message);

      gtk_label_set_text (d->error_label, message);
    }
  gtk_widget_set_visible (GTK_WIDGET (d->error_label), !ok && *text != '\0');
  if (ok)
    gtk_widget_remove_css_class (GTK_WIDGET (d->entry), "error");
  else if (*text != '\0')
    gtk_widget_add_css_class (GTK_WIDGET (d->entry), "error");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (d->dialog), "trace", ok);
}

G_GNUC_BEGIN_IGNORE_DEPRECATIONS

static void
script_chosen (GtkNativeDialog *native,
               int              response,
               TraceDialog     *d)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        {
          g_autofree char *quoted = g_shell_quote (path);
          g_autofree char *line = g_strdup_printf ("%s %s", system_python (), quoted);

          gtk_editable_set_text (GTK_EDITABLE (d->entry), line);
          gtk_editable_set_position (GTK_EDITABLE (d->entry), -1);
          gtk_widget_grab_focus (GTK_WIDGET (d->entry));
        }
    }
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

static void
on_choose_script (GtkButton   *button,
                  TraceDialog *d)
{
  GtkFileChooserNative *native;
  GtkFileFilter *filter = gtk_file_filter_new ();
  g_autofree char *examples = il_window_dup_examples_dir ();
  g_autoptr(GFile) folder = g_file_new_for_path (examples);

  native = gtk_file_chooser_native_new (_("Choose a Python Script"), GTK_WINDOW (d->dialog),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_filter_set_name (filter, _("Python scripts"));
  gtk_file_filter_add_mime_type (filter, "text/x-python");
  gtk_file_filter_add_mime_type (filter, "text/x-python3");
  gtk_file_filter_add_pattern (filter, "*.py");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_object_unref (filter);
  if (g_file_query_exists (folder, NULL))
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), folder, NULL);
  g_signal_connect (native, "response", G_CALLBACK (script_chosen), d);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

G_GNUC_END_IGNORE_DEPRECATIONS

static void
on_trace_response (AdwMessageDialog *dialog,
                   const char       *response,
                   TraceDialog      *d)
{
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "trace"))
    return;
  if (!il_window_trace_command_line (d->window, gtk_editable_get_text (GTK_EDITABLE (d->entry)),
                                     gtk_check_button_get_active (d->keep_check), &error))
    il_window_show_error (d->window, _("Cannot Trace the Program"), error->message);
}

GtkWidget *
il_window_show_trace_dialog (IlWindow *self)
{
  TraceDialog *d = g_new0 (TraceDialog, 1);
  GtkWidget *box, *label, *choose, *keep;
  gboolean has_finished = FALSE;

  g_return_val_if_fail (IL_IS_WINDOW (self), NULL);

  for (guint i = 0; self->runs != NULL && i < self->runs->len; i++)
    has_finished |= il_run_is_finished (g_ptr_array_index (self->runs, i));

  d->window = g_object_ref (self);
  d->dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Trace a Program"),
                                      _("Interleave runs the program and records every thread of it "
                                        "and of its child processes: when each ran, waited for a core, "
                                        "for a lock (in Python, the GIL) or for I/O."));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  choose = gtk_button_new_with_mnemonic (_("Choose a _Script…"));
  gtk_widget_set_tooltip_text (choose, _("A Python script, run with the system’s python3"));
  gtk_widget_set_halign (choose, GTK_ALIGN_START);
  g_signal_connect (choose, "clicked", G_CALLBACK (on_choose_script), d);
  gtk_box_append (GTK_BOX (box), choose);

  label = gtk_label_new_with_mnemonic (_("Or a _command line:"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_top (label, 6);
  gtk_box_append (GTK_BOX (box), label);

  d->entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_activates_default (d->entry, TRUE);
  gtk_entry_set_placeholder_text (d->entry, "python3 my-program.py --fast");
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (d->entry));
  gtk_accessible_update_relation (GTK_ACCESSIBLE (d->entry),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL,
                                  -1);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (d->entry));

  d->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (d->error_label, 0);
  gtk_label_set_wrap (d->error_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (d->error_label), "error");
  gtk_widget_add_css_class (GTK_WIDGET (d->error_label), "caption");
  gtk_widget_set_visible (GTK_WIDGET (d->error_label), FALSE);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (d->entry),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, d->error_label, NULL,
                                  -1);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (d->error_label));

  keep = gtk_check_button_new_with_mnemonic (_("_Keep the runs on screen beside it"));
  gtk_widget_set_tooltip_text (keep, _("The traced run joins the finished runs as one comparison"));
  gtk_widget_set_sensitive (keep, has_finished);
  gtk_widget_set_margin_top (keep, 6);
  d->keep_check = GTK_CHECK_BUTTON (keep);
  gtk_box_append (GTK_BOX (box), keep);

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (d->dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (d->dialog),
                                    "cancel", _("_Cancel"),
                                    "trace", _("_Trace"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (d->dialog), "trace", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (d->dialog), "trace");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (d->dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (d->dialog), "trace", FALSE);
  g_signal_connect (d->entry, "changed", G_CALLBACK (on_command_changed), d);
  g_signal_connect (d->dialog, "response", G_CALLBACK (on_trace_response), d);
  g_object_set_data_full (G_OBJECT (d->dialog), "il-trace-dialog", d, (GDestroyNotify) trace_dialog_free);
  gtk_window_present (GTK_WINDOW (d->dialog));
  gtk_widget_grab_focus (GTK_WIDGET (d->entry));
  return d->dialog;
}

static void
trace_program_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  il_window_show_trace_dialog (IL_WINDOW (widget));
}

void
il_window_trace_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.trace-program", NULL, trace_program_activated);
}

void
il_window_trace_update (IlWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.trace-program",
                                 !il_window_is_running (self) && self->opening == NULL);
}
