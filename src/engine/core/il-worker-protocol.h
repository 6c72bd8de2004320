/* il-worker-protocol.h — what interleave and interleave-worker say to each other
 *
 * A worker process (src/worker) runs tasks for the process models
 * (il-process-models.c).  They talk in lines of text over the worker's standard
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
 *   crawl TIMEOUT_NS MAX_BODY MAX_REDIRECTS
 *       optional, once, after hello and before the first task (the parent
 *       sends it when the run crawls): the limits of each fetch — the
 *       whole request's time (1 … IL_WORKER_MAX_DURATION_NS), the body cap
 *       in bytes (1 … IL_WORKER_MAX_BODY) and the redirect cap (0 …
 *       IL_WORKER_MAX_REDIRECTS).  After it the worker asks before it
 *       follows a redirect ("redirect" below).  Without it, a worker fetches
 *       with il_http_options_init()'s limits and follows every redirect.
 *   loop
 *       optional, once, after hello (and crawl) and before the first task:
 *       the worker runs an event loop (the async-pool model).  From then on
 *       "task" lines may come while other tasks run, and each task is a
 *       coroutine on the worker's one loop thread: sleeps are timers, http
 *       phases libsoup's async requests, cpu and parse phases run inline
 *       and block the loop.  "follow" answers the "redirect" of the task
 *       it names; tasks sent meanwhile wait until the answer came.
 *   task TASK PHASE…
 *       run task TASK (0 … IL_WORKER_MAX_TASK), its phases in order, each
 *       KIND:DURATION_NS with KIND one of sleep, cpu, print, sleep-random,
 *       parse (at most IL_WORKER_MAX_PHASES phases; durations at most
 *       IL_WORKER_MAX_DURATION_NS), or http:URL, a page to fetch (the
 *       URL: see "URLs" below).  One task at a time, unless a loop line
 *       came.  A parse phase
 *       parses what the http phase before it fetched and sends the links
 *       ("link" below).
 *   follow TASK yes
 *   follow TASK no
 *       the answer to the worker's "redirect": yes, fetch the target; no,
 *       another task has it (the fetch ends without a page, the task is
 *       ok and finds no links).
 *   quit
 *       exit now (end of input means the same).
 *
 * Worker → parent (at most IL_WORKER_LINE_MAX bytes a line, without "\n"):
 *
 *   ready PID
 *       the hello was understood; PID is the worker's process id.  The
 *       parent records its task as spawning from the spawn call until here.
 *   ev TASK STATE CPU AT_NS
 *       task TASK entered STATE (running, preempted, io-wait, gil-wait,
 *       ipc, or — after a loop line — ready: its wait was over while the
 *       loop ran another task) at AT_NS, an absolute CLOCK_MONOTONIC time: that clock is
 *       shared by every process, so the parent puts the time on its own
 *       axis unchanged.  CPU is the core (0 … IL_WORKER_MAX_CPU) for running
 *       and -1 for every other state.  The last event of a task is ipc at
 *       the moment its work ended: from there to the parent reading the
 *       result the task is in ipc.
 *   link TASK URL
 *       a parse phase of task TASK found URL (absolute, in document order;
 *       at most IL_WORKER_MAX_LINKS a task, links that cannot be written
 *       as a protocol URL are left out).  The parent keeps them and hands
 *       them to the crawler when the task's "done" arrives — before the
 *       task ends, so the run never sees every task ended while new pages
 *       are still to come.  The links of a task whose worker dies are
 *       dropped with it.
 *   dropped TASK N
 *       a parse phase of task TASK left N links (1 … G_MAXUINT32) out at
 *       the caps (IL_LINKS_MAX_PER_PAGE and IL_LINKS_MAX_URL_BYTES,
 *       il-http-types.h; and those that cannot be written as a protocol
 *       URL); at most once a task, after its links.  The parent counts
 *       them in the task's record.
 *   redirect TASK URL
 *       only after a crawl line: the fetch was redirected to URL; the
 *       worker waits for "follow TASK yes|no" before it goes on, so a page
 *       is fetched once even when another task has it (the crawler's
 *       visited set lives in the parent).
 *   done TASK ok
 *   done TASK failed REASON…
 *       the task ended; REASON (the rest of the line, UTF-8) says why.
 *
 * URLs: 1 … IL_WORKER_MAX_URL bytes of printable ASCII (0x21 … 0x7e: no
 * space, no control character, nothing else), starting with a scheme and
 * "://" (a letter, then letters, digits, "+", "-" or ".").  The crawler's
 * URLs are normalised and percent-encoded, so every one it makes fits; a
 * start URL that does not fails its task in the parent ("invalid URL", or
 * "URL longer than …", as a thread's fetch says).
 *
 * The parent also checks the order (il_worker_session_accept): ready first
 * and once, from the right pid; events, links, redirects and results only
 * for the task the worker was given; redirects only after a crawl line; at
 * most IL_WORKER_MAX_LINKS links a task; event times never earlier than the
 * previous event or than the moment the task was sent, and never in the
 * future; after a loop line, all of that for each task the worker has.  Any broken
 * rule, a line over IL_WORKER_LINE_MAX, a worker that exits mid-task, or one
 * that sends nothing for 2 × the task's planned length (with each http
 * phase's time limit) + 5 s (10 s before ready; INTERLEAVE_WORKER_TIMEOUT_MS
 * replaces the 5 s) fails that task with the reason, and the worker is
 * killed and reaped.
 *
 * The parsers here are pure functions: no I/O, no global state.
 */
