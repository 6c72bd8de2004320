/* il-caption.h — the line under an exported picture
 *
 * Names what the picture shows, so that it still says so on a slide or in
 * a blog post: the workload and its numbers, the machine, and the date.
 */
#pragma once

#include "il-run-record.h"

G_BEGIN_DECLS

/* E.g. "fetch-data — 3 tasks · 4 workers · I/O 2000 ms · CPU 0 ms · GIL ·
 * 8 logical cores, Intel(R) Core(TM) i5 · 2026-12-05 17:45".  @records are
 * the runs of one comparison; @when is the date to print (NULL: when the last of them ended, or
 * now when they do not say). */
char *il_caption_build (IlRunRecord * const *records,
                        guint                n_records,
                        GDateTime           *when);

G_END_DECLS
