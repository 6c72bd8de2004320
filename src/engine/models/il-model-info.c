/* il-model-info.c — the models' entries */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "il-machine.h"
#include "il-model-info.h"

/* Stats rules (il-stats.h): ideal, worker per task, computing on one
 * thread, GIL applies, own connections. */
#define THREAD_RULES(per_task)  { IL_IDEAL_WORKERS, per_task, FALSE, TRUE, FALSE }
#define LOOP_RULES(serial, gil) { IL_IDEAL_LOOP, FALSE, serial, gil, FALSE }
#define PROCESS_RULES(per_task) { IL_IDEAL_WORKERS, per_task, FALSE, FALSE, TRUE }
/* W loops compute side by side, each its tasks one after another; their
 * requests share the crawl's connection slots, held in this process. */
#define LOOP_POOL_RULES         { IL_IDEAL_LOOP, FALSE, FALSE, FALSE, FALSE }

static const IlModelInfo model_infos[IL_N_MODELS] = {
  { IL_MODEL_SEQUENTIAL, "sequential", N_("Sequential"),
    "for task in tasks: task()",
    N_("One worker thread runs the tasks one after another."),
    FALSE, TRUE, IL_WORKERS_ONE, IL_MODEL_MAX_TASKS, THREAD_RULES (FALSE),
    il_model_execute_sequential },
  { IL_MODEL_THREADS, "threads", N_("Thread per task"),
    "threading.Thread",
    N_("One new GThread per task, all started at once and then joined."),
    FALSE, TRUE, IL_WORKERS_PER_TASK, IL_MODEL_MAX_THREAD_TASKS, THREAD_RULES (TRUE),
    il_model_execute_threads },
  { IL_MODEL_THREAD_POOL, "thread-pool", N_("Thread pool"),
    "ThreadPoolExecutor(max_workers=W)",
    N_("A GThreadPool of W worker threads takes the tasks from a queue."),
    TRUE, TRUE, IL_WORKERS_OPTION, IL_MODEL_MAX_TASKS, THREAD_RULES (FALSE),
    il_model_execute_thread_pool },
  { IL_MODEL_GTASK, "gtask", N_("GTask"),
    "— (GLib's own way)",
    N_("g_task_run_in_thread() on GLib's shared pool, which decides how many threads to use."),
    FALSE, TRUE, IL_WORKERS_LIBRARY, IL_MODEL_MAX_TASKS, THREAD_RULES (FALSE),
    il_model_execute_gtask },
  { IL_MODEL_ASYNC, "async", N_("Async event loop"),
    "asyncio.gather",
    N_("One thread runs its own GMainContext: sleeps are timeouts, HTTP is libsoup's async API, CPU phases run inline and block the loop."),
    FALSE, FALSE, IL_WORKERS_ONE, IL_MODEL_MAX_TASKS, LOOP_RULES (TRUE, FALSE),
    il_model_execute_async },
  { IL_MODEL_ASYNC_EXECUTOR, "async-executor", N_("Async loop with an executor"),
    "loop.run_in_executor",
    N_("The same event loop, with CPU phases handed to a pool of W threads."),
    TRUE, TRUE, IL_WORKERS_OPTION, IL_MODEL_MAX_TASKS, LOOP_RULES (FALSE, TRUE),
    il_model_execute_async_executor },
  { IL_MODEL_PROCESSES, "processes", N_("Process per task"),
    "multiprocessing.Process",
    N_("One worker process (interleave-worker, started with GSubprocess) per task."),
    FALSE, FALSE, IL_WORKERS_PER_TASK, IL_MODEL_MAX_PROCESS_TASKS, PROCESS_RULES (TRUE),
    il_model_execute_processes },
  { IL_MODEL_PROCESS_POOL, "process-pool", N_("Process pool"),
    "multiprocessing.Pool",
    N_("W long-lived worker processes fed tasks over pipes; results in completion and in submission order."),
    TRUE, FALSE, IL_WORKERS_OPTION, IL_MODEL_MAX_TASKS, PROCESS_RULES (FALSE),
    il_model_execute_process_pool },
  { IL_MODEL_ASYNC_POOL, "async-pool", N_("Async loop per core"),
    "asyncio.run in each Pool worker",
    N_("W worker processes, each running its own event loop over many tasks at once (one loop per core, as gunicorn with uvicorn workers); a crawl's visited set and connection limits stay in this process."),
    TRUE, FALSE, IL_WORKERS_CORES, IL_MODEL_MAX_TASKS, LOOP_POOL_RULES,
    il_model_execute_async_pool },
};

const IlModelInfo *
il_model_get_info (IlModel model)
{
  g_return_val_if_fail (model < IL_N_MODELS, NULL);
  return &model_infos[model];
}

gboolean
il_model_from_string (const char *id,
                      IlModel    *model)
{
  g_return_val_if_fail (id != NULL, FALSE);

  for (guint i = 0; i < IL_N_MODELS; i++)
    if (strcmp (id, model_infos[i].id) == 0)
      {
        if (model)
          *model = i;
        return TRUE;
      }
  return FALSE;
}

guint
il_model_resolve_workers (IlModel model,
                          guint   n_tasks,
                          gint    workers)
{
  g_return_val_if_fail (model < IL_N_MODELS, 0);

  switch (model_infos[model].workers)
    {
    case IL_WORKERS_ONE:      return 1;
    case IL_WORKERS_PER_TASK: return n_tasks;
    case IL_WORKERS_OPTION:
    case IL_WORKERS_CORES:    return workers > 0 ? (guint) workers : il_machine_get_logical_cores ();
    case IL_WORKERS_LIBRARY:
    default:                  return 0;
    }
}
