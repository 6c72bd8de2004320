/* il-run-file-read.c — opening a saved comparison (the format: il-run-file.h)
 *
 * The file is read whole (at most IL_RUN_FILE_MAX_BYTES) and walked once
 * by a small pull reader: the trace viewers' events are skipped without
 * building anything, Interleave's record is read straight into run
 * records.  Every value is checked as it is read; the first thing wrong
 * ends the reading with one line that names the file, where in it, and
 * what is wrong.  Keys that are not known are skipped.
 */
#include "config.h"

#include <inttypes.h>

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "il-run-file.h"

G_DEFINE_QUARK (il-run-file-error-quark, il_run_file_error)

#define MAX_DEPTH      64
#define MAX_NS         (G_GINT64_CONSTANT (1000000000) * 3600 * 24 * 365)   /* a year */
#define MAX_STRING     (1024 * 1024)

typedef struct {
  const char *start;
  const char *p;
  const char *end;
  const char *origin;
  GString    *where;     /* "runs[1].snapshot.tasks[3]" */
  GError     *error;
} Reader;

/* ------------------------------------------------------------------------ */
/* Errors */

G_GNUC_PRINTF (3, 4) static gboolean
fail_code (Reader     *r,
           int         code,
           const char *format,
           ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (r->error != NULL)
    return FALSE;
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  if (r->where->len > 0)
    g_set_error (&r->error, IL_RUN_FILE_ERROR, code, "%s: %s: %s", r->origin, r->where->str, message);
  else
    g_set_error (&r->error, IL_RUN_FILE_ERROR, code, "%s: %s", r->origin, message);
  return FALSE;
}

#define fail(r, ...) fail_code ((r), IL_RUN_FILE_ERROR_INVALID, __VA_ARGS__)

static gboolean
fail_syntax (Reader     *r,
             const char *what)
{
  g_autoptr(GString) saved = g_string_new (r->where->str);
  gboolean truncated = r->p >= r->end;

  /* Where in the text, not where in the record */
  g_string_truncate (r->where, 0);
  if (truncated)
    fail (r, _("the file ends too early (cut off?)"));
  else
    /* Translators: "not valid JSON at byte 120: a value was expected" */
    fail (r, _("not valid JSON at byte %zu: %s"),
          (size_t) (r->p - r->start), what);
  g_string_assign (r->where, saved->str);
  return FALSE;
}

static gsize
where_push_key (Reader     *r,
                const char *key)
{
  gsize len = r->where->len;

  if (len > 0)
    g_string_append_c (r->where, '.');
  g_string_append (r->where, key);
  return len;
}

static gsize
where_push_index (Reader *r,
                  guint   index)
{
  gsize len = r->where->len;

  g_string_append_printf (r->where, "[%u]", index);
  return len;
}

static inline void
where_pop (Reader *r,
           gsize   len)
{
  g_string_truncate (r->where, len);
}

/* ------------------------------------------------------------------------ */
/* The pull reader */

static inline void
skip_ws (Reader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t'))
    r->p++;
}

static inline int
peek (Reader *r)
{
  skip_ws (r);
  return r->p < r->end ? (guchar) *r->p : -1;
}

static gboolean
expect (Reader *r,
        char    c)
{
  if (peek (r) != c)
    {
      char what[64];

      g_snprintf (what, sizeof what, _("“%c” was expected"), c);
      return fail_syntax (r, what);
    }
  r->p++;
  return TRUE;
}

static gboolean
match_word (Reader     *r,
            const char *word)
{
  gsize n = strlen (word);

  if ((gsize) (r->end - r->p) >= n && memcmp (r->p, word, n) == 0)
    {
      r->p += n;
      return TRUE;
    }
  return FALSE;
}

static int
hex4 (const char *p)
{
  int v = 0;

  for (int i = 0; i < 4; i++)
    {
      int d = g_ascii_xdigit_value (p[i]);

      if (d < 0)
        return -1;
      v = v * 16 + d;
    }
  return v;
}

/* A string; with @out NULL it is only checked.  @limit: its most bytes. */
static gboolean
read_string (Reader  *r,
             GString *out)
{
  const char *run;

  if (!expect (r, '"'))
    return FALSE;
  run = r->p;
  while (TRUE)
    {
      if (r->p >= r->end)
        return fail_syntax (r, "");
      if (*r->p == '"')
        break;
      if ((guchar) *r->p < 0x20)
        return fail_syntax (r, _("a control character in a string"));
      if (*r->p != '\\')
        {
          r->p++;
          continue;
        }
      if (out != NULL)
        g_string_append_len (out, run, r->p - run);
      r->p++;
      if (r->p >= r->end)
        return fail_syntax (r, "");
      switch (*r->p)
        {
        case '"': case '\\': case '/':
          if (out) g_string_append_c (out, *r->p);
          break;
        case 'b': if (out) g_string_append_c (out, '\b'); break;
        case 'f': if (out) g_string_append_c (out, '\f'); break;
        case 'n': if (out) g_string_append_c (out, '\n'); break;
        case 'r': if (out) g_string_append_c (out, '\r'); break;
        case 't': if (out) g_string_append_c (out, '\t'); break;
        case 'u':
          {
            int c;

            if (r->end - r->p < 5 || (c = hex4 (r->p + 1)) < 0)
              return fail_syntax (r, _("a bad \\u escape"));
            r->p += 4;
            if (c >= 0xd800 && c < 0xdc00)
              {
                int low;

                if (r->end - r->p < 7 || r->p[1] != '\\' || r->p[2] != 'u' ||
                    (low = hex4 (r->p + 3)) < 0xdc00 || low > 0xdfff)
                  return fail_syntax (r, _("a bad \\u escape"));
                c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
                r->p += 6;
              }
            else if (c >= 0xdc00 && c <= 0xdfff)
              return fail_syntax (r, _("a bad \\u escape"));
            if (c == 0)
              return fail_syntax (r, _("a NUL character in a string"));
            if (out)
              g_string_append_unichar (out, c);
            break;
          }
        default:
          return fail_syntax (r, _("a bad escape in a string"));
        }
      r->p++;
      run = r->p;
    }
  if (out != NULL)
    {
      g_string_append_len (out, run, r->p - run);
      if (out->len > MAX_STRING)
        return fail (r, _("a string longer than %d bytes"), MAX_STRING);
      if (!g_utf8_validate_len (out->str, out->len, NULL))
        return fail (r, _("a string that is not UTF-8"));
    }
  r->p++;
  return TRUE;
}

/* The text of a number, checked against JSON's grammar */
static gboolean
scan_number (Reader      *r,
             const char **start,
             gboolean    *integral)
{
  const char *p;

  skip_ws (r);
  p = *start = r->p;
  *integral = TRUE;
  if (p < r->end && *p == '-')
    p++;
  if (p >= r->end || !g_ascii_isdigit (*p))
    return fail_syntax (r, _("a value was expected"));
  if (*p == '0')
    p++;
  else
    while (p < r->end && g_ascii_isdigit (*p))
      p++;
  if (p < r->end && *p == '.')
    {
      *integral = FALSE;
      p++;
      if (p >= r->end || !g_ascii_isdigit (*p))
        return fail_syntax (r, _("a bad number"));
      while (p < r->end && g_ascii_isdigit (*p))
        p++;
    }
  if (p < r->end && (*p == 'e' || *p == 'E'))
    {
      *integral = FALSE;
      p++;
      if (p < r->end && (*p == '+' || *p == '-'))
        p++;
      if (p >= r->end || !g_ascii_isdigit (*p))
        return fail_syntax (r, _("a bad number"));
      while (p < r->end && g_ascii_isdigit (*p))
        p++;
    }
  r->p = p;
  return TRUE;
}

static gboolean skip_value (Reader *r, guint depth);

/* An object or array that is not read (the trace viewers' events, keys a
 * newer version added): only its brackets and strings are followed, so
 * that skipping costs a pass over its bytes. */
