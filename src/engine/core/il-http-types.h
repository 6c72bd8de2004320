/* il-http-types.h — what a fetch is asked and answers, without libsoup
 *
 * The types the task runner (il-exec.h) and the worker pass to the
 * network module (il-net.h); the module itself is il-http.h.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define IL_HTTP_DEFAULT_TIMEOUT_MS          15000
#define IL_HTTP_DEFAULT_MAX_BODY            (5 * 1024 * 1024)
#define IL_HTTP_DEFAULT_MAX_REDIRECTS       10
#define IL_HTTP_DEFAULT_MAX_CONNS           64
#define IL_HTTP_DEFAULT_MAX_CONNS_PER_HOST  16

/* One rule for every model: a page gives at most IL_LINKS_MAX_PER_PAGE
 * links, each at most IL_LINKS_MAX_URL_BYTES long once resolved, and
 * IL_LINKS_MAX_PAGE_BYTES of them in all; the rest are dropped where the
 * page is parsed (the worker protocol carries no more either). */
#define IL_LINKS_MAX_PER_PAGE   65536
#define IL_LINKS_MAX_URL_BYTES  4000
#define IL_LINKS_MAX_PAGE_BYTES (16 * 1024 * 1024)

/* May refuse a redirect's target (the crawler: another task has it);
 * the fetch then ends without a body and response->skipped set. */
typedef gboolean (*IlHttpRedirectFunc) (gpointer    user_data,
                                        const char *url);

typedef struct {
  gint64             timeout_ns;      /* the whole request, redirects included */
  gsize              max_body;        /* bytes */
  guint              max_redirects;
  IlHttpRedirectFunc redirect;        /* NULL: follow every redirect */
  gpointer           redirect_data;
} IlHttpOptions;

typedef struct {
  char     *url;            /* the URL asked for, as given; after redirects, the last
                             * hop; without its fragment when it had one */
  guint     status;
  char     *content_type;   /* "text/html", or NULL when the reply had none */
  char     *charset;        /* its charset parameter, or NULL */
  gboolean  is_html;        /* FALSE: not read (non-HTML is ignored) */
  gboolean  skipped;        /* a redirect went to a page another task has */
  guint     redirects;
  GBytes   *body;           /* the page when is_html, else NULL */
} IlHttpResponse;

/* Connection slots shared by the threads of a crawl (il-http.h). */
typedef struct _IlHttpLimiter IlHttpLimiter;

G_END_DECLS
