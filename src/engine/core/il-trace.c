/* il-trace.c — lock-free per-task segment recording
 *
 * Each task owns a lane.  Only the thread running the task writes to its
 * lane; any thread may read it.  Segments are stored in chunks of growing
 * size (8, 16, 32, … segments) that never move once allocated, so a reader
 * can copy the published prefix while the writer appends.  The segment that
 * is still open (the current state) sits beside them behind a sequence
 * counter, so a live snapshot can show it cut at "now".
 *
 * Hot path cost: one comparison when nothing changed; otherwise a handful of
 * stores and, once per chunk (geometric growth), one allocation.
 */

#include "config.h"

#include <string.h>

#include "il-trace.h"

#define CHUNK_BASE_SHIFT 3      /* the first chunk holds 8 items */
#define MAX_CHUNKS       30      /* 8 × (2^30 − 1) items at most */

static inline guint
chunk_of (guint64 index, guint64 *offset)
{
  guint64 j = (index >> CHUNK_BASE_SHIFT) + 1;
  guint k = 63 - __builtin_clzll (j);

  *offset = index - (((G_GUINT64_CONSTANT (1) << k) - 1) << CHUNK_BASE_SHIFT);
  return k;
}

static inline guint64
chunk_size (guint k)
{
  return G_GUINT64_CONSTANT (1) << (k + CHUNK_BASE_SHIFT);
}

/* One task's record: its facts and its segments (a lane of the tasks view).
 * A crawl keeps one a page: the fields are ordered to leave no holes, and
 * the table of chunks after the first is made only for a lane that needs
 * a second chunk (most tasks have fewer than 8 segments: 232 bytes a task
 * saved). */
typedef struct {
  char       *name;
  gint64      submitted_ns;
  gint64      started_ns;
  guint32     worker;

  /* The open segment, guarded by a sequence counter for readers. */
  guint       seq;
  gboolean    has_open;

  gint        finished;         /* release-published after the end marker */
  IlState     end;              /* done, failed or stopped */
  gboolean    has_result;
  guint       links_dropped;

  IlSegment  *first;            /* chunk 0 */
  IlSegment **more;             /* chunks 1 … MAX_CHUNKS - 1, or NULL */
  guint64     n_segments;       /* published with release semantics */
  IlSegment   open;

  char       *error;
  gint64      finished_ns;
  gint64      result;
} TaskLog;

/* A chunk a reader may look at: below the published n_segments. */
static inline IlSegment *
lane_chunk (const TaskLog *lane,
            guint          k)
{
  return k == 0 ? lane->first : lane->more[k - 1];
}

struct _IlTrace {
  gatomicrefcount ref_count;
  gint64          origin_ns;

  GMutex          mutex;        /* adding tasks and workers, core samples */
  TaskLog       **lane_chunks[MAX_CHUNKS];
  guint           n_lanes;      /* published with release semantics */
  GPtrArray      *workers;      /* IlWorkerInfo* */
  GArray         *core_samples; /* IlCoreSample */
};

static const char * const state_names[IL_N_STATES] = {
  [IL_STATE_QUEUED]    = "queued",
  [IL_STATE_SPAWNING]  = "spawning",
  [IL_STATE_RUNNING]   = "running",
  [IL_STATE_PREEMPTED] = "preempted",
  [IL_STATE_IO_WAIT]   = "io-wait",
  [IL_STATE_READY]     = "ready",
  [IL_STATE_GIL_WAIT]  = "gil-wait",
  [IL_STATE_IPC]       = "ipc",
  [IL_STATE_LOCK_WAIT] = "lock-wait",
  [IL_STATE_DONE]      = "done",
  [IL_STATE_FAILED]    = "failed",
  [IL_STATE_STOPPED]   = "stopped",
};

const char *
il_state_to_string (IlState state)
{
  g_return_val_if_fail (state < IL_N_STATES, "unknown");
  return state_names[state];
}

gboolean
il_state_from_string (const char *name,
                      IlState    *state)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < IL_N_STATES; i++)
    if (strcmp (name, state_names[i]) == 0)
      {
        if (state)
          *state = i;
        return TRUE;
      }
  return FALSE;
}

