/* il-thread-models.c — the thread models: how tasks are handed to threads */

#include "config.h"

#include <pthread.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "il-machine.h"
#include "il-model-info.h"

/* ------------------------------------------------------------------------ */
/* sequential: one worker thread, tasks in order */

static gpointer
sequential_thread (gpointer data)
{
  IlTaskQueue *queue = data;
  guint task;

  while (il_task_queue_next (queue, &task))
    il_task_queue_run_here (queue, task);
  return NULL;
}

gboolean
il_model_execute_sequential (IlTaskQueue *queue,
                             GError     **error)
{
  GThread *thread = g_thread_try_new ("il-sequential", sequential_thread, queue, error);

  if (thread == NULL)
    return FALSE;
  g_thread_join (thread);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* threads: one thread per task */

#define TASK_STACK_SIZE (256 * 1024)

typedef struct {
  IlTaskQueue *queue;
  guint        task;
} ThreadJob;

static gpointer
task_thread (gpointer data)
{
  ThreadJob *job = data;

  il_task_queue_run_here (job->queue, job->task);
  g_free (job);
  return NULL;
}

/* Starts a thread for each task it takes from the queue until every task
 * has ended, then joins them. */
static gpointer
spawn_threads (gpointer data)
{
  IlTaskQueue *queue = data;
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  guint task;

  while (il_task_queue_next (queue, &task))
    {
      g_autoptr(GError) local_error = NULL;
      ThreadJob *job = g_new (ThreadJob, 1);
      GThread *thread;

      job->queue = queue;
      job->task = task;
      thread = g_thread_try_new ("il-task", task_thread, job, &local_error);
      if (thread == NULL)
        {
          g_autofree char *reason = g_strdup_printf (_("could not start a thread: %s"),
                                                     local_error->message);
          g_free (job);
          il_task_queue_fail (queue, task, reason);
          continue;
        }
      g_ptr_array_add (threads, thread);
    }
  for (guint i = 0; i < threads->len; i++)
    g_thread_join (g_ptr_array_index (threads, i));
  return NULL;
}

gboolean
il_model_execute_threads (IlTaskQueue *queue,
                          GError     **error)
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
  n_spawners = il_task_queue_get_n_tasks (queue) >= 1000 ? MIN (il_machine_get_logical_cores (), 4) : 1;
  for (guint i = 1; i < n_spawners; i++)
    {
      GThread *spawner = g_thread_try_new ("il-spawner", spawn_threads, queue, NULL);

      if (spawner != NULL)
        g_ptr_array_add (spawners, spawner);
    }
  spawn_threads (queue);
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
  il_task_queue_run_here (user_data, GPOINTER_TO_UINT (data) - 1);
}

gboolean
il_model_execute_thread_pool (IlTaskQueue *queue,
                              GError     **error)
{
  GThreadPool *pool;
  guint task;

  pool = g_thread_pool_new (pool_func, queue, il_task_queue_get_workers (queue), TRUE, error);
  if (pool == NULL)
    return FALSE;
  while (il_task_queue_next (queue, &task))
    if (!g_thread_pool_push (pool, GUINT_TO_POINTER (task + 1), NULL))
      il_task_queue_fail (queue, task, _("the pool refused the task"));
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
  IlTaskQueue *queue = task_data;
  guint id = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (task), "il-task")) - 1;

  il_task_queue_run_here (queue, id);
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
il_model_execute_gtask (IlTaskQueue *queue,
                        GError     **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  GTaskState state = { 0 };
  guint id;

  g_main_context_push_thread_default (context);
  while (il_task_queue_next (queue, &id))
    {
      g_autoptr(GTask) task = g_task_new (NULL, NULL, gtask_done, &state);

      g_task_set_source_tag (task, il_model_execute_gtask);
      g_task_set_task_data (task, queue, NULL);
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
