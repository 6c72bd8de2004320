/* il-cli-show.c — interleave show FILE… [OPTION…]
 *
 * Opens saved comparisons (il-run-file.h) and reports them as "run" did:
 * the same table, the same summary JSON, the same pictures.  Several files
 * make one comparison, their runs in the order given; they must be of the
 * same workload with the same numbers, so that the speedup is taken
 * against the first sequential run among them.
 */
#include "config.h"

#include <inttypes.h>

#include <string.h>

#include <glib/gi18n.h>

#include "il-cli-run-private.h"
#include "il-run-file.h"

/* Where the reader of other tools' Chrome traces plugs in: @path is JSON
 * without Interleave's record.  Not yet: fails with one line. */
static IlRunFile *
open_other_tools_trace (const char  *path,
                        GError     **error)
{
  g_set_error (error, IL_RUN_FILE_ERROR, IL_RUN_FILE_ERROR_NOT_OURS,
               _("%s: not an Interleave file (other tools' traces open in the window, with Open Run…)"), path);
  return NULL;
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

static gboolean
same_numbers (const IlWorkloadParams *a,
              const IlWorkloadParams *b)
{
  return a->tasks == b->tasks && a->workers == b->workers && a->io_ms == b->io_ms &&
         a->cpu_ms == b->cpu_ms && a->seed == b->seed;
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
      "comparison: runs of the same workload with the same numbers."));
  g_option_context_set_description (context,
    _("Examples:\n"
      "  interleave show runs.json\n"
      "  interleave show runs.json --view cores -o cores.png --json summary.json\n"
      "  interleave show threads.json processes.json -o both.svg\n"
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
  for (guint i = 1; i < files->len; i++)
    {
      IlRunFile *file = g_ptr_array_index (files, i);

      if (g_strcmp0 (il_workload_get_name (file->workload), il_workload_get_name (first->workload)) != 0 ||
          !same_numbers (&file->params, &first->params))
        return il_cli_fail (IL_CLI_EXIT_FAILED,
                            _("%s: runs of another workload or other numbers than %s: show them one at a time"),
                            argv[i + 1], argv[1]);
    }

  for (guint i = 0; i < files->len; i++)
    {
      IlRunFile *file = g_ptr_array_index (files, i);

      for (guint k = 0; k < file->n_records; k++)
        g_ptr_array_add (runs, il_cli_run_new (file->records[k]));
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
