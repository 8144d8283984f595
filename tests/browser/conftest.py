"""Headless Chromium driven over the DevTools protocol (websocket-client), and axe-core to check pages
against WCAG 2.2 A and AA and axe's best practices.

Chromium is Debian's package and axe-core comes from the npm registry as its published tarball, checked
against the registry's sha512 integrity before use (cached in ``.cache/``): no browser download, no
Node. ``.ci/run`` installs Chromium; without it, or without the registry, these tests are skipped on a
developer's machine and fail under CI (``CI`` set), where they must run.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import shutil
import subprocess
import tarfile
import time
from pathlib import Path
from typing import Any

import pytest

from wreslib.pipeline.pdf import chromium_environment

ROOT = Path(__file__).resolve().parents[2]
AXE_VERSION = "4.14.1"
AXE_INTEGRITY = "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
AXE_TARBALL = f"https://registry.npmjs.org/axe-core/-/axe-core-{AXE_VERSION}.tgz"
#: The rules run: WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]
CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)


def unavailable(why: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{why} (CI must run the browser tests; .ci/run installs what they need)")
    pytest.skip(why)


@pytest.fixture(scope="session")
def axe_source() -> str:
    cached = ROOT / ".cache" / f"axe-core-{AXE_VERSION}.min.js"
    if not cached.exists():
        from urllib.request import urlopen

        try:
            tarball = urlopen(AXE_TARBALL, timeout=60).read()
        except OSError as exc:
            unavailable(f"axe-core could not be downloaded from the npm registry: {exc}")
        digest = "sha512-" + base64.b64encode(hashlib.sha512(tarball).digest()).decode()
        assert digest == AXE_INTEGRITY, f"axe-core {AXE_VERSION} tarball does not match its registry integrity"
        with tarfile.open(fileobj=io.BytesIO(tarball)) as archive:
            script = archive.extractfile("package/axe.min.js").read()
        cached.parent.mkdir(exist_ok=True)
        cached.write_bytes(script)
    return cached.read_text(encoding="utf-8")


class Page:
    """One Chromium tab: navigate, evaluate, and the console errors seen."""

    def __init__(self, url: str) -> None:
        import websocket

        self.ws = websocket.create_connection(url, timeout=60)
        self.next_id = 0
        self.events: list[dict[str, Any]] = []
        for domain in ("Page.enable", "Runtime.enable", "Log.enable"):
            self.call(domain)

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.next_id:
                if "error" in msg:
                    raise RuntimeError(msg["error"])
                return msg.get("result", {})
            self.events.append(msg)

    def wait_for(self, method: str, timeout: float = 60.0) -> dict[str, Any]:
        end = time.time() + timeout
        seen = 0
        while time.time() < end:
            for event in self.events[seen:]:
                if event.get("method") == method:
                    self.events.remove(event)
                    return event
            seen = len(self.events)
            self.events.append(json.loads(self.ws.recv()))
        raise TimeoutError(method)

    def open(self, path: Path, width: int = 1200, height: int = 900) -> None:
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1,
                  mobile=width < 600)
        self.call("Page.navigate", url=path.resolve().as_uri())
        self.wait_for("Page.loadEventFired")

    def js(self, expression: str, *, wait: bool = False) -> Any:
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=wait)
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"])
        return result["result"].get("value")

    def errors(self) -> list[dict[str, Any]]:
        return [e for e in self.events if e.get("method") == "Runtime.exceptionThrown"
                or (e.get("method") == "Runtime.consoleAPICalled" and e["params"]["type"] in ("error", "assert"))
                or (e.get("method") == "Log.entryAdded" and e["params"]["entry"]["level"] == "error")]

    def axe(self, source: str) -> list[dict[str, Any]]:
        """axe-core's violations on the page as it stands: rule id, impact, help and the failing nodes."""
        self.js(source)
        tags = json.dumps(AXE_TAGS)
        return self.js(f"axe.run(document, {{runOnly: {{type: 'tag', values: {tags}}}, resultTypes: ['violations']}})"
                       ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, "
                       "nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ': ' + n.failureSummary)})))",
                       wait=True)

    def screenshot(self, target: Path) -> Path:
        shot = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
        target.write_bytes(base64.b64decode(shot["data"]))
        return target


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    """A headless Chromium for the session; yields a function that opens a new tab."""
    if CHROMIUM is None:
        unavailable("Chromium is not installed (Debian: apt-get install chromium)")
    profile = tmp_path_factory.mktemp("chromium-profile")
    args = [CHROMIUM, "--headless", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--remote-debugging-port=0", "about:blank"]
    if os.geteuid() == 0:
        args.insert(1, "--no-sandbox")
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
                            env=chromium_environment())
    port_file = profile / "DevToolsActivePort"
    for _ in range(300):
        if port_file.exists() and port_file.read_text().strip():
            break
        time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail("Chromium did not open its DevTools port within 30 s")
    port = port_file.read_text().split()[0]
    tabs: list[Page] = []

    def new_tab() -> Page:
        target = json.loads(_put(f"http://127.0.0.1:{port}/json/new?about:blank"))
        tab = Page(target["webSocketDebuggerUrl"])
        tabs.append(tab)
        return tab

    yield new_tab
    for tab in tabs:
        tab.ws.close()
    proc.kill()
    proc.wait(timeout=10)


def _put(url: str) -> bytes:
    from urllib.request import Request, urlopen

    return urlopen(Request(url, method="PUT"), timeout=10).read()