static gboolean
skip_container (Reader *r)
{
  char open[MAX_DEPTH + 1];
  guint depth = 0;
  const char *p = r->p;

  while (p < r->end)
    {
      char c = *p;

      if (c == '"')
        {
          for (p++; p < r->end && *p != '"'; p++)
            {
              if (*p == '\\')
                p++;
              else if ((guchar) *p < 0x20)
                {
                  r->p = p;
                  return fail_syntax (r, _("a control character in a string"));
                }
            }
          if (p >= r->end)
            break;
        }
      else if (c == '{' || c == '[')
        {
          if (depth >= MAX_DEPTH)
            {
              r->p = p;
              return fail_syntax (r, _("nested too deep"));
            }
          open[depth++] = c;
        }
      else if (c == '}' || c == ']')
        {
          if (depth == 0 || open[depth - 1] != (c == '}' ? '{' : '['))
            {
              r->p = p;
              return fail_syntax (r, _("a bracket that does not match"));
            }
          if (--depth == 0)
            {
              r->p = p + 1;
              return TRUE;
            }
        }
      p++;
    }
  r->p = r->end;
  return fail_syntax (r, "");
}

/* Objects: obj_begin, then obj_next until it returns FALSE */
static gboolean
obj_begin (Reader *r)
{
  if (peek (r) != '{')
    return fail (r, _("an object was expected"));
  r->p++;
  return TRUE;
}

/* The next key (cut to @size bytes; longer keys are none we know) */
static gboolean
obj_next (Reader   *r,
          gboolean *first,
          char     *key,
          gsize     size)
{
  const char *from;
  gsize n;

  if (r->error != NULL)
    return FALSE;
  if (peek (r) == '}')
    {
      r->p++;
      return FALSE;
    }
  if (!*first && !expect (r, ','))
    return FALSE;
  *first = FALSE;
  skip_ws (r);
  from = r->p + 1;
  if (!read_string (r, NULL))
    return FALSE;
  n = MIN ((gsize) (r->p - 1 - from), size - 1);
  memcpy (key, from, n);
  key[n] = '\0';
  return expect (r, ':');
}

static gboolean
arr_begin (Reader *r)
{
  if (peek (r) != '[')
    return fail (r, _("an array was expected"));
  r->p++;
  return TRUE;
}

static gboolean
arr_next (Reader   *r,
          gboolean *first)
{
  if (r->error != NULL)
    return FALSE;
  if (peek (r) == ']')
    {
      r->p++;
      return FALSE;
    }
  if (!*first && !expect (r, ','))
    return FALSE;
  *first = FALSE;
  return TRUE;
}

static gboolean
skip_value (Reader *r,
            guint   depth)
{
  gboolean integral;
  const char *start;

  if (depth > MAX_DEPTH)
    return fail_syntax (r, _("nested too deep"));
  switch (peek (r))
    {
    case '{':
    case '[':
      return skip_container (r);
    case '"':
      return read_string (r, NULL);
    case 't':
      return match_word (r, "true") || fail_syntax (r, _("a value was expected"));
    case 'f':
      return match_word (r, "false") || fail_syntax (r, _("a value was expected"));
    case 'n':
      return match_word (r, "null") || fail_syntax (r, _("a value was expected"));
    default:
      return scan_number (r, &start, &integral);
    }
}

/* ------------------------------------------------------------------------ */
/* Typed values */

static gboolean
read_null (Reader *r)
{
  if (peek (r) == 'n' && match_word (r, "null"))
    return TRUE;
  return FALSE;
}

/* An integer in [@min, @max] */
static gboolean
read_int (Reader *r,
          gint64  min,
          gint64  max,
          gint64 *value)
{
  const char *start;
  gboolean integral;
  gint64 v;
  char *end;
  int c = peek (r);

  if (c != '-' && !g_ascii_isdigit (c))
    return fail (r, _("a whole number was expected"));
  if (!scan_number (r, &start, &integral))
    return FALSE;
  if (!integral)
    return fail (r, _("a whole number was expected"));
  errno = 0;
  v = g_ascii_strtoll (start, &end, 10);
  if (errno != 0 || end != r->p || v < min || v > max)
    return fail (r, _("%.*s is out of range (%" PRId64 " to %" PRId64 ")"),
                 (int) MIN (r->p - start, 40), start, min, max);
  *value = v;
  return TRUE;
}

static gboolean
read_uint (Reader *r,
           guint   max,
           guint  *value)
{
  gint64 v;

  if (!read_int (r, 0, max, &v))
    return FALSE;
  *value = (guint) v;
  return TRUE;
}

/* null is @if_null */
static gboolean
read_int_or_null (Reader *r,
                  gint64  min,
                  gint64  max,
                  gint64  if_null,
                  gint64 *value)
{
  if (read_null (r))
    {
      *value = if_null;
      return TRUE;
    }
  return read_int (r, min, max, value);
}

/* A finite number in [@min, @max]; null is NAN */
static gboolean
read_double_or_null (Reader *r,
                     double  min,
                     double  max,
                     double *value)
{
  const char *start;
  gboolean integral;
  double v;
  int c;

  if (read_null (r))
    {
      *value = NAN;
      return TRUE;
    }
  c = peek (r);
  if (c != '-' && !g_ascii_isdigit (c))
    return fail (r, _("a number was expected"));
  if (!scan_number (r, &start, &integral))
    return FALSE;
  v = g_ascii_strtod (start, NULL);
  if (!isfinite (v) || v < min || v > max)
    return fail (r, _("%.*s is out of range (%g to %g)"), (int) MIN (r->p - start, 40), start, min, max);
  *value = v;
  return TRUE;
}

static gboolean
read_bool (Reader   *r,
           gboolean *value)
{
  int c = peek (r);

  if (c == 't' && match_word (r, "true"))
    *value = TRUE;
  else if (c == 'f' && match_word (r, "false"))
    *value = FALSE;
  else
    return fail (r, _("true or false was expected"));
  return TRUE;
}

static gboolean
read_string_or_null (Reader  *r,
                     char   **value)
{
  g_autoptr(GString) text = NULL;

  if (read_null (r))
    {
      g_clear_pointer (value, g_free);
      return TRUE;
    }
  if (peek (r) != '"')
    return fail (r, _("a string was expected"));
  text = g_string_new (NULL);
  if (!read_string (r, text))
    return FALSE;
  g_free (*value);
  *value = g_string_free (g_steal_pointer (&text), FALSE);
  return TRUE;
}

static gboolean
read_required_string (Reader  *r,
                      char   **value)
{
  if (peek (r) != '"')
    return fail (r, _("a string was expected"));
  return read_string_or_null (r, value);
}

/* ------------------------------------------------------------------------ */
/* The record */

typedef struct {
  char            *format;
  char            *version;
  char            *program_version;
  char            *written;
  guint            logical_cores;
  char            *cpu_model;
  gboolean         have_workload;
  GKeyFile        *workload;      /* made again as a recipe */
  IlWorkloadParams params;
  GPtrArray       *records;
  IlRunFileSweep  *sweep;
} Parsed;

static void
parsed_clear (Parsed *parsed)
{
  g_free (parsed->format);
  g_free (parsed->version);
  g_free (parsed->program_version);
  g_free (parsed->written);
  g_free (parsed->cpu_model);
  g_clear_pointer (&parsed->workload, g_key_file_unref);
  g_clear_pointer (&parsed->records, g_ptr_array_unref);
  g_clear_pointer (&parsed->sweep, il_run_file_sweep_free);
}

