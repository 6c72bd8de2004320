/* test-look-for.c — "what to look for" filled from run records made by hand
 *
 * No engine runs here: each record's figures are known on paper, so a
 * filled text can be compared with what it must say.
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "il-look-for.h"

#define MS(x) ((gint64) (x) * 1000000)
/* Between a figure and its unit */
#define NBSP "\u00a0"

/* A finished run of @model (with the GIL when @gil) whose @n_tasks tasks
 * each wait @task_ms: one after the other when @serial, else all at once.
 * Under the GIL each task also waits @gil_wait_ms for it first. */
static IlRunRecord *
make_record (const char *model,
             gboolean    gil,
             guint       n_tasks,
             gint64      task_ms,
             gboolean    serial,
             gint64      gil_wait_ms)
{
  IlRunRecord *record = il_run_record_new ();
  IlTaskSnapshot *tasks = g_new0 (IlTaskSnapshot, n_tasks);
  IlWorkerInfo worker = { IL_WORKER_THREAD, 11, 10, (char *) "thread 11" };
  guint *order = g_new0 (guint, n_tasks);

  for (guint i = 0; i < n_tasks; i++)
    {
      /* The last task ends first when they all wait at once */
      gint64 start = serial ? i * task_ms : 0;
      gint64 wait = serial ? 0 : gil_wait_ms;
      gint64 end = start + task_ms + wait - (serial ? 0 : (gint64) i);
      IlTaskSnapshot *t = &tasks[i];
      guint s = 0;

      t->id = i;
      t->name = g_strdup_printf ("task %u", i);
      t->worker = 0;
      t->started_ns = MS (start);
      t->finished_ns = MS (end);
      t->finished = t->ok = TRUE;
      t->segments = g_new0 (IlSegment, 3);
      if (wait > 0)
        t->segments[s++] = (IlSegment) { MS (start), MS (start + wait), 0, IL_NO_CPU, IL_STATE_GIL_WAIT, 0 };
      t->segments[s++] = (IlSegment) { MS (start + wait), MS (end), 0, IL_NO_CPU, IL_STATE_IO_WAIT, 0 };
      t->segments[s++] = (IlSegment) { MS (end), MS (end), 0, IL_NO_CPU, IL_STATE_DONE, 0 };
      t->n_segments = s;
      order[serial ? i : n_tasks - 1 - i] = i;
    }
  record->snapshot = il_trace_snapshot_new_from_tasks (tasks, n_tasks, &worker, 1);
  for (guint i = 0; i < n_tasks; i++)
    {
      g_free (tasks[i].name);
      g_free (tasks[i].segments);
    }
  g_free (tasks);

  record->workload_name = g_strdup ("test");
  record->params.tasks = n_tasks;
  record->params.io_ms = task_ms;
  record->model = g_strdup (model);
  record->title = g_strdup (model);
  record->gil = gil;
  record->gil_interval_ns = gil ? MS (5) : 0;
  record->gil_handovers = gil ? 7 : -1;
  record->logical_cores = 2;
  record->finished = TRUE;
  record->completion_order = order;
  record->n_completion_order = n_tasks;
  return record;
}

static char *
fill (const char  *template_text,
      IlRunRecord *a,
      IlRunRecord *b)
{
  IlRunRecord *records[] = { a, b };

  return il_look_for_fill (template_text, records, G_N_ELEMENTS (records));
}

static const char compare[] =
  "The waits overlap. [Sequential took {makespan:sequential}, threads "
  "{makespan:threads}: {speedup:threads} as fast.] Nothing computes.";

static void
test_numbers_follow_the_runs (void)
{
  g_autoptr(IlRunRecord) sequential = make_record ("sequential", FALSE, 3, 300, TRUE, 0);
  g_autoptr(IlRunRecord) threads = make_record ("threads", FALSE, 3, 301, FALSE, 0);
  g_autoptr(IlRunRecord) slow_sequential = make_record ("sequential", FALSE, 3, 2000, TRUE, 0);
  g_autoptr(IlRunRecord) slow_threads = make_record ("threads", FALSE, 3, 2000, FALSE, 0);
  g_autofree char *fast = fill (compare, sequential, threads);
  g_autofree char *slow = fill (compare, slow_sequential, slow_threads);

  g_assert_cmpstr (fast, ==, "The waits overlap. Sequential took 0.90" NBSP "s, threads 0.30" NBSP "s: "
                             "2.99× as fast. Nothing computes.");
  g_assert_cmpstr (slow, ==, "The waits overlap. Sequential took 6.00" NBSP "s, threads 2.00" NBSP "s: "
                             "3.00× as fast. Nothing computes.");
}

