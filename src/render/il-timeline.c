/* il-timeline.c — the geometry of a timeline picture (no drawing)
 *
 * Lanes of the tasks view point straight into the snapshot.  Workers and
 * cores lanes gather segments of many tasks, which may overlap (an event
 * loop waits for many sleeps at once); they are merged once, with a sweep,
 * into one sorted non-overlapping list showing at each moment the most
 * telling state (running over waiting).  Sorted non-overlapping lists let the
 * painter and the hit test find any time by binary search.
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "il-timeline-private.h"

#define BASE_FONT_PX   12.0
#define MIN_WINDOW_NS  1000
#define MAX_LANE_IDS   (1 << 16)

static const char * const view_names[] = { "tasks", "workers", "cores" };

const char *
il_view_to_string (IlView view)
{
  g_return_val_if_fail (view <= IL_VIEW_CORES, "tasks");
  return view_names[view];
}

gboolean
il_view_from_string (const char *name,
                     IlView     *view)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (view_names); i++)
    if (g_str_equal (name, view_names[i]))
      {
        if (view)
          *view = i;
        return TRUE;
      }
  return FALSE;
}

/* ------------------------------------------------------------------------ */
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
  [IL_STATE_SPAWNING]  = 5,
  [IL_STATE_READY]     = 4,
  [IL_STATE_IO_WAIT]   = 3,
  [IL_STATE_QUEUED]    = 2,
  [IL_STATE_DONE]      = 1,
  [IL_STATE_FAILED]    = 1,
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
static void
build_merged_lanes (IlLayoutRun *lr,
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

static int
lane_compare_start (const void *a,
                    const void *b)
{
  const IlLane *x = a, *y = b;
  gint64 sx = lane_first_start (x), sy = lane_first_start (y);

  if (sx != sy)
    return sx < sy ? -1 : 1;
  return x->id - y->id;
}

static void
build_task_lanes (IlLayoutRun *lr)
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

static void
layout_update (IlTimelineLayout *self)
{
  double s = self->font_scale;
  double fixed, avail, y;

  self->font_px = BASE_FONT_PX * s;
  self->line_h = ceil (self->font_px * 1.4);
  self->margin = round (8 * s);
  self->max_lane_h = ceil (self->font_px * 1.9);
  self->header_h = ceil (self->line_h * 1.35);
  self->run_gap = round (self->line_h * 0.5);
  self->axis_h = round (5 * s) + self->line_h;
  self->legend_h = ceil (self->line_h * 1.3);

  self->label_x = self->margin;
  self->label_w = CLAMP (round (self->width * 0.14), round (60 * s), round (180 * s));
  if (self->label_w > self->width * 0.3)
    self->label_w = round (self->width * 0.3);
  self->plot_x0 = self->label_x + self->label_w + round (6 * s);
  self->plot_x1 = self->width - self->margin - round (14 * s);
  if (self->plot_x1 < self->plot_x0 + 1)
    self->plot_x1 = self->plot_x0 + 1;

  fixed = 2 * self->margin + self->n_runs * (self->header_h + self->run_gap) +
          self->axis_h + round (4 * s) + self->legend_h;
  avail = self->height - fixed;
  self->lane_h = 0;
  if (self->total_lanes > 0 && avail > 0)
    {
      self->lane_h = MIN (self->max_lane_h, avail / self->total_lanes);
      if (self->lane_h >= 4)
        self->lane_h = floor (self->lane_h);
    }

  y = self->margin;
  for (guint r = 0; r < self->n_runs; r++)
    {
      IlLayoutRun *lr = &self->runs[r];

      lr->header_y = y;
      y += self->header_h;
      lr->lanes_y = y;
      y += lr->n_lanes * self->lane_h + self->run_gap;
    }
  self->axis_y = round (y - self->run_gap * 0.5);
  self->legend_y = self->axis_y + self->axis_h + round (4 * s);

  self->px_per_ns = (self->plot_x1 - self->plot_x0) / (double) (self->t1 - self->t0);
}

IlTimelineLayout *
il_timeline_layout_new (const IlTimelineRun *runs,
                        guint                n_runs,
                        IlView               view)
{
  IlTimelineLayout *self;

  g_return_val_if_fail (runs != NULL || n_runs == 0, NULL);
  g_return_val_if_fail (view <= IL_VIEW_CORES, NULL);
  for (guint r = 0; r < n_runs; r++)
    g_return_val_if_fail (runs[r].snapshot != NULL, NULL);

  self = g_new0 (IlTimelineLayout, 1);
  g_ref_count_init (&self->ref_count);
  self->view = view;
  self->n_runs = n_runs;
  self->runs = g_new0 (IlLayoutRun, MAX (n_runs, 1));
  self->duration = 0;

  for (guint r = 0; r < n_runs; r++)
    {
      IlLayoutRun *lr = &self->runs[r];

      lr->run = runs[r];
      lr->run.title = g_strdup (runs[r].title ? runs[r].title : "");
      lr->run.snapshot = il_trace_snapshot_ref (runs[r].snapshot);

      if (view == IL_VIEW_TASKS)
        build_task_lanes (lr);
      else
        build_merged_lanes (lr, view);

      /* Lanes in order of their first segment; cores keep their number. */
      if (view != IL_VIEW_CORES)
        qsort (lr->lanes, lr->n_lanes, sizeof (IlLane), lane_compare_start);

      self->total_lanes += lr->n_lanes;
      self->states |= lr->states;
      self->duration = MAX (self->duration, lr->run.snapshot->end_ns);
      self->duration = MAX (self->duration, lr->run.makespan_ns);
      self->duration = MAX (self->duration, lr->run.ideal_ns);
    }
  self->duration = MAX (self->duration, 1000 * 1000);

  self->t0 = 0;
  self->t1 = self->duration;
  self->width = 800;
  self->height = 600;
  self->font_scale = 1.0;
  layout_update (self);

  return self;
}

IlTimelineLayout *
il_timeline_layout_ref (IlTimelineLayout *layout)
{
  g_return_val_if_fail (layout != NULL, NULL);

  g_ref_count_inc (&layout->ref_count);
  return layout;
}

/* ------------------------------------------------------------------------ */
/* Lane summaries */

#define SUMMARY_MIN_SEGMENTS 256
#define SUMMARY_N_CLASSES    MAX (IL_N_STATES, IL_LANE_N_TASK_CLASSES)

static void
lane_summary_free (IlLaneSummary *summary)
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

void
il_timeline_layout_unref (IlTimelineLayout *layout)
{
  g_return_if_fail (layout != NULL);

  if (!g_ref_count_dec (&layout->ref_count))
    return;

  for (guint r = 0; r < layout->n_runs; r++)
    {
      IlLayoutRun *lr = &layout->runs[r];

      for (guint k = 0; k < lr->n_lanes; k++)
        {
          g_free (lr->lanes[k].label_owned);
          g_free (lr->lanes[k].owned_segs);
          g_free (lr->lanes[k].seg_task);
          g_free (lr->lanes[k].seg_index);
          lane_summary_free (lr->lanes[k].summary);
        }
      g_free (lr->lanes);
      g_free ((char *) lr->run.title);
      il_trace_snapshot_unref (lr->run.snapshot);
    }
  g_free (layout->runs);
  g_free (layout);
}

IlView
il_timeline_layout_get_view (const IlTimelineLayout *layout)
{
  g_return_val_if_fail (layout != NULL, IL_VIEW_TASKS);
  return layout->view;
}

void
il_timeline_layout_set_size (IlTimelineLayout *layout,
                             int               width,
                             int               height)
{
  g_return_if_fail (layout != NULL);
  g_return_if_fail (width > 0 && height > 0);

  if (layout->width == width && layout->height == height)
    return;
  layout->width = width;
  layout->height = height;
  layout_update (layout);
}

int
il_timeline_layout_get_width (const IlTimelineLayout *layout)
{
  g_return_val_if_fail (layout != NULL, 0);
  return layout->width;
}

int
il_timeline_layout_get_height (const IlTimelineLayout *layout)
{
  g_return_val_if_fail (layout != NULL, 0);
  return layout->height;
}

int
il_timeline_layout_get_natural_height (const IlTimelineLayout *layout)
{
  double s;

  g_return_val_if_fail (layout != NULL, 0);

  s = layout->font_scale;
  return ceil (2 * layout->margin + layout->n_runs * (layout->header_h + layout->run_gap) +
               layout->axis_h + round (4 * s) + layout->legend_h +
               layout->total_lanes * layout->max_lane_h);
}

void
il_timeline_layout_set_font_scale (IlTimelineLayout *layout,
                                   double            font_scale)
{
  g_return_if_fail (layout != NULL);
  g_return_if_fail (font_scale > 0);

  if (layout->font_scale == font_scale)
    return;
  layout->font_scale = font_scale;
  layout_update (layout);
}

double
il_timeline_layout_get_font_scale (const IlTimelineLayout *layout)
{
  g_return_val_if_fail (layout != NULL, 1.0);
  return layout->font_scale;
}

gint64
il_timeline_layout_get_duration (const IlTimelineLayout *layout)
{
  g_return_val_if_fail (layout != NULL, 0);
  return layout->duration;
}

void
il_timeline_layout_set_window (IlTimelineLayout *layout,
                               gint64            t0_ns,
                               gint64            t1_ns)
{
  g_return_if_fail (layout != NULL);

  if (t1_ns - t0_ns < MIN_WINDOW_NS)
    t1_ns = t0_ns + MIN_WINDOW_NS;
  layout->t0 = t0_ns;
  layout->t1 = t1_ns;
  layout->px_per_ns = (layout->plot_x1 - layout->plot_x0) / (double) (t1_ns - t0_ns);
}

void
il_timeline_layout_get_window (const IlTimelineLayout *layout,
                               gint64                 *t0_ns,
                               gint64                 *t1_ns)
{
  g_return_if_fail (layout != NULL);

  if (t0_ns)
    *t0_ns = layout->t0;
  if (t1_ns)
    *t1_ns = layout->t1;
}

void
il_timeline_layout_zoom (IlTimelineLayout *layout,
                         double            x,
                         double            factor)
{
  gint64 anchor, t0, t1;

  g_return_if_fail (layout != NULL);
  g_return_if_fail (factor > 0);

  anchor = il_timeline_layout_x_to_time (layout, x);
  t0 = anchor - (gint64) ((anchor - layout->t0) / factor);
  t1 = anchor + (gint64) ((layout->t1 - anchor) / factor);
  il_timeline_layout_set_window (layout, t0, t1);
}

void
il_timeline_layout_get_plot_area (const IlTimelineLayout *layout,
                                  double                 *x,
                                  double                 *y,
                                  double                 *width,
                                  double                 *height)
{
  g_return_if_fail (layout != NULL);

  if (x)
    *x = layout->plot_x0;
  if (y)
    *y = layout->margin;
  if (width)
    *width = layout->plot_x1 - layout->plot_x0;
  if (height)
    *height = layout->axis_y - layout->margin;
}

double
il_timeline_layout_time_to_x (const IlTimelineLayout *layout,
                              gint64                  t_ns)
{
  g_return_val_if_fail (layout != NULL, 0.0);
  return layout->plot_x0 + (double) (t_ns - layout->t0) * layout->px_per_ns;
}

gint64
il_timeline_layout_x_to_time (const IlTimelineLayout *layout,
                              double                  x)
{
  g_return_val_if_fail (layout != NULL, 0);
  return layout->t0 + (gint64) llround ((x - layout->plot_x0) / layout->px_per_ns);
}

guint
il_timeline_layout_get_n_runs (const IlTimelineLayout *layout)
{
  g_return_val_if_fail (layout != NULL, 0);
  return layout->n_runs;
}

const IlTimelineRun *
il_timeline_layout_get_run (const IlTimelineLayout *layout,
                            guint                   run)
{
  g_return_val_if_fail (layout != NULL, NULL);
  g_return_val_if_fail (run < layout->n_runs, NULL);
  return &layout->runs[run].run;
}

guint
il_timeline_layout_get_n_lanes (const IlTimelineLayout *layout,
                                guint                   run)
{
  g_return_val_if_fail (layout != NULL, 0);
  g_return_val_if_fail (run < layout->n_runs, 0);
  return layout->runs[run].n_lanes;
}

#define RETURN_IF_NO_LANE(layout, run, lane, val) G_STMT_START { \
  g_return_val_if_fail (layout != NULL, val); \
  g_return_val_if_fail (run < layout->n_runs, val); \
  g_return_val_if_fail (lane < layout->runs[run].n_lanes, val); \
} G_STMT_END

