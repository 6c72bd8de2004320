/* il-application.c — the GtkApplication: one window, app actions
 *
 * The app actions are a contract (DESIGN.md): scripts drive the running app
 * with `gapplication action io.github.interleave.Interleave ACTION [PARAM]`:
 *
 *   select-workload 'NAME-OR-PATH'   a catalogue name or a .workload file
 *   run                              run the workload under the selected models
 *   stop                             cancel the run
 *   export '/path/picture.png'       the timeline as on screen (.png .svg .pdf)
 *   trace-program 'COMMAND LINE'     trace a real program ('': the dialog)
 *   add-trace 'COMMAND LINE'         the same, beside the finished runs
 *   trace-example 'three-threads.py' one of the example programs
 *
 * They act on the main window, opening one when there is none.
 */

#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <glib/gi18n.h>

#include "il-application.h"
#include "il-help-window.h"
#include "il-machine.h"
#include "il-preferences-dialog.h"
#include "il-window.h"

struct _IlApplication {
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (IlApplication, il_application, ADW_TYPE_APPLICATION)

GSettings *
il_application_create_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);

  if (schema == NULL && il_machine_running_uninstalled ())
    {
      /* Running uninstalled: the schema the build compiled in data/. */
      g_autoptr(GSettingsSchemaSource) build = NULL;

      build = g_settings_schema_source_new_from_directory (BUILDDIR "/data", source, FALSE, NULL);
      if (build != NULL)
        schema = g_settings_schema_source_lookup (build, APPLICATION_ID, FALSE);
    }

  if (schema == NULL)
    {
      g_printerr (_("The settings schema %s is not installed: install Interleave, or run it "
                    "with “meson devenv” from the build directory\n"), APPLICATION_ID);
      exit (1);
    }
  return g_settings_new_full (schema, NULL, NULL);
}

/* ------------------------------------------------------------------------ */

static IlWindow *
find_window (IlApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (IL_IS_WINDOW (l->data))
      return l->data;
  return NULL;
}

static void
set_enabled (IlApplication *self,
             const char    *name,
             gboolean       enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  if (action != NULL)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

static void
sync_actions (IlApplication *self)
{
  IlWindow *window = find_window (self);
  gboolean running = window != NULL && il_window_is_running (window);
  GAction *select;

  set_enabled (self, "run", !running);
  set_enabled (self, "stop", running);
  set_enabled (self, "trace-example", !running);

  select = g_action_map_lookup_action (G_ACTION_MAP (self), "select-workload");
  if (select != NULL && window != NULL && il_window_get_workload_id (window) != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (select),
                               g_variant_new_string (il_window_get_workload_id (window)));
}

static IlWindow *
get_window (IlApplication *self)
{
  IlWindow *window = find_window (self);

  if (window == NULL)
    {
      window = il_window_new (self);
      g_signal_connect_object (window, "notify::running", G_CALLBACK (sync_actions),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (window, "notify::workload-id", G_CALLBACK (sync_actions),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (window, "destroy", G_CALLBACK (sync_actions),
                               self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
      sync_actions (self);
      gtk_window_present (GTK_WINDOW (window));
    }
  return window;
}

static void
il_application_activate (GApplication *app)
{
  gtk_window_present (GTK_WINDOW (get_window (IL_APPLICATION (app))));
}

static void
run_activated (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  il_window_run (get_window (user_data));
}

static void
stop_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  IlWindow *window = find_window (user_data);

  if (window != NULL)
    il_window_stop (window);
}

static void
select_workload_activated (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  il_window_open_workload (get_window (user_data), g_variant_get_string (parameter, NULL));
}

static void
export_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  IlWindow *window = get_window (user_data);
  const char *path = g_variant_get_string (parameter, NULL);
  g_autoptr(GError) error = NULL;

  if (!il_window_export (window, path, &error))
    il_window_show_error (window, _("Cannot Export the Timeline"), error->message);
  else
    {
      g_autofree char *name = g_filename_display_basename (path);
      g_autofree char *title = g_strdup_printf (_("Exported “%s”"), name);

      il_window_show_toast (window, title);
    }
}

static void
save_run_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  IlWindow *window = get_window (user_data);
  g_autoptr(GError) error = NULL;

  if (!il_window_save_runs (window, g_variant_get_string (parameter, NULL), &error))
    il_window_show_error (window, _("Cannot Save the Runs"), error->message);
}

static void
open_run_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  IlWindow *window = get_window (user_data);
  g_autoptr(GError) error = NULL;

  if (!il_window_open_runs (window, g_variant_get_string (parameter, NULL), &error))
    il_window_show_error (window, _("Cannot Open the Runs"), error->message);
}

static void
add_runs_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  IlWindow *window = get_window (user_data);
  g_autoptr(GError) error = NULL;

  if (!il_window_add_runs (window, g_variant_get_string (parameter, NULL), &error))
    il_window_show_error (window, _("Cannot Open the Runs"), error->message);
}

/* A command line to trace; an empty one opens "Trace a Program…" */
static void
trace (IlApplication *self,
       GVariant      *parameter,
       gboolean       keep)
{
  IlWindow *window = get_window (self);
  const char *command_line = g_variant_get_string (parameter, NULL);
  g_autoptr(GError) error = NULL;

  if (*command_line == '\0')
    il_window_show_trace_dialog (window);
  else if (!il_window_trace_command_line (window, command_line, keep, &error))
    il_window_show_error (window, _("Cannot Trace the Program"), error->message);
}

