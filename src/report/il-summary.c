/* il-summary.c — the run summary as JSON
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "il-machine.h"
#include "il-summary.h"

static inline double
ns_to_s (gint64 ns)
{
  return (double) ns / 1e9;
}

static void
add_double_or_null (JsonBuilder *builder,
                    const char  *member,
                    double       value)
{
  json_builder_set_member_name (builder, member);
  if (isfinite (value))
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* A time relative to the run start; negative means "never" */
static void
add_time_or_null (JsonBuilder *builder,
                  const char  *member,
                  gint64       ns)
{
  add_double_or_null (builder, member, ns >= 0 ? ns_to_s (ns) : NAN);
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
add_null (JsonBuilder *builder,
          const char  *member)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_null_value (builder);
}

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *member,
                    const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_worker (JsonBuilder *builder,
            const char  *member,
            guint32      worker)
{
  json_builder_set_member_name (builder, member);
  if (worker != IL_NO_WORKER)
    json_builder_add_int_value (builder, worker);
  else
    json_builder_add_null_value (builder);
}

void
il_summary_add_machine (JsonBuilder *builder)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));

  json_builder_set_member_name (builder, "machine");
  json_builder_begin_object (builder);
  add_int (builder, "logical_cores", il_machine_get_logical_cores ());
  add_string_or_null (builder, "cpu_model", il_machine_get_cpu_model ());
  json_builder_end_object (builder);
}

/* The machine the runs ran on, as their records say (a saved file may
 * come from another machine), else this one */
static void
add_machine_of (JsonBuilder         *builder,
                IlRunRecord * const *records,
                guint                n_records)
{
  if (n_records == 0 || records[0]->logical_cores == 0)
    {
      il_summary_add_machine (builder);
      return;
    }
  json_builder_set_member_name (builder, "machine");
  json_builder_begin_object (builder);
  add_int (builder, "logical_cores", records[0]->logical_cores);
  add_string_or_null (builder, "cpu_model", records[0]->cpu_model);
  json_builder_end_object (builder);
}

/* A crawl's numbers: the pages it was allowed and those it fetched (the
 * most any run fetched), where from, and the demo site's latency; tasks,
 * io_ms, cpu_ms and seed of the recipe then say what was really used. */
static void
add_crawl_workload (JsonBuilder            *builder,
                    const IlWorkloadParams *resolved,
                    IlRunRecord * const    *records,
                    guint                   n_records)
{
  const IlRunRecord *first = n_records > 0 ? records[0] : NULL;
  guint pages = 0;

  for (guint i = 0; i < n_records; i++)
    pages = MAX (pages, records[i]->snapshot ? records[i]->snapshot->n_tasks : 0);
  if (first != NULL)
    add_int (builder, "tasks", pages);
  else
    add_null (builder, "tasks");
  add_int (builder, "workers", resolved->workers > 0 ? (guint) resolved->workers
                                                     : il_machine_get_logical_cores ());
  /* Replies take io_ms on the built-in demo site only; a page's parsing is
   * real work, not cpu_ms; nothing is random. */
  if (first != NULL && first->crawl_demo_site)
    add_int (builder, "io_ms", resolved->io_ms);
  else
    add_null (builder, "io_ms");
  add_null (builder, "cpu_ms");
  add_null (builder, "seed");

  json_builder_set_member_name (builder, "crawl");
  json_builder_begin_object (builder);
  add_string_or_null (builder, "start_url", first ? first->crawl_url : NULL);
  json_builder_set_member_name (builder, "demo_site");
  json_builder_add_boolean_value (builder, first != NULL && first->crawl_demo_site);
  if (first != NULL)
    add_int (builder, "max_pages", first->crawl_max_pages);
  else
    add_null (builder, "max_pages");
  if (first != NULL)
    add_int (builder, "pages_crawled", pages);
  else
    add_null (builder, "pages_crawled");
  json_builder_end_object (builder);
}

static void
add_workload (JsonBuilder            *builder,
              IlWorkload             *workload,
              const IlWorkloadParams *resolved,
              IlRunRecord * const    *records,
              guint                   n_records)
{
  json_builder_set_member_name (builder, "workload");
  json_builder_begin_object (builder);
  add_string_or_null (builder, "name", il_workload_get_name (workload));
  add_string_or_null (builder, "title", il_workload_get_title (workload));
  add_string_or_null (builder, "category",
                      il_category_to_string (il_workload_get_category (workload)));
  /* Another tool's trace, a traced program: no numbers to tell */
  if (n_records > 0 && records[0]->source != IL_RUN_SOURCE_ENGINE)
    {
      add_string_or_null (builder, "source", il_run_source_to_string (records[0]->source));
      json_builder_end_object (builder);
      return;
    }
  if (il_workload_get_crawl (workload) != NULL)
    {
      add_crawl_workload (builder, resolved, records, n_records);
      json_builder_end_object (builder);
      return;
    }
  add_int (builder, "tasks", resolved->tasks);
  /* --workers: the pool size, by default the logical cores */
  add_int (builder, "workers", resolved->workers > 0 ? (guint) resolved->workers
                                                     : il_machine_get_logical_cores ());
  add_int (builder, "io_ms", resolved->io_ms);
  add_int (builder, "cpu_ms", resolved->cpu_ms);
  add_int (builder, "seed", resolved->seed);
  json_builder_end_object (builder);
}

