/* ovs-tracker.c
 *
 * A task is written down before it is sent, so a task the gateway accepted (and charged
 * for) can never be lost: if the process dies between the write and the answer, the next
 * start finds it "submitting" with no server id and marks it unknown. Creates are never
 * sent twice. Queries back off from 5 s to 30 s with jitter, honour Retry-After, keep going
 * across transient errors (noting them on the task), and stop on a definitive answer or
 * after 24 hours. A finished video is downloaded at once (its URL may expire within the
 * hour), then probed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-tracker"

#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <fcntl.h>
#include <math.h>
#include <sys/file.h>
#include <unistd.h>

#include "ovs-error.h"
#include "ovs-json.h"
#include "ovs-json-fold.h"
#include "ovs-media-probe.h"
#include "ovs-network-watch.h"
#include "ovs-poll-budget.h"
#include "ovs-request.h"
#include "ovs-tracker.h"

/* The gateway forgets nothing it accepted: a few 404s in a row mean the task is gone. */
#define MAX_NOT_FOUND 3

typedef struct _Tracked Tracked;

struct _OvsTracker
{
  GObject           parent_instance;

  OvsTaskStore     *store;
  OvsClient        *client;
  GHashTable       *clients;        /* base URL -> OvsClient, for tasks sent elsewhere */
  OvsClientForFunc  client_func;
  gpointer          client_func_data;
  GDestroyNotify    client_func_destroy;

  /* A server that lives only as long as this process (the app's built-in sandbox): its
   * tasks are marked, and those of an earlier process end at resume instead of waiting. */
  char             *ephemeral_base_url;

  char             *download_dir;
  guint             stale_parts_id; /* the idle that starts clearing download_dir */
  gboolean          auto_download;
  double            first_poll;
  double            longest_poll;
  guint             max_in_flight;
  gint64            give_up_after;
  /* base URL -> OvsPollBudget: polls and creates of one endpoint share its budget with
   * every other tracker of the process (see ovs-poll-budget.c). */
  GHashTable       *budgets;

  GHashTable       *tracked;        /* row id -> Tracked */
  /* The tracked tasks waiting for their next poll, soonest first, and one source ready at
   * the soonest: thousands of unfinished tasks are thousands of entries here, not thousands
   * of main-loop sources each main-loop iteration would go through (issue 14). */
  GSequence        *due;            /* of Tracked, a reference each */
  GSource          *due_source;
  GHashTable       *submitting;     /* row id -> OvsTask, being sent by this process */
  guint             downloading;    /* downloads (and probes) under way */
  guint             n_inserting;    /* submits waiting for their insert to land */
  GQueue            draft_reads;    /* submits whose body is yet to be read, in order */
  gboolean          reading_draft;  /* the head of a submit's body read in a worker */
  guint             last_n_busy;    /* as last notified */
  GCancellable     *cancellable;
  GRand            *rand;
  OvsNetworkWatch  *watch;          /* NULL: always online, full speed, downloads allowed */
};

struct _Tracked
{
  OvsTracker   *tracker;  /* not a reference: the tracker cancels its work on dispose */
  OvsTask      *task;
  GCancellable *cancellable;  /* of its query; made with the first */
  OvsPollBudget *budget;    /* of its endpoint, once it was due */
  GSequenceIter *due_iter;  /* in the tracker's due, while waiting for its next poll */
  gint64        due_at;     /* monotonic µs */
  guint         polls;
  guint         not_found;
  guint         unusable;   /* answers in a row the parser could not use */
  guint         retry_after;
  gboolean      querying;
  gboolean      queued;
  gboolean      parked;   /* due while offline: asked the moment the network is back */
};

G_DEFINE_FINAL_TYPE (OvsTracker, ovs_tracker, G_TYPE_OBJECT)

enum {
  TASK_SENT,
  TASK_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_N_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void poll_due (Tracked *tracked);
static gboolean due_cb (gpointer user_data);
static guint resume_tasks (OvsTracker *self, GPtrArray *unfinished);
static GSourceFuncs due_source_funcs;
static void finish_task (OvsTracker *self, OvsTask *task);

/* "n-busy" is notified when what ovs_tracker_get_n_busy() counts changes. */
static void
busy_changed (OvsTracker *self)
{
  guint n_busy = ovs_tracker_get_n_busy (self);

  if (n_busy == self->last_n_busy)
    return;
  self->last_n_busy = n_busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_BUSY]);
}

static void
tracked_release (Tracked *tracked)
{
  g_cancellable_cancel (tracked->cancellable);
  g_clear_object (&tracked->cancellable);
  g_clear_object (&tracked->task);
  g_clear_pointer (&tracked->budget, ovs_poll_budget_unref);
}

static Tracked *
tracked_ref (Tracked *tracked)
{
  return g_rc_box_acquire (tracked);
}

static void
tracked_unref (Tracked *tracked)
{
  g_rc_box_release_full (tracked, (GDestroyNotify) tracked_release);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Tracked, tracked_unref)

static int
compare_due (gconstpointer a,
             gconstpointer b,
             gpointer      user_data)
{
  const Tracked *ta = a, *tb = b;

  return ta->due_at < tb->due_at ? -1 : ta->due_at > tb->due_at;
}

static void
update_due_source (OvsTracker *self)
{
  GSequenceIter *first;

  if (self->due_source == NULL)
    return;
  first = g_sequence_get_begin_iter (self->due);
  g_source_set_ready_time (self->due_source,
                           g_sequence_iter_is_end (first)
                           ? -1 : ((Tracked *) g_sequence_get (first))->due_at);
}

/* No longer waiting for a poll. */
static void
unschedule (Tracked *tracked)
{
  GSequenceIter *iter = g_steal_pointer (&tracked->due_iter);

  /* Its reference goes with it: the caller holds one. */
  if (iter != NULL)
    g_sequence_remove (iter);
}

/* Queued: the main loop never waits for the history's lock. A write that fails is the
 * store's to retry and announce (OvsTaskStore::write-failed). */
static void
save (OvsTracker *self,
      OvsTask    *task,
      const char *raw)
{
  ovs_task_store_queue_update (self->store, task, raw);
}

/* The client a task was sent through: its endpoint and its route family (a task created
 * through /v1/video/generations is queried there too, whatever the current setting). */
static OvsClient *
client_for (OvsTracker *self,
            OvsTask    *task)
{
  const char *base_url = ovs_task_get_base_url (task);
  const char *route_name = ovs_task_get_route (task);
  OvsRoute route = ovs_client_get_route (self->client);
  g_autofree char *key = NULL;
  OvsClient *client;

  if (route_name != NULL)
    ovs_route_from_string (route_name, &route);

  if ((base_url == NULL || g_str_equal (base_url, ovs_client_get_base_url (self->client)))
      && route == ovs_client_get_route (self->client))
    return self->client;

  if (base_url == NULL)
    base_url = ovs_client_get_base_url (self->client);
  key = g_strdup_printf ("%s %s", ovs_route_to_string (route), base_url);
  client = g_hash_table_lookup (self->clients, key);
  if (client == NULL)
    {
      if (g_str_equal (base_url, ovs_client_get_base_url (self->client)))
        client = ovs_client_new_sibling (self->client, route);
      if (client == NULL && self->client_func != NULL)
        client = self->client_func (base_url, self->client_func_data);
      if (client == NULL)
        return NULL;
      ovs_client_set_route (client, route);
      g_hash_table_insert (self->clients, g_steal_pointer (&key), client);
    }
  return client;
}

/* The budget @client's endpoint shares with every tracker of the process. */
static OvsPollBudget *
budget_for (OvsTracker *self,
            OvsClient  *client)
{
  const char *base_url = ovs_client_get_base_url (client);
  OvsPollBudget *budget = g_hash_table_lookup (self->budgets, base_url);

  if (budget == NULL)
    {
      budget = ovs_poll_budget_for_endpoint (base_url);
      ovs_poll_budget_set_max (budget, self->max_in_flight);
      g_hash_table_insert (self->budgets, g_strdup (base_url), budget);
    }
  return budget;
}

/* A stopped task's place in its endpoint's budget: its queued turn or its slot. */
static void
release_slot (Tracked *tracked)
{
  if (tracked->queued)
    {
      tracked->queued = FALSE;
      ovs_poll_budget_unwait (tracked->budget, tracked);
      /* The queue's reference. */
      tracked_unref (tracked);
    }
  if (tracked->querying)
    {
      tracked->querying = FALSE;
      ovs_poll_budget_give_back (tracked->budget);
    }
}

