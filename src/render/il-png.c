/* il-png.c — an image surface as a PNG file, fast
 *
 * cairo_surface_write_to_png() lets libpng try every row filter on every
 * row and zlib work at its default level: for a busy timeline the file
 * takes ten times longer than the painting.  A timeline is flat colour,
 * hatching and a little text, which zlib's fastest level packs well with no
 * filter at all.  An opaque picture is written without its alpha channel.
 *
 * The file is written here with zlib alone (a PNG is four kinds of chunk),
 * because the rows are compressed in parallel, as pigz does: each band of
 * rows is a raw deflate stream of its own, ended on a byte boundary
 * (Z_SYNC_FLUSH) but the last; the bands' streams one after the other,
 * with the zlib header and the combined Adler-32 around them, are one
 * valid zlib stream, and each band is an IDAT chunk.  On 100,000 segments
 * in 64 lanes at 1920×1080 (bench-paint png) the file is a few kilobytes
 * larger than one stream, for half the wall-clock time on two cores.
 */

#include "config.h"

#include <string.h>
#include <zlib.h>

#include "il-png.h"

/* Rows below this many per band are not worth a thread. */
#define MIN_BAND_ROWS 64
#define MAX_BANDS     8

typedef struct {
  const guint8 *data;
  int           stride;
  int           width;
  int           y0;
  int           y1;
  gboolean      alpha;
  gboolean      last;
  /* out */
  guint8       *out;
  gsize         out_len;
  uLong         adler;
  gsize         in_len;
  gboolean      ok;
} Band;

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

/* Compresses rows [y0, y1) of the band, each with its filter byte (0:
 * none), into band->out as raw deflate. */
