/* il-timeline-view.h — the live timeline widget over the shared painter */
#pragma once

#include <gtk/gtk.h>

#include "il-run.h"
#include "il-timeline.h"

G_BEGIN_DECLS

typedef enum {
  IL_PICTURE_STYLE_SYSTEM,
  IL_PICTURE_STYLE_LIGHT,
  IL_PICTURE_STYLE_DARK,
} IlPictureStyle;

gboolean il_picture_style_from_string (const char     *name,
                                       IlPictureStyle *style);

#define IL_TYPE_TIMELINE_VIEW (il_timeline_view_get_type ())
G_DECLARE_FINAL_TYPE (IlTimelineView, il_timeline_view, IL, TIMELINE_VIEW, GtkWidget)

GtkWidget        *il_timeline_view_new               (void);

/* Shows @runs (IlRun*) stacked on one time axis; live while any runs. */
void              il_timeline_view_set_runs          (IlTimelineView      *self,
                                                      GPtrArray           *runs);
/* Puts @run in the place of run @index (a newer record of it: a traced
 * program's, growing); keeps zoom and highlight. */
void              il_timeline_view_replace_run       (IlTimelineView      *self,
                                                      guint                index,
                                                      IlRun               *run);
/* Shows fixed pictures (imported traces, benchmarks); copies @runs. */
void              il_timeline_view_set_timeline_runs (IlTimelineView      *self,
                                                      const IlTimelineRun *runs,
                                                      guint                n_runs);
/* Forgets the runs after the first @n_runs (runs that were never started
 * because the chain was stopped) and shows the others as they ended;
 * keeps zoom and highlight. */
void              il_timeline_view_truncate          (IlTimelineView      *self,
                                                      guint                n_runs);
guint             il_timeline_view_get_n_runs        (IlTimelineView      *self);
gboolean          il_timeline_view_is_live           (IlTimelineView      *self);

void              il_timeline_view_set_view          (IlTimelineView      *self,
                                                      IlView               view);
IlView            il_timeline_view_get_view          (IlTimelineView      *self);

/* The style of exported pictures ("system": the window's). */
void              il_timeline_view_set_picture_style (IlTimelineView      *self,
                                                      IlPictureStyle       style);
/* Whether the picture on screen is drawn dark: as the window is. */
gboolean          il_timeline_view_get_dark          (IlTimelineView      *self);
/* Whether exports are drawn dark: the picture style, or the window's. */
gboolean          il_timeline_view_get_export_dark   (IlTimelineView      *self);

/* The task highlighted in every run, or -1. */
void              il_timeline_view_set_highlight     (IlTimelineView      *self,
                                                      gint                 task);
gint              il_timeline_view_get_highlight     (IlTimelineView      *self);

/* The popover that tells about the selected task, or NULL before the
 * first selection by a click. */
GtkWidget        *il_timeline_view_get_details       (IlTimelineView      *self);

/* Zoom and pan; a fitted view follows a growing run. */
void              il_timeline_view_zoom_in           (IlTimelineView      *self);
void              il_timeline_view_zoom_out          (IlTimelineView      *self);
void              il_timeline_view_zoom_to_fit       (IlTimelineView      *self);
gboolean          il_timeline_view_get_fit           (IlTimelineView      *self);
/* Shows [@t0_ns, @t1_ns] (clamped to the runs' duration). */
void              il_timeline_view_set_window        (IlTimelineView      *self,
                                                      gint64               t0_ns,
                                                      gint64               t1_ns);
void              il_timeline_view_pan               (IlTimelineView      *self,
                                                      double               dx_px);

/* The layout on screen now (owned by the view; valid until the next frame).
 * NULL when the view has no runs. */
IlTimelineLayout *il_timeline_view_get_layout        (IlTimelineView      *self);
/* How many pictures the view has painted for the screen so far: a frame
 * that changes nothing paints none (for tests and benchmarks). */
guint             il_timeline_view_get_n_pictures    (IlTimelineView      *self);
/* Paints what is on screen (same window, view, highlight and style) at
 * @width × @height into @cr. */
void              il_timeline_view_paint             (IlTimelineView      *self,
                                                      cairo_t             *cr,
                                                      int                  width,
                                                      int                  height);
/* What the legend entry at (@x, @y) means (its tooltip), or NULL. */
char             *il_timeline_view_dup_legend_tooltip (IlTimelineView     *self,
                                                      double               x,
                                                      double               y);
/* The text summary given to assistive technologies. */
const char       *il_timeline_view_get_summary       (IlTimelineView      *self);

/* A run's title: the model id, with "+ GIL" when it emulates the GIL. */
char             *il_run_dup_title                   (IlRun               *run);

G_END_DECLS
