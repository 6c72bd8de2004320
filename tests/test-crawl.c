/* test-crawl.c — links, the demo site, the crawl under every model, a
 * misbehaving server, and the command line's crawl and serve-site */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "il-crawler.h"
#include "il-links.h"
#include "il-demo-site.h"
#include "il-run.h"
#include "il-workload.h"
#include "il-test-util.h"
#include "misbehaving-server.h"

static const IlModel thread_and_loop_models[] = {
  IL_MODEL_SEQUENTIAL, IL_MODEL_THREADS, IL_MODEL_THREAD_POOL, IL_MODEL_GTASK,
  IL_MODEL_ASYNC, IL_MODEL_ASYNC_EXECUTOR,
};

/* These need the worker program: INTERLEAVE_WORKER (see tests/meson.build). */
static const IlModel process_models[] = { IL_MODEL_PROCESSES, IL_MODEL_PROCESS_POOL };
static const IlModel pool_model[] = { IL_MODEL_PROCESS_POOL };

static IlWorkload *
crawl_workload (guint  site_pages,
                guint  site_links,
                gint64 io_ms,
                guint  max_pages,
                gint64 timeout_ms)
{
  g_autofree char *text = g_strdup_printf (
    "[Workload]\nName=test-crawl\nTitle=Test crawl\nCategory=network\n"
    "Models=sequential;threads;thread-pool;gtask;async;async-executor;processes;process-pool\n"
    "[Tasks]\nPhases=http;parse\nIoMs=%" G_GINT64_FORMAT "\n"
    "[Crawl]\nMaxPages=%u\nTimeoutMs=%" G_GINT64_FORMAT "\nSitePages=%u\nSiteLinks=%u\nSiteJitterMs=1\n"
    "MaxConnectionsPerHost=8\n",
    io_ms, max_pages, timeout_ms, site_pages, site_links);
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;
  IlWorkload *workload = il_workload_load_bytes (bytes, "test-crawl", &error);

  g_assert_no_error (error);
  return workload;
}

static IlRun *
crawl_hosts (IlWorkload *workload,
             IlModel     model,
             const char *url,
             gint        max_pages,
             gboolean    other_hosts)
{
  IlWorkloadParams params = IL_WORKLOAD_PARAMS_INIT;
  g_autoptr(GError) error = NULL;
  IlRun *run;

  params.workers = 4;
  run = il_run_new (workload, &params, model);
  il_run_set_crawl (run, url, max_pages, other_hosts);
  g_assert_true (il_run_execute (run, NULL, &error));
  g_assert_no_error (error);
  return run;
}

static IlRun *
crawl (IlWorkload *workload,
       IlModel     model,
       const char *url,
       gint        max_pages)
{
  return crawl_hosts (workload, model, url, max_pages, FALSE);
}

static void
assert_lanes_end_with_markers (IlTraceSnapshot *snap)
{
  for (guint i = 0; i < snap->n_tasks; i++)
    {
      const IlTaskSnapshot *t = &snap->tasks[i];

      g_assert_true (t->finished);
      g_assert_cmpint (t->segments[0].start_ns, ==, t->submitted_ns);
      for (guint s = 1; s < t->n_segments; s++)
        g_assert_cmpint (t->segments[s].start_ns, ==, t->segments[s - 1].end_ns);
      g_assert_true (il_state_is_terminal (t->segments[t->n_segments - 1].state));
    }
}

/* ------------------------------------------------------------------------ */
/* Links */

static void
assert_links (GPtrArray          *links,
              const char * const *expected)
{
  guint n = g_strv_length ((char **) expected);

  for (guint i = 0; i < MIN (links->len, n); i++)
    g_assert_cmpstr (g_ptr_array_index (links, i), ==, expected[i]);
  g_assert_cmpuint (links->len, ==, n);
}

static void
test_extract_links (void)
{
  static const char html[] =
    "<html><head><title>t</title><base href=\"/docs/\"></head><body>\n"
    "<a href=\"intro.html\">relative, through the base</a>\n"
    "<a href=\"/about\">absolute path</a>\n"
    "<a href=\"HTTP://Example.ORG:80/x#frag\">scheme, host, port, fragment</a>\n"
    "<a href=\"https://www.example.org/logarithms/?ref=outind\">seed 002's tail</a>\n"
    "<a href=\"/about?ref=rp\">the same page again</a>\n"
    "<a href=\"/search?q=1\">a query that stays</a>\n"
    "<a href=\"#top\">fragment only: the base itself</a>\n"
    "<a href=\"mailto:a@example.org\">mail</a> <a href=\"javascript:void(0)\">js</a>\n"
    "<a href=\"data:text/html,x\">data</a> <a href=\"ftp://example.org/f\">ftp</a>\n"
    "<a name=\"anchor\">no href</a> <a href=\"http://[::1\">not a URL</a>\n"
    "<a href=\"  //other.example.net/p  \">protocol-relative, spaces</a>\n"
    "</body></html>\n";
  const char * const expected[] = {
    "http://site.example/docs/intro.html",
    "http://site.example/about",
    "http://example.org/x",
    "https://www.example.org/logarithms/",
    "http://site.example/search?q=1",
    "http://site.example/docs/",
    "http://other.example.net/p",
    NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) links = il_links_extract ("http://site.example/a/page.html", html,
                                                          strlen (html), NULL, &error);

  g_assert_no_error (error);
  assert_links (links, expected);
}

