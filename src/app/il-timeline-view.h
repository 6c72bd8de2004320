/* il-timeline-view.h — the live timeline widget over the shared painter */
#pragma once

#include <gtk/gtk.h>

#include "il-run.h"
#include "il-timeline.h"

G_BEGIN_DECLS

#define IL_TYPE_TIMELINE_VIEW (il_timeline_view_get_type ())
G_DECLARE_FINAL_TYPE (IlTimelineView, il_timeline_view, IL, TIMELINE_VIEW, GtkWidget)

GtkWidget *il_timeline_view_new      (void);
/* Shows @runs (IlRun*) stacked on one time axis; live while any runs. */
void       il_timeline_view_set_runs (IlTimelineView *self,
                                      GPtrArray      *runs);
void       il_timeline_view_set_view (IlTimelineView *self,
                                      IlView          view);
IlView     il_timeline_view_get_view (IlTimelineView *self);
/* The layout on screen now (for export: what is seen is what is written). */
IlTimelineLayout *il_timeline_view_build_layout (IlTimelineView *self);

/* A run's title: the model id, with "+ GIL" when it emulates the GIL. */
char      *il_run_dup_title          (IlRun          *run);

G_END_DECLS
