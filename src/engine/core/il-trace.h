/* il-trace.h — the record of one run: per task, a sorted list of segments
 *
 * Recording is single-writer per task (the thread that runs the task at the
 * moment) and lock-free: segments live in chunks that never move, published
 * with a release store, so a reader on another thread (the live timeline)
 * takes a consistent snapshot at any moment without stopping the run.
 */
#pragma once

#include <glib.h>
#include <time.h>

G_BEGIN_DECLS

typedef enum {
  IL_STATE_QUEUED,
  IL_STATE_SPAWNING,
  IL_STATE_RUNNING,
  IL_STATE_PREEMPTED,
  IL_STATE_IO_WAIT,
  IL_STATE_READY,
  IL_STATE_GIL_WAIT,
  IL_STATE_IPC,
  IL_STATE_LOCK_WAIT,       /* a traced program's thread waits on a futex */
  IL_STATE_DONE,
  IL_STATE_FAILED,
  IL_STATE_STOPPED,         /* the user stopped the run before it ended */
  IL_N_STATES
} IlState;

const char *il_state_to_string   (IlState     state);
gboolean    il_state_from_string (const char *name,
                                  IlState    *state);
/* Waiting states are drawn hatched. */
gboolean    il_state_is_waiting  (IlState     state);
/* Terminal states are zero-length end markers. */
gboolean    il_state_is_terminal (IlState     state);

#define IL_NO_WORKER G_MAXUINT32
#define IL_NO_CPU    (-1)

/* 24 bytes; times in ns relative to the run start (monotonic clock). */
typedef struct {
  gint64  start_ns;
  gint64  end_ns;
  guint32 worker;
  gint16  cpu;
  guint8  state;
  guint8  reserved;
} IlSegment;

typedef enum {
  IL_WORKER_THREAD,
  IL_WORKER_PROCESS,
  IL_WORKER_LOOP,
} IlWorkerKind;

typedef struct {
  IlWorkerKind kind;
  gint64       tid;     /* kernel thread id, or 0 */
  gint64       pid;     /* process id */
  char        *label;   /* "thread 4242", "process 4243", "event loop" */
} IlWorkerInfo;

typedef struct _IlTrace IlTrace;

IlTrace   *il_trace_new             (void);
IlTrace   *il_trace_ref             (IlTrace    *trace);
void       il_trace_unref           (IlTrace    *trace);

/* The absolute CLOCK_MONOTONIC time (ns) that segment times are relative to. */
gint64     il_trace_get_origin      (IlTrace    *trace);
void       il_trace_set_origin      (IlTrace    *trace,
                                     gint64      origin_ns);

/* Moves the origin to @origin_ns and makes every task submitted at it;
 * only before anything was recorded. */
void       il_trace_restart         (IlTrace    *trace,
                                     gint64      origin_ns);
/* Moves the origin to @origin_ns, keeping every time relative to it: for
 * a record whose times are all still 0 (its lanes opened at the origin). */
void       il_trace_move_origin     (IlTrace    *trace,
                                     gint64      origin_ns);

/* Thread-safe; returns the new task id (dense, from 0). */
guint      il_trace_add_task        (IlTrace    *trace,
                                     const char *name,
                                     gint64      submitted_ns);
guint      il_trace_get_n_tasks     (IlTrace    *trace);

/* Thread-safe; returns the new worker id (dense, from 0). */
guint      il_trace_add_worker      (IlTrace     *trace,
                                     IlWorkerKind kind,
                                     gint64       tid,
                                     gint64       pid,
                                     const char  *label);

/* Hot path, single writer per task.  Closes the open segment at @at_ns and
 * opens one in @state; does nothing when state, worker and cpu are unchanged.
 * @at_ns is absolute (CLOCK_MONOTONIC) and never earlier than the last call. */
void       il_trace_enter           (IlTrace    *trace,
                                     guint       task,
                                     IlState     state,
                                     guint32     worker,
                                     gint        cpu,
                                     gint64      at_ns);

/* Closes the task with a zero-length marker at @at_ns: @end is
 * IL_STATE_DONE, IL_STATE_FAILED (with @error) or IL_STATE_STOPPED. */
void       il_trace_finish          (IlTrace    *trace,
                                     guint       task,
                                     IlState     end,
                                     const char *error,
                                     gint64      at_ns);

/* Per-task facts kept beside the segments (set by the writer of the task). */
void       il_trace_set_started     (IlTrace    *trace,
                                     guint       task,
                                     guint32     worker,
                                     gint64      at_ns);
