/* test-crawl.c — the crawl under every model, and a misbehaving server */

#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "il-cancel-watch.h"
#include "il-crawler.h"
#include "il-links.h"
#include "il-demo-site.h"
#include "il-run.h"
#include "il-workload.h"
#include "il-test-util.h"
#include "misbehaving-server.h"

static const IlModel thread_and_loop_models[] = {
  IL_MODEL_SEQUENTIAL, IL_MODEL_THREADS, IL_MODEL_THREAD_POOL, IL_MODEL_GTASK,
  IL_MODEL_ASYNC, IL_MODEL_ASYNC_EXECUTOR,
};

/* These need the worker program: INTERLEAVE_WORKER (see tests/meson.build). */
static const IlModel process_models[] = { IL_MODEL_PROCESSES, IL_MODEL_PROCESS_POOL, IL_MODEL_ASYNC_POOL };
static const IlModel pool_model[] = { IL_MODEL_PROCESS_POOL };
static const IlModel loop_pool_model[] = { IL_MODEL_ASYNC_POOL };

static IlWorkload *
crawl_workload (guint  site_pages,
                guint  site_links,
                gint64 io_ms,
                guint  max_pages,
                gint64 timeout_ms)
{
  g_autofree char *text = g_strdup_printf (
    "[Workload]\nName=test-crawl\nTitle=Test crawl\nCategory=network\n"
    "Models=sequential;threads;thread-pool;gtask;async;async-executor;processes;process-pool;async-pool\n"
    "[Tasks]\nPhases=http;parse\nIoMs=%" G_GINT64_FORMAT "\n"
    "[Crawl]\nMaxPages=%u\nTimeoutMs=%" G_GINT64_FORMAT "\nSitePages=%u\nSiteLinks=%u\nSiteJitterMs=1\n"
    "MaxConnectionsPerHost=8\n",
    io_ms, max_pages, timeout_ms, site_pages, site_links);
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;
  IlWorkload *workload = il_workload_load_bytes (bytes, "test-crawl", &error);

  g_assert_no_error (error);
  return workload;
}

static IlRun *
crawl_hosts (IlWorkload *workload,
             IlModel     model,
             const char *url,
             gint        max_pages,
             gboolean    other_hosts)
{
  IlWorkloadParams params = IL_WORKLOAD_PARAMS_INIT;
  g_autoptr(GError) error = NULL;
  IlRun *run;

  params.workers = 4;
  run = il_run_new (workload, &params, model);
  il_run_set_crawl (run, url, max_pages, other_hosts);
  g_assert_true (il_run_execute (run, NULL, &error));
  g_assert_no_error (error);
  return run;
}

static IlRun *
crawl (IlWorkload *workload,
       IlModel     model,
       const char *url,
       gint        max_pages)
{
  return crawl_hosts (workload, model, url, max_pages, FALSE);
}

static void
assert_lanes_end_with_markers (IlTraceSnapshot *snap)
{
  for (guint i = 0; i < snap->n_tasks; i++)
    {
      const IlTaskSnapshot *t = &snap->tasks[i];

      g_assert_true (t->finished);
      g_assert_cmpint (t->segments[0].start_ns, ==, t->submitted_ns);
      for (guint s = 1; s < t->n_segments; s++)
        g_assert_cmpint (t->segments[s].start_ns, ==, t->segments[s - 1].end_ns);
      g_assert_true (il_state_is_terminal (t->segments[t->n_segments - 1].state));
    }
}

/* The page set a crawl of the demo site made, by task name */
static void
assert_fetched_every_page_once (IlRun                   *run,
                                const IlDemoSiteOptions *options)
{
  g_autoptr(IlTraceSnapshot) snap = il_trace_snapshot (il_run_get_trace (run), 0);
  g_autoptr(GPtrArray) paths = il_demo_site_list_paths (options);
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

  assert_lanes_end_with_markers (snap);
  for (guint i = 0; i < snap->n_tasks; i++)
    {
      if (!snap->tasks[i].ok)
        g_error ("%s: %s failed: %s", il_run_get_title (run), snap->tasks[i].name, snap->tasks[i].error);
      /* Once each */
      g_assert_false (g_hash_table_contains (names, snap->tasks[i].name));
      g_hash_table_add (names, snap->tasks[i].name);
    }
  for (guint i = 0; i < paths->len; i++)
    if (!g_hash_table_contains (names, g_ptr_array_index (paths, i)))
      g_error ("%s: %s was never fetched", il_run_get_title (run), (char *) g_ptr_array_index (paths, i));
  g_assert_cmpuint (snap->n_tasks, ==, paths->len);
}

static void
test_every_model_crawls_the_demo_site (void)
{
  g_autoptr(IlWorkload) workload = crawl_workload (30, 4, 5, 1000, 5000);
  IlDemoSiteOptions options;

  il_demo_site_options_init (&options);
  options.pages = 30;
  options.links = 4;

  for (guint m = 0; m < G_N_ELEMENTS (thread_and_loop_models); m++)
    {
      /* Without a URL: the run starts the built-in site itself */
      g_autoptr(IlRun) run = crawl (workload, thread_and_loop_models[m], NULL, 0);
      const IlRunStats *st = il_run_get_stats (run);

      g_assert_true (g_str_has_prefix (il_run_get_crawl_url (run), "http://127.0.0.1:"));
      assert_fetched_every_page_once (run, &options);
      /* Waiting and parsing were measured */
      g_assert_cmpint (st->io_wait_ns, >, 0);
      g_assert_cmpint (st->running_ns, >, 0);
      g_assert_cmpint (st->ideal_ns, >, 0);
      g_assert_cmpint (st->ideal_ns, <=, st->makespan_ns);
    }
}

