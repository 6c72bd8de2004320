/* il-window-actions.c — the window's actions: models, view, zoom, export
 *
 * Export draws the timeline with the render layer's exporter, the painter
 * the command line uses, with the runs, view and picture style on screen.
 * Files are chosen with GtkFileChooserNative on GTK 4.8 and GtkFileDialog
 * when built against GTK 4.10 or later.
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "il-caption.h"
#include "il-export.h"
#include "il-window-private.h"

/* ------------------------------------------------------------------------ */
/* Export */

static void
export_size (IlWindow *self,
             int      *width,
             int      *height)
{
  if (g_settings_get_boolean (self->settings, "export-custom-size"))
    {
      *width = g_settings_get_int (self->settings, "export-width");
      *height = g_settings_get_int (self->settings, "export-height");
      return;
    }

  /* As on screen: the whole timeline, lanes scrolled out of view included. */
  *width = gtk_widget_get_width (GTK_WIDGET (self->timeline));
  *height = gtk_widget_get_height (GTK_WIDGET (self->timeline));
  if (*width <= 0 || *height <= 0)
    {
      IlTimelineLayout *layout = il_timeline_view_get_layout (self->timeline);

      *width = layout ? il_timeline_layout_get_width (layout) : 1600;
      *height = layout ? MAX (il_timeline_layout_get_height (layout),
                              il_timeline_layout_get_natural_height (layout)) : 900;
    }
}

/* The caption of exports: the runs' workload, numbers and machine, now;
 * NULL when switched off or when the runs on screen were not made here. */
static char *
export_caption (IlWindow *self)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) il_run_record_unref);
  GPtrArray *runs = il_window_get_runs (self);

  if (!g_settings_get_boolean (self->settings, "export-caption") || runs == NULL || runs->len == 0)
    return NULL;
  for (guint i = 0; i < runs->len; i++)
    {
      IlRunRecord *record = il_run_dup_record (g_ptr_array_index (runs, i));

      if (record != NULL)
        g_ptr_array_add (records, record);
    }
  if (records->len == 0)
    return NULL;
  return il_caption_build ((IlRunRecord * const *) records->pdata, records->len, NULL);
}

static gboolean
check_has_runs (IlWindow  *self,
                GError   **error)
{
  if (il_timeline_view_get_n_runs (self->timeline) > 0)
    return TRUE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       _("There is no timeline yet: run a workload first"));
  return FALSE;
}