static void
add_segment (JsonBuilder     *builder,
             const IlSegment *segment)
{
  json_builder_begin_object (builder);
  add_string_or_null (builder, "state", il_state_to_string ((IlState) segment->state));
  add_double_or_null (builder, "start_s", ns_to_s (segment->start_ns));
  add_double_or_null (builder, "end_s", ns_to_s (segment->end_ns));
  json_builder_set_member_name (builder, "cpu");
  if (segment->cpu != IL_NO_CPU)
    json_builder_add_int_value (builder, segment->cpu);
  else
    json_builder_add_null_value (builder);
  add_worker (builder, "worker", segment->worker);
  json_builder_end_object (builder);
}

static void
add_task (JsonBuilder          *builder,
          const IlTaskSnapshot *task,
          const IlTaskPlan     *plan)
{
  json_builder_begin_object (builder);
  add_int (builder, "id", task->id);
  add_string_or_null (builder, "name", task->name);
  add_worker (builder, "worker", task->worker);
  add_time_or_null (builder, "submitted_s", task->submitted_ns);
  add_time_or_null (builder, "started_s", task->started_ns);
  add_time_or_null (builder, "finished_s", task->finished ? task->finished_ns : -1);

  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, task->finished && task->ok);
  json_builder_set_member_name (builder, "stopped");
  json_builder_add_boolean_value (builder, task->stopped);
  add_string_or_null (builder, "error", task->error);

  if (task->has_result)
    add_int (builder, "result", task->result);
  /* A page's links left out at the caps (il-http-types.h) */
  if (plan != NULL && plan->fetches)
    add_int (builder, "links_dropped", task->links_dropped);

  add_double_or_null (builder, "gil_wait_s", ns_to_s (il_task_snapshot_time_in (task, IL_STATE_GIL_WAIT)));

  json_builder_set_member_name (builder, "segments");
  json_builder_begin_array (builder);
  for (guint i = 0; i < task->n_segments; i++)
    add_segment (builder, &task->segments[i]);
  json_builder_end_array (builder);

  json_builder_end_object (builder);
}

/* A count, or null when it is not known (negative). */
static void
add_count_or_null (JsonBuilder *builder,
                   const char  *member,
                   gint64       value)
{
  if (value >= 0)
    add_int (builder, member, value);
  else
    add_double_or_null (builder, member, NAN);
}

/* What the run ran, when several workloads or numbers share a comparison:
 * its workload's name, its numbers, and when it ended (ISO 8601, UTC). */
static void
add_run_source (JsonBuilder       *builder,
                const IlRunRecord *record)
{
  add_string_or_null (builder, "source", il_run_source_to_string (record->source));
  add_string_or_null (builder, "workload_name", record->workload_name);
  json_builder_set_member_name (builder, "params");
  if (record->source != IL_RUN_SOURCE_ENGINE)
    json_builder_add_null_value (builder);
  else
    {
      json_builder_begin_object (builder);
      add_int (builder, "tasks", record->params.tasks);
      add_int (builder, "workers", record->params.workers);
      add_int (builder, "io_ms", record->params.io_ms);
      add_int (builder, "cpu_ms", record->params.cpu_ms);
      add_int (builder, "seed", record->params.seed);
      json_builder_end_object (builder);
    }
  if (record->ended_unix_us >= 0)
    {
      g_autoptr(GDateTime) ended = g_date_time_new_from_unix_utc (record->ended_unix_us / G_USEC_PER_SEC);
      g_autofree char *text = ended != NULL ? g_date_time_format_iso8601 (ended) : NULL;

      add_string_or_null (builder, "ended", text);
    }
  else
    add_string_or_null (builder, "ended", NULL);
}

