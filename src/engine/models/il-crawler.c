/* il-crawler.c — the crawl's shared state: which links become pages */

#include "config.h"

#include <string.h>
#include <libsoup/soup.h>
#include <glib/gi18n-lib.h>

#include "il-crawler.h"
#include "il-demo-site.h"
#include "il-http.h"
#include "il-links.h"

#define URI_FLAGS (SOUP_HTTP_URI_FLAGS | G_URI_FLAGS_PARSE_RELAXED)

/* ------------------------------------------------------------------------ */
/* The crawl */

struct _IlCrawler {
  GMutex         mutex;
  GHashTable    *visited;          /* normalised URLs (under mutex) */
  guint          n_pages;          /* admitted, the start page included */
  guint          max_pages;
  guint          n_held;           /* links kept until their task ends (under mutex) */
  guint          peak_urls;        /* the most of visited + n_held at once */
  gboolean       allow_other_hosts;
  char          *start_url;
  char          *start_host;       /* lower case; NULL when the URL is invalid */
  char          *start_scheme;     /* with the host and port: the start's origin */
  gint           start_port;
  char          *start_origin;     /* "http://host:port" for task names */
  IlHttpOptions  http;
  IlHttpLimiter *limiter;
  guint          max_connections;
  guint          max_connections_per_host;
  IlDemoSite    *site;
};

/* The port a URL reaches: its own, or its scheme's. */
static gint
effective_port (GUri *uri)
{
  gint port = g_uri_get_port (uri);

  if (port > 0)
    return port;
  return g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0 ? 443 : 80;
}

/* "The same host" is the start page's origin, as browsers define it: the
 * same scheme, host and port. */
static gboolean
same_origin (IlCrawler *crawler,
             GUri      *uri)
{
  const char *host = g_uri_get_host (uri);

  return crawler->start_host != NULL && host != NULL &&
         g_ascii_strcasecmp (host, crawler->start_host) == 0 &&
         g_ascii_strcasecmp (g_uri_get_scheme (uri), crawler->start_scheme) == 0 &&
         effective_port (uri) == crawler->start_port;
}

static gboolean
host_allowed (IlCrawler  *crawler,
              const char *url)
{
  g_autoptr(GUri) uri = NULL;

  if (crawler->allow_other_hosts)
    return TRUE;
  uri = g_uri_parse (url, URI_FLAGS, NULL);
  return uri != NULL && same_origin (crawler, uri);
}

/* Under the mutex: the URLs the crawl keeps, for il_crawler_get_peak_urls(). */
static inline void
note_size (IlCrawler *crawler)
{
  crawler->peak_urls = MAX (crawler->peak_urls, g_hash_table_size (crawler->visited) + crawler->n_held);
}

/* Redirects: one task per page, so a target another task has is refused. */
static gboolean
on_redirect (gpointer    user_data,
             const char *url)
{
  IlCrawler *crawler = user_data;
  g_autofree char *key = il_links_normalise_url (url);
  gboolean ok;

  if (key == NULL || !host_allowed (crawler, key))
    return FALSE;
  g_mutex_lock (&crawler->mutex);
  ok = !g_hash_table_contains (crawler->visited, key);
  if (ok)
    {
      g_hash_table_add (crawler->visited, g_steal_pointer (&key));
      note_size (crawler);
    }
  g_mutex_unlock (&crawler->mutex);
  return ok;
}

