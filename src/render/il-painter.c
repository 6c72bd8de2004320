/* il-painter.c — paints a timeline layout into any cairo context
 *
 * Segments are not drawn one by one: each lane adds rectangles to one batch
 * per colour (state or task, normal or dimmed), and every batch is filled
 * with a single path at the end.  A lane walks only its visible segments;
 * where segments get narrower than a pixel, each pixel column shows the
 * colour covering most of it, and once a column has seen enough segments the
 * walk jumps past it by binary search.  Dense lanes zoomed out take their
 * columns from the lane's summary instead (il-timeline.c: the dominant
 * state in time buckets of every power-of-two width), so a lane costs a few
 * steps per pixel column whatever the number of segments.
 *
 * On image surfaces the batches go straight to pixman, on whole pixels:
 * cairo's general fill costs thousands of instructions per rectangle.
 *
 * Hatching is a small repeating tile anchored at the origin, so the lines
 * run on across segments and a batch of hatched rectangles is one fill.
 */

#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>
#include <pixman.h>

#include "il-painter-private.h"

static void
unref_if_set (gpointer object)
{
  if (object)
    g_object_unref (object);
}

void
il_painter_set_color (cairo_t       *cr,
                      const IlColor *c,
                      double         alpha)
{
  if (alpha >= 1.0)
    cairo_set_source_rgb (cr, c->r, c->g, c->b);
  else
    cairo_set_source_rgba (cr, c->r, c->g, c->b, alpha);
}

/* ------------------------------------------------------------------------ */
/* Text */

