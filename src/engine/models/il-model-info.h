/* il-model-info.h — the models: what each one is, and how it runs tasks
 *
 * Each model describes itself in one entry: its id (the name on the
 * command line and in files), its title and description, the seeds'
 * counterpart, whether it honours --workers, the rules its stats follow,
 * and its execute function.  Execute takes tasks from an IlTaskQueue
 * (il-task-queue.h) until every task has ended; it never runs a task on
 * the calling thread.
 */
#pragma once

#include <glib.h>

#include "il-run-record.h"
#include "il-task-queue.h"

G_BEGIN_DECLS

typedef enum {
  IL_MODEL_SEQUENTIAL,
  IL_MODEL_THREADS,
  IL_MODEL_THREAD_POOL,
  IL_MODEL_GTASK,
  IL_MODEL_ASYNC,
  IL_MODEL_ASYNC_EXECUTOR,
  IL_MODEL_PROCESSES,
  IL_MODEL_PROCESS_POOL,
  IL_MODEL_ASYNC_POOL,
  IL_N_MODELS
} IlModel;

/* Blocks until every task of @queue has ended; FALSE only when the model
 * could not run at all (tasks that fail are counted, not errors). */
typedef gboolean (*IlModelExecuteFunc) (IlTaskQueue *queue,
                                        GError     **error);

/* How many workers a model uses for @n_tasks tasks and --workers @workers
 * (≤ 0: the default); 0 when it is decided while running.  (il_run_new()
 * gives IL_WORKERS_CORES models only a count the user asked for.) */
typedef enum {
  IL_WORKERS_ONE,          /* one worker */
  IL_WORKERS_PER_TASK,     /* one per task */
  IL_WORKERS_OPTION,       /* --workers, by default the workload's pool size, else the logical cores */
  IL_WORKERS_CORES,        /* --workers, by default the logical cores, whatever the workload's
                            * pool size (a loop per core: async-pool) */
  IL_WORKERS_LIBRARY,      /* GLib decides; counted while running */
} IlWorkersRule;

typedef struct {
  IlModel            model;
  const char        *id;            /* "thread-pool" */
  const char        *title;         /* translatable, untranslated here: use _() */
  const char        *counterpart;   /* the seeds' counterpart, e.g. "ThreadPoolExecutor(max_workers=W)" */
  const char        *description;   /* translatable */
  gboolean           has_workers;   /* honours --workers */
  gboolean           threaded;      /* threads of this process share one emulated GIL */
  IlWorkersRule      workers;
  guint              max_tasks;     /* the most tasks (or pages) it runs */
  IlModelRules       rules;         /* for the stats (il-stats.h) */
  IlModelExecuteFunc execute;
} IlModelInfo;

/* The most tasks a model runs: a thread or a process each costs memory and
 * kernel mappings (a thread's stack is two), and 32,000 threads exhaust
 * vm.max_map_count; the others hold a task in a few hundred bytes. */
#define IL_MODEL_MAX_TASKS         1000000
#define IL_MODEL_MAX_THREAD_TASKS  10000
#define IL_MODEL_MAX_PROCESS_TASKS 1000

const IlModelInfo *il_model_get_info    (IlModel     model);
gboolean           il_model_from_string (const char *id,
                                         IlModel    *model);
/* The worker count @model uses (see IlWorkersRule). */
guint              il_model_resolve_workers (IlModel model,
                                             guint   n_tasks,
                                             gint    workers);

/* The execute functions of the entries */
gboolean il_model_execute_sequential     (IlTaskQueue *queue, GError **error);
gboolean il_model_execute_threads        (IlTaskQueue *queue, GError **error);
gboolean il_model_execute_thread_pool    (IlTaskQueue *queue, GError **error);
gboolean il_model_execute_gtask          (IlTaskQueue *queue, GError **error);
gboolean il_model_execute_async          (IlTaskQueue *queue, GError **error);
gboolean il_model_execute_async_executor (IlTaskQueue *queue, GError **error);
gboolean il_model_execute_processes      (IlTaskQueue *queue, GError **error);
gboolean il_model_execute_process_pool   (IlTaskQueue *queue, GError **error);
gboolean il_model_execute_async_pool     (IlTaskQueue *queue, GError **error);

G_END_DECLS
