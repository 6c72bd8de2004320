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

#include "il-painter.h"
#include "il-palette.h"
#include "il-timeline-private.h"

/* Segments looked at in one pixel column before jumping past it. */
#define COLUMN_SCAN_MAX 32
#define DIM_ALPHA       0.28
#define HATCH_TILE_PERIODS 8
#define IDEAL_DASH_ON   4.0
#define IDEAL_DASH_OFF  3.0

G_STATIC_ASSERT (IL_LANE_N_TASK_CLASSES == IL_PALETTE_N_TASK_COLORS);

#define KEY_STATE(s, dim) ((s) * 2 + (dim))
#define KEY_TASK(c, dim)  (2 * IL_N_STATES + (c) * 2 + (dim))
#define KEY_LOAD          (2 * IL_N_STATES + 2 * IL_PALETTE_N_TASK_COLORS)
#define N_KEYS            (KEY_LOAD + 1)

typedef struct {
  float x, y, w, h;
} Rect;

/* The rectangles of one colour, grown by hand: appending is the painter's
 * most frequent call. */
typedef struct {
  Rect  *v;
  guint  len;
  guint  cap;
} RectBatch;

typedef struct {
  float   x, y, h;
  guint8  failed;
  guint8  dim;
} Marker;

typedef struct {
  float   x, y, w, h;
  guint32 value;           /* cpu, or task */
  guint16 key;
  guint16 run;
} Label;

typedef struct {
  cairo_t                *cr;
  const IlTimelineLayout *layout;
  gboolean                dark;
  gint                    highlight;
  gboolean                vector;        /* SVG, PDF, PS */
  cairo_matrix_t          to_device;     /* user space to device pixels */
  const IlChromeColors   *chrome;
  cairo_pattern_t        *hatch[IL_N_STATES][2];   /* [state][dim] */

  PangoLayout            *pl;
  PangoFontDescription   *font;
  PangoFontDescription   *small_font;

  RectBatch               rects[N_KEYS];
  GArray                 *markers;
  GArray                 *labels;
  GPtrArray              *cpu_labels;    /* PangoLayout: "cpu N", "N" */

  /* The run being painted, and the rectangle its lane walk extends. */
  guint                   run;
  int                     pend_key;
  Rect                    pend;
} Painter;

static void
unref_if_set (gpointer object)
{
  if (object)
    g_object_unref (object);
}

