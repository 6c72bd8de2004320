/* il-run-file-write.c — a comparison as Chrome Trace Event JSON with
 * Interleave's own record (the format: il-run-file.h)
 *
 * Written as a stream, not built as a tree: the text grows in a buffer
 * that goes to the file every megabyte, so a run of a million segments
 * costs its text and little else.  Numbers are written by hand (integers,
 * µs with their ns) or with "%.17g" (doubles, which read back exactly).
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "il-output.h"
#include "il-run-file.h"
#include "il-stats.h"

#define FLUSH_BYTES (1024 * 1024)

typedef gboolean (*SinkFunc) (gpointer     sink,
                              const char  *data,
                              gsize        length,
                              GError     **error);

typedef struct {
  GString  *buf;
  SinkFunc  sink_func;
  gpointer  sink;
  GError   *error;
  gboolean  events_begun;   /* an event was written: the next needs a comma */
} Writer;

static gboolean
writer_flush (Writer *w)
{
  if (w->error == NULL && w->buf->len > 0)
    w->sink_func (w->sink, w->buf->str, w->buf->len, &w->error);
  g_string_truncate (w->buf, 0);
  return w->error == NULL;
}

static inline void
maybe_flush (Writer *w)
{
  if (G_UNLIKELY (w->buf->len >= FLUSH_BYTES))
    writer_flush (w);
}

static inline void
put (Writer     *w,
     const char *text)
{
  g_string_append (w->buf, text);
}

static inline void
put_int (Writer *w,
         gint64  value)
{
  char digits[24];
  guint n = 0;
  guint64 v;

  if (value < 0)
    {
      g_string_append_c (w->buf, '-');
      v = (guint64) 0 - (guint64) value;
    }
  else
    v = (guint64) value;
  do
    {
      digits[n++] = (char) ('0' + v % 10);
      v /= 10;
    }
  while (v > 0);
  while (n > 0)
    g_string_append_c (w->buf, digits[--n]);
}

/* ns as µs with three decimals: exact */
static inline void
put_us (Writer *w,
        gint64  ns)
{
  gint64 a = ns < 0 ? -ns : ns;
  char frac[5];

  if (ns < 0)
    g_string_append_c (w->buf, '-');
  put_int (w, a / 1000);
  frac[0] = '.';
  frac[1] = (char) ('0' + (a % 1000) / 100);
  frac[2] = (char) ('0' + (a % 100) / 10);
  frac[3] = (char) ('0' + a % 10);
  frac[4] = '\0';
  g_string_append (w->buf, frac);
}

/* A count that is -1 when unknown, or a worker/core that may be none */
static inline void
put_int_or_null (Writer *w,
                 gint64  value,
                 gboolean known)
{
  if (known)
    put_int (w, value);
  else
    put (w, "null");
}

static void
put_double (Writer *w,
            double  value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    {
      put (w, "null");
      return;
    }
  g_ascii_formatd (text, sizeof text, "%.17g", value);
  put (w, text);
}

static void
put_float (Writer *w,
           float   value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    {
      put (w, "null");
      return;
    }
  g_ascii_formatd (text, sizeof text, "%.9g", value);
  put (w, text);
}

static void
put_bool (Writer   *w,
          gboolean  value)
{
  put (w, value ? "true" : "false");
}

static void
put_string (Writer     *w,
            const char *text)
{
  g_autofree char *valid = NULL;

  if (text == NULL)
    {
      put (w, "null");
      return;
    }
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  g_string_append_c (w->buf, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"':  put (w, "\\\""); break;
        case '\\': put (w, "\\\\"); break;
        case '\n': put (w, "\\n"); break;
        case '\r': put (w, "\\r"); break;
        case '\t': put (w, "\\t"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (w->buf, "\\u%04x", c);
          else
            g_string_append_c (w->buf, (char) c);
        }
    }
  g_string_append_c (w->buf, '"');
}

