/* test-chrome-import.c — other tools' Chrome traces open as runs
 *
 * Hand-written traces of every shape the importer reads, events that make
 * no sense, files that are not traces, and a trace a Python program wrote
 * of its own threads (tests/data/threads-trace.py), compared with what the
 * program recorded.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "il-chrome-import.h"
#include "il-run-record.h"
#include "il-stats.h"

static GPtrArray *
import (const char           *json,
        IlChromeImportReport *report)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *runs = il_chrome_import (json, strlen (json), "/some/where/trace.json", report, &error);

  g_assert_no_error (error);
  g_assert_nonnull (runs);
  return runs;
}

static const IlTaskSnapshot *
lane (GPtrArray *runs,
      guint      run,
      guint      task)
{
  IlRunRecord *record;

  g_assert_cmpuint (run, <, runs->len);
  record = g_ptr_array_index (runs, run);
  g_assert_cmpuint (task, <, record->snapshot->n_tasks);
  return &record->snapshot->tasks[task];
}

static void
assert_segment (const IlTaskSnapshot *task,
                guint                 i,
                gint64                start_ns,
                gint64                end_ns)
{
  g_assert_cmpuint (i, <, task->n_segments);
  g_assert_cmpint (task->segments[i].start_ns, ==, start_ns);
  g_assert_cmpint (task->segments[i].end_ns, ==, end_ns);
  g_assert_cmpint (task->segments[i].state, ==, IL_STATE_RUNNING);
  g_assert_cmpint (task->segments[i].cpu, ==, IL_NO_CPU);
}

static void
assert_stack (GPtrArray  *runs,
              guint       run,
              guint       task,
              guint       segment,
              const char *expected)
{
  IlRunRecord *record = g_ptr_array_index (runs, run);
  g_autofree char *stack = il_trace_snapshot_get_stack (record->snapshot, task, segment);

  g_assert_cmpstr (stack, ==, expected);
}

static void
test_object_form (void)
{
  IlChromeImportReport report;
  g_autoptr(GPtrArray) runs = import (
    "{\"traceEvents\": ["
    " {\"ph\": \"X\", \"name\": \"a\", \"ts\": 1000.5, \"dur\": 2.25, \"pid\": 7, \"tid\": 8, \"cat\": \"x\"},"
    " {\"ph\": \"X\", \"name\": \"b\", \"ts\": 1010, \"dur\": 1, \"pid\": 7, \"tid\": 8, \"args\": {\"n\": [1, {\"a\": 2}]}}"
    "], \"displayTimeUnit\": \"ns\", \"otherData\": {\"traceEvents\": 3}}", &report);
  IlRunRecord *record = g_ptr_array_index (runs, 0);
  const IlTaskSnapshot *t;

  g_assert_cmpuint (runs->len, ==, 1);
  g_assert_cmpstr (record->title, ==, "pid 7");
  g_assert_cmpstr (record->model, ==, "pid 7");
  g_assert_cmpstr (record->workload_title, ==, "trace.json");
  g_assert_true (record->finished);
  g_assert_null (record->plans);
  g_assert_false (record->has_usage);
  g_assert_cmpuint (record->snapshot->n_tasks, ==, 1);
  t = lane (runs, 0, 0);
  g_assert_cmpstr (t->name, ==, "thread 8");
  /* fractional µs, relative to the earliest slice; a gap is not drawn */
  g_assert_cmpuint (t->n_segments, ==, 2);
  assert_segment (t, 0, 0, 2250);
  assert_segment (t, 1, 9500, 10500);
  g_assert_cmpint (record->snapshot->origin_ns, ==, 1000500);
  g_assert_cmpint (record->snapshot->end_ns, ==, 10500);
  g_assert_cmpuint (record->snapshot->n_workers, ==, 1);
  g_assert_cmpint (record->snapshot->workers[0].tid, ==, 8);
  g_assert_cmpint (record->snapshot->workers[0].pid, ==, 7);
  g_assert_cmpuint (t->segments[0].worker, ==, 0);
  g_assert_cmpuint (report.events, ==, 2);
  g_assert_cmpuint (report.slices, ==, 2);
  g_assert_false (report.truncated);
  assert_stack (runs, 0, 0, 1, "b");
}

