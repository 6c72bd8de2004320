/* il-stats.h — the numbers of a run, computed from its record
 *
 * One pure place for every stat: nothing here measures, everything comes
 * from an IlRunRecord (il-run-record.h), so a run from the live engine, a
 * saved file or an imported trace gets the same numbers.  A stat the
 * record cannot give is unknown: NAN for doubles, -1 for counts and
 * times.
 *
 * The ideal makespan is a lower bound for any schedule of these tasks with
 * the model's W workers on C logical cores.  For task i: p_i = io_i + cpu_i
 * its length — io_i its planned waiting, cpu_i the smaller of its planned
 * computing and the running time measured for it (the CPU calibration is
 * a measurement too) — b_i its waiting before its first computing phase
 * and a_i its waiting after its last.  P is how many tasks can compute at
 * once: 1 when computing runs on an event loop's one thread, or under the
 * emulated GIL where it applies (IlModelRules); min (W, C) otherwise.  Then
 *
 *   ideal = max ( p_1,                                      the longest task
 *                 max_T (min_T b + Σ_T cpu / min (P, |T|) + min_T a),
 *                 Σ_i p_i / W,                              worker models
 *                 max_k (p_{kW+1-k} + … + p_{kW+1}) for kW+1 ≤ n, sorted
 *                                                           p_1 ≥ p_2 ≥ …,
 *                                                           worker models )
 *
 * A task cannot be faster than its own phases one after another.  For a
 * set T of tasks that compute, all of T's computing happens after the
 * earliest moment any of them can start computing (min_T b: its phases
 * are in order) and before the makespan less min_T a (the last computing
 * phase of T to end is followed by at least that much waiting), with at
 * most min (P, |T|) of them computing at once (a task computes on one
 * thread at a time); T ranges over the k tasks with the largest b, and the
 * k with the largest a, for every k (with T all of them and no waiting
 * this is Σ cpu / P).  Where a worker runs one task at a time
 * (IL_IDEAL_WORKERS) it is taken while its task waits too: W workers
 * cannot do more than W tasks' worth of time at once, and among the kW+1
 * longest tasks some worker must run k+1, at least the k+1 shortest of
 * them (for equal tasks this is ⌈n/W⌉ × p).  W is the task count for a
 * model with a worker per task, the model's count otherwise, and the
 * workers seen when the model let GLib decide (gtask).  An event loop
 * (IL_IDEAL_LOOP) waits for any number of timers and replies at once, so
 * only the first two hold for it: P = 1 when computing runs on the
 * loop's thread, min (W, C) with an executor (1 with the GIL).
 *
 * A crawl's pages cannot be planned: how long the server takes and how
 * long parsing takes are known only once they happened.  For a task that
 * fetches, io_i is the io-wait measured in this run and cpu_i the running
 * time measured (parsing), so the ideal is a lower bound for any schedule
 * of the pages as they turned out; its parse comes after its fetch (b_i =
 * io_i, a_i = 0).  A page is found only once the page linking to it was
 * parsed, so the sum of p along any chain of discoveries is a bound (it
 * replaces p_1), and the chain of the pages before it is added to its b_i.
 * And in one process at most L requests are under way at once, and at
 * most L_h to one host (the crawl's connection limits), so Σ io_i / L over
 * the fetching tasks and, for each host, Σ io_i / L_h over its pages are
 * bounds too (not for models whose workers have their own connections).
 */
#pragma once

#include <glib.h>

#include "il-run-record.h"

G_BEGIN_DECLS

typedef struct {
  gint64   makespan_ns;
  gint64   ideal_ns;                /* -1: unknown, or the run was stopped */
  guint    workers;                 /* worker count the model used */
  guint    workers_seen;            /* distinct worker threads/processes seen */
  gdouble  cpu_time_s;              /* user + sys of the run's workers, children included; NAN: unknown */
  gdouble  user_time_s;
  gdouble  sys_time_s;
  gint64   voluntary_ctx_switches;  /* -1: unknown */
  gint64   involuntary_ctx_switches;
  gint64   peak_rss_kib;            /* what the run added; -1: unknown */
  gdouble  other_load;              /* share of the cores other programs took, 0..1; NAN: unknown */
  gdouble  other_cpu_s;             /* their CPU time during the run; NAN: unknown */
  guint    cores_used;              /* distinct cores seen running */
  guint    tasks_ok;
  guint    tasks_failed;
  guint    tasks_stopped;           /* ended (or never ran) because the run was stopped */
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

/* Other programs took enough of the machine during the run for its
 * figures to be doubted: more than IL_OTHER_LOAD_WARN of the cores, and
 * more CPU time than /proc/stat's resolution could blur. */
/* A quarter: the window's own frames keep the display server busy (in the
 * window, 15 – 20 % of two cores seen on an otherwise idle machine), which
 * is another program but no competitor of the run's. */
#define IL_OTHER_LOAD_WARN 0.25
gboolean il_run_stats_saw_other_load (const IlRunStats *stats);
/* Runs of one comparison saw very different load: their shares differ by
 * more than IL_OTHER_LOAD_UNEVEN and at least one of them saw other load. */
#define IL_OTHER_LOAD_UNEVEN 0.20
gboolean il_run_records_load_uneven  (IlRunRecord * const *records,
                                      guint                n_records);

/* The run of @records that the others' speedup is taken against: the
 * first sequential one that was not stopped; -1 when there is none. */
gint     il_run_records_find_sequential (IlRunRecord * const *records,
                                         guint                n_records);

/* The run that the speedup of @records[@i] is taken against (its
 * baseline): @pick when it names a run of @records that was not stopped
 * (the user's choice; -1: none), otherwise the first sequential run not
 * stopped of the same work — the same workload with the same tasks, I/O,
 * CPU, seed and crawl (start page and page limit) as @records[@i], the
 * workers aside; -1 when there is none.  Runs opened from several files or
 * made with other numbers so compare each with its own sequential run. */
gint     il_run_records_find_baseline (IlRunRecord * const *records,
                                       guint                n_records,
                                       guint                i,
                                       gint                 pick);
/* The same work (see above): a sequential run of one serves the other. */
gboolean il_run_records_same_work     (const IlRunRecord   *a,
                                       const IlRunRecord   *b);

/* A run's heading wherever runs are listed: "threads + GIL", and
 * "threads (stopped)" for a run the user stopped. */
char       *il_run_record_dup_heading (const IlRunRecord *record);

G_END_DECLS
