/* il-painter-private.h — what the painter's files share
 *
 * il-painter.c walks the lanes into batches of rectangles, one per colour;
 * il-painter-raster.c writes those batches straight into an image
 * surface's pixels; il-painter-chrome.c draws the headers, the time axis
 * and the legend.
 */
#pragma once

#include <pango/pangocairo.h>
#include <pixman.h>

#include "il-painter.h"
#include "il-palette.h"
#include "il-timeline-private.h"

G_BEGIN_DECLS

/* Segments looked at in one pixel column before jumping past it. */
#define COLUMN_SCAN_MAX 32
#define DIM_ALPHA       0.28
#define HATCH_TILE_PERIODS 8
#define IDEAL_DASH_ON   4.0
#define IDEAL_DASH_OFF  3.0

G_STATIC_ASSERT (IL_LANE_N_TASK_CLASSES == IL_PALETTE_N_TASK_COLORS);

#define KEY_STATE(s, dim) ((s) * 2 + (dim))
#define KEY_TASK(c, dim)  (2 * IL_N_STATES + (c) * 2 + (dim))
#define KEY_LOAD          (2 * IL_N_STATES + 2 * IL_PALETTE_N_TASK_COLORS)
#define N_KEYS            (KEY_LOAD + 1)

typedef struct {
  float x, y, w, h;
} Rect;

/* The rectangles of one colour, grown by hand: appending is the painter's
 * most frequent call. */
typedef struct {
  Rect  *v;
  guint  len;
  guint  cap;
} RectBatch;

typedef struct {
  float   x, y, h;
  guint8  end;      /* IL_STATE_DONE, _FAILED or _STOPPED */
  guint8  dim;
} Marker;

typedef struct {
  float   x, y, w, h;
  guint32 value;           /* cpu, or task */
  guint16 key;
  guint16 run;
} Label;

typedef struct {
  cairo_t                *cr;
  const IlTimelineLayout *layout;
  gboolean                dark;
  gint                    highlight;
  gboolean                vector;        /* SVG, PDF, PS */
  cairo_matrix_t          to_device;     /* user space to device pixels */
  const IlChromeColors   *chrome;
  cairo_pattern_t        *hatch[IL_N_STATES][2];   /* [state][dim] */

  PangoLayout            *pl;
  PangoFontDescription   *font;
  PangoFontDescription   *small_font;

  RectBatch               rects[N_KEYS];
  GArray                 *markers;
  GArray                 *labels;
  GPtrArray              *cpu_labels;    /* PangoLayout: "cpu N", "N" */
  GArray                 *legend_items;  /* IlLegendItem, or NULL */

  /* The run being painted, and the rectangle its lane walk extends. */
  guint                   run;
  int                     pend_key;
  Rect                    pend;
} Painter;

static inline int
il_painter_px_round (double v)
{
  double h = v + 0.5;
  int i = (int) h;

  return i - (h < i);
}

void il_painter_flush_raster (Painter              *p,
                              const pixman_box32_t *clip);

void il_painter_fill_state_path (Painter *p,
                                 IlState  state,
                                 gboolean dim);

cairo_pattern_t *il_painter_hatch_pattern (Painter *p,
                                           IlState  state,
                                           gboolean dim);

const IlColor *il_painter_key_color (Painter *p,
                                     int      key);

void il_painter_paint_axis (Painter *p);

void il_painter_paint_grid (Painter *p,
                            double   y0,
                            double   y1);

void il_painter_paint_legend (Painter *p);

gboolean il_painter_raster_target (Painter          *p,
                                   pixman_box32_t   *clip);

char *il_painter_run_summary (const IlTimelineRun *run);

void il_painter_set_color (cairo_t       *cr,
                           const IlColor *c,
                           double         alpha);

gboolean il_painter_snap_rect (const Painter *p,
                               Rect          *r);

void il_painter_text_set (Painter                    *p,
                          const PangoFontDescription *font,
                          const char                 *text,
                          gboolean                    markup,
                          double                      width);

void il_painter_text_show (Painter       *p,
                           double         x,
                           double         y,
                           double         h,
                           const IlColor *color,
                           double         alpha);

double il_painter_text_width (Painter *p);

void il_painter_batch_add (Painter *p,
                           int      key,
                           double   x,
                           double   y,
                           double   w,
                           double   h);

void il_painter_paint_lane (Painter      *p,
                            const IlLane *lane,
                            gint64        t_from,
                            gint64        t_to,
                            double        y,
                            double        h);

void il_painter_paint_load_strip (Painter               *p,
                                  const IlTraceSnapshot *snap,
                                  guint                  cpu,
                                  double                 y,
                                  double                 h);

void il_painter_pend_add (Painter *p,
                          int      key,
                          double   x0,
                          double   x1,
                          double   y,
                          double   h);

void il_painter_pend_flush (Painter *p);

G_END_DECLS
