/* il-cli-show.c — interleave show FILE… [OPTION…]
 *
 * Opens saved comparisons (il-run-file.h) and reports them as "run" did:
 * the same table, the same summary JSON, the same pictures.  Several files
 * make one comparison, their runs in the order given, on one time axis:
 * of one workload with other numbers (2 workers against 4), of other
 * workloads, from other days or machines — each run's speedup is taken
 * against the sequential run of its own work, or against the run
 * --baseline names, and the table lists what each ran when they differ.
 */
#include "config.h"

#include <inttypes.h>

#include <string.h>

#include <glib/gi18n.h>

#include "il-chrome-import.h"
#include "il-cli-run-private.h"
#include "il-run-file.h"

/* What was left out of another tool's trace, in one line on stderr */
static void
report_skipped (const char                 *path,
                const IlChromeImportReport *report)
{
  guint skipped = report->skipped_events + report->unknown_phases + report->bad_times +
                  report->unmatched_ends + report->unended_begins;

  if (skipped > 0 || report->misnested > 0 || report->too_deep > 0 || report->truncated)
    fprintf (stderr,
             /* Translators: what "show" left out of another tool's trace, one line */
             _("%s: %u events of %u not drawn (%u of kinds not shown, %u of unknown kinds, %u with bad times, "
               "%u ends without a begin, %u begins without an end), %u slices cut to their parent, %u too deep%s\n"),
             path, skipped, report->events, report->skipped_events, report->unknown_phases, report->bad_times,
             report->unmatched_ends, report->unended_begins, report->misnested, report->too_deep,
             report->truncated ? _(", the file ends early") : "");
}

/* Another tool's Chrome trace (@path is JSON without Interleave's record):
 * its processes as runs, under a workload that only names them. */
static IlRunFile *
open_other_tools_trace (const char  *path,
                        GError     **error)
{
#if HAVE_YAJL
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, error);
  g_autofree char *name = g_filename_display_basename (path);
  g_autoptr(GPtrArray) records = NULL;
  IlChromeImportReport report;
  IlRunFile *file;

  if (mapped == NULL)
    return NULL;
  records = il_chrome_import (g_mapped_file_get_contents (mapped), g_mapped_file_get_length (mapped),
                              name, &report, error);
  if (records == NULL)
    return NULL;
  report_skipped (path, &report);

  file = g_new0 (IlRunFile, 1);
  file->workload = il_cli_make_source_workload ("trace", name, _("Another tool's trace"), NULL, error);
  if (file->workload == NULL)
    {
      il_run_file_free (file);
      return NULL;
    }
  file->params = (IlWorkloadParams) IL_WORKLOAD_PARAMS_INIT;
  file->n_records = records->len;
  file->records = g_new0 (IlRunRecord *, MAX (records->len, 1));
  for (guint i = 0; i < records->len; i++)
    file->records[i] = il_run_record_ref (g_ptr_array_index (records, i));
  return file;
#else
  g_set_error (error, IL_RUN_FILE_ERROR, IL_RUN_FILE_ERROR_NOT_OURS,
               _("%s: not an Interleave file (this build reads no other tools' traces: it was built without yajl)"),
               path);
  return NULL;
#endif
}

