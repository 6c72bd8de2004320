/* il-cli-serve.c — interleave serve-site [OPTION…]
 *
 * Serves the built-in demo website (il-demo-site.h) on 127.0.0.1 until
 * Ctrl+C, for the crawler, for the seed's Python crawler (bench/), or for a
 * browser.  The first line on standard output is the address and nothing
 * else, so that scripts can read it (with --port 0 the port is any free
 * one); the rest goes to standard error.
 */
#include "config.h"

#include <signal.h>

#include <glib-unix.h>
#include <glib/gi18n.h>

#include "il-cli-private.h"
#include "il-demo-site.h"

#define DEFAULT_PORT  8080
#define MAX_PAGES     1000000
#define MAX_LINKS     1000
#define MAX_MS        (G_GINT64_CONSTANT (1000) * 3600)

typedef struct {
  char *port;
  char *pages;
  char *links;
  char *latency_ms;
  char *jitter_ms;
} ServeOptions;

static void
serve_options_clear (ServeOptions *options)
{
  g_clear_pointer (&options->port, g_free);
  g_clear_pointer (&options->pages, g_free);
  g_clear_pointer (&options->links, g_free);
  g_clear_pointer (&options->latency_ms, g_free);
  g_clear_pointer (&options->jitter_ms, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ServeOptions, serve_options_clear)

static gboolean
on_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

int
il_cli_serve_site (int    argc,
                   char **argv)
{
  g_auto(ServeOptions) options = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(IlDemoSite) site = NULL;
  IlDemoSiteOptions site_options;
  gint64 port = DEFAULT_PORT;
  gint64 pages, links, latency, jitter;
  int status = IL_CLI_EXIT_OK;
  guint sigint_id, sigterm_id;
  const GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_STRING, &options.port,
      N_("Port on 127.0.0.1 (default 8080; 0: any free port)"), N_("N") },
    { "pages", 0, 0, G_OPTION_ARG_STRING, &options.pages,
      N_("Number of pages (default 200)"), N_("N") },
    { "links", 0, 0, G_OPTION_ARG_STRING, &options.links,
      N_("Links to other pages on each page (default 8)"), N_("N") },
    { "latency-ms", 0, 0, G_OPTION_ARG_STRING, &options.latency_ms,
      N_("Each reply is held back this long (default 50)"), N_("MS") },
    { "jitter-ms", 0, 0, G_OPTION_ARG_STRING, &options.jitter_ms,
      N_("… plus or minus up to this, fixed per page (default 0)"), N_("MS") },
    { NULL }
  };

  il_demo_site_options_init (&site_options);
  pages = site_options.pages;
  links = site_options.links;
  latency = site_options.latency_ms;
  jitter = site_options.jitter_ms;

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
    _("Serves Interleave's demo website on 127.0.0.1 until Ctrl+C: an index at /\n"
      "and pages that link to each other and carry the noise real pages do\n"
      "(fragments, ?ref tails, mailto:, javascript:, other hosts, links that\n"
      "need their <base>).  The web-crawl workload crawls it when given no --url.\n"
      "The first line on standard output is the address."));
  g_option_context_set_description (context,
    _("Examples:\n"
      "  interleave serve-site --port 8080 --pages 500 --latency-ms 10\n"
      "  interleave run web-crawl --url http://127.0.0.1:8080/ --max-pages 500"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return il_cli_fail (IL_CLI_EXIT_USAGE, "%s", error->message);
  if (argc > 1)
    return il_cli_fail (IL_CLI_EXIT_USAGE, _("serve-site: unexpected argument “%s”"), argv[1]);

  if (!il_cli_parse_option ("--port", options.port, 0, 65535, &port, &status) ||
      !il_cli_parse_option ("--pages", options.pages, 1, MAX_PAGES, &pages, &status) ||
      !il_cli_parse_option ("--links", options.links, 0, MAX_LINKS, &links, &status) ||
      !il_cli_parse_option ("--latency-ms", options.latency_ms, 0, MAX_MS, &latency, &status) ||
      !il_cli_parse_option ("--jitter-ms", options.jitter_ms, 0, MAX_MS, &jitter, &status))
    return status;

  site_options.pages = (guint) pages;
  site_options.links = (guint) links;
  site_options.latency_ms = (guint) latency;
  site_options.jitter_ms = (guint) jitter;

  site = il_demo_site_new (&site_options, (guint) port, &error);
  if (site == NULL)
    return il_cli_fail (IL_CLI_EXIT_FAILED, _("cannot serve on 127.0.0.1:%u: %s"),
                        (guint) port, error->message);

  printf ("%s\n", il_demo_site_get_url (site));
  fflush (stdout);
  fprintf (stderr, _("Serving %u pages at %s, replies in %u ± %u ms (Ctrl+C stops)"),
           site_options.pages, il_demo_site_get_url (site), site_options.latency_ms, site_options.jitter_ms);
  fprintf (stderr, "\n");

  loop = g_main_loop_new (NULL, FALSE);
  sigint_id = g_unix_signal_add (SIGINT, on_signal, loop);
  sigterm_id = g_unix_signal_add (SIGTERM, on_signal, loop);
  g_main_loop_run (loop);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);

  fprintf (stderr, g_dngettext (GETTEXT_PACKAGE, "Answered %u request", "Answered %u requests",
                                il_demo_site_get_n_requests (site)),
           il_demo_site_get_n_requests (site));
  fprintf (stderr, "\n");
  return IL_CLI_EXIT_OK;
}
