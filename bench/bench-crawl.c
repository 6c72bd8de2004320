/* bench-crawl.c — the event loop at scale, and the crawler's throughput
 *
 * Prints Markdown.  Run on purpose (bench/run), never in tests; all
 * traffic goes to 127.0.0.1 (the demo site, in this process or as
 * `interleave serve-site`).
 *   bench-crawl [sleeps|crawl|crawl:N|python]…   (default: all)
 *
 * sleeps: 10,000 and 100,000 tasks that sleep 1 s under async; the ideal
 *   is 1 s (targets: makespan ≤ 1.02 × and ≤ 1.1 × the ideal).
 * crawl: pages per second at 10 ms latency under async and async-pool (a
 *   loop per core) with 16, 64 and 256 requests at once, against the ideal
 *   concurrency / latency; over the whole crawl (it starts with one page)
 *   and in its steady middle (the 20th to 80th percentile of completions).
 *   Beside every crawl, the machine's bound min(concurrency / latency,
 *   cores / CPU per page) and the steady rate as a fraction of it (target
 *   at 256: the best model ≥ 0.8).  For async, how busy the loop thread
 *   was, and the most one thread at that CPU time per page can do.
 * python: the seed's own crawler (bench/crawler_peer.py: requests +
 *   BeautifulSoup, serial, Pool(10), asyncio + 20 executor threads) on
 *   the same demo site, when python3 with requests and bs4 is there.
 */

#include "config.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "bench-peer.h"
#include "bench-summary.h"
#include "il-demo-site.h"
#include "il-machine.h"
#include "il-run.h"
#include "il-trace.h"

#define LATENCY_MS   10
#define SITE_LINKS   8
#define PYTHON_URLS  3000     /* the seed's max_urls: it stops once it knows this many */

static IlRun *
run_sleeps (guint tasks)
{
  g_autoptr(IlWorkload) workload = il_catalogue_lookup ("fetch-data");
  IlWorkloadParams params = IL_WORKLOAD_PARAMS_INIT;
  g_autoptr(GError) error = NULL;
  IlRun *run;

  params.tasks = (gint) tasks;
  params.io_ms = 1000;
  run = il_run_new (workload, &params, IL_MODEL_ASYNC);
  if (!il_run_execute (run, NULL, &error))
    g_error ("sleeps: %s", error->message);
  return run;
}

static void
bench_sleeps (void)
{
  const guint counts[] = { 10000, 100000 };
  const double targets[] = { 1.02, 1.1 };

  printf ("\n### 1 s sleeps under async (asyncio.gather)\n\n");
  printf ("| tasks | makespan | ideal | makespan / ideal | target |\n");
  printf ("|---:|---:|---:|---:|---:|\n");
  double ratios[G_N_ELEMENTS (counts)];

  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      g_autoptr(IlRun) run = run_sleeps (counts[i]);
      const IlRunStats *st = il_run_get_stats (run);

      if (st->tasks_ok != counts[i])
        g_error ("sleeps: %u of %u tasks ok", st->tasks_ok, counts[i]);
      ratios[i] = (double) st->makespan_ns / st->ideal_ns;
      printf ("| %u | %.3f s | %.3f s | %.4f | ≤ %.2f |\n", counts[i],
              st->makespan_ns / 1e9, st->ideal_ns / 1e9, ratios[i], targets[i]);
      fflush (stdout);
    }
  /* Python's asyncio.gather of as many asyncio.sleep(1), in the same run */
  printf ("\n");
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      g_autofree char *n = g_strdup_printf ("%u", counts[i]);
      const char *args[] = { "asyncio", n, "1", NULL };
      g_autofree char *why = NULL;
      g_autofree char *out = bench_run_python ("sleep_peer.py", args, &why);
      g_autofree char *what = g_strdup_printf ("%s tasks × 1 s sleep, async: makespan / ideal",
                                               counts[i] == 10000 ? "10,000" : "100,000");
      g_autofree char *target = g_strdup_printf ("≤ %.2f", targets[i]);
      g_autofree char *peer = NULL;
      double python;

      if (out != NULL && sscanf (out, "makespan %*f ideal %*f ratio %lf", &python) == 1)
        {
          printf ("Python's asyncio.gather, %u asyncio.sleep(1) (bench/sleep_peer.py): %.3f × the ideal.\n",
                  counts[i], python);
          peer = g_strdup_printf ("Python's asyncio %.2f ×", python);
        }
      else
        printf ("Python's asyncio peer not run: %s.\n", why ? why : "no figure printed");
      bench_summary (what, target, peer ? peer : "Python: not run", bench_verdict (ratios[i] <= targets[i]),
                     "%.3f ×", ratios[i]);
    }
}