static gboolean
read_crawl (Reader   *r,
            GKeyFile *kf)
{
  static const struct { const char *key; const char *kf_key; gint64 max; } numbers[] = {
    { "max_pages", "MaxPages", 1000000 },
    { "max_connections", "MaxConnections", 4096 },
    { "max_connections_per_host", "MaxConnectionsPerHost", 4096 },
    { "timeout_ms", "TimeoutMs", G_GINT64_CONSTANT (1000) * 3600 * 24 },
    { "max_body_bytes", "MaxBodyKiB", G_GINT64_CONSTANT (1024) * 1024 * 1024 },
    { "max_redirects", "MaxRedirects", 100 },
    { "site_pages", "SitePages", 1000000 },
    { "site_links", "SiteLinks", 1000 },
    { "site_jitter_ms", "SiteJitterMs", G_GINT64_CONSTANT (1000) * 3600 * 24 },
  };
  gboolean first = TRUE;
  char key[64];

  if (!obj_begin (r))
    return FALSE;
  while (obj_next (r, &first, key, sizeof key))
    {
      gsize at = where_push_key (r, key);
      gboolean known = FALSE;

      if (strcmp (key, "start_url") == 0)
        {
          g_autofree char *url = NULL;

          if (!read_string_or_null (r, &url))
            return FALSE;
          if (url != NULL)
            g_key_file_set_string (kf, "Crawl", "StartUrl", url);
          known = TRUE;
        }
      else if (strcmp (key, "allow_other_hosts") == 0)
        {
          gboolean allow;

          if (!read_bool (r, &allow))
            return FALSE;
          g_key_file_set_boolean (kf, "Crawl", "AllowOtherHosts", allow);
          known = TRUE;
        }
      for (guint i = 0; !known && i < G_N_ELEMENTS (numbers); i++)
        if (strcmp (key, numbers[i].key) == 0)
          {
            gint64 v;

            if (!read_int (r, 0, numbers[i].max, &v))
              return FALSE;
            /* The recipe says KiB */
            if (strcmp (key, "max_body_bytes") == 0)
              {
                if (v % 1024 != 0)
                  return fail (r, _("not a whole number of KiB"));
                v /= 1024;
              }
            g_key_file_set_int64 (kf, "Crawl", numbers[i].kf_key, v);
            known = TRUE;
          }
      if (!known && !skip_value (r, 0))
        return FALSE;
      where_pop (r, at);
    }
  return r->error == NULL;
}

/* The workload as it was saved, made again as a recipe: its words, its
 * crawl settings, its numbers (the numbers used are kept beside it). */
static gboolean
read_workload (Reader *r,
               Parsed *parsed)
{
  GKeyFile *kf = g_key_file_new ();
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *category = NULL;
  gboolean crawl = FALSE;
  gboolean first = TRUE;
  IlWorkloadParams *p = &parsed->params;
  char key[64];

  g_clear_pointer (&parsed->workload, g_key_file_unref);
  parsed->workload = kf;
  *p = (IlWorkloadParams) IL_WORKLOAD_PARAMS_INIT;
  p->tasks = -1;
  p->workers = -1;

  if (!obj_begin (r))
    return FALSE;
  while (obj_next (r, &first, key, sizeof key))
    {
      gsize at = where_push_key (r, key);
      static const char * const strings[][2] = {
        { "tutorial", "Seed" }, { "summary", "Summary" }, { "look_for", "LookFor" },
      };
      gboolean known = FALSE;
      gint64 v;

      if (strcmp (key, "name") == 0)
        known = read_required_string (r, &name);
      else if (strcmp (key, "title") == 0)
        known = read_required_string (r, &title);
      else if (strcmp (key, "category") == 0)
        known = read_required_string (r, &category);
      else if (strcmp (key, "models") == 0)
        {
          g_autoptr(GPtrArray) models = g_ptr_array_new_with_free_func (g_free);
          gboolean first_model = TRUE;

          if (!arr_begin (r))
            return FALSE;
          while (arr_next (r, &first_model))
            {
              char *model = NULL;

              if (!read_required_string (r, &model))
                return FALSE;
              g_ptr_array_add (models, model);
              if (models->len > 1000)
                return fail (r, _("more than %u entries"), 1000);
            }
          if (r->error != NULL)
            return FALSE;
          g_key_file_set_string_list (kf, "Workload", "Models",
                                      (const char * const *) models->pdata, models->len);
          known = TRUE;
        }
      else if (strcmp (key, "tasks") == 0)
        known = read_int (r, 1, IL_RUN_FILE_MAX_TASKS, &v) && (p->tasks = v, TRUE);
      else if (strcmp (key, "workers") == 0)
        known = read_int (r, 0, IL_WORKLOAD_MAX_WORKERS, &v) && (p->workers = v, TRUE);
      else if (strcmp (key, "io_ms") == 0)
        known = read_int (r, 0, G_GINT64_CONSTANT (1000) * 3600 * 24, &p->io_ms);
      else if (strcmp (key, "cpu_ms") == 0)
        known = read_int (r, 0, G_GINT64_CONSTANT (1000) * 3600 * 24, &p->cpu_ms);
      else if (strcmp (key, "seed") == 0)
        known = read_int (r, 0, G_MAXINT64, &p->seed);
      else if (strcmp (key, "crawl") == 0)
        {
          if (read_null (r))
            known = TRUE;
          else
            known = crawl = read_crawl (r, kf);
        }
      else
        {
          for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
            if (strcmp (key, strings[i][0]) == 0)
              {
                g_autofree char *text = NULL;

                if (!read_string_or_null (r, &text))
                  return FALSE;
                if (text != NULL)
                  g_key_file_set_string (kf, "Workload", strings[i][1], text);
                known = TRUE;
              }
          if (!known)
            known = skip_value (r, 0);
        }
      if (!known)
        return FALSE;
      where_pop (r, at);
    }
  if (r->error != NULL)
    return FALSE;

  if (name == NULL || title == NULL || category == NULL)
    return fail (r, _("the workload's %s is missing"),
                 name == NULL ? "name" : title == NULL ? "title" : "category");
  if (p->tasks < 0 || p->workers < 0 || p->io_ms < 0 || p->cpu_ms < 0 || p->seed < 0)
    return fail (r, _("the workload's numbers (tasks, workers, io_ms, cpu_ms, seed) are missing"));
  g_key_file_set_string (kf, "Workload", "Name", name);
  g_key_file_set_string (kf, "Workload", "Title", title);
  g_key_file_set_string (kf, "Workload", "Category", category);
  /* The numbers used override the recipe's: these only make it valid */
  g_key_file_set_integer (kf, "Tasks", "Count", 1);
  g_key_file_set_string (kf, "Tasks", "Phases", crawl ? "http;parse" : "sleep");
  if (p->workers > 0)
    g_key_file_set_integer (kf, "Tasks", "Workers", p->workers);
  parsed->have_workload = TRUE;
  return TRUE;
}

static gboolean
read_worker (Reader       *r,
             IlWorkerInfo *info)
{
  gboolean first = TRUE;
  char key[64];

  if (!obj_begin (r))
    return FALSE;
  while (obj_next (r, &first, key, sizeof key))
    {
      gsize at = where_push_key (r, key);
      gboolean ok;

      if (strcmp (key, "kind") == 0)
        {
          g_autofree char *kind = NULL;

          ok = read_required_string (r, &kind);
          if (ok && strcmp (kind, "thread") == 0)
            info->kind = IL_WORKER_THREAD;
          else if (ok && strcmp (kind, "process") == 0)
            info->kind = IL_WORKER_PROCESS;
          else if (ok && strcmp (kind, "loop") == 0)
            info->kind = IL_WORKER_LOOP;
          else if (ok)
            return fail (r, _("unknown kind “%s” (known: thread, process, loop)"), kind);
        }
      else if (strcmp (key, "tid") == 0)
        ok = read_int (r, 0, G_MAXINT64, &info->tid);
      else if (strcmp (key, "pid") == 0)
        ok = read_int (r, 0, G_MAXINT64, &info->pid);
      else if (strcmp (key, "label") == 0)
        ok = read_string_or_null (r, &info->label);
      else
        ok = skip_value (r, 0);
      if (!ok)
        return FALSE;
      where_pop (r, at);
    }
  return r->error == NULL;
}

