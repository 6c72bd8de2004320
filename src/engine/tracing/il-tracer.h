/* il-tracer.h — run a real program and record its threads and processes
 *
 * A tracer starts COMMAND in a process group of its own and records every
 * thread of it and of its descendant processes as a run record
 * (il-run-record.h): tasks = threads, workers = processes.  Each thread's
 * lane shows
 *   running     runnable and on a core at least half the time since the
 *               last sample (schedstat); the core it was last seen on
 *   preempted   runnable, but on a core less than that: waiting for one
 *   lock-wait   blocked in futex() (in CPython: waiting for the GIL)
 *   io-wait     blocked in any other system call (sleep, poll, select,
 *               epoll, read on a pipe or socket, wait for a child…)
 * and ends with done, or failed with the reason when its process ended by
 * a signal or a non-zero exit status (as far as it is known).
 *
 * How (the record's title and il_tracer_get_result()'s method_text say
 * which, "sampled every 1 ms from /proc"):
 *   IL_TRACER_METHOD_SAMPLING  /proc/PID/task/TID/{stat,schedstat,syscall}
 *                              read every interval (1 ms by default) by a
 *                              thread of the tracer.  A state holds from
 *                              the sample that saw it to the next one; a
 *                              sleep is classified by the system call the
 *                              thread was in at that sample.  Processes and
 *                              threads that live less than an interval may
 *                              be missed.  Needs no privileges.
 *   IL_TRACER_METHOD_PERF      perf_event_open context-switch records
 *                              (il-tracer-perf.h): running, preempted and
 *                              blocked to the nanosecond, with the core;
 *                              thread and process starts and ends from the
 *                              task records.  A block is classified lock-wait
 *                              or io-wait by the /proc/…/syscall sample
 *                              nearest it (the sampler goes on every 5 ms for
 *                              that, the names, the exits and the output).
 *   IL_TRACER_METHOD_AUTO      perf where the kernel allows it for this user,
 *                              else sampling (the result says why).
 * The program is held before it runs its command (a pipe) until the perf
 * events are open, so that no switch is missed.
 *
 * Descendants are found through /proc/PID/task/TID/children, and, every
 * 20 intervals, by scanning /proc for processes that carry the tracer's
 * mark in their environment (INTERLEAVE_TRACE_ID): those that left the
 * process tree (setsid, double fork) are still found and counted as
 * escaped.  Stop ends all of them.
 *
 * Python threads are named by their threading names: the tracer puts
 * data/tracing/ (installed: PKGDATADIR/tracing) first on PYTHONPATH, whose
 * sitecustomize.py reports names to a file the tracer reads.  The shipped
 * example programs are in PKGDATADIR/examples (data/examples/ uninstalled).
 * stdout and stderr are read without blocking the program; their lines,
 * timed, are in il_tracer_get_lines() once the run ended.
 *
 * How the window uses it:
 *
 *   const char *argv[] = { "python3", script, NULL };   (a script: python3)
 *   IlTracer *tracer = il_tracer_new (argv, NULL);
 *   il_tracer_run_async (tracer, cancellable, on_progress, self, NULL,
 *                        on_done, self);
 *     on_progress (tracer, record, self)  every ~200 ms on the caller's
 *                                         main context: a growing, live
 *                                         record (record->finished FALSE)
 *                                         to draw while it grows
 *     Stop button: il_tracer_stop (tracer) (or cancel @cancellable): the
 *                  process tree gets SIGTERM, SIGKILL after the grace
 *                  period; the run ends as stopped, the partial trace kept
 *     on_done: il_tracer_run_finish (tracer, result, &error) gives the
 *              final record (il_run_new_from_record (NULL, record) makes
 *              it a run of the comparison), or IL_TRACER_ERROR_NOT_FOUND
 *              or _NOT_EXECUTABLE when COMMAND could not be started.
 *
 * Everything is recorded by the tracer's own thread; the functions below
 * are for the thread that made the tracer (il_tracer_stop() and
 * il_tracer_snapshot() from any thread).
 */
