/* il-summary.h — the run summary as JSON (DESIGN.md, "The summary JSON")
 *
 * Shared by "interleave run --json" and the desktop app: one object with
 * the workload and the numbers used, the machine, and per run its stats
 * and every task with its segments.  Times are seconds (doubles) relative
 * to the run start; unknown values are null.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "il-run-record.h"
#include "il-stats.h"
#include "il-sweep.h"
#include "il-workload.h"

G_BEGIN_DECLS

/* @params may hold overrides or resolved numbers (they are resolved here).
 * @records are finished runs (one comparison), of @workload or of others
 * opened beside them; each run's speedup is taken against the run
 * @baseline (an index of @records, the user's pick) or, when that is -1,
 * against the sequential run of its own work
 * (il_run_records_find_baseline()).  Each run says what it ran:
 * "workload_name", "params", "ended", and which run is its "baseline".
 * Returns a new object node. */
JsonNode *il_summary_build       (IlWorkload              *workload,
                                  const IlWorkloadParams  *params,
                                  IlRunRecord * const     *records,
                                  guint                    n_records,
                                  gint                     baseline);

/* Adds "machine": { "logical_cores", "cpu_model" } to the open object. */
void      il_summary_add_machine (JsonBuilder             *builder);

/* The runs of @summary as CSV (RFC 4180): one row per run, a column for
 * every number and flag of the run in the JSON (the same names), in the
 * order they first appear, the completion order as ids separated by
 * spaces, and the workload's name first; unknown values are empty. */
char     *il_summary_to_csv      (JsonNode                *summary,
                                  gsize                   *length);

/* A sweep (il-summary-sweep.c): adds "points" (every point, with every
 * run of it) and "sweep" (its axis, values, repetitions and fits) to
 * @summary, whose runs[] are the sweep's runs in run order. */
void      il_summary_add_sweep   (JsonNode                *summary,
                                  IlSweep                 *sweep);
/* The points as CSV: one row per point, the spreads as NAME_median,
 * NAME_min, NAME_max, NAME_q1, NAME_q3. */
char     *il_summary_sweep_to_csv (IlSweep                *sweep,
                                   const char             *workload_name,
                                   gsize                  *length);

/* Appends @text to @out as one CSV field (RFC 4180: quoted when it holds
 * a comma, quote or line end); what the summary's and a sweep's CSV share. */
void      il_summary_csv_field   (GString                 *out,
                                  const char              *text);

/* Pretty-printed, with a final newline. */
char     *il_summary_to_data     (JsonNode                *summary,
                                  gsize                   *length);

G_END_DECLS
