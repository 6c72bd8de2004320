/* il-timeline-view-selection.c — the selected task and what it says
 *
 * A click on a task selects it in every run: the painter outlines it and
 * dims the others, and a popover beside the click says what the task did
 * (its name, its time in each state, its result or its error).  Escape, a
 * click on nothing, or the popover's button clears the selection.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "il-timeline-view-private.h"

/* The details of @task in @run, as Pango markup. */
static char *
details_markup (const IlTimelineRun  *run,
                const IlTaskSnapshot *task)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autofree char *name = g_markup_escape_text (task->name ? task->name : "", -1);
  g_autofree char *title = g_markup_escape_text (run->title ? run->title : "", -1);
  gboolean first = TRUE;

  /* Translators: the first line of a selected task's details, e.g.
   * "<b>task-3</b> — threads" (task, run) */
  g_string_append_printf (s, _("<b>%s</b> — %s"), name, title);
  g_string_append_c (s, '\n');
  for (IlState state = 0; state < IL_N_STATES; state++)
    {
      gint64 ns;
      g_autofree char *d = NULL;

      if (il_state_is_terminal (state))
        continue;
      ns = il_task_snapshot_time_in (task, state);
      if (ns <= 0)
        continue;
      d = il_timeline_format_duration (ns);
      if (!first)
        g_string_append (s, " · ");
      /* Translators: time a task spent in a state, e.g. "io-wait 200 ms" */
      g_string_append_printf (s, _("%s %s"), il_state_to_string (state), d);
      first = FALSE;
    }
  if (first)
    g_string_append (s, _("Not started yet"));
  if (task->started_ns >= 0)
    {
      g_autofree char *start = il_timeline_format_duration (task->started_ns);

      g_string_append_c (s, '\n');
      if (task->finished_ns >= 0)
        {
          g_autofree char *end = il_timeline_format_duration (task->finished_ns);

          g_string_append_printf (s, _("Started at %s, ended at %s"), start, end);
        }
      else
        g_string_append_printf (s, _("Started at %s, not ended"), start);
    }
  if (task->has_result)
    {
      g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, task->result);

      g_string_append_c (s, '\n');
      /* Translators: what a task computed, e.g. "Result: 81" */
      g_string_append_printf (s, _("Result: %s"), value);
    }
  if (task->finished && !task->ok)
    {
      g_autofree char *error = NULL;

      g_string_append_c (s, '\n');
      if (task->stopped)
        error = g_markup_escape_text (_("Stopped: the run was stopped before this task ended"), -1);
      else
        error = g_markup_printf_escaped (_("Failed: %s"), task->error ? task->error : "—");
      g_string_append (s, error);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
on_clear_clicked (IlTimelineView *self)
{
  il_timeline_view_set_highlight (self, -1);
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
ensure_details (IlTimelineView *self)
{
  GtkWidget *box, *button;

  if (self->details != NULL)
    return;

  self->details = gtk_popover_new ();
  /* It stays while the user clicks other tasks: no autohide. */
  gtk_popover_set_autohide (GTK_POPOVER (self->details), FALSE);
  gtk_popover_set_position (GTK_POPOVER (self->details), GTK_POS_BOTTOM);
  gtk_widget_add_css_class (self->details, "task-details");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  self->details_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->details_label, 0);
  gtk_label_set_wrap (self->details_label, TRUE);
  gtk_label_set_max_width_chars (self->details_label, 60);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->details_label));

  button = gtk_button_new_with_mnemonic (_("_Clear Selection"));
  gtk_widget_set_halign (button, GTK_ALIGN_END);
  gtk_widget_set_tooltip_text (button, _("Show all tasks alike again (Esc)"));
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_clear_clicked), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), button);

  gtk_popover_set_child (GTK_POPOVER (self->details), box);
  gtk_widget_set_parent (self->details, GTK_WIDGET (self));
}

void
il_timeline_view_show_details (IlTimelineView *self,
                               guint           run,
                               double          x,
                               double          y)
{
  const IlTimelineRun *r;
  g_autofree char *markup = NULL;

  if (self->layout == NULL || self->highlight < 0 || run >= il_timeline_layout_get_n_runs (self->layout))
    return;
  r = il_timeline_layout_get_run (self->layout, run);
  if ((guint) self->highlight >= r->snapshot->n_tasks)
    return;

  ensure_details (self);
  self->details_run = run;
  markup = details_markup (r, &r->snapshot->tasks[self->highlight]);
  gtk_label_set_markup (self->details_label, markup);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->details),
                               &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->details));
}

void
il_timeline_view_hide_details (IlTimelineView *self)
{
  if (self->details != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->details));
}

GtkWidget *
il_timeline_view_get_details (IlTimelineView *self)
{
  g_return_val_if_fail (IL_IS_TIMELINE_VIEW (self), NULL);
  return self->details;
}