static void
ovs_tracker_dispose (GObject *object)
{
  OvsTracker *self = OVS_TRACKER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->stale_parts_id, g_source_remove);
  if (self->due_source != NULL)
    g_source_destroy (self->due_source);
  g_clear_pointer (&self->due_source, g_source_unref);
  /* Timeouts and answers still under way hold their own references to the tracked tasks:
   * take the tracker away from them, so none of them reaches a tracker that is gone. */
  if (self->tracked != NULL)
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, self->tracked);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          Tracked *tracked = value;

          tracked->due_iter = NULL;
          g_cancellable_cancel (tracked->cancellable);
          release_slot (tracked);
          tracked->tracker = NULL;
        }
    }
  g_clear_pointer (&self->due, g_sequence_free);
  g_clear_pointer (&self->tracked, g_hash_table_unref);
  g_clear_pointer (&self->budgets, g_hash_table_unref);
  g_clear_pointer (&self->clients, g_hash_table_unref);
  if (self->watch != NULL)
    g_signal_handlers_disconnect_by_data (self->watch, self);
  g_clear_object (&self->watch);
  if (self->client_func_destroy != NULL)
    g_clear_pointer (&self->client_func_data, self->client_func_destroy);
  g_clear_object (&self->client);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ovs_tracker_parent_class)->dispose (object);
}

static void
ovs_tracker_finalize (GObject *object)
{
  OvsTracker *self = OVS_TRACKER (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->submitting, g_hash_table_unref);
  g_clear_pointer (&self->rand, g_rand_free);
  g_free (self->download_dir);
  g_free (self->ephemeral_base_url);

  G_OBJECT_CLASS (ovs_tracker_parent_class)->finalize (object);
}

