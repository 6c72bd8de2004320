/* test-cpuwork.c — calibrated CPU work is real computation */

#include "config.h"

#include <dirent.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "il-cpuwork.h"
#include "il-machine.h"
#include "il-run.h"
#include "il-trace.h"
#include "il-workload.h"

#include "il-test-util.h"

static gint64
thread_cpu_now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void
test_cpu_work_is_real (void)
{
  guint64 per_ms = il_cpu_work_per_ms ();
  gint64 t0, t1, t2;
  guint64 r1, r2;

  g_assert_cmpuint (per_ms, >, 1000);
  /* The result depends on the input and the length... */
  g_assert_cmpuint (il_cpu_work (1, 1000), !=, il_cpu_work (2, 1000));
  g_assert_cmpuint (il_cpu_work (1, 1000), !=, il_cpu_work (1, 1001));
  /* ...and the time grows with the length: the loop is really run. */
  t0 = thread_cpu_now ();
  r1 = il_cpu_work (7, per_ms * 20);
  t1 = thread_cpu_now ();
  r2 = il_cpu_work (7, per_ms * 60);
  t2 = thread_cpu_now ();
  g_assert_cmpuint (r1, !=, r2);
  g_assert_cmpint (t1 - t0, >, 5 * MS);
  g_assert_cmpint (t2 - t1, >, 2 * (t1 - t0));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/cpuwork/is-real-computation", test_cpu_work_is_real);

  return g_test_run ();
}
