/* il-cancel-watch.c — a source that fires when a GCancellable is cancelled */

#include "config.h"

#include "il-cancel-watch.h"

struct _IlCancelWatch {
  GCancellable *cancellable;
  gulong        handler;
  GSource      *source;       /* ours until the handler is disconnected */
};

static gboolean
watch_dispatch (GSource     *source,
                GSourceFunc  callback,
                gpointer     user_data)
{
  g_source_set_ready_time (source, -1);
  return callback (user_data);
}

static GSourceFuncs watch_funcs = { NULL, NULL, watch_dispatch, NULL, NULL, NULL };

/* In the thread that cancels: wakes the context.  The source is alive, as
 * the watch keeps it until this handler is disconnected. */
static void
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  g_source_set_ready_time (user_data, 0);
}

IlCancelWatch *
il_cancel_watch_new (GCancellable *cancellable,
                     GMainContext *context,
                     GSourceFunc   func,
                     gpointer      data,
                     const char   *name)
{
  IlCancelWatch *watch;

  g_return_val_if_fail (G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (func != NULL, NULL);

  watch = g_new0 (IlCancelWatch, 1);
  watch->cancellable = g_object_ref (cancellable);
  watch->source = g_source_new (&watch_funcs, sizeof (GSource));
  g_source_set_callback (watch->source, func, data, NULL);
  g_source_set_static_name (watch->source, name);
  g_source_attach (watch->source, context);
  /* Not g_cancellable_connect(): that calls an already cancelled
   * cancellable's handler at once and returns no handler to wait for. */
  watch->handler = g_signal_connect (cancellable, "cancelled", G_CALLBACK (on_cancelled), watch->source);
  if (g_cancellable_is_cancelled (cancellable))
    g_source_set_ready_time (watch->source, 0);
  return watch;
}

void
il_cancel_watch_free (IlCancelWatch *watch)
{
  if (watch == NULL)
    return;
  /* Waits while another thread runs the cancellable's handlers: after it
   * nobody calls on_cancelled with this source any more. */
  g_cancellable_disconnect (watch->cancellable, watch->handler);
  g_source_destroy (watch->source);
  g_source_unref (watch->source);
  g_object_unref (watch->cancellable);
  g_free (watch);
}