static void
ovs_tracker_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_N_BUSY:
      g_value_set_uint (value, ovs_tracker_get_n_busy (OVS_TRACKER (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ovs_tracker_class_init (OvsTrackerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ovs_tracker_dispose;
  object_class->finalize = ovs_tracker_finalize;

  /**
   * OvsTracker::task-sent:
   * @task: the task, written down and about to be sent (its create request is on its way)
   */
  signals[TASK_SENT] =
    g_signal_new ("task-sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, OVS_TYPE_TASK);

  /**
   * OvsTracker::task-finished:
   * @task: the task, succeeded (downloaded and probed when auto-download is on) or failed
   */
  signals[TASK_FINISHED] =
    g_signal_new ("task-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, OVS_TYPE_TASK);

  object_class->get_property = ovs_tracker_get_property;
  properties[PROP_N_BUSY] =
    g_param_spec_uint ("n-busy", NULL, "Tasks being sent, followed or downloaded", 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ovs_tracker_init (OvsTracker *self)
{
  self->tracked = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                         (GDestroyNotify) tracked_unref);
  self->clients = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->budgets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) ovs_poll_budget_unref);
  self->submitting = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->due = g_sequence_new ((GDestroyNotify) tracked_unref);
  /* Where g_timeout_add () would put a timeout: the default context. */
  self->due_source = g_source_new (&due_source_funcs, sizeof (GSource));
  g_source_set_static_name (self->due_source, "[ovs] tracker polls");
  g_source_set_callback (self->due_source, due_cb, self, NULL);
  g_source_set_ready_time (self->due_source, -1);
  g_source_attach (self->due_source, NULL);
  self->cancellable = g_cancellable_new ();
  self->rand = g_rand_new ();
  self->auto_download = TRUE;
  self->first_poll = 5;
  self->longest_poll = 30;
  self->max_in_flight = 8;
  self->give_up_after = 24 * 60 * 60;
}

static void
remove_stale_parts_thread (GTask        *gtask,
                           gpointer      source,
                           gpointer      task_data,
                           GCancellable *cancellable)
{
  ovs_client_remove_stale_parts (task_data, cancellable, NULL);
  g_task_return_boolean (gtask, TRUE);
}

static gboolean
remove_stale_parts_idle (gpointer user_data)
{
  OvsTracker *self = user_data;
  g_autoptr(GTask) gtask = g_task_new (self, self->cancellable, NULL, NULL);

  self->stale_parts_id = 0;
  g_task_set_source_tag (gtask, remove_stale_parts_idle);
  g_task_set_task_data (gtask, g_strdup (self->download_dir), g_free);
  g_task_run_in_thread (gtask, remove_stale_parts_thread);
  return G_SOURCE_REMOVE;
}

/* Partial downloads of killed processes would stay forever: cleared once per folder, off the
 * main thread. Started once the main loop runs, not here: a command that ends before it
 * ever iterates (a bad task id) must not exit with a thread being born and holding the
 * tracker, the store and its writer alive (LeakSanitizer saw that thread's start as a
 * leak and aborted the command). */
static void
remove_stale_parts (OvsTracker *self)
{
  if (self->stale_parts_id == 0)
    self->stale_parts_id = g_idle_add (remove_stale_parts_idle, self);
}

OvsTracker *
ovs_tracker_new (OvsTaskStore *store,
                 OvsClient    *client,
                 const char   *download_dir)
{
  OvsTracker *self;

  g_return_val_if_fail (OVS_IS_TASK_STORE (store), NULL);
  g_return_val_if_fail (OVS_IS_CLIENT (client), NULL);
  g_return_val_if_fail (download_dir != NULL, NULL);

  self = g_object_new (OVS_TYPE_TRACKER, NULL);
  self->store = g_object_ref (store);
  self->client = g_object_ref (client);
  self->download_dir = g_strdup (download_dir);
  remove_stale_parts (self);
  return self;
}

OvsTaskStore *
ovs_tracker_get_store (OvsTracker *self)
{
  g_return_val_if_fail (OVS_IS_TRACKER (self), NULL);
  return self->store;
}

OvsClient *
ovs_tracker_get_client (OvsTracker *self)
{
  g_return_val_if_fail (OVS_IS_TRACKER (self), NULL);
  return self->client;
}

void
ovs_tracker_set_client (OvsTracker *self,
                        OvsClient  *client)
{
  g_return_if_fail (OVS_IS_TRACKER (self));
  g_return_if_fail (OVS_IS_CLIENT (client));

  /* Tasks sent through the old one keep reaching it. */
  if (self->client != NULL && self->client != client)
    g_hash_table_replace (self->clients,
                          g_strdup_printf ("%s %s", ovs_route_to_string (ovs_client_get_route (self->client)),
                                           ovs_client_get_base_url (self->client)),
                          g_object_ref (self->client));
  g_set_object (&self->client, client);
}

/**
 * ovs_tracker_set_ephemeral_base_url:
 * @base_url: (nullable): the endpoint that dies with this process, or %NULL
 *
 * Tasks sent to @base_url are marked ({"ephemeral": true} in their meta); at resume, a
 * marked task of another (earlier) endpoint is ended with a clear error: the server that
 * had it is gone (the process was killed, or quit without saying so).
 */
void
ovs_tracker_set_ephemeral_base_url (OvsTracker *self,
                                    const char *base_url)
{
  g_return_if_fail (OVS_IS_TRACKER (self));

  g_free (self->ephemeral_base_url);
  self->ephemeral_base_url = ovs_task_sanitize_base_url (base_url);
}

void
ovs_tracker_set_client_func (OvsTracker       *self,
                             OvsClientForFunc  func,
                             gpointer          user_data,
                             GDestroyNotify    destroy)
{
  g_return_if_fail (OVS_IS_TRACKER (self));

  if (self->client_func_destroy != NULL)
    g_clear_pointer (&self->client_func_data, self->client_func_destroy);
  self->client_func = func;
  self->client_func_data = user_data;
  self->client_func_destroy = destroy;
}

const char *
ovs_tracker_get_download_dir (OvsTracker *self)
{
  g_return_val_if_fail (OVS_IS_TRACKER (self), NULL);
  return self->download_dir;
}

void
ovs_tracker_set_download_dir (OvsTracker *self,
                              const char *download_dir)
{
  g_return_if_fail (OVS_IS_TRACKER (self));
  g_return_if_fail (download_dir != NULL);

  if (g_strcmp0 (self->download_dir, download_dir) == 0)
    return;
  g_free (self->download_dir);
  self->download_dir = g_strdup (download_dir);
  remove_stale_parts (self);
}

void
ovs_tracker_set_auto_download (OvsTracker *self,
                               gboolean    auto_download)
{
  g_return_if_fail (OVS_IS_TRACKER (self));
  self->auto_download = !!auto_download;
}

void
ovs_tracker_set_schedule (OvsTracker *self,
                          double      first,
                          double      longest)
{
  g_return_if_fail (OVS_IS_TRACKER (self));
  g_return_if_fail (first > 0 && longest >= first);

  self->first_poll = first;
  self->longest_poll = longest;
}

void
ovs_tracker_set_max_in_flight (OvsTracker *self,
                               guint       max_in_flight)
{
  GHashTableIter iter;
  gpointer budget;

  g_return_if_fail (OVS_IS_TRACKER (self));
  self->max_in_flight = MAX (max_in_flight, 1);
  g_hash_table_iter_init (&iter, self->budgets);
  while (g_hash_table_iter_next (&iter, NULL, &budget))
    ovs_poll_budget_set_max (budget, self->max_in_flight);
}

void
ovs_tracker_set_give_up_after (OvsTracker *self,
                               gint64      seconds)
{
  g_return_if_fail (OVS_IS_TRACKER (self));
  self->give_up_after = MAX (seconds, 1);
}

static void
online_changed_cb (OvsTracker *self)
{
  g_autoptr(GPtrArray) due = g_ptr_array_new_with_free_func ((GDestroyNotify) tracked_unref);
  GHashTableIter iter;
  gpointer value;

  if (self->tracked == NULL || !ovs_network_watch_get_online (self->watch))
    return;
  /* Back online: every task waiting for its next query is asked now, not after the rest
   * of its backoff. Gathered first: a query may end the tracking of its task. */
  g_hash_table_iter_init (&iter, self->tracked);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Tracked *tracked = value;

      if (tracked->parked || tracked->due_iter != NULL)
        {
          g_ptr_array_add (due, tracked_ref (tracked));
          unschedule (tracked);
        }
    }
  update_due_source (self);
  for (guint i = 0; i < due->len; i++)
    {
      Tracked *tracked = g_ptr_array_index (due, i);

      if (tracked->tracker != NULL)
        poll_due (tracked);
    }
}

/* Network and power: polls wait while offline and slow down in power-saver mode; finished
 * videos are not fetched over a metered connection unless the watch allows it. */
void
ovs_tracker_set_network_watch (OvsTracker      *self,
                               OvsNetworkWatch *watch)
{
  g_return_if_fail (OVS_IS_TRACKER (self));
  g_return_if_fail (watch == NULL || OVS_IS_NETWORK_WATCH (watch));

  if (self->watch != NULL)
    g_signal_handlers_disconnect_by_data (self->watch, self);
  g_set_object (&self->watch, watch);
  if (watch != NULL)
    g_signal_connect_swapped (watch, "notify::online", G_CALLBACK (online_changed_cb), self);
}

/* The wait before poll number @polls (0-based): first, then ×1.6 up to the longest, ±20 %. */
static guint
poll_delay_ms (OvsTracker *self,
               Tracked    *tracked)
{
  double delay = MIN (self->first_poll * pow (1.6, tracked->polls), self->longest_poll);
  double jitter = g_rand_double_range (self->rand, 0.8, 1.2);

  delay *= jitter;
  if (self->watch != NULL)
    delay *= ovs_network_watch_get_poll_factor (self->watch);
  if (tracked->retry_after > delay)
    delay = tracked->retry_after;
  return (guint) MAX (delay * 1000, 1);
}

/* Every task whose poll is due; one at a time off the front, since a poll may end or
 * reschedule others. */
static gboolean
due_cb (gpointer user_data)
{
  OvsTracker *self = user_data;
  gint64 now = g_get_monotonic_time ();

  while (self->due != NULL)
    {
      GSequenceIter *first = g_sequence_get_begin_iter (self->due);
      g_autoptr(Tracked) tracked = NULL;

      if (g_sequence_iter_is_end (first)
          || ((Tracked *) g_sequence_get (first))->due_at > now)
        break;
      tracked = tracked_ref (g_sequence_get (first));
      unschedule (tracked);
      if (tracked->tracker != NULL)
        poll_due (tracked);
    }
  if (self->due != NULL)
    update_due_source (self);
  return G_SOURCE_CONTINUE;
}

static gboolean
due_source_dispatch (GSource     *source,
                     GSourceFunc  callback,
                     gpointer     user_data)
{
  return callback (user_data);
}

static GSourceFuncs due_source_funcs = { NULL, NULL, due_source_dispatch, NULL, NULL, NULL };

static void
schedule (Tracked *tracked)
{
  OvsTracker *self = tracked->tracker;

  unschedule (tracked);
  tracked->due_at = g_get_monotonic_time () + (gint64) poll_delay_ms (self, tracked) * 1000;
  tracked->due_iter = g_sequence_insert_sorted (self->due, tracked_ref (tracked), compare_due, NULL);
  if (g_sequence_iter_is_begin (tracked->due_iter))
    update_due_source (self);
}

static void
stop_tracking (OvsTracker *self,
               OvsTask    *task)
{
  gint64 id = ovs_task_get_id (task);
  Tracked *tracked = g_hash_table_lookup (self->tracked, &id);

  if (tracked == NULL)
    return;
  /* Its query's callback will see the cancellation and not touch the tracker. */
  release_slot (tracked);
  if (tracked->due_iter != NULL)
    {
      unschedule (tracked);
      update_due_source (self);
    }
  g_cancellable_cancel (tracked->cancellable);
  g_hash_table_remove (self->tracked, &id);
  busy_changed (self);
}

static void start_query (Tracked *tracked);

/* Starts the polls waiting for a slot of any endpoint this tracker talks to. */
static void
pump_waiting (OvsTracker *self)
{
  GHashTableIter iter;
  gpointer budget;

  g_hash_table_iter_init (&iter, self->budgets);
  while (g_hash_table_iter_next (&iter, NULL, &budget))
    ovs_poll_budget_pump (budget);
}

/* Notes that stay until the user deals with them: an answer does not clear them. */
static gboolean
note_is_lasting (OvsTask *task)
{
  return ovs_task_get_note (task) != NULL
         && g_str_has_prefix (ovs_task_get_note (task), _("Server fault:"));
}

#define MAX_UNUSABLE 3

/* Answers the parser cannot use (an HTML page with 200, JSON too large, a status of the
 * wrong type, a shape of no known provider) would keep a task "still going" in silence:
 * after a few in a row the task's note says so (the CLI prints it as a warning). Returns
 * TRUE when @update or @error was such an answer. */
static gboolean
note_unusable (OvsTracker          *self,
               Tracked             *tracked,
               const OvsTaskUpdate *update,
               const GError        *error)
{
  OvsTask *task = tracked->task;
  const char *why;

  if (update != NULL && (update->server_status != NULL || update->status != OVS_TASK_STATUS_UNKNOWN
                         || update->progress >= 0 || update->urls[0] != NULL))
    {
      tracked->unusable = 0;
      return FALSE;
    }
  if (update != NULL)
    why = _("no status in it");
  else if (g_error_matches (error, OVS_ERROR, OVS_ERROR_BAD_RESPONSE)
           || g_error_matches (error, OVS_ERROR, OVS_ERROR_PARSE)
           || g_error_matches (error, OVS_ERROR, OVS_ERROR_TOO_LARGE))
    why = error->message;
  else
    return FALSE;

  if (++tracked->unusable >= MAX_UNUSABLE)
    {
      g_autofree char *note = g_strdup_printf (_("Unusable answers: the last %u answers about "
                                                 "this task could not be understood (%s). It is "
                                                 "still followed."),
                                               tracked->unusable, why);

      ovs_task_set_note (task, note);
    }
  {
    g_autofree char *raw = update != NULL ? ovs_task_update_to_json (update) : NULL;

    save (self, task, raw != NULL ? raw : why);
  }
  return TRUE;
}

/* The key was refused or the quota ran out while polling: no later poll can do better, so
 * the task stops being followed, saying why, until the user fixes the key and follows it
 * again (Follow Again, omni-video track ID). */
static void
needs_attention (OvsTracker   *self,
                 Tracked      *tracked,
                 const GError *error)
{
  g_autoptr(OvsTask) task = g_object_ref (tracked->task);
  g_autofree char *note = g_strdup_printf (_("Needs attention: %s. Once the key or the quota "
                                             "is fixed, follow the task again."),
                                           error->message);

  ovs_task_set_note (task, note);
  stop_tracking (self, task);
  ovs_task_set_paused (task, TRUE);
  save (self, task, error->message);
}

/* A query that got no usable answer: ends the tracking (key refused), switches the route
 * family (no converter), gives up on a task the server forgot, or notes a transient error.
 * TRUE when the task needs nothing more from query_cb(). */
static gboolean
query_failed (OvsTracker   *self,
              Tracked      *tracked,
              GAsyncResult *result,
              const GError *error)
{
  OvsTask *task = tracked->task;
  g_autofree char *note = NULL;

  if (g_error_matches (error, OVS_ERROR, OVS_ERROR_UNAUTHORIZED)
      || g_error_matches (error, OVS_ERROR, OVS_ERROR_QUOTA))
    {
      needs_attention (self, tracked, error);
      pump_waiting (self);
      return TRUE;
    }
  if (g_error_matches (error, OVS_ERROR, OVS_ERROR_UNSUPPORTED)
      && g_strcmp0 (ovs_task_get_route (task), "generations") != 0)
    {
      /* 501 on GET /v1/videos/{id}: the gateway has no converter for this provider's
       * answers, the other family still answers. Kept in the history for good. */
      g_message ("Task %s: %s; following it through /v1/video/generations",
                 ovs_task_get_task_id (task), error->message);
      ovs_task_set_route (task, ovs_route_to_string (OVS_ROUTE_GENERATIONS));
      save (self, task, error->message);
      tracked->retry_after = 0;
      schedule (tracked);
      pump_waiting (self);
      return TRUE;
    }
  if (g_error_matches (error, OVS_ERROR, OVS_ERROR_NOT_FOUND)
      && ++tracked->not_found >= MAX_NOT_FOUND)
    {
      g_autofree char *message = g_strdup_printf (_("The server no longer knows this task: %s"),
                                                  error->message);

      ovs_task_set_status (task, OVS_TASK_STATUS_FAILED);
      ovs_task_set_error (task, message);
      save (self, task, error->message);
    }
  else
    {
      if (g_error_matches (error, OVS_ERROR, OVS_ERROR_RATE_LIMITED)
          || g_error_matches (error, OVS_ERROR, OVS_ERROR_SERVER))
        tracked->retry_after = ovs_client_result_get_retry_after (result);
      /* Transient: noted on the task (the user sees why it is quiet), then retried. */
      note = g_strdup_printf (_("The last check failed, retrying: %s"), error->message);
      ovs_task_set_note (task, note);
      save (self, task, error->message);
    }
  return FALSE;
}

static void
query_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(Tracked) tracked = user_data;
  OvsTracker *self = tracked->tracker;
  g_autoptr(GError) error = NULL;
  g_autoptr(OvsTaskUpdate) update = NULL;
  OvsTask *task = tracked->task;

  update = ovs_client_query_finish (OVS_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || task == NULL
      || self == NULL || !tracked->querying)
    return;

  tracked->querying = FALSE;
  ovs_poll_budget_answered (tracked->budget, error);
  tracked->polls++;
  tracked->retry_after = 0;

  if (note_unusable (self, tracked, update, error))
    {
      /* Said on the task; followed on. */
    }
  else if (update != NULL)
    {
      g_autofree char *raw = ovs_task_update_to_json (update);

      tracked->not_found = 0;
      /* An answer clears the note of an earlier failed check. */
      if (ovs_task_get_note (task) != NULL && ovs_task_get_status (task) != OVS_TASK_STATUS_UNKNOWN
          && !note_is_lasting (task))
        ovs_task_set_note (task, NULL);
      ovs_task_apply_update (task, update);
      /* The gateway's "unknown" in the first seconds means "not polled upstream yet". */
      if (ovs_task_get_status (task) == OVS_TASK_STATUS_UNKNOWN)
        ovs_task_set_status (task, OVS_TASK_STATUS_QUEUED);
      save (self, task, raw);
    }
  else if (query_failed (self, tracked, result, error))
    {
      return;
    }

  if (!ovs_task_is_finished (task)
      && g_get_real_time () / G_USEC_PER_SEC - ovs_task_get_created_at (task) > self->give_up_after)
    {
      ovs_task_set_status (task, OVS_TASK_STATUS_FAILED);
      ovs_task_set_error (task, _("Gave up: the task did not finish within 24 hours"));
      save (self, task, NULL);
    }

  if (ovs_task_is_finished (task))
    {
      g_autoptr(OvsTask) done = g_object_ref (task);

      stop_tracking (self, task);
      finish_task (self, done);
    }
  else
    {
      schedule (tracked);
    }

  pump_waiting (self);
}

/* With a slot of the endpoint's budget taken. */
static void
start_query (Tracked *tracked)
{
  OvsTracker *self = tracked->tracker;
  OvsClient *client = client_for (self, tracked->task);

  tracked->querying = TRUE;
  if (client == NULL)
    {
      ovs_task_set_note (tracked->task, _("The endpoint this task was sent to is not configured any more"));
      save (self, tracked->task, NULL);
      stop_tracking (self, tracked->task);
      return;
    }

  if (tracked->cancellable == NULL)
    tracked->cancellable = g_cancellable_new ();
  ovs_client_query_async (client, ovs_task_get_task_id (tracked->task), tracked->cancellable,
                          query_cb, tracked_ref (tracked));
}

/* A slot came free for a queued task (the queue's reference comes with it). */
static void
slot_free_cb (gpointer data)
{
  g_autoptr(Tracked) tracked = data;

  tracked->queued = FALSE;
  if (tracked->tracker == NULL)
    ovs_poll_budget_give_back (tracked->budget);
  else
    start_query (tracked);
}

static void
poll_due (Tracked *tracked)
{
  OvsTracker *self = tracked->tracker;
  OvsClient *client = client_for (self, tracked->task);

  if (tracked->querying || tracked->queued)
    return;
  /* No query and no timer while offline: online_changed_cb() asks it. */
  tracked->parked = self->watch != NULL && client != NULL
                    && !ovs_network_watch_may_reach (self->watch, ovs_client_get_base_url (client));
  if (tracked->parked)
    return;
  if (tracked->budget == NULL)
    tracked->budget = ovs_poll_budget_ref (budget_for (self, client != NULL ? client : self->client));
  if (!ovs_poll_budget_take (tracked->budget))
    {
      tracked->queued = TRUE;
      ovs_poll_budget_wait (tracked->budget, slot_free_cb, tracked_ref (tracked));
      return;
    }
  start_query (tracked);
}

void
ovs_tracker_track (OvsTracker *self,
                   OvsTask    *task)
{
  Tracked *tracked;
  gint64 id;

  g_return_if_fail (OVS_IS_TRACKER (self));
  g_return_if_fail (OVS_IS_TASK (task));

  id = ovs_task_get_id (task);
  if (ovs_task_get_task_id (task) == NULL || ovs_task_is_finished (task)
      || ovs_task_get_paused (task) || g_hash_table_contains (self->tracked, &id))
    return;

  tracked = g_rc_box_new0 (Tracked);
  tracked->tracker = self;
  tracked->task = g_object_ref (task);
  g_hash_table_insert (self->tracked, g_memdup2 (&id, sizeof id), tracked);
  busy_changed (self);
  schedule (tracked);
}

void
ovs_tracker_untrack (OvsTracker *self,
                     OvsTask    *task)
{
  g_return_if_fail (OVS_IS_TRACKER (self));
  g_return_if_fail (OVS_IS_TASK (task));

  stop_tracking (self, task);
  pump_waiting (self);
}

void
ovs_tracker_set_following (OvsTracker *self,
                           OvsTask    *task,
                           gboolean    following)
{
  g_return_if_fail (OVS_IS_TRACKER (self));
  g_return_if_fail (OVS_IS_TASK (task));

  if (following)
    {
      if (ovs_task_get_paused (task))
        {
          ovs_task_set_paused (task, FALSE);
          /* Why it was stopped ("Needs attention: …") is the past now. */
          ovs_task_set_note (task, NULL);
          save (self, task, NULL);
        }
      ovs_tracker_track (self, task);
      return;
    }

  stop_tracking (self, task);
  pump_waiting (self);
  if (ovs_task_is_finished (task) || ovs_task_get_paused (task))
    return;
  ovs_task_set_paused (task, TRUE);
  /* A note of the last poll ("retrying…") would be wrong now; why it is quiet is said by
   * ovs_task_get_shown_note(), in the language of whoever reads it. */
  ovs_task_set_note (task, NULL);
  save (self, task, NULL);
}

gboolean
ovs_tracker_is_tracking (OvsTracker *self,
                         OvsTask    *task)
{
  gint64 id;

  g_return_val_if_fail (OVS_IS_TRACKER (self), FALSE);

  id = ovs_task_get_id (task);
  return g_hash_table_contains (self->tracked, &id);
}

guint
ovs_tracker_get_n_tracking (OvsTracker *self)
{
  g_return_val_if_fail (OVS_IS_TRACKER (self), 0);
  return g_hash_table_size (self->tracked);
}

guint
ovs_tracker_get_n_busy (OvsTracker *self)
{
  g_return_val_if_fail (OVS_IS_TRACKER (self), 0);
  return g_hash_table_size (self->tracked) + g_hash_table_size (self->submitting) + self->downloading
         + self->n_inserting;
}

/* Submitting.
 *
 * While a process sends a task it holds an advisory lock on a small file named after the
 * task, beside the history. The kernel drops the lock when the process dies, so on the next
 * start a "submitting" task whose lock can be taken was left by a dead process: it becomes
 * unknown at once, while another process still sending its own task is left alone. */

static char *
submit_lock_path (OvsTracker *self,
                  gint64      id)
{
  g_autofree char *dir = g_path_get_dirname (ovs_task_store_get_path (self->store));
  g_autofree char *name = g_strdup_printf ("%" G_GINT64_FORMAT ".lock", id);

  return g_build_filename (dir, "submitting", name, NULL);
}

/* Returns the locked file descriptor, or -1 (sending goes on: the lock only helps resume). */
static int
take_submit_lock (OvsTracker *self,
                  gint64      id)
{
  g_autofree char *path = submit_lock_path (self, id);
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    return -1;
  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd >= 0 && flock (fd, LOCK_EX) != 0)
    {
      close (fd);
      fd = -1;
    }
  return fd;
}

static void
drop_submit_lock (OvsTracker *self,
                  gint64      id,
                  int         fd)
{
  g_autofree char *path = submit_lock_path (self, id);

  g_unlink (path);
  if (fd >= 0)
    close (fd);
}

/* TRUE when no living process is sending task @id. */
static gboolean
submitter_is_gone (OvsTracker *self,
                   gint64      id)
{
  g_autofree char *path = submit_lock_path (self, id);
  gboolean gone;
  int fd;

  fd = g_open (path, O_RDWR | O_CLOEXEC, 0);
  if (fd < 0)
    return TRUE;
  gone = flock (fd, LOCK_EX | LOCK_NB) == 0;
  close (fd);
  if (gone)
    g_unlink (path);
  return gone;
}

typedef struct
{
  OvsTask *task;
  GError  *create_error;
  int      lock_fd;
} Submit;

static void
submit_free (Submit *submit)
{
  g_clear_object (&submit->task);
  g_clear_error (&submit->create_error);
  g_free (submit);
}

/* Whether a failed create may still have created the task: only when the request may have
 * reached the gateway and the answer was lost or garbled. OVS_ERROR_NOT_SENT (it never left)
 * and answers the gateway wrote (ovs_client_result_was_refused()) did not. */
static gboolean
may_exist (const GError *error)
{
  if (error->domain != OVS_ERROR)
    return TRUE;
  switch (error->code)
    {
    case OVS_ERROR_NETWORK:
    case OVS_ERROR_SERVER:
    case OVS_ERROR_BAD_RESPONSE:
      return TRUE;
    default:
      return FALSE;
    }
}

/* The gateway gave the new task the id @twin already has. Whatever it says about that id
 * from now on may be about either task, so the new one keeps no id (nothing is asked or
 * downloaded for it, no file of @twin's can be touched) and both show the fault. */
static void
repeated_id (OvsTracker    *self,
             Submit        *submit,
             OvsTaskUpdate *update,
             OvsTask       *twin)
{
  OvsTask *task = submit->task;
  g_autofree char *raw = ovs_task_update_to_json (update);
  /* Translators: both notes start with the words of “Server fault:” */
  g_autofree char *mine = g_strdup_printf (_("Server fault: the server gave this task the id "
                                             "%s, which task %" PRId64 " already has. "
                                             "It may have been created, but cannot be followed "
                                             "apart from the other."),
                                           update->task_id, ovs_task_get_id (twin));
  g_autofree char *theirs = g_strdup_printf (_("Server fault: the server gave this task's id "
                                               "(%s) to task %" PRId64 " too. What it "
                                               "says about this id may be about the other "
                                               "task."),
                                             update->task_id, ovs_task_get_id (task));

  g_message ("The server repeated the task id %s (tasks %" G_GINT64_FORMAT " and %"
             G_GINT64_FORMAT ")", update->task_id, ovs_task_get_id (twin), ovs_task_get_id (task));
  ovs_task_set_status (task, OVS_TASK_STATUS_UNKNOWN);
  ovs_task_set_note (task, mine);
  save (self, task, raw);
  ovs_task_set_note (twin, theirs);
  save (self, twin, NULL);
  submit->create_error = g_error_new_literal (OVS_ERROR, OVS_ERROR_BAD_RESPONSE, mine);
}

static void
create_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) gtask = user_data;
  OvsTracker *self = g_task_get_source_object (gtask);
  Submit *submit = g_task_get_task_data (gtask);
  OvsTask *task = submit->task;
  g_autoptr(OvsTaskUpdate) update = NULL;
  g_autoptr(OvsTask) twin = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = ovs_task_get_id (task);

  update = ovs_client_create_finish (OVS_CLIENT (source), result, &error);
  if (error != NULL)
    submit->create_error = g_error_copy (error);

  /* Ended while it was being sent (ovs_tracker_abandon ()): the history says so already,
   * whatever answer comes after. */
  if (ovs_task_is_finished (task))
    goto recorded;

  /* The client makes sure an accepted create has an id. */
  if (update != NULL)
    twin = ovs_task_store_lookup_by_task_id (self->store, update->task_id);

  if (twin != NULL && ovs_task_get_id (twin) != id)
    {
      repeated_id (self, submit, update, twin);
    }
  else if (update != NULL)
    {
      g_autofree char *raw = ovs_task_update_to_json (update);

      ovs_task_apply_update (task, update);
      /* Accepted: whatever word came with it, the task is now waiting on the server. */
      if (!ovs_task_is_finished (task))
        ovs_task_set_status (task, OVS_TASK_STATUS_QUEUED);
      save (self, task, raw);
      if (ovs_task_is_finished (task))
        finish_task (self, task);
      else
        ovs_tracker_track (self, task);
    }
  else if (!ovs_client_result_was_refused (result)
           && (may_exist (error) || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
    {
      g_autofree char *note = g_strdup_printf (_("No clear answer (%s): the task may have been "
                                                 "created on the server. It is not sent again."),
                                               error->message);

      ovs_task_set_status (task, OVS_TASK_STATUS_UNKNOWN);
      ovs_task_set_error (task, error->message);
      ovs_task_set_note (task, note);
      save (self, task, error->message);
    }
  else
    {
      ovs_task_set_status (task, OVS_TASK_STATUS_FAILED);
      ovs_task_set_error (task, error->message);
      save (self, task, error->message);
      g_signal_emit (self, signals[TASK_FINISHED], 0, task);
    }

recorded:
  /* Recorded: the lock can go. */
  drop_submit_lock (self, id, submit->lock_fd);
  submit->lock_fd = -1;
  g_hash_table_remove (self->submitting, &id);
  /* The slot kept for the create is free again. */
  ovs_poll_budget_end_create (budget_for (self, self->client));
  pump_waiting (self);
  busy_changed (self);
  g_task_return_pointer (gtask, g_object_ref (task), g_object_unref);
}

/* The model and prompt of a draft's body, read from its @text, and the summary of a long
 * one: FALSE when the body is not a JSON object. Touches nothing else (a worker thread
 * reads it). */
static gboolean
read_draft_body (const char *text,
                 char      **model,
                 char      **prompt,
                 char      **summary,
                 GError    **error)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;

  root = ovs_json_parse_object (text, -1, NULL, NULL, error);
  if (root == NULL)
    return FALSE;
  object = json_node_get_object (root);
  *model = g_strdup (json_object_get_string_member_with_default (object, "model", NULL));
  *prompt = g_strdup (json_object_get_string_member_with_default (object, "prompt", NULL));
  *summary = strlen (text) >= OVS_JSON_SUMMARY_MIN_BYTES
             ? ovs_json_fold_text (text, OVS_JSON_FOLD_MIN_LENGTH) : NULL;
  return TRUE;
}

