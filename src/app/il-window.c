/* il-window.c — the main window: a workload, its runs, live timelines
 *
 * A Run executes the workload under every selected model, sequential first
 * (speedups are computed against it), one run after another so that they do
 * not compete for the cores: a run chain (il-run-chain.h, see
 * il-window-runs.c).  The window holds the application from the first run
 * until the chain's callback, so closing the window or pressing Stop cancels
 * the run and the process stays until every thread has been joined.
 *
 * What the user chose (workload, models, numbers, view) lives in GSettings;
 * the window follows the settings, so the preferences, the side panel, the
 * tests and `gsettings` all drive it the same way.
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "il-look-for.h"
#include "il-machine.h"
#include "il-window-private.h"

#define DEFAULT_WORKLOAD "three-tasks"

enum {
  PROP_0,
  PROP_WORKLOAD_ID,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The run chain started or ended (il-window-runs.c). */
void
il_window_notify_running (IlWindow *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

G_DEFINE_FINAL_TYPE (IlWindow, il_window, ADW_TYPE_APPLICATION_WINDOW)


/* ------------------------------------------------------------------------ */
/* Messages */

void
il_window_show_toast (IlWindow   *self,
                      const char *title)
{
  g_autofree char *escaped = NULL;

  g_return_if_fail (IL_IS_WINDOW (self));

  if (self->disposed)
    return;
  /* A toast's title is markup (libadwaita 1.2); ours are plain text. */
  escaped = g_markup_escape_text (title, -1);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

void
il_window_show_error (IlWindow   *self,
                      const char *heading,
                      const char *body)
{
  GtkWidget *dialog;

  g_return_if_fail (IL_IS_WINDOW (self));

  if (self->disposed)
    {
      g_warning ("%s: %s", heading, body);
      return;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ------------------------------------------------------------------------ */
/* Models */

void
il_window_get_selected_models (IlWindow *self,
                               gboolean  selected[IL_N_MODELS])
{
  g_auto(GStrv) ids = g_settings_get_strv (self->settings, "models");

  for (guint m = 0; m < IL_N_MODELS; m++)
    selected[m] = FALSE;

  if (ids[0] != NULL)
    {
      for (guint i = 0; ids[i]; i++)
        {
          IlModel model;

          if (il_model_from_string (ids[i], &model))
            selected[model] = TRUE;
        }
      return;
    }

  /* Nothing chosen: the models that suit the workload. */
  for (guint m = 0; m < IL_N_MODELS && self->workload; m++)
    selected[m] = il_workload_suits_model (self->workload, il_model_get_info (m)->id);
}

void
il_window_set_selected_models (IlWindow       *self,
                               const gboolean  selected[IL_N_MODELS])
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) ids = NULL;
  gboolean same_as_workload = self->workload != NULL;

  for (guint m = 0; m < IL_N_MODELS; m++)
    {
      const char *id = il_model_get_info (m)->id;

      if (selected[m])
        g_strv_builder_add (builder, id);
      if (self->workload && selected[m] != il_workload_suits_model (self->workload, id))
        same_as_workload = FALSE;
    }
  ids = g_strv_builder_end (builder);

  /* The workload's own choice is stored as "nothing chosen". */
  if (same_as_workload)
    g_settings_reset (self->settings, "models");
  else
    g_settings_set_strv (self->settings, "models", (const char * const *) ids);
}

/* ------------------------------------------------------------------------ */
/* Numbers */

void
il_window_get_params (IlWindow         *self,
                      IlWorkloadParams *params)
{
  *params = (IlWorkloadParams) IL_WORKLOAD_PARAMS_INIT;
  params->tasks = g_settings_get_int (self->settings, "tasks");
  params->workers = g_settings_get_int (self->settings, "workers");
  params->io_ms = g_settings_get_int64 (self->settings, "io-ms");
  params->cpu_ms = g_settings_get_int64 (self->settings, "cpu-ms");
  params->seed = g_settings_get_int64 (self->settings, "seed");
}

/* A crawl's start URL and page limit (web-crawl), when the engine has them. */
static void
update_crawl_numbers (IlWindow *self)
{
  const IlCrawlSettings *crawl = il_workload_get_crawl (self->workload);
  g_autofree char *url = g_settings_get_string (self->settings, "crawl-url");
  int pages = g_settings_get_int (self->settings, "max-pages");

  gtk_widget_set_visible (GTK_WIDGET (self->url_row), crawl != NULL);
  gtk_widget_set_visible (self->pages_row, crawl != NULL);
  /* A crawl starts with one task, its first page: Count does not apply. */
  gtk_widget_set_sensitive (self->tasks_row, crawl == NULL);
  if (crawl == NULL)
    return;

  self->updating_numbers = TRUE;
  if (url[0] == '\0' && crawl->start_url != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->url_row), crawl->start_url);
  else
    gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);
  gtk_spin_button_set_value (self->pages_spin, pages > 0 ? pages : crawl->max_pages);
  self->updating_numbers = FALSE;
}

