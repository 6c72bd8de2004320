/* fuzz-workload.c — libFuzzer target for the workload file reader
 *
 * Built only with a compiler that has -fsanitize=fuzzer (see the end of
 * tests/meson.build); tools/fuzz builds and runs it.  An input is the
 * bytes of a .workload file, read as il_workload_load_file reads one:
 * refused with a reason, or a workload whose numbers are in range and
 * whose plan adds up.
 *
 *   build-fuzz/tests/fuzz-workload -max_total_time=60 -max_len=16384 CORPUS
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "il-model-info.h"
#include "il-workload.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
check_spec (const IlTaskSpec *spec)
{
  gint64 io_ns = 0;
  gint64 cpu_ns = 0;

  if (spec->name == NULL || spec->io_ns < 0 || spec->cpu_ns < 0 || (spec->n_phases > 0) != (spec->phases != NULL))
    abort ();
  for (guint i = 0; i < spec->n_phases; i++)
    {
      const IlPhase *phase = &spec->phases[i];

      if (phase->duration_ns < 0)
        abort ();
      if (phase->kind == IL_PHASE_SLEEP || phase->kind == IL_PHASE_SLEEP_RANDOM)
        io_ns += phase->duration_ns;
      else if (phase->kind == IL_PHASE_CPU)
        cpu_ns += phase->duration_ns;
    }
  if (io_ns != spec->io_ns || cpu_ns != spec->cpu_ns)
    abort ();
}

static void
check_workload (IlWorkload *workload)
{
  const char *name = il_workload_get_name (workload);
  const char * const *models = il_workload_get_models (workload);
  const IlCrawlSettings *crawl = il_workload_get_crawl (workload);
  IlWorkloadParams params = IL_WORKLOAD_PARAMS_INIT;
  IlTaskSpec *specs;
  guint n = 0;

  if (name == NULL || name[0] == '\0' || strspn (name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                       "0123456789-_") != strlen (name))
    abort ();
  if (il_workload_get_title (workload)[0] == '\0' || il_workload_get_summary (workload) == NULL ||
      il_workload_get_look_for (workload) == NULL || il_workload_get_seed (workload) == NULL ||
      il_workload_get_category (workload) >= IL_N_CATEGORIES)
    abort ();
  if (models == NULL || models[0] == NULL)
    abort ();
  for (guint i = 0; models[i] != NULL; i++)
    if (!il_model_from_string (models[i], NULL))
      abort ();
  if (il_workload_get_default_tasks (workload) < 1 || il_workload_get_default_tasks (workload) > IL_MODEL_MAX_TASKS ||
      il_workload_get_default_io_ms (workload) < 0 || il_workload_get_default_cpu_ms (workload) < 0 ||
      il_workload_get_default_seed (workload) < 0)
    abort ();
  if (crawl != NULL &&
      (crawl->max_pages < 1 || crawl->max_connections < 1 || crawl->max_connections_per_host < 1 ||
       crawl->max_connections_per_host > crawl->max_connections || crawl->timeout_ms < 1 ||
       crawl->max_body_bytes < 1024 || crawl->max_redirects < 0 || crawl->site_pages < 1 ||
       crawl->site_links < 0 || crawl->site_jitter_ms < 0))
    abort ();
  if (crawl != NULL && crawl->start_url != NULL)
    {
      const char *scheme = g_uri_peek_scheme (crawl->start_url);

      if (g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0)
        abort ();
    }

  /* Two tasks of its plan (a crawl plans one, the start page), and a page */
  params.tasks = 2;
  specs = il_workload_plan (workload, &params, &n);
  if (n != (crawl != NULL ? 1u : 2u))
    abort ();
  for (guint i = 0; i < n; i++)
    check_spec (&specs[i]);
  il_task_specs_free (specs, n);

  if (crawl != NULL)
    {
      IlTaskSpec page;

      il_workload_plan_page (workload, NULL, NULL, "http://site.example/", &page);
      check_spec (&page);
      g_free (page.name);
      for (guint i = 0; i < page.n_phases; i++)
        g_free (page.phases[i].url);
      g_free (page.phases);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(IlWorkload) workload = NULL;

  workload = il_workload_load_bytes (bytes, "fuzz.workload", &error);
  if (workload == NULL)
    {
      if (error == NULL || !g_error_matches (error, IL_WORKLOAD_ERROR, IL_WORKLOAD_ERROR_INVALID) ||
          !g_str_has_prefix (error->message, "fuzz.workload: ") || !g_utf8_validate (error->message, -1, NULL))
        abort ();
      return 0;
    }
  if (error != NULL)
    abort ();
  check_workload (workload);
  return 0;
}
