/* ovs-secret.c: keeping the API key out of everything the server sends back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A gateway may echo what it was sent: in an error message, in a result URL's ?token=, in a
 * status word. Whatever comes from the server goes through ovs_secret_mask() before it is
 * stored, printed or shown, so the key lives only in the keyring and the request headers.
 */
#define G_LOG_DOMAIN "ovs-secret"

#include "config.h"

#include <string.h>

#include "ovs-secret.h"

#define MIN_SECRET_LENGTH 8
/* Shorter base64 fragments would mask ordinary text by chance. */
#define MIN_FRAGMENT_LENGTH 8

static void
replace_all (GString    *text,
             const char *needle)
{
  gsize needle_len;
  gsize from = 0;

  if (needle == NULL || (needle_len = strlen (needle)) == 0)
    return;

  for (;;)
    {
      const char *hit = strstr (text->str + from, needle);
      gsize at;

      if (hit == NULL)
        break;
      at = hit - text->str;
      g_string_erase (text, at, needle_len);
      g_string_insert (text, at, OVS_SECRET_MASK);
      from = at + strlen (OVS_SECRET_MASK);
    }
}

static char *
percent_encode (const char *secret,
                gboolean    lower)
{
  g_autofree char *escaped = g_uri_escape_string (secret, NULL, FALSE);

  if (lower)
    {
      for (char *p = escaped; *p != '\0'; p++)
        if (*p == '%' && p[1] != '\0' && p[2] != '\0')
          {
            p[1] = g_ascii_tolower (p[1]);
            p[2] = g_ascii_tolower (p[2]);
          }
    }
  return g_steal_pointer (&escaped);
}

/* The part of base64(@offset unknown bytes + @secret + unknown bytes) that depends on the
 * secret alone: the characters whose six bits all come from it. */
static char *
base64_fragment (const char *secret,
                 guint       offset,
                 gboolean    url_safe)
{
  gsize n = strlen (secret);
  gsize total = offset + n;
  g_autofree guchar *bytes = g_malloc0 (total);
  g_autofree char *encoded = NULL;
  gsize skip, end;

  memcpy (bytes + offset, secret, n);
  encoded = g_base64_encode (bytes, total);

  /* The first group mixes the unknown bytes in: 0, 2 or 3 of its characters are not ours. */
  skip = offset == 0 ? 0 : offset == 1 ? 2 : 3;
  /* The last, partial group: its final character mixes in the unknown bytes after it. */
  end = 4 * (total / 3) + (total % 3 == 1 ? 1 : total % 3 == 2 ? 2 : 0);
  if (end <= skip || end - skip < MIN_FRAGMENT_LENGTH)
    return NULL;

  if (url_safe)
    for (char *p = encoded; *p != '\0'; p++)
      {
        if (*p == '+')
          *p = '-';
        else if (*p == '/')
          *p = '_';
      }
  return g_strndup (encoded + skip, end - skip);
}

char *
ovs_secret_mask (const char *text,
                 const char *secret)
{
  g_autoptr(GString) masked = NULL;

  if (text == NULL)
    return NULL;
  if (secret == NULL || strlen (secret) < MIN_SECRET_LENGTH)
    return g_strdup (text);

  masked = g_string_new (text);
  replace_all (masked, secret);
  for (guint lower = 0; lower < 2; lower++)
    {
      g_autofree char *encoded = percent_encode (secret, lower);

      replace_all (masked, encoded);
    }
  for (guint offset = 0; offset < 3; offset++)
    for (guint url_safe = 0; url_safe < 2; url_safe++)
      {
        g_autofree char *fragment = base64_fragment (secret, offset, url_safe);

        replace_all (masked, fragment);
      }
  return g_string_free (g_steal_pointer (&masked), FALSE);
}

static void
mask_in_place (char       **text,
               const char  *secret)
{
  char *masked;

  if (*text == NULL)
    return;
  masked = ovs_secret_mask (*text, secret);
  g_free (*text);
  *text = masked;
}

void
ovs_secret_mask_update (OvsTaskUpdate *update,
                        const char    *secret)
{
  g_return_if_fail (update != NULL);

  mask_in_place (&update->task_id, secret);
  mask_in_place (&update->server_status, secret);
  mask_in_place (&update->error_message, secret);
  mask_in_place (&update->error_code, secret);
  for (guint i = 0; update->urls != NULL && update->urls[i] != NULL; i++)
    mask_in_place (&update->urls[i], secret);
}
