/* test-run-file.c — a comparison saved and opened again (il-run-file.h)
 *
 * Records made by hand, so every field has a value known on paper: what is
 * read back must be what was written, the Chrome part must be what trace
 * viewers accept, and every kind of bad file is refused with one line.
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "il-run-file.h"
#include "il-summary.h"

#define MS(x) ((gint64) (x) * 1000000)

static const char workload_text[] =
  "[Workload]\n"
  "Name=test-file\n"
  "Title=Test: “saved” runs\n"
  "Category=mixed\n"
  "Seed=000\n"
  "Summary=Tasks that sleep, then compute.\n"
  "LookFor=[Threads took {makespan:threads}.] [Sequential: {makespan:sequential}.]\n"
  "Models=sequential;threads\n"
  "\n"
  "[Tasks]\n"
  "Count=3\n"
  "Phases=sleep;cpu\n"
  "IoMs=10\n"
  "CpuMs=5\n"
  "Workers=2\n";

static IlWorkload *
make_workload (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (workload_text, strlen (workload_text));
  g_autoptr(GError) error = NULL;
  IlWorkload *workload = il_workload_load_bytes (bytes, "test", &error);

  g_assert_no_error (error);
  return workload;
}

/* A finished run whose tasks each sleep 10 ms and compute 5 ms: one after
 * another when @serial, else at once on @n_tasks threads. */
static IlRunRecord *
make_record (const char *model,
             guint       n_tasks,
             gboolean    serial,
             gboolean    stopped)
{
  IlRunRecord *record = il_run_record_new ();
  IlTaskSnapshot *tasks = g_new0 (IlTaskSnapshot, n_tasks);
  IlWorkerInfo *workers = g_new0 (IlWorkerInfo, n_tasks);
  IlTaskPlan *plans = g_new0 (IlTaskPlan, n_tasks);
  guint *order = g_new0 (guint, n_tasks);

  for (guint i = 0; i < n_tasks; i++)
    {
      gint64 start = serial ? i * 15 : 0;
      IlTaskSnapshot *t = &tasks[i];

      workers[i] = (IlWorkerInfo) { IL_WORKER_THREAD, 100 + i, 99, g_strdup_printf ("thread %u", 100 + i) };
      t->name = g_strdup_printf ("task “%u”\t\"quoted\"", i);
      t->worker = serial ? 0 : i;
      t->submitted_ns = 0;
      t->started_ns = MS (start) + 1;
      t->segments = g_new0 (IlSegment, 4);
      t->segments[0] = (IlSegment) { 0, MS (start) + 1, IL_NO_WORKER, IL_NO_CPU, IL_STATE_QUEUED, 0 };
      t->segments[1] = (IlSegment) { MS (start) + 1, MS (start + 10) + 7, t->worker, IL_NO_CPU, IL_STATE_IO_WAIT, 0 };
      t->segments[2] = (IlSegment) { MS (start + 10) + 7, MS (start + 15) + 3, t->worker, (gint16) (i % 2), IL_STATE_RUNNING, 0 };
      t->n_segments = 3;
      if (stopped && i == n_tasks - 1)
        {
          t->stopped = TRUE;
          t->error = g_strdup ("stopped\nby the user");
          t->finished = TRUE;
          t->finished_ns = MS (start + 15) + 3;
          t->segments[3] = (IlSegment) { t->finished_ns, t->finished_ns, t->worker, IL_NO_CPU, IL_STATE_STOPPED, 0 };
        }
      else
        {
          t->finished = t->ok = TRUE;
          t->finished_ns = MS (start + 15) + 3;
          t->has_result = TRUE;
          t->result = -(gint64) i * i;
          t->segments[3] = (IlSegment) { t->finished_ns, t->finished_ns, t->worker, IL_NO_CPU, IL_STATE_DONE, 0 };
        }
      t->n_segments = 4;
      t->links_dropped = 7 * i;
      plans[i] = (IlTaskPlan) { MS (10), MS (5), MS (10), 0, i == 1, i, i == 1 ? g_strdup ("example.org") : NULL };
      order[i] = serial ? i : n_tasks - 1 - i;
    }
  record->snapshot = il_trace_snapshot_new_from_tasks (tasks, n_tasks, workers, serial ? 1 : n_tasks);
  for (guint i = 0; i < n_tasks; i++)
    {
      g_free (tasks[i].name);
      g_free (tasks[i].error);
      g_free (tasks[i].segments);
      g_free (workers[i].label);
    }
  g_free (tasks);
  g_free (workers);

  /* Two core samples of two cores */
  g_free (record->snapshot->core_samples);
  record->snapshot->n_core_samples = 2;
  record->snapshot->core_samples = g_new0 (IlCoreSample, 2);
  for (guint k = 0; k < 2; k++)
    {
      record->snapshot->core_samples[k].time_ns = MS (20 * (k + 1));
      record->snapshot->core_samples[k].n_cpus = 2;
      record->snapshot->core_samples[k].busy = g_new0 (float, 2);
      record->snapshot->core_samples[k].busy[0] = 0.1f + k / 3.0f;
      record->snapshot->core_samples[k].busy[1] = 1.0f;
    }
  record->snapshot->origin_ns = G_GINT64_CONSTANT (123456789012345);

  record->workload_name = g_strdup ("test-file");
  record->workload_title = g_strdup ("Test: “saved” runs");
  record->params = (IlWorkloadParams) { n_tasks, serial ? 1 : n_tasks, 10, 5, 1 };
  record->model = g_strdup (model);
  record->title = g_strdup (model);
  record->rules.ideal = IL_IDEAL_WORKERS;
  record->rules.worker_per_task = !serial;
  record->rules.gil_applies = TRUE;
  record->workers = serial ? 1 : n_tasks;
  record->logical_cores = 2;
  record->cpu_model = g_strdup ("Test CPU");
  record->crawl_peak_urls = 4242;
  il_run_record_take_plans (record, plans, n_tasks);
  record->finished = TRUE;
  record->stopped = stopped;
  record->completion_order = order;
  record->n_completion_order = n_tasks;
  record->has_usage = TRUE;
  record->user_time_s = 0.1 / 3;
  record->sys_time_s = 1e-6;
  record->voluntary_ctx_switches = 12;
  record->involuntary_ctx_switches = 0;
  record->peak_rss_kib = 4321;
  record->other_cpu_s = NAN;
  record->other_load = 2.0 / 3;
  return record;
}

