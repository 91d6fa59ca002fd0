"""The folder walk of ``analysis/engine/documents.py`` through the real command (``python -m analysis
extract``) on real folders: links out of the folder, devices, deep nesting, folders that cannot
be opened and names that would show as something else. Every file is read or refused with a
reason, and nothing outside the folder is read unless the operator allows it."""
from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd
import pytest


ROOT = Path(__file__).resolve().parent.parent
TEXT = "date 2026-03-03 The envoy of Oman met the foreign minister of Iran in Muscat.\n"


def extract(src: Path, out: Path, *, env: dict[str, str] | None = None,
            prefix: list[str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run the real command on ``src``; return documents.csv and rejected.csv."""
    child_env = {k: v for k, v in os.environ.items() if k != "READOUT_FOLLOW_LINKS"}
    child_env.update(env or {})
    done = subprocess.run([*(prefix or []), sys.executable, "-m", "analysis", "extract", str(src),
                           "--out", str(out)], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env=child_env)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "", done.stderr
    read = lambda name: pd.read_csv(out / f"{name}.csv", dtype=str,  # noqa: E731
                                    keep_default_na=False)
    return read("documents"), read("rejected")


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A file outside the corpus folder, standing for a secret on the server."""
    secret = tmp_path / "elsewhere" / "credentials.txt"
    secret.parent.mkdir()
    secret.write_text("date 2026-03-03 The operator password is hunter-two-seven.\n")
    return secret


def test_a_link_to_a_file_outside_the_folder_is_refused_and_not_read(tmp_path, outside):
    src = tmp_path / "corpus"
    src.mkdir()
    (src / "ok.txt").write_text(TEXT)
    (src / "notes.txt").symlink_to(outside)
    docs, rejected = extract(src, tmp_path / "out")
    assert list(docs["path"]) == ["ok.txt"]
    reasons = dict(zip(rejected["path"], rejected["reason"]))
    assert "outside the input folder" in reasons["notes.txt"]
    assert "READOUT_FOLLOW_LINKS=1" in reasons["notes.txt"]
    written = "".join(p.read_text() for p in (tmp_path / "out").glob("*.csv"))
    assert "hunter-two-seven" not in written


def test_links_out_of_the_folder_are_read_when_the_operator_allows_it(tmp_path, outside):
    src = tmp_path / "corpus"
    src.mkdir()
    (src / "notes.txt").symlink_to(outside)
    docs, rejected = extract(src, tmp_path / "out", env={"READOUT_FOLLOW_LINKS": "1"})
    assert list(docs["path"]) == ["notes.txt"] and rejected.empty


def test_a_link_inside_the_folder_is_read_like_any_copy(tmp_path):
    src = tmp_path / "corpus"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text(TEXT)
    (src / "sub" / "b.txt").symlink_to(src / "a.txt")
    docs, rejected = extract(src, tmp_path / "out")
    assert list(docs["path"]) == ["a.txt"]
    assert dict(zip(rejected["path"], rejected["reason"])) == {
        "sub/b.txt": "the same text as a.txt"}


@pytest.mark.parametrize("follow", ["", "1"])
def test_a_link_to_an_endless_device_is_refused_without_reading_it(tmp_path, follow):
    src = tmp_path / "corpus"
    src.mkdir()
    (src / "ok.txt").write_text(TEXT)
    (src / "zero.txt").symlink_to("/dev/zero")
    os.mkfifo(src / "pipe.txt")
    docs, rejected = extract(src, tmp_path / "out", env={"READOUT_FOLLOW_LINKS": follow})
    reasons = dict(zip(rejected["path"], rejected["reason"]))
    assert list(docs["path"]) == ["ok.txt"]
    assert "regular file" in reasons["pipe.txt"]
    assert ("regular file" if follow else "outside the input folder") in reasons["zero.txt"]


@pytest.fixture
def deep_folder(tmp_path: Path):
    """corpus/d/d/.../d/deep.txt, 1,200 folders deep, made and removed one level at a time
    (pathlib's and shutil's own recursion stops near 1,000)."""
    src = tmp_path / "corpus"
    src.mkdir()
    levels = [src]
    for _ in range(1200):
        levels.append(levels[-1] / "d")
        os.mkdir(levels[-1])
    (levels[-1] / "deep.txt").write_text(TEXT)
    yield src
    (levels[-1] / "deep.txt").unlink()
    for level in reversed(levels[1:]):
        os.rmdir(level)


def test_a_folder_nested_1200_deep_is_read(tmp_path, deep_folder):
    (deep_folder / "top.txt").write_text(TEXT.replace("Muscat", "Doha"))
    docs, rejected = extract(deep_folder, tmp_path / "out")
    assert sorted(docs["path"]) == ["/".join(["d"] * 1200 + ["deep.txt"]), "top.txt"]
    assert rejected.empty


@pytest.fixture
def shared_tmp():
    """A folder any user may enter (pytest's own are the owner's only), removed after."""
    folder = Path(tempfile.mkdtemp(prefix="readout-perm-"))
    folder.chmod(0o755)
    yield folder
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)
    shutil.rmtree(folder)


def test_folders_that_cannot_be_opened_are_refused_and_the_rest_is_read(shared_tmp):
    # As root every folder opens, so the command runs as "nobody" then.
    prefix = (["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
              if os.geteuid() == 0 else [])
    if prefix and not shutil.which("setpriv"):
        pytest.skip("needs setpriv to run as another user")
    src = shared_tmp / "corpus"
    for name in ("closed", "listable", "open"):
        (src / name).mkdir(parents=True)
        (src / name / "inside.txt").write_text(TEXT.replace("Muscat", name))
    (src / "top.txt").write_text(TEXT)
    (src / "closed").chmod(0)                                    # mode 000
    (src / "listable").chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)  # r--: not enterable
    out = shared_tmp / "out"
    out.mkdir(mode=0o777)
    out.chmod(0o777)
    docs, rejected = extract(src, out, prefix=prefix)
    assert sorted(docs["path"]) == ["open/inside.txt", "top.txt"]
    reasons = dict(zip(rejected["path"], rejected["reason"]))
    assert set(reasons) == {"closed", "listable"}
    assert all("folder that cannot be opened" in r for r in reasons.values())


def test_names_show_their_bytes_and_cannot_pose_as_other_names(tmp_path):
    src = tmp_path / "corpus"
    src.mkdir()
    spoof = "invoice\u202etxt.exe"             # shows as "invoiceexe.txt" when not escaped
    latin1 = os.fsdecode(b"caf\xe9-report.txt")  # a Latin-1 name from another system
    (src / spoof).write_text(TEXT)
    (src / latin1).write_text(TEXT.replace("Muscat", "Doha"))
    docs, rejected = extract(src, tmp_path / "out")
    assert rejected.empty
    assert sorted(docs["path"]) == sorted([r"invoice\u202etxt.exe", r"caf\xe9-report.txt"])


@pytest.mark.parametrize("name, shown", [
    ("plain name.txt", "plain name.txt"),
    ("Élysée – notes.txt", "Élysée – notes.txt"),
    ("a\nb.txt", r"a\u000ab.txt"),
    ("\x1b[31mred.txt", r"\u001b[31mred.txt"),
    ("x\u2067y\u2069.txt", r"x\u2067y\u2069.txt"),
    ("zero\u200bwidth.txt", r"zero\u200bwidth.txt"),
    (os.fsdecode(b"\xff\xfe.txt"), r"\xff\xfe.txt"),
])
def test_printable_name_escapes_only_what_would_mislead(name, shown):
    from analysis.engine.documents import printable_name

    assert printable_name(name) == shown