/* What the tracker knows of a task before it is written down: the model and prompt of its
 * body, the endpoint and route, submitting now. */
static void
fill_draft_read (OvsTracker *self,
                 OvsTask    *draft,
                 const char *model,
                 const char *prompt,
                 const char *summary)
{
  g_autofree char *base_url = ovs_task_sanitize_base_url (ovs_client_get_base_url (self->client));

  ovs_task_set_model (draft, model);
  ovs_task_set_prompt (draft, prompt);
  if (summary != NULL)
    ovs_task_set_request_summary (draft, summary);
  ovs_task_set_route (draft, ovs_route_to_string (ovs_client_get_route (self->client)));
  ovs_task_set_base_url (draft, base_url);
  ovs_task_set_status (draft, OVS_TASK_STATUS_SUBMITTING);
  ovs_task_set_created_at (draft, g_get_real_time () / G_USEC_PER_SEC);
  if (self->ephemeral_base_url != NULL && g_strcmp0 (base_url, self->ephemeral_base_url) == 0)
    ovs_task_set_meta_flag (draft, "ephemeral", TRUE);
}


static void
send_recorded (OvsTracker *self,
               OvsTask    *task,
               GTask      *gtask)
{
  Submit *submit = g_new0 (Submit, 1);
  gint64 id;

  submit->lock_fd = -1;
  submit->task = g_object_ref (task);
  g_task_set_task_data (gtask, submit, (GDestroyNotify) submit_free);

  id = ovs_task_get_id (task);
  g_hash_table_insert (self->submitting, g_memdup2 (&id, sizeof id), g_object_ref (task));
  /* A create gets a slot before any waiting poll (the gateway's per-key gate). */
  ovs_poll_budget_begin_create (budget_for (self, self->client));
  busy_changed (self);
  submit->lock_fd = take_submit_lock (self, id);
  g_signal_emit (self, signals[TASK_SENT], 0, task);

  /* Not the caller's cancellable: once the request may be on its way, the answer must be
   * read and recorded whatever the caller does. The task's own body, not a copy of it (the
   * bytes hold the task): a request is never changed once written. */
  {
    const char *json = ovs_task_get_request_json (task);
    g_autoptr(GBytes) body = g_bytes_new_with_free_func (json, strlen (json), g_object_unref,
                                                         g_object_ref (task));

    ovs_client_create_bytes_async (self->client, body, NULL, create_cb, gtask);
  }
}