gboolean
il_state_is_waiting (IlState state)
{
  return state == IL_STATE_QUEUED || state == IL_STATE_IO_WAIT ||
         state == IL_STATE_READY || state == IL_STATE_GIL_WAIT || state == IL_STATE_LOCK_WAIT ||
         state == IL_STATE_SPAWNING || state == IL_STATE_PREEMPTED;
}

gboolean
il_state_is_terminal (IlState state)
{
  return state == IL_STATE_DONE || state == IL_STATE_FAILED || state == IL_STATE_STOPPED;
}

IlTrace *
il_trace_new (void)
{
  IlTrace *self = g_new0 (IlTrace, 1);

  g_atomic_ref_count_init (&self->ref_count);
  g_mutex_init (&self->mutex);
  self->origin_ns = il_now_ns ();
  self->workers = g_ptr_array_new ();
  self->core_samples = g_array_new (FALSE, FALSE, sizeof (IlCoreSample));
  return self;
}

IlTrace *
il_trace_ref (IlTrace *trace)
{
  g_return_val_if_fail (trace != NULL, NULL);
  g_atomic_ref_count_inc (&trace->ref_count);
  return trace;
}

static void
worker_info_free (IlWorkerInfo *info)
{
  g_free (info->label);
  g_free (info);
}

void
il_trace_unref (IlTrace *trace)
{
  g_return_if_fail (trace != NULL);

  if (!g_atomic_ref_count_dec (&trace->ref_count))
    return;

  for (guint i = 0; i < trace->n_lanes; i++)
    {
      guint64 off;
      guint k = chunk_of (i, &off);
      TaskLog *lane = trace->lane_chunks[k][off];

      g_free (lane->first);
      for (guint c = 0; lane->more != NULL && c < MAX_CHUNKS - 1; c++)
        g_free (lane->more[c]);
      g_free (lane->more);
      g_free (lane->name);
      g_free (lane->error);
      g_free (lane);
    }
  for (guint c = 0; c < MAX_CHUNKS; c++)
    g_free (trace->lane_chunks[c]);
  g_ptr_array_foreach (trace->workers, (GFunc) worker_info_free, NULL);
  g_ptr_array_unref (trace->workers);
  for (guint i = 0; i < trace->core_samples->len; i++)
    g_free (g_array_index (trace->core_samples, IlCoreSample, i).busy);
  g_array_unref (trace->core_samples);
  g_mutex_clear (&trace->mutex);
  g_free (trace);
}

gint64
il_trace_get_origin (IlTrace *trace)
{
  return trace->origin_ns;
}

void
il_trace_set_origin (IlTrace *trace,
                     gint64   origin_ns)
{
  g_return_if_fail (trace != NULL);
  g_return_if_fail (g_atomic_int_get (&trace->n_lanes) == 0);

  trace->origin_ns = origin_ns;
}

static inline TaskLog *
get_lane (IlTrace *trace,
          guint    task)
{
  guint64 off;
  guint k = chunk_of (task, &off);

  return trace->lane_chunks[k][off];
}

void
il_trace_restart (IlTrace *trace,
                  gint64   origin_ns)
{
  g_return_if_fail (trace != NULL);

  g_mutex_lock (&trace->mutex);
  trace->origin_ns = origin_ns;
  for (guint i = 0; i < trace->n_lanes; i++)
    {
      TaskLog *lane = get_lane (trace, i);

      g_return_if_fail (lane->n_segments == 0 && !lane->has_open);
      lane->submitted_ns = 0;
    }
  g_mutex_unlock (&trace->mutex);
}

void
il_trace_move_origin (IlTrace *trace,
                      gint64   origin_ns)
{
  g_return_if_fail (trace != NULL);

  g_mutex_lock (&trace->mutex);
  trace->origin_ns = origin_ns;
  g_mutex_unlock (&trace->mutex);
}

