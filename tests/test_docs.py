"""The README leads a newcomer, and the documentation site builds without a broken link."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _commands(text: str) -> list[str]:
    return re.findall(r"```sh\n(.+?)\n```", text, re.S)


def test_the_readme_is_short_and_gives_both_commands_first():
    lines = (ROOT / "README.md").read_text().splitlines()
    assert 100 < len(lines) <= 250
    head = "\n".join(lines[:80])
    start, tests = _commands(head)[:2]
    assert start.endswith("flask --app mina_svar --debug quickstart")
    assert "pytest" in tests
    ci = (ROOT / ".ci" / "run").read_text().strip().splitlines()[-1]
    assert ci == tests, "CI must run the README's test command"


def test_the_readme_links_only_to_what_is_in_the_repository():
    text = (ROOT / "README.md").read_text()
    links = re.findall(r"\]\(([^)#]+)", text)
    assert any(link.startswith("docs/") for link in links)
    for link in links:
        if not link.startswith("http"):
            assert (ROOT / link).exists(), link
    assert "../shared" not in text


def test_the_documentation_site_builds_strictly(tmp_path):
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
                           cwd=ROOT, capture_output=True, text=True, env={"NO_MKDOCS_2_WARNING": "1", "PATH": ""})
    assert built.returncode == 0, built.stderr
    assert "Anonymity and security" in (tmp_path / "anonymity" / "index.html").read_text()
    nav = _nav_pages()
    assert sorted(nav) == sorted(p.name for p in (ROOT / "docs").glob("*.md")), "every page is in the nav"


def _nav_pages() -> list[str]:
    return re.findall(r"^  - [^:]+: (\S+\.md)$", (ROOT / "mkdocs.yml").read_text(), re.M)