IlCrawler *
il_crawler_new (const IlCrawlSettings *settings,
                gint64                 site_latency_ms,
                GError               **error)
{
  IlCrawler *crawler;
  g_autofree char *start = NULL;

  g_return_val_if_fail (settings != NULL, NULL);

  crawler = g_new0 (IlCrawler, 1);
  g_mutex_init (&crawler->mutex);
  crawler->visited = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  crawler->max_pages = MAX (settings->max_pages, 1);
  crawler->allow_other_hosts = settings->allow_other_hosts;
  crawler->max_connections = MAX (settings->max_connections, 1);
  crawler->max_connections_per_host = CLAMP (settings->max_connections_per_host, 1,
                                             (gint) crawler->max_connections);
  crawler->limiter = il_http_limiter_new (crawler->max_connections, crawler->max_connections_per_host);

  il_http_options_init (&crawler->http);
  crawler->http.timeout_ns = settings->timeout_ms * 1000000;
  crawler->http.max_body = (gsize) settings->max_body_bytes;
  crawler->http.max_redirects = settings->max_redirects;
  crawler->http.redirect = on_redirect;
  crawler->http.redirect_data = crawler;

  if (settings->start_url == NULL)
    {
      IlDemoSiteOptions options;

      il_demo_site_options_init (&options);
      options.pages = settings->site_pages;
      options.links = settings->site_links;
      options.latency_ms = (guint) CLAMP (site_latency_ms, 0, G_MAXUINT);
      options.jitter_ms = (guint) CLAMP (settings->site_jitter_ms, 0, G_MAXUINT);
      crawler->site = il_demo_site_new_in_thread (&options, 0, error);
      if (crawler->site == NULL)
        {
          g_prefix_error (error, _("cannot start the demo site: "));
          il_crawler_free (crawler);
          return NULL;
        }
      start = g_strdup (il_demo_site_get_url (crawler->site));
    }
  else
    start = g_strdup (settings->start_url);

  /* An invalid URL stays as given: its task fails with the reason. */
  crawler->start_url = il_links_normalise_url (start);
  if (crawler->start_url == NULL)
    crawler->start_url = g_steal_pointer (&start);
  crawler->start_host = il_http_url_host (crawler->start_url);
  if (crawler->start_host != NULL)
    {
      g_autoptr(GUri) uri = g_uri_parse (crawler->start_url, SOUP_HTTP_URI_FLAGS, NULL);

      crawler->start_scheme = g_ascii_strdown (g_uri_get_scheme (uri), -1);
      crawler->start_port = effective_port (uri);
      crawler->start_origin = g_uri_join (SOUP_HTTP_URI_FLAGS, g_uri_get_scheme (uri), NULL,
                                          g_uri_get_host (uri), g_uri_get_port (uri), "", NULL, NULL);
      /* The normalised empty path is "/": the origin ends before it. */
      if (g_str_has_suffix (crawler->start_origin, "/"))
        crawler->start_origin[strlen (crawler->start_origin) - 1] = '\0';
    }
  return crawler;
}

void
il_crawler_free (IlCrawler *crawler)
{
  if (crawler == NULL)
    return;

  g_clear_pointer (&crawler->site, il_demo_site_free);
  il_http_limiter_free (crawler->limiter);
  g_hash_table_unref (crawler->visited);
  g_free (crawler->start_url);
  g_free (crawler->start_host);
  g_free (crawler->start_origin);
  g_free (crawler->start_scheme);
  g_mutex_clear (&crawler->mutex);
  g_free (crawler);
}

const char *
il_crawler_get_start_url (IlCrawler *crawler)
{
  return crawler->start_url;
}

const char *
il_crawler_get_site_url (IlCrawler *crawler)
{
  return crawler->site ? il_demo_site_get_url (crawler->site) : NULL;
}

guint
il_crawler_get_max_pages (IlCrawler *crawler)
{
  return crawler->max_pages;
}

const IlHttpOptions *
il_crawler_get_http_options (IlCrawler *crawler)
{
  return &crawler->http;
}

IlHttpLimiter *
il_crawler_get_limiter (IlCrawler *crawler)
{
  return crawler->limiter;
}

guint
il_crawler_get_max_connections (IlCrawler *crawler)
{
  return crawler->max_connections;
}

guint
il_crawler_get_max_connections_per_host (IlCrawler *crawler)
{
  return crawler->max_connections_per_host;
}

void
il_crawler_claim (IlCrawler  *crawler,
                  const char *url)
{
  g_autofree char *key = il_links_normalise_url (url);

  g_mutex_lock (&crawler->mutex);
  crawler->n_pages++;
  g_hash_table_add (crawler->visited, key ? g_steal_pointer (&key) : g_strdup (url));
  note_size (crawler);
  g_mutex_unlock (&crawler->mutex);
}

