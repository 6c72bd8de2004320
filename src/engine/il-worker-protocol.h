/* il-worker-protocol.h — what interleave and interleave-worker say to each other
 *
 * A worker process (src/worker) runs tasks for the process models
 * (il-process.c).  They talk in lines of text over the worker's standard
 * input (parent → worker) and standard output (worker → parent).  A line is
 * fields separated by single spaces and ends with "\n"; numbers are decimal
 * without sign, "+" or leading zeros (the only negative number is the CPU
 * "-1", meaning "not on a core").  Nothing else is accepted.
 *
 * Parent → worker (at most IL_WORKER_COMMAND_MAX bytes a line):
 *
 *   hello VERSION PER_MS GIL INTERVAL_NS TRACING
 *       first line, always.  VERSION is IL_WORKER_PROTOCOL_VERSION; PER_MS
 *       the parent's CPU work calibration (iterations per ms, so a CPU phase
 *       costs the same in the worker as in a thread); GIL 0 or 1 (the worker
 *       then emulates its own GIL, never contended); INTERVAL_NS its switch
 *       interval (> 0 when GIL is 1); TRACING 0 or 1 (0: no clock reads while
 *       computing).
 *   task TASK PHASE…
 *       run task TASK (0 … IL_WORKER_MAX_TASK), its phases in order, each
 *       KIND:DURATION_NS with KIND one of sleep, cpu, print, sleep-random
 *       (at most IL_WORKER_MAX_PHASES phases; durations at most
 *       IL_WORKER_MAX_DURATION_NS).  One task at a time.  Pages (http,
 *       parse) are not fetched in workers: the links found would have to
 *       go back to the crawler; the parent fails such tasks itself.
 *   quit
 *       exit now (end of input means the same).
 *
 * Worker → parent (at most IL_WORKER_LINE_MAX bytes a line, without "\n"):
 *
 *   ready PID
 *       the hello was understood; PID is the worker's process id.  The
 *       parent records its task as spawning from the spawn call until here.
 *   ev TASK STATE CPU AT_NS
 *       task TASK entered STATE (running, preempted, io-wait, gil-wait or
 *       ipc) at AT_NS, an absolute CLOCK_MONOTONIC time: that clock is
 *       shared by every process, so the parent puts the time on its own
 *       axis unchanged.  CPU is the core (0 … IL_WORKER_MAX_CPU) for running
 *       and -1 for every other state.  The last event of a task is ipc at
 *       the moment its work ended: from there to the parent reading the
 *       result the task is in ipc.
 *   done TASK ok
 *   done TASK failed REASON…
 *       the task ended; REASON (the rest of the line, UTF-8) says why.
 *
 * The parent also checks the order (il_worker_session_accept): ready first
 * and once, from the right pid; events and results only for the task the
 * worker was given; event times never earlier than the previous event or
 * than the moment the task was sent, and never in the future.  Any broken
 * rule, a line over IL_WORKER_LINE_MAX, a worker that exits mid-task, or one
 * that sends nothing for 2 × the task's planned length + 5 s (10 s before
 * ready; INTERLEAVE_WORKER_TIMEOUT_MS replaces the 5 s) fails that task with
 * the reason, and the worker is killed and reaped.
 *
 * The parsers here are pure functions: no I/O, no global state.
 */
#pragma once

#include <glib.h>

#include "il-trace.h"
#include "il-workload.h"

G_BEGIN_DECLS

#define IL_WORKER_PROTOCOL_VERSION 1
#define IL_WORKER_LINE_MAX         4096
#define IL_WORKER_COMMAND_MAX      (1024 * 1024)
#define IL_WORKER_MAX_TASK         G_MAXINT32
#define IL_WORKER_MAX_CPU          4095
#define IL_WORKER_MAX_PHASES       65536
#define IL_WORKER_MAX_DURATION_NS  (G_GINT64_CONSTANT (7) * 24 * 3600 * 1000000000)
#define IL_WORKER_MAX_PER_MS       G_GUINT64_CONSTANT (1000000000000)

#define IL_WORKER_PROTOCOL_ERROR (il_worker_protocol_error_quark ())
GQuark il_worker_protocol_error_quark (void);