static void
on_url_applied (AdwEntryRow *row,
                IlWindow    *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autofree char *url = g_strstrip (g_strdup (text));
  const char *scheme = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;

  if (self->updating_numbers)
    return;
  if (url[0] == '\0')
    {
      g_settings_reset (self->settings, "crawl-url");
      return;
    }

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, &error);
  if (uri != NULL)
    scheme = g_uri_get_scheme (uri);
  if (uri == NULL || g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0' ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0))
    {
      g_autofree char *message = NULL;

      /* Translators: %s is what the user typed */
      message = g_strdup_printf (_("“%s” is not an http:// or https:// address"), url);
      il_window_show_toast (self, message);
      return;
    }
  g_settings_set_string (self->settings, "crawl-url", url);
}

/* The numbers in force; no worker count means one per logical core. */
static void
resolve_params (IlWorkload             *workload,
                const IlWorkloadParams *params,
                IlWorkloadParams       *resolved)
{
  il_workload_resolve_params (workload, params, resolved);
  if (resolved->workers <= 0)
    resolved->workers = il_machine_get_logical_cores ();
}

static void
update_numbers (IlWindow *self)
{
  IlWorkloadParams params, resolved;

  if (self->workload == NULL)
    return;
  il_window_get_params (self, &params);
  resolve_params (self->workload, &params, &resolved);

  self->updating_numbers = TRUE;
  gtk_spin_button_set_value (self->tasks_spin, resolved.tasks);
  gtk_spin_button_set_value (self->workers_spin, resolved.workers);
  gtk_spin_button_set_value (self->io_spin, resolved.io_ms);
  gtk_spin_button_set_value (self->cpu_spin, resolved.cpu_ms);
  gtk_spin_button_set_value (self->seed_spin, resolved.seed);
  self->updating_numbers = FALSE;

  gtk_widget_set_sensitive (GTK_WIDGET (self->io_spin), il_workload_uses_io (self->workload));
  gtk_widget_set_sensitive (GTK_WIDGET (self->cpu_spin), il_workload_uses_cpu (self->workload));
  /* The seed only changes random sleeps. */
  gtk_widget_set_sensitive (self->seed_row, il_workload_uses_random (self->workload));
  update_crawl_numbers (self);
}

/* ------------------------------------------------------------------------ */
/* Numbers typed and wheeled */

/* A spin button takes the wheel only once it has the focus, as GNOME
 * Settings does; before that the wheel scrolls the panel. */
static gboolean
on_spin_scroll (GtkEventControllerScroll *controller,
                double                    dx,
                double                    dy,
                IlWindow                 *self)
{
  GtkWidget *spin = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkAdjustment *vadj;
  double step;

  if (focus != NULL && (focus == spin || gtk_widget_is_ancestor (focus, spin)))
    return FALSE;

  /* What GtkScrolledWindow does for one wheel click */
  vadj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->side_panel));
  step = pow (gtk_adjustment_get_page_size (vadj), 2.0 / 3.0);
  if (gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_SURFACE)
    step = 1;
  gtk_adjustment_set_value (vadj, gtk_adjustment_get_value (vadj) + dy * step);
  return TRUE;
}

/* Text that is not a whole number in range is refused where it was typed;
 * the spin button goes back to its last value. */
