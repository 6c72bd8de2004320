/* il-tracer.c — run a real program and record its threads: perf_event_open's
 * context switches (il-tracer-perf.c) where allowed, /proc samples always
 *
 * One thread of the tracer (the sampler) does everything after the spawn:
 * every interval it drains the program's stdout and stderr (non-blocking,
 * so a chatty program never waits for us), reads the threading names the
 * Python hook reported, reads each known thread's stat, schedstat and (when
 * it sleeps) syscall, finds new children, reaps the first process and sends
 * the stop signals.  What it recorded sits behind one mutex; snapshots copy
 * it into a run record.
 *
 * With perf_event_open the same thread first applies the switch, fork,
 * exit and comm records read since the last round: they make the lanes
 * (running, preempted, blocked) and the threads' exact starts and ends,
 * and the samples only classify the blocks (classify_waits()).
 */
#include "config.h"

#include <dirent.h>
#include <inttypes.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <glib-unix.h>

#include "il-machine.h"
#include "il-trace.h"
#include "il-tracer.h"
#include "il-tracer-perf.h"

extern char **environ;

#define SCAN_EVERY_ROUNDS   20      /* the /proc scan for escaped processes */
#define FINAL_SCANS         5       /* scans finding nothing new after the end */
#define RSS_EVERY_ROUNDS    10
#define CORES_EVERY_NS      G_GINT64_CONSTANT (25000000)   /* as il-core-sampler */
#define READ_CHUNK          65536
#define MAX_READ_PER_ROUND  (4u << 20)
#define MAX_LINE            4096
#define PROGRESS_MS         200

G_DEFINE_QUARK (il-tracer-error-quark, il_tracer_error)

typedef struct {
  gint64    tid;
  guint     process;         /* index into processes */
  char     *name;
  gboolean  named_by_python;
  GArray   *segments;        /* IlSegment; the last one open while alive */
  gint64    first_ns;
  gboolean  ended;
  IlState   end_state;
  char     *error;
  gint64    end_ns;
  guint64   oncpu_ns;        /* schedstat, at the last sample */
  guint64   wait_ns;
  gint64    sampled_ns;      /* when schedstat was read last; 0: never */
  int       fds[3];          /* stat, schedstat, syscall, kept open (pread
                              * from 0 reads them anew); -1: not open */
  guint64   utime, stime;    /* clock ticks, at the last sample */
  guint64   round;           /* the last round that saw it */
  /* perf: */
  gint64    exit_ns;         /* its EXIT record's time; 0: none yet */
  GArray   *pending;         /* Pending: blocks not classified yet */
  gint64    syscall_at_ns;   /* the last sample that saw it blocked; 0: none */
  IlState   syscall_state;   /* what that sample said: lock- or io-wait */
} Thread;

/* A block (a switch out, not preempted) waiting for a syscall sample */
typedef struct {
  guint     index;           /* in segments */
  gint64    start_ns;
} Pending;

typedef struct {
  guint     index;           /* in processes: its worker id */
  gint64    pid;
  gint64    ppid;
  char     *comm;
  gboolean  escaped;
  gboolean  ended;
  gint      wait_status;     /* -1: unknown */
  gint64    start_ns;
  gint64    end_ns;
  GPtrArray *threads;        /* Thread*, not owned */
} Process;

struct _IlTracer {
  GObject          parent_instance;

  char           **argv;
  char            *command;
  IlTracerOptions  options;
  char            *mark;            /* INTERLEAVE_TRACE_ID's value */
  char            *names_path;      /* where the Python hook writes */
  char            *tmpdir;
  guint            quiet_rounds;    /* scans after the end that found nothing new */

  gint64           origin_ns;
  GPid             root;
  int              out_fd[2];       /* read ends of stdout, stderr */
  GString         *partial[2];
  int              names_fd;
  GString         *names_partial;
  gboolean         started;
  IlPerfSwitches  *perf;            /* NULL: sampling */
  GArray          *perf_events;     /* IlPerfEvent, reused every round */

  GMutex           lock;            /* guards everything below */
  GPtrArray       *threads;         /* Thread* in the order seen */
  GPtrArray       *processes;       /* Process* */
  GHashTable      *thread_by_tid;   /* tid → Thread* */
  GHashTable      *process_by_pid;  /* pid → Process* */
  GHashTable      *pending_names;   /* tid → name from the hook, thread not seen yet */
  GHashTable      *checked_pids;    /* pids the scan looked at */
  GArray          *lines;           /* IlTracerLine */
  IlTracerResult   result;
  gsize            kept[2];
  gboolean         finished;
  gint64           end_ns;
  gboolean         has_usage;
  struct rusage    usage;
  gint64           peak_rss_kib;
  guint64          round;
  gint64           last_round_ns;
  GArray          *core_samples;    /* IlCoreSample: /proc/stat per core */
  guint64         *cpu_busy;        /* at the last core sample, per core */
  guint64         *cpu_total;
  guint            max_cpus;

  gint             stop_requested;  /* atomic */
  gint64           term_at_ns;
  gboolean         kill_sent;
};

G_DEFINE_FINAL_TYPE (IlTracer, il_tracer, G_TYPE_OBJECT)

void
il_tracer_options_init (IlTracerOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->method = IL_TRACER_METHOD_AUTO;
  options->interval_ns = IL_TRACER_DEFAULT_INTERVAL_NS;
  options->max_threads = IL_TRACER_DEFAULT_MAX_THREADS;
  options->max_processes = IL_TRACER_DEFAULT_MAX_PROCESSES;
  options->max_output = IL_TRACER_DEFAULT_MAX_OUTPUT;
  options->max_lines = IL_TRACER_DEFAULT_MAX_LINES;
  options->grace_ns = IL_TRACER_DEFAULT_GRACE_NS;
}

static void
thread_close_files (Thread *t)
{
  for (guint i = 0; i < G_N_ELEMENTS (t->fds); i++)
    if (t->fds[i] >= 0)
      {
        close (t->fds[i]);
        t->fds[i] = -1;
      }
}

static void
thread_free (Thread *t)
{
  thread_close_files (t);
  g_clear_pointer (&t->pending, g_array_unref);
  g_free (t->name);
  g_free (t->error);
  g_array_unref (t->segments);
  g_free (t);
}

static void
process_free (Process *p)
{
  g_free (p->comm);
  g_ptr_array_unref (p->threads);
  g_free (p);
}

static void
line_clear (IlTracerLine *line)
{
  g_free (line->text);
}

static void
il_tracer_finalize (GObject *object)
{
  IlTracer *self = IL_TRACER (object);

  for (guint i = 0; i < 2; i++)
    {
      if (self->out_fd[i] >= 0)
        close (self->out_fd[i]);
      g_string_free (self->partial[i], TRUE);
    }
  if (self->names_fd >= 0)
    close (self->names_fd);
  g_string_free (self->names_partial, TRUE);
  if (self->names_path != NULL)
    g_unlink (self->names_path);
  if (self->tmpdir != NULL)
    g_rmdir (self->tmpdir);
  g_free (self->names_path);
  g_free (self->tmpdir);
  g_strfreev (self->argv);
  g_free (self->command);
  g_free (self->mark);
  g_ptr_array_unref (self->threads);
  g_ptr_array_unref (self->processes);
  g_hash_table_unref (self->thread_by_tid);
  g_hash_table_unref (self->process_by_pid);
  g_hash_table_unref (self->pending_names);
  g_hash_table_unref (self->checked_pids);
  g_array_unref (self->lines);
  il_tracer_result_clear (&self->result);
  g_clear_pointer (&self->perf, il_perf_switches_free);
  g_array_unref (self->perf_events);
  for (guint i = 0; i < self->core_samples->len; i++)
    g_free (g_array_index (self->core_samples, IlCoreSample, i).busy);
  g_array_unref (self->core_samples);
  g_free (self->cpu_busy);
  g_free (self->cpu_total);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (il_tracer_parent_class)->finalize (object);
}

static void
il_tracer_class_init (IlTracerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = il_tracer_finalize;
}

