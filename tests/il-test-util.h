/* il-test-util.h — what the engine's test programs share */
#pragma once

#include "il-run.h"
#include "il-trace.h"

G_BEGIN_DECLS

#define MS G_GINT64_CONSTANT (1000000)

/* Threads of this process; with @prefix, only those whose name starts so. */
guint    il_test_count_threads          (const char           *prefix);

/* Asserts that no thread named @prefix… is left.  A joined thread may
 * still be listed in /proc for a moment after pthread_join() returned (the
 * kernel wakes the joiner before it has reaped the thread): it is given a
 * second to go. */
void     il_test_assert_no_threads      (const char           *prefix);

/* Runs a catalogue workload to its end (0 / -1: the workload's numbers). */
IlRun   *il_test_run                    (const char           *name,
                                         IlModel               model,
                                         gint                  tasks,
                                         gint                  workers,
                                         gint64                io_ms,
                                         gint64                cpu_ms,
                                         gboolean              gil);

/* The same with the GIL's switch at its default and a @cancellable. */
IlRun   *il_test_run_cancellable        (const char           *name,
                                         IlModel               model,
                                         gint                  tasks,
                                         gint                  workers,
                                         gint64                io_ms,
                                         gint64                cpu_ms,
                                         gboolean              gil,
                                         GCancellable         *cancellable);

/* Every lane: finished, sorted, contiguous from submission to the end
 * marker, which is last; running segments are on a core. */
void     il_test_assert_trace_invariants (IlTraceSnapshot     *snap);

/* The first and last moment task @t spent in @state. */
gboolean il_test_state_span             (const IlTaskSnapshot *t,
                                         IlState               state,
                                         gint64               *start,
                                         gint64               *end);

/* Cancels @cancellable after @delay_ms from another thread; join it. */
GThread *il_test_cancel_later           (GCancellable         *cancellable,
                                         guint                 delay_ms);

G_END_DECLS
