/* il-http-quickack.c — acknowledging at once what a server sends
 *
 * Many small servers (Python's http.server, Ruby's WEBrick, embedded ones,
 * test fixtures) write a reply's headers and its body in two send() calls
 * and leave Nagle's algorithm on.  The body then waits in the server's
 * kernel until the headers are acknowledged.  On a fresh connection Linux
 * acknowledges at once, but once a connection has gone back and forth —
 * every request after the first on a keep-alive connection — it counts it
 * as interactive ("ping-pong") and delays its ACKs by up to 40 ms, hoping
 * to send them with its next request.  So each reused connection waited
 * about 40 ms per page for nothing (issue 19; README, "The keep-alive
 * stall").
 *
 * The client cannot turn the server's Nagle off, but it can acknowledge at
 * once: TCP_QUICKACK.  It is not a lasting setting — it takes the socket
 * out of ping-pong mode (and sends an ACK that is waiting), and the kernel
 * goes back into that mode the next time the client sends soon after it
 * received — so it is set again on each request, once the request is out:
 * from then until the client sends again, each read that empties the
 * socket of a small segment acknowledges it at once.  Measured against a
 * server that writes its status line, its headers and three pieces of
 * body apart (bench/RESULTS.md), that alone takes the stall away; setting
 * it when the headers are in, or before waiting for the body, alone does
 * not (the headers' own pieces still wait).  It is set once more before waiting
 * for more of a body, which costs nothing when a body comes whole, for a
 * connection that sent meanwhile (HTTP/2 sends while it receives).
 *
 * libsoup gives no message's socket, only the connection being made
 * (SoupMessage::network-event) and the id of a message's connection; so a
 * session keeps, by connection id, a weak reference to each connection's
 * socket, and the connections that are gone are dropped whenever a new
 * one comes.  Linux only: elsewhere this does nothing.
 */

#include "config.h"

#include <netinet/in.h>
#include <netinet/tcp.h>

#include "il-http-private.h"

#ifdef TCP_QUICKACK

static GQuark
sockets_quark (void)
{
  static gsize quark;

  if (g_once_init_enter (&quark))
    g_once_init_leave (&quark, g_quark_from_static_string ("il-http-quickack-sockets"));
  return (GQuark) quark;
}

static void
weak_socket_free (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

static gboolean
socket_is_gone (gpointer key,
                gpointer value,
                gpointer user_data)
{
  g_autoptr(GSocket) socket = g_weak_ref_get (value);

  return socket == NULL || g_socket_is_closed (socket);
}

static void
quickack (GHashTable  *sockets,
          SoupMessage *msg)
{
  guint64 id = soup_message_get_connection_id (msg);
  g_autoptr(GSocket) socket = NULL;
  GWeakRef *ref;

  if (id == 0 || (ref = g_hash_table_lookup (sockets, &id)) == NULL)
    return;
  socket = g_weak_ref_get (ref);
  /* A closed socket refuses the option itself: no stale descriptor. */
  if (socket != NULL)
    g_socket_set_option (socket, IPPROTO_TCP, TCP_QUICKACK, 1, NULL);
}

static void
on_network_event (SoupMessage        *msg,
                  GSocketClientEvent  event,
                  GIOStream          *stream,
                  gpointer            user_data)
{
  GHashTable *sockets = user_data;
  guint64 id = soup_message_get_connection_id (msg);
  GWeakRef *ref;

  /* The TCP connection, before any TLS or proxy is set up over it */
  if (event != G_SOCKET_CLIENT_CONNECTED || !G_IS_SOCKET_CONNECTION (stream) || id == 0)
    return;
  g_hash_table_foreach_remove (sockets, socket_is_gone, NULL);
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, g_socket_connection_get_socket (G_SOCKET_CONNECTION (stream)));
  g_hash_table_replace (sockets, g_memdup2 (&id, sizeof id), ref);
}

static void
on_request_out (SoupMessage *msg,
                gpointer     user_data)
{
  quickack (user_data, msg);
}

void
il_http_quickack_attach (SoupSession *session)
{
  g_object_set_qdata_full (G_OBJECT (session), sockets_quark (),
                           g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                  (GDestroyNotify) weak_socket_free),
                           (GDestroyNotify) g_hash_table_unref);
}

void
il_http_quickack_watch (SoupSession *session,
                        SoupMessage *msg)
{
  GHashTable *sockets = g_object_get_qdata (G_OBJECT (session), sockets_quark ());

  if (sockets == NULL)
    return;
  /* The handlers hold the table: a message may outlive its session. */
  g_signal_connect_data (msg, "network-event", G_CALLBACK (on_network_event),
                         g_hash_table_ref (sockets), (GClosureNotify) g_hash_table_unref, 0);
  g_signal_connect_data (msg, "wrote-body", G_CALLBACK (on_request_out),
                         g_hash_table_ref (sockets), (GClosureNotify) g_hash_table_unref, 0);
}

void
il_http_quickack_now (SoupSession *session,
                      SoupMessage *msg)
{
  GHashTable *sockets = g_object_get_qdata (G_OBJECT (session), sockets_quark ());

  if (sockets != NULL)
    quickack (sockets, msg);
}

#else /* !TCP_QUICKACK */

void
il_http_quickack_attach (SoupSession *session)
{
}

void
il_http_quickack_watch (SoupSession *session,
                        SoupMessage *msg)
{
}

void
il_http_quickack_now (SoupSession *session,
                      SoupMessage *msg)
{
}

#endif
