/* il-sweep.h — a sweep: the same workload at several worker or task counts
 *
 * Pure and toolkit-free, so that both front ends and the tests share it:
 *
 *  - the grammar of a sweep's values ("1,2,4,8", "1..16", "10,100,1000"):
 *    a comma list of items, each a whole number N or a range A..B.  A range
 *    doubles: A, 2A, 4A, … up to B, and ends with B itself when the
 *    doubling misses it ("1..16" is 1 2 4 8 16, "3..20" is 3 6 12 20):
 *    scaling is read on a log scale, and a range of every integer would
 *    spend most of the runs where the curve is flat.  The values are sorted
 *    and each is kept once; at most IL_SWEEP_MAX_VALUES of them.
 *  - the order of the runs: value by value, each value's repetitions one
 *    after another, and in each repetition every model once (A B C A B C,
 *    never A A A B B B), so that a slow drift of the machine hits all
 *    models alike;
 *  - the statistics of a point: median, min–max and interquartile range
 *    (quartiles by linear interpolation between order statistics, as
 *    numpy's default and R's type 7), of samples that may hold NAN (left
 *    out);
 *  - Amdahl's law fitted to a speedup curve (see il_sweep_fit_amdahl()).
 */
#pragma once

#include <glib.h>

#include "il-stats.h"

G_BEGIN_DECLS

#define IL_SWEEP_ERROR (il_sweep_error_quark ())
GQuark il_sweep_error_quark (void);

typedef enum {
  IL_SWEEP_ERROR_INVALID,
} IlSweepError;

/* The most values on one axis, the most repetitions, and the most runs a
 * sweep makes (values × models × repetitions). */
#define IL_SWEEP_MAX_VALUES  100
#define IL_SWEEP_MAX_REPEAT  100
#define IL_SWEEP_MAX_RUNS    10000

/* Parses @text (see above) into sorted distinct values in [@min, @max];
 * a usage error names @option: "--workers: “1..0”: the range ends before
 * it starts".  Returns a new array of gint64, or NULL with @error set. */
GArray  *il_sweep_parse_values (const char *option,
                                const char *text,
                                gint64      min,
                                gint64      max,
                                GError    **error);

/* TRUE when @text is a list or a range rather than one number. */
gboolean il_sweep_text_is_sweep (const char *text);

/* Run @index of a sweep of @n_values values × @n_models models, each
 * point @repeat times: which value, repetition and model it is. */
void     il_sweep_order        (guint  n_values,
                                guint  n_models,
                                guint  repeat,
                                guint  index,
                                guint *value,
                                guint *repetition,
                                guint *model);

typedef struct {
  guint   n;        /* samples that are numbers */
  gdouble median;   /* NAN when n is 0 */
  gdouble min;
  gdouble max;
  gdouble q1;       /* 25th percentile */
  gdouble q3;       /* 75th percentile */
} IlSpread;

/* The spread of the numbers among @samples (NAN ones left out). */
void     il_spread_compute     (const gdouble *samples,
                                guint          n_samples,
                                IlSpread      *spread);

/* Amdahl's law: the speedup on @processors of work whose serial fraction
 * is @serial: 1 / (s + (1 − s) / p). */
gdouble  il_amdahl_speedup     (gdouble serial,
                                gdouble processors);

/* Fits Amdahl's law to the speedups @speedup[i] measured at @workers[i]
 * (NAN speedups left out), each relative to the run at @reference
 * workers: least squares over the serial fraction s in [0, 1] of
 *
 *   speedup_i − A(min (reference, C)) / A(min (workers_i, C)),
 *   A(p) = s + (1 − s) / p,
 *
 * where C is @cores (0: no limit): past the logical cores, more workers
 * add no processors.  With @reference 1 this is 1 / (s + (1 − s) / p).
 * Returns s, or NAN when fewer than two distinct processor counts were
 * measured; @rms (may be NULL) gets the root of the mean squared residual.
 * The search is a fine grid over [0, 1] refined by golden sections, so the
 * fit is found to better than 1e-6. */
gdouble  il_sweep_fit_amdahl   (const guint   *workers,
                                const gdouble *speedup,
                                guint          n,
                                guint          reference,
                                guint          cores,
                                gdouble       *rms);

