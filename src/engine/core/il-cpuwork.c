/* il-cpuwork.c — calibrated real computation */

#include "config.h"

#include <stdlib.h>
#include <time.h>

#include "il-cpuwork.h"
#include "il-machine.h"

/* Bump when il_cpu_work() changes, so cached calibrations are redone. */
#define WORK_VERSION 2

static guint64 per_ms_cached;

/* A xorshift sequence whose squares are summed: every step depends on the
 * one before, so it can be neither vectorised nor folded into a formula, and
 * the result is returned to the caller, who keeps it.  Aligned to a cache
 * line so that its loop sits the same way in every program: in
 * interleave-worker it once began 32 bytes further into a line than in
 * interleave and ran 4 – 6 % slower, so a process took that much longer
 * than a thread for the same calibrated work. */
__attribute__((noinline, aligned (64))) guint64
il_cpu_work (guint64 state,
             guint64 iterations)
{
  guint64 x = state | 1;
  guint64 sum = state;

  for (guint64 i = 0; i < iterations; i++)
    {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      sum += (x & 0xffffffff) * (x & 0xffffffff);
      __asm__ volatile ("" : "+r" (x), "+r" (sum));
    }
  return sum;
}

static gint64
thread_cpu_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

guint64
il_cpu_work_calibrate (void)
{
  guint64 iterations = 100000;
  guint64 best = 0;
  volatile guint64 sink = 0;

  /* Grow the batch until it takes 10 ms, then keep the fastest of five:
   * interruptions only ever make a batch slower. */
  for (;;)
    {
      gint64 t0 = thread_cpu_ns ();
      sink += il_cpu_work (sink + 1, iterations);
      gint64 dt = thread_cpu_ns () - t0;

      if (dt >= 10 * 1000000)
        break;
      iterations *= 2;
    }
  for (int round = 0; round < 5; round++)
    {
      gint64 t0 = thread_cpu_ns ();
      sink += il_cpu_work (sink + 1, iterations);
      gint64 dt = MAX (thread_cpu_ns () - t0, 1);
      guint64 rate = iterations * 1000000 / (guint64) dt;

      best = MAX (best, rate);
    }
  return MAX (best, 1);
}

/* A quick look at this machine's speed now: the fastest of three batches
 * of about 2 ms of thread CPU time (some 10 ms in all). */
static guint64
quick_rate (void)
{
  guint64 iterations = 20000;
  guint64 best = 0;
  volatile guint64 sink = 0;

  for (;;)
    {
      gint64 t0 = thread_cpu_ns ();
      sink += il_cpu_work (sink + 1, iterations);
      if (thread_cpu_ns () - t0 >= 2 * 1000000 || iterations >= G_MAXUINT64 / 4)
        break;
      iterations *= 2;
    }
  for (int round = 0; round < 3; round++)
    {
      gint64 t0 = thread_cpu_ns ();
      sink += il_cpu_work (sink + 1, iterations);
      best = MAX (best, iterations * 1000000 / (guint64) MAX (thread_cpu_ns () - t0, 1));
    }
  return best;
}

/* @cached when a quick measurement agrees with it within a factor of two
 * (a cache from another machine with the same name, or measured while the
 * machine was busy, does not), else 0. */
static guint64
confirmed (guint64 cached)
{
  guint64 now;

  if (cached == 0)
    return 0;
  now = quick_rate ();
  return now / 2 <= cached && cached <= now * 2 ? cached : 0;
}

/* @per_ms when it is in range, else 0. */
static guint64
believable (guint64 per_ms)
{
  return per_ms >= IL_CPU_WORK_MIN_PER_MS && per_ms <= IL_CPU_WORK_MAX_PER_MS ? per_ms : 0;
}

static char *
cache_path (void)
{
  return g_build_filename (g_get_user_cache_dir (), "interleave", "cpu-work.ini", NULL);
}

static char *
cache_key (void)
{
  return g_strdup_printf ("v%d %u cores %s", WORK_VERSION,
                          il_machine_get_logical_cores (),
                          il_machine_get_cpu_model ());
}

static guint64
load_cached (void)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autofree char *path = cache_path ();
  g_autofree char *key = cache_key ();
  g_autofree char *stored = NULL;

  if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, NULL))
    return 0;
  stored = g_key_file_get_string (kf, "Calibration", "Machine", NULL);
  if (g_strcmp0 (stored, key) != 0)
    return 0;
  return g_key_file_get_uint64 (kf, "Calibration", "IterationsPerMs", NULL);
}

static void
store_cached (guint64 per_ms)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autofree char *path = cache_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *key = cache_key ();

  g_key_file_set_string (kf, "Calibration", "Machine", key);
  g_key_file_set_uint64 (kf, "Calibration", "IterationsPerMs", per_ms);
  if (g_mkdir_with_parents (dir, 0755) == 0)
    g_key_file_save_to_file (kf, path, NULL);
}

guint64
il_cpu_work_per_ms (void)
{
  static gsize once;

  if (g_once_init_enter (&once))
    {
      const char *env = g_getenv ("INTERLEAVE_CPU_WORK_PER_MS");
      guint64 per_ms = __atomic_load_n (&per_ms_cached, __ATOMIC_ACQUIRE);

      if (per_ms == 0 && env != NULL)
        per_ms = believable (g_ascii_strtoull (env, NULL, 10));
      if (per_ms == 0)
        per_ms = confirmed (believable (load_cached ()));
      if (per_ms == 0)
        {
          per_ms = il_cpu_work_calibrate ();
          store_cached (per_ms);
        }
      __atomic_store_n (&per_ms_cached, per_ms, __ATOMIC_RELEASE);
      g_once_init_leave (&once, 1);
    }
  return __atomic_load_n (&per_ms_cached, __ATOMIC_ACQUIRE);
}

void
il_cpu_work_set_per_ms (guint64 per_ms)
{
  g_return_if_fail (per_ms > 0);
  per_ms = CLAMP (per_ms, IL_CPU_WORK_MIN_PER_MS, IL_CPU_WORK_MAX_PER_MS);
  __atomic_store_n (&per_ms_cached, per_ms, __ATOMIC_RELEASE);
}