/* The reply's charset decides how the bytes of an href are read */
static void
test_extract_links_in_the_replys_charset (void)
{
  static const char html[] = "<p><a href=\"/\xc3\xbc.html\">u</a> <a href=\"a b.html\">space</a>";
  const char * const expected[] = { "http://h.example/%C3%BC.html", "http://h.example/a%20b.html", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) links = il_links_extract ("http://h.example/", html, strlen (html), "utf-8", &error);
  /* The reply's charset wins over the page's own <meta>, as HTTP says */
  static const char meta[] = "<html><head><meta charset=\"iso-8859-1\"></head>"
                             "<body><a href=\"/caf\xc3\xa9\">cafe</a></body></html>";
  const char * const expected_meta[] = { "http://h.example/caf%C3%A9", NULL };
  g_autoptr(GPtrArray) meta_links = NULL;

  g_assert_no_error (error);
  assert_links (links, expected);

  meta_links = il_links_extract ("http://h.example/", meta, strlen (meta), "UTF-8", &error);
  g_assert_no_error (error);
  assert_links (meta_links, expected_meta);
}

static void
test_extract_links_from_broken_html (void)
{
  static const char html[] = "<p><b>unclosed <a href=/one>1<<<</b><div><a href='two'>2<table><a href=\"#\">";
  const char * const expected[] = { "http://h.example/one", "http://h.example/d/two",
                                    "http://h.example/d/p", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) links = il_links_extract ("http://h.example/d/p", html, strlen (html), NULL, &error);

  g_assert_no_error (error);
  assert_links (links, expected);

  /* Nothing libxml2 can make a document of */
  g_clear_pointer (&links, g_ptr_array_unref);
  links = il_links_extract ("http://h.example/", "", 0, NULL, &error);
  g_assert_null (links);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "malformed HTML"));
}

static void
test_normalise (void)
{
  g_autofree char *a = il_links_normalise_url ("HTTPS://WWW.Example.org:443");
  g_autofree char *b = il_links_normalise_url ("http://example.org/p/?ref=outind#x");
  g_autofree char *c = il_links_normalise_url ("mailto:x@example.org");
  g_autofree char *d = il_links_normalise_url ("not a url");
  g_autofree char *e = il_links_normalise_url ("HTTP://Me@Example.ORG:8080/Path%20A?Q=1");
  g_autofree char *f = il_links_normalise_url ("http://[::1]:8080/x#top");

  g_assert_cmpstr (e, ==, "http://Me@example.org:8080/Path%20A?Q=1");
  g_assert_cmpstr (f, ==, "http://[::1]:8080/x");
  g_assert_cmpstr (a, ==, "https://www.example.org/");
  g_assert_cmpstr (b, ==, "http://example.org/p/");
  g_assert_null (c);
  g_assert_null (d);
}

/* ------------------------------------------------------------------------ */
/* The demo site */

static void
test_demo_site_is_deterministic (void)
{
  IlDemoSiteOptions options;
  g_autoptr(GPtrArray) paths = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *index = NULL;

  il_demo_site_options_init (&options);
  options.pages = 50;
  paths = il_demo_site_list_paths (&options);
  g_assert_cmpuint (paths->len, ==, 51);
  g_assert_cmpstr (g_ptr_array_index (paths, 0), ==, "/");
  a = il_demo_site_render (&options, 7, "127.0.0.1:1");
  b = il_demo_site_render (&options, 7, "127.0.0.1:1");
  g_assert_cmpstr (a, ==, b);
  /* The noise a crawler must handle is there */
  g_assert_nonnull (strstr (a, "?ref=outind"));
  g_assert_nonnull (strstr (a, "mailto:"));
  g_assert_nonnull (strstr (a, "javascript:"));
  g_assert_nonnull (strstr (a, "example.invalid"));
  g_assert_nonnull (strstr (a, "<base href=\"/\">"));
  index = il_demo_site_render (&options, G_MAXUINT, "127.0.0.1:1");
  g_assert_nonnull (strstr (index, "<base href=\"/pages/\">"));
}

/* Replies are held back by their own delay, each released when due,
 * whatever order they came in, side by side. */
typedef struct {
  const char *path;
  guint       delay_ms;
  gint64      sent_us;
  gint64      done_us;
  guint       status;
} HeldRequest;

static void
on_held_reply (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  HeldRequest *request = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);

  g_assert_no_error (error);
  request->done_us = g_get_monotonic_time ();
  request->status = soup_message_get_status (soup_session_get_async_result_message (SOUP_SESSION (source), result));
}

static void
send_held_requests (SoupSession *session,
                    IlDemoSite  *site,
                    HeldRequest *requests,
                    guint        n)
{
  guint left = n;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u%s", il_demo_site_get_port (site), requests[i].path);
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);

      requests[i].sent_us = g_get_monotonic_time ();
      requests[i].done_us = 0;
      soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, on_held_reply, &requests[i]);
    }
  while (left > 0)
    {
      g_main_context_iteration (NULL, TRUE);
      left = 0;
      for (guint i = 0; i < n; i++)
        left += requests[i].done_us == 0;
    }
}

