/* il-machine.h — what this machine is: cores, CPU model, resource usage */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

guint       il_machine_get_logical_cores (void);
/* "Intel(R) Xeon(R) …" from /proc/cpuinfo, or "unknown". */
const char *il_machine_get_cpu_model     (void);
/* The core the calling thread is on, or -1. */
int         il_machine_get_cpu           (void);

/* Resets the process's peak RSS (VmHWM) to its RSS now; FALSE where the
 * kernel does not allow it (the peak then covers the process's life). */
gboolean    il_machine_reset_peak_rss    (void);
/* VmHWM of this process in KiB, or 0. */
gint64      il_machine_get_peak_rss_kib  (void);
/* The resident set of process @pid (0: this one) in KiB, from
 * /proc/PID/statm: 0 once it exited, -1 when it cannot be read. */
gint64      il_machine_get_rss_kib       (GPid pid);

/* The CPU time all cores spent busy since boot, and the time they were up
 * in all (busy + idle), in seconds, from /proc/stat; FALSE when it cannot
 * be read.  Its resolution is a clock tick (usually 10 ms) per core. */
gboolean    il_machine_read_cpu_time     (gdouble    *busy_s,
                                          gdouble    *total_s);

/* Each core's busy and total time (clock ticks) from /proc/stat, for
 * cores 0 to @max_cpus − 1; returns one more than the highest core read,
 * 0 when /proc/stat cannot be read. */
guint       il_machine_read_core_times   (guint64    *busy,
                                          guint64    *total,
                                          guint       max_cpus);

/* TRUE when this program runs from the build directory it was built in
 * (not installed): its helpers and data are then looked up there first. */
gboolean    il_machine_running_uninstalled (void);

G_END_DECLS