guint
il_trace_add_task (IlTrace    *trace,
                   const char *name,
                   gint64      submitted_ns)
{
  TaskLog *lane;
  guint64 off;
  guint k, id;

  g_return_val_if_fail (trace != NULL, 0);

  lane = g_new0 (TaskLog, 1);
  lane->name = g_strdup (name);
  lane->submitted_ns = MAX (0, submitted_ns - trace->origin_ns);
  lane->started_ns = -1;
  lane->finished_ns = -1;
  lane->worker = IL_NO_WORKER;
  /* The first chunk now, while the task is being set up, rather than on
   * the hot path of its first state change. */
  lane->first = g_new (IlSegment, chunk_size (0));

  g_mutex_lock (&trace->mutex);
  id = trace->n_lanes;
  k = chunk_of (id, &off);
  if (trace->lane_chunks[k] == NULL)
    trace->lane_chunks[k] = g_new0 (TaskLog *, chunk_size (k));
  trace->lane_chunks[k][off] = lane;
  g_atomic_int_set (&trace->n_lanes, id + 1);
  g_mutex_unlock (&trace->mutex);

  return id;
}

guint
il_trace_get_n_tasks (IlTrace *trace)
{
  return g_atomic_int_get (&trace->n_lanes);
}

guint
il_trace_add_worker (IlTrace      *trace,
                     IlWorkerKind  kind,
                     gint64        tid,
                     gint64        pid,
                     const char   *label)
{
  IlWorkerInfo *info = g_new0 (IlWorkerInfo, 1);
  guint id;

  info->kind = kind;
  info->tid = tid;
  info->pid = pid;
  info->label = g_strdup (label);

  g_mutex_lock (&trace->mutex);
  id = trace->workers->len;
  g_ptr_array_add (trace->workers, info);
  g_mutex_unlock (&trace->mutex);

  return id;
}

static inline void
lane_append (TaskLog         *lane,
             const IlSegment *segment)
{
  guint64 n = lane->n_segments;
  guint64 off;
  guint k = chunk_of (n, &off);
  IlSegment *chunk;

  if (G_LIKELY (k == 0))
    chunk = lane->first;
  else
    {
      /* Made before n_segments says they are there (release, below) */
      if (G_UNLIKELY (lane->more == NULL))
        lane->more = g_new0 (IlSegment *, MAX_CHUNKS - 1);
      if (G_UNLIKELY (lane->more[k - 1] == NULL))
        lane->more[k - 1] = g_new (IlSegment, chunk_size (k));
      chunk = lane->more[k - 1];
    }
  chunk[off] = *segment;
  __atomic_store_n (&lane->n_segments, n + 1, __ATOMIC_RELEASE);
}

static inline void
seq_begin (TaskLog *lane)
{
  __atomic_store_n (&lane->seq, lane->seq + 1, __ATOMIC_RELAXED);
  __atomic_thread_fence (__ATOMIC_RELEASE);
}

static inline void
seq_end (TaskLog *lane)
{
  __atomic_store_n (&lane->seq, lane->seq + 1, __ATOMIC_RELEASE);
}

/* Closes the open segment at @rel (relative ns); writer only. */
static inline void
lane_close_open (TaskLog *lane,
                 gint64  rel)
{
  if (lane->has_open)
    {
      IlSegment seg = lane->open;

      seg.end_ns = MAX (rel, seg.start_ns);
      if (seg.end_ns > seg.start_ns)
        lane_append (lane, &seg);
      lane->has_open = FALSE;
    }
}

void
il_trace_enter (IlTrace *trace,
                guint    task,
                IlState  state,
                guint32  worker,
                gint     cpu,
                gint64   at_ns)
{
  TaskLog *lane = get_lane (trace, task);
  gint64 rel = at_ns - trace->origin_ns;

  if (lane->has_open &&
      lane->open.state == state &&
      lane->open.worker == worker &&
      lane->open.cpu == cpu)
    return;

  seq_begin (lane);
  if (lane->has_open)
    rel = MAX (rel, lane->open.start_ns);
  lane_close_open (lane, rel);
  lane->open.start_ns = rel;
  lane->open.end_ns = rel;
  lane->open.worker = worker;
  lane->open.cpu = cpu;
  lane->open.state = state;
  lane->open.reserved = 0;
  lane->has_open = TRUE;
  seq_end (lane);
}

