/* bench-tracer.c — what tracing a program costs (issue "Trace a real program")
 *
 *   build/bench/bench-tracer [PYTHON]        sampling
 *   build/bench/bench-tracer perf [PYTHON]   perf_event_open beside sampling
 *
 * 1. The sampler's own CPU time while it traces 16 Python threads that
 *    sleep 1 ms in a loop for 3 s, at 1 kHz and at 5 ms: the share of one
 *    core (target: under 5 % at 1 kHz).
 * 2. A CPU-bound program of two threads (the GIL example's shape), its
 *    wall time untraced and traced, best of three each.
 * The perf mode: the tracer's own CPU share with the 16 sleepers under
 * each method, then two CPU-bound programs — the GIL example (two Python
 * threads, a switch every 5 ms) and two processes summing squares (that
 * keep both cores busy) — each timing itself — untraced, with perf and with sampling, in turn,
 * seven times each: the median and the best (target: perf within 2 % of
 * untraced).
 * Run on an idle machine; a loaded one starves the sampler.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "il-tracer.h"

static const char *sleepers =
  "import threading, time\n"
  "def f():\n"
  "    end = time.time() + 3\n"
  "    while time.time() < end: time.sleep(0.001)\n"
  "ts = [threading.Thread(target=f) for _ in range(16)]\n"
  "[t.start() for t in ts]; [t.join() for t in ts]\n";

static const char *squares =
  "import threading\n"
  "def f(): sum(k * k for k in range(3000000))\n"
  "ts = [threading.Thread(target=f) for _ in range(2)]\n"
  "[t.start() for t in ts]; [t.join() for t in ts]\n";

static double
self_cpu_s (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

/* The perf mode's programs time themselves (the tracer's start and its
 * end, five scans for late daemons, are not the program's time) */
static const char *timed_threads =
  "import threading, time\n"
  "def f(): sum(k * k for k in range(3000000))\n"
  "t0 = time.perf_counter()\n"
  "ts = [threading.Thread(target=f) for _ in range(2)]\n"
  "[t.start() for t in ts]; [t.join() for t in ts]\n"
  "print('ELAPSED', time.perf_counter() - t0)\n";

static const char *timed_processes =
  "import os, time\n"
  "t0 = time.perf_counter()\n"
  "for _ in range(2):\n"
  "    if os.fork() == 0:\n"
  "        sum(k * k for k in range(6000000)); os._exit(0)\n"
  "os.wait(); os.wait()\n"
  "print('ELAPSED', time.perf_counter() - t0)\n";

static double
elapsed_in (const char *text)
{
  const char *at = text != NULL ? strstr (text, "ELAPSED ") : NULL;

  return at != NULL ? g_ascii_strtod (at + 8, NULL) : -1;
}

static double
traced_argv (const char * const *argv,
             IlTracerMethod      method,
             gint64              interval_ns,
             double             *cpu_share)
{
  IlTracerOptions options;
  g_autoptr(IlTracer) tracer = NULL;
  g_autoptr(IlRunRecord) record = NULL;
  double cpu0 = self_cpu_s ();
  gint64 t0 = il_now_ns (), t1;

  il_tracer_options_init (&options);
  options.interval_ns = interval_ns;
  options.method = method;
  tracer = il_tracer_new (argv, &options);
  record = il_tracer_run (tracer, NULL);
  t1 = il_now_ns ();
  if (cpu_share != NULL)
    *cpu_share = (self_cpu_s () - cpu0) / ((t1 - t0) / 1e9);
  if (method == IL_TRACER_METHOD_PERF)
    {
      IlTracerResult result;

      il_tracer_get_result (tracer, &result);
      if (result.method != IL_TRACER_METHOD_PERF)
        g_error ("perf_event_open refused: %s", result.fallback);
      il_tracer_result_clear (&result);
    }
  return (t1 - t0) / 1e9;
}

static double
traced_s (const char *python,
          const char *code,
          gint64      interval_ns,
          double     *cpu_share)
{
  const char *argv[] = { python, "-c", code, NULL };

  return traced_argv (argv, IL_TRACER_METHOD_SAMPLING, interval_ns, cpu_share);
}

static double
children_cpu_s (void)
{
  struct rusage ru;

  getrusage (RUSAGE_CHILDREN, &ru);
  return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

/* The program's own time; its CPU time (user + system) in @cpu */
static double
untraced_argv (const char * const *argv,
               double             *cpu)
{
  g_autofree char *out = NULL;
  double cpu0 = children_cpu_s ();

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, NULL, NULL);
  *cpu = children_cpu_s () - cpu0;
  return elapsed_in (out);
}

