/* il-cli-run.c — interleave run WORKLOAD [OPTION…]
 *
 * Everything the command line can get wrong is checked before the first
 * task runs (exit 2, one line).  Then the run chain (il-run-chain.h) runs
 * the models one after another, sequential first, while the main thread
 * runs a main loop that turns SIGINT/SIGTERM into a cancellation.  What
 * ran is always reported (il-cli-report.c): the table, the JSON summary,
 * the pictures — partial when the run was stopped.
 */
#include "config.h"

#include <inttypes.h>

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "il-cli-run-private.h"
#include "il-caption.h"
#include "il-export.h"
#include "il-machine.h"
#include "il-output.h"
#include "il-run-chain.h"
#include "il-run-file.h"
#include "il-summary.h"
#include "il-timeline.h"
#include "il-workload.h"

#define TASKS_VIEW_LIMIT     64            /* more tasks: workers view by default */
#define PROGRESS_INTERVAL_MS 200
#define PLOT_WIDTH           1000          /* without --width */
#define PLOT_HEIGHT          560           /* without --height, and a line per model */

/* The comparison going on, shared with the main loop's sources */
typedef struct {
  GMainLoop    *loop;
  GCancellable *cancellable;
  IlRunChain   *chain;
  gboolean      show_progress;
  gboolean      done;
  gboolean      ok;
  GError       *error;
  guint         reported;       /* runs whose last line was printed */
  const RunPlan *plan;          /* a sweep's runs say which point they are */
} Progress;

/* ------------------------------------------------------------------------ */
/* Running */

/* The first Ctrl+C stops the run, which then writes what ran; a second
 * one ends the program at once (a run can take a while to stop). */
static gboolean
on_signal (gpointer user_data)
{
  if (g_cancellable_is_cancelled (user_data))
    _exit (IL_CLI_EXIT_INTERRUPTED);
  g_cancellable_cancel (user_data);
  return G_SOURCE_CONTINUE;
}

/* While the results are written the main loop does not run: a plain
 * handler counts the signals, and the second ends the program at once,
 * leaving no temporary file behind. */
static volatile sig_atomic_t writing_interrupts;

static void
on_signal_while_writing (int signum)
{
  if (writing_interrupts++ > 0)
    {
      il_output_unlink_pending ();
      _exit (IL_CLI_EXIT_INTERRUPTED);
    }
}

static void
handle_signals_while_writing (gboolean interrupted_before)
{
  struct sigaction action = { 0 };

  writing_interrupts = interrupted_before ? 1 : 0;
  action.sa_handler = on_signal_while_writing;
  action.sa_flags = SA_RESTART;
  sigemptyset (&action.sa_mask);
  sigaction (SIGINT, &action, NULL);
  sigaction (SIGTERM, &action, NULL);
}

/* Ctrl+C (SIGINT) and SIGTERM cancel the run from the first moment the
 * command runs: a signal before the run starts is a run cancelled before
 * it started, reported as such. */
typedef struct {
  GCancellable *cancellable;
  guint         sigint_id;
  guint         sigterm_id;
} Signals;

static void
signals_watch (Signals *signals)
{
  signals->cancellable = g_cancellable_new ();
  signals->sigint_id = g_unix_signal_add (SIGINT, on_signal, signals->cancellable);
  signals->sigterm_id = g_unix_signal_add (SIGTERM, on_signal, signals->cancellable);
}

/* From here on a signal ends the program the usual way. */
static void
signals_clear (Signals *signals)
{
  g_clear_handle_id (&signals->sigint_id, g_source_remove);
  g_clear_handle_id (&signals->sigterm_id, g_source_remove);
  g_clear_object (&signals->cancellable);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Signals, signals_clear)