static void
test_each_page_is_requested_once (void)
{
  g_autoptr(IlWorkload) workload = crawl_workload (30, 6, 2, 1000, 5000);
  IlDemoSiteOptions options;
  g_autoptr(GError) error = NULL;

  il_demo_site_options_init (&options);
  options.pages = 30;
  options.links = 6;
  options.latency_ms = 2;

  for (guint m = 0; m < G_N_ELEMENTS (thread_and_loop_models); m++)
    {
      g_autoptr(IlDemoSite) site = il_demo_site_new_in_thread (&options, 0, &error);
      g_autoptr(IlRun) run = NULL;

      g_assert_no_error (error);
      run = crawl (workload, thread_and_loop_models[m], il_demo_site_get_url (site), 0);
      assert_fetched_every_page_once (run, &options);
      g_assert_cmpuint (il_demo_site_get_n_requests (site), ==, 31);
    }
}

static void
test_max_pages_caps_the_crawl (void)
{
  g_autoptr(IlWorkload) workload = crawl_workload (100, 8, 2, 1000, 5000);
  IlDemoSiteOptions options;
  g_autoptr(GError) error = NULL;

  il_demo_site_options_init (&options);
  options.pages = 100;
  options.links = 8;
  options.latency_ms = 2;

  for (guint m = 0; m < G_N_ELEMENTS (thread_and_loop_models); m++)
    {
      g_autoptr(IlDemoSite) site = il_demo_site_new_in_thread (&options, 0, &error);
      g_autoptr(IlRun) run = NULL;

      g_assert_no_error (error);
      run = crawl (workload, thread_and_loop_models[m], il_demo_site_get_url (site), 12);
      g_assert_cmpuint (il_run_get_n_tasks (run), ==, 12);
      g_assert_cmpuint (il_run_get_stats (run)->tasks_ok, ==, 12);
      g_assert_cmpuint (il_demo_site_get_n_requests (site), ==, 12);
    }
}

static void
test_invalid_start_url_fails_its_task (void)
{
  g_autoptr(IlWorkload) workload = crawl_workload (10, 2, 1, 100, 5000);

  for (guint m = 0; m < G_N_ELEMENTS (thread_and_loop_models); m++)
    {
      g_autoptr(IlRun) run = crawl (workload, thread_and_loop_models[m], "gopher://nowhere", 0);
      g_autoptr(IlTraceSnapshot) snap = il_trace_snapshot (il_run_get_trace (run), 0);

      g_assert_cmpuint (snap->n_tasks, ==, 1);
      g_assert_false (snap->tasks[0].ok);
      g_assert_nonnull (strstr (snap->tasks[0].error, "invalid URL"));
    }
}

/* ------------------------------------------------------------------------ */
/* Other hosts, and a host that does not exist */

/* A resolver that knows no name at all: a DNS failure with no packet sent
 * anywhere (literal addresses such as 127.0.0.1 never reach a resolver). */
typedef struct { GResolver parent; } NoDnsResolver;
typedef struct { GResolverClass parent_class; } NoDnsResolverClass;

static GType no_dns_resolver_get_type (void);
G_DEFINE_TYPE (NoDnsResolver, no_dns_resolver, G_TYPE_RESOLVER)

static GList *
no_dns_lookup (GResolver                *resolver,
               const char               *hostname,
               GResolverNameLookupFlags  flags,
               GCancellable             *cancellable,
               GError                  **error)
{
  g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, "no such host “%s”", hostname);
  return NULL;
}

static GList *
no_dns_lookup_by_name (GResolver     *resolver,
                       const char    *hostname,
                       GCancellable  *cancellable,
                       GError       **error)
{
  return no_dns_lookup (resolver, hostname, G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT, cancellable, error);
}

static void
no_dns_lookup_async (GResolver                *resolver,
                     const char               *hostname,
                     GResolverNameLookupFlags  flags,
                     GCancellable             *cancellable,
                     GAsyncReadyCallback       callback,
                     gpointer                  user_data)
{
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);
  GError *error = NULL;

  no_dns_lookup (resolver, hostname, flags, cancellable, &error);
  g_task_return_error (task, error);
}

static void
no_dns_lookup_by_name_async (GResolver           *resolver,
                             const char          *hostname,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  no_dns_lookup_async (resolver, hostname, G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT, cancellable,
                       callback, user_data);
}

