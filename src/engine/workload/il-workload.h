/* il-workload.h — workloads are data: GKeyFile recipes of tasks
 *
 * A workload file (GResource catalogue or a user's own .workload file):
 *
 *   [Workload]
 *   Name=three-tasks                 id used on the command line
 *   Title=Three tasks that sleep     translatable title for menus
 *   Category=io                      io | cpu | network | mixed
 *   Seed=004                         the tutorial it comes from
 *   Summary=…                        one line
 *   LookFor=…                        what the picture shows (the truth): a
 *                                    template filled from the finished runs,
 *                                    e.g. "[Threads took {makespan:threads},
 *                                    {speedup:threads} faster.]" — a [ ]
 *                                    sentence is left out when a placeholder
 *                                    in it cannot be filled (il-look-for.h)
 *   Models=sequential;threads;…      models that suit it (default selection)
 *
 *   [Tasks]
 *   Count=3                          number of tasks (--tasks)
 *   Names=a;b;c                      optional task names (else "task N")
 *   Phases=sleep                     phase recipe of every task, in order:
 *                                    sleep, cpu, print, sleep-random,
 *                                    http, parse
 *   Repeat=1                         the recipe repeats this many times
 *   IoMs=2000                        sleep length (--io-ms)
 *   CpuMs=0                          CPU work per cpu phase (--cpu-ms)
 *   RandomSeed=1                     for sleep-random (--seed)
 *   Workers=5                        the pools' worker count (--workers):
 *                                    a number, python-default (what
 *                                    ThreadPoolExecutor() takes: min(32,
 *                                    cores + 4)) or cores (Pool()); none:
 *                                    one per logical core
 *
 *   [Crawl]                          only with http phases (Phases=http;parse)
 *   StartUrl=https://…               first page (none: the built-in demo site)
 *   MaxPages=100                     pages fetched at most (--max-pages)
 *   AllowOtherHosts=false            follow links to hosts other than the start's
 *   MaxConnections=64                connections at once, in all …
 *   MaxConnectionsPerHost=16         … and to one host
 *   TimeoutMs=15000                  a whole request, redirects included
 *   MaxBodyKiB=5120                  larger pages fail
 *   MaxRedirects=10
 *   SitePages=200                    the demo site: pages, links per page,
 *   SiteLinks=8                      and the jitter of its replies; their
 *   SiteJitterMs=0                   latency is IoMs (--io-ms)
 *
 * http fetches its task's URL (io-wait while the server answers); parse
 * extracts the page's links (running): the links become new tasks.  A
 * workload with http phases has one task to begin with, the start page:
 * Count does not apply.
 *
 * sleep-random (seed 002's cal_square) sleeps random() × (N − x) / N × IoMs
 * for task x of N and returns x².
 */
#pragma once

#include <glib.h>

#include "il-task.h"

G_BEGIN_DECLS

#define IL_WORKLOAD_ERROR (il_workload_error_quark ())
GQuark il_workload_error_quark (void);

typedef enum {
  IL_WORKLOAD_ERROR_NOT_FOUND,
  IL_WORKLOAD_ERROR_INVALID,
} IlWorkloadError;

typedef enum {
  IL_CATEGORY_IO,
  IL_CATEGORY_CPU,
  IL_CATEGORY_NETWORK,
  IL_CATEGORY_MIXED,
  IL_N_CATEGORIES
} IlCategory;

const char *il_category_to_string (IlCategory category);
/* Translated heading: "I/O-bound", "CPU-bound", "Network", "Mixed". */
const char *il_category_get_title (IlCategory category);

typedef struct _IlWorkload IlWorkload;

/* The most a workload file may hold: 1 MiB. */
#define IL_WORKLOAD_MAX_FILE_BYTES (1024 * 1024)

/* Reads at most IL_WORKLOAD_MAX_FILE_BYTES, whatever the file is. */
IlWorkload  *il_workload_load_file      (const char *path,
                                         GError    **error);
IlWorkload  *il_workload_load_bytes     (GBytes     *bytes,
                                         const char *origin,
                                         GError    **error);
IlWorkload  *il_workload_ref            (IlWorkload *workload);
void         il_workload_unref          (IlWorkload *workload);

const char  *il_workload_get_name       (IlWorkload *workload);
const char  *il_workload_get_title      (IlWorkload *workload);
const char  *il_workload_get_summary    (IlWorkload *workload);
const char  *il_workload_get_look_for   (IlWorkload *workload);
const char  *il_workload_get_seed       (IlWorkload *workload);
IlCategory   il_workload_get_category   (IlWorkload *workload);
/* Model ids that suit it, NULL-terminated. */
const char * const *il_workload_get_models (IlWorkload *workload);
gboolean     il_workload_suits_model    (IlWorkload *workload,
                                         const char *model_id);

/* The largest Workers= (and --workers) accepted. */
#define IL_WORKLOAD_MAX_WORKERS 100000

gint         il_workload_get_default_tasks  (IlWorkload *workload);
/* Workers= resolved on this machine; 0 when the workload has none. */
gint         il_workload_get_default_workers (IlWorkload *workload);
gint64       il_workload_get_default_io_ms  (IlWorkload *workload);
gint64       il_workload_get_default_cpu_ms (IlWorkload *workload);
gint64       il_workload_get_default_seed   (IlWorkload *workload);
gboolean     il_workload_uses_cpu           (IlWorkload *workload);
gboolean     il_workload_uses_io            (IlWorkload *workload);
/* It has sleep-random phases: the seed changes what it does. */
gboolean     il_workload_uses_random        (IlWorkload *workload);
/* The crawl settings when the workload has http phases, else NULL. */
const IlCrawlSettings *il_workload_get_crawl (IlWorkload *workload);

/* The numbers in force after applying @params (never 0/-1). */
void         il_workload_resolve_params (IlWorkload             *workload,
                                         const IlWorkloadParams *params,
                                         IlWorkloadParams       *resolved);

/* Expands the recipe into tasks (deterministic for a given seed). */
IlTaskSpec  *il_workload_plan           (IlWorkload             *workload,
                                         const IlWorkloadParams *params,
                                         guint                  *n_tasks);
/* One task of a crawl: the recipe's phases, fetching @url. */
void         il_workload_plan_page      (IlWorkload             *workload,
                                         const IlWorkloadParams *params,
                                         const char             *name,
                                         const char             *url,
                                         IlTaskSpec             *spec);
/* The built-in catalogue (from the GResource), sorted by category then name. */
GPtrArray   *il_catalogue_get           (void);
IlWorkload  *il_catalogue_lookup        (const char *name);
/* A catalogue name, or a path to a .workload file. */
IlWorkload  *il_workload_find           (const char *name_or_path,
                                         GError    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IlWorkload, il_workload_unref)

G_END_DECLS
