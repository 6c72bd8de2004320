/* il-run-chain.c — the models of one comparison, run one after another */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "il-run-chain.h"

struct _IlRunChain {
  gatomicrefcount  ref_count;
  GPtrArray       *runs;         /* IlRun* */
  guint            n_started;    /* atomic */
  gboolean         executing;
};

typedef struct {
  IlRunChain     *chain;
  GMainContext   *context;      /* the caller's */
  IlRunChainFunc  started;
  gpointer        started_data;
  guint           index;
} Started;

IlRunChain *
il_run_chain_new (IlWorkload               *workload,
                  const IlWorkloadParams   *params,
                  const IlModelChoice      *choices,
                  guint                     n_choices,
                  const IlRunChainSettings *settings)
{
  IlRunChain *chain;
  gint sequential = -1;

  g_return_val_if_fail (workload != NULL, NULL);
  g_return_val_if_fail (choices != NULL || n_choices == 0, NULL);

  chain = g_new0 (IlRunChain, 1);
  g_atomic_ref_count_init (&chain->ref_count);
  chain->runs = g_ptr_array_new_with_free_func ((GDestroyNotify) il_run_unref);

  /* Sequential first: it is what the others are compared with. */
  for (guint i = 0; i < n_choices && sequential < 0; i++)
    if (choices[i].model == IL_MODEL_SEQUENTIAL)
      sequential = i;
  for (gint i = -1; i < (gint) n_choices; i++)
    {
      const IlModelChoice *choice;
      IlRun *run;

      if ((i < 0 && sequential < 0) || (i >= 0 && i == sequential))
        continue;
      choice = &choices[i < 0 ? sequential : i];
      run = il_run_new (workload, choice->params != NULL ? choice->params : params, choice->model);
      il_run_set_gil (run, choice->gil, settings ? settings->gil_interval_ns : 0);
      if (settings != NULL)
        il_run_set_crawl (run, settings->crawl_url, settings->crawl_max_pages,
                          settings->crawl_other_hosts);
      g_ptr_array_add (chain->runs, run);
    }
  return chain;
}

IlRunChain *
il_run_chain_ref (IlRunChain *chain)
{
  g_return_val_if_fail (chain != NULL, NULL);
  g_atomic_ref_count_inc (&chain->ref_count);
  return chain;
}

void
il_run_chain_unref (IlRunChain *chain)
{
  g_return_if_fail (chain != NULL);

  if (!g_atomic_ref_count_dec (&chain->ref_count))
    return;
  g_ptr_array_unref (chain->runs);
  g_free (chain);
}

GPtrArray *
il_run_chain_get_runs (IlRunChain *chain)
{
  return chain->runs;
}

guint
il_run_chain_get_n_started (IlRunChain *chain)
{
  return g_atomic_int_get (&chain->n_started);
}

IlRun *
il_run_chain_get_current (IlRunChain *chain)
{
  guint n = il_run_chain_get_n_started (chain);
  IlRun *run;

  if (n == 0)
    return NULL;
  run = g_ptr_array_index (chain->runs, n - 1);
  return il_run_is_finished (run) ? NULL : run;
}

void
il_run_chain_set_tracing (IlRunChain *chain,
                          gboolean    tracing)
{
  for (guint i = 0; i < chain->runs->len; i++)
    il_run_set_tracing (g_ptr_array_index (chain->runs, i), tracing);
}

static gboolean
notify_started (gpointer data)
{
  Started *s = data;

  s->started (s->chain, s->index, s->started_data);
  return G_SOURCE_REMOVE;
}

static void
started_free (gpointer data)
{
  Started *s = data;

  il_run_chain_unref (s->chain);
  g_main_context_unref (s->context);
  g_free (s);
}

/* On the chain's own thread: one run after another. */
static gpointer
execute_thread (gpointer data)
{
  g_autoptr(GTask) task = data;
  Started *s = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  IlRunChain *chain = s->chain;

  for (guint i = 0; i < chain->runs->len; i++)
    {
      IlRun *run = g_ptr_array_index (chain->runs, i);
      g_autoptr(GError) error = NULL;

      if (g_cancellable_is_cancelled (cancellable))
        break;
      g_atomic_int_set (&chain->n_started, i + 1);
      if (s->started != NULL)
        {
          Started *copy = g_memdup2 (s, sizeof *s);

          copy->index = i;
          il_run_chain_ref (copy->chain);
          g_main_context_ref (copy->context);
          g_main_context_invoke_full (s->context, G_PRIORITY_DEFAULT, notify_started,
                                      copy, started_free);
        }
      if (!il_run_execute (run, cancellable, &error))
        {
          g_task_return_new_error (task, error->domain, error->code, _("cannot run %s: %s"),
                                   il_model_get_info (il_run_get_model (run))->id,
                                   error->message);
          return NULL;
        }
    }
  g_task_return_boolean (task, TRUE);
  return NULL;
}

void
il_run_chain_execute_async (IlRunChain         *chain,
                            GCancellable       *cancellable,
                            IlRunChainFunc      started,
                            gpointer            started_data,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GCancellable) own = NULL;
  g_autoptr(GError) error = NULL;
  GThread *thread;
  Started *s;

  g_return_if_fail (chain != NULL);
  g_return_if_fail (!chain->executing);

  chain->executing = TRUE;
  if (cancellable == NULL)
    cancellable = own = g_cancellable_new ();
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, il_run_chain_execute_async);
  g_task_set_check_cancellable (task, FALSE);
  s = g_new0 (Started, 1);
  s->chain = il_run_chain_ref (chain);
  s->context = g_main_context_ref_thread_default ();
  s->started = started;
  s->started_data = started_data;
  g_task_set_task_data (task, s, started_free);
  /* A thread of its own rather than GLib's shared pool: the gtask model
   * measures that pool, and this thread must not take a place in it. */
  thread = g_thread_try_new ("il-run", execute_thread, g_object_ref (task), &error);
  if (thread == NULL)
    {
      g_object_unref (task);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_thread_unref (thread);
}

gboolean
il_run_chain_execute_finish (IlRunChain   *chain,
                             GAsyncResult *result,
                             GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
