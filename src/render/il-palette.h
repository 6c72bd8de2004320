/* il-palette.h — colours and patterns of the timeline
 *
 * State colours come from the Okabe–Ito palette (and one of Paul Tol's) and
 * stay distinct under the common colour-vision deficiencies.  Waiting states are hatched as well, each
 * with its own angle and density, so a grayscale print still reads.
 */
#pragma once

#include <glib.h>

#include "il-trace.h"

G_BEGIN_DECLS

typedef struct {
  double r, g, b;
} IlColor;

typedef struct {
  IlColor  fill;           /* the solid colour, or the tint under the hatching */
  IlColor  hatch;          /* colour of the hatch lines */
  gboolean hatched;        /* il_state_is_waiting() */
  /* Up to two line directions (dx, dy) in px, y down; { 0, 0 } = none.
   * Integer directions make the pattern tile seamlessly in a square of
   * hatch_period px, so it repeats without transformation (fast). */
  gint8    hatch_dir[2][2];
  guint8   hatch_period;
  double   hatch_width;    /* px */
} IlStateStyle;

typedef struct {
  IlColor background;
  IlColor foreground;
  IlColor dim_foreground;  /* secondary text, axis */
  IlColor grid;
  IlColor lane_stripe;     /* every other lane */
  IlColor load;            /* core utilisation strip */
} IlChromeColors;

#define IL_PALETTE_N_TASK_COLORS 10

const IlStateStyle   *il_palette_get_state_style (IlState  state,
                                                  gboolean dark);
const IlChromeColors *il_palette_get_chrome      (gboolean dark);
/* The categorical colour of a task (cores view); cycles after
 * IL_PALETTE_N_TASK_COLORS tasks. */
const IlColor        *il_palette_get_task_color  (guint    task,
                                                  gboolean dark);
/* Relative luminance 0..1, to pick a readable text colour on a fill. */
double                il_color_luminance         (const IlColor *color);

G_END_DECLS