/* The task is written down (durably, by the history's writer): now it may be sent. */
static void
inserted_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) gtask = user_data;
  OvsTracker *self = g_task_get_source_object (gtask);
  g_autoptr(OvsTask) task = NULL;
  g_autoptr(GError) error = NULL;

  self->n_inserting--;
  task = ovs_task_store_insert_finish (OVS_TASK_STORE (source), result, &error);
  if (task == NULL)
    {
      g_prefix_error (&error, _("The task could not be recorded, so it was not sent: "));
      busy_changed (self);
      g_task_return_error (gtask, g_steal_pointer (&error));
      return;
    }
  send_recorded (self, task, g_steal_pointer (&gtask));
}

/* The task of a submit or a send, or NULL when @cancellable already said no (answered). */
static GTask *
begin_submit (OvsTracker          *self,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  GTask *gtask = g_task_new (self, cancellable, callback, user_data);
  GError *error = NULL;

  g_task_set_source_tag (gtask, ovs_tracker_submit_async);
  if (g_cancellable_set_error_if_cancelled (cancellable, &error))
    {
      g_task_return_error (gtask, error);
      g_object_unref (gtask);
      return NULL;
    }
  return gtask;
}

void
ovs_tracker_submit_async (OvsTracker          *self,
                          const char          *scenario_id,
                          const char          *body_json,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(OvsTask) draft = ovs_task_new ();

  g_return_if_fail (OVS_IS_TRACKER (self));
  g_return_if_fail (body_json != NULL);

  ovs_task_set_scenario (draft, scenario_id);
  ovs_task_set_request_json (draft, body_json);
  ovs_tracker_submit_draft_async (self, draft, cancellable, callback, user_data);
}

