/* il-net.h — the engine's network half (libsoup, libxml2) as one table
 *
 * il-exec.c reaches fetching and link extraction only through this table
 * (IlExecContext.net), so that interleave-worker can start without
 * libsoup, libxml2 and their libraries (7 ms a start instead of 2.4 ms on
 * the development machine) and load them as a module, the first time a
 * task needs them.  In interleave the table is linked in: il_net.
 */
#pragma once

#include <glib.h>

#include "il-cancel.h"
#include "il-http-types.h"

G_BEGIN_DECLS

/* The end of http_fetch_async(): @ok with *@response filled (the callee
 * takes its contents), else @reason (translated; the callee takes it). */
typedef void (*IlNetFetchDone) (gpointer        user_data,
                                gboolean        ok,
                                IlHttpResponse *response,
                                char           *reason);

typedef struct {
  /* What the table was built with: the worker takes a module only if they
   * are its own (IL_NET_ABI), so a stale one is refused, not trusted. */
  const char  *version;
  gsize        abi;
  void       (*http_options_init)   (IlHttpOptions        *options);
  gboolean   (*http_fetch)          (const char           *url,
                                     const IlHttpOptions  *options,
                                     GCancellable         *cancellable,
                                     IlHttpResponse       *response,
                                     GError              **error);
  char      *(*http_describe_error) (const GError         *error);
  void       (*http_response_clear) (IlHttpResponse       *response);
  char      *(*http_url_host)       (const char           *url);
  gboolean   (*limiter_try_acquire) (IlHttpLimiter        *limiter,
                                     const char           *host);
  gboolean   (*limiter_acquire)     (IlHttpLimiter        *limiter,
                                     const char           *host,
                                     GCancellable         *cancellable);
  void       (*limiter_release)     (IlHttpLimiter        *limiter,
                                     const char           *host);
  GPtrArray *(*extract_links)       (const char           *page_url,
                                     const char           *html,
                                     gsize                 length,
                                     const char           *charset,
                                     guint                *n_dropped,
                                     GError              **error);
  /* An event loop's fetches (interleave-worker's loop): a SoupSession,
   * opaque here, on the caller's thread-default main context, and a
   * request on it that calls @done there. */
  gpointer   (*http_session_new)    (guint                 max_conns,
                                     guint                 max_conns_per_host);
  void       (*http_session_free)   (gpointer              session);
  void       (*http_fetch_async)    (gpointer              session,
                                     const char           *url,
                                     const IlHttpOptions  *options,
                                     IlNetFetchDone        done,
                                     gpointer              user_data);
} IlNet;

#define IL_NET_ABI (sizeof (IlNet) * 1000000 + sizeof (IlHttpOptions) * 1000 + sizeof (IlHttpResponse))

/* The table, by this name in the module too (g_module_symbol). */
extern const IlNet il_net;

/* The module's file name in the build tree and installed */
#define IL_NET_MODULE_NAME "libinterleave-net.so"

G_END_DECLS
