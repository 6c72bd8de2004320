/* il-links.h — the links out of a page of HTML
 *
 * A pure function: HTML in (libxml2's HTML parser, never hand scanning),
 * absolute URLs out.  Part of the network module (il-net.h).
 */
#pragma once

#include <glib.h>

#include "il-http-types.h"

G_BEGIN_DECLS

/* The http(s) links of a page, in document order, each once: <a href>
 * resolved with GUri against the page's URL and its <base href>,
 * fragments removed, seed 002's "?ref…" tails dropped (a query starting
 * with "ref"), scheme and host lower-cased, default ports removed.
 * mailto:, javascript:, data:, other schemes, <a> without href and hrefs
 * that do not parse are left out.  @charset is the reply's (Content-Type)
 * or NULL: then the page's <meta charset>, else libxml2's default.  NULL
 * with @error set when libxml2 made no document of it. */
GPtrArray  *il_links_extract       (const char  *page_url,
                                    const char  *html,
                                    gsize        length,
                                    const char  *charset,
                                    GError     **error);

/* The same, and how many links were dropped: longer than
 * IL_LINKS_MAX_URL_BYTES, or past IL_LINKS_MAX_PER_PAGE (il-http-types.h). */
GPtrArray  *il_links_extract_counted (const char  *page_url,
                                      const char  *html,
                                      gsize        length,
                                      const char  *charset,
                                      guint       *n_dropped,
                                      GError     **error);

/* The form URLs are compared in; NULL when @url is not an absolute
 * http(s) URL. */
char       *il_links_normalise_url (const char  *url);
/* The same for a URL parsed with SOUP_HTTP_URI_FLAGS. */
char       *il_links_normalise_uri (GUri        *uri);

G_END_DECLS
