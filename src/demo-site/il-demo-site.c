/* il-demo-site.c — a deterministic website on 127.0.0.1 for the crawler */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <glib-unix.h>
#include <libsoup/soup.h>
#include <glib/gi18n-lib.h>

#include "il-demo-site.h"

#define INDEX_PAGE      G_MAXUINT
#define LISTEN_BACKLOG  4096
#define N_FORMS     5
#define REPLY_SLACK_US  50

struct _IlDemoSite {
  IlDemoSiteOptions options;
  GMainContext     *context;
  SoupServer       *server;
  guint             port;
  char             *url;
  guint             n_requests;     /* atomic */

  /* Replies held back for the latency, soonest due first, and one timer
   * for all of them.  A timerfd rather than GLib timeouts: the loop sleeps
   * for those in whole milliseconds, so a reply due 0.2 ms after another
   * went out up to 0.8 ms late (crawling at 16 requests, a 10 ms latency
   * became 12.9 ms on average, 10.9 ms with this), and every pending
   * timeout was one more source the loop looks at on each turn.  The
   * timer is set REPLY_SLACK_US after the soonest reply, so that replies
   * due within that go out at one wake-up. */
  GQueue            held;           /* Reply* */
  int               timer_fd;
  GSource          *timer;
  gint64            armed_us;       /* what timer_fd is set to; 0: not set */

  /* Only when served by a thread of its own */
  GMainLoop        *loop;
  GThread          *thread;
};

typedef struct {
  IlDemoSite        *site;
  SoupServerMessage *msg;
  gint64             due_us;        /* g_get_monotonic_time() */
  GList              link;          /* in IlDemoSite.held */
  gulong             disconnected_id;
} Reply;

void
il_demo_site_options_init (IlDemoSiteOptions *options)
{
  g_return_if_fail (options != NULL);

  options->pages = IL_DEMO_SITE_DEFAULT_PAGES;
  options->links = IL_DEMO_SITE_DEFAULT_LINKS;
  options->latency_ms = IL_DEMO_SITE_DEFAULT_LATENCY_MS;
  options->jitter_ms = IL_DEMO_SITE_DEFAULT_JITTER_MS;
}

/* ------------------------------------------------------------------------ */
/* The pages */

static guint32
mix (guint32 x)
{
  x ^= x >> 16;
  x *= 0x7feb352dU;
  x ^= x >> 15;
  x *= 0x846ca68bU;
  x ^= x >> 16;
  return x;
}

/* Link @j of page @page: page N + 1 first, then pseudo-random pages. */
static guint
link_target (const IlDemoSiteOptions *options,
             guint                    page,
             guint                    j)
{
  if (j == 0)
    return (page + 1) % options->pages;
  return mix (page * 7919U + j * 104729U + 1) % options->pages;
}

static const char * const filler[] = {
  "threads", "wait", "together", "while", "one", "loop", "runs", "every", "task", "in",
  "turn", "and", "processes", "compute", "side", "by", "side", "on", "the", "cores",
};

static void
append_filler (GString *html,
               guint    page)
{
  for (guint p = 0; p < 3; p++)
    {
      g_string_append (html, "<p>");
      for (guint w = 0; w < 40; w++)
        {
          g_string_append (html, filler[mix (page * 131 + p * 17 + w) % G_N_ELEMENTS (filler)]);
          g_string_append_c (html, w + 1 < 40 ? ' ' : '.');
        }
      g_string_append (html, "</p>\n");
    }
}

static void
append_noise (GString    *html,
              guint       page,
              const char *host)
{
  /* What real pages carry and a crawler must not follow or must fold.
   * (Not on the index: there "#top" would resolve against its <base
   * href="/pages/">, as in any browser, to a page that does not exist.) */
  g_string_append (html, "<p class=\"noise\">\n");
  if (page != INDEX_PAGE)
    g_string_append (html, "<a href=\"#top\">Back to the top</a>\n");
  g_string_append (html, "<a href=\"mailto:webmaster@example.invalid\">Write to us</a>\n");
  g_string_append (html, "<a href=\"javascript:void(0)\">Menu</a>\n");
  g_string_append (html, "<a href=\"data:text/html,%3Cp%3Ehi%3C/p%3E\">Inline</a>\n");
  g_string_append_printf (html, "<a href=\"https://www.example.invalid/pages/%u.html\">Elsewhere</a>\n",
                          page == INDEX_PAGE ? 0 : page);
  g_string_append (html, "<a href=\"//cdn.example.invalid/style.html\">CDN</a>\n");
  g_string_append (html, "<a id=\"end\">An anchor without href</a>\n");
  g_string_append_printf (html, "<a href=\"http://%s/#top\">Home, with a fragment</a>\n", host);
  g_string_append (html, "</p>\n");
}

