/* il-worker-private.h — what interleave-worker's main.c shares with its event loop
 *
 * main.c reads the parent's commands and runs one task at a time;
 * il-worker-loop.c runs many at once on an event loop after a "loop" line
 * (il-worker-protocol.h).  Both read standard input through one line
 * reader, so no byte read ahead by one is lost to the other.
 */
#pragma once

#include <glib.h>

#include "il-gil.h"
#include "il-http-types.h"
#include "il-net.h"

G_BEGIN_DECLS

/* What the parent has said so far */
typedef struct {
  gboolean      hello;
  IlGil        *gil;            /* the hello asked for one */
  gboolean      tracing;
  gboolean      crawl;          /* a crawl line came: redirects are asked about */
  IlHttpOptions crawl_options;  /* its limits */
  gboolean      loop;           /* a loop line came */
} IlWorkerSettings;

/* Standard input, a line at a time */
typedef struct {
  GString  *buf;
  gsize     start;              /* of the next line in buf */
  gboolean  eof;
} IlWorkerInput;

/* The next line, without its "\n" and NUL-terminated in place (valid
 * until the next call): FALSE at the end of input, or, unless @block,
 * when no whole line is there yet. */
gboolean       il_worker_input_next (IlWorkerInput *input,
                                     gboolean       block,
                                     char         **line,
                                     gsize         *len);
/* Whether a whole line is buffered */
gboolean       il_worker_input_has_line (IlWorkerInput *input);

/* The network half, loaded the first time it is asked for; NULL with
 * *@error (not owned) when it could not be. */
const IlNet   *il_worker_get_net    (const char   **error);

/* Writes @line (and frees it) to standard output, buffered. */
void           il_worker_say        (char          *line);

/* After a loop line: runs tasks as the parent sends them until quit or
 * the end of input; the exit status. */
int            il_worker_loop_run   (IlWorkerSettings *settings,
                                     IlWorkerInput   *input);

G_END_DECLS