gboolean
il_window_export (IlWindow    *self,
                  const char  *path,
                  GError     **error)
{
  g_autofree IlTimelineRun *runs = NULL;
  g_autoptr(IlTimelineLayout) copy = NULL;
  g_autofree char *caption = NULL;
  IlPaintOptions opts = IL_PAINT_OPTIONS_INIT;
  IlTimelineLayout *layout;
  gint64 t0, t1;
  guint n_runs;
  int width, height;

  g_return_val_if_fail (IL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* In the Plot view, the sweep's plot, as `run -o` writes it */
  if (il_window_sweep_is_plot_shown (self))
    return il_window_sweep_export (self, path, error);

  if (!il_export_format_from_path (path, NULL, error) || !check_has_runs (self, error))
    return FALSE;

  export_size (self, &width, &height);
  layout = il_timeline_view_get_layout (self->timeline);
  n_runs = il_timeline_layout_get_n_runs (layout);
  runs = g_new0 (IlTimelineRun, MAX (n_runs, 1));
  for (guint i = 0; i < n_runs; i++)
    runs[i] = *il_timeline_layout_get_run (layout, i);

  /* What is on screen: the same runs, view, zoomed window, font scale,
   * in the export style, in a layout of its own (the one on screen keeps
   * its size). */
  copy = il_timeline_layout_new (runs, n_runs, il_timeline_layout_get_view (layout));
  il_timeline_layout_get_window (layout, &t0, &t1);
  il_timeline_layout_set_font_scale (copy, il_timeline_layout_get_font_scale (layout));
  il_timeline_layout_set_size (copy, width, height);
  il_timeline_layout_set_window (copy, t0, t1);
  opts.dark = il_timeline_view_get_export_dark (self->timeline);
  /* The selection is a way of looking, not part of the picture, unless
   * asked for. */
  if (g_settings_get_boolean (self->settings, "export-selection"))
    opts.highlight_task = il_timeline_view_get_highlight (self->timeline);
  caption = export_caption (self);
  opts.caption = caption;
  return il_export_layout (copy, &opts, width, height, path, error);
}

static void
export_and_tell (IlWindow   *self,
                 const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  if (!il_window_export (self, path, &error))
    {
      il_window_show_error (self, _("Cannot Export the Timeline"), error->message);
      return;
    }

  name = g_filename_display_basename (path);
  /* Translators: a toast after an export, %s is a file name */
  title = g_strdup_printf (_("Exported “%s”"), name);
  uri = g_filename_to_uri (path, NULL, NULL);
  /* A toast's title is markup (libadwaita 1.2). */
  escaped = g_markup_escape_text (title, -1);
  toast = adw_toast_new (escaped);
  if (uri != NULL)
    {
      adw_toast_set_button_label (toast, _("_Open"));
      adw_toast_set_action_name (toast, "win.open-uri");
      adw_toast_set_action_target_value (toast, g_variant_new_string (uri));
    }
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* The chosen file, with the format's extension when it has none we know. */
static void
export_to_file (IlWindow   *self,
                GFile      *file,
                const char *format)
{
  g_autofree char *path = g_file_get_path (file);

  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);
      g_autofree char *body = g_strdup_printf (_("“%s” is not a local file."), uri);

      il_window_show_error (self, _("Cannot Export the Timeline"), body);
      return;
    }
  if (!il_export_format_from_path (path, NULL, NULL))
    {
      char *with_ext = g_strconcat (path, ".", format, NULL);

      g_free (path);
      path = with_ext;
    }
  export_and_tell (self, path);
}

gboolean
il_window_copy_image (IlWindow  *self,
                      GError   **error)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (IL_IS_WINDOW (self), FALSE);

  if (!check_has_runs (self, error))
    return FALSE;

  /* The picture Export would write (its style, caption and crop, the
   * selection only when asked for), by way of a PNG of its own. */
  folder = g_dir_make_tmp ("interleave-copy-XXXXXX", error);
  if (folder == NULL)
    return FALSE;
  path = g_build_filename (folder, "timeline.png", NULL);
  if (il_window_export (self, path, error))
    texture = gdk_texture_new_from_filename (path, error);
  g_unlink (path);
  g_rmdir (folder);
  if (texture == NULL)
    return FALSE;
  gdk_clipboard_set_texture (gtk_widget_get_clipboard (GTK_WIDGET (self)), texture);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* File choosers */

static const struct {
  const char *format;
  const char *mime_type;
  const char *filter_name;
  const char *title;
} export_formats[] = {
  { "png", "image/png", N_("PNG images"), N_("Export as PNG") },
  { "svg", "image/svg+xml", N_("SVG images"), N_("Export as SVG") },
  { "pdf", "application/pdf", N_("PDF documents"), N_("Export as PDF") },
};

static char *
suggested_name (IlWindow   *self,
                const char *format)
{
  const char *name = self->workload ? il_workload_get_name (self->workload) : "interleave";
  g_autofree char *base = g_path_get_basename (name);

  if (g_str_has_suffix (base, ".workload"))
    base[strlen (base) - strlen (".workload")] = '\0';
  return g_strdup_printf ("%s-%s.%s", base,
                          il_window_sweep_is_plot_shown (self)
                            ? "plot"
                            : il_view_to_string (il_timeline_view_get_view (self->timeline)),
                          format);
}

static GtkFileFilter *
workload_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Workload files"));
  gtk_file_filter_add_pattern (filter, "*.workload");
  return filter;
}

