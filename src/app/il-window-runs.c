/* il-window-runs.c — the window's comparison: run, stop, progress
 *
 * Run hands the ticked models to a run chain (il-run-chain.h), which runs
 * them one after another on threads of its own; the window holds the
 * application until the last run has joined its threads, and shows the
 * chain's progress on every frame while it goes on.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "il-machine.h"
#include "il-window-private.h"

gboolean
il_window_is_running (IlWindow *self)
{
  g_return_val_if_fail (IL_IS_WINDOW (self), FALSE);
  return self->cancellable != NULL;
}

GPtrArray *
il_window_get_runs (IlWindow *self)
{
  g_return_val_if_fail (IL_IS_WINDOW (self), NULL);
  return self->runs;
}

IlTimelineView *
il_window_get_timeline (IlWindow *self)
{
  g_return_val_if_fail (IL_IS_WINDOW (self), NULL);
  return self->timeline;
}

IlSummaryTable *
il_window_get_summary_table (IlWindow *self)
{
  g_return_val_if_fail (IL_IS_WINDOW (self), NULL);
  return self->summary;
}

/* How long each run should take, from the workload's plan: the work spread
 * over the model's workers and the cores, never less than the longest
 * task.  -1 when it cannot be known (a crawl's pages are found as it goes).
 * A sweep over the tasks plans each task count once. */
static void
plan_estimates (IlWindow               *self,
                const IlWorkloadParams *params)
{
  gint64 sum_io = 0, sum_cpu = 0, longest = 0;
  guint cores = MAX (il_machine_get_logical_cores (), 1);
  gint planned_tasks = 0;
  guint n = 0;

  g_clear_pointer (&self->planned_ns, g_free);
  self->planned_ns = g_new (gint64, MAX (self->runs->len, 1));
  for (guint i = 0; i < self->runs->len; i++)
    self->planned_ns[i] = -1;
  if (il_workload_get_crawl (self->workload) != NULL)
    return;

  for (guint i = 0; i < self->runs->len; i++)
    {
      IlRun *run = g_ptr_array_index (self->runs, i);
      const IlModelInfo *info = il_model_get_info (il_run_get_model (run));
      const IlWorkloadParams *run_params = il_run_get_params (run);
      guint workers = run_params->workers;
      gint64 estimate;

      if (i == 0 || run_params->tasks != planned_tasks)
        {
          IlWorkloadParams plan_params = *params;
          IlTaskSpec *specs;

          plan_params.tasks = run_params->tasks;
          specs = il_workload_plan (self->workload, &plan_params, &n);
          sum_io = sum_cpu = longest = 0;
          for (guint t = 0; t < n; t++)
            {
              sum_io += specs[t].io_ns;
              sum_cpu += specs[t].cpu_ns;
              longest = MAX (longest, specs[t].io_ns + specs[t].cpu_ns);
            }
          il_task_specs_free (specs, n);
          planned_tasks = run_params->tasks;
        }
      if (n == 0)
        continue;

      if (workers == 0)
        workers = cores;
      if (info->rules.serial_compute)
        estimate = MAX (sum_cpu, longest);
      else
        estimate = MAX (longest, MAX ((sum_io + sum_cpu) / workers, sum_cpu / MIN (workers, cores)));
      if (il_run_get_gil (run) && info->threaded)
        estimate = MAX (estimate, sum_cpu);
      self->planned_ns[i] = estimate;
    }
}

/* The plan's estimate of what is left: the rest of this run and the runs
 * after it; -1 when unknown. */
static gint64
time_left (IlWindow *self)
{
  gint64 left, elapsed;

  if (self->planned_ns == NULL || self->current_run >= self->runs->len)
    return -1;
  elapsed = (g_get_monotonic_time () - self->current_start) * 1000;
  left = MAX (self->planned_ns[self->current_run] - elapsed, 0);
  for (guint i = self->current_run + 1; i < self->runs->len; i++)
    {
      if (self->planned_ns[i] < 0)
        return -1;
      left += self->planned_ns[i];
    }
  return self->planned_ns[self->current_run] < 0 ? -1 : left;
}