char *
il_demo_site_render (const IlDemoSiteOptions *options,
                     guint                    page,
                     const char              *host)
{
  g_autoptr(GString) html = g_string_new (NULL);
  g_autofree char *safe_host = g_markup_escape_text (host ? host : "127.0.0.1", -1);

  g_return_val_if_fail (options != NULL && options->pages > 0, NULL);

  g_string_append (html, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
  if (page == INDEX_PAGE)
    {
      /* The index's links are relative to /pages/: they need the <base>. */
      g_string_append (html, "<title>Interleave demo site</title>\n<base href=\"/pages/\">\n</head>\n<body>\n");
      g_string_append (html, "<h1 id=\"top\">Interleave demo site</h1>\n<ul>\n");
      for (guint k = 0; k < MIN (MAX (options->links, 1), options->pages); k++)
        g_string_append_printf (html, "<li><a href=\"%u.html\">Page %u</a></li>\n", k, k);
      g_string_append (html, "<li><a href=\"/pages/0.html?ref=home\">Page 0 again</a></li>\n");
      g_string_append (html, "</ul>\n");
      append_filler (html, options->pages);
      append_noise (html, INDEX_PAGE, safe_host);
    }
  else
    {
      g_string_append_printf (html, "<title>Page %u · Interleave demo site</title>\n", page);
      g_string_append (html, "<base href=\"/\">\n</head>\n<body>\n");
      g_string_append_printf (html, "<h1 id=\"top\">Page %u</h1>\n", page);
      append_filler (html, page);
      g_string_append (html, "<ul>\n");
      for (guint j = 0; j < options->links; j++)
        {
          guint t = link_target (options, page, j);

          switch ((page + j) % N_FORMS)
            {
            case 0:  /* relative: right only through <base href="/"> */
              g_string_append_printf (html, "<li><a href=\"pages/%u.html\">Page %u</a></li>\n", t, t);
              break;
            case 1:
              g_string_append_printf (html, "<li><a href=\"/pages/%u.html\">Page %u</a></li>\n", t, t);
              break;
            case 2:
              g_string_append_printf (html, "<li><a href=\"http://%s/pages/%u.html\">Page %u</a></li>\n",
                                      safe_host, t, t);
              break;
            case 3:  /* seed 002's tails */
              g_string_append_printf (html, "<li><a href=\"/pages/%u.html?ref=outind\">Page %u</a></li>\n", t, t);
              break;
            default:
              g_string_append_printf (html, "<li><a href=\"/pages/%u.html#section-2\">Page %u</a></li>\n", t, t);
              break;
            }
        }
      g_string_append (html, "</ul>\n");
      g_string_append (html, "<p><a href=\"\">This page's base: the index</a></p>\n");
      append_noise (html, page, safe_host);
    }
  g_string_append (html, "</body>\n</html>\n");

  return g_string_free (g_steal_pointer (&html), FALSE);
}

GPtrArray *
il_demo_site_list_paths (const IlDemoSiteOptions *options)
{
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (paths, g_strdup ("/"));
  for (guint i = 0; i < options->pages; i++)
    g_ptr_array_add (paths, g_strdup_printf ("/pages/%u.html", i));
  return paths;
}

/* "/pages/12.html" → 12; FALSE for anything else. */
static gboolean
parse_page_path (const char *path,
                 guint       pages,
                 guint      *page)
{
  const char *digits;
  const char *end;
  guint64 n;

  if (!g_str_has_prefix (path, "/pages/") || !g_str_has_suffix (path, ".html"))
    return FALSE;
  digits = path + strlen ("/pages/");
  end = path + strlen (path) - strlen (".html");
  if (end <= digits || end - digits > 9)
    return FALSE;
  for (const char *p = digits; p < end; p++)
    if (!g_ascii_isdigit (*p) || (p == digits && *p == '0' && end - digits > 1))
      return FALSE;
  n = g_ascii_strtoull (digits, NULL, 10);
  if (n >= pages)
    return FALSE;
  *page = (guint) n;
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Serving */

/* Takes @reply out of the queue and frees it; the message is unpaused or
 * dropped by the caller. */
static void
reply_free (IlDemoSite *site,
            Reply      *reply)
{
  g_queue_unlink (&site->held, &reply->link);
  g_clear_signal_handler (&reply->disconnected_id, reply->msg);
  g_object_unref (reply->msg);
  g_free (reply);
}

/* Sets the timer to the soonest reply, unless it is set to that already
 * (replies mostly join at the end of the queue: no system call then). */
static void
timer_arm (IlDemoSite *site)
{
  Reply *first = g_queue_peek_head (&site->held);
  gint64 due = first ? first->due_us + REPLY_SLACK_US : 0;
  struct itimerspec when = { { 0, 0 }, { 0, 0 } };

  if (due == site->armed_us)
    return;
  if (due != 0)
    {
      when.it_value.tv_sec = due / G_USEC_PER_SEC;
      when.it_value.tv_nsec = (due % G_USEC_PER_SEC) * 1000;
    }
  /* An absolute time already past fires at once */
  if (timerfd_settime (site->timer_fd, TFD_TIMER_ABSTIME, &when, NULL) == 0)
    site->armed_us = due;
}

static gboolean
on_timer (int          fd,
          GIOCondition condition,
          gpointer     user_data)
{
  IlDemoSite *site = user_data;
  guint64 expirations;
  gint64 now;
  Reply *reply;

  /* Non-blocking: nothing to read after a timer set again in between */
  if (read (fd, &expirations, sizeof expirations) < 0 && errno != EAGAIN)
    g_warning ("demo site timer: %s", g_strerror (errno));
  site->armed_us = 0;
  now = g_get_monotonic_time ();
  while ((reply = g_queue_peek_head (&site->held)) != NULL && reply->due_us <= now)
    {
      SoupServerMessage *msg = g_object_ref (reply->msg);

      reply_free (site, reply);
      soup_server_message_unpause (msg);
      g_object_unref (msg);
    }
  timer_arm (site);
  return G_SOURCE_CONTINUE;
}

static void
on_reply_disconnected (SoupServerMessage *msg,
                       gpointer           user_data)
{
  Reply *reply = user_data;

  /* The client went away while its reply was held back. */
  reply_free (reply->site, reply);
}

static void
hold_reply (IlDemoSite        *site,
            SoupServerMessage *msg,
            guint              delay_ms)
{
  Reply *reply = g_new0 (Reply, 1);
  GList *after;

  reply->site = site;
  reply->msg = g_object_ref (msg);
  reply->due_us = g_get_monotonic_time () + (gint64) delay_ms * 1000;
  reply->link.data = reply;
  /* From the end: without jitter every reply is due last */
  for (after = site->held.tail; after != NULL; after = after->prev)
    if (((Reply *) after->data)->due_us <= reply->due_us)
      break;
  if (after != NULL)
    g_queue_insert_after_link (&site->held, after, &reply->link);
  else
    g_queue_push_head_link (&site->held, &reply->link);
  reply->disconnected_id = g_signal_connect (msg, "disconnected",
                                             G_CALLBACK (on_reply_disconnected), reply);
  soup_server_message_pause (msg);
  timer_arm (site);
}

guint
il_demo_site_get_delay_ms (const IlDemoSiteOptions *options,
                           const char              *path)
{
  gint64 delay = options->latency_ms;

  if (options->jitter_ms > 0)
    delay += (gint64) (mix (g_str_hash (path)) % (2 * options->jitter_ms + 1)) - options->jitter_ms;
  return (guint) MAX (delay, 0);
}

static void
handle_request (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  IlDemoSite *site = user_data;
  const char *method = soup_server_message_get_method (msg);
  const char *host;
  g_autofree char *fallback_host = NULL;
  char *body;
  guint page = INDEX_PAGE;
  guint delay;

  g_atomic_int_inc (&site->n_requests);

  if (method != SOUP_METHOD_GET && method != SOUP_METHOD_HEAD)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      return;
    }
  if (strcmp (path, "/") != 0 && !parse_page_path (path, site->options.pages, &page))
    {
      static const char not_found[] = "<!DOCTYPE html>\n<title>Not found</title>\n<p>No such page.</p>\n";

      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_STATIC,
                                        not_found, strlen (not_found));
      return;
    }

  host = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Host");
  if (host == NULL)
    host = fallback_host = g_strdup_printf ("127.0.0.1:%u", site->port);
  body = il_demo_site_render (&site->options, page, host);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_TAKE,
                                    body, strlen (body));

  delay = il_demo_site_get_delay_ms (&site->options, path);
  if (delay > 0)
    hold_reply (site, msg, delay);
}

