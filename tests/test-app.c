/* test-app.c — the desktop app under Xvfb, driven through its actions
 *
 * One application and its window for the whole program, the way a user has
 * them: the tests run in order and build on each other (a run before the
 * export, a window closed during a run at the end).  Needs a display (see
 * TESTING.md) and the compiled schema (GSETTINGS_SCHEMA_DIR); without a
 * display it reports a TAP skip.
 */

#include "config.h"

/* il-plot-view.c's PICK_RADIUS: how far from a point a click still picks it */
#define PICK_RADIUS_FOR_TEST 16.0

/* Built with AddressSanitizer: the window's allocations unwound through
 * GLib (built without frame pointers) in full, so that a leak names its
 * place, and the one block GLib keeps unfreed on purpose (its first quark
 * table, made while it is loaded: tests/lsan.supp) can be told apart */
#if defined(__SANITIZE_ADDRESS__)
const char *__asan_default_options (void);

const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}
#endif

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>
#include <adwaita.h>

#include "il-application.h"
#include "il-help-window.h"
#include "il-model-info.h"
#include "il-look-for.h"
#include "il-painter.h"
#include "il-palette.h"
#include "il-preferences-dialog.h"
#include "il-window.h"
#include "il-window-private.h"
#include "il-timeline-view-private.h"
#include "il-painter-private.h"
#include "il-painter-plot.h"

static IlApplication *app;

/* ------------------------------------------------------------------------ */
/* Helpers */

#define MS(ms) ((gint64) (ms) * G_GINT64_CONSTANT (1000000))

typedef gboolean (*Condition) (gpointer data);

/* Runs the main loop until @cond holds; FALSE after @timeout_ms. */
static gboolean
wait_for (Condition cond,
          gpointer  data,
          guint     timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  /* One iteration at a time: while a run is live there is always a frame
   * pending, and a slow renderer must not keep us from checking. */
  while (!cond (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    }
  return TRUE;
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

static void
spin_main_loop (guint ms)
{
  wait_for (never, NULL, ms);
}

static IlWindow *
get_window (void)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    if (IL_IS_WINDOW (l->data))
      return l->data;
  return NULL;
}

static gboolean
window_idle (gpointer data)
{
  return !il_window_is_running (data);
}

static gboolean
window_running (gpointer data)
{
  return il_window_is_running (data);
}

static void
activate (const char *action,
          GVariant   *parameter)
{
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), action));
  g_action_group_activate_action (G_ACTION_GROUP (app), action, parameter);
}

static GSettings *
settings_new (void)
{
  return il_application_create_settings ();
}

/* Threads of this process, or those whose name starts with @prefix (the
 * engine names its threads "il-…"). */
static guint
count_threads (const char *prefix)
{
  DIR *dir = opendir ("/proc/self/task");
  struct dirent *entry;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((entry = readdir (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *comm = NULL;

      if (entry->d_name[0] == '.')
        continue;
      path = g_strdup_printf ("/proc/self/task/%s/comm", entry->d_name);
      if (prefix == NULL ||
          (g_file_get_contents (path, &comm, NULL, NULL) && g_str_has_prefix (comm, prefix)))
        n++;
    }
  closedir (dir);
  return n;
}

/* Threads of this process once GLib's idle pool threads (kept by design
 * for reuse) have been asked to go. */
static guint
count_settled_threads (void)
{
  g_thread_pool_stop_unused_threads ();
  spin_main_loop (50);
  return count_threads (NULL);
}

/* The count once threads that are still ending (from earlier tests, GTK's
 * renderer) have ended: two equal counts in a row. */
static guint
count_baseline_threads (void)
{
  guint last = count_settled_threads ();

  for (guint i = 0; i < 50; i++)
    {
      guint n;

      spin_main_loop (100);
      n = count_settled_threads ();
      if (n == last)
        break;
      last = n;
    }
  return last;
}

static gboolean
no_engine_thread (gpointer data)
{
  return count_threads ("il-") == 0;
}

/* After a run: no engine thread, and no more threads than @before. */
static void
assert_threads_back_to (guint before)
{
  guint after = 0;

  g_assert_true (wait_for (no_engine_thread, NULL, 10000));
  for (guint i = 0; i < 100; i++)
    {
      after = count_settled_threads ();
      if (after <= before)
        break;
      spin_main_loop (50);
    }
  g_test_message ("threads after %u", after);
  g_assert_cmpuint (after, <=, before);
}

static void
close_dialogs (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* not ours */

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i - 1);

      if (!IL_IS_WINDOW (w))
        gtk_window_destroy (w);
    }
  spin_main_loop (20);
}

static guint
count_dialogs (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* not ours */
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (g_type_is_a (G_OBJECT_TYPE (w), type))
        n++;
    }
  return n;
}

/* Tiny numbers, so that runs take tens of milliseconds. */
static void
use_small_numbers (const char * const *models,
                   int                 tasks,
                   gint64              io_ms)
{
  g_autoptr(GSettings) settings = settings_new ();

  g_settings_set_strv (settings, "models", models);
  g_settings_set_int (settings, "tasks", tasks);
  g_settings_set_int64 (settings, "io-ms", io_ms);
  spin_main_loop (20);
}

/* ------------------------------------------------------------------------ */

/* A command the window's class installed (gtk_widget_class_install_action). */
static gboolean
has_widget_action (gpointer    widget,
                   const char *name)
{
  GtkWidgetClass *klass = GTK_WIDGET_GET_CLASS (widget);
  const char *action_name, *property_name;
  const GVariantType *parameter_type;
  GType owner;

  /* Every out-argument given: GTK 4.8 writes them all */
  for (guint i = 0;
       gtk_widget_class_query_action (klass, i, &owner, &action_name, &parameter_type, &property_name);
       i++)
    if (g_str_equal (action_name, name))
      return TRUE;
  return FALSE;
}

static void
test_window_builds (void)
{
  IlWindow *window = get_window ();
  g_autoptr(GSettings) settings = settings_new ();
  g_autofree char *workload = g_settings_get_string (settings, "workload");
  GtkWindow *prefs;

  g_assert_nonnull (window);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_true (IL_IS_TIMELINE_VIEW (il_window_get_timeline (window)));
  g_assert_true (IL_IS_SUMMARY_TABLE (il_window_get_summary_table (window)));
  g_assert_cmpstr (il_window_get_workload_id (window), ==, workload);
  g_assert_false (il_window_is_running (window));
  g_assert_null (il_window_get_runs (window));

  /* The contract's actions, with their parameter types. */
  for (guint i = 0; i < 4; i++)
    {
      static const struct { const char *name; const char *type; } contract[] = {
        { "select-workload", "s" }, { "run", NULL }, { "stop", NULL }, { "export", "s" },
      };
      const GVariantType *type = NULL;

      g_assert_true (g_action_group_query_action (G_ACTION_GROUP (app), contract[i].name,
                                                  NULL, &type, NULL, NULL, NULL));
      if (contract[i].type)
        g_assert_true (type != NULL && g_variant_type_equal (type, G_VARIANT_TYPE (contract[i].type)));
      else
        g_assert_null (type);
    }
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "run"));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "stop"));

  /* The window's own actions, the help overlay among them. */
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (window), "show-help-overlay"));
  g_assert_true (has_widget_action (window, "win.export-as"));
  g_assert_true (has_widget_action (window, "win.zoom-in"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (window), "model-sequential"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (window), "view"));
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));

  /* The preferences template builds too. */
  prefs = il_preferences_dialog_new (GTK_WINDOW (window));
  g_assert_true (IL_IS_PREFERENCES_DIALOG (prefs));
  gtk_window_present (prefs);
  spin_main_loop (50);
  gtk_window_destroy (prefs);
  spin_main_loop (20);
}

/* The Keyboard Shortcuts window opens without a warning (GTest makes
 * warnings fatal): in GTK 4.8 a section split into pages gives its page
 * switcher's labels negative widths. */
static void
test_shortcuts_window_opens_quietly (void)
{
  IlWindow *window = get_window ();
  GtkWindow *overlay;

  g_action_group_activate_action (G_ACTION_GROUP (window), "show-help-overlay", NULL);
  overlay = GTK_WINDOW (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  spin_main_loop (200);
  gtk_widget_set_visible (GTK_WIDGET (overlay), FALSE);
  spin_main_loop (20);
}

static void
test_select_workload (void)
{
  IlWindow *window = get_window ();
  g_autoptr(GSettings) settings = settings_new ();
  g_autoptr(GVariant) state = NULL;
  g_autofree char *stored = NULL;

  activate ("select-workload", g_variant_new_string ("fetch-data"));
  g_assert_cmpstr (il_window_get_workload_id (window), ==, "fetch-data");
  g_assert_cmpstr (il_workload_get_name (il_window_get_workload (window)), ==, "fetch-data");
  stored = g_settings_get_string (settings, "workload");
  g_assert_cmpstr (stored, ==, "fetch-data");
  state = g_action_group_get_action_state (G_ACTION_GROUP (app), "select-workload");
  g_assert_cmpstr (g_variant_get_string (state, NULL), ==, "fetch-data");

  /* An unknown one leaves the workload as it was and says why in a dialog. */
  g_assert_cmpuint (count_dialogs (ADW_TYPE_MESSAGE_DIALOG), ==, 0);
  activate ("select-workload", g_variant_new_string ("no-such-workload"));
  g_assert_cmpstr (il_window_get_workload_id (window), ==, "fetch-data");
  g_assert_cmpuint (count_dialogs (ADW_TYPE_MESSAGE_DIALOG), ==, 1);
  close_dialogs ();
}

static void
test_open_workload_file (void)
{
  IlWindow *window = get_window ();
  g_autofree char *dir = g_dir_make_tmp ("test-app-XXXXXX", NULL);
  g_autofree char *good = g_build_filename (dir, "mine.workload", NULL);
  g_autofree char *bad = g_build_filename (dir, "broken.workload", NULL);
  static const char contents[] =
    "[Workload]\nName=mine\nTitle=My own\nCategory=io\nSeed=000\n"
    "Summary=Two short sleeps.\nLookFor=They overlap.\nModels=sequential;threads\n"
    "[Tasks]\nCount=2\nPhases=sleep\nIoMs=10\nCpuMs=0\n";

  g_assert_true (g_file_set_contents (good, contents, -1, NULL));
  g_assert_true (g_file_set_contents (bad, "not a key file", -1, NULL));

  il_window_open_workload (window, good);
  g_assert_cmpstr (il_workload_get_name (il_window_get_workload (window)), ==, "mine");
  g_assert_cmpstr (il_window_get_workload_id (window), ==, good);

  il_window_open_workload (window, bad);
  g_assert_cmpstr (il_window_get_workload_id (window), ==, good);
  g_assert_cmpuint (count_dialogs (ADW_TYPE_MESSAGE_DIALOG), ==, 1);
  close_dialogs ();

  activate ("select-workload", g_variant_new_string ("fetch-data"));
  g_assert_cmpstr (il_window_get_workload_id (window), ==, "fetch-data");
  g_unlink (good);
  g_unlink (bad);
  g_rmdir (dir);
}

static gboolean
png_shows_timeline (const char *path,
                    gboolean    dark)
{
  const IlStateStyle *io = il_palette_get_state_style (IL_STATE_IO_WAIT, dark);
  cairo_surface_t *surface = cairo_image_surface_create_from_png (path);
  g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);
  int width, height, stride;
  guint io_pixels = 0;
  const guchar *data;

  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  width = cairo_image_surface_get_width (surface);
  height = cairo_image_surface_get_height (surface);
  stride = cairo_image_surface_get_stride (surface);
  data = cairo_image_surface_get_data (surface);
  g_assert_cmpint (width, >, 100);
  g_assert_cmpint (height, >, 100);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint32 px = *(const guint32 *) (data + y * stride + x * 4);
        int r = (px >> 16) & 0xff, g = (px >> 8) & 0xff, b = px & 0xff;

        g_hash_table_add (colours, GUINT_TO_POINTER (px));
        for (guint k = 0; k < 2; k++)
          {
            const IlColor *c = k == 0 ? &io->fill : &io->hatch;

            if (ABS (r - (int) (c->r * 255 + 0.5)) <= 2 &&
                ABS (g - (int) (c->g * 255 + 0.5)) <= 2 &&
                ABS (b - (int) (c->b * 255 + 0.5)) <= 2)
              {
                io_pixels++;
                break;
              }
          }
      }
  cairo_surface_destroy (surface);
  g_test_message ("%s: %u colours, %u io-wait pixels", path,
                  g_hash_table_size (colours), io_pixels);
  return g_hash_table_size (colours) >= 8 && io_pixels >= 100;
}

/* The luminance 0..1 of the top-left pixel of a PNG: the background. */
static double
png_corner_luminance (const char *path)
{
  cairo_surface_t *png = cairo_image_surface_create_from_png (path);
  guint32 px;
  double l;

  g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
  px = *(guint32 *) cairo_image_surface_get_data (png);
  l = (0.2126 * (px >> 16 & 0xff) + 0.7152 * (px >> 8 & 0xff) + 0.0722 * (px & 0xff)) / 255.0;
  cairo_surface_destroy (png);
  return l;
}

/* Whether the last @rows rows of @image hold anything darker than the
 * light background. */
static gboolean
png_has_ink (cairo_surface_t *image,
             int              rows)
{
  int w = cairo_image_surface_get_width (image), h = cairo_image_surface_get_height (image);
  int stride = cairo_image_surface_get_stride (image);
  const guint8 *data = cairo_image_surface_get_data (image);

  for (int y = MAX (0, h - rows); y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 px = *(const guint32 *) (const void *) (data + y * stride + x * 4);

        if ((px >> 16 & 0xff) + (px >> 8 & 0xff) + (px & 0xff) < 3 * 180)
          return TRUE;
      }
  return FALSE;
}