static void
test_demo_site_holds_each_reply_until_due (void)
{
  static const char * const paths[] = {
    "/pages/0.html", "/pages/1.html", "/pages/2.html", "/pages/3.html", "/pages/4.html", "/pages/5.html",
    "/pages/6.html", "/pages/7.html", "/pages/8.html", "/pages/9.html", "/pages/10.html", "/pages/11.html",
  };
  HeldRequest requests[G_N_ELEMENTS (paths)];
  IlDemoSiteOptions options;
  g_autoptr(IlDemoSite) site = NULL;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("max-conns", 64, "max-conns-per-host", 64, NULL);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) leaving = NULL;
  g_autoptr(GError) error = NULL;
  const char *get = "GET /pages/3.html HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  guint min_delay = G_MAXUINT, max_delay = 0, sum_delays = 0, ordered = 0;
  gint64 start;

  il_demo_site_options_init (&options);
  options.pages = 20;
  options.latency_ms = 100;
  options.jitter_ms = 80;
  site = il_demo_site_new_in_thread (&options, 0, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (requests); i++)
    {
      requests[i] = (HeldRequest) { paths[i], il_demo_site_get_delay_ms (&options, paths[i]), 0, 0, 0 };
      g_assert_cmpuint (requests[i].delay_ms, >=, 20);
      g_assert_cmpuint (requests[i].delay_ms, <=, 180);
      min_delay = MIN (min_delay, requests[i].delay_ms);
      max_delay = MAX (max_delay, requests[i].delay_ms);
      sum_delays += requests[i].delay_ms;
    }
  /* The jitter spreads the delays: the queue sees them out of order */
  g_assert_cmpuint (max_delay - min_delay, >=, 60);

  /* A client that asks and leaves at once.  libsoup does not see it leave
   * while its reply is held: the reply is written to a closed connection
   * when due, and the site goes on serving the others. */
  leaving = g_socket_client_connect_to_host (client, "127.0.0.1", (guint16) il_demo_site_get_port (site),
                                             NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (leaving)), get, strlen (get),
                             NULL, NULL, &error);
  g_assert_no_error (error);
  g_io_stream_close (G_IO_STREAM (leaving), NULL, &error);
  g_assert_no_error (error);

  /* Once to open a connection for each request (they are all held at
   * once), then again on those connections, so that every request reaches
   * the site within moments of being sent. */
  send_held_requests (session, site, requests, G_N_ELEMENTS (requests));
  start = g_get_monotonic_time ();
  send_held_requests (session, site, requests, G_N_ELEMENTS (requests));

  for (guint i = 0; i < G_N_ELEMENTS (requests); i++)
    {
      g_assert_cmpuint (requests[i].status, ==, 200);
      /* Never early */
      g_assert_cmpint (requests[i].done_us - requests[i].sent_us, >=, (gint64) requests[i].delay_ms * 1000);
      for (guint j = 0; j < G_N_ELEMENTS (requests); j++)
        if (requests[i].sent_us + requests[i].delay_ms * 1000 + 40000 < requests[j].sent_us + requests[j].delay_ms * 1000)
          {
            /* Due well before: answered before */
            g_assert_cmpint (requests[i].done_us, <, requests[j].done_us);
            ordered++;
          }
    }
  g_assert_cmpuint (ordered, >, 0);
  /* Held side by side, not one after another */
  g_assert_cmpint (g_get_monotonic_time () - start, <, (gint64) sum_delays * 1000);

  g_assert_cmpuint (il_demo_site_get_n_requests (site), ==, 2 * G_N_ELEMENTS (requests) + 1);
}

/* A site stopped while it holds replies back lets them go with their
 * connections at once, and leaks nothing (run under ASan to see). */
static void
test_demo_site_stops_while_holding_replies (void)
{
  IlDemoSiteOptions options;
  IlDemoSite *site;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  const char *get = "GET /pages/1.html HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  char reply[256];
  gssize n;
  gint64 start;

  il_demo_site_options_init (&options);
  options.pages = 5;
  options.latency_ms = 60000;
  site = il_demo_site_new_in_thread (&options, 0, &error);
  g_assert_no_error (error);

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", (guint16) il_demo_site_get_port (site),
                                                NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), get, strlen (get),
                             NULL, NULL, &error);
  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  while (il_demo_site_get_n_requests (site) == 0)
    {
      g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
      g_usleep (1000);
    }

  start = g_get_monotonic_time ();
  il_demo_site_free (site);
  /* Not a minute: the held reply did not hold the site up */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);

  /* The connection was closed without a reply */
  n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)), reply, sizeof reply,
                           NULL, NULL);
  g_assert_cmpint (n, <=, 0);
}

/* The page set a crawl of the demo site made, by task name */
static void
assert_fetched_every_page_once (IlRun                   *run,
                                const IlDemoSiteOptions *options)
{
  g_autoptr(IlTraceSnapshot) snap = il_trace_snapshot (il_run_get_trace (run), 0);
  g_autoptr(GPtrArray) paths = il_demo_site_list_paths (options);
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

  assert_lanes_end_with_markers (snap);
  for (guint i = 0; i < snap->n_tasks; i++)
    {
      if (!snap->tasks[i].ok)
        g_error ("%s: %s failed: %s", il_run_get_title (run), snap->tasks[i].name, snap->tasks[i].error);
      /* Once each */
      g_assert_false (g_hash_table_contains (names, snap->tasks[i].name));
      g_hash_table_add (names, snap->tasks[i].name);
    }
  for (guint i = 0; i < paths->len; i++)
    if (!g_hash_table_contains (names, g_ptr_array_index (paths, i)))
      g_error ("%s: %s was never fetched", il_run_get_title (run), (char *) g_ptr_array_index (paths, i));
  g_assert_cmpuint (snap->n_tasks, ==, paths->len);
}

