/* ovs-composer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-composer"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>

#include "ovs-catalog.h"
#include "ovs-composer.h"
#include "ovs-curl.h"
#include "ovs-draft-history.h"
#include "ovs-error.h"
#include "ovs-json.h"
#include "ovs-panel.h"
#include "ovs-validate.h"

/* Typing pauses this long before the checks run and the draft is written. */
#define VALIDATE_DELAY_MS 150
#define SAVE_DELAY_MS 500
/* Typing without a pause still writes the draft this often. */
#define SAVE_MAX_DELAY_US (5 * G_USEC_PER_SEC)
/* While the user types, the draft history keeps a state at most this often. */
#define SNAPSHOT_INTERVAL_S 120
/* A draft read for longer than this (a slow disk, a big image inline) is announced. */
#define READING_NOTICE_MS 150

struct _OvsComposer
{
  AdwBin       parent_instance;

  GHashTable  *requests;      /* scenario id -> OvsRequest (the drafts in memory) */
  GHashTable  *unsaved;       /* scenario ids with changes not yet on disk */
  GHashTable  *reading;       /* scenario ids whose draft file the writer is reading */
  GHashTable  *stand_ins;     /* scenario ids whose request is the example, replaced next */
  OvsScenario *scenario;      /* the one shown, with @request; NULL until one is read */
  OvsRequest  *request;
  OvsScenario *pending;       /* asked for, shown when its draft is read (see set_scenario) */
  guint        notice_id;     /* shows "Reading the draft…" when the read takes a while */

  GtkStack    *stack;
  GtkSpinner  *spinner;
  GtkWidget   *scroller;
  GtkWidget   *box;           /* the panels */
  GtkLabel    *title;
  GtkLabel    *description;
  GtkWidget   *origin_box;
  GtkLabel    *origin;
  GHashTable  *panels;        /* panel id -> widget */

  GPtrArray   *problems;
  guint        validate_id;
  guint        save_id;
  gint64       unsaved_since; /* monotonic time of the first change the timer waits for */
  GThreadPool *writer;        /* writes the drafts (save_draft), NULL while idle */

  GHashTable  *histories;     /* scenario id -> GPtrArray of OvsDraftState, newest first */
  GHashTable  *snapshot_times; /* scenario id -> when the last snapshot was asked (Unix s) */
  char        *undo_scenario; /* the last replacement's, see ovs_composer_get_undo_scenario */
  char        *undo_json;
  gboolean     pristine;      /* cleared and not touched since: no problems shown */
};

G_DEFINE_FINAL_TYPE (OvsComposer, ovs_composer, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_REQUEST,
  PROP_SCENARIO,
  PROP_N_ERRORS,
  PROP_LOADING,
  N_PROPS
};

enum {
  PROBLEMS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

char *
ovs_composer_dup_drafts_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "omni-video-studio", "drafts", NULL);
}

static char *
draft_file (const char *scenario_id,
            const char *suffix)
{
  g_autofree char *dir = ovs_composer_dup_drafts_dir ();
  g_autofree char *name = g_strconcat (scenario_id, suffix, NULL);

  return g_build_filename (dir, name, NULL);
}

static char *
draft_path (const char *scenario_id)
{
  return draft_file (scenario_id, ".json");
}

/* What the writer thread does (one thread, so files are written in the order asked): a
 * draft, made into text from a copy of the body; a state put first in a scenario's history
 * file; or both, the draft's text becoming the state (the two-minute snapshot); reading a
 * history file for Draft History; or reading a draft file, after every write asked before
 * (so a draft being written is read back whole). A 5 MB image inline makes any of them
 * megabytes of text, never made, read or written on the main thread. */
typedef struct
{
  gboolean  load;          /* read @history_path into @loaded, nothing else */
  GPtrArray *loaded;
  gboolean  read;          /* read @path: its text into @state, parsed into @body */
  gboolean  damaged;       /* read, but not a JSON object */
  OvsScenario *scenario;   /* the read draft's */
  char     *path;          /* the draft's file, with @body; NULL: a state alone */
  JsonNode *body;
  char     *history_path;  /* the history's file, NULL: no state */
  char     *state;         /* the state to keep; NULL: the draft's text */
  gint64    time;          /* the state's */
  GWeakRef  composer;      /* told of a snapshot kept, to show it in Draft History */
  char     *scenario_id;
} DraftJob;