static void
test_sentence_of_a_model_not_run_is_left_out (void)
{
  g_autoptr(IlRunRecord) sequential = make_record ("sequential", FALSE, 3, 300, TRUE, 0);
  g_autoptr(IlRunRecord) pool = make_record ("thread-pool", FALSE, 3, 300, FALSE, 0);
  g_autofree char *text =
    fill ("Waits overlap. [Threads took {makespan:threads}.] [Sequential took "
          "{makespan:sequential}.] [The pool: {makespan:thread-pool}, {speedup:thread-pool}.] "
          "[Under the GIL: {gil_wait:threads+gil}.] End.", sequential, pool);

  g_assert_cmpstr (text, ==, "Waits overlap. Sequential took 0.90" NBSP "s. The pool: 0.30" NBSP "s, 3.00×. End.");
}

static void
test_stopped_runs_give_no_speedup (void)
{
  g_autoptr(IlRunRecord) sequential = make_record ("sequential", FALSE, 3, 300, TRUE, 0);
  g_autoptr(IlRunRecord) threads = make_record ("threads", FALSE, 3, 300, FALSE, 0);
  g_autofree char *sequential_stopped = NULL;
  g_autofree char *threads_stopped = NULL;
  g_autofree char *threads_alone = NULL;
  const char *template_text = "A. [{speedup:threads}.] [T {makespan:threads}.] [S {makespan:sequential}.] B.";

  sequential->stopped = TRUE;
  sequential_stopped = fill (template_text, sequential, threads);
  g_assert_cmpstr (sequential_stopped, ==, "A. T 0.30" NBSP "s. B.");

  sequential->stopped = FALSE;
  threads->stopped = TRUE;
  threads_stopped = fill (template_text, sequential, threads);
  g_assert_cmpstr (threads_stopped, ==, "A. S 0.90" NBSP "s. B.");

  /* Without a sequential run there is nothing to compare with */
  threads->stopped = FALSE;
  threads_alone = fill (template_text, threads, NULL);
  g_assert_cmpstr (threads_alone, ==, "A. T 0.30" NBSP "s. B.");
}

static void
test_runs_still_going_fill_nothing (void)
{
  g_autoptr(IlRunRecord) sequential = make_record ("sequential", FALSE, 3, 300, TRUE, 0);
  g_autofree char *live = NULL;
  g_autofree char *none = NULL;

  sequential->finished = FALSE;
  live = fill ("[S {makespan:sequential}.] Waits. [{io_share} waiting.]", sequential, NULL);
  g_assert_cmpstr (live, ==, "Waits.");

  none = il_look_for_fill (compare, NULL, 0);
  g_assert_cmpstr (none, ==, "The waits overlap. Nothing computes.");
}

static void
test_gil_figures_come_from_the_gil_run (void)
{
  g_autoptr(IlRunRecord) plain = make_record ("threads", FALSE, 2, 100, FALSE, 0);
  g_autoptr(IlRunRecord) gil = make_record ("threads", TRUE, 2, 100, FALSE, 40);
  g_autofree char *both = NULL;
  g_autofree char *plain_only = NULL;
  const char *template_text =
    "[Free: {makespan:threads}.] [GIL: {makespan:threads+gil}, {gil_wait:threads+gil} waiting, "
    "{handovers:threads+gil} hand-overs.] [{gil_wait:threads}.]";

  both = fill (template_text, plain, gil);
  g_assert_cmpstr (both, ==, "Free: 0.10" NBSP "s. GIL: 0.14" NBSP "s, 80.0" NBSP "ms waiting, 7 hand-overs.");

  plain_only = fill (template_text, plain, NULL);
  g_assert_cmpstr (plain_only, ==, "Free: 0.10" NBSP "s.");
}

static void
test_order_shares_and_numbers (void)
{
  g_autoptr(IlRunRecord) threads = make_record ("threads", FALSE, 3, 300, FALSE, 0);
  g_autoptr(IlRunRecord) many = make_record ("process-pool", FALSE, 12, 10, FALSE, 0);
  g_autofree char *text =
    fill ("[Order {order:threads}; {order:process-pool}.] [{tasks} tasks of {io} on {cores} cores, "
          "{io_share:threads} waiting, {parse_share:threads} parsing, {io_per_page:threads} a page.]",
          threads, many);

  g_assert_cmpstr (text, ==, "Order 2, 1, 0; 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, …. "
                             "3 tasks of 0.30" NBSP "s on 2 cores, 100" NBSP "% waiting, 0" NBSP "% parsing, 0.30" NBSP "s a page.");
}