/* The program's own time, traced */
static double
traced_elapsed (const char * const *argv,
                IlTracerMethod      method,
                double             *cpu)
{
  IlTracerOptions options;
  g_autoptr(IlTracer) tracer = NULL;
  g_autoptr(IlRunRecord) record = NULL;
  IlTracerResult result;
  const GArray *lines;
  double elapsed = -1;

  il_tracer_options_init (&options);
  options.method = method;
  /* Without the threading-names hook on PYTHONPATH: what it costs the
   * program at start is the same for both methods, not theirs */
  options.no_python_names = TRUE;
  tracer = il_tracer_new (argv, &options);
  record = il_tracer_run (tracer, NULL);
  il_tracer_get_result (tracer, &result);
  if (result.method != method)
    g_error ("perf_event_open refused: %s", result.fallback);
  il_tracer_result_clear (&result);
  *cpu = record->has_usage ? record->user_time_s + record->sys_time_s : -1;
  lines = il_tracer_get_lines (tracer);
  for (guint i = 0; i < lines->len; i++)
    if (elapsed_in (g_array_index (lines, IlTracerLine, i).text) >= 0)
      elapsed = elapsed_in (g_array_index (lines, IlTracerLine, i).text);
  return elapsed;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

#define ROUNDS 7

static void
compare_methods (const char         *what,
                 const char * const *argv)
{
  double t[3][ROUNDS], c[3][ROUNDS];
  const char *names[3] = { "untraced", "perf", "sampling 1 ms" };

  for (int r = 0; r < ROUNDS; r++)
    {
      t[0][r] = untraced_argv (argv, &c[0][r]);
      t[1][r] = traced_elapsed (argv, IL_TRACER_METHOD_PERF, &c[1][r]);
      t[2][r] = traced_elapsed (argv, IL_TRACER_METHOD_SAMPLING, &c[2][r]);
    }
  printf ("%s, %d times each — wall: median, best; the program's CPU time: median, best:\n", what, ROUNDS);
  for (int m = 0; m < 3; m++)
    {
      qsort (t[m], ROUNDS, sizeof (double), (int (*) (const void *, const void *)) compare_double);
      qsort (c[m], ROUNDS, sizeof (double), (int (*) (const void *, const void *)) compare_double);
      printf ("  %-14s %.3f s %.3f s", names[m], t[m][ROUNDS / 2], t[m][0]);
      if (m > 0)
        printf (" (%+5.1f %%, %+5.1f %%)", (t[m][ROUNDS / 2] / t[0][ROUNDS / 2] - 1) * 100,
                (t[m][0] / t[0][0] - 1) * 100);
      else
        printf ("                  ");
      printf ("   CPU %.3f s %.3f s", c[m][ROUNDS / 2], c[m][0]);
      if (m > 0)
        printf (" (%+5.1f %%, %+5.1f %%)", (c[m][ROUNDS / 2] / c[0][ROUNDS / 2] - 1) * 100,
                (c[m][0] / c[0][0] - 1) * 100);
      printf ("\n");
    }
}

static int
bench_perf (const char *python)
{
  const char *sleep_argv[] = { python, "-c", sleepers, NULL };
  const char *gil_argv[] = { python, "-c", timed_threads, NULL };
  const char *loop_argv[] = { python, "-c", timed_processes, NULL };
  double share;

  traced_argv (sleep_argv, IL_TRACER_METHOD_PERF, 0, &share);
  printf ("tracer, 16 sleeping threads, perf (+ /proc every 5 ms):  %.1f %% of one core\n", share * 100);
  traced_argv (sleep_argv, IL_TRACER_METHOD_SAMPLING, 0, &share);
  printf ("tracer, 16 sleeping threads, sampling 1 ms:             %.1f %% of one core\n", share * 100);
  compare_methods ("two Python threads summing squares (the GIL)", gil_argv);
  compare_methods ("two processes summing squares (both cores busy)", loop_argv);
  return 0;
}

static double
untraced_s (const char *python,
            const char *code)
{
  const char *argv[] = { python, "-c", code, NULL };
  gint64 t0 = il_now_ns ();

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, NULL, NULL);
  return (il_now_ns () - t0) / 1e9;
}

int
main (int    argc,
      char **argv)
{
  const char *python = argc > 1 ? argv[1] : "/usr/bin/python3";
  double share, best_plain = G_MAXDOUBLE, best_traced = G_MAXDOUBLE;

  if (argc > 1 && g_strcmp0 (argv[1], "perf") == 0)
    {
      int rc = bench_perf (argc > 2 ? argv[2] : "/usr/bin/python3");

      g_autofree char *load = NULL;

      g_file_get_contents ("/proc/loadavg", &load, NULL, NULL);
      printf ("load average now: %s", load != NULL ? load : "?\n");
      return rc;
    }

  traced_s (python, sleepers, 1000000, &share);
  printf ("sampler, 16 sleeping threads, 1 ms:  %.1f %% of one core\n", share * 100);
  traced_s (python, sleepers, 5000000, &share);
  printf ("sampler, 16 sleeping threads, 5 ms:  %.1f %% of one core\n", share * 100);
  for (int i = 0; i < 3; i++)
    {
      best_plain = MIN (best_plain, untraced_s (python, squares));
      best_traced = MIN (best_traced, traced_s (python, squares, 1000000, NULL));
    }
  printf ("two CPU-bound threads: %.3f s untraced, %.3f s traced (%+.1f %%)\n",
          best_plain, best_traced, (best_traced / best_plain - 1) * 100);
  printf ("load average now: ");
  fflush (stdout);
  {
    g_autofree char *load = NULL;

    g_file_get_contents ("/proc/loadavg", &load, NULL, NULL);
    printf ("%s", load != NULL ? load : "?\n");
  }
  return 0;
}
