/* il-palette.c — colours and patterns of the timeline */

#include "config.h"

#include <string.h>

#include "il-palette.h"

#define RGB(hex) { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0 }

typedef struct {
  guint32 light;
  guint32 dark;
  gint8   dir[2][2];
  guint8  period;
  double  width;
} StateDef;

/* Okabe–Ito: orange E69F00, sky blue 56B4E9, bluish green 009E73, yellow
 * F0E442, blue 0072B2, vermillion D55E00; and Paul Tol's purple AA3377
 * and indigo 332288 (lock-wait, a traced program's futex waits).
 * Every two area states stay apart (ΔE*ab ≥ 12) for normal vision and
 * simulated protanopia, deuteranopia and tritanopia (test-painter checks
 * it); queued is a quiet light grey.  The dark variants lift the colours
 * that vanish on a dark background.  Each waiting state has its own line
 * direction and density (spacing = period / |dir|), so they differ in
 * grayscale too. */
static const StateDef state_defs[IL_N_STATES] = {
  [IL_STATE_QUEUED]    = { 0xbbbbbb, 0xbbbbbb, { { 1, 0 } },            7, 1.0 },
  [IL_STATE_SPAWNING]  = { 0xe69f00, 0xe69f00, { { 0, 1 } },            4, 1.0 },
  [IL_STATE_RUNNING]   = { 0x0072b2, 0x2a7fc0, { { 0, 0 } },            0, 0.0 },
  [IL_STATE_PREEMPTED] = { 0x56b4e9, 0x9fd3f0, { { 1, -2 } },           9, 1.5 },
  [IL_STATE_IO_WAIT]   = { 0x009e73, 0x1fbf8f, { { 1, -1 } },           8, 1.5 },
  [IL_STATE_READY]     = { 0xaa3377, 0xcc6699, { { 1, 1 } },            8, 1.5 },
  [IL_STATE_GIL_WAIT]  = { 0xd55e00, 0xd55e00, { { 1, -1 }, { 1, 1 } }, 10, 1.2 },
  [IL_STATE_IPC]       = { 0xf0e442, 0xf0e442, { { 0, 0 } },            0, 0.0 },
  [IL_STATE_LOCK_WAIT] = { 0x332288, 0x6655cc, { { 1, 0 }, { 0, 1 } }, 9, 1.2 },
  [IL_STATE_DONE]      = { 0x000000, 0xe8e8e8, { { 0, 0 } },            0, 0.0 },
  [IL_STATE_FAILED]    = { 0xd55e00, 0xff7a33, { { 0, 0 } },            0, 0.0 },
  [IL_STATE_STOPPED]   = { 0x6f6f6f, 0xb8b8b8, { { 0, 0 } },            0, 0.0 },
};

/* Okabe–Ito without black, then three of Paul Tol's muted colours. */
static const guint32 task_defs[IL_PALETTE_N_TASK_COLORS][2] = {
  { 0x0072b2, 0x3f9ddb },
  { 0xe69f00, 0xe69f00 },
  { 0x009e73, 0x1fbf8f },
  { 0xcc79a7, 0xd98cb8 },
  { 0x56b4e9, 0x56b4e9 },
  { 0xd55e00, 0xf07020 },
  { 0xf0e442, 0xf0e442 },
  { 0x882255, 0xc2508a },
  { 0x44aa99, 0x44aa99 },
  { 0x999933, 0xb8b84a },
};

static const IlChromeColors chrome[2] = {
  {
    .background     = RGB (0xffffff),
    .foreground     = RGB (0x1e1e1e),
    .dim_foreground = RGB (0x5e5e5e),
    .grid           = RGB (0xdedede),
    .lane_stripe    = RGB (0xf4f4f4),
    .load           = RGB (0xa0a0a0),
  },
  {
    .background     = RGB (0x1e1e1e),
    .foreground     = RGB (0xf0f0f0),
    .dim_foreground = RGB (0xb0b0b0),
    .grid           = RGB (0x3a3a3a),
    .lane_stripe    = RGB (0x262626),
    .load           = RGB (0x6a6a6a),
  },
};

static IlStateStyle state_styles[2][IL_N_STATES];
static IlColor task_colors[2][IL_PALETTE_N_TASK_COLORS];

static IlColor
color_from_hex (guint32 hex)
{
  return (IlColor) RGB (hex);
}

static IlColor
mix (IlColor a,
     IlColor b,
     double  t)
{
  return (IlColor) { a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t };
}

static void
palette_init (void)
{
  static gsize initialized;

  if (!g_once_init_enter (&initialized))
    return;

  for (guint dark = 0; dark < 2; dark++)
    {
      for (guint s = 0; s < IL_N_STATES; s++)
        {
          const StateDef *def = &state_defs[s];
          IlStateStyle *style = &state_styles[dark][s];
          IlColor color = color_from_hex (dark ? def->dark : def->light);

          style->hatched = il_state_is_waiting (s) && def->period > 0;
          style->hatch = color;
          style->fill = style->hatched ? mix (color, chrome[dark].background, dark ? 0.72 : 0.78)
                                       : color;
          memcpy (style->hatch_dir, def->dir, sizeof def->dir);
          style->hatch_period = def->period;
          style->hatch_width = def->width;
        }
      for (guint i = 0; i < IL_PALETTE_N_TASK_COLORS; i++)
        task_colors[dark][i] = color_from_hex (task_defs[i][dark]);
    }

  g_once_init_leave (&initialized, 1);
}

const IlStateStyle *
il_palette_get_state_style (IlState  state,
                            gboolean dark)
{
  g_return_val_if_fail (state < IL_N_STATES, NULL);

  palette_init ();
  return &state_styles[!!dark][state];
}

const IlChromeColors *
il_palette_get_chrome (gboolean dark)
{
  return &chrome[!!dark];
}

const IlColor *
il_palette_get_task_color (guint    task,
                           gboolean dark)
{
  palette_init ();
  return &task_colors[!!dark][task % IL_PALETTE_N_TASK_COLORS];
}

double
il_color_luminance (const IlColor *color)
{
  g_return_val_if_fail (color != NULL, 0.0);

  return 0.2126 * color->r + 0.7152 * color->g + 0.0722 * color->b;
}
