/* il-plot-view.h — a sweep's plot on screen, its points to pick
 *
 * Draws an IlSweep with the plot painter the exporter uses
 * (il-painter-plot.h), light or dark as the window.  A point is picked by
 * a click near it, or with the arrow keys (left and right: the values,
 * up and down: the models) and Enter; "point-activated" says which.
 */
#pragma once

#include <gtk/gtk.h>

#include "il-sweep.h"

G_BEGIN_DECLS

#define IL_TYPE_PLOT_VIEW (il_plot_view_get_type ())
G_DECLARE_FINAL_TYPE (IlPlotView, il_plot_view, IL, PLOT_VIEW, GtkWidget)

GtkWidget *il_plot_view_new            (void);

/* @sweep is borrowed: it must outlive the view or be replaced first. */
void       il_plot_view_set_sweep      (IlPlotView *self,
                                        IlSweep    *sweep);
IlSweep   *il_plot_view_get_sweep      (IlPlotView *self);
void       il_plot_view_set_dark       (IlPlotView *self,
                                        gboolean    dark);
/* The title drawn above the plot (copied), or NULL. */
void       il_plot_view_set_title      (IlPlotView *self,
                                        const char *title);

/* Points drawn: those with a median to draw. */
guint      il_plot_view_get_n_points   (IlPlotView *self);
/* The point picked; FALSE when none. */
gboolean   il_plot_view_get_selected   (IlPlotView *self,
                                        guint      *value,
                                        guint      *curve);
void       il_plot_view_select         (IlPlotView *self,
                                        guint       value,
                                        guint       curve);
/* Where point (@value, @curve) is drawn, in widget coordinates; FALSE
 * when it is not drawn. */
gboolean   il_plot_view_get_point_position (IlPlotView *self,
                                            guint       value,
                                            guint       curve,
                                            double     *x,
                                            double     *y);
/* Picks and activates the point nearest (@x, @y) within a few pixels;
 * FALSE when none is that near. */
gboolean   il_plot_view_activate_at    (IlPlotView *self,
                                        double      x,
                                        double      y);

G_END_DECLS