/* ------------------------------------------------------------------------ */

static IlWorkload *
crawl_workload (guint connections,
                guint pages)
{
  g_autofree char *text = g_strdup_printf (
    "[Workload]\nName=bench-crawl\nTitle=Bench crawl\nCategory=network\n"
    "[Tasks]\nPhases=http;parse\nIoMs=%d\n"
    "[Crawl]\nMaxPages=%u\nMaxConnections=%u\nMaxConnectionsPerHost=%u\n",
    LATENCY_MS, pages, connections, connections);
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;
  IlWorkload *workload = il_workload_load_bytes (bytes, "bench-crawl", &error);

  if (workload == NULL)
    g_error ("%s", error->message);
  return workload;
}

static gint
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Pages per second between the 20th and the 80th percentile of completions */
static double
steady_rate (IlRun *run)
{
  g_autoptr(IlTraceSnapshot) snap = il_trace_snapshot (il_run_get_trace (run), 0);
  g_autofree gint64 *ends = g_new (gint64, MAX (snap->n_tasks, 1));
  guint lo, hi;

  for (guint i = 0; i < snap->n_tasks; i++)
    ends[i] = snap->tasks[i].finished_ns;
  qsort (ends, snap->n_tasks, sizeof (gint64), compare_gint64);
  lo = snap->n_tasks / 5;
  hi = snap->n_tasks * 4 / 5;
  if (hi <= lo || ends[hi] <= ends[lo])
    return 0;
  return (hi - lo) / ((ends[hi] - ends[lo]) / 1e9);
}

/* The CPU time (s) process @pid used so far, or NAN */
static double
process_cpu_s (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *text = NULL;
  unsigned long utime, stime;
  const char *after;

  if (pid <= 0 || !g_file_get_contents (path, &text, NULL, NULL) || (after = strrchr (text, ')')) == NULL ||
      sscanf (after + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &utime, &stime) != 2)
    return NAN;
  return (double) (utime + stime) / sysconf (_SC_CLK_TCK);
}

typedef struct {
  double of_bound;        /* steady / bound */
  double of_site_bound;   /* steady / the bound with the site's CPU counted; 0: unknown */
  double steady;          /* pages/s */
  const char *model;
  const char *site;
} CrawlFigures;

/* The figures of the row it prints.  @site_pid: the site's process (0: a
 * thread of this one, whose CPU is the run's). */
static CrawlFigures
crawl_row (const char *url,
           GPid        site_pid,
           const char *where,
           IlModel     model,
           guint       workers,
           guint       connections,
           guint       pages)
{
  g_autoptr(IlWorkload) workload = crawl_workload (connections, pages);
  IlWorkloadParams params = IL_WORKLOAD_PARAMS_INIT;
  g_autoptr(GError) error = NULL;
  g_autoptr(IlRun) run = NULL;
  const IlRunStats *st;
  double ideal = connections / (LATENCY_MS / 1000.0);
  double rate, steady, cpu_per_page;
  g_autofree char *busy = NULL;
  g_autofree char *bound = NULL;
  double machine_bound, site_before, site_per_page;
  g_autofree char *site_cpu = NULL;
  g_autofree char *with_site = NULL;
  CrawlFigures figures = { 0, };

  params.workers = (gint) workers;
  run = il_run_new (workload, &params, model);
  il_run_set_crawl (run, url, 0, FALSE);
  site_before = process_cpu_s (site_pid);
  if (!il_run_execute (run, NULL, &error))
    g_error ("crawl: %s", error->message);
  st = il_run_get_stats (run);
  if (st->tasks_failed > 0)
    g_error ("crawl: %u pages failed", st->tasks_failed);
  rate = st->tasks_ok / (st->makespan_ns / 1e9);
  steady = steady_rate (run);
  cpu_per_page = st->cpu_time_s / MAX (st->tasks_ok, 1);
  /* No crawler here does better than its requests allow, nor than the
   * cores can parse and handle at its CPU time a page. */
  machine_bound = MIN (ideal, il_machine_get_logical_cores () / cpu_per_page);
  /* A site on the same cores takes its share of them too: the most the
   * machine can do with both. */
  site_per_page = (process_cpu_s (site_pid) - site_before) / MAX (st->tasks_ok, 1);
  if (!isnan (site_per_page))
    {
      double both = MIN (ideal, il_machine_get_logical_cores () / (cpu_per_page + site_per_page));

      site_cpu = g_strdup_printf ("%.0f µs", site_per_page * 1e6);
      with_site = g_strdup_printf ("%.0f, %.2f", both, steady / both);
      figures.of_site_bound = steady / both;
    }
  /* One loop thread cannot fetch more than 1 / (its CPU per page) pages a
   * second, whatever the latency. */
  if (model == IL_MODEL_ASYNC)
    {
      busy = g_strdup_printf ("%.0f %%", 100.0 * st->cpu_time_s / (st->makespan_ns / 1e9));
      bound = g_strdup_printf ("%.2f", MIN (1.0 / cpu_per_page / ideal, 1.0));
    }
  printf ("| %s | %s | %u | %u | %.3f s | %.0f | %.0f | %.0f | %.2f | %.0f µs | %.0f | **%.2f** | %s | %s | %s | %s | %.0f %% |\n",
          il_run_get_title (run), where, connections, st->tasks_ok, st->makespan_ns / 1e9,
          rate, steady, ideal, steady / ideal, cpu_per_page * 1e6, machine_bound, steady / machine_bound,
          site_cpu ? site_cpu : "–", with_site ? with_site : "–",
          busy ? busy : "–", bound ? bound : "–",
          100.0 * st->io_wait_ns / MAX (st->io_wait_ns + st->running_ns, 1));
  fflush (stdout);
  figures.of_bound = steady / machine_bound;
  figures.steady = steady;
  figures.model = il_model_get_info (model)->id;
  figures.site = where;
  return figures;
}

