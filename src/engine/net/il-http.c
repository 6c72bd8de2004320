/* il-http.c — one GET with redirects, a deadline, a body cap and reasons
 *
 * Redirects are followed here rather than by libsoup
 * (SOUP_MESSAGE_NO_REDIRECT), so that each hop is counted against the cap,
 * a loop is recognised as one, and the crawler can refuse a target another
 * task already has.  The deadline covers the whole request, redirects and
 * body included: a timeout source on the fetch's main context cancels it
 * (il-http-deadlines.c).
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "il-http-private.h"

#define READ_CHUNK          (64 * 1024)

G_DEFINE_QUARK (il-http-error-quark, il_http_error)

void
il_http_options_init (IlHttpOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->timeout_ns = (gint64) IL_HTTP_DEFAULT_TIMEOUT_MS * 1000000;
  options->max_body = IL_HTTP_DEFAULT_MAX_BODY;
  options->max_redirects = IL_HTTP_DEFAULT_MAX_REDIRECTS;
}

void
il_http_response_clear (IlHttpResponse *response)
{
  g_clear_pointer (&response->url, g_free);
  g_clear_pointer (&response->content_type, g_free);
  g_clear_pointer (&response->charset, g_free);
  g_clear_pointer (&response->body, g_bytes_unref);
  memset (response, 0, sizeof *response);
}

const char *
il_http_user_agent (void)
{
  return "Interleave/" PACKAGE_VERSION;
}

SoupSession *
il_http_session_new (guint max_conns,
                     guint max_conns_per_host)
{
  SoupSession *session;

  max_conns = MAX (max_conns, 1);
  max_conns_per_host = CLAMP (max_conns_per_host, 1, max_conns);

  /* The limits can only be set here: libsoup reads them once. */
  session = soup_session_new_with_options ("max-conns", (int) max_conns,
                                           "max-conns-per-host", (int) max_conns_per_host,
                                           "user-agent", il_http_user_agent (),
                                           NULL);
  /* A crawl never logs in: a 401 or 407 fails its page like any 4xx.
   * Without the authentication manager a request also costs less (it
   * adds four status handlers to every message). */
  soup_session_remove_feature_by_type (session, SOUP_TYPE_AUTH_MANAGER);
  /* Servers that write headers and body apart would otherwise stall a
   * reused connection for a delayed ACK, 40 ms a page. */
  il_http_quickack_attach (session);
  return session;
}

static gboolean
is_http_scheme (GUri *uri)
{
  const char *scheme = g_uri_get_scheme (uri);

  return (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0) &&
         g_uri_get_host (uri) != NULL && g_uri_get_host (uri)[0] != '\0';
}

char *
il_http_url_host (const char *url)
{
  g_autoptr(GUri) uri = NULL;

  g_return_val_if_fail (url != NULL, NULL);

  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return NULL;
  return g_ascii_strdown (g_uri_get_host (uri), -1);
}

/* ------------------------------------------------------------------------ */
/* One fetch: a GTask through send → (redirect → send)* → read* */

static void
fetch_free (IlHttpFetch *fetch)
{
  if (fetch->outer_handler != 0)
    g_cancellable_disconnect (fetch->outer, fetch->outer_handler);
  g_clear_object (&fetch->outer);
  il_http_deadlines_remove (fetch);
  g_clear_object (&fetch->cancellable);
  g_clear_object (&fetch->stream);
  g_clear_object (&fetch->msg);
  g_clear_pointer (&fetch->uri, g_uri_unref);
  g_clear_pointer (&fetch->chain, g_hash_table_unref);
  if (fetch->buffer)
    g_byte_array_unref (fetch->buffer);
  il_http_response_clear (&fetch->response);
  g_clear_object (&fetch->session);
  g_free (fetch);
}

static void
on_outer_cancelled (GCancellable *outer,
                    gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}