/* "key": */
static inline void
key (Writer     *w,
     const char *name)
{
  g_string_append_c (w->buf, '"');
  g_string_append (w->buf, name);
  g_string_append (w->buf, "\":");
}

/* ------------------------------------------------------------------------ */
/* The part trace viewers read */

static gboolean
is_runnable (IlState state)
{
  return state == IL_STATE_QUEUED || state == IL_STATE_READY || state == IL_STATE_GIL_WAIT ||
         state == IL_STATE_RUNNING || state == IL_STATE_PREEMPTED;
}

typedef struct {
  gint64 time_ns;
  gint   delta;
} Change;

static int
compare_changes (gconstpointer a,
                 gconstpointer b)
{
  const Change *x = a;
  const Change *y = b;

  return (x->time_ns > y->time_ns) - (x->time_ns < y->time_ns);
}

static void
event_head (Writer     *w,
            const char *ph,
            guint       pid,
            guint       tid)
{
  put (w, w->events_begun ? ",\n{\"ph\":\"" : "\n{\"ph\":\"");
  w->events_begun = TRUE;
  put (w, ph);
  put (w, "\",\"pid\":");
  put_int (w, pid);
  put (w, ",\"tid\":");
  put_int (w, tid);
}

static void
write_metadata_events (Writer            *w,
                       const IlRunRecord *record,
                       guint              pid)
{
  const IlTraceSnapshot *snap = record->snapshot;
  g_autofree char *heading = il_run_record_dup_heading (record);

  event_head (w, "M", pid, 0);
  put (w, ",\"name\":\"process_name\",\"args\":{\"name\":");
  put_string (w, heading);
  put (w, "}}");
  event_head (w, "M", pid, 0);
  put (w, ",\"name\":\"process_sort_index\",\"args\":{\"sort_index\":");
  put_int (w, pid);
  put (w, "}}");

  for (guint t = 0; t < snap->n_tasks; t++)
    {
      event_head (w, "M", pid, t + 1);
      put (w, ",\"name\":\"thread_name\",\"args\":{\"name\":");
      put_string (w, snap->tasks[t].name);
      put (w, "}}");
      event_head (w, "M", pid, t + 1);
      put (w, ",\"name\":\"thread_sort_index\",\"args\":{\"sort_index\":");
      put_int (w, t);
      put (w, "}}");
      maybe_flush (w);
    }
}

static void
write_segment_events (Writer            *w,
                      const IlRunRecord *record,
                      guint              pid)
{
  const IlTraceSnapshot *snap = record->snapshot;

  for (guint t = 0; t < snap->n_tasks; t++)
    {
      const IlTaskSnapshot *task = &snap->tasks[t];

      for (guint i = 0; i < task->n_segments; i++)
        {
          const IlSegment *s = &task->segments[i];
          const char *state = il_state_to_string ((IlState) s->state);

          event_head (w, "X", pid, t + 1);
          put (w, ",\"name\":\"");
          put (w, state);
          put (w, "\",\"cat\":\"");
          put (w, state);
          put (w, "\",\"ts\":");
          put_us (w, s->start_ns);
          put (w, ",\"dur\":");
          put_us (w, s->end_ns - s->start_ns);
          put (w, ",\"args\":{\"core\":");
          put_int_or_null (w, s->cpu, s->cpu != IL_NO_CPU);
          put (w, ",\"task\":");
          put_int (w, t);
          put (w, ",\"worker\":");
          put_int_or_null (w, s->worker, s->worker != IL_NO_WORKER);
          put (w, "}}");
          maybe_flush (w);
        }

      /* From its submission to its start */
      if (task->started_ns >= 0)
        {
          guint64 id = ((guint64) pid << 32) + t + 1;

          event_head (w, "s", pid, t + 1);
          put (w, ",\"name\":\"submitted\",\"cat\":\"flow\",\"id\":");
          put_int (w, (gint64) id);
          put (w, ",\"ts\":");
          put_us (w, task->submitted_ns);
          put (w, "}");
          event_head (w, "f", pid, t + 1);
          put (w, ",\"name\":\"submitted\",\"cat\":\"flow\",\"bp\":\"e\",\"id\":");
          put_int (w, (gint64) id);
          put (w, ",\"ts\":");
          put_us (w, task->started_ns);
          put (w, "}");
        }
    }
}