static void
set_color (cairo_t       *cr,
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

static void
text_set (Painter                    *p,
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

static double
text_width (Painter *p)
{
  PangoRectangle log;

  pango_layout_get_pixel_extents (p->pl, NULL, &log);
  return log.width;
}

/* Draws the current text with its left edge at @x, centred in [y, y + h]. */
static void
text_show (Painter       *p,
           double         x,
           double         y,
           double         h,
           const IlColor *color,
           double         alpha)
{
  PangoRectangle log;

  pango_layout_get_pixel_extents (p->pl, NULL, &log);
  set_color (p->cr, color, alpha);
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
  text_set (p, font, text, markup, width);
  text_show (p, x, y, h, color, 1.0);
}

/* ------------------------------------------------------------------------ */
/* Batches */

/* floor (v + 0.5), without a call into libm (which floor and round are
 * without SSE4.1): the device pixel edge nearest to @v. */
static inline int
px_round (double v)
{
  double h = v + 0.5;
  int i = (int) h;

  return i - (h < i);
}

static void
batch_add (Painter *p,
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

static void
pend_flush (Painter *p)
{
  if (p->pend_key >= 0 && p->pend.w > 0)
    batch_add (p, p->pend_key, p->pend.x, p->pend.y, p->pend.w, p->pend.h);
  p->pend_key = -1;
}

/* Adds [x0, x1] to the lane's pending rectangle, or starts a new one. */
static void
pend_add (Painter *p,
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
  pend_flush (p);
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
  set_color (cr, &style->fill, 1.0);
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
  set_color (cr, &style->hatch, 1.0);
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

static cairo_pattern_t *
hatch_pattern (Painter *p,
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
static void
fill_state_path (Painter *p,
                 IlState  state,
                 gboolean dim)
{
  const IlStateStyle *style = il_palette_get_state_style (state, p->dark);
  cairo_t *cr = p->cr;

  if (!style->hatched)
    {
      set_color (cr, &style->fill, dim ? DIM_ALPHA : 1.0);
      cairo_fill (cr);
      return;
    }

  cairo_set_source (cr, hatch_pattern (p, state, dim));
  cairo_fill (cr);
}

static const IlColor *
key_color (Painter *p,
           int      key)
{
  if (key < KEY_TASK (0, 0))
    return &il_palette_get_state_style (key / 2, p->dark)->fill;
  if (key < KEY_LOAD)
    return il_palette_get_task_color ((key - KEY_TASK (0, 0)) / 2, p->dark);
  return &p->chrome->load;
}

/* @r in whole device pixels: the pixel edges nearest to its edges.  A
 * timeline's edges are at best a pixel apart anyway, and cairo fills
 * pixel-aligned boxes without computing coverage, many times faster than
 * boxes with fractional edges.  Assumes no rotation (the painter is never
 * asked to draw rotated). */
static pixman_box32_t
device_box (const Painter *p,
            const Rect    *r)
{
  const cairo_matrix_t *m = &p->to_device;

  return (pixman_box32_t) { px_round (m->xx * r->x + m->x0), px_round (m->yy * r->y + m->y0),
                            px_round (m->xx * (r->x + r->w) + m->x0),
                            px_round (m->yy * (r->y + r->h) + m->y0) };
}

/* @r with its edges on whole device pixels on raster targets (vector
 * targets keep the exact edges); FALSE when nothing is left of it. */
static gboolean
snap_rect (const Painter *p,
           Rect          *r)
{
  const cairo_matrix_t *m = &p->to_device;
  pixman_box32_t b;

  if (p->vector)
    return r->w > 0 && r->h > 0;
  b = device_box (p, r);
  if (b.x2 <= b.x1 || b.y2 <= b.y1)
    return FALSE;
  *r = (Rect) { (b.x1 - m->x0) / m->xx, (b.y1 - m->y0) / m->yy,
                (b.x2 - b.x1) / m->xx, (b.y2 - b.y1) / m->yy };
  return TRUE;
}

/* The device rectangle a raster target may be painted in directly, with
 * pixman: an ARGB32 or RGB24 image, no rotation or skew, and a clip that is
 * one rectangle.  FALSE when cairo has to do it. */
static gboolean
raster_target (Painter          *p,
               pixman_box32_t   *clip)
{
  cairo_surface_t *target = cairo_get_group_target (p->cr);
  const cairo_matrix_t *m = &p->to_device;
  cairo_rectangle_list_t *list;
  gboolean ok = FALSE;

  if (p->vector || cairo_surface_get_type (target) != CAIRO_SURFACE_TYPE_IMAGE ||
      m->xy != 0 || m->yx != 0 || m->xx <= 0 || m->yy <= 0 ||
      cairo_get_operator (p->cr) != CAIRO_OPERATOR_OVER)
    return FALSE;
  switch (cairo_image_surface_get_format (target))
    {
    case CAIRO_FORMAT_ARGB32:
    case CAIRO_FORMAT_RGB24:
      break;
    default:
      return FALSE;
    }

  list = cairo_copy_clip_rectangle_list (p->cr);
  if (list->status == CAIRO_STATUS_SUCCESS && list->num_rectangles <= 1)
    {
      double x0 = 0, y0 = 0, x1 = 0, y1 = 0;

      if (list->num_rectangles == 1)
        {
          const cairo_rectangle_t *r = &list->rectangles[0];

          x0 = m->xx * r->x + m->x0;
          x1 = m->xx * (r->x + r->width) + m->x0;
          y0 = m->yy * r->y + m->y0;
          y1 = m->yy * (r->y + r->height) + m->y0;
        }
      /* Only a clip on whole pixels: anything else is cairo's to blend. */
      ok = x0 == floor (x0) && x1 == floor (x1) && y0 == floor (y0) && y1 == floor (y1);
      clip->x1 = MAX (0, (int) x0);
      clip->y1 = MAX (0, (int) y0);
      clip->x2 = MIN (cairo_image_surface_get_width (target), (int) x1);
      clip->y2 = MIN (cairo_image_surface_get_height (target), (int) y1);
    }
  cairo_rectangle_list_destroy (list);
  return ok;
}

static pixman_color_t
pixman_color (const IlColor *c,
              double         alpha)
{
  /* Premultiplied, 16 bits a channel. */
  return (pixman_color_t) { (guint16) round (c->r * alpha * 0xffff),
                            (guint16) round (c->g * alpha * 0xffff),
                            (guint16) round (c->b * alpha * 0xffff),
                            (guint16) round (alpha * 0xffff) };
}

/* Most boxes of a busy timeline are a pixel or two wide: writing their
 * pixels costs less than pixman's setting up of a fill or composite for
 * each.  Opaque colours and tiles only (over is then a copy). */
static void
fill_opaque_boxes (cairo_surface_t      *target,
                   const pixman_color_t *c,
                   const GArray         *boxes)
{
  guint8 *data = cairo_image_surface_get_data (target);
  int stride = cairo_image_surface_get_stride (target);
  /* 8 bits of the 16, as pixman and cairo make them. */
  guint32 pixel = 0xff000000u | (guint32) (c->red >> 8) << 16 | (guint32) (c->green >> 8) << 8 |
                  (guint32) (c->blue >> 8);

  for (guint i = 0; i < boxes->len; i++)
    {
      const pixman_box32_t *b = &g_array_index (boxes, pixman_box32_t, i);

      for (int y = b->y1; y < b->y2; y++)
        {
          guint32 *row = (guint32 *) (gpointer) (data + (gsize) y * stride);

          for (int x = b->x1; x < b->x2; x++)
            row[x] = pixel;
        }
    }
}

static void
copy_tile_boxes (cairo_surface_t *target,
                 cairo_surface_t *tile,
                 const GArray    *boxes,
                 int              origin_x,
                 int              origin_y)
{
  guint8 *data = cairo_image_surface_get_data (target);
  int stride = cairo_image_surface_get_stride (target);
  const guint8 *tdata = cairo_image_surface_get_data (tile);
  int tstride = cairo_image_surface_get_stride (tile);
  int size = cairo_image_surface_get_width (tile);

  for (guint i = 0; i < boxes->len; i++)
    {
      const pixman_box32_t *b = &g_array_index (boxes, pixman_box32_t, i);
      /* The tile is anchored at the origin of user space. */
      int sx0 = ((b->x1 - origin_x) % size + size) % size;
      int sy = ((b->y1 - origin_y) % size + size) % size;

      for (int y = b->y1; y < b->y2; y++, sy = sy + 1 == size ? 0 : sy + 1)
        {
          guint32 *row = (guint32 *) (gpointer) (data + (gsize) y * stride);
          const guint32 *trow = (const guint32 *) (gconstpointer) (tdata + (gsize) sy * tstride);

          for (int x = b->x1, sx = sx0; x < b->x2; x++, sx = sx + 1 == size ? 0 : sx + 1)
            row[x] = trow[sx];
        }
    }
}

static void
composite_tile_boxes (pixman_image_t  *dst,
                      cairo_surface_t *tile,
                      const GArray    *boxes,
                      int              origin_x,
                      int              origin_y)
{
  int size = cairo_image_surface_get_width (tile);
  pixman_image_t *src = pixman_image_create_bits_no_clear (PIXMAN_a8r8g8b8, size, size,
                                                           (uint32_t *) (gpointer) cairo_image_surface_get_data (tile),
                                                           cairo_image_surface_get_stride (tile));

  pixman_image_set_repeat (src, PIXMAN_REPEAT_NORMAL);
  for (guint i = 0; i < boxes->len; i++)
    {
      const pixman_box32_t *b = &g_array_index (boxes, pixman_box32_t, i);
      int sx = ((b->x1 - origin_x) % size + size) % size;
      int sy = ((b->y1 - origin_y) % size + size) % size;

      pixman_image_composite32 (PIXMAN_OP_OVER, src, NULL, dst, sx, sy, 0, 0,
                                b->x1, b->y1, b->x2 - b->x1, b->y2 - b->y1);
    }
  pixman_image_unref (src);
}

/* The batches straight into the pixels of an image surface: one
 * pixman_image_fill_boxes() for all the boxes of a solid colour, and the
 * hatch tile composited into each hatched box.  Cairo's fill spends about
 * two thousand instructions on each rectangle before any pixel. */
static void
batches_flush_raster (Painter              *p,
                      const pixman_box32_t *clip)
{
  cairo_surface_t *target = cairo_get_group_target (p->cr);
  const cairo_matrix_t *m = &p->to_device;
  pixman_image_t *dst;
  GArray *boxes = g_array_new (FALSE, FALSE, sizeof (pixman_box32_t));
  int origin_x = (int) round (m->x0), origin_y = (int) round (m->y0);

  cairo_surface_flush (target);
  dst = pixman_image_create_bits_no_clear (cairo_image_surface_get_format (target) == CAIRO_FORMAT_ARGB32
                                             ? PIXMAN_a8r8g8b8 : PIXMAN_x8r8g8b8,
                                           cairo_image_surface_get_width (target),
                                           cairo_image_surface_get_height (target),
                                           (uint32_t *) (gpointer) cairo_image_surface_get_data (target),
                                           cairo_image_surface_get_stride (target));

  for (int key = 0; key < N_KEYS; key++)
    {
      RectBatch *a = &p->rects[key];
      gboolean dim = key < KEY_LOAD && (key & 1);
      const IlStateStyle *style = key < KEY_TASK (0, 0) ? il_palette_get_state_style (key / 2, p->dark) : NULL;

      if (a->len == 0)
        continue;

      g_array_set_size (boxes, 0);
      for (guint i = 0; i < a->len; i++)
        {
          const Rect *r = &a->v[i];
          pixman_box32_t b;

          b = device_box (p, r);
          b.x1 = MAX (clip->x1, b.x1);
          b.x2 = MIN (clip->x2, b.x2);
          b.y1 = MAX (clip->y1, b.y1);
          b.y2 = MIN (clip->y2, b.y2);
          if (b.x2 > b.x1 && b.y2 > b.y1)
            g_array_append_val (boxes, b);
        }
      a->len = 0;
      if (boxes->len == 0)
        continue;

      if (style != NULL && style->hatched)
        {
          cairo_surface_t *tile = NULL;

          cairo_pattern_get_surface (hatch_pattern (p, key / 2, dim), &tile);
          cairo_surface_flush (tile);
          if (!dim)
            copy_tile_boxes (target, tile, boxes, origin_x, origin_y);
          else
            composite_tile_boxes (dst, tile, boxes, origin_x, origin_y);
        }
      else
        {
          pixman_color_t color = pixman_color (style != NULL ? &style->fill : key_color (p, key),
                                               dim ? DIM_ALPHA : 1.0);

          if (!dim)
            fill_opaque_boxes (target, &color, boxes);
          else
            pixman_image_fill_boxes (PIXMAN_OP_OVER, dst, &color, boxes->len,
                                     (pixman_box32_t *) (gpointer) boxes->data);
        }
    }

  pixman_image_unref (dst);
  g_array_unref (boxes);
  cairo_surface_mark_dirty (target);
}

static void
batches_flush (Painter *p)
{
  cairo_t *cr = p->cr;
  pixman_box32_t clip;

  if (raster_target (p, &clip))
    {
      batches_flush_raster (p, &clip);
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

          if (snap_rect (p, &r))
            cairo_rectangle (cr, r.x, r.y, r.w, r.h);
        }
      if (key < KEY_TASK (0, 0))
        fill_state_path (p, key / 2, key & 1);
      else
        {
          set_color (cr, key_color (p, key), alpha);
          cairo_fill (cr);
        }
      a->len = 0;
    }
}

/* ------------------------------------------------------------------------ */
/* Lanes */

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
  m.failed = s->state == IL_STATE_FAILED;
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
    pend_add (p, best, x0, x1, y, h);
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
  pend_flush (p);
  return TRUE;
}

static void
paint_lane_segments (Painter      *p,
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
              pend_add (p, key, a, b, y, h);
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

  pend_flush (p);
}

static void
paint_load_strip (Painter               *p,
                  const IlTraceSnapshot *snap,
                  guint                  cpu,
                  double                 y,
                  double                 h)
{
  const IlTimelineLayout *L = p->layout;
  double last_x = L->plot_x0, peak = 0;

  if (snap->n_core_samples == 0)
    return;
  set_color (p->cr, &p->chrome->grid, 0.6);
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
        batch_add (p, KEY_LOAD, xa, y + h * (1 - peak), xb - xa, h * peak);
      last_x = MAX (xb, last_x);
      peak = 0;
    }
}

/* ------------------------------------------------------------------------ */
/* Markers and labels on segments */

static void
paint_markers (Painter *p)
{
  cairo_t *cr = p->cr;
  const IlColor *done = &il_palette_get_state_style (IL_STATE_DONE, p->dark)->fill;
  const IlColor *failed = &il_palette_get_state_style (IL_STATE_FAILED, p->dark)->fill;

  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (guint pass = 0; pass < 4; pass++)
    {
      gboolean want_failed = pass & 1, want_dim = pass >> 1;
      gboolean any = FALSE;

      for (guint i = 0; i < p->markers->len; i++)
        {
          const Marker *m = &g_array_index (p->markers, Marker, i);
          double r;

          if (m->failed != want_failed || m->dim != want_dim)
            continue;
          any = TRUE;
          if (!m->failed || m->h < 6)
            {
              /* done: a tick standing out of the lane */
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
      if (!any)
        continue;
      set_color (cr, want_failed ? failed : done, want_dim ? DIM_ALPHA : 1.0);
      cairo_set_line_width (cr, want_failed ? 2.0 : 1.5);
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
      const IlColor *bg = key_color (p, l->key);
      const IlColor *fg = il_color_luminance (bg) > 0.45 ? &black : &white;
      double alpha = (l->key & 1) ? 0.5 : 1.0;

      if (L->view == IL_VIEW_CORES)
        {
          const IlTraceSnapshot *snap = L->runs[l->run].run.snapshot;
          const char *name = l->value < snap->n_tasks ? snap->tasks[l->value].name : NULL;

          if (name == NULL)
            continue;
          text_set (p, p->small_font, name, FALSE, l->w - 2 * pad);
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
          set_color (p->cr, fg, alpha);
          cairo_move_to (p->cr, l->x + pad, l->y + (l->h - log.height) / 2.0);
          pango_cairo_show_layout (p->cr, pl);
          continue;
        }
      text_show (p, l->x + pad, l->y, l->h, fg, alpha);
    }
  g_array_set_size (p->labels, 0);
}

/* ------------------------------------------------------------------------ */
/* Chrome: headers, axis, legend */

static char *
run_summary (const IlTimelineRun *run)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autofree char *title = g_markup_escape_text (run->title, -1);

  g_string_append_printf (s, "<b>%s</b>", title);
  if (run->live)
    {
      g_autofree char *now = il_timeline_format_duration (run->snapshot->now_ns);

      g_string_append (s, "   ");
      g_string_append_printf (s, _("running… %s"), now);
      return g_string_free (g_steal_pointer (&s), FALSE);
    }
  if (run->makespan_ns >= 0)
    {
      g_autofree char *m = il_timeline_format_duration (run->makespan_ns);

      g_string_append (s, "   ");
      g_string_append_printf (s, _("makespan %s"), m);
    }
  if (run->ideal_ns >= 0)
    {
      g_autofree char *i = il_timeline_format_duration (run->ideal_ns);

      g_string_append (s, "  ·  ");
      g_string_append_printf (s, _("ideal %s"), i);
      if (run->makespan_ns > 0)
        {
          g_string_append (s, "  ·  ");
          g_string_append_printf (s, _("efficiency %.0f %%"),
                                  100.0 * run->ideal_ns / run->makespan_ns);
        }
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
paint_axis (Painter *p)
{
  const IlTimelineLayout *L = p->layout;
  cairo_t *cr = p->cr;
  gint64 step = il_timeline_choose_tick_step (L->t1 - L->t0, L->plot_x1 - L->plot_x0,
                                              90 * L->font_scale);
  gint64 first = L->t0 >= 0 ? (L->t0 + step - 1) / step * step : -((-L->t0) / step * step);
  double tick = round (4 * L->font_scale);

  set_color (cr, &p->chrome->dim_foreground, 1.0);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, L->plot_x0, L->axis_y + 0.5);
  cairo_line_to (cr, L->plot_x1, L->axis_y + 0.5);
  for (gint64 t = first; t <= L->t1; t += step)
    {
      double x = round (il_timeline_layout_time_to_x (L, t)) + 0.5;

      cairo_move_to (cr, x, L->axis_y);
      cairo_line_to (cr, x, L->axis_y + tick);
    }
  cairo_stroke (cr);

  for (gint64 t = first; t <= L->t1; t += step)
    {
      g_autofree char *label = il_timeline_format_time (t, step);
      double x = il_timeline_layout_time_to_x (L, t), w;

      text_set (p, p->font, label, FALSE, -1);
      w = text_width (p);
      x = CLAMP (x - w / 2, L->label_x, L->width - L->margin - w);
      text_show (p, x, L->axis_y + tick + 1, L->line_h, &p->chrome->dim_foreground, 1.0);
    }
}

static void
paint_grid (Painter *p,
            double   y0,
            double   y1)
{
  const IlTimelineLayout *L = p->layout;
  cairo_t *cr = p->cr;
  gint64 step = il_timeline_choose_tick_step (L->t1 - L->t0, L->plot_x1 - L->plot_x0,
                                              90 * L->font_scale);
  gint64 first = L->t0 >= 0 ? (L->t0 + step - 1) / step * step : -((-L->t0) / step * step);

  for (gint64 t = first; t <= L->t1; t += step)
    {
      double x = round (il_timeline_layout_time_to_x (L, t)) + 0.5;

      cairo_move_to (cr, x, y0);
      cairo_line_to (cr, x, y1);
    }
  set_color (cr, &p->chrome->grid, 1.0);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
}

static double
legend_item (Painter    *p,
             double      x,
             const char *text)
{
  const IlTimelineLayout *L = p->layout;
  double w;

  text_set (p, p->font, text, FALSE, -1);
  w = text_width (p);
  if (x + w > L->width - L->margin)
    return -1;
  text_show (p, x, L->legend_y, L->legend_h, &p->chrome->foreground, 1.0);
  return x + w + round (14 * L->font_scale);
}

static void
paint_legend (Painter *p)
{
  const IlTimelineLayout *L = p->layout;
  cairo_t *cr = p->cr;
  double s = L->font_scale;
  double sw = round (16 * s), sh = round (11 * s), gap = round (5 * s);
  double sy = L->legend_y + round ((L->legend_h - sh) / 2);
  double x = L->label_x;
  gboolean any_ideal = FALSE, any_load = FALSE;

  cairo_save (cr);
  for (guint state = 0; state < IL_N_STATES && x >= 0; state++)
    {
      if (!(L->states & (1u << state)))
        continue;
      if (L->view == IL_VIEW_CORES && state == IL_STATE_RUNNING)
        {
          /* Running, coloured by task: a swatch of a few task colours. */
          for (guint k = 0; k < 4; k++)
            {
              set_color (cr, il_palette_get_task_color (k, p->dark), 1.0);
              cairo_rectangle (cr, x + k * sw / 4, sy, sw / 4, sh);
              cairo_fill (cr);
            }
          x = legend_item (p, x + sw + gap, _("running (colour = task)"));
          continue;
        }
      if (il_state_is_terminal (state))
        {
          const IlColor *c = &il_palette_get_state_style (state, p->dark)->fill;
          double cx = x + sw / 2, cy = sy + sh / 2, r = sh / 2 - 1;

          set_color (cr, c, 1.0);
          if (state == IL_STATE_DONE)
            {
              cairo_set_line_width (cr, 1.5);
              cairo_move_to (cr, cx, sy - 2);
              cairo_line_to (cr, cx, sy + sh + 2);
            }
          else
            {
              cairo_set_line_width (cr, 2);
              cairo_move_to (cr, cx - r, cy - r);
              cairo_line_to (cr, cx + r, cy + r);
              cairo_move_to (cr, cx - r, cy + r);
              cairo_line_to (cr, cx + r, cy - r);
            }
          cairo_stroke (cr);
        }
      else
        {
          cairo_rectangle (cr, x, sy, sw, sh);
          fill_state_path (p, state, FALSE);
        }
      x = legend_item (p, x + sw + gap, il_state_to_string (state));
    }

  for (guint r = 0; r < L->n_runs; r++)
    any_load |= L->runs[r].run.snapshot->n_core_samples > 0;
  if (L->view == IL_VIEW_CORES && any_load && x >= 0)
    {
      set_color (cr, &p->chrome->load, 1.0);
      cairo_rectangle (cr, x, sy + sh / 2, sw, sh / 2);
      cairo_fill (cr);
      x = legend_item (p, x + sw + gap, _("core load"));
    }

  for (guint r = 0; r < L->n_runs; r++)
    any_ideal |= L->runs[r].run.ideal_ns >= 0;
  if (any_ideal && x >= 0)
    {
      static const double dash[] = { 4, 3 };

      set_color (cr, &p->chrome->foreground, 0.8);
      cairo_set_line_width (cr, 1.5);
      cairo_set_dash (cr, dash, 2, 0);
      cairo_move_to (cr, x + sw / 2, sy - 2);
      cairo_line_to (cr, x + sw / 2, sy + sh + 2);
      cairo_stroke (cr);
      legend_item (p, x + sw + gap, _("ideal makespan"));
    }
  cairo_restore (cr);
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
      g_autofree char *summary = run_summary (&lr->run);

      draw_text (p, p->font, summary, TRUE, L->label_x, lr->header_y,
                 L->width - L->margin - L->label_x, L->header_h, &p->chrome->foreground);
    }

  if (L->lane_h <= 0 || lr->n_lanes == 0 || lanes_end < clip_y0 || lr->lanes_y > clip_y1)
    return;

  /* Only the lanes inside the clip. */
  k0 = clip_y0 > lr->lanes_y ? (guint) ((clip_y0 - lr->lanes_y) / L->lane_h) : 0;
  k1 = MIN (lr->n_lanes, (guint) ((clip_y1 - lr->lanes_y) / L->lane_h) + 1);

  /* Lane backgrounds: stripes and the highlighted task. */
  for (guint k = k0; k < k1; k++)
    {
      double y = lr->lanes_y + k * L->lane_h;
      gboolean hl = p->highlight >= 0 && L->view == IL_VIEW_TASKS && lr->lanes[k].id == p->highlight;

      if (hl)
        set_color (cr, &p->chrome->highlight, 1.0);
      else if (k % 2 == 1 && L->lane_h >= 3)
        set_color (cr, &p->chrome->lane_stripe, 1.0);
      else
        continue;
      cairo_rectangle (cr, L->label_x, y, L->plot_x1 - L->label_x, L->lane_h);
      cairo_fill (cr);
    }

  paint_grid (p, lr->lanes_y, lanes_end);

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

          text_set (p, p->font, lane->label, FALSE, L->label_w);
          text_show (p, L->label_x, y, h, hl ? &p->chrome->foreground : &p->chrome->dim_foreground, 1.0);
        }

      il_timeline_layout_get_bar_extents (L, lr - L->runs, k, &bar_y, &bar_h);
      if (bar_h < 1)
        {
          bar_y = y;
          bar_h = h;
        }
      paint_lane_segments (p, lane, t_from, t_to, bar_y, bar_h);

      if (L->view == IL_VIEW_CORES)
        {
          double sy, sh;

          il_timeline_layout_get_strip_extents (L, lr - L->runs, k, &sy, &sh);
          if (sh > 0)
            paint_load_strip (p, lr->run.snapshot, lane->id, sy, sh);
        }
    }
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
        set_color (cr, &p->chrome->background, 0.7);
      else
        set_color (cr, &p->chrome->foreground, 0.9);
      cairo_fill (cr);
    }
}

