/* il-run-private.h — what the models share with the run */
#pragma once

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

G_END_DECLS
