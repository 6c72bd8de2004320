#!/usr/bin/env python3
"""keepalive_bench.py — the keep-alive stall of issue 19, measured.

    python3 bench/keepalive_bench.py [--interleave PATH] [--pages N]
        [--models async,async-executor,threads,process-pool] [--latency-ms MS]
        [--nodelay] [--split-more] [--repeat N]

Starts keepalive_server.py (http.server, HTTP/1.1, headers and body in two
send() calls, no TCP_NODELAY unless --nodelay; with --split-more the status
line, the headers and the body in three pieces), crawls it with
`interleave run web-crawl --url … --max-pages N -m MODEL --json -` once per
model (and per repeat) and prints a Markdown table: pages/s (pages fetched ÷
makespan) and the median of the fetches' io-wait (each page's time waiting
for the network, its http phase).  With BENCH_SUMMARY set, each model's
figures also go to bench/run's summary table (bench_summary.py).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)

from bench_summary import summary  # noqa: E402


def fetch_waits(run):
    waits = []
    for task in run['tasks']:
        if not task['ok']:
            continue
        waits.append(sum(s['end_s'] - s['start_s'] for s in task['segments'] if s['state'] == 'io-wait'))
    return waits


def python_peer(url, pages):
    """The tutorial's crawler (asyncio + 20 executor threads, requests.get) on
    the same server: pages/s, or None when requests and bs4 are missing."""
    python = '/usr/bin/python3' if os.access('/usr/bin/python3', os.X_OK) else sys.executable
    done = subprocess.run([python, os.path.join(here, 'crawler_peer.py'), url, '--max-urls', str(pages),
                           '--which', 'asyncio'], capture_output=True, text=True)
    for line in done.stdout.splitlines():
        cells = [c.strip() for c in line.split('|')]
        if len(cells) >= 6 and cells[1].startswith('asyncio') and cells[4].isdigit():
            return float(cells[4])
    return None


def write_summary(args, figures, peer):
    """A line per model for the summary: the median over the repeats."""
    limit = 1.5 * args.latency_ms
    for model, runs in figures.items():
        wait = statistics.median(w for w, _ in runs)
        rate = statistics.median(r for _, r in runs)
        what = f"keep-alive server writing headers and body apart: a fetch's median io-wait, {model}"
        if args.split_more:
            what += ' (status line, headers and body apart)'
        if args.nodelay:
            summary(what + ' (server with TCP_NODELAY)', f'{wait:.1f} ms ({rate:.0f} pages/s)', peer=peer)
        else:
            summary(what, f'{wait:.1f} ms ({rate:.0f} pages/s)',
                    target=f"near the server's {args.latency_ms:g} ms latency (≤ {limit:g} ms)",
                    peer=peer, met=wait <= limit)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--interleave', default=os.path.join(here, '..', 'build', 'src', 'app', 'interleave'))
    parser.add_argument('--pages', type=int, default=1000)
    parser.add_argument('--models', default='async,async-executor,threads,process-pool')
    parser.add_argument('--latency-ms', type=float, default=10.0)
    parser.add_argument('--nodelay', action='store_true')
    parser.add_argument('--split-more', action='store_true')
    parser.add_argument('--repeat', type=int, default=1)
    args = parser.parse_args()

    cmd = [sys.executable, os.path.join(here, 'keepalive_server.py'), '--latency-ms', str(args.latency_ms)]
    if args.nodelay:
        cmd.append('--nodelay')
    if args.split_more:
        cmd.append('--split-more')
    server = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    try:
        url = server.stdout.readline().strip()
        print(f'server: {url} latency {args.latency_ms:g} ms{", TCP_NODELAY" if args.nodelay else ""}'
              f'{", split more" if args.split_more else ""}; '
              f'load average {open("/proc/loadavg").read().split()[0]}')
        print()
        print('| model | pages | makespan | pages/s | io-wait median | io-wait p90 |')
        print('|---|---:|---:|---:|---:|---:|')
        figures = {}   # model: [(io-wait median in ms, pages/s)] of each repeat
        for _ in range(args.repeat):
            for model in args.models.split(','):
                out = subprocess.run([args.interleave, 'run', 'web-crawl', '--url', url,
                                      '--max-pages', str(args.pages), '-m', model, '--json', '-'],
                                     check=True, capture_output=True, text=True).stdout
                run = json.loads(out)['runs'][0]
                waits = sorted(fetch_waits(run))
                p90 = waits[int(0.9 * (len(waits) - 1))] if waits else float('nan')
                print(f"| {model} | {run['tasks_ok']} | {run['makespan_s']:.3f} s "
                      f"| {run['tasks_ok'] / run['makespan_s']:.0f} "
                      f"| {1000 * statistics.median(waits):.1f} ms | {1000 * p90:.1f} ms |", flush=True)
                figures.setdefault(model, []).append((1000 * statistics.median(waits),
                                                      run['tasks_ok'] / run['makespan_s']))
        rate = python_peer(url, args.pages)
        if rate is None:
            print('\nThe tutorial\'s crawler (bench/crawler_peer.py, asyncio + 20 executor threads) '
                  'not run: python3 with requests and bs4 is needed.')
            peer = "the tutorial's asyncio + requests.get: not run"
        else:
            print(f'\nThe tutorial\'s crawler on the same server (bench/crawler_peer.py, asyncio + 20 '
                  f'executor threads, requests.get): {rate:.0f} pages/s.')
            peer = f"the tutorial's asyncio + 20 threads of requests.get: {rate:.0f} pages/s"
        write_summary(args, figures, peer)
    finally:
        server.terminate()
        server.wait()
    return 0


if __name__ == '__main__':
    sys.exit(main())