/* A draft's body read in a worker thread: a body with megabytes of inline files takes a
 * tenth of a second to parse, which the window would otherwise freeze for at Submit. */
typedef struct
{
  OvsTask  *draft;
  JsonNode *node;     /* borrowed: the body to write as sent, or NULL for the draft's own */
  char     *text;     /* @node written, in the worker */
  char     *model;
  char     *prompt;
  char     *summary;
} DraftRead;

static void
draft_read_free (DraftRead *read)
{
  g_object_unref (read->draft);
  g_free (read->text);
  g_free (read->model);
  g_free (read->prompt);
  g_free (read->summary);
  g_free (read);
}

static void read_drafts_thread (GTask        *task,
                                gpointer      source,
                                gpointer      task_data,
                                GCancellable *cancellable);

/* One body read at a time, in the order of the submits: tasks are written down (and get
 * their ids) in the order they were sent, as a batch's lines are. */
static void
read_next_draft (OvsTracker *self)
{
  g_autoptr(GTask) reading = NULL;

  if (self->reading_draft || g_queue_is_empty (&self->draft_reads))
    return;
  reading = g_queue_pop_head (&self->draft_reads);
  self->reading_draft = TRUE;
  g_task_run_in_thread (reading, read_drafts_thread);
}

/* Drafts read together in the queue (a single submit's, or a group's, which is written
 * down in one transaction after its last body is read). */
static void
read_drafts_thread (GTask        *task,
                    gpointer      source,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GPtrArray *reads = task_data;

  for (guint i = 0; i < reads->len; i++)
    {
      DraftRead *read = g_ptr_array_index (reads, i);
      GError *error = NULL;

      if (read->node != NULL)
        read->text = ovs_request_write_body (read->node);
      if (!read_draft_body (read->text != NULL ? read->text : ovs_task_get_request_json (read->draft),
                            &read->model, &read->prompt, &read->summary, &error))
        {
          g_task_return_error (task, error);
          return;
        }
    }
  g_task_return_boolean (task, TRUE);
}

static void
drafts_read_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) gtask = user_data;
  OvsTracker *self = OVS_TRACKER (source);
  GPtrArray *reads = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  self->reading_draft = FALSE;
  /* A group's read counted as busy (a single submit counts itself, until written down). */
  if (g_task_get_source_tag (gtask) == ovs_tracker_fill_drafts_async)
    {
      self->n_inserting--;
      busy_changed (self);
    }
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (gtask, g_steal_pointer (&error));
    }
  else
    {
      for (guint i = 0; i < reads->len; i++)
        {
          DraftRead *read = g_ptr_array_index (reads, i);

          if (read->text != NULL)
            ovs_task_take_request_json (read->draft, g_steal_pointer (&read->text));
          fill_draft_read (self, read->draft, read->model, read->prompt, read->summary);
        }
      g_task_return_boolean (gtask, TRUE);
    }
  read_next_draft (self);
}

static void queue_reads (OvsTracker *self,
                         GPtrArray  *drafts,
                         GPtrArray  *bodies,
                         GTask      *gtask);

void
ovs_tracker_fill_drafts_async (OvsTracker          *self,
                               GPtrArray           *drafts,
                               GPtrArray           *bodies,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *gtask;

  g_return_if_fail (OVS_IS_TRACKER (self));
  g_return_if_fail (drafts != NULL);
  g_return_if_fail (bodies == NULL || bodies->len == drafts->len);

  gtask = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (gtask, ovs_tracker_fill_drafts_async);
  /* Busy from now, as a single submit is: the group is on its way to being written down. */
  self->n_inserting++;
  busy_changed (self);
  queue_reads (self, drafts, bodies, gtask);
}