typedef struct {
  char        *dir;
  char        *path;
  IlWorkload  *workload;
  IlRunRecord *records[2];
  char        *text;          /* the file as written */
  gsize        length;
} Fixture;

static const IlWorkloadParams params = { 3, 2, 10, 5, 1 };

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("il-run-file-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "runs.json", NULL);
  f->workload = make_workload ();
  f->records[0] = make_record ("sequential", 3, TRUE, FALSE);
  f->records[1] = make_record ("threads", 3, FALSE, GPOINTER_TO_INT (data));
  g_assert_true (il_run_file_write (f->path, f->workload, &params, f->records, 2, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (f->path, &f->text, &f->length, &error));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (f->dir);
  il_run_record_unref (f->records[0]);
  il_run_record_unref (f->records[1]);
  il_workload_unref (f->workload);
  g_free (f->text);
  g_free (f->path);
  g_free (f->dir);
}

static char *
summary_of (IlWorkload             *workload,
            const IlWorkloadParams *p,
            IlRunRecord * const    *records,
            guint                   n)
{
  g_autoptr(JsonNode) node = il_summary_build (workload, p, records, n, -1);

  return il_summary_to_data (node, NULL);
}

static void
assert_same_double (double a,
                    double b)
{
  if (isnan (a))
    g_assert_true (isnan (b));
  else
    g_assert_true (a == b);
}

static void
assert_same_record (const IlRunRecord *a,
                    const IlRunRecord *b)
{
  const IlTraceSnapshot *sa = a->snapshot;
  const IlTraceSnapshot *sb = b->snapshot;

  g_assert_cmpint (a->source, ==, b->source);
  g_assert_cmpstr (a->workload_name, ==, b->workload_name);
  g_assert_cmpstr (a->workload_title, ==, b->workload_title);
  g_assert_cmpmem (&a->params, sizeof a->params, &b->params, sizeof b->params);
  g_assert_cmpstr (a->model, ==, b->model);
  g_assert_cmpstr (a->title, ==, b->title);
  g_assert_cmpmem (&a->rules, sizeof a->rules, &b->rules, sizeof b->rules);
  g_assert_cmpuint (a->workers, ==, b->workers);
  g_assert_cmpint (a->gil, ==, b->gil);
  g_assert_cmpint (a->gil_handovers, ==, b->gil_handovers);
  g_assert_cmpuint (a->logical_cores, ==, b->logical_cores);
  g_assert_cmpstr (a->cpu_model, ==, b->cpu_model);
  g_assert_cmpint (a->finished, ==, b->finished);
  g_assert_cmpint (a->stopped, ==, b->stopped);
  g_assert_cmpuint (a->crawl_peak_urls, ==, b->crawl_peak_urls);
  g_assert_cmpmem (a->completion_order, a->n_completion_order * sizeof (guint),
                   b->completion_order, b->n_completion_order * sizeof (guint));
  g_assert_cmpint (a->has_usage, ==, b->has_usage);
  assert_same_double (a->user_time_s, b->user_time_s);
  assert_same_double (a->sys_time_s, b->sys_time_s);
  g_assert_cmpint (a->voluntary_ctx_switches, ==, b->voluntary_ctx_switches);
  g_assert_cmpint (a->peak_rss_kib, ==, b->peak_rss_kib);
  assert_same_double (a->other_cpu_s, b->other_cpu_s);
  assert_same_double (a->other_load, b->other_load);

  g_assert_cmpuint (a->n_plans, ==, b->n_plans);
  for (guint i = 0; i < a->n_plans; i++)
    {
      g_assert_cmpint (a->plans[i].io_ns, ==, b->plans[i].io_ns);
      g_assert_cmpint (a->plans[i].cpu_ns, ==, b->plans[i].cpu_ns);
      g_assert_cmpint (a->plans[i].io_before_cpu_ns, ==, b->plans[i].io_before_cpu_ns);
      g_assert_cmpuint (a->plans[i].discovered_by, ==, b->plans[i].discovered_by);
      g_assert_cmpint (a->plans[i].fetches, ==, b->plans[i].fetches);
      g_assert_cmpstr (a->plans[i].host, ==, b->plans[i].host);
    }

  g_assert_cmpint (sa->origin_ns, ==, sb->origin_ns);
  g_assert_cmpint (sa->now_ns, ==, sb->now_ns);
  g_assert_cmpint (sa->end_ns, ==, sb->end_ns);
  g_assert_cmpuint (sa->n_segments, ==, sb->n_segments);
  g_assert_cmpuint (sa->n_workers, ==, sb->n_workers);
  for (guint i = 0; i < sa->n_workers; i++)
    {
      g_assert_cmpint (sa->workers[i].kind, ==, sb->workers[i].kind);
      g_assert_cmpint (sa->workers[i].tid, ==, sb->workers[i].tid);
      g_assert_cmpstr (sa->workers[i].label, ==, sb->workers[i].label);
    }
  g_assert_cmpuint (sa->n_core_samples, ==, sb->n_core_samples);
  for (guint i = 0; i < sa->n_core_samples; i++)
    {
      g_assert_cmpint (sa->core_samples[i].time_ns, ==, sb->core_samples[i].time_ns);
      g_assert_cmpmem (sa->core_samples[i].busy, sa->core_samples[i].n_cpus * sizeof (float),
                       sb->core_samples[i].busy, sb->core_samples[i].n_cpus * sizeof (float));
    }
  g_assert_cmpuint (sa->n_tasks, ==, sb->n_tasks);
  for (guint t = 0; t < sa->n_tasks; t++)
    {
      const IlTaskSnapshot *x = &sa->tasks[t];
      const IlTaskSnapshot *y = &sb->tasks[t];

      g_assert_cmpstr (x->name, ==, y->name);
      g_assert_cmpstr (x->error, ==, y->error);
      g_assert_cmpuint (x->worker, ==, y->worker);
      g_assert_cmpint (x->submitted_ns, ==, y->submitted_ns);
      g_assert_cmpint (x->started_ns, ==, y->started_ns);
      g_assert_cmpint (x->finished_ns, ==, y->finished_ns);
      g_assert_cmpint (x->finished, ==, y->finished);
      g_assert_cmpint (x->ok, ==, y->ok);
      g_assert_cmpint (x->stopped, ==, y->stopped);
      g_assert_cmpint (x->has_result, ==, y->has_result);
      g_assert_cmpint (x->result, ==, y->result);
      g_assert_cmpuint (x->links_dropped, ==, y->links_dropped);
      g_assert_cmpmem (x->segments, x->n_segments * sizeof (IlSegment),
                       y->segments, y->n_segments * sizeof (IlSegment));
    }
}

static void
test_round_trip_keeps_every_field (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IlRunFile) file = il_run_file_read (f->path, &error);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (file);
  g_assert_cmpuint (file->n_records, ==, 2);
  g_assert_cmpstr (file->cpu_model, ==, "Test CPU");
  g_assert_cmpuint (file->logical_cores, ==, 2);
  g_assert_cmpstr (file->program_version, ==, PACKAGE_VERSION);
  g_assert_cmpstr (il_workload_get_name (file->workload), ==, "test-file");
  g_assert_cmpstr (il_workload_get_title (file->workload), ==, "Test: “saved” runs");
  g_assert_cmpstr (il_workload_get_look_for (file->workload), ==, il_workload_get_look_for (f->workload));
  g_assert_cmpmem (&file->params, sizeof file->params, &params, sizeof params);
  for (guint i = 0; i < 2; i++)
    assert_same_record (f->records[i], file->records[i]);

  /* The summary JSON, byte for byte */
  before = summary_of (f->workload, &params, f->records, 2);
  after = summary_of (file->workload, &file->params, file->records, file->n_records);
  g_assert_cmpstr (before, ==, after);
  /* The machine it ran on, not this one */
  g_assert_nonnull (strstr (after, "\"cpu_model\" : \"Test CPU\""));
}

