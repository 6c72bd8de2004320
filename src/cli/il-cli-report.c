/* il-cli-report.c — what "interleave run" prints about its runs
 *
 * The table, the completion orders, the GIL's figures, a crawl's split
 * between waiting and parsing and the workload's "what to look for" with
 * this run's figures (il-look-for.h), from the runs' records
 * (il-run-record.h) and the stats computed from them (il-stats.h).
 */
#include "config.h"

#include <inttypes.h>

#include <math.h>

#include <glib/gi18n.h>

#include "il-cli-private.h"
#include "il-look-for.h"
#include "il-machine.h"

#define COMPLETION_SHOWN     10
#define LOOK_FOR_WIDTH       78

IlCliRun *
il_cli_run_new (IlRunRecord *record)
{
  IlCliRun *run = g_new0 (IlCliRun, 1);

  run->record = il_run_record_ref (record);
  il_run_stats_compute (record, &run->stats);
  run->heading = il_run_record_dup_heading (record);
  return run;
}

void
il_cli_run_free (IlCliRun *run)
{
  il_run_stats_clear (&run->stats);
  il_run_record_unref (run->record);
  g_free (run->heading);
  g_free (run);
}

/* The stats of the run @i's speedup is taken against, or NULL */
static const IlRunStats *
find_baseline_stats (GPtrArray *runs,
                     guint      i,
                     gint       pick)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new ();
  gint b;

  for (guint k = 0; k < runs->len; k++)
    g_ptr_array_add (records, ((IlCliRun *) g_ptr_array_index (runs, k))->record);
  b = il_run_records_find_baseline ((IlRunRecord * const *) records->pdata, records->len, i, pick);
  return b >= 0 ? &((IlCliRun *) g_ptr_array_index (runs, b))->stats : NULL;
}

static void
print_workload_line (FILE                   *out,
                     const IlCliReportInput *in,
                     GPtrArray              *runs)
{
  const IlWorkloadParams *r = in->resolved;
  const IlCrawlSettings *crawl = il_workload_get_crawl (in->workload);
  g_autofree char *numbers = NULL;
  /* A workload file is from outside: nothing in it reaches the terminal raw */
  g_autofree char *name = il_cli_sanitize (il_workload_get_name (in->workload), FALSE);
  g_autofree char *title = il_cli_sanitize (il_workload_get_title (in->workload), FALSE);
  const IlRunRecord *first = runs->len > 0 ? ((IlCliRun *) g_ptr_array_index (runs, 0))->record : NULL;

  /* Not the engine's: no workload numbers, only what the runs hold */
  if (first != NULL && first->source == IL_RUN_SOURCE_IMPORTED)
    {
      guint lanes = 0;

      for (guint i = 0; i < runs->len; i++)
        lanes += ((IlCliRun *) g_ptr_array_index (runs, i))->record->snapshot->n_tasks;
      fprintf (out, "%s\n", title);
      /* Translators: "another tool's trace: 2 processes, 5 threads; …" (processes, then threads) */
      {
        g_autofree char *processes = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u process", "%u processes",
                                                                   runs->len), runs->len);
        g_autofree char *threads = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u thread", "%u threads", lanes),
                                                    lanes);

        /* Translators: "another tool's trace: 2 processes, 5 threads; …" */
        fprintf (out, _("another tool's trace: %s, %s; times only (no cores, CPU time or plan)"),
                 processes, threads);
      }
      fprintf (out, "\n\n");
      return;
    }
  if (first != NULL && first->source == IL_RUN_SOURCE_TRACED)
    {
      guint n_threads = first->snapshot->n_tasks;
      guint n_processes = first->snapshot->n_workers;
      g_autofree char *threads = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u thread", "%u threads",
                                                               n_threads), n_threads);
      g_autofree char *processes = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u process", "%u processes",
                                                                 n_processes), n_processes);

      fprintf (out, "%s — %s\n", name, title);
      /* Translators: what a traced program made, "5 threads in 2 processes" */
      fprintf (out, _("%s in %s"), threads, processes);
      fprintf (out, "\n\n");
      return;
    }

  if (crawl != NULL)
    {
      const char *url = runs->len > 0 ? ((IlCliRun *) g_ptr_array_index (runs, 0))->record->crawl_url : NULL;
      int pages = in->max_pages > 0 ? in->max_pages : crawl->max_pages;

      fprintf (out, "%s — %s\n", name, title);
      if (in->url == NULL && crawl->start_url == NULL)
        /* Translators: "up to 100 pages from the built-in demo site at URL (replies in 50 ms) · 2 workers" */
        fprintf (out, _("up to %d pages from the built-in demo site at %s (replies in %" PRId64
                        " ms) · %d workers"),
                 pages, url ? url : "127.0.0.1", r->io_ms,
                 r->workers > 0 ? r->workers : (int) il_machine_get_logical_cores ());
      else
        {
          g_autofree char *from = il_cli_sanitize (url ? url : (in->url ? in->url : crawl->start_url),
                                                   FALSE);

          fprintf (out, _("up to %d pages from %s · %d workers"), pages, from,
                   r->workers > 0 ? r->workers : (int) il_machine_get_logical_cores ());
        }
      fprintf (out, "\n\n");
      return;
    }

  /* Translators: the numbers a run used, as in
   * "3 tasks · 2 workers · I/O 2000 ms · CPU 0 ms · seed 1" */
  numbers = g_strdup_printf (_("%d tasks · %d workers · I/O %" PRId64 " ms · "
                               "CPU %" PRId64 " ms · seed %" PRId64),
                             r->tasks,
                             r->workers > 0 ? r->workers : (int) il_machine_get_logical_cores (),
                             r->io_ms, r->cpu_ms, r->seed);

  fprintf (out, "%s — %s\n", name, title);
  fprintf (out, "%s\n\n", numbers);
}

