/* il-app-module.c — the desktop app, as a module the interleave program loads
 *
 * The headless commands do not need GTK: the interleave program is linked
 * without it, so it starts (and hears Ctrl+C) sooner, and it loads this
 * module only to open the window.
 */

#include "config.h"

#include <gmodule.h>

#include "il-application.h"

/* Checked by the program before il_app_module_run() is called. */
G_MODULE_EXPORT const char il_app_module_version[] = PACKAGE_VERSION;

G_MODULE_EXPORT int il_app_module_run (int argc, char *argv[]);

G_MODULE_EXPORT int
il_app_module_run (int   argc,
                   char *argv[])
{
  g_autoptr(IlApplication) app = il_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
