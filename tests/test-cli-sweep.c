/* test-cli-sweep.c — "interleave run" over several worker counts, as a
 * person or a script runs it
 *
 * Short runs only (a few ms of computing or waiting each): the tests check
 * the shape of what is written and the order the runs ran in, never speed.
 */
#include "config.h"

#include <signal.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

typedef struct {
  int   status;
  char *out;
  char *err;
} Result;

static void
result_clear (Result *r)
{
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

static GSubprocess *
spawn (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *program = g_getenv ("INTERLEAVE_BIN");
  GSubprocess *subprocess;

  g_assert_nonnull (program);
  g_ptr_array_add (argv, (gpointer) program);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  subprocess = g_subprocess_newv ((const char * const *) argv->pdata,
                                  G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  return subprocess;
}

static void
run_argv (Result             *result,
          const char * const *args)
{
  g_autoptr(GSubprocess) subprocess = spawn (args);
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8 (subprocess, NULL, NULL, &result->out, &result->err, &error);
  g_assert_no_error (error);
  result->status = g_subprocess_get_if_exited (subprocess) ? g_subprocess_get_exit_status (subprocess) : -1;
  if (g_test_verbose ())
    g_printerr ("exit %d\nstdout:\n%s\nstderr:\n%s\n", result->status, result->out, result->err);
}

#define run(result, ...) \
  G_STMT_START { \
    const char * const _args[] = { __VA_ARGS__, NULL }; \
    run_argv ((result), _args); \
  } G_STMT_END

static JsonObject *
load_object (const char *path,
             JsonParser *parser)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("interleave-sweep-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_temp_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_remove (path);
    }
  g_rmdir (dir);
}

/* ------------------------------------------------------------------------ */

typedef struct {
  const char *path;
  const char *culprit;
  const char *args[12];
} UsageCase;

static const UsageCase usage_cases[] = {
  { "/cli/sweep/zero-in-a-list-exits-2", "--workers", { "run", "three-tasks", "--workers", "1,0" } },
  { "/cli/sweep/negative-in-a-list-exits-2", "-1", { "run", "three-tasks", "--workers", "2,-1" } },
  { "/cli/sweep/backwards-range-exits-2", "ends before it starts", { "run", "three-tasks", "--workers", "4..2" } },
  { "/cli/sweep/range-from-zero-exits-2", "--workers", { "run", "three-tasks", "--workers", "1..0" } },
  { "/cli/sweep/words-exit-2", "abc", { "run", "three-tasks", "--tasks", "1,abc" } },
  { "/cli/sweep/empty-value-exits-2", "empty value", { "run", "three-tasks", "--tasks", "1,,2" } },
  { "/cli/sweep/zero-repeat-exits-2", "--repeat", { "run", "three-tasks", "--repeat", "0" } },
  { "/cli/sweep/too-many-repeats-exit-2", "--repeat", { "run", "three-tasks", "--repeat", "101" } },
  { "/cli/sweep/two-axes-exit-2", "not both", { "run", "three-tasks", "--workers", "1,2", "--tasks", "1,2" } },
  { "/cli/sweep/plot-without-a-sweep-exits-2", "--view plot", { "run", "three-tasks", "--view", "plot" } },
  { "/cli/sweep/drop-busy-without-a-sweep-exits-2", "--drop-busy", { "run", "three-tasks", "--drop-busy" } },
  { "/cli/sweep/too-many-runs-exit-2", "at most 10000", { "run", "three-tasks", "-m", "all", "--workers", "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20", "--repeat", "100" } },
};

static void
assert_one_line (const Result *result,
                 const char   *culprit)
{
  g_assert_cmpint (result->status, ==, 2);
  g_assert_cmpstr (result->out, ==, "");
  g_assert_true (g_str_has_prefix (result->err, "interleave: "));
  g_assert_cmpstr (strchr (result->err, '\n'), ==, "\n");
  if (strstr (result->err, culprit) == NULL)
    g_error ("“%s” does not name “%s”", result->err, culprit);
}

static void
test_usage_error (gconstpointer data)
{
  const UsageCase *usage = data;
  g_auto(Result) result = { 0 };

  run_argv (&result, usage->args);
  assert_one_line (&result, usage->culprit);
}

static void
test_ten_thousand_values_exit_2 (void)
{
  g_autoptr(GString) list = g_string_new ("1");
  g_auto(Result) result = { 0 };

  for (guint i = 2; i <= 10000; i++)
    g_string_append_printf (list, ",%u", i);
  run (&result, "run", "three-tasks", "--tasks", list->str);
  assert_one_line (&result, "at most 100");
}

/* A single value keeps today's output: no sweep table, no points[] */
static void
test_one_value_is_no_sweep (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *json = g_build_filename (dir, "one.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(Result) result = { 0 };
  JsonObject *root;

  run (&result, "run", "three-tasks", "--io-ms", "5", "-m", "thread-pool", "--workers", "2", "--json", json);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_null (strstr (result.out, "Sweep"));
  root = load_object (json, parser);
  g_assert_false (json_object_has_member (root, "points"));
  g_assert_false (json_object_has_member (root, "sweep"));
  remove_temp_dir (dir);
}

static void
test_short_sweep_writes_points_in_interleaved_order (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *json = g_build_filename (dir, "sweep.json", NULL);
  g_autofree char *csv = g_build_filename (dir, "sweep.csv", NULL);
  g_autofree char *saved = g_build_filename (dir, "saved.json", NULL);
  g_autofree char *png = g_build_filename (dir, "plot.png", NULL);
  g_autofree char *json2 = g_build_filename (dir, "again.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) parser2 = json_parser_new ();
  g_auto(Result) result = { 0 };
  g_auto(Result) shown = { 0 };
  g_autofree char *csv_text = NULL;
  g_auto(GStrv) csv_lines = NULL;
  JsonObject *root, *sweep;
  JsonArray *runs, *points, *fits;
  const char *models[] = { "thread-pool", "process-pool" };

  run (&result, "run", "sum-of-squares", "--tasks", "2", "--cpu-ms", "5", "--workers", "1,2", "--repeat", "2",
       "-m", "thread-pool,process-pool", "--json", json, "--csv", csv, "--save", saved, "-o", png);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "Sweep over workers"));
  g_assert_nonnull (strstr (result.out, "serial fraction"));

  root = load_object (json, parser);
  /* Every key of a comparison is still there */
  g_assert_true (json_object_has_member (root, "workload"));
  g_assert_true (json_object_has_member (root, "machine"));

  /* Runs: value by value, repetition by repetition, A B A B */
  runs = json_object_get_array_member (root, "runs");
  g_assert_cmpuint (json_array_get_length (runs), ==, 8);
  for (guint i = 0; i < 8; i++)
    {
      JsonObject *r = json_array_get_object_element (runs, i);

      g_assert_cmpstr (json_object_get_string_member (r, "model"), ==, models[i % 2]);
      g_assert_cmpint (json_object_get_int_member (r, "workers"), ==, i < 4 ? 1 : 2);
    }

  points = json_object_get_array_member (root, "points");
  g_assert_cmpuint (json_array_get_length (points), ==, 4);
  for (guint p = 0; p < 4; p++)
    {
      JsonObject *point = json_array_get_object_element (points, p);
      JsonArray *reps = json_object_get_array_member (point, "repetitions");
      JsonObject *makespan = json_object_get_object_member (point, "makespan_s");

      g_assert_cmpstr (json_object_get_string_member (point, "model"), ==, models[p / 2]);
      g_assert_cmpint (json_object_get_int_member (point, "workers"), ==, 1 + p % 2);
      g_assert_cmpuint (json_array_get_length (reps), ==, 2);
      for (guint k = 0; k < 2; k++)
        {
          JsonObject *rep = json_array_get_object_element (reps, k);
          gint64 index = json_object_get_int_member (rep, "run");
          JsonObject *r = json_array_get_object_element (runs, index);

          g_assert_cmpstr (json_object_get_string_member (r, "model"), ==, models[p / 2]);
          g_assert_cmpfloat_with_epsilon (json_object_get_double_member (rep, "makespan_s"),
                                          json_object_get_double_member (r, "makespan_s"), 1e-9);
          g_assert_true (json_object_has_member (rep, "busy"));
        }
      for (guint k = 0; k < 5; k++)
        {
          const char *part[] = { "median", "min", "max", "q1", "q3" };

          g_assert_true (json_object_has_member (makespan, part[k]));
        }
      g_assert_cmpfloat (json_object_get_double_member (makespan, "min"), <=,
                         json_object_get_double_member (makespan, "median"));
      g_assert_cmpfloat (json_object_get_double_member (makespan, "median"), <=,
                         json_object_get_double_member (makespan, "max"));
      g_assert_true (json_object_has_member (point, "speedup"));
      g_assert_true (json_object_has_member (point, "efficiency"));
      g_assert_true (json_object_has_member (point, "cpu_time_s"));
    }

  sweep = json_object_get_object_member (root, "sweep");
  g_assert_cmpstr (json_object_get_string_member (sweep, "axis"), ==, "workers");
  g_assert_cmpint (json_object_get_int_member (sweep, "repeat"), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (sweep, "values")), ==, 2);
  g_assert_false (json_object_get_boolean_member (sweep, "stopped"));
  fits = json_object_get_array_member (sweep, "fits");
  g_assert_cmpuint (json_array_get_length (fits), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (fits, 0), "kind"), ==, "amdahl");

  /* CSV: a header and a row per point */
  g_assert_true (g_file_get_contents (csv, &csv_text, NULL, NULL));
  csv_lines = g_strsplit (csv_text, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (csv_lines), ==, 6);   /* the last is empty */
  g_assert_true (g_str_has_prefix (csv_lines[0], "workload,model,gil,workers,tasks"));
  g_assert_true (g_str_has_prefix (csv_lines[1], "sum-of-squares,thread-pool,false,1,2,"));

  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));

  /* The saved sweep reopens with the same table and points */
  run (&shown, "show", saved, "--json", json2);
  g_assert_cmpint (shown.status, ==, 0);
  g_assert_cmpstr (shown.out, ==, result.out);
  {
    JsonObject *again = load_object (json2, parser2);
    g_autoptr(JsonGenerator) g1 = json_generator_new ();
    g_autoptr(JsonGenerator) g2 = json_generator_new ();
    g_autofree char *a = NULL, *b = NULL;

    json_generator_set_root (g1, json_object_get_member (root, "points"));
    json_generator_set_root (g2, json_object_get_member (again, "points"));
    a = json_generator_to_data (g1, NULL);
    b = json_generator_to_data (g2, NULL);
    g_assert_cmpstr (a, ==, b);
  }

  remove_temp_dir (dir);
}