static IlDemoSite *
start_site (guint pages)
{
  IlDemoSiteOptions options;
  g_autoptr(GError) error = NULL;
  IlDemoSite *site;

  il_demo_site_options_init (&options);
  options.pages = pages;
  options.links = SITE_LINKS;
  options.latency_ms = LATENCY_MS;
  options.jitter_ms = 0;
  site = il_demo_site_new_in_thread (&options, 0, &error);
  if (site == NULL)
    g_error ("demo site: %s", error->message);
  return site;
}

/* The demo site as a program of its own (`interleave serve-site`), as a
 * real site would be: in this process its thread would share GLib's
 * process-wide locks (GObject's signal lock above all) with the crawler's
 * loop, and the two threads wait for each other. */
typedef struct {
  GSubprocess *proc;
  char        *url;
} SiteProcess;

static SiteProcess *
start_site_process (guint pages)
{
  g_autofree char *pages_arg = g_strdup_printf ("%u", pages);
  g_autofree char *links_arg = g_strdup_printf ("%d", SITE_LINKS);
  g_autofree char *latency_arg = g_strdup_printf ("%d", LATENCY_MS);
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  SiteProcess *site = g_new0 (SiteProcess, 1);

  site->proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                                 INTERLEAVE_BIN, "serve-site", "--port", "0", "--pages", pages_arg,
                                 "--links", links_arg, "--latency-ms", latency_arg, "--jitter-ms", "0",
                                 NULL);
  if (site->proc == NULL)
    g_error ("serve-site: %s", error->message);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (site->proc));
  site->url = g_data_input_stream_read_line (out, NULL, NULL, &error);
  if (site->url == NULL)
    g_error ("serve-site printed no URL%s%s", error ? ": " : "", error ? error->message : "");
  return site;
}

static void
site_process_free (SiteProcess *site)
{
  g_subprocess_send_signal (site->proc, SIGINT);
  g_subprocess_wait (site->proc, NULL, NULL);
  g_object_unref (site->proc);
  g_free (site->url);
  g_free (site);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SiteProcess, site_process_free)

static GPid
site_pid (SiteProcess *site)
{
  const char *ident = g_subprocess_get_identifier (site->proc);

  return ident ? (GPid) g_ascii_strtoll (ident, NULL, 10) : 0;
}

/* The seed's crawler on the demo site, run once: its Markdown table */
static const char *python_out;
static char *python_why;

static const char *
python_peer_output (void)
{
  static gboolean ran;

  if (!ran)
    {
      g_autoptr(SiteProcess) site = start_site_process (4000);
      g_autofree char *max = g_strdup_printf ("%d", PYTHON_URLS);
      const char *args[] = { site->url, "--max-urls", max, NULL };

      ran = TRUE;
      python_out = bench_run_python ("crawler_peer.py", args, &python_why);
    }
  return python_out;
}