static void
print_stats_table (FILE      *out,
                   GPtrArray *runs,
                   gint       baseline)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  const char *headers[] = {
    _("model"), _("workers"), _("makespan"), _("ideal"), _("speedup"), _("efficiency"),
    _("CPU time"), _("ctx sw vol/invol"), _("peak RSS"), _("cores"), _("tasks ok/failed"),
  };
  const gboolean right_aligned[G_N_ELEMENTS (headers)] = {
    FALSE, TRUE, TRUE, TRUE, TRUE, TRUE, TRUE, TRUE, TRUE, TRUE, TRUE,
  };

  for (guint i = 0; i < runs->len; i++)
    {
      IlCliRun *run = g_ptr_array_index (runs, i);
      const IlRunStats *stats = &run->stats;
      const IlRunStats *sequential = find_baseline_stats (runs, i, baseline);
      char **row = g_new0 (char *, G_N_ELEMENTS (headers) + 1);
      double speedup = NAN;
      double efficiency = NAN;
      guint c = 0;

      /* A cancelled run did part of the work: it compares with nothing */
      if (!stats->cancelled)
        {
          if (sequential != NULL)
            speedup = il_run_stats_speedup (stats, sequential);
          efficiency = il_run_stats_efficiency (stats);
        }

      row[c++] = g_strdup (run->heading);
      row[c++] = g_strdup_printf ("%u", stats->workers > 0 ? stats->workers : stats->workers_seen);
      row[c++] = il_cli_format_seconds (stats->makespan_ns);
      row[c++] = il_cli_format_seconds (stats->ideal_ns);
      row[c++] = il_cli_format_speedup (speedup);
      row[c++] = il_cli_format_percent (efficiency);
      /* Unknown figures (another tool's trace) are a dash, as in the window */
      row[c++] = isfinite (stats->cpu_time_s) ? g_strdup_printf (_("%.3f s"), stats->cpu_time_s)
                                              : g_strdup ("–");
      row[c++] = stats->voluntary_ctx_switches >= 0
                 ? g_strdup_printf ("%" PRId64 "/%" PRId64, stats->voluntary_ctx_switches,
                                    stats->involuntary_ctx_switches)
                 : g_strdup ("–");
      row[c++] = il_cli_format_kib (stats->peak_rss_kib);
      row[c++] = run->record->source == IL_RUN_SOURCE_IMPORTED ? g_strdup ("–")
                                                               : g_strdup_printf ("%u", stats->cores_used);
      if (stats->tasks_stopped > 0)
        /* Translators: tasks ok/failed, and those the stop ended, e.g. "3/0 +2 stopped" */
        row[c++] = g_strdup_printf (_("%u/%u +%u stopped"), stats->tasks_ok, stats->tasks_failed,
                                    stats->tasks_stopped);
      else
        row[c++] = g_strdup_printf ("%u/%u", stats->tasks_ok, stats->tasks_failed);
      g_assert (c == G_N_ELEMENTS (headers));

      g_ptr_array_add (rows, row);
    }

  il_cli_print_table (out, G_N_ELEMENTS (headers), headers, right_aligned, rows, 0);
}

