/* il-timeline-lanes.c — the lanes of a layout, and their summaries
 *
 * The tasks view has a lane per task; the workers and cores views merge
 * the segments of every task into one lane per worker or core (a k-way
 * merge by start time).  A lane dense enough gets, on first need, a
 * summary: the dominant state in time buckets of every power-of-two
 * width, so that painting it zoomed out costs a few steps per pixel.
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "il-timeline-private.h"

/* Merging the segments of several tasks into one lane */

typedef struct {
  gint64  start;
  gint64  end;
  guint32 task;
  guint32 index;
  guint32 prio;
} Item;

/* Which state a merged lane shows when several overlap. */
static const guint8 state_priority[IL_N_STATES] = {
  [IL_STATE_RUNNING]   = 9,
  [IL_STATE_PREEMPTED] = 8,
  [IL_STATE_IPC]       = 7,
  [IL_STATE_GIL_WAIT]  = 6,
  [IL_STATE_LOCK_WAIT] = 6,
  [IL_STATE_SPAWNING]  = 5,
  [IL_STATE_READY]     = 4,
  [IL_STATE_IO_WAIT]   = 3,
  [IL_STATE_QUEUED]    = 2,
  [IL_STATE_DONE]      = 1,
  [IL_STATE_FAILED]    = 1,
  [IL_STATE_STOPPED]   = 1,
};

/* TRUE when @a should be shown over @b. */
static inline gboolean
item_above (const Item *a,
            const Item *b)
{
  if (a->prio != b->prio)
    return a->prio > b->prio;
  if (a->start != b->start)
    return a->start > b->start;
  return a->task > b->task;
}

/* The items covering the sweep's time, in two binary heaps of indices
 * into the sorted items: by what is shown on top (the item above all
 * others first) and by end (the first to end first).  Each item knows its
 * place in both, so an item that ends leaves both at once and the heaps
 * hold only the items still covering the time: a handful for a worker's
 * lane, however long the run.  (Leaving ended items in until they came to
 * the top, as a first version did, grew the heap with every waiting
 * segment under a running one: 0.4 – 1 s for a million segments.) */
typedef struct {
  const Item *items;
  guint32    *heap[2];      /* 0: shown on top first, 1: ends first */
  guint32    *pos[2];       /* per item: its place in each heap */
  guint       n;
} Active;

static inline gboolean
active_before (const Active *a,
               guint         which,
               guint32       x,
               guint32       y)
{
  if (which == 0)
    return item_above (&a->items[x], &a->items[y]);
  return a->items[x].end < a->items[y].end;
}

static inline void
active_place (Active  *a,
              guint    which,
              guint    i,
              guint32  item)
{
  a->heap[which][i] = item;
  a->pos[which][item] = i;
}

static void
active_sift (Active *a,
             guint   which,
             guint   i)
{
  guint32 v = a->heap[which][i];

  while (i > 0)
    {
      guint parent = (i - 1) / 2;

      if (!active_before (a, which, v, a->heap[which][parent]))
        break;
      active_place (a, which, i, a->heap[which][parent]);
      i = parent;
    }
  for (;;)
    {
      guint c = 2 * i + 1;

      if (c >= a->n)
        break;
      if (c + 1 < a->n && active_before (a, which, a->heap[which][c + 1], a->heap[which][c]))
        c++;
      if (!active_before (a, which, a->heap[which][c], v))
        break;
      active_place (a, which, i, a->heap[which][c]);
      i = c;
    }
  active_place (a, which, i, v);
}

static void
active_add (Active  *a,
            guint32  item)
{
  guint i = a->n++;

  for (guint which = 0; which < 2; which++)
    {
      active_place (a, which, i, item);
      active_sift (a, which, i);
    }
}

static void
active_remove (Active  *a,
               guint32  item)
{
  guint32 last_item;

  a->n--;
  for (guint which = 0; which < 2; which++)
    {
      guint i = a->pos[which][item];

      last_item = a->heap[which][a->n];
      if (i == a->n)
        continue;
      active_place (a, which, i, last_item);
      active_sift (a, which, i);
    }
}

/* The pieces of a merged lane, in plain arrays grown by doubling: one
 * piece per item when they do not overlap, at most two per item when
 * they do. */
typedef struct {
  IlSegment *segs;
  guint32   *task;
  guint32   *index;
  guint      len;
  guint      cap;
} Pieces;