static void
test_every_model_crawls_the_demo_site (void)
{
  g_autoptr(IlWorkload) workload = crawl_workload (30, 4, 5, 1000, 5000);
  IlDemoSiteOptions options;

  il_demo_site_options_init (&options);
  options.pages = 30;
  options.links = 4;

  for (guint m = 0; m < G_N_ELEMENTS (thread_and_loop_models); m++)
    {
      /* Without a URL: the run starts the built-in site itself */
      g_autoptr(IlRun) run = crawl (workload, thread_and_loop_models[m], NULL, 0);
      const IlRunStats *st = il_run_get_stats (run);

      g_assert_true (g_str_has_prefix (il_run_get_crawl_url (run), "http://127.0.0.1:"));
      assert_fetched_every_page_once (run, &options);
      /* Waiting and parsing were measured */
      g_assert_cmpint (st->io_wait_ns, >, 0);
      g_assert_cmpint (st->running_ns, >, 0);
      g_assert_cmpint (st->ideal_ns, >, 0);
      g_assert_cmpint (st->ideal_ns, <=, st->makespan_ns);
    }
}

static void
test_each_page_is_requested_once (void)
{
  g_autoptr(IlWorkload) workload = crawl_workload (30, 6, 2, 1000, 5000);
  IlDemoSiteOptions options;
  g_autoptr(GError) error = NULL;

  il_demo_site_options_init (&options);
  options.pages = 30;
  options.links = 6;
  options.latency_ms = 2;

  for (guint m = 0; m < G_N_ELEMENTS (thread_and_loop_models); m++)
    {
      g_autoptr(IlDemoSite) site = il_demo_site_new_in_thread (&options, 0, &error);
      g_autoptr(IlRun) run = NULL;

      g_assert_no_error (error);
      run = crawl (workload, thread_and_loop_models[m], il_demo_site_get_url (site), 0);
      assert_fetched_every_page_once (run, &options);
      g_assert_cmpuint (il_demo_site_get_n_requests (site), ==, 31);
    }
}

static void
test_max_pages_caps_the_crawl (void)
{
  g_autoptr(IlWorkload) workload = crawl_workload (100, 8, 2, 1000, 5000);
  IlDemoSiteOptions options;
  g_autoptr(GError) error = NULL;

  il_demo_site_options_init (&options);
  options.pages = 100;
  options.links = 8;
  options.latency_ms = 2;

  for (guint m = 0; m < G_N_ELEMENTS (thread_and_loop_models); m++)
    {
      g_autoptr(IlDemoSite) site = il_demo_site_new_in_thread (&options, 0, &error);
      g_autoptr(IlRun) run = NULL;

      g_assert_no_error (error);
      run = crawl (workload, thread_and_loop_models[m], il_demo_site_get_url (site), 12);
      g_assert_cmpuint (il_run_get_n_tasks (run), ==, 12);
      g_assert_cmpuint (il_run_get_stats (run)->tasks_ok, ==, 12);
      g_assert_cmpuint (il_demo_site_get_n_requests (site), ==, 12);
    }
}

static void
test_invalid_start_url_fails_its_task (void)
{
  g_autoptr(IlWorkload) workload = crawl_workload (10, 2, 1, 100, 5000);

  for (guint m = 0; m < G_N_ELEMENTS (thread_and_loop_models); m++)
    {
      g_autoptr(IlRun) run = crawl (workload, thread_and_loop_models[m], "gopher://nowhere", 0);
      g_autoptr(IlTraceSnapshot) snap = il_trace_snapshot (il_run_get_trace (run), 0);

      g_assert_cmpuint (snap->n_tasks, ==, 1);
      g_assert_false (snap->tasks[0].ok);
      g_assert_nonnull (strstr (snap->tasks[0].error, "invalid URL"));
    }
}

/* ------------------------------------------------------------------------ */
/* Other hosts, and a host that does not exist */

/* A resolver that knows no name at all: a DNS failure with no packet sent
 * anywhere (literal addresses such as 127.0.0.1 never reach a resolver). */
typedef struct { GResolver parent; } NoDnsResolver;
typedef struct { GResolverClass parent_class; } NoDnsResolverClass;

static GType no_dns_resolver_get_type (void);
G_DEFINE_TYPE (NoDnsResolver, no_dns_resolver, G_TYPE_RESOLVER)

static GList *
no_dns_lookup (GResolver                *resolver,
               const char               *hostname,
               GResolverNameLookupFlags  flags,
               GCancellable             *cancellable,
               GError                  **error)
{
  g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, "no such host “%s”", hostname);
  return NULL;
}

static GList *
no_dns_lookup_by_name (GResolver     *resolver,
                       const char    *hostname,
                       GCancellable  *cancellable,
                       GError       **error)
{
  return no_dns_lookup (resolver, hostname, G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT, cancellable, error);
}

static void
no_dns_lookup_async (GResolver                *resolver,
                     const char               *hostname,
                     GResolverNameLookupFlags  flags,
                     GCancellable             *cancellable,
                     GAsyncReadyCallback       callback,
                     gpointer                  user_data)
{
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);
  GError *error = NULL;

  no_dns_lookup (resolver, hostname, flags, cancellable, &error);
  g_task_return_error (task, error);
}