static void
draft_job_free (DraftJob *job)
{
  g_free (job->path);
  g_clear_pointer (&job->body, json_node_unref);
  g_free (job->history_path);
  g_clear_pointer (&job->loaded, g_ptr_array_unref);
  g_free (job->state);
  g_weak_ref_clear (&job->composer);
  g_free (job->scenario_id);
  g_clear_object (&job->scenario);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DraftJob, draft_job_free)

static DraftJob *
draft_job_new (OvsComposer *self,
               const char  *scenario_id)
{
  DraftJob *job = g_new0 (DraftJob, 1);

  g_weak_ref_init (&job->composer, self);
  job->scenario_id = g_strdup (scenario_id);
  return job;
}

/* Whole and atomically, so a crash never leaves half a file. */
static void
write_file (const char *path,
            const char *text,
            const char *what)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0
      || !g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                    &error))
    g_warning ("Could not save %s %s: %s", what, path,
               error != NULL ? error->message : g_strerror (errno));
}

/* In the writer thread: @json first in the history file, as the main thread put it first in
 * the history it shows (the same rules on the same states: every write of the file goes
 * through this thread). */
static gboolean
keep_state (const char *history_path,
            const char *json,
            gint64      time)
{
  g_autoptr(GPtrArray) history = ovs_draft_history_load (history_path);
  g_autofree char *dir = g_path_get_dirname (history_path);
  g_autoptr(GError) error = NULL;

  if (!ovs_draft_history_push (history, json, time))
    return FALSE;
  if (g_mkdir_with_parents (dir, 0700) != 0
      || !ovs_draft_history_save (history, history_path, &error))
    g_warning ("Could not save the draft history %s: %s", history_path,
               error != NULL ? error->message : g_strerror (errno));
  return TRUE;
}

/* On the main thread: a snapshot the writer kept joins the history Draft History shows. */
static gboolean
snapshot_kept_cb (gpointer data)
{
  DraftJob *job = data;
  g_autoptr(OvsComposer) self = g_weak_ref_get (&job->composer);
  GPtrArray *history;

  if (self != NULL && self->histories != NULL
      && (history = g_hash_table_lookup (self->histories, job->scenario_id)) != NULL)
    ovs_draft_history_push (history, job->state, job->time);
  return G_SOURCE_REMOVE;
}

/* On the main thread: a scenario's history, read by the writer, replaces the one shown so
 * far, which holds only the states kept since the scenario was first shown (they are newer,
 * and the writer adds them to the file after this read, in the same order). */
static gboolean
history_loaded_cb (gpointer data)
{
  DraftJob *job = data;
  g_autoptr(OvsComposer) self = g_weak_ref_get (&job->composer);
  GPtrArray *shown;

  if (self == NULL || self->histories == NULL)
    return G_SOURCE_REMOVE;
  shown = g_hash_table_lookup (self->histories, job->scenario_id);
  for (guint i = shown != NULL ? shown->len : 0; i > 0; i--)
    {
      OvsDraftState *state = g_ptr_array_index (shown, i - 1);

      ovs_draft_history_push (job->loaded, state->json, state->time);
    }
  g_hash_table_insert (self->histories, g_strdup (job->scenario_id), g_steal_pointer (&job->loaded));
  return G_SOURCE_REMOVE;
}

static gboolean draft_read_cb (gpointer data);

/* In the writer thread: the draft file's text and its body; neither when there is none. */
static void
read_draft (DraftJob *job)
{
  gsize length = 0;

  if (!g_file_get_contents (job->path, &job->state, &length, NULL))
    return;
  job->body = ovs_json_parse_object (job->state, length, NULL, NULL, NULL);
  job->damaged = job->body == NULL;
}

static gboolean
released_cb (gpointer data)
{
  return G_SOURCE_REMOVE;
}

