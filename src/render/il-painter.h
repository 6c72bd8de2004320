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
  gboolean dark;
  gint     highlight_task;   /* task id highlighted in every run, or -1 */
} IlPaintOptions;

#define IL_PAINT_OPTIONS_INIT { FALSE, -1 }

/* Paints the picture in (0, 0, width, height) of @layout's size, in user
 * units of @cr.  The view and the font scale are the layout's. */
void il_painter_paint (cairo_t                *cr,
                       const IlTimelineLayout *layout,
                       const IlPaintOptions   *opts);

G_END_DECLS
