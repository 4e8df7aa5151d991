/* ovs-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-application"

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "ovs-application.h"
#include "ovs-core.h"
#include "ovs-endpoint.h"
#include "ovs-preferences-window.h"
#include "ovs-window.h"

struct _OvsApplication
{
  AdwApplication parent_instance;

  OvsEndpoint   *endpoint;
  OvsTaskStore  *store;
  OvsTracker    *tracker;
};

G_DEFINE_FINAL_TYPE (OvsApplication, ovs_application, ADW_TYPE_APPLICATION)

static void
ovs_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (ovs_window_new (OVS_APPLICATION (app)));

  gtk_window_present (window);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  const char *developers[] = { _("The Omni Video Studio developers"), NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", window,
                        "application-name", _("Omni Video Studio"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Omni Video Studio developers"),
                        "developers", developers,
                        "version", PACKAGE_VERSION,
                        "website", "https://github.com/omnivideo/omni-video-studio",
                        "issue-url", "https://github.com/omnivideo/omni-video-studio/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        /* Translators: replace with your names, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  adw_about_window_add_link (ADW_ABOUT_WINDOW (about), _("Omni-Video API documentation"),
                             "https://omnirouters.com");
  adw_about_window_add_link (ADW_ABOUT_WINDOW (about), _("OmniRouters terms of service"),
                             "https://omnirouters.com/terms");
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  OvsApplication *self = OVS_APPLICATION (user_data);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  OvsPreferencesWindow *preferences;

  /* Already open: bring it back rather than open a second one. */
  if (OVS_IS_PREFERENCES_WINDOW (window))
    {
      gtk_window_present (window);
      return;
    }
  preferences = ovs_preferences_window_new (window, self->endpoint);
  gtk_window_set_application (GTK_WINDOW (preferences), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (preferences));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "about", about_activated },
  { "preferences", preferences_activated },
};

/* Unfinished tasks are followed again once the endpoint knows its key (otherwise tasks
 * sent to OmniRouters would look unreachable for a moment). */
static gboolean
resume_idle_cb (gpointer user_data)
{
  OvsApplication *self = user_data;

  if (self->tracker != NULL)
    ovs_tracker_resume (self->tracker);
  return G_SOURCE_REMOVE;
}

static void
endpoint_ready_cb (OvsApplication *self)
{
  if (self->tracker == NULL || !ovs_endpoint_get_ready (self->endpoint))
    return;
  g_signal_handlers_disconnect_by_func (self->endpoint, endpoint_ready_cb, self);
  /* After the window is on screen: the user sees the app first, then its tasks move. */
  g_idle_add_full (G_PRIORITY_LOW, resume_idle_cb, g_object_ref (self), g_object_unref);
}

static void
open_history (OvsApplication *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *downloads = ovs_core_dup_default_download_dir ();

  self->store = ovs_task_store_new (NULL, &error);
  if (self->store == NULL)
    {
      /* The composer still works; the window says why nothing can be sent. */
      g_warning ("The task history cannot be opened: %s", error->message);
      return;
    }

  if (ovs_endpoint_get_client (self->endpoint) == NULL)
    {
      g_warning ("No endpoint can be reached: tasks cannot be sent");
      return;
    }
  self->tracker = ovs_tracker_new (self->store, ovs_endpoint_get_client (self->endpoint), downloads);
  ovs_endpoint_bind_tracker (self->endpoint, self->tracker);
  g_signal_connect_swapped (self->endpoint, "notify::ready", G_CALLBACK (endpoint_ready_cb), self);
  endpoint_ready_cb (self);
}

static void
ovs_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  OvsApplication *self = OVS_APPLICATION (app);

  G_APPLICATION_CLASS (ovs_application_parent_class)->startup (app);

  gtk_source_init ();
  self->endpoint = ovs_endpoint_new ();
  open_history (self);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences",
                                         preferences_accels);
}

static void
ovs_application_shutdown (GApplication *app)
{
  OvsApplication *self = OVS_APPLICATION (app);

  G_APPLICATION_CLASS (ovs_application_parent_class)->shutdown (app);

  /* Stops the tracker's work, then the sandbox and a key lookup still under way. */
  g_clear_object (&self->tracker);
  g_clear_object (&self->store);
  g_clear_object (&self->endpoint);
}

static void
ovs_application_dispose (GObject *object)
{
  OvsApplication *self = OVS_APPLICATION (object);

  g_clear_object (&self->tracker);
  g_clear_object (&self->store);
  g_clear_object (&self->endpoint);

  G_OBJECT_CLASS (ovs_application_parent_class)->dispose (object);
}

static void
ovs_application_class_init (OvsApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = ovs_application_dispose;
  app_class->activate = ovs_application_activate;
  app_class->startup = ovs_application_startup;
  app_class->shutdown = ovs_application_shutdown;
}

static void
ovs_application_init (OvsApplication *self)
{
}

OvsApplication *
ovs_application_new (void)
{
  return g_object_new (OVS_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/omnivideo/Studio",
                       NULL);
}

/* Where requests go; NULL before the application started up. */
OvsEndpoint *
ovs_application_get_endpoint (OvsApplication *self)
{
  g_return_val_if_fail (OVS_IS_APPLICATION (self), NULL);
  return self->endpoint;
}

/* Sends and follows tasks; NULL when the history could not be opened. */
OvsTracker *
ovs_application_get_tracker (OvsApplication *self)
{
  g_return_val_if_fail (OVS_IS_APPLICATION (self), NULL);
  return self->tracker;
}
