/* il-cpuwork.h — calibrated real computation
 *
 * One unit of work is a step of a sum of squares over a running state
 * (seed 001's cpu_task), folded into a checksum the caller keeps, so the
 * compiler cannot remove it.  The machine's speed is measured once and
 * cached, so that "500 ms of CPU" means 500 ms of one core's work here.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Runs @iterations steps starting from @state; returns the new state. */
guint64 il_cpu_work            (guint64 state,
                                guint64 iterations);

/* The figures a calibration may take: anything else in the cache or in
 * INTERLEAVE_CPU_WORK_PER_MS is not believed, and measured afresh (this
 * machine does about 500,000). */
#define IL_CPU_WORK_MIN_PER_MS G_GUINT64_CONSTANT (1000)
#define IL_CPU_WORK_MAX_PER_MS G_GUINT64_CONSTANT (100000000)

/* Iterations per millisecond of one core (measured once per machine and
 * cached in the user cache dir; thread-safe). */
guint64 il_cpu_work_per_ms     (void);

/* Measures afresh (about 0.1 s); does not touch the cache. */
guint64 il_cpu_work_calibrate  (void);

/* For the worker process: use the parent's figure instead of measuring
 * (clamped to the range above). */
void    il_cpu_work_set_per_ms (guint64 per_ms);

G_END_DECLS
