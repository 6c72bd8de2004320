/* il-output.c — writing a file the user named, without harm (see il-output.h) */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "il-output.h"

#define MAX_LINKS 40            /* as the kernel's ELOOP */

typedef enum {
  OUTPUT_REPLACE,               /* a temporary file renamed over the target */
  OUTPUT_IN_PLACE,              /* written into the file itself */
  OUTPUT_STREAM,                /* a device, a pipe, standard output */
} OutputKind;

/* The temporary file being written, for il_output_unlink_pending() in a
 * signal handler (only the last one opened). */
static char pending_tmp[4096];

static void
set_pending (const char *tmp)
{
  if (tmp != NULL && strlen (tmp) < sizeof pending_tmp)
    memcpy (pending_tmp, tmp, strlen (tmp) + 1);
  else
    pending_tmp[0] = '\0';
}

void
il_output_unlink_pending (void)
{
  if (pending_tmp[0] != '\0')
    unlink (pending_tmp);
}

struct _IlOutput {
  OutputKind  kind;
  int         fd;
  char       *path;             /* as given, for messages */
  char       *target;           /* what is replaced (links followed) */
  char       *tmp;              /* OUTPUT_REPLACE: the temporary file */
};

void
il_output_set_error (GError     **error,
                     const char  *path,
                     int          errno_value)
{
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno_value),
               _("cannot write “%s”: %s"), path, g_strerror (errno_value));
}

static void
set_error_message (GError     **error,
                   const char  *path,
                   GFileError   code,
                   const char  *reason)
{
  g_set_error (error, G_FILE_ERROR, code, _("cannot write “%s”: %s"), path, reason);
}

/* @path with its symbolic links followed, as far as they lead: the last
 * one may point at a file that does not exist yet. */
static char *
follow_links (const char  *path,
              int         *errno_out)
{
  g_autofree char *current = g_strdup (path);

  for (guint hops = 0; hops < MAX_LINKS; hops++)
    {
      g_autofree char *link = NULL;
      g_autofree char *dir = NULL;
      GStatBuf st;

      if (g_lstat (current, &st) != 0 || !S_ISLNK (st.st_mode))
        return g_steal_pointer (&current);
      link = g_file_read_link (current, NULL);
      if (link == NULL)
        {
          *errno_out = errno;
          return NULL;
        }
      dir = g_path_get_dirname (current);
      g_free (current);
      current = g_path_is_absolute (link) ? g_steal_pointer (&link)
                                          : g_build_filename (dir, link, NULL);
    }
  *errno_out = ELOOP;
  return NULL;
}

static IlOutput *
output_new (OutputKind  kind,
            int         fd,
            const char *path)
{
  IlOutput *output = g_new0 (IlOutput, 1);

  output->kind = kind;
  output->fd = fd;
  output->path = g_strdup (path);
  return output;
}

static void
output_free (IlOutput *output)
{
  if (output->tmp != NULL)
    set_pending (NULL);
  g_free (output->path);
  g_free (output->target);
  g_free (output->tmp);
  g_free (output);
}

/* A regular file, or none yet: a temporary file beside the link's target
 * (not beside the link), renamed over it by il_output_commit(). */
static IlOutput *
open_replacing (const char  *path,
                GError     **error)
{
  g_autofree char *target = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  IlOutput *output;
  GStatBuf st;
  int saved = 0;

  target = follow_links (path, &saved);
  if (target == NULL)
    {
      il_output_set_error (error, path, saved);
      return NULL;
    }
  dir = g_path_get_dirname (target);
  base = g_path_get_basename (target);
  output = output_new (OUTPUT_REPLACE, -1, path);
  output->target = g_steal_pointer (&target);
  output->tmp = g_strdup_printf ("%s" G_DIR_SEPARATOR_S ".%s.XXXXXX", dir, base);
  output->fd = g_mkstemp_full (output->tmp, O_WRONLY | O_CLOEXEC, 0666);
  if (output->fd >= 0)
    set_pending (output->tmp);
  if (output->fd < 0)
    {
      il_output_set_error (error, path, errno);
      output_free (output);
      return NULL;
    }
  /* An old file keeps its mode, and its owner where that may be set; a
   * new one gets what the umask allows, as with open (). */
  if (g_stat (output->target, &st) == 0)
    {
      if (fchmod (output->fd, st.st_mode & 07777) != 0 ||
          (fchown (output->fd, st.st_uid, st.st_gid) != 0 && errno != EPERM))
        {
          saved = errno;
          il_output_abort (output);
          il_output_set_error (error, path, saved);
          return NULL;
        }
    }
  else
    {
      mode_t mask = umask (0);

      umask (mask);
      if (fchmod (output->fd, 0666 & ~mask) != 0)
        {
          saved = errno;
          il_output_abort (output);
          il_output_set_error (error, path, saved);
          return NULL;
        }
    }
  return output;
}