static void
test_run_and_export (void)
{
  static const char * const models[] = { "sequential", "threads", NULL };
  IlWindow *window = get_window ();
  IlTimelineView *timeline = il_window_get_timeline (window);
  IlSummaryTable *summary = il_window_get_summary_table (window);
  g_autofree char *dir = g_dir_make_tmp ("test-app-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "timeline.png", NULL);
  g_autofree char *svg = g_build_filename (dir, "timeline.svg", NULL);
  g_autofree char *pdf = g_build_filename (dir, "timeline.pdf", NULL);
  g_autofree char *txt = g_build_filename (dir, "timeline.txt", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *speedup = NULL;
  g_autofree char *tasks = NULL;
  GPtrArray *runs;
  GStatBuf st;

  g_autofree char *prose = NULL;
  g_autofree char *makespan = NULL;
  g_autoptr(IlWorkload) fetch_data = il_workload_find ("fetch-data", NULL);
  IlRunRecord *records[2];

  activate ("select-workload", g_variant_new_string ("fetch-data"));
  use_small_numbers (models, 3, 20);

  /* Before a run: what to look for, without figures */
  prose = il_look_for_fill (il_workload_get_look_for (fetch_data), NULL, 0);
  g_assert_cmpstr (il_window_get_look_for (window), ==, prose);

  activate ("run", NULL);
  g_assert_true (il_window_is_running (window));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "run"));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "stop"));
  g_assert_true (wait_for (window_idle, window, 30000));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "run"));
  spin_main_loop (100);

  /* A trace per model, sequential first, every task done. */
  runs = il_window_get_runs (window);
  g_assert_nonnull (runs);
  g_assert_cmpuint (runs->len, ==, 2);
  g_assert_cmpint (il_run_get_model (g_ptr_array_index (runs, 0)), ==, IL_MODEL_SEQUENTIAL);
  for (guint i = 0; i < runs->len; i++)
    {
      IlRun *run = g_ptr_array_index (runs, i);

      g_assert_true (il_run_is_finished (run));
      g_assert_cmpuint (il_run_get_stats (run)->tasks_ok, ==, 3);
      g_assert_cmpuint (il_trace_get_n_tasks (il_run_get_trace (run)), ==, 3);
    }
  g_assert_cmpuint (il_timeline_view_get_n_runs (timeline), ==, 2);
  g_assert_false (il_timeline_view_is_live (timeline));

  /* What to look for names this run's makespan, as the filler writes it */
  records[0] = il_run_get_record (g_ptr_array_index (runs, 0));
  records[1] = il_run_get_record (g_ptr_array_index (runs, 1));
  makespan = il_look_for_fill ("[Threads: {makespan:threads}.]", records, 2);
  g_assert_true (g_str_has_prefix (makespan, "Threads: "));
  if (strstr (il_window_get_look_for (window), makespan) == NULL)
    g_error ("“%s” is not in “%s”", makespan, il_window_get_look_for (window));
  g_assert_nonnull (il_timeline_view_get_layout (timeline));

  /* The summary table: speedup against sequential, tasks ok / failed. */
  g_assert_cmpuint (il_summary_table_get_n_rows (summary), ==, 2);
  speedup = il_summary_table_dup_cell (summary, 1, 4);
  g_assert_true (g_str_has_suffix (speedup, "×"));
  tasks = il_summary_table_dup_cell (summary, 1, 9);
  g_assert_cmpstr (tasks, ==, "3 / 0");

  /* Assistive technologies get a text summary of each run. */
  g_assert_nonnull (strstr (il_timeline_view_get_summary (timeline), "sequential: 3 tasks, makespan"));
  g_assert_nonnull (strstr (il_timeline_view_get_summary (timeline), "; threads: 3 tasks, makespan"));

  /* Export through the app action: the picture shows the timeline. */
  activate ("export", g_variant_new_string (png));
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
  g_assert_true (png_shows_timeline (png, il_timeline_view_get_dark (timeline)));

  activate ("export", g_variant_new_string (svg));
  activate ("export", g_variant_new_string (pdf));
  g_assert_cmpint (g_stat (svg, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 1000);
  g_assert_cmpint (g_stat (pdf, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 1000);
  g_assert_cmpuint (count_dialogs (ADW_TYPE_MESSAGE_DIALOG), ==, 0);

  /* An unknown format is an error, in a dialog, and writes nothing. */
  g_assert_false (il_window_export (window, txt, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  activate ("export", g_variant_new_string (txt));
  g_assert_false (g_file_test (txt, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_dialogs (ADW_TYPE_MESSAGE_DIALOG), ==, 1);
  close_dialogs ();

  /* Copy Image puts a texture on the clipboard. */
  g_clear_error (&error);
  g_assert_true (il_window_copy_image (window, &error));
  g_assert_no_error (error);
  g_assert_true (gdk_content_formats_contain_gtype (
                   gdk_clipboard_get_formats (gtk_widget_get_clipboard (GTK_WIDGET (window))),
                   GDK_TYPE_TEXTURE));
  /* … the picture Export writes (cropped, with its caption), not the
   * widget's area */
  {
    GdkContentProvider *content = gdk_clipboard_get_content (gtk_widget_get_clipboard (GTK_WIDGET (window)));
    GValue value = G_VALUE_INIT;
    cairo_surface_t *exported;

    g_assert_true (il_window_export (window, png, &error));
    exported = cairo_image_surface_create_from_png (png);
    g_value_init (&value, GDK_TYPE_TEXTURE);
    g_assert_true (gdk_content_provider_get_value (content, &value, &error));
    g_assert_cmpint (gdk_texture_get_width (g_value_get_object (&value)), ==,
                     cairo_image_surface_get_width (exported));
    g_assert_cmpint (gdk_texture_get_height (g_value_get_object (&value)), ==,
                     cairo_image_surface_get_height (exported));
    g_value_unset (&value);
    cairo_surface_destroy (exported);
  }

  g_unlink (png);
  g_unlink (svg);
  g_unlink (pdf);
  g_rmdir (dir);
}

static void
test_run_with_gil (void)
{
  static const char * const models[] = { "sequential", "threads", NULL };
  IlWindow *window = get_window ();
  g_autoptr(GSettings) settings = settings_new ();
  g_autofree char *title = NULL;
  GPtrArray *runs;

  activate ("select-workload", g_variant_new_string ("count-loop"));
  use_small_numbers (models, 2, -1);
  g_settings_set_int64 (settings, "cpu-ms", 20);
  g_settings_set_boolean (settings, "gil", TRUE);

  activate ("run", NULL);
  g_assert_true (wait_for (window_idle, window, 30000));
  runs = il_window_get_runs (window);
  g_assert_cmpuint (runs->len, ==, 2);
  g_assert_true (il_run_get_gil (g_ptr_array_index (runs, 1)));
  g_assert_cmpuint (il_run_get_stats (g_ptr_array_index (runs, 1))->tasks_ok, ==, 2);
  title = il_summary_table_dup_cell (il_window_get_summary_table (window), 1, 0);
  g_assert_cmpstr (title, ==, "threads + GIL");

  g_settings_reset (settings, "gil");
  activate ("select-workload", g_variant_new_string ("fetch-data"));
}

static void
test_run_crawl (void)
{
  static const char * const models[] = { "sequential", "threads", NULL };
  IlWindow *window = get_window ();
  g_autoptr(GSettings) settings = settings_new ();
  g_autoptr(IlWorkload) crawl = il_catalogue_lookup ("web-crawl");
  GPtrArray *runs;

  if (crawl == NULL || il_workload_get_crawl (crawl) == NULL)
    {
      g_test_skip ("no web-crawl workload in the catalogue");
      return;
    }

  /* The built-in demo site, 6 pages, 5 ms per reply. */
  activate ("select-workload", g_variant_new_string ("web-crawl"));
  use_small_numbers (models, 0, 5);
  g_settings_set_int (settings, "max-pages", 6);

  activate ("run", NULL);
  g_assert_true (wait_for (window_idle, window, 60000));
  runs = il_window_get_runs (window);
  g_assert_cmpuint (runs->len, ==, 2);
  for (guint i = 0; i < runs->len; i++)
    {
      const IlRunStats *stats = il_run_get_stats (g_ptr_array_index (runs, i));

      g_test_message ("%s: %u ok, %u failed", il_run_get_title (g_ptr_array_index (runs, i)),
                      stats->tasks_ok, stats->tasks_failed);
      /* The demo site has more than six pages, all reachable: six fetched. */
      g_assert_cmpuint (stats->tasks_ok, ==, 6);
      g_assert_cmpuint (stats->tasks_failed, ==, 0);
    }

  /* A crawl's page limit is one of its numbers: changed, the results
   * are marked as another limit's; back, they are current again */
  g_assert_null (il_window_get_stale_notice (window));
  g_settings_set_int (settings, "max-pages", 9);
  spin_main_loop (50);
  g_assert_nonnull (il_window_get_stale_notice (window));
  g_settings_set_int (settings, "max-pages", 6);
  spin_main_loop (50);
  g_assert_null (il_window_get_stale_notice (window));

  activate ("select-workload", g_variant_new_string ("fetch-data"));
  g_assert_cmpint (g_settings_get_int (settings, "max-pages"), ==, 0);
}

static void
test_zoom_and_highlight (void)
{
  IlWindow *window = get_window ();
  IlTimelineView *timeline = il_window_get_timeline (window);
  IlTimelineLayout *layout;
  gint64 t0, t1, duration;

  static const char * const models[] = { "sequential", "threads", NULL };

  use_small_numbers (models, 3, 20);
  activate ("run", NULL);
  g_assert_true (wait_for (window_idle, window, 30000));
  g_assert_cmpuint (il_timeline_view_get_n_runs (timeline), ==, 2);
  g_assert_true (il_timeline_view_get_fit (timeline));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL));
  g_assert_false (il_timeline_view_get_fit (timeline));
  layout = il_timeline_view_get_layout (timeline);
  duration = il_timeline_layout_get_duration (layout);
  il_timeline_layout_get_window (layout, &t0, &t1);
  g_assert_cmpint (t1 - t0, <, duration);
  g_assert_cmpint (t0, >=, 0);
  g_assert_cmpint (t1, <=, duration);

  il_timeline_view_pan (timeline, 1e6);
  layout = il_timeline_view_get_layout (timeline);
  il_timeline_layout_get_window (layout, &t0, &t1);
  g_assert_cmpint (t1, ==, duration);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-fit", NULL));
  g_assert_true (il_timeline_view_get_fit (timeline));
  layout = il_timeline_view_get_layout (timeline);
  il_timeline_layout_get_window (layout, &t0, &t1);
  g_assert_cmpint (t0, ==, 0);
  g_assert_cmpint (t1, ==, duration);

  il_timeline_view_set_highlight (timeline, 1);
  g_assert_cmpint (il_timeline_view_get_highlight (timeline), ==, 1);
  spin_main_loop (50);
  il_timeline_view_set_highlight (timeline, -1);
}

/* The view's own controller of @type, to drive it as the pointer and the
 * keyboard do. */
static GtkEventController *
find_controller (GtkWidget *widget,
                 GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (c, type))
        return c;
    }
  return NULL;
}

/* A click (press and release without moving) at (@x, @y) of @widget. */
static void
click_at (GtkWidget *widget,
          double     x,
          double     y)
{
  GtkEventController *drag = find_controller (widget, GTK_TYPE_GESTURE_DRAG);

  g_assert_nonnull (drag);
  g_signal_emit_by_name (drag, "drag-begin", x, y);
  g_signal_emit_by_name (drag, "drag-end", 0.0, 0.0);
}

static gboolean
press_key (GtkWidget *widget,
           guint      keyval)
{
  GtkEventController *keys = find_controller (widget, GTK_TYPE_EVENT_CONTROLLER_KEY);
  gboolean handled = FALSE;

  g_assert_nonnull (keys);
  g_signal_emit_by_name (keys, "key-pressed", keyval, 0u, (GdkModifierType) 0, &handled);
  return handled;
}

static gboolean
files_equal (const char *a,
             const char *b)
{
  g_autofree char *ca = NULL, *cb = NULL;
  gsize la, lb;

  g_assert_true (g_file_get_contents (a, &ca, &la, NULL));
  g_assert_true (g_file_get_contents (b, &cb, &lb, NULL));
  return la == lb && memcmp (ca, cb, la) == 0;
}

/* A click selects a task and says what it did, without moving the view;
 * Escape clears; exports leave the selection out unless asked. */