#pragma once

#include <glib.h>

#include "il-http-types.h"
#include "il-trace.h"
#include "il-task.h"

G_BEGIN_DECLS

#define IL_WORKER_PROTOCOL_VERSION 4
#define IL_WORKER_LINE_MAX         4096
#define IL_WORKER_COMMAND_MAX      (1024 * 1024)
#define IL_WORKER_MAX_TASK         G_MAXINT32
#define IL_WORKER_MAX_CPU          4095
#define IL_WORKER_MAX_PHASES       65536
#define IL_WORKER_MAX_DURATION_NS  (G_GINT64_CONSTANT (7) * 24 * 3600 * 1000000000)
#define IL_WORKER_MAX_PER_MS       G_GUINT64_CONSTANT (1000000000000)
/* A URL fits in a "link" line: "link " + task + " " + URL < IL_WORKER_LINE_MAX */
#define IL_WORKER_MAX_URL          IL_LINKS_MAX_URL_BYTES
#define IL_WORKER_MAX_LINKS        IL_LINKS_MAX_PER_PAGE
#define IL_WORKER_MAX_BODY         (G_GUINT64_CONSTANT (1) << 40)
#define IL_WORKER_MAX_REDIRECTS    1000

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
  IL_WORKER_MESSAGE_LINK,
  IL_WORKER_MESSAGE_REDIRECT,
  IL_WORKER_MESSAGE_DROPPED,
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
  char               *url;      /* link, redirect: owned */
  guint               n_dropped; /* dropped */
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
  gboolean crawl;       /* the parent sent a crawl line: redirects may come */
  guint    n_links;     /* of the task */
  gboolean dropped;     /* the task's "dropped" line came */
  gboolean loop;        /* the parent sent a loop line: many tasks at once */
  GHashTable *tasks;    /* loop: task → its state, while it runs */
} IlWorkerSession;

void     il_worker_session_init        (IlWorkerSession       *session,
                                        gint64                 pid);
/* The parent sent a loop line: tasks may be started while others run. */
void     il_worker_session_set_loop    (IlWorkerSession       *session);
void     il_worker_session_clear       (IlWorkerSession       *session);
/* Tasks given and not done (0 or 1 without a loop line) */
guint    il_worker_session_n_tasks     (const IlWorkerSession *session);
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
/* NULL when @url is not a protocol URL (il_worker_protocol_valid_url). */
char    *il_worker_protocol_format_link  (guint       task,
                                          const char *url);
/* @n_dropped > 0 */
char    *il_worker_protocol_format_dropped  (guint       task,
                                             guint       n_dropped);
char    *il_worker_protocol_format_redirect (guint       task,
                                             const char *url);

/* Whether @url (@len bytes, -1: NUL-terminated) can go in a line (see
 * "URLs" above). */
gboolean il_worker_protocol_valid_url    (const char *url,
                                          gssize      len);

/* ------------------------------------------------------------------------ */
/* Parent → worker */

typedef enum {
  IL_WORKER_COMMAND_HELLO,
  IL_WORKER_COMMAND_TASK,
  IL_WORKER_COMMAND_QUIT,
  IL_WORKER_COMMAND_CRAWL,
  IL_WORKER_COMMAND_FOLLOW,
  IL_WORKER_COMMAND_LOOP,
} IlWorkerCommandKind;

typedef struct {
  IlWorkerCommandKind kind;
  guint64             per_ms;       /* hello */
  gboolean            gil;          /* hello */
  gint64              interval_ns;  /* hello */
  gboolean            tracing;      /* hello */
  guint               task;         /* task, follow */
  guint               n_phases;     /* task */
  IlPhase            *phases;       /* task: owned, and their URLs */
  gint64              timeout_ns;   /* crawl */
  guint64             max_body;     /* crawl */
  guint               max_redirects; /* crawl */
  gboolean            follow;       /* follow */
} IlWorkerCommand;

gboolean il_worker_protocol_parse_command (const char      *line,
                                           gsize            len,
                                           IlWorkerCommand *out,
                                           GError         **error);
void     il_worker_command_clear          (IlWorkerCommand *command);

/* Whether a worker can run phases of @kind (see "task" above). */
gboolean il_worker_protocol_supports_phase (IlPhaseKind kind);

/* Lines the parent sends (with the "\n"); every phase must be supported
 * and every http phase's URL valid (il_worker_protocol_valid_url). */
char    *il_worker_protocol_format_hello  (guint64        per_ms,
                                           gboolean       gil,
                                           gint64         interval_ns,
                                           gboolean       tracing);
char    *il_worker_protocol_format_task   (guint          task,
                                           const IlPhase *phases,
                                           guint          n_phases);
char    *il_worker_protocol_format_quit   (void);
char    *il_worker_protocol_format_crawl  (gint64         timeout_ns,
                                           guint64        max_body,
                                           guint          max_redirects);
char    *il_worker_protocol_format_follow (guint          task,
                                           gboolean       follow);
char    *il_worker_protocol_format_loop   (void);

G_END_DECLS
