/* il-chrome-import.c — other tools' Chrome traces as run records
 *
 * A streaming parse (yajl): the events are read one by one into per-thread
 * arrays of slices and begin/end marks, never into a tree of the whole
 * file; a million X events take a few hundred MiB less than json-glib's
 * tree would (bench/RESULTS.md).  Then, per thread, B and E are matched,
 * the slices sorted, and one sweep turns their nesting into the segments
 * of the innermost slice at each moment, each with its frame.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>
#if HAVE_YAJL
#include <yajl/yajl_parse.h>
#endif

#include "il-chrome-import.h"
#include "il-run-record.h"
#include "il-trace.h"

G_DEFINE_QUARK (il-chrome-import-error-quark, il_chrome_import_error)

#if HAVE_YAJL

/* |ts| and dur in µs, so that every difference of ns fits in a gint64:
 * 3e15 µs is about 95 years (µs since 1970 are 1.8e15 in 2027) */
#define MAX_ABS_US 3.0e15

typedef struct {
  gint64  start;
  gint64  end;
  guint32 name;
  guint32 seq;     /* file order: breaks ties */
} Slice;

typedef struct {
  gint64  ts;
  guint32 name;
  guint32 seq;
  gboolean begin;
} Mark;

typedef struct {
  gint64   pid;
  gint64   tid;
  char    *name;       /* thread_name, or NULL */
  gint64   sort;       /* thread_sort_index, 0 when none */
  guint    order;      /* first seen */
  GArray  *slices;     /* Slice */
  GArray  *marks;      /* Mark: B and E, matched after reading */
} Lane;

typedef struct {
  gint64     pid;
  char      *name;     /* process_name, or NULL */
  gint64     sort;     /* process_sort_index, 0 when none */
  guint      order;
  GPtrArray *lanes;    /* Lane*, owned by the parser's list */
} Process;

typedef enum {
  KEY_OTHER,
  KEY_PH,
  KEY_NAME,
  KEY_TS,
  KEY_DUR,
  KEY_PID,
  KEY_TID,
  KEY_ARGS,
} EventKey;

typedef enum {
  ARG_OTHER,
  ARG_NAME,
  ARG_SORT_INDEX,
} ArgKey;

/* One event as it is read; what is missing or not usable is flagged. */
typedef struct {
  char     ph;            /* 0: none; 1: not a one-letter string */
  gboolean has_name;
  char     name[IL_CHROME_IMPORT_MAX_NAME + 1];
  gboolean has_ts;
  double   ts;
  gboolean has_dur;
  double   dur;
  gboolean has_pid;
  gint64   pid;
  gboolean has_tid;
  gint64   tid;
  gboolean bad_id;        /* pid or tid present but not a whole number */
  gboolean has_arg_name;
  char     arg_name[IL_CHROME_IMPORT_MAX_NAME + 1];
  gboolean has_sort_index;
  double   sort_index;
} Event;

typedef struct {
  const char           *filename;   /* the base name */
  yajl_handle           yajl;
  IlChromeImportReport *report;
  GError               *error;

  int                   depth;         /* containers open */
  char                  top;           /* 0, '[' or '{' */
  int                   events_depth;  /* depth of the events array's elements' container */
  gboolean              in_events;
  gboolean              saw_events;
  gboolean              next_is_events;
  gboolean              in_event;
  gboolean              in_args;
  EventKey              key;
  ArgKey                arg_key;
  Event                 ev;
  guint32               seq;

  GHashTable           *lane_index;    /* Lane* (pid, tid) → Lane* */
  GPtrArray            *lanes;         /* Lane*, owned */
  GHashTable           *process_index; /* &pid → Process* */
  GPtrArray            *processes;     /* Process*, owned */
  GHashTable           *name_index;    /* a name of names → 1 + its index */
  GPtrArray            *names;         /* char*, owned: slice names as read */
} Parser;

static guint
lane_hash (gconstpointer p)
{
  const Lane *lane = p;

  guint64 key = (guint64) lane->pid * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15) ^ (guint64) lane->tid;

  key ^= key >> 32;
  return (guint) key;
}

static gboolean
lane_equal (gconstpointer a,
            gconstpointer b)
{
  const Lane *x = a;
  const Lane *y = b;

  return x->pid == y->pid && x->tid == y->tid;
}

static void
lane_free (gpointer p)
{
  Lane *lane = p;

  g_free (lane->name);
  g_clear_pointer (&lane->slices, g_array_unref);
  g_clear_pointer (&lane->marks, g_array_unref);
  g_free (lane);
}

static void
process_free (gpointer p)
{
  Process *process = p;

  g_free (process->name);
  g_ptr_array_unref (process->lanes);
  g_free (process);
}

static const char *
display_name (const char *filename)
{
  const char *slash = strrchr (filename, '/');

  return slash != NULL && slash[1] != '\0' ? slash + 1 : filename;
}

