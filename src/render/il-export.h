/* il-export.h — timeline images (PNG, SVG, PDF) drawn by the painter */
#pragma once

#include <gio/gio.h>

#include "il-painter.h"
#include "il-painter-plot.h"
#include "il-timeline.h"

G_BEGIN_DECLS

typedef enum {
  IL_EXPORT_PNG,
  IL_EXPORT_SVG,
  IL_EXPORT_PDF,
} IlExportFormat;

/* The largest picture: 16,384 px a side, 64 million pixels in all (a PNG
 * is painted whole in memory first: 256 MiB at this size). */
#define IL_EXPORT_MAX_SIDE   16384
#define IL_EXPORT_MAX_PIXELS (G_GINT64_CONSTANT (64) * 1024 * 1024)
/* The smallest that still holds the lane labels, a time axis and a
 * legend line: below it a picture would be a sliver, not a timeline. */
#define IL_EXPORT_MIN_WIDTH  240
#define IL_EXPORT_MIN_HEIGHT 120

/* TRUE when a @width × @height picture is within the limits above. */
gboolean il_export_size_is_allowed (gint64 width,
                                    gint64 height);

/* The format named by @path's extension (case-insensitive); an unknown one
 * is G_IO_ERROR_INVALID_ARGUMENT (a usage error for the command line). */
gboolean il_export_format_from_path (const char          *path,
                                     IlExportFormat      *format,
                                     GError             **error);

/* Paints @runs in @view at @width x @height px (points for PDF) into @path,
 * through a temporary file in the same directory renamed at the end: on
 * error nothing is left behind and @error names the path in one line. */
gboolean il_export_timeline         (const IlTimelineRun *runs,
                                     guint                n_runs,
                                     IlView               view,
                                     int                  width,
                                     int                  height,
                                     gboolean             dark,
                                     const char          *path,
                                     GError             **error);

/* The same for a layout as it is (its view, window and font scale), with
 * @opts (NULL: light, nothing highlighted, no caption); sets @layout's
 * size.  The picture is @width wide and at most @height high: cropped
 * below its content (and its caption, when @opts has one). */
gboolean il_export_layout           (IlTimelineLayout     *layout,
                                     const IlPaintOptions *opts,
                                     int                   width,
                                     int                   height,
                                     const char           *path,
                                     GError              **error);

/* A sweep's plot (il-painter-plot.h) into @path, the same way. */
gboolean il_export_plot             (IlSweep              *sweep,
                                     const IlPlotOptions  *opts,
                                     int                   width,
                                     int                   height,
                                     const char           *path,
                                     GError              **error);

G_END_DECLS
