/* il-workload.c — parsing and expanding workload recipes */

#include "config.h"

#include <inttypes.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>

#include "il-demo-site.h"
#include "il-http-types.h"
#include "il-machine.h"
#include "il-model-info.h"
#include "il-workload.h"
#include "il-workloads-resources.h"

#define RESOURCE_DIR "/io/github/interleave/Interleave/workloads"
#define MAX_TASKS    1000000
#define MAX_MS       (G_GINT64_CONSTANT (1000) * 3600 * 24)
#define MAX_PAGES    1000000
/* Phases a task may plan, repeats included: its sleeps (or its CPU work),
 * each at most MAX_MS, add up to less than G_MAXINT64 ns */
#define MAX_PHASES   100000

G_DEFINE_QUARK (il-workload-error-quark, il_workload_error)

typedef struct {
  IlPhaseKind kind;
} Step;

struct _IlWorkload {
  gatomicrefcount ref_count;
  char       *origin;
  char       *name;
  char       *title;
  char       *summary;
  char       *look_for;
  char       *seed;
  IlCategory  category;
  GStrv       models;
  gint        tasks;
  GStrv       names;
  char       *name_prefix;
  GArray     *steps;            /* Step */
  gint        repeat;
  gint64      io_ms;
  gint64      cpu_ms;
  gint64      random_seed;
  gint        workers;          /* Workers=: a count, or one of the WORKERS_ below */
  gboolean    has_crawl;        /* it has http phases */
  IlCrawlSettings crawl;
};

/* Workers= without a count (0: no key, the model decides) */
#define WORKERS_NONE            0
#define WORKERS_PYTHON_DEFAULT  (-1)   /* ThreadPoolExecutor(): min(32, cores + 4) */
#define WORKERS_CORES           (-2)   /* Pool(), ProcessPoolExecutor(): cores */

static const char * const category_ids[IL_N_CATEGORIES] = { "io", "cpu", "network", "mixed" };

const char *
il_category_to_string (IlCategory category)
{
  g_return_val_if_fail (category < IL_N_CATEGORIES, "io");
  return category_ids[category];
}

const char *
il_category_get_title (IlCategory category)
{
  switch (category)
    {
    case IL_CATEGORY_IO:      return _("I/O-bound");
    case IL_CATEGORY_CPU:     return _("CPU-bound");
    case IL_CATEGORY_NETWORK: return _("Network");
    case IL_CATEGORY_MIXED:   return _("Mixed");
    case IL_N_CATEGORIES:
    default:                  return "";
    }
}

static const struct { const char *id; IlPhaseKind kind; } phase_ids[] = {
  { "sleep", IL_PHASE_SLEEP },
  { "cpu", IL_PHASE_CPU },
  { "print", IL_PHASE_PRINT },
  { "sleep-random", IL_PHASE_SLEEP_RANDOM },
  { "http", IL_PHASE_HTTP },
  { "parse", IL_PHASE_PARSE },
};

IlWorkload *
il_workload_ref (IlWorkload *workload)
{
  g_return_val_if_fail (workload != NULL, NULL);
  g_atomic_ref_count_inc (&workload->ref_count);
  return workload;
}

void
il_workload_unref (IlWorkload *workload)
{
  g_return_if_fail (workload != NULL);

  if (!g_atomic_ref_count_dec (&workload->ref_count))
    return;

  g_free (workload->origin);
  g_free (workload->name);
  g_free (workload->title);
  g_free (workload->summary);
  g_free (workload->look_for);
  g_free (workload->seed);
  g_strfreev (workload->models);
  g_strfreev (workload->names);
  g_free (workload->name_prefix);
  g_free (workload->crawl.start_url);
  g_clear_pointer (&workload->steps, g_array_unref);
  g_free (workload);
}

G_GNUC_PRINTF (3, 4) static gboolean
invalid (GError    **error,
         const char *origin,
         const char *format,
         ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, IL_WORKLOAD_ERROR, IL_WORKLOAD_ERROR_INVALID,
               "%s: %s", origin, msg);
  return FALSE;
}

