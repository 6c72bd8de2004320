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
guint      il_summary_table_get_n_rows (IlSummaryTable *self);
/* The text of a cell as shown, for tests; @column as in the header. */
char      *il_summary_table_dup_cell (IlSummaryTable *self,
                                      guint           row,
                                      guint           column);

G_END_DECLS