static void
fetch_done (GTask *task)
{
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

/* Takes @error. */
static void
fetch_fail (GTask  *task,
            GError *error)
{
  IlHttpFetch *fetch = g_task_get_task_data (task);

  /* The deadline cancels the request: say so, unless the caller cancelled. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && fetch->timed_out &&
      !g_cancellable_is_cancelled (fetch->outer))
    {
      g_clear_error (&error);
      g_set_error (&error, IL_HTTP_ERROR, IL_HTTP_ERROR_TIMED_OUT,
                   _("timed out after %.3g s"), fetch->options.timeout_ns / 1e9);
    }
  g_task_return_error (task, error);
  g_object_unref (task);
}

G_GNUC_PRINTF (3, 4) static void
fetch_fail_with (GTask      *task,
                 IlHttpError code,
                 const char *format,
                 ...)
{
  GError *error;
  va_list args;

  va_start (args, format);
  error = g_error_new_valist (IL_HTTP_ERROR, code, format, args);
  va_end (args);
  fetch_fail (task, error);
}

static void send_request (GTask *task);

static void on_read (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data);

/* Appends @len bytes that arrived; FALSE when the task has ended (the body is
 * whole, or over the cap). */
static gboolean
body_add (GTask        *task,
          const guint8 *data,
          gsize         len)
{
  IlHttpFetch *fetch = g_task_get_task_data (task);

  if (len == 0)
    {
      g_clear_object (&fetch->stream);
      fetch->response.body = g_byte_array_free_to_bytes (g_steal_pointer (&fetch->buffer));
      fetch_done (task);
      return FALSE;
    }
  if (data != NULL)
    g_byte_array_append (fetch->buffer, data, len);
  if (fetch->buffer->len > fetch->options.max_body)
    {
      g_autofree char *cap = g_format_size_full (fetch->options.max_body, G_FORMAT_SIZE_IEC_UNITS);

      fetch_fail_with (task, IL_HTTP_ERROR_TOO_LARGE, _("larger than %s"), cap);
      return FALSE;
    }
  return TRUE;
}

/* Reads what is already there without waiting (a small page usually came
 * with its headers), then waits for the rest.  Never more than the cap and
 * one byte: enough to know it is over. */
static void
read_body (GTask *task)
{
  IlHttpFetch *fetch = g_task_get_task_data (task);
  GPollableInputStream *pollable = G_IS_POLLABLE_INPUT_STREAM (fetch->stream)
                                   ? G_POLLABLE_INPUT_STREAM (fetch->stream) : NULL;

  while (pollable != NULL && g_pollable_input_stream_can_poll (pollable))
    {
      gsize want = MIN (READ_CHUNK, fetch->options.max_body + 1 - fetch->buffer->len);
      guint old = fetch->buffer->len;
      GError *error = NULL;
      gssize n;

      if (fetch->expected > old)
        want = MIN (want, (gsize) (fetch->expected - old) + 1);
      g_byte_array_set_size (fetch->buffer, old + want);
      n = g_pollable_input_stream_read_nonblocking (pollable, fetch->buffer->data + old, want,
                                                    fetch->cancellable, &error);
      g_byte_array_set_size (fetch->buffer, old + MAX (n, 0));
      if (n < 0)
        {
          if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            {
              fetch_fail (task, error);
              return;
            }
          g_clear_error (&error);
          break;
        }
      if (!body_add (task, NULL, (gsize) n))
        return;
    }

  /* The rest may be held back until what came is acknowledged. */
  il_http_quickack_now (fetch->session, fetch->msg);
  g_input_stream_read_bytes_async (fetch->stream,
                                   MIN (READ_CHUNK, fetch->options.max_body + 1 - fetch->buffer->len),
                                   G_PRIORITY_DEFAULT, fetch->cancellable, on_read, task);
}

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  if (bytes == NULL)
    {
      fetch_fail (task, error);
      return;
    }
  if (body_add (task, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes)))
    read_body (task);
}

static gboolean
is_html_type (const char *content_type)
{
  /* No Content-Type: parse it, as browsers and the seed's crawler do. */
  return content_type == NULL ||
         g_ascii_strcasecmp (content_type, "text/html") == 0 ||
         g_ascii_strcasecmp (content_type, "application/xhtml+xml") == 0;
}