static char *
get_required_string (GKeyFile   *kf,
                     const char *group,
                     const char *key,
                     gboolean    localized,
                     const char *origin,
                     GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  char *value;

  if (localized)
    value = g_key_file_get_locale_string (kf, group, key, NULL, &local_error);
  else
    value = g_key_file_get_string (kf, group, key, &local_error);
  if (value == NULL)
    {
      invalid (error, origin, _("[%s] %s is missing"), group, key);
      return NULL;
    }
  if (*g_strstrip (value) == '\0')
    {
      g_free (value);
      invalid (error, origin, _("[%s] %s is empty"), group, key);
      return NULL;
    }
  return value;
}

/* Strict whole numbers: "12" yes; "12x", "-1" (when min ≥ 0), "" no. */
static gboolean
get_number (GKeyFile   *kf,
            const char *group,
            const char *key,
            gint64      min,
            gint64      max,
            gint64      fallback,
            gint64     *out,
            const char *origin,
            GError    **error)
{
  g_autofree char *value = g_key_file_get_value (kf, group, key, NULL);
  g_autoptr(GError) local_error = NULL;

  if (value == NULL)
    {
      *out = fallback;
      return TRUE;
    }
  g_strstrip (value);
  if (!g_ascii_string_to_signed (value, 10, min, max, out, &local_error))
    return invalid (error, origin, _("[%s] %s: “%s” is not a whole number from %" PRId64 " to %" PRId64),
                    group, key, value, min, max);
  return TRUE;
}

static gboolean
is_http_url (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  const char *scheme = uri ? g_uri_get_scheme (uri) : NULL;

  return scheme != NULL &&
         (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0) &&
         g_uri_get_host (uri) != NULL && g_uri_get_host (uri)[0] != '\0';
}

/* [Crawl], for workloads with http phases. */
static gboolean
parse_crawl (GKeyFile   *kf,
             IlWorkload *self,
             const char *origin,
             GError    **error)
{
  IlCrawlSettings *c = &self->crawl;
  g_autoptr(GError) local_error = NULL;
  gint64 n;

  if (self->repeat != 1)
    return invalid (error, origin, _("[Tasks] Repeat: a workload with http phases fetches each page once (Repeat=1)"));

  c->start_url = g_key_file_get_string (kf, "Crawl", "StartUrl", NULL);
  if (c->start_url != NULL && *g_strstrip (c->start_url) == '\0')
    g_clear_pointer (&c->start_url, g_free);
  if (c->start_url != NULL && !is_http_url (c->start_url))
    return invalid (error, origin, _("[Crawl] StartUrl: “%s” is not an http:// or https:// address of a host"),
                    c->start_url);

  if (g_key_file_has_key (kf, "Crawl", "AllowOtherHosts", NULL))
    {
      c->allow_other_hosts = g_key_file_get_boolean (kf, "Crawl", "AllowOtherHosts", &local_error);
      if (local_error != NULL)
        return invalid (error, origin, _("[Crawl] AllowOtherHosts: give true or false"));
    }

#define CRAWL_NUMBER(key, min, max, fallback, field)                                   \
  if (!get_number (kf, "Crawl", key, min, max, fallback, &n, origin, error))           \
    return FALSE;                                                                       \
  field = n;

  CRAWL_NUMBER ("MaxPages", 1, MAX_PAGES, 100, c->max_pages);
  CRAWL_NUMBER ("MaxConnections", 1, 4096, IL_HTTP_DEFAULT_MAX_CONNS, c->max_connections);
  CRAWL_NUMBER ("MaxConnectionsPerHost", 1, 4096, IL_HTTP_DEFAULT_MAX_CONNS_PER_HOST,
                c->max_connections_per_host);
  CRAWL_NUMBER ("TimeoutMs", 1, MAX_MS, IL_HTTP_DEFAULT_TIMEOUT_MS, c->timeout_ms);
  CRAWL_NUMBER ("MaxBodyKiB", 1, 1024 * 1024, IL_HTTP_DEFAULT_MAX_BODY / 1024, c->max_body_bytes);
  c->max_body_bytes *= 1024;
  CRAWL_NUMBER ("MaxRedirects", 0, 100, IL_HTTP_DEFAULT_MAX_REDIRECTS, c->max_redirects);
  CRAWL_NUMBER ("SitePages", 1, MAX_PAGES, IL_DEMO_SITE_DEFAULT_PAGES, c->site_pages);
  CRAWL_NUMBER ("SiteLinks", 0, 1000, IL_DEMO_SITE_DEFAULT_LINKS, c->site_links);
  CRAWL_NUMBER ("SiteJitterMs", 0, MAX_MS, IL_DEMO_SITE_DEFAULT_JITTER_MS, c->site_jitter_ms);
#undef CRAWL_NUMBER

  c->max_connections_per_host = MIN (c->max_connections_per_host, c->max_connections);
  return TRUE;
}