/* ------------------------------------------------------------------------ */
/* A sweep's results: its points and curves, from the runs' stats */

typedef enum {
  IL_SWEEP_AXIS_WORKERS,
  IL_SWEEP_AXIS_TASKS,
} IlSweepAxis;

const char *il_sweep_axis_to_string   (IlSweepAxis  axis);
gboolean    il_sweep_axis_from_string (const char  *text,
                                       IlSweepAxis *axis);

/* One run of a point.  Its speedup is against the reference of the sweep
 * (see IlSweep.speedup_against); NAN: unknown. */
typedef struct {
  guint    run;          /* index of the run in the sweep, in run order */
  guint    repetition;
  gdouble  makespan_s;
  gdouble  ideal_s;
  gdouble  speedup;
  gdouble  efficiency;
  gdouble  cpu_time_s;
  gdouble  throughput;   /* tasks ended ok per second */
  gdouble  other_load;   /* share of the cores other programs took; NAN */
  gboolean busy;         /* it saw other load (il_run_stats_saw_other_load) */
  gboolean stopped;      /* stopped before its end: never counted */
  gboolean dropped;      /* left out of the statistics: stopped, or busy
                          * and the sweep drops busy runs */
} IlSweepRepetition;

/* One model at one value: the spread of its counted repetitions. */
typedef struct {
  guint              curve;
  guint              value;          /* index into IlSweep.values */
  guint              workers;        /* the workers its last run used */
  guint              tasks;          /* the tasks of its last run */
  guint              n_repetitions;  /* every run kept, counted or not */
  IlSweepRepetition *repetitions;
  guint              n_counted;
  gboolean           busy;           /* a counted repetition was busy */
  IlSpread           makespan_s;
  IlSpread           ideal_s;
  IlSpread           speedup;
  IlSpread           efficiency;
  IlSpread           cpu_time_s;
  IlSpread           throughput;
} IlSweepPoint;

/* One model (with or without the GIL) over all values. */
typedef struct {
  char    *model;            /* id */
  gboolean gil;
  char    *title;            /* "thread-pool + GIL" */
  /* Amdahl's law over a workers axis of CPU-bound work; NAN otherwise */
  gdouble  serial_fraction;
  gdouble  fit_rms;
  /* I/O-bound work: the ideal (the sleeps' bound) at the last value */
  gdouble  limit_s;
} IlSweepCurve;

typedef struct {
  IlSweepAxis   axis;
  guint         n_values;
  gint64       *values;
  guint         repeat;
  gboolean      drop_busy;
  gboolean      cpu_bound;       /* Amdahl's law applies */
  gboolean      crawl;           /* pages per second is the figure */
  guint         logical_cores;
  guint         n_curves;
  IlSweepCurve *curves;
  guint         n_points;        /* n_values × n_curves, value-major */
  IlSweepPoint *points;
  /* "first-value": a workers axis, each model against itself at the
   * first value; "sequential": a tasks axis, against the sequential
   * model at the same value; NULL: no speedup (tasks axis, no sequential) */
  const char   *speedup_against;
  guint         n_runs_planned;  /* values × curves × repeat */
  guint         n_runs;          /* runs added */
  GArray       *added;           /* private: the runs added */
} IlSweep;

IlSweep *il_sweep_new       (IlSweepAxis     axis,
                             const gint64   *values,
                             guint           n_values,
                             guint           repeat,
                             gboolean        drop_busy,
                             gboolean        cpu_bound,
                             gboolean        crawl,
                             guint           logical_cores);
/* Adds a curve; returns its index. */
guint    il_sweep_add_curve (IlSweep        *sweep,
                             const char     *model,
                             gboolean        gil,
                             const char     *title);
/* Adds run number sweep->n_runs: model @curve at value @value. */
void     il_sweep_add_run   (IlSweep          *sweep,
                             guint             value,
                             guint             curve,
                             const IlRunStats *stats,
                             guint             tasks);
/* Computes the speedups, spreads and fits of the runs added. */
void     il_sweep_compute   (IlSweep        *sweep);
void     il_sweep_free      (IlSweep        *sweep);

IlSweepPoint *il_sweep_get_point (IlSweep *sweep,
                                  guint    value,
                                  guint    curve);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IlSweep, il_sweep_free)

G_END_DECLS
