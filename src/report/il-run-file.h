/* il-run-file.h — a comparison saved as a file, and opened again
 *
 * A saved comparison is Chrome Trace Event JSON in object form, so that
 * Perfetto (ui.perfetto.dev, "Open trace file") and chrome://tracing open
 * it, with Interleave's own complete record of every run under the one key
 * "interleave", so that Interleave reopens it exactly: the same picture,
 * table and summary JSON.
 *
 *   {
 *     "traceEvents": [ … ],          what trace viewers read:
 *         M  process_name, process_sort_index: one process (pid 1, 2, …)
 *            per run, named by its heading ("threads + GIL")
 *         M  thread_name, thread_sort_index: one thread (tid = task id + 1)
 *            per task lane, named by the task
 *         X  one complete event per segment: name and cat are the state,
 *            ts and dur in µs as decimals that keep the ns, args: core
 *            (null when none), task, worker (null when none); per lane the
 *            events follow each other and never overlap
 *         C  "core utilisation" (one series per core, from the core
 *            samples, each drawn from the start of the interval it
 *            measured) and "runnable tasks" (tasks queued, ready, waiting
 *            for the GIL, running or preempted)
 *         s/f a flow from a task's submission to its start, on the task's
 *            lane (id = pid × 2^32 + task id + 1)
 *     "displayTimeUnit": "ns",
 *     "otherData": { "workload": its title,
 *                    "runs": [ the stats of each run, the same numbers as
 *                    the summary JSON's runs[] without their tasks ] },
 *     "interleave": {                Interleave's own record:
 *       "format": "interleave-runs", "version": "1.0" (MAJOR.MINOR),
 *       "program_version", "written" (ISO 8601),
 *       "machine": { "logical_cores", "cpu_model" },
 *       "workload": { "name", "title", "category", "tutorial", "summary",
 *                     "look_for", "models", "tasks", "workers", "io_ms",
 *                     "cpu_ms", "seed", "crawl": null or { "start_url",
 *                     "max_pages", "allow_other_hosts", "max_connections",
 *                     "max_connections_per_host", "timeout_ms",
 *                     "max_body_bytes", "max_redirects", "site_pages",
 *                     "site_links", "site_jitter_ms" } },
 *       "runs": [ { "pid", "workload_name", "workload_title", "params",
 *                   "model", "title", "rules", "workers", "gil",
 *                   "gil_interval_ns", "gil_handovers", "tracing",
 *                   "source" ("engine", "imported" from another tool's
 *                   trace, "traced" program; a newer one reads as
 *                   "imported"; none: "engine"),
 *                   "max_connections", "max_connections_per_host",
 *                   "crawl_url", "crawl_max_pages", "crawl_demo_site",
 *                   "crawl_peak_urls",
 *                   "logical_cores", "cpu_model", "finished", "stopped",
 *                   "completion_order", "usage" (null or { "user_time_s",
 *                   "sys_time_s", "voluntary_ctx_switches",
 *                   "involuntary_ctx_switches" }), "peak_rss_kib",
 *                   "other_cpu_s", "other_load", "plans" (null or
 *                   [[io_ns, cpu_ns, io_before_cpu_ns, io_after_cpu_ns,
 *                   fetches, discovered_by, host], …]),
 *                   "snapshot": { "origin_ns", "now_ns", "end_ns",
 *                     "workers": [{ "kind", "tid", "pid", "label" }],
 *                     "core_samples": [[time_ns, [busy, …]], …],
 *                     "tasks": [{ "id", "name", "worker", "submitted_ns",
 *                       "started_ns", "finished_ns", "finished", "ok",
 *                       "stopped", "error", "result" (null: none),
 *                       "links_dropped",
 *                       "segments": [[start_ns, end_ns, state, worker,
 *                                     cpu], …] }] } } ],
 *       "sweep": absent, or (a sweep's runs) { "axis" ("workers" or
 *                "tasks"), "values": [N, …], "repeat", "drop_busy",
 *                "value_of_run": [index into values, one per run],
 *                "runs_planned" (more than the runs: it was stopped) }
 *     }
 *   }
 *
 * The keys come in this order: the events first, as trace viewers read the
 * file as a stream (Perfetto reads ts in µs whatever displayTimeUnit says;
 * some of its older versions took "ns" before the events to mean ns, and
 * stopped at the first key they did not know), Interleave's record last.
 *
 * Times in the record are integer ns relative to the run start; unknown
 * numbers are null (a worker or core that is none: -1).  A reader ignores
 * keys it does not know, so a newer minor version still opens; a newer
 * major version is refused.  A file larger than IL_RUN_FILE_MAX_BYTES is
 * refused, and so is every field of the wrong type or out of range, with
 * one line naming the file and what is wrong.
 */