static GList *
no_dns_lookup_finish (GResolver     *resolver,
                      GAsyncResult  *result,
                      GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
no_dns_resolver_class_init (NoDnsResolverClass *klass)
{
  GResolverClass *resolver_class = G_RESOLVER_CLASS (klass);

  resolver_class->lookup_by_name = no_dns_lookup_by_name;
  resolver_class->lookup_by_name_async = no_dns_lookup_by_name_async;
  resolver_class->lookup_by_name_finish = no_dns_lookup_finish;
  resolver_class->lookup_by_name_with_flags = no_dns_lookup;
  resolver_class->lookup_by_name_with_flags_async = no_dns_lookup_async;
  resolver_class->lookup_by_name_with_flags_finish = no_dns_lookup_finish;
}

static void
no_dns_resolver_init (NoDnsResolver *self)
{
}

/* A link to a host that does not resolve fails that task with the reason;
 * the crawl goes on.  Only with other hosts allowed is the link followed. */
static void
test_dns_failure_fails_its_task (void)
{
  g_autoptr(IlWorkload) workload = crawl_workload (10, 2, 1, 10, 5000);
  g_autoptr(GError) error = NULL;
  g_autoptr(IlMisbehavingServer) server = il_misbehaving_server_new (&error);
  g_autoptr(GResolver) saved = g_resolver_get_default ();
  g_autoptr(GResolver) no_dns = g_object_new (no_dns_resolver_get_type (), NULL);
  g_autofree char *start = NULL;

  g_assert_no_error (error);
  start = g_strconcat (il_misbehaving_server_get_url (server), "dns.html", NULL);
  g_resolver_set_default (no_dns);
  for (guint m = 0; m < G_N_ELEMENTS (thread_and_loop_models); m++)
    for (guint other = 0; other <= 1; other++)
      {
        IlWorkloadParams params = IL_WORKLOAD_PARAMS_INIT;
        g_autoptr(IlRun) run = il_run_new (workload, &params, thread_and_loop_models[m]);
        g_autoptr(IlTraceSnapshot) snap = NULL;
        const IlTaskSnapshot *failed = NULL;

        il_run_set_crawl (run, start, 0, other);
        g_assert_true (il_run_execute (run, NULL, &error));
        g_assert_no_error (error);
        snap = il_trace_snapshot (il_run_get_trace (run), 0);
        g_assert_cmpuint (snap->n_tasks, ==, other ? 2 : 1);
        g_assert_true (snap->tasks[0].ok);
        if (!other)
          continue;
        failed = &snap->tasks[1];
        g_assert_false (failed->ok);
        g_assert_nonnull (strstr (failed->name, "no-such-host.invalid"));
        g_assert_nonnull (strstr (failed->error, "host not found"));
      }
  g_resolver_set_default (saved);
}

/* ------------------------------------------------------------------------ */
/* The misbehaving server */

static void
check_misbehaving_server (const IlModel *models,
                          guint          n_models)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IlMisbehavingServer) server = il_misbehaving_server_new (&error);
  g_autoptr(IlWorkload) workload = crawl_workload (10, 2, 1, 100, 500);
  g_autofree char *refused = NULL;
  g_autofree char *long_path = NULL;
  guint n_expected = 0;

  g_assert_no_error (error);
  {
    g_autofree char *tail = g_strnfill (IL_MISBEHAVING_LONG_URL_BYTES - strlen (il_misbehaving_server_get_url (server)) -
                                        strlen ("long/"), 'a');

    long_path = g_strdup_printf ("/long/%s", tail);
  }
  refused = g_strdup_printf ("http://127.0.0.1:%u/refused.html", il_misbehaving_server_get_closed_port (server));
  while (il_misbehaving_server_expectations[n_expected].path)
    n_expected++;

  for (guint m = 0; m < n_models; m++)
    {
      g_autoptr(IlRun) run = NULL;
      g_autoptr(IlTraceSnapshot) snap = NULL;
      g_autoptr(GHashTable) tasks = g_hash_table_new (g_str_hash, g_str_equal);
      const IlTaskSnapshot *t;
      gint64 t0 = g_get_monotonic_time ();
      guint failed = 0;

      il_misbehaving_server_reset_hits (server);
      /* Other hosts allowed: the refused page is on another port, which is
       * another site (an origin is scheme, host and port) */
      run = crawl_hosts (workload, models[m], il_misbehaving_server_get_url (server), 0, TRUE);
      snap = il_trace_snapshot (il_run_get_trace (run), 0);
      assert_lanes_end_with_markers (snap);
      /* Nothing hangs: the slow page's 3 s are cut at 0.5 s */
      g_assert_cmpint (g_get_monotonic_time () - t0, <, 2500 * 1000);

      for (guint i = 0; i < snap->n_tasks; i++)
        {
          g_assert_false (g_hash_table_contains (tasks, snap->tasks[i].name));
          g_hash_table_insert (tasks, snap->tasks[i].name, &snap->tasks[i]);
        }
      for (guint i = 0; i < n_expected; i++)
        {
          const IlMisbehavingExpectation *e = &il_misbehaving_server_expectations[i];

          t = g_hash_table_lookup (tasks, e->path);
          if (t == NULL)
            g_error ("%s: no task for %s", il_run_get_title (run), e->path);
          if (t->ok != e->ok || (e->reason && (t->error == NULL || strstr (t->error, e->reason) == NULL)))
            g_error ("%s: %s: expected %s (%s), got %s (%s)", il_run_get_title (run), e->path,
                     e->ok ? "ok" : "failed", e->reason ? e->reason : "", t->ok ? "ok" : "failed",
                     t->error ? t->error : "");
          failed += !e->ok;
          /* Each page fetched once.  Except that a connection dropped
           * without a reply makes libsoup send the GET again when that
           * connection was a reused keep-alive one (RFC 9112 9.3.1 allows
           * it for idempotent requests): still one task, one fetch. */
          if (strcmp (e->path, "/reset.html") == 0)
            g_assert_cmpuint (il_misbehaving_server_get_hits (server, e->path), >=, 1);
          else if (il_misbehaving_server_get_hits (server, e->path) != 1)
            g_error ("%s: %s was requested %u times", il_run_get_title (run), e->path,
                     il_misbehaving_server_get_hits (server, e->path));
        }
      t = g_hash_table_lookup (tasks, refused);
      g_assert_nonnull (t);
      g_assert_false (t->ok);
      g_assert_nonnull (strstr (t->error, "refused"));
      g_assert_cmpuint (snap->n_tasks, ==, n_expected + 1);
      g_assert_cmpuint (il_run_get_stats (run)->tasks_failed, ==, failed + 1);

      /* A redirect to a page another task has is not fetched twice; a new
       * one is; links in what is not HTML are not followed */
      g_assert_cmpuint (il_misbehaving_server_get_hits (server, "/good/4.html"), ==, 1);
      g_assert_cmpuint (il_misbehaving_server_get_hits (server, "/good/7.html"), ==, 0);
      g_assert_cmpuint (il_misbehaving_server_get_hits (server, "/many-redirects/11.html"), ==, 0);
      /* A redirect to a URL longer than a link may be is not followed */
      g_assert_cmpuint (il_misbehaving_server_get_hits (server, long_path), ==, 0);
    }

  /* Without other hosts, another port of the same host is not crawled */
  {
    g_autoptr(IlRun) run = NULL;
    g_autoptr(IlTraceSnapshot) snap = NULL;

    run = crawl (workload, models[0], il_misbehaving_server_get_url (server), 0);
    snap = il_trace_snapshot (il_run_get_trace (run), 0);
    g_assert_cmpuint (snap->n_tasks, ==, n_expected);
    for (guint i = 0; i < snap->n_tasks; i++)
      g_assert_cmpstr (snap->tasks[i].name, !=, refused);
  }
}

