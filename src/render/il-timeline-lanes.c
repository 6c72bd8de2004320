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

static int
item_compare (const void *a,
              const void *b)
{
  const Item *x = a, *y = b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end < y->end ? -1 : 1;
  return 0;
}

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

/* A binary max-heap of items (copies, so comparisons stay in cache). */
static void
heap_push (Item       *heap,
           guint      *n,
           const Item *v)
{
  guint i = (*n)++;

  while (i > 0)
    {
      guint parent = (i - 1) / 2;

      if (!item_above (v, &heap[parent]))
        break;
      heap[i] = heap[parent];
      i = parent;
    }
  heap[i] = *v;
}

static void
heap_pop (Item  *heap,
          guint *n)
{
  Item v = heap[--(*n)];
  guint i = 0;

  for (;;)
    {
      guint c = 2 * i + 1;

      if (c >= *n)
        break;
      if (c + 1 < *n && item_above (&heap[c + 1], &heap[c]))
        c++;
      if (!item_above (&heap[c], &v))
        break;
      heap[i] = heap[c];
      i = c;
    }
  if (*n > 0)
    heap[i] = v;
}

typedef struct {
  GArray *segs;
  GArray *task;
  GArray *index;
} Pieces;

static void
pieces_add (Pieces                *p,
            const IlTraceSnapshot *snap,
            const Item            *item,
            gint64                 start,
            gint64                 end)
{
  IlSegment seg;

  if (p->segs->len > 0)
    {
      IlSegment *last = &g_array_index (p->segs, IlSegment, p->segs->len - 1);
      guint32 last_task = g_array_index (p->task, guint32, p->task->len - 1);
      guint32 last_index = g_array_index (p->index, guint32, p->index->len - 1);

      if (last_task == item->task && last_index == item->index &&
          last->end_ns == start && start != end)
        {
          last->end_ns = end;
          return;
        }
    }

  seg = snap->tasks[item->task].segments[item->index];
  seg.start_ns = start;
  seg.end_ns = end;
  g_array_append_val (p->segs, seg);
  g_array_append_val (p->task, item->task);
  g_array_append_val (p->index, item->index);
}

/* Fills @lane from @items (any order; sorted here) as a non-overlapping list. */
static void
lane_merge_items (IlLane                *lane,
                  const IlTraceSnapshot *snap,
                  Item                  *items,
                  guint                  n,
                  guint32               *states)
{
  gboolean sorted = TRUE, disjoint = TRUE;
  Pieces p;

  for (guint i = 1; i < n && sorted; i++)
    sorted = item_compare (&items[i - 1], &items[i]) <= 0;
  if (!sorted)
    qsort (items, n, sizeof (Item), item_compare);
  for (guint i = 1; i < n && disjoint; i++)
    disjoint = items[i].start >= items[i - 1].end;

  p.segs = g_array_sized_new (FALSE, FALSE, sizeof (IlSegment), n);
  p.task = g_array_sized_new (FALSE, FALSE, sizeof (guint32), n);
  p.index = g_array_sized_new (FALSE, FALSE, sizeof (guint32), n);

  if (disjoint)
    {
      for (guint i = 0; i < n; i++)
        pieces_add (&p, snap, &items[i], items[i].start, items[i].end);
    }
  else
    {
      g_autofree Item *heap = g_new (Item, n);
      guint n_heap = 0, i = 0;
      gint64 t = n > 0 ? items[0].start : 0;

      while (i < n || n_heap > 0)
        {
          gint64 next;

          for (; i < n && items[i].start <= t; i++)
            {
              if (items[i].start == items[i].end)
                pieces_add (&p, snap, &items[i], items[i].start, items[i].end);
              else
                heap_push (heap, &n_heap, &items[i]);
            }
          while (n_heap > 0 && heap[0].end <= t)
            heap_pop (heap, &n_heap);
          if (n_heap == 0)
            {
              if (i < n)
                t = items[i].start;
              continue;
            }

          next = heap[0].end;
          if (i < n && items[i].start < next)
            next = items[i].start;
          pieces_add (&p, snap, &heap[0], t, next);
          t = next;
        }
    }

  lane->n_segs = p.segs->len;
  lane->owned_segs = (IlSegment *) (void *) g_array_free (p.segs, FALSE);
  lane->segs = lane->owned_segs;
  lane->seg_task = (guint32 *) (void *) g_array_free (p.task, FALSE);
  lane->seg_index = (guint32 *) (void *) g_array_free (p.index, FALSE);
  for (guint i = 0; i < lane->n_segs; i++)
    *states |= 1u << MIN (lane->segs[i].state, 31);
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

  for (guint t = 0; t < snap->n_tasks; t++)
    for (guint j = 0; j < snap->tasks[t].n_segments; j++)
      {
        gint64 key = SEG_KEY (&snap->tasks[t].segments[j]);

        if (key >= 0)
          n_lanes = MAX (n_lanes, (guint) key + 1);
      }

  count = g_new0 (guint, n_lanes + 1);
  offset = g_new0 (guint, n_lanes + 1);
  for (guint t = 0; t < snap->n_tasks; t++)
    for (guint j = 0; j < snap->tasks[t].n_segments; j++)
      {
        gint64 key = SEG_KEY (&snap->tasks[t].segments[j]);

        if (key >= 0)
          {
            count[key]++;
            total++;
          }
      }
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
      lane_merge_items (lane, snap, items + offset[k], count[k], &lr->states);
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
