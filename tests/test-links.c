/* test-links.c — the links out of a page of HTML */

#include "config.h"

#include <string.h>
#include <libsoup/soup.h>

#include "il-links.h"

static void
assert_links (GPtrArray          *links,
              const char * const *expected)
{
  guint n = g_strv_length ((char **) expected);

  for (guint i = 0; i < MIN (links->len, n); i++)
    g_assert_cmpstr (g_ptr_array_index (links, i), ==, expected[i]);
  g_assert_cmpuint (links->len, ==, n);
}

static void
test_extract_links (void)
{
  static const char html[] =
    "<html><head><title>t</title><base href=\"/docs/\"></head><body>\n"
    "<a href=\"intro.html\">relative, through the base</a>\n"
    "<a href=\"/about\">absolute path</a>\n"
    "<a href=\"HTTP://Example.ORG:80/x#frag\">scheme, host, port, fragment</a>\n"
    "<a href=\"https://www.example.org/logarithms/?ref=outind\">seed 002's tail</a>\n"
    "<a href=\"/about?ref=rp\">the same page again</a>\n"
    "<a href=\"/search?q=1\">a query that stays</a>\n"
    "<a href=\"#top\">fragment only: the base itself</a>\n"
    "<a href=\"mailto:a@example.org\">mail</a> <a href=\"javascript:void(0)\">js</a>\n"
    "<a href=\"data:text/html,x\">data</a> <a href=\"ftp://example.org/f\">ftp</a>\n"
    "<a name=\"anchor\">no href</a> <a href=\"http://[::1\">not a URL</a>\n"
    "<a href=\"  //other.example.net/p  \">protocol-relative, spaces</a>\n"
    "</body></html>\n";
  const char * const expected[] = {
    "http://site.example/docs/intro.html",
    "http://site.example/about",
    "http://example.org/x",
    "https://www.example.org/logarithms/",
    "http://site.example/search?q=1",
    "http://site.example/docs/",
    "http://other.example.net/p",
    NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) links = il_links_extract ("http://site.example/a/page.html", html,
                                                          strlen (html), NULL, &error);

  g_assert_no_error (error);
  assert_links (links, expected);
}

/* The reply's charset decides how the bytes of an href are read */
static void
test_extract_links_in_the_replys_charset (void)
{
  static const char html[] = "<p><a href=\"/\xc3\xbc.html\">u</a> <a href=\"a b.html\">space</a>";
  const char * const expected[] = { "http://h.example/%C3%BC.html", "http://h.example/a%20b.html", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) links = il_links_extract ("http://h.example/", html, strlen (html), "utf-8", &error);
  /* The reply's charset wins over the page's own <meta>, as HTTP says */
  static const char meta[] = "<html><head><meta charset=\"iso-8859-1\"></head>"
                             "<body><a href=\"/caf\xc3\xa9\">cafe</a></body></html>";
  const char * const expected_meta[] = { "http://h.example/caf%C3%A9", NULL };
  g_autoptr(GPtrArray) meta_links = NULL;

  g_assert_no_error (error);
  assert_links (links, expected);

  meta_links = il_links_extract ("http://h.example/", meta, strlen (meta), "UTF-8", &error);
  g_assert_no_error (error);
  assert_links (meta_links, expected_meta);
}

static void
test_extract_links_from_broken_html (void)
{
  static const char html[] = "<p><b>unclosed <a href=/one>1<<<</b><div><a href='two'>2<table><a href=\"#\">";
  const char * const expected[] = { "http://h.example/one", "http://h.example/d/two",
                                    "http://h.example/d/p", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) links = il_links_extract ("http://h.example/d/p", html, strlen (html), NULL, &error);

  g_assert_no_error (error);
  assert_links (links, expected);

  /* Nothing libxml2 can make a document of */
  g_clear_pointer (&links, g_ptr_array_unref);
  links = il_links_extract ("http://h.example/", "", 0, NULL, &error);
  g_assert_null (links);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "malformed HTML"));
}

static void
test_normalise (void)
{
  g_autofree char *a = il_links_normalise_url ("HTTPS://WWW.Example.org:443");
  g_autofree char *b = il_links_normalise_url ("http://example.org/p/?ref=outind#x");
  g_autofree char *c = il_links_normalise_url ("mailto:x@example.org");
  g_autofree char *d = il_links_normalise_url ("not a url");
  g_autofree char *e = il_links_normalise_url ("HTTP://Me@Example.ORG:8080/Path%20A?Q=1");
  g_autofree char *f = il_links_normalise_url ("http://[::1]:8080/x#top");

  g_assert_cmpstr (e, ==, "http://Me@example.org:8080/Path%20A?Q=1");
  g_assert_cmpstr (f, ==, "http://[::1]:8080/x");
  g_assert_cmpstr (a, ==, "https://www.example.org/");
  g_assert_cmpstr (b, ==, "http://example.org/p/");
  g_assert_null (c);
  g_assert_null (d);
}

/* A user name or a host GUri has decoded is written so that the URL still
 * means the same place; a host no request can go to is no link */
static void
test_normalise_keeps_the_host (void)
{
  static const char html[] = "<a href=\"//other.example <a href=/x\">space</a>"
                             "<a href=\"http://h%20x.example/\">escaped space</a>"
                             "<a href=\"http://a%2Fb@h.example/p\">slash</a>";
  const char * const expected[] = { "http://a%2Fb@h.example/p", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) links = il_links_extract ("http://site.example/", html, strlen (html), NULL, &error);
  g_autofree char *userinfo = il_links_normalise_url ("http://evil.example%2F@good.example/");
  g_autofree char *again = il_links_normalise_url (userinfo);
  g_autofree char *zone = il_links_normalise_url ("http://[fe80::1%25eth0]/");
  g_autofree char *space = il_links_normalise_url ("http://h%20x.example/");
  g_autofree char *angle = il_links_normalise_url ("http://a<b.example/");

  g_assert_no_error (error);
  assert_links (links, expected);
  g_assert_cmpstr (userinfo, ==, "http://evil.example%2F@good.example/");
  g_assert_cmpstr (again, ==, userinfo);
  g_assert_null (zone);
  g_assert_null (space);
  g_assert_null (angle);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/crawl/links/resolved-normalised-filtered", test_extract_links);
  g_test_add_func ("/engine/crawl/links/broken-html-is-recovered", test_extract_links_from_broken_html);
  g_test_add_func ("/engine/crawl/links/read-in-the-replys-charset", test_extract_links_in_the_replys_charset);
  g_test_add_func ("/engine/crawl/links/normalise", test_normalise);
  g_test_add_func ("/engine/crawl/links/normalise-keeps-the-host", test_normalise_keeps_the_host);

  return g_test_run ();
}