/* Copies at most the cap of @s into @out, cut at a character boundary. */
static void
copy_name (Parser      *p,
           char        *out,
           const char  *s,
           gsize        len)
{
  if (len > IL_CHROME_IMPORT_MAX_NAME)
    {
      p->report->cut_names++;
      len = IL_CHROME_IMPORT_MAX_NAME;
      while (len > 0 && ((guchar) s[len] & 0xC0) == 0x80)
        len--;
    }
  memcpy (out, s, len);
  out[len] = '\0';
}

/* A copy of @s that is valid UTF-8 (names come from any tool). */
static char *
valid_strdup (const char *s)
{
  return g_utf8_validate (s, -1, NULL) ? g_strdup (s) : g_utf8_make_valid (s, -1);
}

static guint32
intern_name (Parser     *p,
             const char *name)
{
  gpointer found = g_hash_table_lookup (p->name_index, name);
  char *copy;

  if (found != NULL)
    return GPOINTER_TO_UINT (found) - 1;
  /* Kept once, as read (the key); made valid when a frame is named */
  copy = g_strdup (name);
  g_ptr_array_add (p->names, copy);
  g_hash_table_insert (p->name_index, copy, GUINT_TO_POINTER (p->names->len));
  return p->names->len - 1;
}

static gboolean
fail_shape (Parser     *p,
            const char *what)
{
  if (p->error == NULL)
    g_set_error (&p->error, IL_CHROME_IMPORT_ERROR, IL_CHROME_IMPORT_ERROR_NOT_A_TRACE,
                 /* Translators: %s: a file name, %zu: a byte offset, %s: what was found */
                 _("%s: not a trace: byte %zu: %s"),
                 p->filename, (size_t) yajl_get_bytes_consumed (p->yajl), what);
  return FALSE;
}

static Process *
get_process (Parser *p,
             gint64  pid)
{
  Process *process = g_hash_table_lookup (p->process_index, &pid);

  if (process != NULL)
    return process;
  if (p->processes->len >= IL_CHROME_IMPORT_MAX_LANES)
    {
      if (p->error == NULL)
        g_set_error (&p->error, IL_CHROME_IMPORT_ERROR, IL_CHROME_IMPORT_ERROR_TOO_LARGE,
                     _("%s: more than %u processes"), p->filename, IL_CHROME_IMPORT_MAX_LANES);
      return NULL;
    }
  process = g_new0 (Process, 1);
  process->pid = pid;
  process->order = p->processes->len;
  process->lanes = g_ptr_array_new ();
  g_ptr_array_add (p->processes, process);
  g_hash_table_insert (p->process_index, &process->pid, process);
  return process;
}

static Lane *
get_lane (Parser *p,
          gint64  pid,
          gint64  tid)
{
  Lane key = { .pid = pid, .tid = tid };
  Lane *lane = g_hash_table_lookup (p->lane_index, &key);
  Process *process;

  if (lane != NULL)
    return lane;
  if (p->lanes->len >= IL_CHROME_IMPORT_MAX_LANES)
    {
      if (p->error == NULL)
        g_set_error (&p->error, IL_CHROME_IMPORT_ERROR, IL_CHROME_IMPORT_ERROR_TOO_LARGE,
                     _("%s: more than %u threads"), p->filename, IL_CHROME_IMPORT_MAX_LANES);
      return NULL;
    }
  process = get_process (p, pid);
  if (process == NULL)
    return NULL;
  lane = g_new0 (Lane, 1);
  lane->pid = pid;
  lane->tid = tid;
  lane->order = p->lanes->len;
  lane->slices = g_array_new (FALSE, FALSE, sizeof (Slice));
  lane->marks = g_array_new (FALSE, FALSE, sizeof (Mark));
  g_ptr_array_add (p->lanes, lane);
  g_ptr_array_add (process->lanes, lane);
  g_hash_table_add (p->lane_index, lane);
  return lane;
}

static gboolean
time_ok (double us)
{
  return isfinite (us) && fabs (us) <= MAX_ABS_US;
}

static gint64
us_to_ns (double us)
{
  return (gint64) llround (us * 1000.0);
}

static gboolean
handle_metadata (Parser      *p,
                 const Event *ev)
{
  gboolean process_name = strcmp (ev->name, "process_name") == 0;
  gboolean process_sort = strcmp (ev->name, "process_sort_index") == 0;
  gboolean thread_name = strcmp (ev->name, "thread_name") == 0;
  gboolean thread_sort = strcmp (ev->name, "thread_sort_index") == 0;

  if (!ev->has_name || ev->bad_id || !(process_name || process_sort || thread_name || thread_sort) ||
      ((process_name || thread_name) && !ev->has_arg_name) ||
      ((process_sort || thread_sort) && (!ev->has_sort_index || !isfinite (ev->sort_index) ||
                                         fabs (ev->sort_index) > 1e15)))
    {
      p->report->skipped_events++;
      return TRUE;
    }
  if (process_name || process_sort)
    {
      Process *process = get_process (p, ev->pid);

      if (process == NULL)
        return FALSE;
      if (process_name)
        {
          g_free (process->name);
          process->name = valid_strdup (ev->arg_name);
        }
      else
        process->sort = (gint64) ev->sort_index;
    }
  else
    {
      Lane *lane = get_lane (p, ev->pid, ev->tid);

      if (lane == NULL)
        return FALSE;
      if (thread_name)
        {
          g_free (lane->name);
          lane->name = valid_strdup (ev->arg_name);
        }
      else
        lane->sort = (gint64) ev->sort_index;
    }
  return TRUE;
}

