/* bench-trace.h — a made-up trace for the painting benchmarks */
#pragma once

#include "il-trace.h"

G_BEGIN_DECLS

IlTraceSnapshot *bench_make_trace (guint n_segments,
                                   guint n_tasks);

G_END_DECLS
