/* il-png.h — an image surface as a PNG file, fast */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* Writes @image (ARGB32; anything else goes through cairo's own writer)
 * as PNG to @write_func. */
cairo_status_t il_png_write (cairo_surface_t    *image,
                             cairo_write_func_t  write_func,
                             void               *closure);

G_END_DECLS
