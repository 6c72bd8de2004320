/* il-cli.c — which command to run, top-level help and --version
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include <glib/gi18n.h>

#include "il-cli.h"
#include "il-cli-private.h"
#include "il-machine.h"
#include "il-run.h"

typedef int (*IlCliCommand) (int    argc,
                             char **argv);

static const struct {
  const char   *name;
  IlCliCommand  command;
} commands[] = {
  { "list",       il_cli_list },
  { "run",        il_cli_run },
  { "serve-site", il_cli_serve_site },
  { "show",       il_cli_show },
  { "trace",      il_cli_trace },
};

static IlCliCommand
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_strcmp0 (commands[i].name, name) == 0)
        return commands[i].command;
    }

  return NULL;
}

static gboolean
is_help (const char *arg)
{
  return g_strcmp0 (arg, "--help") == 0 ||
         g_strcmp0 (arg, "-h") == 0 ||
         g_strcmp0 (arg, "-?") == 0 ||
         g_strcmp0 (arg, "help") == 0;
}

/* A word that can only be meant as a command: not an option, and not
 * something the desktop app could open (a path, a file name). */
static gboolean
looks_like_command (const char *arg)
{
  return arg[0] != '\0' &&
         arg[0] != '-' &&
         strchr (arg, '/') == NULL &&
         strchr (arg, '.') == NULL &&
         !g_file_test (arg, G_FILE_TEST_EXISTS);
}

gboolean
il_cli_handles (int    argc,
                char **argv)
{
  const char *arg;

  if (argc < 2 || argv == NULL || argv[1] == NULL)
    return FALSE;

  arg = argv[1];

  return find_command (arg) != NULL ||
         is_help (arg) ||
         g_strcmp0 (arg, "--version") == 0 ||
         looks_like_command (arg);
}

int
il_cli_fail (int         status,
             const char *format,
             ...)
{
  g_autofree char *message = NULL;
  g_autofree char *safe = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* Always one line, whatever the message is made of, and nothing a
   * terminal would obey: messages quote files and servers */
  g_strdelimit (message, "\r\n", ' ');
  g_strchomp (message);
  safe = il_cli_sanitize (message, FALSE);

  fflush (stdout);
  fprintf (stderr, "interleave: %s\n", safe);
  fflush (stderr);

  return status;
}

char *
il_cli_known_models (void)
{
  g_autoptr(GString) known = g_string_new (NULL);

  for (guint i = 0; i < IL_N_MODELS; i++)
    {
      if (i > 0)
        g_string_append (known, ", ");
      g_string_append (known, il_model_get_info ((IlModel) i)->id);
    }

  return g_string_free (g_steal_pointer (&known), FALSE);
}

void
il_cli_print_machine (FILE *out)
{
  guint cores = il_machine_get_logical_cores ();
  g_autofree char *line = NULL;

  g_return_if_fail (out != NULL);

  line = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Machine: %u logical core, %s",
                                       "Machine: %u logical cores, %s",
                                       cores),
                          cores, il_machine_get_cpu_model ());
  fprintf (out, "%s\n", line);
}

static void
print_help (FILE *out)
{
  fprintf (out, "%s\n", _("Usage:"));
  fprintf (out, "  interleave                          %s\n", _("open the desktop app"));
  fprintf (out, "  interleave list [--json]            %s\n", _("workloads and models"));
  fprintf (out, "  interleave run WORKLOAD [OPTION…]   %s\n", _("run headless; print a table of stats"));
  fprintf (out, "  interleave show FILE… [OPTION…]     %s\n", _("open saved runs; print the same table of stats"));
  fprintf (out, "  interleave trace [OPTION…] -- COMMAND  %s\n", _("run a program; record its threads and processes"));
  fprintf (out, "  interleave serve-site [OPTION…]     %s\n", _("serve the demo website on 127.0.0.1"));
  fprintf (out, "  interleave --version                %s\n", _("print the version"));
  fprintf (out, "\n");
  fprintf (out, "%s\n", _("Run “interleave run --help” for the options of run, “interleave show --help” for show."));
  fprintf (out, "\n%s\n", _("Examples:"));
  fprintf (out, "  %s\n", "interleave list");
  fprintf (out, "  %s\n", "interleave run three-tasks -m sequential,threads --io-ms 500");
  fprintf (out, "  %s\n", "interleave run sum-of-squares -m threads,threads+gil,processes -o gil.svg");
  fprintf (out, "  %s\n", "interleave run three-tasks -m all --json - > summary.json");
  fprintf (out, "  %s\n", "interleave run web-crawl --max-pages 50 -m async,threads");
  fprintf (out, "  %s\n", "interleave run three-tasks --save runs.json && interleave show runs.json -o runs.png");
  fprintf (out, "  %s\n", "interleave trace -o gil.png -- python3 gil.py");
  fprintf (out, "  %s\n", "interleave serve-site --port 8080");
  fprintf (out, "\n");
  fprintf (out, "%s\n", _("Exit status: 0 when the run completed (failed tasks are counted),\n"
                          "1 when the run or an export could not be done, 2 for a usage error."));
}

int
il_cli_main (int    argc,
             char **argv)
{
  g_autofree char *program = NULL;
  g_autofree char **sub_argv = NULL;
  IlCliCommand command;
  const char *name;

  g_return_val_if_fail (argc >= 2, IL_CLI_EXIT_USAGE);
  g_return_val_if_fail (argv != NULL, IL_CLI_EXIT_USAGE);

  name = argv[1];

  if (g_strcmp0 (name, "--version") == 0)
    {
      if (argc > 2)
        return il_cli_fail (IL_CLI_EXIT_USAGE, _("unexpected argument “%s” after --version"), argv[2]);

      printf ("interleave %s\n", PACKAGE_VERSION);
      return IL_CLI_EXIT_OK;
    }

  if (is_help (name))
    {
      /* "interleave help run" is "interleave run --help" */
      if (argc > 2 && find_command (argv[2]) != NULL)
        {
          char *help_argv[] = { argv[0], argv[2], (char *) "--help", NULL };

          return il_cli_main (3, help_argv);
        }

      if (argc > 2)
        return il_cli_fail (IL_CLI_EXIT_USAGE, _("unknown command “%s” (commands: list, run, show, trace, serve-site)"), argv[2]);

      print_help (stdout);
      return IL_CLI_EXIT_OK;
    }

  command = find_command (name);
  if (command == NULL)
    return il_cli_fail (IL_CLI_EXIT_USAGE, _("unknown command “%s” (commands: list, run, show, trace, serve-site)"), name);

  /* The command sees itself as the program: "interleave run --help"
   * prints "Usage: interleave run [OPTION…] WORKLOAD". */
  program = g_strdup_printf ("interleave %s", name);
  g_set_prgname (program);

  sub_argv = g_new0 (char *, argc);
  sub_argv[0] = program;
  for (int i = 2; i < argc; i++)
    sub_argv[i - 1] = argv[i];

  return command (argc - 1, sub_argv);
}
