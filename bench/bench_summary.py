"""bench_summary.py — one figure for bench/run's summary table (as bench-summary.h).

Appends "what, measured, target, peer, verdict" to the file named by
BENCH_SUMMARY, tab-separated; nothing without it.
"""

import os


def summary(what, measured, target='–', peer='–', met=None):
    path = os.environ.get('BENCH_SUMMARY')
    if not path:
        return
    verdict = '–' if met is None else ('met' if met else 'missed')
    fields = [str(x if x not in (None, '') else '–').replace('\t', ' ').replace('\n', ' ')
              for x in (what, measured, target, peer, verdict)]
    with open(path, 'a', encoding='utf-8') as f:
        f.write('\t'.join(fields) + '\n')