static void
write_counter_events (Writer            *w,
                      const IlRunRecord *record,
                      guint              pid)
{
  const IlTraceSnapshot *snap = record->snapshot;
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));
  gint64 value = 0;

  /* A sample covers the interval ending at its time: drawn from its start */
  for (guint i = 0; i < snap->n_core_samples; i++)
    {
      const IlCoreSample *sample = &snap->core_samples[i];

      event_head (w, "C", pid, 0);
      put (w, ",\"name\":\"core utilisation\",\"ts\":");
      put_us (w, i > 0 ? snap->core_samples[i - 1].time_ns : 0);
      put (w, ",\"args\":{");
      for (guint c = 0; c < sample->n_cpus; c++)
        {
          put (w, c > 0 ? ",\"core " : "\"core ");
          put_int (w, c);
          put (w, "\":");
          put_float (w, sample->busy[c]);
        }
      put (w, "}}");
      maybe_flush (w);
    }

  for (guint t = 0; t < snap->n_tasks; t++)
    for (guint i = 0; i < snap->tasks[t].n_segments; i++)
      {
        const IlSegment *s = &snap->tasks[t].segments[i];
        Change up = { s->start_ns, 1 };
        Change down = { s->end_ns, -1 };

        if (!is_runnable ((IlState) s->state) || s->end_ns <= s->start_ns)
          continue;
        g_array_append_val (changes, up);
        g_array_append_val (changes, down);
      }
  g_array_sort (changes, compare_changes);

  for (guint i = 0; i < changes->len;)
    {
      gint64 at = g_array_index (changes, Change, i).time_ns;
      gint64 before = value;

      for (; i < changes->len && g_array_index (changes, Change, i).time_ns == at; i++)
        value += g_array_index (changes, Change, i).delta;
      if (value == before)
        continue;
      event_head (w, "C", pid, 0);
      put (w, ",\"name\":\"runnable tasks\",\"ts\":");
      put_us (w, at);
      put (w, ",\"args\":{\"tasks\":");
      put_int (w, value);
      put (w, "}}");
      maybe_flush (w);
    }
}

/* The numbers of the summary JSON's runs[], without the tasks */
static void
write_stats (Writer            *w,
             const IlRunRecord *record,
             guint              pid,
             const IlRunStats  *sequential)
{
  IlRunStats st;

  il_run_stats_compute (record, &st);
  put (w, "{\"pid\":");
  put_int (w, pid);
  put (w, ",\"model\":");
  put_string (w, record->model);
  put (w, ",\"gil\":");
  put_bool (w, st.gil);
  put (w, ",\"workers\":");
  put_int (w, st.workers > 0 ? st.workers : st.workers_seen);
  put (w, ",\"workers_seen\":");
  put_int (w, st.workers_seen);
  put (w, ",\"makespan_s\":");
  put_double (w, st.makespan_ns / 1e9);
  put (w, ",\"ideal_s\":");
  put_double (w, st.ideal_ns >= 0 ? st.ideal_ns / 1e9 : NAN);
  put (w, ",\"speedup\":");
  put_double (w, il_run_stats_speedup (&st, sequential));
  put (w, ",\"efficiency\":");
  put_double (w, il_run_stats_efficiency (&st));
  put (w, ",\"cpu_time_s\":");
  put_double (w, st.cpu_time_s);
  put (w, ",\"voluntary_ctx_switches\":");
  put_int_or_null (w, st.voluntary_ctx_switches, st.voluntary_ctx_switches >= 0);
  put (w, ",\"involuntary_ctx_switches\":");
  put_int_or_null (w, st.involuntary_ctx_switches, st.involuntary_ctx_switches >= 0);
  put (w, ",\"peak_rss_kib\":");
  put_int_or_null (w, st.peak_rss_kib, st.peak_rss_kib >= 0);
  put (w, ",\"other_load\":");
  put_double (w, st.other_load);
  put (w, ",\"cores_used\":");
  put_int (w, st.cores_used);
  put (w, ",\"tasks_ok\":");
  put_int (w, st.tasks_ok);
  put (w, ",\"tasks_failed\":");
  put_int (w, st.tasks_failed);
  put (w, ",\"tasks_stopped\":");
  put_int (w, st.tasks_stopped);
  put (w, ",\"cancelled\":");
  put_bool (w, st.cancelled);
  put (w, "}");
  il_run_stats_clear (&st);
}