/* [Workload]: what the workload is called and which models suit it. */
static gboolean
parse_workload_group (GKeyFile   *kf,
                      IlWorkload *self,
                      const char *origin,
                      GError    **error)
{
  g_autofree char *category = NULL;

  if (!(self->name = get_required_string (kf, "Workload", "Name", FALSE, origin, error)))
    return FALSE;
  for (const char *p = self->name; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return invalid (error, origin, _("[Workload] Name: “%s” may only hold letters, digits, - and _"), self->name);
  if (!(self->title = get_required_string (kf, "Workload", "Title", TRUE, origin, error)))
    return FALSE;
  self->summary = g_key_file_get_locale_string (kf, "Workload", "Summary", NULL, NULL);
  if (self->summary == NULL)
    self->summary = g_strdup ("");
  self->look_for = g_key_file_get_locale_string (kf, "Workload", "LookFor", NULL, NULL);
  if (self->look_for == NULL)
    self->look_for = g_strdup ("");
  self->seed = g_key_file_get_string (kf, "Workload", "Seed", NULL);
  if (self->seed == NULL)
    self->seed = g_strdup ("");

  if (!(category = get_required_string (kf, "Workload", "Category", FALSE, origin, error)))
    return FALSE;
  self->category = IL_N_CATEGORIES;
  for (guint i = 0; i < IL_N_CATEGORIES; i++)
    if (strcmp (category, category_ids[i]) == 0)
      self->category = i;
  if (self->category == IL_N_CATEGORIES)
    return invalid (error, origin, _("[Workload] Category: “%s” is not one of io, cpu, network, mixed"), category);

  self->models = g_key_file_get_string_list (kf, "Workload", "Models", NULL, NULL);
  if (self->models == NULL || self->models[0] == NULL)
    {
      g_strfreev (self->models);
      self->models = g_new0 (char *, IL_N_MODELS + 1);
      for (guint i = 0; i < IL_N_MODELS; i++)
        self->models[i] = g_strdup (il_model_get_info (i)->id);
    }
  for (guint i = 0; self->models[i]; i++)
    {
      g_strstrip (self->models[i]);
      if (!il_model_from_string (self->models[i], NULL))
        return invalid (error, origin, _("[Workload] Models: unknown model “%s”"), self->models[i]);
    }
  return TRUE;
}

/* [Tasks] Workers: the tutorial's pool size, e.g. ThreadPoolExecutor(max_workers=5). */
static gboolean
parse_workers (GKeyFile   *kf,
               IlWorkload *self,
               const char *origin,
               GError    **error)
{
  g_autofree char *value = g_key_file_get_value (kf, "Tasks", "Workers", NULL);
  gint64 n;

  self->workers = WORKERS_NONE;
  if (value == NULL)
    return TRUE;
  g_strstrip (value);
  if (g_str_equal (value, "python-default"))
    self->workers = WORKERS_PYTHON_DEFAULT;
  else if (g_str_equal (value, "cores"))
    self->workers = WORKERS_CORES;
  else if (g_ascii_string_to_signed (value, 10, 1, IL_WORKLOAD_MAX_WORKERS, &n, NULL))
    self->workers = n;
  else
    return invalid (error, origin,
                    _("[Tasks] Workers: “%s” is not a whole number from 1 to %d, python-default or cores"),
                    value, IL_WORKLOAD_MAX_WORKERS);
  return TRUE;
}

/* [Tasks]: how many, how long, and their phases. */
static gboolean
parse_tasks_group (GKeyFile   *kf,
                   IlWorkload *self,
                   const char *origin,
                   GError    **error)
{
  g_auto(GStrv) phases = NULL;
  gint64 n;

  if (!get_number (kf, "Tasks", "Count", 1, MAX_TASKS, 1, &n, origin, error))
    return FALSE;
  self->tasks = n;
  if (!get_number (kf, "Tasks", "Repeat", 1, 100000, 1, &n, origin, error))
    return FALSE;
  self->repeat = n;
  if (!get_number (kf, "Tasks", "IoMs", 0, MAX_MS, 0, &self->io_ms, origin, error) ||
      !get_number (kf, "Tasks", "CpuMs", 0, MAX_MS, 0, &self->cpu_ms, origin, error) ||
      !get_number (kf, "Tasks", "RandomSeed", 0, G_MAXINT32, 1, &self->random_seed, origin, error))
    return FALSE;

  if (!parse_workers (kf, self, origin, error))
    return FALSE;

  self->names = g_key_file_get_string_list (kf, "Tasks", "Names", NULL, NULL);
  self->name_prefix = g_key_file_get_string (kf, "Tasks", "NamePrefix", NULL);
  if (self->name_prefix == NULL)
    self->name_prefix = g_strdup ("task");

  phases = g_key_file_get_string_list (kf, "Tasks", "Phases", NULL, NULL);
  if (phases == NULL || phases[0] == NULL)
    return invalid (error, origin, _("[Tasks] Phases is missing: list sleep, cpu, print, sleep-random, http or parse"));
  for (guint i = 0; phases[i]; i++)
    {
      Step step;
      gboolean found = FALSE;

      g_strstrip (phases[i]);
      for (guint j = 0; j < G_N_ELEMENTS (phase_ids); j++)
        if (strcmp (phases[i], phase_ids[j].id) == 0)
          {
            step.kind = phase_ids[j].kind;
            found = TRUE;
          }
      if (!found)
        return invalid (error, origin, _("[Tasks] Phases: unknown phase “%s” (known: sleep, cpu, print, sleep-random, http, parse)"), phases[i]);
      if (step.kind == IL_PHASE_HTTP)
        self->has_crawl = TRUE;
      else if (step.kind == IL_PHASE_PARSE && !self->has_crawl)
        return invalid (error, origin, _("[Tasks] Phases: parse needs an http phase before it"));
      g_array_append_val (self->steps, step);
    }
  if ((gint64) self->steps->len * self->repeat > MAX_PHASES)
    return invalid (error, origin, _("[Tasks] Repeat: %d times %u phases is more than %d phases a task"),
                    self->repeat, self->steps->len, MAX_PHASES);
  return TRUE;
}

static IlWorkload *
parse_key_file (GKeyFile   *kf,
                const char *origin,
                GError    **error)
{
  g_autoptr(IlWorkload) self = g_new0 (IlWorkload, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->origin = g_strdup (origin);
  self->steps = g_array_new (FALSE, FALSE, sizeof (Step));

  if (!g_key_file_has_group (kf, "Workload"))
    return invalid (error, origin, _("the group [Workload] is missing")), NULL;
  if (!g_key_file_has_group (kf, "Tasks"))
    return invalid (error, origin, _("the group [Tasks] is missing")), NULL;

  if (!parse_workload_group (kf, self, origin, error) ||
      !parse_tasks_group (kf, self, origin, error))
    return NULL;
  if (self->has_crawl && !parse_crawl (kf, self, origin, error))
    return NULL;

  return g_steal_pointer (&self);
}

IlWorkload *
il_workload_load_bytes (GBytes     *bytes,
                        const char *origin,
                        GError    **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  /* Empty bytes may have no data at all */
  if (data == NULL)
    data = "";
  if (memchr (data, '\0', len) != NULL || !g_utf8_validate (data, len, NULL))
    return invalid (error, origin, _("not a text file (it holds bytes that are not UTF-8)")), NULL;
  if (!g_key_file_load_from_data (kf, data, len, G_KEY_FILE_NONE, &local_error))
    {
      /* GKeyFile names the offending line's text; add its number. */
      const char *msg = local_error->message;
      const char *open = strstr (msg, "“");
      const char *close = open ? strstr (open + strlen ("“"), "”") : NULL;

      if (open && close)
        {
          g_autofree char *bad = g_strndup (open + strlen ("“"), close - open - strlen ("“"));
          g_autofree char *text = g_strndup (data, len);   /* the bytes end without a NUL */
          g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

          for (guint i = 0; lines[i]; i++)
            if (*bad && strstr (lines[i], bad))
              return invalid (error, origin, _("line %u: %s"), i + 1, msg), NULL;
        }
      return invalid (error, origin, "%s", msg), NULL;
    }
  return parse_key_file (kf, origin, error);
}

/* At most @cap bytes of @path, whatever the file says its size is (a
 * device or a pipe says 0): more is an error, not a wait for the end. */
static char *
read_capped (const char  *path,
             gsize        cap,
             gsize       *length,
             GError     **error)
{
  g_autofree char *data = g_malloc (cap + 2);   /* and a NUL, as the parser expects */
  gsize len = 0;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY, 0);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, IL_WORKLOAD_ERROR, IL_WORKLOAD_ERROR_NOT_FOUND,
                   _("cannot read “%s”: %s"), path, g_strerror (saved));
      return NULL;
    }
  while (len <= cap)
    {
      gssize n = read (fd, data + len, cap + 1 - len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          close (fd);
          g_set_error (error, IL_WORKLOAD_ERROR, IL_WORKLOAD_ERROR_NOT_FOUND,
                       _("cannot read “%s”: %s"), path, g_strerror (saved));
          return NULL;
        }
      if (n == 0)
        break;
      len += n;
    }
  close (fd);
  if (len > cap)
    {
      invalid (error, path, _("larger than %zu bytes: too large for a workload file"), cap);
      return NULL;
    }
  data[len] = '\0';
  *length = len;
  return g_realloc (g_steal_pointer (&data), len + 1);
}