static int
on_spin_input (GtkSpinButton *spin,
               double        *new_value,
               IlWindow      *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (spin));
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  GtkAdjustment *adj = gtk_spin_button_get_adjustment (spin);
  gint64 value = 0;

  g_autofree char *message = NULL;

  if (g_ascii_string_to_signed (stripped, 10, (gint64) gtk_adjustment_get_lower (adj),
                                (gint64) gtk_adjustment_get_upper (adj), &value, NULL))
    {
      gtk_widget_remove_css_class (GTK_WIDGET (spin), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (spin), NULL);
      *new_value = (double) value;
      return TRUE;
    }

  /* Translators: a number typed into the side panel was refused;
   * %s is what was typed, then the smallest and largest allowed */
  message = g_strdup_printf (_("“%s” is not a whole number from %.0f to %.0f"), stripped,
                             gtk_adjustment_get_lower (adj), gtk_adjustment_get_upper (adj));
  gtk_widget_add_css_class (GTK_WIDGET (spin), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (spin), message);
  gtk_widget_error_bell (GTK_WIDGET (spin));
  il_window_show_toast (self, message);
  *new_value = gtk_spin_button_get_value (spin);
  return TRUE;
}

static void
setup_spin (IlWindow      *self,
            GtkSpinButton *spin)
{
  GtkEventController *scroll;

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  gtk_event_controller_set_propagation_phase (scroll, GTK_PHASE_CAPTURE);
  g_signal_connect (scroll, "scroll", G_CALLBACK (on_spin_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (spin), scroll);
  g_signal_connect (spin, "input", G_CALLBACK (on_spin_input), self);
}

static void
on_number_changed (GtkSpinButton *spin,
                   IlWindow      *self)
{
  IlWorkloadParams none = IL_WORKLOAD_PARAMS_INIT, defaults;
  gint64 value = (gint64) gtk_spin_button_get_value (spin);

  if (self->updating_numbers || self->workload == NULL)
    return;

  /* A value equal to the workload's own is stored as "the workload's". */
  resolve_params (self->workload, &none, &defaults);
  if (spin == self->tasks_spin)
    g_settings_set_int (self->settings, "tasks", value == defaults.tasks ? 0 : (int) value);
  else if (spin == self->workers_spin)
    g_settings_set_int (self->settings, "workers", value == defaults.workers ? 0 : (int) value);
  else if (spin == self->io_spin)
    g_settings_set_int64 (self->settings, "io-ms", value == defaults.io_ms ? -1 : value);
  else if (spin == self->cpu_spin)
    g_settings_set_int64 (self->settings, "cpu-ms", value == defaults.cpu_ms ? -1 : value);
  else if (spin == self->seed_spin)
    g_settings_set_int64 (self->settings, "seed", value == defaults.seed ? -1 : value);
  else if (spin == self->pages_spin && il_workload_get_crawl (self->workload) != NULL)
    g_settings_set_int (self->settings, "max-pages",
                        value == il_workload_get_crawl (self->workload)->max_pages ? 0 : (int) value);
}

/* ------------------------------------------------------------------------ */
/* Results made with other settings */

/* "random seed 42" */
static char *
dup_seed (gint64 seed)
{
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, seed);

  /* Translators: the seed of a workload's random sleeps, %s is a number */
  return g_strdup_printf (_("random seed %s"), number);
}

/* The numbers of @a that differ from @b's, in words: "1 task, I/O 20 ms". */
static char *
describe_params (IlWorkload             *workload,
                 const IlWorkloadParams *a,
                 gboolean                a_gil,
                 const IlWorkloadParams *b,
                 gboolean                b_gil)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (a->tasks != b->tasks && il_workload_get_crawl (workload) == NULL)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%d task", "%d tasks", a->tasks), a->tasks));
  if (a->workers != b->workers)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%d worker", "%d workers", a->workers), a->workers));
  if (a->io_ms != b->io_ms)
    /* Translators: waiting per task */
    g_ptr_array_add (parts, g_strdup_printf (_("I/O %d ms"), (int) a->io_ms));
  if (a->cpu_ms != b->cpu_ms)
    /* Translators: computing per task */
    g_ptr_array_add (parts, g_strdup_printf (_("CPU %d ms"), (int) a->cpu_ms));
  if (a->seed != b->seed && il_workload_uses_random (workload))
    g_ptr_array_add (parts, dup_seed (a->seed));
  if (a_gil != b_gil)
    g_ptr_array_add (parts, g_strdup (a_gil ? _("with the GIL emulated") : _("without the GIL")));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (", ", (char **) parts->pdata);
}