static void
no_dns_lookup_by_name_async (GResolver           *resolver,
                             const char          *hostname,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  no_dns_lookup_async (resolver, hostname, G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT, cancellable,
                       callback, user_data);
}

static GList *
no_dns_lookup_finish (GResolver     *resolver,
                      GAsyncResult  *result,
                      GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
no_dns_resolver_class_init (NoDnsResolverClass *klass)
{
  GResolverClass *resolver_class = G_RESOLVER_CLASS (klass);

  resolver_class->lookup_by_name = no_dns_lookup_by_name;
  resolver_class->lookup_by_name_async = no_dns_lookup_by_name_async;
  resolver_class->lookup_by_name_finish = no_dns_lookup_finish;
  resolver_class->lookup_by_name_with_flags = no_dns_lookup;
  resolver_class->lookup_by_name_with_flags_async = no_dns_lookup_async;
  resolver_class->lookup_by_name_with_flags_finish = no_dns_lookup_finish;
}

static void
no_dns_resolver_init (NoDnsResolver *self)
{
}

/* A link to a host that does not resolve fails that task with the reason;
 * the crawl goes on.  Only with other hosts allowed is the link followed. */
static void
test_dns_failure_fails_its_task (void)
{
  g_autoptr(IlWorkload) workload = crawl_workload (10, 2, 1, 10, 5000);
  g_autoptr(GError) error = NULL;
  g_autoptr(IlMisbehavingServer) server = il_misbehaving_server_new (&error);
  g_autoptr(GResolver) saved = g_resolver_get_default ();
  g_autoptr(GResolver) no_dns = g_object_new (no_dns_resolver_get_type (), NULL);
  g_autofree char *start = NULL;

  g_assert_no_error (error);
  start = g_strconcat (il_misbehaving_server_get_url (server), "dns.html", NULL);
  g_resolver_set_default (no_dns);
  for (guint m = 0; m < G_N_ELEMENTS (thread_and_loop_models); m++)
    for (guint other = 0; other <= 1; other++)
      {
        IlWorkloadParams params = IL_WORKLOAD_PARAMS_INIT;
        g_autoptr(IlRun) run = il_run_new (workload, &params, thread_and_loop_models[m]);
        g_autoptr(IlTraceSnapshot) snap = NULL;
        const IlTaskSnapshot *failed = NULL;

        il_run_set_crawl (run, start, 0, other);
        g_assert_true (il_run_execute (run, NULL, &error));
        g_assert_no_error (error);
        snap = il_trace_snapshot (il_run_get_trace (run), 0);
        g_assert_cmpuint (snap->n_tasks, ==, other ? 2 : 1);
        g_assert_true (snap->tasks[0].ok);
        if (!other)
          continue;
        failed = &snap->tasks[1];
        g_assert_false (failed->ok);
        g_assert_nonnull (strstr (failed->name, "no-such-host.invalid"));
        g_assert_nonnull (strstr (failed->error, "host not found"));
      }
  g_resolver_set_default (saved);
}

/* ------------------------------------------------------------------------ */
/* The misbehaving server */

static void
check_misbehaving_server (const IlModel *models,
                          guint          n_models)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IlMisbehavingServer) server = il_misbehaving_server_new (&error);
  g_autoptr(IlWorkload) workload = crawl_workload (10, 2, 1, 100, 500);
  g_autofree char *refused = NULL;
  guint n_expected = 0;

  g_assert_no_error (error);
  refused = g_strdup_printf ("http://127.0.0.1:%u/refused.html", il_misbehaving_server_get_closed_port (server));
  while (il_misbehaving_server_expectations[n_expected].path)
    n_expected++;

  for (guint m = 0; m < n_models; m++)
    {
      g_autoptr(IlRun) run = NULL;
      g_autoptr(IlTraceSnapshot) snap = NULL;
      g_autoptr(GHashTable) tasks = g_hash_table_new (g_str_hash, g_str_equal);
      const IlTaskSnapshot *t;
      gint64 t0 = g_get_monotonic_time ();
      guint failed = 0;

      il_misbehaving_server_reset_hits (server);
      /* Other hosts allowed: the refused page is on another port, which is
       * another site (an origin is scheme, host and port) */
      run = crawl_hosts (workload, models[m], il_misbehaving_server_get_url (server), 0, TRUE);
      snap = il_trace_snapshot (il_run_get_trace (run), 0);
      assert_lanes_end_with_markers (snap);
      /* Nothing hangs: the slow page's 3 s are cut at 0.5 s */
      g_assert_cmpint (g_get_monotonic_time () - t0, <, 2500 * 1000);

      for (guint i = 0; i < snap->n_tasks; i++)
        {
          g_assert_false (g_hash_table_contains (tasks, snap->tasks[i].name));
          g_hash_table_insert (tasks, snap->tasks[i].name, &snap->tasks[i]);
        }
      for (guint i = 0; i < n_expected; i++)
        {
          const IlMisbehavingExpectation *e = &il_misbehaving_server_expectations[i];

          t = g_hash_table_lookup (tasks, e->path);
          if (t == NULL)
            g_error ("%s: no task for %s", il_run_get_title (run), e->path);
          if (t->ok != e->ok || (e->reason && (t->error == NULL || strstr (t->error, e->reason) == NULL)))
            g_error ("%s: %s: expected %s (%s), got %s (%s)", il_run_get_title (run), e->path,
                     e->ok ? "ok" : "failed", e->reason ? e->reason : "", t->ok ? "ok" : "failed",
                     t->error ? t->error : "");
          failed += !e->ok;
          /* Each page fetched once.  Except that a connection dropped
           * without a reply makes libsoup send the GET again when that
           * connection was a reused keep-alive one (RFC 9112 9.3.1 allows
           * it for idempotent requests): still one task, one fetch. */
          if (strcmp (e->path, "/reset.html") == 0)
            g_assert_cmpuint (il_misbehaving_server_get_hits (server, e->path), >=, 1);
          else if (il_misbehaving_server_get_hits (server, e->path) != 1)
            g_error ("%s: %s was requested %u times", il_run_get_title (run), e->path,
                     il_misbehaving_server_get_hits (server, e->path));
        }
      t = g_hash_table_lookup (tasks, refused);
      g_assert_nonnull (t);
      g_assert_false (t->ok);
      g_assert_nonnull (strstr (t->error, "refused"));
      g_assert_cmpuint (snap->n_tasks, ==, n_expected + 1);
      g_assert_cmpuint (il_run_get_stats (run)->tasks_failed, ==, failed + 1);

      /* A redirect to a page another task has is not fetched twice; a new
       * one is; links in what is not HTML are not followed */
      g_assert_cmpuint (il_misbehaving_server_get_hits (server, "/good/4.html"), ==, 1);
      g_assert_cmpuint (il_misbehaving_server_get_hits (server, "/good/7.html"), ==, 0);
      g_assert_cmpuint (il_misbehaving_server_get_hits (server, "/many-redirects/11.html"), ==, 0);
    }

  /* Without other hosts, another port of the same host is not crawled */
  {
    g_autoptr(IlRun) run = NULL;
    g_autoptr(IlTraceSnapshot) snap = NULL;

    run = crawl (workload, models[0], il_misbehaving_server_get_url (server), 0);
    snap = il_trace_snapshot (il_run_get_trace (run), 0);
    g_assert_cmpuint (snap->n_tasks, ==, n_expected);
    for (guint i = 0; i < snap->n_tasks; i++)
      g_assert_cmpstr (snap->tasks[i].name, !=, refused);
  }
}

