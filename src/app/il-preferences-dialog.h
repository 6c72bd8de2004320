/* il-preferences-dialog.h — the preferences, stored in GSettings */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define IL_TYPE_PREFERENCES_DIALOG (il_preferences_dialog_get_type ())
G_DECLARE_FINAL_TYPE (IlPreferencesDialog, il_preferences_dialog, IL, PREFERENCES_DIALOG, AdwPreferencesWindow)

GtkWindow *il_preferences_dialog_new (GtkWindow *parent);

G_END_DECLS
