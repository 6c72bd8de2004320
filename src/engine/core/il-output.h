/* il-output.h — writing a file the user named, without harm
 *
 * Every file Interleave writes (pictures, JSON, saved runs) goes through
 * here, so that a name means what it means in a shell:
 * - a regular file, new or old, is written to a temporary file beside it
 *   and renamed over it at the end: on failure the old contents stay, and
 *   no temporary file is left; an old file keeps its mode (and its owner,
 *   where this process may set it);
 * - a symbolic link is followed: its target is replaced, the link stays;
 * - a file with other hard links is written in place, so every name sees
 *   the new contents;
 * - a character device or a FIFO (/dev/stdout, /proc/self/fd/1, a named
 *   pipe) is written straight into; "-" is standard output;
 * - anything else (a directory, a socket, a block device) is refused.
 * Errors are one line: "cannot write “FILE”: reason", with the name as
 * given, never a temporary name.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _IlOutput IlOutput;

/* NULL with @error set (G_FILE_ERROR) when @path cannot be written. */
IlOutput *il_output_open      (const char  *path,
                               GError     **error);
/* Whether @path could be written now, as il_output_open() would write it,
 * without changing anything there (a device or a pipe is not opened: a
 * pipe without a reader would block).  For checking a name before a long
 * run rather than after it. */
gboolean  il_output_check     (const char  *path,
                               GError     **error);
/* The descriptor to write to. */
int       il_output_get_fd    (IlOutput    *output);
/* Writes all of @data (retrying short writes and EINTR). */
gboolean  il_output_write     (IlOutput    *output,
                               const void  *data,
                               gsize        length,
                               GError     **error);
/* Makes what was written the file's contents; frees @output.  @errno_seen
 * is an error the caller met while writing to the descriptor itself (0:
 * none): then nothing is replaced and it is reported. */
gboolean  il_output_commit    (IlOutput    *output,
                               int          errno_seen,
                               GError     **error);
/* Leaves the file as it was; frees @output. */
void      il_output_abort     (IlOutput    *output);

/* The whole of @data into @path, as above. */
gboolean  il_output_write_file (const char  *path,
                                const void  *data,
                                gsize        length,
                                GError     **error);

/* Removes the temporary file of the output being written, if any: for a
 * signal handler that ends the program (async-signal-safe). */
void      il_output_unlink_pending (void);

/* The one-line error of this module, for a reason found elsewhere. */
void      il_output_set_error (GError     **error,
                               const char  *path,
                               int          errno_value);

G_END_DECLS
