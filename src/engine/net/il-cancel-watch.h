/* il-cancel-watch.h — a main-context source that fires when a GCancellable
 * is cancelled, safe to free while another thread cancels it
 *
 * What g_cancellable_source_new() is for, without its leak: in GLib 2.74
 * a GCancellableSource whose last reference goes while another thread is
 * still inside g_cancellable_cancel() takes a reference for its
 * "cancelled" handler to drop, and disconnects that handler, which then
 * never drops it: the source is never freed.  A crawl's run cancellable
 * is cancelled from another thread while event loops and HTTP sessions
 * end, so that happened now and then.  Here the handler is disconnected
 * with g_cancellable_disconnect(), which waits for a cancel under way to
 * finish, before the source goes.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _IlCancelWatch IlCancelWatch;

/* Calls @func (@data) in @context once @cancellable is cancelled (at
 * once when it is already); @func returns G_SOURCE_REMOVE or, to be called
 * again after a g_cancellable_reset(), G_SOURCE_CONTINUE. */
IlCancelWatch *il_cancel_watch_new  (GCancellable  *cancellable,
                                     GMainContext  *context,
                                     GSourceFunc    func,
                                     gpointer       data,
                                     const char    *name);
/* Not from a "cancelled" handler of the same cancellable (it would wait
 * for itself); may be called from @func. */
void           il_cancel_watch_free (IlCancelWatch *watch);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IlCancelWatch, il_cancel_watch_free)

G_END_DECLS
