#!/usr/bin/env python3
"""summary_table.py — bench/run's summary: every figure beside its target and peer.

    python3 bench/summary_table.py SUMMARY.tsv [--readme README.md --intro TEXT]

SUMMARY.tsv holds the lines the benchmarks appended (bench-summary.h,
bench_summary.py): what, measured, target, peer, verdict.  Prints the
Markdown table; with --readme, also puts it (after TEXT) between the
README's "bench/run summary" markers, replacing what was there.
"""

import argparse
import sys

BEGIN = '<!-- bench/run summary: begin (written by bench/run; do not edit by hand) -->'
END = '<!-- bench/run summary: end -->'


def cell(text):
    return text.replace('|', '\\|')


def table(path):
    rows = ['| what | measured | target | peer, measured in the same run | |',
            '|---|---|---|---|---|']
    with open(path, encoding='utf-8') as f:
        for line in f:
            fields = line.rstrip('\n').split('\t')
            if len(fields) != 5:
                continue
            what, measured, target, peer, verdict = (cell(x) for x in fields)
            verdict = {'met': 'met', 'missed': '**missed**'}.get(verdict, '')
            rows.append(f'| {what} | {measured} | {target} | {peer} | {verdict} |')
    return '\n'.join(rows) + '\n'


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('summary')
    parser.add_argument('--readme')
    parser.add_argument('--intro', default='')
    args = parser.parse_args()
    text = table(args.summary)
    sys.stdout.write(text)
    if args.readme:
        with open(args.readme, encoding='utf-8') as f:
            readme = f.read()
        start, end = readme.find(BEGIN), readme.find(END)
        if start < 0 or end < start:
            sys.exit(f'{args.readme}: no "{BEGIN}" … "{END}" block')
        block = BEGIN + '\n' + (args.intro + '\n\n' if args.intro else '') + text + END
        with open(args.readme + '.tmp', 'w', encoding='utf-8') as f:
            f.write(readme[:start] + block + readme[end + len(END):])
        import os
        os.replace(args.readme + '.tmp', args.readme)


if __name__ == '__main__':
    main()