static gboolean
read_core_sample (Reader       *r,
                  IlCoreSample *sample)
{
  g_autoptr(GArray) busy = g_array_new (FALSE, FALSE, sizeof (float));
  gboolean first = TRUE;
  gboolean first_busy = TRUE;

  if (!arr_begin (r) || !arr_next (r, &first) ||
      !read_int (r, 0, MAX_NS, &sample->time_ns) ||
      !arr_next (r, &first) || !arr_begin (r))
    return r->error == NULL ? fail (r, _("[time_ns, [busy, …]] was expected")) : FALSE;
  while (arr_next (r, &first_busy))
    {
      double v;
      float f;

      if (!read_double_or_null (r, 0, 1, &v))
        return FALSE;
      if (isnan (v))
        return fail (r, _("a number was expected"));
      if (busy->len >= IL_RUN_FILE_MAX_CPUS)
        return fail (r, _("more than %u cores"), IL_RUN_FILE_MAX_CPUS);
      f = (float) v;
      g_array_append_val (busy, f);
    }
  if (r->error != NULL)
    return FALSE;
  if (arr_next (r, &first))
    return fail (r, _("[time_ns, [busy, …]] was expected"));
  if (r->error != NULL)
    return FALSE;
  sample->n_cpus = busy->len;
  sample->busy = (float *) (void *) g_array_free (g_steal_pointer (&busy), FALSE);
  return TRUE;
}

static gboolean
read_segment (Reader    *r,
              IlSegment *s)
{
  gboolean first = TRUE;
  gint64 start, end, worker, cpu;
  const char *name;
  gsize length;
  char state[16];
  IlState st;

  if (!arr_begin (r) ||
      !arr_next (r, &first) || !read_int (r, 0, MAX_NS, &start) ||
      !arr_next (r, &first) || !read_int (r, G_MININT64, G_MAXINT64, &end))
    return r->error == NULL ? fail (r, _("[start_ns, end_ns, state, worker, cpu] was expected")) : FALSE;
  if (end < start)
    return fail (r, _("a negative duration (it ends before it starts)"));
  if (end > MAX_NS)
    return fail (r, _("it ends after a year"));
  if (!arr_next (r, &first))
    return r->error == NULL ? fail (r, _("[start_ns, end_ns, state, worker, cpu] was expected")) : FALSE;
  if (peek (r) != '"')
    return fail (r, _("a state was expected"));
  skip_ws (r);
  name = r->p + 1;
  if (!read_string (r, NULL))
    return FALSE;
  /* State names have no escapes: the bytes between the quotes */
  length = MIN ((gsize) (r->p - 1 - name), sizeof state - 1);
  memcpy (state, name, length);
  state[length] = '\0';
  if (!il_state_from_string (state, &st))
    return fail (r, _("unknown state of a segment"));
  if (!arr_next (r, &first) || !read_int (r, -1, G_MAXUINT32 - 1, &worker) ||
      !arr_next (r, &first) || !read_int (r, -1, IL_RUN_FILE_MAX_CPUS - 1, &cpu))
    return r->error == NULL ? fail (r, _("[start_ns, end_ns, state, worker, cpu] was expected")) : FALSE;
  if (arr_next (r, &first))
    return fail (r, _("[start_ns, end_ns, state, worker, cpu] was expected"));
  if (r->error != NULL)
    return FALSE;
  s->start_ns = start;
  s->end_ns = end;
  s->state = st;
  s->worker = worker < 0 ? IL_NO_WORKER : (guint32) worker;
  s->cpu = (gint16) cpu;
  s->reserved = 0;
  return TRUE;
}

static void
task_clear (IlTaskSnapshot *task)
{
  g_free (task->name);
  g_free (task->error);
  g_free (task->segments);
}

static gboolean
read_task (Reader         *r,
           IlTaskSnapshot *task)
{
  gboolean first = TRUE;
  char key[64];
  gint64 v;

  task->worker = IL_NO_WORKER;
  task->started_ns = -1;
  task->finished_ns = -1;
  if (!obj_begin (r))
    return FALSE;
  while (obj_next (r, &first, key, sizeof key))
    {
      gsize at = where_push_key (r, key);
      gboolean ok;

      if (strcmp (key, "id") == 0)
        ok = read_int (r, 0, IL_RUN_FILE_MAX_TASKS, &v) && (task->id = v, TRUE);
      else if (strcmp (key, "name") == 0)
        ok = read_string_or_null (r, &task->name);
      else if (strcmp (key, "worker") == 0)
        ok = read_int_or_null (r, 0, G_MAXUINT32 - 1, IL_NO_WORKER, &v) && (task->worker = v, TRUE);
      else if (strcmp (key, "submitted_ns") == 0)
        ok = read_int (r, 0, MAX_NS, &task->submitted_ns);
      else if (strcmp (key, "started_ns") == 0)
        ok = read_int (r, -1, MAX_NS, &task->started_ns);
      else if (strcmp (key, "finished_ns") == 0)
        ok = read_int (r, -1, MAX_NS, &task->finished_ns);
      else if (strcmp (key, "finished") == 0)
        ok = read_bool (r, &task->finished);
      else if (strcmp (key, "ok") == 0)
        ok = read_bool (r, &task->ok);
      else if (strcmp (key, "stopped") == 0)
        ok = read_bool (r, &task->stopped);
      else if (strcmp (key, "error") == 0)
        ok = read_string_or_null (r, &task->error);
      else if (strcmp (key, "result") == 0)
        {
          task->has_result = !read_null (r);
          ok = !task->has_result || read_int (r, G_MININT64, G_MAXINT64, &task->result);
        }
      else if (strcmp (key, "links_dropped") == 0)
        ok = read_uint (r, G_MAXUINT32, &task->links_dropped);
      else if (strcmp (key, "segments") == 0)
        {
          g_autoptr(GArray) segments = g_array_new (FALSE, FALSE, sizeof (IlSegment));
          gboolean first_segment = TRUE;

          ok = arr_begin (r);
          while (ok && arr_next (r, &first_segment))
            {
              gsize at_segment = where_push_index (r, segments->len);
              IlSegment s;

              if (!read_segment (r, &s))
                return FALSE;
              if (segments->len > 0 &&
                  s.start_ns < g_array_index (segments, IlSegment, segments->len - 1).end_ns)
                return fail (r, _("it overlaps the segment before it, or comes before it"));
              g_array_append_val (segments, s);
              where_pop (r, at_segment);
            }
          if (r->error != NULL)
            return FALSE;
          g_free (task->segments);
          task->n_segments = segments->len;
          task->segments = (IlSegment *) (void *) g_array_free (g_steal_pointer (&segments), FALSE);
        }
      else
        ok = skip_value (r, 0);
      if (!ok)
        return FALSE;
      where_pop (r, at);
    }
  if (r->error != NULL)
    return FALSE;
  if (task->name == NULL)
    return fail (r, _("the task's name is missing"));
  if (task->started_ns >= 0 && task->started_ns < task->submitted_ns)
    return fail (r, _("it started before it was submitted"));
  return TRUE;
}

