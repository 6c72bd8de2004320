/* il-timeline-view-paint.c — the timeline's picture on screen
 *
 * The picture is painted by il_painter_paint() into an image surface once
 * per change, and shown as a texture until something changes again; the
 * widget's height follows the lanes.
 */

#include "config.h"

#include <math.h>
#include <adwaita.h>
#include <glib/gi18n.h>

#include "il-painter.h"
#include "il-timeline-view-private.h"

void
il_timeline_view_paint (IlTimelineView *self,
                        cairo_t        *cr,
                        int             width,
                        int             height)
{
  IlPaintOptions opts = IL_PAINT_OPTIONS_INIT;

  g_return_if_fail (IL_IS_TIMELINE_VIEW (self));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (width > 0 && height > 0);

  if (self->sources->len == 0)
    return;
  il_timeline_view_ensure_layout (self);
  il_timeline_layout_set_size (self->layout, width, height);
  il_timeline_view_apply_window (self);
  opts.dark = il_timeline_view_get_dark (self);
  opts.highlight_task = self->highlight;
  il_painter_paint (cr, self->layout, &opts);
  il_timeline_layout_set_size (self->layout, il_timeline_view_layout_width (self), il_timeline_view_layout_height (self));
}

/* Paints rows [@y0, @y1) of the widget into an image surface of its own:
 * drawing straight into an image surface is much cheaper than replaying a
 * cairo render node's recording, and the picture is kept while nothing
 * changes.  The previous picture's surface is painted into again when no
 * one holds it any more (a fresh one would cost a page fault per 4 KiB). */
static cairo_surface_t *
render_picture (IlTimelineView       *self,
                const IlPaintOptions *opts,
                int                   width,
                double                y0,
                double                y1,
                int                   scale)
{
  int px_width = width * scale;
  int px_height = (int) ceil ((y1 - y0) * scale);
  cairo_surface_t *surface = g_steal_pointer (&self->spare);
  cairo_t *cr;

  if (surface != NULL &&
      (cairo_surface_get_reference_count (surface) != 1 ||
       cairo_image_surface_get_width (surface) != px_width ||
       cairo_image_surface_get_height (surface) != px_height))
    g_clear_pointer (&surface, cairo_surface_destroy);
  if (surface == NULL)
    surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, px_width, px_height);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return NULL;
    }
  cairo_surface_set_device_scale (surface, scale, scale);
  cr = cairo_create (surface);
  cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
  cairo_paint (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
  cairo_translate (cr, 0, -y0);
  cairo_rectangle (cr, 0, y0, width, y1 - y0);
  cairo_clip (cr);
  il_painter_paint (cr, self->layout, opts);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* The picture as a texture sharing its pixels. */
static GdkTexture *
picture_texture (IlTimelineView *self)
{
  cairo_surface_t *surface = self->picture;
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  GBytes *bytes;

  if (self->texture != NULL)
    return self->texture;
  /* Cairo's ARGB32 is GDK's default memory format (premultiplied, native). */
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) stride * height,
                                      (GDestroyNotify) cairo_surface_destroy,
                                      cairo_surface_reference (surface));
  self->texture = gdk_memory_texture_new (cairo_image_surface_get_width (surface), height,
                                          GDK_MEMORY_DEFAULT, bytes, stride);
  g_bytes_unref (bytes);
  return self->texture;
}

void
il_timeline_view_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  IlTimelineView *self = IL_TIMELINE_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int scale = gtk_widget_get_scale_factor (widget);
  IlPaintOptions opts = IL_PAINT_OPTIONS_INIT;
  double y0 = 0, y1 = height;
  GtkNative *native;
  GskRenderer *renderer;

  if (width <= 0 || height <= 0 || self->sources->len == 0)
    return;

  il_timeline_view_ensure_layout (self);
  il_timeline_layout_set_size (self->layout, width, height);
  il_timeline_view_apply_window (self);
  opts.dark = il_timeline_view_get_dark (self);
  opts.highlight_task = self->highlight;

  /* Only what the viewport shows. */
  if (self->scroller != NULL)
    {
      GtkAdjustment *vadj = gtk_scrolled_window_get_vadjustment (self->scroller);
      double value = gtk_adjustment_get_value (vadj);
      double page = gtk_adjustment_get_page_size (vadj);

      if (page > 0)
        {
          y0 = CLAMP (floor (value), 0, height);
          y1 = CLAMP (ceil (value + page), y0, height);
        }
    }
  if (y1 <= y0)
    return;

  if (self->picture == NULL || self->texture_width != width || self->texture_scale != scale ||
      self->texture_y0 != y0 || self->texture_y1 != y1 || self->texture_dark != opts.dark)
    {
      il_timeline_view_drop_picture (self);
      self->picture = render_picture (self, &opts, width, y0, y1, scale);
      self->texture_width = width;
      self->texture_scale = scale;
      self->texture_y0 = y0;
      self->texture_y1 = y1;
      self->texture_dark = opts.dark;
    }
  if (self->picture == NULL)
    return;

  native = gtk_widget_get_native (widget);
  renderer = native != NULL ? gtk_native_get_renderer (native) : NULL;
  if (renderer != NULL && GSK_IS_CAIRO_RENDERER (renderer))
    {
      /* GTK 4.8's cairo renderer draws a memory texture by converting every
       * pixel through floats, on every frame; a cairo node that paints the
       * surface is one blit. */
      cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, y0, width, y1 - y0));

      cairo_set_source_surface (cr, self->picture, 0, y0);
      cairo_paint (cr);
      cairo_destroy (cr);
    }
  else
    {
      gtk_snapshot_append_texture (snapshot, picture_texture (self),
                                   &GRAPHENE_RECT_INIT (0, y0, width, y1 - y0));
    }
}

void
il_timeline_view_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  IlTimelineView *self = IL_TIMELINE_VIEW (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 300;
      *natural = 800;
    }
  else
    {
      *minimum = MAX (self->minimum_height, 150);
      *natural = MAX (self->natural_height, *minimum);
    }
}

void
il_timeline_view_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  IlTimelineView *self = IL_TIMELINE_VIEW (widget);

  if (self->details != NULL && gtk_widget_get_visible (self->details))
    gtk_popover_present (GTK_POPOVER (self->details));
  if (self->picture != NULL &&
      (cairo_image_surface_get_width (self->picture) != width * self->texture_scale ||
       self->texture_y1 > height))
    il_timeline_view_drop_picture (self);
  if (self->layout != NULL && il_timeline_layout_get_height (self->layout) != height)
    il_timeline_view_drop_picture (self);

  /* Cheap: a few numbers of the cached layout. */
  if (self->layout != NULL)
    {
      il_timeline_layout_set_size (self->layout, MAX (width, 1), MAX (height, 1));
      il_timeline_view_apply_window (self);
    }
}
