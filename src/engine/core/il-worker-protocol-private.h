/* il-worker-protocol-private.h — what the parsers of both directions share
 *
 * A line is checked (il_protocol_check_line), split into fields
 * (il_protocol_split, il_protocol_check_fields), and each field read as a
 * word, a number or a URL.  Each function that fails sets @error to an
 * IL_WORKER_PROTOCOL_ERROR that names the field, and returns FALSE.
 */
#pragma once

#include "il-worker-protocol.h"

G_BEGIN_DECLS

/* The most fields a line of either direction has */
#define IL_PROTOCOL_MAX_FIELDS 8

/* A field of a line: not NUL-terminated */
typedef struct {
  const char *s;
  gsize       n;
} IlProtocolField;

/* Always FALSE; sets @error, when it is not NULL. */
gboolean il_protocol_fail         (GError                **error,
                                   IlWorkerProtocolError   code,
                                   const char             *format,
                                   ...) G_GNUC_PRINTF (3, 4);

/* Length, encoding and characters: what every line must satisfy. */
gboolean il_protocol_check_line   (const char             *line,
                                   gsize                   len,
                                   gsize                   max,
                                   GError                **error);
/* Splits at single spaces into at most @max fields; with @rest the last
 * field is the remainder of the line, spaces and all.  Returns the field
 * count, @max + 1 when there are more fields than @max. */
guint    il_protocol_split        (const char             *line,
                                   gsize                   len,
                                   IlProtocolField        *fields,
                                   guint                   max,
                                   gboolean                rest);
/* No field is empty. */
gboolean il_protocol_check_fields (const IlProtocolField  *fields,
                                   guint                   n,
                                   GError                **error);
/* A whole line split into at most IL_PROTOCOL_MAX_FIELDS fields, none
 * empty: the field count, or 0 with @error set. */
guint    il_protocol_split_fields (const char             *line,
                                   gsize                   len,
                                   IlProtocolField        *fields,
                                   GError                **error);

gboolean il_protocol_field_is     (IlProtocolField         f,
                                   const char             *word);
/* A short, printable copy of @f for error messages (the line has been
 * checked to be UTF-8 without control characters). */
char    *il_protocol_excerpt      (IlProtocolField         f);
/* A decimal from @min to @max; @what names it in the error. */
gboolean il_protocol_number       (IlProtocolField         f,
                                   const char             *what,
                                   guint64                 min,
                                   guint64                 max,
                                   guint64                *out,
                                   GError                **error);
/* A URL of the protocol (il_worker_protocol_valid_url). */
gboolean il_protocol_url_field    (IlProtocolField         f,
                                   GError                **error);

/* The line of @verb has @n fields: TRUE when that is @expected. */
gboolean il_protocol_field_count  (IlProtocolField         verb,
                                   guint                   n,
                                   guint                   expected,
                                   GError                **error);
gboolean il_protocol_unknown_verb (IlProtocolField         verb,
                                   GError                **error);

G_END_DECLS