const char *
il_timeline_layout_get_lane_label (const IlTimelineLayout *layout,
                                   guint                   run,
                                   guint                   lane)
{
  RETURN_IF_NO_LANE (layout, run, lane, NULL);
  return layout->runs[run].lanes[lane].label;
}

gint
il_timeline_layout_get_lane_id (const IlTimelineLayout *layout,
                                guint                   run,
                                guint                   lane)
{
  RETURN_IF_NO_LANE (layout, run, lane, -1);
  return layout->runs[run].lanes[lane].id;
}

gint
il_timeline_layout_find_task_lane (const IlTimelineLayout *layout,
                                   guint                   run,
                                   guint                   task)
{
  const IlLayoutRun *lr;

  g_return_val_if_fail (layout != NULL, -1);
  g_return_val_if_fail (run < layout->n_runs, -1);

  if (layout->view != IL_VIEW_TASKS)
    return -1;
  lr = &layout->runs[run];
  for (guint k = 0; k < lr->n_lanes; k++)
    if (lr->lanes[k].id == (gint) task)
      return k;
  return -1;
}

void
il_timeline_layout_get_header_extents (const IlTimelineLayout *layout,
                                       guint                   run,
                                       double                 *y,
                                       double                 *height)
{
  g_return_if_fail (layout != NULL);
  g_return_if_fail (run < layout->n_runs);

  if (y)
    *y = layout->runs[run].header_y;
  if (height)
    *height = layout->header_h;
}