static void
test_array_form (void)
{
  IlChromeImportReport report;
  g_autoptr(GPtrArray) runs = import (
    "[{\"ph\": \"X\", \"name\": \"a\", \"ts\": 5, \"dur\": 5, \"pid\": 1, \"tid\": 1},"
    " {\"ph\": \"X\", \"name\": \"b\", \"ts\": 1, \"dur\": 2, \"pid\": 1, \"tid\": 2}]\n", &report);

  g_assert_cmpuint (runs->len, ==, 1);
  g_assert_cmpuint (((IlRunRecord *) g_ptr_array_index (runs, 0))->snapshot->n_tasks, ==, 2);
  assert_segment (lane (runs, 0, 0), 0, 4000, 9000);
  assert_segment (lane (runs, 0, 1), 0, 0, 2000);
  g_assert_false (report.truncated);
}

static void
test_truncated_array (void)
{
  static const char *endings[] = { "", ",", ",\n", ",\n{\"ph\": \"X\", \"na", ",{\"ph\":\"X\",\"ts\":" };

  for (guint i = 0; i < G_N_ELEMENTS (endings); i++)
    {
      IlChromeImportReport report;
      g_autofree char *json = g_strconcat (
        "[{\"ph\": \"X\", \"name\": \"a\", \"ts\": 5, \"dur\": 5, \"pid\": 1, \"tid\": 1},\n"
        " {\"ph\": \"X\", \"name\": \"b\", \"ts\": 11, \"dur\": 1, \"pid\": 1, \"tid\": 1}",
        endings[i], NULL);
      g_autoptr(GPtrArray) runs = import (json, &report);

      g_test_message ("ending %u: %s", i, endings[i]);
      g_assert_true (report.truncated);
      g_assert_cmpuint (report.slices, ==, 2);
      g_assert_cmpuint (report.skipped_events, ==, i >= 3 ? 1 : 0);
      g_assert_cmpuint (lane (runs, 0, 0)->n_segments, ==, 2);
      assert_segment (lane (runs, 0, 0), 1, 6000, 7000);
    }
}

/* B/E and X nest; the lane shows the innermost slice, and its stack */
static void
test_nesting (void)
{
  IlChromeImportReport report;
  /* outer [0, 100], inner [10, 40] with leaf [20, 30], X sibling [50, 60]
   * with an X child [50, 55] (same start: the longer encloses) */
  g_autoptr(GPtrArray) runs = import (
    "{\"traceEvents\": ["
    " {\"ph\": \"B\", \"name\": \"outer\", \"ts\": 0, \"pid\": 1, \"tid\": 1},"
    " {\"ph\": \"X\", \"name\": \"child\", \"ts\": 50, \"dur\": 5, \"pid\": 1, \"tid\": 1},"
    " {\"ph\": \"B\", \"name\": \"inner\", \"ts\": 10, \"pid\": 1, \"tid\": 1},"
    " {\"ph\": \"X\", \"name\": \"leaf\", \"ts\": 20, \"dur\": 10, \"pid\": 1, \"tid\": 1},"
    " {\"ph\": \"E\", \"ts\": 40, \"pid\": 1, \"tid\": 1},"
    " {\"ph\": \"X\", \"name\": \"sibling\", \"ts\": 50, \"dur\": 10, \"pid\": 1, \"tid\": 1},"
    " {\"ph\": \"E\", \"ts\": 100, \"pid\": 1, \"tid\": 1}"
    "]}", &report);
  const IlTaskSnapshot *t = lane (runs, 0, 0);
  static const gint64 expected[][2] = {
    { 0, 10 }, { 10, 20 }, { 20, 30 }, { 30, 40 }, { 40, 50 }, { 50, 55 }, { 55, 60 }, { 60, 100 },
  };
  static const char *stacks[] = {
    "outer", "outer › inner", "outer › inner › leaf", "outer › inner", "outer",
    "outer › sibling › child", "outer › sibling", "outer",
  };

  g_assert_cmpuint (report.slices, ==, 5);
  g_assert_cmpuint (t->n_segments, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      assert_segment (t, i, expected[i][0] * 1000, expected[i][1] * 1000);
      assert_stack (runs, 0, 0, i, stacks[i]);
    }
  g_assert_cmpuint (report.unmatched_ends + report.unended_begins + report.misnested, ==, 0);
}