IlWorkload *
il_workload_load_file (const char *path,
                       GError    **error)
{
  g_autoptr(GBytes) bytes = NULL;
  char *contents;
  gsize len = 0;

  g_return_val_if_fail (path != NULL, NULL);

  contents = read_capped (path, IL_WORKLOAD_MAX_FILE_BYTES, &len, error);
  if (contents == NULL)
    return NULL;
  bytes = g_bytes_new_take (contents, len);
  return il_workload_load_bytes (bytes, path, error);
}

const char *il_workload_get_name     (IlWorkload *w) { return w->name; }
const char *il_workload_get_title    (IlWorkload *w) { return w->title; }
const char *il_workload_get_summary  (IlWorkload *w) { return w->summary; }
const char *il_workload_get_look_for (IlWorkload *w) { return w->look_for; }
const char *il_workload_get_seed     (IlWorkload *w) { return w->seed; }
IlCategory  il_workload_get_category (IlWorkload *w) { return w->category; }
const char * const *il_workload_get_models (IlWorkload *w) { return (const char * const *) w->models; }
gint   il_workload_get_default_tasks  (IlWorkload *w) { return w->tasks; }
gint64 il_workload_get_default_io_ms  (IlWorkload *w) { return w->io_ms; }
gint64 il_workload_get_default_cpu_ms (IlWorkload *w) { return w->cpu_ms; }
gint64 il_workload_get_default_seed   (IlWorkload *w) { return w->random_seed; }