static void
pieces_init (Pieces *p,
             guint   cap)
{
  p->cap = MAX (cap, 1);
  p->len = 0;
  p->segs = g_new (IlSegment, p->cap);
  p->task = g_new (guint32, p->cap);
  p->index = g_new (guint32, p->cap);
}

static inline void
pieces_add (Pieces                *p,
            const IlTraceSnapshot *snap,
            const Item            *item,
            gint64                 start,
            gint64                 end)
{
  IlSegment *seg;

  if (p->len > 0)
    {
      IlSegment *last = &p->segs[p->len - 1];

      if (p->task[p->len - 1] == item->task && p->index[p->len - 1] == item->index &&
          last->end_ns == start && start != end)
        {
          last->end_ns = end;
          return;
        }
    }

  if (G_UNLIKELY (p->len == p->cap))
    {
      p->cap *= 2;
      p->segs = g_renew (IlSegment, p->segs, p->cap);
      p->task = g_renew (guint32, p->task, p->cap);
      p->index = g_renew (guint32, p->index, p->cap);
    }
  seg = &p->segs[p->len];
  *seg = snap->tasks[item->task].segments[item->index];
  seg->start_ns = start;
  seg->end_ns = end;
  p->task[p->len] = item->task;
  p->index[p->len] = item->index;
  p->len++;
}

static inline gboolean
item_before (const Item *a,
             const Item *b)
{
  return a->start < b->start || (a->start == b->start && a->end < b->end);
}

/* @items in order of start (then end), without sorting them: they come
 * as runs already in that order (a task's segments are, and a lane
 * gathers them task after task), merged here through a small heap of the
 * runs' next items, earlier runs first on ties.  O(n log runs), and
 * nothing is copied. */
typedef struct {
  const Item *items;
  guint      *next;       /* per run: its next item */
  guint      *end;        /* per run: one past its last */
  guint      *heap;       /* runs with items left */
  guint       n_heap;
} Runs;

static inline gboolean
runs_before (const Runs *r,
             guint       x,
             guint       y)
{
  const Item *a = &r->items[r->next[x]], *b = &r->items[r->next[y]];

  if (a->start != b->start)
    return a->start < b->start;
  if (a->end != b->end)
    return a->end < b->end;
  return x < y;
}

static void
runs_sift_down (Runs  *r,
                guint  i)
{
  guint v = r->heap[i];

  for (;;)
    {
      guint c = 2 * i + 1;

      if (c >= r->n_heap)
        break;
      if (c + 1 < r->n_heap && runs_before (r, r->heap[c + 1], r->heap[c]))
        c++;
      if (!runs_before (r, r->heap[c], v))
        break;
      r->heap[i] = r->heap[c];
      i = c;
    }
  r->heap[i] = v;
}

static void
runs_init (Runs       *r,
           const Item *items,
           guint       n)
{
  guint n_runs = n > 0 ? 1 : 0;

  for (guint i = 1; i < n; i++)
    if (items[i].start < items[i - 1].start ||
        (items[i].start == items[i - 1].start && items[i].end < items[i - 1].end))
      n_runs++;

  r->items = items;
  r->next = g_new (guint, (gsize) 3 * MAX (n_runs, 1));
  r->end = r->next + n_runs;
  r->heap = r->end + n_runs;
  r->n_heap = n_runs;
  for (guint i = 0, k = 0; i < n; i++)
    if (i == 0 || items[i].start < items[i - 1].start ||
        (items[i].start == items[i - 1].start && items[i].end < items[i - 1].end))
      {
        if (k > 0)
          r->end[k - 1] = i;
        r->next[k] = i;
        r->heap[k] = k;
        k++;
      }
  if (n_runs > 0)
    r->end[n_runs - 1] = n;
  for (guint i = n_runs / 2; i-- > 0;)
    runs_sift_down (r, i);
}

/* The next item's index, or G_MAXUINT when none is left. */
static inline guint
runs_peek (const Runs *r)
{
  return r->n_heap > 0 ? r->next[r->heap[0]] : G_MAXUINT;
}

static inline void
runs_pop (Runs *r)
{
  guint run = r->heap[0];

  if (++r->next[run] == r->end[run])
    r->heap[0] = r->heap[--r->n_heap];
  if (r->n_heap > 0)
    runs_sift_down (r, 0);
}

