/* il-run.h — one workload executed under one model, live
 *
 * The live engine: a run plans the workload's tasks, starts the crawl and
 * the demo site when it fetches, samples the cores, hands the tasks to the
 * model (il-model-info.h) through a task queue, and measures what the
 * model's threads and processes used.  While it goes on it publishes
 * growing run records (il_run_dup_record); when it ended, the final record
 * and the stats computed from it (il-stats.h).
 */
#pragma once

#include <gio/gio.h>

#include "il-model-info.h"
#include "il-run-record.h"
#include "il-stats.h"
#include "il-trace.h"
#include "il-workload.h"

G_BEGIN_DECLS

/* ------------------------------------------------------------------------ */
/* Runs */

typedef struct _IlRun IlRun;

IlRun            *il_run_new             (IlWorkload             *workload,
                                          const IlWorkloadParams *params,
                                          IlModel                 model);
/* A finished run made from @record (a saved file, an imported trace): it
 * cannot be executed; its stats are computed from the record.  @workload
 * may be NULL (a trace from another tool has none). */
IlRun            *il_run_new_from_record (IlWorkload             *workload,
                                          IlRunRecord            *record);
IlRun            *il_run_ref             (IlRun   *run);
void              il_run_unref           (IlRun   *run);

/* Off: no per-slice clock reads or segments while computing (benchmarks). */
void              il_run_set_tracing     (IlRun   *run,
                                          gboolean tracing);

/* Emulates CPython's GIL in the thread models (see il-gil.h); each worker
 * process has its own; @interval_ns ≤ 0 means 5 ms. */
void              il_run_set_gil         (IlRun   *run,
                                          gboolean enabled,
                                          gint64   interval_ns);
gboolean          il_run_get_gil         (IlRun   *run);

/* web-crawl: the start page (NULL: the workload's own, or the built-in demo
 * site), the most pages to fetch (≤ 0: the workload's) and whether links
 * to other hosts are followed (FALSE: as the workload says).  Before
 * il_run_execute(). */
void              il_run_set_crawl       (IlRun      *run,
                                          const char *url,
                                          gint        max_pages,
                                          gboolean    allow_other_hosts);
/* The URL the crawl started from (the demo site's address when it crawled
 * that), once il_run_execute() has begun; NULL for other workloads. */
const char       *il_run_get_crawl_url   (IlRun      *run);

/* Blocks until every task ended or the run was cancelled; never runs a task
 * on the calling thread.  Returns FALSE only when the run could not be done
 * (tasks that fail are counted, not errors).  A cancelled run keeps its
 * partial trace and returns TRUE with stats->cancelled set. */
gboolean          il_run_execute         (IlRun        *run,
                                          GCancellable *cancellable,
                                          GError      **error);

IlModel           il_run_get_model       (IlRun   *run);
/* The model id, with " + GIL" when the GIL is emulated: "threads + GIL". */
const char       *il_run_get_title       (IlRun   *run);
IlWorkload       *il_run_get_workload    (IlRun   *run);
/* The numbers in force (workload defaults with the overrides applied). */
const IlWorkloadParams *il_run_get_params (IlRun  *run);
guint             il_run_get_n_tasks     (IlRun   *run);
/* The tasks the run is planned to have: the workload's, or a crawl's page
 * limit (each model runs at most its max_tasks). */
guint             il_run_get_planned_tasks (IlRun *run);
IlTrace          *il_run_get_trace       (IlRun   *run);
/* Valid once il_run_execute() returned: computed from the final record. */
const IlRunStats *il_run_get_stats       (IlRun   *run);
/* The final record once il_run_execute() returned, else NULL. */
IlRunRecord      *il_run_get_record      (IlRun   *run);
/* The run as it is now: the final record once it ended, else a new
 * record of what has run so far (not finished, no stats counters). */
IlRunRecord      *il_run_dup_record      (IlRun   *run);
/* Live progress, from any thread. */
void              il_run_get_progress    (IlRun   *run,
                                          guint   *done,
                                          guint   *total);
gboolean          il_run_is_finished     (IlRun   *run);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IlRun, il_run_unref)

G_END_DECLS
