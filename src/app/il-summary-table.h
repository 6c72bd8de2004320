/* il-summary-table.h — the stats of every run, one row per run */
#pragma once

#include <gtk/gtk.h>

#include "il-run.h"

G_BEGIN_DECLS

#define IL_TYPE_SUMMARY_TABLE (il_summary_table_get_type ())
G_DECLARE_FINAL_TYPE (IlSummaryTable, il_summary_table, IL, SUMMARY_TABLE, GtkWidget)

GtkWidget *il_summary_table_new      (void);
/* One row per IlRun of @runs (referenced); NULL empties the table. */
void       il_summary_table_set_runs (IlSummaryTable *self,
                                      GPtrArray      *runs);
/* Shows the runs' current state again (call when one starts or ends). */
void       il_summary_table_refresh  (IlSummaryTable *self);
/* The run (an index of the runs) every speedup is taken against, or -1:
 * each run's against the sequential run of its own work.  Also in the
 * Columns menu, "Speedup Against"; new runs reset it. */
void       il_summary_table_set_baseline (IlSummaryTable *self,
                                          gint            run);
gint       il_summary_table_get_baseline (IlSummaryTable *self);
guint      il_summary_table_get_n_rows (IlSummaryTable *self);
/* The text of a cell as shown, for tests; @column as in the header. */
char      *il_summary_table_dup_cell (IlSummaryTable *self,
                                      guint           row,
                                      guint           column);

/* Columns shown or hidden (the Columns menu); @column as in the header. */
void       il_summary_table_set_column_visible (IlSummaryTable *self,
                                                guint           column,
                                                gboolean        visible);
gboolean   il_summary_table_get_column_visible (IlSummaryTable *self,
                                                guint           column);
/* The button that opens the Columns menu. */
GtkWidget *il_summary_table_get_columns_button (IlSummaryTable *self);

G_END_DECLS
