/* misbehaving-server.h — a website on 127.0.0.1 that gets everything wrong
 *
 * Its index links to pages that answer slowly, reset the connection,
 * fail with 404 and 500, send bodies over 5 MiB (with and without a
 * Content-Length), redirect in a loop, too often or nowhere, hold broken
 * or no HTML, or are no HTML at all — next to a few good pages.  The
 * paths and what the crawler should make of them are in
 * il_misbehaving_server_expectations.
 *
 * On a port of its own (il_misbehaving_server_get_split_url) it also
 * writes headers and body apart on keep-alive connections, as Python's
 * http.server does: HTTP/1.1, one send() for the status line and headers
 * and another for the body, Nagle's algorithm left on.  A client that
 * delays its ACK of the headers waits for it (about 40 ms on Linux) before
 * the body comes.  Its pages never run out: / and /N.html link to ten new
 * pages each, /10N+1.html … /10N+10.html.  Under /fast/ it serves the same
 * pages the same way with TCP_NODELAY set (nothing held back), to compare.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How long /slow.html takes to answer */
#define IL_MISBEHAVING_SLOW_MS 3000

/* Not linked from the index, for crawls that start there:
 * /many-links.html holds IL_MISBEHAVING_MANY_LINKS distinct links (more
 * than a page may give) and IL_MISBEHAVING_LONG_HREFS hrefs of
 * IL_MISBEHAVING_LONG_HREF_BYTES (longer than a link may be); /hub.html
 * links to IL_MISBEHAVING_HUB_PAGES pages of IL_MISBEHAVING_HUB_LINKS
 * distinct links each. */
#define IL_MISBEHAVING_MANY_LINKS       70000
#define IL_MISBEHAVING_LONG_HREFS       20
#define IL_MISBEHAVING_LONG_HREF_BYTES  5000
#define IL_MISBEHAVING_HUB_PAGES        4
#define IL_MISBEHAVING_HUB_LINKS        65536
/* /redirect-long.html redirects to a URL of this many bytes (libsoup
 * refuses a Location of 100 KiB: "Header too big") */
#define IL_MISBEHAVING_LONG_URL_BYTES   (10 * 1024)

typedef struct {
  const char *path;       /* the task's name (relative to the server) */
  gboolean    ok;
  const char *reason;     /* a part of the failure reason, or NULL */
} IlMisbehavingExpectation;

/* Every page a crawl from "/" should make a task of, once; the list ends
 * with a NULL path.  The refused link to another port is not in it. */
extern const IlMisbehavingExpectation il_misbehaving_server_expectations[];

typedef struct _IlMisbehavingServer IlMisbehavingServer;

/* Serves from a thread of its own, on a free port of 127.0.0.1. */
IlMisbehavingServer *il_misbehaving_server_new           (GError             **error);
void                 il_misbehaving_server_free          (IlMisbehavingServer *server);
/* "http://127.0.0.1:PORT/" */
const char          *il_misbehaving_server_get_url       (IlMisbehavingServer *server);
/* The port of the link that is refused (nothing listens there) */
guint                il_misbehaving_server_get_closed_port (IlMisbehavingServer *server);
/* Requests for @path since the last reset (any thread) */
guint                il_misbehaving_server_get_hits      (IlMisbehavingServer *server,
                                                          const char          *path);
void                 il_misbehaving_server_reset_hits    (IlMisbehavingServer *server);
/* "http://127.0.0.1:PORT/": the server that writes headers and body apart */
const char          *il_misbehaving_server_get_split_url (IlMisbehavingServer *server);
/* Replies it wrote, and connections it accepted, since it started (any thread) */
guint                il_misbehaving_server_get_split_replies     (IlMisbehavingServer *server);
guint                il_misbehaving_server_get_split_connections (IlMisbehavingServer *server);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IlMisbehavingServer, il_misbehaving_server_free)

G_END_DECLS