/* Queues @drafts' bodies (see ovs_tracker_fill_drafts_async ()) to be read in turn; the
 * drafts filled, @gtask (taken) returns TRUE. */
static void
queue_reads (OvsTracker *self,
             GPtrArray  *drafts,
             GPtrArray  *bodies,
             GTask      *gtask)
{
  GTask *reading;
  GPtrArray *reads;

  reads = g_ptr_array_new_with_free_func ((GDestroyNotify) draft_read_free);
  for (guint i = 0; i < drafts->len; i++)
    {
      DraftRead *read = g_new0 (DraftRead, 1);

      read->draft = g_object_ref (g_ptr_array_index (drafts, i));
      read->node = bodies != NULL ? g_ptr_array_index (bodies, i) : NULL;
      g_warn_if_fail (read->node != NULL || ovs_task_get_request_json (read->draft) != NULL);
      g_ptr_array_add (reads, read);
    }
  reading = g_task_new (self, NULL, drafts_read_cb, gtask);
  g_task_set_source_tag (reading, read_drafts_thread);
  g_task_set_task_data (reading, reads, (GDestroyNotify) g_ptr_array_unref);
  g_queue_push_tail (&self->draft_reads, reading);
  read_next_draft (self);
}

gboolean
ovs_tracker_fill_drafts_finish (OvsTracker    *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
submit_filled_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) gtask = user_data;
  OvsTracker *self = OVS_TRACKER (source);
  OvsTask *draft = g_task_get_task_data (gtask);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      self->n_inserting--;
      busy_changed (self);
      g_task_return_error (gtask, g_steal_pointer (&error));
      return;
    }
  /* Written down and committed before anything is sent (inserted_cb sends it). */
  ovs_task_store_insert_async (self->store, draft, inserted_cb, g_steal_pointer (&gtask));
}

/* As ovs_tracker_submit_async () for a draft that says more than its body: its group, its
 * parent, its meta (a batch line, a continued shot). The draft is the tracker's from now on:
 * its body is read in a worker thread, and must not change. */
void
ovs_tracker_submit_draft_async (OvsTracker          *self,
                                OvsTask             *draft,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) gtask = NULL;
  g_autoptr(GPtrArray) drafts = NULL;
  GTask *filling;

  g_return_if_fail (OVS_IS_TRACKER (self));
  g_return_if_fail (OVS_IS_TASK (draft));
  g_return_if_fail (ovs_task_get_request_json (draft) != NULL);

  gtask = begin_submit (self, cancellable, callback, user_data);
  if (gtask == NULL)
    return;

  /* Busy from now until it is written down. */
  self->n_inserting++;
  busy_changed (self);
  /* Until it is written down: then send_recorded () gives the submit its own data. */
  g_task_set_task_data (gtask, g_object_ref (draft), g_object_unref);
  drafts = g_ptr_array_new ();
  g_ptr_array_add (drafts, draft);
  filling = g_task_new (self, NULL, submit_filled_cb, g_steal_pointer (&gtask));
  g_task_set_source_tag (filling, submit_filled_cb);
  queue_reads (self, drafts, NULL, filling);
}

void
ovs_tracker_send_async (OvsTracker          *self,
                        OvsTask             *task,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *gtask;

  g_return_if_fail (OVS_IS_TRACKER (self));
  g_return_if_fail (OVS_IS_TASK (task));
  g_return_if_fail (ovs_task_get_id (task) > 0);
  g_return_if_fail (ovs_task_get_status (task) == OVS_TASK_STATUS_SUBMITTING);

  gtask = begin_submit (self, cancellable, callback, user_data);
  if (gtask != NULL)
    send_recorded (self, task, gtask);
}

const GError *
ovs_tracker_submit_get_create_error (GAsyncResult *result)
{
  Submit *submit;

  g_return_val_if_fail (G_IS_TASK (result), NULL);

  submit = g_task_get_task_data (G_TASK (result));
  return submit != NULL ? submit->create_error : NULL;
}

OvsTask *
ovs_tracker_submit_finish (OvsTracker    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (OVS_IS_TRACKER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Downloads and probing. */

static void
probe_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) gtask = user_data;
  OvsTracker *self = g_task_get_source_object (gtask);
  OvsTask *task = g_task_get_task_data (gtask);
  g_autoptr(GError) error = NULL;
  g_autoptr(OvsMediaInfo) info = ovs_media_probe_finish (result, &error);

  if (info != NULL)
    {
      g_autoptr(JsonNode) node = ovs_media_info_to_json (info);
      g_autofree char *json = ovs_json_to_compact_string (node);

      ovs_task_set_media_json (task, json);
    }
  else
    {
      g_autofree char *note = g_strdup_printf (_("The video was saved but cannot be read: %s"),
                                               error->message);

      ovs_task_set_note (task, note);
    }
  save (self, task, NULL);
  g_task_return_boolean (gtask, TRUE);
}

static void
download_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) gtask = user_data;
  OvsTracker *self = g_task_get_source_object (gtask);
  OvsTask *task = g_task_get_task_data (gtask);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = ovs_client_download_finish (OVS_CLIENT (source), result, &error);

  if (path == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *note = g_strdup_printf (_("The download failed: %s"), error->message);

          ovs_task_set_note (task, note);
          save (self, task, NULL);
        }
      g_task_return_error (gtask, g_steal_pointer (&error));
      return;
    }

  ovs_task_set_file (task, path);
  if (ovs_task_get_note (task) != NULL && g_str_has_prefix (ovs_task_get_note (task), _("The download failed")))
    ovs_task_set_note (task, NULL);
  save (self, task, NULL);
  {
    GCancellable *cancellable = g_task_get_cancellable (gtask);

    ovs_media_probe_async (path, cancellable, probe_cb, g_steal_pointer (&gtask));
  }
}

/**
 * ovs_tracker_dup_file_name:
 *
 * The name (without extension) a task's video is saved under: "video-<history id>-<slug>",
 * the slug from the first words of the prompt (ASCII letters and digits), else the model.
 * The history id is ours, so two tasks never share a name whatever ids the server hands
 * out; the slug lets the user tell the files apart.
 */
char *
ovs_tracker_dup_file_name (OvsTask *task)
{
  g_autoptr(GString) name = g_string_new (NULL);
  const char *sources[] = { ovs_task_get_prompt (task), ovs_task_get_model (task) };

  g_return_val_if_fail (OVS_IS_TASK (task), NULL);

  g_string_printf (name, "video-%" G_GINT64_FORMAT, ovs_task_get_id (task));
  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      gsize start = name->len;
      gboolean gap = TRUE;

      for (const char *p = sources[i]; p != NULL && *p != '\0' && name->len - start < 40; p++)
        {
          if (g_ascii_isalnum (*p))
            {
              if (gap)
                g_string_append_c (name, '-');
              g_string_append_c (name, g_ascii_tolower (*p));
              gap = FALSE;
            }
          else
            gap = TRUE;
        }
      if (name->len > start)
        break;
    }
  return g_string_free (g_steal_pointer (&name), FALSE);
}

static void
download_completed_cb (OvsTracker *self)
{
  self->downloading--;
  busy_changed (self);
}

void
ovs_tracker_download_async (OvsTracker          *self,
                            OvsTask             *task,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) gtask = NULL;
  g_autofree char *name = NULL;
  const char * const *urls;
  OvsClient *client;

  g_return_if_fail (OVS_IS_TRACKER (self));
  g_return_if_fail (OVS_IS_TASK (task));

  gtask = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (gtask, ovs_tracker_download_async);
  g_task_set_task_data (gtask, g_object_ref (task), g_object_unref);

  client = client_for (self, task);
  if (client == NULL || ovs_task_get_task_id (task) == NULL
      || ovs_task_get_status (task) != OVS_TASK_STATUS_SUCCEEDED)
    {
      g_task_return_new_error (gtask, OVS_ERROR, OVS_ERROR_NOT_FOUND,
                               client == NULL ? _("The endpoint this task was sent to is not configured any more")
                                              : _("Only a task that succeeded has a video to download"));
      return;
    }

  if (g_mkdir_with_parents (self->download_dir, 0755) != 0)
    {
      int saved = errno;

      g_task_return_new_error (gtask, G_IO_ERROR, g_io_error_from_errno (saved),
                               _("Cannot create the download folder %s: %s"),
                               self->download_dir, g_strerror (saved));
      return;
    }

  self->downloading++;
  busy_changed (self);
  g_signal_connect_object (gtask, "notify::completed", G_CALLBACK (download_completed_cb), self,
                           G_CONNECT_SWAPPED);
  urls = ovs_task_get_urls (task);
  name = ovs_tracker_dup_file_name (task);
  ovs_client_download_async (client, urls != NULL ? urls[0] : NULL, ovs_task_get_task_id (task),
                             name, self->download_dir, 0, NULL, NULL, cancellable, download_cb,
                             g_steal_pointer (&gtask));
}

