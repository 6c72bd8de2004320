/* il-look-for.h — a workload's "what to look for", filled from its runs
 *
 * A workload's LookFor text (il-workload.h) is a template: plain prose,
 * placeholders that name a measured figure, and conditional sentences.
 *
 *   {stat:model}     a figure of the run of that model, e.g.
 *                    {makespan:sequential}, {speedup:threads},
 *                    {gil_wait:threads+gil} ("+gil": the run with the
 *                    emulated GIL; without it, the run without)
 *   {stat}           a figure of the comparison as a whole
 *   [ … ]            a conditional sentence: shown only when every
 *                    placeholder in it can be filled, else left out whole
 *   [[ ]] {{ }}      a literal [ ] { }
 *
 * Text outside brackets is a part of its own too: one unfillable
 * placeholder there leaves out everything between the brackets around
 * it, so placeholders belong inside [ ].  A placeholder is never shown
 * with a hole or a guess; runs of spaces left where a part was dropped
 * become one.
 *
 * A run fills placeholders only when it finished and was not stopped: a
 * model not run, a run the user stopped, a stat the run cannot give
 * (a speedup without a sequential run, gil_wait of a run without the
 * GIL) leave their sentence out.  With no runs at all, what remains is
 * the prose without numbers: what to look for before running.
 *
 * Figures of one run (a model is required):
 *   makespan ideal   seconds             speedup      against sequential, "2.97×"
 *   efficiency       ideal / makespan    gil_wait     time in gil-wait, all tasks
 *   handovers        the GIL's hand-overs cores_used  distinct cores seen running
 *   preempted queued time in that state, all tasks
 *   spawning         the mean length of a spawning segment
 *   order            the completion order, "2, 0, 1" (ten ids at most, then …)
 * Figures of the comparison (a model is optional: without one, pooled over
 * every run that can give it, or the first one's):
 *   io_share parse_share           of the tasks' time waiting or running, "92 %"
 *   io_per_page parse_per_page     that time divided by the tasks (pages)
 *   tasks io cpu                   the numbers the runs used: count, I/O and
 *                                  CPU time per task
 *   cores                          the machine's logical cores
 *
 * Numbers follow the locale (LC_NUMERIC), like the app's summary table.
 */
#pragma once

#include <glib.h>

#include "il-run-record.h"

G_BEGIN_DECLS

#define IL_LOOK_FOR_ERROR (il_look_for_error_quark ())
GQuark il_look_for_error_quark (void);

typedef enum {
  IL_LOOK_FOR_ERROR_SYNTAX,    /* an unclosed [ or {, a nested [ */
  IL_LOOK_FOR_ERROR_UNKNOWN,   /* no such stat or model */
} IlLookForError;

/* The text of @template_text with every part whose placeholders @records
 * fill, filled.  @records are one comparison's runs; NULL entries and
 * runs still going are passed over.  A text that is not a well-formed
 * template is returned as it is written. */
char     *il_look_for_fill  (const char           *template_text,
                             IlRunRecord * const  *records,
                             guint                 n_records);

/* TRUE when @template_text is well formed and names known stats and
 * models only, every placeholder inside [ ]. */
gboolean  il_look_for_check (const char           *template_text,
                             GError              **error);

G_END_DECLS