/* Deeper than the cap: counted, and the time stays with the slice around */
static void
test_depth_cap (void)
{
  IlChromeImportReport report;
  g_autoptr(GString) json = g_string_new ("[");
  guint n = IL_CHROME_IMPORT_MAX_DEPTH + 10;
  const IlTaskSnapshot *t;
  g_autoptr(GPtrArray) runs = NULL;
  g_autofree char *stack = NULL;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (json, "%s{\"ph\": \"X\", \"name\": \"f\", \"ts\": %u, \"dur\": %u, \"pid\": 1, \"tid\": 1}",
                            i > 0 ? "," : "", i, 2 * (n - i));
  g_string_append (json, "]");
  runs = import (json->str, &report);
  t = lane (runs, 0, 0);
  g_assert_cmpuint (report.too_deep, ==, 10);
  g_assert_cmpuint (report.slices, ==, IL_CHROME_IMPORT_MAX_DEPTH);
  /* 255 pieces before the deepest, the deepest, 255 after */
  g_assert_cmpuint (t->n_segments, ==, 2 * IL_CHROME_IMPORT_MAX_DEPTH - 1);
  assert_segment (t, IL_CHROME_IMPORT_MAX_DEPTH - 1, (IL_CHROME_IMPORT_MAX_DEPTH - 1) * 1000,
                  (2 * n - IL_CHROME_IMPORT_MAX_DEPTH + 1) * 1000);
  stack = il_trace_snapshot_get_stack (((IlRunRecord *) g_ptr_array_index (runs, 0))->snapshot, 0,
                                       IL_CHROME_IMPORT_MAX_DEPTH - 1);
  g_assert_cmpuint (strlen (stack), ==, IL_CHROME_IMPORT_MAX_DEPTH + (IL_CHROME_IMPORT_MAX_DEPTH - 1) * strlen (" › "));
}