/* ------------------------------------------------------------------------ */
/* Interleave's own record */

static void
write_workload (Writer                 *w,
                IlWorkload             *workload,
                const IlWorkloadParams *p)
{
  const IlCrawlSettings *crawl = il_workload_get_crawl (workload);
  const char * const *models = il_workload_get_models (workload);

  put (w, "\"workload\":{\"name\":");
  put_string (w, il_workload_get_name (workload));
  put (w, ",\"title\":");
  put_string (w, il_workload_get_title (workload));
  put (w, ",\"category\":");
  put_string (w, il_category_to_string (il_workload_get_category (workload)));
  put (w, ",\"tutorial\":");
  put_string (w, il_workload_get_seed (workload));
  put (w, ",\"summary\":");
  put_string (w, il_workload_get_summary (workload));
  put (w, ",\"look_for\":");
  put_string (w, il_workload_get_look_for (workload));
  put (w, ",\"models\":[");
  for (guint i = 0; models != NULL && models[i] != NULL; i++)
    {
      if (i > 0)
        put (w, ",");
      put_string (w, models[i]);
    }
  put (w, "],\"tasks\":");
  put_int (w, p->tasks);
  put (w, ",\"workers\":");
  put_int (w, p->workers);
  put (w, ",\"io_ms\":");
  put_int (w, p->io_ms);
  put (w, ",\"cpu_ms\":");
  put_int (w, p->cpu_ms);
  put (w, ",\"seed\":");
  put_int (w, p->seed);
  put (w, ",\"crawl\":");
  if (crawl == NULL)
    put (w, "null");
  else
    {
      put (w, "{\"start_url\":");
      put_string (w, crawl->start_url);
      put (w, ",\"max_pages\":");
      put_int (w, crawl->max_pages);
      put (w, ",\"allow_other_hosts\":");
      put_bool (w, crawl->allow_other_hosts);
      put (w, ",\"max_connections\":");
      put_int (w, crawl->max_connections);
      put (w, ",\"max_connections_per_host\":");
      put_int (w, crawl->max_connections_per_host);
      put (w, ",\"timeout_ms\":");
      put_int (w, crawl->timeout_ms);
      put (w, ",\"max_body_bytes\":");
      put_int (w, crawl->max_body_bytes);
      put (w, ",\"max_redirects\":");
      put_int (w, crawl->max_redirects);
      put (w, ",\"site_pages\":");
      put_int (w, crawl->site_pages);
      put (w, ",\"site_links\":");
      put_int (w, crawl->site_links);
      put (w, ",\"site_jitter_ms\":");
      put_int (w, crawl->site_jitter_ms);
      put (w, "}");
    }
  put (w, "}");
}

static const char *
worker_kind_to_string (IlWorkerKind kind)
{
  switch (kind)
    {
    case IL_WORKER_PROCESS: return "process";
    case IL_WORKER_LOOP:    return "loop";
    case IL_WORKER_THREAD:
    default:                return "thread";
    }
}