static void
il_tracer_init (IlTracer *self)
{
  g_mutex_init (&self->lock);
  self->out_fd[0] = self->out_fd[1] = -1;
  self->names_fd = -1;
  self->partial[0] = g_string_new (NULL);
  self->partial[1] = g_string_new (NULL);
  self->names_partial = g_string_new (NULL);
  self->threads = g_ptr_array_new_with_free_func ((GDestroyNotify) thread_free);
  self->processes = g_ptr_array_new_with_free_func ((GDestroyNotify) process_free);
  self->thread_by_tid = g_hash_table_new (g_int64_hash, g_int64_equal);
  self->process_by_pid = g_hash_table_new (g_int64_hash, g_int64_equal);
  self->pending_names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->checked_pids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->lines = g_array_new (FALSE, FALSE, sizeof (IlTracerLine));
  self->perf_events = g_array_new (FALSE, FALSE, sizeof (IlPerfEvent));
  g_array_set_clear_func (self->lines, (GDestroyNotify) line_clear);
  self->peak_rss_kib = -1;
  self->result.exit_status = -1;
  self->core_samples = g_array_new (FALSE, FALSE, sizeof (IlCoreSample));
  self->max_cpus = il_machine_get_logical_cores () + 64;
  self->cpu_busy = g_new0 (guint64, self->max_cpus);
  self->cpu_total = g_new0 (guint64, self->max_cpus);
}

IlTracer *
il_tracer_new (const char * const    *argv,
               const IlTracerOptions *options)
{
  IlTracer *self;
  GString *command;

  g_return_val_if_fail (argv != NULL && argv[0] != NULL, NULL);

  self = g_object_new (IL_TYPE_TRACER, NULL);
  self->argv = g_strdupv ((char **) argv);
  if (options != NULL)
    self->options = *options;
  else
    il_tracer_options_init (&self->options);
  if (self->options.interval_ns <= 0)
    self->options.interval_ns = IL_TRACER_DEFAULT_INTERVAL_NS;
  if (self->options.max_threads == 0)
    self->options.max_threads = IL_TRACER_DEFAULT_MAX_THREADS;
  if (self->options.max_processes == 0)
    self->options.max_processes = IL_TRACER_DEFAULT_MAX_PROCESSES;
  if (self->options.grace_ns <= 0)
    self->options.grace_ns = IL_TRACER_DEFAULT_GRACE_NS;

  command = g_string_new (NULL);
  for (guint i = 0; argv[i] != NULL; i++)
    {
      g_autofree char *quoted = g_shell_quote (argv[i]);
      const char *word = argv[i];

      if (i > 0)
        g_string_append_c (command, ' ');
      /* Quote only what needs it: "python3 gil.py", not "'python3' 'gil.py'" */
      for (const char *c = word; *c != '\0'; c++)
        if (!g_ascii_isalnum (*c) && strchr ("-_./=:,+@%", *c) == NULL)
          {
            word = quoted;
            break;
          }
      g_string_append (command, *word != '\0' ? word : "''");
    }
  self->command = g_string_free (command, FALSE);
  self->mark = g_strdup_printf ("%d-%08x%08x", (int) getpid (), g_random_int (), g_random_int ());

  return self;
}

const char *
il_tracer_get_command (IlTracer *self)
{
  g_return_val_if_fail (IL_IS_TRACER (self), NULL);
  return self->command;
}

/* ------------------------------------------------------------------------ */
/* Recording (under the lock) */

static void
thread_enter (Thread  *t,
              IlState  state,
              gint     cpu,
              guint32  worker,
              gint64   at_ns)
{
  IlSegment *open = t->segments->len > 0
    ? &g_array_index (t->segments, IlSegment, t->segments->len - 1) : NULL;
  IlSegment s = { 0, };

  if (state != IL_STATE_RUNNING)
    cpu = IL_NO_CPU;
  if (open != NULL)
    {
      if (open->state == state && open->cpu == cpu)
        {
          open->end_ns = at_ns;
          return;
        }
      open->end_ns = at_ns;
      if (open->end_ns <= open->start_ns)
        {
          /* Nothing of it lasted: it becomes the new state */
          open->state = state;
          open->cpu = (gint16) cpu;
          return;
        }
    }
  s.start_ns = at_ns;
  s.end_ns = at_ns;
  s.worker = worker;
  s.cpu = (gint16) cpu;
  s.state = state;
  g_array_append_val (t->segments, s);
}

static void
thread_end (IlTracer   *self,
            Thread     *t,
            IlState     end,
            const char *error,
            gint64      at_ns)
{
  Process *p = g_ptr_array_index (self->processes, t->process);
  IlSegment marker = { 0, };

  if (t->ended)
    return;
  if (t->exit_ns > 0)
    at_ns = t->exit_ns;   /* perf's exact time, not the sample's */
  if (t->segments->len > 0)
    {
      IlSegment *open = &g_array_index (t->segments, IlSegment, t->segments->len - 1);

      open->end_ns = MAX (open->end_ns, at_ns);
    }
  marker.start_ns = marker.end_ns = at_ns;
  marker.worker = t->process;
  marker.cpu = IL_NO_CPU;
  marker.state = end;
  g_array_append_val (t->segments, marker);
  thread_close_files (t);
  t->ended = TRUE;
  t->end_state = end;
  t->error = g_strdup (error);
  t->end_ns = at_ns;
  (void) p;
}

static char *
describe_wait_status (gint status)
{
  if (status < 0)
    return NULL;
  if (WIFSIGNALED (status))
    {
      int sig = WTERMSIG (status);
      const char *name = sigabbrev_np (sig);

      return g_strdup_printf (_("killed by signal %d (SIG%s)"), sig, name != NULL ? name : "?");
    }
  if (WIFEXITED (status) && WEXITSTATUS (status) != 0)
    return g_strdup_printf (_("exit status %d"), WEXITSTATUS (status));
  return NULL;
}

/* The process ended (@wait_status -1: how is unknown): its threads end. */
static void
process_end (IlTracer *self,
             Process  *p,
             gint      wait_status,
             gint64    at_ns)
{
  g_autofree char *why = NULL;

  if (p->ended)
    return;
  p->ended = TRUE;
  p->end_ns = at_ns;
  if (wait_status >= 0)
    p->wait_status = wait_status;
  why = describe_wait_status (p->wait_status);
  for (guint i = 0; i < p->threads->len; i++)
    {
      Thread *t = g_ptr_array_index (p->threads, i);
      gboolean main_thread = t->tid == p->pid;

      if (self->stop_requested && main_thread && why != NULL)
        thread_end (self, t, IL_STATE_STOPPED, why, at_ns);
      else if (main_thread && why != NULL)
        thread_end (self, t, IL_STATE_FAILED, why, at_ns);
      else
        thread_end (self, t, IL_STATE_DONE, NULL, at_ns);
    }
}

static Process *
add_process (IlTracer *self,
             gint64    pid,
             gint64    ppid,
             gboolean  escaped,
             gint64    at_ns)
{
  Process *p;

  if (self->processes->len >= self->options.max_processes)
    {
      /* Counted once: it goes into the table as a dropped pid */
      gint64 *key = g_new (gint64, 1);

      *key = pid;
      if (!g_hash_table_contains (self->checked_pids, key))
        {
          g_hash_table_add (self->checked_pids, key);
          self->result.processes_dropped++;
        }
      else
        g_free (key);
      return NULL;
    }
  p = g_new0 (Process, 1);
  p->index = self->processes->len;
  p->pid = pid;
  p->ppid = ppid;
  p->escaped = escaped;
  p->wait_status = -1;
  p->start_ns = at_ns;
  p->end_ns = -1;
  p->threads = g_ptr_array_new ();
  g_ptr_array_add (self->processes, p);
  g_hash_table_insert (self->process_by_pid, &p->pid, p);
  self->result.processes_seen++;
  g_debug ("process %" G_GINT64_FORMAT " (parent %" G_GINT64_FORMAT ")%s", pid, ppid,
           escaped ? ", found by its mark" : "");
  if (escaped)
    self->result.processes_escaped++;
  return p;
}

static Thread *
add_thread (IlTracer   *self,
            Process    *p,
            gint64      tid,
            const char *comm,
            gint64      at_ns)
{
  Thread *t;
  const char *py_name;

  if (self->threads->len >= self->options.max_threads)
    {
      self->result.threads_dropped++;
      return NULL;
    }
  t = g_new0 (Thread, 1);
  t->tid = tid;
  t->process = p->index;
  py_name = g_hash_table_lookup (self->pending_names, &tid);
  t->named_by_python = py_name != NULL;
  t->name = g_strdup (py_name != NULL ? py_name : comm);
  t->segments = g_array_new (FALSE, FALSE, sizeof (IlSegment));
  t->fds[0] = t->fds[1] = t->fds[2] = -1;
  t->first_ns = at_ns;
  t->end_ns = -1;
  g_ptr_array_add (self->threads, t);
  g_ptr_array_add (p->threads, t);
  g_hash_table_insert (self->thread_by_tid, &t->tid, t);
  self->result.threads_seen++;
  if (p->comm == NULL)
    p->comm = g_strdup (comm);
  return t;
}

