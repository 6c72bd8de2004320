/* il-application.c — the GtkApplication: one window, app actions */

#include "config.h"

#include <glib/gi18n.h>

#include "il-application.h"
#include "il-window.h"

struct _IlApplication {
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (IlApplication, il_application, ADW_TYPE_APPLICATION)

static IlWindow *
get_window (IlApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      window = GTK_WINDOW (il_window_new (self));
      gtk_window_present (window);
    }
  return IL_WINDOW (window);
}

static void
il_application_activate (GApplication *app)
{
  gtk_window_present (GTK_WINDOW (get_window (IL_APPLICATION (app))));
}

static void
run_activated (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  il_window_run (get_window (user_data));
}

static void
stop_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  il_window_stop (get_window (user_data));
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  if (window)
    gtk_window_close (window);
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "run", run_activated },
  { "stop", stop_activated },
  { "quit", quit_activated },
};

static void
il_application_startup (GApplication *app)
{
  static const char *run_accels[] = { "<Control>r", "F5", NULL };
  static const char *stop_accels[] = { "Escape", NULL };
  static const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (il_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.run", run_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.stop", stop_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
}

static void
il_application_class_init (IlApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = il_application_activate;
  app_class->startup = il_application_startup;
}

static void
il_application_init (IlApplication *self)
{
}

IlApplication *
il_application_new (void)
{
  return g_object_new (IL_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/interleave/Interleave",
                       NULL);
}
