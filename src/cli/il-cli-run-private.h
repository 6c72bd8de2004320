/* il-cli-run-private.h — what the files of "interleave run" share
 */
#pragma once

#include "il-cli-private.h"
#include "il-export.h"
#include "il-sweep.h"
#include "il-timeline.h"

G_BEGIN_DECLS

#define DEFAULT_WIDTH        1600
#define MIN_AUTO_HEIGHT      400
#define MAX_AUTO_HEIGHT      8000
#define MAX_PICTURE_SIZE     IL_EXPORT_MAX_SIDE
#define MAX_TASKS            1000000
#define MAX_WORKERS          IL_WORKLOAD_MAX_WORKERS
#define MAX_MS               (G_GINT64_CONSTANT (1000) * 3600 * 24)
#define MAX_PAGES            1000000

/* A model in plan->models may carry this bit: run it with the GIL. */
#define MODEL_WITH_GIL 0x100
#define MODEL_MASK     0xff

/* The options as given */
typedef struct {
  char     *models;
  char     *tasks;
  char     *workers;
  char     *io_ms;
  char     *cpu_ms;
  char     *seed;
  gboolean  gil;
  char     *switch_interval;
  char     *url;
  char     *max_pages;
  gboolean  allow_other_hosts;
  char     *view;
  char     *width;
  char     *height;
  char    **exports;
  gboolean  no_caption;
  char     *json;
  char     *save;
  char     *csv;
  char     *trace;
  char     *baseline;
  char     *repeat;
  gboolean  drop_busy;
} RunOptions;

void il_cli_run_options_clear (RunOptions *options);

/* The options of the pictures and summaries that "run" and "show" both
 * write (--view … --csv), added to @context's main group. */
void il_cli_run_add_output_entries (GOptionContext *context,
                                    RunOptions     *options);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RunOptions, il_cli_run_options_clear)

/* What the command line asked for, checked */
typedef struct {
  IlWorkload       *workload;
  IlWorkloadParams  params;       /* overrides */
  IlWorkloadParams  resolved;     /* the numbers in force */
  GArray           *models;       /* IlModel, sequential first */
  gboolean          have_view;
  IlView            view;
  int               width;
  int               height;       /* 0: from the lanes */
  char            **exports;      /* borrowed from RunOptions */
  gboolean          caption;      /* a caption under exported pictures */
  const char       *json;         /* borrowed from RunOptions */
  const char       *save;         /* borrowed from RunOptions */
  const char       *csv;          /* borrowed from RunOptions */
  const char       *trace;        /* borrowed from RunOptions */
  char             *baseline;     /* --baseline as "model" or "model+gil", or NULL */
  guint             baseline_run; /* the run it names, from 1 (0: none), once they ran */
  gboolean          gil;
  gint64            switch_interval_ms;
  const char       *url;          /* web-crawl: borrowed from RunOptions */
  gint              max_pages;    /* web-crawl: 0 = the workload's */
  gboolean          allow_other_hosts;
  /* A sweep (il-cli-sweep.c): sweep_values NULL when there is none */
  GArray           *sweep_values;  /* gint64, sorted */
  IlSweepAxis       sweep_axis;
  guint             repeat;
  gboolean          drop_busy;
  gboolean          plot;          /* --view plot */
  gboolean          width_given;   /* --width (a plot is narrower by default) */
  IlSweep          *sweep;         /* what the sweep measured, borrowed */
  guint            *value_of_run;  /* the sweep's value of each run, borrowed */
} RunPlan;

void il_cli_run_plan_clear (RunPlan *plan);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RunPlan, il_cli_run_plan_clear)


/* Checks (il-cli-run-options.c): each prints its one line and sets
 * *status on failure. */
gboolean il_cli_run_parse_numbers        (const RunOptions *options,
                                          RunPlan          *plan,
                                          gint64           *max_pages,
                                          int              *status);
gboolean il_cli_run_parse_view           (const char *text,
                                          RunPlan    *plan,
                                          int        *status);
gboolean il_cli_run_check_url            (const char *url,
                                          int        *status);
gboolean il_cli_run_check_output_names   (const RunOptions *options,
                                          int              *status);
