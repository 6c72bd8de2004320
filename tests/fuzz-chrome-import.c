/* fuzz-chrome-import.c — libFuzzer target for the Chrome trace importer
 *
 * Built only with a compiler that has -fsanitize=fuzzer (see the end of
 * tests/meson.build); tools/fuzz builds and runs it.  An input is the
 * bytes of a file a user opens as another tool's trace.
 *
 * Whatever comes in, the answer is runs or one line of error, never both;
 * each run has lanes whose segments are sorted, do not overlap, last a
 * while, are "running" on no core, and name a frame whose stack can be
 * read; names are valid UTF-8; the report adds up.
 *
 *   build-fuzz/tests/fuzz-chrome-import -max_total_time=60 -max_len=65536 CORPUS
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "il-chrome-import.h"
#include "il-run-record.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
check_snapshot (const IlTraceSnapshot *snap)
{
  guint64 n_segments = 0;

  if (snap->n_tasks == 0 || snap->n_tasks != snap->n_workers || snap->n_tasks > IL_CHROME_IMPORT_MAX_LANES)
    abort ();
  for (guint f = 0; f < snap->n_frames; f++)
    if ((snap->frames[f].parent != IL_NO_FRAME && snap->frames[f].parent >= f) ||
        strlen (snap->frames[f].name) > IL_CHROME_IMPORT_MAX_NAME * 3 ||
        !g_utf8_validate (snap->frames[f].name, -1, NULL))
      abort ();
  for (guint i = 0; i < snap->n_tasks; i++)
    {
      const IlTaskSnapshot *t = &snap->tasks[i];

      if (t->n_segments == 0 || t->frames == NULL || !g_utf8_validate (t->name, -1, NULL) ||
          !g_utf8_validate (snap->workers[i].label, -1, NULL) ||
          !t->finished || t->started_ns != t->segments[0].start_ns ||
          t->finished_ns != t->segments[t->n_segments - 1].end_ns || t->finished_ns > snap->end_ns)
        abort ();
      for (guint s = 0; s < t->n_segments; s++)
        {
          const IlSegment *seg = &t->segments[s];
          g_autofree char *stack = NULL;

          if (seg->start_ns < 0 || seg->end_ns <= seg->start_ns ||
              (s > 0 && seg->start_ns < t->segments[s - 1].end_ns) ||
              seg->state != IL_STATE_RUNNING || seg->cpu != IL_NO_CPU || seg->worker != i ||
              t->frames[s] >= snap->n_frames)
            abort ();
          stack = il_trace_snapshot_get_stack (snap, i, s);
          if (stack == NULL || !g_utf8_validate (stack, -1, NULL))
            abort ();
        }
      n_segments += t->n_segments;
    }
  if (n_segments != snap->n_segments)
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  IlChromeImportReport report;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) runs = il_chrome_import ((const char *) data, size, "fuzz.json", &report, &error);

  if ((runs == NULL) == (error == NULL))
    abort ();
  if (error != NULL)
    {
      if (error->domain != IL_CHROME_IMPORT_ERROR || strchr (error->message, '\n') != NULL ||
          !g_str_has_prefix (error->message, "fuzz.json: ") || !g_utf8_validate (error->message, -1, NULL))
        abort ();
      return 0;
    }
  if (runs->len == 0 || report.slices == 0 || report.events > IL_CHROME_IMPORT_MAX_EVENTS ||
      report.slices + report.skipped_events + report.unknown_phases + report.bad_times > report.events * 2 + 1)
    abort ();
  for (guint i = 0; i < runs->len; i++)
    {
      IlRunRecord *record = g_ptr_array_index (runs, i);

      if (record->title == NULL || !g_utf8_validate (record->title, -1, NULL) || record->plans != NULL ||
          record->has_usage || !record->finished)
        abort ();
      check_snapshot (record->snapshot);
    }
  return 0;
}
