/* il-cli-private.h — what the files of the command line share
 */
#pragma once

#include <stdio.h>

#include <glib.h>

#include "il-run-chain.h"
#include "il-stats.h"
#include "il-workload.h"

G_BEGIN_DECLS

typedef enum {
  IL_CLI_EXIT_OK     = 0,   /* done (tasks may have failed: they are counted) */
  IL_CLI_EXIT_FAILED = 1,   /* the run or an export could not be done */
  IL_CLI_EXIT_USAGE  = 2,   /* the command line is wrong */
  IL_CLI_EXIT_INTERRUPTED = 130,  /* a second Ctrl+C: ended at once, as shells count SIGINT */
} IlCliExit;

/* The commands: argv[0] is the command's program name ("interleave run"). */
int       il_cli_list           (int           argc,
                                 char        **argv);
int       il_cli_run            (int           argc,
                                 char        **argv);
int       il_cli_serve_site     (int           argc,
                                 char        **argv);
int       il_cli_show           (int           argc,
                                 char        **argv);
int       il_cli_trace          (int           argc,
                                 char        **argv);

/* Prints "interleave: MESSAGE" as one line on stderr; returns @status. */
int       il_cli_fail           (int           status,
                                 const char   *format,
                                 ...) G_GNUC_PRINTF (2, 3);

/* Strict decimal integer in [@min, @max]; the error names @option. */
gboolean  il_cli_parse_number   (const char   *option,
                                 const char   *text,
                                 gint64        min,
                                 gint64        max,
                                 gint64       *value,
                                 GError      **error);

/* Human units: "2.003 s", "1.23x", "98.1 %", "12.3 MiB"; "–" when unknown. */
char     *il_cli_format_seconds (gint64        ns);
char     *il_cli_format_speedup (gdouble       speedup);
char     *il_cli_format_percent (gdouble       fraction);
char     *il_cli_format_kib     (gint64        kib);

/* @text safe to print on a terminal: control characters (escape
 * sequences, carriage returns, bells; newlines unless @keep_newlines) are
 * shown as "\x1b" and the like, invalid UTF-8 replaced.  For whatever
 * comes from outside: workload files, servers, URLs. */
char     *il_cli_sanitize       (const char   *text,
                                 gboolean      keep_newlines);

/* Columns in characters, not bytes. */
guint     il_cli_text_width     (const char   *text);

/* Word-wraps @text (paragraphs at '\n') at @width columns, every line
 * indented by @indent spaces. */
void      il_cli_print_wrapped  (FILE         *out,
                                 const char   *text,
                                 guint         indent,
                                 guint         width);

/* A table of strings: @rows holds arrays of @n_columns strings; columns
 * where @right_aligned is TRUE are aligned right; two spaces between
 * columns, every line indented by @indent spaces. */
void      il_cli_print_table    (FILE              *out,
                                 guint              n_columns,
                                 const char * const *headers,
                                 const gboolean    *right_aligned,
                                 GPtrArray         *rows,
                                 guint              indent);

/* "Machine: 2 logical cores, Intel(R) …" and a newline */
void      il_cli_print_machine  (FILE         *out);

/* "sequential, threads, thread-pool, gtask" */
char     *il_cli_known_models   (void);

/* An optional number option (@text NULL: unset, TRUE): a usage error is
 * printed and *status set to its exit status. */
gboolean il_cli_parse_option (const char *option,
                              const char *text,
                              gint64      min,
                              gint64      max,
                              gint64     *value,
                              int        *status);

/* A run as the report shows it: its record, its stats and its heading. */
typedef struct {
  IlRunRecord *record;
  IlRunStats   stats;
  char        *heading;       /* "threads (stopped)" */
} IlCliRun;

IlCliRun *il_cli_run_new  (IlRunRecord *record);
void      il_cli_run_free (IlCliRun    *run);

/* What the report says about the comparison as a whole. */
typedef struct {
  IlWorkload             *workload;
  const IlWorkloadParams *resolved;    /* the numbers in force */
  const char             *url;         /* --url, or NULL */
  gint                    max_pages;   /* --max-pages, or 0 */
  guint                   baseline_run; /* the run of --baseline, from 1; 0: none */
} IlCliReportInput;

/* The workload line, the stats table, the completion orders, the GIL's
 * figures, a crawl's waiting and parsing, the machine and what to look
 * for; @runs holds IlCliRun*. */
void      il_cli_print_report (FILE                   *out,
                               const IlCliReportInput *in,
                               GPtrArray              *runs);

G_END_DECLS
