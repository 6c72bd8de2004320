/* test-cli.c — the command line, as scripts use it: the built program
 *
 * Every test runs the real interleave program (INTERLEAVE_BIN, set by the
 * build; else ../src/app/interleave beside this test) and checks what the
 * contract of DESIGN.md promises: exit status 0/1/2, one line on stderr for
 * an error, the JSON fields, the picture formats, Ctrl+C.
 */
#include "config.h"

#include <signal.h>
#include <string.h>

#include <cairo.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

/* A workload of our own, so the numbers are known and small */
static const char test_workload[] =
  "[Workload]\n"
  "Name=test-sleep-compute\n"
  "Title=Test: sleep, then compute\n"
  "Category=mixed\n"
  "Seed=000\n"
  "Summary=Each task sleeps, then computes.\n"
  "LookFor=The sleeps overlap under the concurrent models.\n"
  "Models=sequential;threads;thread-pool;gtask\n"
  "\n"
  "[Tasks]\n"
  "Count=3\n"
  "Phases=sleep;cpu\n"
  "IoMs=30\n"
  "CpuMs=20\n";

/* Suits two models only */
static const char narrow_workload[] =
  "[Workload]\n"
  "Name=test-narrow\n"
  "Title=Test: two models\n"
  "Category=io\n"
  "Models=sequential;threads\n"
  "\n"
  "[Tasks]\n"
  "Count=2\n"
  "Phases=sleep\n"
  "IoMs=10\n";

/* Line 4 is no key=value pair */
static const char corrupt_workload[] =
  "[Workload]\n"
  "Name=broken\n"
  "Title=Broken\n"
  "this line is not a key\n"
  "[Tasks]\n"
  "Count=1\n"
  "Phases=sleep\n";

typedef struct {
  int     status;     /* exit status, or -1 when killed by a signal */
  char   *out;
  char   *err;
  gint64  elapsed_us;
} CliResult;

static void
cli_result_clear (CliResult *result)
{
  g_clear_pointer (&result->out, g_free);
  g_clear_pointer (&result->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliResult, cli_result_clear)

static char *
get_program (void)
{
  const char *from_build = g_getenv ("INTERLEAVE_BIN");

  if (from_build != NULL && from_build[0] != '\0')
    return g_strdup (from_build);

  return g_test_build_filename (G_TEST_BUILT, "..", "src", "app", "interleave", NULL);
}

static GSubprocess *
spawn_cli (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  GSubprocess *subprocess;

  g_ptr_array_add (argv, get_program ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);

  subprocess = g_subprocess_newv ((const char * const *) argv->pdata,
                                  G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                  G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                  &error);
  g_assert_no_error (error);
  g_assert_nonnull (subprocess);

  return subprocess;
}

static void
finish_result (GSubprocess *subprocess,
               CliResult   *result)
{
  if (g_subprocess_get_if_exited (subprocess))
    result->status = g_subprocess_get_exit_status (subprocess);
  else
    result->status = -1;
}

/* Runs the program with a NULL-terminated list of arguments */
static void
run_cli_argv (CliResult          *result,
              const char * const *args)
{
  g_autoptr(GSubprocess) subprocess = spawn_cli (args);
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  g_subprocess_communicate_utf8 (subprocess, NULL, NULL, &result->out, &result->err, &error);
  g_assert_no_error (error);
  result->elapsed_us = g_get_monotonic_time () - start;

  finish_result (subprocess, result);

  if (g_test_verbose ())
    g_printerr ("exit %d after %.3f s\nstdout:\n%s\nstderr:\n%s\n", result->status,
                result->elapsed_us / 1e6, result->out, result->err);
}

#define run_cli(result, ...) \
  G_STMT_START { \
    const char * const _args[] = { __VA_ARGS__, NULL }; \
    run_cli_argv ((result), _args); \
  } G_STMT_END

/* An error: the status, nothing on stdout, exactly one line on stderr
 * that starts with "interleave: " and names @culprit. */
static void
assert_one_line_error (const CliResult *result,
                       int              status,
                       const char      *culprit)
{
  const char *newline;

  g_assert_cmpint (result->status, ==, status);
  g_assert_cmpstr (result->out, ==, "");

  g_assert_true (g_str_has_prefix (result->err, "interleave: "));
  newline = strchr (result->err, '\n');
  g_assert_nonnull (newline);
  g_assert_cmpstr (newline, ==, "\n");

  if (culprit != NULL && strstr (result->err, culprit) == NULL)
    g_error ("“%s” does not name “%s”", result->err, culprit);
}

static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("interleave-test-cli-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_temp_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL)
    return;

  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_remove (path);
    }

  g_rmdir (dir);
}

static char *
write_temp_file (const char *dir,
                 const char *name,
                 const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);

  return path;
}

static gboolean
dir_is_empty_but (const char *dir,
                  const char *keep)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (handle);
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      if (g_strcmp0 (name, keep) != 0)
        return FALSE;
    }

  return TRUE;
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);

  return json_node_ref (json_parser_get_root (parser));
}

static JsonNode *
load_json (const char *path)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);

  return parse_json (text);
}

static JsonObject *
member_object (JsonObject *object,
               const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    g_error ("“%s” is not an object", member);

  return json_node_get_object (node);
}

static JsonArray *
member_array (JsonObject *object,
              const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    g_error ("“%s” is not an array", member);

  return json_node_get_array (node);
}

static void
assert_members (JsonObject         *object,
                const char * const *members)
{
  for (guint i = 0; members[i] != NULL; i++)
    {
      if (!json_object_has_member (object, members[i]))
        g_error ("the member “%s” is missing", members[i]);
    }
}

