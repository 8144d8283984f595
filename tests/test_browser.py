"""The example report opened in headless Chromium: it renders, with no console errors; a screenshot is saved.

Chromium is Debian's package (`.ci/run` installs it). Driven over the DevTools protocol with
websocket-client, so no browser download is needed. Without Chromium the test is skipped locally, but
fails under CI (CI=true), where it must run.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def _browser(tmp_path: Path) -> tuple[subprocess.Popen, str]:
    profile = tmp_path / "profile"
    proc = subprocess.Popen(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--remote-debugging-port=0",
         "--window-size=1200,900", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    port_file = profile / "DevToolsActivePort"
    for _ in range(300):
        if port_file.exists() and port_file.read_text().strip():
            port = port_file.read_text().split()[0]
            return proc, port
        time.sleep(0.1)
    proc.kill()
    pytest.fail("Chromium did not open its DevTools port within 30 s")


class _Cdp:
    def __init__(self, url: str) -> None:
        import websocket

        self.ws = websocket.create_connection(url, timeout=30)
        self.next_id = 0
        self.events: list[dict] = []

    def call(self, method: str, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.next_id:
                if "error" in msg:
                    raise RuntimeError(msg["error"])
                return msg.get("result", {})
            self.events.append(msg)

    def wait_for(self, method: str, timeout: float = 30.0) -> dict:
        end = time.time() + timeout
        while time.time() < end:
            for e in self.events:
                if e.get("method") == method:
                    return e
            self.events.append(json.loads(self.ws.recv()))
        raise TimeoutError(method)


def test_example_report_renders_in_chromium_without_console_errors(rendered_example, tmp_path):
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed; .ci/run should have installed Debian's chromium")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from urllib.request import urlopen

    proc, port = _browser(tmp_path)
    try:
        targets = json.loads(urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10).read())
        page = next(t for t in targets if t.get("type") == "page")
        cdp = _Cdp(page["webSocketDebuggerUrl"])
        for domain in ("Page.enable", "Runtime.enable", "Log.enable"):
            cdp.call(domain)
        cdp.call("Page.navigate", url=(rendered_example / "report.html").as_uri())
        cdp.wait_for("Page.loadEventFired")
        time.sleep(0.5)
        title = cdp.call("Runtime.evaluate", expression="document.title", returnByValue=True)["result"]["value"]
        images = cdp.call("Runtime.evaluate", returnByValue=True, expression=(
            "Array.from(document.images).map(i => [i.complete && i.naturalWidth > 0, i.alt.length])"
        ))["result"]["value"]
        shot = cdp.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
        (tmp_path / "report.png").write_bytes(base64.b64decode(shot["data"]))
        errors = [e for e in cdp.events if e.get("method") == "Runtime.exceptionThrown"
                  or (e.get("method") == "Runtime.consoleAPICalled" and e["params"]["type"] in ("error", "assert"))
                  or (e.get("method") == "Log.entryAdded" and e["params"]["entry"]["level"] == "error")]
    finally:
        proc.kill()
        proc.wait(timeout=10)
    assert errors == []
    assert title.startswith("WRES report 2024: NHS Bedfordshire, Luton and Milton Keynes")
    assert len(images) >= 4
    assert all(loaded and alt_len > 20 for loaded, alt_len in images), images
    assert (tmp_path / "report.png").stat().st_size > 10_000
