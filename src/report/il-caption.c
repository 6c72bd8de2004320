/* il-caption.c — the line under an exported picture */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "il-caption.h"
#include "il-machine.h"

char *
il_caption_build (IlRunRecord * const *records,
                  guint                n_records,
                  GDateTime           *when)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *date = NULL;
  const IlRunRecord *first = n_records > 0 ? records[0] : NULL;
  const char *cpu_model = NULL;
  guint cores = 0;
  gboolean gil = FALSE;
  gint workers = 0;

  g_return_val_if_fail (records != NULL || n_records == 0, NULL);

  /* The worker count the pools used (a sequential run has one). */
  for (guint i = 0; i < n_records; i++)
    {
      gil |= records[i]->gil;
      workers = MAX (workers, records[i]->params.workers);
    }

  if (first != NULL)
    {
      const IlWorkloadParams *p = &first->params;

      g_string_append (s, first->workload_title ? first->workload_title
                          : first->workload_name ? first->workload_name : "");
      if (p->tasks > 0)
        {
          g_string_append (s, " — ");
          g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, "%d task", "%d tasks", p->tasks), p->tasks);
        }
      if (workers > 0)
        {
          g_string_append (s, " · ");
          g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, "%d worker", "%d workers", workers), workers);
        }
      if (p->io_ms >= 0)
        {
          g_string_append (s, " · ");
          /* Translators: a workload's planned waiting per task, in a caption */
          g_string_append_printf (s, _("I/O %d ms"), (int) MIN (p->io_ms, G_MAXINT));
        }
      if (p->cpu_ms >= 0)
        {
          g_string_append (s, " · ");
          /* Translators: a workload's planned computing per task, in a caption */
          g_string_append_printf (s, _("CPU %d ms"), (int) MIN (p->cpu_ms, G_MAXINT));
        }
      if (gil)
        {
          g_string_append (s, " · ");
          g_string_append (s, _("emulated GIL"));
        }
      cores = first->logical_cores;
      cpu_model = first->cpu_model;
    }
  if (cores == 0)
    cores = il_machine_get_logical_cores ();
  if (cpu_model == NULL)
    cpu_model = il_machine_get_cpu_model ();

  if (s->len > 0)
    g_string_append (s, " · ");
  g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, "%u logical core", "%u logical cores", cores), cores);
  if (cpu_model != NULL && *cpu_model != '\0')
    g_string_append_printf (s, ", %s", cpu_model);

  /* The date the runs ended (the last of them), so that a picture of
   * saved runs says when they ran; now when no record knows */
  if (when == NULL)
    {
      gint64 ended = -1;

      for (guint i = 0; i < n_records; i++)
        ended = MAX (ended, records[i]->ended_unix_us);
      if (ended >= 0)
        when = now = g_date_time_new_from_unix_local (ended / G_USEC_PER_SEC);
    }
  if (when == NULL)
    when = now = g_date_time_new_now_local ();
  date = g_date_time_format (when, "%Y-%m-%d %H:%M");
  g_string_append (s, " · ");
  g_string_append (s, date);
  return g_string_free (g_steal_pointer (&s), FALSE);
}
