/* il-net.c — the table of il-net.h */

#include "config.h"

#include <gmodule.h>

#include "il-http.h"
#include "il-links.h"
#include "il-net.h"

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
};