void
il_painter_text_set (Painter                    *p,
                     const PangoFontDescription *font,
                     const char                 *text,
                     gboolean                    markup,
                     double                      width)
{
  pango_layout_set_font_description (p->pl, font);
  pango_layout_set_attributes (p->pl, NULL);
  if (markup)
    pango_layout_set_markup (p->pl, text, -1);
  else
    pango_layout_set_text (p->pl, text, -1);
  pango_layout_set_width (p->pl, width > 0 ? (int) (width * PANGO_SCALE) : -1);
  pango_layout_set_ellipsize (p->pl, width > 0 ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
}

double
il_painter_text_width (Painter *p)
{
  PangoRectangle log;

  pango_layout_get_pixel_extents (p->pl, NULL, &log);
  return log.width;
}

/* Draws the current text with its left edge at @x, centred in [y, y + h]. */
void
il_painter_text_show (Painter       *p,
                      double         x,
                      double         y,
                      double         h,
                      const IlColor *color,
                      double         alpha)
{
  PangoRectangle log;

  pango_layout_get_pixel_extents (p->pl, NULL, &log);
  il_painter_set_color (p->cr, color, alpha);
  cairo_move_to (p->cr, x, y + (h - log.height) / 2.0);
  pango_cairo_show_layout (p->cr, p->pl);
}

static void
draw_text (Painter                    *p,
           const PangoFontDescription *font,
           const char                 *text,
           gboolean                    markup,
           double                      x,
           double                      y,
           double                      width,
           double                      h,
           const IlColor              *color)
{
  il_painter_text_set (p, font, text, markup, width);
  il_painter_text_show (p, x, y, h, color, 1.0);
}

/* ------------------------------------------------------------------------ */
/* Batches */

/* floor (v + 0.5), without a call into libm (which floor and round are
 * without SSE4.1): the device pixel edge nearest to @v. */

void
il_painter_batch_add (Painter *p,
                      int      key,
                      double   x,
                      double   y,
                      double   w,
                      double   h)
{
  RectBatch *b = &p->rects[key];

  if (G_UNLIKELY (b->len == b->cap))
    {
      b->cap = MAX (256, 2 * b->cap);
      b->v = g_renew (Rect, b->v, b->cap);
    }
  b->v[b->len++] = (Rect) { x, y, w, h };
}

void
il_painter_pend_flush (Painter *p)
{
  if (p->pend_key >= 0 && p->pend.w > 0)
    il_painter_batch_add (p, p->pend_key, p->pend.x, p->pend.y, p->pend.w, p->pend.h);
  p->pend_key = -1;
}

/* Adds [x0, x1] to the lane's pending rectangle, or starts a new one. */
void
il_painter_pend_add (Painter *p,
                     int      key,
                     double   x0,
                     double   x1,
                     double   y,
                     double   h)
{
  if (x1 <= x0)
    return;
  if (key == p->pend_key && fabs (p->pend.x + p->pend.w - x0) < 1e-3)
    {
      p->pend.w = x1 - p->pend.x;
      return;
    }
  il_painter_pend_flush (p);
  p->pend_key = key;
  p->pend = (Rect) { x0, y, x1 - x0, h };
}

/* The hatch of @style as a repeating square tile, anchored at the origin of
 * user space so lines run on across segments.  The directions are integer
 * vectors, so the line families repeat exactly every hatch_period px in x
 * and y: the tile needs no transformation (the fast path of pixman).  The
 * tile is an image at @resolution pixels per px; vector targets get a fine
 * one for print.  (Vector tiles from recording surfaces trip cairo 1.16's
 * SVG backend: uninitialised reads and a leak.) */
static cairo_pattern_t *
hatch_pattern_new (const IlStateStyle *style,
                   double              alpha,
                   double              resolution)
{
  /* Several periods to a tile: pixman splits a box at every tile edge. */
  double c = style->hatch_period * HATCH_TILE_PERIODS;
  int size = MAX (1, (int) round (c * resolution));
  cairo_surface_t *tile = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, size, size);
  cairo_pattern_t *pattern;
  cairo_matrix_t m;
  cairo_t *cr;

  cr = cairo_create (tile);
  cairo_scale (cr, size / c, size / c);
  il_painter_set_color (cr, &style->fill, 1.0);
  cairo_paint (cr);
  for (guint d = 0; d < 2; d++)
    {
      double dx = style->hatch_dir[d][0], dy = style->hatch_dir[d][1];
      double n2 = dx * dx + dy * dy, kmax = fabs (dx) + fabs (dy) + 1;

      if (n2 == 0)
        continue;
      /* Lines dy·x − dx·y = k·period; draw every one that crosses the tile. */
      kmax *= HATCH_TILE_PERIODS;
      for (double k = -kmax; k <= kmax; k++)
        {
          double fx = k * style->hatch_period * dy / n2, fy = -k * style->hatch_period * dx / n2;
          double reach = 5 * c / sqrt (n2);

          cairo_move_to (cr, fx - reach * dx, fy - reach * dy);
          cairo_line_to (cr, fx + reach * dx, fy + reach * dy);
        }
    }
  il_painter_set_color (cr, &style->hatch, 1.0);
  cairo_set_line_width (cr, style->hatch_width);
  cairo_stroke (cr);
  if (alpha < 1.0)
    {
      /* Keep only @alpha of the whole tile. */
      cairo_set_operator (cr, CAIRO_OPERATOR_DEST_IN);
      cairo_paint_with_alpha (cr, alpha);
    }
  cairo_destroy (cr);

  pattern = cairo_pattern_create_for_surface (tile);
  cairo_surface_destroy (tile);
  cairo_pattern_set_extend (pattern, CAIRO_EXTEND_REPEAT);
  cairo_matrix_init_scale (&m, size / c, size / c);
  cairo_pattern_set_matrix (pattern, &m);
  return pattern;
}

/* Tiles are the same from one paint to the next: kept for the life of the
 * thread, a few dozen at most (state × dimmed × dark × resolution).  Each
 * thread has its own: cairo changes a source surface while painting it
 * (snapshots for vector targets), so two threads must not share one. */
static GPrivate hatch_tiles = G_PRIVATE_INIT ((GDestroyNotify) g_hash_table_unref);

