/* il-help-window.h — what the picture and the numbers mean (F1) */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define IL_TYPE_HELP_WINDOW (il_help_window_get_type ())
G_DECLARE_FINAL_TYPE (IlHelpWindow, il_help_window, IL, HELP_WINDOW, AdwWindow)

GtkWindow  *il_help_window_new                (GtkWindow    *parent);
/* The example comparison's runs (IlRun*), for tests; NULL before it starts. */
GPtrArray  *il_help_window_get_example_runs   (IlHelpWindow *self);
/* The line above the example: running, measured, or why it could not run. */
const char *il_help_window_get_example_status (IlHelpWindow *self);

G_END_DECLS