/* A number, or null when @nullable */
static gboolean
member_is_number (JsonObject *object,
                  const char *member,
                  gboolean    nullable)
{
  JsonNode *node = json_object_get_member (object, member);
  GType type;

  if (node == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_NULL (node))
    return nullable;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

static JsonObject *
find_run (JsonArray  *runs,
          const char *model)
{
  for (guint i = 0; i < json_array_get_length (runs); i++)
    {
      JsonObject *run = json_array_get_object_element (runs, i);

      if (g_strcmp0 (json_object_get_string_member (run, "model"), model) == 0)
        return run;
    }

  g_error ("no run of the model “%s”", model);
  return NULL;
}

static void
assert_task (JsonObject *task,
             guint       id)
{
  const char * const members[] = {
    "id", "name", "worker", "submitted_s", "started_s", "finished_s", "ok", "error",
    "segments", NULL
  };
  JsonArray *segments;
  double previous_end = 0;

  assert_members (task, members);
  g_assert_cmpint (json_object_get_int_member (task, "id"), ==, id);
  g_assert_nonnull (json_object_get_string_member (task, "name"));
  g_assert_true (member_is_number (task, "worker", FALSE));
  g_assert_true (json_object_get_boolean_member (task, "ok"));
  g_assert_true (json_object_get_null_member (task, "error"));
  g_assert_cmpfloat (json_object_get_double_member (task, "submitted_s"), >=, 0);
  g_assert_cmpfloat (json_object_get_double_member (task, "started_s"), >=,
                     json_object_get_double_member (task, "submitted_s"));
  g_assert_cmpfloat (json_object_get_double_member (task, "finished_s"), >=,
                     json_object_get_double_member (task, "started_s"));

  segments = member_array (task, "segments");
  g_assert_cmpuint (json_array_get_length (segments), >, 0);
  for (guint i = 0; i < json_array_get_length (segments); i++)
    {
      JsonObject *segment = json_array_get_object_element (segments, i);
      const char * const segment_members[] = { "state", "start_s", "end_s", "cpu", NULL };
      double start;
      double end;

      assert_members (segment, segment_members);
      g_assert_nonnull (json_object_get_string_member (segment, "state"));
      g_assert_true (member_is_number (segment, "cpu", TRUE));

      start = json_object_get_double_member (segment, "start_s");
      end = json_object_get_double_member (segment, "end_s");
      g_assert_cmpfloat (end, >=, start);
      g_assert_cmpfloat (start, >=, previous_end - 1e-9);
      previous_end = end;
    }
}

static void
assert_run (JsonObject *run,
            guint       n_tasks)
{
  const char * const members[] = {
    "model", "gil", "workers", "makespan_s", "ideal_s", "speedup", "efficiency",
    "cpu_time_s", "voluntary_ctx_switches", "involuntary_ctx_switches", "peak_rss_kib",
    "tasks_ok", "tasks_failed", "completion_order", "cancelled", "cores_used", "tasks", NULL
  };
  JsonArray *order;
  JsonArray *tasks;

  assert_members (run, members);
  g_assert_false (json_object_get_boolean_member (run, "gil"));
  g_assert_false (json_object_get_boolean_member (run, "cancelled"));
  g_assert_cmpint (json_object_get_int_member (run, "workers"), >=, 1);
  g_assert_cmpfloat (json_object_get_double_member (run, "makespan_s"), >, 0);
  g_assert_cmpfloat (json_object_get_double_member (run, "ideal_s"), >, 0);
  g_assert_cmpfloat (json_object_get_double_member (run, "ideal_s"), <=,
                     json_object_get_double_member (run, "makespan_s") * 1.05);
  g_assert_true (member_is_number (run, "speedup", FALSE));
  g_assert_true (member_is_number (run, "efficiency", FALSE));
  g_assert_cmpfloat (json_object_get_double_member (run, "efficiency"), >, 0);
  g_assert_cmpfloat (json_object_get_double_member (run, "cpu_time_s"), >=, 0);
  g_assert_cmpint (json_object_get_int_member (run, "voluntary_ctx_switches"), >=, 0);
  g_assert_cmpint (json_object_get_int_member (run, "involuntary_ctx_switches"), >=, 0);
  g_assert_cmpint (json_object_get_int_member (run, "peak_rss_kib"), >, 0);
  g_assert_cmpint (json_object_get_int_member (run, "cores_used"), >=, 1);
  g_assert_cmpint (json_object_get_int_member (run, "tasks_ok"), ==, n_tasks);
  g_assert_cmpint (json_object_get_int_member (run, "tasks_failed"), ==, 0);

  order = member_array (run, "completion_order");
  g_assert_cmpuint (json_array_get_length (order), ==, n_tasks);

  tasks = member_array (run, "tasks");
  g_assert_cmpuint (json_array_get_length (tasks), ==, n_tasks);
  for (guint i = 0; i < n_tasks; i++)
    assert_task (json_array_get_object_element (tasks, i), i);
}

/* ------------------------------------------------------------------------ */

static void
test_list_names_three_tasks (void)
{
  g_auto(CliResult) result = { 0 };

  run_cli (&result, "list");

  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "three-tasks"));
  g_assert_nonnull (strstr (result.out, "thread-pool"));
  g_assert_nonnull (strstr (result.out, "Machine: "));
  g_assert_cmpstr (result.err, ==, "");
}

static void
test_list_json_has_workloads_and_models (void)
{
  g_auto(CliResult) result = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonArray *workloads;
  JsonArray *models;
  JsonObject *machine;
  gboolean found = FALSE;

  run_cli (&result, "list", "--json");
  g_assert_cmpint (result.status, ==, 0);

  root = parse_json (result.out);
  object = json_node_get_object (root);

  workloads = member_array (object, "workloads");
  g_assert_cmpuint (json_array_get_length (workloads), >, 0);
  for (guint i = 0; i < json_array_get_length (workloads); i++)
    {
      JsonObject *workload = json_array_get_object_element (workloads, i);
      const char * const members[] = {
        "name", "title", "category", "seed", "summary", "look_for", "models",
        "tasks", "io_ms", "cpu_ms", NULL
      };

      assert_members (workload, members);
      g_assert_cmpuint (json_array_get_length (member_array (workload, "models")), >, 0);
      if (g_strcmp0 (json_object_get_string_member (workload, "name"), "three-tasks") == 0)
        found = TRUE;
    }
  g_assert_true (found);

  models = member_array (object, "models");
  g_assert_cmpuint (json_array_get_length (models), >=, 4);
  for (guint i = 0; i < json_array_get_length (models); i++)
    {
      const char * const members[] = { "id", "title", "counterpart", "description", NULL };

      assert_members (json_array_get_object_element (models, i), members);
    }
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (models, 0), "id"),
                   ==, "sequential");

  machine = member_object (object, "machine");
  g_assert_cmpint (json_object_get_int_member (machine, "logical_cores"), >=, 1);
  g_assert_nonnull (json_object_get_string_member (machine, "cpu_model"));
}

static void
test_version_prints_the_version (void)
{
  g_auto(CliResult) result = { 0 };

  run_cli (&result, "--version");

  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.out, ==, "interleave 0.1.0\n");
}

static void
test_help_lists_the_commands (void)
{
  g_auto(CliResult) result = { 0 };

  run_cli (&result, "--help");

  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "interleave list"));
  g_assert_nonnull (strstr (result.out, "interleave run"));
  g_assert_nonnull (strstr (result.out, "interleave serve-site"));
}

static void
test_run_help_lists_every_option (void)
{
  const char * const options[] = {
    "--models", "-m", "--tasks", "--workers", "--io-ms", "--cpu-ms", "--seed", "--gil",
    "--url", "--max-pages", "--allow-other-hosts", "--view", "--width", "--height", "--export", "-o",
    "--no-caption", "--json", "Examples:", NULL
  };
  g_auto(CliResult) result = { 0 };

  run_cli (&result, "run", "--help");

  g_assert_cmpint (result.status, ==, 0);
  for (guint i = 0; options[i] != NULL; i++)
    {
      if (strstr (result.out, options[i]) == NULL)
        g_error ("run --help does not mention %s", options[i]);
    }
}

static void
test_unknown_command_exits_2 (void)
{
  g_auto(CliResult) result = { 0 };

  run_cli (&result, "frobnicate");

  assert_one_line_error (&result, 2, "frobnicate");
}

static void
test_run_reports_every_contract_field (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *workload = write_temp_file (dir, "test.workload", test_workload);
  g_autofree char *json = g_build_filename (dir, "summary.json", NULL);
  g_auto(CliResult) result = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonObject *summary_workload;
  JsonObject *machine;
  JsonArray *runs;
  JsonObject *sequential;
  JsonObject *threads;
  const char * const models[] = { "sequential", "threads", "thread-pool", "gtask" };

  /* gtask first: the table and the JSON still start with sequential */
  run_cli (&result, "run", workload, "-m", "gtask,threads,thread-pool,sequential",
           "--io-ms", "30", "--cpu-ms", "20", "--tasks", "3", "--json", json);

  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.err, ==, "");
  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    g_assert_nonnull (strstr (result.out, models[i]));
  g_assert_nonnull (strstr (result.out, "Machine: "));
  g_assert_nonnull (strstr (result.out, "The sleeps overlap"));

  root = load_json (json);
  object = json_node_get_object (root);

  summary_workload = member_object (object, "workload");
  g_assert_cmpstr (json_object_get_string_member (summary_workload, "name"), ==, "test-sleep-compute");
  g_assert_cmpint (json_object_get_int_member (summary_workload, "tasks"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (summary_workload, "io_ms"), ==, 30);
  g_assert_cmpint (json_object_get_int_member (summary_workload, "cpu_ms"), ==, 20);
  g_assert_cmpint (json_object_get_int_member (summary_workload, "workers"), >=, 1);
  g_assert_true (json_object_has_member (summary_workload, "seed"));
  g_assert_true (json_object_has_member (summary_workload, "title"));

  machine = member_object (object, "machine");
  g_assert_cmpint (json_object_get_int_member (machine, "logical_cores"), >=, 1);
  g_assert_nonnull (json_object_get_string_member (machine, "cpu_model"));

  runs = member_array (object, "runs");
  g_assert_cmpuint (json_array_get_length (runs), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (runs, 0), "model"),
                   ==, "sequential");
  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    assert_run (find_run (runs, models[i]), 3);

  sequential = find_run (runs, "sequential");
  threads = find_run (runs, "threads");
  g_assert_cmpfloat (json_object_get_double_member (sequential, "makespan_s"), >=, 3 * 0.030);
  g_assert_cmpfloat (json_object_get_double_member (threads, "makespan_s"), <,
                     json_object_get_double_member (sequential, "makespan_s"));
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (sequential, "speedup"), 1.0, 1e-9);
  g_assert_cmpint (json_object_get_int_member (sequential, "workers"), ==, 1);

  remove_temp_dir (dir);
}

