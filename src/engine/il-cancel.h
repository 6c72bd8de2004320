/* il-cancel.h — whether a task was cancelled
 *
 * il-exec.c and il-gil.c run in interleave, where the run's GCancellable
 * stops a task, and in interleave-worker, which its parent stops with
 * signals and which is built without GIO (IL_CANCEL_NONE), so that it
 * starts in less time: there nothing is ever cancelled this way.
 */
#pragma once

#include <gio/gio.h>

static inline gboolean
il_cancel_is_cancelled (GCancellable *cancellable)
{
#ifdef IL_CANCEL_NONE
  (void) cancellable;
  return FALSE;
#else
  return g_cancellable_is_cancelled (cancellable);
#endif
}
