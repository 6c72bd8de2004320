/* il-export.c — timeline images (PNG, SVG, PDF) drawn by the painter */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "il-export.h"
#include "il-output.h"
#include "il-png.h"
#include "il-painter.h"

gboolean
il_export_format_from_path (const char      *path,
                            IlExportFormat  *format,
                            GError         **error)
{
  static const struct {
    const char     *ext;
    IlExportFormat  format;
  } formats[] = {
    { ".png", IL_EXPORT_PNG },
    { ".svg", IL_EXPORT_SVG },
    { ".pdf", IL_EXPORT_PDF },
  };
  const char *dot;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  dot = strrchr (path, '.');
  if (dot != NULL && strchr (dot, G_DIR_SEPARATOR) == NULL)
    for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
      if (g_ascii_strcasecmp (dot, formats[i].ext) == 0)
        {
          if (format)
            *format = formats[i].format;
          return TRUE;
        }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("Cannot export “%s”: unknown image format (use .png, .svg or .pdf)"),
               path);
  return FALSE;
}

typedef struct {
  int fd;
  int saved_errno;
} Sink;

static cairo_status_t
sink_write (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  Sink *sink = closure;

  while (length > 0)
    {
      ssize_t n = write (sink->fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          if (sink->saved_errno == 0)
            sink->saved_errno = n < 0 ? errno : ENOSPC;
          return CAIRO_STATUS_WRITE_ERROR;
        }
      data += n;
      length -= n;
    }
  return CAIRO_STATUS_SUCCESS;
}

/* What is painted: a timeline layout, or a sweep's plot */
typedef struct {
  IlTimelineLayout     *layout;
  const IlPaintOptions *opts;
  IlSweep              *sweep;
  const IlPlotOptions  *plot;
} Picture;

static void
paint_picture (cairo_surface_t *surface,
               const Picture   *picture,
               int              width,
               int              height)
{
  cairo_t *cr = cairo_create (surface);

  if (picture->sweep != NULL)
    il_painter_plot_paint (cr, picture->sweep, picture->plot, width, height);
  else
    il_painter_paint (cr, picture->layout, picture->opts);
  cairo_destroy (cr);
}