static void
test_misbehaving_server (void)
{
  check_misbehaving_server (thread_and_loop_models, G_N_ELEMENTS (thread_and_loop_models));
}

/* The same under the pool: each worker fetches with its own session, the
 * failures come back as results with their reasons, redirects are put to
 * the crawler (a page another task has is not fetched twice). */
static void
test_process_pool_misbehaving_server (void)
{
  check_misbehaving_server (pool_model, G_N_ELEMENTS (pool_model));
}

/* And under the loops of async-pool, whose pages share their workers */
static void
test_async_pool_misbehaving_server (void)
{
  check_misbehaving_server (loop_pool_model, G_N_ELEMENTS (loop_pool_model));
}

/* A page with more links than a page may give, and links too long: every
 * model drops the same ones and counts them in the page's task. */
static void
test_dropped_links_are_counted_alike (void)
{
  static const IlModel models[] = { IL_MODEL_THREADS, IL_MODEL_ASYNC, IL_MODEL_PROCESS_POOL, IL_MODEL_ASYNC_POOL };
  const guint expected = IL_MISBEHAVING_MANY_LINKS - IL_LINKS_MAX_PER_PAGE + IL_MISBEHAVING_LONG_HREFS;
  g_autoptr(GError) error = NULL;
  g_autoptr(IlMisbehavingServer) server = il_misbehaving_server_new (&error);
  g_autoptr(IlWorkload) workload = crawl_workload (10, 2, 1, 100, 5000);
  g_autofree char *url = NULL;

  g_assert_no_error (error);
  url = g_strdup_printf ("%smany-links.html", il_misbehaving_server_get_url (server));
  for (guint m = 0; m < G_N_ELEMENTS (models); m++)
    {
      g_autoptr(IlRun) run = crawl (workload, models[m], url, 1);
      g_autoptr(IlTraceSnapshot) snap = il_trace_snapshot (il_run_get_trace (run), 0);

      g_assert_cmpuint (snap->n_tasks, ==, 1);
      if (!snap->tasks[0].ok)
        g_error ("%s: %s", il_run_get_title (run), snap->tasks[0].error);
      if (snap->tasks[0].links_dropped != expected)
        g_error ("%s: %u links dropped, expected %u", il_run_get_title (run), snap->tasks[0].links_dropped, expected);
      g_assert_cmpuint (il_run_get_stats (run)->links_dropped, ==, expected);
    }
}

/* A cancel watch freed while another thread is still cancelling: GLib
 * 2.74's GCancellableSource leaks itself then (LeakSanitizer, tools/dev
 * test); the watch waits for the cancel to finish before its source goes. */
typedef struct {
  GMutex   mutex;
  GCond    cond;
  gboolean in_cancel;     /* the other thread runs the cancellable's handlers */
  gboolean freed;         /* the watch was freed (or the wait gave up) */
  gboolean handler_done;
  gboolean fired;
} CancelRace;

/* The cancellable's next handler, after the watch's: holds the cancel
 * open until the watch is freed, or 300 ms (the watch waits for it). */
static void
hold_the_cancel (GCancellable *cancellable,
                 CancelRace   *race)
{
  gint64 until = g_get_monotonic_time () + 300 * 1000;

  g_mutex_lock (&race->mutex);
  race->in_cancel = TRUE;
  g_cond_broadcast (&race->cond);
  while (!race->freed && g_cond_wait_until (&race->cond, &race->mutex, until))
    ;
  race->handler_done = TRUE;
  g_mutex_unlock (&race->mutex);
}

static gpointer
cancel_in_thread (gpointer cancellable)
{
  g_cancellable_cancel (cancellable);
  return NULL;
}

static gboolean
on_watch_fired (gpointer data)
{
  CancelRace *race = data;

  race->fired = TRUE;
  return G_SOURCE_REMOVE;
}

static void
test_a_cancel_watch_outlives_a_cancel_under_way (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  CancelRace race = { 0, };
  IlCancelWatch *watch;
  GThread *thread;

  g_mutex_init (&race.mutex);
  g_cond_init (&race.cond);
  watch = il_cancel_watch_new (cancellable, context, on_watch_fired, &race, "test");
  g_signal_connect (cancellable, "cancelled", G_CALLBACK (hold_the_cancel), &race);
  thread = g_thread_new ("cancel", cancel_in_thread, cancellable);

  /* The watch's handler ran (it comes first), the next one holds on */
  g_mutex_lock (&race.mutex);
  while (!race.in_cancel)
    g_cond_wait (&race.cond, &race.mutex);
  g_mutex_unlock (&race.mutex);
  while (!race.fired)
    g_main_context_iteration (context, TRUE);

  /* Freed while the cancel is still under way: returns once it is over */
  il_cancel_watch_free (watch);
  g_mutex_lock (&race.mutex);
  g_assert_true (race.handler_done);
  race.freed = TRUE;
  g_cond_broadcast (&race.cond);
  g_mutex_unlock (&race.mutex);
  g_thread_join (thread);
  while (g_main_context_iteration (context, FALSE))
    ;

  /* Already cancelled: it fires at once */
  race.fired = FALSE;
  watch = il_cancel_watch_new (cancellable, context, on_watch_fired, &race, "test");
  while (!race.fired)
    g_main_context_iteration (context, TRUE);
  il_cancel_watch_free (watch);
  g_mutex_clear (&race.mutex);
  g_cond_clear (&race.cond);
}

/* A hub linking to pages of 65,536 links each, crawled with a budget of
 * 50 pages: what the crawl keeps follows the budget, not the servers.  A
 * worker's links wait in the parent until its task ends: at most what is
 * left of the budget, per worker. */
