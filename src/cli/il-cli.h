/* il-cli.h — the headless commands: interleave list, interleave run
 *
 * main() of the interleave program asks il_cli_handles() first; when it
 * says yes, il_cli_main() runs the command and its return value is the
 * exit status (0 done, 1 the run or an export could not be done, 2 usage
 * error).  Nothing here touches GTK.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE when argv[1] is a command word (list, run, help, or an unknown
 * bare word, which il_cli_main() rejects), --help, -h or --version;
 * FALSE when the desktop app should start. */
gboolean il_cli_handles (int    argc,
                         char **argv);

/* Runs the command; returns the exit status.  Expects setlocale() and
 * bindtextdomain() to have been called already. */
int      il_cli_main    (int    argc,
                         char **argv);

G_END_DECLS
