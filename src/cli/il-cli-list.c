/* il-cli-list.c — interleave list [--json]: the catalogue and the models
 */
#include "config.h"

#include <inttypes.h>

#include <json-glib/json-glib.h>
#include <glib/gi18n.h>

#include "il-cli-private.h"
#include "il-machine.h"
#include "il-run.h"
#include "il-look-for.h"
#include "il-summary.h"
#include "il-workload.h"

static char *
join_models (IlWorkload *workload)
{
  const char * const *models = il_workload_get_models (workload);

  if (models == NULL || models[0] == NULL)
    return g_strdup ("–");

  return g_strjoinv (", ", (char **) models);
}

static void
add_nullable_string (JsonBuilder *builder,
                     const char  *member,
                     const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static int
print_json (GPtrArray *catalogue)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *data = NULL;

  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "workloads");
  json_builder_begin_array (builder);
  for (guint i = 0; i < catalogue->len; i++)
    {
      IlWorkload *workload = g_ptr_array_index (catalogue, i);
      const char * const *models = il_workload_get_models (workload);
      g_autofree char *look_for = NULL;

      json_builder_begin_object (builder);
      add_nullable_string (builder, "name", il_workload_get_name (workload));
      add_nullable_string (builder, "title", il_workload_get_title (workload));
      add_nullable_string (builder, "category",
                           il_category_to_string (il_workload_get_category (workload)));
      add_nullable_string (builder, "seed", il_workload_get_seed (workload));
      add_nullable_string (builder, "summary", il_workload_get_summary (workload));
      /* What to look for before running: the sentences without figures */
      look_for = il_look_for_fill (il_workload_get_look_for (workload), NULL, 0);
      add_nullable_string (builder, "look_for", look_for);

      json_builder_set_member_name (builder, "models");
      json_builder_begin_array (builder);
      for (guint m = 0; models != NULL && models[m] != NULL; m++)
        json_builder_add_string_value (builder, models[m]);
      json_builder_end_array (builder);

      json_builder_set_member_name (builder, "tasks");
      json_builder_add_int_value (builder, il_workload_get_default_tasks (workload));
      json_builder_set_member_name (builder, "io_ms");
      json_builder_add_int_value (builder, il_workload_get_default_io_ms (workload));
      json_builder_set_member_name (builder, "cpu_ms");
      json_builder_add_int_value (builder, il_workload_get_default_cpu_ms (workload));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "models");
  json_builder_begin_array (builder);
  for (guint i = 0; i < IL_N_MODELS; i++)
    {
      const IlModelInfo *info = il_model_get_info ((IlModel) i);

      json_builder_begin_object (builder);
      add_nullable_string (builder, "id", info->id);
      add_nullable_string (builder, "title", info->title ? _(info->title) : NULL);
      add_nullable_string (builder, "counterpart", info->counterpart);
      add_nullable_string (builder, "description", info->description ? _(info->description) : NULL);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  il_summary_add_machine (builder);

  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  data = il_summary_to_data (root, NULL);
  fputs (data, stdout);

  return IL_CLI_EXIT_OK;
}

static void
print_workloads (GPtrArray *catalogue)
{
  guint name_width = 0;
  gboolean have_category = FALSE;
  IlCategory category = IL_N_CATEGORIES;

  for (guint i = 0; i < catalogue->len; i++)
    name_width = MAX (name_width, il_cli_text_width (il_workload_get_name (g_ptr_array_index (catalogue, i))));

  printf ("%s\n", _("Workloads"));

  /* The catalogue comes sorted by category, then name */
  for (guint i = 0; i < catalogue->len; i++)
    {
      IlWorkload *workload = g_ptr_array_index (catalogue, i);
      const char *name = il_workload_get_name (workload);
      const char *seed = il_workload_get_seed (workload);
      g_autofree char *models = join_models (workload);
      g_autofree char *numbers = NULL;
      guint indent = 4 + name_width + 2;

      if (!have_category || il_workload_get_category (workload) != category)
        {
          category = il_workload_get_category (workload);
          have_category = TRUE;
          printf ("\n  %s\n", il_category_get_title (category));
        }

      printf ("    %s%*s  %s\n", name,
              (int) (name_width - il_cli_text_width (name)), "",
              il_workload_get_title (workload));

      /* Translators: the default numbers of a workload in "interleave list" */
      numbers = g_strdup_printf (_("%d tasks · I/O %" PRId64 " ms · CPU %" PRId64 " ms"),
                                 il_workload_get_default_tasks (workload),
                                 il_workload_get_default_io_ms (workload),
                                 il_workload_get_default_cpu_ms (workload));
      if (seed != NULL && seed[0] != '\0')
        {
          g_autofree char *with_seed = NULL;

          /* Translators: "seed 004 · 3 tasks · …": the tutorial it comes from */
          with_seed = g_strdup_printf (_("seed %s · %s"), seed, numbers);
          g_free (numbers);
          numbers = g_steal_pointer (&with_seed);
        }

      printf ("%*s%s\n", (int) indent, "", numbers);
      printf ("%*s%s %s\n", (int) indent, "", _("models:"), models);
    }
}

static void
print_models (void)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  const char *headers[] = { _("id"), _("model"), _("counterpart in the tutorials") };
  const gboolean right_aligned[] = { FALSE, FALSE, FALSE };

  for (guint i = 0; i < IL_N_MODELS; i++)
    {
      const IlModelInfo *info = il_model_get_info ((IlModel) i);
      char **row = g_new0 (char *, G_N_ELEMENTS (headers) + 1);

      row[0] = g_strdup (info->id);
      row[1] = g_strdup (info->title ? _(info->title) : "");
      row[2] = g_strdup (info->counterpart && info->counterpart[0] ? info->counterpart : "—");
      g_ptr_array_add (rows, row);
    }

  printf ("\n%s\n", _("Models"));
  il_cli_print_table (stdout, G_N_ELEMENTS (headers), headers, right_aligned, rows, 4);
}

int
il_cli_list (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  GPtrArray *catalogue;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print the catalogue, the models and the machine as JSON"), NULL },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Lists the built-in workloads by category with their default numbers\n"
                                  "and the models that suit them, then the concurrency models.\n"
                                  "\n"
                                  "Examples:\n"
                                  "  interleave list\n"
                                  "  interleave list --json"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return il_cli_fail (IL_CLI_EXIT_USAGE, "%s", error->message);

  if (argc > 1)
    return il_cli_fail (IL_CLI_EXIT_USAGE, _("list: unexpected argument “%s”"), argv[1]);

  catalogue = il_catalogue_get ();

  if (json)
    return print_json (catalogue);

  print_workloads (catalogue);
  print_models ();

  printf ("\n");
  il_cli_print_machine (stdout);

  return IL_CLI_EXIT_OK;
}
