"""The pure core (zeren/law, zeren/policy, zeren/packs) must not import Django (architecture rule)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PURE = ["law", "policy", "packs"]
STDLIB_HELPERS = ["progress"]  # zeren/progress.py: terminal progress, standard library only


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", PURE)
def test_pure_package_sources_import_nothing_from_django(package: str) -> None:
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in sorted((ROOT / "zeren" / package).rglob("*.py"))
        for name in _imported_modules(path)
        if name == "django"
        or name.startswith(("django.", "ninja"))
        or (name.startswith("zeren.") and name.split(".")[1] not in [*PURE, *STDLIB_HELPERS])
    ]
    assert offenders == []


def test_importing_the_pure_core_loads_no_django_module() -> None:
    code = (
        "import sys, zeren.law, zeren.policy, zeren.packs, zeren.progress\n"
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == ""
