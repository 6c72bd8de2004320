/* il-machine.c — facts about this machine, read from the kernel */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "il-machine.h"

guint
il_machine_get_logical_cores (void)
{
  long n = sysconf (_SC_NPROCESSORS_ONLN);

  return n > 0 ? (guint) n : g_get_num_processors ();
}

const char *
il_machine_get_cpu_model (void)
{
  static gsize model;

  if (g_once_init_enter (&model))
    {
      g_autofree char *contents = NULL;
      char *found = NULL;

      if (g_file_get_contents ("/proc/cpuinfo", &contents, NULL, NULL))
        {
          g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);

          for (guint i = 0; lines[i] && !found; i++)
            {
              /* x86: "model name"; arm64 and others may only have "Hardware"
               * or "cpu model". */
              if (g_str_has_prefix (lines[i], "model name") ||
                  g_str_has_prefix (lines[i], "cpu model") ||
                  g_str_has_prefix (lines[i], "Hardware"))
                {
                  const char *colon = strchr (lines[i], ':');

                  if (colon)
                    found = g_strstrip (g_strdup (colon + 1));
                }
            }
        }
      if (found == NULL || *found == '\0')
        {
          g_free (found);
          found = g_strdup ("unknown");
        }
      g_once_init_leave (&model, (gsize) found);
    }
  return (const char *) model;
}

int
il_machine_get_cpu (void)
{
  return sched_getcpu ();
}

gboolean
il_machine_reset_peak_rss (void)
{
  /* Since Linux 4.0, writing 5 resets VmHWM to the current RSS. */
  int fd = open ("/proc/self/clear_refs", O_WRONLY | O_CLOEXEC);
  gboolean reset;

  if (fd < 0)
    return FALSE;
  reset = write (fd, "5", 1) == 1;
  close (fd);
  return reset;
}

gint64
il_machine_get_peak_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *hwm;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  hwm = strstr (status, "VmHWM:");
  if (hwm == NULL)
    return 0;
  return g_ascii_strtoll (hwm + strlen ("VmHWM:"), NULL, 10);
}

gint64
il_machine_get_rss_kib (GPid pid)
{
  char path[64];
  char buf[128];
  unsigned long long size, resident;
  ssize_t n;
  int fd;

  /* statm is read without a permission check and costs a few µs: the
   * sampler reads it for every live worker.  Zombies and exited
   * processes hold no memory. */
  if (pid > 0)
    g_snprintf (path, sizeof path, "/proc/%d/statm", (int) pid);
  else
    g_strlcpy (path, "/proc/self/statm", sizeof path);
  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return pid > 0 && (errno == ENOENT || errno == ESRCH) ? 0 : -1;
  do
    n = read (fd, buf, sizeof buf - 1);
  while (n < 0 && errno == EINTR);
  close (fd);
  if (n < 0)
    return pid > 0 && errno == ESRCH ? 0 : -1;
  buf[n] = '\0';
  if (sscanf (buf, "%llu %llu", &size, &resident) != 2)
    return -1;
  return (gint64) resident * (sysconf (_SC_PAGESIZE) / 1024);
}

gboolean
il_machine_read_cpu_time (gdouble *busy_s,
                          gdouble *total_s)
{
  g_autofree char *stat = NULL;
  guint64 v[8] = { 0, };   /* user nice system idle iowait irq softirq steal */
  long hz = sysconf (_SC_CLK_TCK);
  const char *p;
  char *end;

  if (hz <= 0 || !g_file_get_contents ("/proc/stat", &stat, NULL, NULL) ||
      !g_str_has_prefix (stat, "cpu "))
    return FALSE;
  p = stat + strlen ("cpu ");
  for (guint i = 0; i < G_N_ELEMENTS (v); i++)
    {
      v[i] = g_ascii_strtoull (p, &end, 10);
      if (end == p)
        return FALSE;
      p = end;
    }
  *busy_s = (gdouble) (v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) / hz;
  *total_s = *busy_s + (gdouble) (v[3] + v[4]) / hz;
  return TRUE;
}

guint
il_machine_read_core_times (guint64 *busy,
                            guint64 *total,
                            guint    max_cpus)
{
  g_autofree char *contents = NULL;
  guint n = 0;

  if (!g_file_get_contents ("/proc/stat", &contents, NULL, NULL))
    return 0;
  for (char *line = contents; line && *line; )
    {
      char *next = strchr (line, '\n');
      unsigned cpu;
      guint64 v[8] = { 0, };

      if (next)
        *next++ = '\0';
      if (sscanf (line, "cpu%u %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64
                  " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64,
                  &cpu, &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]) >= 5 &&
          cpu < max_cpus)
        {
          guint64 idle = v[3] + v[4];
          guint64 all = v[0] + v[1] + v[2] + v[3] + v[4] + v[5] + v[6] + v[7];

          busy[cpu] = all - idle;
          total[cpu] = all;
          n = MAX (n, cpu + 1);
        }
      line = next;
    }
  return n;
}

gboolean
il_machine_running_uninstalled (void)
{
  static gsize result;

  if (g_once_init_enter (&result))
    {
      g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
      g_autofree char *build = realpath (BUILDDIR, NULL);
      gboolean inside = exe != NULL && build != NULL &&
                        g_str_has_prefix (exe, build) && exe[strlen (build)] == '/';

      g_once_init_leave (&result, inside ? 2 : 1);
    }
  return result == 2;
}
