"""Load: many young people answering at once, one tap at a time, against the bare route under the same client.

Run: .venv/bin/python bench/load.py [--respondents 300] [--seconds 15] [--workers 2] [--database ...]

N simulated phones (default 300, all at once) join a Läget served by gunicorn
(the production command, two workers by default, nothing in front). Then, for the same
number of seconds each and with the same client: every phone asks the bare
/health route as fast as it is answered; every phone saves one answer per
request, as a tap does; and /health again. It prints requests per second of
each, the ratio of saves to bare requests (the client's own cost cancels
out), p50/p95/p99 of each and every error. Budget: saves ≥ 0.5 × bare
requests per second, and no error. Exits non-zero when either is missed, on
SQLite and on PostgreSQL.
"""

import argparse
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from load_and_kill import Down, Phone, Server, _free_port, _prepare, _token, on_databases  # noqa: E402

RATIO_BUDGET = 0.5


def _percentiles(times: list[float]) -> str:
    if len(times) < 2:
        return "too few"
    cuts = statistics.quantiles(times, n=100)
    return f"p50 {cuts[49] * 1000:6.1f} ms  p95 {cuts[94] * 1000:6.1f} ms  p99 {cuts[98] * 1000:6.1f} ms"


def _phase(phones, seconds: float, act) -> tuple[float, list[float], list[str]]:
    """Every phone runs ``act`` again and again for ``seconds``: requests per second, times, errors."""
    times: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    start = time.perf_counter()
    deadline = start + seconds

    def run(index: int) -> None:
        count = 0
        while time.perf_counter() < deadline:
            began = time.perf_counter()
            try:
                problem = act(index, count)
            except Down as error:
                problem = f"no answer: {error.__cause__}"
            took = time.perf_counter() - began
            with lock:
                times.append(took)
                if problem:
                    errors.append(problem)
            count += 1

    with ThreadPoolExecutor(max_workers=len(phones)) as pool:
        list(pool.map(run, range(len(phones))))
    return len(times) / (time.perf_counter() - start), times, errors


def run(url: str, label: str, respondents: int, seconds: float, workers: int) -> bool:
    _app, code, pages = _prepare(url)
    server = Server(url, _free_port(), workers)
    server.start()
    try:
        phones, tokens = [Phone(server.port) for _ in range(respondents)], []
        for phone in phones:
            _status, welcome = phone.once("GET", f"/j/{code}")
            tokens.append(_token(welcome))
            phone.once("POST", f"/j/{code}/start", {"csrf_token": tokens[-1], "lang": "sv"})
        questions = [(page, question) for page, ids in pages.items() for question in ids]

        def bare(_index: int, _count: int) -> str | None:
            status, _body = phones[_index].once("GET", "/health")
            return None if status == 200 else f"/health {status}"

        def tap(index: int, count: int) -> str | None:
            page, question = questions[(index + count) % len(questions)]
            status, body = phones[index].once("POST", f"/j/{code}/{page}",
                                              {"csrf_token": tokens[index], f"q-{question}": str(1 + count % 5)},
                                              {"HX-Request": "true"})
            return None if status == 204 else f"save {status}: {body[:80]}"

        before, bare_times, bare_errors = _phase(phones, seconds, bare)
        saves, save_times, save_errors = _phase(phones, seconds, tap)
        after, more_times, more_errors = _phase(phones, seconds, bare)
    finally:
        server.kill()
    bare_rate = (before + after) / 2
    ratio = saves / bare_rate
    errors = bare_errors + save_errors + more_errors
    print(f"{label}: {respondents} phones at once, {seconds:.0f} s each phase, gunicorn with {workers} workers")
    print(f"    bare /health   {bare_rate:8.1f} requests/s  {_percentiles(bare_times + more_times)}")
    print(f"    answer saves   {saves:8.1f} saves/s     {_percentiles(save_times)}")
    print(f"    ratio {ratio:.2f} (budget ≥ {RATIO_BUDGET}) {'ok' if ratio >= RATIO_BUDGET else 'UNDER'}; "
          f"errors {len(errors)}")
    for error in sorted(set(errors))[:10]:
        print(f"    error: {error}")
    return ratio >= RATIO_BUDGET and not errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--respondents", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    ok = on_databases(args.database, lambda url, label: run(url, label, args.respondents, args.seconds, args.workers))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