typedef struct {
  GMainLoop *loop;
  char      *out;
  char      *err;
  gboolean   done;
} Communication;

static void
on_communicated (GObject      *source,
                 GAsyncResult *res,
                 gpointer      user_data)
{
  Communication *c = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), res, &c->out, &c->err, NULL);
  c->done = TRUE;
  g_main_loop_quit (c->loop);
}

static gboolean
on_timeout (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

/* Ctrl+C in the middle: what finished is reported, and the sweep says it
 * stopped */
static void
test_stopping_mid_sweep_keeps_what_finished (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *json = g_build_filename (dir, "stopped.json", NULL);
  g_autofree char *saved = g_build_filename (dir, "stopped-runs.json", NULL);
  g_auto(Result) shown = { 0 };
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GSubprocess) subprocess = NULL;
  Communication c = { loop, NULL, NULL, FALSE };
  const char * const args[] = {
    "run", "fetch-data", "--tasks", "1", "--io-ms", "600", "--workers", "1,2", "--repeat", "3",
    "-m", "thread-pool", "--json", json, "--save", saved, NULL
  };
  JsonObject *root, *sweep;
  guint timeout_id;

  subprocess = spawn (args);
  g_subprocess_communicate_utf8_async (subprocess, NULL, NULL, on_communicated, &c);

  /* Six runs of 0.6 s: after 1.5 s one or two have finished */
  g_timeout_add (1500, on_timeout, loop);
  g_main_loop_run (loop);
  g_assert_false (c.done);
  g_subprocess_send_signal (subprocess, SIGINT);
  timeout_id = g_timeout_add_seconds (20, on_timeout, loop);
  g_main_loop_run (loop);
  if (!c.done)
    {
      g_subprocess_force_exit (subprocess);
      g_error ("the sweep still runs 20 s after SIGINT");
    }
  g_source_remove (timeout_id);

  g_assert_cmpint (g_subprocess_get_exit_status (subprocess), ==, 1);
  g_assert_nonnull (strstr (c.err, "cancelled"));
  g_assert_nonnull (strstr (c.out, "Stopped"));

  root = load_object (json, parser);
  sweep = json_object_get_object_member (root, "sweep");
  g_assert_true (json_object_get_boolean_member (sweep, "stopped"));
  g_assert_cmpint (json_object_get_int_member (sweep, "runs_planned"), ==, 6);
  g_assert_cmpint (json_object_get_int_member (sweep, "runs_made"), <, 6);
  g_assert_cmpint (json_object_get_int_member (sweep, "runs_made"), >=, 1);
  {
    JsonObject *first = json_array_get_object_element (json_object_get_array_member (root, "points"), 0);

    g_assert_cmpint (json_object_get_int_member (first, "runs_counted"), >=, 1);
  }

  /* Reopened, it still says it stopped */
  run (&shown, "show", saved);
  g_assert_cmpint (shown.status, ==, 0);
  g_assert_cmpstr (shown.out, ==, c.out);

  g_free (c.out);
  g_free (c.err);
  remove_temp_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (usage_cases); i++)
    g_test_add_data_func (usage_cases[i].path, &usage_cases[i], test_usage_error);
  g_test_add_func ("/cli/sweep/ten-thousand-values-exit-2", test_ten_thousand_values_exit_2);
  g_test_add_func ("/cli/sweep/one-value-is-no-sweep", test_one_value_is_no_sweep);
  g_test_add_func ("/cli/sweep/short-sweep-writes-points-in-interleaved-order",
                   test_short_sweep_writes_points_in_interleaved_order);
  g_test_add_func ("/cli/sweep/stopping-mid-sweep-keeps-what-finished",
                   test_stopping_mid_sweep_keeps_what_finished);

  return g_test_run ();
}