/* ------------------------------------------------------------------------ */
/* Reading /proc */

static gssize
read_small (const char *path,
            char       *buf,
            gsize       size)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  gssize n;

  if (fd < 0)
    return -1;
  do
    n = read (fd, buf, size - 1);
  while (n < 0 && errno == EINTR);
  close (fd);
  if (n < 0)
    return -1;
  buf[n] = '\0';
  return n;
}

/* A thread's file through a descriptor kept open: opening costs more than
 * reading, and this runs a thousand times a second per thread.  Without a
 * descriptor to spare (EMFILE), it is opened for each read. */
static gssize
read_kept (int        *fd,
           const char *path,
           char       *buf,
           gsize       size)
{
  gssize n;

  if (*fd < 0)
    {
      *fd = open (path, O_RDONLY | O_CLOEXEC);
      if (*fd < 0)
        return errno == EMFILE || errno == ENFILE ? read_small (path, buf, size) : -1;
    }
  do
    n = pread (*fd, buf, size - 1, 0);
  while (n < 0 && errno == EINTR);
  if (n < 0)
    return -1;
  buf[n] = '\0';
  return n;
}

static gboolean
read_schedstat (int        *fd,
                const char *path,
                guint64    *oncpu,
                guint64    *wait)
{
  char buf[128];
  unsigned long long a, b;

  if (read_kept (fd, path, buf, sizeof buf) < 0 || sscanf (buf, "%llu %llu", &a, &b) != 2)
    return FALSE;
  *oncpu = a;
  *wait = b;
  return TRUE;
}

static void sample_children (IlTracer *self, Process *p, gint64 tid, gint64 at_ns);

/* ------------------------------------------------------------------------ */
/* perf_event_open's records (il-tracer-perf.h), applied under the lock */

/* Whether pending block @pd is still what it was: a zero-length block may
 * have been turned into the state that followed it */
static IlSegment *
pending_segment (Thread        *t,
                 const Pending *pd)
{
  IlSegment *seg;

  if (pd->index >= t->segments->len)
    return NULL;
  seg = &g_array_index (t->segments, IlSegment, pd->index);
  return seg->state == IL_STATE_IO_WAIT && seg->start_ns == pd->start_ns ? seg : NULL;
}

/* A sample at @at_ns saw @t blocked in a system call that means @state:
 * the blocks not classified yet take the state of the sample nearest
 * them — this one, or the one before (t->syscall_at_ns) */
static void
classify_waits (IlTracer *self,
                Thread   *t,
                IlState   state,
                gint64    at_ns)
{
  for (guint i = 0; t->pending != NULL && i < t->pending->len; i++)
    {
      const Pending *pd = &g_array_index (t->pending, Pending, i);
      IlSegment *seg = pending_segment (t, pd);
      gboolean open = pd->index + 1 == t->segments->len;

      IlPerfWaitHow how;

      if (seg == NULL)
        continue;
      seg->state = il_perf_wait_takes_later (seg->start_ns, seg->end_ns, open, t->syscall_at_ns, at_ns, &how)
        ? state : t->syscall_state;
      if (how == IL_PERF_WAIT_SAMPLED)
        self->result.waits_sampled++;
      else
        self->result.waits_nearest++;
    }
  if (t->pending != NULL)
    g_array_set_size (t->pending, 0);
  t->syscall_at_ns = at_ns;
  t->syscall_state = state;
}

/* At the end: blocks after the last sample that saw the thread blocked
 * take that sample's state; without one they stay io-wait, unknown */
static void
classify_rest (IlTracer *self,
               Thread   *t)
{
  for (guint i = 0; t->pending != NULL && i < t->pending->len; i++)
    {
      IlSegment *seg = pending_segment (t, &g_array_index (t->pending, Pending, i));

      if (seg == NULL)
        continue;
      if (t->syscall_at_ns > 0)
        {
          seg->state = t->syscall_state;
          self->result.waits_nearest++;
        }
      else
        self->result.waits_unknown++;
    }
  if (t->pending != NULL)
    g_array_set_size (t->pending, 0);
}

static Thread *
perf_thread (IlTracer *self,
             gint64    pid,
             gint64    ppid,
             gint64    tid,
             gint64    at_ns)
{
  Thread *t = g_hash_table_lookup (self->thread_by_tid, &tid);
  Process *p;
  char path[96], comm[64];

  if (t != NULL)
    {
      t->first_ns = MIN (t->first_ns, at_ns);
      return t;
    }
  p = g_hash_table_lookup (self->process_by_pid, &pid);
  if (p == NULL)
    p = add_process (self, pid, ppid, FALSE, at_ns);
  if (p == NULL)
    return NULL;
  p->start_ns = MIN (p->start_ns, at_ns);
  g_snprintf (path, sizeof path, "/proc/%" G_GINT64_FORMAT "/task/%" G_GINT64_FORMAT "/comm", pid, tid);
  if (read_small (path, comm, sizeof comm) > 0)
    g_strchomp (comm);
  else
    g_strlcpy (comm, "?", sizeof comm);
  return add_thread (self, p, tid, comm, at_ns);
}

static void
apply_perf (IlTracer *self)
{
  g_array_set_size (self->perf_events, 0);
  self->result.records_lost += il_perf_switches_read (self->perf, self->perf_events);
  for (guint i = 0; i < self->perf_events->len; i++)
    {
      const IlPerfEvent *ev = &g_array_index (self->perf_events, IlPerfEvent, i);
      gint64 at = MAX (ev->time_ns - self->origin_ns, 0);
      Thread *t;

      switch (ev->kind)
        {
        case IL_PERF_FORK:
          perf_thread (self, ev->pid, ev->pid == ev->tid ? ev->ppid : ev->pid, ev->tid, at);
          break;
        case IL_PERF_EXIT:
          t = g_hash_table_lookup (self->thread_by_tid, &ev->tid);
          if (t != NULL && !t->ended && t->exit_ns == 0)
            t->exit_ns = MAX (at, 1);
          break;
        case IL_PERF_COMM:
          t = g_hash_table_lookup (self->thread_by_tid, &ev->tid);
          if (t != NULL && !t->named_by_python)
            {
              g_free (t->name);
              t->name = g_utf8_make_valid (ev->comm, -1);
            }
          break;
        case IL_PERF_SWITCH_IN:
        case IL_PERF_SWITCH_OUT_PREEMPTED:
        case IL_PERF_SWITCH_OUT_BLOCKED:
          t = perf_thread (self, ev->pid, 0, ev->tid, at);
          if (t == NULL || t->ended || t->exit_ns > 0)
            break;
          self->result.switches++;
          /* Records read in an earlier round may be later than this one
           * (another CPU's buffer): time never goes back in a lane */
          if (t->segments->len > 0)
            at = MAX (at, g_array_index (t->segments, IlSegment, t->segments->len - 1).start_ns);
          if (ev->kind == IL_PERF_SWITCH_IN)
            thread_enter (t, IL_STATE_RUNNING, ev->cpu, t->process, at);
          else if (ev->kind == IL_PERF_SWITCH_OUT_PREEMPTED)
            thread_enter (t, IL_STATE_PREEMPTED, IL_NO_CPU, t->process, at);
          else
            {
              Pending pd;

              thread_enter (t, IL_STATE_IO_WAIT, IL_NO_CPU, t->process, at);
              self->result.waits++;
              pd.index = t->segments->len - 1;
              pd.start_ns = g_array_index (t->segments, IlSegment, pd.index).start_ns;
              if (t->pending == NULL)
                t->pending = g_array_new (FALSE, FALSE, sizeof (Pending));
              if (t->pending->len == 0 ||
                  g_array_index (t->pending, Pending, t->pending->len - 1).index != pd.index)
                g_array_append_val (t->pending, pd);
            }
          break;
        default:
          break;
        }
    }
}