void
il_timeline_layout_get_lane_extents (const IlTimelineLayout *layout,
                                     guint                   run,
                                     guint                   lane,
                                     double                 *y,
                                     double                 *height)
{
  g_return_if_fail (layout != NULL);
  g_return_if_fail (run < layout->n_runs);
  g_return_if_fail (lane < layout->runs[run].n_lanes);

  if (y)
    *y = layout->runs[run].lanes_y + lane * layout->lane_h;
  if (height)
    *height = layout->lane_h;
}

static void
lane_parts (const IlTimelineLayout *self,
            guint                   run,
            guint                   lane,
            double                 *bar_y,
            double                 *bar_h,
            double                 *strip_y,
            double                 *strip_h)
{
  double y = self->runs[run].lanes_y + lane * self->lane_h;
  double h = self->lane_h;
  double pad = h >= 6 ? MAX (1, floor (h * 0.1)) : 0;
  double strip = 0;

  if (self->view == IL_VIEW_CORES)
    strip = h >= 10 ? floor (h * 0.28) : (h >= 3 ? 1 : 0);

  *bar_y = y + pad;
  *bar_h = h - 2 * pad - strip;
  *strip_y = y + h - pad - strip;
  *strip_h = strip;
  if (strip >= 3)
    *bar_h -= 1;
}