static void
test_a_crawl_keeps_what_its_budget_can_use (void)
{
  static const IlModel models[] = { IL_MODEL_THREADS, IL_MODEL_ASYNC, IL_MODEL_PROCESS_POOL };
  const guint budget = 50, workers = 4;
  g_autoptr(GError) error = NULL;
  g_autoptr(IlMisbehavingServer) server = il_misbehaving_server_new (&error);
  g_autoptr(IlWorkload) workload = crawl_workload (10, 2, 1, 100, 5000);
  g_autofree char *url = NULL;

  g_assert_no_error (error);
  url = g_strdup_printf ("%shub.html", il_misbehaving_server_get_url (server));
  for (guint m = 0; m < G_N_ELEMENTS (models); m++)
    {
      g_autoptr(IlRun) run = crawl (workload, models[m], url, budget);
      IlRunRecord *record = il_run_get_record (run);
      guint bound = models[m] == IL_MODEL_PROCESS_POOL ? budget * (1 + workers) : budget;

      g_assert_cmpuint (il_run_get_n_tasks (run), ==, budget);
      g_test_message ("%s: the crawl kept at most %u URLs", il_run_get_title (run), record->crawl_peak_urls);
      g_assert_cmpuint (record->crawl_peak_urls, >=, budget);
      if (record->crawl_peak_urls > bound)
        g_error ("%s: the crawl kept %u URLs at once, more than %u", il_run_get_title (run),
                 record->crawl_peak_urls, bound);
    }
}

/* A start URL of 100 KiB: longer than a link may be, so no model fetches
 * it (a worker could not be sent it), and all say so alike. */
static void
test_a_long_start_url_fails_alike (void)
{
  static const IlModel models[] = { IL_MODEL_THREADS, IL_MODEL_ASYNC, IL_MODEL_PROCESS_POOL };
  g_autoptr(GError) error = NULL;
  g_autoptr(IlMisbehavingServer) server = il_misbehaving_server_new (&error);
  g_autoptr(IlWorkload) workload = crawl_workload (10, 2, 1, 100, 5000);
  g_autofree char *tail = NULL;
  g_autofree char *url = NULL;

  g_assert_no_error (error);
  tail = g_strnfill (100 * 1024, 'a');
  url = g_strdup_printf ("%sgood/%s.html", il_misbehaving_server_get_url (server), tail);
  for (guint m = 0; m < G_N_ELEMENTS (models); m++)
    {
      g_autoptr(IlRun) run = crawl (workload, models[m], url, 10);
      g_autoptr(IlTraceSnapshot) snap = il_trace_snapshot (il_run_get_trace (run), 0);

      g_assert_cmpuint (snap->n_tasks, ==, 1);
      g_assert_false (snap->tasks[0].ok);
      g_assert_cmpstr (snap->tasks[0].error, ==, "URL longer than 4000 bytes");
    }
  /* Not one request reached the server */
  g_assert_cmpuint (il_misbehaving_server_get_hits (server, url + strlen (il_misbehaving_server_get_url (server)) - 1), ==, 0);
}

/* ------------------------------------------------------------------------ */
/* The process models */

/* Every page of the demo site once, one request each: the links went back
 * from the workers to the crawler. */
static void
check_processes_fetch_each_page_once (IlModel model)
{
  g_autoptr(IlWorkload) workload = crawl_workload (30, 6, 2, 1000, 5000);
  IlDemoSiteOptions options;
  g_autoptr(GError) error = NULL;
  g_autoptr(IlDemoSite) site = NULL;
  g_autoptr(IlRun) run = NULL;
  const IlRunStats *st;

  il_demo_site_options_init (&options);
  options.pages = 30;
  options.links = 6;
  options.latency_ms = 2;
  site = il_demo_site_new_in_thread (&options, 0, &error);
  g_assert_no_error (error);

  run = crawl (workload, model, il_demo_site_get_url (site), 0);
  assert_fetched_every_page_once (run, &options);
  g_assert_cmpuint (il_demo_site_get_n_requests (site), ==, 31);
  st = il_run_get_stats (run);
  g_assert_cmpuint (st->tasks_ok, ==, 31);
  g_assert_cmpint (st->io_wait_ns, >, 0);
  g_assert_cmpint (st->running_ns, >, 0);
  g_assert_cmpint (st->ideal_ns, <=, st->makespan_ns);

  /* And from the built-in site the run starts itself, with a page cap */
  g_clear_pointer (&run, il_run_unref);
  run = crawl (workload, model, NULL, 12);
  g_assert_true (g_str_has_prefix (il_run_get_crawl_url (run), "http://127.0.0.1:"));
  g_assert_cmpuint (il_run_get_n_tasks (run), ==, 12);
  g_assert_cmpuint (il_run_get_stats (run)->tasks_ok, ==, 12);
}

static void
test_processes_fetch_each_page_once (void)
{
  check_processes_fetch_each_page_once (IL_MODEL_PROCESSES);
}

static void
test_process_pool_fetches_each_page_once (void)
{
  check_processes_fetch_each_page_once (IL_MODEL_PROCESS_POOL);
}

static void
test_async_pool_fetches_each_page_once (void)
{
  check_processes_fetch_each_page_once (IL_MODEL_ASYNC_POOL);
}

/* The loops of async-pool and the one loop of async crawl the same site to
 * the same pages: the visited set, kept in the app, holds across loops,
 * and the page budget too. */