static void
sample_thread (IlTracer *self,
               Process  *p,
               guint     worker,
               gint64    tid,
               gint64    at_ns)
{
  char path[96], buf[1024];
  IlProcStat st;
  Thread *t;
  guint64 oncpu = 0, wait = 0;
  gboolean have_sched;
  IlState state;
  gint cpu = IL_NO_CPU;

  g_snprintf (path, sizeof path, "/proc/%" G_GINT64_FORMAT "/task/%" G_GINT64_FORMAT "/stat", p->pid, tid);
  t = g_hash_table_lookup (self->thread_by_tid, &tid);
  if (t != NULL && t->ended)
    return;
  if (t != NULL ? read_kept (&t->fds[0], path, buf, sizeof buf) < 0 : read_small (path, buf, sizeof buf) < 0)
    return;   /* gone: the round's end notices */
  if (!il_proc_parse_stat (buf, &st))
    return;
  if (t == NULL)
    {
      if (st.state == 'Z' || st.state == 'X')
        return;
      t = add_thread (self, p, tid, st.comm, at_ns);
      if (t == NULL)
        return;
    }
  if (t->ended)
    return;
  t->round = self->round;
  t->utime = st.utime;
  t->stime = st.stime;

  g_snprintf (path, sizeof path, "/proc/%" G_GINT64_FORMAT "/task/%" G_GINT64_FORMAT "/schedstat", p->pid, tid);
  /* perf's records say when it ran: no need for schedstat */
  have_sched = self->perf == NULL && read_schedstat (&t->fds[1], path, &oncpu, &wait);

  switch (st.state)
    {
    case 'R':
      /* Running or runnable: it counts as running when it was on a core
       * for at least half the time since the last sample (schedstat, ns),
       * so that the running time adds up to its CPU time; otherwise it
       * waited for a core.  A new thread has no last sample: running. */
      if (have_sched && t->sampled_ns > 0 && at_ns > t->sampled_ns &&
          (oncpu - t->oncpu_ns) * 2 < (guint64) (at_ns - t->sampled_ns))
        state = IL_STATE_PREEMPTED;
      else
        {
          state = IL_STATE_RUNNING;
          cpu = st.processor;
        }
      break;
    case 'S':
    case 'D':
      {
        gint64 nr;

        g_snprintf (path, sizeof path, "/proc/%" G_GINT64_FORMAT "/task/%" G_GINT64_FORMAT "/syscall", p->pid, tid);
        nr = read_kept (&t->fds[2], path, buf, sizeof buf) < 0 ? -2 : il_proc_parse_syscall (buf);
        state = il_proc_syscall_is_lock (nr) ? IL_STATE_LOCK_WAIT : IL_STATE_IO_WAIT;
      }
      break;
    case 'Z':
    case 'X':
      return;   /* exiting: the round's end ends it */
    default:    /* stopped, traced, idle… */
      state = IL_STATE_IO_WAIT;
      break;
    }
  if (have_sched)
    {
      t->oncpu_ns = oncpu;
      t->wait_ns = wait;
      t->sampled_ns = at_ns;
    }
  if (self->perf == NULL)
    thread_enter (t, state, cpu, worker, at_ns);
  else if (st.state == 'S' || st.state == 'D')
    classify_waits (self, t, state, at_ns);

  /* Most programs fork from their main thread: the others' children are
   * looked for every tenth round (the scan finds what this misses) */
  if (tid == p->pid || self->round % 10 == 0 || t->round == 0)
    sample_children (self, p, tid, at_ns);
}

static void
sample_children (IlTracer *self,
                 Process  *p,
                 gint64    tid,
                 gint64    at_ns)
{
  char path[96], buf[4096];
  char *c, *end;

  g_snprintf (path, sizeof path, "/proc/%" G_GINT64_FORMAT "/task/%" G_GINT64_FORMAT "/children", p->pid, tid);
  if (read_small (path, buf, sizeof buf) <= 0)
    return;
  for (c = buf; *c != '\0'; c = end)
    {
      gint64 pid = g_ascii_strtoll (c, &end, 10);

      if (end == c)
        break;
      if (pid > 0 && !g_hash_table_contains (self->process_by_pid, &pid))
        add_process (self, pid, p->pid, FALSE, at_ns);
    }
}

static void
sample_process (IlTracer *self,
                guint     index,
                gint64    at_ns)
{
  Process *p = g_ptr_array_index (self->processes, index);
  char path[64], buf[1024];
  IlProcStat st;
  DIR *dir;
  struct dirent *e;

  g_snprintf (path, sizeof path, "/proc/%" G_GINT64_FORMAT "/stat", p->pid);
  if (read_small (path, buf, sizeof buf) < 0 || !il_proc_parse_stat (buf, &st))
    {
      process_end (self, p, -1, at_ns);
      return;
    }
  if (st.state == 'Z' || st.state == 'X')
    {
      /* A zombie's exit code is its wait status, until its parent reaps it */
      process_end (self, p, st.exit_code, at_ns);
      return;
    }
  g_free (p->comm);
  p->comm = g_strdup (st.comm);

  g_snprintf (path, sizeof path, "/proc/%" G_GINT64_FORMAT "/task", p->pid);
  dir = opendir (path);
  if (dir == NULL)
    {
      process_end (self, p, -1, at_ns);
      return;
    }
  while ((e = readdir (dir)) != NULL)
    {
      gint64 tid;
      char *end;

      if (e->d_name[0] < '0' || e->d_name[0] > '9')
        continue;
      tid = g_ascii_strtoll (e->d_name, &end, 10);
      if (*end == '\0')
        sample_thread (self, p, index, tid, at_ns);
    }
  closedir (dir);

  /* Threads not seen this round ended */
  for (guint i = 0; i < p->threads->len; i++)
    {
      Thread *t = g_ptr_array_index (p->threads, i);

      if (!t->ended && t->round != self->round)
        thread_end (self, t, IL_STATE_DONE, NULL, at_ns);
    }
}

/* Processes that left the tree (a double fork, setsid, a parent that
 * died first) but carry the mark in their environment; and children whose
 * parent is known but that the children files did not list. */
static void
scan_for_escapes (IlTracer *self,
                  gint64    at_ns)
{
  g_autofree char *needle = g_strdup_printf ("INTERLEAVE_TRACE_ID=%s", self->mark);
  gsize needle_len = strlen (needle);
  DIR *dir = opendir ("/proc");
  struct dirent *e;

  if (dir == NULL)
    return;
  while ((e = readdir (dir)) != NULL)
    {
      char path[64], *end;
      g_autofree char *environ_text = NULL;
      gsize len = 0;
      gint64 pid, *key;
      char buf[1024];
      IlProcStat st;
      gboolean marked = FALSE, known_parent;

      if (e->d_name[0] < '0' || e->d_name[0] > '9')
        continue;
      pid = g_ascii_strtoll (e->d_name, &end, 10);
      if (*end != '\0' || pid == getpid () || g_hash_table_contains (self->process_by_pid, &pid) ||
          g_hash_table_contains (self->checked_pids, &pid))
        continue;
      g_snprintf (path, sizeof path, "/proc/%" G_GINT64_FORMAT "/stat", pid);
      if (read_small (path, buf, sizeof buf) < 0 || !il_proc_parse_stat (buf, &st))
        continue;
      known_parent = g_hash_table_contains (self->process_by_pid, &st.ppid);
      if (!known_parent && pid != 2 && st.ppid != 2)   /* kernel threads have no environment */
        {
          g_snprintf (path, sizeof path, "/proc/%" G_GINT64_FORMAT "/environ", pid);
          /* Unreadable or empty (another user's, or caught in execve):
           * looked at again next time */
          if (!g_file_get_contents (path, &environ_text, &len, NULL) || len == 0)
            continue;
          for (gsize i = 0; i + needle_len <= len; i += strlen (environ_text + i) + 1)
            if (memcmp (environ_text + i, needle, needle_len) == 0 &&
                (i + needle_len == len || environ_text[i + needle_len] == '\0'))
              {
                marked = TRUE;
                break;
              }
        }
      if (known_parent || marked)
        {
          add_process (self, pid, st.ppid, !known_parent, at_ns);
          continue;
        }
      /* Not ours; a process may still exec with the mark later, but
       * looking again at every pid every scan costs too much. */
      key = g_new (gint64, 1);
      *key = pid;
      g_hash_table_add (self->checked_pids, key);
    }
  closedir (dir);
}