static IlRunFile *
open_file (const char  *path,
           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  IlRunFile *file = il_run_file_read (path, &local_error);

  if (file != NULL)
    return file;
  if (g_error_matches (local_error, IL_RUN_FILE_ERROR, IL_RUN_FILE_ERROR_NOT_OURS))
    return open_other_tools_trace (path, error);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

int
il_cli_show (int    argc,
             char **argv)
{
  g_auto(RunOptions) options = { 0 };
  g_auto(RunPlan) plan = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) il_run_file_free);
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) il_cli_run_free);
  g_autofree char *json_failure = NULL;
  g_autofree char *picture_failure = NULL;
  g_autofree char *file_failure = NULL;
  IlCliReportInput in = { 0, };
  g_autoptr(IlSweep) sweep = NULL;
  const IlRunRecord *first_record;
  IlRunFile *first;
  gint64 max_pages = 0;
  int status = IL_CLI_EXIT_OK;
  FILE *out;

  context = g_option_context_new (N_("FILE…"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
    _("Opens runs saved by “interleave run --save” and prints the same table of\n"
      "stats; draws and writes them as “run” does.  Several files make one\n"
      "comparison on one time axis, whatever workload and numbers they ran."));
  g_option_context_set_description (context,
    _("Examples:\n"
      "  interleave show runs.json\n"
      "  interleave show runs.json --view cores -o cores.png --json summary.json\n"
      "  interleave show threads.json processes.json -o both.svg\n"
      "  interleave show two-workers.json four-workers.json --baseline 1\n"
      "\n"
      "Exit status: 0 when the files were shown, 1 when a file could not be read\n"
      "or an output could not be written, 2 for a usage error."));
  il_cli_run_add_output_entries (context, &options);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return il_cli_fail (IL_CLI_EXIT_USAGE, "%s", error->message);
  if (argc < 2)
    return il_cli_fail (IL_CLI_EXIT_USAGE, _("show: missing FILE (a file saved by “interleave run --save”)"));

  if (!il_cli_run_parse_numbers (&options, &plan, &max_pages, &status) ||
      !il_cli_run_parse_view (options.view, &plan, &status) ||
      !il_cli_run_check_output_names (&options, &status) ||
      !il_cli_run_check_output_folders (&options, &status))
    return status;

  for (int i = 1; i < argc; i++)
    {
      IlRunFile *file = open_file (argv[i], &error);

      if (file == NULL)
        return il_cli_fail (IL_CLI_EXIT_FAILED, "%s", error->message);
      g_ptr_array_add (files, file);
    }

  first = g_ptr_array_index (files, 0);
  for (guint i = 0; i < files->len; i++)
    {
      IlRunFile *file = g_ptr_array_index (files, i);

      for (guint k = 0; k < file->n_records; k++)
        g_ptr_array_add (runs, il_cli_run_new (file->records[k]));
    }
  {
    g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

    for (guint i = 0; i < runs->len; i++)
      g_ptr_array_add (ids, il_cli_run_dup_id (((IlCliRun *) g_ptr_array_index (runs, i))->record));
    if (!il_cli_run_parse_baseline (options.baseline, (const char * const *) ids->pdata, ids->len,
                                    &plan, &status))
      return status;
    /* A number names that run, whatever its model */
    {
      guint64 number;

      if (options.baseline != NULL &&
          g_ascii_string_to_unsigned (options.baseline, 10, 1, runs->len, &number, NULL))
        plan.baseline_run = (guint) number;
      else
        plan.baseline_run = il_cli_run_find_baseline (&plan, runs) + 1;
      in.baseline_run = plan.baseline_run;
    }
  }

  plan.workload = il_workload_ref (first->workload);
  plan.params = first->params;
  il_workload_resolve_params (plan.workload, &plan.params, &plan.resolved);
  plan.exports = options.exports;
  plan.json = options.json;
  plan.csv = options.csv;
  plan.caption = !options.no_caption;

  /* As "run" printed it: a crawl's start page and page budget are the runs' */
  first_record = runs->len > 0 ? ((IlCliRun *) g_ptr_array_index (runs, 0))->record : NULL;
  in.workload = plan.workload;
  in.resolved = &plan.resolved;
  /* A saved "interleave trace" run: its lanes are threads, not planned tasks */
  if (first_record != NULL && il_workload_get_crawl (plan.workload) != NULL)
    {
      in.url = first_record->crawl_demo_site ? NULL : first_record->crawl_url;
      in.max_pages = (gint) first_record->crawl_max_pages;
    }
  out = g_strcmp0 (plan.json, "-") == 0 || g_strcmp0 (plan.csv, "-") == 0 ? stderr : stdout;
  plan.width_given = options.width != NULL;
  if (files->len == 1 && first->sweep != NULL)
    {
      /* A saved sweep: its points and plot again */
      sweep = il_cli_sweep_build (plan.workload, first->sweep->axis, first->sweep->values,
                                  first->sweep->n_values, first->sweep->repeat, first->sweep->drop_busy,
                                  runs, first->sweep->value_of_run);
      plan.sweep = sweep;
      plan.value_of_run = first->sweep->value_of_run;
      plan.drop_busy = first->sweep->drop_busy;
      if (first->sweep->runs_planned > sweep->n_runs_planned)
        sweep->n_runs_planned = first->sweep->runs_planned;
      il_cli_sweep_print (out, sweep);
    }
  else if (plan.plot)
    return il_cli_fail (IL_CLI_EXIT_USAGE,
                        files->len == 1 ? _("--view plot: %s holds no sweep")
                                        : _("--view plot: %s and the other files are no one sweep; show a sweep's file alone"),
                        argv[1]);
  else
    il_cli_print_report (out, &in, runs);

  if (plan.json != NULL || plan.csv != NULL)
    il_cli_run_write_json (&plan, runs, &json_failure);
  il_cli_run_write_pictures (&plan, runs, &picture_failure);
  il_cli_run_write_run_files (&plan, runs, &file_failure);

  if (json_failure != NULL)
    il_cli_fail (IL_CLI_EXIT_FAILED, "%s", json_failure);
  if (picture_failure != NULL)
    il_cli_fail (IL_CLI_EXIT_FAILED, "%s", picture_failure);
  if (file_failure != NULL)
    il_cli_fail (IL_CLI_EXIT_FAILED, "%s", file_failure);

  return json_failure != NULL || picture_failure != NULL || file_failure != NULL
    ? IL_CLI_EXIT_FAILED : IL_CLI_EXIT_OK;
}