static const char *
ideal_to_string (IlIdealKind kind)
{
  switch (kind)
    {
    case IL_IDEAL_WORKERS: return "workers";
    case IL_IDEAL_LOOP:    return "loop";
    case IL_IDEAL_UNKNOWN:
    default:               return "unknown";
    }
}

static void
write_snapshot (Writer                *w,
                const IlTraceSnapshot *snap)
{
  put (w, "\"snapshot\":{\"origin_ns\":");
  put_int (w, snap->origin_ns);
  put (w, ",\"now_ns\":");
  put_int (w, snap->now_ns);
  put (w, ",\"end_ns\":");
  put_int (w, snap->end_ns);

  put (w, ",\"workers\":[");
  for (guint i = 0; i < snap->n_workers; i++)
    {
      const IlWorkerInfo *info = &snap->workers[i];

      put (w, i > 0 ? ",\n{\"kind\":\"" : "\n{\"kind\":\"");
      put (w, worker_kind_to_string (info->kind));
      put (w, "\",\"tid\":");
      put_int (w, info->tid);
      put (w, ",\"pid\":");
      put_int (w, info->pid);
      put (w, ",\"label\":");
      put_string (w, info->label);
      put (w, "}");
      maybe_flush (w);
    }

  put (w, "],\"core_samples\":[");
  for (guint i = 0; i < snap->n_core_samples; i++)
    {
      const IlCoreSample *sample = &snap->core_samples[i];

      put (w, i > 0 ? ",\n[" : "\n[");
      put_int (w, sample->time_ns);
      put (w, ",[");
      for (guint c = 0; c < sample->n_cpus; c++)
        {
          if (c > 0)
            put (w, ",");
          put_float (w, sample->busy[c]);
        }
      put (w, "]]");
      maybe_flush (w);
    }

  put (w, "],\"tasks\":[");
  for (guint t = 0; t < snap->n_tasks; t++)
    {
      const IlTaskSnapshot *task = &snap->tasks[t];

      put (w, t > 0 ? ",\n{\"id\":" : "\n{\"id\":");
      put_int (w, task->id);
      put (w, ",\"name\":");
      put_string (w, task->name);
      put (w, ",\"worker\":");
      put_int_or_null (w, task->worker, task->worker != IL_NO_WORKER);
      put (w, ",\"submitted_ns\":");
      put_int (w, task->submitted_ns);
      put (w, ",\"started_ns\":");
      put_int (w, task->started_ns);
      put (w, ",\"finished_ns\":");
      put_int (w, task->finished_ns);
      put (w, ",\"finished\":");
      put_bool (w, task->finished);
      put (w, ",\"ok\":");
      put_bool (w, task->ok);
      put (w, ",\"stopped\":");
      put_bool (w, task->stopped);
      put (w, ",\"error\":");
      put_string (w, task->error);
      put (w, ",\"result\":");
      put_int_or_null (w, task->result, task->has_result);
      put (w, ",\"links_dropped\":");
      put_int (w, task->links_dropped);
      put (w, ",\"segments\":[");
      for (guint i = 0; i < task->n_segments; i++)
        {
          const IlSegment *s = &task->segments[i];

          put (w, i > 0 ? ",[" : "[");
          put_int (w, s->start_ns);
          g_string_append_c (w->buf, ',');
          put_int (w, s->end_ns);
          put (w, ",\"");
          put (w, il_state_to_string ((IlState) s->state));
          put (w, "\",");
          put_int (w, s->worker != IL_NO_WORKER ? (gint64) s->worker : -1);
          g_string_append_c (w->buf, ',');
          put_int (w, s->cpu);
          g_string_append_c (w->buf, ']');
          if ((i & 1023) == 0)
            maybe_flush (w);
        }
      put (w, "]}");
      maybe_flush (w);
    }
  put (w, "]}");
}