static void
sample_rss (IlTracer *self)
{
  gint64 sum = 0;

  for (guint i = 0; i < self->processes->len; i++)
    {
      Process *p = g_ptr_array_index (self->processes, i);
      gint64 kib;

      if (!p->ended && (kib = il_machine_get_rss_kib ((GPid) p->pid)) > 0)
        sum += kib;
    }
  self->peak_rss_kib = MAX (self->peak_rss_kib, sum);
}

/* Per-core busy time (il_machine_read_core_times), so that the cores view
 * shows the other load on the machine too, as a live run's il-core-sampler
 * does. */
static void
sample_cores (IlTracer *self,
              gint64    at_ns)
{
  g_autofree guint64 *busy = g_new0 (guint64, self->max_cpus);
  g_autofree guint64 *total = g_new0 (guint64, self->max_cpus);
  guint n = il_machine_read_core_times (busy, total, self->max_cpus);
  gboolean first = self->core_samples->len == 0 && self->cpu_total[0] == 0;

  if (n == 0)
    return;
  if (!first)
    {
      IlCoreSample sample = { at_ns, n, g_new0 (float, n) };

      for (guint i = 0; i < n; i++)
        {
          guint64 db = busy[i] - MIN (busy[i], self->cpu_busy[i]);
          guint64 dt = total[i] - MIN (total[i], self->cpu_total[i]);

          sample.busy[i] = dt > 0 ? CLAMP ((float) db / (float) dt, 0.f, 1.f) : 0.f;
        }
      g_array_append_val (self->core_samples, sample);
    }
  memcpy (self->cpu_busy, busy, sizeof (guint64) * self->max_cpus);
  memcpy (self->cpu_total, total, sizeof (guint64) * self->max_cpus);
}

/* ------------------------------------------------------------------------ */
/* Output and names */

static void
keep_line (IlTracer   *self,
           guint       stream,
           const char *text,
           gsize       len,
           gint64      at_ns)
{
  IlTracerLine line;

  if (self->lines->len >= self->options.max_lines || self->kept[stream] + len > self->options.max_output)
    {
      self->result.lines_dropped++;
      self->result.output_dropped[stream] += len + 1;
      return;
    }
  self->kept[stream] += len + 1;
  line.time_ns = at_ns;
  line.is_stderr = stream == 1;
  line.pid = self->root;
  line.text = g_utf8_make_valid (text, (gssize) len);
  g_array_append_val (self->lines, line);
}

/* Reads what there is; FALSE at the end of the stream. */
static gboolean
drain (IlTracer *self,
       guint     stream,
       gint64    at_ns)
{
  int fd = self->out_fd[stream];
  char buf[READ_CHUNK];
  gsize total = 0;

  if (fd < 0)
    return FALSE;
  while (total < MAX_READ_PER_ROUND)
    {
      gssize n = read (fd, buf, sizeof buf);
      const char *p, *nl;
      gsize left;

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return TRUE;   /* EAGAIN: nothing more now */
      if (n == 0)
        {
          /* The end: a last line without its newline */
          if (self->partial[stream]->len > 0)
            keep_line (self, stream, self->partial[stream]->str, self->partial[stream]->len, at_ns);
          g_string_truncate (self->partial[stream], 0);
          close (fd);
          self->out_fd[stream] = -1;
          return FALSE;
        }
      total += n;
      if (self->options.pass_output)
        {
          gssize w G_GNUC_UNUSED = write (stream == 0 ? STDOUT_FILENO : STDERR_FILENO, buf, n);
        }
      self->result.output_bytes[stream] += n;
      for (p = buf, left = n; left > 0; )
        {
          nl = memchr (p, '\n', left);
          if (nl == NULL)
            {
              gsize room = MAX_LINE - MIN (self->partial[stream]->len, MAX_LINE);

              g_string_append_len (self->partial[stream], p, MIN (left, room));
              break;
            }
          if (self->partial[stream]->len > 0)
            {
              gsize room = MAX_LINE - MIN (self->partial[stream]->len, MAX_LINE);

              g_string_append_len (self->partial[stream], p, MIN ((gsize) (nl - p), room));
              keep_line (self, stream, self->partial[stream]->str, self->partial[stream]->len, at_ns);
              g_string_truncate (self->partial[stream], 0);
            }
          else
            keep_line (self, stream, p, MIN ((gsize) (nl - p), MAX_LINE), at_ns);
          left -= (nl - p) + 1;
          p = nl + 1;
        }
    }
  return TRUE;
}

/* "PID TID NAME" lines from the Python hook (data/tracing/sitecustomize.py). */
static void
read_names (IlTracer *self)
{
  char buf[8192];
  gssize n;

  if (self->names_fd < 0)
    return;
  while ((n = read (self->names_fd, buf, sizeof buf)) > 0)
    g_string_append_len (self->names_partial, buf, n);
  for (;;)
    {
      char *nl = memchr (self->names_partial->str, '\n', self->names_partial->len);
      char *end, *name;
      gint64 tid;

      if (nl == NULL)
        break;
      *nl = '\0';
      /* pid, then tid, then the name (the rest of the line) */
      g_ascii_strtoll (self->names_partial->str, &end, 10);
      tid = g_ascii_strtoll (end, &name, 10);
      if (name != end && *name == ' ' && tid > 0)
        {
          Thread *t = g_hash_table_lookup (self->thread_by_tid, &tid);
          g_autofree char *valid = g_utf8_make_valid (name + 1, MIN (strlen (name + 1), 256));

          if (t != NULL)
            {
              g_free (t->name);
              t->name = g_steal_pointer (&valid);
              t->named_by_python = TRUE;
            }
          else
            {
              gint64 *key = g_new (gint64, 1);

              *key = tid;
              g_hash_table_replace (self->pending_names, key, g_steal_pointer (&valid));
            }
        }
      g_string_erase (self->names_partial, 0, nl + 1 - self->names_partial->str);
    }
}

/* ------------------------------------------------------------------------ */
/* Starting and stopping */

static char *
find_hook_dir (void)
{
  const char *env = g_getenv ("INTERLEAVE_TRACE_HOOK_DIR");
  g_autofree char *source = g_build_filename (SOURCEDIR, "data", "tracing", NULL);

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  if (il_machine_running_uninstalled () && g_file_test (source, G_FILE_TEST_IS_DIR))
    return g_steal_pointer (&source);
  return g_build_filename (PKGDATADIR, "tracing", NULL);
}

static gboolean
check_command (const char  *name,
               char       **path,
               GError     **error)
{
  struct stat st;

  if (strchr (name, '/') == NULL)
    {
      *path = g_find_program_in_path (name);
      if (*path == NULL)
        {
          g_set_error (error, IL_TRACER_ERROR, IL_TRACER_ERROR_NOT_FOUND,
                       _("%s: command not found"), name);
          return FALSE;
        }
      return TRUE;
    }
  if (stat (name, &st) != 0)
    {
      g_set_error (error, IL_TRACER_ERROR, IL_TRACER_ERROR_NOT_FOUND,
                   "%s: %s", name, g_strerror (errno));
      return FALSE;
    }
  if (!S_ISREG (st.st_mode) || access (name, X_OK) != 0)
    {
      g_set_error (error, IL_TRACER_ERROR, IL_TRACER_ERROR_NOT_EXECUTABLE,
                   _("%s: not an executable file"), name);
      return FALSE;
    }
  *path = g_strdup (name);
  return TRUE;
}

/* The perf path's spawn: a fork that waits on @hold until the events are
 * open (so that not one switch of the program is missed), then does what
 * posix_spawn does in spawn() below.  Only async-signal-safe calls after
 * the fork.  The exec's errno comes back through @report (closed on exec). */
static int
fork_held (const char  *path,
           char       **argv,
           char       **envp,
           int          devnull,
           int          out,
           int          err,
           int          hold,
           int          report,
           pid_t       *pid)
{
  pid_t child = fork ();

  if (child < 0)
    return errno;
  if (child == 0)
    {
      struct sigaction dfl;
      sigset_t none;
      int e;
      char c;
      const int defaults[] = { SIGINT, SIGTERM, SIGPIPE, SIGCHLD };

      memset (&dfl, 0, sizeof dfl);
      dfl.sa_handler = SIG_DFL;
      for (guint i = 0; i < G_N_ELEMENTS (defaults); i++)
        sigaction (defaults[i], &dfl, NULL);
      sigemptyset (&none);
      sigprocmask (SIG_SETMASK, &none, NULL);
      setpgid (0, 0);
      if (devnull >= 0)
        dup2 (devnull, STDIN_FILENO);
      dup2 (out, STDOUT_FILENO);
      dup2 (err, STDERR_FILENO);
      while (read (hold, &c, 1) < 0 && errno == EINTR)
        ;
      execve (path, argv, envp);
      e = errno;
      while (write (report, &e, sizeof e) < 0 && errno == EINTR)
        ;
      _exit (127);
    }
  setpgid (child, child);   /* whichever of the two comes first */
  *pid = child;
  return 0;
}

