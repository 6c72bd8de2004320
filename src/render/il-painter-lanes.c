/* il-painter-lanes.c — one lane's segments into the batches
 *
 * A lane walks only its visible segments; where segments get narrower
 * than a pixel, each pixel column shows the colour covering most of it,
 * and once a column has seen enough segments the walk jumps past it by
 * binary search.  Dense lanes zoomed out take their columns from the
 * lane's summary instead (il-timeline.c).
 */
#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>
#include <pixman.h>

#include "il-painter-private.h"

/* The first index >= @from whose segment ends after @t: galloping, since
 * the answer is usually near. */
static guint
lane_seek (const IlLane *lane,
           guint         from,
           gint64        t)
{
  guint step = 1, lo = from, hi;

  while (lo + step < lane->n_segs && lane->segs[lo + step].end_ns <= t)
    {
      lo += step;
      step *= 2;
    }
  hi = MIN (lo + step + 1, lane->n_segs);
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (lane->segs[mid].end_ns <= t)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static int
segment_key (Painter      *p,
             const IlLane *lane,
             guint         i)
{
  guint task = il_lane_segment_task (lane, i);
  int dim = p->highlight >= 0 && task != (guint) p->highlight;

  if (p->layout->view == IL_VIEW_CORES)
    return KEY_TASK (task % IL_PALETTE_N_TASK_COLORS, dim);
  return KEY_STATE (MIN (lane->segs[i].state, IL_N_STATES - 1), dim);
}

static void
add_marker (Painter         *p,
            const IlLane    *lane,
            guint            i,
            double           x,
            double           y,
            double           h,
            double          *last_x)
{
  const IlSegment *s = &lane->segs[i];
  guint task = il_lane_segment_task (lane, i);
  Marker m;

  if (!il_state_is_terminal (s->state) || fabs (x - *last_x) < 1.0)
    return;
  *last_x = x;
  m.x = x;
  m.y = y;
  m.h = h;
  m.end = s->state;
  m.dim = p->highlight >= 0 && task != (guint) p->highlight;
  g_array_append_val (p->markers, m);
}

static void
maybe_add_label (Painter      *p,
                 const IlLane *lane,
                 guint         i,
                 int           key,
                 double        x0,
                 double        x1,
                 double        y,
                 double        h)
{
  const IlSegment *s = &lane->segs[i];
  Label l;

  if (h < p->layout->font_px * 0.8 || x1 - x0 < p->layout->font_px)
    return;
  if (p->layout->view == IL_VIEW_CORES)
    {
      if (x1 - x0 < 3 * p->layout->font_px)
        return;
      l.value = il_lane_segment_task (lane, i);
    }
  else if (s->state == IL_STATE_RUNNING && s->cpu >= 0)
    l.value = s->cpu;
  else
    return;

  l.x = x0;
  l.y = y;
  l.w = x1 - x0;
  l.h = h;
  l.key = key;
  l.run = p->run;
  g_array_append_val (p->labels, l);
}

/* Paints pixel column [@x0, @x1) in the key with the most coverage, and
 * clears the coverage for the next column. */
static void
column_add (Painter   *p,
            double    *cov,
            const int *touched,
            guint      n_touched,
            double     x0,
            double     x1,
            double     y,
            double     h)
{
  int best = -1;

  for (guint k = 0; k < n_touched; k++)
    {
      if (best < 0 || cov[touched[k]] > cov[best])
        best = touched[k];
    }
  for (guint k = 0; k < n_touched; k++)
    cov[touched[k]] = 0;
  if (best >= 0)
    il_painter_pend_add (p, best, x0, x1, y, h);
}

/* A dense lane zoomed out (on average four segments or more to a pixel
 * column), painted from its summary: a column takes the class covering
 * most of the summary's buckets under it, at the level whose buckets are
 * at most a column wide, so the segments are never looked at.  Edges fall
 * on whole columns, and no core labels are drawn (a segment wide enough
 * for one is rare in such a lane).  Not when a highlight dims some of a
 * lane's segments and not others, nor while the run is live.  FALSE when
 * the lane is not for it. */
static gboolean
paint_lane_from_summary (Painter      *p,
                         const IlLane *lane,
                         gint64        t_from,
                         gint64        t_to,
                         double        y,
                         double        h)
{
  const IlTimelineLayout *L = p->layout;
  const double X0 = L->plot_x0, X1 = L->plot_x1, ppn = L->px_per_ns;
  const gint64 t0 = L->t0;
  const IlLaneSummary *summary;
  const guint8 *dominant;
  double cov[N_KEYS] = { 0, };
  int touched[N_KEYS];
  double last_marker = -G_MAXDOUBLE, span, col_ns = 1.0 / ppn;
  gint64 first, last, b, next_marker_ns = G_MAXINT64;
  guint n = lane->n_segs, next_marker, shift, lo, hi;
  gboolean dim;
  int level = -1;
  int x, x_end;

  /* A live run's layout lasts one frame: summing its lanes up would cost
   * more than walking them once. */
  if (n < 256 || (p->highlight >= 0 && lane->seg_task != NULL) || L->runs[p->run].run.live)
    return FALSE;
  span = (double) (lane->segs[n - 1].end_ns - lane->segs[0].start_ns);
  if (span <= 0 || n * col_ns / span < 4)
    return FALSE;
  summary = il_lane_get_summary (lane, L->view);
  for (guint k = 0; k < summary->n_levels; k++)
    if ((double) (G_GINT64_CONSTANT (1) << (summary->shift0 + k)) <= col_ns)
      level = k;
  if (level < 0)
    return FALSE;

  shift = summary->shift0 + level;
  first = summary->first[level];
  last = first + summary->n_buckets[level] - 1;
  dominant = summary->dominant[level];
  dim = p->highlight >= 0 && lane->id != p->highlight;

  /* The first marker at or after t_from. */
  lo = 0;
  hi = summary->n_markers;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (lane->segs[summary->markers[mid]].start_ns < t_from)
        lo = mid + 1;
      else
        hi = mid;
    }
  next_marker = lo;
  if (next_marker < summary->n_markers)
    next_marker_ns = lane->segs[summary->markers[next_marker]].start_ns;

  x = (int) MAX (X0 + (double) (t_from - t0) * ppn, X0);
  x_end = (int) ceil (MIN (X0 + (double) (t_to - t0) * ppn, X1));
  b = first;
  for (; x < x_end; x++)
    {
      double cs = MAX (x, X0), ce = MIN (x + 1, X1);
      gint64 tc0 = t0 + (gint64) ((cs - X0) / ppn);
      gint64 tc1 = t0 + (gint64) ((ce - X0) / ppn) + 1;
      guint n_touched = 0;

      if (ce <= cs || tc0 < 0)
        continue;
      b = MAX (b, tc0 >> shift);
      for (gint64 k = b; k <= last && (k << shift) < tc1; k++)
        {
          gint64 a = MAX (k << shift, tc0), e = MIN ((k + 1) << shift, tc1);
          guint8 c = dominant[k - first];
          int key;

          if (c == IL_SUMMARY_EMPTY || e <= a)
            continue;
          key = L->view == IL_VIEW_CORES ? KEY_TASK (c, dim) : KEY_STATE (c, dim);
          if (cov[key] == 0)
            touched[n_touched++] = key;
          cov[key] += (double) (e - a);
        }
      while (next_marker_ns < tc1)
        {
          guint m = summary->markers[next_marker++];

          if (next_marker_ns >= tc0)
            add_marker (p, lane, m, X0 + (double) (next_marker_ns - t0) * ppn, y, h, &last_marker);
          next_marker_ns = next_marker < summary->n_markers
            ? lane->segs[summary->markers[next_marker]].start_ns : G_MAXINT64;
        }
      column_add (p, cov, touched, n_touched, cs, ce, y, h);
    }
  il_painter_pend_flush (p);
  return TRUE;
}