static void
test_metadata (void)
{
  IlChromeImportReport report;
  g_autoptr(GPtrArray) runs = import (
    "[{\"ph\": \"M\", \"name\": \"process_name\", \"pid\": 1, \"tid\": 0, \"ts\": 0, \"args\": {\"name\": \"browser\"}},"
    " {\"ph\": \"M\", \"name\": \"process_name\", \"pid\": 2, \"args\": {\"name\": \"renderer\"}},"
    " {\"ph\": \"M\", \"name\": \"process_sort_index\", \"pid\": 2, \"args\": {\"sort_index\": -1}},"
    " {\"ph\": \"M\", \"name\": \"thread_name\", \"pid\": 1, \"tid\": 10, \"args\": {\"name\": \"CrBrowserMain\"}},"
    " {\"ph\": \"M\", \"name\": \"thread_name\", \"pid\": 1, \"tid\": 11, \"args\": {\"name\": \"IO\"}},"
    " {\"ph\": \"M\", \"name\": \"thread_sort_index\", \"pid\": 1, \"tid\": 11, \"args\": {\"sort_index\": -5}},"
    " {\"ph\": \"M\", \"name\": \"thread_name\", \"pid\": 1, \"tid\": 12, \"args\": {\"name\": \"idle, no slices\"}},"
    " {\"ph\": \"X\", \"name\": \"a\", \"ts\": 10, \"dur\": 1, \"pid\": 1, \"tid\": 10},"
    " {\"ph\": \"X\", \"name\": \"b\", \"ts\": 10, \"dur\": 1, \"pid\": 1, \"tid\": 11},"
    " {\"ph\": \"X\", \"name\": \"c\", \"ts\": 12, \"dur\": 1, \"pid\": \"2\", \"tid\": \"20\"},"
    " {\"ph\": \"M\", \"name\": \"process_labels\", \"pid\": 1, \"args\": {\"labels\": \"x\"}}]", &report);
  IlRunRecord *renderer = g_ptr_array_index (runs, 0);
  IlRunRecord *browser = g_ptr_array_index (runs, 1);

  /* two processes, two runs, by process_sort_index */
  g_assert_cmpuint (runs->len, ==, 2);
  g_assert_cmpstr (renderer->title, ==, "renderer");
  g_assert_cmpstr (browser->title, ==, "browser");
  g_assert_cmpstr (browser->model, ==, "browser");
  /* lanes by thread_sort_index, then as they came; a thread with no slice is no lane */
  g_assert_cmpuint (browser->snapshot->n_tasks, ==, 2);
  g_assert_cmpstr (browser->snapshot->tasks[0].name, ==, "IO");
  g_assert_cmpstr (browser->snapshot->tasks[1].name, ==, "CrBrowserMain");
  g_assert_cmpstr (browser->snapshot->workers[0].label, ==, "IO");
  g_assert_cmpstr (renderer->snapshot->tasks[0].name, ==, "thread 20");
  /* the runs of one file share the time origin */
  assert_segment (&renderer->snapshot->tasks[0], 0, 2000, 3000);
  assert_segment (&browser->snapshot->tasks[0], 0, 0, 1000);
  g_assert_cmpuint (report.events, ==, 11);
  g_assert_cmpuint (report.skipped_events, ==, 1);
}

