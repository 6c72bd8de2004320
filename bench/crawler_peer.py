#!/usr/bin/env python3
"""crawler_peer.py — seed 002's own crawler, pointed at Interleave's demo site.

    python3 bench/crawler_peer.py URL [--max-urls N] [--which serial,pool,asyncio]

Runs the seed's three crawlers (requests + BeautifulSoup) against URL and
prints a Markdown table of pages fetched per second:

  serial   get_all_urls: one page after another
  pool     get_all_urls_parallel: multiprocessing Pool(10), a new pool per
           batch of 10 pages, as the seed wrote it
  asyncio  get_urls_asyncio: loop.run_in_executor(requests.get) on a
           ThreadPoolExecutor(max_workers=20), BeautifulSoup on the loop

The code follows the seed cell by cell.  Two changes, so that it crawls a
site that is not www.geeksforgeeks.org: the link filter keeps links on URL's
own origin where the seed kept "https://www…" links, and links are resolved
with urljoin against the page (and its <base href>) before the filter —
the seed only ever followed absolute links.  Its "?ref" and "#" rules stay.
Only run it against a local server (serve-site); it sends many requests.
"""

import argparse
import asyncio
import concurrent.futures
import multiprocessing
import sys
import time
from urllib.parse import urljoin

import requests
from bs4 import BeautifulSoup

ORIGIN = None  # set in main(): "http://127.0.0.1:PORT/"


def keep(y):
    """The seed's filter, with the site's origin for "https://www"."""
    return y is not None and y.startswith(ORIGIN) and not y.split('/')[-1].startswith('#')


def normalise(y):
    if y.split('/')[-1].startswith('?ref'):
        y = '/'.join(y.split('/')[:-1])
    return y.split('#')[0]


def links_of(url, soup):
    base = soup.find('base')
    base_url = urljoin(url, base['href']) if base is not None and base.get('href') else url
    out = []
    for link in soup.find_all('a'):
        href = link.get('href')
        if href is None:
            continue
        y = urljoin(base_url, href)
        if keep(y):
            out.append(normalise(y))
    return out


def get_urls(url):
    reqs = requests.get(url)
    soup = BeautifulSoup(reqs.text, 'html.parser')
    return links_of(url, soup)


def get_all_urls(url, max_urls=10000):
    '''Serial method to get all urls (the seed's)'''
    q = [url]
    p = 0
    visited = {url: True}
    while p < len(q) and len(q) < max_urls:
        x = q[p]
        for y in get_urls(x):
            if y not in visited:
                q.append(y)
                visited[y] = True
        p += 1
    return q, p


def get_all_urls_parallel(url, max_urls=10000, max_worker=10):
    '''Using multiprocessing to parallel get all urls (the seed's)'''
    q = [url]
    p = 0
    visited = {url: True}
    fetched = 0

    def post_process(result):
        nonlocal fetched
        fetched += 1
        for y in result:
            if y not in visited:
                q.append(y)
                visited[y] = True

    while p < len(q) and len(q) < max_urls:
        p_next = min([len(q), p + max_worker])
        pool = multiprocessing.Pool(max_worker)
        for i in range(p, p_next):
            pool.apply_async(get_urls, args=(q[i],), callback=post_process)
        pool.close()
        pool.join()
        p = p_next
    return q, fetched


async def get_urls_asyncio(url, max_urls=10000):
    '''asyncio + run_in_executor(requests.get), BeautifulSoup on the loop (the seed's)'''
    fetched = 0

    async def get_urls_batch(urls, max_workers=20):
        nonlocal fetched
        with concurrent.futures.ThreadPoolExecutor(max_workers=max_workers) as executor:
            loop = asyncio.get_event_loop()
            futures = [loop.run_in_executor(executor, requests.get, u) for u in urls]
        soups = []
        for u, reqs in zip(urls, await asyncio.gather(*futures)):
            fetched += 1
            soups.append((u, BeautifulSoup(reqs.text, 'html.parser')))
        return soups

    q = [url]
    visited = {url: True}
    p = 0
    while p < len(q) and len(q) < max_urls:
        p_next = len(q)
        for u, s in await get_urls_batch(q[p:]):
            for y in links_of(u, s):
                if y not in visited:
                    q.append(y)
                    visited[y] = True
        p = p_next
    return q, fetched


def main():
    global ORIGIN
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('url')
    parser.add_argument('--max-urls', type=int, default=600)
    parser.add_argument('--which', default='serial,pool,asyncio')
    args = parser.parse_args()

    if not args.url.startswith(('http://127.', 'http://localhost')):
        sys.exit('crawler_peer.py: only for a local server (interleave serve-site)')
    ORIGIN = urljoin(args.url, '/')
    # The seed ran on macOS/Jupyter; on Linux fork is the default and works.
    print('| seed 002 crawler | pages fetched | seconds | pages/s |')
    print('|---|---:|---:|---:|')
    for which in args.which.split(','):
        start = time.time()
        if which == 'serial':
            _, fetched = get_all_urls(args.url, max_urls=args.max_urls)
            name = 'serial (requests + BeautifulSoup)'
        elif which == 'pool':
            _, fetched = get_all_urls_parallel(args.url, max_urls=args.max_urls)
            name = 'multiprocessing Pool(10)'
        elif which == 'asyncio':
            _, fetched = asyncio.run(get_urls_asyncio(args.url, max_urls=args.max_urls))
            name = 'asyncio + 20 executor threads'
        else:
            sys.exit(f'crawler_peer.py: unknown crawler {which!r}')
        elapsed = time.time() - start
        print(f'| {name} | {fetched} | {elapsed:.2f} | {fetched / elapsed:.0f} |', flush=True)


if __name__ == '__main__':
    main()