static void
print_completion_orders (FILE      *out,
                         GPtrArray *runs)
{
  guint id_width = 0;

  for (guint i = 0; i < runs->len; i++)
    id_width = MAX (id_width, il_cli_text_width (((IlCliRun *) g_ptr_array_index (runs, i))->record->title));

  fprintf (out, "\n%s\n", _("Completion order (task ids):"));

  for (guint i = 0; i < runs->len; i++)
    {
      IlCliRun *run = g_ptr_array_index (runs, i);
      const IlRunStats *stats = &run->stats;
      g_autoptr(GString) line = g_string_new (NULL);
      guint shown = MIN (stats->n_completion_order, COMPLETION_SHOWN);

      for (guint k = 0; k < shown; k++)
        g_string_append_printf (line, "%s%u", k > 0 ? " " : "", stats->completion_order[k]);

      if (stats->n_completion_order > shown)
        {
          g_string_append (line, " ");
          /* Translators: after the first ten task ids of the completion order */
          g_string_append_printf (line, _("… (%u more)"), stats->n_completion_order - shown);
        }

      if (stats->n_completion_order == 0)
        g_string_append (line, "–");

      fprintf (out, "  %-*s  %s\n", (int) id_width, run->record->title, line->str);
    }
}

/* Time waiting for the emulated GIL and its hand-overs, for runs with it. */
static void
print_gil_figures (FILE      *out,
                   GPtrArray *runs)
{
  gboolean any = FALSE;
  guint id_width = 0;

  for (guint i = 0; i < runs->len; i++)
    {
      IlCliRun *run = g_ptr_array_index (runs, i);

      id_width = MAX (id_width, il_cli_text_width (run->record->title));
      any |= run->stats.gil;
    }
  if (!any)
    return;

  fprintf (out, "\n%s\n", _("The emulated GIL:"));
  for (guint i = 0; i < runs->len; i++)
    {
      IlCliRun *run = g_ptr_array_index (runs, i);
      const IlRunStats *stats = &run->stats;

      if (!stats->gil)
        continue;
      /* Translators: "waited 0.412 s for the GIL in all, 83 hand-overs, switch interval 5 ms" */
      fprintf (out, _("  %-*s  waited %.3f s for the GIL in all, %" PRIu64 " hand-overs, switch interval %g ms\n"),
               (int) id_width, run->record->title, stats->gil_wait_ns / 1e9,
               (guint64) MAX (stats->gil_handovers, 0), stats->gil_interval_ns / 1e6);
    }
}

/* Seed 002's "understanding bottleneck": 0.29 s requests.get, 0.03 s
 * BeautifulSoup, per page of geeksforgeeks.org. */
#define SEED_002_WAIT_S  0.29
#define SEED_002_PARSE_S 0.03