static gpointer
band_compress (gpointer data)
{
  Band *band = data;
  gsize row_len = 1 + (gsize) band->width * (band->alpha ? 4 : 3);
  g_autofree guint8 *row = g_malloc (row_len);
  z_stream zs = { 0, };
  gsize cap;

  band->ok = FALSE;
  band->adler = adler32 (0, NULL, 0);
  band->in_len = row_len * (gsize) (band->y1 - band->y0);
  if (deflateInit2 (&zs, 1, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return NULL;
  cap = deflateBound (&zs, band->in_len) + 16;
  band->out = g_malloc (cap);
  zs.next_out = band->out;
  zs.avail_out = cap;

  for (int y = band->y0; y < band->y1; y++)
    {
      gboolean end = y + 1 == band->y1;

      row[0] = 0;
      convert_row ((const guint32 *) (const void *) (band->data + (gsize) y * band->stride),
                   row + 1, band->width, band->alpha);
      band->adler = adler32 (band->adler, row, row_len);
      zs.next_in = row;
      zs.avail_in = row_len;
      if (deflate (&zs, end ? (band->last ? Z_FINISH : Z_SYNC_FLUSH) : Z_NO_FLUSH) == Z_STREAM_ERROR ||
          zs.avail_in != 0)
        {
          deflateEnd (&zs);
          return NULL;
        }
    }
  band->out_len = cap - zs.avail_out;
  band->ok = band->last ? zs.avail_out > 0 : TRUE;
  deflateEnd (&zs);
  return NULL;
}

typedef struct {
  cairo_write_func_t write;
  void              *closure;
  cairo_status_t     status;
} Writer;

static void
put32 (guint8  *p,
       guint32  v)
{
  p[0] = v >> 24;
  p[1] = v >> 16;
  p[2] = v >> 8;
  p[3] = v;
}

static void
write_bytes (Writer       *w,
             const guint8 *data,
             gsize         length)
{
  while (w->status == CAIRO_STATUS_SUCCESS && length > 0)
    {
      unsigned int n = (unsigned int) MIN (length, G_MAXUINT32 / 2);

      w->status = w->write (w->closure, data, n);
      data += n;
      length -= n;
    }
}

/* A chunk: its length, type, data and the CRC of type and data.  @prefix
 * and @suffix are written around @data inside the chunk (the zlib header
 * and trailer of the IDAT stream). */
static void
write_chunk (Writer       *w,
             const char   *type,
             const guint8 *prefix,
             gsize         prefix_len,
             const guint8 *data,
             gsize         length,
             const guint8 *suffix,
             gsize         suffix_len)
{
  guint8 head[8];
  guint8 tail[4];
  uLong crc = crc32 (0, (const Bytef *) type, 4);

  put32 (head, (guint32) (prefix_len + length + suffix_len));
  memcpy (head + 4, type, 4);
  if (prefix_len > 0)   /* crc32 (crc, NULL, 0) would start over */
    crc = crc32 (crc, prefix, (uInt) prefix_len);
  for (gsize done = 0; done < length;)
    {
      uInt n = (uInt) MIN (length - done, G_MAXUINT32 / 2);

      crc = crc32 (crc, data + done, n);
      done += n;
    }
  if (suffix_len > 0)
    crc = crc32 (crc, suffix, (uInt) suffix_len);
  put32 (tail, (guint32) crc);
  write_bytes (w, head, 8);
  write_bytes (w, prefix, prefix_len);
  write_bytes (w, data, length);
  write_bytes (w, suffix, suffix_len);
  write_bytes (w, tail, 4);
}

cairo_status_t
il_png_write (cairo_surface_t    *image,
              cairo_write_func_t  write_func,
              void               *closure)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  /* Deflate, 32 KiB window, fastest level; 0x7801 is a multiple of 31. */
  static const guint8 zlib_header[2] = { 0x78, 0x01 };
  Writer writer = { write_func, closure, CAIRO_STATUS_SUCCESS };
  Band bands[MAX_BANDS];
  GThread *threads[MAX_BANDS] = { NULL, };
  guint8 ihdr[13];
  guint8 adler_be[4];
  const guint8 *data;
  int width, height, stride;
  guint n_bands;
  gboolean alpha, ok = TRUE;
  uLong adler;

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
  alpha = !is_opaque (data, width, height, stride);

  /* At least two bands even on one core, so that every machine writes
   * (and the tests read back) files made the same way. */
  n_bands = CLAMP (g_get_num_processors (), 2, MAX_BANDS);
  n_bands = CLAMP ((guint) height / MIN_BAND_ROWS, 1, n_bands);
  for (guint i = 0; i < n_bands; i++)
    {
      bands[i] = (Band) { data, stride, width,
                          (int) ((gint64) height * i / n_bands),
                          (int) ((gint64) height * (i + 1) / n_bands),
                          alpha, i + 1 == n_bands, NULL, 0, 0, 0, FALSE };
      if (i > 0)
        threads[i] = g_thread_try_new ("il-png", band_compress, &bands[i], NULL);
    }
  band_compress (&bands[0]);
  for (guint i = 1; i < n_bands; i++)
    if (threads[i] != NULL)
      g_thread_join (threads[i]);
    else
      band_compress (&bands[i]);   /* no thread: here, after the others */

  adler = bands[0].adler;
  for (guint i = 0; i < n_bands; i++)
    {
      ok = ok && bands[i].ok;
      if (i > 0)
        adler = adler32_combine (adler, bands[i].adler, (z_off_t) bands[i].in_len);
    }
  if (!ok)
    {
      for (guint i = 0; i < n_bands; i++)
        g_free (bands[i].out);
      return CAIRO_STATUS_NO_MEMORY;
    }

  put32 (ihdr, (guint32) width);
  put32 (ihdr + 4, (guint32) height);
  ihdr[8] = 8;                    /* bits per channel */
  ihdr[9] = alpha ? 6 : 2;        /* RGBA or RGB */
  ihdr[10] = 0;                   /* deflate */
  ihdr[11] = 0;                   /* adaptive filtering (here: none) */
  ihdr[12] = 0;                   /* not interlaced */
  put32 (adler_be, (guint32) adler);

  write_bytes (&writer, signature, sizeof signature);
  write_chunk (&writer, "IHDR", NULL, 0, ihdr, sizeof ihdr, NULL, 0);
  for (guint i = 0; i < n_bands; i++)
    {
      write_chunk (&writer, "IDAT",
                   zlib_header, i == 0 ? sizeof zlib_header : 0,
                   bands[i].out, bands[i].out_len,
                   adler_be, i + 1 == n_bands ? sizeof adler_be : 0);
      g_free (bands[i].out);
    }
  write_chunk (&writer, "IEND", NULL, 0, NULL, 0, NULL, 0);
  return writer.status;
}