static void
test_run_without_sequential_has_null_speedup (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *workload = write_temp_file (dir, "test.workload", test_workload);
  g_auto(CliResult) result = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonArray *runs;

  run_cli (&result, "run", workload, "-m", "threads", "--io-ms", "10", "--cpu-ms", "0",
           "--json", "-");

  g_assert_cmpint (result.status, ==, 0);

  /* Pure JSON on stdout; the table went to stderr */
  root = parse_json (result.out);
  runs = member_array (json_node_get_object (root), "runs");
  g_assert_cmpuint (json_array_get_length (runs), ==, 1);
  g_assert_true (json_object_get_null_member (json_array_get_object_element (runs, 0), "speedup"));
  g_assert_nonnull (strstr (result.err, "threads"));
  g_assert_nonnull (strstr (result.err, "Machine: "));

  remove_temp_dir (dir);
}

static void
test_run_gil_reports_its_figures (void)
{
  g_auto(CliResult) result = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonArray *runs;
  JsonObject *threads;

  run_cli (&result, "run", "sum-of-squares", "--cpu-ms", "40", "-m", "sequential,threads",
           "--gil", "--json", "-");

  g_assert_cmpint (result.status, ==, 0);
  root = parse_json (result.out);
  runs = member_array (json_node_get_object (root), "runs");
  g_assert_cmpuint (json_array_get_length (runs), ==, 2);
  threads = json_array_get_object_element (runs, 1);
  g_assert_cmpstr (json_object_get_string_member (threads, "model"), ==, "threads");
  g_assert_true (json_object_get_boolean_member (threads, "gil"));
  g_assert_cmpfloat (json_object_get_double_member (threads, "gil_switch_interval_s"), ==, 0.005);
  g_assert_true (json_object_has_member (threads, "gil_wait_s"));
  g_assert_true (json_object_has_member (threads, "gil_handovers"));
  /* The table names the emulation */
  g_assert_nonnull (strstr (result.err, "threads + GIL"));
}

/* Whether two running segments of different tasks of @run overlap. */
static gboolean
runs_two_at_once (JsonObject *run)
{
  JsonArray *tasks = member_array (run, "tasks");

  for (guint i = 0; i < json_array_get_length (tasks); i++)
    for (guint j = i + 1; j < json_array_get_length (tasks); j++)
      {
        JsonArray *a = member_array (json_array_get_object_element (tasks, i), "segments");
        JsonArray *b = member_array (json_array_get_object_element (tasks, j), "segments");

        for (guint s = 0; s < json_array_get_length (a); s++)
          for (guint u = 0; u < json_array_get_length (b); u++)
            {
              JsonObject *x = json_array_get_object_element (a, s);
              JsonObject *y = json_array_get_object_element (b, u);

              if (g_strcmp0 (json_object_get_string_member (x, "state"), "running") == 0 &&
                  g_strcmp0 (json_object_get_string_member (y, "state"), "running") == 0 &&
                  MAX (json_object_get_double_member (x, "start_s"), json_object_get_double_member (y, "start_s")) <
                  MIN (json_object_get_double_member (x, "end_s"), json_object_get_double_member (y, "end_s")))
                return TRUE;
            }
      }
  return FALSE;
}

/* The executor's threads share the loop's GIL: they compute one at a
 * time, so there is no speedup to speak of.  (How long the sequential
 * run takes is up to the rest of the machine too: a few tries.) */
static void
test_run_gil_holds_back_the_executor (void)
{
  gdouble speedup = G_MAXDOUBLE;

  for (guint attempt = 0; attempt < 3 && speedup > 1.3; attempt++)
    {
      g_auto(CliResult) result = { 0 };
      g_autoptr(JsonNode) root = NULL;
      JsonObject *executor;

      run_cli (&result, "run", "sum-of-squares", "-m", "sequential,async-executor", "--gil",
               "--cpu-ms", "200", "--json", "-");

      g_assert_cmpint (result.status, ==, 0);
      root = parse_json (result.out);
      executor = find_run (member_array (json_node_get_object (root), "runs"), "async-executor");
      g_assert_true (json_object_get_boolean_member (executor, "gil"));
      g_assert_cmpint (json_object_get_int_member (executor, "gil_handovers"), >, 0);
      g_assert_false (runs_two_at_once (executor));
      speedup = json_object_get_double_member (executor, "speedup");
    }
  g_assert_cmpfloat (speedup, <=, 1.3);
}

static void
test_run_catalogue_workload (void)
{
  g_auto(CliResult) result = { 0 };

  run_cli (&result, "run", "three-tasks", "--io-ms", "20", "-m", "sequential,threads");

  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "three-tasks"));
  g_assert_nonnull (strstr (result.out, "sequential"));
  g_assert_nonnull (strstr (result.out, "1.00x"));
}

/* The "What to look for" text of a report, its lines joined with spaces */
static char *
dup_look_for_text (const char *out)
{
  const char *start = strstr (out, "What to look for:\n");
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_nonnull (start);
  lines = g_strsplit (start + strlen ("What to look for:\n"), "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (lines[i][0] == '\0')
        continue;
      g_string_append_printf (text, "%s%s", text->len > 0 ? " " : "", lines[i]);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Every duration the text names is this run's (its makespans, as shown:
 * two decimals) or the tutorial's own figure; and both makespans are
 * named.  No figure of the workload file's defaults stands as this run's. */
static void
test_run_look_for_names_this_runs_makespans (void)
{
  /* Seed 004 measured 6.01 s sequentially, 2.00 s and 2.01 s with threads */
  const char * const tutorial[] = { "6.01", "2.00", "2.01", NULL };
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *json_path = g_build_filename (dir, "summary.json", NULL);
  g_autofree char *text = NULL;
  g_autofree char *sequential = NULL;
  g_autofree char *threads = NULL;
  g_autoptr(GRegex) seconds = g_regex_new ("(?<![0-9.,])([0-9]+(?:\\.[0-9]+)?)(?: |\u00a0)s\\b", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_auto(CliResult) result = { 0 };
  JsonArray *runs;
  gboolean saw_sequential = FALSE, saw_threads = FALSE;

  run_cli (&result, "run", "three-tasks", "--io-ms", "300", "-m", "sequential,threads",
           "--json", json_path);
  g_assert_cmpint (result.status, ==, 0);

  root = load_json (json_path);
  runs = member_array (json_node_get_object (root), "runs");
  sequential = g_strdup_printf ("%.2f",
                                json_object_get_double_member (find_run (runs, "sequential"), "makespan_s"));
  threads = g_strdup_printf ("%.2f",
                             json_object_get_double_member (find_run (runs, "threads"), "makespan_s"));
  /* 3 × 300 ms and 300 ms: the run's own numbers, not the file's 2 s */
  g_assert_cmpfloat (g_ascii_strtod (sequential, NULL), >=, 0.85);
  g_assert_cmpfloat (g_ascii_strtod (threads, NULL), <, 0.6);

  text = dup_look_for_text (result.out);
  if (g_test_verbose ())
    g_printerr ("look for: %s\n", text);
  g_regex_match (seconds, text, 0, &match);
  for (; g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      g_autofree char *figure = g_match_info_fetch (match, 1);

      saw_sequential |= g_str_equal (figure, sequential);
      saw_threads |= g_str_equal (figure, threads);
      if (!g_str_equal (figure, sequential) && !g_str_equal (figure, threads) &&
          !g_strv_contains (tutorial, figure))
        g_error ("“%s s” is neither this run's makespan (%s s, %s s) nor the tutorial's: %s",
                 figure, sequential, threads, text);
    }
  g_assert_true (saw_sequential);
  g_assert_true (saw_threads);

  remove_temp_dir (dir);
}

static void
assert_file_starts_with (const char *path,
                         const char *magic,
                         gsize       magic_length)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, magic_length);
  g_assert_cmpmem (contents, magic_length, magic, magic_length);
}

