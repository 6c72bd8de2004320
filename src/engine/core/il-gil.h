/* il-gil.h — an emulation of CPython's global interpreter lock
 *
 * What it implements (CPython ≥ 3.2, Python/ceval_gil.c, "new GIL"):
 * - one lock that a thread must hold to compute (run Python code);
 * - a thread that wants it waits on a condition variable for the switch
 *   interval (5 ms by default, sys.getswitchinterval()); if the interval
 *   passes and the lock has not changed hands meanwhile, it sets a drop
 *   request;
 * - the holder checks for a drop request between slices of work (CPython:
 *   at its eval breaker, between bytecodes), releases the lock, and, as
 *   CPython does with FORCE_SWITCHING, waits until another thread has taken
 *   it before it asks for it again;
 * - blocking calls (sleep, network) release it and take it back after.
 *
 * Where it differs from CPython: the holder checks for a drop request
 * between slices of at most interval / 10 of work instead of between
 * bytecodes; there is no priority for the main thread or for signal
 * handling; waiting threads are woken by one condition variable (as in
 * CPython), so which waiter wins is up to the kernel, as in CPython.
 */
#pragma once

#include <glib.h>

#include "il-cancel.h"

G_BEGIN_DECLS

typedef struct _IlGil IlGil;

#define IL_GIL_DEFAULT_INTERVAL_NS (5 * G_GINT64_CONSTANT (1000000))

IlGil   *il_gil_new             (gint64  interval_ns);
void     il_gil_free            (IlGil  *gil);
gint64   il_gil_get_interval    (IlGil  *gil);

/* Blocks until the calling thread holds the lock (TRUE); *waited tells
 * whether it had to wait.  @cancel (may be NULL) is checked every interval: once it
 * is cancelled the wait is abandoned and FALSE returned, the lock not held. */
gboolean il_gil_acquire         (IlGil        *gil,
                                 const IlCancel *cancel,
                                 gboolean     *waited);
/* Takes the lock only if it is free at once. */
gboolean il_gil_try_acquire     (IlGil  *gil);
void     il_gil_release         (IlGil  *gil);
/* Cheap: TRUE when another thread has asked the holder to drop. */
gboolean il_gil_drop_requested  (IlGil  *gil);
/* Releases and waits until another thread took it (forced switching). */
void     il_gil_drop            (IlGil  *gil);

/* Times the lock changed hands between different threads. */
guint64  il_gil_get_handovers   (IlGil  *gil);

G_END_DECLS
