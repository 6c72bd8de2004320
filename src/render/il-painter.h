/* il-painter.h — paints a timeline layout into any cairo context
 *
 * The same painter draws the window's timeline, PNG, SVG and PDF exports.
 * Its cost follows the pixels, not the number of segments: each lane starts
 * at the first visible segment (binary search) and segments narrower than a
 * pixel are merged into one rectangle per pixel column.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "il-timeline.h"

G_BEGIN_DECLS

typedef struct {
  gboolean    dark;
  gint        highlight_task;   /* task id highlighted in every run, or -1 */
  const char *caption;          /* a line under the legend (exports), or NULL */
} IlPaintOptions;

#define IL_PAINT_OPTIONS_INIT { FALSE, -1, NULL }

/* An entry of the legend and its rectangle in the picture, so that a
 * widget can explain it when the pointer is over it. */
typedef enum {
  IL_LEGEND_STATE,       /* value: the IlState */
  IL_LEGEND_TASK,        /* value: a task colour (cores view), first task */
  IL_LEGEND_CORE_LOAD,
  IL_LEGEND_IDEAL,
} IlLegendKind;

typedef struct {
  IlLegendKind kind;
  guint        value;
  double       x, y, width, height;
} IlLegendItem;

/* Paints the picture in (0, 0, width, height) of @layout's size, in user
 * units of @cr.  The view and the font scale are the layout's. */
void il_painter_paint (cairo_t                *cr,
                       const IlTimelineLayout *layout,
                       const IlPaintOptions   *opts);

/* The height in px that @caption takes under the legend of @layout at
 * its width: 0 for NULL. */
double  il_painter_caption_height   (const IlTimelineLayout *layout,
                                     const char             *caption);

/* The legend's entries where il_painter_paint() puts them for @layout at
 * its size: an array of IlLegendItem. */
GArray *il_painter_get_legend_items (const IlTimelineLayout *layout,
                                     const IlPaintOptions   *opts);

/* What a legend entry means and how it is measured, one or two sentences
 * for a tooltip. */
char   *il_legend_item_describe     (const IlTimelineLayout *layout,
                                     const IlLegendItem     *item);

G_END_DECLS