static void
test_select_task (void)
{
  IlWindow *window = get_window ();
  IlTimelineView *timeline = il_window_get_timeline (window);
  GtkWidget *widget = GTK_WIDGET (timeline);
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *vadj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  g_autoptr(GSettings) settings = settings_new ();
  g_autofree char *plain = g_build_filename (g_get_tmp_dir (), "il-test-plain.png", NULL);
  g_autofree char *selected = g_build_filename (g_get_tmp_dir (), "il-test-selected.png", NULL);
  g_autoptr(GError) error = NULL;
  IlTimelineLayout *layout;
  GtkWidget *details;
  const char *text;
  double y, h, scrolled;
  gint lane, task;
  guint run;

  static const char * const models[] = { "sequential", "threads", "thread-pool", "async", NULL };

  use_small_numbers (models, 30, 10);
  activate ("run", NULL);
  g_assert_true (wait_for (window_idle, window, 30000));
  spin_main_loop (100);
  g_assert_cmpfloat (gtk_adjustment_get_upper (vadj), >, gtk_adjustment_get_page_size (vadj));

  /* The view scrolled down a little, and not focused yet. */
  gtk_window_set_focus (GTK_WINDOW (window), NULL);
  scrolled = MIN (40, gtk_adjustment_get_upper (vadj) - gtk_adjustment_get_page_size (vadj));
  gtk_adjustment_set_value (vadj, scrolled);
  spin_main_loop (50);

  /* Click on task 2 of the last run, in the middle of its lane. */
  layout = il_timeline_view_get_layout (timeline);
  run = il_timeline_layout_get_n_runs (layout) - 1;
  lane = il_timeline_layout_find_task_lane (layout, run, 2);
  g_assert_cmpint (lane, >=, 0);
  il_timeline_layout_get_bar_extents (layout, run, lane, &y, &h);
  {
    const IlTaskSnapshot *t = &il_timeline_layout_get_run (layout, run)->snapshot->tasks[2];
    double x = il_timeline_layout_time_to_x (layout, (t->started_ns + t->finished_ns) / 2);
    IlTimelineHit hit;

    g_assert_true (il_timeline_layout_hit_test (layout, x, y + h / 2, &hit));
    task = hit.task;
    g_assert_cmpint (task, ==, 2);
    click_at (widget, x, y + h / 2);
  }
  spin_main_loop (100);
  g_assert_cmpint (il_timeline_view_get_highlight (timeline), ==, 2);
  g_assert_true (gtk_widget_has_focus (widget));
  g_assert_cmpfloat (gtk_adjustment_get_value (vadj), ==, scrolled);

  /* What the task did, in words. */
  details = il_timeline_view_get_details (timeline);
  g_assert_nonnull (details);
  g_assert_true (gtk_widget_get_visible (details));
  text = gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (gtk_popover_get_child (GTK_POPOVER (details)))));
  g_test_message ("details: %s", text);
  g_assert_nonnull (strstr (text, il_timeline_layout_get_run (layout, run)->snapshot->tasks[2].name));
  g_assert_nonnull (strstr (text, "io-wait"));
  g_assert_nonnull (strstr (text, "async"));

  /* Every legend entry explains itself when pointed at. */
  {
    g_autoptr(GArray) items = il_painter_get_legend_items (layout, NULL);
    g_autofree char *nothing = il_timeline_view_dup_legend_tooltip (timeline, 1, 1);

    g_assert_null (nothing);
    g_assert_cmpuint (items->len, >, 2);
    for (guint i = 0; i < items->len; i++)
      {
        const IlLegendItem *it = &g_array_index (items, IlLegendItem, i);
        g_autofree char *tip = il_timeline_view_dup_legend_tooltip (timeline, it->x + it->width / 2,
                                                                    it->y + it->height / 2);

        g_assert_nonnull (tip);
        if (it->kind == IL_LEGEND_STATE)
          g_assert_true (g_str_has_prefix (tip, il_state_to_string (it->value)));
      }
  }

  /* Exports show every task alike unless asked (compared without the
   * caption, whose clock may turn a minute in between, and at a fixed
   * size: the details shown beside the timeline take a pixel of its
   * width in the folding window). */
  g_settings_set_boolean (settings, "export-caption", FALSE);
  g_settings_set_boolean (settings, "export-custom-size", TRUE);
  g_settings_set_int (settings, "export-width", 900);
  g_settings_set_int (settings, "export-height", 700);
  g_assert_true (il_window_export (window, selected, &error));
  g_assert_no_error (error);

  /* Escape clears the selection and the details. */
  g_assert_true (press_key (widget, GDK_KEY_Escape));
  g_assert_cmpint (il_timeline_view_get_highlight (timeline), ==, -1);
  spin_main_loop (50);
  g_assert_false (gtk_widget_get_visible (details));
  g_assert_false (press_key (widget, GDK_KEY_Escape));

  g_assert_true (il_window_export (window, plain, &error));
  g_assert_no_error (error);
  g_assert_true (files_equal (plain, selected));

  g_settings_set_boolean (settings, "export-selection", TRUE);
  il_timeline_view_set_highlight (timeline, 2);
  g_assert_true (il_window_export (window, selected, &error));
  g_assert_no_error (error);
  g_assert_false (files_equal (plain, selected));
  g_settings_reset (settings, "export-selection");
  il_timeline_view_set_highlight (timeline, -1);

  /* The caption is a line at the bottom of the picture (the lanes give
   * it room when they fill the height). */
  g_assert_true (il_window_export (window, plain, &error));
  g_settings_reset (settings, "export-caption");
  g_assert_true (il_window_export (window, selected, &error));
  g_assert_no_error (error);
  {
    cairo_surface_t *a = cairo_image_surface_create_from_png (plain);
    cairo_surface_t *b = cairo_image_surface_create_from_png (selected);

    g_assert_cmpint (cairo_image_surface_get_height (b), <=, cairo_image_surface_get_height (a) + 40);
    g_assert_false (png_has_ink (a, 6));
    g_assert_true (png_has_ink (b, 24));
    cairo_surface_destroy (a);
    cairo_surface_destroy (b);
  }
  g_settings_reset (settings, "export-custom-size");
  g_settings_reset (settings, "export-width");
  g_settings_reset (settings, "export-height");
  g_unlink (plain);
  g_unlink (selected);
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      if ((found = find_descendant (child, type)) != NULL)
        return found;
    }
  return NULL;
}

enum { COLUMN_COMPLETION_ORDER = 11, COLUMN_IO_WAIT, COLUMN_RUNNING, COLUMN_GIL_WAIT,
       COLUMN_GIL_HANDOVERS, COLUMN_RESULTS };

/* Every run of a comparison of all models is in sight in the summary
 * table, and the numbers the texts point to are columns that can be shown. */
static void
test_summary_shows_all_runs_and_more_columns (void)
{
  IlWindow *window = get_window ();
  IlSummaryTable *summary = il_window_get_summary_table (window);
  GtkWidget *scroller = find_descendant (GTK_WIDGET (summary), GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *vadj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  g_autoptr(GSettings) settings = settings_new ();
  g_autofree char *order = NULL, *handovers = NULL, *results = NULL;

  static const char * const all[] = { NULL };
  static const char * const seq[] = { "sequential", "threads", NULL };

  activate ("select-workload", g_variant_new_string ("fetch-data"));
  use_small_numbers (all, 3, 10);
  activate ("run", NULL);
  g_assert_true (wait_for (window_idle, window, 60000));
  spin_main_loop (300);
  g_assert_cmpuint (il_summary_table_get_n_rows (summary), ==, 9);
  g_test_message ("summary: %d px for rows needing %g px",
                  gtk_widget_get_height (GTK_WIDGET (summary)), gtk_adjustment_get_upper (vadj));
  g_assert_cmpfloat (gtk_adjustment_get_upper (vadj), <=, gtk_adjustment_get_page_size (vadj) + 1);
  /* … and every column shown fits the width (the test's window is wide). */
  {
    GtkAdjustment *hadj = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scroller));

    g_test_message ("summary: %g px wide in %g px", gtk_adjustment_get_upper (hadj),
                    gtk_adjustment_get_page_size (hadj));
  }

  /* Hidden at first; the Columns menu's actions show them. */
  g_assert_nonnull (il_summary_table_get_columns_button (summary));
  g_assert_false (il_summary_table_get_column_visible (summary, COLUMN_COMPLETION_ORDER));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (summary), "summary.column-completion-order", NULL));
  g_assert_true (il_summary_table_get_column_visible (summary, COLUMN_COMPLETION_ORDER));
  order = il_summary_table_dup_cell (summary, 0, COLUMN_COMPLETION_ORDER);
  g_assert_cmpstr (order, ==, "0, 1, 2");

  /* Remembered: a new table shows the same columns. */
  {
    g_auto(GStrv) shown = g_settings_get_strv (settings, "summary-columns");
    GtkWidget *other = g_object_ref_sink (il_summary_table_new ());

    g_assert_true (g_strv_contains ((const char * const *) shown, "completion-order"));
    g_assert_true (il_summary_table_get_column_visible (IL_SUMMARY_TABLE (other), COLUMN_COMPLETION_ORDER));
    g_assert_false (il_summary_table_get_column_visible (IL_SUMMARY_TABLE (other), COLUMN_RESULTS));
    g_object_unref (other);
  }
  il_summary_table_set_column_visible (summary, COLUMN_COMPLETION_ORDER, FALSE);
  g_assert_false (il_summary_table_get_column_visible (summary, COLUMN_COMPLETION_ORDER));

  /* GIL hand-overs and the tasks' results of random-squares. */
  activate ("select-workload", g_variant_new_string ("random-squares"));
  use_small_numbers (seq, 3, 0);
  g_settings_set_int64 (settings, "cpu-ms", 5);
  g_settings_set_boolean (settings, "gil", TRUE);
  activate ("run", NULL);
  g_assert_true (wait_for (window_idle, window, 60000));
  spin_main_loop (100);
  results = il_summary_table_dup_cell (summary, 0, COLUMN_RESULTS);
  handovers = il_summary_table_dup_cell (summary, 1, COLUMN_GIL_HANDOVERS);
  g_test_message ("results %s, hand-overs %s", results, handovers);
  g_assert_true (g_ascii_isdigit (results[0]));
  g_assert_nonnull (strchr (results, ','));
  g_assert_true (g_ascii_isdigit (handovers[0]));
  g_settings_reset (settings, "cpu-ms");
  g_settings_reset (settings, "gil");

  /* The next tests start from a comparison of fetch-data. */
  activate ("select-workload", g_variant_new_string ("fetch-data"));
  use_small_numbers (seq, 3, 10);
  activate ("run", NULL);
  g_assert_true (wait_for (window_idle, window, 30000));
}

static void
test_screenshot_not_blank (void)
{
  IlWindow *window = get_window ();
  int width = gtk_widget_get_width (GTK_WIDGET (window));
  int height = gtk_widget_get_height (GTK_WIDGET (window));
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);
  g_autofree guchar *data = NULL;
  gsize stride;

  g_assert_cmpint (width, >, 300);
  g_assert_cmpint (height, >, 300);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  stride = (gsize) width * 4;
  data = g_malloc (stride * height);
  gdk_texture_download (texture, data, stride);
  for (gsize i = 0; i < stride * height; i += 4)
    g_hash_table_add (colours, GUINT_TO_POINTER (*(guint32 *) (data + i)));
  g_test_message ("window %d×%d: %u colours", width, height, g_hash_table_size (colours));
  g_assert_cmpuint (g_hash_table_size (colours), >=, 20);
}

/* The widget's pixels as GTK would show them (B8G8R8A8, premultiplied). */
static guint32 *
widget_pixels (GtkWidget *widget,
               int       *width,
               int       *height)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  guint32 *data;

  *width = gtk_widget_get_width (widget);
  *height = gtk_widget_get_height (widget);
  gdk_paintable_snapshot (paintable, snapshot, *width, *height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, *width, *height));
  g_assert_cmpint (gdk_texture_get_width (texture), ==, *width);
  data = g_new (guint32, (gsize) *width * *height);
  gdk_texture_download (texture, (guchar *) data, (gsize) *width * 4);
  return data;
}

static gboolean
colours_close (guint32 a,
               guint32 b)
{
  for (int shift = 0; shift < 32; shift += 8)
    if (ABS ((int) ((a >> shift) & 0xff) - (int) ((b >> shift) & 0xff)) > 2)
      return FALSE;
  return TRUE;
}

/* The colour of lane @lane at time @t_ns, in the middle of its bar. */
static guint32
pixel_at (IlTimelineView *view,
          const guint32  *pixels,
          int             width,
          int             height,
          guint           lane,
          gint64          t_ns)
{
  IlTimelineLayout *layout = il_timeline_view_get_layout (view);
  double y, h;
  int x, row;

  il_timeline_layout_get_bar_extents (layout, 0, lane, &y, &h);
  x = (int) il_timeline_layout_time_to_x (layout, t_ns);
  row = (int) (y + h / 2);
  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (x, <, width);
  g_assert_cmpint (row, >=, 0);
  g_assert_cmpint (row, <, height);
  return pixels[(gsize) row * width + x];
}

static gboolean
has_pictures (gpointer view)
{
  return il_timeline_view_get_n_pictures (view) > 0;
}

typedef struct {
  GdkFrameClock *clock;
  gint64         until;
} Frames;

static gboolean
frames_passed (gpointer data)
{
  Frames *f = data;

  return gdk_frame_clock_get_frame_counter (f->clock) >= f->until;
}

/* Lets the window draw @n more frames. */
static void
wait_frames (GtkWidget *widget,
             guint      n)
{
  Frames f = { gtk_widget_get_frame_clock (widget), 0 };

  for (guint i = 0; i < n; i++)
    {
      f.until = gdk_frame_clock_get_frame_counter (f.clock) + 1;
      gtk_widget_queue_draw (gtk_widget_get_ancestor (widget, GTK_TYPE_WINDOW));
      g_assert_true (wait_for (frames_passed, &f, 10000));
    }
}

static IlTraceSnapshot *
two_tasks (gboolean grown)
{
  /* Task 0 runs 0 – 100 ms (and, grown, 100 – 200 ms too); task 1 waits
   * for I/O 0 – 200 ms. */
  IlSegment run[2] = { { 0, MS (100), 0, 0, IL_STATE_RUNNING, 0 },
                       { MS (100), MS (200), 0, 1, IL_STATE_RUNNING, 0 } };
  IlSegment wait[1] = { { 0, MS (200), 1, IL_NO_CPU, IL_STATE_IO_WAIT, 0 } };
  IlTaskSnapshot tasks[2] = { { 0, }, { 0, } };
  IlWorkerInfo workers[2] = { { IL_WORKER_THREAD, 1, 1, (char *) "thread 1" },
                              { IL_WORKER_THREAD, 2, 1, (char *) "thread 2" } };

  tasks[0].name = (char *) "task 0";
  tasks[0].segments = run;
  tasks[0].n_segments = grown ? 2 : 1;
  tasks[1].name = (char *) "task 1";
  tasks[1].segments = wait;
  tasks[1].n_segments = 1;
  return il_trace_snapshot_new_from_tasks (tasks, 2, workers, 2);
}

/* The timeline keeps its painted picture while nothing changes: a frame
 * that redraws the window paints nothing again; new data and a new zoom
 * do, and the widget then shows the new segments; the hovered segment's
 * outline is drawn over the kept picture. */
