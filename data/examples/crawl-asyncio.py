#!/usr/bin/env python3
"""The same crawler with asyncio: the blocking fetches go to an executor.

Usage: crawl-asyncio.py URL [MAX_PAGES]   (or INTERLEAVE_SITE_URL=URL)
Start the demo site first: interleave serve-site --port 0
"""
import asyncio
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

from crawl_common import fetch_links, max_pages, start_url


async def main():
    url = start_url()
    limit = max_pages()
    origin = urllib.parse.urlsplit(url).netloc
    loop = asyncio.get_running_loop()
    seen = {url}
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=8, thread_name_prefix="executor") as pool:
        pending = {loop.run_in_executor(pool, fetch_links, url, origin)}
        while pending:
            done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            for future in done:
                try:
                    links = future.result()
                except OSError as e:
                    print(f"failed: {e}", flush=True)
                    continue
                for link in links:
                    if link not in seen and len(seen) < limit:
                        seen.add(link)
                        pending.add(loop.run_in_executor(pool, fetch_links, link, origin))
    print(f"{len(seen)} pages in {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    asyncio.run(main())
