/* il-task.c — freeing task specs */

#include "config.h"

#include "il-task.h"

void
il_task_specs_free (IlTaskSpec *specs,
                    guint       n_specs)
{
  for (guint i = 0; i < n_specs; i++)
    {
      for (guint j = 0; j < specs[i].n_phases; j++)
        g_free (specs[i].phases[j].url);
      g_free (specs[i].phases);
      g_free (specs[i].name);
    }
  g_free (specs);
}