cairo_pattern_t *
il_painter_hatch_pattern (Painter *p,
                          IlState  state,
                          gboolean dim)
{
  cairo_pattern_t **slot = &p->hatch[state][dim];

  if (*slot == NULL)
    {
      /* Device pixels per px: the tile is drawn at the target's own pixels. */
      double resolution = p->vector ? 4.0 : hypot (p->to_device.xx, p->to_device.yx);
      GHashTable *tiles;
      guint64 key;

      key = (guint64) state | (guint64) !!dim << 8 | (guint64) !!p->dark << 9 |
            (guint64) (guint32) round (resolution * 1024) << 16;

      tiles = g_private_get (&hatch_tiles);
      if (tiles == NULL)
        {
          tiles = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                         (GDestroyNotify) cairo_pattern_destroy);
          g_private_set (&hatch_tiles, tiles);
        }
      *slot = g_hash_table_lookup (tiles, &key);
      if (*slot == NULL)
        {
          *slot = hatch_pattern_new (il_palette_get_state_style (state, p->dark),
                                     dim ? DIM_ALPHA : 1.0, resolution);
          g_hash_table_insert (tiles, g_memdup2 (&key, sizeof key), *slot);
        }
      cairo_pattern_reference (*slot);
    }
  return *slot;
}

/* Fills the current path (and clears it) in the style of @state. */
void
il_painter_fill_state_path (Painter *p,
                            IlState  state,
                            gboolean dim)
{
  const IlStateStyle *style = il_palette_get_state_style (state, p->dark);
  cairo_t *cr = p->cr;

  if (!style->hatched)
    {
      il_painter_set_color (cr, &style->fill, dim ? DIM_ALPHA : 1.0);
      cairo_fill (cr);
      return;
    }

  cairo_set_source (cr, il_painter_hatch_pattern (p, state, dim));
  cairo_fill (cr);
}

const IlColor *
il_painter_key_color (Painter *p,
                      int      key)
{
  if (key < KEY_TASK (0, 0))
    return &il_palette_get_state_style (key / 2, p->dark)->fill;
  if (key < KEY_LOAD)
    return il_palette_get_task_color ((key - KEY_TASK (0, 0)) / 2, p->dark);
  return &p->chrome->load;
}

static void
batches_flush (Painter *p)
{
  cairo_t *cr = p->cr;
  pixman_box32_t clip;

  if (il_painter_raster_target (p, &clip))
    {
      il_painter_flush_raster (p, &clip);
      return;
    }

  for (int key = 0; key < N_KEYS; key++)
    {
      RectBatch *a = &p->rects[key];
      double alpha = key < KEY_LOAD && (key & 1) ? DIM_ALPHA : 1.0;

      if (a->len == 0)
        continue;

      for (guint i = 0; i < a->len; i++)
        {
          Rect r = a->v[i];

          if (il_painter_snap_rect (p, &r))
            cairo_rectangle (cr, r.x, r.y, r.w, r.h);
        }
      if (key < KEY_TASK (0, 0))
        il_painter_fill_state_path (p, key / 2, key & 1);
      else
        {
          il_painter_set_color (cr, il_painter_key_color (p, key), alpha);
          cairo_fill (cr);
        }
      a->len = 0;
    }
}

/* ------------------------------------------------------------------------ */
/* Markers and labels on segments */

/* The end of a task: done is a tick standing out of the lane, failed a
 * cross, stopped a small square (the stop button's shape).  Marks too
 * small for a shape are ticks in their state's colour. */
