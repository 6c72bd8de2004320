/* main.c — the interleave program: the desktop app, or a headless command */

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "il-application.h"
#include "il-cli.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(IlApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (il_cli_handles (argc, argv))
    return il_cli_main (argc, argv);

  app = il_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