static void
test_picture_kept_until_the_view_changes (void)
{
  g_autoptr(IlTraceSnapshot) first = two_tasks (FALSE);
  g_autoptr(IlTraceSnapshot) grown = two_tasks (TRUE);
  IlTimelineRun run = { "threads", first, MS (200), -1, 0, FALSE, FALSE, NULL };
  GtkWidget *window = gtk_window_new ();
  IlTimelineView *view = IL_TIMELINE_VIEW (il_timeline_view_new ());
  g_autofree guint32 *before = NULL;
  g_autofree guint32 *after = NULL;
  g_autofree guint32 *zoomed = NULL;
  guint32 running;
  guint n;
  int width, height;

  gtk_window_set_default_size (GTK_WINDOW (window), 800, 400);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  il_timeline_view_set_timeline_runs (view, &run, 1);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wait_for (has_pictures, view, 20000));

  /* Redrawn, unchanged: no new picture. */
  n = il_timeline_view_get_n_pictures (view);
  wait_frames (GTK_WIDGET (view), 3);
  g_assert_cmpuint (il_timeline_view_get_n_pictures (view), ==, n);
  before = widget_pixels (GTK_WIDGET (view), &width, &height);
  g_assert_cmpuint (il_timeline_view_get_n_pictures (view), ==, n);
  /* Task 0 runs at 50 ms, not at 150 ms. */
  g_assert_false (colours_close (pixel_at (view, before, width, height, 0, MS (50)),
                                 pixel_at (view, before, width, height, 0, MS (150))));

  /* The data grows: a new picture shows task 0 running at 150 ms too. */
  run.snapshot = grown;
  il_timeline_view_set_timeline_runs (view, &run, 1);
  wait_frames (GTK_WIDGET (view), 2);
  g_assert_cmpuint (il_timeline_view_get_n_pictures (view), >, n);
  after = widget_pixels (GTK_WIDGET (view), &width, &height);
  g_assert_true (colours_close (pixel_at (view, after, width, height, 0, MS (50)),
                                pixel_at (view, after, width, height, 0, MS (150))));
  g_assert_true (colours_close (pixel_at (view, before, width, height, 0, MS (50)),
                                pixel_at (view, after, width, height, 0, MS (150))));
  running = pixel_at (view, after, width, height, 0, MS (50));

  /* Zoomed in on 120 – 180 ms: a new picture, running all across. */
  n = il_timeline_view_get_n_pictures (view);
  il_timeline_view_set_window (view, MS (120), MS (180));
  wait_frames (GTK_WIDGET (view), 2);
  g_assert_cmpuint (il_timeline_view_get_n_pictures (view), >, n);
  zoomed = widget_pixels (GTK_WIDGET (view), &width, &height);
  g_assert_true (colours_close (pixel_at (view, zoomed, width, height, 0, MS (125)), running));
  g_assert_true (colours_close (pixel_at (view, zoomed, width, height, 0, MS (175)), running));
  /* … and the same again when nothing changes. */
  n = il_timeline_view_get_n_pictures (view);
  wait_frames (GTK_WIDGET (view), 3);
  g_assert_cmpuint (il_timeline_view_get_n_pictures (view), ==, n);

  /* The pointer over task 0's segment outlines it over the same picture:
   * pixels change around the segment only. */
  {
    IlTimelineLayout *layout = il_timeline_view_get_layout (view);
    g_autofree guint32 *hovered = NULL;
    double by, bh;
    guint changed = 0, outside = 0;

    il_timeline_layout_get_bar_extents (layout, 0, 0, &by, &bh);
    il_timeline_view_hover_at (view, il_timeline_layout_time_to_x (layout, MS (150)), by + bh / 2);
    g_assert_true (view->hover_shown);
    wait_frames (GTK_WIDGET (view), 2);
    g_assert_cmpuint (il_timeline_view_get_n_pictures (view), ==, n);
    hovered = widget_pixels (GTK_WIDGET (view), &width, &height);
    for (int y = 0; y < height; y++)
      for (int x = 0; x < width; x++)
        if (!colours_close (hovered[(gsize) y * width + x], zoomed[(gsize) y * width + x]))
          {
            changed++;
            if (!graphene_rect_contains_point (&view->hover, &GRAPHENE_POINT_INIT (x + 0.5f, y + 0.5f)))
              outside++;
          }
    g_assert_cmpuint (changed, >, 100);
    g_assert_cmpuint (outside, ==, 0);

    /* Away from the lanes: no outline, still the same picture. */
    il_timeline_view_hover_at (view, -1, -1);
    g_assert_false (view->hover_shown);
    wait_frames (GTK_WIDGET (view), 2);
    g_assert_cmpuint (il_timeline_view_get_n_pictures (view), ==, n);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_preferences_round_trip (void)
{
  IlWindow *window = get_window ();
  IlTimelineView *timeline = il_window_get_timeline (window);
  g_autoptr(GSettings) settings = settings_new ();
  g_autoptr(GSettings) other = settings_new ();
  g_autofree char *view = NULL;
  g_auto(GStrv) models = NULL;
  g_autoptr(GVariant) state = NULL;

  /* The view switcher writes the setting; the setting moves the view. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "view", g_variant_new_string ("cores"));
  view = g_settings_get_string (settings, "view");
  g_assert_cmpstr (view, ==, "cores");
  g_assert_cmpint (il_timeline_view_get_view (timeline), ==, IL_VIEW_CORES);
  g_settings_set_string (settings, "view", "workers");
  g_assert_cmpint (il_timeline_view_get_view (timeline), ==, IL_VIEW_WORKERS);
  g_settings_set_string (settings, "view", "tasks");
  g_assert_cmpint (il_timeline_view_get_view (timeline), ==, IL_VIEW_TASKS);

  /* The picture on screen follows the window's style; the picture style
   * setting is for exports only. */
  {
    AdwStyleManager *manager = adw_style_manager_get_default ();
    g_autofree char *path = g_build_filename (g_get_tmp_dir (), "il-test-style.png", NULL);
    g_autoptr(GError) error = NULL;

    g_assert_false (adw_style_manager_get_dark (manager));
    g_settings_set_string (settings, "picture-style", "dark");
    g_assert_false (il_timeline_view_get_dark (timeline));
    g_assert_true (il_timeline_view_get_export_dark (timeline));
    g_assert_true (il_window_export (window, path, &error));
    g_assert_no_error (error);
    g_assert_cmpfloat (png_corner_luminance (path), <, 0.3);

    g_settings_set_string (settings, "picture-style", "light");
    g_assert_false (il_timeline_view_get_export_dark (timeline));
    adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
    spin_main_loop (50);
    g_assert_true (il_timeline_view_get_dark (timeline));
    g_assert_false (il_timeline_view_get_export_dark (timeline));
    g_settings_reset (settings, "picture-style");
    g_assert_true (il_timeline_view_get_export_dark (timeline));
    adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
    spin_main_loop (50);
    g_assert_false (il_timeline_view_get_dark (timeline));
    g_unlink (path);
  }

  /* Model check items. */
  g_settings_reset (settings, "models");
  state = g_action_group_get_action_state (G_ACTION_GROUP (window), "model-gtask");
  g_assert_true (g_variant_get_boolean (state));   /* fetch-data suits gtask */
  g_action_group_activate_action (G_ACTION_GROUP (window), "model-gtask", NULL);
  models = g_settings_get_strv (other, "models");
  g_assert_false (g_strv_contains ((const char * const *) models, "gtask"));
  g_assert_true (g_strv_contains ((const char * const *) models, "sequential"));
  g_clear_pointer (&state, g_variant_unref);
  state = g_action_group_get_action_state (G_ACTION_GROUP (window), "model-gtask");
  g_assert_false (g_variant_get_boolean (state));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reset-models", NULL));
  g_clear_pointer (&models, g_strfreev);
  models = g_settings_get_strv (other, "models");
  g_assert_cmpuint (g_strv_length (models), ==, 0);

  /* Numbers: written by one GSettings, read by another. */
  g_settings_set_int (settings, "tasks", 7);
  g_settings_set_int64 (settings, "io-ms", 15);
  g_assert_cmpint (g_settings_get_int (other, "tasks"), ==, 7);
  g_assert_cmpint (g_settings_get_int64 (other, "io-ms"), ==, 15);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reset-numbers", NULL));
  g_assert_cmpint (g_settings_get_int (other, "tasks"), ==, 0);
  g_assert_cmpint (g_settings_get_int64 (other, "io-ms"), ==, -1);

  g_settings_set_boolean (settings, "export-custom-size", TRUE);
  g_settings_set_int (settings, "export-width", 640);
  g_assert_cmpint (g_settings_get_int (other, "export-width"), ==, 640);
  g_settings_reset (settings, "export-custom-size");
  g_settings_reset (settings, "export-width");
}

/* ------------------------------------------------------------------------ */
/* What a new user meets */

/* 1, 2 or 5 times a power of ten */
static gboolean
is_nice (gint64 ns)
{
  while (ns >= 10 && ns % 10 == 0)
    ns /= 10;
  return ns == 1 || ns == 2 || ns == 5;
}

static void
test_waiting_run_says_waiting (void)
{
  static const char * const models[] = { "sequential", "threads", "thread-pool", NULL };
  IlWindow *window = get_window ();
  IlTimelineView *timeline = il_window_get_timeline (window);
  g_autoptr(GHashTable) spans = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autofree char *header = NULL;
  guint frames = 0;
  gint64 last = -1;

  activate ("select-workload", g_variant_new_string ("fetch-data"));
  use_small_numbers (models, 3, 150);
  activate ("run", NULL);
  g_assert_true (wait_for (window_running, window, 1000));
  spin_main_loop (150);

  /* The models that have not started say so, in the picture and to
   * assistive technologies. */
  {
    IlTimelineLayout *layout = il_timeline_view_get_layout (timeline);
    const IlTimelineRun *waiting = il_timeline_layout_get_run (layout, 2);

    g_assert_true (waiting->waiting);
    header = il_painter_run_summary (waiting);
    g_test_message ("header of a waiting run: %s", header);
    g_assert_nonnull (strstr (header, "waiting"));
    g_assert_null (strstr (header, "running"));
    g_assert_nonnull (strstr (il_timeline_view_get_summary (timeline), "thread-pool: waiting"));
  }

  /* The axis spans what ran, and grows in steps rather than every frame. */
  while (il_window_is_running (window))
    {
      IlTimelineLayout *layout = il_timeline_view_get_layout (timeline);
      gint64 t0, t1, ran = 0;

      il_timeline_layout_get_window (layout, &t0, &t1);
      for (guint r = 0; r < il_timeline_layout_get_n_runs (layout); r++)
        {
          const IlTimelineRun *run = il_timeline_layout_get_run (layout, r);

          if (!run->waiting)
            ran = MAX (ran, run->snapshot->end_ns);
        }
      if (il_timeline_view_is_live (timeline) && t1 != last)
        {
          g_test_message ("span %" G_GINT64_FORMAT " ns, ran %" G_GINT64_FORMAT " ns", t1, ran);
          g_assert_true (is_nice (t1));
          g_assert_cmpint (t1, >=, ran);
          g_assert_cmpint (t1, <=, MAX (4 * ran, 100 * G_TIME_SPAN_MILLISECOND * 1000));
          g_hash_table_add (spans, g_memdup2 (&t1, sizeof t1));
          last = t1;
        }
      frames++;
      spin_main_loop (16);
    }
  g_test_message ("%u frames, %u spans", frames, g_hash_table_size (spans));
  g_assert_cmpuint (frames, >=, 5);
  g_assert_cmpuint (g_hash_table_size (spans), <=, 8);

  /* Once ended the axis fits the runs. */
  {
    IlTimelineLayout *layout = il_timeline_view_get_layout (timeline);
    gint64 t0, t1;

    il_timeline_layout_get_window (layout, &t0, &t1);
    g_assert_cmpint (t1, ==, il_timeline_layout_get_duration (layout));
  }
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return ADW_MESSAGE_DIALOG (w);
    }
  return NULL;
}

static gboolean
no_message_dialog (gpointer data)
{
  return find_message_dialog () == NULL;
}

/* The dialog's button whose label is @label, pressed as a user would. */
static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found)
        return found;
    }
  return NULL;
}

static void
press (AdwMessageDialog *dialog,
       const char       *response)
{
  GtkWidget *button = find_button (GTK_WIDGET (dialog),
                                   adw_message_dialog_get_response_label (dialog, response));

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_activate (button));
  /* A button activated from the keyboard clicks after a short flash. */
  g_assert_true (wait_for (no_message_dialog, NULL, 2000));
}

static void
test_switch_while_running_asks (void)
{
  static const char * const models[] = { "sequential", "threads", NULL };
  IlWindow *window = get_window ();
  AdwMessageDialog *dialog;

  activate ("select-workload", g_variant_new_string ("fetch-data"));
  use_small_numbers (models, 3, 3000);
  activate ("run", NULL);
  g_assert_true (wait_for (window_running, window, 1000));

  /* Asked first; keeping on changes nothing. */
  activate ("select-workload", g_variant_new_string ("count-loop"));
  g_assert_cmpstr (il_window_get_workload_id (window), ==, "fetch-data");
  g_assert_true (il_window_is_running (window));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (adw_message_dialog_has_response (dialog, "keep"));
  g_assert_true (adw_message_dialog_has_response (dialog, "switch"));
  press (dialog, "keep");
  spin_main_loop (50);
  g_assert_null (find_message_dialog ());
  g_assert_true (il_window_is_running (window));
  g_assert_cmpstr (il_window_get_workload_id (window), ==, "fetch-data");

  /* Stop and switch: the run stops, what ran stays on screen, marked. */
  activate ("select-workload", g_variant_new_string ("count-loop"));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  press (dialog, "switch");
  g_assert_true (wait_for (window_idle, window, 10000));
  spin_main_loop (50);
  g_assert_null (find_message_dialog ());
  g_assert_cmpstr (il_window_get_workload_id (window), ==, "count-loop");
  g_assert_cmpuint (il_timeline_view_get_n_runs (il_window_get_timeline (window)), >=, 1);
  g_assert_nonnull (il_window_get_stale_notice (window));

  /* Not running: no question, and the finished runs stay until the next Run. */
  activate ("select-workload", g_variant_new_string ("fetch-data"));
  g_assert_null (find_message_dialog ());
  g_assert_cmpstr (il_window_get_workload_id (window), ==, "fetch-data");
  g_assert_cmpuint (il_timeline_view_get_n_runs (il_window_get_timeline (window)), >=, 1);
}