#pragma once

#include <gio/gio.h>

#include "il-run-record.h"

G_BEGIN_DECLS

#define IL_TRACER_DEFAULT_INTERVAL_NS  G_GINT64_CONSTANT (1000000)   /* 1 ms */
#define IL_TRACER_DEFAULT_MAX_THREADS  5000
#define IL_TRACER_DEFAULT_MAX_PROCESSES 2000
#define IL_TRACER_DEFAULT_MAX_OUTPUT   (4u << 20)   /* bytes kept per stream */
#define IL_TRACER_DEFAULT_MAX_LINES    100000
#define IL_TRACER_DEFAULT_GRACE_NS     G_GINT64_CONSTANT (2000000000)  /* 2 s */

typedef enum {
  IL_TRACER_METHOD_AUTO,      /* the best this user may use */
  IL_TRACER_METHOD_SAMPLING,  /* /proc sampling (also forced by the
                               * environment: INTERLEAVE_TRACE_METHOD=sampling) */
  IL_TRACER_METHOD_PERF,      /* perf_event_open's context-switch records,
                               * with the sampler at IL_TRACER_PERF_INTERVAL_NS
                               * for system calls, names and exits; falls
                               * back to sampling (the reason in the result)
                               * where the kernel refuses it */
} IlTracerMethod;

/* The sampler's interval beside perf_event_open (at least) */
#define IL_TRACER_PERF_INTERVAL_NS  G_GINT64_CONSTANT (5000000)   /* 5 ms */

typedef struct {
  IlTracerMethod method;
  gint64         interval_ns;      /* between samples; 0: the default */
  guint          max_threads;      /* threads recorded; more are counted */
  guint          max_processes;    /* processes recorded; more are counted */
  gsize          max_output;       /* bytes of stdout and of stderr kept */
  guint          max_lines;        /* lines kept of both */
  gint64         grace_ns;         /* from SIGTERM to SIGKILL when stopping */
  gboolean       no_python_names;  /* do not put the threading-names hook on PYTHONPATH */
  gboolean       pass_output;      /* also copy the program's output to ours */
} IlTracerOptions;

/* The defaults above. */
void il_tracer_options_init (IlTracerOptions *options);

#define IL_TRACER_ERROR (il_tracer_error_quark ())

typedef enum {
  IL_TRACER_ERROR_NOT_FOUND,       /* no such command */
  IL_TRACER_ERROR_NOT_EXECUTABLE,  /* there, but not an executable file */
  IL_TRACER_ERROR_FAILED,          /* could not be started (a system limit) */
} IlTracerError;

GQuark il_tracer_error_quark (void);

/* A line of the program's stdout or stderr and when it was read. */
typedef struct {
  gint64   time_ns;    /* relative to the run's start */
  gboolean is_stderr;
  gint64   pid;        /* always the program's: the pipes are shared */
  char    *text;       /* without its newline; valid UTF-8 */
} IlTracerLine;