static void
test_async_pool_crawls_what_async_crawls (void)
{
  g_autoptr(IlWorkload) workload = crawl_workload (120, 6, 2, 1000, 5000);
  IlDemoSiteOptions options;
  g_autoptr(GError) error = NULL;
  g_autoptr(IlDemoSite) site = NULL;

  il_demo_site_options_init (&options);
  options.pages = 120;
  options.links = 6;
  options.latency_ms = 2;
  site = il_demo_site_new_in_thread (&options, 0, &error);
  g_assert_no_error (error);

  for (guint budget = 0; budget <= 50; budget += 50)
    {
      g_autoptr(IlRun) loop = crawl (workload, IL_MODEL_ASYNC, il_demo_site_get_url (site), budget);
      guint before = il_demo_site_get_n_requests (site);
      g_autoptr(IlRun) loops = crawl (workload, IL_MODEL_ASYNC_POOL, il_demo_site_get_url (site), budget);
      g_autoptr(IlTraceSnapshot) snap = il_trace_snapshot (il_run_get_trace (loops), 0);
      g_autoptr(GHashTable) workers = g_hash_table_new (NULL, NULL);
      const IlRunStats *st = il_run_get_stats (loops);

      if (budget == 0)
        assert_fetched_every_page_once (loops, &options);
      g_assert_cmpuint (st->tasks_ok, ==, il_run_get_stats (loop)->tasks_ok);
      g_assert_cmpuint (st->tasks_failed, ==, 0);
      g_assert_cmpuint (il_run_get_n_tasks (loops), ==, budget ? budget : options.pages + 1);
      /* One request a page */
      g_assert_cmpuint (il_demo_site_get_n_requests (site) - before, ==, il_run_get_n_tasks (loops));
      /* Four loops, each with pages of its own */
      g_assert_cmpuint (snap->n_workers, ==, 4);
      for (guint i = 0; i < snap->n_tasks; i++)
        g_hash_table_add (workers, GUINT_TO_POINTER (snap->tasks[i].worker + 1));
      g_assert_cmpuint (g_hash_table_size (workers), >=, 2);
      g_assert_cmpint (st->ideal_ns, >, 0);
      g_assert_cmpint (st->ideal_ns, <=, st->makespan_ns);
    }
}

static void
test_process_models_invalid_start_url (void)
{
  g_autoptr(IlWorkload) workload = crawl_workload (10, 2, 1, 100, 5000);
  const char * const urls[] = { "gopher://nowhere", "http://a b/" };

  for (guint m = 0; m < G_N_ELEMENTS (process_models); m++)
    for (guint u = 0; u < G_N_ELEMENTS (urls); u++)
      {
        g_autoptr(IlRun) run = crawl (workload, process_models[m], urls[u], 0);
        g_autoptr(IlTraceSnapshot) snap = il_trace_snapshot (il_run_get_trace (run), 0);

        g_assert_cmpuint (snap->n_tasks, ==, 1);
        g_assert_false (snap->tasks[0].ok);
        g_assert_nonnull (strstr (snap->tasks[0].error, "invalid URL"));
      }
}

/* A worker that cannot load the network module fails its pages with the
 * reason, and nothing hangs; without that module the worker still runs
 * other tasks (it loads the module only for pages). */
static void
without_the_network_module (void)
{
  g_autoptr(IlWorkload) workload = crawl_workload (10, 2, 1, 100, 5000);
  IlDemoSiteOptions options;
  g_autoptr(IlDemoSite) site = NULL;
  g_autoptr(GError) error = NULL;

  /* A process of its own (below), before any thread starts: setenv is not
   * thread-safe, and no other test sees the variable */
  g_setenv ("INTERLEAVE_NET_MODULE", "/nonexistent/libinterleave-net.so", TRUE);
  il_demo_site_options_init (&options);
  options.pages = 5;
  options.latency_ms = 1;
  site = il_demo_site_new_in_thread (&options, 0, &error);
  g_assert_no_error (error);
  for (guint m = 0; m < G_N_ELEMENTS (process_models); m++)
    {
      g_autoptr(IlRun) run = crawl (workload, process_models[m], il_demo_site_get_url (site), 0);
      g_autoptr(IlTraceSnapshot) snap = il_trace_snapshot (il_run_get_trace (run), 0);
      g_autoptr(IlRun) sleeps = il_test_run ("three-tasks", process_models[m], 3, 0, 20, 0, FALSE);

      g_assert_cmpuint (snap->n_tasks, ==, 1);
      g_assert_false (snap->tasks[0].ok);
      g_assert_nonnull (strstr (snap->tasks[0].error, "no network support"));
      g_assert_nonnull (strstr (snap->tasks[0].error, "/nonexistent/libinterleave-net.so"));
      g_assert_cmpuint (il_run_get_stats (sleeps)->tasks_ok, ==, 3);
    }
  g_assert_cmpuint (il_demo_site_get_n_requests (site), ==, 0);
}