static void
paint_markers (Painter *p)
{
  static const IlState ends[] = { IL_STATE_DONE, IL_STATE_FAILED, IL_STATE_STOPPED };
  cairo_t *cr = p->cr;

  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (guint pass = 0; pass < G_N_ELEMENTS (ends) * 2; pass++)
    {
      IlState want_end = ends[pass % G_N_ELEMENTS (ends)];
      gboolean want_dim = pass >= G_N_ELEMENTS (ends);
      const IlColor *color = &il_palette_get_state_style (want_end, p->dark)->fill;
      gboolean any_line = FALSE, any_fill = FALSE;

      /* Squares first (filled), then the lines. */
      for (guint i = 0; i < p->markers->len; i++)
        {
          const Marker *m = &g_array_index (p->markers, Marker, i);
          double r;

          if (m->end != want_end || m->dim != want_dim || m->end != IL_STATE_STOPPED || m->h < 6)
            continue;
          any_fill = TRUE;
          r = MIN (m->h * 0.3, 5);
          cairo_rectangle (cr, m->x - r, m->y + m->h / 2 - r, 2 * r, 2 * r);
        }
      if (any_fill)
        {
          il_painter_set_color (cr, color, want_dim ? DIM_ALPHA : 1.0);
          cairo_fill (cr);
        }
      for (guint i = 0; i < p->markers->len; i++)
        {
          const Marker *m = &g_array_index (p->markers, Marker, i);
          double r;

          if (m->end != want_end || m->dim != want_dim)
            continue;
          if (m->end == IL_STATE_STOPPED && m->h >= 6)
            continue;
          any_line = TRUE;
          if (m->end != IL_STATE_FAILED || m->h < 6)
            {
              /* a tick standing out of the lane */
              double ext = m->h >= 6 ? 2 : 0;

              cairo_move_to (cr, m->x, m->y - ext);
              cairo_line_to (cr, m->x, m->y + m->h + ext);
              continue;
            }
          /* failed: a cross */
          r = MIN (m->h * 0.4, 7);
          cairo_move_to (cr, m->x - r, m->y + m->h / 2 - r);
          cairo_line_to (cr, m->x + r, m->y + m->h / 2 + r);
          cairo_move_to (cr, m->x - r, m->y + m->h / 2 + r);
          cairo_line_to (cr, m->x + r, m->y + m->h / 2 - r);
        }
      if (!any_line)
        continue;
      il_painter_set_color (cr, color, want_dim ? DIM_ALPHA : 1.0);
      cairo_set_line_width (cr, want_end == IL_STATE_FAILED ? 2.0 : 1.5);
      cairo_stroke (cr);
    }
  g_array_set_size (p->markers, 0);
}

/* "cpu N" (@short_form: "N") laid out once per paint and core. */
static PangoLayout *
cpu_label (Painter  *p,
           guint     cpu,
           gboolean  short_form)
{
  guint slot = cpu * 2 + !!short_form;

  if (slot >= p->cpu_labels->len)
    g_ptr_array_set_size (p->cpu_labels, slot + 2);
  if (g_ptr_array_index (p->cpu_labels, slot) == NULL)
    {
      PangoLayout *pl = pango_layout_copy (p->pl);
      char buf[32];

      if (short_form)
        g_snprintf (buf, sizeof buf, "%u", cpu);
      else
        g_snprintf (buf, sizeof buf, _("cpu %u"), cpu);
      pango_layout_set_attributes (pl, NULL);
      pango_layout_set_font_description (pl, p->small_font);
      pango_layout_set_width (pl, -1);
      pango_layout_set_text (pl, buf, -1);
      g_ptr_array_index (p->cpu_labels, slot) = pl;
    }
  return g_ptr_array_index (p->cpu_labels, slot);
}

static void
paint_labels (Painter *p)
{
  const IlTimelineLayout *L = p->layout;
  const IlColor black = { 0, 0, 0 }, white = { 1, 1, 1 };
  const double pad = 3;

  for (guint i = 0; i < p->labels->len; i++)
    {
      const Label *l = &g_array_index (p->labels, Label, i);
      const IlColor *bg = il_painter_key_color (p, l->key);
      const IlColor *fg = il_color_luminance (bg) > 0.45 ? &black : &white;
      double alpha = (l->key & 1) ? 0.5 : 1.0;

      if (L->view == IL_VIEW_CORES)
        {
          const IlTraceSnapshot *snap = L->runs[l->run].run.snapshot;
          const char *name = l->value < snap->n_tasks ? snap->tasks[l->value].name : NULL;

          if (name == NULL)
            continue;
          il_painter_text_set (p, p->small_font, name, FALSE, l->w - 2 * pad);
        }
      else
        {
          PangoLayout *pl = cpu_label (p, l->value, FALSE);
          PangoRectangle log;

          pango_layout_get_pixel_extents (pl, NULL, &log);
          if (log.width + 2 * pad > l->w)
            {
              pl = cpu_label (p, l->value, TRUE);
              pango_layout_get_pixel_extents (pl, NULL, &log);
              if (log.width + 2 * pad > l->w)
                continue;
            }
          il_painter_set_color (p->cr, fg, alpha);
          cairo_move_to (p->cr, l->x + pad, l->y + (l->h - log.height) / 2.0);
          pango_cairo_show_layout (p->cr, pl);
          continue;
        }
      il_painter_text_show (p, l->x + pad, l->y, l->h, fg, alpha);
    }
  g_array_set_size (p->labels, 0);
}


