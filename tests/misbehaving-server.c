/* misbehaving-server.c — every way a website can let a crawler down
 *
 * Built into test-crawl, and on its own (IL_MISBEHAVING_SERVER_MAIN) as
 * tests/misbehaving-server [PORT] for poking at by hand.
 */

#include "config.h"

#include <string.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <libsoup/soup.h>

#include "misbehaving-server.h"

#define HUGE_SIZE       (6 * 1024 * 1024)
#define MANY_REDIRECTS  20
#define SPLIT_MAX_HEAD  (16 * 1024)     /* a request's head, at most */

const IlMisbehavingExpectation il_misbehaving_server_expectations[] = {
  { "/",                        TRUE,  NULL },
  { "/good/1.html",             TRUE,  NULL },
  { "/good/2.html",             TRUE,  NULL },
  { "/good/3.html",             TRUE,  NULL },
  { "/good/5.html",             TRUE,  NULL },   /* found in the broken page */
  { "/good/6.html",             TRUE,  NULL },
  { "/broken.html",             TRUE,  NULL },   /* recovered by libxml2 */
  { "/redirect.html",           TRUE,  NULL },   /* to /good/3.html: another task has it */
  { "/redirect-new.html",       TRUE,  NULL },   /* to /good/4.html, fetched by this task */
  { "/data.json",               TRUE,  NULL },   /* not HTML: ignored */
  { "/image.png",               TRUE,  NULL },
  { "/slow.html",               FALSE, "timed out" },
  { "/reset.html",              FALSE, "connection" },
  { "/error500.html",           FALSE, "HTTP 500" },
  { "/missing.html",            FALSE, "HTTP 404" },
  { "/login.html",              FALSE, "HTTP 401" },  /* asks for a password: a crawl has none */
  { "/huge.html",               FALSE, "larger than 5" },
  { "/huge-chunked.html",       FALSE, "larger than 5" },
  { "/loop/a.html",             FALSE, "redirect loop" },
  { "/many-redirects/0.html",   FALSE, "more than 10 redirects" },
  { "/bad-redirect.html",       FALSE, "invalid URL" },
  { "/redirect-long.html",      FALSE, "longer than 4000 bytes" },  /* to a URL of 10 KiB */
  { "/no-location.html",        FALSE, "HTTP 302" },
  { "/empty.html",              FALSE, "malformed HTML" },
  { NULL, FALSE, NULL }
};

struct _IlMisbehavingServer {
  GMainContext *context;
  GMainLoop    *loop;
  GThread      *thread;
  SoupServer   *server;
  char         *url;
  guint         port;
  guint         closed_port;
  char         *huge;
  GHashTable   *held;           /* Held* (slow replies) */
  GMutex        mutex;
  GHashTable   *hits;           /* path → count, under mutex */

  /* Headers and body apart: a listening socket, a thread that accepts,
   * and a thread per connection (SplitConn), all ended by split_stop */
  GSocket      *split_listener;
  GThread      *split_thread;
  GCancellable *split_stop;
  char         *split_url;
  GList        *split_conns;    /* SplitConn *, under mutex */
  guint         split_replies;  /* under mutex */
  guint         split_connections;
};

typedef struct {
  IlMisbehavingServer *server;
  GSocket             *socket;
  GThread             *thread;
  gboolean             done;    /* under the server's mutex */
} SplitConn;

typedef struct {
  IlMisbehavingServer *server;
  SoupServerMessage   *msg;
  GSource             *timer;
  gulong               disconnected_id;
} Held;

static void
held_free (Held *held)
{
  g_source_destroy (held->timer);
  g_source_unref (held->timer);
  g_clear_signal_handler (&held->disconnected_id, held->msg);
  g_object_unref (held->msg);
  g_free (held);
}

static gboolean
on_held_due (gpointer data)
{
  Held *held = data;
  SoupServerMessage *msg = g_object_ref (held->msg);

  g_hash_table_remove (held->server->held, held);
  soup_server_message_unpause (msg);
  g_object_unref (msg);
  return G_SOURCE_REMOVE;
}

static void
on_held_disconnected (SoupServerMessage *msg,
                      gpointer           data)
{
  Held *held = data;

  g_hash_table_remove (held->server->held, held);
}