static void
test_process_models_without_the_network_module (void)
{
  if (g_test_subprocess ())
    {
      without_the_network_module ();
      return;
    }
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

typedef struct {
  IlRun    *run;
  gint64    killed_pid;
  gboolean  stop;
} Killer;

/* Kills the worker fetching /slow.html once it waits for the reply. */
static gpointer
kill_slow_fetch (gpointer data)
{
  Killer *k = data;

  while (!__atomic_load_n (&k->stop, __ATOMIC_ACQUIRE))
    {
      g_autoptr(IlTraceSnapshot) snap = il_trace_snapshot (il_run_get_trace (k->run), 0);

      for (guint i = 0; i < snap->n_tasks; i++)
        {
          const IlTaskSnapshot *t = &snap->tasks[i];

          if (strcmp (t->name, "/slow.html") == 0 && !t->finished && t->n_segments > 0 &&
              t->segments[t->n_segments - 1].state == IL_STATE_IO_WAIT &&
              t->segments[t->n_segments - 1].worker < snap->n_workers)
            {
              k->killed_pid = snap->workers[t->segments[t->n_segments - 1].worker].pid;
              kill ((pid_t) k->killed_pid, SIGKILL);
              return NULL;
            }
        }
      g_usleep (5000);
    }
  return NULL;
}

/* A worker killed mid-fetch fails its task with the reason; the other
 * pages are still crawled, and a new worker takes the queued ones.  A
 * loop of async-pool fails every page it had with that reason. */
static void
check_worker_killed_mid_fetch (IlModel model)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IlMisbehavingServer) server = il_misbehaving_server_new (&error);
  g_autoptr(IlWorkload) workload = crawl_workload (10, 2, 1, 100, 10000);
  IlWorkloadParams params = IL_WORKLOAD_PARAMS_INIT;
  g_autoptr(IlRun) run = NULL;
  g_autoptr(IlTraceSnapshot) snap = NULL;
  g_autofree char *expected = NULL;
  Killer k = { NULL, 0, FALSE };
  GThread *killer;
  guint n_expected = 0, ok = 0, killed = 0, expected_ok = 0;

  g_assert_no_error (error);
  while (il_misbehaving_server_expectations[n_expected].path)
    n_expected++;

  params.workers = 2;
  run = il_run_new (workload, &params, model);
  /* Other hosts allowed: the refused page is on another port */
  il_run_set_crawl (run, il_misbehaving_server_get_url (server), 0, TRUE);
  k.run = run;
  killer = g_thread_new ("killer", kill_slow_fetch, &k);
  g_assert_true (il_run_execute (run, NULL, &error));
  g_assert_no_error (error);
  __atomic_store_n (&k.stop, TRUE, __ATOMIC_RELEASE);
  g_thread_join (killer);

  g_assert_cmpint (k.killed_pid, >, 0);
  snap = il_trace_snapshot (il_run_get_trace (run), 0);
  assert_lanes_end_with_markers (snap);
  g_assert_cmpuint (snap->n_tasks, ==, n_expected + 1);
  expected = g_strdup_printf ("worker %" G_GINT64_FORMAT " exited with signal 9", k.killed_pid);
  for (guint i = 0; i < snap->n_tasks; i++)
    {
      const IlTaskSnapshot *t = &snap->tasks[i];

      if (strcmp (t->name, "/slow.html") == 0)
        {
          g_assert_false (t->ok);
          g_assert_cmpstr (t->error, ==, expected);
        }
      ok += t->ok;
      killed += !t->ok && g_strcmp0 (t->error, expected) == 0;
    }
  /* The good pages behind the index were found and fetched all the same,
   * but for those a killed loop had with /slow.html (which may have
   * been pages that fail anyway) */
  for (guint i = 0; i < n_expected; i++)
    expected_ok += il_misbehaving_server_expectations[i].ok;
  g_assert_cmpuint (killed, >=, 1);
  if (model == IL_MODEL_ASYNC_POOL)
    {
      g_assert_cmpuint (ok, <=, expected_ok);
      g_assert_cmpuint (ok + (killed - 1), >=, expected_ok);
    }
  else
    {
      g_assert_cmpuint (killed, ==, 1);
      g_assert_cmpuint (ok, ==, expected_ok);
    }
}

static void
test_process_pool_worker_killed_mid_fetch (void)
{
  check_worker_killed_mid_fetch (IL_MODEL_PROCESS_POOL);
}

static void
test_async_pool_worker_killed_mid_fetch (void)
{
  check_worker_killed_mid_fetch (IL_MODEL_ASYNC_POOL);
}

/* ------------------------------------------------------------------------ */
/* Cancellation */

static void
check_cancel_a_crawl (const IlModel *models,
                      guint          n_models)
{
  /* Replies take 5 s: every model is mid-request when cancelled */
  g_autoptr(IlWorkload) workload = crawl_workload (20, 4, 5000, 100, 15000);

  for (guint m = 0; m < n_models; m++)
    {
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      IlWorkloadParams params = IL_WORKLOAD_PARAMS_INIT;
      g_autoptr(GError) error = NULL;
      g_autoptr(IlRun) run = il_run_new (workload, &params, models[m]);
      GThread *canceller = il_test_cancel_later (cancellable, 100);
      gint64 t0 = g_get_monotonic_time ();

      g_assert_true (il_run_execute (run, cancellable, &error));
      g_assert_cmpint (g_get_monotonic_time () - t0, <, 600 * 1000);
      g_thread_join (canceller);
      g_assert_true (il_run_get_stats (run)->cancelled);
      g_assert_cmpuint (il_run_get_stats (run)->tasks_stopped, ==, 1);
      g_assert_cmpuint (il_run_get_stats (run)->tasks_failed, ==, 0);
    }
}

static void
test_cancel_a_crawl (void)
{
  check_cancel_a_crawl (thread_and_loop_models, G_N_ELEMENTS (thread_and_loop_models));
}

/* The worker mid-fetch gets SIGTERM and is reaped (test-process checks
 * for leftovers); the run ends at once. */
