"""What the two crawlers share: fetching a page and finding its links.

Standard library only (urllib, html.parser).  The start page comes from the
command line or INTERLEAVE_SITE_URL, e.g. the address that
"interleave serve-site --port 0" prints, so the crawlers run offline.
"""
import os
import sys
import urllib.parse
import urllib.request
from html.parser import HTMLParser


class LinkParser(HTMLParser):
    def __init__(self, base):
        super().__init__()
        self.base = base
        self.links = []

    def handle_starttag(self, tag, attrs):
        if tag == "base":
            for name, value in attrs:
                if name == "href" and value:
                    self.base = urllib.parse.urljoin(self.base, value)
        if tag != "a":
            return
        for name, value in attrs:
            if name == "href" and value:
                url, _ = urllib.parse.urldefrag(urllib.parse.urljoin(self.base, value))
                self.links.append(url)


def start_url():
    url = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("INTERLEAVE_SITE_URL")
    if not url:
        sys.exit("usage: crawl URL [MAX_PAGES]   (or INTERLEAVE_SITE_URL=URL); "
                 "start a site with: interleave serve-site --port 0")
    return url


def max_pages():
    return int(sys.argv[2]) if len(sys.argv) > 2 else 50


def fetch_links(url, origin):
    """The page's links on the same host and port, without query strings."""
    with urllib.request.urlopen(url, timeout=10) as reply:
        text = reply.read().decode("utf-8", "replace")
    parser = LinkParser(url)
    parser.feed(text)
    found = []
    for link in parser.links:
        parts = urllib.parse.urlsplit(link)
        if parts.scheme in ("http", "https") and parts.netloc == origin:
            found.append(urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, "", "")))
    return found
