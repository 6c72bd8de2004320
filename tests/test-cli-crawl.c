/* test-cli-crawl.c — the command line's crawl and serve-site */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "il-demo-site.h"
#include "il-workload.h"
#include "misbehaving-server.h"

static const char *
interleave_bin (void)
{
  const char *bin = g_getenv ("INTERLEAVE_BIN");

  if (bin == NULL)
    g_test_skip ("INTERLEAVE_BIN is not set");
  return bin;
}

static int
run_cli (const char * const *argv,
         char              **out,
         char              **err)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (proc);
}

static void
test_cli_crawls_offline (void)
{
  const char *bin = interleave_bin ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *runs;

  if (bin == NULL)
    return;
  {
    const char * const argv[] = { bin, "run", "web-crawl", "--max-pages", "20", "-m", "async,threads",
                                  "--json", "-", NULL };

    g_assert_cmpint (run_cli (argv, &out, &err), ==, 0);
  }
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  runs = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "runs");
  g_assert_cmpuint (json_array_get_length (runs), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *r = json_array_get_object_element (runs, i);

      g_assert_cmpint (json_object_get_int_member (r, "tasks_ok"), ==, 20);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (r, "tasks")), ==, 20);
    }
  /* The workload block says the numbers used: the pages crawled (not the
   * one start task), the demo site's latency, and no CPU or seed figure */
  {
    JsonObject *workload = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                                          "workload");
    JsonObject *crawl = json_object_get_object_member (workload, "crawl");
    g_autoptr(IlWorkload) w = il_catalogue_lookup ("web-crawl");

    g_assert_cmpint (json_object_get_int_member (workload, "tasks"), ==, 20);
    g_assert_cmpint (json_object_get_int_member (workload, "io_ms"), ==, il_workload_get_default_io_ms (w));
    g_assert_true (json_object_get_null_member (workload, "cpu_ms"));
    g_assert_cmpint (json_object_get_int_member (crawl, "max_pages"), ==, 20);
    g_assert_cmpint (json_object_get_int_member (crawl, "pages_crawled"), ==, 20);
    g_assert_true (json_object_get_boolean_member (crawl, "demo_site"));
    g_assert_true (g_str_has_prefix (json_object_get_string_member (crawl, "start_url"), "http://127.0.0.1:"));
  }
  /* The summary on stderr (stdout holds the JSON) says how time split */
  g_assert_nonnull (strstr (err, "Waiting"));
  g_assert_nonnull (strstr (err, "parsing"));
  g_assert_nonnull (strstr (err, "seed 002: 0.29 s waiting, 0.03 s parsing"));
}

static void
test_cli_crawls_a_given_url (void)
{
  const char *bin = interleave_bin ();
  g_autoptr(GError) error = NULL;
  g_autoptr(IlMisbehavingServer) server = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (bin == NULL)
    return;
  server = il_misbehaving_server_new (&error);
  g_assert_no_error (error);
  {
    const char * const argv[] = { bin, "run", "web-crawl", "--url", il_misbehaving_server_get_url (server),
                                  "-m", "async", NULL };

    g_assert_cmpint (run_cli (argv, &out, &err), ==, 0);
  }
  /* The failures are counted with their reasons */
  g_assert_nonnull (strstr (out, "pages failed:"));
  g_assert_nonnull (strstr (out, "HTTP 500 Internal Server Error"));
  g_assert_nonnull (strstr (out, "redirect loop"));
}

/* --allow-other-hosts: "localhost" is another host than "127.0.0.1", though
 * it is the same server (it resolves from /etc/hosts: nothing leaves the
 * machine). */
/* The links a page gave beyond the caps: per page task and per run in the
 * JSON, the same under every model, and in the summary */
static void
test_cli_counts_dropped_links (void)
{
  const char *bin = interleave_bin ();
  const gint64 expected = IL_MISBEHAVING_MANY_LINKS - 65536 + IL_MISBEHAVING_LONG_HREFS;
  g_autoptr(GError) error = NULL;
  g_autoptr(IlMisbehavingServer) server = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *url = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *line = NULL;
  JsonArray *runs;

  if (bin == NULL)
    return;
  server = il_misbehaving_server_new (&error);
  g_assert_no_error (error);
  url = g_strdup_printf ("%smany-links.html", il_misbehaving_server_get_url (server));
  {
    const char * const argv[] = { bin, "run", "web-crawl", "--url", url, "--max-pages", "1",
                                  "-m", "threads,async,process-pool", "--json", "-", NULL };

    g_assert_cmpint (run_cli (argv, &out, &err), ==, 0);
  }
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  runs = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "runs");
  g_assert_cmpuint (json_array_get_length (runs), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *r = json_array_get_object_element (runs, i);
      JsonArray *tasks = json_object_get_array_member (r, "tasks");

      g_assert_cmpint (json_object_get_int_member (r, "links_dropped"), ==, expected);
      g_assert_cmpuint (json_array_get_length (tasks), ==, 1);
      g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (tasks, 0), "links_dropped"),
                       ==, expected);
    }
  line = g_strdup_printf ("%" G_GINT64_FORMAT " links dropped (over 65536 on a page or longer than 4000 bytes)",
                          expected);
  g_assert_nonnull (strstr (err, line));
}