/* --baseline RUN: a run's number in the table (from 1) or a model's id
 * ("threads", "threads+gil"), one of @ids (the runs' ids in table order);
 * sets plan->baseline to that id. */
gboolean il_cli_run_parse_baseline       (const char         *text,
                                          const char * const *ids,
                                          guint               n_ids,
                                          RunPlan            *plan,
                                          int                *status);
/* A workload that stands for runs no workload of Interleave's made
 * (another tool's trace, a traced program): @name ("trace") and @title
 * name the runs, @summary and @look_for say what they are; it has no
 * numbers of its own (the summary and table leave them out, as the
 * records' source says). */
IlWorkload *il_cli_make_source_workload  (const char  *name,
                                          const char  *title,
                                          const char  *summary,
                                          const char  *look_for,
                                          GError     **error);
/* A run's id as --baseline takes it: "threads+gil" */
char    *il_cli_run_dup_id               (const IlRunRecord  *record);
/* The index in @runs (IlCliRun*) of the run --baseline named, or -1. */
gint     il_cli_run_find_baseline        (const RunPlan      *plan,
                                          GPtrArray          *runs);
gboolean il_cli_run_load_workload        (const char  *name,
                                          RunPlan     *plan,
                                          int         *status);
gboolean il_cli_run_check_crawl_options  (const RunOptions *options,
                                          IlWorkload       *workload,
                                          int              *status);
gboolean il_cli_run_select_models        (const char *list,
                                          RunPlan    *plan,
                                          int        *status);
gboolean il_cli_run_check_output_folders (const RunOptions *options,
                                          int              *status);
/* An -o name that is a saved comparison, not a picture (.json). */
gboolean il_cli_run_is_run_file_name     (const char *path);

/* Writing what ran (il-cli-run.c), shared with "interleave show": @runs
 * holds IlCliRun*; on failure, @failure holds the one line to print. */
gboolean il_cli_run_write_json           (RunPlan    *plan,
                                          GPtrArray  *runs,
                                          char      **failure);
gboolean il_cli_run_write_pictures       (RunPlan    *plan,
                                          GPtrArray  *runs,
                                          char      **failure);
/* --save, --trace and every -o FILE.json */
gboolean il_cli_run_write_run_files      (RunPlan    *plan,
                                          GPtrArray  *runs,
                                          char      **failure);

/* Sweeps (il-cli-sweep.c) */

/* --workers and --tasks as lists or ranges, --repeat, --drop-busy: sets
 * plan->sweep_values (after il_cli_run_parse_numbers()). */
gboolean il_cli_sweep_parse             (const RunOptions *options,
                                         RunPlan          *plan,
                                         int              *status);
/* Once the workload and models are known: a sweep of --repeat alone is
 * one point at the workers in force; at most IL_SWEEP_MAX_RUNS runs. */
gboolean il_cli_sweep_check             (RunPlan          *plan,
                                         int              *status);
/* The choices of the chain: every value, every repetition, every model,
 * in il_sweep_order(); @params gets one IlWorkloadParams per value. */
IlModelChoice *il_cli_sweep_choices     (const RunPlan    *plan,
                                         IlWorkloadParams **params,
                                         guint            *n_choices);
/* The sweep of @runs (IlCliRun*, in run order); @value_of_run[i] is the
 * value index of run i. */
IlSweep *il_cli_sweep_build             (IlWorkload       *workload,
                                         IlSweepAxis       axis,
                                         const gint64     *values,
                                         guint             n_values,
                                         guint             repeat,
                                         gboolean          drop_busy,
                                         GPtrArray        *runs,
                                         const guint      *value_of_run);
/* The points' table and each curve's fit */
void     il_cli_sweep_print             (FILE             *out,
                                         IlSweep          *sweep);
/* "point 5 of 12, repeat 2 of 3" for run @index */
char    *il_cli_sweep_describe_run      (const RunPlan    *plan,
                                         guint             index);

/* Each model runs at most its max_tasks (il-model-info.h). */
gboolean il_cli_run_check_task_counts    (const RunPlan    *plan,
                                          int              *status);

G_END_DECLS