static void
write_run (Writer            *w,
           const IlRunRecord *r,
           guint              pid)
{
  put (w, "\n{\"pid\":");
  put_int (w, pid);
  put (w, ",\"workload_name\":");
  put_string (w, r->workload_name);
  put (w, ",\"workload_title\":");
  put_string (w, r->workload_title);
  put (w, ",\"params\":{\"tasks\":");
  put_int (w, r->params.tasks);
  put (w, ",\"workers\":");
  put_int (w, r->params.workers);
  put (w, ",\"io_ms\":");
  put_int (w, r->params.io_ms);
  put (w, ",\"cpu_ms\":");
  put_int (w, r->params.cpu_ms);
  put (w, ",\"seed\":");
  put_int (w, r->params.seed);
  put (w, "},\"model\":");
  put_string (w, r->model);
  put (w, ",\"title\":");
  put_string (w, r->title);
  put (w, ",\"rules\":{\"ideal\":\"");
  put (w, ideal_to_string (r->rules.ideal));
  put (w, "\",\"worker_per_task\":");
  put_bool (w, r->rules.worker_per_task);
  put (w, ",\"serial_compute\":");
  put_bool (w, r->rules.serial_compute);
  put (w, ",\"gil_applies\":");
  put_bool (w, r->rules.gil_applies);
  put (w, ",\"own_connections\":");
  put_bool (w, r->rules.own_connections);
  put (w, "},\"workers\":");
  put_int (w, r->workers);
  put (w, ",\"gil\":");
  put_bool (w, r->gil);
  put (w, ",\"gil_interval_ns\":");
  put_int (w, r->gil_interval_ns);
  put (w, ",\"gil_handovers\":");
  put_int_or_null (w, r->gil_handovers, r->gil_handovers >= 0);
  put (w, ",\"tracing\":");
  put_bool (w, r->tracing);
  put (w, ",\"source\":");
  put_string (w, il_run_source_to_string (r->source));
  put (w, ",\"max_connections\":");
  put_int (w, r->max_connections);
  put (w, ",\"max_connections_per_host\":");
  put_int (w, r->max_connections_per_host);
  put (w, ",\"crawl_url\":");
  put_string (w, r->crawl_url);
  put (w, ",\"crawl_max_pages\":");
  put_int (w, r->crawl_max_pages);
  put (w, ",\"crawl_demo_site\":");
  put_bool (w, r->crawl_demo_site);
  put (w, ",\"crawl_peak_urls\":");
  put_int (w, r->crawl_peak_urls);
  put (w, ",\"logical_cores\":");
  put_int (w, r->logical_cores);
  put (w, ",\"cpu_model\":");
  put_string (w, r->cpu_model);
  put (w, ",\"finished\":");
  put_bool (w, r->finished);
  put (w, ",\"stopped\":");
  put_bool (w, r->stopped);
  put (w, ",\"completion_order\":[");
  for (guint i = 0; i < r->n_completion_order; i++)
    {
      if (i > 0)
        put (w, ",");
      put_int (w, r->completion_order[i]);
      maybe_flush (w);
    }
  put (w, "],\"usage\":");
  if (r->has_usage)
    {
      put (w, "{\"user_time_s\":");
      put_double (w, r->user_time_s);
      put (w, ",\"sys_time_s\":");
      put_double (w, r->sys_time_s);
      put (w, ",\"voluntary_ctx_switches\":");
      put_int (w, r->voluntary_ctx_switches);
      put (w, ",\"involuntary_ctx_switches\":");
      put_int (w, r->involuntary_ctx_switches);
      put (w, "}");
    }
  else
    put (w, "null");
  put (w, ",\"peak_rss_kib\":");
  put_int_or_null (w, r->peak_rss_kib, r->peak_rss_kib >= 0);
  put (w, ",\"other_cpu_s\":");
  put_double (w, r->other_cpu_s);
  put (w, ",\"other_load\":");
  put_double (w, r->other_load);
  put (w, ",\"ended_unix_us\":");
  put_int_or_null (w, r->ended_unix_us, r->ended_unix_us >= 0);
  put (w, ",\"plans\":");
  if (r->plans == NULL)
    put (w, "null");
  else
    {
      put (w, "[");
      for (guint i = 0; i < r->n_plans; i++)
        {
          const IlTaskPlan *p = &r->plans[i];

          put (w, i > 0 ? ",\n[" : "\n[");
          put_int (w, p->io_ns);
          put (w, ",");
          put_int (w, p->cpu_ns);
          put (w, ",");
          put_int (w, p->io_before_cpu_ns);
          put (w, ",");
          put_int (w, p->io_after_cpu_ns);
          put (w, ",");
          put_bool (w, p->fetches);
          put (w, ",");
          put_int (w, p->discovered_by);
          put (w, ",");
          put_string (w, p->host);
          put (w, "]");
          maybe_flush (w);
        }
      put (w, "]");
    }
  put (w, ",\n");
  write_snapshot (w, r->snapshot);
  put (w, "}");
}

