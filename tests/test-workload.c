/* test-workload.c — workload files and the built-in catalogue */

#include "config.h"

#include <dirent.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "il-cpuwork.h"
#include "il-machine.h"
#include "il-run.h"
#include "il-trace.h"
#include "il-workload.h"

#include "il-test-util.h"

static void
test_catalogue_has_seed_workloads (void)
{
  const char *names[] = { "three-tasks", "crawl-links", "fetch-data", "print-numbers",
                          "count-loop", "sum-of-squares", "random-squares", "mixed" };
  g_autoptr(IlWorkload) three = NULL;
  g_autoptr(IlWorkload) crawl = NULL;
  IlTaskSpec *specs;
  guint n;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(IlWorkload) w = il_catalogue_lookup (names[i]);

      g_assert_nonnull (w);
      g_assert_cmpstr (il_workload_get_name (w), ==, names[i]);
      g_assert_cmpstr (il_workload_get_look_for (w), !=, "");
      g_assert_true (il_workload_suits_model (w, "sequential"));
    }

  three = il_catalogue_lookup ("three-tasks");
  g_assert_cmpint (il_workload_get_default_tasks (three), ==, 3);
  g_assert_cmpint (il_workload_get_default_io_ms (three), ==, 2000);

  crawl = il_catalogue_lookup ("crawl-links");
  specs = il_workload_plan (crawl, NULL, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpstr (specs[0].name, ==, "https://python.org");
  g_assert_cmpint (specs[2].io_ns, ==, 3000 * MS);
  il_task_specs_free (specs, n);

  g_assert_null (il_catalogue_lookup ("no-such-workload"));
}

static void
test_random_squares_plan (void)
{
  g_autoptr(IlWorkload) w = il_catalogue_lookup ("random-squares");
  IlWorkloadParams params = IL_WORKLOAD_PARAMS_INIT;
  IlTaskSpec *a, *b, *c;
  guint na, nb, nc;

  params.tasks = 1000;
  params.io_ms = 5000;
  a = il_workload_plan (w, &params, &na);
  b = il_workload_plan (w, &params, &nb);
  params.seed = 99;
  c = il_workload_plan (w, &params, &nc);
  g_assert_cmpuint (na, ==, 1000);
  /* Deterministic for a seed, different for another. */
  g_assert_cmpint (a[10].io_ns, ==, b[10].io_ns);
  g_assert_cmpint (a[10].io_ns, !=, c[10].io_ns);
  for (guint x = 0; x < na; x++)
    {
      /* random() × (N − x) / 200 s, as in seed 002 */
      g_assert_cmpint (a[x].io_ns, <=, (gint64) (1000 - x) * 5 * MS);
      g_assert_cmpint (a[x].result, ==, (gint64) x * x);
      g_assert_true (a[x].has_result);
    }
  il_task_specs_free (a, na);
  il_task_specs_free (b, nb);
  il_task_specs_free (c, nc);
}

static IlWorkload *
load_text (const char  *text,
           char       **path_out,
           GError     **error)
{
  g_autofree char *path = NULL;
  int fd = g_file_open_tmp ("il-test-XXXXXX.workload", &path, NULL);
  IlWorkload *w;

  g_assert_cmpint (fd, >=, 0);
  close (fd);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  w = il_workload_find (path, error);
  g_unlink (path);
  *path_out = g_steal_pointer (&path);
  return w;
}

static void
test_corrupt_files_name_the_problem (void)
{
  const struct { const char *text; const char *expect; } cases[] = {
    { "[Workload]\nName=x\nthis is not a key\n", "line 3" },
    { "[Workload]\nName=x\nTitle=X\nCategory=io\n[Tasks]\nCount=abc\nPhases=sleep\n", "Count" },
    { "[Workload]\nName=x\nTitle=X\nCategory=io\n[Tasks]\nCount=-2\nPhases=sleep\n", "Count" },
    { "[Workload]\nName=x\nTitle=X\nCategory=io\n[Tasks]\nCount=2\nPhases=dance\n", "dance" },
    { "[Workload]\nName=x\nTitle=X\nCategory=fun\n[Tasks]\nPhases=sleep\n", "Category" },
    { "[Workload]\nName=x\nTitle=X\nCategory=io\nModels=threads;nope\n[Tasks]\nPhases=sleep\n", "nope" },
    { "[Workload]\nTitle=X\nCategory=io\n[Tasks]\nPhases=sleep\n", "Name" },
    { "[Tasks]\nPhases=sleep\n", "[Workload]" },
    { "[Workload]\nName=x\nTitle=X\nCategory=io\n[Tasks]\nCount=2\nIoMs=5x\nPhases=sleep\n", "IoMs" },
    { "[Workload]\nName=x\nTitle=X\nCategory=io\n[Tasks]\nWorkers=many\nPhases=sleep\n", "Workers" },
    { "[Workload]\nName=x\nTitle=X\nCategory=io\n[Tasks]\nWorkers=0\nPhases=sleep\n", "Workers" },
    /* a day's sleep 200,000 times: more than a plan can add up */
    { "[Workload]\nName=x\nTitle=X\nCategory=io\n[Tasks]\nPhases=sleep;sleep\nRepeat=100000\nIoMs=86400000\n", "Repeat" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = NULL;
      g_autoptr(IlWorkload) w = load_text (cases[i].text, &path, &error);

      g_assert_null (w);
      g_assert_error (error, IL_WORKLOAD_ERROR, IL_WORKLOAD_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, path));
      if (strstr (error->message, cases[i].expect) == NULL)
        g_error ("case %u: “%s” does not mention %s", i, error->message, cases[i].expect);
    }
}