static void
test_results_say_their_numbers (void)
{
  static const char * const models[] = { "sequential", NULL };
  IlWindow *window = get_window ();
  g_autoptr(GSettings) settings = settings_new ();
  IlTimelineLayout *layout;
  const char *notice;

  activate ("select-workload", g_variant_new_string ("fetch-data"));
  use_small_numbers (models, 1, 20);
  activate ("run", NULL);
  g_assert_true (wait_for (window_idle, window, 30000));
  spin_main_loop (50);
  g_assert_null (il_window_get_stale_notice (window));

  /* The run's header says what it ran with. */
  layout = il_timeline_view_get_layout (il_window_get_timeline (window));
  g_test_message ("detail: %s", il_timeline_layout_get_run (layout, 0)->detail);
  g_assert_nonnull (strstr (il_timeline_layout_get_run (layout, 0)->detail, "1 task"));

  /* Other numbers in the panel: the results say they are older. */
  g_settings_set_int (settings, "tasks", 5);
  spin_main_loop (20);
  notice = il_window_get_stale_notice (window);
  g_assert_nonnull (notice);
  g_test_message ("notice: %s", notice);
  g_assert_nonnull (strstr (notice, "1 task"));
  g_assert_nonnull (strstr (notice, "5 tasks"));

  g_settings_set_int (settings, "tasks", 1);
  spin_main_loop (20);
  g_assert_null (il_window_get_stale_notice (window));
  g_settings_set_boolean (settings, "gil", TRUE);
  spin_main_loop (20);
  g_assert_nonnull (il_window_get_stale_notice (window));
  g_settings_reset (settings, "gil");
  spin_main_loop (20);
  g_assert_null (il_window_get_stale_notice (window));
}

static GtkEventController *
find_capture_scroll (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_SCROLL (c) &&
          gtk_event_controller_get_propagation_phase (c) == GTK_PHASE_CAPTURE)
        return c;
    }
  return NULL;
}

static void
test_wheel_scrolls_the_panel (void)
{
  IlWindow *window = get_window ();
  GtkAdjustment *vadj;
  GtkEventController *scroll;
  double before = gtk_spin_button_get_value (window->tasks_spin);
  double top;
  gboolean handled = FALSE;

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 480);
  spin_main_loop (300);
  gtk_widget_grab_focus (window->run_button);
  vadj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (window->side_panel));
  top = gtk_adjustment_get_value (vadj);

  /* Every number in the panel passes the wheel on until it has the focus. */
  scroll = find_capture_scroll (GTK_WIDGET (window->tasks_spin));
  g_assert_nonnull (scroll);
  g_assert_nonnull (find_capture_scroll (GTK_WIDGET (window->seed_spin)));
  for (guint i = 0; i < 10; i++)
    g_signal_emit_by_name (scroll, "scroll", 0.0, 1.0, &handled);
  g_assert_true (handled);
  g_assert_cmpfloat (gtk_spin_button_get_value (window->tasks_spin), ==, before);
  g_test_message ("panel: %g → %g of %g (page %g)", top, gtk_adjustment_get_value (vadj),
                  gtk_adjustment_get_upper (vadj), gtk_adjustment_get_page_size (vadj));
  if (gtk_adjustment_get_upper (vadj) > gtk_adjustment_get_page_size (vadj))
    g_assert_cmpfloat (gtk_adjustment_get_value (vadj), >, top);

  /* With the focus the wheel is the spin button's. */
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (window->tasks_spin)));
  g_signal_emit_by_name (scroll, "scroll", 0.0, 1.0, &handled);
  g_assert_false (handled);
  gtk_widget_grab_focus (window->run_button);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  spin_main_loop (100);
}

static void
test_invalid_number_is_refused (void)
{
  IlWindow *window = get_window ();
  g_autoptr(GSettings) settings = settings_new ();
  GtkWidget *spin = GTK_WIDGET (window->tasks_spin);

  activate ("select-workload", g_variant_new_string ("fetch-data"));
  g_settings_set_int (settings, "tasks", 3);
  spin_main_loop (20);
  g_assert_cmpfloat (gtk_spin_button_get_value (window->tasks_spin), ==, 3);

  gtk_editable_set_text (GTK_EDITABLE (spin), "abc");
  gtk_spin_button_update (window->tasks_spin);
  spin_main_loop (20);
  g_assert_cmpfloat (gtk_spin_button_get_value (window->tasks_spin), ==, 3);
  g_assert_cmpint (g_settings_get_int (settings, "tasks"), ==, 3);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spin)), ==, "3");
  g_assert_true (gtk_widget_has_css_class (spin, "error"));
  g_assert_nonnull (gtk_widget_get_tooltip_text (spin));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (spin), "abc"));

  /* A valid number clears the mark. */
  gtk_editable_set_text (GTK_EDITABLE (spin), "4");
  gtk_spin_button_update (window->tasks_spin);
  spin_main_loop (20);
  g_assert_cmpint (g_settings_get_int (settings, "tasks"), ==, 4);
  g_assert_false (gtk_widget_has_css_class (spin, "error"));
  g_settings_reset (settings, "tasks");
}

typedef struct { IlWindow *window; int width; } SizeWait;

static gboolean
window_has_width (gpointer data)
{
  SizeWait *w = data;
  int width = gtk_widget_get_width (GTK_WIDGET (w->window));

  /* Within the decorations' shadow */
  return ABS (width - w->width) <= 100;
}

static void
test_side_panel_folds (void)
{
  IlWindow *window = get_window ();
  g_autoptr(GSettings) settings = settings_new ();
  SizeWait narrow = { window, 760 }, wide = { window, 1260 };
  int width;

  gtk_window_set_default_size (GTK_WINDOW (window), 760, 600);
  g_assert_true (wait_for (window_has_width, &narrow, 5000));
  spin_main_loop (100);
  g_test_message ("window %d px wide", gtk_widget_get_width (GTK_WIDGET (window)));
  g_assert_true (adw_flap_get_folded (window->flap));
  g_assert_false (adw_flap_get_reveal_flap (window->flap));
  g_assert_true (gtk_widget_get_visible (window->side_panel_button));
  /* Folding is not the user hiding it. */
  g_assert_true (g_settings_get_boolean (settings, "show-side-panel"));

  /* The toggle shows it over the timeline. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-side-panel", NULL));
  g_assert_true (adw_flap_get_reveal_flap (window->flap));

  gtk_window_set_default_size (GTK_WINDOW (window), 1260, 780);
  g_assert_true (wait_for (window_has_width, &wide, 5000));
  spin_main_loop (300);
  g_assert_false (adw_flap_get_folded (window->flap));
  g_assert_true (adw_flap_get_reveal_flap (window->flap));
  width = gtk_widget_get_width (window->side_panel);
  {
    int min = 0, nat = 0;

    gtk_widget_measure (window->side_panel, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
    g_test_message ("side panel %d px wide at 1260 (min %d, natural %d)", width, min, nat);
    gtk_widget_measure (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (window->side_panel)), GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
    g_test_message ("its child: min %d, natural %d", min, nat);
  }
  g_assert_cmpint (width, >=, 320);
  g_assert_cmpint (width, <=, 480);

  /* Hidden (F9) while there is room: remembered. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-side-panel", NULL));
  g_assert_false (adw_flap_get_reveal_flap (window->flap));
  g_assert_false (g_settings_get_boolean (settings, "show-side-panel"));
  g_settings_reset (settings, "show-side-panel");
  g_assert_true (adw_flap_get_reveal_flap (window->flap));

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  spin_main_loop (200);
}

static void
test_workload_subtitle (void)
{
  IlWindow *window = get_window ();
  g_autofree char *dir = g_dir_make_tmp ("test-app-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "noseed.workload", NULL);
  static const char contents[] =
    "[Workload]\nName=noseed\nTitle=My workload\nCategory=io\n"
    "Summary=Two short sleeps.\nLookFor=They overlap.\nModels=sequential;threads\n"
    "[Tasks]\nCount=2\nPhases=sleep\nIoMs=10\nCpuMs=0\n";

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  il_window_open_workload (window, path);
  g_assert_cmpstr (adw_window_title_get_subtitle (window->window_title), ==, "My workload");
  /* No randomness: no seed to choose. */
  g_assert_false (gtk_widget_get_sensitive (window->seed_row));

  activate ("select-workload", g_variant_new_string ("random-squares"));
  g_test_message ("%s", adw_window_title_get_subtitle (window->window_title));
  g_assert_nonnull (strstr (adw_window_title_get_subtitle (window->window_title), "tutorial"));
  g_assert_null (strstr (adw_window_title_get_subtitle (window->window_title), "seed"));
  g_assert_true (gtk_widget_get_sensitive (window->seed_row));

  activate ("select-workload", g_variant_new_string ("fetch-data"));
  g_assert_false (gtk_widget_get_sensitive (window->seed_row));
  g_unlink (path);
  g_rmdir (dir);
}

/* The first label inside @widget, depth first. */
static GtkWidget *
find_label (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child);

      if (found)
        return found;
    }
  return NULL;
}

static void
test_model_names_match_the_timeline (void)
{
  IlWindow *window = get_window ();
  guint m = 0;

  for (GtkWidget *check = gtk_widget_get_first_child (GTK_WIDGET (window->models_box));
       check != NULL; check = gtk_widget_get_next_sibling (check), m++)
    {
      const IlModelInfo *info = il_model_get_info (m);
      GtkWidget *label = find_label (check);

      g_assert_true (GTK_IS_CHECK_BUTTON (check));
      /* Its name first: the one the timeline and the table give its runs */
      g_assert_nonnull (label);
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, info->id);
    }
  g_assert_cmpuint (m, ==, IL_N_MODELS);
}

static gboolean
progress_says_second (gpointer data)
{
  IlWindow *window = data;

  return strstr (gtk_label_get_text (window->progress_label), "2 of 2") != NULL;
}

static void
test_progress_names_the_model (void)
{
  static const char * const models[] = { "sequential", "threads", NULL };
  IlWindow *window = get_window ();
  const char *text;

  activate ("select-workload", g_variant_new_string ("fetch-data"));
  use_small_numbers (models, 3, 200);
  activate ("run", NULL);
  spin_main_loop (100);
  text = gtk_label_get_text (window->progress_label);
  g_test_message ("progress: %s", text);
  g_assert_nonnull (strstr (text, "sequential"));
  g_assert_nonnull (strstr (text, "1 of 2"));
  g_assert_nonnull (strstr (text, "left"));
  g_assert_true (wait_for (progress_says_second, window, 10000));
  g_assert_nonnull (strstr (gtk_label_get_text (window->progress_label), "threads"));
  g_assert_true (wait_for (window_idle, window, 30000));
}

