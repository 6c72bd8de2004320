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

#include "il-cli-private.h"
#include "il-export.h"
#include "il-machine.h"
#include "il-run-chain.h"
#include "il-summary.h"
#include "il-timeline.h"
#include "il-workload.h"

#define DEFAULT_WIDTH        1600
#define MIN_AUTO_HEIGHT      400
#define MAX_AUTO_HEIGHT      8000
#define MAX_PICTURE_SIZE     32767         /* cairo's limit for image surfaces */
#define MAX_TASKS            1000000
#define MAX_WORKERS          100000
#define MAX_MS               (G_GINT64_CONSTANT (1000) * 3600 * 24)
#define MAX_PAGES            1000000
#define TASKS_VIEW_LIMIT     64            /* more tasks: workers view by default */
#define PROGRESS_INTERVAL_MS 200

typedef struct {
  char     *models;
  char     *tasks;
  char     *workers;
  char     *io_ms;
  char     *cpu_ms;
  char     *seed;
  gboolean  gil;
  char     *switch_interval;
  char     *url;
  char     *max_pages;
  gboolean  allow_other_hosts;
  char     *view;
  char     *width;
  char     *height;
  char    **exports;
  char     *json;
} RunOptions;

static void
run_options_clear (RunOptions *options)
{
  g_clear_pointer (&options->models, g_free);
  g_clear_pointer (&options->tasks, g_free);
  g_clear_pointer (&options->workers, g_free);
  g_clear_pointer (&options->io_ms, g_free);
  g_clear_pointer (&options->cpu_ms, g_free);
  g_clear_pointer (&options->seed, g_free);
  g_clear_pointer (&options->switch_interval, g_free);
  g_clear_pointer (&options->url, g_free);
  g_clear_pointer (&options->max_pages, g_free);
  g_clear_pointer (&options->view, g_free);
  g_clear_pointer (&options->width, g_free);
  g_clear_pointer (&options->height, g_free);
  g_clear_pointer (&options->exports, g_strfreev);
  g_clear_pointer (&options->json, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RunOptions, run_options_clear)

/* What the command line asked for, checked */
typedef struct {
  IlWorkload       *workload;
  IlWorkloadParams  params;       /* overrides */
  IlWorkloadParams  resolved;     /* the numbers in force */
  GArray           *models;       /* IlModel, sequential first */
  gboolean          have_view;
  IlView            view;
  int               width;
  int               height;       /* 0: from the lanes */
  char            **exports;      /* borrowed from RunOptions */
  const char       *json;         /* borrowed from RunOptions */
  gboolean          gil;
  gint64            switch_interval_ms;
  const char       *url;          /* web-crawl: borrowed from RunOptions */
  gint              max_pages;    /* web-crawl: 0 = the workload's */
  gboolean          allow_other_hosts;
} RunPlan;

static void
run_plan_clear (RunPlan *plan)
{
  g_clear_pointer (&plan->workload, il_workload_unref);
  g_clear_pointer (&plan->models, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RunPlan, run_plan_clear)

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
} Progress;

/* ------------------------------------------------------------------------ */
/* Checking the command line */

static gboolean
parse_numbers (const RunOptions *options,
               RunPlan          *plan,
               gint64           *max_pages,
               int              *status)
{
  gint64 tasks = 0;
  gint64 workers = 0;
  gint64 io_ms = -1;
  gint64 cpu_ms = -1;
  gint64 seed = -1;
  gint64 width = DEFAULT_WIDTH;
  gint64 height = 0;
  gint64 switch_ms = 5;

  if (!il_cli_parse_option ("--switch-interval", options->switch_interval, 1, 10000, &switch_ms, status) ||
      !il_cli_parse_option ("--tasks", options->tasks, 1, MAX_TASKS, &tasks, status) ||
      !il_cli_parse_option ("--workers", options->workers, 1, MAX_WORKERS, &workers, status) ||
      !il_cli_parse_option ("--io-ms", options->io_ms, 0, MAX_MS, &io_ms, status) ||
      !il_cli_parse_option ("--cpu-ms", options->cpu_ms, 0, MAX_MS, &cpu_ms, status) ||
      !il_cli_parse_option ("--seed", options->seed, 0, G_MAXINT64, &seed, status) ||
      !il_cli_parse_option ("--max-pages", options->max_pages, 1, MAX_PAGES, max_pages, status) ||
      !il_cli_parse_option ("--width", options->width, 1, MAX_PICTURE_SIZE, &width, status) ||
      !il_cli_parse_option ("--height", options->height, 1, MAX_PICTURE_SIZE, &height, status))
    return FALSE;

  plan->params.tasks = (gint) tasks;
  plan->params.workers = (gint) workers;
  plan->params.io_ms = io_ms;
  plan->params.cpu_ms = cpu_ms;
  plan->params.seed = seed;
  plan->width = (int) width;
  plan->height = (int) height;
  plan->switch_interval_ms = switch_ms;

  return TRUE;
}

static gboolean
parse_view (const char *text,
            RunPlan    *plan,
            int        *status)
{
  if (text == NULL)
    return TRUE;

  if (!il_view_from_string (text, &plan->view))
    {
      *status = il_cli_fail (IL_CLI_EXIT_USAGE,
                             _("--view: unknown view “%s” (known: tasks, workers, cores)"),
                             text);
      return FALSE;
    }

  plan->have_view = TRUE;
  return TRUE;
}

/* Fails early, before anything runs, on a file that cannot be written:
 * an unknown picture format, or a folder that does not exist. */
static gboolean
check_output_folder (const char *path,
                     int        *status)
{
  g_autofree char *folder = g_path_get_dirname (path);

  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      *status = il_cli_fail (IL_CLI_EXIT_FAILED, _("cannot write “%s”: %s"),
                             path, g_strerror (ENOENT));
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_output_names (const RunOptions *options,
                    int              *status)
{
  for (guint i = 0; options->exports != NULL && options->exports[i] != NULL; i++)
    {
      const char *path = options->exports[i];
      IlExportFormat format;

      if (path[0] == '\0')
        {
          *status = il_cli_fail (IL_CLI_EXIT_USAGE, _("--export: the file name is empty"));
          return FALSE;
        }

      if (!il_export_format_from_path (path, &format, NULL))
        {
          *status = il_cli_fail (IL_CLI_EXIT_USAGE,
                                 _("--export: unknown picture format of “%s” (use .png, .svg or .pdf)"),
                                 path);
          return FALSE;
        }
    }

  if (options->json != NULL && options->json[0] == '\0')
    {
      *status = il_cli_fail (IL_CLI_EXIT_USAGE,
                             _("--json: the file name is empty (use “-” for the standard output)"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_output_folders (const RunOptions *options,
                      int              *status)
{
  for (guint i = 0; options->exports != NULL && options->exports[i] != NULL; i++)
    {
      if (!check_output_folder (options->exports[i], status))
        return FALSE;
    }

  if (options->json != NULL && strcmp (options->json, "-") != 0)
    {
      if (!check_output_folder (options->json, status))
        return FALSE;
    }

  return TRUE;
}

static gboolean
check_url (const char *url,
           int        *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (url == NULL)
    return TRUE;

  /* GUri lets spaces through in the host; no URL holds one */
  for (const char *p = url; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p))
        {
          *status = il_cli_fail (IL_CLI_EXIT_USAGE,
                                 _("--url: “%s” is not a valid URL: it holds a space or a control character"),
                                 url);
          return FALSE;
        }
    }

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, &error);
  if (uri == NULL)
    {
      *status = il_cli_fail (IL_CLI_EXIT_USAGE, _("--url: “%s” is not a valid URL: %s"),
                             url, error->message);
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  if ((g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0) ||
      g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    {
      *status = il_cli_fail (IL_CLI_EXIT_USAGE,
                             _("--url: “%s” is not an http:// or https:// address of a host"),
                             url);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_crawl_options (const RunOptions *options,
                     IlWorkload       *workload,
                     int              *status)
{
  const char *option;

  if (options->url != NULL)
    option = "--url";
  else if (options->max_pages != NULL)
    option = "--max-pages";
  else if (options->allow_other_hosts)
    option = "--allow-other-hosts";
  else
    return TRUE;

  if (il_workload_get_crawl (workload) == NULL)
    {
      *status = il_cli_fail (IL_CLI_EXIT_USAGE,
                             options->url != NULL
                               ? _("%s: only the web-crawl workload takes a URL")
                               : options->max_pages != NULL
                               ? _("%s: only the web-crawl workload takes a page limit")
                               : _("%s: only the web-crawl workload follows links"),
                             option);
      return FALSE;
    }

  return TRUE;
}

static gboolean
load_workload (const char  *name,
               RunPlan     *plan,
               int         *status)
{
  g_autoptr(GError) error = NULL;

  plan->workload = il_workload_find (name, &error);
  if (plan->workload == NULL)
    {
      /* The engine's messages name the workload, or the file and the key */
      *status = il_cli_fail (IL_CLI_EXIT_USAGE, "%s", error->message);
      return FALSE;
    }

  return TRUE;
}

static char *
join_suited_models (IlWorkload *workload)
{
  g_autoptr(GString) suited = g_string_new (NULL);

  for (guint i = 0; i < IL_N_MODELS; i++)
    {
      const char *id = il_model_get_info ((IlModel) i)->id;

      if (!il_workload_suits_model (workload, id))
        continue;
      if (suited->len > 0)
        g_string_append (suited, ", ");
      g_string_append (suited, id);
    }

  return g_string_free (g_steal_pointer (&suited), FALSE);
}

static void
add_model (GArray  *models,
           IlModel  model)
{
  for (guint i = 0; i < models->len; i++)
    {
      if (g_array_index (models, IlModel, i) == model)
        return;
    }

  g_array_append_val (models, model);
}

/* A model in plan->models may carry this bit: run it with the GIL. */
#define MODEL_WITH_GIL 0x100
#define MODEL_MASK     0xff

static gboolean
is_all (const char *list)
{
  g_autofree char *stripped = g_strstrip (g_strdup (list));

  return strcmp (stripped, "all") == 0;
}

static gboolean
select_models (const char *list,
               RunPlan    *plan,
               int        *status)
{
  IlWorkload *workload = plan->workload;
  GArray *models = g_array_new (FALSE, FALSE, sizeof (IlModel));

  plan->models = models;

  if (list == NULL)
    {
      /* The workload's own selection, less the models this engine lacks */
      const char * const *ids = il_workload_get_models (workload);

      for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
        {
          IlModel model;

          if (il_model_from_string (ids[i], &model))
            add_model (models, model);
        }
    }
  else if (is_all (list))
    {
      for (guint i = 0; i < IL_N_MODELS; i++)
        {
          if (il_workload_suits_model (workload, il_model_get_info ((IlModel) i)->id))
            add_model (models, (IlModel) i);
        }
    }
  else
    {
      g_auto(GStrv) ids = g_strsplit (list, ",", -1);

      for (guint i = 0; ids[i] != NULL; i++)
        {
          char *id = g_strstrip (ids[i]);
          gboolean with_gil = FALSE;
          IlModel model;

          /* "threads+gil": this model with the emulated GIL */
          if (g_str_has_suffix (id, "+gil") || g_str_has_suffix (id, "+GIL"))
            {
              id[strlen (id) - strlen ("+gil")] = '\0';
              with_gil = TRUE;
            }

          if (id[0] == '\0')
            {
              *status = il_cli_fail (IL_CLI_EXIT_USAGE,
                                     _("--models: empty model name in “%s”"), list);
              return FALSE;
            }

          if (!il_model_from_string (id, &model))
            {
              g_autofree char *known = il_cli_known_models ();

              *status = il_cli_fail (IL_CLI_EXIT_USAGE, _("unknown model “%s” (known: %s)"),
                                     id, known);
              return FALSE;
            }

          if (!il_workload_suits_model (workload, id))
            {
              g_autofree char *suited = join_suited_models (workload);

              *status = il_cli_fail (IL_CLI_EXIT_USAGE,
                                     _("model “%s” does not suit the workload “%s” (it suits: %s)"),
                                     id, il_workload_get_name (workload),
                                     suited[0] != '\0' ? suited : "–");
              return FALSE;
            }

          add_model (models, with_gil ? (IlModel) (model | MODEL_WITH_GIL) : model);
        }
    }

  if (models->len == 0)
    {
      *status = il_cli_fail (IL_CLI_EXIT_FAILED,
                             _("the workload “%s” suits none of the models this version can run"),
                             il_workload_get_name (workload));
      return FALSE;
    }

  /* Sequential first: it is what the others are compared with */
  for (guint i = 1; i < models->len; i++)
    {
      if ((g_array_index (models, IlModel, i) & MODEL_MASK) == IL_MODEL_SEQUENTIAL)
        {
          IlModel sequential = g_array_index (models, IlModel, i);

          g_array_remove_index (models, i);
          g_array_prepend_val (models, sequential);
          break;
        }
    }

  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Running */

static gboolean
on_signal (gpointer user_data)
{
  Progress *progress = user_data;

  g_cancellable_cancel (progress->cancellable);
  return G_SOURCE_CONTINUE;
}

static void
print_line (IlRun    *run,
            gboolean  final)
{
  const char *id = il_model_get_info (il_run_get_model (run))->id;
  guint done = 0;
  guint total = 0;

  il_run_get_progress (run, &done, &total);

  /* Carriage return and "erase line": one line that updates in place */
  fprintf (stderr, "\r\033[K");
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
          print_line (run, FALSE);
          return;
        }
      print_line (run, TRUE);
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

/* On failure, @failure holds the one line to print */
static gboolean
write_json (RunPlan    *plan,
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
  summary = il_summary_build (plan->workload, &plan->params, records, runs->len);
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

  /* g_file_set_contents() writes a temporary file and renames it */
  if (!g_file_set_contents (plan->json, data, length, &error))
    {
      *failure = g_strdup_printf (_("cannot write “%s”: %s"), plan->json, error->message);
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

/* Stops at the first picture that cannot be written: @failure says which */
static gboolean
write_pictures (RunPlan    *plan,
                GPtrArray  *runs,
                char      **failure)
{
  g_autofree IlTimelineRun *timeline_runs = NULL;
  IlView view;
  int height;

  if (plan->exports == NULL || plan->exports[0] == NULL || runs->len == 0)
    return TRUE;

  timeline_runs = g_new0 (IlTimelineRun, runs->len);
  for (guint i = 0; i < runs->len; i++)
    {
      IlCliRun *run = g_ptr_array_index (runs, i);
      const IlRunStats *stats = &run->stats;

      timeline_runs[i].title = run->heading;
      timeline_runs[i].snapshot = run->record->snapshot;
      timeline_runs[i].makespan_ns = stats->makespan_ns;
      timeline_runs[i].ideal_ns = stats->ideal_ns;
      timeline_runs[i].live = FALSE;
    }

  view = plan->have_view ? plan->view : default_view (runs);

  height = plan->height;
  if (height == 0)
    {
      /* Every lane at its full size, within reason */
      g_autoptr(IlTimelineLayout) layout = il_timeline_layout_new (timeline_runs, runs->len, view);

      il_timeline_layout_set_size (layout, plan->width, MIN_AUTO_HEIGHT);
      height = CLAMP (il_timeline_layout_get_natural_height (layout),
                      MIN_AUTO_HEIGHT, MAX_AUTO_HEIGHT);
    }

  for (guint i = 0; plan->exports[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!il_export_timeline (timeline_runs, runs->len, view,
                               plan->width, height, FALSE,
                               plan->exports[i], &error))
        {
          /* The message names the file */
          *failure = g_strdup (error->message);
          return FALSE;
        }
    }

  return TRUE;
}

/* ------------------------------------------------------------------------ */

static int
run_models (RunPlan *plan)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) il_cli_run_free);
  g_autofree IlModelChoice *choices = g_new0 (IlModelChoice, MAX (plan->models->len, 1));
  g_autoptr(IlRunChain) chain = NULL;
  g_autofree char *json_failure = NULL;
  g_autofree char *picture_failure = NULL;
  IlRunChainSettings settings = { 0, };
  IlCliReportInput in = { 0, };
  Progress progress = { 0 };
  guint progress_id = 0;
  guint sigint_id;
  guint sigterm_id;
  FILE *out;

  for (guint i = 0; i < plan->models->len; i++)
    {
      IlModel choice = g_array_index (plan->models, IlModel, i);

      choices[i].model = choice & MODEL_MASK;
      choices[i].gil = plan->gil || (choice & MODEL_WITH_GIL) != 0;
    }
  settings.gil_interval_ns = plan->switch_interval_ms * 1000000;
  settings.crawl_url = plan->url;
  settings.crawl_max_pages = plan->max_pages;
  settings.crawl_other_hosts = plan->allow_other_hosts;
  chain = il_run_chain_new (plan->workload, &plan->params, choices, plan->models->len, &settings);

  progress.loop = loop;
  progress.cancellable = cancellable;
  progress.chain = chain;
  progress.show_progress = isatty (STDERR_FILENO);

  sigint_id = g_unix_signal_add (SIGINT, on_signal, &progress);
  sigterm_id = g_unix_signal_add (SIGTERM, on_signal, &progress);
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

  /* With "--json -" the standard output holds the JSON alone */
  out = g_strcmp0 (plan->json, "-") == 0 ? stderr : stdout;
  in.workload = plan->workload;
  in.resolved = &plan->resolved;
  in.url = plan->url;
  in.max_pages = plan->max_pages;
  il_cli_print_report (out, &in, runs);

  if (plan->json != NULL)
    write_json (plan, runs, &json_failure);

  write_pictures (plan, runs, &picture_failure);

  /* Until here a Ctrl+C waits, so that no file is left half-written;
   * from here on it ends the program the usual way */
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);

  /* Each failure is one line; most runs have none */
  if (!progress.ok)
    il_cli_fail (IL_CLI_EXIT_FAILED, "%s", progress.error->message);
  if (json_failure != NULL)
    il_cli_fail (IL_CLI_EXIT_FAILED, "%s", json_failure);
  if (picture_failure != NULL)
    il_cli_fail (IL_CLI_EXIT_FAILED, "%s", picture_failure);
  if (g_cancellable_is_cancelled (cancellable))
    il_cli_fail (IL_CLI_EXIT_FAILED, _("run cancelled"));

  if (!progress.ok || json_failure != NULL || picture_failure != NULL ||
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
    { "view", 0, 0, G_OPTION_ARG_STRING, &options.view,
      N_("Lanes: tasks, workers or cores (default: tasks up to 64)"),
      N_("VIEW") },
    { "width", 0, 0, G_OPTION_ARG_STRING, &options.width,
      N_("Width of the pictures in pixels (default: 1600)"), N_("PX") },
    { "height", 0, 0, G_OPTION_ARG_STRING, &options.height,
      N_("Height of the pictures in pixels (default: from the lanes)"), N_("PX") },
    { "export", 'o', 0, G_OPTION_ARG_FILENAME_ARRAY, &options.exports,
      N_("Timelines of all runs as .png, .svg or .pdf (repeatable)"),
      N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &options.json,
      N_("The run summary as JSON (“-”: standard output)"), N_("FILE") },
    { NULL }
  };

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
      "\n"
      "Exit status: 0 when the run completed (failed tasks are counted), 1 when the\n"
      "run or an export could not be done (Ctrl+C cancels; what ran is still\n"
      "reported), 2 for a usage error."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return il_cli_fail (IL_CLI_EXIT_USAGE, "%s", error->message);

  if (argc < 2)
    return il_cli_fail (IL_CLI_EXIT_USAGE,
                        _("run: missing WORKLOAD (a name from “interleave list” or a .workload file)"));
  if (argc > 2)
    return il_cli_fail (IL_CLI_EXIT_USAGE, _("run: unexpected argument “%s”"), argv[2]);

  if (!parse_numbers (&options, &plan, &max_pages, &status) ||
      !parse_view (options.view, &plan, &status) ||
      !check_url (options.url, &status) ||
      !check_output_names (&options, &status) ||
      !load_workload (argv[1], &plan, &status) ||
      !check_crawl_options (&options, plan.workload, &status) ||
      !select_models (options.models, &plan, &status))
    return status;

  plan.gil = options.gil;
  plan.url = options.url;
  plan.max_pages = (gint) max_pages;
  plan.allow_other_hosts = options.allow_other_hosts;

  /* Last, as it is no usage error (exit 1): the files could not be written */
  if (!check_output_folders (&options, &status))
    return status;

  plan.exports = options.exports;
  plan.json = options.json;
  il_workload_resolve_params (plan.workload, &plan.params, &plan.resolved);

  return run_models (&plan);
}
