/* il-memory-meter.c — this process's growth plus its live workers, sampled */

#include "config.h"

#include "il-machine.h"
#include "il-memory-meter.h"

typedef struct {
  GPid   pid;
  gint64 kib;          /* its RSS when last read, 0 before */
} Worker;

struct _IlMemoryMeter {
  GMutex   mutex;
  gint64   base_kib;          /* this process at the start, -1: unknown */
  gboolean hwm_reset;         /* VmHWM was reset at the start */
  gint64   own_kib;           /* this process when last read */
  GArray  *workers;           /* Worker, the live ones */
  gint64   workers_kib;       /* the sum of their kib */
  gint64   peak_kib;
};

/* Under the mutex: the run's memory now, as last read. */
static void
count (IlMemoryMeter *meter)
{
  gint64 now;

  if (meter->base_kib < 0)
    return;
  now = MAX (meter->own_kib - meter->base_kib, 0) + meter->workers_kib;
  meter->peak_kib = MAX (meter->peak_kib, now);
}

static Worker *
find_worker (IlMemoryMeter *meter,
             GPid           pid,
             guint         *index)
{
  for (guint i = 0; i < meter->workers->len; i++)
    {
      Worker *w = &g_array_index (meter->workers, Worker, i);

      if (w->pid == pid)
        {
          if (index)
            *index = i;
          return w;
        }
    }
  return NULL;
}

/* Under the mutex. */
static void
set_worker (IlMemoryMeter *meter,
            GPid           pid,
            gint64         kib)
{
  Worker *w = find_worker (meter, pid, NULL);

  /* Unregistered meanwhile: reaped, no longer the run's. */
  if (w == NULL)
    return;
  kib = MAX (kib, 0);
  meter->workers_kib += kib - w->kib;
  w->kib = kib;
}

IlMemoryMeter *
il_memory_meter_new (void)
{
  IlMemoryMeter *meter = g_new0 (IlMemoryMeter, 1);

  g_mutex_init (&meter->mutex);
  meter->workers = g_array_new (FALSE, FALSE, sizeof (Worker));
  /* The peak this process reaches from now on, to compare with the
   * samples: it misses nothing between them. */
  meter->hwm_reset = il_machine_reset_peak_rss ();
  meter->base_kib = il_machine_get_rss_kib (0);
  meter->own_kib = meter->base_kib;
  meter->peak_kib = meter->base_kib < 0 ? -1 : 0;
  return meter;
}

void
il_memory_meter_free (IlMemoryMeter *meter)
{
  if (meter == NULL)
    return;
  g_array_unref (meter->workers);
  g_mutex_clear (&meter->mutex);
  g_free (meter);
}

void
il_memory_meter_add_process (IlMemoryMeter *meter,
                             GPid           pid)
{
  Worker w = { pid, 0 };

  g_return_if_fail (meter != NULL);
  g_return_if_fail (pid > 0);

  g_mutex_lock (&meter->mutex);
  if (find_worker (meter, pid, NULL) == NULL)
    g_array_append_val (meter->workers, w);
  g_mutex_unlock (&meter->mutex);
}

void
il_memory_meter_remove_process (IlMemoryMeter *meter,
                                GPid           pid)
{
  Worker *w;
  guint i;

  g_return_if_fail (meter != NULL);

  g_mutex_lock (&meter->mutex);
  w = find_worker (meter, pid, &i);
  if (w != NULL)
    {
      meter->workers_kib -= w->kib;
      g_array_remove_index_fast (meter->workers, i);
    }
  g_mutex_unlock (&meter->mutex);
}

void
il_memory_meter_sample_process (IlMemoryMeter *meter,
                                GPid           pid)
{
  gint64 kib;

  g_return_if_fail (meter != NULL);

  kib = il_machine_get_rss_kib (pid);
  g_mutex_lock (&meter->mutex);
  set_worker (meter, pid, kib);
  count (meter);
  g_mutex_unlock (&meter->mutex);
}

gint64
il_memory_meter_sample (IlMemoryMeter *meter)
{
  gint64 t0 = g_get_monotonic_time ();
  g_autoptr(GArray) pids = g_array_new (FALSE, FALSE, sizeof (GPid));
  g_autoptr(GArray) kibs = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 own;

  g_return_val_if_fail (meter != NULL, 0);

  /* Read with the lock released: a model that starts or reaps a worker
   * meanwhile does not wait for a hundred files. */
  g_mutex_lock (&meter->mutex);
  for (guint i = 0; i < meter->workers->len; i++)
    g_array_append_val (pids, g_array_index (meter->workers, Worker, i).pid);
  g_mutex_unlock (&meter->mutex);

  own = il_machine_get_rss_kib (0);
  for (guint i = 0; i < pids->len; i++)
    {
      gint64 kib = il_machine_get_rss_kib (g_array_index (pids, GPid, i));

      g_array_append_val (kibs, kib);
    }

  g_mutex_lock (&meter->mutex);
  if (own >= 0)
    meter->own_kib = own;
  for (guint i = 0; i < pids->len; i++)
    set_worker (meter, g_array_index (pids, GPid, i), g_array_index (kibs, gint64, i));
  count (meter);
  g_mutex_unlock (&meter->mutex);

  return g_get_monotonic_time () - t0;
}

gint64
il_memory_meter_get_peak_kib (IlMemoryMeter *meter)
{
  gint64 peak;

  g_return_val_if_fail (meter != NULL, -1);

  g_mutex_lock (&meter->mutex);
  peak = meter->peak_kib;
  if (peak >= 0 && meter->hwm_reset)
    {
      gint64 hwm = il_machine_get_peak_rss_kib ();

      if (hwm > 0)
        peak = MAX (peak, hwm - meter->base_kib);
    }
  g_mutex_unlock (&meter->mutex);
  return peak;
}