static void
test_stop_leaves_no_thread (void)
{
  static const char * const models[] = { "sequential", "threads", "thread-pool", NULL };
  IlWindow *window = get_window ();
  g_autoptr(GPtrArray) runs = NULL;
  guint before, during;
  gint64 start;

  use_small_numbers (models, 4, 3000);
  g_assert_true (wait_for (no_engine_thread, NULL, 10000));
  before = count_baseline_threads ();

  activate ("run", NULL);
  g_assert_true (wait_for (window_running, window, 1000));
  spin_main_loop (300);
  during = count_threads ("il-");
  g_test_message ("threads before %u; engine threads during the run %u", before, during);
  g_assert_cmpuint (during, >, 0);

  start = g_get_monotonic_time ();
  activate ("stop", NULL);
  g_assert_true (wait_for (window_idle, window, 10000));
  /* Cancelling does not wait for the 3 s sleeps. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);

  runs = g_ptr_array_ref (il_window_get_runs (window));
  g_assert_cmpuint (runs->len, >=, 1);
  g_assert_true (il_run_get_stats (g_ptr_array_index (runs, 0))->cancelled);
  assert_threads_back_to (before);
}

static gboolean
runs_finished (gpointer data)
{
  GPtrArray *runs = data;

  for (guint i = 0; i < runs->len; i++)
    if (!il_run_is_finished (g_ptr_array_index (runs, i)))
      return FALSE;
  return TRUE;
}

static gboolean
not_opening (gpointer data)
{
  return !il_window_is_opening (data);
}

/* Runs saved (app.save-run) and opened again (app.open-run) show the same
 * table, cell for cell, with no run going; a file that is not a run file
 * is refused and what is on screen stays. */
static void
test_save_and_open_runs (void)
{
  static const char * const models[] = { "sequential", "threads", NULL };
  IlWindow *window = get_window ();
  IlSummaryTable *summary = il_window_get_summary_table (window);
  g_autofree char *dir = g_dir_make_tmp ("test-app-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "runs.json", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.json", NULL);
  g_autofree char *other = g_build_filename (dir, "other.json", NULL);
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_free);
  guint rows, columns = 11;

  use_small_numbers (models, 2, 30);
  activate ("run", NULL);
  g_assert_true (wait_for (window_idle, window, 30000));
  rows = il_summary_table_get_n_rows (summary);
  g_assert_cmpuint (rows, ==, 2);
  for (guint r = 0; r < rows; r++)
    for (guint c = 0; c < columns; c++)
      g_ptr_array_add (before, il_summary_table_dup_cell (summary, r, c));

  /* The table as data: a header and a row per run, the run's model second */
  {
    g_autofree char *csv = il_window_dup_table_csv (window);
    g_auto(GStrv) lines = NULL;

    g_assert_nonnull (csv);
    lines = g_strsplit (csv, "\r\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, rows + 2);
    g_assert_true (g_str_has_prefix (lines[0], "workload,model,"));
    g_assert_true (g_str_has_prefix (lines[1], "fetch-data,sequential,"));
    g_assert_true (g_str_has_prefix (lines[2], "fetch-data,threads,"));
    g_assert_true (has_widget_action (window, "win.copy-table"));
    g_assert_true (has_widget_action (window, "win.export-trace"));
    g_assert_true (has_widget_action (window, "win.export-table"));
  }

  activate ("save-run", g_variant_new_string (path));
  spin_main_loop (20);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  /* Another run in between, saved too, then the saved one back */
  use_small_numbers (models, 1, 10);
  activate ("run", NULL);
  g_assert_true (wait_for (window_idle, window, 30000));
  activate ("save-run", g_variant_new_string (other));
  spin_main_loop (20);
  activate ("open-run", g_variant_new_string (path));
  spin_main_loop (50);
  g_assert_false (il_window_is_running (window));
  g_assert_cmpuint (il_window_get_runs (window)->len, ==, 2);
  g_assert_cmpuint (il_summary_table_get_n_rows (summary), ==, rows);
  for (guint r = 0; r < rows; r++)
    for (guint c = 0; c < columns; c++)
      {
        g_autofree char *now = il_summary_table_dup_cell (summary, r, c);

        g_assert_cmpstr (now, ==, g_ptr_array_index (before, r * columns + c));
      }

  /* The runs of other numbers join the comparison (app.add-runs): each
   * against the sequential run of its own work, until the user picks
   * one run for all (Columns menu, Speedup Against) */
  activate ("add-runs", g_variant_new_string (other));
  spin_main_loop (50);
  g_assert_cmpuint (il_window_get_runs (window)->len, ==, 4);
  g_assert_cmpuint (il_summary_table_get_n_rows (summary), ==, 4);
  {
    g_autofree char *own = il_summary_table_dup_cell (summary, 2, 4);
    g_autofree char *first = NULL;
    g_autofree char *csv = NULL;

    g_assert_cmpstr (own, ==, "1.00×");
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (summary), "summary.baseline", "i", 3));
    g_assert_cmpint (il_summary_table_get_baseline (summary), ==, 3);
    first = il_summary_table_dup_cell (summary, 3, 4);
    g_assert_cmpstr (first, ==, "1.00×");
    /* The table as data says the same: every run against run 3, its
     * speedup that run's makespan over its own */
    csv = il_window_dup_table_csv (window);
    {
      g_auto(GStrv) lines = g_strsplit (csv, "\r\n", -1);
      g_auto(GStrv) header = g_strsplit (lines[0], ",", -1);
      g_auto(GStrv) last = g_strsplit (lines[4], ",", -1);
      gint column = -1, makespan = -1, speedup = -1;

      for (guint c = 0; header[c] != NULL; c++)
        {
          if (g_str_equal (header[c], "baseline"))
            column = (gint) c;
          else if (g_str_equal (header[c], "makespan_s"))
            makespan = (gint) c;
          else if (g_str_equal (header[c], "speedup"))
            speedup = (gint) c;
        }
      g_assert_cmpint (column, >=, 0);
      g_assert_cmpint (makespan, >=, 0);
      g_assert_cmpint (speedup, >=, 0);
      for (guint r = 1; r <= 4; r++)
        {
          g_auto(GStrv) cells = g_strsplit (lines[r], ",", -1);

          g_assert_cmpstr (cells[column], ==, "3");
          g_assert_cmpfloat_with_epsilon (g_ascii_strtod (cells[speedup], NULL),
                                          g_ascii_strtod (last[makespan], NULL) /
                                          g_ascii_strtod (cells[makespan], NULL), 1e-6);
        }
    }
  }
  /* Opening replaces the comparison, and the pick goes with it */
  g_assert_true (il_window_open_runs (window, path, NULL));
  spin_main_loop (20);
  g_assert_cmpint (il_summary_table_get_baseline (summary), ==, -1);

  /* As the dialog does, files read in a thread, then the first file opens
   * and the second joins it */
  {
    const char * const both[] = { other, path, NULL };

    il_window_open_runs_async (window, both, FALSE);
    g_assert_true (il_window_is_opening (window));
    g_assert_true (wait_for (not_opening, window, 30000));
    g_assert_cmpuint (il_window_get_runs (window)->len, ==, 4);
    g_assert_cmpstr (il_run_get_title (g_ptr_array_index (il_window_get_runs (window), 0)), ==,
                     il_run_get_title (g_ptr_array_index (il_window_get_runs (window), 2)));
  }
  g_assert_true (il_window_open_runs (window, path, NULL));
  spin_main_loop (20);

  /* Another tool's trace opens as runs: one per process, its threads as
   * lanes, its unknown figures absent */
  g_assert_true (g_file_set_contents (bad,
                                      "{\"traceEvents\":["
                                      "{\"ph\":\"X\",\"name\":\"f\",\"pid\":1,\"tid\":1,\"ts\":0,\"dur\":1000},"
                                      "{\"ph\":\"X\",\"name\":\"g\",\"pid\":1,\"tid\":2,\"ts\":500,\"dur\":1000},"
                                      "{\"ph\":\"X\",\"name\":\"h\",\"pid\":2,\"tid\":3,\"ts\":0,\"dur\":300}]}",
                                      -1, NULL));
  if (HAVE_YAJL)
    {
      g_autofree char *ideal = NULL;

      g_assert_true (il_window_open_runs (window, bad, NULL));
      spin_main_loop (50);
      g_assert_cmpuint (il_window_get_runs (window)->len, ==, 2);
      g_assert_cmpuint (il_summary_table_get_n_rows (summary), ==, 2);
      ideal = il_summary_table_dup_cell (summary, 0, 3);
      g_assert_cmpstr (ideal, ==, "—");
      g_assert_true (il_window_open_runs (window, path, NULL));
    }

  g_assert_true (g_file_set_contents (bad, "{\"traceEvents\": 3", -1, NULL));
  g_assert_false (il_window_open_runs (window, bad, NULL));
  g_assert_cmpuint (il_window_get_runs (window)->len, ==, 2);

  g_unlink (path);
  g_unlink (bad);
  g_unlink (other);
  g_rmdir (dir);
}

/* After a finished comparison of every model, the window fits 800 × 600
 * and 1400 × 900: what it needs at least (every label, the table's rows,
 * the timeline) is no more than the screen gives, so nothing is cut off
 * (the timeline and the table scroll; labels may ellipsize, with
 * tooltips). */
static void
test_window_fits_small_and_large_screens (void)
{
  static const char * const models[] = { "sequential", "threads", "thread-pool", "gtask", "async",
                                          "async-executor", "processes", "process-pool", "async-pool", NULL };
  static const int sizes[][2] = { { 800, 600 }, { 1400, 900 } };
  IlWindow *window = get_window ();
  GtkWidget *content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (window));

  use_small_numbers (models, 3, 20);
  activate ("run", NULL);
  g_assert_true (wait_for (window_idle, window, 60000));
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      int min_w = 0, min_h = 0;

      gtk_window_set_default_size (GTK_WINDOW (window), sizes[i][0], sizes[i][1]);
      spin_main_loop (100);
      gtk_widget_measure (content, GTK_ORIENTATION_HORIZONTAL, -1, &min_w, NULL, NULL, NULL);
      gtk_widget_measure (content, GTK_ORIENTATION_VERTICAL, sizes[i][0], &min_h, NULL, NULL, NULL);
      g_test_message ("%d × %d: the window needs at least %d × %d", sizes[i][0], sizes[i][1], min_w, min_h);
      g_assert_cmpint (min_w, <=, sizes[i][0]);
      g_assert_cmpint (min_h, <=, sizes[i][1]);
    }
}

static IlHelpWindow *
find_help_window (void)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    if (IL_IS_HELP_WINDOW (l->data))
      return l->data;
  return NULL;
}

static gboolean
help_example_finished (gpointer data)
{
  GPtrArray *runs = il_help_window_get_example_runs (data);

  return runs != NULL && runs->len > 0 && runs_finished (runs) &&
         strstr (il_help_window_get_example_status (data), "Measured") != NULL;
}

/* Collects the text of every label below @widget. */
static void
collect_labels (GtkWidget *widget,
                GString   *text)
{
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_labels (child, text);
}

/* F1 (app.help) opens the help: every state, every model and the views
 * are explained, beside pictures of a small comparison measured there
 * and then; closing it while the example runs stops the example. */
static void
test_help_explains_with_measured_pictures (void)
{
  IlHelpWindow *help;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) runs = NULL;
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.help");

  g_assert_nonnull (accels);
  g_assert_cmpstr (accels[0], ==, "F1");
  activate ("help", NULL);
  spin_main_loop (50);
  help = find_help_window ();
  g_assert_nonnull (help);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (help)), ==, "Help");

  collect_labels (GTK_WIDGET (help), text);
  for (guint s = 0; s < IL_N_STATES; s++)
    if (strstr (text->str, il_state_to_string (s)) == NULL)
      g_error ("the help does not explain the state %s", il_state_to_string (s));
  for (guint m = 0; m < IL_N_MODELS; m++)
    g_assert_nonnull (strstr (text->str, il_model_get_info (m)->id));
  g_assert_nonnull (strstr (text->str, "Ideal and efficiency"));
  g_assert_nonnull (strstr (text->str, "GIL"));

  /* The pictures are of runs measured now: three models, all finished */
  g_assert_true (wait_for (help_example_finished, help, 30000));
  runs = g_ptr_array_ref (il_help_window_get_example_runs (help));
  g_assert_cmpuint (runs->len, ==, 3);
  for (guint i = 0; i < runs->len; i++)
    {
      const IlRunStats *st = il_run_get_stats (g_ptr_array_index (runs, i));

      g_assert_false (st->cancelled);
      g_assert_cmpuint (st->tasks_ok, ==, 3);
    }
  g_assert_nonnull (strstr (il_help_window_get_example_status (help), "Measured"));
  g_clear_pointer (&runs, g_ptr_array_unref);

  /* Opened again and closed at once: its example is stopped, not left
   * running without a window */
  gtk_window_destroy (GTK_WINDOW (help));
  activate ("help", NULL);
  spin_main_loop (20);
  help = find_help_window ();
  g_assert_nonnull (help);
  runs = g_ptr_array_ref (il_help_window_get_example_runs (help));
  g_ptr_array_set_size (runs, 1);
  gtk_window_close (GTK_WINDOW (help));
  /* the run going on ends, the ones after it never start */
  g_assert_true (wait_for (runs_finished, runs, 10000));
  g_assert_true (wait_for (no_engine_thread, NULL, 10000));
  g_assert_null (find_help_window ());
}

/* ------------------------------------------------------------------------ */
/* Sweeps (il-window-sweep.c) */

/* The panel's Sweep on, over the workers, with @values and @repeat */
static void
set_panel_sweep (IlWindow   *window,
                 const char *values,
                 int         repeat)
{
  adw_expander_row_set_enable_expansion (window->sweep_row, TRUE);
  adw_combo_row_set_selected (window->sweep_axis_row, 0);
  gtk_editable_set_text (GTK_EDITABLE (window->sweep_values_row), values);
  gtk_spin_button_set_value (window->sweep_repeat_spin, repeat);
}

/* Sweep off, and the workload and numbers the other tests expect */
static void
sweep_off (IlWindow *window)
{
  g_autoptr(GSettings) settings = settings_new ();

  adw_expander_row_set_enable_expansion (window->sweep_row, FALSE);
  g_settings_reset (settings, "cpu-ms");
  g_settings_set_string (settings, "view", "tasks");
  g_assert_true (il_window_select_workload (window, "fetch-data", NULL));
  spin_main_loop (20);
}

static gboolean
plot_drawn (gpointer data)
{
  IlWindow *window = data;

  return g_strcmp0 (gtk_stack_get_visible_child_name (window->timeline_stack), "plot") == 0 &&
         gtk_widget_get_mapped (GTK_WIDGET (window->plot_view)) &&
         gtk_widget_get_width (GTK_WIDGET (window->plot_view)) > 100 &&
         il_plot_view_get_n_points (window->plot_view) > 0;
}

/* A sweep over workers 1,2 of two models, once each: four runs in the
 * interleaved order, the Plot view draws four points, and picking one
 * (a click where it is drawn, or the keys) shows its run in the Tasks
 * view; values the parser refuses are marked and not run. */