void
il_trace_finish (IlTrace    *trace,
                 guint       task,
                 IlState     end,
                 const char *error,
                 gint64      at_ns)
{
  TaskLog *lane = get_lane (trace, task);
  gint64 rel = at_ns - trace->origin_ns;
  IlSegment marker = { 0, };

  g_return_if_fail (il_state_is_terminal (end));

  if (g_atomic_int_get (&lane->finished))
    return;

  seq_begin (lane);
  if (lane->has_open)
    rel = MAX (rel, lane->open.start_ns);
  else if (lane->n_segments > 0)
    {
      guint64 off;
      guint k = chunk_of (lane->n_segments - 1, &off);
      rel = MAX (rel, lane_chunk (lane, k)[off].end_ns);
    }
  marker.worker = lane->has_open ? lane->open.worker : lane->worker;
  lane_close_open (lane, rel);
  marker.start_ns = rel;
  marker.end_ns = rel;
  marker.cpu = IL_NO_CPU;
  marker.state = end;
  lane_append (lane, &marker);
  lane->end = end;
  lane->error = end == IL_STATE_DONE ? NULL : g_strdup (error ? error : il_state_to_string (end));
  lane->finished_ns = rel;
  seq_end (lane);
  g_atomic_int_set (&lane->finished, TRUE);
}

void
il_trace_set_started (IlTrace *trace,
                      guint    task,
                      guint32  worker,
                      gint64   at_ns)
{
  TaskLog *lane = get_lane (trace, task);

  if (lane->started_ns < 0)
    {
      lane->started_ns = MAX (0, at_ns - trace->origin_ns);
      lane->worker = worker;
    }
}

void
il_trace_set_result (IlTrace *trace,
                     guint    task,
                     gint64   result)
{
  TaskLog *lane = get_lane (trace, task);

  lane->result = result;
  lane->has_result = TRUE;
}

void
il_trace_add_links_dropped (IlTrace *trace,
                            guint    task,
                            guint    n_dropped)
{
  TaskLog *lane = get_lane (trace, task);

  lane->links_dropped = n_dropped > G_MAXUINT - lane->links_dropped ? G_MAXUINT
                                                                     : lane->links_dropped + n_dropped;
}

void
il_trace_add_core_sample (IlTrace     *trace,
                          gint64       at_ns,
                          guint        n_cpus,
                          const float *busy)
{
  IlCoreSample sample;

  sample.time_ns = at_ns - trace->origin_ns;
  sample.n_cpus = n_cpus;
  sample.busy = g_memdup2 (busy, sizeof (float) * n_cpus);

  g_mutex_lock (&trace->mutex);
  g_array_append_val (trace->core_samples, sample);
  g_mutex_unlock (&trace->mutex);
}

/* ------------------------------------------------------------------------ */

static IlTraceSnapshot *
snapshot_alloc (guint n_tasks)
{
  IlTraceSnapshot *snap = g_new0 (IlTraceSnapshot, 1);

  snap->ref_count = 1;
  snap->n_tasks = n_tasks;
  snap->tasks = g_new0 (IlTaskSnapshot, n_tasks);
  return snap;
}

static void
copy_lane_segments (TaskLog   *lane,
                    guint64    n,
                    IlSegment *out)
{
  guint64 done = 0;

  for (guint k = 0; done < n; k++)
    {
      guint64 take = MIN (chunk_size (k), n - done);

      memcpy (out + done, lane_chunk (lane, k), take * sizeof (IlSegment));
      done += take;
    }
}