gboolean
il_workload_suits_model (IlWorkload *workload,
                         const char *model_id)
{
  return g_strv_contains ((const char * const *) workload->models, model_id);
}

static gboolean
has_step (IlWorkload *workload,
          IlPhaseKind kind)
{
  for (guint i = 0; i < workload->steps->len; i++)
    if (g_array_index (workload->steps, Step, i).kind == kind)
      return TRUE;
  return FALSE;
}

gboolean
il_workload_uses_cpu (IlWorkload *workload)
{
  return has_step (workload, IL_PHASE_CPU);
}

/* For a crawl, IoMs is the demo site's latency. */
gboolean
il_workload_uses_io (IlWorkload *workload)
{
  return has_step (workload, IL_PHASE_SLEEP) || has_step (workload, IL_PHASE_SLEEP_RANDOM) ||
         has_step (workload, IL_PHASE_HTTP);
}

gboolean
il_workload_uses_random (IlWorkload *workload)
{
  return has_step (workload, IL_PHASE_SLEEP_RANDOM);
}

const IlCrawlSettings *
il_workload_get_crawl (IlWorkload *workload)
{
  g_return_val_if_fail (workload != NULL, NULL);
  return workload->has_crawl ? &workload->crawl : NULL;
}

gint
il_workload_get_default_workers (IlWorkload *workload)
{
  guint cores = il_machine_get_logical_cores ();

  g_return_val_if_fail (workload != NULL, 0);
  switch (workload->workers)
    {
    case WORKERS_NONE:           return 0;
    case WORKERS_PYTHON_DEFAULT: return MIN (32, cores + 4);
    case WORKERS_CORES:          return cores;
    default:                     return workload->workers;
    }
}

