/* il-exec.h — running one task's phases on the calling thread
 *
 * The same code runs a task in a thread of this process and in a worker
 * process (interleave-worker), so a CPU phase costs the same everywhere.
 * State changes go to a recorder: the trace in-process, the protocol pipe
 * in a worker.
 */
#pragma once

#include <gio/gio.h>

#include "il-gil.h"
#include "il-trace.h"
#include "il-workload.h"

G_BEGIN_DECLS

typedef void (*IlRecordFunc) (gpointer user_data,
                              IlState  state,
                              gint     cpu,
                              gint64   at_ns);

typedef struct {
  IlRecordFunc  record;
  gpointer      record_data;
  GCancellable *cancellable;
  int           cancel_fd;    /* g_cancellable_get_fd (cancellable) */
  gboolean      tracing;      /* FALSE: no clock reads while computing */
  IlGil        *gil;          /* NULL: free-threaded */
  guint64       state;        /* the work's running checksum */
  gint64        finished_ns;  /* out: when the work ended (before the GIL went) */
  gboolean      gil_held;     /* internal */
} IlExecContext;

/* Runs @phases in order.  FALSE when cancelled (*reason says so) or a
 * phase failed (*reason says why); the GIL, if any, is not held after. */
gboolean il_exec_phases (IlExecContext  *ctx,
                         const IlPhase  *phases,
                         guint           n_phases,
                         char          **reason);

G_END_DECLS
