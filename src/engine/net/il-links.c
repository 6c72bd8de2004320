/* il-links.c — the links out of a page of HTML */

#include "config.h"

#include <string.h>
#include <libsoup/soup.h>
#include <libxml/HTMLparser.h>
#include <libxml/encoding.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <glib/gi18n-lib.h>

#include "il-links.h"

#define URI_FLAGS (SOUP_HTTP_URI_FLAGS | G_URI_FLAGS_PARSE_RELAXED)


static gboolean
is_http (GUri *uri)
{
  const char *scheme = g_uri_get_scheme (uri);

  return scheme != NULL &&
         (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0) &&
         g_uri_get_host (uri) != NULL && g_uri_get_host (uri)[0] != '\0';
}

/* Whether a host as GUri gives it (percent-escapes decoded, a name in
 * another script already xn--) is one a request can go to: RFC 3986's
 * reg-name without escapes, or an IPv6 address without a zone.  A space,
 * "<", "/", "%" or a control character in it is not, nor can a worker send
 * it. */
static gboolean
is_host (const char *host,
         gboolean    ipv6)
{
  for (const char *c = host; *c != '\0'; c++)
    if (ipv6 ? !(g_ascii_isxdigit (*c) || *c == ':' || *c == '.')
             : !(g_ascii_isalnum (*c) || strchr ("-._~!$&'()*+,;=", *c) != NULL))
      return FALSE;
  return TRUE;
}

/* No fragment; no seed 002 "?ref…" tail; lower-case scheme and host, no
 * default port, "/" for an empty path.  @uri was parsed with
 * SOUP_HTTP_URI_FLAGS, whose G_URI_FLAGS_SCHEME_NORMALIZE lower-cases the
 * scheme, reports the default port and turns an empty path into "/". */
char *
il_links_normalise_uri (GUri *uri)
{
  const char *scheme = g_uri_get_scheme (uri);
  const char *query = g_uri_get_query (uri);
  gint port = g_uri_get_port (uri);

  if (!is_http (uri) || !is_host (g_uri_get_host (uri), strchr (g_uri_get_host (uri), ':') != NULL))
    return NULL;

  /* Seed 002 drops a last segment starting with "?ref" (".../logarithms/?ref=outind"
   * → ".../logarithms"); here the query goes and the path stays as it was, so
   * the page is the same URL as a link to it without the tail. */
  if (query != NULL && (query[0] == '\0' || g_str_has_prefix (query, "ref")))
    query = NULL;
  if ((port == 80 && strcmp (scheme, "http") == 0) || (port == 443 && strcmp (scheme, "https") == 0))
    port = -1;
  /* What g_uri_join (G_URI_FLAGS_ENCODED, …) makes of the parts (they are
   * still encoded), with the host lower-cased on the way: a crawl does this
   * for every link of every page. */
  {
    const char *host = g_uri_get_host (uri);
    const char *userinfo = g_uri_get_userinfo (uri);
    const char *path = g_uri_get_path (uri)[0] != '\0' ? g_uri_get_path (uri) : "/";
    gboolean ipv6 = strchr (host, ':') != NULL;
    GString *url = g_string_sized_new (strlen (scheme) + strlen (host) + strlen (path) + 16);

    g_string_append (url, scheme);
    g_string_append (url, "://");
    if (userinfo != NULL)
      {
        /* GUri has decoded it: "a%2Fb@h" must not become "a/b@h", another host */
        g_string_append_uri_escaped (url, userinfo, G_URI_RESERVED_CHARS_SUBCOMPONENT_DELIMITERS ":", FALSE);
        g_string_append_c (url, '@');
      }
    if (ipv6)
      g_string_append_c (url, '[');
    for (const char *c = host; *c != '\0'; c++)
      g_string_append_c (url, g_ascii_tolower (*c));
    if (ipv6)
      g_string_append_c (url, ']');
    if (port != -1)
      {
        /* Not printf: it costs more than the rest of the URL. */
        char digits[8];
        int n = 0;

        do
          digits[n++] = (char) ('0' + port % 10);
        while ((port /= 10) > 0 && n < (int) sizeof digits);
        g_string_append_c (url, ':');
        while (n > 0)
          g_string_append_c (url, digits[--n]);
      }
    g_string_append (url, path);
    if (query != NULL)
      {
        g_string_append_c (url, '?');
        g_string_append (url, query);
      }
    return g_string_free (url, FALSE);
  }
}