static gboolean
read_snapshot (Reader           *r,
               IlTraceSnapshot **out)
{
  g_autoptr(GArray) tasks = g_array_new (FALSE, TRUE, sizeof (IlTaskSnapshot));
  g_autoptr(GArray) workers = g_array_new (FALSE, TRUE, sizeof (IlWorkerInfo));
  g_autoptr(GArray) samples = g_array_new (FALSE, TRUE, sizeof (IlCoreSample));
  gint64 origin_ns = 0, now_ns = 0, end_ns = 0;
  IlTraceSnapshot *snap;
  gboolean first = TRUE;
  gboolean ok = TRUE;
  char key[64];

  g_array_set_clear_func (tasks, (GDestroyNotify) task_clear);
  if (!obj_begin (r))
    return FALSE;
  while (ok && obj_next (r, &first, key, sizeof key))
    {
      gsize at = where_push_key (r, key);
      gboolean first_item = TRUE;

      if (strcmp (key, "origin_ns") == 0)
        ok = read_int (r, G_MININT64, G_MAXINT64, &origin_ns);
      else if (strcmp (key, "now_ns") == 0)
        ok = read_int (r, 0, MAX_NS, &now_ns);
      else if (strcmp (key, "end_ns") == 0)
        ok = read_int (r, 0, MAX_NS, &end_ns);
      else if (strcmp (key, "workers") == 0)
        {
          ok = arr_begin (r);
          while (ok && arr_next (r, &first_item))
            {
              gsize at_item = where_push_index (r, workers->len);
              IlWorkerInfo info = { 0, };

              ok = read_worker (r, &info);
              g_array_append_val (workers, info);
              if (ok && workers->len > IL_WORKLOAD_MAX_WORKERS + 1000)
                ok = fail (r, _("more than %u workers"), IL_WORKLOAD_MAX_WORKERS + 1000);
              where_pop (r, at_item);
            }
        }
      else if (strcmp (key, "core_samples") == 0)
        {
          ok = arr_begin (r);
          while (ok && arr_next (r, &first_item))
            {
              gsize at_item = where_push_index (r, samples->len);
              IlCoreSample sample = { 0, };

              ok = read_core_sample (r, &sample);
              if (ok && samples->len > 0 &&
                  sample.time_ns < g_array_index (samples, IlCoreSample, samples->len - 1).time_ns)
                ok = fail (r, _("it comes before the sample before it"));
              g_array_append_val (samples, sample);
              where_pop (r, at_item);
            }
        }
      else if (strcmp (key, "tasks") == 0)
        {
          ok = arr_begin (r);
          while (ok && arr_next (r, &first_item))
            {
              gsize at_item = where_push_index (r, tasks->len);
              IlTaskSnapshot task = { 0, };

              if (tasks->len >= IL_RUN_FILE_MAX_TASKS)
                return fail (r, _("more than %u tasks"), IL_RUN_FILE_MAX_TASKS);
              ok = read_task (r, &task);
              if (ok && task.id != tasks->len)
                ok = fail (r, _("its id is %u, not %u"), task.id, tasks->len);
              g_array_append_val (tasks, task);
              where_pop (r, at_item);
            }
        }
      else
        ok = skip_value (r, 0);
      if (ok)
        where_pop (r, at);
    }
  if (!ok || r->error != NULL)
    {
      for (guint i = 0; i < workers->len; i++)
        g_free (g_array_index (workers, IlWorkerInfo, i).label);
      for (guint i = 0; i < samples->len; i++)
        g_free (g_array_index (samples, IlCoreSample, i).busy);
      return FALSE;
    }

  snap = il_trace_snapshot_new_from_tasks ((IlTaskSnapshot *) (void *) tasks->data, tasks->len,
                                           (IlWorkerInfo *) (void *) workers->data, workers->len);
  for (guint i = 0; i < workers->len; i++)
    g_free (g_array_index (workers, IlWorkerInfo, i).label);
  g_free (snap->core_samples);
  snap->n_core_samples = samples->len;
  snap->core_samples = (IlCoreSample *) (void *) g_array_free (g_steal_pointer (&samples), FALSE);
  snap->origin_ns = origin_ns;
  snap->now_ns = now_ns;
  snap->end_ns = end_ns;
  *out = snap;

  /* What the painter and the stats index by must point somewhere */
  for (guint t = 0; t < snap->n_tasks; t++)
    {
      const IlTaskSnapshot *task = &snap->tasks[t];
      gsize at = where_push_key (r, "tasks");

      where_push_index (r, t);
      if (task->worker != IL_NO_WORKER && task->worker >= snap->n_workers)
        return fail (r, _("worker %u does not exist (%u workers)"), task->worker, snap->n_workers);
      for (guint i = 0; i < task->n_segments; i++)
        if (task->segments[i].worker != IL_NO_WORKER && task->segments[i].worker >= snap->n_workers)
          return fail (r, _("segment %u: worker %u does not exist (%u workers)"),
                       i, task->segments[i].worker, snap->n_workers);
      where_pop (r, at);
    }
  return TRUE;
}

static void
plan_clear (IlTaskPlan *plan)
{
  g_free (plan->host);
}

static gboolean
read_plans (Reader      *r,
            IlRunRecord *record)
{
  g_autoptr(GArray) plans = g_array_new (FALSE, TRUE, sizeof (IlTaskPlan));
  gboolean first = TRUE;

  g_array_set_clear_func (plans, (GDestroyNotify) plan_clear);
  if (read_null (r))
    return TRUE;
  if (record->plans != NULL)
    return fail (r, _("it appears twice"));
  if (!arr_begin (r))
    return FALSE;
  while (arr_next (r, &first))
    {
      gsize at = where_push_index (r, plans->len);
      IlTaskPlan plan = { 0, };
      gboolean first_field = TRUE;
      gint64 v;
      gboolean ok;

      ok = arr_begin (r) &&
           arr_next (r, &first_field) && read_int (r, 0, MAX_NS, &plan.io_ns) &&
           arr_next (r, &first_field) && read_int (r, 0, MAX_NS, &plan.cpu_ns) &&
           arr_next (r, &first_field) && read_int (r, 0, MAX_NS, &plan.io_before_cpu_ns) &&
           arr_next (r, &first_field) && read_int (r, 0, MAX_NS, &plan.io_after_cpu_ns) &&
           arr_next (r, &first_field) && read_bool (r, &plan.fetches) &&
           arr_next (r, &first_field) && read_int (r, 0, IL_RUN_FILE_MAX_TASKS, &v) &&
           (plan.discovered_by = v, TRUE) &&
           arr_next (r, &first_field) && read_string_or_null (r, &plan.host) &&
           !arr_next (r, &first_field);
      g_array_append_val (plans, plan);
      if (!ok || r->error != NULL)
        {
          if (r->error == NULL)
            fail (r, _("[io_ns, cpu_ns, io_before_cpu_ns, io_after_cpu_ns, fetches, discovered_by, host] was expected"));
          return FALSE;
        }
      if (plans->len > IL_RUN_FILE_MAX_TASKS)
        return fail (r, _("more than %u tasks"), IL_RUN_FILE_MAX_TASKS);
      where_pop (r, at);
    }
  if (r->error != NULL)
    return FALSE;
  {
    guint n = plans->len;

    il_run_record_take_plans (record, (IlTaskPlan *) (void *) g_array_free (g_steal_pointer (&plans), FALSE), n);
  }
  return TRUE;
}

static gboolean
read_ideal (Reader      *r,
            IlIdealKind *kind)
{
  g_autofree char *text = NULL;

  if (!read_required_string (r, &text))
    return FALSE;
  if (strcmp (text, "workers") == 0)
    *kind = IL_IDEAL_WORKERS;
  else if (strcmp (text, "loop") == 0)
    *kind = IL_IDEAL_LOOP;
  else if (strcmp (text, "unknown") == 0)
    *kind = IL_IDEAL_UNKNOWN;
  else
    return fail (r, _("unknown kind “%s” (known: workers, loop, unknown)"), text);
  return TRUE;
}

static gboolean
read_rules (Reader       *r,
            IlModelRules *rules)
{
  gboolean first = TRUE;
  char key[64];

  if (!obj_begin (r))
    return FALSE;
  while (obj_next (r, &first, key, sizeof key))
    {
      gsize at = where_push_key (r, key);
      gboolean ok;

      if (strcmp (key, "ideal") == 0)
        ok = read_ideal (r, &rules->ideal);
      else if (strcmp (key, "worker_per_task") == 0)
        ok = read_bool (r, &rules->worker_per_task);
      else if (strcmp (key, "serial_compute") == 0)
        ok = read_bool (r, &rules->serial_compute);
      else if (strcmp (key, "gil_applies") == 0)
        ok = read_bool (r, &rules->gil_applies);
      else if (strcmp (key, "own_connections") == 0)
        ok = read_bool (r, &rules->own_connections);
      else
        ok = skip_value (r, 0);
      if (!ok)
        return FALSE;
      where_pop (r, at);
    }
  return r->error == NULL;
}

