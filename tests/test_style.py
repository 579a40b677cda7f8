import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_code_passes_ruff():
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    found = subprocess.run([ruff, "check", "mina_svar", "tests", "bench", "migrations/env.py"], cwd=ROOT,
                           capture_output=True, text=True)
    assert found.returncode == 0, found.stdout


INLINE_CODE = re.compile(r"<script>|<script\b[^>]*>[^<]+</script>|\son[a-z]+\s*=\s*[\"']", re.IGNORECASE)


def test_no_inline_scripts_or_event_handlers_in_our_pages():
    """The Content-Security-Policy allows scripts from files only. Vendored libraries are not ours to scan:
    htmx's own source assigns ``xhr.onload = function…``, which is JavaScript, not an HTML attribute."""
    ours = [*(ROOT / "templates").rglob("*.html"),
            *(p for p in (ROOT / "mina_svar" / "static").rglob("*") if p.suffix in {".html", ".svg", ".js"}
              and "vendor" not in p.parts)]
    assert ours
    found = [f"{path.relative_to(ROOT)}: {match.group(0)}" for path in ours
             for match in INLINE_CODE.finditer(path.read_text())]
    assert found == []


def test_domain_functions_leave_the_commit_to_the_request():
    """One transaction per request (db.py): only the answer-saving fast path and the demo commit themselves."""
    allowed = {"answering.py", "demo.py", "db.py", "cli.py"}
    found = [f"{path.relative_to(ROOT)}:{number}" for path in (ROOT / "mina_svar").rglob("*.py")
             if path.name not in allowed
             for number, line in enumerate(path.read_text().splitlines(), start=1) if ".commit()" in line]
    assert found == []