static void
reply (SoupServerMessage *msg,
       guint              status,
       const char        *content_type,
       const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  if (body != NULL)
    soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body, strlen (body));
}

static void
redirect (SoupServerMessage *msg,
          const char        *location)
{
  soup_server_message_set_status (msg, SOUP_STATUS_FOUND, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Location", location);
}

static const char good_page[] =
  "<!DOCTYPE html><html><head><title>Good</title></head><body>\n"
  "<p>A page that works. <a href=\"/\">Home</a> <a href=\"/good/1.html?ref=outind\">One</a>\n"
  "<a href=\"#frag\">Here</a> <a href=\"mailto:someone@example.invalid\">Mail</a></p>\n"
  "</body></html>\n";

static const char broken_page[] =
  "<html><head><title>Broken</title><body><p>Unclosed <b>bold <i>italic</p>\n"
  "<a href='/good/5.html'>five<<<</b></i><div><table><tr><td>\n"
  "<a href=/good/6.html>six<p><a href=\"/good/1.html#frag\">one</a> &nbsp &amp; &#xZZ;\n"
  "<a href=\"http://[::1\">not a URL</a> <a>no href</a>\n";

static const char json_body[] =
  "{\"html\": \"<a href='/good/7.html'>never followed: this is not HTML</a>\"}\n";

static void
handle (SoupServer        *soup_server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           data)
{
  IlMisbehavingServer *server = data;
  guint n;

  g_mutex_lock (&server->mutex);
  n = GPOINTER_TO_UINT (g_hash_table_lookup (server->hits, path));
  g_hash_table_replace (server->hits, g_strdup (path), GUINT_TO_POINTER (n + 1));
  g_mutex_unlock (&server->mutex);

  if (strcmp (path, "/") == 0)
    {
      g_autoptr(GString) html = g_string_new ("<!DOCTYPE html><html><head><title>Misbehaving</title></head><body><ul>\n");

      for (guint i = 1; il_misbehaving_server_expectations[i].path != NULL; i++)
        {
          const char *p = il_misbehaving_server_expectations[i].path;

          /* 5 and 6 are only in the broken page */
          if (strcmp (p, "/good/5.html") != 0 && strcmp (p, "/good/6.html") != 0)
            g_string_append_printf (html, "<li><a href=\"%s\">%s</a></li>\n", p, p);
        }
      g_string_append_printf (html, "<li><a href=\"http://127.0.0.1:%u/refused.html\">refused</a></li>\n",
                              server->closed_port);
      g_string_append (html, "<li><a href=\"javascript:alert(1)\">js</a></li></ul></body></html>\n");
      reply (msg, SOUP_STATUS_OK, "text/html; charset=utf-8", html->str);
    }
  else if (g_str_has_prefix (path, "/good/"))
    reply (msg, SOUP_STATUS_OK, "text/html", good_page);
  /* Not linked from the index: links to other hosts, for crawls that start here */
  else if (strcmp (path, "/hosts.html") == 0)
    {
      g_autofree char *html = g_strdup_printf (
        "<!DOCTYPE html><html><body><a href=\"/leaf.html\">here</a>\n"
        "<a href=\"http://localhost:%u/leaf.html\">the same server as another host</a>\n"
        "</body></html>\n", server->port);

      reply (msg, SOUP_STATUS_OK, "text/html", html);
    }
  else if (strcmp (path, "/dns.html") == 0)
    reply (msg, SOUP_STATUS_OK, "text/html",
           "<!DOCTYPE html><html><body><a href=\"http://no-such-host.invalid/leaf.html\">nowhere</a>\n"
           "</body></html>\n");
  else if (strcmp (path, "/leaf.html") == 0)
    reply (msg, SOUP_STATUS_OK, "text/html", "<!DOCTYPE html><html><body><p>No links.</p></body></html>\n");
  else if (strcmp (path, "/broken.html") == 0)
    reply (msg, SOUP_STATUS_OK, "text/html", broken_page);
  else if (strcmp (path, "/empty.html") == 0)
    reply (msg, SOUP_STATUS_OK, "text/html", "");
  else if (strcmp (path, "/data.json") == 0)
    reply (msg, SOUP_STATUS_OK, "application/json", json_body);
  else if (strcmp (path, "/image.png") == 0)
    reply (msg, SOUP_STATUS_OK, "image/png", "\x89PNG\r\n\x1a\n<a href='/good/7.html'>");
  else if (strcmp (path, "/error500.html") == 0)
    reply (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "text/html", "<p>Oops</p>");
  else if (strcmp (path, "/huge.html") == 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, server->huge, HUGE_SIZE);
    }
  else if (strcmp (path, "/huge-chunked.html") == 0)
    {
      SoupMessageBody *body = soup_server_message_get_response_body (msg);

      /* No Content-Length: the client learns the size by reading */
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg), "text/html", NULL);
      soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg), SOUP_ENCODING_CHUNKED);
      for (gsize off = 0; off < HUGE_SIZE; off += 256 * 1024)
        soup_message_body_append (body, SOUP_MEMORY_STATIC, server->huge + off, 256 * 1024);
      soup_message_body_complete (body);
    }
  else if (strcmp (path, "/reset.html") == 0)
    {
      /* Take the connection from the server and drop it: no reply at all */
      GIOStream *stream = soup_server_message_steal_connection (msg);

      if (stream)
        {
          g_io_stream_close (stream, NULL, NULL);
          g_object_unref (stream);
        }
    }
  else if (strcmp (path, "/slow.html") == 0)
    {
      Held *held = g_new0 (Held, 1);

      reply (msg, SOUP_STATUS_OK, "text/html", good_page);
      held->server = server;
      held->msg = g_object_ref (msg);
      held->timer = g_timeout_source_new (IL_MISBEHAVING_SLOW_MS);
      g_source_set_callback (held->timer, on_held_due, held, NULL);
      g_source_attach (held->timer, server->context);
      held->disconnected_id = g_signal_connect (msg, "disconnected", G_CALLBACK (on_held_disconnected), held);
      g_hash_table_add (server->held, held);
      soup_server_message_pause (msg);
    }
  else if (strcmp (path, "/redirect.html") == 0)
    redirect (msg, "/good/3.html");
  else if (strcmp (path, "/redirect-new.html") == 0)
    redirect (msg, "good/4.html");
  else if (strcmp (path, "/loop/a.html") == 0)
    redirect (msg, "/loop/b.html");
  else if (strcmp (path, "/loop/b.html") == 0)
    redirect (msg, "a.html");
  else if (g_str_has_prefix (path, "/many-redirects/"))
    {
      guint k = (guint) g_ascii_strtoull (path + strlen ("/many-redirects/"), NULL, 10);
      g_autofree char *next = g_strdup_printf ("/many-redirects/%u.html", k + 1);

      if (k < MANY_REDIRECTS)
        redirect (msg, next);
      else
        reply (msg, SOUP_STATUS_OK, "text/html", good_page);
    }
  else if (strcmp (path, "/redirect-long.html") == 0)
    {
      g_autofree char *tail = g_strnfill (IL_MISBEHAVING_LONG_URL_BYTES - strlen (server->url) - strlen ("long/"), 'a');
      g_autofree char *location = g_strdup_printf ("%slong/%s", server->url, tail);

      redirect (msg, location);
    }
  else if (strcmp (path, "/many-links.html") == 0 || g_str_has_prefix (path, "/hub/"))
    {
      gboolean hub = g_str_has_prefix (path, "/hub/");
      guint n_links = hub ? IL_MISBEHAVING_HUB_LINKS : IL_MISBEHAVING_MANY_LINKS;
      GString *html = g_string_sized_new (n_links * 40);
      g_autofree char *long_href = g_strnfill (IL_MISBEHAVING_LONG_HREF_BYTES, 'l');

      g_string_append (html, "<!DOCTYPE html><html><body>\n");
      for (guint i = 0; !hub && i < IL_MISBEHAVING_LONG_HREFS; i++)
        g_string_append_printf (html, "<a href=\"/%u/%s\">long</a>\n", i, long_href);
      for (guint i = 0; i < n_links; i++)
        g_string_append_printf (html, "<a href=\"/p%s/%u.html\">p</a>\n", hub ? path + strlen ("/hub/") : "", i);
      g_string_append (html, "</body></html>\n");
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_TAKE, html->str, html->len);
      g_string_free (html, FALSE);
    }
  else if (strcmp (path, "/hub.html") == 0)
    {
      g_autoptr(GString) html = g_string_new ("<!DOCTYPE html><html><body>\n");

      for (guint i = 1; i <= IL_MISBEHAVING_HUB_PAGES; i++)
        g_string_append_printf (html, "<a href=\"/hub/%u.html\">%u</a>\n", i, i);
      g_string_append (html, "</body></html>\n");
      reply (msg, SOUP_STATUS_OK, "text/html", html->str);
    }
  else if (strcmp (path, "/bad-redirect.html") == 0)
    redirect (msg, "http://[::1");
  else if (strcmp (path, "/no-location.html") == 0)
    reply (msg, SOUP_STATUS_FOUND, "text/html", "<p>Moved, but where?</p>");
  else if (strcmp (path, "/login.html") == 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "WWW-Authenticate", "Basic realm=\"members\"");
      reply (msg, SOUP_STATUS_UNAUTHORIZED, "text/html", "<p>Members only</p>");
    }
  else
    reply (msg, SOUP_STATUS_NOT_FOUND, "text/html", "<p>Not found</p>");
}

