/* il-help-window.c — what the picture and the numbers mean (F1)
 *
 * The help explains the states, ideal and efficiency, the models and their
 * Python counterparts, the GIL switch and the three views — with the app's
 * own pictures: when the window opens it runs a small comparison on this
 * machine (a few tasks that wait and then compute, sequentially, in
 * threads with the emulated GIL, and in an event loop; about a second) and
 * shows it in each view.  The pictures are measured, not drawn by hand; the
 * run is stopped when the window closes.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "il-help-window.h"
#include "il-model-info.h"
#include "il-run-chain.h"
#include "il-timeline-view.h"
#include "il-workload.h"

struct _IlHelpWindow {
  AdwWindow     parent_instance;

  GtkLabel     *example_status;
  GPtrArray    *views;          /* IlTimelineView*, one per view */
  IlRunChain   *chain;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (IlHelpWindow, il_help_window, ADW_TYPE_WINDOW)

/* The example: three tasks that wait 60 ms and compute 30 ms. */
#define EXAMPLE_WORKLOAD "mixed"
#define EXAMPLE_TASKS    3
#define EXAMPLE_IO_MS    60
#define EXAMPLE_CPU_MS   30

typedef struct {
  const char *name;
  const char *meaning;
} StateText;

static const StateText state_texts[] = {
  { "queued",    N_("Submitted, but no worker has taken it yet: a pool's workers are all busy.") },
  { "spawning",  N_("Its worker process is being started (from the spawn call to the worker's first line).") },
  { "running",   N_("On a core; the core's number is recorded (sched_getcpu at every change and every slice of work).") },
  { "preempted", N_("Runnable, but the thread got less CPU time than wall time: another thread had the core.") },
  { "io-wait",   N_("Sleeping (simulated I/O) or waiting for the network.") },
  { "ready",     N_("Its I/O is done, but its event loop is busy computing another task.") },
  { "gil-wait",  N_("Waiting for the emulated GIL while another thread holds it.") },
  { "ipc",       N_("The task being sent to a worker process, or its result read back.") },
  { "lock-wait", N_("A traced program's thread blocked on a lock (a futex wait): in CPython, waiting for the real GIL.") },
  { "done",      N_("The end of a task that completed: a tick.") },
  { "failed",    N_("The end of a task that failed: a cross; the reason is in the tooltip.") },
  { "stopped",   N_("The end of a task that the Stop button ended first: a small square.") },
};

static GtkWidget *
paragraph (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  return label;
}

static GtkWidget *
heading (const char *text)
{
  /* A heading for screen readers too (the role is set at construction) */
  GtkWidget *label = g_object_new (GTK_TYPE_LABEL, "label", text, "wrap", TRUE, "xalign", 0.0f,
                                   "accessible-role", GTK_ACCESSIBLE_ROLE_HEADING, NULL);

  gtk_widget_add_css_class (label, "title-3");
  gtk_widget_set_margin_top (label, 18);
  return label;
}

static GtkWidget *
term (const char *name,
      const char *meaning)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *left = gtk_label_new (name);
  GtkWidget *right = paragraph (meaning);

  gtk_label_set_xalign (GTK_LABEL (left), 0);
  gtk_label_set_width_chars (GTK_LABEL (left), 16);
  gtk_widget_add_css_class (left, "heading");
  gtk_widget_set_hexpand (right, TRUE);
  gtk_box_append (GTK_BOX (box), left);
  gtk_box_append (GTK_BOX (box), right);
  return box;
}

static GtkWidget *
example_view (IlHelpWindow *self,
              IlView        view,
              const char   *description)
{
  GtkWidget *timeline = il_timeline_view_new ();

  il_timeline_view_set_view (IL_TIMELINE_VIEW (timeline), view);
  gtk_widget_set_size_request (timeline, -1, view == IL_VIEW_CORES ? 260 : 300);
  gtk_accessible_update_property (GTK_ACCESSIBLE (timeline), GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
  g_ptr_array_add (self->views, timeline);
  return timeline;
}

static void
example_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(IlHelpWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!il_run_chain_execute_finish (self->chain, result, &error))
    {
      g_autofree char *text = g_strdup_printf (_("The example could not run: %s"), error->message);

      gtk_label_set_text (self->example_status, text);
      return;
    }
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  gtk_label_set_text (self->example_status,
                      _("Measured just now on this machine: three tasks that each wait 60 ms and "
                        "then compute 30 ms, one after another, in threads with the emulated GIL, "
                        "and in an event loop."));
}

static void
start_example (IlHelpWindow *self)
{
  static const IlModelChoice choices[] = {
    { IL_MODEL_SEQUENTIAL, FALSE, NULL },
    { IL_MODEL_THREADS, TRUE, NULL },
    { IL_MODEL_ASYNC, FALSE, NULL },
  };
  g_autoptr(IlWorkload) workload = il_catalogue_lookup (EXAMPLE_WORKLOAD);
  IlWorkloadParams params = IL_WORKLOAD_PARAMS_INIT;
  IlRunChainSettings settings = { 0, };

  if (workload == NULL)
    return;
  params.tasks = EXAMPLE_TASKS;
  params.io_ms = EXAMPLE_IO_MS;
  params.cpu_ms = EXAMPLE_CPU_MS;
  self->chain = il_run_chain_new (workload, &params, choices, G_N_ELEMENTS (choices), &settings);
  for (guint i = 0; i < self->views->len; i++)
    il_timeline_view_set_runs (g_ptr_array_index (self->views, i), il_run_chain_get_runs (self->chain));
  il_run_chain_execute_async (self->chain, self->cancellable, NULL, NULL,
                              example_done, g_object_ref (self));
}