/* Opens the perf events for the held child and lets it go; the result
 * says which method it is and why not perf.  Returns the exec's errno,
 * 0 when it ran its command. */
static int
release_held (IlTracer *self,
              pid_t     pid,
              int       hold,
              int       report)
{
  g_autoptr(GError) perf_error = NULL;
  int e = 0;
  gssize n;

  self->perf = il_perf_switches_open (pid, &perf_error);
  if (self->perf == NULL)
    {
      g_mutex_lock (&self->lock);
      self->result.fallback = g_strdup (perf_error->message);
      g_mutex_unlock (&self->lock);
      g_debug ("perf_event_open: %s; sampling", perf_error->message);
    }
  while (write (hold, "", 1) < 0 && errno == EINTR)
    ;
  close (hold);
  do
    n = read (report, &e, sizeof e);
  while (n < 0 && errno == EINTR);
  close (report);
  return n == sizeof e ? e : 0;
}

/* The method asked for: the options, or the environment's
 * INTERLEAVE_TRACE_METHOD (sampling, perf) when they say AUTO */
static IlTracerMethod
wanted_method (IlTracer *self)
{
  const char *env = g_getenv ("INTERLEAVE_TRACE_METHOD");

  if (self->options.method != IL_TRACER_METHOD_AUTO)
    return self->options.method;
  if (g_strcmp0 (env, "sampling") == 0)
    return IL_TRACER_METHOD_SAMPLING;
  if (g_strcmp0 (env, "perf") == 0)
    return IL_TRACER_METHOD_PERF;
  return IL_TRACER_METHOD_AUTO;
}