static void
test_literal_brackets_and_braces (void)
{
  g_autofree char *text = il_look_for_fill ("It printed [[1681, 81, …]] and {{x}}.", NULL, 0);

  g_assert_cmpstr (text, ==, "It printed [1681, 81, …] and {x}.");
}

static void
test_check_finds_faults (void)
{
  const char *bad[] = {
    "[{makespan:threads}",            /* unclosed [ */
    "[{makespan:threads]",            /* unclosed { */
    "[a [b]]]",                       /* nested */
    "[{makespan}.]",                  /* a per-run stat without a model */
    "[{nonsense:threads}.]",          /* no such stat */
    "[{makespan:fibers}.]",           /* no such model */
    "[{makespan:async+gil}.]",        /* no GIL for the event loop */
    "Took {makespan:threads}.",       /* outside [ ] */
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      if (il_look_for_check (bad[i], &error))
        g_error ("“%s” passed the check", bad[i]);
      g_assert_nonnull (error);
    }
  g_assert_true (il_look_for_check (compare, NULL));
  g_assert_true (il_look_for_check ("[[1]] [{gil_wait:thread-pool+gil} {io_share}.]", NULL));
}

/* Every workload file's text, in every language: well formed, and with no
 * command line in it (the window shows it) */
static void
test_workload_files_are_good_templates (void)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "..", "data", "workloads", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr(GRegex) command_line = g_regex_new ("(^|\\s)(--?[a-z]|-m\\b)|completion_order|"
                                                "threads\\+gil|interleave run", 0, 0, NULL);
  g_autoptr(GRegex) placeholder = g_regex_new ("\\{[^{}]*\\}", 0, 0, NULL);
  g_autofree char *linguas_path = g_test_build_filename (G_TEST_DIST, "..", "po", "LINGUAS", NULL);
  g_autofree char *linguas = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) languages = NULL;
  const char *name;
  guint n_texts = 0;

  /* LookFor, and LookFor[ll] for every language ("" : untranslated) */
  g_assert_true (g_file_get_contents (linguas_path, &linguas, NULL, NULL));
  g_strv_builder_add (builder, "");
  for (char *line = strtok (linguas, "\n"); line != NULL; line = strtok (NULL, "\n"))
    {
      g_strstrip (line);
      if (line[0] != '\0' && line[0] != '#')
        g_strv_builder_add (builder, line);
    }
  languages = g_strv_builder_end (builder);

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autoptr(GKeyFile) kf = g_key_file_new ();
      g_autoptr(GError) error = NULL;

      if (!g_str_has_suffix (name, ".workload"))
        continue;
      g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, &error);
      g_assert_no_error (error);
      for (guint k = 0; languages[k] != NULL; k++)
        {
          g_autofree char *text = NULL;
          g_autofree char *prose = NULL;
          g_autofree char *words = NULL;
          g_autoptr(GError) check_error = NULL;

          text = g_key_file_get_locale_string (kf, "Workload", "LookFor",
                                               languages[k][0] != '\0' ? languages[k] : NULL, &error);
          g_assert_no_error (error);
          if (!il_look_for_check (text, &check_error))
            g_error ("%s, LookFor[%s]: %s", name, languages[k], check_error->message);
          prose = il_look_for_fill (text, NULL, 0);
          words = g_regex_replace_literal (placeholder, text, -1, 0, "", 0, NULL);
          if (g_regex_match (command_line, words, 0, NULL))
            g_error ("%s, LookFor[%s] names the command line: %s", name, languages[k], text);
          g_assert_cmpstr (prose, !=, "");
          n_texts++;
        }
    }
  g_assert_cmpuint (n_texts, >=, 9 * g_strv_length (languages));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/report/look-for/numbers-follow-the-runs", test_numbers_follow_the_runs);
  g_test_add_func ("/report/look-for/sentence-of-a-model-not-run-is-left-out",
                   test_sentence_of_a_model_not_run_is_left_out);
  g_test_add_func ("/report/look-for/stopped-runs-give-no-speedup", test_stopped_runs_give_no_speedup);
  g_test_add_func ("/report/look-for/runs-still-going-fill-nothing", test_runs_still_going_fill_nothing);
  g_test_add_func ("/report/look-for/gil-figures-come-from-the-gil-run",
                   test_gil_figures_come_from_the_gil_run);
  g_test_add_func ("/report/look-for/order-shares-and-numbers", test_order_shares_and_numbers);
  g_test_add_func ("/report/look-for/literal-brackets-and-braces", test_literal_brackets_and_braces);
  g_test_add_func ("/report/look-for/check-finds-faults", test_check_finds_faults);
  g_test_add_func ("/report/look-for/workload-files-are-good-templates",
                   test_workload_files_are_good_templates);

  return g_test_run ();
}