void
il_timeline_layout_get_bar_extents (const IlTimelineLayout *layout,
                                    guint                   run,
                                    guint                   lane,
                                    double                 *y,
                                    double                 *height)
{
  double by, bh, sy, sh;

  g_return_if_fail (layout != NULL);
  g_return_if_fail (run < layout->n_runs);
  g_return_if_fail (lane < layout->runs[run].n_lanes);

  lane_parts (layout, run, lane, &by, &bh, &sy, &sh);
  if (y)
    *y = by;
  if (height)
    *height = bh;
}

void
il_timeline_layout_get_strip_extents (const IlTimelineLayout *layout,
                                      guint                   run,
                                      guint                   lane,
                                      double                 *y,
                                      double                 *height)
{
  double by, bh, sy, sh;

  lane_parts (layout, run, lane, &by, &bh, &sy, &sh);
  *y = sy;
  *height = sh;
}

gboolean
il_timeline_layout_hit_test (const IlTimelineLayout *layout,
                             double                  x,
                             double                  y,
                             IlTimelineHit          *hit)
{
  const IlLayoutRun *lr = NULL;
  const IlLane *lane;
  guint run, k, best = G_MAXUINT;
  gint64 t, tol, best_dist = G_MAXINT64;

  g_return_val_if_fail (layout != NULL, FALSE);
  g_return_val_if_fail (hit != NULL, FALSE);

  *hit = (IlTimelineHit) { 0, 0, -1, NULL, 0 };

  if (layout->lane_h <= 0 || x < layout->label_x || x > layout->plot_x1 + 4)
    return FALSE;

  for (run = 0; run < layout->n_runs; run++)
    {
      const IlLayoutRun *r = &layout->runs[run];

      if (y >= r->lanes_y && y < r->lanes_y + r->n_lanes * layout->lane_h)
        {
          lr = r;
          break;
        }
    }
  if (lr == NULL)
    return FALSE;

  k = MIN ((guint) ((y - lr->lanes_y) / layout->lane_h), lr->n_lanes - 1);
  lane = &lr->lanes[k];
  t = il_timeline_layout_x_to_time (layout, x);
  hit->run = run;
  hit->lane = k;
  hit->time_ns = t;
  hit->task = layout->view == IL_VIEW_TASKS ? lane->id : -1;
  if (x < layout->plot_x0)
    return TRUE;

  /* The segment under x, or the nearest one within 3 px. */
  tol = (gint64) (3.0 / layout->px_per_ns);
  for (guint i = il_lane_lower_bound (lane, 0, t - tol), n = 0;
       i < lane->n_segs && lane->segs[i].start_ns <= t + tol && n < 256;
       i++, n++)
    {
      const IlSegment *s = &lane->segs[i];
      gint64 dist = 0;

      /* Inside a segment beats an end marker beats a segment's edge. */
      if (s->end_ns <= s->start_ns)
        dist = ABS (t - s->start_ns);
      else if (t < s->start_ns)
        dist = s->start_ns - t + 1;
      else if (t >= s->end_ns)
        dist = t - s->end_ns + 1;
      if (dist < best_dist)
        {
          best_dist = dist;
          best = i;
        }
    }

  if (best != G_MAXUINT)
    {
      guint task = il_lane_segment_task (lane, best);
      guint index = lane->seg_index ? lane->seg_index[best] : best;

      hit->task = task;
      hit->segment = &lr->run.snapshot->tasks[task].segments[index];
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */

gint64
il_timeline_choose_tick_step (gint64 duration_ns,
                              double width_px,
                              double min_spacing_px)
{
  double wanted;
  gint64 power = 1;

  g_return_val_if_fail (duration_ns > 0, 1);
  g_return_val_if_fail (width_px > 0 && min_spacing_px > 0, duration_ns);

  wanted = duration_ns * min_spacing_px / width_px;
  for (;;)
    {
      static const int mult[] = { 1, 2, 5 };

      for (guint i = 0; i < G_N_ELEMENTS (mult); i++)
        if (power * mult[i] >= wanted)
          return power * mult[i];
      if (power > G_MAXINT64 / 100)
        return power * 10;
      power *= 10;
    }
}

static char *
format_scaled (gint64      t_ns,
               gint64      unit,
               int         decimals,
               const char *suffix)
{
  char *s = g_strdup_printf ("%.*f", decimals, (double) t_ns / unit);
  char *dot, *end;

  /* "1.50" -> "1.5", "2.0" -> "2" */
  if (decimals > 0 && (dot = strpbrk (s, ".,")) != NULL)
    {
      end = s + strlen (s) - 1;
      while (end > dot && *end == '0')
        *end-- = '\0';
      if (end == dot)
        *end = '\0';
    }
  {
    char *ret = g_strconcat (s, " ", suffix, NULL);

    g_free (s);
    return ret;
  }
}

static const struct {
  gint64      unit;
  const char *suffix;
} units[] = {
  { G_GINT64_CONSTANT (1000000000), "s" },
  { 1000000, "ms" },
  { 1000, "µs" },
  { 1, "ns" },
};

char *
il_timeline_format_time (gint64 t_ns,
                         gint64 step_ns)
{
  gint64 mag = ABS (t_ns);
  guint u;
  int decimals = 0;

  if (t_ns == 0)
    return g_strdup ("0");
  step_ns = MAX (step_ns, 1);

  for (u = 0; u < G_N_ELEMENTS (units) - 1; u++)
    if (mag >= units[u].unit)
      break;
  /* Enough decimals that neighbouring ticks differ. */
  for (gint64 p = units[u].unit; p > step_ns && decimals < 9; p /= 10)
    decimals++;
  return format_scaled (t_ns, units[u].unit, decimals, units[u].suffix);
}

char *
il_timeline_format_duration (gint64 ns)
{
  gint64 mag = ABS (ns);
  double v;
  guint u;

  for (u = 0; u < G_N_ELEMENTS (units) - 1; u++)
    if (mag >= units[u].unit)
      break;
  if (u == G_N_ELEMENTS (units) - 1)
    return g_strdup_printf ("%" G_GINT64_FORMAT " ns", ns);
  v = (double) mag / units[u].unit;
  return g_strdup_printf ("%.*f %s", v >= 100 ? 0 : v >= 10 ? 1 : 2,
                          (double) ns / units[u].unit, units[u].suffix);
}
