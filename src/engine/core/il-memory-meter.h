/* il-memory-meter.h — the memory a run adds, sampled while it runs
 *
 * A meter is made as a run starts and takes this process's resident set
 * (RSS, /proc/self/statm) then as its baseline.  A sample is this
 * process's growth over the baseline plus the summed RSS of the worker
 * processes that are live at that moment; the meter keeps the largest.
 * The sampler beside the run (il-core-sampler.c) samples every few
 * milliseconds; the process models register each worker they start and
 * unregister it once reaped, and sample a worker once more when its result
 * arrives, so that one that lives less than a sample period is seen too.
 * Thread-safe.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _IlMemoryMeter IlMemoryMeter;

IlMemoryMeter *il_memory_meter_new             (void);
void           il_memory_meter_free            (IlMemoryMeter *meter);

/* A worker process was started (after exec: its own memory) / reaped. */
void           il_memory_meter_add_process     (IlMemoryMeter *meter,
                                                GPid           pid);
void           il_memory_meter_remove_process  (IlMemoryMeter *meter,
                                                GPid           pid);
/* Reads one live worker now, and counts the sum with it. */
void           il_memory_meter_sample_process  (IlMemoryMeter *meter,
                                                GPid           pid);
/* Reads this process and every live worker; returns the microseconds it
 * took (the sampler spaces its samples by it, to stay cheap). */
gint64         il_memory_meter_sample          (IlMemoryMeter *meter);

/* The largest sample in KiB, never below this process's own peak growth
 * (VmHWM, where the kernel lets it be reset at the start); -1 when this
 * process's RSS cannot be read. */
gint64         il_memory_meter_get_peak_kib    (IlMemoryMeter *meter);

G_END_DECLS