static gboolean
read_usage (Reader      *r,
            IlRunRecord *record)
{
  gboolean first = TRUE;
  char key[64];

  if (read_null (r))
    return TRUE;
  if (!obj_begin (r))
    return FALSE;
  record->has_usage = TRUE;
  record->user_time_s = record->sys_time_s = 0;
  while (obj_next (r, &first, key, sizeof key))
    {
      gsize at = where_push_key (r, key);
      gboolean ok;

      if (strcmp (key, "user_time_s") == 0)
        ok = read_double_or_null (r, 0, 1e12, &record->user_time_s);
      else if (strcmp (key, "sys_time_s") == 0)
        ok = read_double_or_null (r, 0, 1e12, &record->sys_time_s);
      else if (strcmp (key, "voluntary_ctx_switches") == 0)
        ok = read_int (r, -1, G_MAXINT64, &record->voluntary_ctx_switches);
      else if (strcmp (key, "involuntary_ctx_switches") == 0)
        ok = read_int (r, -1, G_MAXINT64, &record->involuntary_ctx_switches);
      else
        ok = skip_value (r, 0);
      if (!ok)
        return FALSE;
      where_pop (r, at);
    }
  return r->error == NULL;
}

static gboolean
read_params (Reader           *r,
             IlWorkloadParams *p)
{
  gboolean first = TRUE;
  char key[64];
  gint64 v;

  if (!obj_begin (r))
    return FALSE;
  while (obj_next (r, &first, key, sizeof key))
    {
      gsize at = where_push_key (r, key);
      gboolean ok;

      if (strcmp (key, "tasks") == 0)
        ok = read_int (r, 0, IL_RUN_FILE_MAX_TASKS, &v) && (p->tasks = v, TRUE);
      else if (strcmp (key, "workers") == 0)
        ok = read_int (r, 0, IL_WORKLOAD_MAX_WORKERS, &v) && (p->workers = v, TRUE);
      else if (strcmp (key, "io_ms") == 0)
        ok = read_int (r, -1, G_GINT64_CONSTANT (1000) * 3600 * 24, &p->io_ms);
      else if (strcmp (key, "cpu_ms") == 0)
        ok = read_int (r, -1, G_GINT64_CONSTANT (1000) * 3600 * 24, &p->cpu_ms);
      else if (strcmp (key, "seed") == 0)
        ok = read_int (r, -1, G_MAXINT64, &p->seed);
      else
        ok = skip_value (r, 0);
      if (!ok)
        return FALSE;
      where_pop (r, at);
    }
  return r->error == NULL;
}

static gboolean
read_completion_order (Reader      *r,
                       IlRunRecord *record)
{
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));
  gboolean first = TRUE;

  if (record->completion_order != NULL)
    return fail (r, _("it appears twice"));
  if (!arr_begin (r))
    return FALSE;
  while (arr_next (r, &first))
    {
      guint id;

      if (!read_uint (r, IL_RUN_FILE_MAX_TASKS, &id))
        return FALSE;
      if (order->len >= IL_RUN_FILE_MAX_TASKS)
        return fail (r, _("more than %u tasks"), IL_RUN_FILE_MAX_TASKS);
      g_array_append_val (order, id);
    }
  if (r->error != NULL)
    return FALSE;
  record->n_completion_order = order->len;
  record->completion_order = (guint *) (void *) g_array_free (g_steal_pointer (&order), FALSE);
  return TRUE;
}

static gboolean
read_run (Reader       *r,
          IlRunRecord **out)
{
  g_autoptr(IlRunRecord) record = il_run_record_new ();
  gboolean first = TRUE;
  char key[64];

  if (!obj_begin (r))
    return FALSE;
  record->finished = TRUE;
  while (obj_next (r, &first, key, sizeof key))
    {
      gsize at = where_push_key (r, key);
      gboolean ok;

      if (strcmp (key, "workload_name") == 0)
        ok = read_string_or_null (r, &record->workload_name);
      else if (strcmp (key, "workload_title") == 0)
        ok = read_string_or_null (r, &record->workload_title);
      else if (strcmp (key, "params") == 0)
        ok = read_params (r, &record->params);
      else if (strcmp (key, "model") == 0)
        ok = read_string_or_null (r, &record->model);
      else if (strcmp (key, "title") == 0)
        ok = read_required_string (r, &record->title);
      else if (strcmp (key, "rules") == 0)
        ok = read_rules (r, &record->rules);
      else if (strcmp (key, "workers") == 0)
        ok = read_uint (r, IL_WORKLOAD_MAX_WORKERS, &record->workers);
      else if (strcmp (key, "gil") == 0)
        ok = read_bool (r, &record->gil);
      else if (strcmp (key, "gil_interval_ns") == 0)
        ok = read_int (r, 0, MAX_NS, &record->gil_interval_ns);
      else if (strcmp (key, "gil_handovers") == 0)
        ok = read_int_or_null (r, 0, G_MAXINT64, -1, &record->gil_handovers);
      else if (strcmp (key, "tracing") == 0)
        ok = read_bool (r, &record->tracing);
      else if (strcmp (key, "source") == 0)
        {
          g_autofree char *source = NULL;

          /* A source this version does not know is none of its own */
          ok = read_required_string (r, &source);
          if (ok && !il_run_source_from_string (source, &record->source))
            record->source = IL_RUN_SOURCE_IMPORTED;
        }
      else if (strcmp (key, "max_connections") == 0)
        ok = read_uint (r, 1000000, &record->max_connections);
      else if (strcmp (key, "max_connections_per_host") == 0)
        ok = read_uint (r, 1000000, &record->max_connections_per_host);
      else if (strcmp (key, "crawl_url") == 0)
        ok = read_string_or_null (r, &record->crawl_url);
      else if (strcmp (key, "crawl_max_pages") == 0)
        ok = read_uint (r, IL_RUN_FILE_MAX_TASKS, &record->crawl_max_pages);
      else if (strcmp (key, "crawl_demo_site") == 0)
        ok = read_bool (r, &record->crawl_demo_site);
      else if (strcmp (key, "crawl_peak_urls") == 0)
        ok = read_uint (r, G_MAXUINT32, &record->crawl_peak_urls);
      else if (strcmp (key, "logical_cores") == 0)
        ok = read_uint (r, IL_RUN_FILE_MAX_CPUS, &record->logical_cores);
      else if (strcmp (key, "cpu_model") == 0)
        ok = read_string_or_null (r, &record->cpu_model);
      else if (strcmp (key, "finished") == 0)
        ok = read_bool (r, &record->finished);
      else if (strcmp (key, "stopped") == 0)
        ok = read_bool (r, &record->stopped);
      else if (strcmp (key, "completion_order") == 0)
        ok = read_completion_order (r, record);
      else if (strcmp (key, "usage") == 0)
        ok = read_usage (r, record);
      else if (strcmp (key, "peak_rss_kib") == 0)
        ok = read_int_or_null (r, 0, G_MAXINT64, -1, &record->peak_rss_kib);
      else if (strcmp (key, "ended_unix_us") == 0)
        ok = read_int_or_null (r, 0, G_MAXINT64, -1, &record->ended_unix_us);
      else if (strcmp (key, "other_cpu_s") == 0)
        ok = read_double_or_null (r, 0, 1e12, &record->other_cpu_s);
      else if (strcmp (key, "other_load") == 0)
        ok = read_double_or_null (r, 0, 1, &record->other_load);
      else if (strcmp (key, "plans") == 0)
        ok = read_plans (r, record);
      else if (strcmp (key, "snapshot") == 0)
        {
          g_clear_pointer (&record->snapshot, il_trace_snapshot_unref);
          ok = read_snapshot (r, &record->snapshot);
        }
      else
        ok = skip_value (r, 0);
      if (!ok)
        return FALSE;
      where_pop (r, at);
    }
  if (r->error != NULL)
    return FALSE;

  if (record->title == NULL)
    return fail (r, _("the run's title is missing"));
  if (record->snapshot == NULL)
    return fail (r, _("the run's snapshot is missing"));
  if (record->plans != NULL && record->n_plans != record->snapshot->n_tasks)
    return fail (r, _("%u plans for %u tasks"), record->n_plans, record->snapshot->n_tasks);
  for (guint i = 0; i < record->n_completion_order; i++)
    if (record->completion_order[i] >= record->snapshot->n_tasks)
      return fail (r, _("completion_order: task %u does not exist (%u tasks)"),
                   record->completion_order[i], record->snapshot->n_tasks);
  for (guint i = 0; record->plans != NULL && i < record->n_plans; i++)
    if (record->plans[i].discovered_by > record->snapshot->n_tasks)
      return fail (r, _("plans: task %u does not exist (%u tasks)"),
                   record->plans[i].discovered_by - 1, record->snapshot->n_tasks);
  *out = g_steal_pointer (&record);
  return TRUE;
}