/* The best pages/s of its three crawlers, or NAN */
static double
python_peer_pages_per_s (void)
{
  const char *out = python_peer_output ();
  g_auto(GStrv) lines = out ? g_strsplit (out, "\n", -1) : NULL;
  double best = NAN;

  for (guint i = 0; lines != NULL && lines[i] != NULL; i++)
    {
      g_auto(GStrv) cells = g_strsplit (lines[i], "|", -1);
      guint n = g_strv_length (cells);
      double rate;
      char *end;

      /* "| name | fetched | seconds | pages/s |" */
      if (n < 6 || !g_ascii_isdigit (g_strstrip (cells[4])[0]))
        continue;
      rate = g_ascii_strtod (g_strstrip (cells[4]), &end);
      if (end != cells[4] && (isnan (best) || rate > best))
        best = rate;
    }
  return best;
}

/* The same pages served by nginx (a server nobody here wrote, at some
 * 20 µs of CPU a page rather than the demo site's 100 – 150), each reply
 * held back the same 10 ms by the echo module's non-blocking sleep: on two
 * cores shared by crawler and site, the crawler then has most of them.
 * NULL when nginx or its echo module is not installed. */
#define NGINX_BIN  "/usr/sbin/nginx"
#define NGINX_ECHO "/usr/lib/nginx/modules/ngx_http_echo_module.so"

typedef struct {
  GSubprocess *proc;
  char        *dir;
  char        *url;
} NginxSite;

static void
nginx_site_free (NginxSite *site)
{
  g_autofree char *quoted = NULL;
  g_autofree char *command = NULL;

  if (site->proc != NULL)
    {
      g_subprocess_send_signal (site->proc, SIGQUIT);
      g_subprocess_wait (site->proc, NULL, NULL);
      g_object_unref (site->proc);
    }
  quoted = g_shell_quote (site->dir);
  command = g_strdup_printf ("rm -rf %s", quoted);
  if (system (command) != 0)
    g_printerr ("could not remove %s\n", site->dir);
  g_free (site->dir);
  g_free (site->url);
  g_free (site);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NginxSite, nginx_site_free)

static guint
free_port (void)
{
  g_autoptr(GSocket) sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) got = NULL;

  if (sock == NULL || !g_socket_bind (sock, any, TRUE, NULL) || (got = g_socket_get_local_address (sock, NULL)) == NULL)
    g_error ("no free port");
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (got));
}

static NginxSite *
start_nginx_site (guint pages)
{
  IlDemoSiteOptions options;
  g_autoptr(NginxSite) site = g_new0 (NginxSite, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *pages_dir = NULL;
  g_autofree char *conf = NULL;
  g_autofree char *conf_path = NULL;
  g_autofree char *host = NULL;
  guint port = free_port ();

  if (!g_file_test (NGINX_BIN, G_FILE_TEST_IS_EXECUTABLE) || !g_file_test (NGINX_ECHO, G_FILE_TEST_EXISTS))
    return NULL;
  il_demo_site_options_init (&options);
  options.pages = pages;
  options.links = SITE_LINKS;
  site->dir = g_dir_make_tmp ("bench-nginx-XXXXXX", &error);
  if (site->dir == NULL)
    g_error ("%s", error->message);
  g_chmod (site->dir, 0755);   /* nginx's worker may run as another user */
  pages_dir = g_build_filename (site->dir, "site", "pages", NULL);
  g_mkdir_with_parents (pages_dir, 0755);
  host = g_strdup_printf ("127.0.0.1:%u", port);
  for (guint i = 0; i <= pages; i++)
    {
      g_autofree char *html = il_demo_site_render (&options, i < pages ? i : G_MAXUINT, host);
      g_autofree char *name = i < pages ? g_strdup_printf ("%u.html", i) : NULL;
      g_autofree char *path = i < pages ? g_build_filename (pages_dir, name, NULL)
                                        : g_build_filename (site->dir, "site", "index.html", NULL);

      if (!g_file_set_contents (path, html, -1, &error))
        g_error ("%s", error->message);
      g_chmod (path, 0644);
    }
  conf = g_strdup_printf (
    "load_module %s;\n"
    "worker_processes 1;\n"
    "error_log %s/error.log error;\n"
    "pid %s/nginx.pid;\n"
    "events { worker_connections 4096; }\n"
    "http {\n"
    "  access_log off;\n"
    "  client_body_temp_path %s/tmp;\n"
    "  keepalive_requests 100000;\n"
    "  sendfile off;\n"
    "  open_file_cache max=20000;\n"
    "  server {\n"
    "    listen 127.0.0.1:%u;\n"
    "    root %s/site;\n"
    "    default_type \"text/html; charset=utf-8\";\n"
    "    types { }\n"
    "    etag off;\n"
    "    server_tokens off;\n"
    "    location / { echo_sleep %.3f; echo_exec /files$uri; }\n"
    "    location /files/ { internal; alias %s/site/; index index.html; }\n"
    "  }\n"
    "}\n",
    NGINX_ECHO, site->dir, site->dir, site->dir, port, site->dir, LATENCY_MS / 1000.0, site->dir);
  conf_path = g_build_filename (site->dir, "nginx.conf", NULL);
  if (!g_file_set_contents (conf_path, conf, -1, &error))
    g_error ("%s", error->message);
  site->proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                                 NGINX_BIN, "-c", conf_path, "-p", site->dir, "-g", "daemon off;", NULL);
  if (site->proc == NULL)
    g_error ("nginx: %s", error->message);
  site->url = g_strdup_printf ("http://%s/", host);
  /* Ready once it answers */
  for (guint tries = 0; tries < 200; tries++)
    {
      g_autoptr(GSocketClient) client = g_socket_client_new ();
      g_autoptr(GSocketConnection) conn = g_socket_client_connect_to_host (client, host, 0, NULL, NULL);

      if (conn != NULL)
        return g_steal_pointer (&site);
      g_usleep (10000);
    }
  g_error ("nginx did not start (see %s/error.log)", site->dir);
}

