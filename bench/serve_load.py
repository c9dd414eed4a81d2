#!/usr/bin/env python3
"""Load on `bangvang serve`: requests per second at concurrency 100 while
500 live-reload streams stay open, as when many tabs are left open.

    python3 bench/serve_load.py [BIN] [SITE_DIR] [STREAMS] [SECONDS]

Starts BIN (default target/release/bangvang) serve on SITE_DIR (default the
repository's example site) on a free port, opens STREAMS (500) connections
to /__bangvang/events and reads their first event, then runs `wrk -t2 -c100`
for SECONDS (10) on the home page and on a story page. Prints wrk's
requests/s and latency, how many streams were still open afterwards, and
how long the server takes to stop on Ctrl+C (SIGINT) with them open.
Needs `wrk` (Debian: apt-get install wrk); otherwise the standard library.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..")


def start(binary, site):
    proc = subprocess.Popen(
        [binary, "serve", "--port", "0", "--root", site],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    for line in proc.stdout:
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if found:
            return proc, int(found.group(1))
    raise SystemExit("serve stopped before printing its address")


def open_stream(port):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.sendall(
        (
            "GET /__bangvang/events HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
            "Accept: text/event-stream\r\n\r\n" % port
        ).encode()
    )
    data = b""
    while b"data: " not in data:
        chunk = s.recv(4096)
        if not chunk:
            raise SystemExit("a live-reload stream closed at once")
        data += chunk
    return s


def still_open(s):
    s.setblocking(False)
    try:
        return s.recv(4096) != b""  # a keep-alive comment arrived
    except BlockingIOError:
        return True  # nothing to read, not closed
    except OSError:
        return False


def wrk(port, path, seconds):
    out = subprocess.run(
        ["wrk", "-t2", "-c100", "-d%ds" % seconds, "http://127.0.0.1:%d%s" % (port, path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)
    latency = re.search(r"Latency\s+(\S+)\s+(\S+)\s+(\S+)", out)
    errors = re.search(r"Socket errors: .*|Non-2xx.*", out)
    print(
        "  %-40s %9s req/s  latency avg %s, max %s%s"
        % (path, rps, latency.group(1), latency.group(3), "  " + errors.group(0) if errors else "")
    )


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target", "release", "bangvang")
    site = sys.argv[2] if len(sys.argv) > 2 else ROOT
    streams = int(sys.argv[3]) if len(sys.argv) > 3 else 500
    seconds = int(sys.argv[4]) if len(sys.argv) > 4 else 10
    proc, port = start(binary, os.path.abspath(site))
    try:
        started = time.monotonic()
        held = [open_stream(port) for _ in range(streams)]
        print("%d live-reload streams open in %.2f s" % (len(held), time.monotonic() - started))
        story = next(
            re.search(r'href="(/truyen/[^"]+\.html)"', line).group(1)
            for line in subprocess.run(
                ["curl", "-s", "http://127.0.0.1:%d/" % port], capture_output=True, text=True
            ).stdout.splitlines()
            if re.search(r'href="/truyen/[^"]+\.html"', line)
        )
        for path in ["/", story]:
            wrk(port, path, seconds)
        alive = sum(still_open(s) for s in held)
        print("%d of %d streams still open after the load" % (alive, len(held)))
        sent = time.monotonic()
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=5)
            print("stopped %.2f s after Ctrl+C, streams still open" % (time.monotonic() - sent))
        except subprocess.TimeoutExpired:
            print("still running 5 s after Ctrl+C")
    finally:
        proc.terminate()
        proc.wait()


if __name__ == "__main__":
    main()