static gboolean
read_machine (Reader *r,
              Parsed *parsed)
{
  gboolean first = TRUE;
  char key[64];

  if (!obj_begin (r))
    return FALSE;
  while (obj_next (r, &first, key, sizeof key))
    {
      gsize at = where_push_key (r, key);
      gboolean ok;

      if (strcmp (key, "logical_cores") == 0)
        ok = read_uint (r, IL_RUN_FILE_MAX_CPUS, &parsed->logical_cores);
      else if (strcmp (key, "cpu_model") == 0)
        ok = read_string_or_null (r, &parsed->cpu_model);
      else
        ok = skip_value (r, 0);
      if (!ok)
        return FALSE;
      where_pop (r, at);
    }
  return r->error == NULL;
}

/* "MAJOR.MINOR": a newer major version is refused */
static gboolean
check_version (Reader     *r,
               const char *version)
{
  guint64 major = 0;
  char *end = NULL;

  if (!g_ascii_isdigit (version[0]) ||
      (major = g_ascii_strtoull (version, &end, 10), *end != '.') ||
      !g_ascii_isdigit (end[1]))
    return fail (r, _("the version “%s” is not MAJOR.MINOR"), version);
  if (major > IL_RUN_FILE_VERSION_MAJOR)
    return fail_code (r, IL_RUN_FILE_ERROR_TOO_NEW,
                      _("written by a newer Interleave (file format %s); this one reads format %d.x"),
                      version, IL_RUN_FILE_VERSION_MAJOR);
  if (major < 1)
    return fail (r, _("the version “%s” is not MAJOR.MINOR"), version);
  return TRUE;
}

void
il_run_file_sweep_free (IlRunFileSweep *sweep)
{
  if (sweep == NULL)
    return;
  g_free (sweep->values);
  g_free (sweep->value_of_run);
  g_free (sweep);
}

/* "sweep": { "axis", "values", "repeat", "drop_busy", "value_of_run" } */
static gboolean
read_sweep (Reader *r,
            Parsed *parsed)
{
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) value_of_run = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *axis = NULL;
  IlRunFileSweep *sweep;
  gboolean first = TRUE;
  gboolean have_repeat = FALSE;
  guint repeat = 1;
  guint runs_planned = 0;
  gboolean drop_busy = FALSE;
  char key[64];

  if (!obj_begin (r))
    return FALSE;
  while (obj_next (r, &first, key, sizeof key))
    {
      gsize at = where_push_key (r, key);
      gboolean ok;

      if (strcmp (key, "axis") == 0)
        ok = read_required_string (r, &axis);
      else if (strcmp (key, "repeat") == 0)
        ok = have_repeat = read_uint (r, IL_SWEEP_MAX_REPEAT, &repeat);
      else if (strcmp (key, "drop_busy") == 0)
        ok = read_bool (r, &drop_busy);
      else if (strcmp (key, "runs_planned") == 0)
        ok = read_uint (r, IL_SWEEP_MAX_RUNS, &runs_planned);
      else if (strcmp (key, "values") == 0 || strcmp (key, "value_of_run") == 0)
        {
          gboolean is_values = key[1] == 'a' && key[5] == 's';
          gboolean first_item = TRUE;

          ok = arr_begin (r);
          while (ok && arr_next (r, &first_item))
            {
              gint64 v;

              if (is_values ? values->len >= IL_SWEEP_MAX_VALUES : value_of_run->len >= IL_RUN_FILE_MAX_RUNS)
                return fail (r, _("too many entries"));
              ok = read_int (r, is_values ? 1 : 0, is_values ? G_MAXINT : IL_SWEEP_MAX_VALUES - 1, &v);
              if (ok && is_values)
                g_array_append_val (values, v);
              else if (ok)
                {
                  guint u = (guint) v;

                  g_array_append_val (value_of_run, u);
                }
            }
          ok = ok && r->error == NULL;
        }
      else
        ok = skip_value (r, 0);
      if (!ok)
        return FALSE;
      where_pop (r, at);
    }
  if (r->error != NULL)
    return FALSE;

  sweep = g_new0 (IlRunFileSweep, 1);
  if (axis == NULL || !il_sweep_axis_from_string (axis, &sweep->axis) || values->len == 0 ||
      !have_repeat || repeat == 0)
    {
      il_run_file_sweep_free (sweep);
      return fail (r, _("the sweep needs an axis (workers or tasks), values and a repeat count"));
    }
  for (guint i = 0; i < value_of_run->len; i++)
    if (g_array_index (value_of_run, guint, i) >= values->len)
      {
        il_run_file_sweep_free (sweep);
        return fail (r, _("a run of the sweep has a value it does not list"));
      }
  sweep->n_values = values->len;
  sweep->values = (gint64 *) (gpointer) g_array_free (g_steal_pointer (&values), FALSE);
  sweep->repeat = repeat;
  sweep->drop_busy = drop_busy;
  sweep->n_runs = value_of_run->len;
  sweep->runs_planned = runs_planned;
  sweep->value_of_run = (guint *) (gpointer) g_array_free (g_steal_pointer (&value_of_run), FALSE);
  /* the count of value_of_run is checked against the runs at the end */
  g_clear_pointer (&parsed->sweep, il_run_file_sweep_free);
  parsed->sweep = sweep;
  return TRUE;
}

static gboolean
read_interleave (Reader *r,
                 Parsed *parsed)
{
  gboolean first = TRUE;
  char key[64];

  if (!obj_begin (r))
    return FALSE;
  while (obj_next (r, &first, key, sizeof key))
    {
      gsize at = where_push_key (r, key);
      gboolean ok;

      if (strcmp (key, "format") == 0)
        {
          ok = read_required_string (r, &parsed->format);
          if (ok && strcmp (parsed->format, IL_RUN_FILE_FORMAT) != 0)
            return fail (r, _("unknown format “%s” (known: %s)"), parsed->format, IL_RUN_FILE_FORMAT);
        }
      else if (strcmp (key, "version") == 0)
        ok = read_required_string (r, &parsed->version) && check_version (r, parsed->version);
      else if (strcmp (key, "program_version") == 0)
        ok = read_string_or_null (r, &parsed->program_version);
      else if (strcmp (key, "written") == 0)
        ok = read_string_or_null (r, &parsed->written);
      else if (strcmp (key, "machine") == 0)
        ok = read_machine (r, parsed);
      else if (strcmp (key, "workload") == 0)
        ok = read_workload (r, parsed);
      else if (strcmp (key, "sweep") == 0)
        ok = read_sweep (r, parsed);
      else if (strcmp (key, "runs") == 0)
        {
          gboolean first_run = TRUE;

          g_clear_pointer (&parsed->records, g_ptr_array_unref);
          parsed->records = g_ptr_array_new_with_free_func ((GDestroyNotify) il_run_record_unref);
          ok = arr_begin (r);
          while (ok && arr_next (r, &first_run))
            {
              gsize at_run = where_push_index (r, parsed->records->len);
              IlRunRecord *record = NULL;

              if (parsed->records->len >= IL_RUN_FILE_MAX_RUNS)
                return fail (r, _("more than %u runs"), IL_RUN_FILE_MAX_RUNS);
              ok = read_run (r, &record);
              if (ok)
                g_ptr_array_add (parsed->records, record);
              where_pop (r, at_run);
            }
          ok = ok && r->error == NULL;
        }
      else
        ok = skip_value (r, 0);
      if (!ok)
        return FALSE;
      where_pop (r, at);
    }
  if (r->error != NULL)
    return FALSE;
  if (parsed->format == NULL || parsed->version == NULL)
    return fail (r, _("the format and version are missing"));
  if (!parsed->have_workload)
    return fail (r, _("the workload is missing"));
  if (parsed->records == NULL)
    return fail (r, _("the runs are missing"));
  if (parsed->sweep != NULL && parsed->sweep->n_runs != parsed->records->len)
    return fail (r, _("the sweep names %u runs, the file holds %u"), parsed->sweep->n_runs,
                 parsed->records->len);
  return TRUE;
}

