/* test-export.c — PNG, SVG and PDF files, and what they are written onto */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "il-export.h"
#include "il-painter.h"
#include "il-palette.h"
#include "il-png.h"
#include "il-render-test-util.h"
#include "il-timeline.h"

/* ------------------------------------------------------------------------ */
/* Export */

static char *
read_head (const char *path,
           gsize      *length)
{
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, length, NULL));
  return contents;
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (d);
  while (g_dir_read_name (d))
    n++;
  return n;
}

static void
test_export_formats (void)
{
  g_autoptr(IlTraceSnapshot) seq = make_sleeps (FALSE);
  g_autoptr(IlTraceSnapshot) par = make_sleeps (TRUE);
  IlTimelineRun runs[2] = {
    { "sequential", seq, MS (600), MS (200), FALSE },
    { "threads", par, MS (200), MS (200), FALSE },
  };
  g_autofree char *dir = g_dir_make_tmp ("test-render-XXXXXX", NULL);
  static const struct {
    const char *name;
    const char *magic;
    gsize       magic_len;
  } files[] = {
    { "t.png", "\x89PNG\r\n\x1a\n", 8 },
    { "t.svg", "<?xml", 5 },
    { "t.pdf", "%PDF-", 5 },
    { "T2.PNG", "\x89PNG\r\n\x1a\n", 8 },
  };

  g_assert_nonnull (dir);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (dir, files[i].name, NULL);
      g_autoptr(GError) error = NULL;
      g_autofree char *data = NULL;
      gsize len = 0;

      g_assert_true (il_export_timeline (runs, 2, (IlView) (i % 3), 800, 500, i == 1, path, &error));
      g_assert_no_error (error);
      data = read_head (path, &len);
      g_assert_cmpuint (len, >, 1000);
      g_assert_cmpmem (data, files[i].magic_len, files[i].magic, files[i].magic_len);
      if (i == 1)
        g_assert_nonnull (strstr (data, "<svg"));
    }
  /* Only the exports, no temporary files. */
  g_assert_cmpuint (count_files (dir), ==, G_N_ELEMENTS (files));

  /* Replacing an existing file works. */
  {
    g_autofree char *path = g_build_filename (dir, "t.png", NULL);

    g_assert_true (il_export_timeline (runs, 1, IL_VIEW_TASKS, 300, 200, FALSE, path, NULL));
    g_assert_cmpuint (count_files (dir), ==, G_N_ELEMENTS (files));
  }

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (dir, files[i].name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

/* Exports end below their content (no blank space under the legend), and
 * a caption, when given, is written under it in every format. */
static void
test_export_cropped_with_caption (void)
{
  g_autoptr(IlTraceSnapshot) snap = make_sleeps (TRUE);
  IlTimelineRun run = { "threads", snap, snap->end_ns, -1, 0, FALSE };
  g_autofree char *dir = g_dir_make_tmp ("il-export-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "c.png", NULL);
  g_autofree char *svg = g_build_filename (dir, "c.svg", NULL);
  g_autofree char *pdf = g_build_filename (dir, "c.pdf", NULL);
  const char *caption = "three-sleeps — 3 tasks · 2 logical cores · 2026-01-01 12:00";
  IlPaintOptions opts = IL_PAINT_OPTIONS_INIT;
  int plain_h, captioned_h;

  /* Without a caption: as high as the content, far less than asked. */
  {
    g_autoptr(IlTimelineLayout) layout = il_timeline_layout_new (&run, 1, IL_VIEW_TASKS);
    cairo_surface_t *image;

    g_assert_true (il_export_layout (layout, NULL, 800, 2000, png, NULL));
    image = cairo_image_surface_create_from_png (png);
    plain_h = cairo_image_surface_get_height (image);
    cairo_surface_destroy (image);
    g_assert_cmpint (plain_h, <, 400);
    g_assert_cmpint (plain_h, ==, il_timeline_layout_get_content_height (layout));
  }

  /* With one: a little higher, and the caption's ink is in the new rows. */
  {
    g_autoptr(IlTimelineLayout) layout = il_timeline_layout_new (&run, 1, IL_VIEW_TASKS);
    cairo_surface_t *image;
    int rgb[3];
    gboolean ink = FALSE;
    g_autofree char *svg_data = NULL;

    opts.caption = caption;
    g_assert_true (il_export_layout (layout, &opts, 800, 2000, png, NULL));
    image = cairo_image_surface_create_from_png (png);
    captioned_h = cairo_image_surface_get_height (image);
    g_assert_cmpint (captioned_h, >, plain_h);
    g_assert_cmpint (captioned_h, <, plain_h + 60);
    for (int y = plain_h; y < captioned_h && !ink; y++)
      for (int x = 0; x < 400 && !ink; x++)
        {
          get_pixel (image, x, y, rgb);
          ink = rgb[0] + rgb[1] + rgb[2] < 3 * 200;
        }
    cairo_surface_destroy (image);
    g_assert_true (ink);

    g_assert_true (il_export_layout (layout, &opts, 800, 2000, svg, NULL));
    g_assert_true (g_file_get_contents (svg, &svg_data, NULL, NULL));
    {
      g_autofree char *height = g_strdup_printf ("height=\"%d", captioned_h);

      g_assert_nonnull (strstr (svg_data, height));
    }
    g_assert_true (il_export_layout (layout, &opts, 800, 2000, pdf, NULL));
  }

  g_unlink (png);
  g_unlink (svg);
  g_unlink (pdf);
  g_rmdir (dir);
}

static void
test_export_unknown_extension (void)
{
  g_autoptr(IlTraceSnapshot) snap = make_sleeps (FALSE);
  IlTimelineRun run = { "sequential", snap, MS (600), -1, FALSE };
  g_autofree char *dir = g_dir_make_tmp ("test-render-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "timeline.bmp", NULL);
  g_autoptr(GError) error = NULL;
  IlExportFormat format;

  g_assert_true (il_export_format_from_path ("a/b.PdF", &format, NULL));
  g_assert_cmpint (format, ==, IL_EXPORT_PDF);
  g_assert_true (il_export_format_from_path ("x.svg", &format, NULL));
  g_assert_cmpint (format, ==, IL_EXPORT_SVG);
  g_assert_false (il_export_format_from_path ("noext", &format, NULL));
  g_assert_false (il_export_format_from_path ("dir.png/file", &format, NULL));

  g_assert_false (il_export_timeline (&run, 1, IL_VIEW_TASKS, 800, 500, FALSE, path, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_null (strchr (error->message, '\n'));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (dir), ==, 0);
  g_rmdir (dir);
}

static cairo_status_t
append_to_array (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

typedef struct {
  GByteArray *bytes;
  gsize       at;
} Reader;

static cairo_status_t
read_from_array (void          *closure,
                 unsigned char *data,
                 unsigned int   length)
{
  Reader *r = closure;

  if (r->at + length > r->bytes->len)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (data, r->bytes->data + r->at, length);
  r->at += length;
  return CAIRO_STATUS_SUCCESS;
}

static cairo_status_t
refuse_write (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  return CAIRO_STATUS_WRITE_ERROR;
}

/* The exporter's PNG writer: what cairo reads back is what was painted, an
 * opaque picture and one with see-through pixels alike, small and tall
 * enough to be compressed in several bands of rows; a sink that fails
 * makes it fail, not crash. */
static void
test_export_png_round_trip (void)
{
  g_autoptr(IlTraceSnapshot) snap = make_sleeps (TRUE);
  g_autoptr(IlTimelineLayout) layout = make_layout (snap, IL_VIEW_TASKS, 640, 240);
  cairo_surface_t *painted = paint (layout, FALSE, -1);
  cairo_surface_t *translucent = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 64, 32);
  cairo_surface_t *tall = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 97, 1001);
  cairo_surface_t *pictures[] = { painted, translucent, tall };
  cairo_t *cr;

  /* A gradient of alpha over colour */
  cr = cairo_create (translucent);
  for (int x = 0; x < 64; x++)
    {
      cairo_set_source_rgba (cr, 0.9, 0.3, x / 63.0, x / 63.0);
      cairo_rectangle (cr, x, 0, 1, 32);
      cairo_fill (cr);
    }
  cairo_destroy (cr);

  /* Rows that all differ, some see-through */
  cr = cairo_create (tall);
  for (int y = 0; y < 1001; y++)
    {
      cairo_set_source_rgba (cr, (y % 7) / 6.0, (y % 251) / 250.0, 0.5, y % 3 ? 1.0 : 0.5);
      cairo_rectangle (cr, y % 97, y, 97 - y % 97, 1);
      cairo_fill (cr);
    }
  cairo_destroy (cr);

  for (guint i = 0; i < G_N_ELEMENTS (pictures); i++)
    {
      g_autoptr(GByteArray) bytes = g_byte_array_new ();
      Reader reader = { bytes, 0 };
      cairo_surface_t *back;
      int w = cairo_image_surface_get_width (pictures[i]);
      int h = cairo_image_surface_get_height (pictures[i]);
      guint differ = 0;

      g_assert_cmpint (il_png_write (pictures[i], append_to_array, bytes), ==, CAIRO_STATUS_SUCCESS);
      g_assert_cmpuint (bytes->len, >, 8);
      g_assert_cmpint (memcmp (bytes->data, "\x89PNG\r\n\x1a\n", 8), ==, 0);
      back = cairo_image_surface_create_from_png_stream (read_from_array, &reader);
      g_assert_cmpint (cairo_surface_status (back), ==, CAIRO_STATUS_SUCCESS);
      g_assert_cmpint (cairo_image_surface_get_width (back), ==, w);
      g_assert_cmpint (cairo_image_surface_get_height (back), ==, h);
      for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
          {
            const guint8 *a = cairo_image_surface_get_data (pictures[i]) + y * cairo_image_surface_get_stride (pictures[i]) + x * 4;
            const guint8 *b = cairo_image_surface_get_data (back) + y * cairo_image_surface_get_stride (back) + x * 4;

            /* Premultiplied, through straight alpha and back: ±1 */
            for (int c = 0; c < 4; c++)
              if (ABS ((int) a[c] - (int) b[c]) > 1)
                differ++;
          }
      g_assert_cmpuint (differ, ==, 0);
      cairo_surface_destroy (back);
    }

  g_assert_cmpint (il_png_write (painted, refuse_write, NULL), ==, CAIRO_STATUS_WRITE_ERROR);
  cairo_surface_destroy (painted);
  cairo_surface_destroy (translucent);
  cairo_surface_destroy (tall);
}

static void
test_export_unwritable (void)
{
  g_autoptr(IlTraceSnapshot) snap = make_sleeps (FALSE);
  IlTimelineRun run = { "sequential", snap, MS (600), -1, FALSE };
  g_autofree char *dir = g_dir_make_tmp ("test-render-XXXXXX", NULL);
  g_autofree char *missing = g_build_filename (dir, "no", "such", "dir", "t.png", NULL);
  g_autofree char *is_dir = g_build_filename (dir, "taken.pdf", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (il_export_timeline (&run, 1, IL_VIEW_TASKS, 800, 500, FALSE, missing, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, missing));
  g_assert_null (strchr (error->message, '\n'));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* The target is a directory: the rename fails, the temporary goes. */
  g_assert_cmpint (g_mkdir (is_dir, 0700), ==, 0);
  g_assert_false (il_export_timeline (&run, 1, IL_VIEW_TASKS, 800, 500, FALSE, is_dir, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, is_dir));
  g_assert_cmpuint (count_files (dir), ==, 1);

  g_rmdir (is_dir);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/render/export/formats", test_export_formats);
  g_test_add_func ("/render/export/cropped-with-caption", test_export_cropped_with_caption);
  g_test_add_func ("/render/export/unknown-extension", test_export_unknown_extension);
  g_test_add_func ("/render/export/unwritable-path", test_export_unwritable);
  g_test_add_func ("/render/export/png-round-trip", test_export_png_round_trip);

  return g_test_run ();
}