static void
test_bad_events (void)
{
  IlChromeImportReport report;
  g_autoptr(GPtrArray) runs = import (
    "[{\"ph\": \"X\", \"name\": \"good\", \"ts\": 0, \"dur\": 10, \"pid\": 1, \"tid\": 1},"
    /* bad times */
    " {\"ph\": \"X\", \"name\": \"negative\", \"ts\": 0, \"dur\": -1, \"pid\": 1, \"tid\": 1},"
    " {\"ph\": \"X\", \"name\": \"no dur\", \"ts\": 0, \"pid\": 1, \"tid\": 1},"
    " {\"ph\": \"X\", \"name\": \"string ts\", \"ts\": \"5\", \"dur\": 1, \"pid\": 1, \"tid\": 1},"
    " {\"ph\": \"X\", \"name\": \"null ts\", \"ts\": null, \"dur\": 1, \"pid\": 1, \"tid\": 1},"
    " {\"ph\": \"X\", \"name\": \"huge\", \"ts\": 1e300, \"dur\": 1, \"pid\": 1, \"tid\": 1},"
    " {\"ph\": \"X\", \"name\": \"huge dur\", \"ts\": 1, \"dur\": 9e99999, \"pid\": 1, \"tid\": 1},"
    " {\"ph\": \"X\", \"name\": \"long number\", \"ts\": 1.00000000000000000000000000000000000000000000000000000000000000000001, \"dur\": 1, \"pid\": 1, \"tid\": 1},"
    " {\"ph\": \"B\", \"name\": \"no ts\", \"pid\": 1, \"tid\": 1},"
    /* ends without a begin, begins without an end */
    " {\"ph\": \"E\", \"ts\": 3, \"pid\": 1, \"tid\": 2},"
    " {\"ph\": \"E\", \"ts\": 20, \"pid\": 1, \"tid\": 1},"
    " {\"ph\": \"B\", \"name\": \"forever\", \"ts\": 30, \"pid\": 1, \"tid\": 3},"
    /* an end before its begin: an end with nothing open, then a begin with no end */
    " {\"ph\": \"B\", \"name\": \"late\", \"ts\": 50, \"pid\": 1, \"tid\": 4},"
    " {\"ph\": \"E\", \"ts\": 45, \"pid\": 1, \"tid\": 4},"
    /* phases that are not shown, and one the format does not have */
    " {\"ph\": \"i\", \"name\": \"instant\", \"ts\": 1, \"pid\": 1, \"tid\": 1, \"s\": \"t\"},"
    " {\"ph\": \"C\", \"name\": \"counter\", \"ts\": 1, \"pid\": 1, \"args\": {\"v\": 3}},"
    " {\"ph\": \"s\", \"id\": 1, \"ts\": 1, \"pid\": 1, \"tid\": 1},"
    " {\"ph\": \"f\", \"id\": 1, \"ts\": 2, \"pid\": 1, \"tid\": 1},"
    " {\"ph\": \"Q\", \"ts\": 2, \"pid\": 1, \"tid\": 1},"
    " {\"ph\": \"XX\", \"ts\": 2, \"pid\": 1, \"tid\": 1},"
    /* not usable */
    " {\"name\": \"no phase\", \"ts\": 2, \"pid\": 1, \"tid\": 1},"
    " {\"ph\": \"X\", \"ts\": 2, \"dur\": 1, \"pid\": 1.5, \"tid\": 1},"
    " {\"ph\": \"X\", \"ts\": 2, \"dur\": 1, \"pid\": \"main\", \"tid\": 1},"
    /* a slice that outlives the one around it is cut at its end */
    " {\"ph\": \"X\", \"name\": \"outer\", \"ts\": 100, \"dur\": 10, \"pid\": 1, \"tid\": 5},"
    " {\"ph\": \"X\", \"name\": \"overlong\", \"ts\": 105, \"dur\": 10, \"pid\": 1, \"tid\": 5},"
    " {\"ph\": \"X\", \"name\": \"a name longer than the cap, cut at a character: é\xc3\", \"ts\": 0, \"dur\": 0, \"pid\": 1, \"tid\": 1}"
    "]", &report);
  IlRunRecord *record = g_ptr_array_index (runs, 0);

  g_assert_cmpuint (report.events, ==, 26);
  g_assert_cmpuint (report.bad_times, ==, 8);
  g_assert_cmpuint (report.unmatched_ends, ==, 3);
  g_assert_cmpuint (report.unended_begins, ==, 2);
  g_assert_cmpuint (report.skipped_events, ==, 4 + 3);
  g_assert_cmpuint (report.unknown_phases, ==, 2);
  g_assert_cmpuint (report.misnested, ==, 1);
  /* good, outer, overlong (cut), the zero-length one */
  g_assert_cmpuint (report.slices, ==, 4);
  g_assert_cmpuint (runs->len, ==, 1);
  g_assert_cmpuint (record->snapshot->n_tasks, ==, 2);
  assert_segment (lane (runs, 0, 0), 0, 0, 10000);
  g_assert_cmpuint (lane (runs, 0, 1)->n_segments, ==, 2);
  assert_segment (lane (runs, 0, 1), 1, 105000, 110000);
  assert_stack (runs, 0, 1, 1, "outer › overlong");
}