/* What Perfetto needs: per lane, X events that never overlap */
static void
test_chrome_part_is_well_formed (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) lane_end = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) named = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonObject *root;
  JsonArray *events;
  guint n_x = 0, n_c = 0, n_s = 0, n_f = 0, n_processes = 0;

  g_assert_true (json_parser_load_from_data (parser, f->text, f->length, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "displayTimeUnit"), ==, "ns");
  g_assert_true (json_object_has_member (root, "interleave"));
  events = json_object_get_array_member (root, "traceEvents");

  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *e = json_array_get_object_element (events, i);
      const char *ph = json_object_get_string_member (e, "ph");
      g_autofree char *lane = g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
                                               json_object_get_int_member (e, "pid"),
                                               json_object_get_int_member (e, "tid"));

      if (strcmp (ph, "M") == 0)
        {
          const char *name = json_object_get_string_member (e, "name");
          JsonObject *args = json_object_get_object_member (e, "args");

          if (strcmp (name, "thread_name") == 0)
            {
              g_assert_nonnull (json_object_get_string_member (args, "name"));
              g_hash_table_add (named, g_steal_pointer (&lane));
            }
          else if (strcmp (name, "process_name") == 0)
            {
              g_assert_nonnull (json_object_get_string_member (args, "name"));
              n_processes++;
            }
          continue;
        }
      if (strcmp (ph, "X") == 0)
        {
          double ts = json_object_get_double_member (e, "ts");
          double dur = json_object_get_double_member (e, "dur");
          double *end = g_hash_table_lookup (lane_end, lane);

          g_assert_cmpfloat (ts, >=, 0);
          g_assert_cmpfloat (dur, >=, 0);
          g_assert_cmpstr (json_object_get_string_member (e, "name"), ==,
                           json_object_get_string_member (e, "cat"));
          g_assert_true (json_object_has_member (json_object_get_object_member (e, "args"), "core"));
          /* Named before its first event, and each starts where the last ended or later */
          g_assert_true (g_hash_table_contains (named, lane));
          if (end != NULL)
            g_assert_cmpfloat (ts, >=, *end);
          else
            {
              end = g_new (double, 1);
              g_hash_table_insert (lane_end, g_strdup (lane), end);
            }
          *end = ts + dur;
          n_x++;
        }
      else if (strcmp (ph, "C") == 0)
        {
          g_assert_cmpfloat (json_object_get_double_member (e, "ts"), >=, 0);
          n_c++;
        }
      else if (strcmp (ph, "s") == 0)
        n_s++;
      else if (strcmp (ph, "f") == 0)
        n_f++;
    }

  g_assert_cmpuint (n_processes, ==, 2);
  /* The events come before anything else */
  g_assert_true (g_str_has_prefix (f->text, "{\"traceEvents\":["));
  g_assert_cmpuint (n_x, ==, 2 * 3 * 4);
  g_assert_cmpuint (n_s, ==, 6);
  g_assert_cmpuint (n_f, ==, 6);
  g_assert_cmpuint (n_c, >=, 2 * 2);
  /* Every ns is kept: 10.000007 ms */
  g_assert_nonnull (strstr (f->text, "\"ts\":10000.007,\"dur\":4999.996"));
  /* The stats */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_object_get_object_member (root, "otherData"), "runs")), ==, 2);
}

