/* il-tracer-perf.h — context-switch records from perf_event_open
 *
 * The tracer's second recording method (il-tracer.h): one software dummy
 * event per CPU, opened for the program's first process with inherit, so
 * that every thread and child process it makes is followed, with
 * context_switch, task and comm records, exclude_kernel (what
 * kernel.perf_event_paranoid 2 allows an unprivileged user) and the time in
 * CLOCK_MONOTONIC.  Each event has its ring buffer (the kernel maps the
 * buffer of an inherited per-task event only when it is opened per CPU).
 *
 * The records say when a thread left a core and whether it was preempted
 * (still runnable) or blocked — not why it blocked: the tracer classifies
 * a block with the /proc/…/syscall sample nearest it.
 *
 * Plain C, no GObject: the tracer's thread owns it.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  IL_PERF_SWITCH_IN,
  IL_PERF_SWITCH_OUT_PREEMPTED,   /* left the core still runnable */
  IL_PERF_SWITCH_OUT_BLOCKED,     /* left it to wait (a lock, a sleep, I/O) */
  IL_PERF_FORK,                   /* a new thread (pid != tid) or process */
  IL_PERF_EXIT,
  IL_PERF_COMM,                   /* a new name: exec or prctl */
} IlPerfKind;

typedef struct {
  IlPerfKind kind;
  gint64     time_ns;   /* CLOCK_MONOTONIC */
  gint64     pid;       /* the process */
  gint64     tid;       /* the thread */
  gint64     ppid;      /* FORK: the parent process */
  gint       cpu;
  char       comm[16];  /* COMM */
} IlPerfEvent;

typedef struct _IlPerfSwitches IlPerfSwitches;

/* Opens the events for @pid (a process that has not run its program yet)
 * and maps their buffers.  NULL with @error set (the errno's text and
 * which step failed) where the kernel does not allow it for this user. */
IlPerfSwitches *il_perf_switches_open (gint64    pid,
                                       GError  **error);

/* Appends what the buffers hold to @events (IlPerfEvent), sorted by time;
 * returns how many records the kernel reported lost since the last call. */
guint64         il_perf_switches_read (IlPerfSwitches *self,
                                       GArray         *events);

void            il_perf_switches_free (IlPerfSwitches *self);

/* How a block was classified */
typedef enum {
  IL_PERF_WAIT_SAMPLED,   /* a sample was taken in it */
  IL_PERF_WAIT_NEAREST,   /* the sample nearest it, taken in another wait */
} IlPerfWaitHow;

/* Which of two samples of a thread's system call classifies a block from
 * @start_ns to @end_ns (@open: it goes on): the one at @at_ns, after or in
 * it, or the earlier one at @before_ns (0: none), whichever is nearer.
 * Returns TRUE to take the sample at @at_ns, FALSE the earlier one. */
gboolean        il_perf_wait_takes_later (gint64         start_ns,
                                          gint64         end_ns,
                                          gboolean       open,
                                          gint64         before_ns,
                                          gint64         at_ns,
                                          IlPerfWaitHow *how);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IlPerfSwitches, il_perf_switches_free)

G_END_DECLS
