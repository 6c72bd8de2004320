/* test-sweep.c — a sweep's grammar, run order and statistics, by hand
 *
 * Nothing runs here: the values, samples and speedups are made up so that
 * each answer can be worked out on paper.
 */
#include "config.h"

#include <math.h>

#include "il-sweep.h"

static GArray *
parse (const char *text,
       GError    **error)
{
  return il_sweep_parse_values ("--workers", text, 1, 1024, error);
}

static void
assert_values (const char   *text,
               const gint64 *expected,
               guint         n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) values = parse (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (values);
  g_assert_cmpuint (values->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (g_array_index (values, gint64, i), ==, expected[i]);
}

static void
test_lists_are_sorted_and_distinct (void)
{
  const gint64 a[] = { 1, 2, 4, 8 };
  const gint64 b[] = { 2, 5, 10 };
  const gint64 c[] = { 7 };

  assert_values ("1,2,4,8", a, G_N_ELEMENTS (a));
  assert_values ("10, 2,5,2", b, G_N_ELEMENTS (b));
  assert_values ("7,7", c, G_N_ELEMENTS (c));
}

static void
test_ranges_double_and_end_at_their_end (void)
{
  const gint64 a[] = { 1, 2, 4, 8, 16 };
  const gint64 b[] = { 3, 6, 12, 20 };
  const gint64 c[] = { 1, 2, 4, 5, 10, 20, 40 };
  const gint64 d[] = { 5 };

  assert_values ("1..16", a, G_N_ELEMENTS (a));
  assert_values ("3..20", b, G_N_ELEMENTS (b));
  assert_values ("1..4,5..40", c, G_N_ELEMENTS (c));
  assert_values ("5..5", d, G_N_ELEMENTS (d));
}

static void
test_bad_values_are_one_line_errors (void)
{
  const char *bad[] = { "0", "-1", "1..0", "abc", "1,,2", ",", "1..", "..4", "2..x", "1,2000",
                        "1.5,2", "1...4", "" };
  g_autoptr(GString) many = g_string_new ("1");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) values = parse (bad[i], &error);

      g_assert_null (values);
      g_assert_error (error, IL_SWEEP_ERROR, IL_SWEEP_ERROR_INVALID);
      g_assert_true (g_str_has_prefix (error->message, "--workers: "));
      g_assert_null (strchr (error->message, '\n'));
    }

  /* 10,000 points: over the cap, and said so */
  for (guint i = 2; i <= 10000; i++)
    g_string_append_printf (many, ",%u", 1 + i % 1000);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GArray) values = parse (many->str, &error);

    g_assert_null (values);
    g_assert_error (error, IL_SWEEP_ERROR, IL_SWEEP_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "at most 100"));
  }

  g_assert_true (il_sweep_text_is_sweep ("1,2"));
  g_assert_true (il_sweep_text_is_sweep ("1..2"));
  g_assert_false (il_sweep_text_is_sweep ("4"));
  g_assert_false (il_sweep_text_is_sweep ("abc"));
}

static void
test_models_interleave (void)
{
  /* 2 values × 3 models × 2 repetitions: A B C A B C at each value */
  const char *expected = "0:0:A 0:0:B 0:0:C 0:1:A 0:1:B 0:1:C 1:0:A 1:0:B 1:0:C 1:1:A 1:1:B 1:1:C ";
  g_autoptr(GString) order = g_string_new (NULL);

  for (guint i = 0; i < 12; i++)
    {
      guint value, repetition, model;

      il_sweep_order (2, 3, 2, i, &value, &repetition, &model);
      g_string_append_printf (order, "%u:%u:%c ", value, repetition, 'A' + model);
    }
  g_assert_cmpstr (order->str, ==, expected);
}