static void
update_progress (IlWindow *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *where = NULL;
  guint done = 0, total = 0;

  if (self->disposed)
    return;
  if (self->runs == NULL || il_timeline_view_get_n_runs (self->timeline) == 0)
    {
      gtk_label_set_text (self->progress_label, "");
      return;
    }

  if (il_window_is_running (self) && self->current_run < self->runs->len)
    {
      IlRun *run = g_ptr_array_index (self->runs, self->current_run);
      gint64 left = time_left (self);

      il_run_get_progress (run, &done, &total);
      where = il_window_sweep_describe_run (self, self->current_run);
      if (where != NULL)
        /* Translators: a sweep's progress, then the model going on and
         * its tasks, e.g. "point 5 of 12, repeat 2 of 3 — threads · 12 / 40 tasks" */
        g_string_append_printf (text, ngettext ("%s — %s · %u / %u task",
                                                "%s — %s · %u / %u tasks", total),
                                where, il_run_get_title (run), done, total);
      else
        /* Translators: the model going on, which of how many, and its tasks,
         * e.g. "threads — model 3 of 8 · 12 / 40 tasks" */
        g_string_append_printf (text, ngettext ("%s — model %u of %u · %u / %u task",
                                                "%s — model %u of %u · %u / %u tasks", total),
                                il_run_get_title (run), self->current_run + 1, self->runs->len,
                                done, total);
      if (left >= 0)
        {
          /* Rounded up to whole seconds: it is an estimate. */
          int seconds = (int) MIN ((left + G_GINT64_CONSTANT (999999999)) / 1000000000, G_MAXINT);

          g_string_append (text, " · ");
          /* Translators: the plan's estimate of the time the comparison still takes */
          g_string_append_printf (text, ngettext ("about %d s left", "about %d s left", seconds),
                                  seconds);
        }
    }
  else
    {
      for (guint i = 0; i < self->runs->len; i++)
        {
          guint d = 0, t = 0;

          il_run_get_progress (g_ptr_array_index (self->runs, i), &d, &t);
          done += d;
          total += t;
        }
      /* Translators: progress of a run, e.g. "37 / 100 tasks" */
      g_string_append_printf (text, ngettext ("%u / %u task", "%u / %u tasks", total), done, total);
    }
  if (g_strcmp0 (gtk_label_get_text (self->progress_label), text->str) != 0)
    gtk_label_set_text (self->progress_label, text->str);
}

static gboolean
progress_tick (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       user_data)
{
  IlWindow *self = IL_WINDOW (widget);
  gint64 now = gdk_frame_clock_get_frame_time (clock);

  update_progress (self);
  /* The table's live cells (tasks done) twice a second. */
  if (now - self->summary_time >= G_USEC_PER_SEC / 2)
    {
      self->summary_time = now;
      il_summary_table_refresh (self->summary);
    }
  return G_SOURCE_CONTINUE;
}

void
il_window_set_running_ui (IlWindow *self,
                          gboolean  running)
{
  if (self->disposed)
    return;
  gtk_widget_set_visible (self->run_button, !running);
  gtk_widget_set_visible (self->stop_button, running);
  il_window_actions_update (self);
}

static void
finish_chain (IlWindow *self)
{
  GApplication *app = g_steal_pointer (&self->held_app);
  guint started = il_run_chain_get_n_started (self->chain);

  /* Runs the chain never reached are not shown. */
  if (started < self->runs->len)
    g_ptr_array_set_size (self->runs, started);

  g_clear_object (&self->cancellable);
  if (self->progress_tick_id)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->progress_tick_id);
      self->progress_tick_id = 0;
    }

  if (!self->disposed)
    {
      il_timeline_view_truncate (self->timeline, self->runs->len);
      il_summary_table_refresh (self->summary);
      /* A sweep's plot, of what finished (il-window-sweep.c) */
      il_window_sweep_finished (self);
      il_window_update_look_for (self);
      update_progress (self);
      il_window_set_running_ui (self, FALSE);
      il_window_notify_running (self);
    }

  if (app != NULL)
    {
      g_application_release (app);
      g_object_unref (app);
    }
}

static void
chain_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(IlWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  /* The chain stops at a run that could not be done: it says which. */
  if (!il_run_chain_execute_finish (self->chain, result, &error))
    {
      if (self->disposed)
        g_warning ("%s", error->message);
      else
        il_window_show_toast (self, error->message);
    }

  finish_chain (self);
}

static void
run_started (IlRunChain *chain,
             guint       index,
             gpointer    user_data)
{
  IlWindow *self = user_data;

  if (chain == self->chain)
    {
      self->current_run = index;
      self->current_start = g_get_monotonic_time ();
    }
  /* The run before this one has finished: its figures join the text */
  if (!self->disposed && chain == self->chain)
    {
      il_summary_table_refresh (self->summary);
      il_window_update_look_for (self);
    }
}

