/* il-timeline-view-paint.c — the timeline's picture on screen
 *
 * The picture is painted by il_painter_paint() into an image surface once
 * per change and kept as a render node; every frame until something
 * changes appends that same node, which GSK then does not draw again.  The
 * widget's height follows the lanes.
 */

#include "config.h"

#include <math.h>
#include <adwaita.h>
#include <epoxy/gl.h>
#include <gsk/gl/gskglrenderer.h>
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

/* A surface of the pool that nothing else holds (its pool reference is
 * its only one: no picture, texture or recording holds it any more), of
 * @px_width × @px_height, or a new one.  Pooled surfaces stay mapped: a
 * fresh 1280×720 surface costs about 900 page faults, and under GTK's GL
 * renderer the last picture's texture is still held when the next one is
 * painted, so one spare surface is not enough. */
static cairo_surface_t *
pool_take (IlTimelineView *self,
           int             px_width,
           int             px_height)
{
  int free_slot = -1;

  for (guint i = 0; i < G_N_ELEMENTS (self->pool); i++)
    {
      cairo_surface_t *surface = self->pool[i];

      if (surface != NULL && cairo_surface_get_reference_count (surface) != 1)
        continue;
      if (surface != NULL &&
          cairo_image_surface_get_width (surface) == px_width &&
          cairo_image_surface_get_height (surface) == px_height)
        return cairo_surface_reference (surface);
      if (free_slot < 0)
        free_slot = (int) i;
    }

  if (free_slot < 0)
    return cairo_image_surface_create (CAIRO_FORMAT_ARGB32, px_width, px_height);
  g_clear_pointer (&self->pool[free_slot], cairo_surface_destroy);
  self->pool[free_slot] = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, px_width, px_height);
  return cairo_surface_reference (self->pool[free_slot]);
}

/* Paints rows [@y0, @y1) of the widget into an image surface of its own:
 * drawing straight into an image surface is much cheaper than replaying a
 * cairo render node's recording of the painter. */
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
  cairo_surface_t *surface = pool_take (self, px_width, px_height);
  cairo_t *cr;

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
  /* Its pixels are mapped to the widget by the node (picture_node()). */
  cairo_surface_set_device_scale (surface, 1, 1);
  return surface;
}

/* The picture as the source of a cairo node's recording.  A surface
 * pattern would be recorded as a copy-on-write snapshot of the surface,
 * which outlives the node in GTK's cairo renderer, so painting into the
 * surface again copies all of it first; a raster source holds a reference
 * instead, and the pool leaves the surface alone while anything holds it. */
static cairo_surface_t *
raster_acquire (cairo_pattern_t             *pattern,
                void                        *surface,
                cairo_surface_t             *target,
                const cairo_rectangle_int_t *extents)
{
  return cairo_surface_reference (surface);
}

static void
raster_release (cairo_pattern_t *pattern,
                void            *data,
                cairo_surface_t *surface)
{
  cairo_surface_destroy (surface);
}

static cairo_status_t
raster_snapshot (cairo_pattern_t *pattern,
                 void            *surface)
{
  return CAIRO_STATUS_SUCCESS;   /* not painted into while held */
}

static cairo_status_t
raster_copy (cairo_pattern_t       *pattern,
             void                  *surface,
             const cairo_pattern_t *other)
{
  cairo_surface_reference (surface);
  return CAIRO_STATUS_SUCCESS;
}

static void
raster_finish (cairo_pattern_t *pattern,
               void            *surface)
{
  cairo_surface_destroy (surface);
}

