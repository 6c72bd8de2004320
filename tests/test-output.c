/* test-output.c — files the user names are written without harm
 *
 * A regular file is replaced whole (its mode kept), a symbolic link's
 * target is replaced and the link stays, a hard-linked file is written in
 * place, a device or pipe is written straight into, other kinds are
 * refused; a failure leaves the old contents and no temporary file.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "il-output.h"

static char *
make_dir (void)
{
  char *dir = g_dir_make_tmp ("test-output-XXXXXX", NULL);

  g_assert_nonnull (dir);
  return dir;
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static char *
read_all (const char *path)
{
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

static void
remove_all (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        g_rmdir (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

static void
test_a_new_file_is_made (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "new.json", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (il_output_write_file (path, "{}\n", 3, &error));
  g_assert_no_error (error);
  contents = read_all (path);
  g_assert_cmpstr (contents, ==, "{}\n");
  g_assert_cmpuint (count_files (dir), ==, 1);
  remove_all (dir);
}

static void
test_a_file_keeps_its_mode (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "private.json", NULL);
  g_autofree char *contents = NULL;
  GStatBuf st;

  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
  g_assert_true (il_output_write_file (path, "new", 3, NULL));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);
  contents = read_all (path);
  g_assert_cmpstr (contents, ==, "new");
  remove_all (dir);
}

static void
test_a_symlink_is_followed (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *target = g_build_filename (dir, "target.json", NULL);
  g_autofree char *link = g_build_filename (dir, "link.json", NULL);
  g_autofree char *dangling = g_build_filename (dir, "dangling.json", NULL);
  g_autofree char *later = g_build_filename (dir, "later.json", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *later_contents = NULL;

  g_assert_true (g_file_set_contents (target, "old", -1, NULL));
  g_assert_cmpint (symlink ("target.json", link), ==, 0);
  g_assert_true (il_output_write_file (link, "new", 3, NULL));
  g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
  contents = read_all (target);
  g_assert_cmpstr (contents, ==, "new");

  /* A link to a file not made yet makes it there */
  g_assert_cmpint (symlink ("later.json", dangling), ==, 0);
  g_assert_true (il_output_write_file (dangling, "made", 4, NULL));
  g_assert_true (g_file_test (dangling, G_FILE_TEST_IS_SYMLINK));
  later_contents = read_all (later);
  g_assert_cmpstr (later_contents, ==, "made");
  g_assert_cmpuint (count_files (dir), ==, 4);
  remove_all (dir);
}

static void
test_a_hard_link_sees_the_new_contents (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *a = g_build_filename (dir, "a.json", NULL);
  g_autofree char *b = g_build_filename (dir, "b.json", NULL);
  g_autofree char *contents = NULL;

  g_assert_true (g_file_set_contents (a, "a long old text", -1, NULL));
  g_assert_cmpint (link (a, b), ==, 0);
  g_assert_true (il_output_write_file (a, "new", 3, NULL));
  contents = read_all (b);
  g_assert_cmpstr (contents, ==, "new");
  remove_all (dir);
}

static gpointer
read_fifo (gpointer data)
{
  char *contents = NULL;

  g_file_get_contents (data, &contents, NULL, NULL);
  return contents;
}

static void
test_a_pipe_is_written_into (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *fifo = g_build_filename (dir, "fifo", NULL);
  g_autofree char *contents = NULL;
  GThread *reader;
  GStatBuf st;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  reader = g_thread_new ("reader", read_fifo, fifo);
  g_assert_true (il_output_write_file (fifo, "through", 7, NULL));
  contents = g_thread_join (reader);
  g_assert_cmpstr (contents, ==, "through");
  g_assert_cmpint (g_lstat (fifo, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));
  g_assert_cmpuint (count_files (dir), ==, 1);
  remove_all (dir);
}

static void
test_a_full_device_fails_and_stays_a_device (void)
{
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  if (g_stat ("/dev/full", &st) != 0 || !S_ISCHR (st.st_mode))
    {
      g_test_skip ("no /dev/full");
      return;
    }
  g_assert_false (il_output_write_file ("/dev/full", "x", 1, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOSPC);
  g_assert_cmpstr (error->message, ==, "cannot write “/dev/full”: No space left on device");
  g_assert_cmpint (g_stat ("/dev/full", &st), ==, 0);
  g_assert_true (S_ISCHR (st.st_mode));
}

static void
test_a_folder_is_refused (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *sub = g_build_filename (dir, "sub", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  g_assert_false (il_output_write_file (sub, "x", 1, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR);
  g_assert_nonnull (strstr (error->message, sub));
  g_assert_true (g_file_test (sub, G_FILE_TEST_IS_DIR));
  g_assert_cmpuint (count_files (dir), ==, 1);
  remove_all (dir);
}

static void
test_an_abort_keeps_the_old_contents (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "kept.json", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  IlOutput *output;

  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  output = il_output_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (il_output_write (output, "half", 4, NULL));
  g_assert_cmpuint (count_files (dir), ==, 2);      /* the temporary file */
  il_output_abort (output);
  contents = read_all (path);
  g_assert_cmpstr (contents, ==, "old");
  g_assert_cmpuint (count_files (dir), ==, 1);

  /* A write error met by the caller: nothing is replaced, it is reported */
  output = il_output_open (path, NULL);
  g_assert_false (il_output_commit (output, ENOSPC, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOSPC);
  g_assert_null (strstr (error->message, ".kept.json."));
  g_clear_pointer (&contents, g_free);
  contents = read_all (path);
  g_assert_cmpstr (contents, ==, "old");
  g_assert_cmpuint (count_files (dir), ==, 1);
  remove_all (dir);
}

/* The command line, end to end: --json onto a device does not replace it. */
static void
test_the_command_line_does_not_replace_a_device (void)
{
  const char *bin = g_getenv ("INTERLEAVE_BIN");
  g_autoptr(GSubprocess) sub = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  GStatBuf st;

  if (bin == NULL || g_stat ("/dev/full", &st) != 0)
    {
      g_test_skip ("needs INTERLEAVE_BIN and /dev/full");
      return;
    }
  sub = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                          bin, "run", "three-tasks", "--io-ms", "5", "-m", "sequential",
                          "--json", "/dev/full", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (sub, NULL, NULL, NULL, &err, &error));
  g_assert_cmpint (g_subprocess_get_exit_status (sub), ==, 1);
  g_assert_nonnull (strstr (err, "cannot write “/dev/full”: No space left on device"));
  g_assert_cmpint (g_stat ("/dev/full", &st), ==, 0);
  g_assert_true (S_ISCHR (st.st_mode));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/output/a-new-file-is-made", test_a_new_file_is_made);
  g_test_add_func ("/core/output/a-file-keeps-its-mode", test_a_file_keeps_its_mode);
  g_test_add_func ("/core/output/a-symlink-is-followed", test_a_symlink_is_followed);
  g_test_add_func ("/core/output/a-hard-link-sees-the-new-contents", test_a_hard_link_sees_the_new_contents);
  g_test_add_func ("/core/output/a-pipe-is-written-into", test_a_pipe_is_written_into);
  g_test_add_func ("/core/output/a-full-device-fails-and-stays-a-device",
                   test_a_full_device_fails_and_stays_a_device);
  g_test_add_func ("/core/output/a-folder-is-refused", test_a_folder_is_refused);
  g_test_add_func ("/core/output/an-abort-keeps-the-old-contents", test_an_abort_keeps_the_old_contents);
  g_test_add_func ("/cli/output/the-command-line-does-not-replace-a-device",
                   test_the_command_line_does_not_replace_a_device);

  return g_test_run ();
}