/* ------------------------------------------------------------------------ */
/* Headers and body apart on keep-alive connections, as Python's http.server
 * writes them (end_headers(), then wfile.write()), with Nagle left on. */

static gboolean
split_send_all (SplitConn  *conn,
                const char *data,
                gsize       len)
{
  while (len > 0)
    {
      gssize n = g_socket_send (conn->socket, data, len, conn->server->split_stop, NULL);

      if (n <= 0)
        return FALSE;
      data += n;
      len -= (gsize) n;
    }
  return TRUE;
}

/* One reply to the request whose first line is @line: two send() calls.
 * Under /fast/ the same pages come with TCP_NODELAY set, so that nothing
 * holds the body back: the control a test compares with. */
static gboolean
split_reply (SplitConn  *conn,
             const char *line)
{
  g_autofree char *headers = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  const char *status = "200 OK";
  const char *prefix = "";
  const char *path = NULL;
  guint64 n = 0;
  char *end = NULL;

  if (g_str_has_prefix (line, "GET /"))
    path = line + strlen ("GET ");
  if (path != NULL && g_str_has_prefix (path, "/fast/"))
    {
      prefix = "/fast";
      path += strlen (prefix);
    }
  /* Nagle on, as the servers this stands for leave it (GSocket's default) */
  g_socket_set_option (conn->socket, IPPROTO_TCP, TCP_NODELAY, prefix[0] != '\0', NULL);
  if (path != NULL && g_str_has_prefix (path, "/ "))
    n = 0;
  else if (path != NULL && g_ascii_isdigit (path[1]) &&
           (n = g_ascii_strtoull (path + 1, &end, 10)) < G_MAXUINT64 / 16 && g_str_has_prefix (end, ".html "))
    ;
  else
    status = "404 Not Found";

  if (strcmp (status, "200 OK") == 0)
    {
      g_string_append_printf (body, "<!DOCTYPE html><html><head><title>Page %" G_GUINT64_FORMAT "</title></head>"
                              "<body><ul>\n", n);
      for (guint k = 1; k <= 10; k++)
        g_string_append_printf (body, "<li><a href=\"%s/%" G_GUINT64_FORMAT ".html\">page</a></li>\n",
                                prefix, 10 * n + k);
      g_string_append (body, "</ul></body></html>\n");
    }
  else
    g_string_append (body, "<p>Not found</p>\n");

  headers = g_strdup_printf ("HTTP/1.1 %s\r\nServer: split-writes\r\nContent-Type: text/html; charset=utf-8\r\n"
                             "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n", status, body->len);
  g_mutex_lock (&conn->server->mutex);
  conn->server->split_replies++;
  g_mutex_unlock (&conn->server->mutex);
  return split_send_all (conn, headers, strlen (headers)) && split_send_all (conn, body->str, body->len);
}