static gboolean
start_serving (IlDemoSite *site,
               guint       port,
               GError    **error)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  GSList *uris;

  site->timer_fd = timerfd_create (CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  if (site->timer_fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("the demo site could not make a timer: %s"), g_strerror (saved));
      return FALSE;
    }
  site->timer = g_unix_fd_source_new (site->timer_fd, G_IO_IN);
  g_source_set_callback (site->timer, G_SOURCE_FUNC (on_timer), site, NULL);
  g_source_set_static_name (site->timer, "[interleave] demo site replies");
  g_source_attach (site->timer, site->context);

  site->server = soup_server_new ("server-header", "Interleave-demo-site/" PACKAGE_VERSION " ", NULL);
  soup_server_add_handler (site->server, NULL, handle_request, site, NULL);

  /* Loopback only: 127.0.0.1.  The socket is made here rather than by
   * soup_server_listen_local() for its backlog: GLib's default of 10 drops
   * the connections a crawler opens at once beyond it, and each dropped SYN
   * costs its client a second. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return FALSE;
  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  if (!g_socket_bind (socket, address, TRUE, error) ||
      !g_socket_listen (socket, error) ||
      !soup_server_listen_socket (site->server, socket, 0, error))
    return FALSE;

  uris = soup_server_get_uris (site->server);
  if (uris != NULL)
    site->port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  if (site->port == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("the demo site got no port"));
      return FALSE;
    }
  site->url = g_strdup_printf ("http://127.0.0.1:%u/", site->port);
  return TRUE;
}

static IlDemoSite *
site_new (const IlDemoSiteOptions *options)
{
  IlDemoSite *site = g_new0 (IlDemoSite, 1);

  if (options)
    site->options = *options;
  else
    il_demo_site_options_init (&site->options);
  site->options.pages = MAX (site->options.pages, 1);
  g_queue_init (&site->held);
  site->timer_fd = -1;
  return site;
}

IlDemoSite *
il_demo_site_new (const IlDemoSiteOptions *options,
                  guint                    port,
                  GError                 **error)
{
  IlDemoSite *site = site_new (options);

  site->context = g_main_context_ref_thread_default ();
  if (!start_serving (site, port, error))
    {
      il_demo_site_free (site);
      return NULL;
    }
  return site;
}

static gpointer
site_thread (gpointer data)
{
  IlDemoSite *site = data;

  g_main_context_push_thread_default (site->context);
  g_main_loop_run (site->loop);
  g_main_context_pop_thread_default (site->context);
  return NULL;
}

IlDemoSite *
il_demo_site_new_in_thread (const IlDemoSiteOptions *options,
                            guint                    port,
                            GError                 **error)
{
  IlDemoSite *site = site_new (options);
  gboolean ok;

  /* Set up here with the site's context as the thread default (the server
   * attaches its sources to it); from then on only the thread touches it. */
  site->context = g_main_context_new ();
  site->loop = g_main_loop_new (site->context, FALSE);
  g_main_context_push_thread_default (site->context);
  ok = start_serving (site, port, error);
  g_main_context_pop_thread_default (site->context);
  if (!ok)
    {
      il_demo_site_free (site);
      return NULL;
    }
  site->thread = g_thread_try_new ("il-demo-site", site_thread, site, error);
  if (site->thread == NULL)
    {
      il_demo_site_free (site);
      return NULL;
    }
  return site;
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
il_demo_site_free (IlDemoSite *site)
{
  if (site == NULL)
    return;

  if (site->thread)
    {
      g_main_context_invoke (site->context, quit_loop, site->loop);
      g_thread_join (g_steal_pointer (&site->thread));
    }

  g_main_context_push_thread_default (site->context);
  while (!g_queue_is_empty (&site->held))
    reply_free (site, g_queue_peek_head (&site->held));
  if (site->timer)
    {
      g_source_destroy (site->timer);
      g_clear_pointer (&site->timer, g_source_unref);
    }
  if (site->server)
    {
      soup_server_disconnect (site->server);
      g_clear_object (&site->server);
    }
  while (g_main_context_iteration (site->context, FALSE))
    ;
  g_main_context_pop_thread_default (site->context);

  if (site->timer_fd >= 0)
    close (site->timer_fd);
  g_clear_pointer (&site->loop, g_main_loop_unref);
  g_main_context_unref (site->context);
  g_free (site->url);
  g_free (site);
}

const char *
il_demo_site_get_url (IlDemoSite *site)
{
  return site->url;
}

guint
il_demo_site_get_port (IlDemoSite *site)
{
  return site->port;
}

guint
il_demo_site_get_n_requests (IlDemoSite *site)
{
  return g_atomic_int_get (&site->n_requests);
}