IlTraceSnapshot *
il_trace_snapshot (IlTrace *trace,
                   gint64   now_ns)
{
  IlTraceSnapshot *snap;
  guint n_tasks;
  gint64 now_rel;

  g_return_val_if_fail (trace != NULL, NULL);

  if (now_ns == 0)
    now_ns = il_now_ns ();
  now_rel = MAX (0, now_ns - trace->origin_ns);

  n_tasks = g_atomic_int_get (&trace->n_lanes);
  snap = snapshot_alloc (n_tasks);
  snap->origin_ns = trace->origin_ns;
  snap->now_ns = now_rel;

  for (guint i = 0; i < n_tasks; i++)
    {
      TaskLog *lane = get_lane (trace, i);
      IlTaskSnapshot *ts = &snap->tasks[i];
      IlSegment open = { 0, };
      gboolean has_open, finished;
      guint64 n;
      guint s1, s2;

      /* A consistent view of the published count and the open segment. */
      do
        {
          s1 = __atomic_load_n (&lane->seq, __ATOMIC_ACQUIRE);
          n = __atomic_load_n (&lane->n_segments, __ATOMIC_ACQUIRE);
          has_open = lane->has_open;
          open = lane->open;
          finished = g_atomic_int_get (&lane->finished);
          __atomic_thread_fence (__ATOMIC_ACQUIRE);
          s2 = __atomic_load_n (&lane->seq, __ATOMIC_RELAXED);
        }
      while ((s1 & 1) || s1 != s2);

      ts->id = i;
      ts->name = g_strdup (lane->name);
      ts->submitted_ns = lane->submitted_ns;
      ts->started_ns = lane->started_ns;
      ts->worker = lane->worker;
      ts->finished = finished;
      if (finished)
        {
          ts->finished_ns = lane->finished_ns;
          ts->ok = lane->end == IL_STATE_DONE;
          ts->stopped = lane->end == IL_STATE_STOPPED;
          ts->error = g_strdup (lane->error);
          has_open = FALSE;
        }
      else
        ts->finished_ns = -1;
      ts->has_result = lane->has_result;
      ts->result = lane->result;
      ts->links_dropped = lane->links_dropped;

      has_open = has_open && open.start_ns < now_rel;
      ts->n_segments = n + (has_open ? 1 : 0);
      ts->segments = g_new (IlSegment, MAX (ts->n_segments, 1));
      copy_lane_segments (lane, n, ts->segments);
      if (has_open)
        {
          open.end_ns = now_rel;
          ts->segments[n] = open;
        }
      snap->n_segments += ts->n_segments;
      if (ts->n_segments > 0)
        snap->end_ns = MAX (snap->end_ns, ts->segments[ts->n_segments - 1].end_ns);
    }

  g_mutex_lock (&trace->mutex);
  snap->n_workers = trace->workers->len;
  snap->workers = g_new0 (IlWorkerInfo, MAX (snap->n_workers, 1));
  for (guint i = 0; i < snap->n_workers; i++)
    {
      IlWorkerInfo *w = g_ptr_array_index (trace->workers, i);

      snap->workers[i] = *w;
      snap->workers[i].label = g_strdup (w->label);
    }
  snap->n_core_samples = trace->core_samples->len;
  snap->core_samples = g_new0 (IlCoreSample, MAX (snap->n_core_samples, 1));
  for (guint i = 0; i < snap->n_core_samples; i++)
    {
      IlCoreSample *cs = &g_array_index (trace->core_samples, IlCoreSample, i);

      snap->core_samples[i] = *cs;
      snap->core_samples[i].busy = g_memdup2 (cs->busy, sizeof (float) * cs->n_cpus);
    }
  g_mutex_unlock (&trace->mutex);

  return snap;
}

gint64
il_task_snapshot_time_in (const IlTaskSnapshot *task,
                          IlState               state)
{
  gint64 sum = 0;

  g_return_val_if_fail (task != NULL, 0);

  for (guint s = 0; s < task->n_segments; s++)
    if (task->segments[s].state == state)
      sum += task->segments[s].end_ns - task->segments[s].start_ns;
  return sum;
}

