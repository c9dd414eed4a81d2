#!/usr/bin/env python3
"""Edit-to-reload latency of `bangvang serve`: the time from writing a story
file to the server's reload signal (the server-sent `status` event that
makes an open tab reload).

    python3 bench/reload.py SITE_DIR [EDITS]

Starts target/release/bangvang (or $BANGVANG_BIN) serve on the site (a copy is made, the site
itself is not touched), listens to /__bangvang/events like a browser tab,
then EDITS times rewrites one story's title and measures until the event
with the next version arrives. Prints min / median / max in milliseconds.
Standard library only.
"""

import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
# BANGVANG_BIN names another build (an older commit's, to compare in one run).
BIN = os.environ.get("BANGVANG_BIN") or os.path.join(HERE, "..", "target", "release", "bangvang")


def events(port):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/__bangvang/events", headers={"Accept": "text/event-stream"})
    resp = conn.getresponse()
    while True:
        line = resp.fp.readline()
        if not line:
            raise SystemExit("event stream closed")
        line = line.decode("utf-8", "replace").strip()
        if line.startswith("data: "):
            yield json.loads(line[6:])


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    site, edits = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 15
    work = tempfile.mkdtemp(prefix="bangvang-reload-")
    root = os.path.join(work, "site")
    shutil.copytree(site, root)
    stories = sorted(
        os.path.join(d, f) for d, _, fs in os.walk(os.path.join(root, "content", "stories")) for f in fs if f.endswith(".md")
    )
    count = len(stories)
    target = stories[len(stories) // 2]
    proc = subprocess.Popen([BIN, "serve", "--root", root, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        port = None
        for line in proc.stdout:
            m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            if m:
                port = int(m.group(1))
                break
        if port is None:
            raise SystemExit("serve did not start")
        stream = events(port)
        version = next(stream)["version"]
        original = open(target, encoding="utf-8").read()
        samples = []
        for i in range(edits):
            text = original.replace('title: "', f'title: "Sửa lần {i + 1}: ', 1)
            time.sleep(0.3)  # let the previous burst settle, as between real edits
            start = time.perf_counter()
            with open(target, "w", encoding="utf-8") as f:
                f.write(text)
            while True:
                status = next(stream)
                if status["version"] > version and not status["errors"]:
                    break
                if status["errors"]:
                    raise SystemExit(f"unexpected errors: {status['errors']}")
            samples.append((time.perf_counter() - start) * 1000)
            version = status["version"]
        print(f"stories {count}: edit → reload signal, {edits} edits: min {min(samples):.0f} ms, median {statistics.median(samples):.0f} ms, max {max(samples):.0f} ms")
    finally:
        proc.terminate()
        proc.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
