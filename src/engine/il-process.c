/* il-process.c — placeholder until the model lands */

#include "config.h"

#include "il-run-private.h"

gboolean
il_model_run_processes (IlRun   *run,
                        gboolean pool,
                    GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "this model is not available yet");
  return FALSE;
}