/* Fills @lane from @items (runs in order of start) as a non-overlapping list. */
static void
lane_merge_items (IlLane                *lane,
                  const IlTraceSnapshot *snap,
                  Item                  *items,
                  guint                  n,
                  guint32               *states)
{
  g_autofree guint32 *heaps = g_new (guint32, (gsize) 4 * MAX (n, 1));
  Active active = { items, { heaps, heaps + n }, { heaps + 2 * (gsize) n, heaps + 3 * (gsize) n }, 0 };
  Runs runs;
  guint i;
  gint64 t;
  Pieces p;

  /* A sweep over time: at each start or end, the item above the others
   * that cover it is shown until the next start or its own end. */
  pieces_init (&p, n + n / 4);
  runs_init (&runs, items, n);
  i = runs_peek (&runs);
  t = i != G_MAXUINT ? items[i].start : 0;
  while (i != G_MAXUINT || active.n > 0)
    {
      const Item *top;
      gint64 next;

      for (; i != G_MAXUINT && items[i].start <= t; runs_pop (&runs), i = runs_peek (&runs))
        {
          if (items[i].start == items[i].end)
            pieces_add (&p, snap, &items[i], items[i].start, items[i].end);
          else
            active_add (&active, i);
        }
      while (active.n > 0 && items[active.heap[1][0]].end <= t)
        active_remove (&active, active.heap[1][0]);
      if (active.n == 0)
        {
          if (i != G_MAXUINT)
            t = items[i].start;
          continue;
        }

      top = &items[active.heap[0][0]];
      next = top->end;
      if (i != G_MAXUINT && items[i].start < next)
        next = items[i].start;
      pieces_add (&p, snap, top, t, next);
      t = next;
    }
  g_free (runs.next);

  lane->n_segs = p.len;
  lane->owned_segs = p.segs;
  lane->segs = lane->owned_segs;
  lane->seg_task = p.task;
  lane->seg_index = p.index;
  for (guint j = 0; j < lane->n_segs; j++)
    *states |= 1u << MIN (lane->segs[j].state, 31);
}

/* Lanes are merged on up to one thread per core when there are this many
 * segments or more: each lane is merged on its own, the next free thread
 * taking the next lane. */
#define MERGE_THREAD_MIN_ITEMS 100000

typedef struct {
  IlLayoutRun           *lr;
  const IlTraceSnapshot *snap;
  Item                  *items;
  const guint           *offset;
  const guint           *count;
  gint                   next_lane;   /* atomic */
  guint32               *states;      /* per lane */
} Merge;

static gpointer
merge_lanes (gpointer data)
{
  Merge *m = data;
  guint k;

  while ((k = (guint) g_atomic_int_add (&m->next_lane, 1)) < m->lr->n_lanes)
    lane_merge_items (&m->lr->lanes[k], m->snap, m->items + m->offset[k], m->count[k], &m->states[k]);
  return NULL;
}

