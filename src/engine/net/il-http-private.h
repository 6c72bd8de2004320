/* il-http-private.h — what the files of il-http.h share
 *
 * A fetch under way (il-http.c), the deadlines of a session's fetches
 * (il-http-deadlines.c), which cancel a fetch when its time is up and
 * watch the caller's cancellable for all of them, and the prompt ACKs on
 * a session's connections (il-http-quickack.c).
 */
#pragma once

#include "il-http.h"

G_BEGIN_DECLS

typedef struct _IlHttpDeadlines IlHttpDeadlines;

/* One fetch: a GTask through send → (redirect → send)* → read* */
typedef struct {
  SoupSession     *session;
  IlHttpOptions    options;
  GUri            *uri;
  SoupMessage     *msg;
  GHashTable      *chain;            /* URLs of this redirect chain: made at the first */
  GCancellable    *cancellable;      /* the caller's, plus the deadline */
  GCancellable    *outer;
  gulong           outer_handler;
  gint64           deadline_us;      /* monotonic; 0: none */
  GList            deadline_link;    /* in the session's deadlines, or unlinked */
  IlHttpDeadlines *deadlines;
  gboolean         timed_out;
  gboolean         url_changed;      /* response.url is no longer the URL asked for */
  GInputStream    *stream;
  GByteArray      *buffer;
  goffset          expected;         /* Content-Length, or 0 */
  IlHttpResponse   response;
} IlHttpFetch;

/* Puts @fetch, its deadline_us set, in order among its session's fetches;
 * the session's deadlines are made on first use, their sources in
 * @context. */
void     il_http_deadlines_add         (IlHttpFetch  *fetch,
                                        GMainContext *context);
/* Takes @fetch out of its session's deadlines, if it is in them. */
void     il_http_deadlines_remove      (IlHttpFetch  *fetch);
/* TRUE when the session's deadlines watch @fetch's outer cancellable
 * (@fetch is in them), so that it needs no handler of its own. */
gboolean il_http_deadlines_watch_outer (IlHttpFetch  *fetch,
                                        GMainContext *context);

/* Prompt ACKs (TCP_QUICKACK, Linux): a session made with
 * il_http_session_new() keeps its connections' sockets by connection id. */
void     il_http_quickack_attach       (SoupSession  *session);
/* Before @msg is sent: note the socket of a connection made for it, and
 * acknowledge at once what arrives once its request is out. */
void     il_http_quickack_watch        (SoupSession  *session,
                                        SoupMessage  *msg);
/* Acknowledges at once what arrived on @msg's connection, and what
 * arrives until the client sends again: before waiting for more body. */
void     il_http_quickack_now          (SoupSession  *session,
                                        SoupMessage  *msg);

G_END_DECLS
