/* test-limits.c — hostile and huge input is bounded, refused or contained
 *
 * Each case was a defect: a workload "file" that never ends, a crawl that
 * wandered to another port of its host, a calibration cache that made CPU
 * work free or deaf to cancellation, an empty model list taken for a
 * failed run.
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <glib/gstdio.h>

#include "il-cpuwork.h"
#include "il-crawler.h"
#include "il-exec.h"
#include "il-links.h"
#include "il-run.h"
#include "il-workload.h"

/* ------------------------------------------------------------------------ */
/* Workload files */

static void
test_a_workload_file_is_read_with_a_cap (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IlWorkload) workload = NULL;
  gint64 t0 = g_get_monotonic_time ();

  if (!g_file_test ("/dev/zero", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no /dev/zero");
      return;
    }
  /* It says its size is 0, and never ends */
  workload = il_workload_load_file ("/dev/zero", &error);
  g_assert_null (workload);
  g_assert_error (error, IL_WORKLOAD_ERROR, IL_WORKLOAD_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "/dev/zero"));
  g_assert_cmpint (g_get_monotonic_time () - t0, <, 10 * G_USEC_PER_SEC);
}

static void
test_a_workload_file_at_the_cap_is_read (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-limits-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "big.workload", NULL);
  g_autoptr(GString) text = g_string_new ("[Workload]\nName=big\nTitle=Big\nCategory=io\n"
                                          "[Tasks]\nCount=1\nPhases=sleep\nIoMs=1\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(IlWorkload) workload = NULL;

  /* Comments up to the cap exactly */
  while (text->len < IL_WORKLOAD_MAX_FILE_BYTES - 80)
    g_string_append (text, "# a comment line that only takes room in the file\n");
  while (text->len < IL_WORKLOAD_MAX_FILE_BYTES - 1)
    g_string_append_c (text, '#');
  g_string_append_c (text, '\n');
  g_assert_cmpuint (text->len, ==, IL_WORKLOAD_MAX_FILE_BYTES);
  g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));
  workload = il_workload_load_file (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (workload);
  g_clear_pointer (&workload, il_workload_unref);

  /* One byte more is refused */
  g_string_append_c (text, '\n');
  g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));
  workload = il_workload_load_file (path, &error);
  g_assert_null (workload);
  g_assert_error (error, IL_WORKLOAD_ERROR, IL_WORKLOAD_ERROR_INVALID);
  g_unlink (path);
  g_rmdir (dir);
}

/* ------------------------------------------------------------------------ */
/* The crawl stays on its start page's origin */

static IlCrawler *
new_crawler (const char *start,
             gboolean    other_hosts)
{
  IlCrawlSettings settings = { 0, };
  g_autoptr(GError) error = NULL;
  IlCrawler *crawler;

  settings.start_url = (char *) start;
  settings.max_pages = 100;
  settings.allow_other_hosts = other_hosts;
  settings.max_connections = 4;
  settings.max_connections_per_host = 2;
  settings.timeout_ms = 1000;
  settings.max_body_bytes = 1024 * 1024;
  settings.max_redirects = 3;
  crawler = il_crawler_new (&settings, 0, &error);
  g_assert_no_error (error);
  il_crawler_claim (crawler, il_crawler_get_start_url (crawler));
  return crawler;
}

static GPtrArray *
admit (IlCrawler  *crawler,
       const char *first,
       ...)
{
  g_autoptr(GPtrArray) urls = g_ptr_array_new ();
  va_list args;

  va_start (args, first);
  for (const char *url = first; url != NULL; url = va_arg (args, const char *))
    g_ptr_array_add (urls, (gpointer) url);
  va_end (args);
  return il_crawler_admit (crawler, urls);
}

static gboolean
redirect_allowed (IlCrawler  *crawler,
                  const char *url)
{
  const IlHttpOptions *http = il_crawler_get_http_options (crawler);

  return http->redirect (http->redirect_data, url);
}