static void
test_run_exports_png_svg_pdf (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *workload = write_temp_file (dir, "test.workload", test_workload);
  g_autofree char *png = g_build_filename (dir, "timeline.png", NULL);
  g_autofree char *svg = g_build_filename (dir, "timeline.svg", NULL);
  g_autofree char *pdf = g_build_filename (dir, "timeline.pdf", NULL);
  g_autofree char *contents = NULL;
  g_auto(CliResult) result = { 0 };

  run_cli (&result, "run", workload, "-m", "sequential,thread-pool",
           "--io-ms", "10", "--cpu-ms", "5", "--view", "workers", "--width", "800",
           "-o", png, "--export", svg, "-o", pdf);

  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.err, ==, "");

  assert_file_starts_with (png, "\x89PNG\r\n\x1a\n", 8);
  assert_file_starts_with (pdf, "%PDF-", 5);

  g_assert_true (g_file_get_contents (svg, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "<svg"));

  remove_temp_dir (dir);
}

static int
png_height (const char *path)
{
  cairo_surface_t *image = cairo_image_surface_create_from_png (path);
  int height;

  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  height = cairo_image_surface_get_height (image);
  cairo_surface_destroy (image);
  return height;
}

/* Exported pictures carry a caption (the workload, the machine) unless
 * --no-caption says otherwise; the SVG holds the caption's words. */
static void
test_run_export_caption (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *workload = write_temp_file (dir, "test.workload", test_workload);
  g_autofree char *with = g_build_filename (dir, "with.png", NULL);
  g_autofree char *without = g_build_filename (dir, "without.png", NULL);
  g_auto(CliResult) result = { 0 };
  g_auto(CliResult) plain = { 0 };

  run_cli (&result, "run", workload, "-m", "sequential", "--io-ms", "5", "--width", "800",
           "--height", "900", "-o", with);
  g_assert_cmpint (result.status, ==, 0);
  run_cli (&plain, "run", workload, "-m", "sequential", "--io-ms", "5", "--width", "800",
           "--height", "900", "--no-caption", "-o", without);
  g_assert_cmpint (plain.status, ==, 0);

  /* Cropped to the content, and the caption adds a line */
  g_assert_cmpint (png_height (without), <, 900);
  g_assert_cmpint (png_height (with), >, png_height (without));

  remove_temp_dir (dir);
}

static void
test_run_user_workload_file (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *workload = write_temp_file (dir, "narrow.workload", narrow_workload);
  g_auto(CliResult) result = { 0 };

  /* Its own models by default: sequential and threads */
  run_cli (&result, "run", workload);

  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "test-narrow"));
  g_assert_nonnull (strstr (result.out, "sequential"));
  g_assert_nonnull (strstr (result.out, "threads"));
  g_assert_null (strstr (result.out, "gtask"));

  remove_temp_dir (dir);
}

static void
test_run_corrupt_workload_exits_2 (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *workload = write_temp_file (dir, "corrupt.workload", corrupt_workload);
  g_auto(CliResult) result = { 0 };

  run_cli (&result, "run", workload);

  assert_one_line_error (&result, 2, "corrupt.workload");
  g_assert_nonnull (strstr (result.err, "line 4"));

  remove_temp_dir (dir);
}

static void
test_run_unsuitable_model_exits_2 (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *workload = write_temp_file (dir, "narrow.workload", narrow_workload);
  g_auto(CliResult) result = { 0 };

  run_cli (&result, "run", workload, "-m", "threads,gtask");

  assert_one_line_error (&result, 2, "gtask");

  remove_temp_dir (dir);
}

static void
test_run_bad_export_format_exits_2_before_running (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *bmp = g_build_filename (dir, "timeline.bmp", NULL);
  g_auto(CliResult) result = { 0 };

  /* Had it run, this would take 15 s */
  run_cli (&result, "run", "three-tasks", "-m", "sequential", "--io-ms", "5000", "-o", bmp);

  assert_one_line_error (&result, 2, "timeline.bmp");
  g_assert_cmpint (result.elapsed_us, <, 2 * G_USEC_PER_SEC);
  g_assert_false (g_file_test (bmp, G_FILE_TEST_EXISTS));
  g_assert_true (dir_is_empty_but (dir, NULL));

  remove_temp_dir (dir);
}

static void
test_run_export_into_missing_folder_exits_1 (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *png = g_build_filename (dir, "missing", "timeline.png", NULL);
  g_auto(CliResult) result = { 0 };

  run_cli (&result, "run", "three-tasks", "-m", "sequential", "--io-ms", "10", "-o", png);

  g_assert_cmpint (result.status, ==, 1);
  g_assert_true (g_str_has_prefix (result.err, "interleave: "));
  g_assert_nonnull (strstr (result.err, png));
  g_assert_cmpstr (strchr (result.err, '\n'), ==, "\n");
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
  g_assert_true (dir_is_empty_but (dir, NULL));

  remove_temp_dir (dir);
}

static void
test_run_json_into_missing_folder_exits_1 (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *json = g_build_filename (dir, "missing", "summary.json", NULL);
  g_auto(CliResult) result = { 0 };

  run_cli (&result, "run", "three-tasks", "-m", "sequential", "--io-ms", "10", "--json", json);

  g_assert_cmpint (result.status, ==, 1);
  g_assert_nonnull (strstr (result.err, json));
  g_assert_cmpstr (strchr (result.err, '\n'), ==, "\n");
  g_assert_true (dir_is_empty_but (dir, NULL));

  remove_temp_dir (dir);
}

/* A picture name that is taken by a folder, and one in a "folder" that is
 * a file: found before a 5 s run starts, not after it; nothing written. */
