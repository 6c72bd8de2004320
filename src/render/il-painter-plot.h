/* il-painter-plot.h — paints a sweep (il-sweep.h) as a plot
 *
 * Speedup (or makespan, or pages per second for a crawl) against the
 * sweep's workers or tasks: one line per model through the medians, its
 * min–max spread as a band, the ideal line (from the ideal bound: the
 * smallest median ideal of the models at each value), the machine's
 * logical cores as a vertical line, Amdahl's law fitted to each curve
 * with its serial fraction in the legend, and points where a counted run
 * saw other load ringed.  Models differ by dash and marker as well as by
 * colour, so a grey print still reads; light and dark styles as the
 * timeline's.  Cairo and pango only: the exporter (il-export.h) and a
 * widget call the same painter.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "il-sweep.h"

G_BEGIN_DECLS

typedef enum {
  IL_PLOT_SPEEDUP,
  IL_PLOT_MAKESPAN,
  IL_PLOT_THROUGHPUT,
} IlPlotMeasure;

typedef struct {
  gboolean      dark;
  IlPlotMeasure measure;
  const char   *title;       /* a line above the plot, or NULL */
  const char   *caption;     /* a line under the legend (exports), or NULL */
} IlPlotOptions;

/* What the plot shows by default: pages per second for a crawl, speedup
 * over workers when it is known, makespan otherwise. */
IlPlotMeasure il_plot_default_measure (IlSweep *sweep);

/* Where the plot area is in a @width × @height picture, and its scales:
 * the x axis is logarithmic (base 2) when the values span 4× or more. */
typedef struct {
  double   x0, y0, x1, y1;       /* the plot area, y0 at the top */
  gboolean log_x;
  double   v_min, v_max;         /* the values at x0 and x1 */
  double   y_max;                /* the measure at y0 (0 at y1) */
  double   legend_y;             /* the first legend line */
} IlPlotFrame;

void   il_plot_get_frame (IlSweep             *sweep,
                          const IlPlotOptions *opts,
                          double               width,
                          double               height,
                          IlPlotFrame         *frame);
double il_plot_frame_x   (const IlPlotFrame   *frame,
                          double               value);
double il_plot_frame_y   (const IlPlotFrame   *frame,
                          double               measure);

/* The measure of @point (its median, min, max) as plotted. */
void   il_plot_point_measure (IlSweep            *sweep,
                              IlPlotMeasure       measure,
                              const IlSweepPoint *point,
                              double             *median,
                              double             *lo,
                              double             *hi);

/* The colour a curve is drawn in (r, g, b in 0..1). */
void   il_plot_curve_color (guint     curve,
                            gboolean  dark,
                            double   *r,
                            double   *g,
                            double   *b);

void   il_painter_plot_paint (cairo_t             *cr,
                              IlSweep             *sweep,
                              const IlPlotOptions *opts,
                              double               width,
                              double               height);

G_END_DECLS
