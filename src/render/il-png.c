/* il-png.c — an image surface as a PNG file, fast
 *
 * cairo_surface_write_to_png() lets libpng try every row filter on every
 * row and zlib work at its default level: for a busy timeline the file
 * takes ten times longer than the painting.  A timeline is flat colour,
 * hatching and a little text, which zlib's fastest level packs well with no
 * filter at all: on 100,000 segments in 64 lanes (bench-paint) a fifth of
 * the time for a file a third larger.  An opaque picture is written
 * without its alpha channel.
 */

#include "config.h"

#include <setjmp.h>
#include <string.h>
#include <png.h>

#include "il-png.h"

typedef struct {
  cairo_write_func_t write;
  void              *closure;
  cairo_status_t     status;
} Writer;

static void
on_write (png_structp png,
          png_bytep   data,
          png_size_t  length)
{
  Writer *w = png_get_io_ptr (png);

  if (w->status == CAIRO_STATUS_SUCCESS)
    w->status = w->write (w->closure, data, (unsigned int) length);
  if (w->status != CAIRO_STATUS_SUCCESS)
    png_error (png, "write error");
}

static void
on_flush (png_structp png)
{
}

static void
on_error (png_structp     png,
          png_const_charp message)
{
  png_longjmp (png, 1);
}

static void
on_warning (png_structp     png,
            png_const_charp message)
{
}

static gboolean
is_opaque (const guint8 *data,
           int           width,
           int           height,
           int           stride)
{
  for (int y = 0; y < height; y++)
    {
      const guint32 *row = (const guint32 *) (const void *) (data + (gsize) y * stride);

      for (int x = 0; x < width; x++)
        if ((row[x] >> 24) != 0xff)
          return FALSE;
    }
  return TRUE;
}

/* One row of premultiplied native-endian ARGB32 as straight RGB or RGBA. */
static void
convert_row (const guint32 *in,
             guint8        *out,
             int            width,
             gboolean       alpha)
{
  for (int x = 0; x < width; x++)
    {
      guint32 p = in[x];
      guint a = p >> 24, r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;

      if (a != 0xff && a != 0)
        {
          r = (r * 255 + a / 2) / a;
          g = (g * 255 + a / 2) / a;
          b = (b * 255 + a / 2) / a;
        }
      *out++ = (guint8) r;
      *out++ = (guint8) g;
      *out++ = (guint8) b;
      if (alpha)
        *out++ = (guint8) a;
    }
}

cairo_status_t
il_png_write (cairo_surface_t    *image,
              cairo_write_func_t  write_func,
              void               *closure)
{
  /* Not a local: what on_write() sets between setjmp() and longjmp() must
   * be there after. */
  g_autofree Writer *writer = g_new (Writer, 1);
  png_structp png = NULL;
  png_infop info = NULL;
  const guint8 *data;
  int width, height, stride;
  volatile gboolean alpha;   /* read after setjmp() */
  guint8 *volatile row = NULL;

  g_return_val_if_fail (image != NULL, CAIRO_STATUS_NULL_POINTER);
  if (cairo_surface_get_type (image) != CAIRO_SURFACE_TYPE_IMAGE ||
      cairo_image_surface_get_format (image) != CAIRO_FORMAT_ARGB32)
    return cairo_surface_write_to_png_stream (image, write_func, closure);

  cairo_surface_flush (image);
  data = cairo_image_surface_get_data (image);
  width = cairo_image_surface_get_width (image);
  height = cairo_image_surface_get_height (image);
  stride = cairo_image_surface_get_stride (image);
  if (data == NULL || width <= 0 || height <= 0)
    return CAIRO_STATUS_INVALID_SIZE;
  *writer = (Writer) { write_func, closure, CAIRO_STATUS_SUCCESS };
  alpha = !is_opaque (data, width, height, stride);

  png = png_create_write_struct (PNG_LIBPNG_VER_STRING, NULL, on_error, on_warning);
  if (png == NULL)
    return CAIRO_STATUS_NO_MEMORY;
  info = png_create_info_struct (png);
  if (info == NULL)
    {
      png_destroy_write_struct (&png, NULL);
      return CAIRO_STATUS_NO_MEMORY;
    }
  if (setjmp (png_jmpbuf (png)))
    {
      g_free (row);
      png_destroy_write_struct (&png, &info);
      return writer->status != CAIRO_STATUS_SUCCESS ? writer->status : CAIRO_STATUS_WRITE_ERROR;
    }

  row = g_malloc ((gsize) width * (alpha ? 4 : 3));
  png_set_write_fn (png, writer, on_write, on_flush);
  png_set_IHDR (png, info, (png_uint_32) width, (png_uint_32) height, 8,
                alpha ? PNG_COLOR_TYPE_RGB_ALPHA : PNG_COLOR_TYPE_RGB,
                PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_set_filter (png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
  png_set_compression_level (png, 1);
  png_write_info (png, info);
  for (int y = 0; y < height; y++)
    {
      convert_row ((const guint32 *) (const void *) (data + (gsize) y * stride), row, width, alpha);
      png_write_row (png, row);
    }
  png_write_end (png, info);
  png_destroy_write_struct (&png, &info);
  g_free (row);
  return writer->status;
}
