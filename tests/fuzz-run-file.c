/* fuzz-run-file.c — libFuzzer target for the reader of saved comparisons
 *
 * Built only with a compiler that has -fsanitize=fuzzer (see the end of
 * tests/meson.build); tools/fuzz builds and runs it.  An input is the
 * bytes of a file a user opens with "interleave show" or Open Run….
 *
 * Whatever comes in, the answer is a file of runs or one line of error,
 * never both; an error names its origin; what is read is what a file may
 * hold: a workload with a name, at most IL_RUN_FILE_MAX_RUNS runs, each
 * with a snapshot whose tasks' segments lie in order inside the run, on a
 * core the machine may have, in a known state, naming a worker it has.
 *
 *   build-fuzz/tests/fuzz-run-file -max_total_time=60 -max_len=65536 CORPUS
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "il-run-file.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
check_snapshot (const IlTraceSnapshot *snap)
{
  guint64 n_segments = 0;

  if (snap == NULL || snap->n_tasks > IL_RUN_FILE_MAX_TASKS)
    abort ();
  for (guint i = 0; i < snap->n_tasks; i++)
    {
      const IlTaskSnapshot *t = &snap->tasks[i];

      if (t->name == NULL || !g_utf8_validate (t->name, -1, NULL))
        abort ();
      for (guint s = 0; s < t->n_segments; s++)
        {
          const IlSegment *seg = &t->segments[s];

          if (seg->end_ns < seg->start_ns || (s > 0 && seg->start_ns < t->segments[s - 1].start_ns) ||
              (guint) seg->state >= IL_N_STATES ||
              (seg->cpu != IL_NO_CPU && (seg->cpu < 0 || seg->cpu >= IL_RUN_FILE_MAX_CPUS)) ||
              (seg->worker != IL_NO_WORKER && seg->worker >= snap->n_workers))
            abort ();
        }
      n_segments += t->n_segments;
    }
  for (guint w = 0; w < snap->n_workers; w++)
    if (snap->workers[w].label != NULL && !g_utf8_validate (snap->workers[w].label, -1, NULL))
      abort ();
  if (n_segments != snap->n_segments)
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IlRunFile) file = il_run_file_read_data ((const char *) data, size, "fuzz.json", &error);

  if ((file == NULL) == (error == NULL))
    abort ();
  if (error != NULL)
    {
      if (error->domain != IL_RUN_FILE_ERROR || strchr (error->message, '\n') != NULL ||
          !g_str_has_prefix (error->message, "fuzz.json") || !g_utf8_validate (error->message, -1, NULL))
        abort ();
      return 0;
    }
  if (file->workload == NULL || il_workload_get_name (file->workload) == NULL ||
      file->n_records > IL_RUN_FILE_MAX_RUNS || (file->n_records > 0 && file->records == NULL))
    abort ();
  for (guint i = 0; i < file->n_records; i++)
    {
      const IlRunRecord *record = file->records[i];

      if (record == NULL || record->title == NULL || !g_utf8_validate (record->title, -1, NULL))
        abort ();
      check_snapshot (record->snapshot);
    }
  return 0;
}
