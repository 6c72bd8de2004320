/* il-application.h — the GtkApplication: one window, app actions */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define IL_TYPE_APPLICATION (il_application_get_type ())
G_DECLARE_FINAL_TYPE (IlApplication, il_application, IL, APPLICATION, AdwApplication)

IlApplication *il_application_new             (void);

/* The app's settings (io.github.interleave.Interleave).  Running uninstalled,
 * the schema compiled in the build directory is used. */
GSettings     *il_application_create_settings (void);

G_END_DECLS
