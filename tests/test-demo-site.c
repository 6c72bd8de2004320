/* test-demo-site.c — the built-in website: its pages and its timing */

#include "config.h"

#include <string.h>
#include <libsoup/soup.h>

#include "il-demo-site.h"
#include "il-run.h"

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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/crawl/demo-site/is-deterministic", test_demo_site_is_deterministic);
  g_test_add_func ("/engine/crawl/demo-site/holds-each-reply-until-due", test_demo_site_holds_each_reply_until_due);
  g_test_add_func ("/engine/crawl/demo-site/stops-while-holding-replies", test_demo_site_stops_while_holding_replies);

  return g_test_run ();
}