static void
print_crawl_split (FILE      *out,
                   GPtrArray *runs)
{
  guint id_width = 0;

  for (guint i = 0; i < runs->len; i++)
    id_width = MAX (id_width, il_cli_text_width (((IlCliRun *) g_ptr_array_index (runs, i))->record->title));

  fprintf (out, "\n%s\n", _("Waiting and parsing (seed 002's “understanding bottleneck”):"));

  for (guint i = 0; i < runs->len; i++)
    {
      IlCliRun *run = g_ptr_array_index (runs, i);
      const IlRunStats *stats = &run->stats;
      guint pages = stats->tasks_ok + stats->tasks_failed;
      gint64 both = stats->io_wait_ns + stats->running_ns;
      g_autoptr(IlTraceSnapshot) snap = NULL;
      g_autoptr(GHashTable) reasons = NULL;
      g_autoptr(GString) failures = NULL;
      GHashTableIter iter;
      gpointer key, value;

      if (pages == 0 || both <= 0)
        {
          fprintf (out, "  %-*s  –\n", (int) id_width, run->record->title);
          continue;
        }

      /* Translators: "Waiting 92 % · parsing 8 % (per page: 0.051 s waiting,
       * 0.001 s parsing; seed 002: 0.29 s waiting, 0.03 s parsing)" */
      fprintf (out, _("  %-*s  Waiting %.0f %% · parsing %.0f %% (per page: %.3f s waiting, %.4f s parsing; "
                      "seed 002: %.2f s waiting, %.2f s parsing)\n"),
               (int) id_width, run->record->title,
               100.0 * stats->io_wait_ns / both, 100.0 * stats->running_ns / both,
               stats->io_wait_ns / 1e9 / pages, stats->running_ns / 1e9 / pages,
               SEED_002_WAIT_S, SEED_002_PARSE_S);

      if (stats->links_dropped > 0)
        {
          gulong n = (gulong) MIN (stats->links_dropped, G_MAXULONG);

          fprintf (out, "  %-*s  ", (int) id_width, "");
          /* Translators: "4484 links dropped (over 65536 on a page or
           * longer than 4000 bytes)" */
          fprintf (out, g_dngettext (GETTEXT_PACKAGE, "%lu link dropped (over %d on a page or longer than %d bytes)\n",
                                     "%lu links dropped (over %d on a page or longer than %d bytes)\n", n),
                   n, IL_LINKS_MAX_PER_PAGE, IL_LINKS_MAX_URL_BYTES);
        }

      if (stats->tasks_failed == 0)
        continue;

      /* The reasons pages failed, counted */
      snap = il_trace_snapshot_ref (run->record->snapshot);
      reasons = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint t = 0; t < snap->n_tasks; t++)
        {
          const char *why = snap->tasks[t].error ? snap->tasks[t].error : "?";

          if (snap->tasks[t].finished && snap->tasks[t].ok)
            continue;
          value = g_hash_table_lookup (reasons, why);
          g_hash_table_insert (reasons, (gpointer) why, GUINT_TO_POINTER (GPOINTER_TO_UINT (value) + 1));
        }
      failures = g_string_new (NULL);
      g_hash_table_iter_init (&iter, reasons);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          /* A server's words: nothing a terminal would obey */
          g_autofree char *why = il_cli_sanitize (key, FALSE);

          g_string_append_printf (failures, "%s%u × %s", failures->len > 0 ? ", " : "",
                                  GPOINTER_TO_UINT (value), why);
        }
      fprintf (out, "  %-*s  ", (int) id_width, "");
      fprintf (out, g_dngettext (GETTEXT_PACKAGE, "%u page failed: %s\n", "%u pages failed: %s\n",
                                 stats->tasks_failed),
               stats->tasks_failed, failures->str);
    }
}

/* Runs that other programs competed with are said out loud: their
 * figures are the machine's, not the model's alone. */
static void
print_other_load (FILE      *out,
                  GPtrArray *runs)
{
  g_autofree IlRunRecord **records = g_new (IlRunRecord *, MAX (runs->len, 1));
  gboolean any = FALSE;

  for (guint i = 0; i < runs->len; i++)
    {
      IlCliRun *run = g_ptr_array_index (runs, i);

      records[i] = run->record;
      if (!il_run_stats_saw_other_load (&run->stats))
        continue;
      if (!any)
        fprintf (out, "\n");
      any = TRUE;
      /* Translators: "Busy machine: other programs took 35 % of the cores
       * (0.70 s of CPU) during threads + GIL; its figures are in doubt." */
      fprintf (out, _("Busy machine: other programs took %.0f %% of the cores (%.2f s of CPU) during %s; "
                      "its figures are in doubt.\n"),
               100.0 * run->stats.other_load, run->stats.other_cpu_s, run->heading);
    }
  if (il_run_records_load_uneven (records, runs->len))
    fprintf (out, "%s\n", _("The runs saw very different load from other programs: compare them with care, "
                             "or run again on a quiet machine."));
}

/* The machine the runs ran on (a saved file may come from another) */
static void
print_machine (FILE      *out,
               GPtrArray *runs)
{
  const IlRunRecord *first = runs->len > 0 ? ((IlCliRun *) g_ptr_array_index (runs, 0))->record : NULL;
  g_autofree char *line = NULL;

  /* Another tool's trace does not say where it ran */
  if (first != NULL && first->source == IL_RUN_SOURCE_IMPORTED)
    {
      fprintf (out, "%s\n", _("Machine: unknown (the trace does not say)"));
      return;
    }
  if (first == NULL || first->logical_cores == 0)
    {
      il_cli_print_machine (out);
      return;
    }
  line = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Machine: %u logical core, %s",
                                       "Machine: %u logical cores, %s",
                                       first->logical_cores),
                          first->logical_cores, first->cpu_model ? first->cpu_model : "?");
  fprintf (out, "%s\n", line);
}

