/* il-cli-trace.c — interleave trace [OPTION…] -- COMMAND [ARG…]
 *
 * Runs COMMAND under the tracer (il-tracer.h) and reports the result as
 * "run" reports a run: the same table, JSON, pictures and saved files,
 * then how it was recorded, how the program ended and its output.  A
 * command that cannot be started is a usage error (exit 2, one line); a
 * program that fails or dies by a signal is a run that completed (exit 0,
 * its status in the report).  Ctrl+C or SIGTERM stops the program's whole
 * process tree and reports what was recorded; a second one does not wait
 * for the grace period (SIGKILL at once).
 */
#include "config.h"

#include <inttypes.h>
#include <signal.h>
#include <string.h>

#include <glib-unix.h>
#include <glib/gi18n.h>

#include "il-cli-run-private.h"
#include "il-tracer.h"

#define LINES_SHOWN 10

typedef struct {
  GMainLoop   *loop;
  IlRunRecord *record;
  GError      *error;
} Waiting;

static gboolean
on_signal (gpointer user_data)
{
  il_tracer_stop (user_data);
  return G_SOURCE_CONTINUE;
}

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Waiting *w = user_data;

  w->record = il_tracer_run_finish (IL_TRACER (object), result, &w->error);
  g_main_loop_quit (w->loop);
}

/* A workload that stands for the traced command: it names the run and
 * tells what to look for; it has no numbers (the record's source says so). */
static IlWorkload *
make_workload (const char *command,
               GError    **error)
{
  return il_cli_make_source_workload ("trace", command, _("A program traced by “interleave trace”."),
                                      _("Each lane is a thread of the program, grouped by process in the workers view. "
                                        "lock-wait is a futex wait: in CPython, where a thread waits for the GIL. "
                                        "io-wait is any other blocking system call (a sleep, poll, a read)."),
                                      error);
}

static void
print_trace_facts (FILE           *out,
                   IlTracer       *tracer,
                   IlRunRecord    *record,
                   IlTracerResult *r)
{
  const GArray *lines = il_tracer_get_lines (tracer);
  g_autofree char *command = il_cli_sanitize (il_tracer_get_command (tracer), FALSE);
  guint first;

  fprintf (out, "\n%s %s\n", _("Traced:"), command);
  fprintf (out, "  %s: %s", _("Method"), r->method_text);
  if (r->mean_interval_ms > 0)
    fprintf (out, _(" (%" PRIu64 " samples, one every %.2f ms on average, the longest gap %.1f ms)"),
             r->samples, r->mean_interval_ms, r->longest_gap_ns / 1e6);
  fprintf (out, "\n");
  if (r->method == IL_TRACER_METHOD_PERF)
    {
      fprintf (out, "  %s: ", _("Switches"));
      fprintf (out, _("%" PRIu64 " context-switch records, %" PRIu64 " lost"), r->switches, r->records_lost);
      fprintf (out, "\n  %s: ", _("Waits"));
      fprintf (out, _("%" PRIu64 " classified by a sample taken in them, %" PRIu64
                      " by the sample nearest them, %" PRIu64 " without a sample (io-wait)"),
               r->waits_sampled, r->waits_nearest, r->waits_unknown);
      fprintf (out, "\n");
    }
  else if (r->fallback != NULL)
    {
      fprintf (out, "  %s: ", _("Not perf_event_open"));
      fprintf (out, "%s\n", r->fallback);
    }
  if (r->stopped)
    fprintf (out, "  %s: %s\n", _("Program"),
             r->killed ? _("stopped (SIGTERM, then SIGKILL after the grace period)") : _("stopped (SIGTERM)"));
  else if (r->exit_signal != 0)
    {
      const char *name = sigabbrev_np (r->exit_signal);

      fprintf (out, "  %s: ", _("Program"));
      fprintf (out, _("killed by signal %d (SIG%s)"), r->exit_signal, name != NULL ? name : "?");
      fprintf (out, "\n");
    }
  else
    {
      fprintf (out, "  %s: ", _("Program"));
      fprintf (out, _("exit status %d"), r->exit_status);
      fprintf (out, "\n");
    }
  fprintf (out, "  %s: ", _("Threads"));
  fprintf (out, _("%u in %u processes"), r->threads_seen, r->processes_seen);
  if (r->threads_dropped > 0 || r->processes_dropped > 0)
    {
      fprintf (out, "; ");
      fprintf (out, _("not recorded past the caps: %u threads, %u processes"),
               r->threads_dropped, r->processes_dropped);
    }
  if (r->processes_escaped > 0)
    {
      fprintf (out, "; ");
      fprintf (out, _("%u left the process tree (found by their environment)"), r->processes_escaped);
    }
  fprintf (out, "\n");
  fprintf (out, "  %s: ", _("Output"));
  fprintf (out, _("%" PRIu64 " bytes on stdout, %" PRIu64 " on stderr, %u lines kept"),
           r->output_bytes[0], r->output_bytes[1], lines->len);
  if (r->lines_dropped > 0)
    {
      fprintf (out, "; ");
      fprintf (out, _("%u lines past the caps not kept"), r->lines_dropped);
    }
  fprintf (out, "\n");

  first = lines->len > LINES_SHOWN ? lines->len - LINES_SHOWN : 0;
  if (first > 0)
    fprintf (out, "  …\n");
  for (guint i = first; i < lines->len; i++)
    {
      const IlTracerLine *line = &g_array_index (lines, IlTracerLine, i);
      g_autofree char *text = il_cli_sanitize (line->text, FALSE);

      fprintf (out, "  %8.3f s %s %s\n", line->time_ns / 1e9, line->is_stderr ? "!" : "|", text);
    }
  (void) record;
}