void
il_window_update_stale (IlWindow *self)
{
  g_autofree char *text = NULL;
  IlRun *first;

  if (self->disposed)
    return;
  first = self->runs != NULL && self->runs->len > 0 ? g_ptr_array_index (self->runs, 0) : NULL;
  if (first != NULL && il_timeline_view_get_n_runs (self->timeline) > 0 && self->workload != NULL)
    {
      IlWorkload *ran = il_run_get_workload (first);

      if (ran == NULL)
        ;   /* runs from another tool's trace: no workload to compare */
      else if (g_strcmp0 (il_workload_get_name (ran), il_workload_get_name (self->workload)) != 0)
        {
          /* Translators: above the timeline when the panel shows another
           * workload than the one that ran */
          text = g_strdup_printf (_("These results are for “%s”; Run to see “%s”"),
                                  il_workload_get_title (ran), il_workload_get_title (self->workload));
        }
      else
        {
          IlWorkloadParams params, now;
          gboolean gil = g_settings_get_boolean (self->settings, "gil");
          gboolean threaded = FALSE;

          il_window_get_params (self, &params);
          resolve_params (self->workload, &params, &now);
          for (guint i = 0; i < self->runs->len; i++)
            threaded |= il_model_get_info (il_run_get_model (g_ptr_array_index (self->runs, i)))->threaded;
          if (!threaded)
            gil = self->ran_gil;
          if (il_workload_get_crawl (self->workload) != NULL && self->ran_crawl_url != NULL)
            {
              /* A crawl: the site and the page limit are its numbers too */
              g_autofree char *url = g_settings_get_string (self->settings, "crawl-url");
              int pages = g_settings_get_int (self->settings, "max-pages");

              if (g_strcmp0 (url, self->ran_crawl_url) != 0 || pages != self->ran_max_pages)
                /* Translators: above the timeline when the crawl's start page
                 * or page limit changed since the results were made */
                text = g_strdup (_("These results are for another start page or page limit; Run again to see the new ones"));
            }
          if (text == NULL && (memcmp (&now, &self->ran_params, sizeof now) != 0 || gil != self->ran_gil))
            {
              g_autofree char *was = describe_params (self->workload, &self->ran_params, self->ran_gil, &now, gil);
              g_autofree char *will = describe_params (self->workload, &now, gil, &self->ran_params, self->ran_gil);

              if (was[0] != '\0')
                /* Translators: above the timeline when the panel's numbers
                 * differ, e.g. "These results are for 1 task; Run again to see 5 tasks" */
                text = g_strdup_printf (_("These results are for %s; Run again to see %s"), was, will);
            }
        }
    }

  gtk_revealer_set_reveal_child (self->stale_revealer, text != NULL);
  if (text != NULL)
    gtk_label_set_text (self->stale_label, text);
}

const char *
il_window_get_stale_notice (IlWindow *self)
{
  g_return_val_if_fail (IL_IS_WINDOW (self), NULL);
  if (!gtk_revealer_get_reveal_child (self->stale_revealer))
    return NULL;
  return gtk_label_get_text (self->stale_label);
}

/* ------------------------------------------------------------------------ */
/* The workload */

/* What to look for, with the figures of the runs of this workload that
 * have finished; before any, the sentences without figures. */
void
il_window_update_look_for (IlWindow *self)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new ();
  g_autofree char *text = NULL;

  if (self->disposed || self->workload == NULL)
    return;
  for (guint i = 0; self->runs != NULL && i < self->runs->len; i++)
    {
      IlRun *run = g_ptr_array_index (self->runs, i);
      IlRunRecord *record = il_run_is_finished (run) ? il_run_get_record (run) : NULL;

      if (record != NULL && g_strcmp0 (record->workload_name, il_workload_get_name (self->workload)) == 0)
        g_ptr_array_add (records, record);
    }
  text = il_look_for_fill (il_workload_get_look_for (self->workload),
                           (IlRunRecord * const *) records->pdata, records->len);
  if (g_strcmp0 (gtk_label_get_text (self->look_for_label), text) != 0)
    gtk_label_set_text (self->look_for_label, text);
}

