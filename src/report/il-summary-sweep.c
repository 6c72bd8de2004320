/* il-summary-sweep.c — a sweep in the summary JSON and as CSV
 *
 *   "points": [ { "model", "gil", "title", "workers", "tasks", "busy",
 *                 "runs", "runs_counted",
 *                 "makespan_s", "ideal_s", "speedup", "efficiency",
 *                 "cpu_time_s", "throughput": { "median", "min", "max",
 *                                               "q1", "q3" },
 *                 "repetitions": [ { "run" (index into runs[]),
 *                   "repetition", "makespan_s", "ideal_s", "speedup",
 *                   "efficiency", "cpu_time_s", "throughput",
 *                   "other_load", "busy", "stopped", "dropped" } ] } ],
 *   "sweep": { "axis", "values", "repeat", "drop_busy", "runs_planned",
 *              "runs_made", "stopped", "speedup_against", "logical_cores",
 *              "fits": [ { "model", "gil", "title", "kind" ("amdahl",
 *                          "sleep-bound" or null), "serial_fraction",
 *                          "max_speedup", "rms", "limit_s" } ] }
 *
 * Unknown numbers are null, as everywhere in the summary.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "il-summary.h"

static void
add_number (JsonBuilder *builder,
            const char  *member,
            gdouble      value)
{
  json_builder_set_member_name (builder, member);
  if (isfinite (value))
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_spread (JsonBuilder    *builder,
            const char     *member,
            const IlSpread *spread)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  add_number (builder, "median", spread->median);
  add_number (builder, "min", spread->min);
  add_number (builder, "max", spread->max);
  add_number (builder, "q1", spread->q1);
  add_number (builder, "q3", spread->q3);
  json_builder_end_object (builder);
}

static void
add_bool (JsonBuilder *builder,
          const char  *member,
          gboolean     value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_boolean_value (builder, value);
}

static void
add_int (JsonBuilder *builder,
         const char  *member,
         gint64       value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, value);
}

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static gint64
point_workers (IlSweep            *sweep,
               const IlSweepPoint *point)
{
  return sweep->axis == IL_SWEEP_AXIS_WORKERS ? sweep->values[point->value] : point->workers;
}

static gint64
point_tasks (IlSweep            *sweep,
             const IlSweepPoint *point)
{
  return sweep->axis == IL_SWEEP_AXIS_TASKS ? sweep->values[point->value] : point->tasks;
}

static void
add_point (JsonBuilder  *builder,
           IlSweep      *sweep,
           IlSweepPoint *point)
{
  const IlSweepCurve *curve = &sweep->curves[point->curve];

  json_builder_begin_object (builder);
  add_string (builder, "model", curve->model);
  add_bool (builder, "gil", curve->gil);
  add_string (builder, "title", curve->title);
  add_int (builder, "workers", point_workers (sweep, point));
  add_int (builder, "tasks", point_tasks (sweep, point));
  add_bool (builder, "busy", point->busy);
  add_int (builder, "runs", point->n_repetitions);
  add_int (builder, "runs_counted", point->n_counted);
  add_spread (builder, "makespan_s", &point->makespan_s);
  add_spread (builder, "ideal_s", &point->ideal_s);
  add_spread (builder, "speedup", &point->speedup);
  add_spread (builder, "efficiency", &point->efficiency);
  add_spread (builder, "cpu_time_s", &point->cpu_time_s);
  add_spread (builder, "throughput", &point->throughput);

  json_builder_set_member_name (builder, "repetitions");
  json_builder_begin_array (builder);
  for (guint r = 0; r < point->n_repetitions; r++)
    {
      const IlSweepRepetition *rep = &point->repetitions[r];

      json_builder_begin_object (builder);
      add_int (builder, "run", rep->run);
      add_int (builder, "repetition", rep->repetition);
      add_number (builder, "makespan_s", rep->makespan_s);
      add_number (builder, "ideal_s", rep->ideal_s);
      add_number (builder, "speedup", rep->speedup);
      add_number (builder, "efficiency", rep->efficiency);
      add_number (builder, "cpu_time_s", rep->cpu_time_s);
      add_number (builder, "throughput", rep->throughput);
      add_number (builder, "other_load", rep->other_load);
      add_bool (builder, "busy", rep->busy);
      add_bool (builder, "stopped", rep->stopped);
      add_bool (builder, "dropped", rep->dropped);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
add_fit (JsonBuilder        *builder,
         const IlSweepCurve *curve)
{
  const char *kind = isfinite (curve->serial_fraction) ? "amdahl"
                     : isfinite (curve->limit_s) ? "sleep-bound" : NULL;

  json_builder_begin_object (builder);
  add_string (builder, "model", curve->model);
  add_bool (builder, "gil", curve->gil);
  add_string (builder, "title", curve->title);
  add_string (builder, "kind", kind);
  add_number (builder, "serial_fraction", curve->serial_fraction);
  add_number (builder, "max_speedup",
              isfinite (curve->serial_fraction) && curve->serial_fraction > 0 ? 1 / curve->serial_fraction : NAN);
  add_number (builder, "rms", curve->fit_rms);
  add_number (builder, "limit_s", curve->limit_s);
  json_builder_end_object (builder);
}

void
il_summary_add_sweep (JsonNode *summary,
                      IlSweep  *sweep)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  JsonObject *root, *built;

  g_return_if_fail (summary != NULL && JSON_NODE_HOLDS_OBJECT (summary));
  g_return_if_fail (sweep != NULL);

  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "points");
  json_builder_begin_array (builder);
  /* Model by model, each over the values: a curve reads in order */
  for (guint c = 0; c < sweep->n_curves; c++)
    for (guint v = 0; v < sweep->n_values; v++)
      add_point (builder, sweep, il_sweep_get_point (sweep, v, c));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "sweep");
  json_builder_begin_object (builder);
  add_string (builder, "axis", il_sweep_axis_to_string (sweep->axis));
  json_builder_set_member_name (builder, "values");
  json_builder_begin_array (builder);
  for (guint v = 0; v < sweep->n_values; v++)
    json_builder_add_int_value (builder, sweep->values[v]);
  json_builder_end_array (builder);
  add_int (builder, "repeat", sweep->repeat);
  add_bool (builder, "drop_busy", sweep->drop_busy);
  add_int (builder, "runs_planned", sweep->n_runs_planned);
  add_int (builder, "runs_made", sweep->n_runs);
  add_bool (builder, "stopped", sweep->n_runs < sweep->n_runs_planned);
  add_string (builder, "speedup_against", sweep->speedup_against);
  add_int (builder, "logical_cores", sweep->logical_cores);
  json_builder_set_member_name (builder, "fits");
  json_builder_begin_array (builder);
  for (guint c = 0; c < sweep->n_curves; c++)
    add_fit (builder, &sweep->curves[c]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  json_builder_end_object (builder);

  node = json_builder_get_root (builder);
  built = json_node_get_object (node);
  root = json_node_get_object (summary);
  json_object_set_member (root, "points", json_node_copy (json_object_get_member (built, "points")));
  json_object_set_member (root, "sweep", json_node_copy (json_object_get_member (built, "sweep")));
}