char *
il_links_normalise_url (const char *url)
{
  g_autoptr(GUri) uri = NULL;

  g_return_val_if_fail (url != NULL, NULL);

  uri = g_uri_parse (url, URI_FLAGS, NULL);
  return uri ? il_links_normalise_uri (uri) : NULL;
}

static void
init_libxml (void)
{
  static gsize once;

  /* libxml2 wants its globals set up once before threads parse. */
  if (g_once_init_enter (&once))
    {
      xmlInitParser ();
      g_once_init_leave (&once, 1);
    }
}

/* What the parser reports, in document order: libxml2's SAX interface,
 * so that no tree is built only to be walked once. */
typedef struct {
  gboolean   saw_element;
  char      *base_href;       /* the first <base href> */
  GPtrArray *hrefs;           /* of every <a href>, as written */
  gsize      bytes;           /* their length in all */
  guint      dropped;         /* hrefs too long or past the caps */
} Found;

/* hrefs kept from one page: many are duplicates or lead nowhere, so more
 * than the links a page may give, but bounded whatever a server sends. */
#define MAX_HREFS (4 * IL_LINKS_MAX_PER_PAGE)

static const char *
attribute (const xmlChar **atts,
           const char     *name)
{
  for (guint i = 0; atts != NULL && atts[i] != NULL; i += 2)
    if (g_ascii_strcasecmp ((const char *) atts[i], name) == 0)
      return atts[i + 1] ? (const char *) atts[i + 1] : "";
  return NULL;
}

static void
on_start_element (void           *user_data,
                  const xmlChar  *name,
                  const xmlChar **atts)
{
  Found *found = user_data;
  const char *href;
  gsize n;

  found->saw_element = TRUE;
  /* The HTML parser lower-cases element names */
  if (strcmp ((const char *) name, "a") == 0)
    {
      /* <a> without href is an anchor, not a link */
      if ((href = attribute (atts, "href")) == NULL)
        return;
      /* Too long to be a link once resolved, or past the caps: not kept */
      n = strlen (href);
      if (n > IL_LINKS_MAX_URL_BYTES || found->hrefs->len >= MAX_HREFS ||
          found->bytes + n > IL_LINKS_MAX_PAGE_BYTES)
        {
          found->dropped++;
          return;
        }
      found->bytes += n;
      g_ptr_array_add (found->hrefs, g_strstrip (g_strdup (href)));
    }
  else if (strcmp ((const char *) name, "base") == 0 && found->base_href == NULL)
    {
      /* The first <base href> applies to the whole document, links before it too */
      if ((href = attribute (atts, "href")) != NULL)
        found->base_href = g_strstrip (g_strdup (href));
    }
}

/* Runs libxml2's HTML parser over the page: its hrefs and its <base href>
 * go into @found.  FALSE when it made no document of it. */
static gboolean
parse_page (const char  *page_url,
            const char  *html,
            gsize        length,
            const char  *charset,
            Found       *found,
            GError     **error)
{
  htmlSAXHandler sax;
  htmlParserCtxtPtr ctxt;
  gboolean utf8;

  init_libxml ();
  memset (&sax, 0, sizeof sax);
  sax.startElement = on_start_element;
  /* UTF-8 needs no converter: saying so up front skips copying the page
   * through one (a fifth of the parse). */
  utf8 = charset != NULL && (g_ascii_strcasecmp (charset, "utf-8") == 0 ||
                             g_ascii_strcasecmp (charset, "utf8") == 0);
  ctxt = htmlCreatePushParserCtxt (&sax, found, NULL, 0, page_url,
                                   utf8 ? XML_CHAR_ENCODING_UTF8 : XML_CHAR_ENCODING_NONE);
  if (ctxt == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("libxml2 could not make a parser"));
      return FALSE;
    }
  /* The reply's charset wins over a <meta charset> in the page, as HTTP
   * says; without a converter only this option keeps libxml2 to it. */
  htmlCtxtUseOptions (ctxt, HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                            (utf8 ? HTML_PARSE_IGNORE_ENC : 0));
  if (charset != NULL && !utf8)
    {
      xmlCharEncodingHandlerPtr handler = xmlFindCharEncodingHandler (charset);

      /* An unknown charset: the page's own, or libxml2's guess */
      if (handler != NULL)
        xmlSwitchToEncoding (ctxt, handler);
    }
  htmlParseChunk (ctxt, html ? html : "", (int) length, 1);
  htmlFreeParserCtxt (ctxt);

  if (!found->saw_element)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("malformed HTML: the parser found no document in it"));
      return FALSE;
    }
  return TRUE;
}