/* Groups segments by @key (worker or cpu; -1 = none) into merged lanes. */
void
il_layout_build_merged_lanes (IlLayoutRun *lr,
                              IlView       view)
{
  const IlTraceSnapshot *snap = lr->run.snapshot;
  g_autofree guint *count = NULL;
  g_autofree guint *offset = NULL;
  g_autofree Item *items = NULL;
  guint n_lanes = 0;
  guint64 total = 0;

  if (view == IL_VIEW_WORKERS)
    n_lanes = MIN (snap->n_workers, MAX_LANE_IDS);
  else
    for (guint i = 0; i < snap->n_core_samples; i++)
      n_lanes = MAX (n_lanes, MIN (snap->core_samples[i].n_cpus, MAX_LANE_IDS));

#define SEG_KEY(s) \
  (view == IL_VIEW_WORKERS \
   ? ((s)->worker == IL_NO_WORKER || (s)->worker >= MAX_LANE_IDS ? -1 : (gint64) (s)->worker) \
   : ((s)->state != IL_STATE_RUNNING || (s)->cpu < 0 || (s)->cpu >= MAX_LANE_IDS ? -1 : (gint64) (s)->cpu))

  /* One pass counts the segments of every lane id there may be. */
  count = g_new0 (guint, MAX_LANE_IDS + 1);
  for (guint t = 0; t < snap->n_tasks; t++)
    for (guint j = 0; j < snap->tasks[t].n_segments; j++)
      {
        gint64 key = SEG_KEY (&snap->tasks[t].segments[j]);

        if (key >= 0)
          {
            if (count[key]++ == 0)
              n_lanes = MAX (n_lanes, (guint) key + 1);
            total++;
          }
      }
  offset = g_new0 (guint, n_lanes + 1);
  for (guint k = 1; k <= n_lanes; k++)
    offset[k] = offset[k - 1] + count[k - 1];

  items = g_new (Item, MAX (total, 1));
  memset (count, 0, sizeof (guint) * (n_lanes + 1));
  for (guint t = 0; t < snap->n_tasks; t++)
    for (guint j = 0; j < snap->tasks[t].n_segments; j++)
      {
        const IlSegment *s = &snap->tasks[t].segments[j];
        gint64 key = SEG_KEY (s);
        Item *item;

        if (key < 0)
          continue;
        item = &items[offset[key] + count[key]++];
        item->start = s->start_ns;
        item->end = MAX (s->end_ns, s->start_ns);
        item->task = t;
        item->index = j;
        item->prio = s->state < IL_N_STATES ? state_priority[s->state] : 0;
      }
#undef SEG_KEY

  lr->n_lanes = n_lanes;
  lr->lanes = g_new0 (IlLane, MAX (n_lanes, 1));
  for (guint k = 0; k < n_lanes; k++)
    {
      IlLane *lane = &lr->lanes[k];

      lane->id = k;
      if (view == IL_VIEW_WORKERS && k < snap->n_workers && snap->workers[k].label)
        lane->label = snap->workers[k].label;
      else
        lane->label = lane->label_owned =
          g_strdup_printf (view == IL_VIEW_WORKERS ? _("worker %u") : _("core %u"), k);
    }

  {
    Merge merge = { lr, snap, items, offset, count, 0, NULL };
    guint n_threads = total < MERGE_THREAD_MIN_ITEMS ? 1 : MIN (g_get_num_processors (), MIN (n_lanes, 8));
    GThread *threads[8] = { NULL, };

    merge.states = g_new0 (guint32, MAX (n_lanes, 1));
    for (guint i = 1; i < n_threads; i++)
      threads[i] = g_thread_try_new ("il-layout", merge_lanes, &merge, NULL);
    merge_lanes (&merge);
    for (guint i = 1; i < n_threads; i++)
      if (threads[i] != NULL)
        g_thread_join (threads[i]);
    for (guint k = 0; k < n_lanes; k++)
      lr->states |= merge.states[k];
    g_free (merge.states);
  }
}

static gint64
lane_first_start (const IlLane *lane)
{
  return lane->n_segs > 0 ? lane->segs[0].start_ns : G_MAXINT64;
}

int
il_lane_compare_start (const void *a,
                       const void *b)
{
  const IlLane *x = a, *y = b;
  gint64 sx = lane_first_start (x), sy = lane_first_start (y);

  if (sx != sy)
    return sx < sy ? -1 : 1;
  return x->id - y->id;
}

void
il_layout_build_task_lanes (IlLayoutRun *lr)
{
  const IlTraceSnapshot *snap = lr->run.snapshot;

  lr->n_lanes = snap->n_tasks;
  lr->lanes = g_new0 (IlLane, MAX (snap->n_tasks, 1));
  for (guint t = 0; t < snap->n_tasks; t++)
    {
      const IlTaskSnapshot *task = &snap->tasks[t];
      IlLane *lane = &lr->lanes[t];

      lane->id = t;
      lane->segs = task->segments;
      lane->n_segs = task->n_segments;
      if (task->name)
        lane->label = task->name;
      else
        lane->label = lane->label_owned = g_strdup_printf (_("task %u"), t);
      for (guint j = 0; j < task->n_segments; j++)
        lr->states |= 1u << MIN (task->segments[j].state, 31);
    }
}

/* ------------------------------------------------------------------------ */
/* Lane summaries */

#define SUMMARY_MIN_SEGMENTS 256
#define SUMMARY_N_CLASSES    MAX (IL_N_STATES, IL_LANE_N_TASK_CLASSES)

void
il_lane_summary_free (IlLaneSummary *summary)
{
  if (summary == NULL)
    return;
  for (guint k = 0; k < summary->n_levels; k++)
    g_free (summary->dominant[k]);
  g_free (summary->dominant);
  g_free (summary->first);
  g_free (summary->n_buckets);
  g_free (summary->markers);
  g_free (summary);
}

static guint8
dominant_class (const float *coverage)
{
  guint8 best = IL_SUMMARY_EMPTY;

  for (guint c = 0; c < SUMMARY_N_CLASSES; c++)
    if (coverage[c] > 0 && (best == IL_SUMMARY_EMPTY || coverage[c] > coverage[best]))
      best = c;
  return best;
}