typedef enum {
  IL_WORKER_PROTOCOL_ERROR_INVALID,     /* not a line of the protocol */
  IL_WORKER_PROTOCOL_ERROR_TOO_LONG,    /* over the maximum length */
  IL_WORKER_PROTOCOL_ERROR_UNEXPECTED,  /* a valid line at the wrong moment */
} IlWorkerProtocolError;

/* ------------------------------------------------------------------------ */
/* Worker → parent */

typedef enum {
  IL_WORKER_MESSAGE_READY,
  IL_WORKER_MESSAGE_EVENT,
  IL_WORKER_MESSAGE_DONE,
} IlWorkerMessageKind;

typedef struct {
  IlWorkerMessageKind kind;
  gint64              pid;      /* ready */
  guint               task;     /* ev, done */
  IlState             state;    /* ev */
  gint                cpu;      /* ev: IL_NO_CPU unless running */
  gint64              at_ns;    /* ev */
  gboolean            ok;       /* done */
  char               *reason;   /* done failed: owned */
} IlWorkerMessage;

/* Parses one line (@len bytes, without its "\n") into @out.  On failure
 * @out holds nothing to free. */
gboolean il_worker_protocol_parse_line (const char      *line,
                                        gsize            len,
                                        IlWorkerMessage *out,
                                        GError         **error);
void     il_worker_message_clear       (IlWorkerMessage *message);

/* The parent's view of one worker: what may come next. */
typedef struct {
  gint64   pid;
  gboolean ready;
  gboolean has_task;
  guint    task;
  gint64   last_ns;     /* the task was sent, or its last event */
} IlWorkerSession;

void     il_worker_session_init        (IlWorkerSession       *session,
                                        gint64                 pid);
/* The parent sends @task at @sent_ns (absolute monotonic). */
void     il_worker_session_start_task  (IlWorkerSession       *session,
                                        guint                  task,
                                        gint64                 sent_ns);
/* Checks @message against the order above, received at @now_ns, and
 * advances the session; FALSE (and no change) when it breaks a rule. */
gboolean il_worker_session_accept      (IlWorkerSession       *session,
                                        const IlWorkerMessage *message,
                                        gint64                 now_ns,
                                        GError               **error);

/* Lines the worker sends (with the "\n"). */
char    *il_worker_protocol_format_ready (gint64      pid);
char    *il_worker_protocol_format_event (guint       task,
                                          IlState     state,
                                          gint        cpu,
                                          gint64      at_ns);
char    *il_worker_protocol_format_done  (guint       task,
                                          gboolean    ok,
                                          const char *reason);

/* ------------------------------------------------------------------------ */
/* Parent → worker */

typedef enum {
  IL_WORKER_COMMAND_HELLO,
  IL_WORKER_COMMAND_TASK,
  IL_WORKER_COMMAND_QUIT,
} IlWorkerCommandKind;

typedef struct {
  IlWorkerCommandKind kind;
  guint64             per_ms;       /* hello */
  gboolean            gil;          /* hello */
  gint64              interval_ns;  /* hello */
  gboolean            tracing;      /* hello */
  guint               task;         /* task */
  guint               n_phases;     /* task */
  IlPhase            *phases;       /* task: owned */
} IlWorkerCommand;

gboolean il_worker_protocol_parse_command (const char      *line,
                                           gsize            len,
                                           IlWorkerCommand *out,
                                           GError         **error);
void     il_worker_command_clear          (IlWorkerCommand *command);

/* Whether a worker can run phases of @kind (see "task" above). */
gboolean il_worker_protocol_supports_phase (IlPhaseKind kind);

/* Lines the parent sends (with the "\n"); every phase must be supported. */
char    *il_worker_protocol_format_hello  (guint64        per_ms,
                                           gboolean       gil,
                                           gint64         interval_ns,
                                           gboolean       tracing);
char    *il_worker_protocol_format_task   (guint          task,
                                           const IlPhase *phases,
                                           guint          n_phases);
char    *il_worker_protocol_format_quit   (void);

G_END_DECLS
