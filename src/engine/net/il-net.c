/* il-net.c — the table of il-net.h */

#include "config.h"

#include <gmodule.h>

#include "il-http.h"
#include "il-links.h"
#include "il-net.h"

typedef struct {
  IlNetFetchDone done;
  gpointer       user_data;
} Fetch;

static gpointer
session_new (guint max_conns,
             guint max_conns_per_host)
{
  return il_http_session_new (max_conns, max_conns_per_host);
}

static void
session_free (gpointer session)
{
  g_object_unref (session);
}

static void
on_fetched (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fetch *fetch = user_data;
  IlHttpResponse response = { 0, };
  g_autoptr(GError) error = NULL;

  if (il_http_fetch_finish (result, &response, &error))
    fetch->done (fetch->user_data, TRUE, &response, NULL);
  else
    {
      /* A failed fetch still says where it got to: not wanted here */
      il_http_response_clear (&response);
      fetch->done (fetch->user_data, FALSE, NULL, il_http_describe_error (error));
    }
  g_free (fetch);
}

static void
fetch_async (gpointer             session,
             const char          *url,
             const IlHttpOptions *options,
             IlNetFetchDone       done,
             gpointer             user_data)
{
  Fetch *fetch = g_new (Fetch, 1);

  fetch->done = done;
  fetch->user_data = user_data;
  il_http_fetch_async (session, url, options, NULL, on_fetched, fetch);
}

G_MODULE_EXPORT const IlNet il_net = {
  .version             = PACKAGE_VERSION,
  .abi                 = IL_NET_ABI,
  .http_options_init   = il_http_options_init,
  .http_fetch          = il_http_fetch,
  .http_describe_error = il_http_describe_error,
  .http_response_clear = il_http_response_clear,
  .http_url_host       = il_http_url_host,
  .limiter_try_acquire = il_http_limiter_try_acquire,
  .limiter_acquire     = il_http_limiter_acquire,
  .limiter_release     = il_http_limiter_release,
  .extract_links       = il_links_extract_counted,
  .http_session_new    = session_new,
  .http_session_free   = session_free,
  .http_fetch_async    = fetch_async,
};