void       il_trace_set_result      (IlTrace    *trace,
                                     guint       task,
                                     gint64      result);
/* Links of the task's page left out at the caps (il-http-types.h). */
void       il_trace_add_links_dropped (IlTrace  *trace,
                                       guint     task,
                                       guint     n_dropped);

/* ------------------------------------------------------------------------ */
/* Snapshots: immutable copies for painting, statistics and JSON. */

typedef struct {
  guint      id;
  char      *name;
  guint32    worker;        /* the worker that started it, or IL_NO_WORKER */
  gint64     submitted_ns;  /* relative to the origin */
  gint64     started_ns;    /* -1 when not started */
  gint64     finished_ns;   /* -1 when not finished */
  gboolean   finished;
  gboolean   ok;
  gboolean   stopped;       /* ended because the run was stopped (not ok) */
  char      *error;         /* NULL unless failed or stopped */
  gboolean   has_result;
  gint64     result;
  guint      links_dropped; /* links of its page left out at the caps */
  guint      n_segments;
  IlSegment *segments;      /* sorted, non-overlapping */
  guint32   *frames;        /* per segment, its slice in the snapshot's
                             * frames (an imported trace), or NULL */
} IlTaskSnapshot;

/* A named slice of an imported trace and the one that encloses it:
 * following @parent up to IL_NO_FRAME gives a segment's stack. */
#define IL_NO_FRAME G_MAXUINT32

typedef struct {
  guint32  parent;          /* index of the enclosing frame, or IL_NO_FRAME */
  char    *name;
} IlFrame;

typedef struct {
  gint64  time_ns;          /* relative to the origin */
  guint   n_cpus;
  float  *busy;             /* n_cpus fractions 0..1 for the interval ending here */
} IlCoreSample;

typedef struct {
  gint            ref_count;
  gint64          origin_ns;
  gint64          now_ns;       /* relative time the snapshot was taken at */
  gint64          end_ns;       /* latest segment end (or now_ns while live) */
  guint           n_tasks;
  IlTaskSnapshot *tasks;
  guint           n_workers;
  IlWorkerInfo   *workers;
  guint           n_core_samples;
  IlCoreSample   *core_samples;
  guint64         n_segments;   /* over all tasks */
  guint           n_frames;     /* what segments were inside, or 0 */
  IlFrame        *frames;
} IlTraceSnapshot;

/* Open segments are cut at @now_ns (absolute; 0 = the current time). */
IlTraceSnapshot *il_trace_snapshot       (IlTrace         *trace,
                                          gint64           now_ns);
IlTraceSnapshot *il_trace_snapshot_ref   (IlTraceSnapshot *snapshot);
void             il_trace_snapshot_unref (IlTraceSnapshot *snapshot);

/* Core utilisation samples, appended by the run's sampler thread. */
void             il_trace_add_core_sample (IlTrace     *trace,
                                           gint64       at_ns,
                                           guint        n_cpus,
                                           const float *busy);

/* The total time task @task spent in @state, over all its segments. */
gint64           il_task_snapshot_time_in (const IlTaskSnapshot *task,
                                           IlState               state);

/* Builds a snapshot directly (tests, benchmarks, imported traces): takes
 * ownership of nothing; copies @tasks' names, segments and segment frames
 * (il_trace_snapshot_take_frames() then adds the frames they refer to). */
IlTraceSnapshot *il_trace_snapshot_new_from_tasks (const IlTaskSnapshot *tasks,
                                                   guint                 n_tasks,
                                                   const IlWorkerInfo   *workers,
                                                   guint                 n_workers);

/* Gives @snapshot the frames its tasks' segments refer to (takes @frames,
 * from g_new, and each name); only while it is being built. */
void             il_trace_snapshot_take_frames (IlTraceSnapshot *snapshot,
                                                IlFrame         *frames,
                                                guint            n_frames);

/* The names of the slices segment @segment of task @task was inside,
 * outermost first, joined by " › "; NULL when it has no frame. */
char            *il_trace_snapshot_get_stack   (const IlTraceSnapshot *snapshot,
                                                guint                  task,
                                                guint                  segment);

/* The absolute monotonic clock in ns (vDSO, about 20 ns). */
static inline gint64
il_now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IlTrace, il_trace_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IlTraceSnapshot, il_trace_snapshot_unref)

G_END_DECLS
