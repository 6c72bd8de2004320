/* il-window.c — the main window: runs a workload under each model, live */

#include "config.h"

#include <glib/gi18n.h>

#include "il-machine.h"
#include "il-timeline-view.h"
#include "il-window.h"

#define DEFAULT_WORKLOAD "three-tasks"

struct _IlWindow {
  AdwApplicationWindow parent_instance;

  AdwWindowTitle *window_title;
  GtkWidget      *run_button;
  GtkWidget      *stop_button;
  IlTimelineView *timeline;
  GtkLabel       *progress_label;
  GtkLabel       *machine_label;

  IlWorkload     *workload;
  GPtrArray      *runs;          /* IlRun*, in the order they run */
  guint           next_run;
  GCancellable   *cancellable;
  guint           progress_id;
};

G_DEFINE_FINAL_TYPE (IlWindow, il_window, ADW_TYPE_APPLICATION_WINDOW)

static void start_next (IlWindow *self);

gboolean
il_window_is_running (IlWindow *self)
{
  return self->cancellable != NULL;
}

static void
set_running (IlWindow *self,
             gboolean  running)
{
  gtk_widget_set_visible (self->run_button, !running);
  gtk_widget_set_visible (self->stop_button, running);
}

static gboolean
update_progress (gpointer user_data)
{
  IlWindow *self = user_data;
  guint done = 0, total = 0;

  for (guint i = 0; self->runs && i < self->runs->len; i++)
    {
      guint d, t;

      il_run_get_progress (g_ptr_array_index (self->runs, i), &d, &t);
      done += d;
      total += t;
    }
  {
    g_autofree char *text = g_strdup_printf (_("%u / %u tasks"), done, total);
    gtk_label_set_text (self->progress_label, text);
  }
  return G_SOURCE_CONTINUE;
}

static void
run_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(IlWindow) self = user_data;
  IlRun *run = g_ptr_array_index (self->runs, self->next_run - 1);
  g_autoptr(GError) error = NULL;

  if (!il_run_execute_finish (run, result, &error))
    g_warning ("run failed: %s", error->message);

  if (!g_cancellable_is_cancelled (self->cancellable) && self->next_run < self->runs->len)
    {
      start_next (self);
      return;
    }

  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->progress_id, g_source_remove);
  update_progress (self);
  set_running (self, FALSE);
  g_application_release (g_application_get_default ());
}

static void
start_next (IlWindow *self)
{
  IlRun *run = g_ptr_array_index (self->runs, self->next_run++);

  il_run_execute_async (run, self->cancellable, run_done, g_object_ref (self));
}

void
il_window_run (IlWindow *self)
{
  const char * const *models;

  g_return_if_fail (IL_IS_WINDOW (self));

  if (il_window_is_running (self))
    return;

  g_clear_pointer (&self->runs, g_ptr_array_unref);
  self->runs = g_ptr_array_new_with_free_func ((GDestroyNotify) il_run_unref);
  models = il_workload_get_models (self->workload);
  for (guint i = 0; models[i]; i++)
    {
      IlModel model;

      if (il_model_from_string (models[i], &model))
        g_ptr_array_add (self->runs, il_run_new (self->workload, NULL, model));
    }
  if (self->runs->len == 0)
    return;

  self->next_run = 0;
  self->cancellable = g_cancellable_new ();
  /* Keep the app alive until the last run has joined its threads. */
  g_application_hold (g_application_get_default ());
  set_running (self, TRUE);
  il_timeline_view_set_runs (self->timeline, self->runs);
  self->progress_id = g_timeout_add (100, update_progress, self);
  start_next (self);
}

void
il_window_stop (IlWindow *self)
{
  g_return_if_fail (IL_IS_WINDOW (self));

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
}

static gboolean
il_window_close_request (GtkWindow *window)
{
  il_window_stop (IL_WINDOW (window));
  return GTK_WINDOW_CLASS (il_window_parent_class)->close_request (window);
}

static void
il_window_dispose (GObject *object)
{
  IlWindow *self = IL_WINDOW (object);

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->progress_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), IL_TYPE_WINDOW);

  G_OBJECT_CLASS (il_window_parent_class)->dispose (object);
}

static void
il_window_finalize (GObject *object)
{
  IlWindow *self = IL_WINDOW (object);

  g_clear_pointer (&self->runs, g_ptr_array_unref);
  g_clear_pointer (&self->workload, il_workload_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (il_window_parent_class)->finalize (object);
}

static void
il_window_class_init (IlWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = il_window_dispose;
  object_class->finalize = il_window_finalize;
  window_class->close_request = il_window_close_request;

  g_type_ensure (IL_TYPE_TIMELINE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/interleave/Interleave/il-window.ui");
  gtk_widget_class_bind_template_child (widget_class, IlWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, IlWindow, run_button);
  gtk_widget_class_bind_template_child (widget_class, IlWindow, stop_button);
  gtk_widget_class_bind_template_child (widget_class, IlWindow, timeline);
  gtk_widget_class_bind_template_child (widget_class, IlWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, IlWindow, machine_label);
}

static void
il_window_init (IlWindow *self)
{
  g_autofree char *machine = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  machine = g_strdup_printf (ngettext ("%u logical core · %s", "%u logical cores · %s",
                                       il_machine_get_logical_cores ()),
                             il_machine_get_logical_cores (), il_machine_get_cpu_model ());
  gtk_label_set_text (self->machine_label, machine);

  self->workload = il_catalogue_lookup (DEFAULT_WORKLOAD);
  adw_window_title_set_subtitle (self->window_title, il_workload_get_title (self->workload));
  il_window_run (self);
}

IlWindow *
il_window_new (IlApplication *application)
{
  return g_object_new (IL_TYPE_WINDOW, "application", application, NULL);
}
