/* il-process-models-private.h — what the process models share with their workers
 *
 * il-process-models.c hands tasks to worker processes and starts them as
 * the model allows; il-process-worker.c is one worker's life.  A worker
 * reads what it needs of its run in an IlProcessHost and tells the model
 * that something changed through the host's callback, never by calling
 * the model.
 */
#pragma once

#include <gio/gio.h>

#include "il-task-queue.h"

G_BEGIN_DECLS

typedef struct _IlProcessWorker IlProcessWorker;

/* Set up by the model, the same for each of its workers. */
typedef struct {
  IlTaskQueue         *queue;
  IlTrace             *trace;
  GMainContext        *context;       /* where every worker's sources go */
  GSubprocessLauncher *launcher;
  const char          *path;          /* the worker program */
  const char          *hello;         /* the hello line */
  const char          *crawl;         /* the crawl line, NULL unless crawling */
  const IlHttpOptions *http;          /* the crawler's, or NULL */
  IlMemoryMeter       *memory;        /* where each live worker is registered, or NULL */
  gint64               timeout_us;
  gboolean             one_task;      /* a worker quits after its task (processes) */
  gboolean             loop;          /* a worker is an event loop of many tasks (async-pool) */
  guint                n_unreaped;    /* workers started and not reaped yet */
  /* A task ended, or a worker became free or exited. */
  void               (*changed)      (gpointer data);
  gpointer             changed_data;
} IlProcessHost;

/* Starts a worker for @task, which waits for it (spawning) until the
 * worker is ready; NULL, and the task failed, when it cannot.  @slot_host
 * (taken; NULL: none): the task holds one of the crawl's connection slots
 * for that host (il_crawler_get_limiter), freed when it ends. */
IlProcessWorker *il_process_worker_spawn     (IlProcessHost   *host,
                                              guint            task,
                                              char            *slot_host);
/* Once it is reaped. */
void             il_process_worker_free      (gpointer         worker);
gboolean         il_process_worker_is_live   (IlProcessWorker *worker);
gboolean         il_process_worker_is_idle   (IlProcessWorker *worker);
/* Ready, and not told to quit: it may be given tasks (one when idle, any
 * number when it is a loop) */
gboolean         il_process_worker_is_ready  (IlProcessWorker *worker);
guint            il_process_worker_n_tasks   (IlProcessWorker *worker);
/* Sends @task (and @slot_host, as for spawn) to a ready worker. */
void             il_process_worker_give_task (IlProcessWorker *worker,
                                              guint            task,
                                              char            *slot_host,
                                              gint64           now);
/* Writes what waits to be sent (a loop's tasks leave in batches). */
void             il_process_worker_flush     (IlProcessWorker *worker);
void             il_process_worker_quit      (IlProcessWorker *worker);
/* The run was cancelled: its tasks end as cancelled, and it gets SIGTERM. */
void             il_process_worker_cancel    (IlProcessWorker *worker,
                                              gint64           now);
/* SIGKILL, unless it is reaped. */
void             il_process_worker_kill      (IlProcessWorker *worker);

void             il_process_clear_source     (GSource        **source);
/* After a write to a dead worker: takes back the SIGPIPE it raised
 * (blocked on the model's thread while it runs). */
void             il_process_consume_sigpipe  (void);

G_END_DECLS
