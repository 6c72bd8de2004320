/* il-cli-run-options.c — checking what "interleave run" was asked
 *
 * Everything the command line can get wrong is checked before the first
 * task runs: a usage error is exit 2 with one line; a folder an output
 * cannot be written into is exit 1.
 */
#include "config.h"

#include <inttypes.h>

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "il-cli-run-private.h"
#include "il-export.h"
#include "il-machine.h"
#include "il-output.h"

void
il_cli_run_options_clear (RunOptions *options)
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
  g_clear_pointer (&options->save, g_free);
  g_clear_pointer (&options->csv, g_free);
  g_clear_pointer (&options->trace, g_free);
  g_clear_pointer (&options->baseline, g_free);
  g_clear_pointer (&options->repeat, g_free);
}

void
il_cli_run_plan_clear (RunPlan *plan)
{
  g_clear_pointer (&plan->workload, il_workload_unref);
  g_clear_pointer (&plan->baseline, g_free);
  g_clear_pointer (&plan->models, g_array_unref);
  g_clear_pointer (&plan->sweep_values, g_array_unref);
}

void
il_cli_run_add_output_entries (GOptionContext *context,
                               RunOptions     *options)
{
  /* The group keeps a copy of the array (the fields stay @options') */
  const GOptionEntry entries[] = {
    { "view", 0, 0, G_OPTION_ARG_STRING, &options->view,
      N_("Lanes: tasks, workers or cores (default: tasks up to 64)"),
      N_("VIEW") },
    { "width", 0, 0, G_OPTION_ARG_STRING, &options->width,
      N_("Width of the pictures in pixels (default: 1600)"), N_("PX") },
    { "height", 0, 0, G_OPTION_ARG_STRING, &options->height,
      N_("Height of the pictures in pixels (default: from the lanes)"), N_("PX") },
    { "export", 'o', 0, G_OPTION_ARG_FILENAME_ARRAY, &options->exports,
      N_("Timelines of all runs as .png, .svg or .pdf, or the runs as .json (as --save; repeatable)"),
      N_("FILE") },
    { "no-caption", 0, 0, G_OPTION_ARG_NONE, &options->no_caption,
      N_("Leave out the caption (workload, numbers, machine, date) under exported pictures"), NULL },
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &options->json,
      N_("The run summary as JSON (“-”: standard output)"), N_("FILE") },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &options->csv,
      N_("The stats table as CSV, a row per run (“-”: standard output)"), N_("FILE") },
    { "baseline", 0, 0, G_OPTION_ARG_STRING, &options->baseline,
      N_("The run speedups are taken against: its number in the table, or a model "
         "(default: the sequential run of the same work)"), N_("RUN") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

gboolean
il_cli_run_parse_numbers (const RunOptions *options,
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
      /* A list or range is a sweep's: il_cli_sweep_parse() */
      !il_cli_parse_option ("--tasks", il_sweep_text_is_sweep (options->tasks) ? NULL : options->tasks,
                            1, MAX_TASKS, &tasks, status) ||
      !il_cli_parse_option ("--workers", il_sweep_text_is_sweep (options->workers) ? NULL : options->workers,
                            1, MAX_WORKERS, &workers, status) ||
      !il_cli_parse_option ("--io-ms", options->io_ms, 0, MAX_MS, &io_ms, status) ||
      !il_cli_parse_option ("--cpu-ms", options->cpu_ms, 0, MAX_MS, &cpu_ms, status) ||
      !il_cli_parse_option ("--seed", options->seed, 0, G_MAXINT64, &seed, status) ||
      !il_cli_parse_option ("--max-pages", options->max_pages, 1, MAX_PAGES, max_pages, status) ||
      !il_cli_parse_option ("--width", options->width, IL_EXPORT_MIN_WIDTH, MAX_PICTURE_SIZE, &width, status) ||
      !il_cli_parse_option ("--height", options->height, IL_EXPORT_MIN_HEIGHT, MAX_PICTURE_SIZE, &height, status))
    return FALSE;

  if (height > 0 && !il_export_size_is_allowed (width, height))
    {
      *status = il_cli_fail (IL_CLI_EXIT_USAGE,
                             _("--width and --height: a %" PRId64 "×%" PRId64 " picture has more than "
                               "the %" PRId64 " million pixels allowed"),
                             width, height, IL_EXPORT_MAX_PIXELS / (1024 * 1024));
      return FALSE;
    }

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

gboolean
il_cli_run_parse_view (const char *text,
                       RunPlan    *plan,
                       int        *status)
{
  if (text == NULL)
    return TRUE;

  if (strcmp (text, "plot") == 0)
    {
      plan->plot = TRUE;
      return TRUE;
    }

  if (!il_view_from_string (text, &plan->view))
    {
      *status = il_cli_fail (IL_CLI_EXIT_USAGE,
                             _("--view: unknown view “%s” (known: tasks, workers, cores, plot)"),
                             text);
      return FALSE;
    }

  plan->have_view = TRUE;
  return TRUE;
}

/* Fails early, before anything runs, on a file that cannot be written
 * (a missing or read-only folder, a folder in its place, no permission):
 * the same test as writing it, without writing. */
static gboolean
check_output_folder (const char *path,
                     int        *status)
{
  g_autoptr(GError) error = NULL;

  if (!il_output_check (path, &error))
    {
      *status = il_cli_fail (IL_CLI_EXIT_FAILED, "%s", error->message);
      return FALSE;
    }

  return TRUE;
}

gboolean
il_cli_run_is_run_file_name (const char *path)
{
  return g_str_has_suffix (path, ".json") || g_str_has_suffix (path, ".JSON");
}

gboolean
il_cli_run_check_output_names (const RunOptions *options,
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

      if (!il_cli_run_is_run_file_name (path) && !il_export_format_from_path (path, &format, NULL))
        {
          *status = il_cli_fail (IL_CLI_EXIT_USAGE,
                                 _("--export: unknown format of “%s” (use .png, .svg, .pdf, or .json for the runs)"),
                                 path);
          return FALSE;
        }
    }

  if ((options->save != NULL && options->save[0] == '\0') ||
      (options->trace != NULL && options->trace[0] == '\0') ||
      (options->csv != NULL && options->csv[0] == '\0'))
    {
      *status = il_cli_fail (IL_CLI_EXIT_USAGE, _("%s: the file name is empty"),
                             options->save != NULL && options->save[0] == '\0' ? "--save"
                             : options->trace != NULL && options->trace[0] == '\0' ? "--trace" : "--csv");
      return FALSE;
    }

  if (options->json != NULL && options->json[0] == '\0')
    {
      *status = il_cli_fail (IL_CLI_EXIT_USAGE,
                             _("--json: the file name is empty (use “-” for the standard output)"));
      return FALSE;
    }

  return TRUE;
}