static void
test_cli_allow_other_hosts (void)
{
  const char *bin = interleave_bin ();
  g_autoptr(GError) error = NULL;
  g_autoptr(IlMisbehavingServer) server = NULL;
  g_autofree char *start = NULL;

  if (bin == NULL)
    return;
  server = il_misbehaving_server_new (&error);
  g_assert_no_error (error);
  start = g_strconcat (il_misbehaving_server_get_url (server), "hosts.html", NULL);
  for (guint other = 0; other <= 1; other++)
    {
      const char * const argv[] = { bin, "run", "web-crawl", "--url", start, "-m", "async", "--json", "-",
                                    other ? "--allow-other-hosts" : NULL, NULL };
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      JsonObject *r;

      g_assert_cmpint (run_cli (argv, &out, &err), ==, 0);
      g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
      g_assert_no_error (error);
      r = json_array_get_object_element (json_object_get_array_member (
                                           json_node_get_object (json_parser_get_root (parser)), "runs"), 0);
      /* hosts.html and its leaf; with other hosts, the leaf at localhost too */
      g_assert_cmpint (json_object_get_int_member (r, "tasks_ok"), ==, other ? 3 : 2);
      g_assert_cmpint (json_object_get_int_member (r, "tasks_failed"), ==, 0);
    }
}

static void
test_cli_malformed_url_exits_2 (void)
{
  const char *bin = interleave_bin ();
  const char * const urls[] = { "http://exa mple.org/", "ftp://example.org/", "example.org", "http://" };

  if (bin == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      const char * const argv[] = { bin, "run", "web-crawl", "--url", urls[i], NULL };
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_assert_cmpint (run_cli (argv, &out, &err), ==, 2);
      g_assert_nonnull (strstr (err, "--url"));
      g_assert_cmpuint (strchr (err, '\n') - err + 1, ==, strlen (err));
    }
}

static void
on_line (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(char **) user_data = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source),
                                                                    result, NULL, NULL);
  if (*(char **) user_data == NULL)
    *(char **) user_data = g_strdup ("");
}

static gboolean
on_timeout (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
test_cli_serve_site_answers (void)
{
  const char *bin = interleave_bin ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *url = NULL;
  gboolean timed_out = FALSE;
  guint timeout_id;

  if (bin == NULL)
    return;
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                           bin, "serve-site", "--port", "0", "--pages", "5", "--latency-ms", "1", NULL);
  g_assert_no_error (error);

  /* Its first line is the address it serves */
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
  g_data_input_stream_read_line_async (lines, G_PRIORITY_DEFAULT, NULL, on_line, &url);
  timeout_id = g_timeout_add_seconds (10, on_timeout, &timed_out);
  while (url == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout_id);
  g_assert_false (timed_out);
  g_assert_true (g_str_has_prefix (url, "http://127.0.0.1:"));

  session = soup_session_new ();
  msg = soup_message_new ("GET", url);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_nonnull (strstr (g_bytes_get_data (body, NULL), "4.html"));

  g_subprocess_send_signal (proc, SIGTERM);
  g_subprocess_wait (proc, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
}

static void
test_cli_serve_site_rejects_bad_numbers (void)
{
  const char *bin = interleave_bin ();
  const char * const bad[][3] = {
    { "--port", "70000", NULL }, { "--pages", "0", NULL }, { "--latency-ms", "-1", NULL },
    { "--links", "x", NULL }, { "extra", NULL, NULL },
  };

  if (bin == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      const char * const argv[] = { bin, "serve-site", bad[i][0], bad[i][1], NULL };
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_assert_cmpint (run_cli (argv, &out, &err), ==, 2);
      g_assert_cmpuint (strchr (err, '\n') - err + 1, ==, strlen (err));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/crawl/web-crawl-works-offline", test_cli_crawls_offline);
  g_test_add_func ("/cli/crawl/url-is-crawled-failures-counted", test_cli_crawls_a_given_url);
  g_test_add_func ("/cli/crawl/malformed-url-exits-2", test_cli_malformed_url_exits_2);
  g_test_add_func ("/cli/crawl/allow-other-hosts", test_cli_allow_other_hosts);
  g_test_add_func ("/cli/crawl/dropped-links-counted", test_cli_counts_dropped_links);
  g_test_add_func ("/cli/serve-site/answers-a-request", test_cli_serve_site_answers);
  g_test_add_func ("/cli/serve-site/bad-numbers-exit-2", test_cli_serve_site_rejects_bad_numbers);

  return g_test_run ();
}