void
il_workload_resolve_params (IlWorkload             *workload,
                            const IlWorkloadParams *params,
                            IlWorkloadParams       *resolved)
{
  IlWorkloadParams defaults = IL_WORKLOAD_PARAMS_INIT;

  if (params == NULL)
    params = &defaults;
  resolved->tasks = params->tasks > 0 ? params->tasks : workload->tasks;
  if (workload->has_crawl)
    resolved->tasks = 1;   /* the start page; the others are found */
  /* The user's count, else the workload's, else the model decides */
  resolved->workers = params->workers > 0 ? params->workers : il_workload_get_default_workers (workload);
  resolved->io_ms = params->io_ms >= 0 ? params->io_ms : workload->io_ms;
  resolved->cpu_ms = params->cpu_ms >= 0 ? params->cpu_ms : workload->cpu_ms;
  resolved->seed = params->seed >= 0 ? params->seed : workload->random_seed;
}

IlTaskSpec *
il_workload_plan (IlWorkload             *workload,
                  const IlWorkloadParams *params,
                  guint                  *n_tasks)
{
  IlWorkloadParams p;
  g_autoptr(GRand) rand = NULL;
  IlTaskSpec *specs;
  guint n_names;

  g_return_val_if_fail (workload != NULL, NULL);

  il_workload_resolve_params (workload, params, &p);
  rand = g_rand_new_with_seed ((guint32) p.seed);
  n_names = workload->names ? g_strv_length (workload->names) : 0;
  specs = g_new0 (IlTaskSpec, p.tasks);

  for (gint x = 0; x < p.tasks; x++)
    {
      IlTaskSpec *spec = &specs[x];
      guint k = 0;

      if ((guint) x < n_names)
        spec->name = g_strstrip (g_strdup (workload->names[x]));
      else
        spec->name = g_strdup_printf ("%s %d", workload->name_prefix, x);
      spec->n_phases = workload->steps->len * workload->repeat;
      spec->phases = g_new0 (IlPhase, spec->n_phases);

      for (gint r = 0; r < workload->repeat; r++)
        for (guint s = 0; s < workload->steps->len; s++, k++)
          {
            IlPhase *phase = &spec->phases[k];

            phase->kind = g_array_index (workload->steps, Step, s).kind;
            switch (phase->kind)
              {
              case IL_PHASE_SLEEP:
                phase->duration_ns = p.io_ms * 1000000;
                spec->io_ns += phase->duration_ns;
                break;
              case IL_PHASE_SLEEP_RANDOM:
                /* seed 002: random() * (N - x) / 200 with N = 1000 and 5 s */
                phase->duration_ns = (gint64) (g_rand_double (rand) *
                                               (double) (p.tasks - x) / p.tasks *
                                               (double) p.io_ms * 1e6);
                spec->io_ns += phase->duration_ns;
                spec->has_result = TRUE;
                spec->result = (gint64) x * x;
                break;
              case IL_PHASE_CPU:
                phase->duration_ns = p.cpu_ms * 1000000;
                spec->cpu_ns += phase->duration_ns;
                break;
              case IL_PHASE_PRINT:
              case IL_PHASE_HTTP:    /* the URL is the run's to give */
              case IL_PHASE_PARSE:
              default:
                break;
              }
          }
    }

  *n_tasks = p.tasks;
  return specs;
}

