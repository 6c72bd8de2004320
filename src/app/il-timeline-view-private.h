/* il-timeline-view-private.h — what the timeline view's files share
 *
 * il-timeline-view.c keeps the runs, the layout and the picture;
 * il-timeline-view-input.c turns the pointer, the wheel and the keyboard
 * into zooming and panning; il-timeline-view-selection.c tells about the
 * selected task.
 */
#pragma once

#include <adwaita.h>

#include "il-timeline-view.h"

G_BEGIN_DECLS


#define MIN_WINDOW_NS   1000
#define ZOOM_STEP       1.5
#define MIN_LANE_PX     6.0
#define WHEEL_PAN_PX    48.0
#define DRAG_THRESHOLD  4.0

typedef struct {
  IlRun           *run;        /* NULL for a fixed picture */
  IlTraceSnapshot *snapshot;
  char            *title;
  char            *detail;     /* the numbers it ran with */
  gint64           makespan_ns;
  gint64           ideal_ns;
  gdouble          other_load;   /* shown when > 0: see IlTimelineRun */
  gboolean         live;
  gboolean         waiting;    /* live, not started yet */
} Source;

struct _IlTimelineView {
  GtkWidget          parent_instance;

  GArray            *sources;      /* Source */
  IlView             view;
  IlPictureStyle     style;
  gint               highlight;

  /* The selected task's details, beside the click (a GtkPopover). */
  GtkWidget         *details;
  GtkLabel          *details_label;
  guint              details_run;

  IlTimelineLayout  *layout;       /* cached; NULL when stale */
  guint              tick_id;
  int                natural_height;
  int                minimum_height;

  /* The visible window, unless fitted to the whole duration. */
  gboolean           fit;
  gint64             live_span;    /* fitted while live: grows in steps */
  gint64             t0;
  gint64             t1;

  /* Gestures */
  double             pointer_x;
  gint64             gesture_t0;
  gint64             gesture_t1;
  double             gesture_x;
  double             drag_x;
  double             drag_y;
  gboolean           dragged;

  GtkScrolledWindow *scroller;     /* the ancestor whose viewport shows us */
  char              *summary;

  /* The last picture, kept until something changes: painted into an
   * image surface of the pool, shown as a render node made once (see
   * il-timeline-view-paint.c). */
  cairo_surface_t   *pool[3];
  GskRenderNode     *node;
  int                picture_width;
  double             picture_y0;
  double             picture_y1;
  int                picture_scale;
  gboolean           picture_dark;
  gboolean           picture_cairo;    /* made for GTK's cairo renderer */
  guint              n_pictures;       /* painted so far (for the tests) */

  /* Under GTK's GL renderer: GL textures of our own, uploaded into again
   * (see il-timeline-view-paint.c); gl_failed when there is no usable
   * context. */
  GdkGLContext      *gl_context;
  GdkSurface        *gl_surface;
  gpointer           gl_slots[3];      /* GlSlot */
  gboolean           gl_failed;

  /* The segment under the pointer, outlined over the picture (which
   * stays as it is). */
  gboolean           hover_shown;
  graphene_rect_t    hover;
};

void il_timeline_view_apply_window (IlTimelineView *self);

void il_timeline_view_ensure_layout (IlTimelineView *self);

int il_timeline_view_layout_height (IlTimelineView *self);

int il_timeline_view_layout_width (IlTimelineView *self);

void il_timeline_view_queue_repaint (IlTimelineView *self);

void il_timeline_view_set_fitted (IlTimelineView *self,
                                  gboolean        fit);

/* The picture (il-timeline-view-paint.c) */
void il_timeline_view_drop_picture (IlTimelineView *self);

/* Lets go of the GL textures (dispose, or a new surface). */
void il_timeline_view_drop_gl (IlTimelineView *self);

/* Outlines the segment at (@x, @y), or nothing when there is none there
 * (or @x is negative): drawn over the kept picture. */
void il_timeline_view_hover_at (IlTimelineView *self,
                                double          x,
                                double          y);

void il_timeline_view_measure (GtkWidget      *widget,
                               GtkOrientation  orientation,
                               int             for_size,
                               int            *minimum,
                               int            *natural,
                               int            *minimum_baseline,
                               int            *natural_baseline);

void il_timeline_view_size_allocate (GtkWidget *widget,
                                     int        width,
                                     int        height,
                                     int        baseline);

void il_timeline_view_snapshot (GtkWidget   *widget,
                                GtkSnapshot *snapshot);

/* The selected task's details (il-timeline-view-selection.c). */
void il_timeline_view_show_details (IlTimelineView *self,
                                    guint           run,
                                    double          x,
                                    double          y);

void il_timeline_view_hide_details (IlTimelineView *self);

/* Scroll, drag, pinch and keys (il-timeline-view-input.c). */
void il_timeline_view_add_controllers (IlTimelineView *self);

G_END_DECLS