static gboolean
il_help_window_close_request_cb (IlHelpWindow *self)
{
  g_cancellable_cancel (self->cancellable);
  return FALSE;   /* and close */
}

static void
il_help_window_dispose (GObject *object)
{
  IlHelpWindow *self = IL_HELP_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->views, g_ptr_array_unref);
  G_OBJECT_CLASS (il_help_window_parent_class)->dispose (object);
}

static void
il_help_window_finalize (GObject *object)
{
  IlHelpWindow *self = IL_HELP_WINDOW (object);

  g_clear_pointer (&self->chain, il_run_chain_unref);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (il_help_window_parent_class)->finalize (object);
}

static void
il_help_window_class_init (IlHelpWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = il_help_window_dispose;
  object_class->finalize = il_help_window_finalize;
}

static void
build (IlHelpWindow *self,
       GtkBox       *box)
{
  gtk_box_append (box, heading (_("Reading the picture")));
  gtk_box_append (box, paragraph (_("Each run is a block of lanes on one shared time axis. A lane is a "
                                    "task, a worker or a core, depending on the view. Along a lane, "
                                    "colours and patterns say what the task was doing; waiting states "
                                    "are hatched, so a grey print still reads. Hover a segment for its "
                                    "task, state, times, core and worker.")));
  self->example_status = GTK_LABEL (paragraph (_("Running a small example on this machine…")));
  gtk_widget_add_css_class (GTK_WIDGET (self->example_status), "dim-label");
  gtk_box_append (box, GTK_WIDGET (self->example_status));
  gtk_box_append (box, example_view (self, IL_VIEW_TASKS, _("Example: one lane per task")));

  gtk_box_append (box, heading (_("States")));
  for (guint i = 0; i < G_N_ELEMENTS (state_texts); i++)
    gtk_box_append (box, term (state_texts[i].name, _(state_texts[i].meaning)));

  gtk_box_append (box, heading (_("Ideal and efficiency")));
  gtk_box_append (box, paragraph (_("The makespan is the time from the first task's submission to the last "
                                    "task's end. The ideal is a lower bound: no schedule of these tasks with "
                                    "this model's workers on this machine's cores can be faster, since a task "
                                    "cannot be faster than its own phases one after another, computing cannot "
                                    "use more cores (or, under the GIL or in an event loop, more than one) "
                                    "than it has, and computing cannot start before the waiting before it "
                                    "ends. It is drawn as a dashed line. Efficiency is ideal ÷ makespan: how "
                                    "close this run came to the best possible. Speedup is the sequential "
                                    "run's makespan ÷ this run's. A stopped run has neither.")));

  gtk_box_append (box, heading (_("The models")));
  for (guint i = 0; i < IL_N_MODELS; i++)
    {
      const IlModelInfo *info = il_model_get_info (i);
      /* Translators: a model's description, then its Python counterpart */
      g_autofree char *text = g_strdup_printf (_("%s Like %s."), _(info->description), info->counterpart);
      g_autofree char *name = g_strdup_printf ("%s\n%s", _(info->title), info->id);

      gtk_box_append (box, term (name, text));
    }

  gtk_box_append (box, heading (_("The GIL switch")));
  gtk_box_append (box, paragraph (_("CPython runs one thread's Python code at a time: computing needs its "
                                    "global interpreter lock, which a thread releases while it sleeps or "
                                    "waits for the network and hands over every switch interval (5 ms). "
                                    "With “Emulate the GIL” on, Interleave's thread models compute under "
                                    "such a lock, so threads that compute take turns (gil-wait) as they do in "
                                    "CPython; off, they compute on several cores at once, as free-threaded "
                                    "Python does. Each worker process has its own GIL. In the example "
                                    "above, the threads with the GIL wait for it in turn.")));

  gtk_box_append (box, heading (_("The views")));
  gtk_box_append (box, paragraph (_("Tasks: one lane per task, to follow each task from submission to "
                                    "end.")));
  gtk_box_append (box, paragraph (_("Workers: one lane per thread, process or event loop — what each "
                                    "worker was busy with. An event loop is one lane that runs the "
                                    "coroutines in turn.")));
  gtk_box_append (box, example_view (self, IL_VIEW_WORKERS, _("Example: one lane per worker")));
  gtk_box_append (box, paragraph (_("Cores: one lane per logical core, coloured by task, with the core's "
                                    "measured load behind it — other programs' load shows there too.")));
  gtk_box_append (box, example_view (self, IL_VIEW_CORES, _("Example: one lane per core")));
}

static void
il_help_window_init (IlHelpWindow *self)
{
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  self->views = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();

  gtk_window_set_title (GTK_WINDOW (self), _("Help"));
  gtk_window_set_default_size (GTK_WINDOW (self), 860, 720);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_bottom (box, 24);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 900);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (content), header);
  gtk_box_append (GTK_BOX (content), scrolled);
  adw_window_set_content (ADW_WINDOW (self), content);

  build (self, GTK_BOX (box));
  g_signal_connect (self, "close-request", G_CALLBACK (il_help_window_close_request_cb), NULL);
  start_example (self);
}

GtkWindow *
il_help_window_new (GtkWindow *parent)
{
  return g_object_new (IL_TYPE_HELP_WINDOW,
                       "transient-for", parent,
                       "application", parent ? gtk_window_get_application (parent) : NULL,
                       NULL);
}

GPtrArray *
il_help_window_get_example_runs (IlHelpWindow *self)
{
  g_return_val_if_fail (IL_IS_HELP_WINDOW (self), NULL);
  return self->chain ? il_run_chain_get_runs (self->chain) : NULL;
}

const char *
il_help_window_get_example_status (IlHelpWindow *self)
{
  g_return_val_if_fail (IL_IS_HELP_WINDOW (self), NULL);
  return gtk_label_get_text (self->example_status);
}
