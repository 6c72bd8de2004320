/* il-tracer-proc.c — reading /proc's per-thread files (il-tracer.h)
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>

#include "il-tracer.h"

/* "PID (COMM) S PPID …": the command may hold spaces and parentheses,
 * so the fields are counted from the last ')'. */
gboolean
il_proc_parse_stat (const char *text,
                    IlProcStat *out)
{
  const char *open, *close, *p;
  guint field;
  gsize len;

  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  out->exit_code = -1;
  out->processor = -1;
  if (text == NULL || (open = strchr (text, '(')) == NULL || (close = strrchr (text, ')')) == NULL ||
      close < open)
    return FALSE;
  len = MIN ((gsize) (close - open - 1), sizeof out->comm - 1);
  memcpy (out->comm, open + 1, len);
  out->comm[len] = '\0';

  p = close + 1;
  /* field 3 is the state; numbering as in proc(5) */
  for (field = 3; *p != '\0'; field++)
    {
      char *end;

      while (*p == ' ')
        p++;
      if (*p == '\0' || *p == '\n')
        break;
      if (field == 3)
        out->state = *p;
      else if (field == 4 || field == 14 || field == 15 || field == 39 || field == 52)
        {
          gint64 v = g_ascii_strtoll (p, &end, 10);

          if (end == p)
            return FALSE;
          switch (field)
            {
            case 4:  out->ppid = v; break;
            case 14: out->utime = (guint64) MAX (v, 0); break;
            case 15: out->stime = (guint64) MAX (v, 0); break;
            case 39: out->processor = (gint) v; break;
            case 52: out->exit_code = (gint) v; break;
            default: break;
            }
        }
      while (*p != ' ' && *p != '\0' && *p != '\n')
        p++;
    }
  return out->state != 0 && field > 15;
}

gint64
il_proc_parse_syscall (const char *text)
{
  char *end;
  gint64 nr;

  if (text == NULL)
    return -2;
  if (g_str_has_prefix (text, "running"))
    return -1;
  nr = g_ascii_strtoll (text, &end, 10);
  if (end == text || nr < 0)
    return -2;
  return nr;
}

gboolean
il_proc_syscall_is_lock (gint64 nr)
{
#ifdef SYS_futex
  if (nr == SYS_futex)
    return TRUE;
#endif
#ifdef SYS_futex_waitv
  if (nr == SYS_futex_waitv)
    return TRUE;
#else
  if (nr == 449)   /* futex_waitv: the same number on every architecture */
    return TRUE;
#endif
  return FALSE;
}