/* The file with @from replaced by @to (which must occur) */
static char *
mutate (Fixture    *f,
        const char *from,
        const char *to)
{
  g_autoptr(GString) text = g_string_new_len (f->text, f->length);
  const char *at = strstr (text->str, from);

  g_assert_nonnull (at);
  g_string_erase (text, at - text->str, strlen (from));
  g_string_insert (text, at - text->str, to);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
assert_refused (const char *data,
                gsize       length,
                int         code,
                const char *says)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IlRunFile) file = il_run_file_read_data (data, length, "bad.json", &error);

  g_assert_null (file);
  g_assert_error (error, IL_RUN_FILE_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "bad.json: "));
  g_assert_null (strchr (error->message, '\n'));
  if (strstr (error->message, says) == NULL)
    g_error ("“%s” does not say “%s”", error->message, says);
}

static void
test_bad_files_are_refused (Fixture       *f,
                            gconstpointer  data)
{
  static const guint8 garbage[] = { 0x7f, 'E', 'L', 'F', 0, 1, 2, 0xff, 0xfe, '{', '"' };
  static const struct { const char *from; const char *to; const char *says; } changes[] = {
    { "\"gil\":false,\"gil_interval_ns\"", "\"gil\":3,\"gil_interval_ns\"", "true or false was expected" },
    { "\"title\":\"threads\"", "\"title\":[]", "a string was expected" },
    { "[10000007,15000003,\"running\"", "[10000007,3,\"running\"", "negative duration" },
    { "[10000007,15000003,\"running\",0,0]", "[10000007,15000009,\"running\",0,0]", "overlaps" },
    { "\"peak_rss_kib\":4321,\"other_cpu_s\"", "\"peak_rss_kib\":-5,\"other_cpu_s\"", "out of range" },
    { "\"workers\":3,\"gil\"", "\"workers\":99999999999999999999,\"gil\"", "out of range" },
    { "\"completion_order\":[2,1,0]", "\"completion_order\":[2,1,7]", "task 7 does not exist" },
    { "\"running\",0,1]", "\"sprinting\",0,1]", "unknown state of a segment" },
    /* a key twice: refused, not read twice (the first copy was lost) */
    { "\"completion_order\":[2,1,0]", "\"completion_order\":[2,1,0],\"completion_order\":[0]", "appears twice" },
    { "\"version\":\"1.0\"", "\"version\":\"2.0\"", "newer Interleave" },
    { "\"version\":\"1.0\"", "\"version\":\"one\"", "MAJOR.MINOR" },
    { "\"finished\":true,\"stopped\":false", "\"finished\":true,\"stopped\":false,\"x\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", "nested too deep" },
  };
  g_autofree char *version_2 = NULL;

  assert_refused ("", 0, IL_RUN_FILE_ERROR_INVALID, "empty");
  assert_refused (" \n", 2, IL_RUN_FILE_ERROR_INVALID, "empty");
  assert_refused ((const char *) garbage, sizeof garbage, IL_RUN_FILE_ERROR_INVALID, "not JSON");
  assert_refused (f->text, f->length / 2, IL_RUN_FILE_ERROR_INVALID, "ends too early");
  assert_refused (f->text, f->length - 3, IL_RUN_FILE_ERROR_INVALID, "ends too early");
  assert_refused ("{\"traceEvents\":[]}", 18, IL_RUN_FILE_ERROR_NOT_OURS, "not an Interleave file");
  assert_refused ("[{\"ph\":\"X\"}]", 12, IL_RUN_FILE_ERROR_NOT_OURS, "not an Interleave file");
  assert_refused ("{\"a\":1} x", 10, IL_RUN_FILE_ERROR_INVALID, "not valid JSON");

  for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
    {
      g_autofree char *text = mutate (f, changes[i].from, changes[i].to);

      assert_refused (text, strlen (text),
                      strstr (changes[i].says, "newer") ? IL_RUN_FILE_ERROR_TOO_NEW : IL_RUN_FILE_ERROR_INVALID,
                      changes[i].says);
    }

  /* The error says where */
  version_2 = mutate (f, "[10000007,15000003,\"running\",0,0]", "[10000007,15000009,\"running\",0,0]");
  {
    g_autoptr(GError) error = NULL;

    g_assert_null (il_run_file_read_data (version_2, strlen (version_2), "bad.json", &error));
    g_assert_nonnull (strstr (error->message, "runs[0].snapshot.tasks[0].segments[3]"));
  }
}

