/* il-http-limiter.c — connection slots: at most so many requests at once,
 * and so many to one host
 *
 * The threads of a crawl (and the event loop, for its coroutines) take a
 * slot before each request and give it back after; a thread that finds
 * none waits on a condition variable, waking now and then to look at its
 * cancellable.
 */

#include "config.h"

#include "il-http.h"

#define LIMITER_POLL_US     (50 * 1000)

struct _IlHttpLimiter {
  GMutex      mutex;
  GCond       cond;
  guint       max_total;
  guint       max_per_host;
  guint       total;
  guint       waiting;       /* threads in il_http_limiter_acquire() */
  GHashTable *per_host;      /* host → count */
};

IlHttpLimiter *
il_http_limiter_new (guint max_total,
                     guint max_per_host)
{
  IlHttpLimiter *limiter = g_new0 (IlHttpLimiter, 1);

  g_mutex_init (&limiter->mutex);
  g_cond_init (&limiter->cond);
  limiter->max_total = MAX (max_total, 1);
  limiter->max_per_host = CLAMP (max_per_host, 1, limiter->max_total);
  limiter->per_host = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return limiter;
}

void
il_http_limiter_free (IlHttpLimiter *limiter)
{
  if (limiter == NULL)
    return;
  g_hash_table_unref (limiter->per_host);
  g_cond_clear (&limiter->cond);
  g_mutex_clear (&limiter->mutex);
  g_free (limiter);
}

static gboolean
try_acquire_locked (IlHttpLimiter *limiter,
                    const char    *host)
{
  guint *n = g_hash_table_lookup (limiter->per_host, host);

  if (limiter->total >= limiter->max_total || (n != NULL && *n >= limiter->max_per_host))
    return FALSE;
  /* A counter per host seen, kept at 0: no allocation per request. */
  if (n == NULL)
    {
      n = g_new0 (guint, 1);
      g_hash_table_insert (limiter->per_host, g_strdup (host), n);
    }
  limiter->total++;
  (*n)++;
  return TRUE;
}

gboolean
il_http_limiter_try_acquire (IlHttpLimiter *limiter,
                             const char    *host)
{
  gboolean ok;

  g_mutex_lock (&limiter->mutex);
  ok = try_acquire_locked (limiter, host ? host : "");
  g_mutex_unlock (&limiter->mutex);
  return ok;
}

gboolean
il_http_limiter_acquire (IlHttpLimiter *limiter,
                         const char    *host,
                         GCancellable  *cancellable)
{
  gboolean ok = FALSE;

  g_mutex_lock (&limiter->mutex);
  while (!(ok = try_acquire_locked (limiter, host ? host : "")) &&
         !g_cancellable_is_cancelled (cancellable))
    {
      /* Woken by a release, or after a while to look at the cancellable. */
      limiter->waiting++;
      g_cond_wait_until (&limiter->cond, &limiter->mutex,
                         g_get_monotonic_time () + LIMITER_POLL_US);
      limiter->waiting--;
    }
  g_mutex_unlock (&limiter->mutex);
  return ok;
}

void
il_http_limiter_release (IlHttpLimiter *limiter,
                         const char    *host)
{
  guint *n;

  if (host == NULL)
    host = "";
  g_mutex_lock (&limiter->mutex);
  n = g_hash_table_lookup (limiter->per_host, host);
  g_assert (n != NULL && *n > 0 && limiter->total > 0);
  (*n)--;
  limiter->total--;
  /* GLib's GCond makes a futex call on every broadcast, waiters or not:
   * an event loop releasing a slot per page should not pay for it. */
  if (limiter->waiting > 0)
    g_cond_broadcast (&limiter->cond);
  g_mutex_unlock (&limiter->mutex);
}
