/* il-exec.h — running one task's phases on the calling thread
 *
 * The same code runs a task in a thread of this process and in a worker
 * process (interleave-worker), so a CPU phase costs the same everywhere.
 * State changes go to a recorder: the trace in-process, the protocol pipe
 * in a worker.
 */
#pragma once

#include <glib.h>

#include "il-cancel.h"
#include "il-gil.h"
#include "il-http-types.h"
#include "il-net.h"
#include "il-trace.h"
#include "il-task.h"

G_BEGIN_DECLS

typedef void (*IlRecordFunc) (gpointer user_data,
                              IlState  state,
                              gint     cpu,
                              gint64   at_ns);

/* The links a parse phase found: absolute URLs (strings), see
 * il_links_extract(); the callee may keep @urls (ref it).  @n_dropped
 * links of the page were left out at the caps (IL_LINKS_MAX_PER_PAGE,
 * IL_LINKS_MAX_URL_BYTES, il-http-types.h). */
typedef void (*IlLinksFunc)   (gpointer   user_data,
                               GPtrArray *urls,
                               guint      n_dropped);

typedef struct {
  IlRecordFunc  record;
  gpointer      record_data;
  const IlCancel *cancel;     /* NULL: never cancelled */
  gboolean      tracing;      /* FALSE: no clock reads while computing */
  IlGil        *gil;          /* NULL: free-threaded */
  guint64       state;        /* the work's running checksum */
  gint64        finished_ns;  /* out: when the work ended (before the GIL went) */
  gboolean      gil_held;     /* internal */

  /* http and parse phases; all may be NULL */
  const IlNet         *net;       /* NULL: http and parse phases fail (see net_error) */
  const char          *net_error; /* why there is no net, for those failures */
  const IlHttpOptions *http;      /* NULL: il_http_options_init()'s defaults */
  IlHttpLimiter       *limiter;   /* connection slots shared with other threads */
  IlLinksFunc          links;     /* NULL: found links are dropped */
  gpointer             links_data;
  IlHttpResponse      *page;      /* internal: from the http to the parse phase */
} IlExecContext;

/* Runs @phases in order.  FALSE when cancelled (*reason says so) or a
 * phase failed (*reason says why); the GIL, if any, is not held after.
 * An http phase blocks the thread in il_http_fetch() (io-wait; queued
 * while it waits for one of ctx->limiter's connection slots) and releases
 * the GIL meanwhile; a parse phase parses what the http phase before it
 * fetched (running) and passes the links to ctx->links. */
gboolean il_exec_phases (IlExecContext  *ctx,
                         const IlPhase  *phases,
                         guint           n_phases,
                         char          **reason);

/* The pieces, for models that step through phases themselves (the event
 * loop): @duration_ns of one core's real work in slices, recording running,
 * preempted and the core (FALSE when cancelled; with ctx->gil, the GIL
 * must be held) … */
gboolean il_exec_compute    (IlExecContext        *ctx,
                             gint64                duration_ns);
/* … and a fetched page's links, handed to ctx->links (running; FALSE with
 * *reason when the page is not HTML libxml2 can make anything of). */
gboolean il_exec_parse_page (IlExecContext        *ctx,
                             const IlHttpResponse *page,
                             char                **reason);

/* The GIL around those pieces, for a thread that runs only some of a
 * task's phases (an executor's): take it — gil-wait while blocked, FALSE
 * when cancelled meanwhile — and record running (without ctx->gil, only
 * that); release it if held. */
gboolean il_exec_take_gil    (IlExecContext        *ctx);
void     il_exec_release_gil (IlExecContext        *ctx);

G_END_DECLS