#pragma once

#include <gio/gio.h>

#include "il-run-record.h"
#include "il-sweep.h"
#include "il-workload.h"

G_BEGIN_DECLS

#define IL_RUN_FILE_ERROR (il_run_file_error_quark ())
GQuark il_run_file_error_quark (void);

typedef enum {
  IL_RUN_FILE_ERROR_READ,        /* the file cannot be read */
  IL_RUN_FILE_ERROR_TOO_LARGE,   /* larger than IL_RUN_FILE_MAX_BYTES */
  IL_RUN_FILE_ERROR_NOT_OURS,    /* JSON without the "interleave" key */
  IL_RUN_FILE_ERROR_INVALID,     /* ours, but something in it is wrong */
  IL_RUN_FILE_ERROR_TOO_NEW,     /* a newer major version */
} IlRunFileError;

#define IL_RUN_FILE_FORMAT        "interleave-runs"
#define IL_RUN_FILE_VERSION_MAJOR 1
#define IL_RUN_FILE_VERSION_MINOR 0

/* The largest file read: 512 MiB (about 2.9 million segments of about
 * 185 bytes each, the trace viewers' event and the record's entry). */
#define IL_RUN_FILE_MAX_BYTES     (G_GINT64_CONSTANT (512) * 1024 * 1024)
/* The most runs, tasks per run, segments per task and core samples. */
#define IL_RUN_FILE_MAX_RUNS      1000
#define IL_RUN_FILE_MAX_TASKS     1000000
#define IL_RUN_FILE_MAX_CPUS      4096

/* A sweep's runs: which of its values each run had */
typedef struct {
  IlSweepAxis  axis;
  guint        n_values;
  gint64      *values;
  guint        repeat;
  gboolean     drop_busy;
  guint        n_runs;
  guint       *value_of_run;   /* n_runs: one per record */
  guint        runs_planned;   /* 0: unknown (n_runs stand for it) */
} IlRunFileSweep;

void il_run_file_sweep_free (IlRunFileSweep *sweep);

/* What a file holds: the workload it ran (made again from what was
 * saved), the numbers used, the machine it was written on, the runs. */
typedef struct {
  IlWorkload        *workload;
  IlWorkloadParams   params;        /* resolved: what ran */
  guint              logical_cores; /* 0: unknown */
  char              *cpu_model;     /* NULL: unknown */
  char              *program_version;
  char              *written;
  IlRunRecord      **records;
  guint              n_records;
  IlRunFileSweep    *sweep;         /* NULL: a comparison, no sweep */
} IlRunFile;

void       il_run_file_free  (IlRunFile *file);

/* Writes @records (finished runs of @workload, with the @params in force)
 * to @path through il-output.h: "-" is standard output. */
gboolean   il_run_file_write        (const char             *path,
                                     IlWorkload             *workload,
                                     const IlWorkloadParams *params,
                                     IlRunRecord * const    *records,
                                     guint                   n_records,
                                     GError                **error);
/* The same with the runs' sweep (NULL: none). */
gboolean   il_run_file_write_sweep  (const char             *path,
                                     IlWorkload             *workload,
                                     const IlWorkloadParams *params,
                                     IlRunRecord * const    *records,
                                     guint                   n_records,
                                     const IlRunFileSweep   *sweep,
                                     GError                **error);
/* The same into @stream. */
gboolean   il_run_file_write_stream (GOutputStream          *stream,
                                     IlWorkload             *workload,
                                     const IlWorkloadParams *params,
                                     IlRunRecord * const    *records,
                                     guint                   n_records,
                                     GCancellable           *cancellable,
                                     GError                **error);

/* Reads a file written by il_run_file_write(); NULL with @error set
 * (IL_RUN_FILE_ERROR, the message names @path) otherwise. */
IlRunFile *il_run_file_read  (const char   *path,
                              GError      **error);
/* The same from memory; @origin names it in errors. */
IlRunFile *il_run_file_read_data (const char *data,
                                  gsize       length,
                                  const char *origin,
                                  GError    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IlRunFile, il_run_file_free)

G_END_DECLS
