/* fuzz-links.c — libFuzzer target for the link extractor
 *
 * Built only with a compiler that has -fsanitize=fuzzer (see the end of
 * tests/meson.build); tools/fuzz builds and runs it.  An input is a page
 * with a first line of its own: the page's URL, and after a space the
 * reply's charset (none: the page's <meta>, else libxml2's guess).
 *
 *   http://site.example/docs/page.html iso-8859-1
 *   <html><head><base href="../other/"></head> …
 *
 * Whatever comes in, the links that come out are each once, absolute
 * http(s) URLs that a worker can send in a "link" line, within the caps
 * of il-http-types.h, and normalising one again changes nothing.
 *
 *   build-fuzz/tests/fuzz-links -max_total_time=60 -max_len=65536 CORPUS
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <gio/gio.h>

#include "il-links.h"
#include "il-worker-protocol.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* The first line is read up to here: a URL longer than a link may be is
 * not a page a crawl fetches. */
#define MAX_HEADER (IL_LINKS_MAX_URL_BYTES + 64)

static void
check_links (GPtrArray *links)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  gsize bytes = 0;

  if (links->len > IL_LINKS_MAX_PER_PAGE)
    abort ();
  for (guint i = 0; i < links->len; i++)
    {
      const char *url = g_ptr_array_index (links, i);
      gsize n = strlen (url);
      g_autofree char *again = NULL;

      if (n > IL_LINKS_MAX_URL_BYTES ||
          !(g_str_has_prefix (url, "http://") || g_str_has_prefix (url, "https://")) ||
          strchr (url, '#') != NULL ||
          !il_worker_protocol_valid_url (url, -1))
        abort ();
      if (!g_hash_table_add (seen, (gpointer) url))
        abort ();   /* each link once */
      /* Already in the form URLs are compared in */
      again = il_links_normalise_url (url);
      if (again == NULL || strcmp (again, url) != 0)
        abort ();
      bytes += n;
    }
  if (bytes > IL_LINKS_MAX_PAGE_BYTES)
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *input = (const char *) data;
  const char *end = memchr (input, '\n', MIN (size, MAX_HEADER));
  const char *space;
  g_autofree char *page_url = NULL;
  g_autofree char *charset = NULL;
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(GError) error = NULL;
  const char *html;
  gsize length;
  guint dropped = 0;

  /* The page's URL is what libsoup made of a reply's: text, without NUL */
  if (end == NULL || memchr (input, '\0', end - input) != NULL || !g_utf8_validate (input, end - input, NULL))
    return 0;
  space = memchr (input, ' ', end - input);
  page_url = g_strndup (input, (space ? space : end) - input);
  if (space != NULL)
    charset = g_strndup (space + 1, end - space - 1);
  html = end + 1;
  length = size - (html - input);

  links = il_links_extract_counted (page_url, html, length, charset, &dropped, &error);
  if (links == NULL)
    {
      if (error == NULL || error->domain != G_IO_ERROR || !g_utf8_validate (error->message, -1, NULL))
        abort ();
      return 0;
    }
  if (error != NULL)
    abort ();
  check_links (links);
  return 0;
}