/* An event was read: keep what it adds, count what it does not. */
static gboolean
handle_event (Parser *p)
{
  Event *ev = &p->ev;
  Lane *lane;
  guint32 seq = p->seq++;

  if (++p->report->events > IL_CHROME_IMPORT_MAX_EVENTS)
    {
      g_set_error (&p->error, IL_CHROME_IMPORT_ERROR, IL_CHROME_IMPORT_ERROR_TOO_LARGE,
                   _("%s: more than %u events"), p->filename, IL_CHROME_IMPORT_MAX_EVENTS);
      return FALSE;
    }
  switch (ev->ph)
    {
    case 'X':
    case 'B':
    case 'E':
      break;
    case 'M':
      return handle_metadata (p, ev);
    case 0:
      p->report->skipped_events++;
      return TRUE;
    default:
      /* Every other phase of the format: instant, counter, async, flow,
       * sample, object, memory dump, mark, context, clock sync */
      if (strchr ("iICbneSTpFstfPNODRcv()", ev->ph) != NULL)
        p->report->skipped_events++;
      else
        p->report->unknown_phases++;
      return TRUE;
    }

  if (ev->bad_id)
    {
      p->report->skipped_events++;
      return TRUE;
    }
  if (!ev->has_ts || !time_ok (ev->ts) ||
      (ev->ph == 'X' && (!ev->has_dur || !time_ok (ev->dur) || ev->dur < 0)))
    {
      p->report->bad_times++;
      return TRUE;
    }
  lane = get_lane (p, ev->pid, ev->tid);
  if (lane == NULL)
    return FALSE;
  if (ev->ph == 'X')
    {
      Slice slice;

      slice.start = us_to_ns (ev->ts);
      slice.end = slice.start + us_to_ns (ev->dur);
      slice.name = intern_name (p, ev->name);
      slice.seq = seq;
      g_array_append_val (lane->slices, slice);
    }
  else
    {
      Mark mark;

      mark.ts = us_to_ns (ev->ts);
      mark.name = ev->ph == 'B' ? intern_name (p, ev->name) : 0;
      mark.seq = seq;
      mark.begin = ev->ph == 'B';
      g_array_append_val (lane->marks, mark);
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* The parser's callbacks: where a value sits decides what it means. */

enum { VALUE_SCALAR, VALUE_MAP, VALUE_ARRAY };

static gboolean
at_event_field (Parser *p)
{
  return p->in_event && !p->in_args && p->depth == p->events_depth + 1;
}

static gboolean
at_arg (Parser *p)
{
  return p->in_args && p->depth == p->events_depth + 2;
}

/* Checks the shape above the events; FALSE stops the parse. */
static gboolean
value_start (Parser *p,
             int     kind)
{
  if (p->depth == 0)
    {
      if (kind == VALUE_MAP)
        p->top = '{';
      else if (kind == VALUE_ARRAY)
        {
          p->top = '[';
          p->in_events = TRUE;
          p->saw_events = TRUE;
          p->events_depth = 1;
        }
      else
        return fail_shape (p, _("neither an object nor an array of events"));
      return TRUE;
    }
  if (p->top == '{' && p->depth == 1 && p->next_is_events)
    {
      p->next_is_events = FALSE;
      if (kind != VALUE_ARRAY)
        return fail_shape (p, _("\"traceEvents\" is not an array"));
      p->in_events = TRUE;
      p->saw_events = TRUE;
      p->events_depth = 2;
      return TRUE;
    }
  if (p->in_events && p->depth == p->events_depth && kind != VALUE_MAP)
    return fail_shape (p, _("an event is not an object"));
  return TRUE;
}

/* Plain decimals ("1002.909", "-5") with at most 15 digits: the digits
 * as an integer and one division by an exact power of ten round correctly,
 * as strtod would, at a fraction of its time.  Anything else goes to
 * g_ascii_strtod. */
static gboolean
parse_plain_decimal (const char *s,
                     gsize       len,
                     double     *out)
{
  static const double tens[] = { 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
                                 1e10, 1e11, 1e12, 1e13, 1e14, 1e15 };
  guint64 mantissa = 0;
  guint digits = 0;
  guint decimals = 0;
  gboolean point = FALSE;
  gsize i = 0;
  gboolean negative = len > 0 && s[0] == '-';

  if (negative)
    i++;
  for (; i < len; i++)
    {
      if (s[i] >= '0' && s[i] <= '9')
        {
          if (++digits > 15)
            return FALSE;
          mantissa = mantissa * 10 + (guint64) (s[i] - '0');
          decimals += point;
        }
      else if (s[i] == '.' && !point)
        point = TRUE;
      else
        return FALSE;
    }
  if (digits == 0)
    return FALSE;
  *out = (double) mantissa / tens[decimals];
  if (negative)
    *out = -*out;
  return TRUE;
}

static double
parse_number (const char *s,
              gsize       len)
{
  char buf[64];
  char *end = NULL;
  double v;

  if (parse_plain_decimal (s, len, &v))
    return v;
  if (len >= sizeof buf)
    return NAN;
  memcpy (buf, s, len);
  buf[len] = '\0';
  v = g_ascii_strtod (buf, &end);
  return end != NULL && *end == '\0' ? v : NAN;
}

static void
set_id (Parser  *p,
        double   v,
        gboolean is_pid)
{
  Event *ev = &p->ev;

  if (!isfinite (v) || v != floor (v) || fabs (v) > 9e15)
    {
      ev->bad_id = TRUE;
      return;
    }
  if (is_pid)
    {
      ev->has_pid = TRUE;
      ev->pid = (gint64) v;
    }
  else
    {
      ev->has_tid = TRUE;
      ev->tid = (gint64) v;
    }
}

/* A scalar of an event or of its args; @v is NAN when not a number. */
static void
set_scalar (Parser  *p,
            double   v,
            gboolean is_number)
{
  Event *ev = &p->ev;

  if (at_event_field (p))
    switch (p->key)
      {
      case KEY_TS:
        ev->has_ts = TRUE;
        ev->ts = is_number ? v : NAN;
        break;
      case KEY_DUR:
        ev->has_dur = TRUE;
        ev->dur = is_number ? v : NAN;
        break;
      case KEY_PID:
      case KEY_TID:
        set_id (p, is_number ? v : NAN, p->key == KEY_PID);
        break;
      case KEY_PH:
        ev->ph = 1;
        break;
      default:
        break;
      }
  else if (at_arg (p) && p->arg_key == ARG_SORT_INDEX)
    {
      ev->has_sort_index = TRUE;
      ev->sort_index = is_number ? v : NAN;
    }
}

static int
on_null (void *ctx)
{
  Parser *p = ctx;

  if (!value_start (p, VALUE_SCALAR))
    return 0;
  set_scalar (p, NAN, FALSE);
  return 1;
}

static int
on_boolean (void *ctx,
            int   value G_GNUC_UNUSED)
{
  return on_null (ctx);
}

static int
on_number (void       *ctx,
           const char *s,
           size_t      len)
{
  Parser *p = ctx;

  if (!value_start (p, VALUE_SCALAR))
    return 0;
  set_scalar (p, parse_number (s, len), TRUE);
  return 1;
}

static gboolean
all_digits (const unsigned char *s,
            gsize                len)
{
  if (len == 0 || len > 19)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (s[i]) && !(i == 0 && s[i] == '-' && len > 1))
      return FALSE;
  return TRUE;
}

static int
on_string (void                *ctx,
           const unsigned char *s,
           size_t               len)
{
  Parser *p = ctx;
  Event *ev = &p->ev;

  if (!value_start (p, VALUE_SCALAR))
    return 0;
  if (at_event_field (p))
    switch (p->key)
      {
      case KEY_PH:
        ev->ph = len == 1 && s[0] > 1 ? (char) s[0] : 1;
        break;
      case KEY_NAME:
        ev->has_name = TRUE;
        copy_name (p, ev->name, (const char *) s, len);
        break;
      case KEY_PID:
      case KEY_TID:
        /* Some tools write ids as strings of digits */
        set_id (p, all_digits (s, len) ? parse_number ((const char *) s, len) : NAN,
                p->key == KEY_PID);
        break;
      default:
        set_scalar (p, NAN, FALSE);
        break;
      }
  else if (at_arg (p) && p->arg_key == ARG_NAME)
    {
      ev->has_arg_name = TRUE;
      copy_name (p, ev->arg_name, (const char *) s, len);
    }
  else
    set_scalar (p, NAN, FALSE);
  return 1;
}

static int
on_start_map (void *ctx)
{
  Parser *p = ctx;

  if (!value_start (p, VALUE_MAP))
    return 0;
  if (p->in_events && p->depth == p->events_depth)
    {
      memset (&p->ev, 0, sizeof p->ev);
      p->in_event = TRUE;
      p->key = KEY_OTHER;
    }
  else if (at_event_field (p))
    {
      if (p->key == KEY_ARGS)
        {
          p->in_args = TRUE;
          p->arg_key = ARG_OTHER;
        }
      else
        set_scalar (p, NAN, FALSE);
    }
  p->depth++;
  return 1;
}

static int
on_map_key (void                *ctx,
            const unsigned char *s,
            size_t               len)
{
  Parser *p = ctx;

#define IS(word) (len == sizeof (word) - 1 && memcmp (s, word, len) == 0)
  if (p->top == '{' && p->depth == 1)
    p->next_is_events = IS ("traceEvents");
  else if (at_event_field (p))
    {
      if (IS ("ph"))
        p->key = KEY_PH;
      else if (IS ("name"))
        p->key = KEY_NAME;
      else if (IS ("ts"))
        p->key = KEY_TS;
      else if (IS ("dur"))
        p->key = KEY_DUR;
      else if (IS ("pid"))
        p->key = KEY_PID;
      else if (IS ("tid"))
        p->key = KEY_TID;
      else if (IS ("args"))
        p->key = KEY_ARGS;
      else
        p->key = KEY_OTHER;
    }
  else if (at_arg (p))
    p->arg_key = IS ("name") ? ARG_NAME : IS ("sort_index") ? ARG_SORT_INDEX : ARG_OTHER;
#undef IS
  return 1;
}

static int
on_end_container (void *ctx)
{
  Parser *p = ctx;

  p->depth--;
  if (p->in_event && p->depth == p->events_depth)
    {
      p->in_event = FALSE;
      p->in_args = FALSE;
      return handle_event (p) ? 1 : 0;
    }
  if (p->in_args && p->depth == p->events_depth + 1)
    p->in_args = FALSE;
  else if (p->in_events && p->depth == p->events_depth - 1)
    p->in_events = FALSE;
  return 1;
}

static int
on_start_array (void *ctx)
{
  Parser *p = ctx;

  if (!value_start (p, VALUE_ARRAY))
    return 0;
  set_scalar (p, NAN, FALSE);
  p->depth++;
  return 1;
}

static const yajl_callbacks callbacks = {
  .yajl_null = on_null,
  .yajl_boolean = on_boolean,
  .yajl_number = on_number,
  .yajl_string = on_string,
  .yajl_start_map = on_start_map,
  .yajl_map_key = on_map_key,
  .yajl_end_map = on_end_container,
  .yajl_start_array = on_start_array,
  .yajl_end_array = on_end_container,
};

/* ------------------------------------------------------------------------ */
/* From slices to segments */

static int
compare_marks (gconstpointer a,
               gconstpointer b)
{
  const Mark *x = a;
  const Mark *y = b;

  if (x->ts != y->ts)
    return x->ts < y->ts ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* By start; the longer first, so that an enclosing slice comes before
 * what it encloses; then in file order. */
static int
compare_slices (gconstpointer a,
                gconstpointer b)
{
  const Slice *x = a;
  const Slice *y = b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end > y->end ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* B and E of a lane become slices: matched per thread as a stack. */
static void
match_marks (Parser *p,
             Lane   *lane)
{
  g_autoptr(GArray) open = g_array_new (FALSE, FALSE, sizeof (guint));
  Mark *marks = (Mark *) (gpointer) lane->marks->data;

  g_array_sort (lane->marks, compare_marks);
  for (guint i = 0; i < lane->marks->len; i++)
    {
      if (marks[i].begin)
        g_array_append_val (open, i);
      else if (open->len == 0)
        p->report->unmatched_ends++;
      else
        {
          const Mark *begin = &marks[g_array_index (open, guint, open->len - 1)];
          Slice slice = { begin->ts, marks[i].ts, begin->name, begin->seq };

          g_array_set_size (open, open->len - 1);
          g_array_append_val (lane->slices, slice);
        }
    }
  p->report->unended_begins += open->len;
  g_clear_pointer (&lane->marks, g_array_unref);
}

/* The frames of a run: (parent, name) pairs, each once, found through an
 * open-addressing table of their indices (no allocation per frame). */
typedef struct {
  GArray  *frames;   /* guint32 pairs: parent, name */
  guint32 *slots;    /* 1 + frame, 0: empty; a power of two, at most half full */
  gsize    n_slots;
} FrameTable;

static guint
frame_hash (guint32 parent,
            guint32 name)
{
  guint64 key = ((guint64) parent << 32) | name;

  key ^= key >> 29;
  key *= G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  key ^= key >> 32;
  return (guint) key;
}

static void
frame_table_init (FrameTable *table)
{
  table->frames = g_array_new (FALSE, FALSE, 2 * sizeof (guint32));
  table->n_slots = 1024;
  table->slots = g_new0 (guint32, table->n_slots);
}

static void
frame_table_clear (FrameTable *table)
{
  g_clear_pointer (&table->frames, g_array_unref);
  g_clear_pointer (&table->slots, g_free);
}

static const guint32 *
frame_at (FrameTable *table,
          guint32     frame)
{
  return (const guint32 *) (gconstpointer) (table->frames->data + (gsize) frame * 2 * sizeof (guint32));
}

static void
frame_table_place (FrameTable *table,
                   guint32     frame)
{
  const guint32 *pair = frame_at (table, frame);
  gsize i = frame_hash (pair[0], pair[1]) & (table->n_slots - 1);

  while (table->slots[i] != 0)
    i = (i + 1) & (table->n_slots - 1);
  table->slots[i] = frame + 1;
}

static guint32
intern_frame (FrameTable *table,
              guint32     parent,
              guint32     name)
{
  gsize i = frame_hash (parent, name) & (table->n_slots - 1);
  guint32 pair[2] = { parent, name };

  for (; table->slots[i] != 0; i = (i + 1) & (table->n_slots - 1))
    {
      const guint32 *other = frame_at (table, table->slots[i] - 1);

      if (other[0] == parent && other[1] == name)
        return table->slots[i] - 1;
    }
  g_array_append_vals (table->frames, pair, 1);
  if (table->frames->len * 2 > table->n_slots)
    {
      g_free (table->slots);
      table->n_slots *= 2;
      table->slots = g_new0 (guint32, table->n_slots);
      for (guint32 f = 0; f < table->frames->len; f++)
        frame_table_place (table, f);
    }
  else
    table->slots[i] = table->frames->len;
  return table->frames->len - 1;
}

typedef struct {
  gint64  end;
  guint32 frame;
} Open;

static void
emit (GArray  *segments,
      GArray  *frames,
      guint32  worker,
      guint32  frame,
      gint64   from,
      gint64   to)
{
  IlSegment seg = { 0, };

  if (to <= from)
    return;
  if (segments->len > 0)
    {
      IlSegment *last = &g_array_index (segments, IlSegment, segments->len - 1);

      if (last->end_ns == from && g_array_index (frames, guint32, frames->len - 1) == frame)
        {
          last->end_ns = to;
          return;
        }
    }
  seg.start_ns = from;
  seg.end_ns = to;
  seg.worker = worker;
  seg.cpu = IL_NO_CPU;
  seg.state = IL_STATE_RUNNING;
  g_array_append_val (segments, seg);
  g_array_append_val (frames, frame);
}

/* The sweep: at each moment the innermost open slice is what shows. */
static void
lane_segments (Parser     *p,
               Lane       *lane,
               FrameTable *table,
               gint64      origin,
               guint32     worker,
               GArray     *segments,
               GArray     *frames)
{
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (Open));
  const Slice *slices = (const Slice *) (gconstpointer) lane->slices->data;
  gint64 t = 0;

  for (guint i = 0; i < lane->slices->len; i++)
    {
      const Slice *s = &slices[i];
      gint64 start = s->start - origin;
      gint64 end = s->end - origin;
      guint32 parent = IL_NO_FRAME;
      Open open;

      while (stack->len > 0)
        {
          Open *top = &g_array_index (stack, Open, stack->len - 1);

          if (top->end > start)
            break;
          emit (segments, frames, worker, top->frame, t, top->end);
          t = top->end;
          g_array_set_size (stack, stack->len - 1);
        }
      if (stack->len > 0)
        {
          Open *top = &g_array_index (stack, Open, stack->len - 1);

          emit (segments, frames, worker, top->frame, t, start);
          parent = top->frame;
          if (end > top->end)
            {
              p->report->misnested++;
              end = top->end;
            }
        }
      t = start;
      if (stack->len >= IL_CHROME_IMPORT_MAX_DEPTH)
        {
          p->report->too_deep++;
          continue;
        }
      p->report->slices++;
      open.end = end;
      open.frame = intern_frame (table, parent, s->name);
      g_array_append_val (stack, open);
    }
  while (stack->len > 0)
    {
      Open *top = &g_array_index (stack, Open, stack->len - 1);

      emit (segments, frames, worker, top->frame, t, top->end);
      t = top->end;
      g_array_set_size (stack, stack->len - 1);
    }
}

static int
compare_lanes (gconstpointer a,
               gconstpointer b)
{
  const Lane *x = *(Lane * const *) a;
  const Lane *y = *(Lane * const *) b;

  if (x->sort != y->sort)
    return x->sort < y->sort ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

static int
compare_processes (gconstpointer a,
                   gconstpointer b)
{
  const Process *x = *(Process * const *) a;
  const Process *y = *(Process * const *) b;

  if (x->sort != y->sort)
    return x->sort < y->sort ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

static char *
number_string (gint64 n)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, n);
}

/* One process with slices: a run record. */
static IlRunRecord *
make_record (Parser  *p,
             Process *process,
             gint64   origin)
{
  g_autoptr(GArray) tasks = g_array_new (FALSE, TRUE, sizeof (IlTaskSnapshot));
  g_autoptr(GArray) workers = g_array_new (FALSE, TRUE, sizeof (IlWorkerInfo));
  FrameTable table;
  IlFrame *frames;
  IlRunRecord *record;
  IlWorkloadParams params = IL_WORKLOAD_PARAMS_INIT;

  frame_table_init (&table);
  g_ptr_array_sort (process->lanes, compare_lanes);
  for (guint i = 0; i < process->lanes->len; i++)
    {
      Lane *lane = g_ptr_array_index (process->lanes, i);
      /* n nested slices show as at most 2n - 1 pieces */
      guint most = MIN (2 * (guint64) lane->slices->len, G_MAXUINT);
      g_autoptr(GArray) segments = g_array_sized_new (FALSE, FALSE, sizeof (IlSegment), most);
      g_autoptr(GArray) seg_frames = g_array_sized_new (FALSE, FALSE, sizeof (guint32), most);
      IlTaskSnapshot task = { 0, };
      IlWorkerInfo worker = { 0, };

      lane_segments (p, lane, &table, origin, tasks->len, segments, seg_frames);
      g_clear_pointer (&lane->slices, g_array_unref);
      if (segments->len == 0)
        continue;
      task.id = tasks->len;
      if (lane->name != NULL)
        task.name = g_strdup (lane->name);
      else
        {
          g_autofree char *tid = number_string (lane->tid);

          /* Translators: a lane of an imported trace, %s: its thread id */
          task.name = g_strdup_printf (_("thread %s"), tid);
        }
      task.worker = tasks->len;
      task.submitted_ns = g_array_index (segments, IlSegment, 0).start_ns;
      task.started_ns = task.submitted_ns;
      task.finished_ns = g_array_index (segments, IlSegment, segments->len - 1).end_ns;
      task.finished = TRUE;
      task.ok = TRUE;
      task.n_segments = segments->len;
      task.segments = (IlSegment *) (gpointer) g_array_free (g_steal_pointer (&segments), FALSE);
      task.frames = (guint32 *) (gpointer) g_array_free (g_steal_pointer (&seg_frames), FALSE);
      g_array_append_val (tasks, task);

      worker.kind = IL_WORKER_THREAD;
      worker.tid = lane->tid;
      worker.pid = lane->pid;
      worker.label = g_strdup (task.name);
      g_array_append_val (workers, worker);
    }
  if (tasks->len == 0)
    {
      frame_table_clear (&table);
      return NULL;
    }

  record = il_run_record_new ();
  record->source = IL_RUN_SOURCE_IMPORTED;
  record->snapshot = il_trace_snapshot_new_from_tasks ((IlTaskSnapshot *) (gpointer) tasks->data, tasks->len,
                                                       (IlWorkerInfo *) (gpointer) workers->data, workers->len);
  record->snapshot->origin_ns = origin;
  for (guint i = 0; i < tasks->len; i++)
    {
      IlTaskSnapshot *task = &g_array_index (tasks, IlTaskSnapshot, i);

      g_free (task->name);
      g_free (task->segments);
      g_free (task->frames);
      g_free (g_array_index (workers, IlWorkerInfo, i).label);
    }

  frames = g_new (IlFrame, MAX (table.frames->len, 1));
  for (guint i = 0; i < table.frames->len; i++)
    {
      const guint32 *pair = frame_at (&table, i);

      frames[i].parent = pair[0];
      frames[i].name = valid_strdup (g_ptr_array_index (p->names, pair[1]));
    }
  il_trace_snapshot_take_frames (record->snapshot, frames, table.frames->len);
  frame_table_clear (&table);

  record->workload_name = g_strdup (p->filename);
  record->workload_title = g_strdup (p->filename);
  record->params = params;
  if (process->name != NULL)
    record->title = g_strdup (process->name);
  else
    {
      g_autofree char *pid = number_string (process->pid);

      /* Translators: a run of an imported trace, %s: its process id */
      record->title = g_strdup_printf (_("pid %s"), pid);
    }
  record->model = g_strdup (record->title);
  record->finished = TRUE;
  return record;
}

static GPtrArray *
build_records (Parser *p)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) il_run_record_unref);
  gint64 origin = G_MAXINT64;

  for (guint i = 0; i < p->lanes->len; i++)
    {
      Lane *lane = g_ptr_array_index (p->lanes, i);

      match_marks (p, lane);
      g_array_sort (lane->slices, compare_slices);
      if (lane->slices->len > 0)
        origin = MIN (origin, g_array_index (lane->slices, Slice, 0).start);
    }
  g_ptr_array_sort (p->processes, compare_processes);
  for (guint i = 0; i < p->processes->len; i++)
    {
      IlRunRecord *record = make_record (p, g_ptr_array_index (p->processes, i), origin);

      if (record != NULL)
        g_ptr_array_add (records, record);
    }
  return records;
}

