/* il-core-sampler.c — per-core utilisation from /proc/stat and the run's
 * memory, beside a run */

#include "config.h"


#include <stdio.h>
#include <string.h>

#include "il-core-sampler.h"
#include "il-machine.h"

#define SAMPLE_INTERVAL_US   25000      /* /proc/stat every 25 ms */
#define MEMORY_INTERVAL_US   10000      /* the memory every 10 ms, */
#define MEMORY_COST_SHARE    20         /* or 20 × what reading it took */

struct _IlCoreSampler {
  IlTrace       *trace;
  IlMemoryMeter *memory;
  GThread       *thread;
  GMutex         mutex;
  GCond          cond;
  gboolean       stop;
};

static gpointer
sampler_thread (gpointer data)
{
  IlCoreSampler *sampler = data;
  guint max = il_machine_get_logical_cores () + 64;
  g_autofree guint64 *busy0 = g_new0 (guint64, max);
  g_autofree guint64 *total0 = g_new0 (guint64, max);
  g_autofree guint64 *busy1 = g_new0 (guint64, max);
  g_autofree guint64 *total1 = g_new0 (guint64, max);
  g_autofree float *fraction = g_new0 (float, max);
  guint n = il_machine_read_core_times (busy0, total0, max);
  gint64 next_cores = g_get_monotonic_time () + SAMPLE_INTERVAL_US;
  gint64 next_memory = g_get_monotonic_time ();

  g_mutex_lock (&sampler->mutex);
  while (!sampler->stop)
    {
      gint64 until = sampler->memory ? MIN (next_cores, next_memory) : next_cores;

      while (!sampler->stop && g_cond_wait_until (&sampler->cond, &sampler->mutex, until))
        ;
      /* The memory once more as the run ends. */
      if (sampler->memory && (sampler->stop || g_get_monotonic_time () >= next_memory))
        {
          gint64 cost = il_memory_meter_sample (sampler->memory);

          next_memory = g_get_monotonic_time () + MAX (MEMORY_INTERVAL_US, MEMORY_COST_SHARE * cost);
        }
      if (g_get_monotonic_time () < next_cores && !sampler->stop)
        continue;
      next_cores = g_get_monotonic_time () + SAMPLE_INTERVAL_US;
      n = il_machine_read_core_times (busy1, total1, max);
      for (guint i = 0; i < n; i++)
        {
          guint64 dt = total1[i] - total0[i];

          fraction[i] = dt > 0 ? (float) (busy1[i] - busy0[i]) / (float) dt : 0.f;
          busy0[i] = busy1[i];
          total0[i] = total1[i];
        }
      if (n > 0)
        il_trace_add_core_sample (sampler->trace, il_now_ns (), n, fraction);
    }
  g_mutex_unlock (&sampler->mutex);
  return NULL;
}

IlCoreSampler *
il_core_sampler_start (IlTrace       *trace,
                       IlMemoryMeter *memory)
{
  IlCoreSampler *sampler = g_new0 (IlCoreSampler, 1);

  sampler->trace = il_trace_ref (trace);
  sampler->memory = memory;
  g_mutex_init (&sampler->mutex);
  g_cond_init (&sampler->cond);
  sampler->thread = g_thread_new ("il-sampler", sampler_thread, sampler);
  return sampler;
}

void
il_core_sampler_stop (IlCoreSampler *sampler)
{
  g_mutex_lock (&sampler->mutex);
  sampler->stop = TRUE;
  g_cond_signal (&sampler->cond);
  g_mutex_unlock (&sampler->mutex);
  g_thread_join (sampler->thread);
  g_mutex_clear (&sampler->mutex);
  g_cond_clear (&sampler->cond);
  il_trace_unref (sampler->trace);
  g_free (sampler);
}