static void
test_spread_of_hand_made_samples (void)
{
  const gdouble odd[] = { 5, 1, 3 };
  const gdouble even[] = { 4, 1, 3, 2 };
  const gdouble holes[] = { NAN, 2, NAN, 6 };
  const gdouble none[] = { NAN };
  IlSpread s;

  il_spread_compute (odd, G_N_ELEMENTS (odd), &s);
  g_assert_cmpuint (s.n, ==, 3);
  g_assert_cmpfloat_with_epsilon (s.median, 3, 1e-12);
  g_assert_cmpfloat_with_epsilon (s.min, 1, 1e-12);
  g_assert_cmpfloat_with_epsilon (s.max, 5, 1e-12);
  g_assert_cmpfloat_with_epsilon (s.q1, 2, 1e-12);
  g_assert_cmpfloat_with_epsilon (s.q3, 4, 1e-12);

  /* 1 2 3 4: median 2.5, quartiles at 1.75 and 3.25 (type 7) */
  il_spread_compute (even, G_N_ELEMENTS (even), &s);
  g_assert_cmpfloat_with_epsilon (s.median, 2.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (s.q1, 1.75, 1e-12);
  g_assert_cmpfloat_with_epsilon (s.q3, 3.25, 1e-12);

  il_spread_compute (holes, G_N_ELEMENTS (holes), &s);
  g_assert_cmpuint (s.n, ==, 2);
  g_assert_cmpfloat_with_epsilon (s.median, 4, 1e-12);

  il_spread_compute (none, G_N_ELEMENTS (none), &s);
  g_assert_cmpuint (s.n, ==, 0);
  g_assert_true (isnan (s.median) && isnan (s.q1) && isnan (s.max));
}

static void
test_amdahl_fit_finds_a_known_serial_fraction (void)
{
  const guint workers[] = { 1, 2, 4, 8, 16, 32 };
  const gdouble fractions[] = { 0, 0.03, 0.25, 0.5, 1 };
  gdouble speedup[G_N_ELEMENTS (workers)];

  g_assert_cmpfloat_with_epsilon (il_amdahl_speedup (0.5, 2), 4.0 / 3, 1e-12);

  for (guint f = 0; f < G_N_ELEMENTS (fractions); f++)
    {
      gdouble rms = 0, s;

      for (guint i = 0; i < G_N_ELEMENTS (workers); i++)
        speedup[i] = il_amdahl_speedup (fractions[f], workers[i]);
      s = il_sweep_fit_amdahl (workers, speedup, G_N_ELEMENTS (workers), 1, 0, &rms);
      g_assert_cmpfloat_with_epsilon (s, fractions[f], 1e-5);
      g_assert_cmpfloat (rms, <, 1e-4);
    }

  /* Noise of ±2 % leaves it close */
  for (guint i = 0; i < G_N_ELEMENTS (workers); i++)
    speedup[i] = il_amdahl_speedup (0.1, workers[i]) * (i % 2 ? 1.02 : 0.98);
  g_assert_cmpfloat (fabs (il_sweep_fit_amdahl (workers, speedup, 6, 1, 0, NULL) - 0.1), <, 0.02);
}

static void
test_amdahl_fit_counts_processors_not_workers (void)
{
  /* 2 cores, no serial part: 1, 2, then flat — a fraction of 0, not more */
  const guint workers[] = { 1, 2, 4, 8 };
  const gdouble flat[] = { 1, 2, 2, 2 };
  /* Relative to 2 workers: speedups 1 at 2 and 4/3·… for s = 0.2 on 4 cores */
  const guint from_two[] = { 2, 4 };
  gdouble relative[2];

  g_assert_cmpfloat_with_epsilon (il_sweep_fit_amdahl (workers, flat, 4, 1, 2, NULL), 0, 1e-5);

  relative[0] = 1;
  relative[1] = il_amdahl_speedup (0.2, 4) / il_amdahl_speedup (0.2, 2);
  g_assert_cmpfloat_with_epsilon (il_sweep_fit_amdahl (from_two, relative, 2, 2, 0, NULL), 0.2, 1e-5);

  /* One processor count (every value past the cores): no fit */
  {
    const guint past[] = { 4, 8 };
    const gdouble any[] = { 1, 1 };

    g_assert_true (isnan (il_sweep_fit_amdahl (past, any, 2, 4, 2, NULL)));
  }
}

static IlRunStats
stats_of (gdouble makespan_s,
          gdouble other_load)
{
  IlRunStats stats = { 0, };

  stats.makespan_ns = (gint64) (makespan_s * 1e9);
  stats.ideal_ns = stats.makespan_ns / 2;
  stats.cpu_time_s = makespan_s;
  stats.other_load = other_load;
  stats.other_cpu_s = other_load * makespan_s * 4;
  stats.tasks_ok = 4;
  stats.workers = 1;
  return stats;
}

static void
test_points_keep_every_run_and_count_the_quiet_ones (void)
{
  /* Two models at 1 and 2 workers, three repetitions; B's second run at
   * 2 workers saw other load */
  const gint64 values[] = { 1, 2 };
  const gdouble makespans[2][3][2] = { { { 4, 4 }, { 4.4, 4.2 }, { 3.6, 3.8 } },
                                       { { 2, 4 }, { 2.2, 9 }, { 1.8, 4.2 } } };
  g_autoptr(IlSweep) sweep = il_sweep_new (IL_SWEEP_AXIS_WORKERS, values, 2, 3, TRUE, TRUE, FALSE, 2);
  IlSweepPoint *a2, *b2;

  il_sweep_add_curve (sweep, "thread-pool", FALSE, "thread-pool");
  il_sweep_add_curve (sweep, "thread-pool", TRUE, "thread-pool + GIL");
  for (guint i = 0; i < 12; i++)
    {
      guint v, r, m;
      IlRunStats stats;

      il_sweep_order (2, 2, 3, i, &v, &r, &m);
      stats = stats_of (makespans[v][r][m], v == 1 && r == 1 && m == 1 ? 0.9 : 0);
      il_sweep_add_run (sweep, v, m, &stats, 4);
    }
  il_sweep_compute (sweep);

  g_assert_cmpuint (sweep->n_points, ==, 4);
  g_assert_cmpuint (sweep->n_runs, ==, 12);
  g_assert_cmpstr (sweep->speedup_against, ==, "first-value");

  a2 = il_sweep_get_point (sweep, 1, 0);
  g_assert_cmpuint (a2->n_repetitions, ==, 3);
  g_assert_cmpuint (a2->n_counted, ==, 3);
  g_assert_cmpfloat_with_epsilon (a2->makespan_s.median, 2, 1e-9);
  g_assert_cmpfloat_with_epsilon (a2->makespan_s.min, 1.8, 1e-9);
  g_assert_cmpfloat_with_epsilon (a2->makespan_s.max, 2.2, 1e-9);
  /* against its own median at 1 worker (4 s) */
  g_assert_cmpfloat_with_epsilon (a2->speedup.median, 2, 1e-9);
  g_assert_cmpfloat_with_epsilon (a2->efficiency.median, 0.5, 1e-6);
  g_assert_cmpfloat_with_epsilon (a2->throughput.median, 2, 1e-9);

  /* The busy run is kept, marked and dropped */
  b2 = il_sweep_get_point (sweep, 1, 1);
  g_assert_cmpuint (b2->n_repetitions, ==, 3);
  g_assert_true (b2->repetitions[1].busy);
  g_assert_true (b2->repetitions[1].dropped);
  g_assert_cmpuint (b2->n_counted, ==, 2);
  g_assert_false (b2->busy);
  g_assert_cmpfloat_with_epsilon (b2->makespan_s.max, 4.2, 1e-9);
  g_assert_cmpfloat_with_epsilon (b2->makespan_s.median, 4.1, 1e-9);

  /* Amdahl: A doubles on two cores (s near 0), B does not (s near 1) */
  g_assert_cmpfloat (sweep->curves[0].serial_fraction, <, 0.05);
  g_assert_cmpfloat (sweep->curves[1].serial_fraction, >, 0.9);
}

static void
test_a_stopped_sweep_counts_what_finished (void)
{
  const gint64 values[] = { 1, 2 };
  g_autoptr(IlSweep) sweep = il_sweep_new (IL_SWEEP_AXIS_WORKERS, values, 2, 1, FALSE, TRUE, FALSE, 2);
  IlRunStats stats = stats_of (2, 0);

  il_sweep_add_curve (sweep, "thread-pool", FALSE, "thread-pool");
  il_sweep_add_run (sweep, 0, 0, &stats, 4);
  stats.cancelled = TRUE;
  il_sweep_add_run (sweep, 1, 0, &stats, 4);
  il_sweep_compute (sweep);

  g_assert_cmpuint (sweep->n_runs, ==, 2);
  g_assert_cmpuint (il_sweep_get_point (sweep, 0, 0)->n_counted, ==, 1);
  g_assert_true (il_sweep_get_point (sweep, 1, 0)->repetitions[0].stopped);
  g_assert_cmpuint (il_sweep_get_point (sweep, 1, 0)->n_counted, ==, 0);
  g_assert_true (isnan (il_sweep_get_point (sweep, 1, 0)->makespan_s.median));
  g_assert_true (isnan (sweep->curves[0].serial_fraction));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/sweep/lists-are-sorted-and-distinct", test_lists_are_sorted_and_distinct);
  g_test_add_func ("/engine/sweep/ranges-double-and-end-at-their-end", test_ranges_double_and_end_at_their_end);
  g_test_add_func ("/engine/sweep/bad-values-are-one-line-errors", test_bad_values_are_one_line_errors);
  g_test_add_func ("/engine/sweep/models-interleave", test_models_interleave);
  g_test_add_func ("/engine/sweep/spread-of-hand-made-samples", test_spread_of_hand_made_samples);
  g_test_add_func ("/engine/sweep/amdahl-fit-finds-a-known-serial-fraction",
                   test_amdahl_fit_finds_a_known_serial_fraction);
  g_test_add_func ("/engine/sweep/amdahl-fit-counts-processors-not-workers",
                   test_amdahl_fit_counts_processors_not_workers);

  g_test_add_func ("/engine/sweep/points-keep-every-run-and-count-the-quiet-ones",
                   test_points_keep_every_run_and_count_the_quiet_ones);
  g_test_add_func ("/engine/sweep/a-stopped-sweep-counts-what-finished",
                   test_a_stopped_sweep_counts_what_finished);

  return g_test_run ();
}