static void
csv_number (GString *out,
            gdouble  value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_c (out, ',');
  if (isfinite (value))
    g_string_append (out, g_ascii_dtostr (buf, sizeof buf, value));
}

static void
csv_spread (GString        *out,
            const IlSpread *spread)
{
  csv_number (out, spread->median);
  csv_number (out, spread->min);
  csv_number (out, spread->max);
  csv_number (out, spread->q1);
  csv_number (out, spread->q3);
}

char *
il_summary_sweep_to_csv (IlSweep    *sweep,
                         const char *workload_name,
                         gsize      *length)
{
  static const char * const spreads[] = {
    "makespan_s", "ideal_s", "speedup", "efficiency", "cpu_time_s", "throughput",
  };
  static const char * const parts[] = { "median", "min", "max", "q1", "q3" };
  GString *out = g_string_new ("workload,model,gil,workers,tasks,runs,runs_counted,busy");

  g_return_val_if_fail (sweep != NULL, NULL);

  for (guint s = 0; s < G_N_ELEMENTS (spreads); s++)
    for (guint p = 0; p < G_N_ELEMENTS (parts); p++)
      g_string_append_printf (out, ",%s_%s", spreads[s], parts[p]);
  g_string_append (out, "\r\n");

  for (guint c = 0; c < sweep->n_curves; c++)
    for (guint v = 0; v < sweep->n_values; v++)
      {
        IlSweepPoint *point = il_sweep_get_point (sweep, v, c);

        il_summary_csv_field (out, workload_name != NULL ? workload_name : "");
        g_string_append_c (out, ',');
        il_summary_csv_field (out, sweep->curves[c].model);
        g_string_append_printf (out, ",%s,%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%u,%u,%s",
                                sweep->curves[c].gil ? "true" : "false",
                                point_workers (sweep, point), point_tasks (sweep, point),
                                point->n_repetitions, point->n_counted,
                                point->busy ? "true" : "false");
        csv_spread (out, &point->makespan_s);
        csv_spread (out, &point->ideal_s);
        csv_spread (out, &point->speedup);
        csv_spread (out, &point->efficiency);
        csv_spread (out, &point->cpu_time_s);
        csv_spread (out, &point->throughput);
        g_string_append (out, "\r\n");
      }

  if (length != NULL)
    *length = out->len;
  return g_string_free (out, FALSE);
}