static void
test_run_unwritable_export_found_before_running (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *taken = g_build_filename (dir, "taken.png", NULL);
  g_autofree char *file = g_build_filename (dir, "file", NULL);
  g_autofree char *below_file = g_build_filename (dir, "file", "timeline.svg", NULL);
  const char *targets[] = { taken, below_file };

  g_assert_no_errno (g_mkdir (taken, 0700));
  g_assert_true (g_file_set_contents (file, "x", 1, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_auto(CliResult) result = { 0 };

      run_cli (&result, "run", "three-tasks", "-m", "sequential", "--io-ms", "5000", "-o", targets[i]);
      g_assert_cmpint (result.status, ==, 1);
      g_assert_nonnull (strstr (result.err, targets[i]));
      g_assert_true (g_str_has_prefix (result.err, "interleave: cannot write"));
      g_assert_cmpstr (strchr (result.err, '\n'), ==, "\n");
      /* three 5 s sleeps did not run first */
      g_assert_cmpint (result.elapsed_us, <, 4 * G_USEC_PER_SEC);
    }
  g_assert_true (g_file_test (taken, G_FILE_TEST_IS_DIR));
  g_rmdir (taken);
  g_unlink (file);
  g_assert_true (dir_is_empty_but (dir, NULL));
  remove_temp_dir (dir);
}

/* --csv: the table as data, a row per run and a column for every figure
 * of a run in the JSON, with the JSON's values. */
static void
test_run_csv_has_the_json_figures (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *csv = g_build_filename (dir, "table.csv", NULL);
  g_autofree char *json = g_build_filename (dir, "summary.json", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) header = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_auto(CliResult) result = { 0 };
  JsonArray *runs;

  run_cli (&result, "run", "three-tasks", "-m", "sequential,threads", "--io-ms", "20",
           "--csv", csv, "--json", json);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_true (g_file_get_contents (csv, &text, NULL, NULL));
  lines = g_strsplit (text, "\r\n", -1);
  /* a header, two runs, and the empty string after the last line end */
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_cmpstr (lines[3], ==, "");
  header = g_strsplit (lines[0], ",", -1);
  g_assert_cmpstr (header[0], ==, "workload");

  root = load_json (json);
  runs = member_array (json_node_get_object (root), "runs");
  for (guint r = 0; r < 2; r++)
    {
      JsonObject *run = json_array_get_object_element (runs, r);
      g_auto(GStrv) row = g_strsplit (lines[r + 1], ",", -1);
      g_autoptr(GList) members = json_object_get_members (run);

      g_assert_cmpuint (g_strv_length (row), ==, g_strv_length (header));
      g_assert_cmpstr (row[0], ==, "three-tasks");
      for (GList *l = members; l; l = l->next)
        {
          JsonNode *node = json_object_get_member (run, l->data);
          gint c = -1;

          if (JSON_NODE_HOLDS_OBJECT (node) || g_str_equal (l->data, "tasks"))
            continue;
          for (guint k = 0; header[k]; k++)
            if (g_str_equal (header[k], l->data))
              c = k;
          if (c < 0)
            g_error ("the CSV has no column %s", (char *) l->data);
          if (g_str_equal (l->data, "model"))
            g_assert_cmpstr (row[c], ==, json_object_get_string_member (run, "model"));
          else if (g_str_equal (l->data, "makespan_s"))
            g_assert_cmpfloat (g_ascii_strtod (row[c], NULL), ==, json_object_get_double_member (run, "makespan_s"));
          else if (JSON_NODE_HOLDS_NULL (node))
            g_assert_cmpstr (row[c], ==, "");
        }
    }
  g_unlink (csv);
  g_unlink (json);
  remove_temp_dir (dir);
}

/* ------------------------------------------------------------------------ */
/* Ctrl+C */

typedef struct {
  GMainLoop *loop;
  char      *out;
  char      *err;
  GError    *error;
  gboolean   done;
} Communication;

static void
on_communicated (GObject      *source,
                 GAsyncResult *res,
                 gpointer      user_data)
{
  Communication *communication = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), res,
                                        &communication->out, &communication->err,
                                        &communication->error);
  communication->done = TRUE;
  g_main_loop_quit (communication->loop);
}

static gboolean
on_timeout (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_run_sigint_cancels (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *json = g_build_filename (dir, "summary.json", NULL);
  g_autofree char *png = g_build_filename (dir, "timeline.png", NULL);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GSubprocess) subprocess = NULL;
  g_autoptr(JsonNode) root = NULL;
  Communication communication = { loop, NULL, NULL, NULL, FALSE };
  const char * const args[] = {
    "run", "three-tasks", "-m", "sequential,threads", "--io-ms", "5000",
    "--json", json, "-o", png, NULL
  };
  JsonArray *runs;
  JsonObject *run;
  guint timeout_id;
  gint64 signalled;
  gint64 elapsed;

  subprocess = spawn_cli (args);
  g_subprocess_communicate_utf8_async (subprocess, NULL, NULL, on_communicated, &communication);

  /* Well inside the first task's 5 s sleep */
  g_timeout_add (800, on_timeout, loop);
  g_main_loop_run (loop);
  g_assert_false (communication.done);

  signalled = g_get_monotonic_time ();
  g_subprocess_send_signal (subprocess, SIGINT);

  timeout_id = g_timeout_add_seconds (10, on_timeout, loop);
  g_main_loop_run (loop);
  elapsed = g_get_monotonic_time () - signalled;
  if (!communication.done)
    {
      g_subprocess_force_exit (subprocess);
      g_error ("the program still runs 10 s after SIGINT");
    }
  g_source_remove (timeout_id);
  g_assert_no_error (communication.error);

  g_assert_cmpint (elapsed, <, 2 * G_USEC_PER_SEC);
  g_assert_true (g_subprocess_get_if_exited (subprocess));
  g_assert_cmpint (g_subprocess_get_exit_status (subprocess), ==, 1);
  g_assert_nonnull (strstr (communication.err, "cancelled"));

  /* What ran is still reported */
  g_assert_nonnull (strstr (communication.out, "sequential"));
  root = load_json (json);
  runs = member_array (json_node_get_object (root), "runs");
  g_assert_cmpuint (json_array_get_length (runs), ==, 1);
  run = json_array_get_object_element (runs, 0);
  g_assert_cmpstr (json_object_get_string_member (run, "model"), ==, "sequential");
  g_assert_true (json_object_get_boolean_member (run, "cancelled"));
  g_assert_true (json_object_get_null_member (run, "speedup"));
  g_assert_true (json_object_get_null_member (run, "efficiency"));
  g_assert_true (json_object_get_null_member (run, "ideal_s"));
  /* The first task was sleeping: it and the two after it were stopped, not
   * failed, and are not in the completion order. */
  g_assert_cmpint (json_object_get_int_member (run, "tasks_stopped"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (run, "tasks_failed"), ==, 0);
  g_assert_cmpuint (json_array_get_length (member_array (run, "completion_order")), ==, 0);
  {
    JsonObject *task = json_array_get_object_element (member_array (run, "tasks"), 0);
    JsonArray *segments = member_array (task, "segments");
    JsonObject *last = json_array_get_object_element (segments, json_array_get_length (segments) - 1);

    g_assert_true (json_object_get_boolean_member (task, "stopped"));
    g_assert_cmpstr (json_object_get_string_member (last, "state"), ==, "stopped");
  }
  g_assert_nonnull (strstr (communication.out, "sequential (stopped)"));
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));

  g_free (communication.out);
  g_free (communication.err);
  remove_temp_dir (dir);
}

/* ------------------------------------------------------------------------ */
/* Saved runs: run --save, show */

static void
assert_same_files (const char *a,
                   const char *b)
{
  g_autofree char *x = NULL;
  g_autofree char *y = NULL;
  gsize nx = 0, ny = 0;

  g_assert_true (g_file_get_contents (a, &x, &nx, NULL));
  g_assert_true (g_file_get_contents (b, &y, &ny, NULL));
  g_assert_cmpuint (nx, >, 0);
  g_assert_cmpmem (x, nx, y, ny);
}

/* What Perfetto needs of the Chrome part: named lanes whose X events
 * follow each other without overlapping, times not negative, counters */
