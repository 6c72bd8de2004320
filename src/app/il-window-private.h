/* il-window-private.h — what il-window.c and il-window-actions.c share */
#pragma once

#include "il-demo-site.h"
#include "il-plot-view.h"
#include "il-run-file.h"
#include "il-tracer.h"
#include "il-window.h"

G_BEGIN_DECLS

typedef struct _IlWindowSweep IlWindowSweep;

struct _IlWindow {
  AdwApplicationWindow parent_instance;

  GSettings          *settings;

  /* Template children */
  AdwToastOverlay    *toast_overlay;
  AdwWindowTitle     *window_title;
  GtkWidget          *run_button;
  GtkWidget          *stop_button;
  GtkMenuButton      *workload_button;
  GtkMenuButton      *models_button;
  GtkBox             *models_box;
  GtkWidget          *gil_box;
  GtkWidget          *gil_switch;
  AdwFlap            *flap;
  GtkWidget          *side_panel;
  GtkWidget          *side_panel_button;
  AdwPreferencesGroup *workload_group;
  GtkSpinButton      *tasks_spin;
  GtkSpinButton      *workers_spin;
  GtkSpinButton      *io_spin;
  GtkSpinButton      *cpu_spin;
  GtkSpinButton      *seed_spin;
  GtkWidget          *tasks_row;
  GtkWidget          *seed_row;
  AdwEntryRow        *url_row;
  GtkWidget          *pages_row;
  GtkSpinButton      *pages_spin;
  GtkLabel           *look_for_label;
  GtkLabel           *progress_label;
  GtkRevealer        *stale_revealer;
  GtkLabel           *stale_label;
  GtkLabel           *machine_label;
  GtkStack           *timeline_stack;
  IlTimelineView     *timeline;
  IlSummaryTable     *summary;
  /* A sweep (il-window-sweep.c) */
  AdwExpanderRow     *sweep_row;
  AdwComboRow        *sweep_axis_row;
  AdwEntryRow        *sweep_values_row;
  GtkSpinButton      *sweep_repeat_spin;
  IlPlotView         *plot_view;
  IlWindowSweep      *sweep;           /* the sweep run or shown; NULL: none */

  /* The workload */
  IlWorkload         *workload;
  char               *workload_id;     /* catalogue name or path */
  gboolean            updating_numbers;
  char               *pending_workload; /* asked about while a run goes on */

  /* The runs of the last Run, in the order they run (the chain's) */
  IlRunChain         *chain;
  GPtrArray          *runs;
  IlWorkloadParams    ran_params;      /* the panel's numbers (resolved) at Run */
  gboolean            ran_gil;
  char               *ran_crawl_url;   /* a crawl's panel URL at Run ("" for the demo site) */
  gint                ran_max_pages;   /* and its page limit (0: the workload's) */
  GCancellable       *cancellable;     /* non-NULL while the chain goes on */
  GCancellable       *opening;         /* non-NULL while files are read (il-window-files.c) */
  GApplication       *held_app;        /* held until the chain has ended */
  guint               progress_tick_id;
  gint64             *planned_ns;      /* per run, estimated from the plan; -1: unknown */
  guint               current_run;     /* the run going on */
  gint64              current_start;   /* monotonic µs it started at */
  gint64              summary_time;    /* frame time of the table's last refresh */
  guint               autorun_id;
  gboolean            disposed;

  /* A program traced (il-window-trace.c); self->cancellable is set meanwhile */
  IlTracer           *tracer;
  GPtrArray          *trace_kept;      /* finished runs shown beside it */
  GPtrArray          *trace_before;    /* the runs on screen before: back on an error */
  IlDemoSite         *trace_site;      /* the demo site a crawler crawls */
  IlWorkload         *trace_workload;  /* stands for the program: names the run */
  gboolean            trace_shown;     /* its run is the last of self->runs */
};

/* il-window-actions.c */
void     il_window_actions_class_init  (GtkWidgetClass *widget_class);
void     il_window_actions_init        (IlWindow *self);
void     il_window_actions_update      (IlWindow *self);

/* il-window.c */
void     il_window_get_selected_models (IlWindow *self,
                                        gboolean  selected[IL_N_MODELS]);
void     il_window_set_selected_models (IlWindow       *self,
                                        const gboolean  selected[IL_N_MODELS]);

/* Shared by il-window.c and il-window-runs.c */
gboolean il_window_autorun             (gpointer          user_data);
void     il_window_get_params          (IlWindow         *self,
                                        IlWorkloadParams *params);
void     il_window_set_running_ui      (IlWindow         *self,
                                        gboolean          running);
void     il_window_notify_running      (IlWindow         *self);
void     il_window_update_look_for     (IlWindow         *self);
void     il_window_update_stale        (IlWindow         *self);
/* il-window-runs.c: runs @choices through a new chain, as Run does */
void     il_window_start_chain         (IlWindow               *self,
                                        const IlWorkloadParams *params,
                                        const IlModelChoice    *choices,
                                        guint                   n_choices);

/* il-window-files.c */
void     il_window_files_class_init    (GtkWidgetClass   *widget_class);
void     il_window_files_update        (IlWindow         *self);

/* il-window-trace.c */
void     il_window_trace_class_init    (GtkWidgetClass   *widget_class);
void     il_window_trace_update        (IlWindow         *self);
void     il_window_trace_add_menu_section (IlWindow      *self,
                                        GMenu            *menu);
/* il-window-sweep.c */
void     il_window_sweep_class_init    (GtkWidgetClass   *widget_class);
void     il_window_sweep_init          (IlWindow         *self);
void     il_window_sweep_dispose       (IlWindow         *self);
/* Whether the panel's Sweep is on: Run runs a sweep */
gboolean il_window_sweep_is_on         (IlWindow         *self);
/* Runs the panel's sweep; FALSE (and a toast) when its values are wrong */
gboolean il_window_sweep_run           (IlWindow         *self);
/* Forgets the sweep (a comparison replaces it) */
void     il_window_sweep_clear         (IlWindow         *self);
/* "point 5 of 12, repeat 2 of 3" for run @index of the sweep going on,
 * or NULL when no sweep goes on */
char    *il_window_sweep_describe_run  (IlWindow         *self,
                                        guint             index);
/* The chain has ended: the plot of what finished */
void     il_window_sweep_finished      (IlWindow         *self);
/* Shows the timeline, or the plot in the Plot view */
void     il_window_show_results        (IlWindow         *self);
/* Whether the Plot view shows a sweep's plot */
gboolean il_window_sweep_is_plot_shown (IlWindow         *self);
gboolean il_window_sweep_export        (IlWindow         *self,
                                        const char       *path,
                                        GError          **error);
/* Saves the sweep's runs with the sweep; FALSE with @error unset when the
 * runs on screen are no finished sweep (then they are saved as a
 * comparison) */
gboolean il_window_sweep_save          (IlWindow         *self,
                                        const char       *path,
                                        gboolean         *saved,
                                        GError          **error);
/* The runs opened from a file with a sweep (il-run-file.h): the plot */
void     il_window_sweep_open          (IlWindow         *self,
                                        IlWorkload       *workload,
                                        const IlRunFileSweep *sweep);

G_END_DECLS
