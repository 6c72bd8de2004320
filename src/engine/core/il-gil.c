/* il-gil.c — see il-gil.h for what is emulated and how */

#include "config.h"

#include "il-cancel.h"
#include "il-gil.h"

struct _IlGil {
  GMutex   mutex;
  GCond    cond;          /* the lock was released */
  GCond    switch_cond;   /* the lock was taken (forced switching) */
  gboolean locked;
  gpointer holder;        /* GThread* of the holder, or the last one */
  guint64  switch_number; /* times it was taken */
  guint64  handovers;
  gint     drop_request;  /* atomic */
  gint64   interval_ns;
};

IlGil *
il_gil_new (gint64 interval_ns)
{
  IlGil *gil = g_new0 (IlGil, 1);

  g_mutex_init (&gil->mutex);
  g_cond_init (&gil->cond);
  g_cond_init (&gil->switch_cond);
  gil->interval_ns = interval_ns > 0 ? interval_ns : IL_GIL_DEFAULT_INTERVAL_NS;
  return gil;
}

void
il_gil_free (IlGil *gil)
{
  if (gil == NULL)
    return;
  g_mutex_clear (&gil->mutex);
  g_cond_clear (&gil->cond);
  g_cond_clear (&gil->switch_cond);
  g_free (gil);
}

gint64
il_gil_get_interval (IlGil *gil)
{
  return gil->interval_ns;
}

static void
take_locked (IlGil *gil)
{
  gpointer self = g_thread_self ();

  gil->locked = TRUE;
  if (gil->holder != self)
    {
      if (gil->holder != NULL)
        gil->handovers++;
      gil->holder = self;
    }
  gil->switch_number++;
  g_cond_broadcast (&gil->switch_cond);
  g_atomic_int_set (&gil->drop_request, 0);
}

gboolean
il_gil_try_acquire (IlGil *gil)
{
  gboolean taken = FALSE;

  g_mutex_lock (&gil->mutex);
  if (!gil->locked)
    {
      take_locked (gil);
      taken = TRUE;
    }
  g_mutex_unlock (&gil->mutex);
  return taken;
}

gboolean
il_gil_acquire (IlGil      *gil,
                const IlCancel *cancel,
                gboolean   *waited)
{
  gboolean did_wait = FALSE;

  g_mutex_lock (&gil->mutex);
  while (gil->locked)
    {
      guint64 saved = gil->switch_number;
      gint64 until = g_get_monotonic_time () + gil->interval_ns / 1000;

      did_wait = TRUE;
      if (il_cancel_is_cancelled (cancel))
        {
          g_mutex_unlock (&gil->mutex);
          if (waited)
            *waited = did_wait;
          return FALSE;
        }
      if (!g_cond_wait_until (&gil->cond, &gil->mutex, until) &&
          gil->locked && gil->switch_number == saved)
        /* A whole interval without a switch: ask the holder to drop it. */
        g_atomic_int_set (&gil->drop_request, 1);
    }
  take_locked (gil);
  g_mutex_unlock (&gil->mutex);

  if (waited)
    *waited = did_wait;
  return TRUE;
}

void
il_gil_release (IlGil *gil)
{
  g_mutex_lock (&gil->mutex);
  g_assert (gil->locked);
  gil->locked = FALSE;
  g_cond_signal (&gil->cond);
  g_mutex_unlock (&gil->mutex);
}

gboolean
il_gil_drop_requested (IlGil *gil)
{
  return g_atomic_int_get (&gil->drop_request) != 0;
}

void
il_gil_drop (IlGil *gil)
{
  gpointer self = g_thread_self ();
  guint64 switch_at_drop;

  g_mutex_lock (&gil->mutex);
  g_assert (gil->locked);
  gil->locked = FALSE;
  switch_at_drop = gil->switch_number;
  g_cond_signal (&gil->cond);
  /* FORCE_SWITCHING: do not take it straight back; wait until another
   * thread has had it (bounded, in case the waiter gave up). */
  if (g_atomic_int_get (&gil->drop_request))
    {
      gint64 until = g_get_monotonic_time () + gil->interval_ns / 1000;

      while (gil->switch_number == switch_at_drop && gil->holder == self)
        if (!g_cond_wait_until (&gil->switch_cond, &gil->mutex, until))
          break;
    }
  g_mutex_unlock (&gil->mutex);
}

guint64
il_gil_get_handovers (IlGil *gil)
{
  guint64 n;

  g_mutex_lock (&gil->mutex);
  n = gil->handovers;
  g_mutex_unlock (&gil->mutex);
  return n;
}
