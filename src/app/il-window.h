/* il-window.h */
#pragma once

#include <adwaita.h>

#include "il-application.h"

G_BEGIN_DECLS

#define IL_TYPE_WINDOW (il_window_get_type ())
G_DECLARE_FINAL_TYPE (IlWindow, il_window, IL, WINDOW, AdwApplicationWindow)

IlWindow *il_window_new     (IlApplication *application);
void      il_window_run     (IlWindow      *self);
void      il_window_stop    (IlWindow      *self);
gboolean  il_window_is_running (IlWindow   *self);

G_END_DECLS
