#!/usr/bin/env python3
"""A small crawler in a thread pool: urllib and html.parser, eight threads.

Usage: crawl-threads.py URL [MAX_PAGES]   (or INTERLEAVE_SITE_URL=URL)
Start the demo site first: interleave serve-site --port 0
"""
import time
import urllib.parse
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

from crawl_common import fetch_links, max_pages, start_url


def main():
    url = start_url()
    limit = max_pages()
    origin = urllib.parse.urlsplit(url).netloc
    seen = {url}
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=8, thread_name_prefix="fetch") as pool:
        pending = {pool.submit(fetch_links, url, origin)}
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                try:
                    links = future.result()
                except OSError as e:
                    print(f"failed: {e}", flush=True)
                    continue
                for link in links:
                    if link not in seen and len(seen) < limit:
                        seen.add(link)
                        pending.add(pool.submit(fetch_links, link, origin))
    print(f"{len(seen)} pages in {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
