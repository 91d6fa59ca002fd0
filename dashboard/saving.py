"""Writes an uploaded document into the corpus folder (when the deployment allows writing), under
a safe name of its own: an uploaded name is a label, never a path."""
from __future__ import annotations

import re
from pathlib import Path

#: Suffixes the reader knows; a saved file ends in one of them.
SAVED_TYPES = ("txt", "text", "md", "html", "htm")


def save_to_corpus(root: Path, name: str, raw: bytes) -> Path:
    """Write an uploaded file into ``root/uploads/`` under a safe, unused name: the name's
    last part (after any ``/`` or ``\\``) in letters, digits, ``.``, ``_`` and ``-``, never
    hidden, ending in a suffix the reader knows (else ``.txt`` is added)."""
    last = re.split(r"[/\\]", name)[-1]
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", last).strip("._-") or "upload.txt"
    if Path(safe).suffix.lower().lstrip(".") not in SAVED_TYPES:
        safe += ".txt"
    folder = root / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(100_000):
        target = folder / (safe if n == 0 else f"{Path(safe).stem}-{n}{Path(safe).suffix}")
        try:
            with open(target, "xb") as out:  # never over another file, even a racing session's
                out.write(raw)
            return target
        except FileExistsError:
            continue
    raise OSError(f"no free name for {safe} in {folder}")


__all__ = ["save_to_corpus"]