static cairo_pattern_t *
picture_pattern (cairo_surface_t *surface,
                 int              scale,
                 double           y0)
{
  cairo_pattern_t *pattern;
  cairo_matrix_t matrix;

  pattern = cairo_pattern_create_raster_source (cairo_surface_reference (surface),
                                                CAIRO_CONTENT_COLOR_ALPHA,
                                                cairo_image_surface_get_width (surface),
                                                cairo_image_surface_get_height (surface));
  cairo_raster_source_pattern_set_acquire (pattern, raster_acquire, raster_release);
  cairo_raster_source_pattern_set_snapshot (pattern, raster_snapshot);
  cairo_raster_source_pattern_set_copy (pattern, raster_copy);
  cairo_raster_source_pattern_set_finish (pattern, raster_finish);
  /* From widget coordinates to the surface's pixels. */
  cairo_matrix_init_scale (&matrix, scale, scale);
  cairo_matrix_translate (&matrix, 0, -y0);
  cairo_pattern_set_matrix (pattern, &matrix);
  return pattern;
}

/* Under GTK's GL renderer a GdkMemoryTexture is uploaded into a new GL
 * texture, which Mesa allocates and clears first: a third of GSK's time
 * in a frame with a new picture (perf).  GTK 4.8 cannot update a texture
 * in place, so the picture goes into GL textures of our own, in a context
 * shared with GTK's, uploaded into again with glTexSubImage2D and handed
 * to GTK as GdkGLTextures (which its GL renderer uses as they are).  A
 * texture is not uploaded into while a GdkTexture of it lives. */
typedef struct {
  GdkGLContext *context;
  guint         id;
  int           width;
  int           height;
  gboolean      busy;       /* a GdkTexture of it lives */
  gboolean      orphaned;   /* the view let go: deleted when released */
} GlSlot;

/* Makes @context current, returning the one that was (GTK's renderer may
 * be in the middle of a frame when a texture is released). */
static GdkGLContext *
gl_enter (GdkGLContext *context)
{
  GdkGLContext *previous = gdk_gl_context_get_current ();

  if (previous != NULL)
    g_object_ref (previous);
  gdk_gl_context_make_current (context);
  return previous;
}

static void
gl_leave (GdkGLContext *previous)
{
  if (previous != NULL)
    {
      gdk_gl_context_make_current (previous);
      g_object_unref (previous);
    }
  else
    gdk_gl_context_clear_current ();
}

static void
gl_slot_free (GlSlot *slot)
{
  GdkGLContext *previous = gl_enter (slot->context);

  glDeleteTextures (1, &slot->id);
  gl_leave (previous);
  g_object_unref (slot->context);
  g_free (slot);
}

static void
gl_slot_release (gpointer data)
{
  GlSlot *slot = data;

  slot->busy = FALSE;
  if (slot->orphaned)
    gl_slot_free (slot);
}

void
il_timeline_view_drop_gl (IlTimelineView *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->gl_slots); i++)
    {
      GlSlot *slot = g_steal_pointer (&self->gl_slots[i]);

      if (slot == NULL)
        continue;
      if (slot->busy)
        slot->orphaned = TRUE;
      else
        gl_slot_free (slot);
    }
  g_clear_object (&self->gl_context);
  self->gl_surface = NULL;
}

static gboolean
ensure_gl_context (IlTimelineView *self,
                   GtkNative      *native)
{
  GdkSurface *surface = gtk_native_get_surface (native);
  g_autoptr(GError) error = NULL;
  GdkGLContext *context;

  if (surface != self->gl_surface)
    {
      il_timeline_view_drop_gl (self);
      self->gl_failed = FALSE;
    }
  if (self->gl_context != NULL || self->gl_failed)
    return self->gl_context != NULL;

  self->gl_surface = surface;
  context = surface != NULL ? gdk_surface_create_gl_context (surface, &error) : NULL;
  /* Desktop GL only: GL_BGRA uploads (cairo's byte order) are core there. */
  if (context != NULL && (!gdk_gl_context_realize (context, &error) || gdk_gl_context_get_use_es (context)))
    g_clear_object (&context);
  if (context == NULL)
    {
      g_debug ("timeline: no GL context of our own (%s); textures are uploaded by GTK",
               error ? error->message : "GLES");
      self->gl_failed = TRUE;
      return FALSE;
    }
  self->gl_context = context;
  return TRUE;
}

/* The picture as a GdkGLTexture of one of our GL textures, or NULL (none
 * free, or no context): then GTK uploads a memory texture. */