/* ------------------------------------------------------------------------ */

void
il_run_file_free (IlRunFile *file)
{
  if (file == NULL)
    return;
  g_clear_pointer (&file->workload, il_workload_unref);
  g_free (file->cpu_model);
  g_free (file->program_version);
  g_free (file->written);
  for (guint i = 0; i < file->n_records; i++)
    il_run_record_unref (file->records[i]);
  g_free (file->records);
  il_run_file_sweep_free (file->sweep);
  g_free (file);
}

IlRunFile *
il_run_file_read_data (const char  *data,
                       gsize        length,
                       const char  *origin,
                       GError     **error)
{
  g_autoptr(GString) where = g_string_new (NULL);
  Reader r = { data, data, data + length, origin, where, NULL };
  Parsed parsed = { 0, };
  gboolean found = FALSE;
  gboolean first = TRUE;
  IlRunFile *file;
  char key[64];

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (origin != NULL, NULL);

  if (peek (&r) < 0)
    {
      g_set_error (error, IL_RUN_FILE_ERROR, IL_RUN_FILE_ERROR_INVALID,
                   _("%s: the file is empty"), origin);
      return NULL;
    }
  if (peek (&r) != '{')
    {
      /* An array of events is another tool's trace; anything else is no JSON */
      if (peek (&r) == '[')
        g_set_error (error, IL_RUN_FILE_ERROR, IL_RUN_FILE_ERROR_NOT_OURS,
                     _("%s: not an Interleave file"), origin);
      else
        g_set_error (error, IL_RUN_FILE_ERROR, IL_RUN_FILE_ERROR_INVALID,
                     _("%s: not an Interleave file (not JSON)"), origin);
      return NULL;
    }
  r.p++;
  while (obj_next (&r, &first, key, sizeof key))
    {
      if (strcmp (key, "interleave") == 0 && !found)
        {
          gsize at = where_push_key (&r, key);

          found = TRUE;
          if (!read_interleave (&r, &parsed))
            break;
          where_pop (&r, at);
        }
      else if (!skip_value (&r, 0))
        break;
    }
  if (r.error == NULL && peek (&r) >= 0)
    fail_syntax (&r, _("text after the end"));
  if (r.error == NULL && !found)
    fail_code (&r, IL_RUN_FILE_ERROR_NOT_OURS, _("not an Interleave file"));

  if (r.error != NULL)
    {
      g_propagate_error (error, r.error);
      parsed_clear (&parsed);
      return NULL;
    }

  file = g_new0 (IlRunFile, 1);
  {
    gsize text_length = 0;
    g_autofree char *text = g_key_file_to_data (parsed.workload, &text_length, NULL);
    g_autoptr(GBytes) bytes = g_bytes_new (text, text_length);
    g_autoptr(GError) local_error = NULL;

    file->workload = il_workload_load_bytes (bytes, origin, &local_error);
    if (file->workload == NULL)
      {
        g_set_error (error, IL_RUN_FILE_ERROR, IL_RUN_FILE_ERROR_INVALID,
                     _("%s: the workload: %s"), origin, local_error->message);
        il_run_file_free (file);
        parsed_clear (&parsed);
        return NULL;
      }
  }
  file->params = parsed.params;
  file->logical_cores = parsed.logical_cores;
  file->cpu_model = g_steal_pointer (&parsed.cpu_model);
  file->program_version = g_steal_pointer (&parsed.program_version);
  file->written = g_steal_pointer (&parsed.written);
  file->n_records = parsed.records->len;
  file->records = (IlRunRecord **) g_ptr_array_free (g_steal_pointer (&parsed.records), FALSE);
  file->sweep = g_steal_pointer (&parsed.sweep);
  parsed_clear (&parsed);
  return file;
}

IlRunFile *
il_run_file_read (const char  *path,
                  GError     **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) local_error = NULL;
  GStatBuf st;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, IL_RUN_FILE_ERROR, IL_RUN_FILE_ERROR_READ,
                   _("cannot read “%s”: %s"), path, g_strerror (saved));
      return NULL;
    }
  if (S_ISDIR (st.st_mode))
    {
      g_set_error (error, IL_RUN_FILE_ERROR, IL_RUN_FILE_ERROR_READ,
                   _("cannot read “%s”: %s"), path, g_strerror (EISDIR));
      return NULL;
    }
  if (g_stat (path, &st) == 0 && S_ISREG (st.st_mode) && st.st_size > IL_RUN_FILE_MAX_BYTES)
    {
      g_set_error (error, IL_RUN_FILE_ERROR, IL_RUN_FILE_ERROR_TOO_LARGE,
                   _("%s: larger than %" PRId64 " MiB: too large to open"),
                   path, IL_RUN_FILE_MAX_BYTES / (1024 * 1024));
      return NULL;
    }
  if (g_stat (path, &st) == 0 && S_ISREG (st.st_mode))
    {
      mapped = g_mapped_file_new (path, FALSE, &local_error);
      if (mapped == NULL)
        {
          g_set_error (error, IL_RUN_FILE_ERROR, IL_RUN_FILE_ERROR_READ,
                       _("cannot read “%s”: %s"), path, local_error->message);
          return NULL;
        }
      return il_run_file_read_data (g_mapped_file_get_contents (mapped),
                                    g_mapped_file_get_length (mapped), path, error);
    }
  else
    {
      /* A pipe or a device: read up to the cap */
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GFileInputStream) in = g_file_read (file, NULL, &local_error);
      g_autoptr(GByteArray) data = g_byte_array_new ();
      guint8 chunk[65536];
      gssize n;

      if (in == NULL)
        {
          g_set_error (error, IL_RUN_FILE_ERROR, IL_RUN_FILE_ERROR_READ,
                       _("cannot read “%s”: %s"), path,
                       local_error->message);
          return NULL;
        }
      while ((n = g_input_stream_read (G_INPUT_STREAM (in), chunk, sizeof chunk, NULL, &local_error)) > 0)
        {
          g_byte_array_append (data, chunk, n);
          if (data->len > IL_RUN_FILE_MAX_BYTES)
            {
              g_set_error (error, IL_RUN_FILE_ERROR, IL_RUN_FILE_ERROR_TOO_LARGE,
                           _("%s: larger than %" PRId64 " MiB: too large to open"),
                           path, IL_RUN_FILE_MAX_BYTES / (1024 * 1024));
              return NULL;
            }
        }
      if (n < 0)
        {
          g_set_error (error, IL_RUN_FILE_ERROR, IL_RUN_FILE_ERROR_READ,
                       _("cannot read “%s”: %s"), path, local_error->message);
          return NULL;
        }
      return il_run_file_read_data ((const char *) data->data, data->len, path, error);
    }
}