void
il_workload_plan_page (IlWorkload             *workload,
                       const IlWorkloadParams *params,
                       const char             *name,
                       const char             *url,
                       IlTaskSpec             *spec)
{
  IlWorkloadParams p;

  g_return_if_fail (workload != NULL);
  g_return_if_fail (url != NULL);
  g_return_if_fail (spec != NULL);

  il_workload_resolve_params (workload, params, &p);
  memset (spec, 0, sizeof *spec);
  spec->name = g_strdup (name ? name : url);
  spec->n_phases = workload->steps->len;
  spec->phases = g_new0 (IlPhase, spec->n_phases);
  for (guint s = 0; s < workload->steps->len; s++)
    {
      IlPhase *phase = &spec->phases[s];

      phase->kind = g_array_index (workload->steps, Step, s).kind;
      switch (phase->kind)
        {
        case IL_PHASE_SLEEP:
        case IL_PHASE_SLEEP_RANDOM:   /* no random sleeps in a crawl: the plain length */
          phase->duration_ns = p.io_ms * 1000000;
          spec->io_ns += phase->duration_ns;
          break;
        case IL_PHASE_CPU:
          phase->duration_ns = p.cpu_ms * 1000000;
          spec->cpu_ns += phase->duration_ns;
          break;
        case IL_PHASE_HTTP:
          phase->url = g_strdup (url);
          break;
        case IL_PHASE_PRINT:
        case IL_PHASE_PARSE:
        default:
          break;
        }
    }
}

static gint
compare_workloads (gconstpointer a,
                   gconstpointer b)
{
  IlWorkload *wa = *(IlWorkload **) a;
  IlWorkload *wb = *(IlWorkload **) b;

  if (wa->category != wb->category)
    return (gint) wa->category - (gint) wb->category;
  return strcmp (wa->name, wb->name);
}

GPtrArray *
il_catalogue_get (void)
{
  static gsize once;
  static GPtrArray *catalogue;

  if (g_once_init_enter (&once))
    {
      g_auto(GStrv) names = NULL;

      /* Referencing the resource keeps the linker from dropping it. */
      if (il_workloads_get_resource () == NULL)
        g_error ("the workload catalogue is missing from the program");
      names = g_resources_enumerate_children (RESOURCE_DIR, 0, NULL);

      catalogue = g_ptr_array_new_with_free_func ((GDestroyNotify) il_workload_unref);
      for (guint i = 0; names && names[i]; i++)
        {
          g_autofree char *path = g_build_path ("/", RESOURCE_DIR, names[i], NULL);
          g_autoptr(GBytes) bytes = NULL;
          g_autoptr(GError) error = NULL;
          IlWorkload *workload;

          if (!g_str_has_suffix (names[i], ".workload"))
            continue;
          bytes = g_resources_lookup_data (path, 0, &error);
          if (bytes == NULL || !(workload = il_workload_load_bytes (bytes, path, &error)))
            g_error ("built-in workload %s: %s", path, error->message);
          g_ptr_array_add (catalogue, workload);
        }
      g_ptr_array_sort (catalogue, compare_workloads);
      g_once_init_leave (&once, 1);
    }
  return catalogue;
}

IlWorkload *
il_catalogue_lookup (const char *name)
{
  GPtrArray *catalogue = il_catalogue_get ();

  for (guint i = 0; i < catalogue->len; i++)
    {
      IlWorkload *workload = g_ptr_array_index (catalogue, i);

      if (strcmp (workload->name, name) == 0)
        return il_workload_ref (workload);
    }
  return NULL;
}

IlWorkload *
il_workload_find (const char *name_or_path,
                  GError    **error)
{
  IlWorkload *workload;

  g_return_val_if_fail (name_or_path != NULL, NULL);

  if (strchr (name_or_path, '/') == NULL && !g_str_has_suffix (name_or_path, ".workload"))
    {
      if ((workload = il_catalogue_lookup (name_or_path)))
        return workload;
      g_set_error (error, IL_WORKLOAD_ERROR, IL_WORKLOAD_ERROR_NOT_FOUND,
                   _("unknown workload “%s” (see “interleave list”)"), name_or_path);
      return NULL;
    }
  return il_workload_load_file (name_or_path, error);
}
