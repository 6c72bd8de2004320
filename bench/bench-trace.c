/* bench-trace.c — a made-up trace for the painting benchmarks
 *
 * n_tasks lanes of n_segments / n_tasks segments each, 0.2 – 20 µs long,
 * cycling through running (on a random core), io-wait, gil-wait and
 * preempted, each lane ending with a done marker; four workers.  Seeded:
 * the same trace every time.
 */

#include "config.h"

#include "bench-trace.h"

IlTraceSnapshot *
bench_make_trace (guint n_segments,
                  guint n_tasks)
{
  g_autofree IlTaskSnapshot *tasks = g_new0 (IlTaskSnapshot, n_tasks);
  IlWorkerInfo workers[4] = { { IL_WORKER_THREAD, 1, 1, (char *) "thread 1" },
                              { IL_WORKER_THREAD, 2, 1, (char *) "thread 2" },
                              { IL_WORKER_THREAD, 3, 1, (char *) "thread 3" },
                              { IL_WORKER_THREAD, 4, 1, (char *) "thread 4" } };
  guint per_task = n_segments / n_tasks;
  GRand *rand = g_rand_new_with_seed (42);
  IlTraceSnapshot *snap;

  for (guint t = 0; t < n_tasks; t++)
    {
      gint64 now = t * 1000;

      tasks[t].name = g_strdup_printf ("task %u", t);
      tasks[t].n_segments = per_task;
      tasks[t].segments = g_new (IlSegment, per_task);
      for (guint i = 0; i < per_task; i++)
        {
          IlSegment *s = &tasks[t].segments[i];
          static const IlState states[] = { IL_STATE_RUNNING, IL_STATE_IO_WAIT,
                                            IL_STATE_RUNNING, IL_STATE_GIL_WAIT,
                                            IL_STATE_RUNNING, IL_STATE_PREEMPTED };

          s->state = i + 1 == per_task ? IL_STATE_DONE : states[i % G_N_ELEMENTS (states)];
          s->start_ns = now;
          now += s->state == IL_STATE_DONE ? 0 : g_rand_int_range (rand, 200, 20000);
          s->end_ns = now;
          s->worker = t % 4;
          s->cpu = s->state == IL_STATE_RUNNING ? g_rand_int_range (rand, 0, 8) : IL_NO_CPU;
        }
    }
  snap = il_trace_snapshot_new_from_tasks (tasks, n_tasks, workers, 4);
  for (guint t = 0; t < n_tasks; t++)
    {
      g_free (tasks[t].name);
      g_free (tasks[t].segments);
    }
  g_rand_free (rand);
  return snap;
}