static void
open_workload_file (IlWindow *self,
                    GFile    *file)
{
  g_autofree char *path = g_file_get_path (file);

  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);
      g_autofree char *body = g_strdup_printf (_("“%s” is not a local file."), uri);

      il_window_show_error (self, _("Cannot Open Workload"), body);
      return;
    }
  il_window_open_workload (self, path);
}

#if GTK_CHECK_VERSION (4, 10, 0)
/* Built against GTK ≥ 4.10 while the project's GDK_VERSION_MAX_ALLOWED
 * stays at Debian 12's 4.8: the 4.10 API is used on purpose here. */
G_GNUC_BEGIN_IGNORE_DEPRECATIONS

static gboolean
dialog_dismissed (const GError *error)
{
  return g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED) ||
         g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_CANCELLED);
}

static void
export_dialog_done (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(IlWindow) self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  file = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (source), result, &error);
  if (file == NULL)
    {
      if (!dialog_dismissed (error))
        il_window_show_error (self, _("Cannot Export the Timeline"), error->message);
      return;
    }
  export_to_file (self, file, g_object_get_data (source, "format"));
}

static void
choose_export_file (IlWindow *self,
                    guint     f)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = suggested_name (self, export_formats[f].format);

  gtk_file_filter_set_name (filter, _(export_formats[f].filter_name));
  gtk_file_filter_add_mime_type (filter, export_formats[f].mime_type);
  g_list_store_append (filters, filter);
  gtk_file_dialog_set_title (dialog, _(export_formats[f].title));
  gtk_file_dialog_set_accept_label (dialog, _("_Export"));
  gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
  gtk_file_dialog_set_default_filter (dialog, filter);
  gtk_file_dialog_set_initial_name (dialog, name);
  g_object_set_data_full (G_OBJECT (dialog), "format",
                          g_strdup (export_formats[f].format), g_free);
  gtk_file_dialog_save (dialog, GTK_WINDOW (self), NULL, export_dialog_done, g_object_ref (self));
}

static void
open_dialog_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(IlWindow) self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  file = gtk_file_dialog_open_finish (GTK_FILE_DIALOG (source), result, &error);
  if (file == NULL)
    {
      if (!dialog_dismissed (error))
        il_window_show_error (self, _("Cannot Open Workload"), error->message);
      return;
    }
  open_workload_file (self, file);
}

static void
choose_workload_file (IlWindow *self)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
  g_autoptr(GtkFileFilter) filter = workload_filter ();

  g_list_store_append (filters, filter);
  gtk_file_dialog_set_title (dialog, _("Open Workload File"));
  gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
  gtk_file_dialog_set_default_filter (dialog, filter);
  gtk_file_dialog_open (dialog, GTK_WINDOW (self), NULL, open_dialog_done, g_object_ref (self));
}

G_GNUC_END_IGNORE_DEPRECATIONS
#else /* GTK < 4.10 */

static void
export_chooser_response (GtkNativeDialog *native,
                         int              response,
                         IlWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      if (file != NULL)
        export_to_file (self, file, g_object_get_data (G_OBJECT (native), "format"));
    }
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
  g_object_unref (self);
}