/* The body shares its inline files with the request (ovs_request_dup_body ()), so it is
 * let go on the main thread, where the request changes. */
static void
release_body (DraftJob *job)
{
  if (job->body != NULL)
    g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, released_cb, g_steal_pointer (&job->body),
                     (GDestroyNotify) json_node_unref);
}

static void
write_draft (gpointer data,
             gpointer user_data)
{
  g_autoptr(DraftJob) job = data;
  g_autofree char *text = NULL;

  if (job->read)
    {
      read_draft (job);
      /* Before the next frame when it can: the scenario waits unbuilt for it. */
      g_idle_add_full (G_PRIORITY_DEFAULT, draft_read_cb, g_steal_pointer (&job),
                       (GDestroyNotify) draft_job_free);
      return;
    }
  text = job->body != NULL ? ovs_json_to_string (job->body) : NULL;
  release_body (job);
  if (job->load)
    {
      job->loaded = ovs_draft_history_load (job->history_path);
      g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, history_loaded_cb, g_steal_pointer (&job),
                       (GDestroyNotify) draft_job_free);
      return;
    }
  if (job->path != NULL)
    write_file (job->path, text, "the draft");
  if (job->history_path == NULL)
    return;
  if (job->state != NULL)
    {
      keep_state (job->history_path, job->state, job->time);
      return;
    }
  if (!keep_state (job->history_path, text, job->time))
    return;
  job->state = g_steal_pointer (&text);
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, snapshot_kept_cb, g_steal_pointer (&job),
                   (GDestroyNotify) draft_job_free);
}

static void
push_draft_job (OvsComposer *self,
                DraftJob    *job)
{
  if (self->writer == NULL)
    self->writer = g_thread_pool_new (write_draft, NULL, 1, FALSE, NULL);
  g_thread_pool_push (self->writer, job, NULL);
}

/* Keeps @json as a state of the scenario's history: at once in the one Draft History
 * shows, and written by the writer thread. */
static void
remember_state (OvsComposer *self,
                const char  *scenario_id,
                const char  *json)
{
  GPtrArray *history = g_hash_table_lookup (self->histories, scenario_id);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  DraftJob *job;

  if (history == NULL || !ovs_draft_history_push (history, json, now))
    return;
  job = draft_job_new (self, scenario_id);
  job->history_path = draft_file (scenario_id, ".history.json");
  job->state = g_strdup (json);
  job->time = now;
  push_draft_job (self, job);
}

/* While typing, a state every SNAPSHOT_INTERVAL_S, so that the history is more than the
 * replacements. Only the time is looked at here: the writer makes the text (the draft's)
 * and keeps it. */
static gboolean
snapshot_due (OvsComposer *self,
              const char  *scenario_id,
              gint64       now)
{
  GPtrArray *history = g_hash_table_lookup (self->histories, scenario_id);
  gint64 last = GPOINTER_TO_SIZE (g_hash_table_lookup (self->snapshot_times, scenario_id));

  if (history == NULL)
    return FALSE;
  if (history->len > 0)
    last = MAX (last, ((OvsDraftState *) g_ptr_array_index (history, 0))->time);
  if (last != 0 && now - last < SNAPSHOT_INTERVAL_S)
    return FALSE;
  /* Asked now: the writer's answer comes later, and the next save must not ask again. */
  g_hash_table_insert (self->snapshot_times, g_strdup (scenario_id), GSIZE_TO_POINTER (now));
  return TRUE;
}

/* Hands the draft to the writer thread. */
static void
save_draft (OvsComposer *self,
            const char  *scenario_id)
{
  OvsRequest *request = g_hash_table_lookup (self->requests, scenario_id);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  DraftJob *job;

  if (request == NULL)
    return;
  job = draft_job_new (self, scenario_id);
  job->path = draft_path (scenario_id);
  job->body = ovs_request_dup_body (request);
  if (snapshot_due (self, scenario_id, now))
    {
      job->history_path = draft_file (scenario_id, ".history.json");
      job->time = now;
    }
  push_draft_job (self, job);
}