/* ------------------------------------------------------------------------ */

static void
paint_run (Painter           *p,
           const IlLayoutRun *lr,
           double             clip_y0,
           double             clip_y1,
           gint64             t_from,
           gint64             t_to)
{
  const IlTimelineLayout *L = p->layout;
  cairo_t *cr = p->cr;
  double lanes_end = lr->lanes_y + lr->n_lanes * L->lane_h;
  double last_row = -1;
  guint k0, k1;

  if (lr->header_y + L->header_h >= clip_y0 && lr->header_y <= clip_y1)
    {
      g_autofree char *summary = il_painter_run_summary (&lr->run);

      draw_text (p, p->font, summary, TRUE, L->label_x, lr->header_y,
                 L->width - L->margin - L->label_x, L->header_h, &p->chrome->foreground);
    }

  if (L->lane_h <= 0 || lr->n_lanes == 0 || lanes_end < clip_y0 || lr->lanes_y > clip_y1)
    return;

  /* Only the lanes inside the clip. */
  k0 = clip_y0 > lr->lanes_y ? (guint) ((clip_y0 - lr->lanes_y) / L->lane_h) : 0;
  k1 = MIN (lr->n_lanes, (guint) ((clip_y1 - lr->lanes_y) / L->lane_h) + 1);

  /* Lane backgrounds: stripes.  (The selected task is outlined, not
   * tinted: a tint reads as one more state.) */
  for (guint k = k0; k < k1; k++)
    {
      double y = lr->lanes_y + k * L->lane_h;

      if (k % 2 == 1 && L->lane_h >= 3)
        il_painter_set_color (cr, &p->chrome->lane_stripe, 1.0);
      else
        continue;
      cairo_rectangle (cr, L->label_x, y, L->plot_x1 - L->label_x, L->lane_h);
      cairo_fill (cr);
    }

  il_painter_paint_grid (p, lr->lanes_y, lanes_end);

  for (guint k = k0; k < k1; k++)
    {
      const IlLane *lane = &lr->lanes[k];
      double y, h, bar_y, bar_h;

      il_timeline_layout_get_lane_extents (L, lr - L->runs, k, &y, &h);
      /* Lanes thinner than a pixel: one per pixel row. */
      if (h < 1)
        {
          if (floor (y) == last_row)
            continue;
          last_row = floor (y);
          h = 1;
        }

      if (h >= L->font_px * 0.9)
        {
          gboolean hl = p->highlight >= 0 && L->view == IL_VIEW_TASKS && lane->id == p->highlight;

          il_painter_text_set (p, p->font, lane->label, FALSE, L->label_w);
          il_painter_text_show (p, L->label_x, y, h, hl ? &p->chrome->foreground : &p->chrome->dim_foreground, 1.0);
        }

      il_timeline_layout_get_bar_extents (L, lr - L->runs, k, &bar_y, &bar_h);
      if (bar_h < 1)
        {
          bar_y = y;
          bar_h = h;
        }
      il_painter_paint_lane (p, lane, t_from, t_to, bar_y, bar_h);

      if (L->view == IL_VIEW_CORES)
        {
          double sy, sh;

          il_timeline_layout_get_strip_extents (L, lr - L->runs, k, &sy, &sh);
          if (sh > 0)
            il_painter_paint_load_strip (p, lr->run.snapshot, lane->id, sy, sh);
        }
    }
}

