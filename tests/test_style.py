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


def test_only_the_tap_commits_by_itself_in_answering():
    """The answer-saving fast path keeps its own transaction; starting, a switch code and sending leave it to the
    request like everything else."""
    import ast

    tree = ast.parse((ROOT / "mina_svar" / "answering.py").read_text())
    committing = {function.name for function in ast.walk(tree) if isinstance(function, ast.FunctionDef)
                  for call in ast.walk(function) if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                  and call.func.attr in ("commit", "rollback")}
    assert committing == {"save", "_save_in_one"}


KIND_BY_NAME = re.compile(r"kind\s*(==|!=|in\s*\()\s*[\"'](scale|open|choice)[\"']|\"kind\",\s*\"equalto\"")


def test_question_kinds_are_asked_of_the_registry_not_compared_by_name():
    """What a kind of question is and does lives in question_kinds.py: a new kind is one entry there."""
    ours = [*(ROOT / "mina_svar").rglob("*.py"), *(ROOT / "templates").rglob("*.html")]
    found = [f"{path.relative_to(ROOT)}:{number}" for path in ours if path.name != "question_kinds.py"
             for number, line in enumerate(path.read_text().splitlines(), start=1) if KIND_BY_NAME.search(line)]
    assert found == []


def test_every_request_a_test_sends_has_its_answer_checked():
    """A POST whose answer nobody reads passes whether it worked or not: every one is asserted on or kept."""
    import ast

    found = []
    for path in (ROOT / "tests").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) \
                    and isinstance(node.value.func, ast.Attribute) and node.value.func.attr in ("post", "open"):
                found.append(f"{path.name}:{node.lineno}")
    assert found == []
