#!/usr/bin/env python3
"""Opens every bundled study's report.html in headless Chromium and checks what a reader sees.

For each study: the page loads without a console error, an uncaught exception or a failed
resource; and each chart (every <figure class="chart">) is rendered, i.e. a screenshot of
its region is not blank (ink on more than 2% of it, in at least three colours).

Chromium is driven over the DevTools protocol on a pipe (--remote-debugging-pipe: messages
separated by NUL bytes on file descriptors 3 and 4), so only the standard library is needed.
The pages themselves carry no script; the checker's JavaScript only measures where the charts
stand.

Usage: tests/browser/check_reports.py [REPORTS_DIR]
With no directory, runs `comity study` on models/studies/*.toml into target/browser-reports
($COMITY_BIN, else target/release/comity). Installs Debian's chromium when it is missing
(CI runs as root on Debian 12).
"""

import base64
import glob
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TIMEOUT = 30.0


def chromium_binary():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    print("== installing chromium (apt-get install -y chromium)", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=True, env=env)
    return shutil.which("chromium")


def png_pixels(data):
    """(width, height, channels, rows of bytes) of an 8-bit, non-interlaced PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, b"", None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and interlace == 0, "unexpected PNG format"
            channels = {2: 3, 6: 4, 0: 1, 4: 2}[colour]
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        row = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        if kind == 1:
            for i in range(channels, stride):
                row[i] = (row[i] + row[i - channels]) & 0xFF
        elif kind == 2:
            for i in range(stride):
                row[i] = (row[i] + previous[i]) & 0xFF
        elif kind == 3:
            for i in range(stride):
                left = row[i - channels] if i >= channels else 0
                row[i] = (row[i] + ((left + previous[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                a = row[i - channels] if i >= channels else 0
                b = previous[i]
                c = previous[i - channels] if i >= channels else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                row[i] = (row[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        rows.append(row)
        previous = row
    return width, height, channels, rows


def ink(png):
    """The share of pixels that are not near-white, and the number of distinct colours."""
    width, height, channels, rows = png_pixels(png)
    inked, colours = 0, set()
    for row in rows:
        for x in range(0, width * channels, channels):
            pixel = bytes(row[x : x + 3])
            if min(pixel) < 235:
                inked += 1
                colours.add(bytes(v >> 4 for v in pixel))
    return inked / max(1, width * height), len(colours)


class Browser:
    """Headless Chromium on a DevTools pipe."""

    def __init__(self, binary):
        self.profile = tempfile.mkdtemp(prefix="comity-chromium-")
        to_browser_r, self.to_browser = os.pipe()
        self.from_browser, from_browser_w = os.pipe()

        def wire():
            # Chromium reads commands on fd 3 and writes replies on fd 4.
            a, b = os.dup(to_browser_r), os.dup(from_browser_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.process = subprocess.Popen(
            [
                binary,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--hide-scrollbars",
                "--remote-debugging-pipe",
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=False,
            preexec_fn=wire,
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self.buffer = b""
        self.next_id = 0
        self.events = []

    def send(self, method, params=None, session=None):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.time() + TIMEOUT
        while time.time() < deadline:
            reply = self.read()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)
        raise TimeoutError(method)

    def read(self):
        while b"\0" not in self.buffer:
            chunk = os.read(self.from_browser, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def wait_event(self, method, session):
        for k, event in enumerate(self.events):
            if event.get("method") == method and event.get("sessionId") == session:
                return self.events.pop(k)
        deadline = time.time() + TIMEOUT
        while time.time() < deadline:
            event = self.read()
            if event.get("method") == method and event.get("sessionId") == session:
                return event
            self.events.append(event)
        raise TimeoutError(method)

    def close(self):
        try:
            self.send("Browser.close")
        except Exception:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


FIGURES = """JSON.stringify(Array.from(document.querySelectorAll('figure.chart')).map(f => {
  const svg = f.querySelector('svg');
  const r = (svg || f).getBoundingClientRect();
  return {id: f.id, svg: !!svg, x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height};
}))"""


def check(browser, path):
    problems = []
    target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    for domain in ("Page", "Runtime", "Log"):
        browser.send(f"{domain}.enable", session=session)
    browser.send(
        "Emulation.setDeviceMetricsOverride",
        {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False},
        session=session,
    )
    browser.events.clear()
    browser.send("Page.navigate", {"url": "file://" + os.path.abspath(path)}, session=session)
    browser.wait_event("Page.loadEventFired", session)
    figures = json.loads(
        browser.send("Runtime.evaluate", {"expression": FIGURES, "returnByValue": True}, session=session)["result"]["value"]
    )
    for event in browser.events:
        if event.get("sessionId") != session:
            continue
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            problems.append(f"console error: {params.get('args')}")
        elif method == "Runtime.exceptionThrown":
            problems.append(f"exception: {params.get('exceptionDetails', {}).get('text')}")
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            problems.append(f"log error: {params['entry'].get('text')} {params['entry'].get('url', '')}")
    if not figures:
        problems.append("no chart on the page")
    for figure in figures:
        if not figure["svg"] or figure["width"] < 100 or figure["height"] < 100:
            problems.append(f"chart {figure['id']}: no SVG of a visible size ({figure})")
            continue
        clip = {k: figure[k] for k in ("x", "y", "width", "height")}
        clip["scale"] = 0.5
        shot = browser.send(
            "Page.captureScreenshot",
            {"format": "png", "clip": clip, "captureBeyondViewport": True},
            session=session,
        )
        share, colours = ink(base64.b64decode(shot["data"]))
        if share < 0.02 or colours < 3:
            problems.append(f"chart {figure['id']}: blank ({share:.1%} inked, {colours} colours)")
    browser.send("Target.closeTarget", {"targetId": target})
    return len(figures), problems


def main():
    started = time.time()
    if len(sys.argv) > 1:
        reports = sys.argv[1]
    else:
        reports = os.path.join(ROOT, "target", "browser-reports")
        comity = os.environ.get("COMITY_BIN", os.path.join(ROOT, "target", "release", "comity"))
        studies = sorted(glob.glob(os.path.join(ROOT, "models", "studies", "*.toml")))
        shutil.rmtree(reports, ignore_errors=True)
        subprocess.run([comity, "study", *studies, "--out", reports], check=True, cwd=ROOT)
    pages = sorted(glob.glob(os.path.join(reports, "*", "report.html")))
    if not pages:
        sys.exit(f"no report.html under {reports}")
    browser = Browser(chromium_binary())
    failed = False
    try:
        browser.send("Target.setDiscoverTargets", {"discover": False})
        for page in pages:
            charts, problems = check(browser, page)
            study = os.path.basename(os.path.dirname(page))
            status = "ok" if not problems else "FAILED"
            print(f"{study}: {charts} charts, {status}")
            for problem in problems:
                print(f"  {problem}")
            failed |= bool(problems)
    finally:
        browser.close()
    print(f"browser check of {len(pages)} reports in {time.time() - started:.0f} s")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
