"""A young person on a mobile link: each question page's time to paint against the physical floor, and the
time from a tap to "Saved".

Run: .venv/bin/python bench/mobile_link.py [--latency-ms 400] [--kbps 400]

Serves the demo with gunicorn on SQLite and answers the whole of Läget in
Debian's Chromium on a 390 px phone, with Chromium's own network emulation
(every request 400 ms more, 400 kbps each way). For each page reached with
"Next" it prints the time from the tap to the first contentful paint and the
floor: one round trip plus the page's bytes at the link's speed. Budget: every
question page ≤ 1.3 × its floor. Then the median and slowest time from a tap
on an answer to "Saved" beside it (one round trip and a little: the budget is
1.3 × the round trip).
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from respondent import _prepare, _wait_for  # noqa: E402

CHROMIUM = os.environ.get("MINA_SVAR_CHROMIUM", "/usr/bin/chromium")
RATIO_BUDGET = 1.3
PORT = 8766

# The paint of the page now shown, measured from the start of its navigation (the tap on "Next", with the
# post and its redirect when there were two requests), and the bytes that came over the link for it.
PAINTED = """() => new Promise(done => {
    const ready = () => {
        const paint = performance.getEntriesByName('first-contentful-paint')[0];
        if (!paint) { return setTimeout(ready, 20); }
        const nav = performance.getEntriesByType('navigation')[0];
        done({paint: paint.startTime, bytes: nav.transferSize, redirects: nav.redirectCount,
              path: location.pathname});
    };
    ready();
})"""

# A tap on an answer, and the time until the mark beside its question says it is saved.
TAP_TO_SAVED = """label => new Promise(done => {
    const mark = label.closest('.question').querySelector('[data-question-status]');
    const start = performance.now();
    const watch = new MutationObserver(() => {
        if (mark.dataset.state === 'saved') { watch.disconnect(); done(performance.now() - start); }
    });
    watch.observe(mark, {attributes: true, childList: true, characterData: true, subtree: true});
    label.click();
})"""


def _serve(url: str) -> subprocess.Popen:
    env = dict(os.environ, MINA_SVAR_DATABASE_URL=url, SECRET_KEY="bench")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{PORT}", "wsgi:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _wait_for(PORT, server)
    return server


def _walk(page, base: str, code: str, latency_ms: int, kbps: int) -> tuple[list[dict], list[float]]:
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": latency_ms,
        "downloadThroughput": kbps * 1000 / 8, "uploadThroughput": kbps * 1000 / 8})
    page.goto(f"{base}/j/{code}")
    page.locator("#main").get_by_role("button", name="Svenska").click()
    page.get_by_role("link", name="Börja").click()
    pages, taps = [], []
    while True:
        page.wait_for_load_state("load")  # its script is ready
        shown = page.evaluate(PAINTED)
        if pages or shown["path"].endswith("/1"):
            pages.append(shown)
        if shown["path"].endswith("/finish"):
            break
        for option in page.locator("fieldset.question").all():
            taps.append(page.evaluate(TAP_TO_SAVED, option.locator("label.option").nth(2).element_handle()))
        page.get_by_role("button", name="Nästa", exact=True).click()
        page.wait_for_url(lambda url, before=shown["path"]: not url.endswith(before))
    return pages, taps


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--latency-ms", type=int, default=400)
    parser.add_argument("--kbps", type=int, default=400)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.sqlite3"
        code = _prepare(url)
        server = _serve(url)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
                    "--no-sandbox", "--disable-background-networking", "--disable-component-update"])
                context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                              has_touch=True, locale="sv-SE")
                pages, taps = _walk(context.new_page(), f"http://127.0.0.1:{PORT}", code,
                                    args.latency_ms, args.kbps)
                browser.close()
        finally:
            server.terminate()
            server.wait()
    assert len(pages) >= 5 and len(taps) >= 20, "the walk through Läget measured too little"
    print(f"A phone on a {args.latency_ms} ms, {args.kbps} kbps link (Chromium's network emulation)")
    print(f"  {'page':<24} {'requests':>8} {'bytes':>7} {'floor ms':>9} {'paint ms':>9} {'ratio':>6}")
    ok = True
    for shown in pages:
        floor = args.latency_ms + shown["bytes"] * 8 / args.kbps
        ratio = shown["paint"] / floor
        ok = ok and ratio <= RATIO_BUDGET
        print(f"  {shown['path']:<24} {1 + shown['redirects']:>8} {shown['bytes']:>7} {floor:>9.0f} "
              f"{shown['paint']:>9.0f} {ratio:>6.2f} {'ok' if ratio <= RATIO_BUDGET else 'OVER'}")
    median, slowest = statistics.median(taps), max(taps)
    taps_ok = median <= RATIO_BUDGET * args.latency_ms
    print(f"  tap to saved over {len(taps)} taps: median {median:.0f} ms, slowest {slowest:.0f} ms "
          f"({median / args.latency_ms:.2f} × the round trip) {'ok' if taps_ok else 'OVER'}")
    return 0 if ok and taps_ok else 1


if __name__ == "__main__":
    sys.exit(main())