static gboolean
spawn (IlTracer  *self,
       GError   **error)
{
  g_autofree char *path = NULL;
  g_autofree char *hook = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  sigset_t none, defaults;
  int out[2] = { -1, -1 }, err[2] = { -1, -1 };
  int devnull, rc;
  pid_t pid;

  if (!check_command (self->argv[0], &path, error))
    return FALSE;

  envp = g_environ_setenv (envp, "INTERLEAVE_TRACE_ID", self->mark, TRUE);
  if (!self->options.no_python_names)
    {
      const char *old = g_environ_getenv (envp, "PYTHONPATH");
      g_autofree char *pythonpath = NULL;

      hook = find_hook_dir ();
      pythonpath = old != NULL && *old != '\0' ? g_strconcat (hook, ":", old, NULL) : g_strdup (hook);
      self->tmpdir = g_dir_make_tmp ("interleave-trace-XXXXXX", NULL);
      if (self->tmpdir != NULL)
        {
          self->names_path = g_build_filename (self->tmpdir, "names", NULL);
          self->names_fd = open (self->names_path, O_RDONLY | O_CREAT | O_CLOEXEC | O_NONBLOCK, 0600);
          envp = g_environ_setenv (envp, "PYTHONPATH", pythonpath, TRUE);
          envp = g_environ_setenv (envp, "INTERLEAVE_TRACE_NAMES", self->names_path, TRUE);
        }
    }

  if (pipe2 (out, O_CLOEXEC) != 0 || pipe2 (err, O_CLOEXEC) != 0)
    {
      int e = errno;

      for (guint i = 0; i < 2; i++)
        {
          if (out[i] >= 0) close (out[i]);
          if (err[i] >= 0) close (err[i]);
        }
      g_set_error (error, IL_TRACER_ERROR, IL_TRACER_ERROR_FAILED,
                   _("cannot start %s: %s"), self->argv[0], g_strerror (e));
      return FALSE;
    }
  devnull = open ("/dev/null", O_RDONLY | O_CLOEXEC);

  posix_spawn_file_actions_init (&actions);
  if (devnull >= 0)
    posix_spawn_file_actions_adddup2 (&actions, devnull, STDIN_FILENO);
  posix_spawn_file_actions_adddup2 (&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2 (&actions, err[1], STDERR_FILENO);
  posix_spawnattr_init (&attr);
  sigemptyset (&none);
  sigemptyset (&defaults);
  sigaddset (&defaults, SIGINT);
  sigaddset (&defaults, SIGTERM);
  sigaddset (&defaults, SIGPIPE);
  sigaddset (&defaults, SIGCHLD);
  posix_spawnattr_setsigmask (&attr, &none);
  posix_spawnattr_setsigdefault (&attr, &defaults);
  posix_spawnattr_setpgroup (&attr, 0);
  posix_spawnattr_setflags (&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  self->origin_ns = il_now_ns ();
  if (wanted_method (self) != IL_TRACER_METHOD_SAMPLING)
    {
      int hold[2], report[2];

      if (pipe2 (hold, O_CLOEXEC) != 0)
        rc = errno;
      else if (pipe2 (report, O_CLOEXEC) != 0)
        {
          rc = errno;
          close (hold[0]);
          close (hold[1]);
        }
      else
        {
          rc = fork_held (path, self->argv, envp, devnull, out[1], err[1], hold[0], report[1], &pid);
          close (hold[0]);
          close (report[1]);
          if (rc != 0)
            {
              close (hold[1]);
              close (report[0]);
            }
          else if ((rc = release_held (self, pid, hold[1], report[0])) != 0)
            {
              /* The exec failed: the child is gone, nothing was traced */
              waitpid (pid, NULL, 0);
              g_clear_pointer (&self->perf, il_perf_switches_free);
            }
        }
    }
  else
    {
      g_mutex_lock (&self->lock);
      self->result.fallback = g_strdup (_("sampling was asked for"));
      g_mutex_unlock (&self->lock);
      rc = posix_spawn (&pid, path, &actions, &attr, self->argv, envp);
    }
  posix_spawn_file_actions_destroy (&actions);
  posix_spawnattr_destroy (&attr);
  close (out[1]);
  close (err[1]);
  if (devnull >= 0)
    close (devnull);
  if (rc != 0)
    {
      close (out[0]);
      close (err[0]);
      g_set_error (error, IL_TRACER_ERROR,
                   rc == ENOENT ? IL_TRACER_ERROR_NOT_FOUND :
                   rc == EACCES || rc == ENOEXEC ? IL_TRACER_ERROR_NOT_EXECUTABLE : IL_TRACER_ERROR_FAILED,
                   _("cannot start %s: %s"), self->argv[0], g_strerror (rc));
      return FALSE;
    }
  self->root = pid;
  self->out_fd[0] = out[0];
  self->out_fd[1] = err[0];
  g_unix_set_fd_nonblocking (out[0], TRUE, NULL);
  g_unix_set_fd_nonblocking (err[0], TRUE, NULL);

  g_mutex_lock (&self->lock);
  add_process (self, pid, getpid (), FALSE, 0);
  g_mutex_unlock (&self->lock);
  return TRUE;
}

void
il_tracer_stop (IlTracer *self)
{
  g_return_if_fail (IL_IS_TRACER (self));
  /* A second stop skips the grace period */
  g_atomic_int_inc (&self->stop_requested);
}

/* Signals every live process we know, and the program's process group. */
static void
signal_all (IlTracer *self,
            int       sig)
{
  /* The group only while its leader is ours: once reaped, its number
   * may be another's */
  if (self->root > 0 && !self->result.exited)
    kill (-self->root, sig);
  for (guint i = 0; i < self->processes->len; i++)
    {
      Process *p = g_ptr_array_index (self->processes, i);

      if (!p->ended)
        kill ((pid_t) p->pid, sig);
    }
}

static gboolean
all_ended (IlTracer *self)
{
  for (guint i = 0; i < self->processes->len; i++)
    if (!((Process *) g_ptr_array_index (self->processes, i))->ended)
      return FALSE;
  return TRUE;
}

/* One round; FALSE when the run is over. */
static gboolean
sample_round (IlTracer *self)
{
  gint64 now = il_now_ns ();
  gint64 at = now - self->origin_ns;
  gboolean root_reaped = self->result.exited;
  int status;
  struct rusage usage;

  /* Output first, without the lock: only this thread touches the fds */
  drain (self, 0, at);
  drain (self, 1, at);

  g_mutex_lock (&self->lock);
  if (self->round > 0)
    self->result.longest_gap_ns = MAX (self->result.longest_gap_ns, at - self->last_round_ns);
  self->last_round_ns = at;
  self->round++;
  self->result.samples++;
  if (self->perf != NULL)
    apply_perf (self);
  read_names (self);

  if (!root_reaped)
    {
      pid_t r = wait4 ((pid_t) self->root, &status, WNOHANG, &usage);

      if (r == (pid_t) self->root)
        {
          Process *root = g_ptr_array_index (self->processes, 0);

          self->result.exited = TRUE;
          self->result.exit_status = WIFEXITED (status) ? WEXITSTATUS (status) : -1;
          self->result.exit_signal = WIFSIGNALED (status) ? WTERMSIG (status) : 0;
          self->usage = usage;
          self->has_usage = TRUE;
          /* Its last threads' states are those of the last sample */
          process_end (self, root, status, at);
        }
    }

  for (guint i = 0; i < self->processes->len; i++)
    if (!((Process *) g_ptr_array_index (self->processes, i))->ended)
      sample_process (self, i, at);
  if (self->round % SCAN_EVERY_ROUNDS == 1)
    scan_for_escapes (self, at);
  if (self->round % RSS_EVERY_ROUNDS == 1)
    sample_rss (self);
  if (self->round == 1 ||
      (self->core_samples->len > 0 ? at - g_array_index (self->core_samples, IlCoreSample,
                                                          self->core_samples->len - 1).time_ns
                                   : at) >= CORES_EVERY_NS)
    sample_cores (self, at);

  if (g_atomic_int_get (&self->stop_requested))
    {
      if (self->term_at_ns == 0)
        {
          self->result.stopped = TRUE;
          self->term_at_ns = now;
          signal_all (self, SIGTERM);
        }
      else if (now - self->term_at_ns >= self->options.grace_ns ||
               g_atomic_int_get (&self->stop_requested) > 1)
        {
          if (!all_ended (self))
            self->result.killed = TRUE;
          self->kill_sent = TRUE;
          signal_all (self, SIGKILL);
        }
      else if (self->round % SCAN_EVERY_ROUNDS == 1)
        signal_all (self, SIGTERM);   /* the processes found since */
    }
  /* Everything known ended: a few more looks, a round apart, for
   * processes that left the tree since the last scan (one that double-forks
   * as the program exits may not be there yet), before calling it the end */
  if (self->result.exited && all_ended (self))
    {
      guint before = self->processes->len;

      scan_for_escapes (self, at);
      if (self->processes->len != before)
        self->quiet_rounds = 0;
      else if (++self->quiet_rounds >= FINAL_SCANS)
        {
          g_mutex_unlock (&self->lock);
          return FALSE;
        }
    }
  else
    self->quiet_rounds = 0;
  g_mutex_unlock (&self->lock);
  return TRUE;
}

static void
finish_run (IlTracer *self)
{
  gint64 at = il_now_ns () - self->origin_ns;

  /* What is left in the pipes (a daemon may hold them open: no waiting) */
  drain (self, 0, at);
  drain (self, 1, at);

  g_mutex_lock (&self->lock);
  if (self->perf != NULL)
    {
      apply_perf (self);
      for (guint i = 0; i < self->threads->len; i++)
        classify_rest (self, g_ptr_array_index (self->threads, i));
      /* The buffers count against the user's locked-memory allowance:
       * given back now, not when the window drops the tracer */
      g_clear_pointer (&self->perf, il_perf_switches_free);
    }
  read_names (self);
  for (guint i = 0; i < 2; i++)
    if (self->partial[i]->len > 0)
      {
        keep_line (self, i, self->partial[i]->str, self->partial[i]->len, at);
        g_string_truncate (self->partial[i], 0);
      }
  for (guint i = 0; i < self->threads->len; i++)
    {
      Thread *t = g_ptr_array_index (self->threads, i);

      if (!t->ended)
        thread_end (self, t, self->result.stopped ? IL_STATE_STOPPED : IL_STATE_DONE, NULL, at);
    }
  self->end_ns = 0;
  for (guint i = 0; i < self->threads->len; i++)
    {
      Thread *t = g_ptr_array_index (self->threads, i);

      self->end_ns = MAX (self->end_ns, t->end_ns);
    }
  if (self->result.samples > 1)
    self->result.mean_interval_ms = (gdouble) at / 1e6 / (gdouble) self->result.samples;
  self->finished = TRUE;
  g_mutex_unlock (&self->lock);
}

static void
run_loop (IlTracer *self)
{
  gint64 next = il_now_ns ();
  gint64 interval = self->perf != NULL ? MAX (self->options.interval_ns, IL_TRACER_PERF_INTERVAL_NS)
                                       : self->options.interval_ns;

  while (sample_round (self))
    {
      struct timespec ts;
      gint64 now = il_now_ns ();

      next += interval;
      if (next < now)
        next = now;   /* behind: no catching up in a burst */
      ts.tv_sec = next / G_GINT64_CONSTANT (1000000000);
      ts.tv_nsec = next % G_GINT64_CONSTANT (1000000000);
      while (clock_nanosleep (CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
        ;
    }
  finish_run (self);
}

static gboolean
prepare (IlTracer  *self,
         GError   **error)
{
  g_return_val_if_fail (!self->started, FALSE);

  self->started = TRUE;
  if (!spawn (self, error))
    return FALSE;
  g_mutex_lock (&self->lock);
  self->result.method = self->perf != NULL ? IL_TRACER_METHOD_PERF : IL_TRACER_METHOD_SAMPLING;
  if (self->perf != NULL)
    {
      self->result.interval_ns = MAX (self->options.interval_ns, IL_TRACER_PERF_INTERVAL_NS);
      self->result.method_text =
        g_strdup_printf (_("exact context switches from perf_event_open; waits classified by the "
                           "/proc system-call sample nearest them (every %" PRId64 " ms)"),
                         self->result.interval_ns / 1000000);
    }
  else
    {
      self->result.interval_ns = self->options.interval_ns;
      self->result.method_text = self->options.interval_ns % 1000000 == 0
        ? g_strdup_printf (_("sampled every %" PRId64 " ms from /proc"), self->options.interval_ns / 1000000)
        : g_strdup_printf (_("sampled every %.3g ms from /proc"), self->options.interval_ns / 1e6);
    }
  g_mutex_unlock (&self->lock);
  return TRUE;
}

IlRunRecord *
il_tracer_run (IlTracer  *self,
               GError   **error)
{
  g_return_val_if_fail (IL_IS_TRACER (self), NULL);

  if (!prepare (self, error))
    return NULL;
  run_loop (self);
  return il_tracer_snapshot (self);
}

/* ------------------------------------------------------------------------ */
/* Asynchronous running, with progress on the caller's context */

typedef struct {
  IlTracerProgressFunc progress;
  gpointer             progress_data;
  GDestroyNotify       progress_destroy;
  GMainContext        *context;
  guint                timeout;
  gulong               cancelled_id;
} RunData;

static void
run_data_free (RunData *data)
{
  if (data->progress_destroy != NULL)
    data->progress_destroy (data->progress_data);
  g_main_context_unref (data->context);
  g_free (data);
}

/* The tracer's own thread, not the shared pool: it runs as long as the
 * program, and a pool thread held that long would starve other GTasks. */
static gpointer
run_thread (gpointer user_data)
{
  GTask *inner = user_data;
  IlTracer *self = g_task_get_source_object (inner);

  run_loop (self);
  g_task_return_pointer (inner, il_tracer_snapshot (self), (GDestroyNotify) il_run_record_unref);
  g_object_unref (inner);
  return NULL;
}

static gboolean
on_progress_tick (gpointer user_data)
{
  GTask *task = user_data;
  IlTracer *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autoptr(IlRunRecord) record = il_tracer_snapshot (self);

  if (data->progress != NULL)
    data->progress (self, record, data->progress_data);
  return G_SOURCE_CONTINUE;
}

static void
on_cancelled (GCancellable *cancellable,
              IlTracer     *self)
{
  il_tracer_stop (self);
}

static void
on_run_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  RunData *data = g_task_get_task_data (outer);
  GError *error = NULL;
  IlRunRecord *record = g_task_propagate_pointer (G_TASK (result), &error);

  g_clear_handle_id (&data->timeout, g_source_remove);
  if (data->cancelled_id != 0)
    g_cancellable_disconnect (g_task_get_cancellable (outer), data->cancelled_id);
  data->cancelled_id = 0;
  if (record == NULL)
    g_task_return_error (outer, error);
  else
    g_task_return_pointer (outer, record, (GDestroyNotify) il_run_record_unref);
}

void
il_tracer_run_async (IlTracer             *self,
                     GCancellable         *cancellable,
                     IlTracerProgressFunc  progress,
                     gpointer              progress_data,
                     GDestroyNotify        progress_destroy,
                     GAsyncReadyCallback   callback,
                     gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) inner = NULL;
  GError *error = NULL;
  RunData *data;

  g_return_if_fail (IL_IS_TRACER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, il_tracer_run_async);
  /* Cancelling stops the program: the partial trace is the result */
  g_task_set_check_cancellable (task, FALSE);
  data = g_new0 (RunData, 1);
  data->progress = progress;
  data->progress_data = progress_data;
  data->progress_destroy = progress_destroy;
  data->context = g_main_context_ref_thread_default ();
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);

  /* Spawning here: a wrong command fails at once, before any thread */
  if (!prepare (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (cancellable != NULL)
    data->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), self, NULL);
  if (progress != NULL)
    data->timeout = g_timeout_add (PROGRESS_MS, on_progress_tick, task);

  inner = g_task_new (self, NULL, on_run_done, g_object_ref (task));
  g_task_set_source_tag (inner, il_tracer_run_async);
  g_thread_unref (g_thread_new ("il-tracer", run_thread, g_steal_pointer (&inner)));
}

IlRunRecord *
il_tracer_run_finish (IlTracer      *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (IL_IS_TRACER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------ */
/* Records */

IlRunRecord *
il_tracer_snapshot (IlTracer *self)
{
  IlRunRecord *record;
  g_autofree IlTaskSnapshot *tasks = NULL;
  g_autofree IlWorkerInfo *workers = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) completion = g_array_new (FALSE, FALSE, sizeof (guint));
  gint64 now;
  guint n_tasks, n_workers;
  gdouble user_s = 0, sys_s = 0;
  long tick = sysconf (_SC_CLK_TCK);

  g_return_val_if_fail (IL_IS_TRACER (self), NULL);

  g_mutex_lock (&self->lock);
  now = self->finished ? self->end_ns : (self->started && self->origin_ns > 0 ? il_now_ns () - self->origin_ns : 0);
  n_tasks = self->threads->len;
  n_workers = self->processes->len;
  tasks = g_new0 (IlTaskSnapshot, MAX (n_tasks, 1));
  workers = g_new0 (IlWorkerInfo, MAX (n_workers, 1));
  for (guint i = 0; i < n_workers; i++)
    {
      Process *p = g_ptr_array_index (self->processes, i);
      char *label = g_strdup_printf (p->escaped ? _("process %" PRId64 " (%s, left the tree)")
                                                : _("process %" PRId64 " (%s)"),
                                     p->pid, p->comm != NULL ? p->comm : "?");

      g_ptr_array_add (labels, label);
      workers[i].kind = IL_WORKER_PROCESS;
      workers[i].pid = p->pid;
      workers[i].tid = 0;
      workers[i].label = label;
    }
  for (guint i = 0; i < n_tasks; i++)
    {
      Thread *t = g_ptr_array_index (self->threads, i);
      IlTaskSnapshot *ts = &tasks[i];

      ts->id = i;
      ts->name = t->name;
      ts->worker = t->process;
      ts->submitted_ns = t->first_ns;
      ts->started_ns = t->first_ns;
      ts->finished = t->ended;
      ts->finished_ns = t->ended ? t->end_ns : -1;
      ts->ok = t->ended && t->end_state == IL_STATE_DONE;
      ts->stopped = t->ended && t->end_state == IL_STATE_STOPPED;
      ts->error = t->error;
      ts->n_segments = t->segments->len;
      ts->segments = (IlSegment *) (gpointer) t->segments->data;
      if (t->ended)
        g_array_append_val (completion, i);
      user_s += (gdouble) t->utime / tick;
      sys_s += (gdouble) t->stime / tick;
    }

  record = il_run_record_new ();
  record->source = IL_RUN_SOURCE_TRACED;
  record->snapshot = il_trace_snapshot_new_from_tasks (tasks, n_tasks, workers, n_workers);
  record->snapshot->origin_ns = self->origin_ns;
  g_free (record->snapshot->core_samples);
  record->snapshot->n_core_samples = self->core_samples->len;
  record->snapshot->core_samples = g_new0 (IlCoreSample, MAX (self->core_samples->len, 1));
  for (guint i = 0; i < self->core_samples->len; i++)
    {
      const IlCoreSample *cs = &g_array_index (self->core_samples, IlCoreSample, i);

      record->snapshot->core_samples[i] = *cs;
      record->snapshot->core_samples[i].busy = g_memdup2 (cs->busy, sizeof (float) * cs->n_cpus);
    }
  /* Open segments reach the present */
  for (guint i = 0; i < record->snapshot->n_tasks; i++)
    {
      IlTaskSnapshot *ts = &record->snapshot->tasks[i];

      if (!ts->finished && ts->n_segments > 0)
        ts->segments[ts->n_segments - 1].end_ns = MAX (ts->segments[ts->n_segments - 1].end_ns, now);
    }
  record->snapshot->now_ns = MAX (now, record->snapshot->end_ns);
  record->snapshot->end_ns = MAX (record->snapshot->end_ns, self->finished ? 0 : now);

  record->workload_name = g_strdup ("trace");
  record->workload_title = g_strdup (self->command);
  record->model = g_strdup ("trace");
  {
    /* The heading names the method; how waits were classified (after the
     * ";") is in the summary */
    g_autofree char *method = g_strdup (self->result.method_text != NULL ? self->result.method_text : "");
    char *cut = strchr (method, ';');

    if (cut != NULL)
      *cut = '\0';
    record->title = g_strdup_printf (_("traced: %s"), method);
  }
  record->workers = n_workers;
  /* No planned numbers: a program is not a recipe */
  record->params.tasks = (gint) n_tasks;
  record->params.workers = (gint) n_workers;
  record->params.io_ms = -1;
  record->params.cpu_ms = -1;
  record->params.seed = -1;
  record->logical_cores = il_machine_get_logical_cores ();
  record->cpu_model = g_strdup (il_machine_get_cpu_model ());
  record->finished = self->finished;
  record->stopped = self->result.stopped;
  record->ended_unix_us = self->finished ? g_get_real_time () : -1;
  record->n_completion_order = completion->len;
  record->completion_order = (guint *) (gpointer) g_array_free (g_steal_pointer (&completion), FALSE);
  if (self->finished && self->has_usage && self->result.processes_escaped == 0)
    {
      /* The first process and every descendant it (or they) waited for */
      record->has_usage = TRUE;
      record->user_time_s = self->usage.ru_utime.tv_sec + self->usage.ru_utime.tv_usec / 1e6;
      record->sys_time_s = self->usage.ru_stime.tv_sec + self->usage.ru_stime.tv_usec / 1e6;
      record->voluntary_ctx_switches = self->usage.ru_nvcsw;
      record->involuntary_ctx_switches = self->usage.ru_nivcsw;
      /* Children nobody waited for are missing from rusage: the samples
       * may know more */
      if (user_s + sys_s > record->user_time_s + record->sys_time_s)
        {
          record->user_time_s = user_s;
          record->sys_time_s = sys_s;
        }
    }
  record->peak_rss_kib = self->peak_rss_kib;
  g_mutex_unlock (&self->lock);
  return record;
}

void
il_tracer_get_result (IlTracer       *self,
                      IlTracerResult *result)
{
  g_return_if_fail (IL_IS_TRACER (self));
  g_return_if_fail (result != NULL);

  g_mutex_lock (&self->lock);
  *result = self->result;
  result->method_text = g_strdup (self->result.method_text);
  result->fallback = g_strdup (self->result.fallback);
  g_mutex_unlock (&self->lock);
}

void
il_tracer_result_clear (IlTracerResult *result)
{
  g_clear_pointer (&result->method_text, g_free);
  g_clear_pointer (&result->fallback, g_free);
}

const GArray *
il_tracer_get_lines (IlTracer *self)
{
  g_return_val_if_fail (IL_IS_TRACER (self), NULL);
  return self->lines;
}
