/* il-run-chain.h — the models of one comparison, run one after another
 *
 * Both front ends run a comparison through a chain: it makes one run per
 * chosen model (sequential first: the others are compared with it), runs
 * them one after another on threads of their own, says when each starts,
 * and stops at the first that cannot run or when it is cancelled — what
 * ran is kept, the rest never starts.
 */
#pragma once

#include <gio/gio.h>

#include "il-run.h"

G_BEGIN_DECLS

typedef struct {
  IlModel                 model;
  gboolean                gil;     /* emulate the GIL for this run */
  const IlWorkloadParams *params;  /* NULL: the chain's; a sweep's point */
} IlModelChoice;

typedef struct {
  gint64      gil_interval_ns;    /* ≤ 0: 5 ms */
  const char *crawl_url;          /* NULL: the workload's own */
  gint        crawl_max_pages;    /* ≤ 0: the workload's */
  gboolean    crawl_other_hosts;
} IlRunChainSettings;

typedef struct _IlRunChain IlRunChain;

/* Called on the thread-default main context of the caller of
 * il_run_chain_execute_async() when run @index is about to start. */
typedef void (*IlRunChainFunc) (IlRunChain *chain,
                                guint       index,
                                gpointer    user_data);

IlRunChain *il_run_chain_new        (IlWorkload                *workload,
                                     const IlWorkloadParams    *params,
                                     const IlModelChoice       *choices,
                                     guint                      n_choices,
                                     const IlRunChainSettings  *settings);
IlRunChain *il_run_chain_ref        (IlRunChain *chain);
void        il_run_chain_unref      (IlRunChain *chain);

/* Every run of the chain (IlRun*), in the order they run; those after a
 * failed or cancelled one never start. */
GPtrArray  *il_run_chain_get_runs   (IlRunChain *chain);
/* Runs started so far (the last may still be going). */
guint       il_run_chain_get_n_started (IlRunChain *chain);
/* The run going on now, or NULL. */
IlRun      *il_run_chain_get_current (IlRunChain *chain);

/* Turns off per-slice tracing in every run (benchmarks). */
void        il_run_chain_set_tracing (IlRunChain *chain,
                                      gboolean    tracing);

void        il_run_chain_execute_async  (IlRunChain         *chain,
                                         GCancellable       *cancellable,
                                         IlRunChainFunc      started,
                                         gpointer            started_data,
                                         GAsyncReadyCallback callback,
                                         gpointer            user_data);
/* FALSE when a run could not be done: @error says "cannot run MODEL: …".
 * A cancelled chain returns TRUE; its runs say whether they were stopped. */
gboolean    il_run_chain_execute_finish (IlRunChain   *chain,
                                         GAsyncResult *result,
                                         GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IlRunChain, il_run_chain_unref)

G_END_DECLS