static void
trace_program_activated (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  trace (user_data, parameter, FALSE);
}

static void
add_trace_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  trace (user_data, parameter, TRUE);
}

static void
trace_example_activated (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  IlWindow *window = get_window (user_data);
  g_autoptr(GError) error = NULL;

  if (!il_window_trace_example (window, g_variant_get_string (parameter, NULL), FALSE, &error))
    il_window_show_error (window, _("Cannot Trace the Program"), error->message);
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  IlWindow *window = get_window (user_data);
  GtkWindow *dialog = il_preferences_dialog_new (GTK_WINDOW (window));

  gtk_window_present (dialog);
}

static void
help_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  IlWindow *window = get_window (user_data);

  gtk_window_present (il_help_window_new (GTK_WINDOW (window)));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  static const char *developers[] = { "The Interleave developers", NULL };
  IlWindow *window = get_window (user_data);

  adw_show_about_window (GTK_WINDOW (window),
                         "application-name", _("Interleave"),
                         "application-icon", APPLICATION_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Run workloads under different concurrency models and "
                                       "see, on one time axis, when each task ran, in which "
                                       "state and on which core."),
                         "developer-name", _("The Interleave developers"),
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_autoptr(GList) windows = NULL;

  /* Closing cancels the run; the app ends once its threads are joined. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (user_data)));
  for (GList *l = windows; l; l = l->next)
    gtk_window_close (l->data);
}

static const GActionEntry app_actions[] = {
  { "run", run_activated },
  { "stop", stop_activated },
  { "select-workload", select_workload_activated, "s", "''" },
  { "export", export_activated, "s" },
  { "save-run", save_run_activated, "s" },
  { "open-run", open_run_activated, "s" },
  { "add-runs", add_runs_activated, "s" },
  { "trace-program", trace_program_activated, "s" },
  { "add-trace", add_trace_activated, "s" },
  { "trace-example", trace_example_activated, "s" },
  { "preferences", preferences_activated },
  { "help", help_activated },
  { "about", about_activated },
  { "quit", quit_activated },
};

static void
set_accels (GtkApplication *app,
            const char     *action,
            const char     *first_accel,
            ...)
{
  g_autoptr(GPtrArray) accels = g_ptr_array_new ();
  va_list args;

  va_start (args, first_accel);
  for (const char *accel = first_accel; accel; accel = va_arg (args, const char *))
    g_ptr_array_add (accels, (gpointer) accel);
  va_end (args);
  g_ptr_array_add (accels, NULL);
  gtk_application_set_accels_for_action (app, action, (const char * const *) accels->pdata);
}

static void
il_application_startup (GApplication *app)
{
  GtkApplication *gtk_app = GTK_APPLICATION (app);
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *workload = NULL;
  GAction *select;

  G_APPLICATION_CLASS (il_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  settings = il_application_create_settings ();
  workload = g_settings_get_string (settings, "workload");
  select = g_action_map_lookup_action (G_ACTION_MAP (app), "select-workload");
  g_simple_action_set_state (G_SIMPLE_ACTION (select), g_variant_new_string (workload));
  set_enabled (IL_APPLICATION (app), "stop", FALSE);

  set_accels (gtk_app, "app.run", "<Control>r", "F5", NULL);
  set_accels (gtk_app, "app.stop", "Escape", NULL);
  set_accels (gtk_app, "app.quit", "<Control>q", NULL);
  set_accels (gtk_app, "app.preferences", "<Control>comma", NULL);
  set_accels (gtk_app, "app.help", "F1", NULL);
  set_accels (gtk_app, "win.open-workload", "<Control><Shift>o", NULL);
  set_accels (gtk_app, "win.open-run", "<Control>o", NULL);
  set_accels (gtk_app, "win.save-run", "<Control>s", NULL);
  set_accels (gtk_app, "win.trace-program", "<Control>t", NULL);
  set_accels (gtk_app, "win.export-as::png", "<Control>e", NULL);
  set_accels (gtk_app, "win.copy-image", "<Control><Shift>c", NULL);
  set_accels (gtk_app, "win.zoom-in", "<Control>plus", "<Control>equal", "<Control>KP_Add", NULL);
  set_accels (gtk_app, "win.zoom-out", "<Control>minus", "<Control>KP_Subtract", NULL);
  set_accels (gtk_app, "win.zoom-fit", "<Control>0", "<Control>KP_0", NULL);
  set_accels (gtk_app, "win.view::tasks", "<Control>1", NULL);
  set_accels (gtk_app, "win.view::workers", "<Control>2", NULL);
  set_accels (gtk_app, "win.view::cores", "<Control>3", NULL);
  set_accels (gtk_app, "win.view::plot", "<Control>4", NULL);
  set_accels (gtk_app, "win.show-side-panel", "F9", NULL);
}

static void
il_application_class_init (IlApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = il_application_activate;
  app_class->startup = il_application_startup;
}

static void
il_application_init (IlApplication *self)
{
}

IlApplication *
il_application_new (void)
{
  return g_object_new (IL_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/interleave/Interleave",
                       NULL);
}