static void
test_misbehaving_server (void)
{
  check_misbehaving_server (thread_and_loop_models, G_N_ELEMENTS (thread_and_loop_models));
}

/* The same under the pool: each worker fetches with its own session, the
 * failures come back as results with their reasons, redirects are put to
 * the crawler (a page another task has is not fetched twice). */
static void
test_process_pool_misbehaving_server (void)
{
  check_misbehaving_server (pool_model, G_N_ELEMENTS (pool_model));
}

/* ------------------------------------------------------------------------ */
/* The process models */

/* Every page of the demo site once, one request each: the links went back
 * from the workers to the crawler. */
static void
check_processes_fetch_each_page_once (IlModel model)
{
  g_autoptr(IlWorkload) workload = crawl_workload (30, 6, 2, 1000, 5000);
  IlDemoSiteOptions options;
  g_autoptr(GError) error = NULL;
  g_autoptr(IlDemoSite) site = NULL;
  g_autoptr(IlRun) run = NULL;
  const IlRunStats *st;

  il_demo_site_options_init (&options);
  options.pages = 30;
  options.links = 6;
  options.latency_ms = 2;
  site = il_demo_site_new_in_thread (&options, 0, &error);
  g_assert_no_error (error);

  run = crawl (workload, model, il_demo_site_get_url (site), 0);
  assert_fetched_every_page_once (run, &options);
  g_assert_cmpuint (il_demo_site_get_n_requests (site), ==, 31);
  st = il_run_get_stats (run);
  g_assert_cmpuint (st->tasks_ok, ==, 31);
  g_assert_cmpint (st->io_wait_ns, >, 0);
  g_assert_cmpint (st->running_ns, >, 0);
  g_assert_cmpint (st->ideal_ns, <=, st->makespan_ns);

  /* And from the built-in site the run starts itself, with a page cap */
  g_clear_pointer (&run, il_run_unref);
  run = crawl (workload, model, NULL, 12);
  g_assert_true (g_str_has_prefix (il_run_get_crawl_url (run), "http://127.0.0.1:"));
  g_assert_cmpuint (il_run_get_n_tasks (run), ==, 12);
  g_assert_cmpuint (il_run_get_stats (run)->tasks_ok, ==, 12);
}

static void
test_processes_fetch_each_page_once (void)
{
  check_processes_fetch_each_page_once (IL_MODEL_PROCESSES);
}

static void
test_process_pool_fetches_each_page_once (void)
{
  check_processes_fetch_each_page_once (IL_MODEL_PROCESS_POOL);
}

static void
test_process_models_invalid_start_url (void)
{
  g_autoptr(IlWorkload) workload = crawl_workload (10, 2, 1, 100, 5000);
  const char * const urls[] = { "gopher://nowhere", "http://a b/" };

  for (guint m = 0; m < G_N_ELEMENTS (process_models); m++)
    for (guint u = 0; u < G_N_ELEMENTS (urls); u++)
      {
        g_autoptr(IlRun) run = crawl (workload, process_models[m], urls[u], 0);
        g_autoptr(IlTraceSnapshot) snap = il_trace_snapshot (il_run_get_trace (run), 0);

        g_assert_cmpuint (snap->n_tasks, ==, 1);
        g_assert_false (snap->tasks[0].ok);
        g_assert_nonnull (strstr (snap->tasks[0].error, "invalid URL"));
      }
}

