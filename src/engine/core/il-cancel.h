/* il-cancel.h — how a running task learns that it was cancelled
 *
 * The task runner (il-exec.c) and the GIL (il-gil.c) ask a hook, not GIO:
 * in interleave the run fills it from its GCancellable; interleave-worker,
 * which its parent stops with signals and which starts without GIO, leaves
 * it empty, and nothing is ever cancelled that way there.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* GIO's type, passed through to the network module's libsoup calls only. */
typedef struct _GCancellable GCancellable;

typedef struct {
  gboolean    (*is_cancelled) (gpointer data);  /* NULL: never cancelled */
  gpointer      data;
  int           fd;            /* readable once cancelled, or -1 */
  GCancellable *cancellable;   /* the same as a GCancellable, or NULL */
} IlCancel;

static inline gboolean
il_cancel_is_cancelled (const IlCancel *cancel)
{
  return cancel != NULL && cancel->is_cancelled != NULL && cancel->is_cancelled (cancel->data);
}

G_END_DECLS