static gpointer
split_conn_thread (gpointer data)
{
  SplitConn *conn = data;
  g_autoptr(GString) in = g_string_new (NULL);
  char chunk[4096];

  for (;;)
    {
      char *head_end = strstr (in->str, "\r\n\r\n");
      gssize n;

      if (head_end != NULL)
        {
          g_autofree char *line = g_strndup (in->str, strcspn (in->str, "\r\n"));

          /* GET requests have no body: the next one starts after the head */
          g_string_erase (in, 0, head_end + 4 - in->str);
          if (!split_reply (conn, line))
            break;
          continue;
        }
      if (in->len > SPLIT_MAX_HEAD)
        break;
      n = g_socket_receive (conn->socket, chunk, sizeof chunk, conn->server->split_stop, NULL);
      if (n <= 0)
        break;
      g_string_append_len (in, chunk, n);
    }
  g_socket_shutdown (conn->socket, TRUE, TRUE, NULL);
  g_mutex_lock (&conn->server->mutex);
  conn->done = TRUE;
  g_mutex_unlock (&conn->server->mutex);
  return NULL;
}

static void
split_conn_free (SplitConn *conn)
{
  g_thread_join (conn->thread);
  g_socket_close (conn->socket, NULL);
  g_object_unref (conn->socket);
  g_free (conn);
}

