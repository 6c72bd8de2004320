/* bench-memory.c — the heap a crawl's page costs: its lane in the trace,
 * its copy in a snapshot, and its URL in the crawler's visited set
 *
 *   build/bench/bench-memory [PAGES]      (default 100000)
 *
 * Measured with mallinfo2() (glibc's arena bytes in use) around building
 * each part for PAGES pages shaped as a crawl's are: a name like
 * "/pages/1234.html" and seven segments (queued, running, io-wait, ready,
 * running, preempted, the done marker: the most common count in a crawl of
 * the demo site under async).
 */

#include "config.h"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "il-crawler.h"
#include "il-trace.h"

static gsize
heap_in_use (void)
{
  struct mallinfo2 mi = mallinfo2 ();

  return mi.uordblks + mi.hblkhd;
}

int
main (int   argc,
      char *argv[])
{
  guint pages = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 100000;
  static const IlState states[] = { IL_STATE_RUNNING, IL_STATE_IO_WAIT, IL_STATE_READY,
                                    IL_STATE_RUNNING, IL_STATE_PREEMPTED };
  IlCrawlSettings settings = { 0, };
  g_autoptr(GPtrArray) urls = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) admitted = NULL;
  g_autoptr(GError) error = NULL;
  IlTraceSnapshot *snap;
  IlCrawler *crawler;
  IlTrace *trace;
  gsize h0, h1, h2, h3, h4;

  g_return_val_if_fail (pages > 0, 2);

  h0 = heap_in_use ();
  trace = il_trace_new ();
  for (guint t = 0; t < pages; t++)
    {
      g_autofree char *name = g_strdup_printf ("/pages/%u.html", t);
      gint64 at = il_trace_get_origin (trace) + t;
      guint task = il_trace_add_task (trace, name, at);

      il_trace_set_started (trace, task, 0, at + 1);
      for (guint s = 0; s < G_N_ELEMENTS (states); s++)
        il_trace_enter (trace, task, states[s], 0, states[s] == IL_STATE_RUNNING ? 1 : IL_NO_CPU, at + 2 + s);
      il_trace_finish (trace, task, IL_STATE_DONE, NULL, at + 10);
    }
  h1 = heap_in_use ();
  snap = il_trace_snapshot (trace, 0);
  h2 = heap_in_use ();
  g_assert (snap->n_tasks == pages);

  /* The visited set: every page admitted once (the URLs to admit are not
   * counted, they are the pages' links) */
  settings.start_url = (char *) "http://127.0.0.1:8080/";
  settings.max_pages = pages + 1;
  settings.max_connections = 64;
  settings.max_connections_per_host = 16;
  settings.timeout_ms = 15000;
  settings.max_body_bytes = 5 * 1024 * 1024;
  settings.max_redirects = 10;
  for (guint t = 0; t < pages; t++)
    g_ptr_array_add (urls, g_strdup_printf ("http://127.0.0.1:8080/pages/%u.html", t));
  h3 = heap_in_use ();
  crawler = il_crawler_new (&settings, 0, &error);
  g_assert_no_error (error);
  admitted = il_crawler_admit (crawler, urls);
  g_assert (admitted->len == pages);
  g_clear_pointer (&admitted, g_ptr_array_unref);
  h4 = heap_in_use ();

  printf ("pages %u, 7 segments a page (%zu bytes a segment)\n", pages, sizeof (IlSegment));
  printf ("trace: %.0f bytes a page\n", (double) (h1 - h0) / pages);
  printf ("snapshot: %.0f bytes a page\n", (double) (h2 - h1) / pages);
  printf ("visited set: %.0f bytes a page (URLs of %zu bytes)\n", (double) (h4 - h3) / pages,
          strlen (g_ptr_array_index (urls, pages - 1)));

  il_crawler_free (crawler);
  il_trace_snapshot_unref (snap);
  il_trace_unref (trace);
  return 0;
}
