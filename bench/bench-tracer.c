/* bench-tracer.c — what tracing a program costs (issue "Trace a real program")
 *
 *   build/bench/bench-tracer [PYTHON]
 *
 * 1. The sampler's own CPU time while it traces 16 Python threads that
 *    sleep 1 ms in a loop for 3 s, at 1 kHz and at 5 ms: the share of one
 *    core (target: under 5 % at 1 kHz).
 * 2. A CPU-bound program of two threads (the GIL example's shape), its
 *    wall time untraced and traced, best of three each.
 * Run on an idle machine; a loaded one starves the sampler.
 */
#include "config.h"

#include <stdio.h>
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

static double
traced_s (const char *python,
          const char *code,
          gint64      interval_ns,
          double     *cpu_share)
{
  const char *argv[] = { python, "-c", code, NULL };
  IlTracerOptions options;
  g_autoptr(IlTracer) tracer = NULL;
  g_autoptr(IlRunRecord) record = NULL;
  double cpu0 = self_cpu_s ();
  gint64 t0 = il_now_ns (), t1;

  il_tracer_options_init (&options);
  options.interval_ns = interval_ns;
  tracer = il_tracer_new (argv, &options);
  record = il_tracer_run (tracer, NULL);
  t1 = il_now_ns ();
  if (cpu_share != NULL)
    *cpu_share = (self_cpu_s () - cpu0) / ((t1 - t0) / 1e9);
  return (t1 - t0) / 1e9;
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
