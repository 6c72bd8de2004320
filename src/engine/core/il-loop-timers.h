/* il-loop-timers.h — the event loop's timers: a heap behind one source
 *
 * All the timers of an event loop live in one binary heap on their
 * deadline, behind one GSource whose ready time is the earliest deadline,
 * as asyncio keeps its timers in a heap: 100,000 sleeping tasks cost one
 * source, not 100,000.  A timer is a struct its owner embeds (the loop's
 * coroutines, il-loop-models.c, and those of
 * interleave-worker's event loop, src/worker/il-worker-loop.c); it is in the heap from
 * il_loop_timers_add() until it falls due.  Not thread-safe: the loop's
 * thread alone uses them.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  gint64 deadline_ns;   /* il_now_ns() time */
  guint  heap_index;
} IlLoopTimer;

typedef struct _IlLoopTimers IlLoopTimers;

typedef void (*IlLoopTimerFunc) (IlLoopTimer *timer,
                                 gpointer     user_data);

/* @due is called for each timer that fell due, earliest first, once it is
 * out of the heap. */
IlLoopTimers *il_loop_timers_new   (GMainContext    *context,
                                    IlLoopTimerFunc  due,
                                    gpointer         user_data);
void          il_loop_timers_free  (IlLoopTimers    *timers);
/* @timer->deadline_ns set */
void          il_loop_timers_add   (IlLoopTimers    *timers,
                                    IlLoopTimer     *timer);
/* Takes every timer out, earliest first, and calls @func for each. */
void          il_loop_timers_clear (IlLoopTimers    *timers,
                                    IlLoopTimerFunc  func,
                                    gpointer         user_data);

G_END_DECLS