static void
test_sweep_runs_and_plots (void)
{
  static const char * const models[] = { "sequential", "thread-pool", NULL };
  IlWindow *window = get_window ();
  g_autoptr(GSettings) settings = settings_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *view = NULL;
  GPtrArray *runs;
  IlSweep *sweep;
  IlSweepPoint *point;
  IlTimelineLayout *layout;
  double x, y;

  /* The view setting knows the Plot view */
  {
    g_autoptr(GSettingsSchema) schema = NULL;
    g_autoptr(GSettingsSchemaKey) key = NULL;
    g_autoptr(GVariant) plot = g_variant_ref_sink (g_variant_new_string ("plot"));

    g_object_get (settings, "settings-schema", &schema, NULL);
    key = g_settings_schema_get_key (schema, "view");
    g_assert_true (g_settings_schema_key_range_check (key, plot));
  }

  g_assert_true (il_window_select_workload (window, "sum-of-squares", &error));
  g_assert_no_error (error);
  use_small_numbers (models, 2, 0);
  g_settings_set_int64 (settings, "cpu-ms", 5);

  /* Wrong values: marked at once, and Run runs nothing */
  set_panel_sweep (window, "1..0", 1);
  spin_main_loop (20);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window->sweep_values_row), "error"));
  activate ("run", NULL);
  spin_main_loop (50);
  g_assert_false (il_window_is_running (window));

  set_panel_sweep (window, "1,2", 1);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (window->sweep_values_row), "error"));
  /* The panel's sweep is remembered */
  {
    g_autofree char *values = g_settings_get_string (settings, "sweep-values");
    g_autofree char *axis = g_settings_get_string (settings, "sweep-axis");

    g_assert_true (g_settings_get_boolean (settings, "sweep"));
    g_assert_cmpstr (values, ==, "1,2");
    g_assert_cmpstr (axis, ==, "workers");
    g_assert_cmpint (g_settings_get_int (settings, "sweep-repeat"), ==, 1);
  }
  activate ("run", NULL);
  g_assert_true (il_window_is_running (window));
  g_assert_true (wait_for (window_idle, window, 60000));

  /* The runs in the order the command line makes them: the models
   * interleaved at 1 worker, then at 2 */
  runs = il_window_get_runs (window);
  g_assert_cmpuint (runs->len, ==, 4);
  g_assert_cmpint (il_run_get_model (g_ptr_array_index (runs, 0)), ==, IL_MODEL_SEQUENTIAL);
  g_assert_cmpint (il_run_get_model (g_ptr_array_index (runs, 1)), ==, IL_MODEL_THREAD_POOL);
  g_assert_cmpint (il_run_get_model (g_ptr_array_index (runs, 2)), ==, IL_MODEL_SEQUENTIAL);
  g_assert_cmpint (il_run_get_model (g_ptr_array_index (runs, 3)), ==, IL_MODEL_THREAD_POOL);
  g_assert_cmpint (il_run_get_params (g_ptr_array_index (runs, 1))->workers, ==, 1);
  g_assert_cmpint (il_run_get_params (g_ptr_array_index (runs, 3))->workers, ==, 2);

  /* The plot, in the Plot view */
  view = g_settings_get_string (settings, "view");
  g_assert_cmpstr (view, ==, "plot");
  g_assert_true (wait_for (plot_drawn, window, 10000));
  sweep = il_plot_view_get_sweep (window->plot_view);
  g_assert_nonnull (sweep);
  g_assert_cmpuint (sweep->n_runs, ==, 4);
  g_assert_cmpuint (sweep->n_curves, ==, 2);
  g_assert_cmpuint (il_plot_view_get_n_points (window->plot_view), ==, 4);

  /* On screen, each of the last model's markers (drawn last, so on top
   * where points meet, as at the first value: a speedup of 1) is in its
   * colour */
  {
    int width, height;
    g_autofree guint32 *pixels = widget_pixels (GTK_WIDGET (window->plot_view), &width, &height);
    double r, g, b;
    guint32 expected;

    il_plot_curve_color (1, adw_style_manager_get_dark (adw_style_manager_get_default ()), &r, &g, &b);
    expected = 0xff000000u | ((guint32) (r * 255 + 0.5) << 16) | ((guint32) (g * 255 + 0.5) << 8) |
               (guint32) (b * 255 + 0.5);
    for (guint v = 0; v < 2; v++)
      {
        int px, py;

        g_assert_true (il_plot_view_get_point_position (window->plot_view, v, 1, &x, &y));
        px = (int) x;
        py = (int) y;
        g_assert_cmpint (px, >=, 0);
        g_assert_cmpint (px, <, width);
        g_assert_cmpint (py, >=, 0);
        g_assert_cmpint (py, <, height);
        g_test_message ("point %u at %d,%d: %08x, expected %08x", v, px, py,
                        pixels[py * width + px], expected);
        g_assert_true (colours_close (pixels[py * width + px], expected));
      }
  }

  /* A click on the second model's point at 2 workers shows its run */
  g_assert_true (il_plot_view_get_point_position (window->plot_view, 1, 1, &x, &y));
  g_assert_true (il_plot_view_activate_at (window->plot_view, x + 2, y - 2));
  point = il_sweep_get_point (sweep, 1, 1);
  g_assert_cmpuint (point->n_repetitions, ==, 1);
  g_clear_pointer (&view, g_free);
  view = g_settings_get_string (settings, "view");
  g_assert_cmpstr (view, ==, "tasks");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->timeline_stack), ==, "timeline");
  g_assert_cmpuint (il_timeline_view_get_n_runs (window->timeline), ==, 1);
  layout = il_timeline_view_get_layout (window->timeline);
  /* The run shown is one of the sweep's at 2 workers: the point's, or
   * where a loaded machine put the two models' points at 2 workers close
   * together, the other model's */
  {
    gint shown_run = -1;

    for (guint k = 0; k < runs->len; k++)
      if (il_timeline_layout_get_run (layout, 0)->snapshot == il_run_get_record (g_ptr_array_index (runs, k))->snapshot)
        shown_run = (gint) k;
    g_test_message ("shown run %d, the point's %u, at %g, %g", shown_run, point->repetitions[0].run, x, y);
    g_assert_cmpint (shown_run, >=, 0);
    if ((guint) shown_run != point->repetitions[0].run)
      {
        /* value 1 (2 workers), curve 0 (the first model) */
        IlSweepPoint *other = il_sweep_get_point (sweep, 1, 0);
        double ox, oy;

        g_assert_cmpuint ((guint) shown_run, ==, other->repetitions[0].run);
        g_assert_true (il_plot_view_get_point_position (window->plot_view, 1, 0, &ox, &oy));
        g_assert_cmpfloat ((ox - x) * (ox - x) + (oy - y) * (oy - y), <=, 4 * PICK_RADIUS_FOR_TEST * PICK_RADIUS_FOR_TEST);
      }
    else
      g_assert_cmpint (il_run_get_params (g_ptr_array_index (runs, point->repetitions[0].run))->workers, ==, 2);
  }

  /* Far from every point, a click picks nothing */
  g_settings_set_string (settings, "view", "plot");
  g_assert_true (wait_for (plot_drawn, window, 10000));
  g_assert_false (il_plot_view_activate_at (window->plot_view, 1, 1));

  /* The keys: the first point, Right to the next value, Enter */
  il_plot_view_select (window->plot_view, 0, 0);
  gtk_widget_grab_focus (GTK_WIDGET (window->plot_view));
  {
    GtkEventController *keys = NULL;
    g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window->plot_view));
    gboolean handled = FALSE;
    guint v = 99, c = 99;

    for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
      {
        g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

        if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
          keys = GTK_EVENT_CONTROLLER (controller);
      }
    g_assert_nonnull (keys);
    g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Right, 0, 0, &handled);
    g_assert_true (handled);
    g_assert_true (il_plot_view_get_selected (window->plot_view, &v, &c));
    g_assert_cmpuint (v, ==, 1);
    g_assert_cmpuint (c, ==, 0);
    g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Return, 0, 0, &handled);
    g_assert_true (handled);
  }
  g_clear_pointer (&view, g_free);
  view = g_settings_get_string (settings, "view");
  g_assert_cmpstr (view, ==, "tasks");
  point = il_sweep_get_point (sweep, 1, 0);
  layout = il_timeline_view_get_layout (window->timeline);
  g_assert_true (il_timeline_layout_get_run (layout, 0)->snapshot ==
                 il_run_get_record (g_ptr_array_index (runs, point->repetitions[0].run))->snapshot);

  sweep_off (window);
}

/* Stop during a sweep: the runs that finished stay, and are plotted */
static void
test_sweep_stop_keeps_what_finished (void)
{
  static const char * const models[] = { "sequential", "threads", NULL };
  IlWindow *window = get_window ();
  g_autoptr(GSettings) settings = settings_new ();
  g_autoptr(GError) error = NULL;
  IlSweep *sweep;
  guint finished = 0, stopped = 0;

  g_assert_true (il_window_select_workload (window, "fetch-data", &error));
  g_assert_no_error (error);
  use_small_numbers (models, 2, 150);
  set_panel_sweep (window, "1,2,4", 2);
  activate ("run", NULL);
  g_assert_true (il_window_is_running (window));
  /* The progress says which point and repetition */
  g_assert_true (g_str_has_prefix (gtk_label_get_text (window->progress_label), "point 1 of 6, repeat 1 of 2"));

  /* Two runs done, the third going: stop */
  while (il_window_is_running (window) && window->current_run < 2)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (il_window_is_running (window));
  activate ("stop", NULL);
  g_assert_true (wait_for (window_idle, window, 10000));

  g_assert_true (wait_for (plot_drawn, window, 10000));
  sweep = il_plot_view_get_sweep (window->plot_view);
  g_assert_nonnull (sweep);
  g_assert_cmpuint (sweep->n_runs_planned, ==, 12);
  g_assert_cmpuint (sweep->n_runs, >=, 3);
  g_assert_cmpuint (sweep->n_runs, <, 12);
  for (guint p = 0; p < sweep->n_points; p++)
    for (guint r = 0; r < sweep->points[p].n_repetitions; r++)
      {
        if (sweep->points[p].repetitions[r].stopped)
          stopped++;
        else
          finished++;
      }
  g_assert_cmpuint (finished, >=, 2);
  g_assert_cmpuint (stopped, ==, 1);
  /* The points of the first value, whose runs finished, are drawn */
  g_assert_cmpuint (il_plot_view_get_n_points (window->plot_view), >=, 2);

  sweep_off (window);
}

/* A sweep saved (Save Run…) opens (Open Run…) on its plot, and Export in
 * the Plot view writes the plot */
static void
test_sweep_save_open_export (void)
{
  static const char * const models[] = { "sequential", "thread-pool", NULL };
  IlWindow *window = get_window ();
  g_autoptr(GSettings) settings = settings_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("interleave-sweep-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "sweep.json", NULL);
  g_autofree char *png = g_build_filename (dir, "plot.png", NULL);
  g_autofree char *view = NULL;
  cairo_surface_t *surface;
  IlSweep *sweep;

  g_assert_true (il_window_select_workload (window, "sum-of-squares", &error));
  use_small_numbers (models, 2, 0);
  g_settings_set_int64 (settings, "cpu-ms", 5);
  set_panel_sweep (window, "1,2", 1);
  activate ("run", NULL);
  g_assert_true (wait_for (window_idle, window, 60000));
  g_assert_true (wait_for (plot_drawn, window, 10000));

  g_assert_true (il_window_export (window, png, &error));
  g_assert_no_error (error);
  surface = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 1000);
  cairo_surface_destroy (surface);

  g_assert_true (il_window_save_runs (window, path, &error));
  g_assert_no_error (error);
  sweep_off (window);

  /* Another view, then the file: its plot */
  g_settings_set_string (settings, "view", "workers");
  g_assert_true (il_window_open_runs (window, path, &error));
  g_assert_no_error (error);
  view = g_settings_get_string (settings, "view");
  g_assert_cmpstr (view, ==, "plot");
  g_assert_true (wait_for (plot_drawn, window, 10000));
  sweep = il_plot_view_get_sweep (window->plot_view);
  g_assert_cmpuint (sweep->n_runs, ==, 4);
  g_assert_cmpuint (sweep->n_values, ==, 2);
  g_assert_cmpuint (il_plot_view_get_n_points (window->plot_view), ==, 4);

  sweep_off (window);
  g_unlink (png);
  g_unlink (path);
  g_rmdir (dir);
}


static void
test_close_during_run (void)
{
  static const char * const models[] = { "sequential", NULL };
  IlWindow *window = get_window ();
  g_autoptr(GPtrArray) runs = NULL;
  guint before;

  use_small_numbers (models, 3, 3000);
  g_assert_true (wait_for (no_engine_thread, NULL, 10000));
  before = count_baseline_threads ();

  activate ("run", NULL);
  g_assert_true (wait_for (window_running, window, 1000));
  spin_main_loop (200);
  runs = g_ptr_array_ref (il_window_get_runs (window));

  /* The window goes; the run is cancelled and ends without it. */
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (wait_for (runs_finished, runs, 10000));
  spin_main_loop (100);
  g_assert_null (window);
  g_assert_null (get_window ());
  g_assert_true (il_run_get_stats (g_ptr_array_index (runs, 0))->cancelled);
  assert_threads_back_to (before);

  /* A new window opens on the workload the settings remember. */
  g_application_activate (G_APPLICATION (app));
  spin_main_loop (100);
  g_assert_nonnull (get_window ());
  g_assert_cmpstr (il_window_get_workload_id (get_window ()), ==, "fetch-data");
}

/* ------------------------------------------------------------------------ */
/* Tracing a real program */

static gboolean
message_dialog_shown (gpointer data)
{
  return find_message_dialog () != NULL;
}

static const IlRunRecord *
last_record (IlWindow *window)
{
  GPtrArray *runs = il_window_get_runs (window);

  g_assert_nonnull (runs);
  g_assert_cmpuint (runs->len, >, 0);
  return il_run_get_record (g_ptr_array_index (runs, runs->len - 1));
}

static gboolean
has_task_named (const IlRunRecord *record,
                const char        *name)
{
  for (guint i = 0; i < record->snapshot->n_tasks; i++)
    if (g_strcmp0 (record->snapshot->tasks[i].name, name) == 0)
      return TRUE;
  return FALSE;
}

static void
test_trace_example (void)
{
  IlWindow *window = get_window ();
  const IlRunRecord *record;

  g_assert_true (wait_for (window_idle, window, 30000));
  /* three-threads.py from the Workload menu's Real Python programs: three
   * threads sleep 2 s each, at once */
  activate ("trace-example", g_variant_new_string ("three-threads.py"));
  g_assert_true (wait_for (window_running, window, 5000));
  g_assert_true (wait_for (window_idle, window, 30000));

  g_assert_cmpuint (il_window_get_runs (window)->len, ==, 1);
  record = last_record (window);
  g_assert_nonnull (record);
  g_assert_cmpint (record->source, ==, IL_RUN_SOURCE_TRACED);
  g_assert_true (record->finished);
  /* Lanes are the program's threads, named by their threading names */
  g_assert_cmpuint (record->snapshot->n_tasks, >=, 4);
  g_assert_true (has_task_named (record, "task-0"));
  g_assert_true (has_task_named (record, "task-1"));
  g_assert_true (has_task_named (record, "task-2"));
  g_assert_cmpuint (record->snapshot->n_workers, >=, 1);
  /* The method is in the run's title; how it ended, under the timeline */
  /* The method, whichever this kernel allows */
  g_assert_true (strstr (record->title, "sampled every") != NULL ||
                 strstr (record->title, "exact context switches from perf_event_open") != NULL);
  g_assert_nonnull (strstr (gtk_label_get_text (window->progress_label), "status 0"));
  g_assert_cmpuint (il_timeline_view_get_n_runs (il_window_get_timeline (window)), ==, 1);
}

/* A crawler among the examples crawls the demo site, started for it */
static void
test_trace_crawler_example (void)
{
  IlWindow *window = get_window ();
  const IlRunRecord *record;

  g_assert_true (wait_for (window_idle, window, 30000));
  activate ("trace-example", g_variant_new_string ("crawl-threads.py"));
  g_assert_true (wait_for (window_running, window, 5000));
  g_assert_nonnull (window->trace_site);
  g_assert_true (wait_for (window_idle, window, 60000));
  g_assert_null (window->trace_site);
  record = last_record (window);
  g_assert_cmpint (record->source, ==, IL_RUN_SOURCE_TRACED);
  /* It found the site: it ended well, with its thread pool's threads */
  g_assert_nonnull (strstr (gtk_label_get_text (window->progress_label), "status 0"));
  g_assert_cmpuint (record->snapshot->n_tasks, >, 2);
}

