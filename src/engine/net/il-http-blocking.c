/* il-http-blocking.c — il_http_fetch(): a blocking fetch for a thread
 *
 * Each thread that fetches has a session of its own on a private main
 * context that only its fetches iterate: the thread sleeps in poll() until
 * the reply, the deadline or a cancellation, as a thread in requests.get()
 * does.  The session is made on the thread's first fetch and freed when
 * the thread ends.
 */

#include "config.h"

#include "il-http.h"

#define BLOCKING_CONNS      4       /* a thread fetches one page at a time */

typedef struct {
  GMainContext *context;
  SoupSession  *session;
} ThreadSession;

static void
thread_session_free (gpointer data)
{
  ThreadSession *ts = data;

  g_main_context_push_thread_default (ts->context);
  g_object_unref (ts->session);
  while (g_main_context_iteration (ts->context, FALSE))
    ;
  g_main_context_pop_thread_default (ts->context);
  g_main_context_unref (ts->context);
  g_free (ts);
}

static GPrivate thread_session = G_PRIVATE_INIT (thread_session_free);

static ThreadSession *
get_thread_session (void)
{
  ThreadSession *ts = g_private_get (&thread_session);

  if (ts == NULL)
    {
      ts = g_new0 (ThreadSession, 1);
      ts->context = g_main_context_new ();
      g_main_context_push_thread_default (ts->context);
      ts->session = il_http_session_new (BLOCKING_CONNS, BLOCKING_CONNS);
      g_main_context_pop_thread_default (ts->context);
      g_private_set (&thread_session, ts);
    }
  return ts;
}

static void
on_blocking_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

gboolean
il_http_fetch (const char          *url,
               const IlHttpOptions *options,
               GCancellable        *cancellable,
               IlHttpResponse      *response,
               GError             **error)
{
  ThreadSession *ts = get_thread_session ();
  GAsyncResult *result = NULL;
  gboolean ok;

  g_main_context_push_thread_default (ts->context);
  il_http_fetch_async (ts->session, url, options, cancellable, on_blocking_done, &result);
  while (result == NULL)
    g_main_context_iteration (ts->context, TRUE);
  ok = il_http_fetch_finish (result, response, error);
  /* libsoup completes the message when its stream goes, on this context. */
  g_object_unref (result);
  while (g_main_context_iteration (ts->context, FALSE))
    ;
  g_main_context_pop_thread_default (ts->context);

  return ok;
}