static void
test_the_crawl_stays_on_its_origin (void)
{
  IlCrawler *crawler = new_crawler ("http://127.0.0.1:18431/", FALSE);
  g_autoptr(GPtrArray) admitted = NULL;

  admitted = admit (crawler,
                    "http://127.0.0.1:18431/a.html",      /* the same origin */
                    "http://127.0.0.1:18432/b.html",      /* another port */
                    "https://127.0.0.1:18431/c.html",     /* another scheme */
                    "http://127.0.0.1/d.html",            /* port 80 */
                    "http://localhost:18431/e.html",      /* another host name */
                    NULL);
  g_assert_cmpuint (admitted->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (admitted, 0), ==, "http://127.0.0.1:18431/a.html");

  /* Redirects follow the same rule */
  g_assert_true (redirect_allowed (crawler, "http://127.0.0.1:18431/moved.html"));
  g_assert_false (redirect_allowed (crawler, "http://127.0.0.1:18432/moved.html"));
  il_crawler_free (crawler);

  /* A default port written out is the same origin */
  crawler = new_crawler ("http://example.org/", FALSE);
  g_clear_pointer (&admitted, g_ptr_array_unref);
  admitted = admit (crawler, "http://example.org:80/x.html", "http://example.org:8080/y.html", NULL);
  g_assert_cmpuint (admitted->len, ==, 1);
  il_crawler_free (crawler);

  /* --allow-other-hosts: every origin */
  crawler = new_crawler ("http://127.0.0.1:18431/", TRUE);
  g_clear_pointer (&admitted, g_ptr_array_unref);
  admitted = admit (crawler, "http://127.0.0.1:18432/b.html", "https://127.0.0.1:18431/c.html", NULL);
  g_assert_cmpuint (admitted->len, ==, 2);
  g_assert_true (redirect_allowed (crawler, "http://127.0.0.1:18433/moved.html"));
  il_crawler_free (crawler);
}

/* ------------------------------------------------------------------------ */
/* Links: one cap for every model */

static void
test_a_page_gives_at_most_so_many_links_so_long (void)
{
  g_autoptr(GString) html = g_string_new ("<html><head><base href=\"http://h.example/");
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(GError) error = NULL;
  guint dropped = 0;

  /* A base of 5,000 bytes: every link relative to it would be longer */
  for (guint i = 0; i < 5000; i++)
    g_string_append_c (html, 'b');
  g_string_append (html, "/\"></head><body>\n");
  for (guint i = 0; i < 1000; i++)
    g_string_append_printf (html, "<a href=\"rel/%u.html\">r</a>\n", i);
  /* More absolute links than a page may give */
  for (guint i = 0; i < IL_LINKS_MAX_PER_PAGE + 500; i++)
    g_string_append_printf (html, "<a href=\"http://h.example/p/%u.html\">p</a>\n", i);
  g_string_append (html, "</body></html>\n");

  links = il_links_extract_counted ("http://h.example/", html->str, html->len, "utf-8", &dropped, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (links->len, ==, IL_LINKS_MAX_PER_PAGE);
  g_assert_cmpuint (dropped, ==, 1000 + 500);
  for (guint i = 0; i < links->len; i++)
    g_assert_cmpuint (strlen (g_ptr_array_index (links, i)), <=, IL_LINKS_MAX_URL_BYTES);
  g_assert_cmpstr (g_ptr_array_index (links, 0), ==, "http://h.example/p/0.html");
}

/* ------------------------------------------------------------------------ */
/* The CPU calibration */

static const char *self_path;

/* The figure a fresh process believes, with @cache as its cache folder. */
static guint64
calibration_in_a_new_process (const char *cache)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) sub = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", cache, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "INTERLEAVE_CPU_WORK_PER_MS");
  sub = g_subprocess_launcher_spawn (launcher, &error, self_path, "--print-calibration", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (sub, NULL, NULL, &out, NULL, &error));
  g_assert_true (g_subprocess_get_if_exited (sub));
  g_assert_cmpint (g_subprocess_get_exit_status (sub), ==, 0);
  return g_ascii_strtoull (out, NULL, 10);
}

