/* il-chrome-import.h — other tools' Chrome traces as run records
 *
 * Reads the Chrome Trace Event format (JSON) that Chrome, Perfetto,
 * VizTracer, py-spy (--format chrometrace) and many others write: the
 * object form {"traceEvents": [...], ...} and the array form [...], also
 * an array without its closing "]" (Chrome writes such files when it
 * stops early; the format allows it).
 *
 * Each process of the trace becomes a run record, each thread of it a
 * lane (a task), each slice a segment:
 *   X        a complete slice: ts and dur
 *   B / E    a slice's begin and end, matched per thread as a stack
 *            (sorted by ts first, file order breaking ties)
 *   M        process_name, thread_name, process_sort_index and
 *            thread_sort_index name and order the runs and lanes
 * Every other phase (instant, counter, flow, async, sample, object…) is
 * counted and skipped.  Times are ts in µs (fractional allowed;
 * displayTimeUnit only changes how a viewer shows them, not the values),
 * made relative to the earliest slice of the whole file, so the runs of
 * one file share a time axis.
 *
 * Slices nest: at every moment a lane shows its innermost slice, as a
 * "running" segment with no core (IL_NO_CPU) and the thread as worker;
 * time in no slice is left out.  Each segment's frame (IlFrame in
 * il-trace.h) names its innermost slice and, through its parents, the
 * slices around it (il_trace_snapshot_get_stack()).  A slice that ends
 * after the one around it is cut at that end and counted (misnested).
 *
 * A record holds what a trace can tell: workload title and name = the
 * file's base name, model and title = the process name (or "pid N"),
 * lanes named by thread_name (or "thread N").  No plans, no rules, no
 * usage counters and no machine: ideal, CPU time, speedup, efficiency and
 * the like come out absent; makespan is from the earliest slice to the
 * end of the run's last one.  Lanes count as tasks that ended well.
 *
 * Events that make no sense are counted in the report and skipped, never
 * fatal.  A file that is not a trace fails with one line naming the file
 * (and the byte offset where the JSON went wrong).  Caps, each one an
 * error when passed, except the nesting depth:
 *   IL_CHROME_IMPORT_MAX_BYTES   1 GiB of input
 *   IL_CHROME_IMPORT_MAX_EVENTS  20,000,000 events
 *   IL_CHROME_IMPORT_MAX_LANES   100,000 threads
 *   IL_CHROME_IMPORT_MAX_NAME    256 bytes of a name (longer ones are cut)
 *   IL_CHROME_IMPORT_MAX_DEPTH   256 nested slices (deeper ones counted
 *                                and skipped: their time stays with the
 *                                slice around them)
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define IL_CHROME_IMPORT_MAX_BYTES  ((gsize) 1 << 30)
#define IL_CHROME_IMPORT_MAX_EVENTS 20000000u
#define IL_CHROME_IMPORT_MAX_LANES  100000u
#define IL_CHROME_IMPORT_MAX_NAME   256u
#define IL_CHROME_IMPORT_MAX_DEPTH  256u

#define IL_CHROME_IMPORT_ERROR (il_chrome_import_error_quark ())

typedef enum {
  IL_CHROME_IMPORT_ERROR_NOT_A_TRACE,  /* not JSON, or JSON of another shape */
  IL_CHROME_IMPORT_ERROR_TOO_LARGE,    /* past one of the caps above */
  IL_CHROME_IMPORT_ERROR_NO_SLICES,    /* a trace, but nothing to draw */
} IlChromeImportError;

/* What was read and what was left out, and why. */
typedef struct {
  guint events;          /* events read */
  guint slices;          /* slices imported (X, and B matched with E) */
  guint skipped_events;  /* of phases not shown (i, I, C, s, t, f, b, e, n, P…)
                          * or not usable (no ph, pid or tid not a number) */
  guint unknown_phases;  /* a ph the format does not have */
  guint bad_times;       /* ts or dur missing, not a number, negative or huge */
  guint unmatched_ends;  /* E with no B open on its thread */
  guint unended_begins;  /* B never ended */
  guint misnested;       /* slices ending after their enclosing slice: cut */
  guint too_deep;        /* slices nested deeper than the cap */
  guint cut_names;       /* names longer than the cap, cut */
  gboolean truncated;    /* an array without its closing "]" */
} IlChromeImportReport;

GQuark     il_chrome_import_error_quark (void);

/* Reads @length bytes of @data (need not end in NUL).  @filename names
 * the file in records and errors (its base name is used).  Returns the
 * runs (IlRunRecord*, with a free function), one per process with
 * slices, ordered by process_sort_index, then as they first appear
 * (lanes likewise, by thread_sort_index); fills @report when not NULL.
 * NULL with @error set when @data is not a trace. */
GPtrArray *il_chrome_import (const char           *data,
                             gsize                 length,
                             const char           *filename,
                             IlChromeImportReport *report,
                             GError              **error);

G_END_DECLS
