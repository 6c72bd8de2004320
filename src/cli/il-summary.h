/* il-summary.h — the run summary as JSON (DESIGN.md, "The summary JSON")
 *
 * Shared by "interleave run --json" and the desktop app: one object with
 * the workload and the numbers used, the machine, and per run its stats
 * and every task with its segments.  Times are seconds (doubles) relative
 * to the run start; unknown values are null.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "il-run.h"
#include "il-trace.h"
#include "il-workload.h"

G_BEGIN_DECLS

/* @params may hold overrides or resolved numbers (they are resolved here).
 * @runs must have finished executing (il_run_execute() returned TRUE);
 * the speedup is taken against the first non-cancelled sequential run
 * among them.  @snapshots is NULL or holds one snapshot (or NULL) per run;
 * missing snapshots are taken now.  Returns a new object node. */
JsonNode *il_summary_build       (IlWorkload              *workload,
                                  const IlWorkloadParams  *params,
                                  IlRun * const           *runs,
                                  IlTraceSnapshot * const *snapshots,
                                  guint                    n_runs);

/* Adds "machine": { "logical_cores", "cpu_model" } to the open object. */
void      il_summary_add_machine (JsonBuilder             *builder);

/* Pretty-printed, with a final newline. */
char     *il_summary_to_data     (JsonNode                *summary,
                                  gsize                   *length);

G_END_DECLS
