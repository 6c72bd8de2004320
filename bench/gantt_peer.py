#!/usr/bin/env python3
"""gantt_peer.py — matplotlib drawing the timeline bench-paint paints.

    python3 bench/gantt_peer.py OUT.png [SEGMENTS] [LANES]

The same made-up trace as bench-trace.c (SEGMENTS over LANES lanes, each
segment 0.2 – 20 µs, cycling through running, io-wait, running, gil-wait,
running, preempted, in the app's colours), drawn with broken_barh, one call
per lane and state, into a 1920×1080 PNG (19.2 × 10.8 in at 100 dpi), the
way a Python user would draw a Gantt chart.  Prints "draw+png S" (from the
first drawing call to the file written; the data made and matplotlib
imported before the clock starts) and the best of three.
"""

import random
import sys
import time

import matplotlib
matplotlib.use('Agg')
import matplotlib.pyplot as plt  # noqa: E402

STATES = ['running', 'io-wait', 'running', 'gil-wait', 'running', 'preempted']
COLOURS = {'running': '#33d17a', 'io-wait': '#3584e4', 'gil-wait': '#f6d32d', 'preempted': '#e66100'}


def make_lanes(n_segments, n_lanes):
    rng = random.Random(42)
    per_lane = n_segments // n_lanes
    lanes = []
    for t in range(n_lanes):
        now = t * 1000
        bars = {state: [] for state in COLOURS}
        for i in range(per_lane - 1):
            state = STATES[i % len(STATES)]
            length = rng.randrange(200, 20000)
            bars[state].append((now, length))
            now += length
        lanes.append(bars)
    return lanes


def draw(lanes, path):
    fig, ax = plt.subplots(figsize=(19.2, 10.8), dpi=100)
    for y, bars in enumerate(lanes):
        for state, spans in bars.items():
            if spans:
                ax.broken_barh(spans, (y + 0.1, 0.8), facecolors=COLOURS[state], linewidth=0)
    ax.set_ylim(0, len(lanes))
    ax.set_yticks([y + 0.5 for y in range(len(lanes))])
    ax.set_yticklabels([f'task {y}' for y in range(len(lanes))], fontsize=5)
    ax.set_xlabel('time (ns)')
    fig.savefig(path, dpi=100)
    plt.close(fig)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    n_segments = int(sys.argv[2]) if len(sys.argv) > 2 else 100000
    n_lanes = int(sys.argv[3]) if len(sys.argv) > 3 else 64
    lanes = make_lanes(n_segments, n_lanes)
    times = []
    for _ in range(3):
        t0 = time.monotonic()
        draw(lanes, sys.argv[1])
        times.append(time.monotonic() - t0)
    print(f'draw+png {min(times):.3f} (best of 3; {", ".join(f"{t:.3f}" for t in times)})')


if __name__ == '__main__':
    main()
