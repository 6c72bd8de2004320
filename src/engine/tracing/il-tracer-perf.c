/* il-tracer-perf.c — context-switch records from perf_event_open (il-tracer-perf.h)
 */
#include "config.h"

#include <errno.h>
#include <linux/perf_event.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <gio/gio.h>

#include "il-tracer-perf.h"

/* 64 data pages (256 KiB with 4 KiB pages) per CPU: with 32-byte switch
 * records, 8,000 switches between two reads; under the default
 * perf_event_mlock_kb (516 KiB per CPU) an unprivileged user may map. */
#define DATA_PAGES 64

struct _IlPerfSwitches {
  guint   n;
  int    *fds;
  void  **maps;
  gsize   map_size;
  gsize   page;
};

static int
perf_event_open (struct perf_event_attr *attr,
                 pid_t                   pid,
                 int                     cpu)
{
  return (int) syscall (SYS_perf_event_open, attr, pid, cpu, -1, PERF_FLAG_FD_CLOEXEC);
}

IlPerfSwitches *
il_perf_switches_open (gint64   pid,
                       GError **error)
{
  g_autoptr(IlPerfSwitches) self = g_new0 (IlPerfSwitches, 1);
  struct perf_event_attr attr;
  long n_cpus = sysconf (_SC_NPROCESSORS_CONF);

  g_return_val_if_fail (pid > 0, NULL);

  if (n_cpus < 1)
    n_cpus = 1;
  self->page = (gsize) sysconf (_SC_PAGESIZE);
  self->map_size = self->page * (1 + DATA_PAGES);
  self->fds = g_new (int, n_cpus);
  self->maps = g_new0 (void *, n_cpus);
  for (long i = 0; i < n_cpus; i++)
    self->fds[i] = -1;

  memset (&attr, 0, sizeof attr);
  attr.size = sizeof attr;
  attr.type = PERF_TYPE_SOFTWARE;
  attr.config = PERF_COUNT_SW_DUMMY;
  attr.sample_type = PERF_SAMPLE_TID | PERF_SAMPLE_TIME | PERF_SAMPLE_CPU;
  attr.sample_id_all = 1;
  attr.context_switch = 1;
  attr.task = 1;
  attr.comm = 1;
  attr.inherit = 1;
  attr.exclude_kernel = 1;   /* paranoid 2 refuses an unprivileged user without it */
  attr.exclude_hv = 1;
  attr.use_clockid = 1;
  attr.clockid = CLOCK_MONOTONIC;
  attr.wakeup_events = 0;    /* read by polling: no wake-ups */

  for (long cpu = 0; cpu < n_cpus; cpu++)
    {
      int fd = perf_event_open (&attr, (pid_t) pid, (int) cpu);
      void *map;

      if (fd < 0)
        {
          int e = errno;

          /* A CPU that is not online cannot be opened: the others suffice */
          if (e == ENODEV && cpu > 0)
            continue;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (e),
                       _("perf_event_open refused (%s)"), g_strerror (e));
          return NULL;
        }
      self->fds[self->n] = fd;
      map = mmap (NULL, self->map_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
      if (map == MAP_FAILED)
        {
          int e = errno;

          self->n++;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (e),
                       _("the perf ring buffer cannot be mapped (%s)"), g_strerror (e));
          return NULL;
        }
      self->maps[self->n] = map;
      self->n++;
    }
  return g_steal_pointer (&self);
}

void
il_perf_switches_free (IlPerfSwitches *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < self->n; i++)
    {
      if (self->maps[i] != NULL)
        munmap (self->maps[i], self->map_size);
      if (self->fds[i] >= 0)
        close (self->fds[i]);
    }
  g_free (self->maps);
  g_free (self->fds);
  g_free (self);
}

/* The sample_id that sample_id_all puts at the end of every record:
 * TID (pid, tid), TIME, CPU (cpu, reserved). */
typedef struct {
  guint32 pid, tid;
  guint64 time;
  guint32 cpu, reserved;
} SampleId;

static void
copy_out (const guint8 *data,
          gsize         size,
          guint64       offset,
          void         *dest,
          gsize         len)
{
  gsize at = offset % size;
  gsize first = MIN (len, size - at);

  memcpy (dest, data + at, first);
  if (first < len)
    memcpy ((guint8 *) dest + first, data, len - first);
}

static gint
compare_time (gconstpointer a,
              gconstpointer b)
{
  const IlPerfEvent *x = a, *y = b;

  return (x->time_ns > y->time_ns) - (x->time_ns < y->time_ns);
}