void
il_painter_paint (cairo_t                *cr,
                  const IlTimelineLayout *layout,
                  const IlPaintOptions   *opts)
{
  static const IlPaintOptions defaults = IL_PAINT_OPTIONS_INIT;
  const IlTimelineLayout *L = layout;
  Painter p = { 0, };
  double cx0, cy0, cx1, cy1;
  gint64 t_from, t_to;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (layout != NULL);

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

  p.pl = pango_cairo_create_layout (cr);
  p.font = pango_font_description_from_string ("Sans");
  pango_font_description_set_absolute_size (p.font, L->font_px * PANGO_SCALE);
  p.small_font = pango_font_description_copy (p.font);
  pango_font_description_set_absolute_size (p.small_font, round (L->font_px * 0.85) * PANGO_SCALE);

  cairo_save (cr);

  cairo_clip_extents (cr, &cx0, &cy0, &cx1, &cy1);
  t_from = MAX (L->t0, il_timeline_layout_x_to_time (L, MAX (cx0, L->plot_x0) - 1));
  t_to = MIN (L->t1, il_timeline_layout_x_to_time (L, MIN (cx1, L->plot_x1) + 1));

  set_color (cr, &p.chrome->background, 1.0);
  cairo_rectangle (cr, 0, 0, L->width, L->height);
  cairo_fill (cr);

  for (p.run = 0; p.run < L->n_runs; p.run++)
    paint_run (&p, &L->runs[p.run], cy0, cy1, t_from, t_to);

  /* Everything drawn in time coordinates stays inside the plot. */
  cairo_save (cr);
  {
    Rect plot = { L->plot_x0, 0, L->plot_x1 - L->plot_x0 + 8, L->axis_y };

    if (snap_rect (&p, &plot))
      cairo_rectangle (cr, plot.x, plot.y, plot.w, plot.h);
  }
  cairo_clip (cr);
  batches_flush (&p);
  paint_markers (&p);
  paint_labels (&p);
  paint_ideal_lines (&p);
  cairo_restore (cr);

  if (L->axis_y + L->axis_h >= cy0)
    {
      paint_axis (&p);
      paint_legend (&p);
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
