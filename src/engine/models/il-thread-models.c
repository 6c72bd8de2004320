/* il-thread-models.c — the thread models: how tasks are handed to threads */

#include "config.h"

#include <pthread.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
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

/* A task needs little stack; glibc's default (8 MiB each, mapped and
 * unmapped per thread) would make starting and ending 10,000 of them the
 * bulk of the run. */
#define TASK_STACK_SIZE (256 * 1024)
/* Up to this many tasks, every thread's stack comes from one mapping made
 * before the first starts: no mmap per thread, and no munmap (whose TLB
 * shootdowns stall the other core) until the run has ended.  Each stack
 * keeps a guard page below it (two mappings each, under the kernel's
 * default limit of 65,530). */
#define TASK_STACK_ARENA_MAX 20000
/* The two pages at the top of a stack that every thread touches at once
 * (its descriptor, its first frames): mapped in by one call each.  Any
 * more would add to the run's measured memory (16 KiB: 174 MiB at 10,000
 * threads against the 96 MiB the threads touch themselves). */
#define STACK_TOP_BYTES (8 * 1024)
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

typedef struct {
  IlTaskQueue *queue;
  guint        task;
} ThreadJob;

typedef struct {
  IlTaskQueue *queue;
  guint8      *arena;         /* NULL: glibc makes each stack */
  guint        n_stacks;      /* in the arena; a crawl's later tasks use glibc's */
  gsize        stride;        /* guard page + stack */
} Spawner;

static void *
task_thread (void *data)
{
  ThreadJob *job = data;

  pthread_setname_np (pthread_self (), "il-task");
  il_task_queue_run_here (job->queue, job->task);
  g_free (job);
  return NULL;
}

static guint8 *
stack_arena_new (guint  n_stacks,
                 gsize *stride)
{
  gsize page = (gsize) sysconf (_SC_PAGESIZE);
  guint8 *arena;

  *stride = TASK_STACK_SIZE + page;
  arena = mmap (NULL, *stride * n_stacks, PROT_READ | PROT_WRITE,
                MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
  if (arena == MAP_FAILED)
    return NULL;
  for (guint i = 0; i < n_stacks; i++)
    if (mprotect (arena + i * *stride, page, PROT_NONE) != 0)
      {
        munmap (arena, *stride * n_stacks);
        return NULL;
      }
  return arena;
}

/* Starts a thread for each task it takes from the queue until every task
 * has ended, then joins them. */
static gpointer
spawn_threads (gpointer data)
{
  Spawner *spawner = data;
  IlTaskQueue *queue = spawner->queue;
  g_autoptr(GArray) threads = g_array_new (FALSE, FALSE, sizeof (pthread_t));
  gsize page = (gsize) sysconf (_SC_PAGESIZE);
  pthread_attr_t attr, own_stack;
  guint task;

  pthread_attr_init (&attr);
  pthread_attr_setstacksize (&attr, TASK_STACK_SIZE);
  pthread_attr_init (&own_stack);
  while (il_task_queue_next (queue, &task))
    {
      ThreadJob *job = g_new (ThreadJob, 1);
      pthread_t thread;
      int err;

      job->queue = queue;
      job->task = task;
      if (task < spawner->n_stacks)
        {
          guint8 *stack = spawner->arena + task * spawner->stride + page;

          /* One call maps in what the thread touches first instead of a
           * fault each (ignored if refused). */
          madvise (stack + TASK_STACK_SIZE - STACK_TOP_BYTES, STACK_TOP_BYTES, MADV_POPULATE_WRITE);
          pthread_attr_setstack (&own_stack, stack, TASK_STACK_SIZE);
        }
      err = pthread_create (&thread, task < spawner->n_stacks ? &own_stack : &attr, task_thread, job);
      if (err != 0)
        {
          g_autofree char *reason = g_strdup_printf (_("could not start a thread: %s"),
                                                     g_strerror (err));
          g_free (job);
          il_task_queue_fail (queue, task, reason);
          continue;
        }
      g_array_append_val (threads, thread);
    }
  pthread_attr_destroy (&attr);
  pthread_attr_destroy (&own_stack);
  for (guint i = 0; i < threads->len; i++)
    pthread_join (g_array_index (threads, pthread_t, i), NULL);
  return NULL;
}

gboolean
il_model_execute_threads (IlTaskQueue *queue,
                          GError     **error)
{
  g_autoptr(GPtrArray) spawners = g_ptr_array_new ();
  guint n_tasks = il_task_queue_get_n_tasks (queue);
  Spawner spawner = { queue, NULL, 0, 0 };
  guint n_spawners;

  if (n_tasks <= TASK_STACK_ARENA_MAX)
    spawner.arena = stack_arena_new (n_tasks, &spawner.stride);
  if (spawner.arena != NULL)
    spawner.n_stacks = n_tasks;

  /* Starting a thread is mostly the kernel's work (clone): with many tasks,
   * one starter per core keeps that from delaying the last tasks' start.
   * Every task still gets a thread of its own. */
  n_spawners = n_tasks >= 1000 ? MIN (il_machine_get_logical_cores (), 4) : 1;
  for (guint i = 1; i < n_spawners; i++)
    {
      GThread *thread = g_thread_try_new ("il-spawner", spawn_threads, &spawner, NULL);

      if (thread != NULL)
        g_ptr_array_add (spawners, thread);
    }
  spawn_threads (&spawner);
  for (guint i = 0; i < spawners->len; i++)
    g_thread_join (g_ptr_array_index (spawners, i));

  if (spawner.arena != NULL)
    munmap (spawner.arena, spawner.stride * spawner.n_stacks);
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