static void
test_long_names (void)
{
  IlChromeImportReport report;
  g_autoptr(GString) name = g_string_new (NULL);
  g_autofree char *json = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  const char *kept;

  /* 255 ASCII bytes, then "é" across the cap, then more */
  for (guint i = 0; i < IL_CHROME_IMPORT_MAX_NAME - 1; i++)
    g_string_append_c (name, 'a');
  g_string_append (name, "é and more");
  json = g_strdup_printf ("[{\"ph\": \"X\", \"name\": \"%s\", \"ts\": 0, \"dur\": 1, \"pid\": 1, \"tid\": 1},"
                          " {\"ph\": \"M\", \"name\": \"thread_name\", \"pid\": 1, \"tid\": 1, \"args\": {\"name\": \"bad \xff byte\"}}]",
                          name->str);
  runs = import (json, &report);
  kept = ((IlRunRecord *) g_ptr_array_index (runs, 0))->snapshot->frames[0].name;
  g_assert_cmpuint (report.cut_names, ==, 1);
  g_assert_cmpuint (strlen (kept), ==, IL_CHROME_IMPORT_MAX_NAME - 1);
  g_assert_true (g_utf8_validate (lane (runs, 0, 0)->name, -1, NULL));
  g_assert_true (g_str_has_prefix (lane (runs, 0, 0)->name, "bad "));
}

static void
assert_fails (const char *json,
              gssize      length,
              gint        code,
              const char *expected)
{
  g_autoptr(GError) error = NULL;
  IlChromeImportReport report;
  GPtrArray *runs = il_chrome_import (json, length < 0 ? strlen (json) : (gsize) length,
                                      "/tmp/some/notes.txt", &report, &error);

  g_test_message ("%s", error != NULL ? error->message : "(no error)");
  g_assert_null (runs);
  g_assert_error (error, IL_CHROME_IMPORT_ERROR, code);
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_null (strchr (error->message, '\n'));
}

static void
test_not_a_trace (void)
{
  assert_fails ("", -1, IL_CHROME_IMPORT_ERROR_NOT_A_TRACE, "notes.txt: not JSON: byte 0: no value");
  assert_fails ("Dear diary,", -1, IL_CHROME_IMPORT_ERROR_NOT_A_TRACE,
                "notes.txt: not JSON: byte 1: invalid char in json text.");
  assert_fails ("{\"traceEvents\": [{\"ph\": \"X\" \"ts\": 1}]}", -1, IL_CHROME_IMPORT_ERROR_NOT_A_TRACE,
                "notes.txt: not JSON: byte 30: after key and value, inside map, I expect ',' or '}'");
  assert_fails ("[{\"ph\": \"X\"}] trailing", -1, IL_CHROME_IMPORT_ERROR_NOT_A_TRACE,
                "notes.txt: not JSON: byte 16: trailing garbage");
  /* JSON of another shape */
  assert_fails ("42", -1, IL_CHROME_IMPORT_ERROR_NOT_A_TRACE,
                "notes.txt: not a trace: byte 0: neither an object nor an array of events");
  assert_fails ("{\"name\": \"interleave\", \"version\": 1}", -1, IL_CHROME_IMPORT_ERROR_NOT_A_TRACE,
                "notes.txt: not a trace: no \"traceEvents\" array");
  assert_fails ("{\"traceEvents\": {\"ph\": \"X\"}}", -1, IL_CHROME_IMPORT_ERROR_NOT_A_TRACE,
                "notes.txt: not a trace: byte 17: \"traceEvents\" is not an array");
  assert_fails ("[1, 2, 3]", -1, IL_CHROME_IMPORT_ERROR_NOT_A_TRACE,
                "notes.txt: not a trace: byte 2: an event is not an object");
  /* the object form must end */
  assert_fails ("{\"traceEvents\": [{\"ph\": \"X\", \"ts\": 1, \"dur\": 1}", -1,
                IL_CHROME_IMPORT_ERROR_NOT_A_TRACE, "notes.txt: not JSON: byte 47: it ends early");
  /* a trace with nothing to draw */
  assert_fails ("[]", -1, IL_CHROME_IMPORT_ERROR_NO_SLICES,
                "notes.txt: no slices (X, or B and E events) in this trace");
  assert_fails ("{\"traceEvents\": [{\"ph\": \"i\", \"ts\": 1, \"pid\": 1, \"tid\": 1}]}", -1,
                IL_CHROME_IMPORT_ERROR_NO_SLICES, "notes.txt: no slices (X, or B and E events) in this trace");
  /* a NUL in the middle is not JSON */
  assert_fails ("[{\"ph\": \0\"X\"}]", 14, IL_CHROME_IMPORT_ERROR_NOT_A_TRACE,
                "notes.txt: not JSON: byte 9: invalid char in json text.");
}