static GdkTexture *
gl_texture (IlTimelineView  *self,
            cairo_surface_t *surface)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  GdkGLContext *previous;
  GlSlot *slot = NULL;
  int free_slot = -1;

  for (guint i = 0; i < G_N_ELEMENTS (self->gl_slots) && slot == NULL; i++)
    {
      GlSlot *s = self->gl_slots[i];

      if (s != NULL && s->busy)
        continue;
      if (s != NULL && s->width == width && s->height == height)
        slot = s;
      else if (free_slot < 0)
        free_slot = (int) i;
    }
  if (slot == NULL && free_slot < 0)
    return NULL;

  if (slot == NULL && self->gl_slots[free_slot] != NULL)
    gl_slot_free (g_steal_pointer (&self->gl_slots[free_slot]));
  previous = gl_enter (self->gl_context);
  if (slot == NULL)
    {
      slot = g_new0 (GlSlot, 1);
      slot->context = g_object_ref (self->gl_context);
      slot->width = width;
      slot->height = height;
      glGenTextures (1, &slot->id);
      glBindTexture (GL_TEXTURE_2D, slot->id);
      glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
      glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
      glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
      glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
      glTexImage2D (GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_BGRA, GL_UNSIGNED_BYTE, NULL);
      self->gl_slots[free_slot] = slot;
    }

  glBindTexture (GL_TEXTURE_2D, slot->id);
  glPixelStorei (GL_UNPACK_ALIGNMENT, 4);
  glPixelStorei (GL_UNPACK_ROW_LENGTH, stride / 4);
  glTexSubImage2D (GL_TEXTURE_2D, 0, 0, 0, width, height, GL_BGRA, GL_UNSIGNED_BYTE,
                   cairo_image_surface_get_data (surface));
  glPixelStorei (GL_UNPACK_ROW_LENGTH, 0);
  glBindTexture (GL_TEXTURE_2D, 0);
  /* Done before GTK's context samples it. */
  glFinish ();
  gl_leave (previous);
  slot->busy = TRUE;
  return gdk_gl_texture_new (self->gl_context, slot->id, width, height, gl_slot_release, slot);
}

/* The picture as a render node, made once per picture.  Every frame
 * appends this same node, so GSK's diff of the frame against the last one
 * finds nothing changed there and repaints none of it.
 *
 * Under the cairo renderer it is a cairo node that paints the surface
 * (GTK 4.8's cairo renderer draws a memory texture by converting every
 * pixel through floats); otherwise a texture sharing the surface's
 * pixels.  Either holds a reference to the surface while it lives. */
