/* il-sweep-records.h — a sweep (il-sweep.h) made from the records of its runs
 *
 * What both front ends do with a sweep's runs, whether they just ran or
 * were read from a saved file: a curve per model (and GIL) in the order
 * they first ran, each run added at its value, the statistics computed.
 */
#pragma once

#include "il-run-record.h"
#include "il-sweep.h"
#include "il-workload.h"

G_BEGIN_DECLS

/* @records are the sweep's runs in run order, @value_of_run[i] the index
 * into @values of run i.  Amdahl's law is fitted for CPU-bound and mixed
 * workloads; a crawl's figure is pages per second.  The logical cores are
 * the records' (this machine's when they do not say). */
IlSweep *il_sweep_from_records (IlWorkload          *workload,
                                IlSweepAxis          axis,
                                const gint64        *values,
                                guint                n_values,
                                guint                repeat,
                                gboolean             drop_busy,
                                IlRunRecord * const *records,
                                guint                n_records,
                                const guint         *value_of_run);

G_END_DECLS