void
il_window_start_chain (IlWindow               *self,
                       const IlWorkloadParams *params,
                       const IlModelChoice    *choices,
                       guint                   n_choices)
{
  g_autofree char *url = NULL;
  IlRunChainSettings settings = { 0, };
  GtkApplication *app;

  if (il_workload_get_crawl (self->workload) != NULL)
    {
      url = g_settings_get_string (self->settings, "crawl-url");
      settings.crawl_url = url[0] ? url : NULL;
      settings.crawl_max_pages = g_settings_get_int (self->settings, "max-pages");
    }

  g_clear_pointer (&self->chain, il_run_chain_unref);
  g_clear_pointer (&self->runs, g_ptr_array_unref);
  self->chain = il_run_chain_new (self->workload, params, choices, n_choices, &settings);
  self->runs = g_ptr_array_ref (il_run_chain_get_runs (self->chain));
  self->cancellable = g_cancellable_new ();
  self->current_run = 0;
  self->current_start = g_get_monotonic_time ();
  il_workload_resolve_params (self->workload, params, &self->ran_params);
  if (self->ran_params.workers <= 0)
    self->ran_params.workers = il_machine_get_logical_cores ();
  self->ran_gil = g_settings_get_boolean (self->settings, "gil");
  g_free (self->ran_crawl_url);
  self->ran_crawl_url = g_settings_get_string (self->settings, "crawl-url");
  self->ran_max_pages = g_settings_get_int (self->settings, "max-pages");
  plan_estimates (self, params);

  /* Keep the process alive until the last run has joined its threads. */
  app = gtk_window_get_application (GTK_WINDOW (self));
  if (app != NULL)
    {
      self->held_app = g_object_ref (G_APPLICATION (app));
      g_application_hold (self->held_app);
    }

  il_timeline_view_set_runs (self->timeline, self->runs);
  il_summary_table_set_runs (self->summary, self->runs);
  il_window_update_look_for (self);
  il_window_update_stale (self);
  /* The runs as they go, in the timeline views (a sweep's plot comes at
   * its end) */
  {
    g_autofree char *view = g_settings_get_string (self->settings, "view");

    if (g_str_equal (view, "plot"))
      g_settings_set_string (self->settings, "view", "tasks");
  }
  il_window_show_results (self);
  il_window_set_running_ui (self, TRUE);
  update_progress (self);
  if (self->progress_tick_id == 0)
    self->progress_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), progress_tick, NULL, NULL);
  il_window_notify_running (self);

  il_run_chain_execute_async (self->chain, self->cancellable, run_started, self,
                              chain_done, g_object_ref (self));
}

void
il_window_run (IlWindow *self)
{
  gboolean selected[IL_N_MODELS];
  g_autofree IlModelChoice *choices = g_new0 (IlModelChoice, IL_N_MODELS);
  IlWorkloadParams params;
  guint n_choices = 0;
  gboolean gil;

  g_return_if_fail (IL_IS_WINDOW (self));

  if (il_window_is_running (self) || self->workload == NULL || self->disposed)
    return;

  /* The panel's Sweep: every model at every value (il-window-sweep.c) */
  if (il_window_sweep_is_on (self))
    {
      il_window_sweep_run (self);
      return;
    }

  il_window_get_selected_models (self, selected);
  il_window_get_params (self, &params);
  gil = g_settings_get_boolean (self->settings, "gil");

  for (guint m = 0; m < IL_N_MODELS; m++)
    if (selected[m])
      {
        choices[n_choices].model = m;
        choices[n_choices].gil = gil && il_model_get_info (m)->threaded;
        n_choices++;
      }
  if (n_choices == 0)
    {
      il_window_show_toast (self, _("Select at least one model to run"));
      return;
    }

  /* Sequential first: the others' speedups are computed against it. */
  il_window_sweep_clear (self);
  il_window_start_chain (self, &params, choices, n_choices);
}

void
il_window_stop (IlWindow *self)
{
  g_return_if_fail (IL_IS_WINDOW (self));

  /* A traced program stopped a second time is killed at once */
  if (self->tracer != NULL && self->cancellable != NULL && g_cancellable_is_cancelled (self->cancellable))
    il_tracer_stop (self->tracer);
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
}

gboolean
il_window_autorun (gpointer user_data)
{
  IlWindow *self = user_data;

  self->autorun_id = 0;
  il_window_run (self);
  return G_SOURCE_REMOVE;
}