gboolean
il_crawler_hold (IlCrawler  *crawler,
                 const char *url,
                 guint       n_held)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *key = NULL;
  gboolean keep;

  g_return_val_if_fail (crawler != NULL && url != NULL, FALSE);

  /* The budget only shrinks: a task whose first links already fill what
   * is left of it needs no more, whatever other tasks admit meanwhile. */
  g_mutex_lock (&crawler->mutex);
  keep = n_held < crawler->max_pages - MIN (crawler->n_pages, crawler->max_pages) &&
         !g_hash_table_contains (crawler->visited, url);
  g_mutex_unlock (&crawler->mutex);
  if (!keep)
    return FALSE;
  /* What il_crawler_admit() would refuse anyway */
  uri = g_uri_parse (url, URI_FLAGS, NULL);
  key = uri ? il_links_normalise_uri (uri) : NULL;
  if (key == NULL || (!crawler->allow_other_hosts && !same_origin (crawler, uri)))
    return FALSE;
  g_mutex_lock (&crawler->mutex);
  keep = !g_hash_table_contains (crawler->visited, key);
  if (keep)
    {
      crawler->n_held++;
      note_size (crawler);
    }
  g_mutex_unlock (&crawler->mutex);
  return keep;
}

void
il_crawler_release (IlCrawler *crawler,
                    guint      n_held)
{
  g_return_if_fail (crawler != NULL);

  g_mutex_lock (&crawler->mutex);
  g_warn_if_fail (n_held <= crawler->n_held);
  crawler->n_held -= MIN (n_held, crawler->n_held);
  g_mutex_unlock (&crawler->mutex);
}

guint
il_crawler_get_peak_urls (IlCrawler *crawler)
{
  guint peak;

  g_mutex_lock (&crawler->mutex);
  peak = crawler->peak_urls;
  g_mutex_unlock (&crawler->mutex);
  return peak;
}

GPtrArray *
il_crawler_admit (IlCrawler *crawler,
                  GPtrArray *urls)
{
  GPtrArray *admitted = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (crawler != NULL, admitted);

  for (guint i = 0; urls != NULL && i < urls->len; i++)
    {
      const char *url = g_ptr_array_index (urls, i);
      g_autoptr(GUri) uri = NULL;
      g_autofree char *key = NULL;
      gboolean full, known;

      /* Once the crawl has all the pages it may fetch, nothing else is
       * admitted: most of a crawl's pages are fetched after that.  Most
       * links of a page lead to pages the crawl has: a URL found as it is
       * among the visited ones (all normal) needs no parsing. */
      g_mutex_lock (&crawler->mutex);
      full = crawler->n_pages >= crawler->max_pages;
      known = full || g_hash_table_contains (crawler->visited, url);
      g_mutex_unlock (&crawler->mutex);
      if (full)
        break;
      if (known)
        continue;

      uri = g_uri_parse (url, URI_FLAGS, NULL);
      key = uri ? il_links_normalise_uri (uri) : NULL;

      if (key == NULL || (!crawler->allow_other_hosts && !same_origin (crawler, uri)))
        continue;
      g_mutex_lock (&crawler->mutex);
      if (crawler->n_pages < crawler->max_pages && !g_hash_table_contains (crawler->visited, key))
        {
          crawler->n_pages++;
          g_ptr_array_add (admitted, g_strdup (key));
          g_hash_table_add (crawler->visited, g_steal_pointer (&key));
          note_size (crawler);
        }
      g_mutex_unlock (&crawler->mutex);
    }
  return admitted;
}

char *
il_crawler_task_name (IlCrawler  *crawler,
                      const char *url)
{
  if (crawler->start_origin != NULL && g_str_has_prefix (url, crawler->start_origin) &&
      url[strlen (crawler->start_origin)] == '/')
    return g_strdup (url + strlen (crawler->start_origin));
  return g_strdup (url);
}