static void
assert_chrome_trace (const char *path)
{
  g_autoptr(JsonNode) root = load_json (path);
  g_autoptr(GHashTable) lane_end = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) named = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonObject *object = json_node_get_object (root);
  JsonArray *events = member_array (object, "traceEvents");
  guint n_x = 0, n_counters = 0;

  g_assert_true (json_object_has_member (object, "interleave"));
  g_assert_cmpstr (json_object_get_string_member (object, "displayTimeUnit"), ==, "ns");
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *e = json_array_get_object_element (events, i);
      const char *ph = json_object_get_string_member (e, "ph");
      g_autofree char *lane = g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
                                               json_object_get_int_member (e, "pid"),
                                               json_object_get_int_member (e, "tid"));

      if (strcmp (ph, "M") == 0 && strcmp (json_object_get_string_member (e, "name"), "thread_name") == 0)
        g_hash_table_add (named, g_steal_pointer (&lane));
      else if (strcmp (ph, "X") == 0)
        {
          double ts = json_object_get_double_member (e, "ts");
          double dur = json_object_get_double_member (e, "dur");
          double *end = g_hash_table_lookup (lane_end, lane);

          g_assert_cmpfloat (ts, >=, 0);
          g_assert_cmpfloat (dur, >=, 0);
          g_assert_true (g_hash_table_contains (named, lane));
          if (end == NULL)
            {
              end = g_new0 (double, 1);
              g_hash_table_insert (lane_end, g_strdup (lane), end);
            }
          /* In µs with three decimals: compare to the ns */
          g_assert_cmpfloat (ts, >=, *end - 0.0005);
          *end = ts + dur;
          n_x++;
        }
      else if (strcmp (ph, "C") == 0)
        n_counters++;
    }
  g_assert_cmpuint (n_x, >, 0);
  g_assert_cmpuint (n_counters, >, 0);
}

/* run … --save F --json A -o a.png, then show F --json B -o b.png: the
 * same summary, table and picture */
static void
assert_show_repeats_run (const char * const *run_args,
                         const char         *view)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *workload = write_temp_file (dir, "test.workload", test_workload);
  g_autofree char *saved = g_build_filename (dir, "runs.json", NULL);
  g_autofree char *a = g_build_filename (dir, "a.json", NULL);
  g_autofree char *b = g_build_filename (dir, "b.json", NULL);
  g_autofree char *a_png = g_build_filename (dir, "a.png", NULL);
  g_autofree char *b_png = g_build_filename (dir, "b.png", NULL);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_auto(CliResult) ran = { 0 };
  g_auto(CliResult) shown = { 0 };

  g_ptr_array_add (args, (gpointer) "run");
  for (guint i = 0; run_args[i] != NULL; i++)
    g_ptr_array_add (args, strcmp (run_args[i], "TEST") == 0 ? workload : (gpointer) run_args[i]);
  g_ptr_array_add (args, (gpointer) "--view");
  g_ptr_array_add (args, (gpointer) view);
  g_ptr_array_add (args, (gpointer) "--save");
  g_ptr_array_add (args, saved);
  g_ptr_array_add (args, (gpointer) "--json");
  g_ptr_array_add (args, a);
  g_ptr_array_add (args, (gpointer) "-o");
  g_ptr_array_add (args, a_png);
  g_ptr_array_add (args, NULL);
  run_cli_argv (&ran, (const char * const *) args->pdata);
  g_assert_cmpint (ran.status, ==, 0);

  run_cli (&shown, "show", saved, "--view", view, "--json", b, "-o", b_png);
  g_assert_cmpint (shown.status, ==, 0);
  g_assert_cmpstr (shown.err, ==, "");

  assert_same_files (a, b);
  assert_same_files (a_png, b_png);
  g_assert_cmpstr (ran.out, ==, shown.out);
  assert_chrome_trace (saved);

  remove_temp_dir (dir);
}

static void
test_show_repeats_a_thread_run (void)
{
  const char * const args[] = { "TEST", "-m", "sequential,threads,thread-pool+gil", "--io-ms", "10",
                                "--cpu-ms", "5", NULL };

  assert_show_repeats_run (args, "tasks");
}

static void
test_show_repeats_a_process_run (void)
{
  const char * const args[] = { "mixed", "-m", "sequential,processes,process-pool", "--tasks", "3", "--io-ms", "10",
                                "--cpu-ms", "5", NULL };

  assert_show_repeats_run (args, "cores");
}

static void
test_show_repeats_a_crawl (void)
{
  const char * const args[] = { "web-crawl", "-m", "sequential,async,threads", "--max-pages", "12",
                                "--io-ms", "5", NULL };

  assert_show_repeats_run (args, "workers");
}

static void
test_show_repeats_a_stopped_run (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *saved = g_build_filename (dir, "runs.json", NULL);
  g_autofree char *a = g_build_filename (dir, "a.json", NULL);
  g_autofree char *b = g_build_filename (dir, "b.json", NULL);
  g_autofree char *a_png = g_build_filename (dir, "a.png", NULL);
  g_autofree char *b_png = g_build_filename (dir, "b.png", NULL);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GSubprocess) subprocess = NULL;
  Communication communication = { loop, NULL, NULL, NULL, FALSE };
  const char * const args[] = {
    "run", "three-tasks", "-m", "sequential,threads", "--io-ms", "5000",
    "--save", saved, "--json", a, "-o", a_png, NULL
  };
  g_auto(CliResult) shown = { 0 };

  subprocess = spawn_cli (args);
  g_subprocess_communicate_utf8_async (subprocess, NULL, NULL, on_communicated, &communication);
  g_timeout_add (800, on_timeout, loop);
  g_main_loop_run (loop);
  g_subprocess_send_signal (subprocess, SIGINT);
  while (!communication.done)
    g_main_loop_run (loop);
  g_assert_no_error (communication.error);
  g_assert_cmpint (g_subprocess_get_exit_status (subprocess), ==, 1);

  run_cli (&shown, "show", saved, "--json", b, "-o", b_png);
  g_assert_cmpint (shown.status, ==, 0);
  g_assert_nonnull (strstr (shown.out, "sequential (stopped)"));
  g_assert_cmpstr (communication.out, ==, shown.out);
  assert_same_files (a, b);
  assert_same_files (a_png, b_png);

  g_free (communication.out);
  g_free (communication.err);
  remove_temp_dir (dir);
}

/* --trace and -o FILE.json write the same format; show stacks several
 * files, each run's speedup taken against the sequential run of its work
 * or the run --baseline names */