static void
print_line (Progress *progress,
            guint     index,
            IlRun    *run,
            gboolean  final)
{
  const char *id = il_run_get_title (run);
  guint done = 0;
  guint total = 0;

  il_run_get_progress (run, &done, &total);

  /* Carriage return and "erase line": one line that updates in place */
  fprintf (stderr, "\r\033[K");
  if (progress->plan != NULL && progress->plan->sweep_values != NULL)
    {
      g_autofree char *where = il_cli_sweep_describe_run (progress->plan, index);

      fprintf (stderr, "%s · ", where);
    }
  else
    id = il_model_get_info (il_run_get_model (run))->id;
  if (final)
    {
      g_autofree char *makespan = il_cli_format_seconds (il_run_get_stats (run)->makespan_ns);

      fprintf (stderr, _("%s: %u of %u tasks done in %s"), id, done, total, makespan);
      fprintf (stderr, "\n");
    }
  else
    {
      fprintf (stderr, _("%s: %u of %u tasks done…"), id, done, total);
    }
  fflush (stderr);
}

/* The finished runs' last lines, then the current one's progress. */
static void
print_progress (Progress *progress)
{
  GPtrArray *runs = il_run_chain_get_runs (progress->chain);
  guint started = il_run_chain_get_n_started (progress->chain);

  for (; progress->reported < started; progress->reported++)
    {
      IlRun *run = g_ptr_array_index (runs, progress->reported);

      if (!il_run_is_finished (run))
        {
          print_line (progress, progress->reported, run, FALSE);
          return;
        }
      print_line (progress, progress->reported, run, TRUE);
    }
}

static gboolean
on_progress (gpointer user_data)
{
  print_progress (user_data);
  return G_SOURCE_CONTINUE;
}

static void
on_chain_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Progress *progress = user_data;

  progress->ok = il_run_chain_execute_finish (progress->chain, result, &progress->error);
  progress->done = TRUE;
  g_main_loop_quit (progress->loop);
}

/* ------------------------------------------------------------------------ */
/* Writing */

gboolean
il_cli_run_write_json (RunPlan    *plan,
            GPtrArray  *runs,
            char      **failure)
{
  g_autoptr(JsonNode) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;

  g_autofree IlRunRecord **records = g_new0 (IlRunRecord *, MAX (runs->len, 1));

  for (guint i = 0; i < runs->len; i++)
    records[i] = ((IlCliRun *) g_ptr_array_index (runs, i))->record;
  summary = il_summary_build (plan->workload, &plan->params, records, runs->len,
                              (gint) plan->baseline_run - 1);
  if (plan->sweep != NULL)
    il_summary_add_sweep (summary, plan->sweep);

  /* The table as data: a row per run (a sweep's: per point), the JSON's
   * figures as columns */
  if (plan->csv != NULL)
    {
      g_autofree char *csv = plan->sweep != NULL
                               ? il_summary_sweep_to_csv (plan->sweep, il_workload_get_name (plan->workload), &length)
                               : il_summary_to_csv (summary, &length);

      if (strcmp (plan->csv, "-") == 0)
        {
          if (fwrite (csv, 1, length, stdout) != length || fflush (stdout) != 0)
            {
              *failure = g_strdup_printf (_("cannot write the CSV table: %s"), g_strerror (errno));
              return FALSE;
            }
        }
      else if (!il_output_write_file (plan->csv, csv, length, &error))
        {
          *failure = g_strdup (error->message);
          return FALSE;
        }
    }
  if (plan->json == NULL)
    return TRUE;

  data = il_summary_to_data (summary, &length);
  if (strcmp (plan->json, "-") == 0)
    {
      if (fwrite (data, 1, length, stdout) != length || fflush (stdout) != 0)
        {
          *failure = g_strdup_printf (_("cannot write the JSON summary: %s"), g_strerror (errno));
          return FALSE;
        }
      return TRUE;
    }

  /* A regular file is replaced at the end, a device or pipe written into */
  if (!il_output_write_file (plan->json, data, length, &error))
    {
      *failure = g_strdup (error->message);
      return FALSE;
    }

  return TRUE;
}

static IlView
default_view (GPtrArray *runs)
{
  guint max_tasks = 0;

  for (guint i = 0; i < runs->len; i++)
    {
      IlCliRun *run = g_ptr_array_index (runs, i);

      max_tasks = MAX (max_tasks, run->record->snapshot->n_tasks);
    }

  return max_tasks <= TASKS_VIEW_LIMIT ? IL_VIEW_TASKS : IL_VIEW_WORKERS;
}