/* A 3xx with a Location: the next hop, or the reason there is none. */
static void
follow_redirect (GTask *task)
{
  IlHttpFetch *fetch = g_task_get_task_data (task);
  SoupMessageHeaders *headers = soup_message_get_response_headers (fetch->msg);
  const char *location = soup_message_headers_get_one (headers, "Location");
  g_autoptr(GUri) next = NULL;
  g_autoptr(GUri) bare = NULL;
  g_autofree char *key = NULL;

  if (location == NULL || location[0] == '\0')
    {
      fetch_fail_with (task, IL_HTTP_ERROR_BAD_REDIRECT,
                       _("redirect (HTTP %u) without a Location"), soup_message_get_status (fetch->msg));
      return;
    }
  next = g_uri_parse_relative (fetch->uri, location, SOUP_HTTP_URI_FLAGS, NULL);
  if (next == NULL || !is_http_scheme (next))
    {
      fetch_fail_with (task, IL_HTTP_ERROR_BAD_REDIRECT, _("redirect to an invalid URL “%s”"), location);
      return;
    }
  bare = g_uri_build (SOUP_HTTP_URI_FLAGS, g_uri_get_scheme (next), g_uri_get_userinfo (next),
                      g_uri_get_host (next), g_uri_get_port (next), g_uri_get_path (next),
                      g_uri_get_query (next), NULL);
  key = g_uri_to_string (bare);
  /* The rule for links holds for redirects, in every model: a worker
   * could not even ask about a longer URL (il-worker-protocol.h). */
  if (strlen (key) > IL_LINKS_MAX_URL_BYTES)
    {
      fetch_fail_with (task, IL_HTTP_ERROR_BAD_REDIRECT, _("redirect to a URL longer than %d bytes"),
                       IL_LINKS_MAX_URL_BYTES);
      return;
    }

  if (fetch->chain == NULL)
    {
      /* The first redirect: the chain starts at the URL asked for. */
      fetch->chain = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_add (fetch->chain, g_uri_to_string (fetch->uri));
    }
  if (g_hash_table_contains (fetch->chain, key))
    {
      fetch_fail_with (task, IL_HTTP_ERROR_REDIRECT_LOOP, _("redirect loop (back to %s)"), key);
      return;
    }
  if (++fetch->response.redirects > fetch->options.max_redirects)
    {
      fetch_fail_with (task, IL_HTTP_ERROR_TOO_MANY_REDIRECTS, _("more than %u redirects"),
                       fetch->options.max_redirects);
      return;
    }
  g_hash_table_add (fetch->chain, g_strdup (key));
  g_clear_pointer (&fetch->uri, g_uri_unref);
  fetch->uri = g_steal_pointer (&bare);
  fetch->url_changed = TRUE;

  if (fetch->options.redirect && !fetch->options.redirect (fetch->options.redirect_data, key))
    {
      g_free (fetch->response.url);
      fetch->response.url = g_steal_pointer (&key);
      fetch->response.skipped = TRUE;
      fetch_done (task);
      return;
    }
  send_request (task);
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  IlHttpFetch *fetch = g_task_get_task_data (task);
  g_autoptr(GInputStream) stream = NULL;
  SoupMessageHeaders *headers;
  g_autoptr(GHashTable) params = NULL;
  GError *error = NULL;
  const char *content_type;
  goffset length;
  guint status;

  stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (stream == NULL)
    {
      fetch_fail (task, error);
      return;
    }

  status = soup_message_get_status (fetch->msg);
  headers = soup_message_get_response_headers (fetch->msg);
  if (fetch->url_changed)
    {
      g_free (fetch->response.url);
      fetch->response.url = g_uri_to_string (fetch->uri);
    }
  fetch->response.status = status;

  if (SOUP_STATUS_IS_REDIRECTION (status) && status != SOUP_STATUS_NOT_MODIFIED &&
      soup_message_headers_get_one (headers, "Location") != NULL)
    {
      /* Dropping the unread stream closes that connection; redirects are few. */
      g_clear_object (&stream);
      follow_redirect (task);
      return;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      const char *phrase = soup_message_get_reason_phrase (fetch->msg);

      if (phrase == NULL || phrase[0] == '\0')
        phrase = soup_status_get_phrase (status);
      fetch_fail_with (task, IL_HTTP_ERROR_STATUS, _("HTTP %u %s"), status, phrase ? phrase : "");
      return;
    }

  /* The parameters only for a charset (they cost a hash table). */
  content_type = soup_message_headers_get_one (headers, "Content-Type");
  content_type = soup_message_headers_get_content_type (headers,
                                                        content_type != NULL && strstr (content_type, "=") != NULL
                                                          ? &params : NULL);
  fetch->response.content_type = g_strdup (content_type);
  if (params != NULL)
    fetch->response.charset = g_strdup (g_hash_table_lookup (params, "charset"));
  fetch->response.is_html = is_html_type (content_type);
  if (!fetch->response.is_html)
    {
      fetch_done (task);
      return;
    }

  length = soup_message_headers_get_content_length (headers);
  if (length > 0 && (guint64) length > fetch->options.max_body)
    {
      g_autofree char *cap = g_format_size_full (fetch->options.max_body, G_FORMAT_SIZE_IEC_UNITS);

      fetch_fail_with (task, IL_HTTP_ERROR_TOO_LARGE, _("larger than %s"), cap);
      return;
    }

  fetch->stream = g_steal_pointer (&stream);
  fetch->expected = MAX (length, 0);
  fetch->buffer = g_byte_array_sized_new (length > 0 ? (guint) length + 1 : 16 * 1024);
  read_body (task);
}