gboolean
ovs_tracker_download_finish (OvsTracker    *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (OVS_IS_TRACKER (self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
auto_download_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(OvsTask) task = user_data;
  OvsTracker *self = OVS_TRACKER (source);

  ovs_tracker_download_finish (self, result, NULL);
  g_signal_emit (self, signals[TASK_FINISHED], 0, task);
}

static void
finish_task (OvsTracker *self,
             OvsTask    *task)
{
  const char *file = ovs_task_get_file (task);

  if (ovs_task_get_status (task) == OVS_TASK_STATUS_SUCCEEDED && self->auto_download
      && (file == NULL || !g_file_test (file, G_FILE_TEST_EXISTS))
      && self->watch != NULL && !ovs_network_watch_may_auto_download (self->watch))
    {
      /* The user pays by the byte: the video waits for Download Again. */
      ovs_task_set_note (task, _("Not downloaded on a metered connection: choose Download Again "
                                 "to fetch it"));
      save (self, task, NULL);
    }
  else if (ovs_task_get_status (task) == OVS_TASK_STATUS_SUCCEEDED && self->auto_download
           && (file == NULL || !g_file_test (file, G_FILE_TEST_EXISTS)))
    {
      ovs_tracker_download_async (self, task, self->cancellable, auto_download_cb,
                                  g_object_ref (task));
      return;
    }
  g_signal_emit (self, signals[TASK_FINISHED], 0, task);
}

GPtrArray *
ovs_tracker_dup_missing_files (OvsTracker *self)
{
  OvsTaskFilter filter = OVS_TASK_FILTER_INIT;
  GPtrArray *missing = g_ptr_array_new_with_free_func (g_object_unref);
  guint offset = 0;

  g_return_val_if_fail (OVS_IS_TRACKER (self), missing);

  filter.status = OVS_TASK_STATUS_SUCCEEDED;
  for (;;)
    {
      /* The files only: summaries, not every body with its inline images. */
      g_autoptr(GPtrArray) page = ovs_task_store_query_summaries (self->store, &filter, offset,
                                                                  500, NULL);

      if (page == NULL || page->len == 0)
        break;
      for (guint i = 0; i < page->len; i++)
        {
          OvsTask *task = g_ptr_array_index (page, i);
          const char *file = ovs_task_get_file (task);

          if (file == NULL || !g_file_test (file, G_FILE_TEST_EXISTS))
            g_ptr_array_add (missing, g_object_ref (task));
        }
      offset += page->len;
    }
  return missing;
}

guint
ovs_tracker_resume (OvsTracker *self)
{
  g_autoptr(GPtrArray) unfinished = NULL;

  g_return_val_if_fail (OVS_IS_TRACKER (self), 0);

  unfinished = ovs_task_store_dup_unfinished (self->store);
  return resume_tasks (self, unfinished);
}

static void
unfinished_read_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) gtask = user_data;
  g_autoptr(GPtrArray) unfinished = NULL;
  GError *error = NULL;

  unfinished = ovs_task_store_dup_unfinished_finish (OVS_TASK_STORE (source), result, &error);
  if (unfinished == NULL)
    g_task_return_error (gtask, error);
  else if (g_task_return_error_if_cancelled (gtask))
    return;
  else
    g_task_return_int (gtask, resume_tasks (g_task_get_source_object (gtask), unfinished));
}

void
ovs_tracker_resume_async (OvsTracker          *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *gtask;

  g_return_if_fail (OVS_IS_TRACKER (self));

  gtask = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (gtask, ovs_tracker_resume_async);
  ovs_task_store_dup_unfinished_async (self->store, cancellable, unfinished_read_cb, gtask);
}

guint
ovs_tracker_resume_finish (OvsTracker    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  gssize n;

  g_return_val_if_fail (g_task_is_valid (result, self), 0);

  n = g_task_propagate_int (G_TASK (result), error);

  return n > 0 ? (guint) n : 0;
}

/* Follows @unfinished again; returns how many tasks are followed. */
static guint
resume_tasks (OvsTracker *self,
              GPtrArray  *unfinished)
{
  /* One "n-busy" for them all, not one per task: each moved the window's badge. */
  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = 0; unfinished != NULL && i < unfinished->len; i++)
    {
      OvsTask *task = g_ptr_array_index (unfinished, i);
      gint64 id = ovs_task_get_id (task);

      /* Sent to a built-in sandbox of an earlier process: that server and its task are gone. */
      if (ovs_task_get_meta_flag (task, "ephemeral")
          && g_strcmp0 (ovs_task_get_base_url (task), self->ephemeral_base_url) != 0
          && !g_hash_table_contains (self->submitting, &id))
        {
          ovs_task_set_status (task, OVS_TASK_STATUS_FAILED);
          ovs_task_set_error (task, _("The built-in sandbox was closed before this task finished: "
                                      "send it again"));
          save (self, task, NULL);
          continue;
        }

      if (ovs_task_get_task_id (task) != NULL)
        {
          ovs_tracker_track (self, task);
          continue;
        }

      /* Left "submitting" by a process that died between writing it down and reading the
       * answer. Never sent again. */
      if (ovs_task_get_status (task) == OVS_TASK_STATUS_SUBMITTING
          && self->n_inserting == 0
          && !g_hash_table_contains (self->submitting, &id)
          && submitter_is_gone (self, id))
        {
          ovs_task_set_status (task, OVS_TASK_STATUS_UNKNOWN);
          ovs_task_set_note (task, _("The app stopped while sending this task: it may have been "
                                     "created on the server (and charged). It is not sent again; "
                                     "check the provider's console before sending it yourself."));
          save (self, task, NULL);
        }
    }

  g_object_thaw_notify (G_OBJECT (self));
  return g_hash_table_size (self->tracked);
}

guint
ovs_tracker_abandon (OvsTracker *self,
                     const char *base_url,
                     const char *error)
{
  g_autoptr(GPtrArray) ended = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (OVS_IS_TRACKER (self), 0);
  g_return_val_if_fail (base_url != NULL, 0);
  g_return_val_if_fail (error != NULL, 0);

  g_hash_table_iter_init (&iter, self->tracked);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      OvsTask *task = ((Tracked *) value)->task;

      if (g_strcmp0 (ovs_task_get_base_url (task), base_url) == 0 && !ovs_task_is_finished (task))
        g_ptr_array_add (ended, g_object_ref (task));
    }
  /* And those whose create is still on its way: its answer, if one comes, changes nothing
   * (create_cb ()). */
  g_hash_table_iter_init (&iter, self->submitting);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (g_strcmp0 (ovs_task_get_base_url (value), base_url) == 0 && !ovs_task_is_finished (value))
      g_ptr_array_add (ended, g_object_ref (value));

  for (guint i = 0; i < ended->len; i++)
    {
      OvsTask *task = g_ptr_array_index (ended, i);

      stop_tracking (self, task);
      ovs_task_set_status (task, OVS_TASK_STATUS_FAILED);
      ovs_task_set_error (task, error);
      save (self, task, NULL);
    }
  return ended->len;
}

gboolean
ovs_tracker_delete (OvsTracker  *self,
                    OvsTask     *task,
                    gboolean     delete_file,
                    GError     **error)
{
  const char *file;

  g_return_val_if_fail (OVS_IS_TRACKER (self), FALSE);
  g_return_val_if_fail (OVS_IS_TASK (task), FALSE);

  stop_tracking (self, task);
  file = ovs_task_get_file (task);
  if (delete_file && file != NULL && g_unlink (file) != 0 && errno != ENOENT)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not delete %s: %s"), file, g_strerror (saved));
      return FALSE;
    }
  ovs_task_store_queue_delete (self->store, ovs_task_get_id (task));
  return TRUE;
}
