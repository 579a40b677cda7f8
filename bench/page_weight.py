"""What a phone downloads: the first question page cold, and the next page with everything cached.

Run: .venv/bin/python bench/page_weight.py

Serves the demo with the README's production command (gunicorn, nothing in
front) and opens it in Debian's Chromium on a phone-sized screen: a young
person joins, picks Swedish, reads the intro and opens the first question
page, then goes on to the second. Prints the bytes transferred (headers and
compressed bodies, as the browser counted them) for each request of the
first question page and of the second, and how many requests the second page
sent for files it already had. The first page carries the stylesheet inside
it and fetches the file once drawn; that fetch counts for the first page.
Budgets: the first page with everything it loads ≤ 20 KB cold; the second
≤ 3 KB with no request for a static file. Exits non-zero when one is missed.
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from respondent import _prepare, _wait_for  # noqa: E402

COLD_BUDGET = 20 * 1024
WARM_BUDGET = 3 * 1024
PORT = 8766


class Network:
    """What Chromium itself counted (DevTools protocol): bytes received per request, and which requests
    were answered from its cache without asking the server."""

    def __init__(self, page) -> None:
        self.urls: dict[str, str] = {}  # the address first asked for
        self.ended: dict[str, str] = {}  # where it ended, after any redirect
        self.received: dict[str, int] = {}
        self.cached: set[str] = set()
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.on("Network.requestWillBeSent", self._request)
        cdp.on("Network.requestServedFromCache", lambda e: self.cached.add(e["requestId"]))
        cdp.on("Network.responseReceived", self._response)
        cdp.on("Network.loadingFinished", lambda e: self.received.__setitem__(e["requestId"],
                                                                              int(e["encodedDataLength"])))

    def _request(self, event) -> None:
        self.urls.setdefault(event["requestId"], event["request"]["url"])
        self.ended[event["requestId"]] = event["request"]["url"]

    def loaded(self, path: str) -> bool:
        """Whether ``path`` came from the server, with bytes (itself or at the end of a redirect)."""
        return any(url.endswith(f":{PORT}{path}") and self.received.get(rid, 0) > 0 and rid not in self.cached
                   for rid, url in self.ended.items())

    def _response(self, event) -> None:
        if event["response"].get("fromDiskCache") or event["response"].get("fromPrefetchCache"):
            self.cached.add(event["requestId"])

    def clear(self) -> None:
        self.urls.clear(), self.ended.clear(), self.received.clear(), self.cached.clear()

    def rows(self) -> list[tuple[str, int]]:
        return [(self._shown(url, self.ended[rid]) + (" (cache)" if rid in self.cached else ""),
                 0 if rid in self.cached else self.received.get(rid, 0)) for rid, url in self.urls.items()]

    @staticmethod
    def _shown(asked: str, ended: str) -> str:
        asked, ended = asked.split(f":{PORT}", 1)[1], ended.split(f":{PORT}", 1)[1]
        return asked if asked == ended else f"{asked} → {ended}"

    def asked_again(self) -> list[str]:
        """Static files the browser asked the server for although it had them."""
        return [url for rid, url in self.urls.items() if "/static/" in url and rid not in self.cached]


def _show(title: str, network: Network, budget: int, page: str) -> bool:
    """Print what was loaded; within the budget, and measured: ``page`` itself among it, with bytes."""
    rows = network.rows()
    total = sum(size for _url, size in rows)
    print(title)
    for url, size in rows:
        print(f"    {url[:60]:<60} {size:>7} B")
    measured = network.loaded(page)
    if not measured:
        print(f"    {page} was not loaded: nothing was measured")
    ok = measured and total <= budget
    print(f"    total {total / 1024:5.1f} KB of {budget / 1024:.0f} KB budget ({total / budget:.2f}) "
          f"{'ok' if ok else 'OVER'}")
    return ok


def main() -> int:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.sqlite3"
        code = _prepare(url)
        env = dict(os.environ, MINA_SVAR_DATABASE_URL=url, SECRET_KEY="bench")
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{PORT}", "wsgi:app"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            _wait_for(PORT, server)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=os.environ.get("MINA_SVAR_CHROMIUM", "/usr/bin/chromium"),
                    args=["--no-sandbox", "--disable-background-networking", "--disable-component-update"])
                joining = browser.new_context(viewport={"width": 390, "height": 844})
                page = joining.new_page()
                page.goto(f"http://127.0.0.1:{PORT}/j/{code}")
                page.locator("#main").get_by_role("button", name="Svenska").click()
                # A phone that has joined, with nothing in its cache (nor the cookie saying that it keeps the
                # stylesheet): the first question page, cold.
                state = joining.storage_state()
                state["cookies"] = [cookie for cookie in state["cookies"] if cookie["name"] != "stylesheet"]
                phone = browser.new_context(viewport={"width": 390, "height": 844}, storage_state=state)
                page = phone.new_page()
                network = Network(page)
                page.goto(f"http://127.0.0.1:{PORT}/j/{code}/1")
                page.wait_for_load_state("networkidle")
                cold_ok = _show("first question page, cold (with everything it loads)", network, COLD_BUDGET,
                                f"/j/{code}/1")
                network.clear()
                page.get_by_role("button", name="Nästa", exact=True).click()
                page.wait_for_url(f"**/j/{code}/2")
                page.wait_for_load_state("networkidle")
                warm_ok = _show("going on to the second question page", network, WARM_BUDGET, f"/j/{code}/2")
                asked = network.asked_again()
                print(f"    requests for static files it already had: {len(asked)}")
                browser.close()
        finally:
            server.terminate()
            server.wait()
    return 0 if cold_ok and warm_ok and not asked else 1


if __name__ == "__main__":
    sys.exit(main())