static void
test_trace_beside_runs (void)
{
  IlWindow *window = get_window ();
  g_autofree char *examples = il_window_dup_examples_dir ();
  g_autofree char *script = g_build_filename (examples, "three-threads.py", NULL);
  g_autofree char *quoted = g_shell_quote (script);
  g_autofree char *line = g_strdup_printf ("/usr/bin/python3 %s 0.2", quoted);
  GPtrArray *runs;

  g_assert_true (wait_for (window_idle, window, 30000));
  g_assert_cmpuint (il_window_get_runs (window)->len, ==, 1);
  /* A command line, added beside the finished run on screen */
  activate ("add-trace", g_variant_new_string (line));
  g_assert_true (wait_for (window_idle, window, 30000));
  runs = il_window_get_runs (window);
  g_assert_cmpuint (runs->len, ==, 2);
  g_assert_true (il_run_is_finished (g_ptr_array_index (runs, 0)));
  g_assert_true (il_run_is_finished (g_ptr_array_index (runs, 1)));
  g_assert_true (has_task_named (last_record (window), "task-2"));
  g_assert_cmpuint (il_timeline_view_get_n_runs (il_window_get_timeline (window)), ==, 2);
  /* The table has a row per run */
  {
    g_autofree char *csv = il_window_dup_table_csv (window);
    g_auto(GStrv) lines = NULL;

    g_assert_nonnull (csv);
    lines = g_strsplit (csv, "\r\n", -1);
    g_assert_cmpuint (g_strv_length (lines), >=, 3);
    g_assert_nonnull (strstr (lines[2], "traced"));
  }
  /* The exports and Save take it; opened again, it is the same two runs */
  {
    g_autofree char *dir = g_dir_make_tmp ("il-trace-XXXXXX", NULL);
    g_autofree char *png = g_build_filename (dir, "trace.png", NULL);
    g_autofree char *saved = g_build_filename (dir, "runs.json", NULL);
    g_autoptr(GError) error = NULL;

    g_assert_true (il_window_export (window, png, &error));
    g_assert_no_error (error);
    g_assert_true (il_window_save_runs (window, saved, &error));
    g_assert_no_error (error);
    il_window_open_runs (window, saved, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (il_window_get_runs (window)->len, ==, 2);
    g_assert_cmpint (il_run_get_record (g_ptr_array_index (il_window_get_runs (window), 1))->source,
                     ==, IL_RUN_SOURCE_TRACED);
    g_remove (png);
    g_remove (saved);
    g_rmdir (dir);
  }
}

static gboolean
pid_file_written (gpointer data)
{
  g_autofree char *text = NULL;

  return g_file_get_contents (data, &text, NULL, NULL) && atoi (text) > 0;
}

static void
test_trace_stop_ends_the_program (void)
{
  IlWindow *window = get_window ();
  g_autofree char *dir = g_dir_make_tmp ("il-trace-XXXXXX", NULL);
  g_autofree char *pid_path = g_build_filename (dir, "pid", NULL);
  g_autofree char *script = NULL;
  g_autofree char *quoted_path = NULL;
  g_autofree char *quoted = NULL;
  g_autofree char *line = NULL;
  g_autofree char *text = NULL;
  int pid;

  /* The path in Python quotes, the script in the shell's */
  quoted_path = g_strdup_printf ("'%s'", pid_path);
  script = g_strdup_printf ("import os, time\n"
                            "open(%s, 'w').write(str(os.getpid()))\n"
                            "while True:\n"
                            "    time.sleep(0.01)\n", quoted_path);
  quoted = g_shell_quote (script);
  line = g_strdup_printf ("/usr/bin/python3 -c %s", quoted);

  g_assert_true (wait_for (window_idle, window, 30000));
  activate ("trace-program", g_variant_new_string (line));
  g_assert_true (wait_for (window_running, window, 5000));
  g_assert_true (wait_for (pid_file_written, pid_path, 20000));
  spin_main_loop (500);   /* a few live records */
  g_assert_true (il_window_is_running (window));

  /* The timeline grows from live records; zoomed in, it stays zoomed */
  {
    IlTimelineView *view = il_window_get_timeline (window);
    IlRun *live;
    gint64 seen;

    g_assert_cmpuint (il_timeline_view_get_n_runs (view), ==, 1);
    live = g_ptr_array_index (il_window_get_runs (window), 0);
    g_assert_false (il_run_get_record (live)->finished);
    g_assert_cmpuint (il_run_get_record (live)->snapshot->n_tasks, >=, 1);
    seen = il_run_get_record (live)->snapshot->now_ns;
    il_timeline_view_zoom_in (view);
    g_assert_false (il_timeline_view_get_fit (view));
    spin_main_loop (600);
    live = g_ptr_array_index (il_window_get_runs (window), 0);
    g_assert_cmpint (il_run_get_record (live)->snapshot->now_ns, >, seen);
    g_assert_false (il_timeline_view_get_fit (view));
    il_timeline_view_zoom_to_fit (view);
  }

  activate ("stop", NULL);
  g_assert_true (wait_for (window_idle, window, 20000));
  g_assert_true (g_file_get_contents (pid_path, &text, NULL, NULL));
  pid = atoi (text);
  g_assert_cmpint (pid, >, 0);
  /* Nothing left running: the program is gone (reaped, not a zombie) */
  {
    g_autofree char *proc = g_strdup_printf ("/proc/%d", pid);

    g_assert_false (g_file_test (proc, G_FILE_TEST_EXISTS));
  }
  g_assert_true (last_record (window)->stopped);
  g_assert_cmpuint (il_window_get_runs (window)->len, ==, 1);
  g_assert_nonnull (strstr (gtk_label_get_text (window->progress_label), "Stopped"));

  g_remove (pid_path);
  g_rmdir (dir);
}

static void
test_trace_bad_command_keeps_the_runs (void)
{
  IlWindow *window = get_window ();
  g_autoptr(GPtrArray) before = NULL;
  GPtrArray *after;

  g_assert_true (wait_for (window_idle, window, 30000));
  before = g_ptr_array_ref (il_window_get_runs (window));
  g_assert_cmpuint (before->len, >, 0);

  /* No such program: an error once it cannot start, the runs stay */
  activate ("trace-program", g_variant_new_string ("/nonexistent/interleave-test-program --flag"));
  g_assert_true (wait_for (window_idle, window, 10000));
  g_assert_true (wait_for (message_dialog_shown, NULL, 10000));
  after = il_window_get_runs (window);
  g_assert_cmpuint (after->len, ==, before->len);
  for (guint i = 0; i < before->len; i++)
    g_assert_true (g_ptr_array_index (after, i) == g_ptr_array_index (before, i));
  g_assert_cmpuint (il_timeline_view_get_n_runs (il_window_get_timeline (window)), ==, before->len);
  press (find_message_dialog (), "close");

  /* A command line that cannot be read: the same */
  activate ("trace-program", g_variant_new_string ("/usr/bin/python3 'unclosed"));
  g_assert_false (il_window_is_running (window));
  g_assert_true (wait_for (message_dialog_shown, NULL, 5000));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (find_message_dialog ()), "cannot be read"));
  g_assert_true (il_window_get_runs (window) == after);
  press (find_message_dialog (), "close");
}

static GtkWidget *
find_widget_of_type (GtkWidget *widget,
                     GType      type)
{
  if (g_type_is_a (G_OBJECT_TYPE (widget), type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget_of_type (child, type);

      if (found)
        return found;
    }
  return NULL;
}

static void
test_trace_dialog (void)
{
  IlWindow *window = get_window ();
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  g_assert_true (wait_for (window_idle, window, 30000));
  {
    g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.trace-program");

    g_assert_cmpstr (accels[0], ==, "<Control>t");
  }
  /* app.trace-program with no command line opens the dialog */
  activate ("trace-program", g_variant_new_string (""));
  g_assert_true (wait_for (message_dialog_shown, NULL, 5000));
  dialog = find_message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Trace a Program");
  g_assert_nonnull (find_button (GTK_WIDGET (dialog), "Choose a _Script…"));
  entry = find_widget_of_type (GTK_WIDGET (dialog), GTK_TYPE_ENTRY);
  g_assert_nonnull (entry);
  /* Nothing to trace yet; a line that cannot be read says why */
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "trace"));
  gtk_editable_set_text (GTK_EDITABLE (entry), "python3 'unclosed");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "trace"));
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  gtk_editable_set_text (GTK_EDITABLE (entry), "/usr/bin/python3 -c pass");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "trace"));
  g_assert_false (gtk_widget_has_css_class (entry, "error"));
  /* Cancel (Escape) traces nothing */
  press (dialog, "cancel");
  g_assert_false (il_window_is_running (window));
}

/* The Workload menu lists the shipped example programs */
static void
test_trace_examples_in_the_menu (void)
{
  IlWindow *window = get_window ();
  GMenuModel *menu = gtk_menu_button_get_menu_model (window->workload_button);
  gboolean found = FALSE;

  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *label = NULL;
      GMenuModel *section;

      if (!g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &label) ||
          g_strcmp0 (label, "Real Python programs") != 0)
        continue;
      section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);
      g_assert_nonnull (section);
      g_assert_cmpint (g_menu_model_get_n_items (section), >=, 8);
      for (int j = 0; j < g_menu_model_get_n_items (section); j++)
        {
          g_autoptr(GVariant) target = g_menu_model_get_item_attribute_value (section, j, G_MENU_ATTRIBUTE_TARGET, NULL);

          if (target != NULL && g_strcmp0 (g_variant_get_string (target, NULL), "three-threads.py") == 0)
            found = TRUE;
        }
      g_object_unref (section);
    }
  g_assert_true (found);
}

/* A GTK or GLib warning on stderr fails the test, whichever path it took. */
static GLogWriterOutput
fail_on_warnings (GLogLevelFlags   level,
                  const GLogField *fields,
                  gsize            n_fields,
                  gpointer         user_data)
{
  GLogWriterOutput ret = g_log_writer_default (level, fields, n_fields, user_data);

  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    {
      g_printerr ("Bail out! a warning was logged\n");
      abort ();
    }
  return ret;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_setenv ("INTERLEAVE_NO_AUTORUN", "1", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  g_log_set_writer_func (fail_on_warnings, NULL, NULL);

  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }

  app = il_application_new ();
  /* In-process: no need to own the bus name (a real instance may run). */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  spin_main_loop (300);

  /* GTest runs suites in the order they first appear: keep each together. */
  g_test_add_func ("/app/window/builds", test_window_builds);
  g_test_add_func ("/app/window/screenshot-is-not-blank", test_screenshot_not_blank);
  g_test_add_func ("/app/window/shortcuts-open-quietly", test_shortcuts_window_opens_quietly);
  g_test_add_func ("/app/actions/select-workload", test_select_workload);
  g_test_add_func ("/app/actions/open-workload-file", test_open_workload_file);
  g_test_add_func ("/app/actions/run-and-export", test_run_and_export);
  g_test_add_func ("/app/actions/run-with-gil", test_run_with_gil);
  g_test_add_func ("/app/actions/run-crawl", test_run_crawl);
  g_test_add_func ("/app/actions/stop-leaves-no-thread", test_stop_leaves_no_thread);
  g_test_add_func ("/app/timeline/zoom-and-highlight", test_zoom_and_highlight);
  g_test_add_func ("/app/timeline/select-task", test_select_task);
  g_test_add_func ("/app/timeline/picture-kept-until-the-view-changes", test_picture_kept_until_the_view_changes);
  g_test_add_func ("/app/summary/all-runs-and-more-columns", test_summary_shows_all_runs_and_more_columns);
  g_test_add_func ("/app/preferences/round-trip", test_preferences_round_trip);
  g_test_add_func ("/app/help/explains-with-measured-pictures", test_help_explains_with_measured_pictures);
  g_test_add_func ("/app/files/save-and-open-runs", test_save_and_open_runs);
  g_test_add_func ("/app/window/fits-800x600-and-1400x900", test_window_fits_small_and_large_screens);
  g_test_add_func ("/app/ux/waiting-run-says-waiting", test_waiting_run_says_waiting);
  g_test_add_func ("/app/ux/switch-while-running-asks", test_switch_while_running_asks);
  g_test_add_func ("/app/ux/results-say-their-numbers", test_results_say_their_numbers);
  g_test_add_func ("/app/ux/wheel-scrolls-the-panel", test_wheel_scrolls_the_panel);
  g_test_add_func ("/app/ux/invalid-number-is-refused", test_invalid_number_is_refused);
  g_test_add_func ("/app/ux/side-panel-folds", test_side_panel_folds);
  g_test_add_func ("/app/ux/workload-subtitle", test_workload_subtitle);
  g_test_add_func ("/app/ux/model-names-match-the-timeline", test_model_names_match_the_timeline);
  g_test_add_func ("/app/ux/progress-names-the-model", test_progress_names_the_model);
  g_test_add_func ("/app/sweep/runs-and-plots", test_sweep_runs_and_plots);
  g_test_add_func ("/app/sweep/stop-keeps-what-finished", test_sweep_stop_keeps_what_finished);
  g_test_add_func ("/app/sweep/save-open-export", test_sweep_save_open_export);
  g_test_add_func ("/app/trace/examples-in-the-menu", test_trace_examples_in_the_menu);
  g_test_add_func ("/app/trace/dialog", test_trace_dialog);
  g_test_add_func ("/app/trace/example-threads-are-lanes", test_trace_example);
  g_test_add_func ("/app/trace/crawler-gets-the-demo-site", test_trace_crawler_example);
  g_test_add_func ("/app/trace/beside-the-runs", test_trace_beside_runs);
  g_test_add_func ("/app/trace/stop-ends-the-program", test_trace_stop_ends_the_program);
  g_test_add_func ("/app/trace/bad-command-keeps-the-runs", test_trace_bad_command_keeps_the_runs);
  g_test_add_func ("/app/lifecycle/close-during-run-cancels", test_close_during_run);

  ret = g_test_run ();

  {
    g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (app)));

    for (GList *l = windows; l; l = l->next)
      gtk_window_destroy (l->data);
  }
  spin_main_loop (50);
  g_clear_object (&app);
  return ret;
}
