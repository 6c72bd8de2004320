/* il-run.h — one workload executed under one model
 */
#pragma once

#include <gio/gio.h>

#include "il-trace.h"
#include "il-workload.h"

G_BEGIN_DECLS

/* ------------------------------------------------------------------------ */
/* Models */

typedef enum {
  IL_MODEL_SEQUENTIAL,
  IL_MODEL_THREADS,
  IL_MODEL_THREAD_POOL,
  IL_MODEL_GTASK,
  IL_MODEL_ASYNC,
  IL_MODEL_ASYNC_EXECUTOR,
  IL_MODEL_PROCESSES,
  IL_MODEL_PROCESS_POOL,
  IL_N_MODELS
} IlModel;

typedef struct {
  IlModel     model;
  const char *id;            /* "thread-pool" */
  const char *title;         /* translatable, untranslated here: use _() */
  const char *counterpart;   /* the seeds' counterpart, e.g. "ThreadPoolExecutor(max_workers=W)" */
  const char *description;   /* translatable */
  gboolean    has_workers;   /* honours --workers */
  gboolean    threaded;      /* a thread model (the GIL applies) */
} IlModelInfo;

const IlModelInfo *il_model_get_info   (IlModel     model);
gboolean           il_model_from_string (const char *id,
                                         IlModel    *model);

/* ------------------------------------------------------------------------ */
/* Stats */

typedef struct {
  gint64   makespan_ns;
  gint64   ideal_ns;
  guint    workers;                 /* worker count the model used */
  guint    workers_seen;            /* distinct worker threads/processes seen */
  gdouble  cpu_time_s;              /* user + sys of the run's workers, children included */
  gdouble  user_time_s;
  gdouble  sys_time_s;
  gint64   voluntary_ctx_switches;
  gint64   involuntary_ctx_switches;
  gint64   peak_rss_kib;
  guint    cores_used;              /* distinct cores seen running */
  guint    tasks_ok;
  guint    tasks_failed;
  gboolean cancelled;
  guint    n_completion_order;
  guint   *completion_order;        /* task ids in the order they finished */
  gint64   io_wait_ns;              /* total time in io-wait over all tasks */
  gint64   running_ns;              /* total time running */
  gint64   preempted_ns;            /* total time preempted */
  gint64   queued_ns;               /* total time queued */
  gboolean gil;                     /* the GIL was emulated */
  gint64   gil_interval_ns;         /* its switch interval */
  gint64   gil_wait_ns;             /* total time in gil-wait */
  guint64  gil_handovers;           /* times the GIL changed threads */
} IlRunStats;

/* ------------------------------------------------------------------------ */
/* Runs */

typedef struct _IlRun IlRun;

IlRun            *il_run_new             (IlWorkload             *workload,
                                          const IlWorkloadParams *params,
                                          IlModel                 model);
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

void              il_run_execute_async   (IlRun              *run,
                                          GCancellable       *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer            user_data);
gboolean          il_run_execute_finish  (IlRun        *run,
                                          GAsyncResult *result,
                                          GError      **error);

IlModel           il_run_get_model       (IlRun   *run);
/* The model id, with " + GIL" when the GIL is emulated: "threads + GIL". */
const char       *il_run_get_title       (IlRun   *run);
IlWorkload       *il_run_get_workload    (IlRun   *run);
/* The numbers in force (workload defaults with the overrides applied). */
const IlWorkloadParams *il_run_get_params (IlRun  *run);
guint             il_run_get_n_tasks     (IlRun   *run);
IlTrace          *il_run_get_trace       (IlRun   *run);
/* Valid once il_run_execute() returned. */
const IlRunStats *il_run_get_stats       (IlRun   *run);
/* Live progress, from any thread. */
void              il_run_get_progress    (IlRun   *run,
                                          guint   *done,
                                          guint   *total);
gboolean          il_run_is_finished     (IlRun   *run);

/* Speedup of @run against @sequential (same workload); NAN when unknown. */
gdouble           il_run_stats_speedup   (const IlRunStats *stats,
                                          const IlRunStats *sequential);
gdouble           il_run_stats_efficiency (const IlRunStats *stats);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IlRun, il_run_unref)

G_END_DECLS