/* A worker that cannot load the network module fails its pages with the
 * reason, and nothing hangs; without that module the worker still runs
 * other tasks (it loads the module only for pages). */
static void
without_the_network_module (void)
{
  g_autoptr(IlWorkload) workload = crawl_workload (10, 2, 1, 100, 5000);
  IlDemoSiteOptions options;
  g_autoptr(IlDemoSite) site = NULL;
  g_autoptr(GError) error = NULL;

  /* A process of its own (below), before any thread starts: setenv is not
   * thread-safe, and no other test sees the variable */
  g_setenv ("INTERLEAVE_NET_MODULE", "/nonexistent/libinterleave-net.so", TRUE);
  il_demo_site_options_init (&options);
  options.pages = 5;
  options.latency_ms = 1;
  site = il_demo_site_new_in_thread (&options, 0, &error);
  g_assert_no_error (error);
  for (guint m = 0; m < G_N_ELEMENTS (process_models); m++)
    {
      g_autoptr(IlRun) run = crawl (workload, process_models[m], il_demo_site_get_url (site), 0);
      g_autoptr(IlTraceSnapshot) snap = il_trace_snapshot (il_run_get_trace (run), 0);
      g_autoptr(IlRun) sleeps = il_test_run ("three-tasks", process_models[m], 3, 0, 20, 0, FALSE);

      g_assert_cmpuint (snap->n_tasks, ==, 1);
      g_assert_false (snap->tasks[0].ok);
      g_assert_nonnull (strstr (snap->tasks[0].error, "no network support"));
      g_assert_nonnull (strstr (snap->tasks[0].error, "/nonexistent/libinterleave-net.so"));
      g_assert_cmpuint (il_run_get_stats (sleeps)->tasks_ok, ==, 3);
    }
  g_assert_cmpuint (il_demo_site_get_n_requests (site), ==, 0);
}

static void
test_process_models_without_the_network_module (void)
{
  if (g_test_subprocess ())
    {
      without_the_network_module ();
      return;
    }
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

typedef struct {
  IlRun    *run;
  gint64    killed_pid;
  gboolean  stop;
} Killer;

/* Kills the worker fetching /slow.html once it waits for the reply. */
static gpointer
kill_slow_fetch (gpointer data)
{
  Killer *k = data;

  while (!__atomic_load_n (&k->stop, __ATOMIC_ACQUIRE))
    {
      g_autoptr(IlTraceSnapshot) snap = il_trace_snapshot (il_run_get_trace (k->run), 0);

      for (guint i = 0; i < snap->n_tasks; i++)
        {
          const IlTaskSnapshot *t = &snap->tasks[i];

          if (strcmp (t->name, "/slow.html") == 0 && !t->finished && t->n_segments > 0 &&
              t->segments[t->n_segments - 1].state == IL_STATE_IO_WAIT &&
              t->segments[t->n_segments - 1].worker < snap->n_workers)
            {
              k->killed_pid = snap->workers[t->segments[t->n_segments - 1].worker].pid;
              kill ((pid_t) k->killed_pid, SIGKILL);
              return NULL;
            }
        }
      g_usleep (5000);
    }
  return NULL;
}

/* A worker killed mid-fetch fails its task with the reason; the other
 * pages are still crawled, and a new worker takes the queued ones. */
static void
test_process_pool_worker_killed_mid_fetch (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IlMisbehavingServer) server = il_misbehaving_server_new (&error);
  g_autoptr(IlWorkload) workload = crawl_workload (10, 2, 1, 100, 10000);
  IlWorkloadParams params = IL_WORKLOAD_PARAMS_INIT;
  g_autoptr(IlRun) run = NULL;
  g_autoptr(IlTraceSnapshot) snap = NULL;
  g_autofree char *expected = NULL;
  Killer k = { NULL, 0, FALSE };
  GThread *killer;
  guint n_expected = 0, ok = 0;

  g_assert_no_error (error);
  while (il_misbehaving_server_expectations[n_expected].path)
    n_expected++;

  params.workers = 2;
  run = il_run_new (workload, &params, IL_MODEL_PROCESS_POOL);
  /* Other hosts allowed: the refused page is on another port */
  il_run_set_crawl (run, il_misbehaving_server_get_url (server), 0, TRUE);
  k.run = run;
  killer = g_thread_new ("killer", kill_slow_fetch, &k);
  g_assert_true (il_run_execute (run, NULL, &error));
  g_assert_no_error (error);
  __atomic_store_n (&k.stop, TRUE, __ATOMIC_RELEASE);
  g_thread_join (killer);

  g_assert_cmpint (k.killed_pid, >, 0);
  snap = il_trace_snapshot (il_run_get_trace (run), 0);
  assert_lanes_end_with_markers (snap);
  g_assert_cmpuint (snap->n_tasks, ==, n_expected + 1);
  expected = g_strdup_printf ("worker %" G_GINT64_FORMAT " exited with signal 9", k.killed_pid);
  for (guint i = 0; i < snap->n_tasks; i++)
    {
      const IlTaskSnapshot *t = &snap->tasks[i];

      if (strcmp (t->name, "/slow.html") == 0)
        {
          g_assert_false (t->ok);
          g_assert_cmpstr (t->error, ==, expected);
        }
      ok += t->ok;
    }
  /* The good pages behind the index were found and fetched all the same */
  for (guint i = 0; i < n_expected; i++)
    ok -= il_misbehaving_server_expectations[i].ok;
  g_assert_cmpuint (ok, ==, 0);
}

