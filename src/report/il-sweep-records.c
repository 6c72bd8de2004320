/* il-sweep-records.c — a sweep made from the records of its runs */

#include "config.h"

#include "il-machine.h"
#include "il-stats.h"
#include "il-sweep-records.h"

IlSweep *
il_sweep_from_records (IlWorkload          *workload,
                       IlSweepAxis          axis,
                       const gint64        *values,
                       guint                n_values,
                       guint                repeat,
                       gboolean             drop_busy,
                       IlRunRecord * const *records,
                       guint                n_records,
                       const guint         *value_of_run)
{
  IlCategory category = workload != NULL ? il_workload_get_category (workload) : IL_CATEGORY_MIXED;
  gboolean crawl = workload != NULL && il_workload_get_crawl (workload) != NULL;
  guint cores = il_machine_get_logical_cores ();
  g_autofree guint *curve_of_run = g_new0 (guint, MAX (n_records, 1));
  IlSweep *sweep;

  g_return_val_if_fail (records != NULL || n_records == 0, NULL);
  g_return_val_if_fail (value_of_run != NULL || n_records == 0, NULL);

  /* The machine the runs were made on */
  if (n_records > 0 && records[0]->logical_cores > 0)
    cores = records[0]->logical_cores;

  sweep = il_sweep_new (axis, values, n_values, repeat, drop_busy,
                        category == IL_CATEGORY_CPU || category == IL_CATEGORY_MIXED, crawl, cores);

  /* A curve per model (and GIL), in the order they first ran */
  for (guint i = 0; i < n_records; i++)
    {
      guint c;

      for (c = 0; c < sweep->n_curves; c++)
        if (g_strcmp0 (sweep->curves[c].model, records[i]->model) == 0 &&
            sweep->curves[c].gil == records[i]->gil)
          break;
      if (c == sweep->n_curves)
        /* Its title as the run's: "thread-pool + GIL" */
        il_sweep_add_curve (sweep, records[i]->model, records[i]->gil, records[i]->title);
      curve_of_run[i] = c;
    }

  for (guint i = 0; i < n_records; i++)
    {
      IlRunStats stats = { 0, };

      il_run_stats_compute (records[i], &stats);
      il_sweep_add_run (sweep, value_of_run[i], curve_of_run[i], &stats, records[i]->snapshot->n_tasks);
      il_run_stats_clear (&stats);
    }
  il_sweep_compute (sweep);
  return sweep;
}
