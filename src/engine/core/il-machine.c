/* il-machine.c — facts about this machine, read from the kernel */

#include "config.h"

#include <fcntl.h>
#include <sched.h>
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

void
il_machine_reset_peak_rss (void)
{
  /* Since Linux 4.0, writing 5 resets VmHWM to the current RSS. */
  int fd = open ("/proc/self/clear_refs", O_WRONLY | O_CLOEXEC);

  if (fd >= 0)
    {
      if (write (fd, "5", 1) < 0)
        { /* not allowed here: the peak then covers the whole process */ }
      close (fd);
    }
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