/* Paints and writes to @sink; a cairo status on failure. */
static cairo_status_t
export_to_sink (IlExportFormat        format,
                const Picture        *picture,
                int                   width,
                int                   height,
                Sink                 *sink)
{
  cairo_surface_t *surface;
  cairo_status_t status;

  switch (format)
    {
    case IL_EXPORT_PNG:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
      break;
    case IL_EXPORT_SVG:
      surface = cairo_svg_surface_create_for_stream (sink_write, sink, width, height);
      if (cairo_surface_status (surface) == CAIRO_STATUS_SUCCESS)
        cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
      break;
    case IL_EXPORT_PDF:
      surface = cairo_pdf_surface_create_for_stream (sink_write, sink, width, height);
      if (cairo_surface_status (surface) == CAIRO_STATUS_SUCCESS)
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Interleave");
      break;
    default:
      g_assert_not_reached ();
    }

  status = cairo_surface_status (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    {
      paint_picture (surface, picture, width, height);
      if (format == IL_EXPORT_PNG)
        status = il_png_write (surface, sink_write, sink);
      cairo_surface_finish (surface);
      if (status == CAIRO_STATUS_SUCCESS)
        status = cairo_surface_status (surface);
    }
  cairo_surface_destroy (surface);
  return status;
}

/* The exporter's errors are GIO's, as its callers expect: FALSE. */
static gboolean
io_error (GError **error,
          GError  *file_error)
{
  g_set_error_literal (error, G_IO_ERROR, g_io_error_from_file_error (file_error->code),
                       file_error->message);
  return FALSE;
}

gboolean
il_export_size_is_allowed (gint64 width,
                           gint64 height)
{
  return width >= IL_EXPORT_MIN_WIDTH && height >= IL_EXPORT_MIN_HEIGHT &&
         width <= IL_EXPORT_MAX_SIDE && height <= IL_EXPORT_MAX_SIDE &&
         width * height <= IL_EXPORT_MAX_PIXELS;
}

gboolean
il_export_timeline (const IlTimelineRun  *runs,
                    guint                 n_runs,
                    IlView                view,
                    int                   width,
                    int                   height,
                    gboolean              dark,
                    const char           *path,
                    GError              **error)
{
  g_autoptr(IlTimelineLayout) layout = NULL;
  IlPaintOptions opts = IL_PAINT_OPTIONS_INIT;

  g_return_val_if_fail (runs != NULL || n_runs == 0, FALSE);

  layout = il_timeline_layout_new (runs, n_runs, view);
  opts.dark = dark;
  return il_export_layout (layout, &opts, width, height, path, error);
}

gboolean
il_export_layout (IlTimelineLayout     *layout,
                  const IlPaintOptions *opts,
                  int                   width,
                  int                   height,
                  const char           *path,
                  GError              **error)
{
  IlPaintOptions defaults = IL_PAINT_OPTIONS_INIT;
  g_autoptr(GError) local_error = NULL;
  IlExportFormat format;
  cairo_status_t status;
  Sink sink = { -1, 0 };
  IlOutput *output;

  g_return_val_if_fail (layout != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (opts == NULL)
    opts = &defaults;
  if (!il_export_format_from_path (path, &format, error))
    return FALSE;
  if (!il_export_size_is_allowed (width, height))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Cannot export “%s”: invalid size %d×%d"), path, width, height);
      return FALSE;
    }

  /* A regular file is replaced at the end, a device or pipe written into */
  output = il_output_open (path, &local_error);
  if (output == NULL)
    return io_error (error, local_error);
  sink.fd = il_output_get_fd (output);

  /* The caption under the content, and no blank space below: the lanes
   * fill at most @height, less when they reach their full size. */
  {
    double caption_h;

    il_timeline_layout_set_size (layout, width, height);
    caption_h = il_painter_caption_height (layout, opts->caption);
    if (caption_h > 0)
      il_timeline_layout_set_size (layout, width, MAX (1, height - (int) caption_h));
    height = MIN (height, il_timeline_layout_get_content_height (layout) + (int) caption_h);
  }
  {
    Picture picture = { layout, opts, NULL, NULL };

    status = export_to_sink (format, &picture, width, height, &sink);
  }

  if (status == CAIRO_STATUS_SUCCESS || sink.saved_errno != 0)
    return il_output_commit (output, sink.saved_errno, &local_error) || io_error (error, local_error);
  il_output_abort (output);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               _("cannot write “%s”: %s"), path, cairo_status_to_string (status));
  return FALSE;
}

gboolean
il_export_plot (IlSweep             *sweep,
                const IlPlotOptions *opts,
                int                  width,
                int                  height,
                const char          *path,
                GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  Picture picture = { NULL, NULL, sweep, opts };
  IlExportFormat format;
  cairo_status_t status;
  Sink sink = { -1, 0 };
  IlOutput *output;

  g_return_val_if_fail (sweep != NULL && opts != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!il_export_format_from_path (path, &format, error))
    return FALSE;
  if (!il_export_size_is_allowed (width, height))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Cannot export “%s”: invalid size %d×%d"), path, width, height);
      return FALSE;
    }

  output = il_output_open (path, &local_error);
  if (output == NULL)
    return io_error (error, local_error);
  sink.fd = il_output_get_fd (output);
  status = export_to_sink (format, &picture, width, height, &sink);

  if (status == CAIRO_STATUS_SUCCESS || sink.saved_errno != 0)
    return il_output_commit (output, sink.saved_errno, &local_error) || io_error (error, local_error);
  il_output_abort (output);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               _("cannot write “%s”: %s"), path, cairo_status_to_string (status));
  return FALSE;
}