void
il_painter_paint_lane (Painter      *p,
                       const IlLane *lane,
                       gint64        t_from,
                       gint64        t_to,
                       double        y,
                       double        h)
{
  const IlTimelineLayout *L = p->layout;
  const double X0 = L->plot_x0, X1 = L->plot_x1, ppn = L->px_per_ns;
  const gint64 t0 = L->t0;
  double cov[N_KEYS] = { 0, };
  int touched[COLUMN_SCAN_MAX + 1];
  double drawn = il_timeline_layout_time_to_x (L, t_from);
  double last_marker = -G_MAXDOUBLE;
  guint i = il_lane_lower_bound (lane, 0, t_from);
  guint n = lane->n_segs;

  drawn = MAX (drawn, X0);
  p->pend_key = -1;
  if (paint_lane_from_summary (p, lane, t_from, t_to, y, h))
    return;

  while (i < n)
    {
      const IlSegment *s = &lane->segs[i];
      double xa, xb, cs, ce;
      gint64 tc0, tc1;
      guint j, scanned = 0, n_touched = 0;

      if (s->start_ns > t_to)
        break;

      xa = X0 + (double) (s->start_ns - t0) * ppn;
      xb = X0 + (double) (s->end_ns - t0) * ppn;

      if (s->end_ns <= s->start_ns)
        {
          add_marker (p, lane, i, xa, y, h, &last_marker);
          i++;
          continue;
        }

      if (xb - xa >= 1.0 || xb <= drawn)
        {
          double a = MAX (xa, drawn), b = MIN (xb, X1);
          int key = segment_key (p, lane, i);

          if (b > a)
            {
              il_painter_pend_add (p, key, a, b, y, h);
              maybe_add_label (p, lane, i, key, a, b, y, h);
              drawn = b;
            }
          i++;
          continue;
        }

      /* A sub-pixel segment: colour its whole pixel column by coverage. */
      /* x >= drawn >= X0 >= 0 here, so truncation is floor (and far cheaper
       * than a call to floor() without SSE4.1). */
      cs = (double) (gint64) MAX (xa, drawn);
      ce = cs + 1;
      cs = MAX (cs, drawn);
      if (ce > X1)
        ce = X1;
      if (ce <= cs)
        break;
      tc0 = t0 + (gint64) ((cs - X0) / ppn);
      {
        double v = (ce - X0) / ppn;

        tc1 = t0 + (gint64) v + ((double) (gint64) v < v);
      }

      for (j = i; j < n && lane->segs[j].start_ns < tc1 && scanned < COLUMN_SCAN_MAX; j++, scanned++)
        {
          const IlSegment *c = &lane->segs[j];
          gint64 a = MAX (c->start_ns, tc0), b = MIN (c->end_ns, tc1);
          int key;

          if (c->end_ns <= c->start_ns)
            {
              add_marker (p, lane, j, X0 + (double) (c->start_ns - t0) * ppn, y, h, &last_marker);
              continue;
            }
          if (b <= a)
            continue;
          key = segment_key (p, lane, j);
          if (cov[key] == 0)
            touched[n_touched++] = key;
          cov[key] += (double) (b - a);
        }

      column_add (p, cov, touched, n_touched, cs, ce, y, h);
      drawn = ce;

      /* Continue with the first segment still open after this column. */
      if (scanned == COLUMN_SCAN_MAX)
        i = lane_seek (lane, j - 1, tc1);
      else if (j > i && lane->segs[j - 1].end_ns > tc1)
        i = j - 1;
      else
        i = j;
    }

  il_painter_pend_flush (p);
}

