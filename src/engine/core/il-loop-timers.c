/* il-loop-timers.c — a binary heap on the deadline behind one source
 * (il-loop-timers.h) */

#include "config.h"

#include "il-loop-timers.h"
#include "il-trace.h"

struct _IlLoopTimers {
  GPtrArray       *heap;      /* IlLoopTimer*, a min-heap on deadline_ns */
  GSource         *source;
  IlLoopTimerFunc  due;
  gpointer         due_data;
};

typedef struct {
  GSource       source;
  IlLoopTimers *timers;
} TimerSource;

static gboolean
earlier (IlLoopTimer *a,
         IlLoopTimer *b)
{
  return a->deadline_ns < b->deadline_ns;
}

static void
heap_set (GPtrArray   *heap,
          guint        i,
          IlLoopTimer *timer)
{
  heap->pdata[i] = timer;
  timer->heap_index = i;
}

static void
heap_push (GPtrArray   *heap,
           IlLoopTimer *timer)
{
  guint i = heap->len;

  g_ptr_array_add (heap, timer);
  while (i > 0)
    {
      guint parent = (i - 1) / 2;
      IlLoopTimer *p = heap->pdata[parent];

      if (!earlier (timer, p))
        break;
      heap_set (heap, i, p);
      i = parent;
    }
  heap_set (heap, i, timer);
}

static IlLoopTimer *
heap_pop (GPtrArray *heap)
{
  IlLoopTimer *top = heap->pdata[0];
  IlLoopTimer *last = g_ptr_array_steal_index_fast (heap, heap->len - 1);
  guint i = 0;

  if (heap->len == 0)
    return top;
  for (;;)
    {
      guint child = 2 * i + 1;

      if (child >= heap->len)
        break;
      if (child + 1 < heap->len && earlier (heap->pdata[child + 1], heap->pdata[child]))
        child++;
      if (!earlier (heap->pdata[child], last))
        break;
      heap_set (heap, i, heap->pdata[child]);
      i = child;
    }
  heap_set (heap, i, last);
  return top;
}

static void
update_source (IlLoopTimers *timers)
{
  gint64 ready_us = -1;

  if (timers->heap->len > 0)
    {
      IlLoopTimer *first = timers->heap->pdata[0];

      /* Rounded up: never woken before the deadline. */
      ready_us = (first->deadline_ns + 999) / 1000;
    }
  g_source_set_ready_time (timers->source, ready_us);
}

static gboolean
timer_dispatch (GSource     *source,
                GSourceFunc  callback,
                gpointer     user_data)
{
  IlLoopTimers *timers = ((TimerSource *) source)->timers;
  gint64 now = il_now_ns ();

  /* The timers due when the loop got here: like asyncio's ready queue,
   * those that fall due while these run wait for the next iteration. */
  while (timers->heap->len > 0 && ((IlLoopTimer *) timers->heap->pdata[0])->deadline_ns <= now)
    timers->due (heap_pop (timers->heap), timers->due_data);
  update_source (timers);
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs timer_funcs = { NULL, NULL, timer_dispatch, NULL, NULL, NULL };

IlLoopTimers *
il_loop_timers_new (GMainContext    *context,
                    IlLoopTimerFunc  due,
                    gpointer         user_data)
{
  IlLoopTimers *timers = g_new0 (IlLoopTimers, 1);

  timers->heap = g_ptr_array_new ();
  timers->due = due;
  timers->due_data = user_data;
  timers->source = g_source_new (&timer_funcs, sizeof (TimerSource));
  ((TimerSource *) timers->source)->timers = timers;
  g_source_set_static_name (timers->source, "[interleave] timers");
  g_source_attach (timers->source, context);
  return timers;
}

void
il_loop_timers_free (IlLoopTimers *timers)
{
  g_source_destroy (timers->source);
  g_source_unref (timers->source);
  g_ptr_array_unref (timers->heap);
  g_free (timers);
}

void
il_loop_timers_add (IlLoopTimers *timers,
                    IlLoopTimer  *timer)
{
  heap_push (timers->heap, timer);
  if (timer->heap_index == 0)
    update_source (timers);
}

void
il_loop_timers_clear (IlLoopTimers    *timers,
                      IlLoopTimerFunc  func,
                      gpointer         user_data)
{
  while (timers->heap->len > 0)
    func (heap_pop (timers->heap), user_data);
  update_source (timers);
}