/* The lane of @seg (a segment of @task) in @lr's view, or -1. */
static gint
selection_lane (const IlTimelineLayout *L,
                const IlLayoutRun      *lr,
                guint                   task,
                const IlSegment        *seg)
{
  gint id;

  switch (L->view)
    {
    case IL_VIEW_TASKS:
      id = (gint) task;
      break;
    case IL_VIEW_WORKERS:
      id = seg->worker == IL_NO_WORKER ? -1 : (gint) seg->worker;
      break;
    case IL_VIEW_CORES:
    default:
      id = seg->cpu;
      break;
    }
  if (id < 0)
    return -1;
  for (guint k = 0; k < lr->n_lanes; k++)
    if (lr->lanes[k].id == id)
      return k;
  return -1;
}

/* The selected task: an outline around each stretch of its segments (the
 * other tasks are dimmed by the lanes), so it stands out in every view
 * without a colour of its own. */
static void
paint_selection (Painter *p)
{
  const IlTimelineLayout *L = p->layout;
  cairo_t *cr = p->cr;
  gboolean any = FALSE;

  if (p->highlight < 0)
    return;
  for (guint r = 0; r < L->n_runs; r++)
    {
      const IlLayoutRun *lr = &L->runs[r];
      const IlTaskSnapshot *task;
      gint run_lane = -1;
      double run_x0 = 0, run_x1 = 0;

      if ((guint) p->highlight >= lr->run.snapshot->n_tasks)
        continue;
      task = &lr->run.snapshot->tasks[p->highlight];
      for (guint i = 0; i <= task->n_segments; i++)
        {
          const IlSegment *seg = i < task->n_segments ? &task->segments[i] : NULL;
          gint lane = seg ? selection_lane (L, lr, task->id, seg) : -1;
          double x0 = 0, x1 = 0;

          if (seg)
            {
              x0 = il_timeline_layout_time_to_x (L, MAX (seg->start_ns, L->t0));
              x1 = il_timeline_layout_time_to_x (L, MIN (seg->end_ns, L->t1));
            }
          /* Stretches in one lane join up. */
          if (seg && lane >= 0 && lane == run_lane && x0 - run_x1 < 1)
            {
              run_x1 = MAX (run_x1, x1);
              continue;
            }
          if (run_lane >= 0 && run_x1 > run_x0)
            {
              double y, h;

              il_timeline_layout_get_bar_extents (L, r, run_lane, &y, &h);
              if (h >= 1)
                {
                  cairo_rectangle (cr, round (run_x0) - 1, round (y) - 1,
                                   MAX (round (run_x1) - round (run_x0), 1) + 2, round (h) + 2);
                  any = TRUE;
                }
            }
          run_lane = seg && seg->end_ns > L->t0 && seg->start_ns < L->t1 ? lane : -1;
          run_x0 = x0;
          run_x1 = x1;
        }
    }
  if (!any)
    return;
  /* A halo in the background colour, then the outline. */
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_MITER);
  il_painter_set_color (cr, &p->chrome->background, 1.0);
  cairo_set_line_width (cr, 4);
  cairo_stroke_preserve (cr);
  il_painter_set_color (cr, &p->chrome->foreground, 1.0);
  cairo_set_line_width (cr, 2);
  cairo_stroke (cr);
}

/* The dashes of one ideal line as rectangles @w wide: filling rectangles
 * costs cairo a fraction of stroking a dashed line. */
static void
ideal_dashes (cairo_t *cr,
              double   x,
              double   y0,
              double   y1,
              double   w)
{
  for (double y = y0; y < y1; y += IDEAL_DASH_ON + IDEAL_DASH_OFF)
    cairo_rectangle (cr, x - w / 2, y, w, MIN (IDEAL_DASH_ON, y1 - y));
}

