/* il-http-deadlines.c — the time limits of a session's fetches
 *
 * A fetch's deadline covers the whole request, redirects and body
 * included: when it passes, the fetch's own cancellable is cancelled and
 * the fetch fails as timed out (il-http.c).
 */

#include "config.h"

#include "il-cancel-watch.h"
#include "il-http-private.h"

/* The deadlines of a session's fetches: one timer for all of them, rather
 * than a GSource each that every main-loop iteration would look at.  The
 * fetches are kept in order of deadline (with one timeout they come in that
 * order), the timer set to the first.  Lives as long as the session, in the
 * session's context. */
struct _IlHttpDeadlines {
  GQueue         fetches;
  GSource       *timer;
  /* The caller's cancellable most fetches share (a run's), watched once for
   * all of them rather than with a signal handler each. */
  GCancellable  *outer;
  IlCancelWatch *outer_watch;
  gboolean       outer_fired;   /* its fetches were cancelled: later ones connect on their own */
};

static gboolean
deadlines_dispatch (GSource     *source,
                    GSourceFunc  callback,
                    gpointer     user_data)
{
  return callback (user_data);
}

static GSourceFuncs deadlines_funcs = { NULL, NULL, deadlines_dispatch, NULL, NULL, NULL };

static void
deadlines_rearm (IlHttpDeadlines *deadlines)
{
  IlHttpFetch *first = g_queue_peek_head (&deadlines->fetches);
  gint64 want = first != NULL ? first->deadline_us : -1;

  /* Each change of a ready time wakes the loop (a write to its eventfd
   * and one more iteration), so the timer is only ever brought forward
   * here; when it fires late for a fetch that has ended, it is set to the
   * next deadline then.  With one timeout, fetches end in about the order
   * they started and the timer moves once a timeout, not once a request. */
  if (want != -1 && (g_source_get_ready_time (deadlines->timer) == -1 ||
                     want < g_source_get_ready_time (deadlines->timer)))
    g_source_set_ready_time (deadlines->timer, want);
}

static gboolean
on_deadlines (gpointer user_data)
{
  IlHttpDeadlines *deadlines = user_data;
  gint64 now = g_get_monotonic_time ();
  IlHttpFetch *fetch;

  /* Unlinked before cancelling: a cancel may end the fetch at once. */
  while ((fetch = g_queue_peek_head (&deadlines->fetches)) != NULL && fetch->deadline_us <= now)
    {
      g_queue_unlink (&deadlines->fetches, &fetch->deadline_link);
      fetch->deadlines = NULL;
      fetch->timed_out = TRUE;
      g_cancellable_cancel (fetch->cancellable);
    }
  fetch = g_queue_peek_head (&deadlines->fetches);
  g_source_set_ready_time (deadlines->timer, fetch != NULL ? fetch->deadline_us : -1);
  return G_SOURCE_CONTINUE;
}

/* The shared cancellable went off: cancel every fetch waiting on it.  In
 * the session's context, like the rest of the queue.  Once: later fetches
 * with it connect on their own (and are cancelled at once). */
static gboolean
on_outer_cancelled_all (gpointer user_data)
{
  IlHttpDeadlines *deadlines = user_data;
  GCancellable *outer = deadlines->outer;
  g_autoptr(GPtrArray) inner = g_ptr_array_new_with_free_func (g_object_unref);

  /* Gathered first: were a cancel to end its fetch at once, the queue
   * would change under the walk. */
  for (GList *l = deadlines->fetches.head; l != NULL; l = l->next)
    {
      IlHttpFetch *fetch = l->data;

      if (fetch->outer == outer)
        g_ptr_array_add (inner, g_object_ref (fetch->cancellable));
    }
  deadlines->outer_fired = TRUE;
  for (guint i = 0; i < inner->len; i++)
    g_cancellable_cancel (g_ptr_array_index (inner, i));
  return G_SOURCE_REMOVE;
}

static void
deadlines_free (IlHttpDeadlines *deadlines)
{
  g_clear_pointer (&deadlines->outer_watch, il_cancel_watch_free);
  g_clear_object (&deadlines->outer);
  g_source_destroy (deadlines->timer);
  g_source_unref (deadlines->timer);
  g_free (deadlines);
}

gboolean
il_http_deadlines_watch_outer (IlHttpFetch  *fetch,
                               GMainContext *context)
{
  IlHttpDeadlines *deadlines = fetch->deadlines;

  if (deadlines == NULL || fetch->outer == NULL)
    return FALSE;
  /* A new caller (a new run on a long-lived session): watch its
   * cancellable instead once no queued fetch needs the old one. */
  if (deadlines->outer != NULL && deadlines->outer != fetch->outer)
    {
      gboolean in_use = FALSE;

      for (GList *l = deadlines->fetches.head; l != NULL && !in_use; l = l->next)
        in_use = ((IlHttpFetch *) l->data)->outer == deadlines->outer && l->data != fetch;
      if (!in_use)
        {
          g_clear_pointer (&deadlines->outer_watch, il_cancel_watch_free);
          g_clear_object (&deadlines->outer);
        }
    }
  if (deadlines->outer == NULL)
    {
      deadlines->outer = g_object_ref (fetch->outer);
      deadlines->outer_fired = FALSE;
      deadlines->outer_watch = il_cancel_watch_new (fetch->outer, context, on_outer_cancelled_all, deadlines,
                                                    "[interleave] cancel the session's fetches");
    }
  return deadlines->outer == fetch->outer && !deadlines->outer_fired;
}

void
il_http_deadlines_add (IlHttpFetch  *fetch,
                       GMainContext *context)
{
  IlHttpDeadlines *deadlines = g_object_get_data (G_OBJECT (fetch->session), "il-http-deadlines");
  GList *after;

  if (deadlines == NULL)
    {
      deadlines = g_new0 (IlHttpDeadlines, 1);
      g_queue_init (&deadlines->fetches);
      deadlines->timer = g_source_new (&deadlines_funcs, sizeof (GSource));
      g_source_set_callback (deadlines->timer, on_deadlines, deadlines, NULL);
      g_source_set_static_name (deadlines->timer, "[interleave] request deadlines");
      g_source_attach (deadlines->timer, context);
      g_object_set_data_full (G_OBJECT (fetch->session), "il-http-deadlines", deadlines,
                              (GDestroyNotify) deadlines_free);
    }

  fetch->deadline_link.data = fetch;
  for (after = deadlines->fetches.tail;
       after != NULL && ((IlHttpFetch *) after->data)->deadline_us > fetch->deadline_us;
       after = after->prev)
    ;
  /* After the last one due no later (NULL: at the head). */
  g_queue_insert_after_link (&deadlines->fetches, after, &fetch->deadline_link);
  fetch->deadlines = deadlines;
  if (deadlines->fetches.head == &fetch->deadline_link)
    deadlines_rearm (deadlines);
}

void
il_http_deadlines_remove (IlHttpFetch *fetch)
{
  IlHttpDeadlines *deadlines = fetch->deadlines;

  if (deadlines == NULL)
    return;
  g_queue_unlink (&deadlines->fetches, &fetch->deadline_link);
  fetch->deadlines = NULL;
}
