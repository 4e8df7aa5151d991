/* bench-store.c: figures of the task history, run by build-aux/bench
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints one "name: value unit" line per figure, each the median of --runs runs. Builds
 * its histories (1 000 and 100 000 tasks, Chinese and English prompts) in a temporary
 * folder it removes afterwards (unless OVS_BENCH_KEEP is set, to look into them).
 */
#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ovs-task-list.h"
#include "ovs-task-store.h"

static int n_runs = 5;

static const char *en_subjects[] = {
  "a golden retriever", "an astronaut", "a red fox", "two dancers", "a vintage car",
  "a paper boat", "a lighthouse", "a street musician", "a hummingbird", "a robot chef",
};
static const char *en_actions[] = {
  "running through", "floating above", "dancing in", "drifting across", "waiting in",
  "exploring", "cooking noodles in", "painting", "flying over", "sleeping under",
};
static const char *en_places[] = {
  "a neon-lit Tokyo alley", "the surface of Mars", "a snowy forest", "a sunset beach",
  "a rainy Paris street", "an ancient temple", "a wheat field", "a busy night market",
  "a coral reef", "a foggy harbour",
};
static const char *en_styles[] = {
  "cinematic, 35mm film", "slow motion, shallow depth of field", "drone shot, golden hour",
  "Studio Ghibli style", "documentary handheld camera", "timelapse, 4k",
};
static const char *zh_subjects[] = {
  "女孩", "一只小狗", "老人", "小猫", "宇航员", "两个孩子", "一只熊猫", "武侠少年",
};
static const char *zh_actions[] = {
  "抱着小狗跳舞", "在雨中奔跑", "在窗台上晒太阳", "骑着自行车穿过", "在湖边放风筝",
  "吃火锅", "练太极", "追逐海浪",
};
static const char *zh_places[] = {
  "上海外滩", "江南水乡", "长城脚下", "雪山之巅", "竹林深处", "夜晚的霓虹街道",
  "秋天的银杏大道", "海边的日落",
};
static const char *zh_styles[] = {
  "电影质感", "慢镜头", "航拍视角", "水墨画风格", "赛博朋克风格", "温暖的色调",
};
static const char *models[] = { "veo3", "kling-v2", "sora-2", "vidu-q1", "seedance-1" };

#define PICK(rand, array) ((array)[g_rand_int_range ((rand), 0, G_N_ELEMENTS (array))])

static char *
make_prompt (GRand *rand)
{
  switch (g_rand_int_range (rand, 0, 5))
    {
    case 0:
    case 1:
      return g_strdup_printf ("%s%s，%s，%s", PICK (rand, zh_subjects), PICK (rand, zh_actions),
                              PICK (rand, zh_places), PICK (rand, zh_styles));
    case 2:
      return g_strdup_printf ("%s %s %s，%s", PICK (rand, en_subjects), PICK (rand, en_actions),
                              PICK (rand, zh_places), PICK (rand, en_styles));
    default:
      return g_strdup_printf ("%s %s %s, %s", PICK (rand, en_subjects), PICK (rand, en_actions),
                              PICK (rand, en_places), PICK (rand, en_styles));
    }
}

static OvsTask *
make_task (GRand *rand,
           guint  i,
           gint64 base_time)
{
  OvsTask *task = ovs_task_new ();
  g_autofree char *prompt = make_prompt (rand);
  g_autofree char *json = NULL;
  g_autofree char *task_id = g_strdup_printf ("task_%08x%04x", g_rand_int (rand), i & 0xffff);
  const char *model = PICK (rand, models);
  int kind = g_rand_int_range (rand, 0, 20);

  json = g_strdup_printf ("{\"model\":\"%s\",\"prompt\":\"%s\",\"seconds\":\"%d\","
                          "\"size\":\"1280x720\",\"metadata\":{\"aspect_ratio\":\"16:9\"}}",
                          model, prompt, 5 + (int) (i % 6));
  ovs_task_set_task_id (task, task_id);
  ovs_task_set_scenario (task, "text-to-video");
  ovs_task_set_model (task, model);
  ovs_task_set_prompt (task, prompt);
  ovs_task_set_request_json (task, json);
  ovs_task_set_route (task, i % 4 ? "videos" : "generations");
  ovs_task_set_base_url (task, "https://api.omnirouters.example/v1");
  ovs_task_set_created_at (task, base_time + i * 30);
  if (kind < 17)
    {
      g_autofree char *url = g_strdup_printf ("https://cdn.example.com/v/%s.mp4", task_id);
      g_autofree char *file = g_strdup_printf ("/home/user/Videos/Omni Video Studio/%s.mp4",
                                               task_id);
      const char *urls[] = { url, NULL };

      ovs_task_set_status (task, OVS_TASK_STATUS_SUCCEEDED);
      ovs_task_set_server_status (task, "completed");
      ovs_task_set_progress (task, 100);
      ovs_task_set_urls (task, urls);
      ovs_task_set_file (task, file);
      ovs_task_set_media_json (task, "{\"duration\":5.0,\"width\":1280,\"height\":720,"
                                     "\"video_codec\":\"H.264\",\"has_audio\":true}");
      ovs_task_set_finished_at (task, base_time + i * 30 + 90);
    }
  else if (kind < 19)
    {
      ovs_task_set_status (task, OVS_TASK_STATUS_FAILED);
      ovs_task_set_server_status (task, "failed");
      ovs_task_set_error (task, "The prompt was rejected by the content policy");
      ovs_task_set_finished_at (task, base_time + i * 30 + 20);
    }
  else
    {
      ovs_task_set_status (task, OVS_TASK_STATUS_RUNNING);
      ovs_task_set_server_status (task, "in_progress");
      ovs_task_set_progress (task, 40);
    }
  return task;
}

