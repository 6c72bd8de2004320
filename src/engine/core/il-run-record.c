/* il-run-record.c — the result of one run, whatever made it */

#include "config.h"

#include <math.h>

#include "il-run-record.h"

static const char * const source_names[] = { "engine", "imported", "traced" };

const char *
il_run_source_to_string (IlRunSource source)
{
  g_return_val_if_fail ((guint) source < G_N_ELEMENTS (source_names), NULL);
  return source_names[source];
}

gboolean
il_run_source_from_string (const char  *name,
                           IlRunSource *source)
{
  for (guint i = 0; i < G_N_ELEMENTS (source_names); i++)
    if (g_strcmp0 (name, source_names[i]) == 0)
      {
        *source = (IlRunSource) i;
        return TRUE;
      }
  return FALSE;
}

IlRunRecord *
il_run_record_new (void)
{
  IlRunRecord *record = g_new0 (IlRunRecord, 1);

  record->ref_count = 1;
  record->gil_handovers = -1;
  record->peak_rss_kib = -1;
  record->ended_unix_us = -1;
  record->other_cpu_s = NAN;
  record->other_load = NAN;
  record->voluntary_ctx_switches = -1;
  record->involuntary_ctx_switches = -1;
  return record;
}

IlRunRecord *
il_run_record_ref (IlRunRecord *record)
{
  g_return_val_if_fail (record != NULL, NULL);

  g_atomic_int_inc (&record->ref_count);
  return record;
}

void
il_run_record_unref (IlRunRecord *record)
{
  g_return_if_fail (record != NULL);

  if (!g_atomic_int_dec_and_test (&record->ref_count))
    return;

  g_free (record->workload_name);
  g_free (record->workload_title);
  g_free (record->model);
  g_free (record->title);
  g_free (record->crawl_url);
  g_free (record->cpu_model);
  g_clear_pointer (&record->snapshot, il_trace_snapshot_unref);
  for (guint i = 0; i < record->n_plans; i++)
    g_free (record->plans[i].host);
  g_free (record->plans);
  g_free (record->completion_order);
  g_free (record);
}

void
il_run_record_take_plans (IlRunRecord *record,
                          IlTaskPlan  *plans,
                          guint        n_plans)
{
  g_return_if_fail (record != NULL);
  g_return_if_fail (record->plans == NULL);

  record->plans = plans;
  record->n_plans = n_plans;
}
