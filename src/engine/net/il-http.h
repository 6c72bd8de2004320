/* il-http.h — fetching one page, politely and safely
 *
 * One fetch is a GET with redirects handled here (each hop counted, a
 * loop detected), a limit on the whole request's time, a cap on the body,
 * and a User-Agent naming the app.  It fails with an error that
 * il_http_describe_error() turns into the short reason a failed task
 * shows: "connection refused", "HTTP 404 Not Found", "timed out after
 * 15 s", "larger than 5 MiB", "redirect loop", …
 *
 * The event loop model calls il_http_fetch_async() on its own context.
 * The thread and process models call il_http_fetch(), which blocks the
 * calling thread: each thread has a session of its own (created on first
 * use, freed when the thread ends) on a private main context that only
 * that fetch iterates, so the thread sleeps in poll() until the reply,
 * the deadline or a cancellation — a blocking request, as requests.get()
 * is one.
 */
#pragma once

#include <libsoup/soup.h>

#include "il-http-types.h"

G_BEGIN_DECLS

#define IL_HTTP_ERROR (il_http_error_quark ())
GQuark il_http_error_quark (void);

typedef enum {
  IL_HTTP_ERROR_INVALID_URL,         /* not an http(s) URL */
  IL_HTTP_ERROR_STATUS,              /* 4xx, 5xx or an unexpected status */
  IL_HTTP_ERROR_TOO_LARGE,           /* the body is over the cap */
  IL_HTTP_ERROR_REDIRECT_LOOP,
  IL_HTTP_ERROR_TOO_MANY_REDIRECTS,
  IL_HTTP_ERROR_BAD_REDIRECT,        /* no or an invalid Location */
  IL_HTTP_ERROR_TIMED_OUT,           /* the whole request took too long */
} IlHttpError;

void il_http_options_init (IlHttpOptions *options);

void il_http_response_clear (IlHttpResponse *response);

/* The User-Agent: "Interleave/0.1.0". */
const char  *il_http_user_agent        (void);

/* A session with libsoup's connection limits raised (its defaults, 10 in
 * all and 2 per host, would queue a crawler's requests); it belongs to the
 * thread-default main context of the caller. */
SoupSession *il_http_session_new       (guint max_conns,
                                        guint max_conns_per_host);

void         il_http_fetch_async       (SoupSession         *session,
                                        const char          *url,
                                        const IlHttpOptions *options,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean     il_http_fetch_finish      (GAsyncResult        *result,
                                        IlHttpResponse      *response,
                                        GError             **error);

/* Blocks the calling thread; uses that thread's own session. */
gboolean     il_http_fetch             (const char          *url,
                                        const IlHttpOptions *options,
                                        GCancellable        *cancellable,
                                        IlHttpResponse      *response,
                                        GError             **error);

/* The reason a task shows when its fetch failed; translated. */
char        *il_http_describe_error    (const GError *error);

/* ------------------------------------------------------------------------ */
/* Connection slots: at most @max_total requests at once, at most
 * @max_per_host to one host.  Thread-safe. */

IlHttpLimiter *il_http_limiter_new         (guint          max_total,
                                            guint          max_per_host);
void           il_http_limiter_free        (IlHttpLimiter *limiter);
gboolean       il_http_limiter_try_acquire (IlHttpLimiter *limiter,
                                            const char    *host);
/* Blocks until a slot is free (TRUE) or @cancellable is cancelled. */
gboolean       il_http_limiter_acquire     (IlHttpLimiter *limiter,
                                            const char    *host,
                                            GCancellable  *cancellable);
void           il_http_limiter_release     (IlHttpLimiter *limiter,
                                            const char    *host);

/* The lower-cased host of @url, or NULL when it has none. */
char          *il_http_url_host            (const char    *url);

G_END_DECLS
