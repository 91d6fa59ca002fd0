"""Keeps the README honest: the commands and frames it documents are the code's own."""
import re
from pathlib import Path

from analysis.__main__ import build_parser
from analysis.engine.frames import FRAME_NAMES

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_quick_start_opens_with_exactly_two_commands():
    section = README.split("## Quick start", 1)[1]
    block = re.search(r"```(?:bash)?\n(.*?)```", section, re.S).group(1)
    commands = [line for line in block.splitlines() if line.strip()]
    assert commands == ["bash scripts/run-dashboard.sh", "bash scripts/run-tests.sh"]


def test_quick_start_scripts_exist():
    root = Path(__file__).resolve().parent.parent
    assert (root / "scripts" / "run-dashboard.sh").exists()
    assert (root / "scripts" / "run-tests.sh").exists()


def test_every_frame_written_is_documented():
    for name in FRAME_NAMES:
        assert f"{name}.csv" in README, name


def test_every_sub_command_is_documented():
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    for command in sub.choices:
        assert f"python -m analysis {command}" in README, command