static void
test_a_calibration_cache_out_of_range_is_measured_again (void)
{
  const char *figures[] = { "1", "1000000000000", "100000000000000000000", "-5" };

  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    {
      g_autofree char *cache = g_dir_make_tmp ("test-limits-XXXXXX", NULL);
      g_autofree char *dir = g_build_filename (cache, "interleave", NULL);
      g_autofree char *path = g_build_filename (dir, "cpu-work.ini", NULL);
      g_autoptr(GKeyFile) kf = g_key_file_new ();
      g_autofree char *stored = NULL;
      guint64 per_ms;

      /* A first process measures and writes the cache, for this machine */
      per_ms = calibration_in_a_new_process (cache);
      g_assert_cmpuint (per_ms, >=, IL_CPU_WORK_MIN_PER_MS);
      g_assert_true (g_key_file_load_from_file (kf, path, G_KEY_FILE_KEEP_COMMENTS, NULL));
      g_assert_cmpuint (g_key_file_get_uint64 (kf, "Calibration", "IterationsPerMs", NULL), ==, per_ms);

      /* The same cache with a figure nobody should believe */
      g_key_file_set_value (kf, "Calibration", "IterationsPerMs", figures[i]);
      g_assert_true (g_key_file_save_to_file (kf, path, NULL));
      per_ms = calibration_in_a_new_process (cache);
      g_assert_cmpuint (per_ms, >=, IL_CPU_WORK_MIN_PER_MS);
      g_assert_cmpuint (per_ms, <=, IL_CPU_WORK_MAX_PER_MS);
      /* Measured again, and the cache holds the new figure */
      g_assert_true (g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, NULL));
      stored = g_key_file_get_value (kf, "Calibration", "IterationsPerMs", NULL);
      g_assert_cmpstr (stored, !=, figures[i]);
      g_assert_cmpuint (g_ascii_strtoull (stored, NULL, 10), ==, per_ms);
      g_unlink (path);
      g_rmdir (dir);
      g_rmdir (cache);
    }
}

/* A figure in range but not this machine's (ten times too fast or too
 * slow: a copied cache, or one measured on a busy machine) is checked at
 * start-up and measured again. */
static void
test_a_calibration_cache_that_disagrees_is_measured_again (void)
{
  const guint64 factors[][2] = { { 10, 1 }, { 1, 10 } };   /* × numerator / denominator */

  for (guint i = 0; i < G_N_ELEMENTS (factors); i++)
    {
      g_autofree char *cache = g_dir_make_tmp ("test-limits-XXXXXX", NULL);
      g_autofree char *dir = g_build_filename (cache, "interleave", NULL);
      g_autofree char *path = g_build_filename (dir, "cpu-work.ini", NULL);
      g_autoptr(GKeyFile) kf = g_key_file_new ();
      guint64 measured, wrong, per_ms;

      measured = calibration_in_a_new_process (cache);
      wrong = measured * factors[i][0] / factors[i][1];
      g_assert_true (wrong >= IL_CPU_WORK_MIN_PER_MS && wrong <= IL_CPU_WORK_MAX_PER_MS);
      g_assert_true (g_key_file_load_from_file (kf, path, G_KEY_FILE_KEEP_COMMENTS, NULL));
      g_key_file_set_uint64 (kf, "Calibration", "IterationsPerMs", wrong);
      g_assert_true (g_key_file_save_to_file (kf, path, NULL));

      per_ms = calibration_in_a_new_process (cache);
      g_assert_cmpuint (per_ms, !=, wrong);
      /* within a factor of three of the first measurement: the machine is
       * the same, only busier or quieter */
      g_assert_cmpuint (per_ms, >, measured / 3);
      g_assert_cmpuint (per_ms, <, measured * 3);
      g_unlink (path);
      g_rmdir (dir);
      g_rmdir (cache);
    }
}

static gboolean
is_set (gpointer data)
{
  return g_atomic_int_get ((gint *) data);
}

typedef struct {
  IlExecContext ctx;
  gboolean      ok;
} Work;

static gpointer
compute (gpointer data)
{
  Work *work = data;

  work->ok = il_exec_compute (&work->ctx, 30 * G_GINT64_CONSTANT (1000000000));
  return NULL;
}

static void
test_cpu_work_hears_a_cancel_whatever_the_calibration (void)
{
  gint stop = 0;
  IlCancel cancel = { is_set, &stop, -1, NULL };
  Work work = { { 0, }, TRUE };
  GThread *thread;
  gint64 t0;

  /* The most a calibration may say: one slice is half of it */
  il_cpu_work_set_per_ms (G_MAXUINT64);
  g_assert_cmpuint (il_cpu_work_per_ms (), ==, IL_CPU_WORK_MAX_PER_MS);
  work.ctx.cancel = &cancel;
  work.ctx.state = 1;
  thread = g_thread_new ("compute", compute, &work);
  g_usleep (50000);
  t0 = g_get_monotonic_time ();
  g_atomic_int_set (&stop, 1);
  g_thread_join (thread);
  g_assert_false (work.ok);
  /* Within a chunk of work: far less than a second, even on a slow machine */
  g_assert_cmpint (g_get_monotonic_time () - t0, <, G_USEC_PER_SEC);
}