/* Bytes from anywhere, not only a file read with a NUL after its end:
 * none at all, and a text whose last byte is its own */
static void
test_bytes_without_a_nul_load (void)
{
  static const char text[] = "[Workload]\nName=x\nTitle=X\nthis is not a key";
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));   /* a copy, without the NUL */
  g_autoptr(GError) error = NULL;
  g_autoptr(IlWorkload) w = il_workload_load_bytes (empty, "empty.workload", &error);

  g_assert_null (w);
  g_assert_error (error, IL_WORKLOAD_ERROR, IL_WORKLOAD_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "[Workload]"));
  g_clear_error (&error);

  w = il_workload_load_bytes (bytes, "broken.workload", &error);
  g_assert_null (w);
  g_assert_error (error, IL_WORKLOAD_ERROR, IL_WORKLOAD_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "line 4"));
}

static void
test_user_file_loads (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(IlWorkload) w = load_text ("[Workload]\nName=mine\nTitle=Mine\nCategory=mixed\n"
                                       "[Tasks]\nCount=4\nPhases=sleep;cpu\nIoMs=10\nCpuMs=5\n",
                                       &path, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (il_workload_get_name (w), ==, "mine");
  g_assert_cmpint (il_workload_get_default_tasks (w), ==, 4);
  g_assert_true (il_workload_uses_cpu (w));
  g_assert_true (il_workload_suits_model (w, "gtask"));
}

/* Workers= gives the tutorial's pool size; the user's --workers wins. */
static void
test_workers_key (void)
{
  const struct { const char *value; gint expect; } cases[] = {
    { NULL, 0 },
    { "5", 5 },
    { "python-default", (gint) MIN (32, il_machine_get_logical_cores () + 4) },
    { "cores", (gint) il_machine_get_logical_cores () },
  };
  g_autoptr(IlWorkload) fetch = il_catalogue_lookup ("fetch-data");
  g_autoptr(IlWorkload) three = il_catalogue_lookup ("three-tasks");
  IlWorkloadParams params = IL_WORKLOAD_PARAMS_INIT, resolved;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = NULL;
      g_autofree char *text = g_strdup_printf ("[Workload]\nName=w\nTitle=W\nCategory=io\n"
                                               "[Tasks]\nPhases=sleep\n%s%s\n",
                                               cases[i].value ? "Workers=" : "",
                                               cases[i].value ? cases[i].value : "");
      g_autoptr(IlWorkload) w = load_text (text, &path, &error);

      g_assert_no_error (error);
      g_assert_cmpint (il_workload_get_default_workers (w), ==, cases[i].expect);
      il_workload_resolve_params (w, NULL, &resolved);
      g_assert_cmpint (resolved.workers, ==, cases[i].expect);
    }

  /* The tutorials' own: ThreadPoolExecutor(max_workers=5) in seed 001,
   * ThreadPoolExecutor() in seed 004 */
  g_assert_cmpint (il_workload_get_default_workers (fetch), ==, 5);
  g_assert_cmpint (il_workload_get_default_workers (three), ==, MIN (32, il_machine_get_logical_cores () + 4));
  params.workers = 3;
  il_workload_resolve_params (fetch, &params, &resolved);
  g_assert_cmpint (resolved.workers, ==, 3);
}

static void
test_missing_file_and_unknown_name (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IlWorkload) w = il_workload_find ("/nonexistent/x.workload", &error);

  g_assert_null (w);
  g_assert_error (error, IL_WORKLOAD_ERROR, IL_WORKLOAD_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (il_workload_find ("bogus", &error));
  g_assert_nonnull (strstr (error->message, "bogus"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/workload/catalogue-has-seed-workloads", test_catalogue_has_seed_workloads);
  g_test_add_func ("/engine/workload/random-squares-plan-follows-seed-002", test_random_squares_plan);
  g_test_add_func ("/engine/workload/corrupt-files-name-the-problem", test_corrupt_files_name_the_problem);
  g_test_add_func ("/engine/workload/bytes-without-a-nul-load", test_bytes_without_a_nul_load);
  g_test_add_func ("/engine/workload/user-file-loads", test_user_file_loads);
  g_test_add_func ("/engine/workload/workers-key-gives-the-tutorials-pool", test_workers_key);
  g_test_add_func ("/engine/workload/missing-file-and-unknown-name", test_missing_file_and_unknown_name);

  return g_test_run ();
}
