/* il-task-queue.h — what a model sees of its run: the tasks to hand out
 *
 * A model takes tasks from the queue (il_task_queue_next), runs each on a
 * thread of its own choosing (il_task_queue_run_here) or steps through its
 * phases itself, and reports how each ended; a crawl's found links come
 * back through il_task_queue_add_links and become new tasks.  The queue
 * records every state change in the run's trace.  The run (il-run.c)
 * makes the queue, calls the model's execute (il-model-info.h) and reads
 * the outcome; a model knows nothing else of the run.
 */
#pragma once

#include <sys/resource.h>

#include <gio/gio.h>

#include "il-cancel.h"
#include "il-crawler.h"
#include "il-gil.h"
#include "il-memory-meter.h"
#include "il-task.h"
#include "il-trace.h"

G_BEGIN_DECLS

typedef struct _IlTaskQueue IlTaskQueue;

/* Plans a page the crawl found: fills @spec (il_workload_plan_page). */
typedef void (*IlPlanPageFunc) (gpointer    user_data,
                                const char *name,
                                const char *url,
                                IlTaskSpec *spec);

typedef struct {
  IlTrace        *trace;           /* where the lanes go (referenced) */
  guint           workers;         /* the worker count the model is to use */
  gboolean        tracing;         /* FALSE: no per-slice records while computing */
  gboolean        uses_cpu;        /* some task computes (workers calibrate) */
  gboolean        gil;             /* emulate the GIL (each worker process has its own) */
  gint64          gil_interval_ns; /* > 0 */
  gboolean        shared_gil;      /* with gil: one lock for this process's threads */
  IlCrawler      *crawler;         /* the crawl's state, or NULL (not owned) */
  IlMemoryMeter  *memory;          /* where worker processes are registered, or NULL (not owned) */
  IlPlanPageFunc  plan_page;       /* how a found page becomes a task */
  gpointer        plan_page_data;
} IlTaskQueueSettings;

/* ------------------------------------------------------------------------ */
/* For the run */

IlTaskQueue  *il_task_queue_new             (const IlTaskQueueSettings *settings,
                                             GCancellable              *cancellable);
void          il_task_queue_free            (IlTaskQueue  *queue);
/* Adds the plan's tasks (taken, @specs left to free) before the clock
 * starts, then submits all at once at @t0_ns (the trace's new origin). */
void          il_task_queue_start           (IlTaskQueue  *queue,
                                             IlTaskSpec   *specs,
                                             guint         n_specs,
                                             gint64        t0_ns);
/* Fails, with @reason, every task that has not ended. */
void          il_task_queue_fail_unended    (IlTaskQueue  *queue,
                                             const char   *reason);
void          il_task_queue_get_progress    (IlTaskQueue  *queue,
                                             guint        *done,
                                             guint        *total);
/* Summed over the tasks run in this process (see il_task_queue_add_usage). */
void          il_task_queue_get_usage       (IlTaskQueue  *queue,
                                             gdouble      *user_s,
                                             gdouble      *sys_s,
                                             gint64       *nvcsw,
                                             gint64       *nivcsw);
/* Task ids in the order they ended (a new array). */
GArray       *il_task_queue_dup_completion_order (IlTaskQueue *queue);
/* The emulated GIL's hand-overs, or -1 without it. */
gint64        il_task_queue_get_gil_handovers (IlTaskQueue *queue);

/* ------------------------------------------------------------------------ */
/* For the models */

/* Blocks until a queued task can be handed out (TRUE, *task set) or every
 * task has ended so no more can come (FALSE).  Once the run is cancelled,
 * queued tasks end as failed here instead of being handed out. */
gboolean      il_task_queue_next            (IlTaskQueue  *queue,
                                             guint        *task);
/* The same without blocking: FALSE when nothing is queued right now. */
gboolean      il_task_queue_try_next        (IlTaskQueue  *queue,
                                             guint        *task);
/* TRUE when nothing is queued and every submitted task has ended. */
gboolean      il_task_queue_all_ended       (IlTaskQueue  *queue);
/* Tasks submitted so far (or planned, before the start). */
guint         il_task_queue_get_n_tasks     (IlTaskQueue  *queue);
/* The task's recipe; the pointer stays valid for the queue's life. */
const IlTaskSpec *il_task_queue_get_spec    (IlTaskQueue  *queue,
                                             guint         task);

/* Runs task @task's phases on the calling thread, recording its lane, and
 * ends it.  Safe to call from any worker thread. */
void          il_task_queue_run_here        (IlTaskQueue  *queue,
                                             guint         task);
/* Ends a task that never ran (cancelled while queued, or its worker could
 * not be started). */
void          il_task_queue_fail            (IlTaskQueue  *queue,
                                             guint         task,
                                             const char   *reason);
/* Ends @task at @at_ns (absolute monotonic), ok or failed with @reason,
 * as il_task_queue_run_here() does for a task run here.  Not ok after the
 * run was cancelled, it ends stopped (and stays out of the completion
 * order). */
void          il_task_queue_end             (IlTaskQueue  *queue,
                                             guint         task,
                                             gboolean      ok,
                                             const char   *reason,
                                             gint64        at_ns);
/* Adds a task while the run goes on; takes the contents of @spec and
 * leaves it zeroed.  Thread-safe.  The task starts queued. */
guint         il_task_queue_submit          (IlTaskQueue  *queue,
                                             IlTaskSpec   *spec);
/* The links task @task's page held become new tasks (those the crawler
 * admits: allowed host, not seen, within --max-pages); @n_dropped more
 * were left out at the caps, counted in the task's record.  Thread-safe. */
void          il_task_queue_add_links       (IlTaskQueue  *queue,
                                             guint         task,
                                             GPtrArray    *urls,
                                             guint         n_dropped);

gboolean      il_task_queue_is_cancelled    (IlTaskQueue  *queue);
GCancellable *il_task_queue_get_cancellable (IlTaskQueue  *queue);
/* The cancellation hook for il_exec_phases(). */
const IlCancel *il_task_queue_get_cancel    (IlTaskQueue  *queue);
IlTrace      *il_task_queue_get_trace       (IlTaskQueue  *queue);
/* Worker count the model is to use (resolved --workers). */
guint         il_task_queue_get_workers     (IlTaskQueue  *queue);
gboolean      il_task_queue_get_tracing     (IlTaskQueue  *queue);
gboolean      il_task_queue_uses_cpu        (IlTaskQueue  *queue);
/* Whether the GIL is emulated, and its switch interval. */
gboolean      il_task_queue_get_gil         (IlTaskQueue  *queue);
gint64        il_task_queue_get_gil_interval (IlTaskQueue *queue);
/* The one GIL this process's threads share, or NULL (no GIL emulated, or
 * one per worker process). */
IlGil        *il_task_queue_get_shared_gil  (IlTaskQueue  *queue);
/* The crawl's state (NULL unless the workload fetches). */
IlCrawler    *il_task_queue_get_crawler     (IlTaskQueue  *queue);
/* The run's memory meter, or NULL: the process models register their
 * workers in it. */
IlMemoryMeter *il_task_queue_get_memory_meter (IlTaskQueue *queue);
/* The calling thread's worker lane in this run (added on first use). */
guint32       il_task_queue_get_thread_worker (IlTaskQueue *queue);
/* CPU time and context switches of a model's own threads. */
void          il_task_queue_add_usage       (IlTaskQueue         *queue,
                                             const struct rusage *before,
                                             const struct rusage *after);

G_END_DECLS