static void
add_run (JsonBuilder       *builder,
         const IlRunRecord *record,
         const IlRunStats  *sequential,
         gint               baseline)
{
  const IlTraceSnapshot *snapshot = record->snapshot;
  IlRunStats st;
  const IlRunStats *stats = &st;

  il_run_stats_compute (record, &st);

  json_builder_begin_object (builder);
  add_string_or_null (builder, "model", record->model);
  json_builder_set_member_name (builder, "gil");
  json_builder_add_boolean_value (builder, stats->gil);
  /* Models that let GLib decide (gtask) count the workers they saw */
  add_int (builder, "workers", stats->workers > 0 ? stats->workers : stats->workers_seen);
  add_int (builder, "workers_seen", stats->workers_seen);
  add_double_or_null (builder, "makespan_s", ns_to_s (stats->makespan_ns));
  add_time_or_null (builder, "ideal_s", stats->ideal_ns);
  /* A stopped run's makespan covers only part of the work: it compares
   * with nothing (both are NAN then) */
  add_double_or_null (builder, "speedup", il_run_stats_speedup (stats, sequential));
  /* The run of runs[] the speedup is taken against (null: none) */
  add_count_or_null (builder, "baseline", baseline);
  add_double_or_null (builder, "efficiency", il_run_stats_efficiency (stats));
  add_double_or_null (builder, "cpu_time_s", stats->cpu_time_s);
  add_double_or_null (builder, "user_time_s", stats->user_time_s);
  add_double_or_null (builder, "sys_time_s", stats->sys_time_s);
  add_count_or_null (builder, "voluntary_ctx_switches", stats->voluntary_ctx_switches);
  add_count_or_null (builder, "involuntary_ctx_switches", stats->involuntary_ctx_switches);
  add_count_or_null (builder, "peak_rss_kib", stats->peak_rss_kib);
  /* What other programs took of the machine meanwhile (see the README) */
  add_double_or_null (builder, "other_load", stats->other_load);
  add_double_or_null (builder, "other_cpu_s", stats->other_cpu_s);
  json_builder_set_member_name (builder, "busy_machine");
  json_builder_add_boolean_value (builder, il_run_stats_saw_other_load (stats));
  add_int (builder, "cores_used", stats->cores_used);
  add_int (builder, "tasks_ok", stats->tasks_ok);
  add_int (builder, "tasks_failed", stats->tasks_failed);
  add_int (builder, "tasks_stopped", stats->tasks_stopped);
  if (record->crawl_url != NULL)
    add_int (builder, "links_dropped", stats->links_dropped);
  json_builder_set_member_name (builder, "cancelled");
  json_builder_add_boolean_value (builder, stats->cancelled);
  add_double_or_null (builder, "queued_s", ns_to_s (stats->queued_ns));
  add_double_or_null (builder, "running_s", ns_to_s (stats->running_ns));
  add_double_or_null (builder, "preempted_s", ns_to_s (stats->preempted_ns));
  add_double_or_null (builder, "io_wait_s", ns_to_s (stats->io_wait_ns));
  if (stats->gil)
    {
      add_double_or_null (builder, "gil_switch_interval_s", ns_to_s (stats->gil_interval_ns));
      add_double_or_null (builder, "gil_wait_s", ns_to_s (stats->gil_wait_ns));
      add_count_or_null (builder, "gil_handovers", stats->gil_handovers);
    }

  add_run_source (builder, record);

  json_builder_set_member_name (builder, "completion_order");
  json_builder_begin_array (builder);
  for (guint i = 0; i < stats->n_completion_order; i++)
    json_builder_add_int_value (builder, stats->completion_order[i]);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "tasks");
  json_builder_begin_array (builder);
  for (guint i = 0; i < snapshot->n_tasks; i++)
    add_task (builder, &snapshot->tasks[i],
              record->plans != NULL && i < record->n_plans ? &record->plans[i] : NULL);
  json_builder_end_array (builder);

  json_builder_end_object (builder);
  il_run_stats_clear (&st);
}

JsonNode *
il_summary_build (IlWorkload             *workload,
                  const IlWorkloadParams *params,
                  IlRunRecord * const    *records,
                  guint                   n_records,
                  gint                    baseline)
{
  g_autoptr(JsonBuilder) builder = NULL;
  IlWorkloadParams defaults = IL_WORKLOAD_PARAMS_INIT;
  IlWorkloadParams resolved;
  g_autofree IlRunStats *baselines = g_new0 (IlRunStats, MAX (n_records, 1));
  g_autofree gint *baseline_of = g_new (gint, MAX (n_records, 1));
  g_autofree gboolean *computed = g_new0 (gboolean, MAX (n_records, 1));

  g_return_val_if_fail (workload != NULL, NULL);
  g_return_val_if_fail (records != NULL || n_records == 0, NULL);

  il_workload_resolve_params (workload, params != NULL ? params : &defaults, &resolved);
  /* Each baseline's stats once, however many runs it serves */
  for (guint i = 0; i < n_records; i++)
    {
      baseline_of[i] = il_run_records_find_baseline (records, n_records, i, baseline);
      if (baseline_of[i] >= 0 && !computed[baseline_of[i]])
        {
          il_run_stats_compute (records[baseline_of[i]], &baselines[baseline_of[i]]);
          computed[baseline_of[i]] = TRUE;
        }
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);

  add_workload (builder, workload, &resolved, records, n_records);
  add_machine_of (builder, records, n_records);

  json_builder_set_member_name (builder, "runs");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_records; i++)
    add_run (builder, records[i], baseline_of[i] >= 0 ? &baselines[baseline_of[i]] : NULL, baseline_of[i]);
  json_builder_end_array (builder);
  /* The runs saw very different load: their comparison is in doubt */
  json_builder_set_member_name (builder, "uneven_load");
  json_builder_add_boolean_value (builder, il_run_records_load_uneven (records, n_records));

  json_builder_end_object (builder);
  for (guint i = 0; i < n_records; i++)
    if (computed[i])
      il_run_stats_clear (&baselines[i]);

  return json_builder_get_root (builder);
}