/* ------------------------------------------------------------------------ */
/* The command line */

/* Runs the program; a usage error: exit 2, nothing on stdout, one line
 * on stderr naming @culprit, nothing written. */
static void
check_usage_error (const char *culprit,
                   ...)
{
  const char *bin = g_getenv ("INTERLEAVE_BIN");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) sub = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  va_list args;

  if (bin == NULL)
    {
      g_test_skip ("needs INTERLEAVE_BIN");
      return;
    }
  g_ptr_array_add (argv, (gpointer) bin);
  va_start (args, culprit);
  for (const char *arg = va_arg (args, const char *); arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  sub = g_subprocess_newv ((const char * const *) argv->pdata,
                           G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (sub, NULL, NULL, &out, &err, &error));
  g_assert_cmpint (g_subprocess_get_exit_status (sub), ==, 2);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, culprit));
  g_assert_nonnull (strchr (err, '\n'));
  g_assert_null (strchr (strchr (err, '\n') + 1, '\n'));
}

static void
test_an_empty_model_list_is_a_usage_error (void)
{
  check_usage_error ("--models", "run", "three-tasks", "-m", "", NULL);
}

static void
test_too_many_tasks_for_a_model_is_a_usage_error (void)
{
  /* 32,000 threads exhausted the kernel's mappings and crashed */
  check_usage_error ("at most 10000 tasks under threads", "run", "three-tasks", "--io-ms", "0",
                     "--tasks", "1000000", "-m", "sequential,threads", NULL);
  check_usage_error ("--max-pages: at most 1000 tasks under processes", "run", "web-crawl",
                     "--max-pages", "5000", "-m", "processes", NULL);
}

static void
test_a_run_over_its_model_s_limit_fails_before_it_starts (void)
{
  g_autoptr(IlWorkload) workload = il_catalogue_lookup ("three-tasks");
  IlWorkloadParams params = IL_WORKLOAD_PARAMS_INIT;
  g_autoptr(IlRun) run = NULL;
  g_autoptr(GError) error = NULL;

  params.tasks = IL_MODEL_MAX_PROCESS_TASKS + 1;
  params.io_ms = 0;
  run = il_run_new (workload, &params, IL_MODEL_PROCESSES);
  g_assert_false (il_run_execute (run, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "processes"));
  g_assert_cmpuint (il_trace_get_n_tasks (il_run_get_trace (run)), ==, 0);
}

static void
test_a_picture_too_large_is_a_usage_error (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-limits-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "big.png", NULL);

  /* 4 GiB of pixels before; at most 64 million now */
  check_usage_error ("64 million", "run", "three-tasks", "--io-ms", "1", "--width", "16384",
                     "--height", "16384", "-o", png, NULL);
  check_usage_error ("--width", "run", "three-tasks", "--io-ms", "1", "--width", "16385", "-o", png, NULL);
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
  g_rmdir (dir);
}

static void
test_nothing_from_a_file_reaches_the_terminal_raw (void)
{
  const char *bin = g_getenv ("INTERLEAVE_BIN");
  g_autofree char *dir = g_dir_make_tmp ("test-limits-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "hostile.workload", NULL);
  g_autofree char *json = g_build_filename (dir, "summary.json", NULL);
  g_autoptr(GSubprocess) sub = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  const char *text =
    "[Workload]\nName=hostile\nTitle=Evil \033]0;PWNED\007 title\nCategory=io\n"
    "LookFor=Clear \033[2J the screen\\nand ring \007 the bell\n"
    "[Tasks]\nCount=1\nPhases=sleep\nIoMs=1\n";
  JsonObject *workload;

  if (bin == NULL)
    {
      g_test_skip ("needs INTERLEAVE_BIN");
      return;
    }
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  sub = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                          bin, "run", path, "-m", "sequential", "--json", json, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (sub, NULL, NULL, &out, NULL, &error));
  g_assert_cmpint (g_subprocess_get_exit_status (sub), ==, 0);
  /* Shown, not obeyed */
  g_assert_null (strchr (out, '\033'));
  g_assert_null (strchr (out, '\007'));
  g_assert_nonnull (strstr (out, "Evil \\x1b]0;PWNED\\x07 title"));
  g_assert_nonnull (strstr (out, "\\x1b[2J"));
  /* The JSON keeps the text exactly */
  g_assert_true (json_parser_load_from_file (parser, json, &error));
  workload = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "workload");
  g_assert_cmpstr (json_object_get_string_member (workload, "title"), ==, "Evil \033]0;PWNED\007 title");
  g_unlink (path);
  g_unlink (json);
  g_rmdir (dir);
}