/* A later minor version may add keys anywhere: they are skipped */
static void
test_newer_minor_version_opens (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *a = mutate (f, "\"version\":\"1.0\"", "\"version\":\"1.7\",\"future\":{\"a\":[1,{\"b\":null}],\"c\":\"\\u00e9\"}");
  g_autoptr(GString) text = g_string_new (a);
  g_autoptr(IlRunFile) file = NULL;
  g_autoptr(GError) error = NULL;

  g_string_replace (text, "\"ok\":", "\"colour\":\"blue\",\"ok\":", 0);
  g_string_replace (text, "\"rules\":{", "\"rules\":{\"new_rule\":true,", 0);
  file = il_run_file_read_data (text->str, text->len, "newer.json", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (file->n_records, ==, 2);
  assert_same_record (f->records[1], file->records[1]);
}

/* Damaged anywhere, a file is read or refused, never a crash: seeded
 * byte flips, cuts and insertions of JSON's own characters */
static void
test_damage_never_crashes (Fixture       *f,
                           gconstpointer  data)
{
  static const char alphabet[] = "{}[],:\"\\-0123456789.eEtrufalsn \n\x01\xff";
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261205);
  guint opened = 0, refused = 0;

  for (guint round = 0; round < 3000; round++)
    {
      g_autoptr(GString) text = g_string_new_len (f->text, f->length);
      g_autoptr(GError) error = NULL;
      g_autoptr(IlRunFile) file = NULL;
      guint n = g_rand_int_range (rand, 1, 4);

      for (guint k = 0; k < n; k++)
        {
          guint at = g_rand_int_range (rand, 0, text->len);
          char c = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];

          switch (g_rand_int_range (rand, 0, 3))
            {
            case 0: text->str[at] = c; break;
            case 1: g_string_insert_c (text, at, c); break;
            default: g_string_truncate (text, at); break;
            }
          if (text->len == 0)
            break;
        }
      file = il_run_file_read_data (text->str, text->len, "damaged.json", &error);
      if (file != NULL)
        {
          /* What opens is fit to be reported */
          g_autofree char *summary = summary_of (file->workload, &file->params,
                                                 file->records, file->n_records);

          g_assert_nonnull (summary);
          opened++;
        }
      else
        {
          g_assert_nonnull (error);
          g_assert_true (g_str_has_prefix (error->message, "damaged.json: "));
          g_assert_null (strchr (error->message, '\n'));
          refused++;
        }
    }
  g_test_message ("%u opened, %u refused", opened, refused);
  g_assert_cmpuint (refused, >, 0);
}

