/* il-test-util.c — what the engine's test programs share */

#include "config.h"

#include <dirent.h>

#include "il-test-util.h"

guint
il_test_count_threads (const char *prefix)
{
  DIR *dir = opendir ("/proc/self/task");
  struct dirent *e;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((e = readdir (dir)))
    {
      g_autofree char *path = NULL;
      g_autofree char *comm = NULL;

      if (e->d_name[0] == '.')
        continue;
      path = g_strdup_printf ("/proc/self/task/%s/comm", e->d_name);
      if (prefix == NULL ||
          (g_file_get_contents (path, &comm, NULL, NULL) && g_str_has_prefix (comm, prefix)))
        n++;
    }
  closedir (dir);
  return n;
}

void
il_test_assert_no_threads (const char *prefix)
{
  for (guint i = 0; i < 100 && il_test_count_threads (prefix) > 0; i++)
    g_usleep (10000);
  g_assert_cmpuint (il_test_count_threads (prefix), ==, 0);
}

IlRun *
il_test_run (const char *name,
             IlModel     model,
             gint        tasks,
             gint        workers,
             gint64      io_ms,
             gint64      cpu_ms,
             gboolean    gil)
{
  return il_test_run_cancellable (name, model, tasks, workers, io_ms, cpu_ms, gil, NULL);
}

IlRun *
il_test_run_cancellable (const char   *name,
                         IlModel       model,
                         gint          tasks,
                         gint          workers,
                         gint64        io_ms,
                         gint64        cpu_ms,
                         gboolean      gil,
                         GCancellable *cancellable)
{
  g_autoptr(IlWorkload) workload = il_catalogue_lookup (name);
  IlWorkloadParams params = IL_WORKLOAD_PARAMS_INIT;
  g_autoptr(GError) error = NULL;
  IlRun *run;

  g_assert_nonnull (workload);
  params.tasks = tasks;
  params.workers = workers;
  params.io_ms = io_ms;
  params.cpu_ms = cpu_ms;
  run = il_run_new (workload, &params, model);
  il_run_set_gil (run, gil, 0);
  g_assert_true (il_run_execute (run, cancellable, &error));
  g_assert_no_error (error);
  return run;
}

void
il_test_assert_trace_invariants (IlTraceSnapshot *snap)
{
  for (guint i = 0; i < snap->n_tasks; i++)
    {
      const IlTaskSnapshot *t = &snap->tasks[i];

      g_assert_true (t->finished);
      g_assert_cmpuint (t->n_segments, >=, 2);
      g_assert_cmpint (t->segments[0].start_ns, ==, t->submitted_ns);
      for (guint s = 0; s < t->n_segments; s++)
        {
          const IlSegment *seg = &t->segments[s];

          g_assert_cmpint (seg->end_ns, >=, seg->start_ns);
          if (s > 0)
            g_assert_cmpint (seg->start_ns, ==, t->segments[s - 1].end_ns);
          if (seg->state == IL_STATE_RUNNING)
            g_assert_cmpint (seg->cpu, >=, 0);
          if (s + 1 < t->n_segments)
            g_assert_false (il_state_is_terminal (seg->state));
        }
      g_assert_true (il_state_is_terminal (t->segments[t->n_segments - 1].state));
      g_assert_cmpint (t->segments[t->n_segments - 1].start_ns, ==, t->finished_ns);
    }
}

gboolean
il_test_state_span (const IlTaskSnapshot *t,
                    IlState               state,
                    gint64               *start,
                    gint64               *end)
{
  gboolean found = FALSE;

  for (guint s = 0; s < t->n_segments; s++)
    if (t->segments[s].state == state)
      {
        if (!found)
          *start = t->segments[s].start_ns;
        *end = t->segments[s].end_ns;
        found = TRUE;
      }
  return found;
}

typedef struct {
  GCancellable *cancellable;
  guint         delay_ms;
} CancelLater;

static gpointer
cancel_later (gpointer data)
{
  CancelLater *cl = data;

  g_usleep (cl->delay_ms * 1000);
  g_cancellable_cancel (cl->cancellable);
  g_object_unref (cl->cancellable);
  g_free (cl);
  return NULL;
}

GThread *
il_test_cancel_later (GCancellable *cancellable,
                      guint         delay_ms)
{
  CancelLater *cl = g_new (CancelLater, 1);

  cl->cancellable = g_object_ref (cancellable);
  cl->delay_ms = delay_ms;
  return g_thread_new ("cancel-later", cancel_later, cl);
}