const char *
il_window_get_look_for (IlWindow *self)
{
  g_return_val_if_fail (IL_IS_WINDOW (self), NULL);
  return gtk_label_get_text (self->look_for_label);
}

/* The workload's title, and the tutorial it comes from when it has one:
 * "Three tasks that sleep (from tutorial 004)". */
static char *
il_window_dup_workload_label (IlWorkload *workload)
{
  const char *tutorial = il_workload_get_seed (workload);

  if (tutorial == NULL || tutorial[0] == '\0')
    return g_strdup (il_workload_get_title (workload));
  /* Translators: a workload and the numbered tutorial it comes from,
   * e.g. "Three tasks that sleep (from tutorial 004)" */
  return g_strdup_printf (_("%s (from tutorial %s)"), il_workload_get_title (workload), tutorial);
}

static void
show_workload (IlWindow *self)
{
  IlWorkload *workload = self->workload;
  g_autofree char *title = NULL;
  g_autofree char *escaped_title = NULL;
  g_autofree char *escaped_summary = NULL;

  title = il_window_dup_workload_label (workload);
  adw_window_title_set_subtitle (self->window_title, title);
  /* The group's title and description are markup; a workload file's are text. */
  escaped_title = g_markup_escape_text (il_workload_get_title (workload), -1);
  escaped_summary = g_markup_escape_text (il_workload_get_summary (workload), -1);
  adw_preferences_group_set_title (self->workload_group, escaped_title);
  adw_preferences_group_set_description (self->workload_group, escaped_summary);
  il_window_update_look_for (self);
  update_numbers (self);
  il_window_actions_update (self);
  il_window_update_stale (self);
}

static void
set_workload (IlWindow   *self,
              IlWorkload *workload,
              const char *id)
{
  g_clear_pointer (&self->workload, il_workload_unref);
  self->workload = il_workload_ref (workload);
  g_free (self->workload_id);
  self->workload_id = g_strdup (id);
  show_workload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKLOAD_ID]);
}

static void
switch_response (AdwMessageDialog *dialog,
                 const char       *response,
                 IlWindow         *self)
{
  g_autofree char *id = g_steal_pointer (&self->pending_workload);
  g_autofree char *stored = NULL;

  if (id == NULL)
    return;
  if (!g_str_equal (response, "switch"))
    {
      /* Asked for from outside (gsettings): the setting follows the window. */
      stored = g_settings_get_string (self->settings, "workload");
      if (g_strcmp0 (stored, self->workload_id) != 0)
        g_settings_set_string (self->settings, "workload", self->workload_id);
      return;
    }
  il_window_stop (self);
  il_window_open_workload (self, id);
}

