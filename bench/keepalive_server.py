#!/usr/bin/env python3
"""keepalive_server.py — a small independent web server, as people write them.

    python3 bench/keepalive_server.py [--port N] [--latency-ms MS] [--nodelay] [--split-more]

Python's http.server with protocol_version "HTTP/1.1" (keep-alive), one
thread per connection, and each reply written the way BaseHTTPRequestHandler
writes it: the status line and headers in one send() (end_headers()), the
body in another (wfile.write()).  Without TCP_NODELAY the kernel's Nagle
algorithm holds the body back until the client acknowledges the headers, and
a client that delays its ACK (Linux does, up to 40 ms, once a connection
goes back and forth) waits for it: the stall of issue 19.  --nodelay sets
TCP_NODELAY on every accepted socket, the server-side cure.  --split-more
writes worse still: the status line, the other headers, and the body in
three pieces, each its own send().

Every page /N.html (and /) waits --latency-ms (10 by default), then links
to ten new pages /10N+1.html … /10N+10.html, so a crawl never runs out.
Prints its URL on the first line, then serves until killed.
"""

import argparse
import socket
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    latency = 0.010
    nodelay = False
    split_more = False

    def setup(self):
        super().setup()
        if self.nodelay:
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self):
        path = self.path.split('?')[0]
        try:
            n = 0 if path == '/' else int(path.strip('/').removesuffix('.html'))
        except ValueError:
            self.send_error(404)
            return
        if self.latency > 0:
            time.sleep(self.latency)
        links = ''.join(f'<li><a href="/{10 * n + k}.html">page {10 * n + k}</a></li>\n'
                        for k in range(1, 11))
        body = (f'<!DOCTYPE html><html><head><title>Page {n}</title></head><body>\n'
                f'<h1>Page {n}</h1><ul>\n{links}</ul></body></html>\n').encode()
        self.send_response(200)
        if self.split_more:
            self.flush_headers()    # the status line (and Server, Date) alone
        self.send_header('Content-Type', 'text/html; charset=utf-8')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()          # one send(): the status line and headers
        if self.split_more:
            third = len(body) // 3
            self.wfile.write(body[:third])
            self.wfile.write(body[third:2 * third])
            body = body[2 * third:]
        self.wfile.write(body)      # another send(): the body

    def log_message(self, *args):
        pass


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--port', type=int, default=0)
    parser.add_argument('--latency-ms', type=float, default=10.0)
    parser.add_argument('--nodelay', action='store_true')
    parser.add_argument('--split-more', action='store_true')
    args = parser.parse_args()

    Handler.latency = args.latency_ms / 1000.0
    Handler.nodelay = args.nodelay
    Handler.split_more = args.split_more
    ThreadingHTTPServer.daemon_threads = True
    ThreadingHTTPServer.request_queue_size = 1024
    server = ThreadingHTTPServer(('127.0.0.1', args.port), Handler)
    print(f'http://127.0.0.1:{server.server_address[1]}/', flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == '__main__':
    sys.exit(main())