static void
test_too_large_is_refused (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "huge.json", NULL);
  g_autoptr(GError) error = NULL;
  FILE *out = fopen (path, "w");

  /* Sparse: no disk is used */
  g_assert_nonnull (out);
  g_assert_cmpint (ftruncate (fileno (out), IL_RUN_FILE_MAX_BYTES + 1), ==, 0);
  fclose (out);
  g_assert_null (il_run_file_read (path, &error));
  g_assert_error (error, IL_RUN_FILE_ERROR, IL_RUN_FILE_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "512 MiB"));
}

static void
test_missing_file_is_one_line (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (il_run_file_read ("/nonexistent/runs.json", &error));
  g_assert_error (error, IL_RUN_FILE_ERROR, IL_RUN_FILE_ERROR_READ);
  g_assert_nonnull (strstr (error->message, "/nonexistent/runs.json"));
}

/* A stream gets the same bytes as a file */
static void
test_stream_gets_the_same_bytes (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  const char *text;
  const char *written_file, *written_stream;

  g_assert_true (il_run_file_write_stream (stream, f->workload, &params, f->records, 2, NULL, &error));
  g_assert_no_error (error);
  g_output_stream_close (stream, NULL, NULL);
  text = g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (stream));
  /* The same but for the date written */
  written_file = strstr (f->text, "\"written\":");
  written_stream = strstr (text, "\"written\":");
  g_assert_cmpmem (f->text, written_file - f->text, text, written_stream - text);
  g_assert_cmpstr (strstr (f->text, "\"machine\":"), ==, strstr (text, "\"machine\":"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/report/run-file/round-trip-keeps-every-field", Fixture, NULL,
              fixture_set_up, test_round_trip_keeps_every_field, fixture_tear_down);
  g_test_add ("/report/run-file/round-trip-keeps-a-stopped-run", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_round_trip_keeps_every_field, fixture_tear_down);
  g_test_add ("/report/run-file/chrome-part-is-well-formed", Fixture, NULL,
              fixture_set_up, test_chrome_part_is_well_formed, fixture_tear_down);
  g_test_add ("/report/run-file/bad-files-are-refused-with-one-line", Fixture, NULL,
              fixture_set_up, test_bad_files_are_refused, fixture_tear_down);
  g_test_add ("/report/run-file/newer-minor-version-opens", Fixture, NULL,
              fixture_set_up, test_newer_minor_version_opens, fixture_tear_down);
  g_test_add ("/report/run-file/damage-never-crashes", Fixture, NULL,
              fixture_set_up, test_damage_never_crashes, fixture_tear_down);
  g_test_add ("/report/run-file/larger-than-the-cap-is-refused", Fixture, NULL,
              fixture_set_up, test_too_large_is_refused, fixture_tear_down);
  g_test_add ("/report/run-file/stream-gets-the-same-bytes", Fixture, NULL,
              fixture_set_up, test_stream_gets_the_same_bytes, fixture_tear_down);
  g_test_add_func ("/report/run-file/missing-file-is-one-line", test_missing_file_is_one_line);

  return g_test_run ();
}
