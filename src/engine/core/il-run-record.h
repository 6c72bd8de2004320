/* il-run-record.h — the result of one run, whatever made it
 *
 * A run record is plain data: the workload and the numbers used, the
 * model and its settings, the machine, the lanes and segments (a trace
 * snapshot), per-task plans and results, and the counters measured beside
 * them.  The live engine publishes growing records while a run goes on
 * and a final one when it ended; a saved file, an imported trace or a
 * traced program can make one too.  Whatever draws, tabulates or writes a
 * run reads a record; the stats are computed from it (il-stats.h).
 *
 * What a source cannot know stays unknown: plans NULL, counters with
 * has_usage FALSE, peak_rss_kib and gil_handovers -1, logical_cores 0.
 * A record is immutable once made: fill it after il_run_record_new(),
 * then only read it (and share it by reference, across threads too).
 */
#pragma once

#include <glib.h>

#include "il-task.h"
#include "il-trace.h"

G_BEGIN_DECLS

/* How a lower bound on the makespan is found for a model (il-stats.c). */
typedef enum {
  IL_IDEAL_UNKNOWN,     /* no bound is claimed */
  IL_IDEAL_WORKERS,     /* W workers each run one task at a time */
  IL_IDEAL_LOOP,        /* an event loop waits for any number of tasks at once */
} IlIdealKind;

/* The rules a model's stats follow, from the model's description. */
typedef struct {
  IlIdealKind ideal;
  gboolean    worker_per_task;   /* W is the task count (a thread or process each) */
  gboolean    serial_compute;    /* computing runs on one thread (the loop's) */
  gboolean    gil_applies;       /* with the GIL emulated, computing is serialised */
  gboolean    own_connections;   /* its workers have their own HTTP connections */
} IlModelRules;

/* What was planned for a task, as far as it is known. */
typedef struct {
  gint64   io_ns;            /* planned waiting */
  gint64   cpu_ns;           /* planned computing */
  gint64   io_before_cpu_ns; /* planned waiting before its first computing phase */
  gint64   io_after_cpu_ns;  /* planned waiting after its last computing phase */
  gboolean fetches;          /* it fetches a page: both are known only from its segments */
  guint    discovered_by;    /* 1 + id of the task whose page linked here, 0: none */
  char    *host;             /* the host it fetches from, or NULL */
} IlTaskPlan;

/* What made a run: Interleave's engine ran a workload under a model; or
 * it was read from another tool's trace; or a program was traced. Only
 * the engine's runs have a workload's numbers (tasks, I/O, CPU, seed). */
typedef enum {
  IL_RUN_SOURCE_ENGINE,
  IL_RUN_SOURCE_IMPORTED,
  IL_RUN_SOURCE_TRACED,
} IlRunSource;

const char *il_run_source_to_string   (IlRunSource  source);
gboolean    il_run_source_from_string (const char  *name,
                                       IlRunSource *source);

typedef struct {
  gint             ref_count;
  IlRunSource      source;

  /* The workload and the numbers used (the engine's runs) */
  char            *workload_name;
  char            *workload_title;
  IlWorkloadParams params;             /* resolved: what ran */

  /* The model and its settings */
  char            *model;              /* its id, "thread-pool"; NULL when none made it */
  char            *title;              /* "threads + GIL" */
  IlModelRules     rules;
  guint            workers;            /* the count the model used; 0: decided while running */
  gboolean         gil;                /* the GIL was emulated */
  gint64           gil_interval_ns;
  gint64           gil_handovers;      /* -1: unknown */
  gboolean         tracing;            /* computing was recorded slice by slice */
  guint            max_connections;    /* a crawl's limits in this process; 0: none */
  guint            max_connections_per_host;
  char            *crawl_url;          /* the page a crawl started from, or NULL */
  guint            crawl_max_pages;    /* a crawl's page budget; 0: not a crawl */
  gboolean         crawl_demo_site;    /* it crawled the built-in demo site (whose
                                        * replies took params.io_ms) */
  guint            crawl_peak_urls;    /* the most URLs the crawl kept at once (pages seen,
                                        * links waiting for their task's end); 0: unknown */

  /* The machine */
  guint            logical_cores;      /* 0: unknown */
  char            *cpu_model;          /* NULL: unknown */

  /* What happened */
  IlTraceSnapshot *snapshot;           /* lanes and segments */
  IlTaskPlan      *plans;              /* one per snapshot task, or NULL: unknown */
  guint            n_plans;
  gboolean         finished;           /* FALSE: a live record of a run still going */
  gboolean         stopped;            /* the user stopped it before every task ended */
  gint64           ended_unix_us;      /* when it ended, wall clock (µs since 1970); -1: unknown */
  guint           *completion_order;   /* task ids in the order they ended */
  guint            n_completion_order;

  /* Counters measured beside the trace */
  gboolean         has_usage;          /* FALSE: the four below are unknown */
  gdouble          user_time_s;        /* of the run's workers, children included */
  gdouble          sys_time_s;
  gint64           voluntary_ctx_switches;
  gint64           involuntary_ctx_switches;
  /* The memory the run added at its largest: this process's RSS growth
   * plus the summed RSS of the live worker processes (il-memory-meter.h);
   * -1: unknown. */
  gint64           peak_rss_kib;
  /* CPU time other programs took on this machine during the run: busy
   * time of every core (/proc/stat) less this process's and its
   * children's; the share is of all cores over the run's wall time. */
  gdouble          other_cpu_s;        /* NAN: unknown */
  gdouble          other_load;         /* 0..1; NAN: unknown */
} IlRunRecord;

/* An empty record to fill: unknowns set as above, nothing else. */
IlRunRecord *il_run_record_new   (void);
IlRunRecord *il_run_record_ref   (IlRunRecord *record);
void         il_run_record_unref (IlRunRecord *record);

/* The plan of each task: takes @plans (from g_new0), each plan's host too. */
void         il_run_record_take_plans (IlRunRecord *record,
                                       IlTaskPlan  *plans,
                                       guint        n_plans);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IlRunRecord, il_run_record_unref)

G_END_DECLS
