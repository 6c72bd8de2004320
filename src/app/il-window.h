/* il-window.h — the main window: a workload, its runs, live timelines */
#pragma once

#include <adwaita.h>

#include "il-application.h"
#include "il-run-chain.h"
#include "il-summary-table.h"
#include "il-timeline-view.h"

G_BEGIN_DECLS

#define IL_TYPE_WINDOW (il_window_get_type ())
G_DECLARE_FINAL_TYPE (IlWindow, il_window, IL, WINDOW, AdwApplicationWindow)

IlWindow       *il_window_new               (IlApplication *application);

/* Runs the workload under every selected model, sequential first, one after
 * another; does nothing while a run goes on. */
void            il_window_run               (IlWindow      *self);
/* Cancels the run; the chain ends (and its threads are joined) soon after. */
void            il_window_stop              (IlWindow      *self);
gboolean        il_window_is_running        (IlWindow      *self);

/* A catalogue name or the path of a .workload file. */
gboolean        il_window_select_workload   (IlWindow      *self,
                                             const char    *name_or_path,
                                             GError       **error);
/* The same, with any error shown in a dialog naming the file. */
void            il_window_open_workload     (IlWindow      *self,
                                             const char    *name_or_path);
const char     *il_window_get_workload_id   (IlWindow      *self);
IlWorkload     *il_window_get_workload      (IlWindow      *self);

/* The runs of the last Run (IlRun*), or NULL. */
GPtrArray      *il_window_get_runs          (IlWindow      *self);
IlTimelineView *il_window_get_timeline      (IlWindow      *self);
IlSummaryTable *il_window_get_summary_table (IlWindow      *self);
/* The "what to look for" text as shown: with the finished runs' figures */
const char     *il_window_get_look_for      (IlWindow      *self);

/* What the notice above the timeline says when the results on screen were
 * made with other numbers, another workload or GIL setting than the
 * panel's; NULL when they match (or there are none). */
const char     *il_window_get_stale_notice  (IlWindow      *self);

/* Writes the timeline as on screen to @path (format by extension). */
gboolean        il_window_export            (IlWindow      *self,
                                             const char    *path,
                                             GError       **error);
/* Puts the picture Export would write on the clipboard. */
gboolean        il_window_copy_image        (IlWindow      *self,
                                             GError       **error);

/* The finished runs on screen into @path (il-run-file.h). */
gboolean        il_window_save_runs         (IlWindow      *self,
                                             const char    *path,
                                             GError       **error);
/* The summary table of the finished runs as CSV (as `run --csv`), or
 * NULL when there are none. */
char           *il_window_dup_table_csv     (IlWindow      *self);
/* Shows the runs saved in @path, as finished runs. */
gboolean        il_window_open_runs         (IlWindow      *self,
                                             const char    *path,
                                             GError       **error);
/* Adds the runs saved in @path (or another tool's trace) to the finished
 * runs on screen: one comparison on one time axis, each run labelled with
 * what it ran. */
gboolean        il_window_add_runs          (IlWindow      *self,
                                             const char    *path,
                                             GError       **error);
/* As Open Run… and Add Runs to Comparison… do: @paths are read in a
 * thread, then the first is opened (or added, when @adding) and the
 * others added; an error is shown in the window.  Open and Add are off
 * meanwhile; il_window_is_opening() says whether files are being read. */
void            il_window_open_runs_async   (IlWindow           *self,
                                             const char * const *paths,
                                             gboolean            adding);
gboolean        il_window_is_opening        (IlWindow           *self);
/* Traces a real program (il-tracer.h) as a run: replacing the runs on
 * screen, or (@keep) beside the finished ones.  FALSE with @error when it
 * cannot begin (a run goes on, an unreadable command line); a command that
 * cannot be started is shown as an error later, and the runs on screen
 * stay. */
gboolean        il_window_trace_argv        (IlWindow           *self,
                                             const char * const *argv,
                                             gboolean            keep,
                                             GError            **error);
/* The same for a command line as a shell reads it (g_shell_parse_argv). */
gboolean        il_window_trace_command_line (IlWindow          *self,
                                             const char         *command_line,
                                             gboolean            keep,
                                             GError            **error);
/* One of the example programs (a file name in il_window_dup_examples_dir()),
 * run with the system's python3; a crawler gets the demo site. */
gboolean        il_window_trace_example     (IlWindow           *self,
                                             const char         *name,
                                             gboolean            keep,
                                             GError            **error);
/* PKGDATADIR/examples, or data/examples running uninstalled. */
char           *il_window_dup_examples_dir  (void);
/* "Trace a Program…": a script or a command line; returns the dialog. */
GtkWidget      *il_window_show_trace_dialog (IlWindow           *self);

void            il_window_show_toast        (IlWindow      *self,
                                             const char    *title);
void            il_window_show_error        (IlWindow      *self,
                                             const char    *heading,
                                             const char    *body);

G_END_DECLS
