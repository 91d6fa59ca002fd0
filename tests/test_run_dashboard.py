"""scripts/run-dashboard.sh: installs requirements.txt only when it changed, takes a port, and
passes the rest to streamlit. Run on a copy of the script, with stand-ins for pip and streamlit
that write down how they were called (the real ones would install and serve)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "run-dashboard.sh", tmp_path / "scripts")
    (tmp_path / "requirements.txt").write_text("streamlit\n", "utf-8")
    bin_ = tmp_path / ".venv" / "bin"
    bin_.mkdir(parents=True)
    (bin_ / "python").symlink_to(sys.executable)
    for tool in ("pip", "streamlit"):
        (bin_ / tool).write_text(f'#!/bin/sh\necho "{tool} $*" >> "$(dirname "$0")/../calls"\n',
                                 "utf-8")
        (bin_ / tool).chmod(0o755)
    return tmp_path


def run(checkout: Path, *args: str) -> list[str]:
    done = subprocess.run(["bash", "scripts/run-dashboard.sh", *args], cwd=checkout, text=True,
                          capture_output=True, timeout=60,
                          env={k: v for k, v in os.environ.items() if k != "READOUT_CORPUS"})
    assert done.returncode == 0, done.stderr
    calls = (checkout / ".venv" / "calls").read_text("utf-8").splitlines()
    (checkout / ".venv" / "calls").unlink()
    return calls


def test_requirements_are_installed_once_then_only_when_they_change(checkout):
    assert [c.split()[0] for c in run(checkout)] == ["pip", "streamlit"]
    assert [c.split()[0] for c in run(checkout)] == ["streamlit"]
    (checkout / "requirements.txt").write_text("streamlit\npandas\n", "utf-8")
    assert [c.split()[0] for c in run(checkout)] == ["pip", "streamlit"]


def test_the_port_is_8501_unless_given_and_other_arguments_go_to_streamlit(checkout):
    assert run(checkout)[-1] == "streamlit run app.py --server.port 8501"
    assert run(checkout, "8502", "--server.address", "0.0.0.0")[-1] == \
        "streamlit run app.py --server.port 8502 --server.address 0.0.0.0"