void
il_painter_paint_load_strip (Painter               *p,
                             const IlTraceSnapshot *snap,
                             guint                  cpu,
                             double                 y,
                             double                 h)
{
  const IlTimelineLayout *L = p->layout;
  double last_x = L->plot_x0, peak = 0;

  if (snap->n_core_samples == 0)
    return;
  il_painter_set_color (p->cr, &p->chrome->grid, 0.6);
  cairo_rectangle (p->cr, L->plot_x0, y, L->plot_x1 - L->plot_x0, h);
  cairo_fill (p->cr);

  for (guint i = 0; i < snap->n_core_samples; i++)
    {
      const IlCoreSample *cs = &snap->core_samples[i];
      gint64 start = i > 0 ? snap->core_samples[i - 1].time_ns : 0;
      double xa, xb, busy;

      if (cs->time_ns < L->t0)
        continue;
      if (start > L->t1)
        break;
      busy = cpu < cs->n_cpus ? CLAMP (cs->busy[cpu], 0.0f, 1.0f) : 0;
      xa = MAX (il_timeline_layout_time_to_x (L, start), last_x);
      xb = MIN (il_timeline_layout_time_to_x (L, cs->time_ns), L->plot_x1);
      peak = MAX (peak, busy);
      /* Samples narrower than a pixel: the column shows their peak. */
      if (xb - last_x < 1.0 && i + 1 < snap->n_core_samples)
        continue;
      if (xb > xa && peak > 0)
        il_painter_batch_add (p, KEY_LOAD, xa, y + h * (1 - peak), xb - xa, h * peak);
      last_x = MAX (xb, last_x);
      peak = 0;
    }
}