/* Switching mid-run throws the run away: the user says whether to. */
static void
ask_before_switching (IlWindow   *self,
                      const char *id)
{
  GtkWidget *dialog;

  g_free (self->pending_workload);
  self->pending_workload = g_strdup (id);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Stop the Run?"),
                                   _("Another workload can be chosen once the run stops. "
                                     "What has run so far stays on screen."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep Running"),
                                    "switch", _("_Stop and Switch"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "switch",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_signal_connect_object (dialog, "response", G_CALLBACK (switch_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

gboolean
il_window_select_workload (IlWindow    *self,
                           const char  *name_or_path,
                           GError     **error)
{
  g_autoptr(IlWorkload) workload = NULL;
  g_autofree char *id = NULL;
  gboolean changed;

  g_return_val_if_fail (IL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (name_or_path != NULL, FALSE);

  workload = il_workload_find (name_or_path, error);
  if (workload == NULL)
    return FALSE;

  /* A file is remembered by its absolute path. */
  if (strchr (name_or_path, '/') != NULL || g_str_has_suffix (name_or_path, ".workload"))
    id = g_canonicalize_filename (name_or_path, NULL);
  else
    id = g_strdup (name_or_path);

  changed = g_strcmp0 (id, self->workload_id) != 0;
  /* (A run being stopped is not asked about again.) */
  if (changed && il_window_is_running (self) && !g_cancellable_is_cancelled (self->cancellable))
    {
      ask_before_switching (self, id);
      return TRUE;
    }
  if (changed)
    {
      /* What ran stays on screen, marked as another workload's, until the
       * next Run. */
      /* Numbers and models of another workload make no sense for this one
       * (the window is switched first, so that the "changed" signals find
       * it done). */
      set_workload (self, workload, id);
      g_settings_set_string (self->settings, "workload", id);
      g_settings_reset (self->settings, "models");
      g_settings_reset (self->settings, "tasks");
      g_settings_reset (self->settings, "workers");
      g_settings_reset (self->settings, "io-ms");
      g_settings_reset (self->settings, "cpu-ms");
      g_settings_reset (self->settings, "seed");
      g_settings_reset (self->settings, "crawl-url");
      g_settings_reset (self->settings, "max-pages");
    }
  return TRUE;
}

void
il_window_open_workload (IlWindow   *self,
                         const char *name_or_path)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (IL_IS_WINDOW (self));
  g_return_if_fail (name_or_path != NULL);

  if (!il_window_select_workload (self, name_or_path, &error))
    {
      g_autofree char *body = NULL;

      /* Translators: the body of an error dialog; the second %s says why */
      body = g_strdup_printf (_("“%s” could not be opened.\n\n%s"), name_or_path, error->message);
      il_window_show_error (self, _("Cannot Open Workload"), body);
    }
}

const char *
il_window_get_workload_id (IlWindow *self)
{
  g_return_val_if_fail (IL_IS_WINDOW (self), NULL);
  return self->workload_id;
}

IlWorkload *
il_window_get_workload (IlWindow *self)
{
  g_return_val_if_fail (IL_IS_WINDOW (self), NULL);
  return self->workload;
}

static void
load_last_workload (IlWindow *self)
{
  g_autofree char *id = g_settings_get_string (self->settings, "workload");
  g_autoptr(IlWorkload) workload = NULL;
  g_autoptr(GError) error = NULL;

  workload = il_workload_find (id, &error);
  if (workload == NULL)
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("Could not open the last workload: %s"), error->message);
      il_window_show_toast (self, message);
      g_free (id);
      id = g_strdup (DEFAULT_WORKLOAD);
      workload = il_catalogue_lookup (id);
      g_settings_set_string (self->settings, "workload", id);
    }
  g_assert (workload != NULL);
  set_workload (self, workload, id);
}

/* ------------------------------------------------------------------------ */
/* Settings */

static void
on_settings_changed (GSettings  *settings,
                     const char *key,
                     IlWindow   *self)
{
  if (g_str_equal (key, "tasks") || g_str_equal (key, "workers") ||
      g_str_equal (key, "io-ms") || g_str_equal (key, "cpu-ms") ||
      g_str_equal (key, "seed") || g_str_equal (key, "crawl-url") ||
      g_str_equal (key, "max-pages"))
    {
      update_numbers (self);
      il_window_update_stale (self);
    }
  else if (g_str_equal (key, "view"))
    {
      g_autofree char *name = g_settings_get_string (settings, key);
      IlView view;

      if (il_view_from_string (name, &view))
        il_timeline_view_set_view (self->timeline, view);
      /* The Plot view is a sweep's (il-window-sweep.c) */
      il_window_show_results (self);
    }
  else if (g_str_equal (key, "picture-style"))
    {
      g_autofree char *name = g_settings_get_string (settings, key);
      IlPictureStyle style;

      if (il_picture_style_from_string (name, &style))
        il_timeline_view_set_picture_style (self->timeline, style);
    }
  else if (g_str_equal (key, "models") || g_str_equal (key, "gil"))
    {
      il_window_actions_update (self);
      il_window_update_stale (self);
    }
  else if (g_str_equal (key, "workload"))
    {
      g_autofree char *id = g_settings_get_string (settings, key);
      g_autoptr(GError) error = NULL;

      /* Changed from outside (another window of ours writes it itself). */
      if (g_strcmp0 (id, self->workload_id) != 0 &&
          !il_window_select_workload (self, id, &error))
        il_window_show_toast (self, error->message);
    }
}

static void
build_workload_menu (IlWindow *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  GPtrArray *catalogue = il_catalogue_get ();

  for (guint c = 0; c < IL_N_CATEGORIES; c++)
    {
      g_autoptr(GMenu) section = g_menu_new ();

      for (guint i = 0; i < catalogue->len; i++)
        {
          IlWorkload *workload = g_ptr_array_index (catalogue, i);
          g_autoptr(GMenuItem) item = NULL;
          g_autofree char *label = NULL;

          if (il_workload_get_category (workload) != c)
            continue;
          label = il_window_dup_workload_label (workload);
          item = g_menu_item_new (label, NULL);
          g_menu_item_set_action_and_target_value (item, "app.select-workload",
                                                   g_variant_new_string (il_workload_get_name (workload)));
          g_menu_append_item (section, item);
        }
      if (g_menu_model_get_n_items (G_MENU_MODEL (section)) > 0)
        g_menu_append_section (menu, il_category_get_title (c), G_MENU_MODEL (section));
    }

  il_window_trace_add_menu_section (self, menu);
  {
    g_autoptr(GMenu) section = g_menu_new ();

    g_menu_append (section, _("_Open Workload File…"), "win.open-workload");
    g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
  }
  gtk_menu_button_set_menu_model (self->workload_button, G_MENU_MODEL (menu));
}

/* ------------------------------------------------------------------------ */

static void
on_reveal_flap (AdwFlap    *flap,
                GParamSpec *pspec,
                IlWindow   *self)
{
  gboolean reveal = adw_flap_get_reveal_flap (flap);

  if (!adw_flap_get_folded (flap) && g_settings_get_boolean (self->settings, "show-side-panel") != reveal)
    g_settings_set_boolean (self->settings, "show-side-panel", reveal);
}

static gboolean
il_window_close_request (GtkWindow *window)
{
  IlWindow *self = IL_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  if (!gtk_window_is_maximized (window) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  il_window_stop (self);
  return GTK_WINDOW_CLASS (il_window_parent_class)->close_request (window);
}

static void
il_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  IlWindow *self = IL_WINDOW (object);

  switch (prop_id)
    {
    case PROP_WORKLOAD_ID:
      g_value_set_string (value, self->workload_id);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, il_window_is_running (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
il_window_dispose (GObject *object)
{
  IlWindow *self = IL_WINDOW (object);

  /* A run going on keeps a reference and ends without the widgets. */
  self->disposed = TRUE;
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  if (self->opening)
    g_cancellable_cancel (self->opening);
  g_clear_handle_id (&self->autorun_id, g_source_remove);
  if (self->progress_tick_id)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->progress_tick_id);
      self->progress_tick_id = 0;
    }
  if (self->settings)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  il_window_sweep_dispose (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), IL_TYPE_WINDOW);

  G_OBJECT_CLASS (il_window_parent_class)->dispose (object);
}

static void
il_window_finalize (GObject *object)
{
  IlWindow *self = IL_WINDOW (object);

  g_assert (self->held_app == NULL);
  g_clear_pointer (&self->runs, g_ptr_array_unref);
  g_clear_pointer (&self->chain, il_run_chain_unref);
  g_clear_pointer (&self->workload, il_workload_unref);
  g_clear_pointer (&self->workload_id, g_free);
  g_clear_pointer (&self->ran_crawl_url, g_free);
  g_clear_pointer (&self->pending_workload, g_free);
  g_clear_pointer (&self->planned_ns, g_free);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->opening);
  g_clear_object (&self->settings);
  g_assert (self->tracer == NULL);

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
  object_class->get_property = il_window_get_property;
  window_class->close_request = il_window_close_request;

  properties[PROP_WORKLOAD_ID] =
    g_param_spec_string ("workload-id", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (IL_TYPE_TIMELINE_VIEW);
  g_type_ensure (IL_TYPE_SUMMARY_TABLE);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/interleave/Interleave/il-window.ui");
  il_window_actions_class_init (widget_class);
  il_window_trace_class_init (widget_class);
  il_window_sweep_class_init (widget_class);
  gtk_widget_class_bind_template_callback (widget_class, on_number_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_url_applied);
  gtk_widget_class_bind_template_child (widget_class, IlWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, IlWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, IlWindow, run_button);
  gtk_widget_class_bind_template_child (widget_class, IlWindow, stop_button);
  gtk_widget_class_bind_template_child (widget_class, IlWindow, workload_button);
  gtk_widget_class_bind_template_child (widget_class, IlWindow, models_button);
  gtk_widget_class_bind_template_child (widget_class, IlWindow, models_box);
  gtk_widget_class_bind_template_child (widget_class, IlWindow, gil_box);
  gtk_widget_class_bind_template_child (widget_class, IlWindow, gil_switch);
  gtk_widget_class_bind_template_child (widget_class, IlWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, IlWindow, side_panel);
  gtk_widget_class_bind_template_child (widget_class, IlWindow, side_panel_button);
  gtk_widget_class_bind_template_child (widget_class, IlWindow, seed_row);
  gtk_widget_class_bind_template_child (widget_class, IlWindow, stale_revealer);
  gtk_widget_class_bind_template_child (widget_class, IlWindow, stale_label);
  gtk_widget_class_bind_template_child (widget_class, IlWindow, workload_group);
  gtk_widget_class_bind_template_child (widget_class, IlWindow, tasks_spin);
  gtk_widget_class_bind_template_child (widget_class, IlWindow, workers_spin);
  gtk_widget_class_bind_template_child (widget_class, IlWindow, io_spin);
  gtk_widget_class_bind_template_child (widget_class, IlWindow, cpu_spin);
  gtk_widget_class_bind_template_child (widget_class, IlWindow, seed_spin);
  gtk_widget_class_bind_template_child (widget_class, IlWindow, tasks_row);
  gtk_widget_class_bind_template_child (widget_class, IlWindow, url_row);
  gtk_widget_class_bind_template_child (widget_class, IlWindow, pages_row);
  gtk_widget_class_bind_template_child (widget_class, IlWindow, pages_spin);
  gtk_widget_class_bind_template_child (widget_class, IlWindow, look_for_label);
  gtk_widget_class_bind_template_child (widget_class, IlWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, IlWindow, machine_label);
  gtk_widget_class_bind_template_child (widget_class, IlWindow, timeline_stack);
  gtk_widget_class_bind_template_child (widget_class, IlWindow, timeline);
  gtk_widget_class_bind_template_child (widget_class, IlWindow, summary);
}

static void
il_window_init (IlWindow *self)
{
  g_autofree char *machine = NULL;
  g_autofree char *view = NULL;
  g_autofree char *style = NULL;
  IlView view_id;
  IlPictureStyle style_id;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = il_application_create_settings ();

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  machine = g_strdup_printf (ngettext ("%u logical core · %s", "%u logical cores · %s",
                                       il_machine_get_logical_cores ()),
                             il_machine_get_logical_cores (), il_machine_get_cpu_model ());
  gtk_label_set_text (self->machine_label, machine);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->machine_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Machine"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Progress"),
                                  -1);


  view = g_settings_get_string (self->settings, "view");
  if (il_view_from_string (view, &view_id))
    il_timeline_view_set_view (self->timeline, view_id);
  style = g_settings_get_string (self->settings, "picture-style");
  if (il_picture_style_from_string (style, &style_id))
    il_timeline_view_set_picture_style (self->timeline, style_id);
  /* Unfolded, the panel shows as the setting says; folded, it shows over
   * the timeline when asked for, which the setting does not remember. */
  g_settings_bind (self->settings, "show-side-panel", self->flap, "reveal-flap", G_SETTINGS_BIND_GET);
  g_signal_connect_object (self->flap, "notify::reveal-flap", G_CALLBACK (on_reveal_flap), self, 0);
  setup_spin (self, self->tasks_spin);
  setup_spin (self, self->workers_spin);
  setup_spin (self, self->io_spin);
  setup_spin (self, self->cpu_spin);
  setup_spin (self, self->seed_spin);
  setup_spin (self, self->pages_spin);

  build_workload_menu (self);
  il_window_actions_init (self);
  il_window_sweep_init (self);
  load_last_workload (self);
  g_signal_connect (self->settings, "changed", G_CALLBACK (on_settings_changed), self);
  il_window_set_running_ui (self, FALSE);

  if (g_settings_get_boolean (self->settings, "run-on-start") &&
      g_getenv ("INTERLEAVE_NO_AUTORUN") == NULL)
    self->autorun_id = g_idle_add (il_window_autorun, self);
}

IlWindow *
il_window_new (IlApplication *application)
{
  return g_object_new (IL_TYPE_WINDOW, "application", application, NULL);
}