IlTraceSnapshot *
il_trace_snapshot_new_from_tasks (const IlTaskSnapshot *tasks,
                                  guint                 n_tasks,
                                  const IlWorkerInfo   *workers,
                                  guint                 n_workers)
{
  IlTraceSnapshot *snap = snapshot_alloc (n_tasks);

  for (guint i = 0; i < n_tasks; i++)
    {
      IlTaskSnapshot *ts = &snap->tasks[i];

      *ts = tasks[i];
      ts->id = i;
      ts->name = g_strdup (tasks[i].name);
      ts->error = g_strdup (tasks[i].error);
      ts->segments = g_memdup2 (tasks[i].segments,
                                sizeof (IlSegment) * MAX (tasks[i].n_segments, 1));
      ts->frames = tasks[i].frames == NULL ? NULL :
        g_memdup2 (tasks[i].frames, sizeof (guint32) * MAX (tasks[i].n_segments, 1));
      snap->n_segments += ts->n_segments;
      if (ts->n_segments > 0)
        snap->end_ns = MAX (snap->end_ns, ts->segments[ts->n_segments - 1].end_ns);
    }
  snap->n_workers = n_workers;
  snap->workers = g_new0 (IlWorkerInfo, MAX (n_workers, 1));
  for (guint i = 0; i < n_workers; i++)
    {
      snap->workers[i] = workers[i];
      snap->workers[i].label = g_strdup (workers[i].label);
    }
  snap->core_samples = g_new0 (IlCoreSample, 1);
  snap->now_ns = snap->end_ns;
  return snap;
}

void
il_trace_snapshot_take_frames (IlTraceSnapshot *snapshot,
                               IlFrame         *frames,
                               guint            n_frames)
{
  g_return_if_fail (snapshot != NULL);
  g_return_if_fail (snapshot->frames == NULL);

  snapshot->frames = frames;
  snapshot->n_frames = n_frames;
}

char *
il_trace_snapshot_get_stack (const IlTraceSnapshot *snapshot,
                             guint                  task,
                             guint                  segment)
{
  const IlTaskSnapshot *t;
  g_autoptr(GPtrArray) names = NULL;
  GString *out;
  guint32 f;

  g_return_val_if_fail (snapshot != NULL, NULL);
  g_return_val_if_fail (task < snapshot->n_tasks, NULL);

  t = &snapshot->tasks[task];
  if (t->frames == NULL || segment >= t->n_segments)
    return NULL;
  names = g_ptr_array_new ();
  /* Each frame's parent was made before it: the walk ends */
  for (f = t->frames[segment]; f < snapshot->n_frames; f = snapshot->frames[f].parent)
    {
      g_ptr_array_add (names, snapshot->frames[f].name);
      if (snapshot->frames[f].parent != IL_NO_FRAME && snapshot->frames[f].parent >= f)
        break;
    }
  if (names->len == 0)
    return NULL;
  out = g_string_new (NULL);
  for (guint i = names->len; i > 0; i--)
    {
      if (i < names->len)
        g_string_append (out, " › ");
      g_string_append (out, g_ptr_array_index (names, i - 1));
    }
  return g_string_free (out, FALSE);
}

IlTraceSnapshot *
il_trace_snapshot_ref (IlTraceSnapshot *snapshot)
{
  g_return_val_if_fail (snapshot != NULL, NULL);
  g_atomic_int_inc (&snapshot->ref_count);
  return snapshot;
}

void
il_trace_snapshot_unref (IlTraceSnapshot *snapshot)
{
  g_return_if_fail (snapshot != NULL);

  if (!g_atomic_int_dec_and_test (&snapshot->ref_count))
    return;

  for (guint i = 0; i < snapshot->n_tasks; i++)
    {
      g_free (snapshot->tasks[i].name);
      g_free (snapshot->tasks[i].error);
      g_free (snapshot->tasks[i].segments);
      g_free (snapshot->tasks[i].frames);
    }
  g_free (snapshot->tasks);
  for (guint i = 0; i < snapshot->n_frames; i++)
    g_free (snapshot->frames[i].name);
  g_free (snapshot->frames);
  for (guint i = 0; i < snapshot->n_workers; i++)
    g_free (snapshot->workers[i].label);
  g_free (snapshot->workers);
  for (guint i = 0; i < snapshot->n_core_samples; i++)
    g_free (snapshot->core_samples[i].busy);
  g_free (snapshot->core_samples);
  g_free (snapshot);
}