static gpointer
split_accept_thread (gpointer data)
{
  IlMisbehavingServer *server = data;

  for (;;)
    {
      GSocket *socket = g_socket_accept (server->split_listener, server->split_stop, NULL);
      GList *ended = NULL;
      SplitConn *conn;

      if (socket == NULL)
        break;
      conn = g_new0 (SplitConn, 1);
      conn->server = server;
      conn->socket = socket;
      g_mutex_lock (&server->mutex);
      /* The connections that have ended are joined here, not at the end only */
      for (GList *l = server->split_conns; l != NULL;)
        {
          GList *next = l->next;

          if (((SplitConn *) l->data)->done)
            {
              server->split_conns = g_list_remove_link (server->split_conns, l);
              ended = g_list_concat (l, ended);
            }
          l = next;
        }
      server->split_connections++;
      conn->thread = g_thread_new ("split-writes", split_conn_thread, conn);
      server->split_conns = g_list_prepend (server->split_conns, conn);
      g_mutex_unlock (&server->mutex);
      g_list_free_full (ended, (GDestroyNotify) split_conn_free);
    }
  return NULL;
}

static gboolean
split_listen (IlMisbehavingServer *server,
              GError             **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  server->split_listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (server->split_listener == NULL ||
      !g_socket_bind (server->split_listener, any, TRUE, error) ||
      !g_socket_listen (server->split_listener, error) ||
      (bound = g_socket_get_local_address (server->split_listener, error)) == NULL)
    return FALSE;
  server->split_url = g_strdup_printf ("http://127.0.0.1:%u/",
                                       g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  server->split_stop = g_cancellable_new ();
  server->split_thread = g_thread_new ("split-writes-accept", split_accept_thread, server);
  return TRUE;
}

static void
split_stop (IlMisbehavingServer *server)
{
  if (server->split_thread != NULL)
    {
      g_cancellable_cancel (server->split_stop);
      g_thread_join (server->split_thread);
      server->split_thread = NULL;
    }
  /* No thread adds to the list now */
  g_list_free_full (g_steal_pointer (&server->split_conns), (GDestroyNotify) split_conn_free);
  if (server->split_listener != NULL)
    g_socket_close (server->split_listener, NULL);
  g_clear_object (&server->split_listener);
  g_clear_object (&server->split_stop);
  g_clear_pointer (&server->split_url, g_free);
}

/* ------------------------------------------------------------------------ */

static guint
find_closed_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  /* Bound and closed again without listening: connecting is refused. */
  if (socket == NULL || !g_socket_bind (socket, any, FALSE, NULL))
    return 9;   /* the discard port: nothing listens there either */
  bound = g_socket_get_local_address (socket, NULL);
  return bound ? g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)) : 9;
}

static gpointer
server_thread (gpointer data)
{
  IlMisbehavingServer *server = data;

  g_main_context_push_thread_default (server->context);
  g_main_loop_run (server->loop);
  g_main_context_pop_thread_default (server->context);
  return NULL;
}

static gboolean
listen_on (IlMisbehavingServer *server,
           guint                port,
           GError             **error)
{
  GSList *uris;
  guint bound = 0;

  server->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server->server, NULL, handle, server, NULL);
  if (!soup_server_listen_local (server->server, port, SOUP_SERVER_LISTEN_IPV4_ONLY, error))
    return FALSE;
  uris = soup_server_get_uris (server->server);
  if (uris)
    bound = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  server->url = g_strdup_printf ("http://127.0.0.1:%u/", bound);
  server->port = bound;
  return split_listen (server, error);
}