/* The CPU time of nginx's master and its worker */
static GPid
nginx_worker_pid (NginxSite *site)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/task/%s/children",
                                           g_subprocess_get_identifier (site->proc),
                                           g_subprocess_get_identifier (site->proc));
  g_autofree char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  return (GPid) g_ascii_strtoll (text, NULL, 10);
}

static void
bench_crawl (guint only)
{
  const guint concurrency[] = { 16, 64, 256 };
  CrawlFigures best_of[G_N_ELEMENTS (concurrency)] = { { 0, }, };
  double best_site_of[G_N_ELEMENTS (concurrency)] = { 0, };
  gboolean nginx_missing = FALSE;
  double python;

  printf ("\n### Crawling the demo site at %d ms latency\n\n", LATENCY_MS);
  printf ("Pages/s over the whole crawl (from one start page) and in its steady middle;\n"
          "the ideal is concurrency / latency.  The site is `interleave serve-site` in a\n"
          "process of its own (\"process\"), or a thread of the crawler's process as in the\n"
          "app (\"thread\"); either way it shares the machine's cores with the crawler.\n"
          "CPU / page: the CPU time of the run's threads and worker processes (for async, the\n"
          "loop thread; for async-pool, the loops and the app's thread that feeds them) per page.\n"
          "Bound: min(concurrency / latency, cores / CPU per page), what this machine can do at\n"
          "that CPU time a page; steady / bound is the goal's figure (≥ 0.8 at 256).  Site CPU /\n"
          "page: the site process's; with the site: the bound when the site's CPU time a page\n"
          "counts too (it runs on the same cores), and the steady rate as a fraction of it.\n"
          "Loop busy: that CPU time over the makespan.  CPU bound: the most one loop\n"
          "thread at that CPU time per page can fetch, as a fraction of the ideal (from\n"
          "the whole crawl's CPU time: its steady middle costs a little less a page).\n\n");
  printf ("| model | site | concurrent requests | pages | makespan | pages/s | steady pages/s | ideal | steady / ideal "
          "| CPU / page | bound | steady / bound | site CPU / page | with the site | loop busy | CPU bound | waiting |\n");
  printf ("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (guint i = 0; i < G_N_ELEMENTS (concurrency); i++)
    {
      guint pages = MAX (2000, concurrency[i] * 60);
      CrawlFigures rows[5] = { { 0, }, };

      if (only != 0 && only != concurrency[i])
        continue;
      {
        g_autoptr(SiteProcess) site = start_site_process (pages);

        rows[0] = crawl_row (site->url, site_pid (site), "process", IL_MODEL_ASYNC, 0, concurrency[i], pages);
      }
      {
        g_autoptr(SiteProcess) site = start_site_process (pages);

        rows[1] = crawl_row (site->url, site_pid (site), "process", IL_MODEL_ASYNC_POOL, 0, concurrency[i], pages);
      }
      {
        g_autoptr(IlDemoSite) site = start_site (pages);

        rows[2] = crawl_row (il_demo_site_get_url (site), 0, "thread", IL_MODEL_ASYNC, 0, concurrency[i], pages);
      }
      for (guint m = 0; m < 2; m++)
        {
          g_autoptr(NginxSite) site = start_nginx_site (pages);

          if (site == NULL)
            nginx_missing = TRUE;
          else
            rows[3 + m] = crawl_row (site->url, nginx_worker_pid (site), "nginx",
                                     m == 0 ? IL_MODEL_ASYNC : IL_MODEL_ASYNC_POOL, 0, concurrency[i], pages);
        }
      for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
        {
          if (rows[r].of_bound > best_of[i].of_bound)
            best_of[i] = rows[r];
          best_site_of[i] = MAX (best_site_of[i], rows[r].of_site_bound);
        }
    }
  printf ("\nBest steady / bound: ");
  for (guint i = 0; i < G_N_ELEMENTS (concurrency); i++)
    if (only == 0 || only == concurrency[i])
      printf ("%s%u requests %.2f", i > 0 && only == 0 ? ", " : "", concurrency[i], best_of[i].of_bound);
  printf (" (target at 256: ≥ 0.80).\n\n");
  python = python_peer_pages_per_s ();
  for (guint i = 0; i < G_N_ELEMENTS (concurrency); i++)
    if (only == 0 || only == concurrency[i])
      {
        g_autofree char *what = g_strdup_printf ("crawling at %d ms latency, %u requests at once: the best steady "
                                                 "pages/s ÷ min(concurrency ÷ latency, cores ÷ CPU per page)",
                                                 LATENCY_MS, concurrency[i]);
        g_autofree char *peer = isnan (python) ? g_strdup ("the seed's Python crawler: not run")
                                : g_strdup_printf ("the seed's Python crawler (best of its three) %.0f pages/s: "
                                                   "ours %.0f × that", python, best_of[i].steady / python);

        bench_summary (what, concurrency[i] == 256 ? "≥ 0.8" : "–", peer,
                       concurrency[i] == 256 ? bench_verdict (best_of[i].of_bound >= 0.8) : BENCH_NO_TARGET,
                       "%.2f (%s, site: %s, %.0f pages/s); %.2f of the bound with the site's CPU counted",
                       best_of[i].of_bound, best_of[i].model, best_of[i].site, best_of[i].steady,
                       best_site_of[i]);
      }
  if (nginx_missing)
    printf ("No nginx rows: they need nginx and its echo module "
            "(apt-get install nginx-light libnginx-mod-http-echo).\n\n");
  if (only != 0)
    return;
  /* For comparison: the executor, and W blocking threads */
  {
    g_autoptr(SiteProcess) site = start_site_process (4000);

    crawl_row (site->url, site_pid (site), "process", IL_MODEL_ASYNC_EXECUTOR, 2, 64, 4000);
  }
  {
    g_autoptr(SiteProcess) site = start_site_process (4000);

    crawl_row (site->url, site_pid (site), "process", IL_MODEL_THREAD_POOL, 64, 64, 4000);
  }
}

/* ------------------------------------------------------------------------ */

static void
bench_python (void)
{
  const char *out = python_peer_output ();

  printf ("\n### The seed's own Python crawler on the same site (%d ms latency)\n\n", LATENCY_MS);
  if (out == NULL)
    {
      printf ("Not run: python3 with requests and bs4 is needed "
              "(apt-get install python3-requests python3-bs4): %s.\n", python_why ? python_why : "");
      return;
    }
  fputs (out, stdout);
  fflush (stdout);
}

int
main (int   argc,
      char *argv[])
{
  gboolean all = argc < 2;

  printf ("Machine: %u logical cores, %s.\n", il_machine_get_logical_cores (), il_machine_get_cpu_model ());
  for (int i = all ? 0 : 1; i < (all ? 1 : argc); i++)
    {
      if (all || strcmp (argv[i], "sleeps") == 0)
        bench_sleeps ();
      if (all || strcmp (argv[i], "crawl") == 0)
        bench_crawl (0);
      else if (g_str_has_prefix (argv[i], "crawl:"))
        bench_crawl ((guint) atoi (argv[i] + 6));
      if (all || strcmp (argv[i], "python") == 0)
        bench_python ();
    }
  return 0;
}