int
il_cli_trace (int    argc,
              char **argv)
{
  g_auto(RunOptions) options = { 0 };
  g_auto(RunPlan) plan = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) il_cli_run_free);
  g_autoptr(IlTracer) tracer = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *json_failure = NULL;
  g_autofree char *picture_failure = NULL;
  g_autofree char *file_failure = NULL;
  g_autofree char *interval = NULL;
  g_autofree char *max_threads = NULL;
  g_autofree char *max_processes = NULL;
  gint64 threads_cap = IL_TRACER_DEFAULT_MAX_THREADS, processes_cap = IL_TRACER_DEFAULT_MAX_PROCESSES;
  g_autofree char **own = NULL;
  IlTracerOptions topts;
  IlTracerResult result = { 0, };
  IlCliReportInput in = { 0, };
  gboolean sampling = FALSE, show_output = FALSE;
  gint64 max_pages = 0, interval_us = 1000;
  int status = IL_CLI_EXIT_OK, n_own = argc, sigint_id, sigterm_id;
  Waiting waiting = { 0, };
  char **command;
  FILE *out;
  GOptionEntry entries[] = {
    { "interval-ms", 0, 0, G_OPTION_ARG_STRING, &interval,
      N_("Sampling interval in ms (default 1; 0.1 to 1000)"), N_("MS") },
    { "max-threads", 0, 0, G_OPTION_ARG_STRING, &max_threads,
      N_("Threads recorded at most (default 5000; more are counted)"), N_("N") },
    { "max-processes", 0, 0, G_OPTION_ARG_STRING, &max_processes,
      N_("Processes recorded at most (default 2000; more are counted)"), N_("N") },
    { "sampling", 0, 0, G_OPTION_ARG_NONE, &sampling,
      N_("Sample /proc even where perf_event_open would be allowed"), NULL },
    { "show-output", 0, 0, G_OPTION_ARG_NONE, &show_output,
      N_("Copy the program’s stdout and stderr to ours while it runs"), NULL },
    { "save", 0, 0, G_OPTION_ARG_FILENAME, &options.save,
      N_("Save the runs (reopened by “interleave show”; a Chrome trace that Perfetto opens)"),
      N_("FILE") },
    { "trace", 0, 0, G_OPTION_ARG_FILENAME, &options.trace,
      N_("The runs as Chrome Trace Event JSON (the same file as --save)"), N_("FILE") },
    { NULL }
  };

  /* Our options end at "--" (or at the first word that is not one) */
  for (int i = 1; i < argc; i++)
    if (strcmp (argv[i], "--") == 0)
      {
        n_own = i;
        break;
      }
  own = g_new0 (char *, n_own + 1);
  memcpy (own, argv, sizeof (char *) * n_own);
  command = n_own < argc ? argv + n_own + 1 : NULL;

  context = g_option_context_new (N_("-- COMMAND [ARG…]"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_strict_posix (context, TRUE);
  g_option_context_set_summary (context,
    _("Runs COMMAND and records every thread of it and of its child processes:\n"
      "when each ran and on which core, when it waited for a core, for a lock\n"
      "(futex: in CPython, the GIL) or for I/O; then prints the table of stats\n"
      "and draws and writes it as “run” does."));
  g_option_context_set_description (context,
    _("Examples:\n"
      "  interleave trace -- python3 threads.py\n"
      "  interleave trace --view cores -o gil.png -- python3 gil.py\n"
      "\n"
      "Context switches are recorded exactly with perf_event_open where the\n"
      "kernel allows it for this user (kernel.perf_event_paranoid 2 does), and\n"
      "/proc sampled beside it every 5 ms for why a thread waited; otherwise the\n"
      "threads are sampled from /proc every interval (1 ms by default).\n"
      "--sampling or INTERLEAVE_TRACE_METHOD=sampling forces sampling.\n"
      "\n"
      "Exit status: 0 when the program ran (whatever its own exit status), 1\n"
      "when an output could not be written, 2 for a usage error or a command\n"
      "that cannot be started."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  il_cli_run_add_output_entries (context, &options);

  {
    int n = n_own;
    char **copy = own;

    if (!g_option_context_parse (context, &n, &copy, &error))
      return il_cli_fail (IL_CLI_EXIT_USAGE, "%s", error->message);
    if (command == NULL && n > 1)
      command = copy + 1;   /* no "--": the first word that is not an option */
    else if (n > 1)
      return il_cli_fail (IL_CLI_EXIT_USAGE, _("trace: unexpected “%s” before “--”"), copy[1]);
  }
  if (command == NULL || command[0] == NULL)
    return il_cli_fail (IL_CLI_EXIT_USAGE, _("trace: missing COMMAND (interleave trace -- COMMAND [ARG…])"));

  if (interval != NULL)
    {
      gdouble ms;
      char *end;

      ms = g_ascii_strtod (interval, &end);
      if (end == interval || *end != '\0' || !(ms >= 0.1 && ms <= 1000))
        return il_cli_fail (IL_CLI_EXIT_USAGE, _("--interval-ms: “%s” is not a number from 0.1 to 1000"), interval);
      interval_us = (gint64) (ms * 1000 + 0.5);
    }

  if (!il_cli_parse_option ("--max-threads", max_threads, 1, 100000, &threads_cap, &status) ||
      !il_cli_parse_option ("--max-processes", max_processes, 1, 100000, &processes_cap, &status) ||
      !il_cli_run_parse_numbers (&options, &plan, &max_pages, &status) ||
      !il_cli_run_parse_view (options.view, &plan, &status) ||
      !il_cli_run_check_output_names (&options, &status) ||
      !il_cli_run_check_output_folders (&options, &status))
    return status;

  il_tracer_options_init (&topts);
  topts.interval_ns = interval_us * 1000;
  topts.method = sampling ? IL_TRACER_METHOD_SAMPLING : IL_TRACER_METHOD_AUTO;
  topts.pass_output = show_output;
  topts.max_threads = (guint) threads_cap;
  topts.max_processes = (guint) processes_cap;
  tracer = il_tracer_new ((const char * const *) command, &topts);

  plan.workload = make_workload (il_tracer_get_command (tracer), &error);
  if (plan.workload == NULL)
    return il_cli_fail (IL_CLI_EXIT_FAILED, "%s", error->message);
  il_workload_resolve_params (plan.workload, &plan.params, &plan.resolved);
  plan.exports = options.exports;
  plan.json = options.json;
  plan.save = options.save;
  plan.csv = options.csv;
  plan.trace = options.trace;
  plan.caption = !options.no_caption;

  loop = g_main_loop_new (NULL, FALSE);
  waiting.loop = loop;
  sigint_id = g_unix_signal_add (SIGINT, on_signal, tracer);
  sigterm_id = g_unix_signal_add (SIGTERM, on_signal, tracer);
  il_tracer_run_async (tracer, NULL, NULL, NULL, NULL, on_done, &waiting);
  g_main_loop_run (loop);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);

  if (waiting.record == NULL)
    {
      int code = g_error_matches (waiting.error, IL_TRACER_ERROR, IL_TRACER_ERROR_FAILED)
        ? IL_CLI_EXIT_FAILED : IL_CLI_EXIT_USAGE;

      status = il_cli_fail (code, "%s", waiting.error->message);
      g_error_free (waiting.error);
      return status;
    }

  il_tracer_get_result (tracer, &result);
  g_ptr_array_add (runs, il_cli_run_new (waiting.record));
  in.workload = plan.workload;
  in.resolved = &plan.resolved;
  out = g_strcmp0 (plan.json, "-") == 0 || g_strcmp0 (plan.csv, "-") == 0 ? stderr : stdout;
  il_cli_print_report (out, &in, runs);
  print_trace_facts (out, tracer, waiting.record, &result);
  fflush (out);

  if (plan.json != NULL || plan.csv != NULL)
    il_cli_run_write_json (&plan, runs, &json_failure);
  il_cli_run_write_pictures (&plan, runs, &picture_failure);
  il_cli_run_write_run_files (&plan, runs, &file_failure);
  il_run_record_unref (waiting.record);
  il_tracer_result_clear (&result);

  if (json_failure != NULL)
    il_cli_fail (IL_CLI_EXIT_FAILED, "%s", json_failure);
  if (picture_failure != NULL)
    il_cli_fail (IL_CLI_EXIT_FAILED, "%s", picture_failure);
  if (file_failure != NULL)
    il_cli_fail (IL_CLI_EXIT_FAILED, "%s", file_failure);

  return json_failure != NULL || picture_failure != NULL || file_failure != NULL
    ? IL_CLI_EXIT_FAILED : IL_CLI_EXIT_OK;
}