/* What happened beside the segments. */
typedef struct {
  char    *method_text;        /* "sampled every 1 ms from /proc", or
                                * "exact context switches from perf_event_open" */
  IlTracerMethod method;       /* the one used: _SAMPLING or _PERF */
  char    *fallback;           /* why perf_event_open was not used, or NULL */
  guint64  switches;           /* perf: context-switch records read */
  guint64  records_lost;       /* perf: records the kernel could not keep */
  guint64  waits;              /* perf: blocks (switches out, not preempted) */
  guint64  waits_sampled;      /* … classified by a sample taken in them */
  guint64  waits_nearest;      /* … by the sample nearest them (another wait) */
  guint64  waits_unknown;      /* … without a sample: io-wait */
  gint64   interval_ns;        /* the interval asked for */
  gdouble  mean_interval_ms;   /* the one achieved; 0 before the second sample */
  guint64  samples;            /* rounds of sampling */
  gint64   longest_gap_ns;     /* the longest time between two rounds (a
                                * busy machine can starve the sampler) */
  guint    threads_seen;
  guint    processes_seen;
  guint    threads_dropped;    /* past max_threads: not recorded */
  guint    processes_dropped;
  guint    processes_escaped;  /* found outside the process tree (setsid…) */
  gboolean exited;             /* the program's first process ended */
  gint     exit_status;        /* its exit status, when it exited */
  gint     exit_signal;        /* the signal that ended it, or 0 */
  gboolean stopped;            /* il_tracer_stop() ended it */
  gboolean killed;             /* some process needed SIGKILL */
  guint64  output_bytes[2];    /* stdout, stderr: read */
  guint64  output_dropped[2];  /* read and not kept (past the caps) */
  guint    lines_dropped;
} IlTracerResult;

#define IL_TYPE_TRACER (il_tracer_get_type ())
G_DECLARE_FINAL_TYPE (IlTracer, il_tracer, IL, TRACER, GObject)

/* @argv: COMMAND and its arguments (copied); @options NULL: the defaults. */
IlTracer  *il_tracer_new        (const char * const    *argv,
                                 const IlTracerOptions *options);

/* Called on the main context of il_tracer_run_async()'s caller. */
typedef void (*IlTracerProgressFunc) (IlTracer    *tracer,
                                      IlRunRecord *record,
                                      gpointer     user_data);

/* Starts COMMAND and records it until every process of it ended, or it
 * was stopped.  Only once per tracer. */
void         il_tracer_run_async  (IlTracer             *tracer,
                                   GCancellable         *cancellable,
                                   IlTracerProgressFunc  progress,
                                   gpointer              progress_data,
                                   GDestroyNotify        progress_destroy,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data);
/* The final record (full reference), or NULL with @error set. */
IlRunRecord *il_tracer_run_finish (IlTracer             *tracer,
                                   GAsyncResult         *result,
                                   GError              **error);

/* The same, blocking the calling thread (the command line). */
IlRunRecord *il_tracer_run        (IlTracer             *tracer,
                                   GError              **error);

/* Ends the program's process tree: SIGTERM, then SIGKILL after the grace
 * period; called again, SIGKILL at once.  Any thread, also from a signal
 * handler's GLib source. */
void         il_tracer_stop       (IlTracer             *tracer);

/* A live record of what was recorded until now; any thread. */
IlRunRecord *il_tracer_snapshot   (IlTracer             *tracer);

/* What happened (valid after the run ended; a live copy before). */
void         il_tracer_get_result (IlTracer             *tracer,
                                   IlTracerResult       *result);
void         il_tracer_result_clear (IlTracerResult     *result);

/* The lines kept, in the order read (IlTracerLine, owned by the tracer:
 * valid after the run ended). */
const GArray *il_tracer_get_lines (IlTracer             *tracer);

/* The command line as one string, quoted for a shell. */
const char  *il_tracer_get_command (IlTracer            *tracer);

/* Parsing of /proc files, pure (il-tracer-proc.c) */

typedef struct {
  char    state;        /* R S D Z T t X I … */
  gint64  ppid;
  gint    processor;    /* the CPU it last ran on */
  guint64 utime;        /* clock ticks */
  guint64 stime;
  gint    exit_code;    /* field 52: a zombie's wait status, or -1 */
  char    comm[32];
} IlProcStat;

/* A line of /proc/PID/stat or /proc/PID/task/TID/stat. */
gboolean il_proc_parse_stat    (const char *text,
                                IlProcStat *out);
/* /proc/…/syscall: the system call number, -1 "running", -2 unknown. */
gint64   il_proc_parse_syscall (const char *text);
/* Whether system call @nr waits on a futex (a lock). */
gboolean il_proc_syscall_is_lock (gint64 nr);

G_END_DECLS