static OvsTaskStore *
open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  OvsTaskStore *store = ovs_task_store_new (path, &error);

  if (store == NULL)
    g_error ("%s", error->message);
  return store;
}

/* Returns the seconds it took */
static double
generate (const char *path,
          guint       n_tasks)
{
  g_autoptr(OvsTaskStore) store = open_store (path);
  g_autoptr(GRand) rand = g_rand_new_with_seed (n_tasks);
  gint64 base_time = 1700000000 - (gint64) n_tasks * 30;
  double elapsed = 0;

  for (guint done = 0; done < n_tasks; )
    {
      g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GError) error = NULL;
      gint64 start;

      for (guint i = 0; i < 5000 && done < n_tasks; i++, done++)
        g_ptr_array_add (drafts, make_task (rand, done, base_time));
      start = g_get_monotonic_time ();
      if (!ovs_task_store_insert_many (store, drafts, &error))
        g_error ("%s", error->message);
      elapsed += (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
    }
  return elapsed;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *values,
        int     n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/* Opening the history as the app does: the store, the list model, its first page. */
static double
time_open_first_page (const char          *path,
                      const OvsTaskFilter *filter)
{
  double runs[32];

  for (int r = 0; r < n_runs; r++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(OvsTaskStore) store = open_store (path);
      g_autoptr(OvsTaskList) list = ovs_task_list_new (store, filter);
      guint n = MIN (OVS_TASK_LIST_PAGE_SIZE, g_list_model_get_n_items (G_LIST_MODEL (list)));

      for (guint i = 0; i < n; i++)
        g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), i));
      runs[r] = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
    }
  return median (runs, n_runs);
}

/* Deleting a task in the app: its row leaves the list at once (hidden until the undo
 * toast goes), then the list shows its first page again. */
static double
time_hide_row (const char *path)
{
  g_autoptr(OvsTaskStore) store = open_store (path);
  g_autoptr(OvsTaskList) list = ovs_task_list_new (store, NULL);
  double runs[32];

  for (int r = 0; r < n_runs; r++)
    {
      g_autoptr(OvsTask) task = g_list_model_get_item (G_LIST_MODEL (list), 5);
      gint64 start = g_get_monotonic_time ();

      ovs_task_list_hide (list, task);
      for (guint i = 0; i < OVS_TASK_LIST_PAGE_SIZE; i++)
        g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), i));
      runs[r] = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
      ovs_task_list_unhide (list, task);
    }
  return median (runs, n_runs);
}

static double
durable_insert_rate (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "inserts.sqlite3", NULL);
  g_autoptr(OvsTaskStore) store = open_store (path);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  double runs[32];
  const guint n = 100;

  for (int r = 0; r < n_runs; r++)
    {
      g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func (g_object_unref);
      gint64 start;

      for (guint i = 0; i < n; i++)
        {
          OvsTask *task = make_task (rand, r * n + i, 1600000000);

          ovs_task_set_status (task, OVS_TASK_STATUS_SUBMITTING);
          ovs_task_set_task_id (task, NULL);
          g_ptr_array_add (drafts, task);
        }
      start = g_get_monotonic_time ();
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(OvsTask) task = ovs_task_store_insert (store, drafts->pdata[i], &error);

          if (task == NULL)
            g_error ("%s", error->message);
        }
      runs[r] = n / ((g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
    }
  return median (runs, n_runs);
}