static IlMisbehavingServer *
server_new (void)
{
  IlMisbehavingServer *server = g_new0 (IlMisbehavingServer, 1);

  g_mutex_init (&server->mutex);
  server->hits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  server->held = g_hash_table_new_full (NULL, NULL, (GDestroyNotify) held_free, NULL);
  server->huge = g_malloc (HUGE_SIZE);
  memset (server->huge, 'x', HUGE_SIZE);
  memcpy (server->huge, "<html><body>", strlen ("<html><body>"));
  server->closed_port = find_closed_port ();
  return server;
}

IlMisbehavingServer *
il_misbehaving_server_new (GError **error)
{
  IlMisbehavingServer *server = server_new ();
  gboolean ok;

  server->context = g_main_context_new ();
  server->loop = g_main_loop_new (server->context, FALSE);
  g_main_context_push_thread_default (server->context);
  ok = listen_on (server, 0, error);
  g_main_context_pop_thread_default (server->context);
  if (!ok)
    {
      il_misbehaving_server_free (server);
      return NULL;
    }
  server->thread = g_thread_new ("misbehaving-server", server_thread, server);
  return server;
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
il_misbehaving_server_free (IlMisbehavingServer *server)
{
  if (server == NULL)
    return;
  if (server->thread)
    {
      g_main_context_invoke (server->context, quit_loop, server->loop);
      g_thread_join (server->thread);
    }
  split_stop (server);
  g_main_context_push_thread_default (server->context);
  g_hash_table_remove_all (server->held);
  if (server->server)
    soup_server_disconnect (server->server);
  g_clear_object (&server->server);
  while (g_main_context_iteration (server->context, FALSE))
    ;
  g_main_context_pop_thread_default (server->context);
  g_hash_table_unref (server->held);
  g_hash_table_unref (server->hits);
  g_mutex_clear (&server->mutex);
  g_main_loop_unref (server->loop);
  g_main_context_unref (server->context);
  g_free (server->huge);
  g_free (server->url);
  g_free (server);
}

const char *
il_misbehaving_server_get_url (IlMisbehavingServer *server)
{
  return server->url;
}

guint
il_misbehaving_server_get_closed_port (IlMisbehavingServer *server)
{
  return server->closed_port;
}

guint
il_misbehaving_server_get_hits (IlMisbehavingServer *server,
                                const char          *path)
{
  guint n;

  g_mutex_lock (&server->mutex);
  n = GPOINTER_TO_UINT (g_hash_table_lookup (server->hits, path));
  g_mutex_unlock (&server->mutex);
  return n;
}

void
il_misbehaving_server_reset_hits (IlMisbehavingServer *server)
{
  g_mutex_lock (&server->mutex);
  g_hash_table_remove_all (server->hits);
  g_mutex_unlock (&server->mutex);
}

const char *
il_misbehaving_server_get_split_url (IlMisbehavingServer *server)
{
  return server->split_url;
}

guint
il_misbehaving_server_get_split_replies (IlMisbehavingServer *server)
{
  guint n;

  g_mutex_lock (&server->mutex);
  n = server->split_replies;
  g_mutex_unlock (&server->mutex);
  return n;
}

guint
il_misbehaving_server_get_split_connections (IlMisbehavingServer *server)
{
  guint n;

  g_mutex_lock (&server->mutex);
  n = server->split_connections;
  g_mutex_unlock (&server->mutex);
  return n;
}

#ifdef IL_MISBEHAVING_SERVER_MAIN
int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  IlMisbehavingServer *server = server_new ();

  server->context = g_main_context_ref_thread_default ();
  server->loop = g_main_loop_new (server->context, FALSE);
  if (!listen_on (server, argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 0, &error))
    {
      g_printerr ("misbehaving-server: %s\n", error->message);
      return 1;
    }
  g_print ("%s\n%s (headers and body apart)\n", server->url, server->split_url);
  g_main_loop_run (server->loop);
  il_misbehaving_server_free (server);
  return 0;
}
#endif
