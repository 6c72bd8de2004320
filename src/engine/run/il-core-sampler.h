/* il-core-sampler.h — per-core utilisation and memory sampled beside a run
 *
 * A thread reads /proc/stat every 25 ms and adds each core's busy fraction
 * to the trace, so other load on the machine shows in the cores view; and
 * it samples the run's memory meter every 10 ms (less often when the
 * meter has many workers to read: a sample costs at most a twentieth of
 * the time between two).
 */
#pragma once

#include <glib.h>

#include "il-memory-meter.h"
#include "il-trace.h"

G_BEGIN_DECLS

typedef struct _IlCoreSampler IlCoreSampler;

/* @memory: NULL, or a meter to sample (not owned; it outlives the sampler). */
IlCoreSampler *il_core_sampler_start (IlTrace       *trace,
                                      IlMemoryMeter *memory);
/* Stops the thread, waits for it and frees @sampler. */
void           il_core_sampler_stop  (IlCoreSampler *sampler);

G_END_DECLS