static void
write_sweep (Writer               *w,
             const IlRunFileSweep *sweep,
             guint                 n_records)
{
  put (w, ",\n\"sweep\":{\"axis\":");
  put_string (w, il_sweep_axis_to_string (sweep->axis));
  put (w, ",\"values\":[");
  for (guint v = 0; v < sweep->n_values; v++)
    {
      if (v > 0)
        put (w, ",");
      put_int (w, sweep->values[v]);
    }
  put (w, "],\"repeat\":");
  put_int (w, sweep->repeat);
  put (w, sweep->drop_busy ? ",\"drop_busy\":true" : ",\"drop_busy\":false");
  put (w, ",\"value_of_run\":[");
  for (guint r = 0; r < n_records; r++)
    {
      if (r > 0)
        put (w, ",");
      put_int (w, sweep->value_of_run[r]);
    }
  put (w, "],\"runs_planned\":");
  put_int (w, MAX (sweep->runs_planned, n_records));
  put (w, "}");
}

static gboolean
write_all (Writer                 *w,
           IlWorkload             *workload,
           const IlWorkloadParams *params,
           IlRunRecord * const    *records,
           guint                   n_records,
           const IlRunFileSweep   *sweep)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *written = g_date_time_format_iso8601 (now);

  /* The events first: trace viewers read them as they come, and some
   * versions of Perfetto's reader stop at a key they do not know, or took
   * a displayTimeUnit before the events to mean ts in ns */
  put (w, "{\"traceEvents\":[");
  for (guint r = 0; r < n_records && w->error == NULL; r++)
    {
      write_metadata_events (w, records[r], r + 1);
      write_segment_events (w, records[r], r + 1);
      write_counter_events (w, records[r], r + 1);
    }
  put (w, "\n],\n\"displayTimeUnit\":\"ns\",\n\"otherData\":{\"workload\":");
  put_string (w, il_workload_get_title (workload));
  put (w, ",\"runs\":[");
  for (guint r = 0; r < n_records; r++)
    {
      /* Against the sequential run of its own work, as the table shows */
      gint b = il_run_records_find_baseline (records, n_records, r, -1);
      IlRunStats baseline = { 0, };

      if (b >= 0)
        il_run_stats_compute (records[b], &baseline);
      put (w, r > 0 ? ",\n" : "\n");
      write_stats (w, records[r], r + 1, b >= 0 ? &baseline : NULL);
      if (b >= 0)
        il_run_stats_clear (&baseline);
    }

  put (w, "]},\n\"interleave\":{\"format\":\"" IL_RUN_FILE_FORMAT "\",\"version\":\"");
  put_int (w, IL_RUN_FILE_VERSION_MAJOR);
  put (w, ".");
  put_int (w, IL_RUN_FILE_VERSION_MINOR);
  put (w, "\",\"program_version\":\"" PACKAGE_VERSION "\",\"written\":");
  put_string (w, written);
  put (w, ",\n\"machine\":{\"logical_cores\":");
  put_int (w, n_records > 0 ? records[0]->logical_cores : 0);
  put (w, ",\"cpu_model\":");
  put_string (w, n_records > 0 ? records[0]->cpu_model : NULL);
  put (w, "},\n");
  write_workload (w, workload, params);
  put (w, ",\n\"runs\":[");
  for (guint r = 0; r < n_records && w->error == NULL; r++)
    {
      if (r > 0)
        put (w, ",");
      write_run (w, records[r], r + 1);
      maybe_flush (w);
    }
  put (w, "]");
  if (sweep != NULL)
    write_sweep (w, sweep, n_records);
  put (w, "}}\n");
  return writer_flush (w);
}