static void
choose_export_file (IlWindow *self,
                    guint     f)
{
  GtkFileChooserNative *native;
  GtkFileFilter *filter = gtk_file_filter_new ();
  g_autofree char *name = suggested_name (self, export_formats[f].format);

  native = gtk_file_chooser_native_new (_(export_formats[f].title), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_filter_set_name (filter, _(export_formats[f].filter_name));
  gtk_file_filter_add_mime_type (filter, export_formats[f].mime_type);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_object_unref (filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  g_object_set_data_full (G_OBJECT (native), "format",
                          g_strdup (export_formats[f].format), g_free);
  g_signal_connect (native, "response", G_CALLBACK (export_chooser_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
open_chooser_response (GtkNativeDialog *native,
                       int              response,
                       IlWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      if (file != NULL)
        open_workload_file (self, file);
    }
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
  g_object_unref (self);
}

static void
choose_workload_file (IlWindow *self)
{
  GtkFileChooserNative *native;
  GtkFileFilter *filter = workload_filter ();

  native = gtk_file_chooser_native_new (_("Open Workload File"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_object_unref (filter);
  g_signal_connect (native, "response", G_CALLBACK (open_chooser_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

#endif

/* ------------------------------------------------------------------------ */
/* Actions */

static void
export_as_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  IlWindow *self = IL_WINDOW (widget);
  const char *format = g_variant_get_string (parameter, NULL);

  for (guint f = 0; f < G_N_ELEMENTS (export_formats); f++)
    if (g_str_equal (format, export_formats[f].format))
      {
        choose_export_file (self, f);
        return;
      }
  g_warning ("unknown export format “%s”", format);
}

static void
copy_image_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  IlWindow *self = IL_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (il_window_copy_image (self, &error))
    il_window_show_toast (self, _("Image copied"));
  else
    il_window_show_error (self, _("Cannot Copy the Image"), error->message);
}

static void
launch_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(IlWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    il_window_show_error (self, _("Cannot Open the File"), error->message);
}

static void
open_uri_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  IlWindow *self = IL_WINDOW (widget);
  g_autoptr(GdkAppLaunchContext) context = NULL;

  context = gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (self)));
  g_app_info_launch_default_for_uri_async (g_variant_get_string (parameter, NULL),
                                           G_APP_LAUNCH_CONTEXT (context), NULL,
                                           launch_done, g_object_ref (self));
}

static void
open_workload_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  choose_workload_file (IL_WINDOW (widget));
}

static void
reset_models_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  IlWindow *self = IL_WINDOW (widget);

  g_settings_reset (self->settings, "models");
}

static void
reset_numbers_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  IlWindow *self = IL_WINDOW (widget);
  static const char * const keys[] = { "tasks", "workers", "io-ms", "cpu-ms", "seed",
                                        "crawl-url", "max-pages" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_settings_reset (self->settings, keys[i]);
}

static void
zoom_in_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  il_timeline_view_zoom_in (IL_WINDOW (widget)->timeline);
}

static void
zoom_out_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  il_timeline_view_zoom_out (IL_WINDOW (widget)->timeline);
}

static void
zoom_fit_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  il_timeline_view_zoom_to_fit (IL_WINDOW (widget)->timeline);
}

static void
model_change_state (GSimpleAction *action,
                    GVariant      *value,
                    gpointer       user_data)
{
  IlWindow *self = user_data;
  IlModel model = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (action), "model"));
  gboolean selected[IL_N_MODELS];
  gboolean any = FALSE;

  il_window_get_selected_models (self, selected);
  selected[model] = g_variant_get_boolean (value);
  for (guint m = 0; m < IL_N_MODELS; m++)
    any |= selected[m];
  if (any)
    il_window_set_selected_models (self, selected);
  else
    il_window_show_toast (self, _("At least one model stays selected"));
  il_window_actions_update (self);
}

static char *
model_action_name (IlModel model)
{
  return g_strconcat ("model-", il_model_get_info (model)->id, NULL);
}


void
il_window_actions_update (IlWindow *self)
{
  gboolean selected[IL_N_MODELS];
  gboolean has_runs, zoomable;

  if (self->disposed || self->settings == NULL)
    return;

  il_window_get_selected_models (self, selected);
  for (guint m = 0; m < IL_N_MODELS; m++)
    {
      g_autofree char *name = model_action_name (m);
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

      if (action != NULL)
        g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (selected[m]));
    }

  has_runs = self->timeline != NULL && il_timeline_view_get_n_runs (self->timeline) > 0;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-as", has_runs);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.copy-image", has_runs);
  /* Zoom is the timeline's; the Plot view shows a sweep whole */
  zoomable = has_runs && !il_window_sweep_is_plot_shown (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-in", zoomable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-out", zoomable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-fit", zoomable);
  il_window_files_update (self);
  il_window_trace_update (self);
}

