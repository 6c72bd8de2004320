/* il-models.c — the thread models: how tasks are handed to threads */

#include "config.h"

#include <pthread.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "il-machine.h"
#include "il-run-private.h"

static const IlModelInfo model_infos[IL_N_MODELS] = {
  { IL_MODEL_SEQUENTIAL, "sequential", N_("Sequential"),
    "for task in tasks: task()",
    N_("One worker thread runs the tasks one after another."),
    FALSE, TRUE },
  { IL_MODEL_THREADS, "threads", N_("Thread per task"),
    "threading.Thread",
    N_("One new GThread per task, all started at once and then joined."),
    FALSE, TRUE },
  { IL_MODEL_THREAD_POOL, "thread-pool", N_("Thread pool"),
    "ThreadPoolExecutor(max_workers=W)",
    N_("A GThreadPool of W worker threads takes the tasks from a queue."),
    TRUE, TRUE },
  { IL_MODEL_GTASK, "gtask", N_("GTask"),
    "— (GLib's own way)",
    N_("g_task_run_in_thread() on GLib's shared pool, which decides how many threads to use."),
    FALSE, TRUE },
  { IL_MODEL_ASYNC, "async", N_("Async event loop"),
    "asyncio.gather",
    N_("One thread runs its own GMainContext: sleeps are timeouts, HTTP is libsoup's async API, CPU phases run inline and block the loop."),
    FALSE, FALSE },
  { IL_MODEL_ASYNC_EXECUTOR, "async-executor", N_("Async loop with an executor"),
    "loop.run_in_executor",
    N_("The same event loop, with CPU phases handed to a pool of W threads."),
    TRUE, FALSE },
  { IL_MODEL_PROCESSES, "processes", N_("Process per task"),
    "multiprocessing.Process",
    N_("One worker process (interleave-worker, started with GSubprocess) per task."),
    FALSE, FALSE },
  { IL_MODEL_PROCESS_POOL, "process-pool", N_("Process pool"),
    "multiprocessing.Pool",
    N_("W long-lived worker processes fed tasks over pipes; results in completion and in submission order."),
    TRUE, FALSE },
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

/* ------------------------------------------------------------------------ */
/* sequential: one worker thread, tasks in order */

static gpointer
sequential_thread (gpointer data)
{
  IlRun *run = data;
  guint task;

  while (il_run_next_task (run, &task))
    il_run_task_on_this_thread (run, task);
  return NULL;
}

gboolean
il_model_run_sequential (IlRun   *run,
                         GError **error)
{
  GThread *thread = g_thread_try_new ("il-sequential", sequential_thread, run, error);

  if (thread == NULL)
    return FALSE;
  g_thread_join (thread);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* threads: one thread per task */

#define TASK_STACK_SIZE (256 * 1024)

typedef struct {
  IlRun *run;
  guint  task;
} ThreadJob;

static gpointer
task_thread (gpointer data)
{
  ThreadJob *job = data;

  il_run_task_on_this_thread (job->run, job->task);
  g_free (job);
  return NULL;
}

/* Starts a thread for each task it takes from the queue until every task
 * has ended, then joins them. */
static gpointer
spawn_threads (gpointer data)
{
  IlRun *run = data;
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  guint task;

  while (il_run_next_task (run, &task))
    {
      g_autoptr(GError) local_error = NULL;
      ThreadJob *job = g_new (ThreadJob, 1);
      GThread *thread;

      job->run = run;
      job->task = task;
      thread = g_thread_try_new ("il-task", task_thread, job, &local_error);
      if (thread == NULL)
        {
          g_autofree char *reason = g_strdup_printf (_("could not start a thread: %s"),
                                                     local_error->message);
          g_free (job);
          il_run_fail_task (run, task, reason);
          continue;
        }
      g_ptr_array_add (threads, thread);
    }
  for (guint i = 0; i < threads->len; i++)
    g_thread_join (g_ptr_array_index (threads, i));
  return NULL;
}

gboolean
il_model_run_threads (IlRun   *run,
                      GError **error)
{
  g_autoptr(GPtrArray) spawners = g_ptr_array_new ();
  pthread_attr_t saved, small;
  gboolean restore;
  guint n_spawners;

  /* GThread has no stack size: make the process default small while this
   * model starts its threads (a task needs little stack; 8 MiB each would
   * make starting 10,000 of them the bulk of the run). */
  restore = pthread_getattr_default_np (&saved) == 0;
  if (restore && pthread_attr_init (&small) == 0)
    {
      pthread_attr_setstacksize (&small, TASK_STACK_SIZE);
      pthread_setattr_default_np (&small);
      pthread_attr_destroy (&small);
    }

  /* Starting a thread is mostly the kernel's work (clone): with many tasks,
   * one starter per core keeps that from delaying the last tasks' start.
   * Every task still gets a thread of its own. */
  n_spawners = il_run_get_n_tasks (run) >= 1000 ? MIN (il_machine_get_logical_cores (), 4) : 1;
  for (guint i = 1; i < n_spawners; i++)
    {
      GThread *spawner = g_thread_try_new ("il-spawner", spawn_threads, run, NULL);

      if (spawner != NULL)
        g_ptr_array_add (spawners, spawner);
    }
  spawn_threads (run);
  for (guint i = 0; i < spawners->len; i++)
    g_thread_join (g_ptr_array_index (spawners, i));

  if (restore)
    {
      pthread_setattr_default_np (&saved);
      pthread_attr_destroy (&saved);
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* thread-pool: W exclusive worker threads */

static void
pool_func (gpointer data,
           gpointer user_data)
{
  il_run_task_on_this_thread (user_data, GPOINTER_TO_UINT (data) - 1);
}

gboolean
il_model_run_thread_pool (IlRun   *run,
                          GError **error)
{
  GThreadPool *pool;
  guint task;

  pool = g_thread_pool_new (pool_func, run, il_run_get_workers (run), TRUE, error);
  if (pool == NULL)
    return FALSE;
  while (il_run_next_task (run, &task))
    if (!g_thread_pool_push (pool, GUINT_TO_POINTER (task + 1), NULL))
      il_run_fail_task (run, task, _("the pool refused the task"));
  /* Waits for every queued task to run. */
  g_thread_pool_free (pool, FALSE, TRUE);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* gtask: g_task_run_in_thread on GLib's shared pool */

typedef struct {
  guint pending;
} GTaskState;

static void
gtask_thread_func (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  IlRun *run = task_data;
  guint id = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (task), "il-task")) - 1;

  il_run_task_on_this_thread (run, id);
  g_task_return_boolean (task, TRUE);
}

static void
gtask_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTaskState *state = user_data;

  state->pending--;
  g_main_context_wakeup (g_main_context_get_thread_default ());
}

gboolean
il_model_run_gtask (IlRun   *run,
                    GError **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  GTaskState state = { 0 };
  guint id;

  g_main_context_push_thread_default (context);
  while (il_run_next_task (run, &id))
    {
      g_autoptr(GTask) task = g_task_new (NULL, NULL, gtask_done, &state);

      g_task_set_source_tag (task, il_model_run_gtask);
      g_task_set_task_data (task, run, NULL);
      g_object_set_data (G_OBJECT (task), "il-task", GUINT_TO_POINTER (id + 1));
      state.pending++;
      g_task_run_in_thread (task, gtask_thread_func);
    }
  /* Every task has ended; let their GTasks deliver and go. */
  while (state.pending > 0)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);
  return TRUE;
}