static gboolean
check_records (IlRunRecord * const *records,
               guint                n_records)
{
  for (guint r = 0; r < n_records; r++)
    if (records[r] == NULL || records[r]->snapshot == NULL || records[r]->title == NULL)
      return FALSE;
  return TRUE;
}

static gboolean
output_sink (gpointer     sink,
             const char  *data,
             gsize        length,
             GError     **error)
{
  return il_output_write (sink, data, length, error);
}

gboolean
il_run_file_write (const char             *path,
                   IlWorkload             *workload,
                   const IlWorkloadParams *params,
                   IlRunRecord * const    *records,
                   guint                   n_records,
                   GError                **error)
{
  return il_run_file_write_sweep (path, workload, params, records, n_records, NULL, error);
}

gboolean
il_run_file_write_sweep (const char             *path,
                         IlWorkload             *workload,
                         const IlWorkloadParams *params,
                         IlRunRecord * const    *records,
                         guint                   n_records,
                         const IlRunFileSweep   *sweep,
                         GError                **error)
{
  Writer w = { 0, };
  IlOutput *output;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (workload != NULL && params != NULL, FALSE);
  g_return_val_if_fail (records != NULL || n_records == 0, FALSE);
  g_return_val_if_fail (check_records (records, n_records), FALSE);

  output = il_output_open (path, error);
  if (output == NULL)
    return FALSE;

  w.buf = g_string_sized_new (FLUSH_BYTES + 64 * 1024);
  w.sink_func = output_sink;
  w.sink = output;
  if (!write_all (&w, workload, params, records, n_records, sweep))
    {
      il_output_abort (output);
      g_string_free (w.buf, TRUE);
      g_propagate_error (error, w.error);
      return FALSE;
    }
  g_string_free (w.buf, TRUE);
  return il_output_commit (output, 0, error);
}

typedef struct {
  GOutputStream *stream;
  GCancellable  *cancellable;
} StreamSink;

static gboolean
stream_sink (gpointer     sink,
             const char  *data,
             gsize        length,
             GError     **error)
{
  StreamSink *s = sink;

  return g_output_stream_write_all (s->stream, data, length, NULL, s->cancellable, error);
}

gboolean
il_run_file_write_stream (GOutputStream          *stream,
                          IlWorkload             *workload,
                          const IlWorkloadParams *params,
                          IlRunRecord * const    *records,
                          guint                   n_records,
                          GCancellable           *cancellable,
                          GError                **error)
{
  StreamSink sink = { stream, cancellable };
  Writer w = { 0, };
  gboolean ok;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (workload != NULL && params != NULL, FALSE);
  g_return_val_if_fail (records != NULL || n_records == 0, FALSE);
  g_return_val_if_fail (check_records (records, n_records), FALSE);

  w.buf = g_string_sized_new (FLUSH_BYTES + 64 * 1024);
  w.sink_func = stream_sink;
  w.sink = &sink;
  ok = write_all (&w, workload, params, records, n_records, NULL);
  g_string_free (w.buf, TRUE);
  if (!ok)
    g_propagate_error (error, w.error);
  return ok;
}