/* Runs of other work or another machine than the first (opened from
 * several files): each is listed with what it ran, when and where. */
static void
print_sources (FILE      *out,
               GPtrArray *runs)
{
  const IlRunRecord *first = ((IlCliRun *) g_ptr_array_index (runs, 0))->record;
  gboolean mixed = FALSE;

  for (guint i = 1; i < runs->len && !mixed; i++)
    {
      const IlRunRecord *r = ((IlCliRun *) g_ptr_array_index (runs, i))->record;

      mixed = !il_run_records_same_work (first, r) || r->logical_cores != first->logical_cores ||
              g_strcmp0 (r->cpu_model, first->cpu_model) != 0;
    }
  if (!mixed)
    return;

  fprintf (out, "\n%s\n", _("The runs ran:"));
  for (guint i = 0; i < runs->len; i++)
    {
      IlCliRun *run = g_ptr_array_index (runs, i);
      const IlRunRecord *r = run->record;
      g_autofree char *name = il_cli_sanitize (r->workload_name ? r->workload_name : "?", FALSE);
      g_autofree char *cpu = il_cli_sanitize (r->cpu_model ? r->cpu_model : "?", FALSE);
      g_autofree char *when = NULL;

      if (r->ended_unix_us >= 0)
        {
          g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (r->ended_unix_us / G_USEC_PER_SEC);
          g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

          when = local ? g_date_time_format (local, "%Y-%m-%d %H:%M") : NULL;
        }
      if (r->source != IL_RUN_SOURCE_ENGINE)
        {
          g_autofree char *threads = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u thread", "%u threads",
                                                                   r->snapshot->n_tasks), r->snapshot->n_tasks);
          g_autofree char *processes = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u process",
                                                                     "%u processes", r->snapshot->n_workers),
                                                        r->snapshot->n_workers);
          g_autofree char *title = il_cli_sanitize (r->workload_title ? r->workload_title : "?", FALSE);

          /* Translators: a traced program or another tool's trace in a comparison, e.g.
           * "3  traced: … — python3 gil.py: 3 threads in 1 process · 2026-12-05 19:30 · 2 cores, AMD EPYC" */
          fprintf (out, _("%2u  %s — %s: %s in %s · %s · %u cores, %s\n"), i + 1, run->heading, title, threads,
                   processes, when ? when : "?", r->logical_cores, cpu);
          continue;
        }
      /* Translators: a run of a comparison and what it ran, e.g.
       * "2  threads — sum-of-squares: 8 tasks · 4 workers · I/O 0 ms · CPU 50 ms · seed 1 · 2026-12-05 19:30 · 2 cores, Intel Xeon" */
      fprintf (out, _("%2u  %s — %s: %d tasks · %d workers · I/O %" PRId64 " ms · CPU %" PRId64
                      " ms · seed %" PRId64 " · %s · %u cores, %s\n"),
               i + 1, run->heading, name, r->params.tasks, r->params.workers, r->params.io_ms,
               r->params.cpu_ms, r->params.seed, when ? when : "?", r->logical_cores, cpu);
    }
}

void
il_cli_print_report (FILE                   *out,
                     const IlCliReportInput *in,
                     GPtrArray              *runs)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new ();
  g_autofree char *look_for = NULL;

  /* What to look for, with this run's figures */
  for (guint i = 0; i < runs->len; i++)
    g_ptr_array_add (records, ((IlCliRun *) g_ptr_array_index (runs, i))->record);
  look_for = il_look_for_fill (il_workload_get_look_for (in->workload),
                               (IlRunRecord * const *) records->pdata, records->len);

  print_workload_line (out, in, runs);

  if (runs->len > 0)
    {
      print_stats_table (out, runs, (gint) in->baseline_run - 1);
      print_sources (out, runs);
      print_other_load (out, runs);
      print_completion_orders (out, runs);
      print_gil_figures (out, runs);
      if (il_workload_get_crawl (in->workload) != NULL)
        print_crawl_split (out, runs);
    }

  fprintf (out, "\n");
  print_machine (out, runs);

  if (look_for[0] != '\0')
    {
      g_autofree char *safe = il_cli_sanitize (look_for, TRUE);

      fprintf (out, "\n%s\n", _("What to look for:"));
      il_cli_print_wrapped (out, safe, 2, LOOK_FOR_WIDTH);
    }

  fflush (out);
}