static void
test_caps (void)
{
  g_autoptr(GString) json = g_string_new ("[");
  g_autoptr(GError) error = NULL;
  GPtrArray *runs;

  for (guint i = 0; i <= IL_CHROME_IMPORT_MAX_LANES; i++)
    g_string_append_printf (json, "%s{\"ph\":\"X\",\"ts\":0,\"dur\":1,\"pid\":1,\"tid\":%u}", i > 0 ? "," : "", i);
  g_string_append (json, "]");
  runs = il_chrome_import (json->str, json->len, "many.json", NULL, &error);
  g_assert_null (runs);
  g_assert_error (error, IL_CHROME_IMPORT_ERROR, IL_CHROME_IMPORT_ERROR_TOO_LARGE);
  g_assert_cmpstr (error->message, ==, "many.json: more than 100000 threads");
  g_clear_error (&error);

  /* the size is checked before anything is read */
  runs = il_chrome_import (json->str, IL_CHROME_IMPORT_MAX_BYTES + 1, "huge.json", NULL, &error);
  g_assert_null (runs);
  g_assert_error (error, IL_CHROME_IMPORT_ERROR, IL_CHROME_IMPORT_ERROR_TOO_LARGE);
  g_assert_cmpstr (error->message, ==, "huge.json: larger than 1024 MiB");
}

/* What a trace cannot tell stays absent; the makespan is its span */
static void
test_stats_absent (void)
{
  g_autoptr(GPtrArray) runs = import (
    "[{\"ph\": \"X\", \"name\": \"a\", \"ts\": 100, \"dur\": 50, \"pid\": 1, \"tid\": 1},"
    " {\"ph\": \"X\", \"name\": \"b\", \"ts\": 120, \"dur\": 80.5, \"pid\": 1, \"tid\": 2}]", NULL);
  IlRunRecord *record = g_ptr_array_index (runs, 0);
  IlRunStats stats;

  il_run_stats_compute (record, &stats);
  g_assert_cmpint (stats.makespan_ns, ==, 100500);
  g_assert_cmpint (stats.ideal_ns, ==, -1);
  g_assert_true (isnan (stats.cpu_time_s));
  g_assert_true (isnan (stats.other_load));
  g_assert_cmpint (stats.peak_rss_kib, ==, -1);
  g_assert_cmpint (stats.voluntary_ctx_switches, ==, -1);
  g_assert_cmpuint (stats.cores_used, ==, 0);
  g_assert_cmpint (stats.running_ns, ==, 50000 + 80500);
  g_assert_true (isnan (il_run_stats_efficiency (&stats)));
  g_assert_cmpuint (stats.tasks_ok, ==, 2);
  il_run_stats_clear (&stats);
}

/* A Python program traces its own threads as VizTracer would, and says
 * what it recorded: the lanes show exactly that */
