"""The architecture rules: the layers, and the pure core (zeren/law, policy, packs) free of Django."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_hold() -> None:
    """The layers, the Django-free core and the absence of cycles are import-linter contracts
    (pyproject.toml ``[tool.importlinter]``); a broken one fails here as well as in ``make lint``."""
    out = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert out.returncode == 0, out.stdout[-3000:]
    assert "0 broken" in out.stdout


def test_importing_the_pure_core_loads_no_django_module() -> None:
    code = (
        "import sys, zeren.law, zeren.policy, zeren.packs, zeren.progress\n"
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == ""