/* Level 0 has about two segments to a bucket; each level above halves the
 * buckets, up to one.  Coverage is added up level by level (O(n) in all)
 * and only each bucket's dominant class is kept. */
static IlLaneSummary *
lane_summary_build (const IlLane *lane,
                    IlView        view)
{
  IlLaneSummary *summary = g_new0 (IlLaneSummary, 1);
  GArray *markers = g_array_new (FALSE, FALSE, sizeof (guint));
  GPtrArray *levels = g_ptr_array_new ();
  GArray *firsts = g_array_new (FALSE, FALSE, sizeof (gint64));
  GArray *counts = g_array_new (FALSE, FALSE, sizeof (guint));
  gint64 t_start, t_end, span;
  float *coverage;
  guint n;

  for (guint i = 0; i < lane->n_segs; i++)
    if (lane->segs[i].end_ns <= lane->segs[i].start_ns)
      g_array_append_val (markers, i);
  summary->n_markers = markers->len;
  summary->markers = (guint *) (void *) g_array_free (markers, FALSE);

  if (lane->n_segs < SUMMARY_MIN_SEGMENTS)
    goto out;

  t_start = MAX (lane->segs[0].start_ns, 0);
  t_end = MAX (lane->segs[lane->n_segs - 1].end_ns, t_start + 1);
  span = t_end - t_start;
  summary->shift0 = 0;
  while (summary->shift0 < 62 && (G_GINT64_CONSTANT (1) << summary->shift0) < 2 * span / lane->n_segs)
    summary->shift0++;

  /* Level 0 from the segments. */
  {
    guint shift = summary->shift0;
    gint64 first = t_start >> shift;

    n = (guint) (((t_end - 1) >> shift) - first + 1);
    coverage = g_new0 (float, (gsize) n * SUMMARY_N_CLASSES);
    for (guint i = 0; i < lane->n_segs; i++)
      {
        const IlSegment *seg = &lane->segs[i];
        gint64 a = MAX (seg->start_ns, t_start), b = MIN (seg->end_ns, t_end);
        guint c = il_lane_segment_class (lane, i, view);

        while (a < b)
          {
            gint64 bucket = a >> shift;
            gint64 bucket_end = (bucket + 1) << shift;
            gint64 until = MIN (b, bucket_end);

            coverage[(bucket - first) * SUMMARY_N_CLASSES + c] += (float) (until - a);
            a = until;
          }
      }
    g_array_append_val (firsts, first);

  }

  for (;;)
    {
      guint8 *dominant = g_new (guint8, n);
      gint64 first = g_array_index (firsts, gint64, firsts->len - 1);
      gint64 up_first = first >> 1;
      guint up_n;
      float *up;

      for (guint b = 0; b < n; b++)
        dominant[b] = dominant_class (&coverage[(gsize) b * SUMMARY_N_CLASSES]);
      g_ptr_array_add (levels, dominant);
      g_array_append_val (counts, n);
      if (n <= 1 || levels->len >= 48)
        break;

      up_n = (guint) (((first + n - 1) >> 1) - up_first + 1);
      up = g_new0 (float, (gsize) up_n * SUMMARY_N_CLASSES);
      for (guint b = 0; b < n; b++)
        {
          float *to = &up[((first + b) / 2 - up_first) * SUMMARY_N_CLASSES];
          const float *from = &coverage[(gsize) b * SUMMARY_N_CLASSES];

          for (guint c = 0; c < SUMMARY_N_CLASSES; c++)
            to[c] += from[c];
        }
      g_free (coverage);
      coverage = up;
      n = up_n;
      g_array_append_val (firsts, up_first);
    }
  g_free (coverage);

out:
  summary->n_levels = levels->len;
  summary->dominant = (guint8 **) g_ptr_array_free (levels, FALSE);
  summary->first = (gint64 *) (void *) g_array_free (firsts, FALSE);
  summary->n_buckets = (guint *) (void *) g_array_free (counts, FALSE);
  return summary;
}

/* Built once, on first use, by whichever thread gets there first. */
const IlLaneSummary *
il_lane_get_summary (const IlLane *lane,
                     IlView        view)
{
  IlLaneSummary **slot = (IlLaneSummary **) &lane->summary;

  if (g_once_init_enter (slot))
    g_once_init_leave (slot, lane_summary_build (lane, view));
  return *slot;
}