static gboolean
wait_exited (GSubprocess *sub,
             guint        ms)
{
  for (guint waited = 0; waited < ms; waited += 20)
    {
      if (g_subprocess_get_identifier (sub) == NULL)
        return TRUE;
      g_usleep (20000);
      g_main_context_iteration (NULL, FALSE);
    }
  return g_subprocess_get_identifier (sub) == NULL;
}

/* Writing a JSON summary into a pipe nobody reads blocks for ever: one
 * Ctrl+C is counted, a second ends the program at once (130). */
static void
test_a_second_ctrl_c_ends_the_writing_at_once (void)
{
  const char *bin = g_getenv ("INTERLEAVE_BIN");
  g_autofree char *dir = g_dir_make_tmp ("test-limits-XXXXXX", NULL);
  g_autofree char *fifo = g_build_filename (dir, "summary.json", NULL);
  g_autoptr(GSubprocess) sub = NULL;
  g_autoptr(GError) error = NULL;

  if (bin == NULL)
    {
      g_test_skip ("needs INTERLEAVE_BIN");
      return;
    }
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  sub = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                          bin, "run", "three-tasks", "--io-ms", "5", "-m", "sequential",
                          "--json", fifo, NULL);
  g_assert_no_error (error);
  /* The run takes 15 ms: then it waits for a reader of the pipe */
  g_assert_false (wait_exited (sub, 1500));
  g_subprocess_send_signal (sub, SIGINT);
  g_assert_false (wait_exited (sub, 300));
  g_subprocess_send_signal (sub, SIGINT);
  g_assert_true (wait_exited (sub, 5000));
  g_assert_true (g_subprocess_get_if_exited (sub));
  g_assert_cmpint (g_subprocess_get_exit_status (sub), ==, 130);
  g_unlink (fifo);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 2 && strcmp (argv[1], "--print-calibration") == 0)
    {
      g_print ("%" G_GUINT64_FORMAT "\n", il_cpu_work_per_ms ());
      return 0;
    }
  self_path = argv[0];
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/limits/workload/a-file-is-read-with-a-cap", test_a_workload_file_is_read_with_a_cap);
  g_test_add_func ("/limits/workload/a-file-at-the-cap-is-read", test_a_workload_file_at_the_cap_is_read);
  g_test_add_func ("/limits/crawl/the-crawl-stays-on-its-origin", test_the_crawl_stays_on_its_origin);
  g_test_add_func ("/limits/links/a-page-gives-at-most-so-many-links-so-long",
                   test_a_page_gives_at_most_so_many_links_so_long);
  g_test_add_func ("/limits/cpu/a-calibration-cache-out-of-range-is-measured-again",
                   test_a_calibration_cache_out_of_range_is_measured_again);
  g_test_add_func ("/limits/cpu/a-calibration-cache-that-disagrees-is-measured-again",
                   test_a_calibration_cache_that_disagrees_is_measured_again);
  g_test_add_func ("/limits/cpu/work-hears-a-cancel-whatever-the-calibration",
                   test_cpu_work_hears_a_cancel_whatever_the_calibration);
  g_test_add_func ("/limits/cli/nothing-from-a-file-reaches-the-terminal-raw",
                   test_nothing_from_a_file_reaches_the_terminal_raw);
  g_test_add_func ("/limits/cli/too-many-tasks-for-a-model-is-a-usage-error",
                   test_too_many_tasks_for_a_model_is_a_usage_error);
  g_test_add_func ("/limits/run/a-run-over-its-model-s-limit-fails-before-it-starts",
                   test_a_run_over_its_model_s_limit_fails_before_it_starts);
  g_test_add_func ("/limits/cli/a-picture-too-large-is-a-usage-error",
                   test_a_picture_too_large_is_a_usage_error);
  g_test_add_func ("/limits/cli/a-second-ctrl-c-ends-the-writing-at-once",
                   test_a_second_ctrl_c_ends_the_writing_at_once);
  g_test_add_func ("/limits/cli/an-empty-model-list-is-a-usage-error",
                   test_an_empty_model_list_is_a_usage_error);

  return g_test_run ();
}
