/* il-preferences-dialog.c — the preferences, stored in GSettings
 *
 * Every row is bound to its key: nothing to apply, and a change made
 * elsewhere (the window, `gsettings set`) shows at once.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "il-application.h"
#include "il-preferences-dialog.h"

struct _IlPreferencesDialog {
  AdwPreferencesWindow parent_instance;

  GSettings      *settings;

  AdwComboRow    *style_row;
  GtkWidget      *run_on_start_switch;
  GtkWidget      *export_selection_switch;
  GtkWidget      *export_caption_switch;
  AdwExpanderRow *export_size_row;
  GtkSpinButton  *export_width_spin;
  GtkSpinButton  *export_height_spin;
};

G_DEFINE_FINAL_TYPE (IlPreferencesDialog, il_preferences_dialog, ADW_TYPE_PREFERENCES_WINDOW)

/* The combo row's items, in order. */
static const char * const styles[] = { "system", "light", "dark" };

static gboolean
style_get_mapping (GValue   *value,
                   GVariant *variant,
                   gpointer  user_data)
{
  const char *name = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    if (g_str_equal (name, styles[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
style_set_mapping (const GValue       *value,
                   const GVariantType *expected_type,
                   gpointer            user_data)
{
  guint i = g_value_get_uint (value);

  if (i >= G_N_ELEMENTS (styles))
    return NULL;
  return g_variant_new_string (styles[i]);
}

static void
il_preferences_dialog_dispose (GObject *object)
{
  IlPreferencesDialog *self = IL_PREFERENCES_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), IL_TYPE_PREFERENCES_DIALOG);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (il_preferences_dialog_parent_class)->dispose (object);
}

static void
il_preferences_dialog_class_init (IlPreferencesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = il_preferences_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/interleave/Interleave/il-preferences-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, IlPreferencesDialog, style_row);
  gtk_widget_class_bind_template_child (widget_class, IlPreferencesDialog, run_on_start_switch);
  gtk_widget_class_bind_template_child (widget_class, IlPreferencesDialog, export_selection_switch);
  gtk_widget_class_bind_template_child (widget_class, IlPreferencesDialog, export_caption_switch);
  gtk_widget_class_bind_template_child (widget_class, IlPreferencesDialog, export_size_row);
  gtk_widget_class_bind_template_child (widget_class, IlPreferencesDialog, export_width_spin);
  gtk_widget_class_bind_template_child (widget_class, IlPreferencesDialog, export_height_spin);
}

static void
il_preferences_dialog_init (IlPreferencesDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = il_application_create_settings ();
  g_settings_bind_with_mapping (self->settings, "picture-style",
                                self->style_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                style_get_mapping, style_set_mapping, NULL, NULL);
  g_settings_bind (self->settings, "run-on-start",
                   self->run_on_start_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "export-selection",
                   self->export_selection_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "export-caption",
                   self->export_caption_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "export-custom-size",
                   self->export_size_row, "enable-expansion", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "export-width",
                   gtk_spin_button_get_adjustment (self->export_width_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "export-height",
                   gtk_spin_button_get_adjustment (self->export_height_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
}

GtkWindow *
il_preferences_dialog_new (GtkWindow *parent)
{
  return g_object_new (IL_TYPE_PREFERENCES_DIALOG,
                       "transient-for", parent,
                       "application", parent ? gtk_window_get_application (parent) : NULL,
                       NULL);
}