GPtrArray *
il_chrome_import (const char           *data,
                  gsize                 length,
                  const char           *filename,
                  IlChromeImportReport *report,
                  GError              **error)
{
  IlChromeImportReport own_report;
  Parser p = { 0, };
  yajl_status status;
  GPtrArray *records = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (filename != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (report == NULL)
    report = &own_report;
  memset (report, 0, sizeof *report);
  p.filename = display_name (filename);
  p.report = report;

  if (length > IL_CHROME_IMPORT_MAX_BYTES)
    {
      g_set_error (error, IL_CHROME_IMPORT_ERROR, IL_CHROME_IMPORT_ERROR_TOO_LARGE,
                   _("%s: larger than %u MiB"), p.filename,
                   (guint) (IL_CHROME_IMPORT_MAX_BYTES >> 20));
      return NULL;
    }

  p.lane_index = g_hash_table_new (lane_hash, lane_equal);
  p.lanes = g_ptr_array_new_with_free_func (lane_free);
  p.process_index = g_hash_table_new (g_int64_hash, g_int64_equal);
  p.processes = g_ptr_array_new_with_free_func (process_free);
  p.name_index = g_hash_table_new (g_str_hash, g_str_equal);
  p.names = g_ptr_array_new_with_free_func (g_free);

  p.yajl = yajl_alloc (&callbacks, NULL, &p);
  /* Names are made valid UTF-8 when kept; the end is checked below (an
   * array may end early) */
  yajl_config (p.yajl, yajl_dont_validate_strings, 1);
  yajl_config (p.yajl, yajl_allow_partial_values, 1);
  status = yajl_parse (p.yajl, (const unsigned char *) (length > 0 ? data : ""), length);
  if (status == yajl_status_ok)
    status = yajl_complete_parse (p.yajl);

  if (p.error != NULL)
    g_propagate_error (error, g_steal_pointer (&p.error));
  else if (status != yajl_status_ok)
    {
      unsigned char *what = yajl_get_error (p.yajl, 0, NULL, 0);
      g_autofree char *reason = g_strstrip (g_strdup ((const char *) what));

      if (g_str_has_prefix (reason, "parse error: "))
        memmove (reason, reason + 13, strlen (reason + 13) + 1);
      if (g_str_has_prefix (reason, "lexical error: "))
        memmove (reason, reason + 15, strlen (reason + 15) + 1);
      g_set_error (error, IL_CHROME_IMPORT_ERROR, IL_CHROME_IMPORT_ERROR_NOT_A_TRACE,
                   /* Translators: %s: a file name, %zu: a byte offset, %s: what the parser says */
                   _("%s: not JSON: byte %zu: %s"),
                   p.filename, (size_t) yajl_get_bytes_consumed (p.yajl), reason);
      yajl_free_error (p.yajl, what);
    }
  else if (p.top == 0)
    g_set_error (error, IL_CHROME_IMPORT_ERROR, IL_CHROME_IMPORT_ERROR_NOT_A_TRACE,
                 _("%s: not JSON: byte %zu: %s"), p.filename, (size_t) length, _("no value"));
  else if (p.depth > 0 && p.top != '[')
    g_set_error (error, IL_CHROME_IMPORT_ERROR, IL_CHROME_IMPORT_ERROR_NOT_A_TRACE,
                 _("%s: not JSON: byte %zu: %s"), p.filename, (size_t) length, _("it ends early"));
  else if (!p.saw_events)
    g_set_error (error, IL_CHROME_IMPORT_ERROR, IL_CHROME_IMPORT_ERROR_NOT_A_TRACE,
                 _("%s: not a trace: no \"traceEvents\" array"), p.filename);
  else
    {
      if (p.depth > 0)
        {
          /* An array without its end, as Chrome may leave it: what was
           * read is kept, an event cut short is not */
          report->truncated = TRUE;
          if (p.in_event)
            report->skipped_events++;
        }
      records = build_records (&p);
      if (records->len == 0)
        {
          g_clear_pointer (&records, g_ptr_array_unref);
          g_set_error (error, IL_CHROME_IMPORT_ERROR, IL_CHROME_IMPORT_ERROR_NO_SLICES,
                       _("%s: no slices (X, or B and E events) in this trace"), p.filename);
        }
    }

  yajl_free (p.yajl);
  g_hash_table_unref (p.lane_index);
  g_hash_table_unref (p.process_index);
  g_ptr_array_unref (p.processes);
  g_ptr_array_unref (p.lanes);
  g_hash_table_unref (p.name_index);
  g_ptr_array_unref (p.names);
  return records;
}

#else /* !HAVE_YAJL */

/* Built without yajl: other tools' traces cannot be read, and say so. */
GPtrArray *
il_chrome_import (const char           *data,
                  gsize                 length,
                  const char           *filename,
                  IlChromeImportReport *report,
                  GError              **error)
{
  if (report != NULL)
    memset (report, 0, sizeof *report);
  g_set_error (error, IL_CHROME_IMPORT_ERROR, IL_CHROME_IMPORT_ERROR_NOT_A_TRACE,
               _("%s: this Interleave was built without yajl and cannot read other tools' traces"),
               filename);
  return NULL;
}

#endif /* HAVE_YAJL */