static GskRenderNode *
picture_node (IlTimelineView  *self,
              cairo_surface_t *surface,
              GtkNative       *native,
              gboolean         cairo_renderer,
              int              scale,
              int              width,
              double           y0,
              double           y1)
{
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, y0, width, y1 - y0);
  GskRenderNode *node;

  if (cairo_renderer)
    {
      cairo_pattern_t *pattern = picture_pattern (surface, scale, y0);
      cairo_t *cr;

      node = gsk_cairo_node_new (&bounds);
      cr = gsk_cairo_node_get_draw_context (node);
      cairo_set_source (cr, pattern);
      cairo_paint (cr);
      cairo_destroy (cr);
      cairo_pattern_destroy (pattern);
    }
  else
    {
      int height = cairo_image_surface_get_height (surface);
      int stride = cairo_image_surface_get_stride (surface);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GdkTexture) texture = NULL;
      GskRenderer *renderer = native != NULL ? gtk_native_get_renderer (native) : NULL;

      if (renderer != NULL && GSK_IS_GL_RENDERER (renderer) && ensure_gl_context (self, native))
        texture = gl_texture (self, surface);
      if (texture != NULL)
        return gsk_texture_node_new (texture, &bounds);

      /* Cairo's ARGB32 is GDK's default memory format (premultiplied, native). */
      bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                          (gsize) stride * height,
                                          (GDestroyNotify) cairo_surface_destroy,
                                          cairo_surface_reference (surface));
      texture = gdk_memory_texture_new (cairo_image_surface_get_width (surface), height,
                                        GDK_MEMORY_DEFAULT, bytes, stride);
      node = gsk_texture_node_new (texture, &bounds);
    }
  return node;
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
  gboolean cairo_renderer;

  if (width <= 0 || height <= 0 || self->sources->len == 0)
    return;

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

  native = gtk_widget_get_native (widget);
  renderer = native != NULL ? gtk_native_get_renderer (native) : NULL;
  cairo_renderer = renderer != NULL && GSK_IS_CAIRO_RENDERER (renderer);

  opts.dark = il_timeline_view_get_dark (self);
  opts.highlight_task = self->highlight;
  if (self->node == NULL || self->picture_width != width || self->picture_scale != scale ||
      self->picture_y0 != y0 || self->picture_y1 != y1 || self->picture_dark != opts.dark ||
      self->picture_cairo != cairo_renderer)
    {
      cairo_surface_t *surface;

      il_timeline_view_drop_picture (self);
      il_timeline_view_ensure_layout (self);
      il_timeline_layout_set_size (self->layout, width, height);
      il_timeline_view_apply_window (self);
      surface = render_picture (self, &opts, width, y0, y1, scale);
      if (surface == NULL)
        return;
      self->node = picture_node (self, surface, native, cairo_renderer, scale, width, y0, y1);
      cairo_surface_destroy (surface);
      self->picture_width = width;
      self->picture_scale = scale;
      self->picture_y0 = y0;
      self->picture_y1 = y1;
      self->picture_dark = opts.dark;
      self->picture_cairo = cairo_renderer;
      self->n_pictures++;
    }
  gtk_snapshot_append_node (snapshot, self->node);

  if (self->hover_shown)
    {
      /* Over the picture, not in it: GSK redraws only this. */
      GskRoundedRect outline;
      float w = 2;
      GdkRGBA c = opts.dark ? (GdkRGBA) { 1, 1, 1, 0.9f } : (GdkRGBA) { 0, 0, 0, 0.85f };

      gsk_rounded_rect_init_from_rect (&outline, &self->hover, 0);
      gtk_snapshot_append_border (snapshot, &outline, (float[4]) { w, w, w, w },
                                  (GdkRGBA[4]) { c, c, c, c });
    }
}

void
il_timeline_view_hover_at (IlTimelineView *self,
                           double          x,
                           double          y)
{
  IlTimelineHit hit;
  graphene_rect_t rect;
  gboolean shown = FALSE;

  if (x >= 0 && self->sources->len > 0 && self->layout != NULL &&
      il_timeline_layout_hit_test (self->layout, x, y, &hit) && hit.segment != NULL)
    {
      double px, py, pw, ph, by, bh;
      double x0 = il_timeline_layout_time_to_x (self->layout, hit.segment->start_ns);
      double x1 = il_timeline_layout_time_to_x (self->layout, hit.segment->end_ns);

      il_timeline_layout_get_plot_area (self->layout, &px, &py, &pw, &ph);
      il_timeline_layout_get_bar_extents (self->layout, hit.run, hit.lane, &by, &bh);
      x0 = MAX (floor (x0) - 1, px - 1);
      x1 = MIN (ceil (x1) + 1, px + pw + 1);
      if (x1 - x0 < 4)
        {
          x0 = floor ((x0 + x1) / 2) - 2;
          x1 = x0 + 4;
        }
      rect = GRAPHENE_RECT_INIT (x0, floor (by) - 1, x1 - x0, ceil (bh) + 2);
      shown = TRUE;
    }

  if (shown == self->hover_shown && (!shown || graphene_rect_equal (&rect, &self->hover)))
    return;
  self->hover_shown = shown;
  if (shown)
    self->hover = rect;
  gtk_widget_queue_draw (GTK_WIDGET (self));
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
  if (self->node != NULL && (self->picture_width != width || self->picture_y1 > height))
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