static gboolean
write_plot (RunPlan    *plan,
            GPtrArray  *runs,
            char      **failure)
{
  g_autofree char *caption = NULL;
  g_autofree char *title = NULL;
  IlPlotOptions opts = { FALSE, IL_PLOT_SPEEDUP, NULL, NULL };
  int width = plan->width_given ? plan->width : PLOT_WIDTH;
  int height = plan->height > 0 ? plan->height : PLOT_HEIGHT + 20 * (int) plan->sweep->n_curves;

  if (plan->caption)
    {
      /* The numbers of the workload with the swept one as its values,
       * then the machine and the date */
      g_autoptr(GString) s = g_string_new (il_workload_get_title (plan->workload));
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *date = g_date_time_format (now, "%Y-%m-%d %H:%M");

      g_string_append (s, " — ");
      for (guint v = 0; v < plan->sweep->n_values; v++)
        g_string_append_printf (s, "%s%" G_GINT64_FORMAT, v > 0 ? ", " : "", plan->sweep->values[v]);
      g_string_append_printf (s, " %s", plan->sweep->axis == IL_SWEEP_AXIS_WORKERS ? _("workers") : _("tasks"));
      if (il_workload_get_crawl (plan->workload) != NULL)
        /* Translators: a crawl's page limit and the demo site's reply time, in a caption */
        g_string_append_printf (s, _(" · up to %d pages · replies in %d ms"),
                                plan->max_pages > 0 ? plan->max_pages : il_workload_get_crawl (plan->workload)->max_pages,
                                (int) MIN (plan->resolved.io_ms, G_MAXINT));
      else
        {
          if (plan->sweep->axis == IL_SWEEP_AXIS_WORKERS)
            g_string_append_printf (s, " · %s %d", _("tasks"), plan->resolved.tasks);
          /* Translators: a workload's planned waiting and computing per task, in a caption */
          g_string_append_printf (s, _(" · I/O %d ms · CPU %d ms"), (int) MIN (plan->resolved.io_ms, G_MAXINT),
                                  (int) MIN (plan->resolved.cpu_ms, G_MAXINT));
        }
      g_string_append (s, " · ");
      g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, "%u logical core", "%u logical cores",
                                              plan->sweep->logical_cores),
                              plan->sweep->logical_cores);
      g_string_append_printf (s, ", %s · %s", il_machine_get_cpu_model (), date);
      caption = g_string_free (g_steal_pointer (&s), FALSE);
    }
  {
    g_autofree char *times = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "each point %u time",
                                                           "each point %u times", plan->sweep->repeat),
                                              plan->sweep->repeat);

    title = g_strdup_printf ("%s — %s · %s", il_workload_get_name (plan->workload),
                             il_workload_get_title (plan->workload), times);
  }
  opts.measure = il_plot_default_measure (plan->sweep);
  opts.title = title;
  opts.caption = caption;

  for (guint i = 0; plan->exports[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      if (il_cli_run_is_run_file_name (plan->exports[i]))
        continue;
      if (!il_export_plot (plan->sweep, &opts, width, height, plan->exports[i], &error))
        {
          *failure = g_strdup (error->message);
          return FALSE;
        }
    }
  return TRUE;
}