void
il_summary_csv_field (GString    *out,
                      const char *text)
{
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* A run's member as CSV text: numbers as JSON writes them, null empty. */
static char *
csv_value (JsonNode *node)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("");
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      GString *ids = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_INT64)
            g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i ? " " : "", json_node_get_int (item));
        }
      return g_string_free (ids, FALSE);
    }
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:   return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:  return g_strdup (g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
    case G_TYPE_BOOLEAN: return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    case G_TYPE_STRING:  return g_strdup (json_node_get_string (node));
    default:             return g_strdup ("");
    }
}

/* Members that are a run's own figures (not its tasks). */
static gboolean
csv_column (const char *name,
            JsonNode   *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  if (JSON_NODE_HOLDS_ARRAY (node))
    return g_str_equal (name, "completion_order");
  return TRUE;
}

char *
il_summary_to_csv (JsonNode *summary,
                   gsize    *length)
{
  JsonObject *root, *workload;
  JsonArray *runs;
  g_autoptr(GPtrArray) columns = g_ptr_array_new ();
  GString *out = g_string_new (NULL);
  const char *workload_name = "";

  g_return_val_if_fail (summary != NULL && JSON_NODE_HOLDS_OBJECT (summary), NULL);

  root = json_node_get_object (summary);
  workload = json_object_get_object_member (root, "workload");
  if (workload != NULL && json_object_has_member (workload, "name") &&
      !json_object_get_null_member (workload, "name"))
    workload_name = json_object_get_string_member (workload, "name");
  runs = json_object_get_array_member (root, "runs");

  for (guint r = 0; runs != NULL && r < json_array_get_length (runs); r++)
    {
      JsonObject *run = json_array_get_object_element (runs, r);
      g_autoptr(GList) members = json_object_get_members (run);

      for (GList *l = members; l; l = l->next)
        if (csv_column (l->data, json_object_get_member (run, l->data)) &&
            !g_ptr_array_find_with_equal_func (columns, l->data, g_str_equal, NULL))
          g_ptr_array_add (columns, l->data);
    }

  g_string_append (out, "workload");
  for (guint c = 0; c < columns->len; c++)
    {
      g_string_append_c (out, ',');
      il_summary_csv_field (out, g_ptr_array_index (columns, c));
    }
  g_string_append (out, "\r\n");
  for (guint r = 0; runs != NULL && r < json_array_get_length (runs); r++)
    {
      JsonObject *run = json_array_get_object_element (runs, r);

      il_summary_csv_field (out, json_object_has_member (run, "workload_name") &&
                      !json_object_get_null_member (run, "workload_name")
                      ? json_object_get_string_member (run, "workload_name") : workload_name);
      for (guint c = 0; c < columns->len; c++)
        {
          JsonNode *node = json_object_get_member (run, g_ptr_array_index (columns, c));
          g_autofree char *value = node ? csv_value (node) : g_strdup ("");

          g_string_append_c (out, ',');
          il_summary_csv_field (out, value);
        }
      g_string_append (out, "\r\n");
    }
  if (length != NULL)
    *length = out->len;
  return g_string_free (out, FALSE);
}

char *
il_summary_to_data (JsonNode *summary,
                    gsize    *length)
{
  g_autoptr(JsonGenerator) generator = NULL;
  g_autofree char *data = NULL;
  char *with_newline;
  gsize data_length = 0;

  g_return_val_if_fail (summary != NULL, NULL);

  generator = json_generator_new ();
  json_generator_set_root (generator, summary);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  data = json_generator_to_data (generator, &data_length);

  with_newline = g_strconcat (data, "\n", NULL);
  if (length != NULL)
    *length = data_length + 1;

  return with_newline;
}
