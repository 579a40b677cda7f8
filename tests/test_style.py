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