static void
paint_ideal_lines (Painter *p)
{
  const IlTimelineLayout *L = p->layout;
  cairo_t *cr = p->cr;

  /* A halo in the background colour keeps the line visible over busy
   * lanes; then the line. */
  for (guint pass = 0; pass < 2; pass++)
    {
      for (guint r = 0; r < L->n_runs; r++)
        {
          const IlLayoutRun *lr = &L->runs[r];
          double x;

          if (lr->run.ideal_ns < L->t0 || lr->run.ideal_ns > L->t1 || lr->n_lanes == 0)
            continue;
          x = il_timeline_layout_time_to_x (L, lr->run.ideal_ns);
          ideal_dashes (cr, x, lr->lanes_y - 2, lr->lanes_y + lr->n_lanes * L->lane_h + 2,
                        pass == 0 ? 3.5 : 1.5);
        }
      if (pass == 0)
        il_painter_set_color (cr, &p->chrome->background, 0.7);
      else
        il_painter_set_color (cr, &p->chrome->foreground, 0.9);
      cairo_fill (cr);
    }
}

static void paint_full (cairo_t                *cr,
                        const IlTimelineLayout *layout,
                        const IlPaintOptions   *opts,
                        GArray                 *legend_items);

void
il_painter_paint (cairo_t                *cr,
                  const IlTimelineLayout *layout,
                  const IlPaintOptions   *opts)
{
  g_return_if_fail (cr != NULL);
  g_return_if_fail (layout != NULL);

  paint_full (cr, layout, opts, NULL);
}

double
il_painter_caption_height (const IlTimelineLayout *layout,
                           const char             *caption)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  PangoLayout *pl;
  PangoFontDescription *font;
  PangoRectangle log;

  g_return_val_if_fail (layout != NULL, 0);

  if (caption == NULL)
    return 0;
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cr = cairo_create (surface);
  pl = pango_cairo_create_layout (cr);
  font = pango_font_description_from_string ("Sans");
  /* The painter's small font, wrapped at the same width. */
  pango_font_description_set_absolute_size (font, round (layout->font_px * 0.85) * PANGO_SCALE);
  pango_layout_set_font_description (pl, font);
  pango_layout_set_text (pl, caption, -1);
  pango_layout_set_width (pl, (int) ((layout->width - layout->label_x - layout->margin) * PANGO_SCALE));
  pango_layout_set_wrap (pl, PANGO_WRAP_WORD_CHAR);
  pango_layout_get_pixel_extents (pl, NULL, &log);
  pango_font_description_free (font);
  g_object_unref (pl);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return ceil (log.height + layout->margin);
}

