/* il-exec.c — a task's phases on the calling thread: real sleeps, real
 * computation, the core it ran on, the time it lost to preemption, and,
 * with the GIL, the time it waited for the lock.  The README's "How every
 * number is measured" says how each number is taken. */

#include "config.h"

#include <poll.h>
#include <sched.h>
#include <glib/gi18n-lib.h>

#include "il-cpuwork.h"
#include "il-cancel.h"
#include "il-exec.h"

#define SLICE_FRACTION_OF_MS 2          /* a CPU slice is at most 1/2 ms of work */
#define PREEMPT_MIN_NS       100000     /* 100 µs */

static inline void
record (IlExecContext *ctx,
        IlState        state,
        gint           cpu,
        gint64         at_ns)
{
  ctx->record (ctx->record_data, state, cpu, at_ns);
}

static gint64
thread_cpu_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static gboolean
cancelled (IlExecContext *ctx)
{
  return il_cancel_is_cancelled (ctx->cancel);
}

gboolean
il_exec_take_gil (IlExecContext *ctx)
{
  if (ctx->gil && !il_gil_try_acquire (ctx->gil))
    {
      record (ctx, IL_STATE_GIL_WAIT, IL_NO_CPU, il_now_ns ());
      if (!il_gil_acquire (ctx->gil, ctx->cancel, NULL))
        return FALSE;
    }
  ctx->gil_held = ctx->gil != NULL;
  record (ctx, IL_STATE_RUNNING, sched_getcpu (), il_now_ns ());
  return TRUE;
}

void
il_exec_release_gil (IlExecContext *ctx)
{
  if (ctx->gil_held)
    il_gil_release (ctx->gil);
  ctx->gil_held = FALSE;
}

/* Waits until @deadline_ns or cancellation; FALSE when cancelled. */
static gboolean
wait_until (IlExecContext *ctx,
            gint64         deadline_ns)
{
  struct pollfd pfd = { ctx->cancel ? ctx->cancel->fd : -1, POLLIN, 0 };

  for (;;)
    {
      gint64 left = deadline_ns - il_now_ns ();
      struct timespec ts;

      if (cancelled (ctx))
        return FALSE;
      if (left <= 0)
        return TRUE;
      ts.tv_sec = left / 1000000000;
      ts.tv_nsec = left % 1000000000;
      if (ppoll (&pfd, 1, &ts, NULL) > 0)
        return FALSE;
    }
}

static gboolean
sleep_phase (IlExecContext *ctx,
             gint64         duration_ns)
{
  gint64 now = il_now_ns ();

  /* Blocking I/O releases the GIL, as time.sleep() does. */
  record (ctx, IL_STATE_IO_WAIT, IL_NO_CPU, now);
  il_exec_release_gil (ctx);
  if (!wait_until (ctx, now + duration_ns))
    return FALSE;
  return il_exec_take_gil (ctx);
}

/* Iterations between two looks at the cancellation: about 0.13 ms of
 * work on the development machine. */
#define CANCEL_CHUNK G_GUINT64_CONSTANT (65536)

/* Real computation in slices; records running / preempted and the core,
 * and hands the GIL over when another thread asked for it. */
gboolean
il_exec_compute (IlExecContext *ctx,
                 gint64         duration_ns)
{
  guint64 per_ms = il_cpu_work_per_ms ();
  guint64 remaining = (guint64) ((double) duration_ns / 1e6 * (double) per_ms);
  guint64 slice = MAX (per_ms / SLICE_FRACTION_OF_MS, 1);
  gint64 prev_wall = 0, prev_cpu = 0;
  int core = -1;

  if (ctx->gil)
    slice = MAX (MIN (slice, (guint64) ((double) per_ms * il_gil_get_interval (ctx->gil) / 1e7)), 1);

  if (ctx->tracing)
    {
      prev_wall = il_now_ns ();
      prev_cpu = thread_cpu_ns ();
      core = sched_getcpu ();
      record (ctx, IL_STATE_RUNNING, core, prev_wall);
    }

  while (remaining > 0)
    {
      guint64 n = MIN (slice, remaining);

      if (cancelled (ctx))
        return FALSE;

      if (ctx->gil && il_gil_drop_requested (ctx->gil))
        {
          /* Another thread waited a whole switch interval: hand over. */
          record (ctx, IL_STATE_GIL_WAIT, IL_NO_CPU, il_now_ns ());
          ctx->gil_held = FALSE;
          il_gil_drop (ctx->gil);
          if (!il_gil_acquire (ctx->gil, ctx->cancel, NULL))
            return FALSE;
          ctx->gil_held = TRUE;
          prev_wall = il_now_ns ();
          prev_cpu = thread_cpu_ns ();
          core = sched_getcpu ();
          record (ctx, IL_STATE_RUNNING, core, prev_wall);
        }

      /* In chunks: cancellation is seen within a fraction of a millisecond
       * of real time, whatever the calibration says a slice is. */
      for (guint64 left = n; left > 0; )
        {
          guint64 chunk = MIN (left, CANCEL_CHUNK);

          ctx->state = il_cpu_work (ctx->state, chunk);
          left -= chunk;
          if (left > 0 && cancelled (ctx))
            return FALSE;
        }
      remaining -= n;

      if (ctx->tracing)
        {
          gint64 wall = il_now_ns ();
          gint64 cpu = thread_cpu_ns ();
          int now_core = sched_getcpu ();
          gint64 lost = (wall - prev_wall) - (cpu - prev_cpu);

          if (lost > PREEMPT_MIN_NS)
            {
              /* Runnable but off the core for @lost ns of this slice. */
              record (ctx, IL_STATE_PREEMPTED, IL_NO_CPU, wall - lost);
              record (ctx, IL_STATE_RUNNING, now_core, wall);
            }
          else if (now_core != core)
            record (ctx, IL_STATE_RUNNING, now_core, wall);
          core = now_core;
          prev_wall = wall;
          prev_cpu = cpu;
        }
    }
  return TRUE;
}