/* The http(s) targets of @hrefs against @base, normalised, each once, in
 * the order of their first appearance. */
static GPtrArray *
resolve_links (GUri      *base,
               GPtrArray *hrefs,
               guint     *dropped)
{
  g_autoptr(GPtrArray) links = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  gsize bytes = 0;

  for (guint i = 0; i < hrefs->len; i++)
    {
      const char *href = g_ptr_array_index (hrefs, i);
      const char *scheme = g_uri_peek_scheme (href);
      g_autoptr(GUri) target = NULL;
      char *url;

      /* mailto:, javascript:, data:… lead nowhere a crawl goes */
      if (scheme != NULL && strcmp (scheme, "http") != 0 && strcmp (scheme, "https") != 0)
        continue;
      target = g_uri_parse_relative (base, href, URI_FLAGS, NULL);
      if (target == NULL)
        continue;
      url = il_links_normalise_uri (target);   /* NULL for mailto:, javascript:, data:, … */
      if (url == NULL || g_hash_table_contains (seen, url))
        {
          g_free (url);
          continue;
        }
      /* The same rule in every model: at most so many links, so long */
      if (strlen (url) > IL_LINKS_MAX_URL_BYTES || links->len >= IL_LINKS_MAX_PER_PAGE ||
          bytes + strlen (url) > IL_LINKS_MAX_PAGE_BYTES)
        {
          (*dropped)++;
          g_free (url);
          continue;
        }
      bytes += strlen (url);
      g_hash_table_add (seen, url);
      g_ptr_array_add (links, url);
    }

  return g_steal_pointer (&links);
}

GPtrArray *
il_links_extract (const char  *page_url,
                  const char  *html,
                  gsize        length,
                  const char  *charset,
                  GError     **error)
{
  return il_links_extract_counted (page_url, html, length, charset, NULL, error);
}

GPtrArray *
il_links_extract_counted (const char  *page_url,
                          const char  *html,
                          gsize        length,
                          const char  *charset,
                          guint       *n_dropped,
                          GError     **error)
{
  g_autoptr(GPtrArray) hrefs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GUri) page = NULL;
  g_autoptr(GUri) base = NULL;
  g_autofree char *base_href = NULL;
  Found found = { FALSE, NULL, hrefs, 0, 0 };
  GPtrArray *links;
  gboolean parsed;

  g_return_val_if_fail (page_url != NULL, NULL);
  g_return_val_if_fail (html != NULL || length == 0, NULL);

  page = g_uri_parse (page_url, URI_FLAGS, NULL);
  if (page == NULL || !is_http (page))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("invalid URL “%s”"), page_url);
      return NULL;
    }
  if (length > G_MAXINT)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("the page is too large to parse"));
      return NULL;
    }

  parsed = parse_page (page_url, html, length, charset, &found, error);
  base_href = found.base_href;
  if (!parsed)
    return NULL;

  base = g_uri_ref (page);
  if (base_href != NULL)
    {
      GUri *resolved = g_uri_parse_relative (page, base_href, URI_FLAGS, NULL);

      if (resolved != NULL)
        {
          g_uri_unref (base);
          base = resolved;
        }
    }

  links = resolve_links (base, hrefs, &found.dropped);
  if (n_dropped != NULL)
    *n_dropped = found.dropped;
  return links;
}
