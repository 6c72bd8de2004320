/* il-crawler.h — seed 002's crawler: which links become pages to fetch
 *
 * Links come out of a page with il_links_extract() (il-links.h), where the
 * page was fetched — a thread, the event loop, or a worker process, which
 * sends the list back to the parent.
 *
 * The crawl's state lives in the process that runs the run: the visited
 * set (under a mutex), the page budget (--max-pages), the start host, the
 * connection slots, and the built-in demo site when no URL was given.
 * il_crawler_admit() turns a page's links into the URLs of new tasks.
 */
#pragma once

#include <glib.h>

#include "il-http-types.h"
#include "il-task.h"

G_BEGIN_DECLS

typedef struct _IlCrawler IlCrawler;

/* Starts the built-in demo site (its own thread, a free loopback port)
 * when @settings has no start URL; its replies take @site_latency_ms. */
IlCrawler  *il_crawler_new                 (const IlCrawlSettings *settings,
                                            gint64                 site_latency_ms,
                                            GError               **error);
void        il_crawler_free                (IlCrawler  *crawler);

const char *il_crawler_get_start_url       (IlCrawler  *crawler);
/* NULL unless the built-in site is being crawled. */
const char *il_crawler_get_site_url        (IlCrawler  *crawler);
guint       il_crawler_get_max_pages       (IlCrawler  *crawler);
/* Limits, redirects refused when another task has the target. */
const IlHttpOptions *il_crawler_get_http_options (IlCrawler *crawler);
IlHttpLimiter *il_crawler_get_limiter      (IlCrawler  *crawler);
guint       il_crawler_get_max_connections (IlCrawler  *crawler);
guint       il_crawler_get_max_connections_per_host (IlCrawler *crawler);

/* Claims @url for a task that exists already (the start page). */
void        il_crawler_claim               (IlCrawler  *crawler,
                                            const char *url);
/* Of @urls (absolute, from il_links_extract()), those that become
 * new pages: on an allowed host, not seen before, within the page budget.
 * They are marked seen.  Thread-safe; returns a new array of strings. */
GPtrArray  *il_crawler_admit               (IlCrawler  *crawler,
                                            GPtrArray  *urls);
/* Whether a link a task found is worth keeping until the task ends and
 * its links go to il_crawler_admit() (a worker's, which come one by one):
 * not when the task already holds @n_held that would fill what is left of
 * the page budget, nor when il_crawler_admit() would refuse it now.  So
 * what a crawl keeps is bounded by --max-pages, not by what servers send.
 * A kept link counts until il_crawler_release(). */
gboolean    il_crawler_hold                (IlCrawler  *crawler,
                                            const char *url,
                                            guint       n_held);
void        il_crawler_release             (IlCrawler  *crawler,
                                            guint       n_held);
/* The most URLs the crawl kept at once: pages seen (the visited set) and
 * links held for tasks that have not ended. */
guint       il_crawler_get_peak_urls       (IlCrawler  *crawler);

/* A short task name: path and query on the start host, else the URL. */
char       *il_crawler_task_name           (IlCrawler  *crawler,
                                            const char *url);

G_END_DECLS
