/* il-task.h — what a task is: its phases, and the numbers a run used
 *
 * Plain data shared by every layer: a workload plans tasks (il-workload.h),
 * the models run them, the worker receives them over its pipe, and a run
 * record keeps the numbers it was made with.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  IL_PHASE_SLEEP,
  IL_PHASE_CPU,
  IL_PHASE_PRINT,
  IL_PHASE_SLEEP_RANDOM,
  IL_PHASE_HTTP,
  IL_PHASE_PARSE,
} IlPhaseKind;

typedef struct {
  IlPhaseKind kind;
  gint64      duration_ns;   /* sleep: wall time; cpu: one core's work */
  char       *url;           /* http: the page (NULL in a plan: the start URL) */
} IlPhase;

/* One task of a plan: the phases it will run, in order. */
typedef struct {
  char    *name;
  guint    n_phases;
  IlPhase *phases;
  gboolean has_result;
  gint64   result;           /* what it returns when done (x² for random-squares) */
  gint64   io_ns;            /* planned waiting (sum of sleeps) */
  gint64   cpu_ns;           /* planned CPU work */
  guint    discovered_by;    /* crawl: 1 + id of the task whose page linked here, 0: none */
} IlTaskSpec;

/* The numbers a user may override; 0 / -1 mean "the workload's own". */
typedef struct {
  gint   tasks;        /* 0 = default */
  gint   workers;      /* 0 = default (logical cores) */
  gint64 io_ms;        /* -1 = default */
  gint64 cpu_ms;       /* -1 = default */
  gint64 seed;         /* -1 = default */
} IlWorkloadParams;

#define IL_WORKLOAD_PARAMS_INIT { 0, 0, -1, -1, -1 }

/* The [Crawl] group, with its defaults. */
typedef struct {
  char    *start_url;                 /* NULL: the built-in demo site */
  gint     max_pages;
  gboolean allow_other_hosts;
  gint     max_connections;
  gint     max_connections_per_host;
  gint64   timeout_ms;
  gint64   max_body_bytes;
  gint     max_redirects;
  gint     site_pages;
  gint     site_links;
  gint64   site_jitter_ms;
} IlCrawlSettings;

/* Frees the specs' contents and the array. */
void il_task_specs_free (IlTaskSpec *specs,
                         guint       n_specs);

G_END_DECLS