/* ------------------------------------------------------------------------ */
/* Cancellation */

static void
check_cancel_a_crawl (const IlModel *models,
                      guint          n_models)
{
  /* Replies take 5 s: every model is mid-request when cancelled */
  g_autoptr(IlWorkload) workload = crawl_workload (20, 4, 5000, 100, 15000);

  for (guint m = 0; m < n_models; m++)
    {
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      IlWorkloadParams params = IL_WORKLOAD_PARAMS_INIT;
      g_autoptr(GError) error = NULL;
      g_autoptr(IlRun) run = il_run_new (workload, &params, models[m]);
      GThread *canceller = il_test_cancel_later (cancellable, 100);
      gint64 t0 = g_get_monotonic_time ();

      g_assert_true (il_run_execute (run, cancellable, &error));
      g_assert_cmpint (g_get_monotonic_time () - t0, <, 600 * 1000);
      g_thread_join (canceller);
      g_assert_true (il_run_get_stats (run)->cancelled);
      g_assert_cmpuint (il_run_get_stats (run)->tasks_failed, ==, 1);
    }
}

static void
test_cancel_a_crawl (void)
{
  check_cancel_a_crawl (thread_and_loop_models, G_N_ELEMENTS (thread_and_loop_models));
}

/* The worker mid-fetch gets SIGTERM and is reaped (test-process checks
 * for leftovers); the run ends at once. */
static void
test_process_models_cancel_a_crawl (void)
{
  check_cancel_a_crawl (process_models, G_N_ELEMENTS (process_models));
}

/* ------------------------------------------------------------------------ */
/* The command line */

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
  /* GSocketClient narrates every connection at debug level */
  g_log_set_debug_enabled (FALSE);

  g_test_add_func ("/engine/crawl/links/resolved-normalised-filtered", test_extract_links);
  g_test_add_func ("/engine/crawl/links/broken-html-is-recovered", test_extract_links_from_broken_html);
  g_test_add_func ("/engine/crawl/links/read-in-the-replys-charset", test_extract_links_in_the_replys_charset);
  g_test_add_func ("/engine/crawl/links/normalise", test_normalise);
  g_test_add_func ("/engine/crawl/demo-site/is-deterministic", test_demo_site_is_deterministic);
  g_test_add_func ("/engine/crawl/demo-site/holds-each-reply-until-due", test_demo_site_holds_each_reply_until_due);
  g_test_add_func ("/engine/crawl/demo-site/stops-while-holding-replies", test_demo_site_stops_while_holding_replies);
  g_test_add_func ("/engine/crawl/demo-site/every-model-fetches-each-page", test_every_model_crawls_the_demo_site);
  g_test_add_func ("/engine/crawl/demo-site/each-page-is-requested-once", test_each_page_is_requested_once);
  g_test_add_func ("/engine/crawl/max-pages-caps-the-crawl", test_max_pages_caps_the_crawl);
  g_test_add_func ("/engine/crawl/invalid-start-url-fails-its-task", test_invalid_start_url_fails_its_task);
  g_test_add_func ("/engine/crawl/misbehaving-server/failures-counted-nothing-hangs", test_misbehaving_server);
  g_test_add_func ("/engine/crawl/cancel-mid-request", test_cancel_a_crawl);
  g_test_add_func ("/engine/crawl/process-models-cancel-mid-request", test_process_models_cancel_a_crawl);
  g_test_add_func ("/engine/crawl/processes-fetch-each-page-once", test_processes_fetch_each_page_once);
  g_test_add_func ("/engine/crawl/process-pool-fetches-each-page-once", test_process_pool_fetches_each_page_once);
  g_test_add_func ("/engine/crawl/process-models-invalid-start-url-fails-its-task", test_process_models_invalid_start_url);
  g_test_add_func ("/engine/crawl/process-models-without-the-network-module", test_process_models_without_the_network_module);
  g_test_add_func ("/engine/crawl/process-pool-misbehaving-server/failures-counted-nothing-hangs",
                   test_process_pool_misbehaving_server);
  g_test_add_func ("/engine/crawl/process-pool-worker-killed-mid-fetch", test_process_pool_worker_killed_mid_fetch);
  g_test_add_func ("/engine/crawl/dns-failure-fails-its-task", test_dns_failure_fails_its_task);
  g_test_add_func ("/cli/crawl/web-crawl-works-offline", test_cli_crawls_offline);
  g_test_add_func ("/cli/crawl/url-is-crawled-failures-counted", test_cli_crawls_a_given_url);
  g_test_add_func ("/cli/crawl/malformed-url-exits-2", test_cli_malformed_url_exits_2);
  g_test_add_func ("/cli/crawl/allow-other-hosts", test_cli_allow_other_hosts);
  g_test_add_func ("/cli/serve-site/answers-a-request", test_cli_serve_site_answers);
  g_test_add_func ("/cli/serve-site/bad-numbers-exit-2", test_cli_serve_site_rejects_bad_numbers);

  return g_test_run ();
}