/* The window's commands, one set for every window. */
void
il_window_actions_class_init (GtkWidgetClass *widget_class)
{
  il_window_files_class_init (widget_class);
  gtk_widget_class_install_action (widget_class, "win.export-as", "s", export_as_activated);
  gtk_widget_class_install_action (widget_class, "win.copy-image", NULL, copy_image_activated);
  gtk_widget_class_install_action (widget_class, "win.open-uri", "s", open_uri_activated);
  gtk_widget_class_install_action (widget_class, "win.open-workload", NULL, open_workload_activated);
  gtk_widget_class_install_action (widget_class, "win.reset-models", NULL, reset_models_activated);
  gtk_widget_class_install_action (widget_class, "win.reset-numbers", NULL, reset_numbers_activated);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_in_activated);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_out_activated);
  gtk_widget_class_install_action (widget_class, "win.zoom-fit", NULL, zoom_fit_activated);
}

/* The window's state: the settings' own actions (the view, the side panel,
 * the GIL) and one toggle per model, kept in the window's action map so
 * that they carry the state the menus and check buttons show. */
void
il_window_actions_init (IlWindow *self)
{
  g_autoptr(GAction) view = NULL;
  g_autoptr(GAction) side_panel = NULL;

  view = g_settings_create_action (self->settings, "view");
  g_action_map_add_action (G_ACTION_MAP (self), view);
  /* The panel's toggle follows the flap, folded or not. */
  side_panel = G_ACTION (g_property_action_new ("show-side-panel", self->flap, "reveal-flap"));
  g_action_map_add_action (G_ACTION_MAP (self), side_panel);

  /* One check item per model the engine has. */
  for (guint m = 0; m < IL_N_MODELS; m++)
    {
      const IlModelInfo *info = il_model_get_info (m);
      g_autofree char *name = model_action_name (m);
      g_autofree char *detailed = g_strconcat ("win.", name, NULL);
      g_autofree char *tooltip = NULL;
      GSimpleAction *action;
      GtkWidget *check, *box, *name_label, *title;

      action = g_simple_action_new_stateful (name, NULL, g_variant_new_boolean (FALSE));
      g_object_set_data (G_OBJECT (action), "model", GUINT_TO_POINTER (m));
      g_signal_connect (action, "change-state", G_CALLBACK (model_change_state), self);
      g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (action));
      g_object_unref (action);

      /* The model's name is its id, as on the timeline, in the table and
       * on the command line; what it is, in words, below it. */
      check = gtk_check_button_new ();
      box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      name_label = gtk_label_new (info->id);
      gtk_label_set_xalign (GTK_LABEL (name_label), 0);
      title = gtk_label_new (_(info->title));
      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_widget_add_css_class (title, "dim-label");
      gtk_widget_add_css_class (title, "caption");
      gtk_box_append (GTK_BOX (box), name_label);
      gtk_box_append (GTK_BOX (box), title);
      gtk_check_button_set_child (GTK_CHECK_BUTTON (check), box);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, info->id,
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _(info->title),
                                      -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (check), detailed);
      /* Translators: a model's tooltip: what it does, then its Python counterpart */
      tooltip = g_strdup_printf (_("%s\nLike %s"), _(info->description), info->counterpart);
      gtk_widget_set_tooltip_text (check, tooltip);
      gtk_box_append (self->models_box, check);
    }

  {
    g_autoptr(GAction) gil = g_settings_create_action (self->settings, "gil");

    g_action_map_add_action (G_ACTION_MAP (self), gil);
    gtk_widget_set_tooltip_text (self->gil_box,
                                 _("Thread models take turns holding one lock for CPU work, "
                                   "as CPython does (switch interval 5 ms)"));
  }
}