/* Stops at the first picture that cannot be written: @failure says which */
gboolean
il_cli_run_write_pictures (RunPlan    *plan,
                GPtrArray  *runs,
                char      **failure)
{
  g_autofree IlTimelineRun *timeline_runs = NULL;
  g_autofree char *caption = NULL;
  IlPaintOptions opts = IL_PAINT_OPTIONS_INIT;
  IlView view;
  int height;

  gboolean any = FALSE;

  for (guint i = 0; plan->exports != NULL && plan->exports[i] != NULL; i++)
    any |= !il_cli_run_is_run_file_name (plan->exports[i]);
  if (!any || runs->len == 0)
    return TRUE;

  /* A sweep's picture is its plot, unless a timeline view was asked for */
  if (plan->sweep != NULL && (plan->plot || !plan->have_view))
    return write_plot (plan, runs, failure);

  timeline_runs = g_new0 (IlTimelineRun, runs->len);
  for (guint i = 0; i < runs->len; i++)
    {
      IlCliRun *run = g_ptr_array_index (runs, i);
      const IlRunStats *stats = &run->stats;

      timeline_runs[i].title = run->heading;
      timeline_runs[i].snapshot = run->record->snapshot;
      timeline_runs[i].makespan_ns = stats->makespan_ns;
      timeline_runs[i].ideal_ns = stats->ideal_ns;
      timeline_runs[i].other_load = il_run_stats_saw_other_load (stats) ? stats->other_load : 0;
      timeline_runs[i].live = FALSE;
    }

  view = plan->have_view ? plan->view : default_view (runs);

  if (plan->caption)
    {
      g_autofree IlRunRecord **records = g_new0 (IlRunRecord *, runs->len);

      for (guint i = 0; i < runs->len; i++)
        records[i] = ((IlCliRun *) g_ptr_array_index (runs, i))->record;
      caption = il_caption_build (records, runs->len, NULL);
    }
  opts.caption = caption;

  height = plan->height;
  if (height == 0)
    {
      /* Every lane at its full size, within reason */
      g_autoptr(IlTimelineLayout) layout = il_timeline_layout_new (timeline_runs, runs->len, view);

      il_timeline_layout_set_size (layout, plan->width, MIN_AUTO_HEIGHT);
      height = CLAMP (il_timeline_layout_get_natural_height (layout) +
                      (int) il_painter_caption_height (layout, caption),
                      MIN_AUTO_HEIGHT, MAX_AUTO_HEIGHT);
      /* … and within the largest picture */
      height = MIN (height, (int) (IL_EXPORT_MAX_PIXELS / plan->width));
    }

  for (guint i = 0; plan->exports[i] != NULL; i++)
    {
      g_autoptr(IlTimelineLayout) layout = il_timeline_layout_new (timeline_runs, runs->len, view);
      g_autoptr(GError) error = NULL;

      if (il_cli_run_is_run_file_name (plan->exports[i]))
        continue;
      if (!il_export_layout (layout, &opts, plan->width, height, plan->exports[i], &error))
        {
          /* The message names the file */
          *failure = g_strdup (error->message);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
write_run_file (RunPlan     *plan,
                GPtrArray   *runs,
                const char  *path,
                char       **failure)
{
  g_autofree IlRunRecord **records = g_new0 (IlRunRecord *, MAX (runs->len, 1));
  g_autoptr(GError) error = NULL;
  gboolean ok;

  for (guint i = 0; i < runs->len; i++)
    records[i] = ((IlCliRun *) g_ptr_array_index (runs, i))->record;
  if (plan->sweep != NULL)
    {
      IlRunFileSweep sweep = { plan->sweep->axis, plan->sweep->n_values, plan->sweep->values,
                               plan->sweep->repeat, plan->drop_busy, runs->len, plan->value_of_run,
                               plan->sweep->n_runs_planned };

      ok = il_run_file_write_sweep (path, plan->workload, &plan->resolved, records, runs->len, &sweep, &error);
    }
  else
    ok = il_run_file_write (path, plan->workload, &plan->resolved, records, runs->len, &error);
  if (!ok)
    {
      *failure = g_strdup (error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
il_cli_run_write_run_files (RunPlan    *plan,
                            GPtrArray  *runs,
                            char      **failure)
{
  if (plan->save != NULL && !write_run_file (plan, runs, plan->save, failure))
    return FALSE;
  if (plan->trace != NULL && !write_run_file (plan, runs, plan->trace, failure))
    return FALSE;
  for (guint i = 0; plan->exports != NULL && plan->exports[i] != NULL; i++)
    if (il_cli_run_is_run_file_name (plan->exports[i]) &&
        !write_run_file (plan, runs, plan->exports[i], failure))
      return FALSE;
  return TRUE;
}

/* ------------------------------------------------------------------------ */

static int
run_models (RunPlan *plan,
            Signals *signals)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  GCancellable *cancellable = signals->cancellable;
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) il_cli_run_free);
  g_autofree IlModelChoice *choices = NULL;
  g_autofree IlWorkloadParams *sweep_params = NULL;
  g_autofree guint *value_of_run = NULL;
  g_autoptr(IlSweep) sweep = NULL;
  guint n_choices = plan->models->len;
  g_autoptr(IlRunChain) chain = NULL;
  g_autofree char *json_failure = NULL;
  g_autofree char *picture_failure = NULL;
  g_autofree char *file_failure = NULL;
  IlRunChainSettings settings = { 0, };
  IlCliReportInput in = { 0, };
  Progress progress = { 0 };
  guint progress_id = 0;
  FILE *out;

  if (plan->sweep_values != NULL)
    choices = il_cli_sweep_choices (plan, &sweep_params, &n_choices);
  else
    {
      choices = g_new0 (IlModelChoice, MAX (plan->models->len, 1));
      for (guint i = 0; i < plan->models->len; i++)
        {
          IlModel choice = g_array_index (plan->models, IlModel, i);

          choices[i].model = choice & MODEL_MASK;
          choices[i].gil = plan->gil || (choice & MODEL_WITH_GIL) != 0;
        }
    }
  settings.gil_interval_ns = plan->switch_interval_ms * 1000000;
  settings.crawl_url = plan->url;
  settings.crawl_max_pages = plan->max_pages;
  settings.crawl_other_hosts = plan->allow_other_hosts;
  chain = il_run_chain_new (plan->workload, &plan->params, choices, n_choices, &settings);

  progress.plan = plan;
  progress.loop = loop;
  progress.cancellable = cancellable;
  progress.chain = chain;
  progress.show_progress = isatty (STDERR_FILENO);

  /* A signal that came while the command line was read counts now */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  if (progress.show_progress)
    progress_id = g_timeout_add (PROGRESS_INTERVAL_MS, on_progress, &progress);

  il_run_chain_execute_async (chain, cancellable, NULL, NULL, on_chain_done, &progress);
  while (!progress.done)
    g_main_loop_run (loop);
  g_clear_handle_id (&progress_id, g_source_remove);
  if (progress.show_progress)
    {
      print_progress (&progress);
      if (!progress.ok)
        fprintf (stderr, "\r\033[K");
    }

  /* What ran: a run that could not be done is not reported */
  for (guint i = 0; i < il_run_chain_get_n_started (chain); i++)
    {
      IlRun *run = g_ptr_array_index (il_run_chain_get_runs (chain), i);

      if (il_run_get_record (run) != NULL && il_run_is_finished (run) &&
          (progress.ok || i + 1 < il_run_chain_get_n_started (chain)))
        g_ptr_array_add (runs, il_cli_run_new (il_run_get_record (run)));
    }

  /* From here the main loop does not run: see on_signal_while_writing() */
  g_clear_handle_id (&signals->sigint_id, g_source_remove);
  g_clear_handle_id (&signals->sigterm_id, g_source_remove);
  handle_signals_while_writing (g_cancellable_is_cancelled (cancellable));

  /* With "--json -" (or --save, --trace) the standard output holds the file alone */
  out = g_strcmp0 (plan->json, "-") == 0 || g_strcmp0 (plan->save, "-") == 0 ||
        g_strcmp0 (plan->trace, "-") == 0 || g_strcmp0 (plan->csv, "-") == 0 ? stderr : stdout;
  in.workload = plan->workload;
  in.resolved = &plan->resolved;
  in.url = plan->url;
  in.max_pages = plan->max_pages;
  plan->baseline_run = il_cli_run_find_baseline (plan, runs) + 1;
  in.baseline_run = plan->baseline_run;
  if (plan->sweep_values != NULL)
    {
      value_of_run = g_new0 (guint, MAX (runs->len, 1));
      for (guint i = 0; i < runs->len; i++)
        {
          guint r, m;

          il_sweep_order (plan->sweep_values->len, plan->models->len, plan->repeat, i,
                          &value_of_run[i], &r, &m);
        }
      sweep = il_cli_sweep_build (plan->workload, plan->sweep_axis,
                                  (const gint64 *) (gpointer) plan->sweep_values->data,
                                  plan->sweep_values->len, plan->repeat, plan->drop_busy,
                                  runs, value_of_run);
      sweep->n_runs_planned = n_choices;
      il_cli_sweep_print (out, sweep);
      plan->sweep = sweep;
      plan->value_of_run = value_of_run;
    }
  else
    il_cli_print_report (out, &in, runs);

  if (plan->json != NULL || plan->csv != NULL)
    il_cli_run_write_json (plan, runs, &json_failure);

  il_cli_run_write_pictures (plan, runs, &picture_failure);
  il_cli_run_write_run_files (plan, runs, &file_failure);

  /* From here on a signal ends the program the usual way */
  signal (SIGINT, SIG_DFL);
  signal (SIGTERM, SIG_DFL);

  /* Each failure is one line; most runs have none */
  if (!progress.ok)
    il_cli_fail (IL_CLI_EXIT_FAILED, "%s", progress.error->message);
  if (json_failure != NULL)
    il_cli_fail (IL_CLI_EXIT_FAILED, "%s", json_failure);
  if (picture_failure != NULL)
    il_cli_fail (IL_CLI_EXIT_FAILED, "%s", picture_failure);
  if (file_failure != NULL)
    il_cli_fail (IL_CLI_EXIT_FAILED, "%s", file_failure);
  if (g_cancellable_is_cancelled (cancellable))
    il_cli_fail (IL_CLI_EXIT_FAILED, _("run cancelled"));

  if (!progress.ok || json_failure != NULL || picture_failure != NULL || file_failure != NULL ||
      g_cancellable_is_cancelled (cancellable))
    {
      g_clear_error (&progress.error);
      return IL_CLI_EXIT_FAILED;
    }

  return IL_CLI_EXIT_OK;
}

int
il_cli_run (int    argc,
            char **argv)
{
  g_auto(Signals) signals = { 0 };
  g_auto(RunOptions) options = { 0 };
  g_auto(RunPlan) plan = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  gint64 max_pages = 0;
  int status = IL_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "models", 'm', 0, G_OPTION_ARG_STRING, &options.models,
      N_("Comma list of model ids (a “+gil” suffix emulates the GIL for that one), or “all” (default: all that suit it)"),
      N_("LIST") },
    { "tasks", 0, 0, G_OPTION_ARG_STRING, &options.tasks,
      N_("Number of tasks (default: the workload's)"), N_("N") },
    { "workers", 0, 0, G_OPTION_ARG_STRING, &options.workers,
      N_("Workers of the pool models (default: the logical cores)"), N_("N") },
    { "io-ms", 0, 0, G_OPTION_ARG_STRING, &options.io_ms,
      N_("Length of each simulated I/O wait, 0 or more"), N_("MS") },
    { "cpu-ms", 0, 0, G_OPTION_ARG_STRING, &options.cpu_ms,
      N_("CPU work of each computing phase (one core's ms), 0 or more"), N_("MS") },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &options.seed,
      N_("Seed of the random sleeps"), N_("N") },
    { "gil", 0, 0, G_OPTION_ARG_NONE, &options.gil,
      N_("Emulate CPython's GIL in the thread models"), NULL },
    { "switch-interval", 0, 0, G_OPTION_ARG_STRING, &options.switch_interval,
      N_("The GIL's switch interval (default 5, like sys.getswitchinterval())"), N_("MS") },
    { "url", 0, 0, G_OPTION_ARG_STRING, &options.url,
      N_("Start page of the web-crawl workload"), N_("URL") },
    { "max-pages", 0, 0, G_OPTION_ARG_STRING, &options.max_pages,
      N_("Most pages the web-crawl workload fetches"), N_("N") },
    { "allow-other-hosts", 0, 0, G_OPTION_ARG_NONE, &options.allow_other_hosts,
      N_("Let the web-crawl workload follow links to other hosts"), NULL },
    { "repeat", 0, 0, G_OPTION_ARG_STRING, &options.repeat,
      N_("A sweep (--workers 1,2,4 or 1..16 doubling, --tasks 10,100): each point N times, the models interleaved (default 1)"), N_("N") },
    { "drop-busy", 0, 0, G_OPTION_ARG_NONE, &options.drop_busy,
      N_("Leave the runs of a sweep that saw other load out of its statistics (they stay in the JSON)"), NULL },
    { NULL }
  };
  const GOptionEntry file_entries[] = {
    { "save", 0, 0, G_OPTION_ARG_FILENAME, &options.save,
      N_("Save the runs (reopened by “interleave show”; a Chrome trace that Perfetto opens)"),
      N_("FILE") },
    { "trace", 0, 0, G_OPTION_ARG_FILENAME, &options.trace,
      N_("The runs as Chrome Trace Event JSON (the same file as --save)"), N_("FILE") },
    { NULL }
  };

  /* First of all, so that no Ctrl+C goes unreported */
  signals_watch (&signals);

  context = g_option_context_new (N_("WORKLOAD"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
    _("Runs WORKLOAD, a name from “interleave list” or a .workload file, under each\n"
      "model, sequential first, and prints a table of stats: makespan, ideal, speedup\n"
      "against sequential, efficiency, CPU time, context switches, peak memory."));
  g_option_context_set_description (context,
    _("Examples:\n"
      "  interleave run three-tasks\n"
      "  interleave run three-tasks -m sequential,threads --io-ms 500\n"
      "  interleave run my.workload --tasks 8 --workers 4 -o timeline.png -o timeline.svg\n"
      "  interleave run three-tasks -m all --json - > summary.json\n"
      "  interleave run three-tasks --save runs.json && interleave show runs.json\n"
      "  interleave run sum-of-squares --workers 1,2,4 --repeat 3 --view plot -o plot.png\n"
      "\n"
      "Exit status: 0 when the run completed (failed tasks are counted), 1 when the\n"
      "run or an export could not be done (Ctrl+C cancels; what ran is still\n"
      "reported), 2 for a usage error."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  il_cli_run_add_output_entries (context, &options);
  g_option_context_add_main_entries (context, file_entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return il_cli_fail (IL_CLI_EXIT_USAGE, "%s", error->message);

  if (argc < 2)
    return il_cli_fail (IL_CLI_EXIT_USAGE,
                        _("run: missing WORKLOAD (a name from “interleave list” or a .workload file)"));
  if (argc > 2)
    return il_cli_fail (IL_CLI_EXIT_USAGE, _("run: unexpected argument “%s”"), argv[2]);

  if (!il_cli_run_parse_numbers (&options, &plan, &max_pages, &status) ||
      !il_cli_sweep_parse (&options, &plan, &status) ||
      !il_cli_run_parse_view (options.view, &plan, &status) ||
      !il_cli_run_check_url (options.url, &status) ||
      !il_cli_run_check_output_names (&options, &status) ||
      !il_cli_run_load_workload (argv[1], &plan, &status) ||
      !il_cli_run_check_crawl_options (&options, plan.workload, &status) ||
      !il_cli_run_select_models (options.models, &plan, &status))
    return status;
  {
    g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

    for (guint i = 0; i < plan.models->len; i++)
      {
        IlModel choice = g_array_index (plan.models, IlModel, i);

        g_ptr_array_add (ids, g_strdup_printf ("%s%s", il_model_get_info (choice & MODEL_MASK)->id,
                                               (choice & MODEL_WITH_GIL) != 0 ? "+gil" : ""));
      }
    if (!il_cli_run_parse_baseline (options.baseline, (const char * const *) ids->pdata, ids->len,
                                    &plan, &status))
      return status;
  }

  plan.gil = options.gil;
  plan.url = options.url;
  plan.max_pages = (gint) max_pages;
  plan.allow_other_hosts = options.allow_other_hosts;

  il_workload_resolve_params (plan.workload, &plan.params, &plan.resolved);
  if (!il_cli_run_check_task_counts (&plan, &status) ||
      !il_cli_sweep_check (&plan, &status))
    return status;

  /* Last, as it is no usage error (exit 1): the files could not be written */
  if (!il_cli_run_check_output_folders (&options, &status))
    return status;

  plan.width_given = options.width != NULL;
  plan.exports = options.exports;
  plan.caption = !options.no_caption;
  plan.json = options.json;
  plan.csv = options.csv;
  plan.save = options.save;
  plan.trace = options.trace;

  return run_models (&plan, &signals);
}