static void
test_python_threads (void)
{
  g_autofree char *python = g_find_program_in_path ("python3");
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "data", "threads-trace.py", NULL);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) runs = NULL;
  IlChromeImportReport report;
  JsonObject *expected, *lanes;
  IlRunRecord *record;
  gsize length;
  gint status;
  double first = INFINITY;
  GList *names;

  if (python == NULL)
    {
      g_test_skip ("no python3");
      return;
    }
  dir = g_dir_make_tmp ("chrome-import-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "viztracer.json", NULL);
  {
    const char *argv[] = { python, script, path, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error);
  }
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_file_get_contents (path, &data, &length, &error));
  g_assert_no_error (error);
  runs = il_chrome_import (data, length, path, &report, &error);
  g_assert_no_error (error);
  g_remove (path);
  g_rmdir (dir);

  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  expected = json_node_get_object (json_parser_get_root (parser));
  lanes = json_object_get_object_member (expected, "lanes");

  g_assert_cmpuint (runs->len, ==, 1);
  record = g_ptr_array_index (runs, 0);
  g_assert_cmpstr (record->title, ==, "MainProcess");
  g_assert_cmpstr (record->workload_title, ==, "viztracer.json");
  g_assert_cmpuint (record->snapshot->n_tasks, ==, json_object_get_size (lanes));
  g_assert_cmpuint (record->snapshot->n_tasks, >=, 3);
  g_assert_cmpuint (report.bad_times + report.unknown_phases + report.misnested + report.skipped_events, ==, 0);

  names = json_object_get_members (lanes);
  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonArray *want = json_object_get_array_member (lanes, l->data);

      if (json_array_get_length (want) > 0)
        first = MIN (first, json_array_get_double_element (json_array_get_array_element (want, 0), 0));
    }
  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonArray *want = json_object_get_array_member (lanes, l->data);
      const IlTaskSnapshot *task = NULL;
      guint index = 0;

      for (guint i = 0; i < record->snapshot->n_tasks; i++)
        if (g_strcmp0 (record->snapshot->tasks[i].name, l->data) == 0)
          {
            task = &record->snapshot->tasks[i];
            index = i;
          }
      g_test_message ("lane %s: %u segments", (const char *) l->data, json_array_get_length (want));
      g_assert_nonnull (task);
      g_assert_cmpuint (task->n_segments, ==, json_array_get_length (want));
      for (guint s = 0; s < task->n_segments; s++)
        {
          JsonArray *seg = json_array_get_array_element (want, s);
          double start = (json_array_get_double_element (seg, 0) - first) * 1000.0;
          double end = (json_array_get_double_element (seg, 1) - first) * 1000.0;
          g_autofree char *stack = il_trace_snapshot_get_stack (record->snapshot, index, s);

          /* the µs of the file are rounded to ns */
          g_assert_cmpfloat (fabs (task->segments[s].start_ns - start), <=, 2.0);
          g_assert_cmpfloat (fabs (task->segments[s].end_ns - end), <=, 2.0);
          g_assert_cmpstr (stack, ==, json_array_get_string_element (seg, 2));
        }
    }
  g_list_free (names);
  g_assert_cmpfloat (fabs (record->snapshot->end_ns - json_object_get_double_member (expected, "span_us") * 1000.0),
                     <=, 2.0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#if !HAVE_YAJL
  g_print ("1..0 # SKIP built without yajl\n");
  return 0;
#endif

  g_test_add_func ("/report/chrome-import/object-form", test_object_form);
  g_test_add_func ("/report/chrome-import/array-form", test_array_form);
  g_test_add_func ("/report/chrome-import/array-without-its-end", test_truncated_array);
  g_test_add_func ("/report/chrome-import/nested-slices-show-the-innermost", test_nesting);
  g_test_add_func ("/report/chrome-import/slices-deeper-than-the-cap-are-counted", test_depth_cap);
  g_test_add_func ("/report/chrome-import/metadata-names-and-orders", test_metadata);
  g_test_add_func ("/report/chrome-import/bad-events-are-counted-and-skipped", test_bad_events);
  g_test_add_func ("/report/chrome-import/long-names-are-cut", test_long_names);
  g_test_add_func ("/report/chrome-import/not-a-trace", test_not_a_trace);
  g_test_add_func ("/report/chrome-import/caps", test_caps);
  g_test_add_func ("/report/chrome-import/unknown-stats-stay-absent", test_stats_absent);
  g_test_add_func ("/report/chrome-import/python-threads", test_python_threads);
  return g_test_run ();
}
