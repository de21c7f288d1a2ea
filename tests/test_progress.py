"""Progress on a terminal for long commands: on stderr only when it is a terminal, never with --json; a
step that reports nothing still shows its seconds. Also `make demo PORT=…`, and `zeren` parsing its commands
(the demo's among them) before Django is set up."""

from __future__ import annotations

import io
import subprocess
import sys
import time

from tests.conftest import REPO_ROOT
from zeren.progress import Progress, ticking


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_counted_progress_is_drawn_on_a_terminal() -> None:
    out = Terminal()

    with Progress("导入", 4, stream=out, interval=0) as progress:
        for _ in range(4):
            progress.advance()

    assert "导入 4/4 100%" in out.getvalue()
    assert out.getvalue().endswith("\n")


def test_nothing_is_drawn_on_a_pipe_or_with_json() -> None:
    pipe, terminal = io.StringIO(), Terminal()

    with Progress("导入", 2, stream=pipe, interval=0) as a:
        a.advance(2)
    with Progress("导入", 2, stream=terminal, quiet=True) as b:
        b.advance(2)
    with ticking("发布", stream=pipe, every=0.01), ticking("发布", stream=terminal, quiet=True, every=0.01):
        time.sleep(0.05)

    assert pipe.getvalue() == ""
    assert terminal.getvalue() == ""


def test_a_silent_step_shows_its_seconds_and_clears_the_line() -> None:
    out = Terminal()

    with ticking("[3/9] 发布责任清单", stream=out, every=0.01):
        time.sleep(0.1)

    text = out.getvalue()
    assert "[3/9] 发布责任清单 已用 0 秒…" in text
    assert text.endswith("\r")


def test_every_demo_step_has_a_chinese_label() -> None:
    from zeren.demo import prepare

    assert {step.__name__ for step in prepare.EXTRA_STEPS} <= set(prepare.STEP_LABELS)


def test_make_demo_takes_a_port() -> None:
    dry = subprocess.run(
        ["make", "-n", "demo", "PORT=8001"], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    )

    assert "zeren demo --port 8001" in dry.stdout


def test_the_demo_command_parses_before_django_is_set_up() -> None:
    code = "\n".join(
        [
            "import sys",
            "from zeren.cli import build_parser",
            "build_parser()",
            "assert 'django.db' not in sys.modules",
        ]
    )

    run = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True)

    assert run.returncode == 0, run.stderr
