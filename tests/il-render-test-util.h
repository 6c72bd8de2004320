/* il-render-test-util.h — traces made by hand and pixels looked at, for the
 * render layer's tests (timeline, painter, export)
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "il-painter.h"
#include "il-palette.h"
#include "il-timeline.h"

G_BEGIN_DECLS

/* GDK defines this for GTK code; the render layer has no GTK. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_surface_t, cairo_surface_destroy)

#define MS(x) ((gint64) (x) * G_GINT64_CONSTANT (1000000))

typedef struct {
  GArray *tasks;     /* IlTaskSnapshot */
  GArray *segs;      /* GArray* of IlSegment, one per task */
} Builder;

Builder *builder_new (void);

guint builder_task (Builder    *b,
                    const char *name);

void builder_seg (Builder *b,
                  guint    task,
                  gint64   start_ns,
                  gint64   end_ns,
                  IlState  state,
                  guint32  worker,
                  gint     cpu);

IlTraceSnapshot *builder_finish (Builder *b,
                                 guint    n_workers);

IlTraceSnapshot *make_sleeps (gboolean parallel);

IlTimelineLayout *make_layout (IlTraceSnapshot *snap,
                               IlView           view,
                               int              width,
                               int              height);

cairo_surface_t *paint (const IlTimelineLayout *layout,
                        gboolean                dark,
                        gint                    highlight);

void get_pixel (cairo_surface_t *surface,
                int              x,
                int              y,
                int              rgb[3]);

gboolean pixel_is (cairo_surface_t *surface,
                   int              x,
                   int              y,
                   const IlColor   *c);

void assert_pixel (cairo_surface_t *surface,
                   int              x,
                   int              y,
                   const IlColor   *c);

void segment_point (const IlTimelineLayout *layout,
                    guint                   task,
                    const IlSegment        *seg,
                    int                    *x,
                    int                    *y);

G_END_DECLS