static void
test_show_stacks_several_files (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *workload = write_temp_file (dir, "test.workload", test_workload);
  g_autofree char *seq = g_build_filename (dir, "seq.json", NULL);
  g_autofree char *threads = g_build_filename (dir, "threads.json", NULL);
  g_autofree char *both = g_build_filename (dir, "both.json", NULL);
  g_autofree char *summary = g_build_filename (dir, "summary.json", NULL);
  g_autoptr(JsonNode) root = NULL;
  g_auto(CliResult) result = { 0 };
  g_auto(CliResult) shown = { 0 };
  g_auto(CliResult) again = { 0 };
  JsonArray *runs;

  run_cli (&result, "run", workload, "-m", "sequential", "--io-ms", "10", "--cpu-ms", "5", "--trace", seq);
  g_assert_cmpint (result.status, ==, 0);
  cli_result_clear (&result);
  run_cli (&result, "run", workload, "-m", "threads", "--io-ms", "10", "--cpu-ms", "5", "-o", threads);
  g_assert_cmpint (result.status, ==, 0);
  assert_chrome_trace (seq);
  assert_chrome_trace (threads);

  run_cli (&shown, "show", seq, threads, "--json", summary, "-o", both);
  g_assert_cmpint (shown.status, ==, 0);
  root = load_json (summary);
  runs = member_array (json_node_get_object (root), "runs");
  g_assert_cmpuint (json_array_get_length (runs), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (runs, 1), "model"),
                   ==, "threads");
  g_assert_true (member_is_number (json_array_get_object_element (runs, 1), "speedup", FALSE));

  /* The two as one file */
  run_cli (&again, "show", both);
  g_assert_cmpint (again.status, ==, 0);
  g_assert_cmpstr (again.out, ==, shown.out);

  /* Runs of other numbers join the comparison: each is listed with what it
   * ran, and has no speedup without a sequential run of its own work… */
  cli_result_clear (&result);
  run_cli (&result, "run", workload, "-m", "threads", "--io-ms", "11", "--cpu-ms", "5", "--save", threads);
  g_assert_cmpint (result.status, ==, 0);
  {
    g_auto(CliResult) mixed = { 0 };
    g_auto(CliResult) picked = { 0 };
    g_auto(CliResult) bad = { 0 };
    g_autoptr(JsonNode) mixed_root = NULL;
    g_autoptr(JsonNode) picked_root = NULL;
    JsonObject *second;

    run_cli (&mixed, "show", seq, threads, "--json", summary);
    g_assert_cmpint (mixed.status, ==, 0);
    g_assert_nonnull (strstr (mixed.out, "I/O 10 ms"));
    g_assert_nonnull (strstr (mixed.out, "I/O 11 ms"));
    mixed_root = load_json (summary);
    second = json_array_get_object_element (member_array (json_node_get_object (mixed_root), "runs"), 1);
    g_assert_true (json_object_get_null_member (second, "speedup"));
    g_assert_true (json_object_get_null_member (second, "baseline"));
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (second, "params"), "io_ms"),
                     ==, 11);

    /* … unless the user picks one: by its number in the table or its model */
    run_cli (&picked, "show", seq, threads, "--baseline", "sequential", "--json", summary);
    g_assert_cmpint (picked.status, ==, 0);
    picked_root = load_json (summary);
    second = json_array_get_object_element (member_array (json_node_get_object (picked_root), "runs"), 1);
    g_assert_true (member_is_number (second, "speedup", FALSE));
    g_assert_cmpint (json_object_get_int_member (second, "baseline"), ==, 0);

    run_cli (&bad, "show", seq, threads, "--baseline", "3");
    assert_one_line_error (&bad, 2, "--baseline");
  }

  remove_temp_dir (dir);
}

/* run --baseline: every speedup against the run named */
static void
test_run_takes_a_baseline (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *summary = g_build_filename (dir, "summary.json", NULL);
  g_autoptr(JsonNode) root = NULL;
  g_auto(CliResult) result = { 0 };
  g_auto(CliResult) bad = { 0 };
  JsonArray *runs;

  run_cli (&result, "run", "three-tasks", "--io-ms", "20", "-m", "sequential,threads",
           "--baseline", "threads", "--json", summary);
  g_assert_cmpint (result.status, ==, 0);
  root = load_json (summary);
  runs = member_array (json_node_get_object (root), "runs");
  for (guint i = 0; i < 2; i++)
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (runs, i), "baseline"), ==, 1);
  /* Three sleeps one after another against three at once: about a third */
  g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (runs, 0), "speedup"), <, 0.8);
  g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (runs, 1), "speedup"), ==, 1.0);

  run_cli (&bad, "run", "three-tasks", "--io-ms", "20", "-m", "sequential,threads", "--baseline", "processes");
  assert_one_line_error (&bad, 2, "--baseline");

  remove_temp_dir (dir);
}

/* Another tool's Chrome trace: its processes as runs, what it cannot
 * know absent (in the table, the JSON and the CSV), what was skipped said
 * in one line; a file that is no trace is refused with one line */
static void
test_show_opens_other_tools_traces (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *other = write_temp_file (dir, "other.json",
                                            "{\"traceEvents\":[{\"ph\":\"X\",\"pid\":1,\"tid\":1,"
                                            "\"name\":\"a\",\"ts\":0,\"dur\":5},"
                                            "{\"ph\":\"X\",\"pid\":1,\"tid\":2,\"name\":\"b\",\"ts\":2,\"dur\":5},"
                                            "{\"ph\":\"E\",\"pid\":1,\"tid\":2,\"ts\":9}]}");
  g_autofree char *broken = write_temp_file (dir, "broken.json", "{\"traceEvents\": 3");
  g_autofree char *summary = g_build_filename (dir, "summary.json", NULL);
  g_autofree char *png = g_build_filename (dir, "other.png", NULL);
  g_autoptr(JsonNode) root = NULL;
  g_auto(CliResult) result = { 0 };
  g_auto(CliResult) bad = { 0 };
  JsonObject *run;

  run_cli (&result, "show", other, "--json", summary, "-o", png);
  if (!HAVE_YAJL)
    {
      assert_one_line_error (&result, 1, "without yajl");
      remove_temp_dir (dir);
      return;
    }
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "another tool's trace: 1 process, 2 threads"));
  g_assert_nonnull (strstr (result.out, "Machine: unknown"));
  /* The E without a B, told once */
  g_assert_nonnull (strstr (result.err, "1 ends without a begin"));
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
  root = load_json (summary);
  g_assert_cmpstr (json_object_get_string_member (member_object (json_node_get_object (root), "workload"),
                                                  "source"), ==, "imported");
  g_assert_false (json_object_has_member (member_object (json_node_get_object (root), "workload"), "tasks"));
  run = json_array_get_object_element (member_array (json_node_get_object (root), "runs"), 0);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (run, "makespan_s"), 7e-6, 1e-9);
  g_assert_true (json_object_get_null_member (run, "cpu_time_s"));
  g_assert_true (json_object_get_null_member (run, "ideal_s"));
  g_assert_true (json_object_get_null_member (run, "speedup"));
  g_assert_true (json_object_get_null_member (run, "params"));

  run_cli (&bad, "show", broken);
  assert_one_line_error (&bad, 1, "broken.json");

  remove_temp_dir (dir);
}

static void
test_show_refuses_bad_files (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *saved = g_build_filename (dir, "runs.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GString) newer = NULL;
  g_auto(CliResult) result = { 0 };
  gsize length = 0;
  struct { const char *name; const char *says; char *contents; gssize length; } cases[] = {
    { "empty.json", "empty", g_strdup (""), 0 },
    { "garbage.bin", "not JSON", g_strdup ("\x7f" "ELF\x02\x01\x01\xff\xfe garbage"), 16 },
    { "truncated.json", "ends too early", NULL, -1 },
    { "newer.json", "newer Interleave", NULL, -1 },
    { "types.json", "true or false was expected", NULL, -1 },
  };

  run_cli (&result, "run", "three-tasks", "-m", "sequential", "--io-ms", "10", "--save", saved);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_true (g_file_get_contents (saved, &text, &length, NULL));
  cases[2].contents = g_strndup (text, length / 2);
  cases[2].length = length / 2;
  newer = g_string_new (text);
  g_string_replace (newer, "\"version\":\"1.0\"", "\"version\":\"2.0\"", 1);
  cases[3].contents = g_strdup (newer->str);
  g_string_assign (newer, text);
  g_assert_cmpuint (g_string_replace (newer, "\"stopped\":false,\"completion_order\"",
                                      "\"stopped\":\"no\",\"completion_order\"", 1), ==, 1);
  cases[4].contents = g_strdup (newer->str);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_build_filename (dir, cases[i].name, NULL);
      g_auto(CliResult) shown = { 0 };

      g_assert_true (g_file_set_contents (path, cases[i].contents, cases[i].length, NULL));
      run_cli (&shown, "show", path);
      assert_one_line_error (&shown, 1, cases[i].says);
      g_assert_nonnull (strstr (shown.err, path));
      g_free (cases[i].contents);
    }

  remove_temp_dir (dir);
}

