/* il-stats.h — the numbers of a run, computed from its record
 *
 * One pure place for every stat: nothing here measures, everything comes
 * from an IlRunRecord (il-run-record.h), so a run from the live engine, a
 * saved file or an imported trace gets the same numbers.  A stat the
 * record cannot give is unknown: NAN for doubles, -1 for counts and
 * times.
 *
 * The ideal makespan is a lower bound for any schedule of these tasks with
 * the model's W workers on C logical cores.  With p_i = io_i + cpu_i the
 * length of task i — io_i its planned waiting, cpu_i the smaller of its
 * planned computing and the running time measured for it (the CPU
 * calibration is a measurement too) — sorted so that p_1 ≥ p_2 ≥ …, and
 * n tasks:
 *
 *   ideal = max ( p_1,
 *                 Σ_i p_i / W,
 *                 max_k (p_{kW+1-k} + … + p_{kW+1})   for kW+1 ≤ n,
 *                 Σ_i cpu_i / min (W, C) )
 *
 * A task cannot be faster than its own phases; W workers cannot do more
 * than W tasks' worth of time at once; among the kW+1 longest tasks some
 * worker must run k+1, at least the k+1 shortest of them (for equal tasks
 * this is ⌈n/W⌉ × p); and computing cannot use more cores than there are,
 * or than there are workers — or than one, under the emulated GIL.  W is
 * the task count for a model with a worker per task, the model's count
 * otherwise, and the workers seen when the model let GLib decide (gtask).
 *
 * An event loop (IL_IDEAL_LOOP) waits for any number of timers and
 * replies at once: for it only max (p_1, Σ_i cpu_i / P) holds, with P = 1
 * when computing runs on the loop's thread and min (W, C) with an
 * executor.
 *
 * A crawl's pages cannot be planned: how long the server takes and how
 * long parsing takes are known only once they happened.  For a task that
 * fetches, io_i is the io-wait measured in this run and cpu_i the running
 * time measured (parsing), so the ideal is a lower bound for any schedule
 * of the pages as they turned out.  Two more bounds then hold: a page is
 * found only once the page linking to it was parsed, so the sum of p along
 * any chain of discoveries is a bound; and in one process at most L
 * requests are under way at once, and at most L_h to one host (the
 * crawl's connection limits), so Σ io_i / L over the fetching tasks and,
 * for each host, Σ io_i / L_h over its pages are bounds too (not for
 * models whose workers have their own connections).
 */
#pragma once

#include <glib.h>

#include "il-run-record.h"

G_BEGIN_DECLS

typedef struct {
  gint64   makespan_ns;
  gint64   ideal_ns;                /* -1: unknown */
  guint    workers;                 /* worker count the model used */
  guint    workers_seen;            /* distinct worker threads/processes seen */
  gdouble  cpu_time_s;              /* user + sys of the run's workers, children included; NAN: unknown */
  gdouble  user_time_s;
  gdouble  sys_time_s;
  gint64   voluntary_ctx_switches;  /* -1: unknown */
  gint64   involuntary_ctx_switches;
  gint64   peak_rss_kib;            /* -1: unknown */
  guint    cores_used;              /* distinct cores seen running */
  guint    tasks_ok;
  guint    tasks_failed;
  guint64  links_dropped;           /* links of the pages left out at the caps */
  gboolean cancelled;               /* stopped before every task ended */
  guint    n_completion_order;
  guint   *completion_order;        /* task ids in the order they finished */
  gint64   io_wait_ns;              /* total time in io-wait over all tasks */
  gint64   running_ns;              /* total time running */
  gint64   preempted_ns;            /* total time preempted */
  gint64   queued_ns;               /* total time queued */
  gboolean gil;                     /* the GIL was emulated */
  gint64   gil_interval_ns;         /* its switch interval */
  gint64   gil_wait_ns;             /* total time in gil-wait */
  gint64   gil_handovers;           /* times the GIL changed threads; -1: unknown */
} IlRunStats;

/* Fills @stats from @record; free with il_run_stats_clear(). */
void     il_run_stats_compute     (const IlRunRecord *record,
                                   IlRunStats        *stats);
void     il_run_stats_clear       (IlRunStats        *stats);

/* Speedup of @stats against @sequential (same workload); NAN when unknown:
 * no sequential run, or either of them stopped. */
gdouble  il_run_stats_speedup     (const IlRunStats  *stats,
                                   const IlRunStats  *sequential);
/* ideal / makespan; NAN when unknown or the run was stopped. */
gdouble  il_run_stats_efficiency  (const IlRunStats  *stats);

/* The run of @records that the others' speedup is taken against: the
 * first sequential one that was not stopped; -1 when there is none. */
gint     il_run_records_find_sequential (IlRunRecord * const *records,
                                         guint                n_records);

/* A run's heading wherever runs are listed: "threads + GIL", and
 * "threads (stopped)" for a run the user stopped. */
char       *il_run_record_dup_heading (const IlRunRecord *record);

G_END_DECLS
