"""`zeren serve` gives each gunicorn its own control socket under var/ (not the user-wide ~/.gunicorn one)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import override_settings

from zeren.web.cli import gunicorn_argv


@pytest.fixture
def tmp_path() -> Iterator[Path]:
    """A short directory: pytest's own (under xdist, popen-gwN/<test name>) can exceed a Unix socket path."""
    directory = Path(tempfile.mkdtemp(prefix="zs-"))
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


def test_each_server_has_its_own_control_socket_under_var(tmp_path: Path) -> None:
    with override_settings(VAR_DIR=tmp_path):
        first = gunicorn_argv("127.0.0.1", 8000, 2)
        second = gunicorn_argv("127.0.0.1", 8001, 2)

    sockets = [argv[argv.index("--control-socket") + 1] for argv in (first, second)]
    assert sockets == [
        str(tmp_path / "run" / "gunicorn-127.0.0.1-8000.ctl"),
        str(tmp_path / "run" / "gunicorn-127.0.0.1-8001.ctl"),
    ]
    assert (tmp_path / "run").is_dir()


def test_a_path_too_long_for_a_unix_socket_disables_it(tmp_path: Path) -> None:
    with override_settings(VAR_DIR=tmp_path / ("x" * 120)):
        argv = gunicorn_argv("::1", 8000, 2)

    assert "--no-control-socket" in argv
    assert "--control-socket" not in argv


@pytest.mark.parametrize("var", ["short", "x" * 120])
def test_gunicorn_accepts_the_options(tmp_path: Path, var: str) -> None:
    with override_settings(VAR_DIR=tmp_path / var):
        argv = gunicorn_argv("127.0.0.1", 8000, 2)

    shown = subprocess.run(
        [*argv[:3], "--print-config", *argv[3:]], capture_output=True, text=True, timeout=60, check=True
    ).stdout

    assert ("control_socket_disable             = True" in shown) is (var != "short")