guint64
il_perf_switches_read (IlPerfSwitches *self,
                       GArray         *events)
{
  guint64 lost = 0;
  guint before = events->len;

  g_return_val_if_fail (self != NULL, 0);

  for (guint i = 0; i < self->n; i++)
    {
      struct perf_event_mmap_page *meta = self->maps[i];
      const guint8 *data;
      gsize size;
      guint64 head, tail;

      if (meta == NULL)
        continue;
      data = (const guint8 *) meta + meta->data_offset;
      size = meta->data_size;
      head = __atomic_load_n (&meta->data_head, __ATOMIC_ACQUIRE);
      tail = meta->data_tail;
      while (tail + sizeof (struct perf_event_header) <= head)
        {
          struct perf_event_header h;
          guint8 rec[256];
          IlPerfEvent ev = { 0, };
          SampleId id;
          gsize len;

          copy_out (data, size, tail, &h, sizeof h);
          if (h.size < sizeof h || tail + h.size > head)
            break;
          len = MIN ((gsize) h.size, sizeof rec);
          copy_out (data, size, tail, rec, len);
          tail += h.size;

          if (h.type == PERF_RECORD_LOST && len >= sizeof h + 16)
            {
              guint64 n;

              memcpy (&n, rec + sizeof h + 8, sizeof n);
              lost += n;
              continue;
            }
          if (h.size != len || len < sizeof h + sizeof id)
            continue;
          memcpy (&id, rec + len - sizeof id, sizeof id);
          ev.time_ns = (gint64) id.time;
          ev.pid = id.pid;
          ev.tid = id.tid;
          ev.cpu = (gint) id.cpu;
          switch (h.type)
            {
            case PERF_RECORD_SWITCH:
              if (!(h.misc & PERF_RECORD_MISC_SWITCH_OUT))
                ev.kind = IL_PERF_SWITCH_IN;
              else if (h.misc & PERF_RECORD_MISC_SWITCH_OUT_PREEMPT)
                ev.kind = IL_PERF_SWITCH_OUT_PREEMPTED;
              else
                ev.kind = IL_PERF_SWITCH_OUT_BLOCKED;
              break;
            case PERF_RECORD_FORK:
            case PERF_RECORD_EXIT:
              {
                guint32 ids[4];   /* pid, ppid, tid, ptid */
                guint64 t;

                if (len < sizeof h + sizeof ids + sizeof t + sizeof id)
                  continue;
                memcpy (ids, rec + sizeof h, sizeof ids);
                memcpy (&t, rec + sizeof h + sizeof ids, sizeof t);
                ev.kind = h.type == PERF_RECORD_FORK ? IL_PERF_FORK : IL_PERF_EXIT;
                ev.pid = ids[0];
                ev.ppid = ids[1];
                ev.tid = ids[2];
                ev.time_ns = (gint64) t;
              }
              break;
            case PERF_RECORD_COMM:
              {
                guint32 ids[2];   /* pid, tid */
                gsize room = len - sizeof h - sizeof ids - sizeof id;

                memcpy (ids, rec + sizeof h, sizeof ids);
                ev.kind = IL_PERF_COMM;
                ev.pid = ids[0];
                ev.tid = ids[1];
                memcpy (ev.comm, rec + sizeof h + sizeof ids, MIN (room, sizeof ev.comm - 1));
                ev.comm[sizeof ev.comm - 1] = '\0';
              }
              break;
            default:
              continue;
            }
          g_array_append_val (events, ev);
        }
      __atomic_store_n (&meta->data_tail, tail, __ATOMIC_RELEASE);
    }
  /* Each CPU's buffer is in time order; together they are not */
  if (events->len > before + 1)
    g_array_sort (events, compare_time);
  return lost;
}

gboolean
il_perf_wait_takes_later (gint64         start_ns,
                          gint64         end_ns,
                          gboolean       open,
                          gint64         before_ns,
                          gint64         at_ns,
                          IlPerfWaitHow *how)
{
  IlPerfWaitHow dummy;

  if (how == NULL)
    how = &dummy;
  if (open || (start_ns <= at_ns && at_ns <= end_ns))
    {
      *how = IL_PERF_WAIT_SAMPLED;   /* this very wait */
      return TRUE;
    }
  if (before_ns > 0 && before_ns >= start_ns && before_ns <= end_ns)
    {
      *how = IL_PERF_WAIT_SAMPLED;
      return FALSE;
    }
  *how = IL_PERF_WAIT_NEAREST;
  if (before_ns > 0 && before_ns <= start_ns && start_ns - before_ns < at_ns - end_ns)
    return FALSE;
  return TRUE;
}