static void
test_process_models_cancel_a_crawl (void)
{
  check_cancel_a_crawl (process_models, G_N_ELEMENTS (process_models));
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* A server that writes a reply's headers and its body in two send() calls
 * with Nagle's algorithm on holds the body until the headers are
 * acknowledged; a client that delays that ACK (Linux does on a connection
 * that goes back and forth: every request after the first on a keep-alive
 * one) waits about 40 ms a page for nothing.  Every model that reuses its
 * connections acknowledges at once: with a server that answers at once,
 * the median fetch waits well under that — compared with the same server
 * with TCP_NODELAY, where nothing waits, so that a slow machine or a
 * sanitizer build (the event loop's fetches wait for it) is no failure. */
#define SPLIT_PAGES            120
#define SPLIT_MAX_EXTRA_MS     20   /* the stall is 36 – 44 ms */
#define SPLIT_ATTEMPTS         3

/* The median io-wait of a crawl of @url, in ms */
static double
split_crawl_median_ms (IlMisbehavingServer *server,
                       IlWorkload          *workload,
                       IlModel              model,
                       const char          *url)
{
  guint replies = il_misbehaving_server_get_split_replies (server);
  guint connections = il_misbehaving_server_get_split_connections (server);
  g_autoptr(IlRun) run = crawl (workload, model, url, SPLIT_PAGES);
  g_autoptr(IlTraceSnapshot) snap = il_trace_snapshot (il_run_get_trace (run), 0);
  g_autofree gint64 *waits = g_new (gint64, SPLIT_PAGES);
  double median_ms;

  assert_lanes_end_with_markers (snap);
  g_assert_cmpuint (snap->n_tasks, ==, SPLIT_PAGES);
  for (guint i = 0; i < snap->n_tasks; i++)
    {
      if (!snap->tasks[i].ok)
        g_error ("%s: %s failed: %s", il_run_get_title (run), snap->tasks[i].name, snap->tasks[i].error);
      waits[i] = il_task_snapshot_time_in (&snap->tasks[i], IL_STATE_IO_WAIT);
    }
  qsort (waits, snap->n_tasks, sizeof *waits, compare_gint64);
  median_ms = waits[snap->n_tasks / 2] / 1e6;

  replies = il_misbehaving_server_get_split_replies (server) - replies;
  connections = il_misbehaving_server_get_split_connections (server) - connections;
  g_test_message ("%s, %s: %u fetches over %u connections, median io-wait %.1f ms",
                  il_run_get_title (run), url, replies, connections, median_ms);
  /* Most fetches went over a reused connection, or this shows nothing */
  g_assert_cmpuint (replies, ==, SPLIT_PAGES);
  g_assert_cmpuint (connections * 4, <=, replies);
  return median_ms;
}

static void
test_split_writes_on_keep_alive_do_not_stall (void)
{
  static const IlModel models[] = {
    IL_MODEL_ASYNC, IL_MODEL_ASYNC_EXECUTOR, IL_MODEL_THREAD_POOL, IL_MODEL_PROCESS_POOL,
  };
  g_autoptr(IlWorkload) workload = crawl_workload (10, 2, 1, 1000, 5000);
  g_autoptr(IlMisbehavingServer) server = NULL;
  g_autoptr(GError) error = NULL;

  server = il_misbehaving_server_new (&error);
  g_assert_no_error (error);

  for (guint m = 0; m < G_N_ELEMENTS (models); m++)
    {
      const char *url = il_misbehaving_server_get_split_url (server);
      g_autofree char *fast_url = g_strconcat (url, "fast/", NULL);
      double control_ms = 0, median_ms = 0;

      /* A machine busy with other work spreads both medians by tens of ms
       * from one crawl to the next; the stall adds 36 – 44 ms to nearly
       * every fetch, every time.  So a few tries. */
      for (guint attempt = 0; attempt < SPLIT_ATTEMPTS; attempt++)
        {
          control_ms = split_crawl_median_ms (server, workload, models[m], fast_url);
          median_ms = split_crawl_median_ms (server, workload, models[m], url);
          if (median_ms < control_ms + SPLIT_MAX_EXTRA_MS)
            break;
        }
      if (median_ms >= control_ms + SPLIT_MAX_EXTRA_MS)
        g_error ("%s: the median fetch waited %.1f ms for a server that writes headers and body apart, "
                 "%.1f ms with TCP_NODELAY (%u tries): the ACK of the headers was delayed",
                 il_model_get_info (models[m])->id, median_ms, control_ms, SPLIT_ATTEMPTS);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* GSocketClient narrates every connection at debug level */
  g_log_set_debug_enabled (FALSE);

  g_test_add_func ("/engine/crawl/demo-site/every-model-fetches-each-page", test_every_model_crawls_the_demo_site);
  g_test_add_func ("/engine/crawl/demo-site/each-page-is-requested-once", test_each_page_is_requested_once);
  g_test_add_func ("/engine/crawl/max-pages-caps-the-crawl", test_max_pages_caps_the_crawl);
  g_test_add_func ("/engine/crawl/invalid-start-url-fails-its-task", test_invalid_start_url_fails_its_task);
  g_test_add_func ("/engine/crawl/misbehaving-server/failures-counted-nothing-hangs", test_misbehaving_server);
  g_test_add_func ("/engine/crawl/cancel-mid-request", test_cancel_a_crawl);
  g_test_add_func ("/engine/crawl/process-models-cancel-mid-request", test_process_models_cancel_a_crawl);
  g_test_add_func ("/engine/crawl/processes-fetch-each-page-once", test_processes_fetch_each_page_once);
  g_test_add_func ("/engine/crawl/process-pool-fetches-each-page-once", test_process_pool_fetches_each_page_once);
  g_test_add_func ("/engine/crawl/async-pool-fetches-each-page-once", test_async_pool_fetches_each_page_once);
  g_test_add_func ("/engine/crawl/async-pool-crawls-what-async-crawls", test_async_pool_crawls_what_async_crawls);
  g_test_add_func ("/engine/crawl/async-pool-misbehaving-server/failures-counted-nothing-hangs",
                   test_async_pool_misbehaving_server);
  g_test_add_func ("/engine/crawl/process-models-invalid-start-url-fails-its-task", test_process_models_invalid_start_url);
  g_test_add_func ("/engine/crawl/process-models-without-the-network-module", test_process_models_without_the_network_module);
  g_test_add_func ("/engine/crawl/process-pool-misbehaving-server/failures-counted-nothing-hangs",
                   test_process_pool_misbehaving_server);
  g_test_add_func ("/engine/crawl/process-pool-worker-killed-mid-fetch", test_process_pool_worker_killed_mid_fetch);
  g_test_add_func ("/engine/crawl/async-pool-worker-killed-mid-fetch", test_async_pool_worker_killed_mid_fetch);
  g_test_add_func ("/engine/crawl/dns-failure-fails-its-task", test_dns_failure_fails_its_task);
  g_test_add_func ("/engine/crawl/misbehaving-server/dropped-links-counted-alike", test_dropped_links_are_counted_alike);
  g_test_add_func ("/engine/crawl/a-long-start-url-fails-alike", test_a_long_start_url_fails_alike);
  g_test_add_func ("/engine/crawl/a-cancel-watch-outlives-a-cancel-under-way",
                   test_a_cancel_watch_outlives_a_cancel_under_way);
  g_test_add_func ("/engine/crawl/misbehaving-server/keeps-what-its-budget-can-use",
                   test_a_crawl_keeps_what_its_budget_can_use);
  g_test_add_func ("/engine/crawl/misbehaving-server/split-writes-on-keep-alive-do-not-stall",
                   test_split_writes_on_keep_alive_do_not_stall);

  return g_test_run ();
}