static void
send_request (GTask *task)
{
  IlHttpFetch *fetch = g_task_get_task_data (task);
  SoupMessageHeaders *headers;

  g_clear_object (&fetch->msg);
  fetch->msg = soup_message_new_from_uri (SOUP_METHOD_GET, fetch->uri);
  soup_message_set_flags (fetch->msg, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (fetch->msg);
  soup_message_headers_replace (headers, "Accept",
                                "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1");
  il_http_quickack_watch (fetch->session, fetch->msg);
  soup_session_send_async (fetch->session, fetch->msg, G_PRIORITY_DEFAULT,
                           fetch->cancellable, on_sent, task);
}

void
il_http_fetch_async (SoupSession         *session,
                     const char          *url,
                     const IlHttpOptions *options,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  GTask *task;
  IlHttpFetch *fetch;
  g_autoptr(GUri) uri = NULL;

  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (url != NULL);

  task = g_task_new (NULL, NULL, callback, user_data);
  g_task_set_source_tag (task, il_http_fetch_async);

  fetch = g_new0 (IlHttpFetch, 1);
  fetch->session = g_object_ref (session);
  if (options)
    fetch->options = *options;
  else
    il_http_options_init (&fetch->options);
  fetch->cancellable = g_cancellable_new ();
  g_task_set_task_data (task, fetch, (GDestroyNotify) fetch_free);

  fetch->response.url = g_strdup (url);
  /* As for links and redirects, in every model */
  if (strlen (url) > IL_LINKS_MAX_URL_BYTES)
    {
      fetch_fail_with (task, IL_HTTP_ERROR_INVALID_URL, _("URL longer than %d bytes"), IL_LINKS_MAX_URL_BYTES);
      return;
    }
  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL || !is_http_scheme (uri))
    {
      fetch_fail_with (task, IL_HTTP_ERROR_INVALID_URL, _("invalid URL “%s”"), url);
      return;
    }
  /* Without its fragment, which is not sent; the reply's URL says so. */
  if (g_uri_get_fragment (uri) != NULL)
    {
      fetch->uri = g_uri_build (SOUP_HTTP_URI_FLAGS, g_uri_get_scheme (uri), g_uri_get_userinfo (uri),
                                g_uri_get_host (uri), g_uri_get_port (uri), g_uri_get_path (uri),
                                g_uri_get_query (uri), NULL);
      fetch->url_changed = TRUE;
    }
  else
    fetch->uri = g_steal_pointer (&uri);

  if (fetch->options.timeout_ns > 0)
    {
      fetch->deadline_us = g_get_monotonic_time () + fetch->options.timeout_ns / 1000;
      il_http_deadlines_add (fetch, g_task_get_context (task));
    }
  if (cancellable)
    {
      fetch->outer = g_object_ref (cancellable);
      /* Runs at once when it is already cancelled. */
      if (!il_http_deadlines_watch_outer (fetch, g_task_get_context (task)) || g_cancellable_is_cancelled (cancellable))
        fetch->outer_handler = g_cancellable_connect (cancellable, G_CALLBACK (on_outer_cancelled),
                                                      fetch->cancellable, NULL);
    }

  send_request (task);
}

gboolean
il_http_fetch_finish (GAsyncResult   *result,
                      IlHttpResponse *response,
                      GError        **error)
{
  IlHttpFetch *fetch;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (response != NULL, FALSE);

  fetch = g_task_get_task_data (G_TASK (result));
  memset (response, 0, sizeof *response);
  if (!g_task_propagate_boolean (G_TASK (result), error))
    {
      response->url = g_strdup (fetch->response.url);
      response->status = fetch->response.status;
      response->redirects = fetch->response.redirects;
      return FALSE;
    }
  *response = fetch->response;
  memset (&fetch->response, 0, sizeof fetch->response);
  return TRUE;
}

/* ------------------------------------------------------------------------ */

char *
il_http_describe_error (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain == IL_HTTP_ERROR)
    return g_strdup (error->message);
  if (error->domain == G_RESOLVER_ERROR)
    return g_strdup_printf (_("host not found: %s"), error->message);
  if (error->domain == G_IO_ERROR)
    {
      switch (error->code)
        {
        case G_IO_ERROR_CANCELLED:
          return g_strdup (_("cancelled"));
        case G_IO_ERROR_CONNECTION_REFUSED:
          return g_strdup (_("connection refused"));
        case G_IO_ERROR_TIMED_OUT:
          return g_strdup (_("timed out"));
        case G_IO_ERROR_HOST_NOT_FOUND:
        case G_IO_ERROR_HOST_UNREACHABLE:
        case G_IO_ERROR_NETWORK_UNREACHABLE:
          return g_strdup_printf (_("host not reachable: %s"), error->message);
        case G_IO_ERROR_BROKEN_PIPE:
        case G_IO_ERROR_PARTIAL_INPUT:
          return g_strdup_printf (_("connection reset: %s"), error->message);
        default:
          break;
        }
      if (strstr (error->message, "reset") != NULL)
        return g_strdup_printf (_("connection reset: %s"), error->message);
    }
  return g_strdup (error->message);
}