GArray *
il_painter_get_legend_items (const IlTimelineLayout *layout,
                             const IlPaintOptions   *opts)
{
  GArray *items = g_array_new (FALSE, FALSE, sizeof (IlLegendItem));
  cairo_surface_t *surface;
  cairo_t *cr;

  g_return_val_if_fail (layout != NULL, items);

  /* The legend alone, clipped away: the same text measures, no pixels. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cr = cairo_create (surface);
  cairo_rectangle (cr, 0, layout->axis_y + layout->axis_h, 1, 1);
  cairo_clip (cr);
  paint_full (cr, layout, opts, items);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return items;
}

static void
paint_full (cairo_t                *cr,
            const IlTimelineLayout *layout,
            const IlPaintOptions   *opts,
            GArray                 *legend_items)
{
  static const IlPaintOptions defaults = IL_PAINT_OPTIONS_INIT;
  const IlTimelineLayout *L = layout;
  Painter p = { 0, };
  double cx0, cy0, cx1, cy1;
  gint64 t_from, t_to;

  if (opts == NULL)
    opts = &defaults;

  p.cr = cr;
  p.layout = layout;
  p.dark = opts->dark;
  p.highlight = opts->highlight_task;
  p.chrome = il_palette_get_chrome (opts->dark);
  switch (cairo_surface_get_type (cairo_get_target (cr)))
    {
    case CAIRO_SURFACE_TYPE_PDF:
    case CAIRO_SURFACE_TYPE_PS:
    case CAIRO_SURFACE_TYPE_SVG:
      p.vector = TRUE;
      break;
    default:
      break;
    }
  {
    /* The CTM leaves out the target's own device scale and offset. */
    cairo_surface_t *target = cairo_get_group_target (cr);
    double sx, sy, ox, oy;
    cairo_matrix_t device;

    cairo_surface_get_device_scale (target, &sx, &sy);
    cairo_surface_get_device_offset (target, &ox, &oy);
    cairo_matrix_init (&device, sx, 0, 0, sy, ox, oy);
    cairo_get_matrix (cr, &p.to_device);
    cairo_matrix_multiply (&p.to_device, &p.to_device, &device);
  }
  p.pend_key = -1;
  p.markers = g_array_new (FALSE, FALSE, sizeof (Marker));
  p.labels = g_array_new (FALSE, FALSE, sizeof (Label));
  p.cpu_labels = g_ptr_array_new_with_free_func (unref_if_set);
  p.legend_items = legend_items;

  p.pl = pango_cairo_create_layout (cr);
  p.font = pango_font_description_from_string ("Sans");
  pango_font_description_set_absolute_size (p.font, L->font_px * PANGO_SCALE);
  p.small_font = pango_font_description_copy (p.font);
  pango_font_description_set_absolute_size (p.small_font, round (L->font_px * 0.85) * PANGO_SCALE);

  cairo_save (cr);

  cairo_clip_extents (cr, &cx0, &cy0, &cx1, &cy1);
  t_from = MAX (L->t0, il_timeline_layout_x_to_time (L, MAX (cx0, L->plot_x0) - 1));
  t_to = MIN (L->t1, il_timeline_layout_x_to_time (L, MIN (cx1, L->plot_x1) + 1));

  il_painter_set_color (cr, &p.chrome->background, 1.0);
  cairo_rectangle (cr, 0, 0, L->width, L->height + il_painter_caption_height (L, opts->caption));
  cairo_fill (cr);

  for (p.run = 0; p.run < L->n_runs; p.run++)
    paint_run (&p, &L->runs[p.run], cy0, cy1, t_from, t_to);

  /* Everything drawn in time coordinates stays inside the plot. */
  cairo_save (cr);
  {
    Rect plot = { L->plot_x0, 0, L->plot_x1 - L->plot_x0 + 8, L->axis_y };

    if (il_painter_snap_rect (&p, &plot))
      cairo_rectangle (cr, plot.x, plot.y, plot.w, plot.h);
  }
  cairo_clip (cr);
  batches_flush (&p);
  paint_markers (&p);
  paint_labels (&p);
  paint_ideal_lines (&p);
  paint_selection (&p);
  cairo_restore (cr);

  if (L->axis_y + L->axis_h >= cy0)
    {
      il_painter_paint_axis (&p);
      il_painter_paint_legend (&p);
    }
  if (opts->caption != NULL && legend_items == NULL)
    {
      /* Under the content, which ends above the layout's height when the
       * lanes have their full size. */
      il_painter_text_set (&p, p.small_font, opts->caption, FALSE, -1);
      pango_layout_set_width (p.pl, (int) ((L->width - L->label_x - L->margin) * PANGO_SCALE));
      pango_layout_set_wrap (p.pl, PANGO_WRAP_WORD_CHAR);
      il_painter_set_color (cr, &p.chrome->dim_foreground, 1.0);
      cairo_move_to (cr, L->label_x, il_timeline_layout_get_content_height (L));
      pango_cairo_show_layout (cr, p.pl);
      pango_layout_set_wrap (p.pl, PANGO_WRAP_WORD);
    }

  cairo_restore (cr);

  for (guint k = 0; k < N_KEYS; k++)
    g_free (p.rects[k].v);
  for (guint k = 0; k < IL_N_STATES * 2; k++)
    g_clear_pointer (&p.hatch[k / 2][k % 2], cairo_pattern_destroy);
  g_array_unref (p.markers);
  g_array_unref (p.labels);
  g_ptr_array_unref (p.cpu_labels);
  pango_font_description_free (p.font);
  pango_font_description_free (p.small_font);
  g_object_unref (p.pl);
}
