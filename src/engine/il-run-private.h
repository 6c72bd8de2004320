/* il-run-private.h — what the models share with the run */
#pragma once

#include <sys/resource.h>

#include "il-crawler.h"
#include "il-run.h"

G_BEGIN_DECLS

/* Runs task @task's phases on the calling thread, recording its lane, and
 * counts it done.  Safe to call from any worker thread. */
void     il_run_task_on_this_thread (IlRun   *run,
                                     guint    task);

/* Ends a task that never ran (cancelled while queued, or its worker could
 * not be started). */
void     il_run_fail_task           (IlRun      *run,
                                     guint       task,
                                     const char *reason);

gboolean il_run_is_cancelled        (IlRun   *run);

/* Adds a task while the run goes on (the crawler's discovered pages); takes
 * the contents of @spec and leaves it zeroed.  Thread-safe.  The task starts
 * queued and is handed out by il_run_next_task(). */
guint    il_run_submit_task         (IlRun      *run,
                                     IlTaskSpec *spec);
/* The task's recipe; the pointer stays valid for the run's life. */
const IlTaskSpec *il_run_get_spec   (IlRun   *run,
                                     guint    task);
/* Blocks until a queued task can be handed out (TRUE, *task set) or every
 * task has ended so no more can come (FALSE).  Once the run is cancelled,
 * queued tasks end as failed here instead of being handed out. */
gboolean il_run_next_task           (IlRun   *run,
                                     guint   *task);
/* The same without blocking: FALSE when nothing is queued right now. */
gboolean il_run_try_next_task       (IlRun   *run,
                                     guint   *task);
/* TRUE when nothing is queued and every submitted task has ended. */
gboolean il_run_all_ended           (IlRun   *run);
/* Worker count the model will use (resolved --workers). */
guint    il_run_get_workers         (IlRun   *run);

/* Model executors: block until every task has ended. */
gboolean il_model_run_sequential    (IlRun   *run,
                                     GError **error);
gboolean il_model_run_threads       (IlRun   *run,
                                     GError **error);
gboolean il_model_run_thread_pool   (IlRun   *run,
                                     GError **error);
gboolean il_model_run_gtask         (IlRun   *run,
                                     GError **error);
/* il-async.c */
gboolean il_model_run_async         (IlRun   *run,
                                     gboolean executor,
                                     GError **error);
/* il-process.c */
gboolean il_model_run_processes     (IlRun   *run,
                                     gboolean pool,
                                     GError **error);

/* For models that run tasks in other processes (il-process.c). */
GCancellable *il_run_get_cancellable (IlRun   *run);
gboolean      il_run_get_tracing     (IlRun   *run);
/* The GIL's switch interval (meaningful when il_run_get_gil()). */
gint64        il_run_get_gil_interval (IlRun  *run);
/* Ends @task at @at_ns (absolute monotonic), ok or failed with @reason,
 * as il_run_task_on_this_thread() does for a task run here. */
void          il_run_end_task        (IlRun      *run,
                                      guint       task,
                                      gboolean    ok,
                                      const char *reason,
                                      gint64      at_ns);

/* For models that step through tasks themselves (il-async.c) and the
 * crawl.  The crawler during the run (NULL unless the workload fetches). */
IlCrawler    *il_run_get_crawler     (IlRun     *run);
/* The links task @task's page held become new tasks (those the crawler
 * admits: allowed host, not seen, within --max-pages).  Thread-safe.  The
 * process models call it with the links a worker sent back. */
void          il_run_add_links       (IlRun     *run,
                                      guint      task,
                                      GPtrArray *urls);
/* The calling thread's worker lane in this run (added on first use). */
guint32       il_run_get_thread_worker (IlRun   *run);
/* CPU time and context switches of a model's own threads. */
void          il_run_add_usage       (IlRun               *run,
                                      const struct rusage *before,
                                      const struct rusage *after);

G_END_DECLS
