/* il-timeline-private.h — the layout's internals, shared with the painter */
#pragma once

#include "il-timeline.h"

G_BEGIN_DECLS

/* Task colours of the cores view (IL_PALETTE_N_TASK_COLORS). */
#define IL_LANE_N_TASK_CLASSES 10

/* A lane's segments summed up in time buckets, so that a zoomed-out pixel
 * column needs a few buckets instead of every segment under it.  Level k's
 * buckets are 2^(shift0 + k) ns wide, aligned at time 0; each holds the
 * class (state, or task colour in the cores view) covering most of it. */
#define IL_SUMMARY_EMPTY 0xff

typedef struct {
  guint    shift0;
  guint    n_levels;
  gint64  *first;          /* per level: index (t >> shift) of the first bucket */
  guint   *n_buckets;
  guint8 **dominant;       /* per level: a class per bucket, or IL_SUMMARY_EMPTY */
  guint   *markers;        /* indices of the lane's zero-length segments */
  guint    n_markers;
} IlLaneSummary;

typedef struct {
  const char      *label;
  char            *label_owned;
  gint             id;          /* task, worker or core */
  const IlSegment *segs;        /* sorted by start, non-overlapping */
  guint            n_segs;
  IlSegment       *owned_segs;  /* merged lanes (workers, cores), or NULL */
  guint32         *seg_task;    /* the task of each segment, or NULL: id */
  guint32         *seg_index;   /* its index in that task's segments */
  IlLaneSummary   *summary;     /* built on first need: il_lane_get_summary() */
} IlLane;

typedef struct {
  IlTimelineRun run;            /* title copied, snapshot referenced */
  IlLane       *lanes;
  guint         n_lanes;
  guint32       states;         /* bit per IlState present in the lanes */
  double        header_y;
  double        lanes_y;
} IlLayoutRun;

struct _IlTimelineLayout {
  grefcount    ref_count;
  IlView       view;
  IlLayoutRun *runs;
  guint        n_runs;
  guint        total_lanes;
  guint32      states;
  gint64       duration;
  gint64       t0;
  gint64       t1;

  int          width;
  int          height;
  double       font_scale;

  /* Derived by layout_update(). */
  double       font_px;
  double       line_h;
  double       margin;
  double       label_x;
  double       label_w;
  double       plot_x0;
  double       plot_x1;
  double       header_h;
  double       max_lane_h;
  double       lane_h;
  double       run_gap;
  double       axis_y;
  double       axis_h;
  double       legend_y;
  double       legend_h;      /* all its lines */
  double       px_per_ns;
};

/* The first segment with end_ns >= @t (ends are non-decreasing). */
static inline guint
il_lane_lower_bound (const IlLane *lane,
                     guint         lo,
                     gint64        t)
{
  guint hi = lane->n_segs;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (lane->segs[mid].end_ns < t)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static inline guint
il_lane_segment_task (const IlLane *lane,
                      guint         i)
{
  return lane->seg_task ? lane->seg_task[i] : (guint) lane->id;
}

/* What a segment looks like in @view, apart from dimming: its state, or in
 * the cores view its task's colour. */
static inline guint
il_lane_segment_class (const IlLane *lane,
                       guint         i,
                       IlView        view)
{
  if (view == IL_VIEW_CORES)
    return il_lane_segment_task (lane, i) % IL_LANE_N_TASK_CLASSES;
  return MIN (lane->segs[i].state, IL_N_STATES - 1);
}

const IlLaneSummary *il_lane_get_summary (const IlLane *lane,
                                          IlView        view);

void il_timeline_layout_get_strip_extents (const IlTimelineLayout *layout,
                                           guint                   run,
                                           guint                   lane,
                                           double                 *y,
                                           double                 *height);

/* il-timeline-lanes.c */
#define MAX_LANE_IDS   (1 << 16)

void il_layout_build_merged_lanes (IlLayoutRun *lr,
                                   IlView       view);

void il_layout_build_task_lanes (IlLayoutRun *lr);

int il_lane_compare_start (const void *a,
                           const void *b);

void il_lane_summary_free (IlLaneSummary *summary);

G_END_DECLS