static void
save_unsaved (OvsComposer *self,
              gboolean     wait)
{
  GHashTableIter iter;
  gpointer key;

  g_clear_handle_id (&self->save_id, g_source_remove);
  g_hash_table_iter_init (&iter, self->unsaved);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    save_draft (self, key);
  g_hash_table_remove_all (self->unsaved);
  if (wait && self->writer != NULL)
    g_thread_pool_free (g_steal_pointer (&self->writer), FALSE, TRUE);
}

void
ovs_composer_save_drafts (OvsComposer *self)
{
  g_return_if_fail (OVS_IS_COMPOSER (self));

  /* Closing: everything typed is on disk when this returns. */
  save_unsaved (self, TRUE);
}

static gboolean
save_timeout_cb (gpointer user_data)
{
  OvsComposer *self = user_data;

  self->save_id = 0;
  save_unsaved (self, FALSE);
  return G_SOURCE_REMOVE;
}

void
ovs_composer_validate_now (OvsComposer *self)
{
  guint before;

  g_return_if_fail (OVS_IS_COMPOSER (self));

  g_clear_handle_id (&self->validate_id, g_source_remove);
  before = ovs_composer_get_n_errors (self);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  if (self->request == NULL)
    return;

  self->problems = ovs_validate_request (self->request);

  /* A form just cleared is all problems: red everywhere would greet an empty page. Submit
   * still knows them. */
  {
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, self->panels);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      ovs_panel_show_problems (OVS_PANEL (value), self->pristine ? NULL : self->problems);
  }

  g_signal_emit (self, signals[PROBLEMS_CHANGED], 0);
  if (before != ovs_composer_get_n_errors (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ERRORS]);
}

static gboolean
validate_timeout_cb (gpointer user_data)
{
  OvsComposer *self = user_data;

  self->validate_id = 0;
  ovs_composer_validate_now (self);
  return G_SOURCE_REMOVE;
}

static void
request_changed_cb (OvsComposer *self,
                    const char  *path,
                    OvsRequest  *request)
{
  OvsScenario *scenario = ovs_request_get_scenario (request);

  g_hash_table_add (self->unsaved, g_strdup (ovs_scenario_get_id (scenario)));
  if (request == self->request)
    self->pristine = FALSE;
  /* Written when typing pauses, not in the middle of a word: each write copies the whole
   * body, files inline included. */
  if (self->save_id == 0)
    self->unsaved_since = g_get_monotonic_time ();
  else if (g_get_monotonic_time () - self->unsaved_since < SAVE_MAX_DELAY_US)
    g_clear_handle_id (&self->save_id, g_source_remove);
  if (self->save_id == 0)
    self->save_id = g_timeout_add (SAVE_DELAY_MS, save_timeout_cb, self);

  if (request == self->request)
    {
      g_clear_handle_id (&self->validate_id, g_source_remove);
      self->validate_id = g_timeout_add (VALIDATE_DELAY_MS, validate_timeout_cb, self);
    }
}

