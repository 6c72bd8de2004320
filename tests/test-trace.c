/* test-trace.c — the trace: lanes merged, live snapshots, state names */

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

static void
test_trace_merges_and_snapshots_live (void)
{
  g_autoptr(IlTrace) trace = il_trace_new ();
  gint64 o = il_trace_get_origin (trace);
  g_autoptr(IlTraceSnapshot) live = NULL;
  g_autoptr(IlTraceSnapshot) done = NULL;
  guint t = il_trace_add_task (trace, "t", o);

  il_trace_enter (trace, t, IL_STATE_QUEUED, IL_NO_WORKER, IL_NO_CPU, o);
  il_trace_enter (trace, t, IL_STATE_RUNNING, 0, 1, o + 10);
  il_trace_enter (trace, t, IL_STATE_RUNNING, 0, 1, o + 20);   /* unchanged: merged */
  il_trace_enter (trace, t, IL_STATE_RUNNING, 0, 0, o + 30);   /* migration: new segment */
  live = il_trace_snapshot (trace, o + 45);
  g_assert_cmpuint (live->tasks[0].n_segments, ==, 3);
  g_assert_cmpint (live->tasks[0].segments[1].end_ns, ==, 30);
  g_assert_cmpint (live->tasks[0].segments[2].end_ns, ==, 45);   /* open, cut at now */
  g_assert_false (live->tasks[0].finished);

  /* Many chunks: segments survive growth in order. */
  for (guint i = 0; i < 5000; i++)
    il_trace_enter (trace, t, i % 2 ? IL_STATE_RUNNING : IL_STATE_PREEMPTED, 0, 0, o + 100 + i);
  il_trace_finish (trace, t, IL_STATE_DONE, NULL, o + 6000);
  done = il_trace_snapshot (trace, 0);
  g_assert_true (done->tasks[0].finished);
  g_assert_cmpuint (done->tasks[0].n_segments, ==, 3 + 5000 + 1);
  for (guint s = 1; s < done->tasks[0].n_segments; s++)
    g_assert_cmpint (done->tasks[0].segments[s].start_ns, ==, done->tasks[0].segments[s - 1].end_ns);
  g_assert_cmpint (done->tasks[0].segments[done->tasks[0].n_segments - 1].state, ==, IL_STATE_DONE);
}

static void
test_states_round_trip (void)
{
  for (guint s = 0; s < IL_N_STATES; s++)
    {
      IlState back;

      g_assert_true (il_state_from_string (il_state_to_string (s), &back));
      g_assert_cmpint (back, ==, s);
    }
  g_assert_cmpstr (il_state_to_string (IL_STATE_IO_WAIT), ==, "io-wait");
  g_assert_false (il_state_from_string ("sleeping", NULL));
}

/* A built snapshot keeps its own copy of each segment's frame; the stack
 * names the frames from the outermost in */
static void
test_snapshot_frames (void)
{
  IlSegment segments[2] = {
    { 0, 10, 0, IL_NO_CPU, IL_STATE_RUNNING, 0 },
    { 10, 20, 0, IL_NO_CPU, IL_STATE_RUNNING, 0 },
  };
  guint32 frames_of[2] = { 1, 0 };
  IlTaskSnapshot tasks[2] = { { 0, }, { 0, } };
  IlFrame *frames = g_new (IlFrame, 2);
  g_autoptr(IlTraceSnapshot) snap = NULL;
  g_autofree char *inner = NULL;
  g_autofree char *outer = NULL;

  tasks[0].name = (char *) "a";
  tasks[0].n_segments = 2;
  tasks[0].segments = segments;
  tasks[0].frames = frames_of;
  tasks[1].name = (char *) "b";
  tasks[1].n_segments = 1;
  tasks[1].segments = segments;
  frames[0].parent = IL_NO_FRAME;
  frames[0].name = g_strdup ("main");
  frames[1].parent = 0;
  frames[1].name = g_strdup ("work");

  snap = il_trace_snapshot_new_from_tasks (tasks, 2, NULL, 0);
  il_trace_snapshot_take_frames (snap, frames, 2);
  frames_of[0] = 0;
  g_assert_true (snap->tasks[0].frames != frames_of);
  g_assert_null (snap->tasks[1].frames);
  inner = il_trace_snapshot_get_stack (snap, 0, 0);
  outer = il_trace_snapshot_get_stack (snap, 0, 1);
  g_assert_cmpstr (inner, ==, "main › work");
  g_assert_cmpstr (outer, ==, "main");
  g_assert_null (il_trace_snapshot_get_stack (snap, 0, 2));
  g_assert_null (il_trace_snapshot_get_stack (snap, 1, 0));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/trace/merges-and-snapshots-live", test_trace_merges_and_snapshots_live);
  g_test_add_func ("/engine/trace/states-round-trip", test_states_round_trip);
  g_test_add_func ("/engine/trace/snapshot-keeps-segment-frames", test_snapshot_frames);

  return g_test_run ();
}