IlOutput *
il_output_open (const char  *path,
                GError     **error)
{
  GStatBuf st;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  if (strcmp (path, "-") == 0)
    {
      fd = fcntl (STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
      if (fd < 0)
        {
          il_output_set_error (error, path, errno);
          return NULL;
        }
      return output_new (OUTPUT_STREAM, fd, path);
    }

  /* What the name leads to, links followed (stat follows them) */
  if (g_stat (path, &st) == 0)
    {
      if (S_ISCHR (st.st_mode) || S_ISFIFO (st.st_mode))
        {
          fd = g_open (path, O_WRONLY | O_CLOEXEC | O_NOCTTY, 0);
          if (fd < 0)
            {
              il_output_set_error (error, path, errno);
              return NULL;
            }
          return output_new (OUTPUT_STREAM, fd, path);
        }
      if (!S_ISREG (st.st_mode))
        {
          set_error_message (error, path, S_ISDIR (st.st_mode) ? G_FILE_ERROR_ISDIR : G_FILE_ERROR_INVAL,
                             S_ISDIR (st.st_mode) ? _("it is a folder")
                                                  : _("it is neither a regular file, a device nor a pipe"));
          return NULL;
        }
      if (st.st_nlink > 1)
        {
          /* Other names share the file: they must see the new contents. */
          fd = g_open (path, O_WRONLY | O_CLOEXEC | O_NOCTTY, 0);
          if (fd < 0)
            {
              il_output_set_error (error, path, errno);
              return NULL;
            }
          return output_new (OUTPUT_IN_PLACE, fd, path);
        }
    }
  else if (errno != ENOENT)
    {
      il_output_set_error (error, path, errno);
      return NULL;
    }

  return open_replacing (path, error);
}

gboolean
il_output_check (const char  *path,
                 GError     **error)
{
  GStatBuf st;
  IlOutput *output;

  g_return_val_if_fail (path != NULL, FALSE);

  if (strcmp (path, "-") == 0)
    return TRUE;
  if (g_stat (path, &st) == 0 &&
      (S_ISCHR (st.st_mode) || S_ISFIFO (st.st_mode) || (S_ISREG (st.st_mode) && st.st_nlink > 1)))
    {
      /* Written in place: being allowed to is all there is to know. */
      if (access (path, W_OK) != 0)
        {
          il_output_set_error (error, path, errno);
          return FALSE;
        }
      return TRUE;
    }
  /* A new or replaced file: its temporary file is made and removed again
   * (a folder that is missing, read-only or full says so here). */
  output = il_output_open (path, error);
  if (output == NULL)
    return FALSE;
  il_output_abort (output);
  return TRUE;
}

int
il_output_get_fd (IlOutput *output)
{
  return output->fd;
}

gboolean
il_output_write (IlOutput    *output,
                 const void  *data,
                 gsize        length,
                 GError     **error)
{
  const char *p = data;

  while (length > 0)
    {
      gssize n = write (output->fd, p, MIN (length, (gsize) G_MAXSSIZE));

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          il_output_set_error (error, output->path, n < 0 ? errno : EIO);
          return FALSE;
        }
      p += n;
      length -= n;
    }
  return TRUE;
}

gboolean
il_output_commit (IlOutput    *output,
                  int          errno_seen,
                  GError     **error)
{
  int saved = errno_seen;

  g_return_val_if_fail (output != NULL, FALSE);

  if (saved == 0 && output->kind == OUTPUT_IN_PLACE)
    {
      off_t end = lseek (output->fd, 0, SEEK_CUR);

      if (end < 0 || ftruncate (output->fd, end) != 0)
        saved = errno;
    }
  if (saved == 0 && output->kind != OUTPUT_STREAM && fsync (output->fd) != 0)
    saved = errno;
  if (close (output->fd) != 0 && saved == 0 && errno != EINTR)
    saved = errno;
  output->fd = -1;
  if (saved == 0 && output->kind == OUTPUT_REPLACE && g_rename (output->tmp, output->target) != 0)
    saved = errno;
  if (saved != 0)
    {
      if (output->kind == OUTPUT_REPLACE)
        g_unlink (output->tmp);
      il_output_set_error (error, output->path, saved);
    }
  output_free (output);
  return saved == 0;
}

void
il_output_abort (IlOutput *output)
{
  g_return_if_fail (output != NULL);

  if (output->fd >= 0)
    close (output->fd);
  if (output->kind == OUTPUT_REPLACE)
    g_unlink (output->tmp);
  output_free (output);
}

gboolean
il_output_write_file (const char  *path,
                      const void  *data,
                      gsize        length,
                      GError     **error)
{
  IlOutput *output = il_output_open (path, error);

  if (output == NULL)
    return FALSE;
  if (!il_output_write (output, data, length, error))
    {
      il_output_abort (output);
      return FALSE;
    }
  return il_output_commit (output, 0, error);
}