static void
add_request (OvsComposer *self,
             OvsRequest  *request)
{
  g_signal_connect_object (request, "changed", G_CALLBACK (request_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_hash_table_insert (self->requests,
                       g_strdup (ovs_scenario_get_id (ovs_request_get_scenario (request))), request);
}

/* The first time a scenario is asked for, the writer reads its history and then its draft
 * (the draft file can hold a data: URL of megabytes). Draft History starts with the states
 * kept meanwhile; history_loaded_cb puts the read ones after them. */
static void
start_reading (OvsComposer *self,
               OvsScenario *scenario)
{
  const char *scenario_id = ovs_scenario_get_id (scenario);
  DraftJob *job;

  if (g_hash_table_contains (self->requests, scenario_id)
      || g_hash_table_contains (self->reading, scenario_id))
    return;
  g_hash_table_insert (self->histories, g_strdup (scenario_id),
                       g_ptr_array_new_with_free_func ((GDestroyNotify) ovs_draft_state_free));
  job = draft_job_new (self, scenario_id);
  job->load = TRUE;
  job->history_path = draft_file (scenario_id, ".history.json");
  push_draft_job (self, job);

  job = draft_job_new (self, scenario_id);
  job->read = TRUE;
  job->scenario = g_object_ref (scenario);
  job->path = draft_path (scenario_id);
  push_draft_job (self, job);
  g_hash_table_add (self->reading, g_strdup (scenario_id));
}

/* The request a replacement (an import, Undo, a task's body) goes to: the scenario's draft,
 * or, while that is still being read, the example, which the replacement then overwrites at
 * once; the draft read later goes to Draft History (draft_read_cb). */
static OvsRequest *
request_for (OvsComposer *self,
             OvsScenario *scenario)
{
  OvsRequest *request = g_hash_table_lookup (self->requests, ovs_scenario_get_id (scenario));

  if (request == NULL)
    {
      start_reading (self, scenario);
      request = ovs_request_new_from_example (scenario);
      add_request (self, request);
      g_hash_table_add (self->stand_ins, g_strdup (ovs_scenario_get_id (scenario)));
    }
  return request;
}

static void show_request (OvsComposer *self,
                          OvsRequest  *request);

/* On the main thread: a draft read. Made the scenario's request, and shown if it is still
 * the one asked for; but when the user already replaced the scenario's request (an import,
 * a task opened) that wins, and the draft read becomes a state of Draft History. */
static gboolean
draft_read_cb (gpointer data)
{
  DraftJob *job = data;
  g_autoptr(OvsComposer) self = g_weak_ref_get (&job->composer);
  OvsRequest *request;

  if (self == NULL || self->requests == NULL)
    return G_SOURCE_REMOVE;
  g_hash_table_remove (self->reading, job->scenario_id);
  if (job->damaged)
    g_warning ("The draft %s is damaged; starting from the example", job->path);

  request = g_hash_table_lookup (self->requests, job->scenario_id);
  if (request != NULL)
    {
      if (job->body != NULL && !ovs_draft_is_blank (job->state))
        remember_state (self, job->scenario_id, job->state);
      return G_SOURCE_REMOVE;
    }
  request = job->body != NULL ? ovs_request_new_from_node (job->body, job->scenario)
                              : ovs_request_new_from_example (job->scenario);
  add_request (self, request);
  if (self->pending != NULL
      && g_str_equal (ovs_scenario_get_id (self->pending), job->scenario_id))
    show_request (self, request);
  return G_SOURCE_REMOVE;
}

static void
rebuild_panels (OvsComposer *self)
{
  const char * const *panel_ids = ovs_scenario_get_panels (self->scenario);
  GtkWidget *child;

  /* The panels follow the title, the description and the origin line, which stay. */
  while ((child = gtk_widget_get_next_sibling (self->origin_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->box), child);
  g_hash_table_remove_all (self->panels);

  gtk_label_set_label (self->title, ovs_scenario_get_title (self->scenario));
  gtk_label_set_label (self->description, ovs_scenario_get_description (self->scenario));

  for (guint i = 0; panel_ids[i] != NULL; i++)
    {
      GtkWidget *panel = ovs_panel_new (panel_ids[i], self->request);

      if (panel == NULL)
        continue;
      {
        /* Not the bare id: widget names are JSON paths, and "prompt" is one. */
        g_autofree char *name = g_strconcat ("panel:", panel_ids[i], NULL);

        gtk_widget_set_name (panel, name);
      }
      g_hash_table_insert (self->panels, g_strdup (panel_ids[i]), panel);
      gtk_box_append (GTK_BOX (self->box), panel);
    }

  ovs_composer_validate_now (self);
}

static gboolean
notice_timeout_cb (gpointer user_data)
{
  OvsComposer *self = user_data;

  self->notice_id = 0;
  gtk_stack_set_visible_child_name (self->stack, "reading");
  gtk_spinner_start (self->spinner);
  return G_SOURCE_REMOVE;
}

/* While @pending's draft is read, the form shown stays, insensitive: a millisecond or two
 * usually, then the scenario's own form, with no example in between. */
static void
set_pending (OvsComposer *self,
             OvsScenario *pending)
{
  gboolean was_loading = self->pending != NULL;

  g_set_object (&self->pending, pending);
  gtk_widget_set_sensitive (self->box, pending == NULL);
  if (pending == NULL)
    {
      g_clear_handle_id (&self->notice_id, g_source_remove);
      gtk_spinner_stop (self->spinner);
      gtk_stack_set_visible_child_name (self->stack, "form");
    }
  else if (self->notice_id == 0)
    self->notice_id = g_timeout_add (READING_NOTICE_MS, notice_timeout_cb, self);
  if (was_loading != (pending != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
show_request (OvsComposer *self,
              OvsRequest  *request)
{
  /* Whatever is shown now, by the user's choice or an import, is no longer waited for. */
  set_pending (self, NULL);
  if (self->request == request)
    return;

  g_set_object (&self->request, request);
  g_set_object (&self->scenario, ovs_request_get_scenario (request));
  self->pristine = FALSE;
  rebuild_panels (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller)), 0);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCENARIO]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REQUEST]);
}

void
ovs_composer_set_scenario (OvsComposer *self,
                           OvsScenario *scenario)
{
  OvsRequest *request;

  g_return_if_fail (OVS_IS_COMPOSER (self));
  g_return_if_fail (OVS_IS_SCENARIO (scenario));

  request = g_hash_table_lookup (self->requests, ovs_scenario_get_id (scenario));
  if (request != NULL)
    {
      show_request (self, request);
      return;
    }
  start_reading (self, scenario);
  set_pending (self, scenario);
}

gboolean
ovs_composer_is_loading (OvsComposer *self)
{
  g_return_val_if_fail (OVS_IS_COMPOSER (self), FALSE);
  return self->pending != NULL;
}

OvsScenario *
ovs_composer_get_scenario (OvsComposer *self)
{
  g_return_val_if_fail (OVS_IS_COMPOSER (self), NULL);
  return self->scenario;
}

OvsRequest *
ovs_composer_get_request (OvsComposer *self)
{
  g_return_val_if_fail (OVS_IS_COMPOSER (self), NULL);
  return self->request;
}

/* Every replacement of a draft goes through here: what it replaces, when the user wrote
 * it, is kept for Undo and in the history. */
static gboolean
replace_draft (OvsComposer *self,
               OvsRequest  *request,
               const char  *text,
               gssize       length,
               GError     **error)
{
  const char *scenario_id = ovs_scenario_get_id (ovs_request_get_scenario (request));
  g_autofree char *before = ovs_request_to_json (request);
  g_autofree char *after = NULL;

  if (!ovs_request_replace_from_json (request, text, length, error))
    return FALSE;
  after = ovs_request_to_json (request);

  g_clear_pointer (&self->undo_scenario, g_free);
  g_clear_pointer (&self->undo_json, g_free);
  /* The example standing in for a draft still being read is no state of the user's: the
   * draft itself joins the history when it arrives. */
  if (g_hash_table_remove (self->stand_ins, scenario_id)
      || g_str_equal (before, after) || ovs_draft_is_blank (before))
    return TRUE;
  remember_state (self, scenario_id, before);
  self->undo_scenario = g_strdup (scenario_id);
  self->undo_json = g_steal_pointer (&before);
  return TRUE;
}

gboolean
ovs_composer_import (OvsComposer  *self,
                     const char   *text,
                     GError      **error)
{
  g_autofree char *body = NULL;
  g_autoptr(JsonNode) root = NULL;
  OvsDetection detection;
  OvsRequest *request;
  g_autofree char *written = NULL;

  g_return_val_if_fail (OVS_IS_COMPOSER (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (ovs_curl_looks_like (text))
    {
      body = ovs_curl_extract_body (text, error);
      if (body == NULL)
        return FALSE;
      text = body;
    }

  root = ovs_json_parse_object (text, -1, NULL, NULL, error);
  if (root == NULL)
    return FALSE;

  ovs_catalog_detect (ovs_catalog_get_default (), root, &detection);
  request = request_for (self, detection.scenario);
  written = ovs_json_to_string (root);
  if (!replace_draft (self, request, written, -1, error))
    return FALSE;

  show_request (self, request);
  return TRUE;
}

/* What Clear Form and Reset replace: the scenario asked for, even while its draft is read
 * (the user's choice wins; the draft read then goes to Draft History). */
static OvsRequest *
request_to_replace (OvsComposer *self)
{
  return self->pending != NULL ? request_for (self, self->pending) : self->request;
}

void
ovs_composer_clear (OvsComposer *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  OvsRequest *request;
  const char *model;

  g_return_if_fail (OVS_IS_COMPOSER (self));

  request = request_to_replace (self);
  if (request == NULL)
    return;

  model = ovs_request_get_model (request);
  json_builder_begin_object (builder);
  if (model != NULL)
    {
      json_builder_set_member_name (builder, "model");
      json_builder_add_string_value (builder, model);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = ovs_json_to_string (root);
  replace_draft (self, request, text, -1, NULL);
  show_request (self, request);
  self->pristine = TRUE;
  ovs_composer_validate_now (self);
}

void
ovs_composer_reset (OvsComposer *self)
{
  OvsRequest *request;
  GBytes *example;

  g_return_if_fail (OVS_IS_COMPOSER (self));

  request = request_to_replace (self);
  if (request == NULL)
    return;
  example = ovs_scenario_get_example_bytes (ovs_request_get_scenario (request));
  replace_draft (self, request, g_bytes_get_data (example, NULL),
                 g_bytes_get_size (example), NULL);
  show_request (self, request);
}

const char *
ovs_composer_get_undo_scenario (OvsComposer *self)
{
  g_return_val_if_fail (OVS_IS_COMPOSER (self), NULL);
  return self->undo_scenario;
}

void
ovs_composer_undo_replace (OvsComposer *self)
{
  OvsScenario *scenario;
  OvsRequest *request;
  g_autofree char *json = NULL;

  g_return_if_fail (OVS_IS_COMPOSER (self));

  if (self->undo_scenario == NULL)
    return;
  scenario = ovs_catalog_lookup (ovs_catalog_get_default (), self->undo_scenario);
  json = g_steal_pointer (&self->undo_json);
  g_clear_pointer (&self->undo_scenario, g_free);
  if (scenario == NULL)
    return;
  request = request_for (self, scenario);
  replace_draft (self, request, json, -1, NULL);
  show_request (self, request);
}

GPtrArray *
ovs_composer_get_draft_history (OvsComposer *self)
{
  g_return_val_if_fail (OVS_IS_COMPOSER (self), NULL);
  if (self->scenario == NULL)
    return NULL;
  return g_hash_table_lookup (self->histories, ovs_scenario_get_id (self->scenario));
}

void
ovs_composer_restore_draft (OvsComposer *self,
                            const char  *json)
{
  g_autofree char *copy = NULL;
  OvsRequest *request;

  g_return_if_fail (OVS_IS_COMPOSER (self));
  g_return_if_fail (json != NULL);

  /* @json may be a state of the history that the replacement itself reorders. */
  copy = g_strdup (json);
  /* A Continue chooses its scenario and restores at once, before the draft is read. */
  request = request_to_replace (self);
  if (request == NULL)
    return;
  replace_draft (self, request, copy, -1, NULL);
  show_request (self, request);
}

void
ovs_composer_reveal_problems (OvsComposer *self)
{
  g_return_if_fail (OVS_IS_COMPOSER (self));
  self->pristine = FALSE;
  ovs_composer_validate_now (self);
}

GPtrArray *
ovs_composer_get_problems (OvsComposer *self)
{
  g_return_val_if_fail (OVS_IS_COMPOSER (self), NULL);
  return self->problems;
}

guint
ovs_composer_get_n_errors (OvsComposer *self)
{
  g_return_val_if_fail (OVS_IS_COMPOSER (self), 0);
  return ovs_problems_count (self->problems, OVS_SEVERITY_ERROR);
}

GtkWidget *
ovs_composer_get_panel (OvsComposer *self,
                        const char  *panel_id)
{
  g_return_val_if_fail (OVS_IS_COMPOSER (self), NULL);
  return g_hash_table_lookup (self->panels, panel_id);
}

static void
ovs_composer_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  OvsComposer *self = OVS_COMPOSER (object);

  switch (prop_id)
    {
    case PROP_REQUEST:
      g_value_set_object (value, self->request);
      break;
    case PROP_SCENARIO:
      g_value_set_object (value, self->scenario);
      break;
    case PROP_N_ERRORS:
      g_value_set_uint (value, ovs_composer_get_n_errors (self));
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, ovs_composer_is_loading (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ovs_composer_dispose (GObject *object)
{
  OvsComposer *self = OVS_COMPOSER (object);

  /* Nothing typed is lost: pending drafts go to disk before the form goes away. */
  if (self->unsaved != NULL)
    ovs_composer_save_drafts (self);
  g_clear_handle_id (&self->validate_id, g_source_remove);
  g_clear_handle_id (&self->save_id, g_source_remove);
  g_clear_handle_id (&self->notice_id, g_source_remove);
  if (self->writer != NULL)
    g_thread_pool_free (g_steal_pointer (&self->writer), FALSE, TRUE);
  g_clear_pointer (&self->panels, g_hash_table_unref);
  g_clear_pointer (&self->requests, g_hash_table_unref);
  g_clear_pointer (&self->unsaved, g_hash_table_unref);
  g_clear_pointer (&self->reading, g_hash_table_unref);
  g_clear_pointer (&self->stand_ins, g_hash_table_unref);
  g_clear_pointer (&self->histories, g_hash_table_unref);
  g_clear_pointer (&self->snapshot_times, g_hash_table_unref);
  g_clear_pointer (&self->undo_scenario, g_free);
  g_clear_pointer (&self->undo_json, g_free);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_object (&self->request);
  g_clear_object (&self->scenario);
  g_clear_object (&self->pending);

  /* AdwBin keeps a pointer to its child: it lets go first, then the template. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), OVS_TYPE_COMPOSER);

  G_OBJECT_CLASS (ovs_composer_parent_class)->dispose (object);
}

static void
ovs_composer_class_init (OvsComposerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/omnivideo/Studio/composer/ovs-composer.ui");
  gtk_widget_class_bind_template_child (widget_class, OvsComposer, stack);
  gtk_widget_class_bind_template_child (widget_class, OvsComposer, spinner);
  gtk_widget_class_bind_template_child (widget_class, OvsComposer, scroller);
  gtk_widget_class_bind_template_child (widget_class, OvsComposer, box);
  gtk_widget_class_bind_template_child (widget_class, OvsComposer, title);
  gtk_widget_class_bind_template_child (widget_class, OvsComposer, description);
  gtk_widget_class_bind_template_child (widget_class, OvsComposer, origin_box);
  gtk_widget_class_bind_template_child (widget_class, OvsComposer, origin);

  object_class->get_property = ovs_composer_get_property;
  object_class->dispose = ovs_composer_dispose;

  properties[PROP_REQUEST] =
    g_param_spec_object ("request", NULL, NULL, OVS_TYPE_REQUEST,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCENARIO] =
    g_param_spec_object ("scenario", NULL, NULL, OVS_TYPE_SCENARIO,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ERRORS] =
    g_param_spec_uint ("n-errors", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[PROBLEMS_CHANGED] =
    g_signal_new ("problems-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "composer");
}

static void
ovs_composer_init (OvsComposer *self)
{
  self->requests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->unsaved = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->reading = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->stand_ins = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->panels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->histories = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) g_ptr_array_unref);
  self->snapshot_times = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ovs_composer_new (void)
{
  return g_object_new (OVS_TYPE_COMPOSER, NULL);
}

void
ovs_composer_set_origin (OvsComposer *self,
                         const char  *origin)
{
  g_return_if_fail (OVS_IS_COMPOSER (self));

  gtk_label_set_label (self->origin, origin != NULL ? origin : "");
  gtk_widget_set_visible (self->origin_box, origin != NULL);
}

const char *
ovs_composer_get_origin (OvsComposer *self)
{
  g_return_val_if_fail (OVS_IS_COMPOSER (self), NULL);
  return gtk_widget_get_visible (self->origin_box) ? gtk_label_get_label (self->origin) : NULL;
}
