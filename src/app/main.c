/* main.c — the interleave program: a headless command, or the desktop app
 *
 * The program is linked without GTK: a command starts at once, with its
 * signal handlers installed first (il-cli-run.c).  The window lives in a
 * module (il-app-module.c, libinterleave-app.so) loaded only to open it:
 * the one built beside this program when it runs from the build tree,
 * else the installed one, or INTERLEAVE_APP_MODULE.
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <gmodule.h>
#include <glib/gi18n.h>

#include "il-cli.h"
#include "il-machine.h"

#define APP_MODULE_NAME "libinterleave-app.so"

typedef int (*AppRunFunc) (int argc, char *argv[]);

static int
run_app (int   argc,
         char *argv[])
{
  const char *env = g_getenv ("INTERLEAVE_APP_MODULE");
  g_autofree char *path = NULL;
  gpointer run = NULL, version = NULL;
  GModule *module;

  if (env != NULL && *env != '\0')
    path = g_strdup (env);
  else if (il_machine_running_uninstalled ())
    path = g_build_filename (BUILDDIR, "src", "app", APP_MODULE_NAME, NULL);
  else
    path = g_build_filename (LIBDIR, "interleave", APP_MODULE_NAME, NULL);

  module = g_module_open (path, G_MODULE_BIND_LOCAL);
  if (module == NULL || !g_module_symbol (module, "il_app_module_run", &run) ||
      !g_module_symbol (module, "il_app_module_version", &version))
    {
      /* Translators: the desktop app's module could not be loaded */
      fprintf (stderr, _("interleave: cannot open the desktop app: %s\n"), g_module_error ());
      return 1;
    }
  if (g_strcmp0 (version, PACKAGE_VERSION) != 0)
    {
      fprintf (stderr, _("interleave: cannot open the desktop app: %s is from another version of Interleave\n"),
               path);
      return 1;
    }
  g_module_make_resident (module);
  return ((AppRunFunc) run) (argc, argv);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (il_cli_handles (argc, argv))
    return il_cli_main (argc, argv);

  return run_app (argc, argv);
}