static char *
no_net (IlExecContext *ctx)
{
  return g_strdup_printf (_("no network support: %s"), ctx->net_error ? ctx->net_error : _("not loaded"));
}

gboolean
il_exec_parse_page (IlExecContext        *ctx,
                    const IlHttpResponse *page,
                    char                **reason)
{
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(GError) error = NULL;
  gint64 wall0, cpu0 = 0, lost;
  const char *data;
  gsize len;
  guint n_dropped = 0;

  g_return_val_if_fail (ctx != NULL && page != NULL, FALSE);

  /* Nothing to parse: not HTML (ignored), or a redirect to a page that
   * another task has. */
  if (!page->is_html || page->body == NULL)
    return TRUE;
  if (ctx->net == NULL)
    {
      *reason = no_net (ctx);
      return FALSE;
    }

  wall0 = il_now_ns ();
  if (ctx->tracing)
    cpu0 = thread_cpu_ns ();
  record (ctx, IL_STATE_RUNNING, sched_getcpu (), wall0);

  data = g_bytes_get_data (page->body, &len);
  links = ctx->net->extract_links (page->url, data, len, page->charset, &n_dropped, &error);

  if (ctx->tracing)
    {
      /* One libxml2 call: the time off the core shows as one piece. */
      gint64 wall = il_now_ns ();

      lost = (wall - wall0) - (thread_cpu_ns () - cpu0);
      if (lost > PREEMPT_MIN_NS)
        {
          record (ctx, IL_STATE_PREEMPTED, IL_NO_CPU, wall - lost);
          record (ctx, IL_STATE_RUNNING, sched_getcpu (), wall);
        }
    }
  if (links == NULL)
    {
      *reason = g_strdup (error->message);
      return FALSE;
    }
  ctx->state += links->len;
  if (ctx->links)
    ctx->links (ctx->links_data, links, n_dropped);
  return TRUE;
}

/* A blocking GET: queued while every connection slot is taken, io-wait
 * while the server answers; like any blocking call, without the GIL. */
static gboolean
http_phase (IlExecContext  *ctx,
            const IlPhase  *phase,
            char          **reason)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *host = NULL;
  gboolean ok;

  ctx->net->http_response_clear (ctx->page);
  if (phase->url == NULL)
    {
      *reason = g_strdup (_("no URL to fetch"));
      return FALSE;
    }

  il_exec_release_gil (ctx);
  if (ctx->limiter)
    {
      host = ctx->net->http_url_host (phase->url);
      if (!ctx->net->limiter_try_acquire (ctx->limiter, host))
        {
          record (ctx, IL_STATE_QUEUED, IL_NO_CPU, il_now_ns ());
          if (!ctx->net->limiter_acquire (ctx->limiter, host, ctx->cancel ? ctx->cancel->cancellable : NULL))
            return FALSE;
        }
    }
  record (ctx, IL_STATE_IO_WAIT, IL_NO_CPU, il_now_ns ());
  ok = ctx->net->http_fetch (phase->url, ctx->http, ctx->cancel ? ctx->cancel->cancellable : NULL, ctx->page, &error);
  if (ctx->limiter)
    ctx->net->limiter_release (ctx->limiter, host);
  if (!ok)
    {
      *reason = ctx->net->http_describe_error (error);
      return FALSE;
    }
  return il_exec_take_gil (ctx);
}

gboolean
il_exec_phases (IlExecContext  *ctx,
                const IlPhase  *phases,
                guint           n_phases,
                char          **reason)
{
  IlHttpResponse page = { 0, };
  char *why = NULL;
  gboolean ok = TRUE;
  guint printed = 0;

  g_return_val_if_fail (ctx != NULL && ctx->record != NULL, FALSE);

  ctx->gil_held = FALSE;
  if (cancelled (ctx) || !il_exec_take_gil (ctx))
    {
      ctx->finished_ns = il_now_ns ();
      *reason = g_strdup (_("cancelled"));
      return FALSE;
    }

  for (guint p = 0; p < n_phases && ok; p++)
    {
      const IlPhase *phase = &phases[p];

      switch (phase->kind)
        {
        case IL_PHASE_SLEEP:
        case IL_PHASE_SLEEP_RANDOM:
          ok = sleep_phase (ctx, phase->duration_ns);
          break;

        case IL_PHASE_CPU:
          ok = il_exec_compute (ctx, phase->duration_ns);
          break;

        case IL_PHASE_PRINT:
          {
            char line[32];

            /* print(i): format the number, as the seeds' loops do */
            g_snprintf (line, sizeof line, "%u", printed++);
            ctx->state += (guint8) line[0];
          }
          break;

        case IL_PHASE_HTTP:
          if (ctx->net == NULL)
            {
              why = no_net (ctx);
              ok = FALSE;
              break;
            }
          ctx->page = &page;
          ok = http_phase (ctx, phase, &why);
          break;

        case IL_PHASE_PARSE:
          ok = il_exec_parse_page (ctx, &page, &why);
          break;

        default:
          why = g_strdup_printf ("unknown phase %d", phase->kind);
          ok = FALSE;
          break;
        }
    }

  /* The task ends while it still holds the GIL, as a Python thread does. */
  ctx->finished_ns = il_now_ns ();
  il_exec_release_gil (ctx);
  if (ctx->net != NULL)
    ctx->net->http_response_clear (&page);
  ctx->page = NULL;
  if (!ok)
    *reason = why ? why : g_strdup (_("cancelled"));
  else
    g_free (why);
  return ok;
}