/* ------------------------------------------------------------------------ */
/* Usage errors: exit 2, one line naming the culprit, nothing run */

typedef struct {
  const char *path;
  const char *culprit;
  const char *args[12];
} UsageCase;

static const UsageCase usage_cases[] = {
  { "/cli/run/unknown-workload-exits-2", "no-such-workload",
    { "run", "no-such-workload" } },
  { "/cli/run/missing-workload-file-exits-2", "/nonexistent/x.workload",
    { "run", "/nonexistent/x.workload" } },
  { "/cli/run/unknown-model-exits-2", "foo",
    { "run", "three-tasks", "-m", "threads,foo" } },
  { "/cli/run/empty-model-list-exits-2", "--models",
    { "run", "three-tasks", "--models", "threads," } },
  { "/cli/run/zero-tasks-exits-2", "--tasks",
    { "run", "three-tasks", "--tasks", "0" } },
  { "/cli/run/malformed-tasks-exits-2", "3x",
    { "run", "three-tasks", "--tasks", "3x" } },
  { "/cli/run/negative-tasks-exits-2", "--tasks",
    { "run", "three-tasks", "--tasks", "-1" } },
  { "/cli/run/negative-io-ms-exits-2", "--io-ms",
    { "run", "three-tasks", "--io-ms", "-5" } },
  { "/cli/run/malformed-cpu-ms-exits-2", "abc",
    { "run", "three-tasks", "--cpu-ms", "abc" } },
  { "/cli/run/zero-workers-exits-2", "--workers",
    { "run", "three-tasks", "--workers", "0" } },
  { "/cli/run/zero-width-exits-2", "--width",
    { "run", "three-tasks", "--width", "0" } },
  { "/cli/run/unusably-narrow-picture-exits-2", "--width",
    { "run", "three-tasks", "--width", "5" } },
  { "/cli/run/unusably-low-picture-exits-2", "--height",
    { "run", "three-tasks", "--height", "20" } },
  { "/cli/run/unknown-view-exits-2", "diagonal",
    { "run", "three-tasks", "--view", "diagonal" } },
  { "/cli/run/unknown-option-exits-2", "--frobnicate",
    { "run", "three-tasks", "--frobnicate" } },
  { "/cli/run/missing-workload-exits-2", "WORKLOAD",
    { "run" } },
  { "/cli/run/extra-argument-exits-2", "extra",
    { "run", "three-tasks", "extra" } },
  { "/cli/run/zero-switch-interval-exits-2", "--switch-interval",
    { "run", "three-tasks", "--gil", "--switch-interval", "0" } },
  { "/cli/run/malformed-url-exits-2", "exa mple",
    { "run", "three-tasks", "--url", "http://exa mple.org/" } },
  { "/cli/run/relative-url-exits-2", "not a valid URL",
    { "run", "three-tasks", "--url", "example.org/index.html" } },
  { "/cli/run/url-for-a-local-workload-exits-2", "--url",
    { "run", "three-tasks", "--url", "http://127.0.0.1:8080/" } },
  { "/cli/run/other-hosts-for-a-local-workload-exits-2", "--allow-other-hosts",
    { "run", "three-tasks", "--allow-other-hosts" } },
  { "/cli/list/extra-argument-exits-2", "extra",
    { "list", "extra" } },
  { "/cli/show/missing-file-argument-exits-2", "FILE",
    { "show" } },
  { "/cli/show/unknown-view-exits-2", "diagonal",
    { "show", "runs.json", "--view", "diagonal" } },
  { "/cli/run/empty-save-name-exits-2", "--save",
    { "run", "three-tasks", "--save", "" } },
};

static void
test_usage_error (gconstpointer data)
{
  const UsageCase *usage = data;
  g_auto(CliResult) result = { 0 };

  run_cli_argv (&result, usage->args);

  assert_one_line_error (&result, 2, usage->culprit);
  g_assert_cmpint (result.elapsed_us, <, 2 * G_USEC_PER_SEC);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/list/exits-0-and-names-three-tasks", test_list_names_three_tasks);
  g_test_add_func ("/cli/list/json-has-workloads-and-models", test_list_json_has_workloads_and_models);
  g_test_add_func ("/cli/version/prints-the-version", test_version_prints_the_version);
  g_test_add_func ("/cli/help/lists-the-commands", test_help_lists_the_commands);
  g_test_add_func ("/cli/run/help-lists-every-option", test_run_help_lists_every_option);
  g_test_add_func ("/cli/unknown-command-exits-2", test_unknown_command_exits_2);
  g_test_add_func ("/cli/run/json-has-every-contract-field", test_run_reports_every_contract_field);
  g_test_add_func ("/cli/run/json-to-stdout-without-sequential-has-null-speedup",
                   test_run_without_sequential_has_null_speedup);
  g_test_add_func ("/cli/run/catalogue-workload-runs", test_run_catalogue_workload);
  g_test_add_func ("/cli/run/look-for-names-this-runs-makespans",
                   test_run_look_for_names_this_runs_makespans);
  g_test_add_func ("/cli/run/gil-reports-its-figures", test_run_gil_reports_its_figures);
  g_test_add_func ("/cli/run/gil-holds-back-the-executor", test_run_gil_holds_back_the_executor);
  g_test_add_func ("/cli/run/exports-png-svg-pdf", test_run_exports_png_svg_pdf);
  g_test_add_func ("/cli/run/export-caption", test_run_export_caption);
  g_test_add_func ("/cli/run/user-workload-file-runs-its-own-models", test_run_user_workload_file);
  g_test_add_func ("/cli/run/corrupt-workload-file-exits-2", test_run_corrupt_workload_exits_2);
  g_test_add_func ("/cli/run/unsuitable-model-exits-2", test_run_unsuitable_model_exits_2);
  g_test_add_func ("/cli/run/unknown-export-format-exits-2-before-running",
                   test_run_bad_export_format_exits_2_before_running);
  g_test_add_func ("/cli/run/export-into-missing-folder-exits-1",
                   test_run_export_into_missing_folder_exits_1);
  g_test_add_func ("/cli/run/json-into-missing-folder-exits-1",
                   test_run_json_into_missing_folder_exits_1);
  g_test_add_func ("/cli/run/csv-has-the-json-figures", test_run_csv_has_the_json_figures);
  g_test_add_func ("/cli/run/unwritable-export-found-before-running",
                   test_run_unwritable_export_found_before_running);
  g_test_add_func ("/cli/run/sigint-cancels-and-reports-what-ran", test_run_sigint_cancels);
  g_test_add_func ("/cli/show/repeats-a-thread-run", test_show_repeats_a_thread_run);
  g_test_add_func ("/cli/show/repeats-a-process-run", test_show_repeats_a_process_run);
  g_test_add_func ("/cli/show/repeats-a-crawl", test_show_repeats_a_crawl);
  g_test_add_func ("/cli/show/repeats-a-stopped-run", test_show_repeats_a_stopped_run);
  g_test_add_func ("/cli/run/takes-a-baseline", test_run_takes_a_baseline);
  g_test_add_func ("/cli/show/stacks-several-files", test_show_stacks_several_files);
  g_test_add_func ("/cli/show/opens-other-tools-traces", test_show_opens_other_tools_traces);
  g_test_add_func ("/cli/show/refuses-bad-files-with-one-line", test_show_refuses_bad_files);

  for (guint i = 0; i < G_N_ELEMENTS (usage_cases); i++)
    g_test_add_data_func (usage_cases[i].path, &usage_cases[i], test_usage_error);

  return g_test_run ();
}
