/* il-models.c — the thread models: how tasks are handed to threads */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

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
  guint n = il_run_get_n_tasks (run);

  for (guint i = 0; i < n; i++)
    il_run_task_on_this_thread (run, i);
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

typedef struct {
  IlRun *run;
  guint  task;
} ThreadJob;

static gpointer
task_thread (gpointer data)
{
  ThreadJob *job = data;

  il_run_task_on_this_thread (job->run, job->task);
  return NULL;
}

gboolean
il_model_run_threads (IlRun   *run,
                      GError **error)
{
  guint n = il_run_get_n_tasks (run);
  g_autofree ThreadJob *jobs = g_new (ThreadJob, n);
  g_autofree GThread **threads = g_new0 (GThread *, n);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) local_error = NULL;

      jobs[i].run = run;
      jobs[i].task = i;
      threads[i] = g_thread_try_new ("il-task", task_thread, &jobs[i], &local_error);
      if (threads[i] == NULL)
        {
          g_autofree char *reason = g_strdup_printf (_("could not start a thread: %s"),
                                                     local_error->message);
          il_run_fail_task (run, i, reason);
        }
    }
  for (guint i = 0; i < n; i++)
    if (threads[i])
      g_thread_join (threads[i]);
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
  guint n = il_run_get_n_tasks (run);
  GThreadPool *pool;

  pool = g_thread_pool_new (pool_func, run, il_run_get_workers (run), TRUE, error);
  if (pool == NULL)
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (!g_thread_pool_push (pool, GUINT_TO_POINTER (i + 1), NULL))
      il_run_fail_task (run, i, _("the pool refused the task"));
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
  guint n = il_run_get_n_tasks (run);
  GTaskState state = { n };

  g_main_context_push_thread_default (context);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GTask) task = g_task_new (NULL, NULL, gtask_done, &state);

      g_task_set_source_tag (task, il_model_run_gtask);
      g_task_set_task_data (task, run, NULL);
      g_object_set_data (G_OBJECT (task), "il-task", GUINT_TO_POINTER (i + 1));
      g_task_run_in_thread (task, gtask_thread_func);
    }
  while (state.pending > 0)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);
  return TRUE;
}
