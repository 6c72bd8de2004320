/* bench-peer.h — running a Python peer from bench/ in the same run
 *
 * The peers are scripts beside the benchmarks (SOURCE_DIR), run with
 * Debian's /usr/bin/python3 when there (it has python3-matplotlib,
 * python3-requests and python3-bs4 from apt), else $PYTHON or python3.
 */
#pragma once

#include <gio/gio.h>

/* The script's standard output when it ran and exited 0, else NULL with
 * the reason in @why (for a "not run" line). */
static inline char *
bench_run_python (const char  *script,
                  const char **args,
                  char       **why)
{
  g_autofree char *path = g_build_filename (SOURCE_DIR, script, NULL);
  const char *python = g_getenv ("PYTHON") ? g_getenv ("PYTHON")
                       : g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE) ? "/usr/bin/python3"
                       : "python3";
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_ptr_array_add (argv, (char *) python);
  g_ptr_array_add (argv, path);
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  if (proc == NULL || !g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error))
    {
      *why = g_strdup (error->message);
      return NULL;
    }
  if (!g_subprocess_get_if_exited (proc) || g_subprocess_get_exit_status (proc) != 0)
    {
      const char *last = err ? g_strrstr (g_strchomp (err), "\n") : NULL;

      *why = g_strdup (last ? last + 1 : err && *err ? err : "it failed");
      return NULL;
    }
  return g_steal_pointer (&out);
}