static gint64
rss_bytes (void)
{
  g_autofree char *statm = NULL;
  long long pages_total = 0, pages_resident = 0;

  if (!g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL) ||
      sscanf (statm, "%lld %lld", &pages_total, &pages_resident) != 2)
    return 0;
  return pages_resident * sysconf (_SC_PAGESIZE);
}

/* In a fresh process (run by memory_per_10k), so that each run starts from the same heap. */
static int
memory_child (const char *path)
{
  g_autoptr(OvsTaskStore) store = open_store (path);
  g_autoptr(OvsTaskList) list = ovs_task_list_new (store, NULL);
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 before = rss_bytes ();

  for (guint i = 0; i < 10000; i++)
    g_ptr_array_add (held, g_list_model_get_item (G_LIST_MODEL (list), i));
  printf ("%" G_GINT64_FORMAT "\n", rss_bytes () - before);
  return 0;
}

static double
memory_per_10k (const char *self_path,
                const char *path)
{
  double runs[32];

  for (int r = 0; r < n_runs; r++)
    {
      g_autofree char *out = NULL;
      g_autoptr(GError) error = NULL;
      const char *argv[] = { self_path, "--memory-child", path, NULL };
      int status;

      if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                         &out, NULL, &status, &error) ||
          !g_spawn_check_wait_status (status, &error))
        g_error ("%s", error->message);
      runs[r] = g_ascii_strtod (out, NULL) / (1024.0 * 1024.0);
    }
  return median (runs, n_runs);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

/* Takes the history's write lock, as another Omni Video Studio process (the CLI's submit,
 * say) does while it writes, and keeps it @ms milliseconds. Prints "locked" once it holds it. */
static int
hold_lock (const char *path,
           int         ms)
{
  sqlite3 *db = NULL;

  if (sqlite3_open (path, &db) != SQLITE_OK
      || sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    {
      g_printerr ("bench-store: cannot lock %s: %s\n", path, sqlite3_errmsg (db));
      sqlite3_close (db);
      return 1;
    }
  printf ("locked\n");
  fflush (stdout);
  g_usleep ((gulong) ms * 1000);
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  sqlite3_close (db);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *small = NULL;
  g_autofree char *large = NULL;
  OvsTaskFilter fts_filter = { -1, NULL, (char *) "sunset beach", NULL };
  OvsTaskFilter short_filter = { -1, NULL, (char *) "小狗", NULL };
  double seconds;

  if (argc == 3 && strcmp (argv[1], "--memory-child") == 0)
    return memory_child (argv[2]);
  /* Other benchmarks (build-aux/bench startup) make their histories with this. */
  if (argc == 4 && strcmp (argv[1], "--generate") == 0)
    {
      generate (argv[2], (guint) atoi (argv[3]));
      return 0;
    }
  /* build-aux/bench's db-lock section: another process holding the write lock. */
  if (argc == 4 && strcmp (argv[1], "--hold-lock") == 0)
    return hold_lock (argv[2], atoi (argv[3]));
  if (argc == 3 && strcmp (argv[1], "--runs") == 0)
    n_runs = CLAMP (atoi (argv[2]), 1, 31);

  dir = g_dir_make_tmp ("ovs-bench-store-XXXXXX", &error);
  if (dir == NULL)
    g_error ("%s", error->message);
  small = g_build_filename (dir, "history-1k.sqlite3", NULL);
  large = g_build_filename (dir, "history-100k.sqlite3", NULL);

  generate (small, 1000);
  seconds = generate (large, 100000);

  printf ("store-open-first-page-1k: %.3f s\n", time_open_first_page (small, NULL));
  printf ("store-open-first-page-100k: %.3f s\n", time_open_first_page (large, NULL));
  printf ("store-insert-rate: %.0f tasks/s\n", durable_insert_rate (dir));
  printf ("store-insert-batch-rate: %.0f tasks/s\n", 100000 / seconds);
  printf ("store-search-100k: %.3f s\n", time_open_first_page (large, &fts_filter));
  printf ("store-search-short-100k: %.3f s\n", time_open_first_page (large, &short_filter));
  printf ("store-memory-per-10k: %.1f MiB\n", memory_per_10k (argv[0], large));
  printf ("store-delete-pending-100k: %.3f s\n", time_hide_row (large));
  fflush (stdout);

  if (g_getenv ("OVS_BENCH_KEEP") != NULL)
    g_printerr ("bench-store: histories kept in %s\n", dir);
  else
    remove_tree (dir);
  return 0;
}