gboolean
il_cli_run_check_output_folders (const RunOptions *options,
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

  if (options->save != NULL && strcmp (options->save, "-") != 0 &&
      !check_output_folder (options->save, status))
    return FALSE;
  if (options->trace != NULL && strcmp (options->trace, "-") != 0 &&
      !check_output_folder (options->trace, status))
    return FALSE;
  if (options->csv != NULL && strcmp (options->csv, "-") != 0 &&
      !check_output_folder (options->csv, status))
    return FALSE;

  return TRUE;
}

gboolean
il_cli_run_check_url (const char *url,
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

gboolean
il_cli_run_check_crawl_options (const RunOptions *options,
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

gboolean
il_cli_run_load_workload (const char  *name,
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

static gboolean
is_all (const char *list)
{
  g_autofree char *stripped = g_strstrip (g_strdup (list));

  return strcmp (stripped, "all") == 0;
}

/* "-m threads,process-pool+gil": each model once, with the GIL where asked. */
static gboolean
add_listed_models (const char *list,
                   IlWorkload *workload,
                   GArray     *models,
                   int        *status)
{
  g_auto(GStrv) ids = g_strsplit (list, ",", -1);

  /* "-m ''" names no model: a usage error like "-m threads," */
  if (ids[0] == NULL)
    {
      *status = il_cli_fail (IL_CLI_EXIT_USAGE, _("--models: empty model name in “%s”"), list);
      return FALSE;
    }

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

  return TRUE;
}

gboolean
il_cli_run_select_models (const char *list,
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
  else if (!add_listed_models (list, workload, models, status))
    return FALSE;

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

gboolean
il_cli_run_check_task_counts (const RunPlan *plan,
                              int           *status)
{
  const IlCrawlSettings *crawl = il_workload_get_crawl (plan->workload);
  const char *option = crawl != NULL ? "--max-pages" : "--tasks";
  guint n = crawl != NULL ? (guint) (plan->max_pages > 0 ? plan->max_pages : crawl->max_pages)
                          : (guint) plan->resolved.tasks;

  for (guint i = 0; i < plan->models->len; i++)
    {
      const IlModelInfo *info = il_model_get_info (g_array_index (plan->models, IlModel, i) & MODEL_MASK);

      if (n > info->max_tasks)
        {
          /* Translators: "--tasks: at most 10000 tasks under threads" */
          *status = il_cli_fail (IL_CLI_EXIT_USAGE, _("%s: at most %u tasks under %s"),
                                 option, info->max_tasks, info->id);
          return FALSE;
        }
    }
  return TRUE;
}

char *
il_cli_run_dup_id (const IlRunRecord *record)
{
  return g_strdup_printf ("%s%s", record->model != NULL ? record->model : "", record->gil ? "+gil" : "");
}

gboolean
il_cli_run_parse_baseline (const char         *text,
                           const char * const *ids,
                           guint               n_ids,
                           RunPlan            *plan,
                           int                *status)
{
  guint64 number;

  if (text == NULL)
    return TRUE;
  if (g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT, &number, NULL))
    {
      if (number > n_ids)
        {
          *status = il_cli_fail (IL_CLI_EXIT_USAGE,
                                 g_dngettext (GETTEXT_PACKAGE,
                                              "--baseline: no run %s (there is %u run)",
                                              "--baseline: no run %s (there are %u runs)", n_ids),
                                 text, n_ids);
          return FALSE;
        }
      plan->baseline = g_strdup (ids[number - 1]);
      return TRUE;
    }
  for (guint i = 0; i < n_ids; i++)
    if (g_strcmp0 (ids[i], text) == 0 ||
        (g_str_has_prefix (ids[i], text) && strcmp (ids[i] + strlen (text), "+gil") == 0))
      {
        plan->baseline = g_strdup (text);
        return TRUE;
      }
  {
    g_autofree char *safe = il_cli_sanitize (text, FALSE);

    *status = il_cli_fail (IL_CLI_EXIT_USAGE,
                           _("--baseline: “%s” is neither a run’s number in the table nor one of its models"),
                           safe);
  }
  return FALSE;
}

gint
il_cli_run_find_baseline (const RunPlan *plan,
                          GPtrArray     *runs)
{
  /* "threads+gil" names that run; "threads" the first threads run */
  for (guint i = 0; plan->baseline != NULL && i < runs->len; i++)
    {
      const IlRunRecord *record = ((IlCliRun *) g_ptr_array_index (runs, i))->record;
      g_autofree char *id = il_cli_run_dup_id (record);

      if (strcmp (id, plan->baseline) == 0 || g_strcmp0 (record->model, plan->baseline) == 0)
        return (gint) i;
    }
  return -1;
}

IlWorkload *
il_cli_make_source_workload (const char  *name,
                             const char  *title,
                             const char  *summary,
                             const char  *look_for,
                             GError     **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GBytes) bytes = NULL;
  /* A title from outside (a file name, a command line) on one line */
  g_autofree char *one_line = g_strdelimit (g_strndup (title, 200), "\n\r", ' ');
  gsize length;
  char *data;

  g_key_file_set_string (kf, "Workload", "Name", name);
  g_key_file_set_string (kf, "Workload", "Title", one_line);
  g_key_file_set_string (kf, "Workload", "Category", "mixed");
  g_key_file_set_string (kf, "Workload", "Summary", summary);
  if (look_for != NULL)
    g_key_file_set_string (kf, "Workload", "LookFor", look_for);
  g_key_file_set_string (kf, "Workload", "Models", "sequential");
  /* Only to make it valid: the runs say what ran */
  g_key_file_set_integer (kf, "Tasks", "Count", 1);
  g_key_file_set_string (kf, "Tasks", "Phases", "sleep");
  g_key_file_set_integer (kf, "Tasks", "IoMs", 0);
  g_key_file_set_integer (kf, "Tasks", "Workers", 1);
  data = g_key_file_to_data (kf, &length, NULL);
  bytes = g_bytes_new_take (data, length);
  return il_workload_load_bytes (bytes, name, error);
}
