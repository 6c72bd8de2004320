/* il-painter-raster.c — the batches straight into an image surface's pixels
 *
 * Most boxes of a busy timeline are a pixel or two wide, and cairo's
 * general fill costs thousands of instructions per rectangle: on an image
 * surface the painter writes whole-pixel boxes with pixman instead.
 */
#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>
#include <pixman.h>

#include "il-painter-private.h"

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

  return (pixman_box32_t) { il_painter_px_round (m->xx * r->x + m->x0), il_painter_px_round (m->yy * r->y + m->y0),
                            il_painter_px_round (m->xx * (r->x + r->w) + m->x0),
                            il_painter_px_round (m->yy * (r->y + r->h) + m->y0) };
}

/* @r with its edges on whole device pixels on raster targets (vector
 * targets keep the exact edges); FALSE when nothing is left of it. */
gboolean
il_painter_snap_rect (const Painter *p,
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
gboolean
il_painter_raster_target (Painter          *p,
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
void
il_painter_flush_raster (Painter              *p,
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

          cairo_pattern_get_surface (il_painter_hatch_pattern (p, key / 2, dim), &tile);
          cairo_surface_flush (tile);
          if (!dim)
            copy_tile_boxes (target, tile, boxes, origin_x, origin_y);
          else
            composite_tile_boxes (dst, tile, boxes, origin_x, origin_y);
        }
      else
        {
          pixman_color_t color = pixman_color (style != NULL ? &style->fill : il_painter_key_color (p, key),
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
