from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

LAW = Path(__file__).resolve().parents[2] / "zeren" / "law"


def test_no_module_imports_django_or_reads_shared() -> None:
    for path in sorted(LAW.glob("*.py")):
        source = path.read_text(encoding="utf-8")
        assert "../shared" not in source, path
        for node in ast.walk(ast.parse(source)):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not any(name.split(".")[0] == "django" for name in names), path


def test_importing_the_package_loads_no_django() -> None:
    code = (
        "import sys, zeren.law, zeren.law.cli; print(any(m.split('.')[0] == 'django' for m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_modules_stay_small() -> None:
    for path in LAW.glob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) < 400, path
