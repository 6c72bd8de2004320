/* il-demo-site.h — the built-in website the crawler works on offline
 *
 * A deterministic site served by libsoup's SoupServer on 127.0.0.1 only:
 *
 *   /                   the index: links into the pages (through <base>)
 *   /pages/N.html       N from 0 to pages − 1
 *
 * Every page links to @links other pages (page N always to page N + 1, so
 * every page is reachable from the index) in the forms real pages use —
 * relative to its <base href="/">, absolute paths, full URLs, with a
 * fragment, with a "?ref=…" tail (seed 002's crawler strips those) — plus
 * the noise a crawler must ignore: "#top", mailto:, javascript:, data:,
 * links to other hosts, <a> without href.  Anything else is a 404.
 *
 * Each reply is held back by the latency ± a jitter (fixed per path, so
 * runs compare) without holding up the other replies: the message is
 * paused, and one timer for all held replies unpauses each when it is due
 * (the timer is set 50 µs after the soonest, so that replies due together
 * go out together).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define IL_DEMO_SITE_DEFAULT_PAGES       200
#define IL_DEMO_SITE_DEFAULT_LINKS       8
#define IL_DEMO_SITE_DEFAULT_LATENCY_MS  50
#define IL_DEMO_SITE_DEFAULT_JITTER_MS   0

typedef struct {
  guint pages;
  guint links;         /* links to other pages on each page */
  guint latency_ms;
  guint jitter_ms;     /* each reply: latency ± up to this */
} IlDemoSiteOptions;

void         il_demo_site_options_init   (IlDemoSiteOptions       *options);

typedef struct _IlDemoSite IlDemoSite;

/* Listens on 127.0.0.1:@port (0: a free port) and serves from the
 * thread-default main context of the caller, who must iterate it. */
IlDemoSite  *il_demo_site_new            (const IlDemoSiteOptions *options,
                                          guint                    port,
                                          GError                 **error);
/* The same, served by a thread of its own ("il-demo-site") with its own
 * GMainContext; il_demo_site_free() stops and joins it. */
IlDemoSite  *il_demo_site_new_in_thread  (const IlDemoSiteOptions *options,
                                          guint                    port,
                                          GError                 **error);
void         il_demo_site_free           (IlDemoSite              *site);

/* "http://127.0.0.1:PORT/" */
const char  *il_demo_site_get_url        (IlDemoSite              *site);
guint        il_demo_site_get_port       (IlDemoSite              *site);
/* Requests answered or being answered so far (any thread). */
guint        il_demo_site_get_n_requests (IlDemoSite              *site);

/* The URL paths a crawler can reach from "/": "/" and every page. */
GPtrArray   *il_demo_site_list_paths     (const IlDemoSiteOptions *options);

/* How long the reply to @path is held back, in ms: the latency ± up to
 * the jitter, the same for the same path every time. */
guint        il_demo_site_get_delay_ms   (const IlDemoSiteOptions *options,
                                          const char              *path);

/* The HTML of page @page (G_MAXUINT: the index) as served to a request
 * whose Host header was @host. */
char        *il_demo_site_render         (const IlDemoSiteOptions *options,
                                          guint                    page,
                                          const char              *host);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IlDemoSite, il_demo_site_free)

G_END_DECLS
