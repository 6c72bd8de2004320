/* il-core-sampler.h — per-core utilisation sampled beside a run
 *
 * A thread reads /proc/stat every 25 ms and adds each core's busy fraction
 * to the trace, so other load on the machine shows in the cores view.
 */
#pragma once

#include <glib.h>

#include "il-trace.h"

G_BEGIN_DECLS

typedef struct _IlCoreSampler IlCoreSampler;

IlCoreSampler *il_core_sampler_start (IlTrace       *trace);
/* Stops the thread, waits for it and frees @sampler. */
void           il_core_sampler_stop  (IlCoreSampler *sampler);

G_END_DECLS
