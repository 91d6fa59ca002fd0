"""Writes a corpus of real text, each document three readouts of ``../shared/corpus`` joined,
and measures ``python -m analysis extract`` and ``ingest`` on it in documents per second.

    python -m benchmarks.realtext [--docs 2000] [--source ../shared/corpus]
                                  [--work /tmp/readout-bench] [--workers N]

The synthetic corpus (``benchmarks.synth``) repeats a few sentence shapes; real readouts are
longer-sentenced and more varied, and the engine runs slower on them. Document ``i`` is a
pure function of the source folder's file names and ``i`` (three distinct readouts drawn with
``random.Random(i)``, no ordered triple used twice), so the corpus is the same on every run.
It takes the date line of its first readout; the other two lose theirs.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Where the gold corpus lives beside a checkout (``../shared/corpus``).
DEFAULT_SOURCE = ROOT.parent / "shared" / "corpus"

#: Files per sub-folder.
SHARD = 1000


def _readouts(source: Path) -> list[tuple[str, str]]:
    """The (date line, body) of every ``.txt`` readout in ``source``, sorted by file name."""
    out = []
    for path in sorted(source.glob("*.txt")):
        text = path.read_text(encoding="utf-8").replace("\r\n", "\n").strip()
        first, _, rest = text.partition("\n")
        if first.lower().startswith("date ") and len(first.split()) >= 2:
            date_line = " ".join(first.split()[:2])
            body = (first[len(date_line):].strip() + "\n" + rest).strip()
        else:
            date_line, body = "", text
        out.append((date_line, body))
    if len(out) < 3:
        raise SystemExit(f"{source} holds fewer than three .txt readouts")
    return out


def compose(source: Path, n: int) -> list[str]:
    """The texts of ``n`` documents, each three distinct readouts of ``source`` in a row.

    >>> texts = compose(DEFAULT_SOURCE, 3)  # doctest: +SKIP
    """
    readouts = _readouts(source)
    used: set[tuple[int, int, int]] = set()
    texts = []
    for i in range(n):
        rng = random.Random(i)
        while True:
            pick = tuple(rng.sample(range(len(readouts)), 3))
            if pick not in used:
                break
        used.add(pick)
        date_line = readouts[pick[0]][0]
        bodies = "\n\n".join(readouts[k][1] for k in pick)
        texts.append(f"{date_line}\n{bodies}\n" if date_line else bodies + "\n")
    return texts


def write_corpus(folder: Path, source: Path, n: int) -> Path:
    """Write the ``n`` composed documents under ``folder`` (unchanged files are not
    rewritten, so their mtimes stay); returns ``folder``."""
    for i, text in enumerate(compose(source, n)):
        path = folder / f"{i // SHARD:03d}" / f"real-{i:06d}.txt"
        data = text.encode("utf-8")
        if not path.exists() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    return folder


def run_command(command: list[str], *, cwd: Path) -> dict:
    """Run ``command``; return its wall seconds and the CPU seconds of it and its children."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(command, cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(cwd)})
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({proc.returncode}): "
                         f"{proc.stderr.strip()[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall_s": wall, "cpu_s": cpu, "output": proc.stdout.strip().splitlines()[-1:]}


def measure(corpus: Path, work: Path, *, n: int, workers: int | None, code: Path = ROOT,
            label: str = "real text", repeat: int = 1,
            commands: tuple[str, ...] = ("extract", "ingest")) -> dict:
    """docs/s of ``extract`` and ``ingest --full`` over ``corpus`` (``n`` files): the fastest
    of ``repeat`` runs of each, with the CPU seconds it and its workers used."""
    workers_args = ["--workers", str(workers)] if workers else []
    out = work / f"out-{corpus.name}"
    figures = {"corpus": label, "documents": n, "load_1min": os.getloadavg()[0]}
    runs = {
        "extract": [sys.executable, "-m", "analysis", "extract", str(corpus), "--out", str(out)]
        + workers_args,
        "ingest": [sys.executable, "-m", "analysis", "ingest", str(corpus), "--data",
                   str(work / f"store-{corpus.name}"), "--quiet", "--full"] + workers_args,
    }
    for name, command in runs.items():
        if name not in commands:
            continue
        tries = [run_command(command, cwd=code) for _ in range(repeat)]
        run = min(tries, key=lambda r: r["wall_s"])
        run["tries_wall_s"] = [r["wall_s"] for r in tries]
        run["docs_per_s"] = n / run["wall_s"]
        run["cpu_docs_per_s"] = n / run["cpu_s"] if run["cpu_s"] else 0.0
        figures[name] = run
        print(f"{label}, {name} (workers {workers or 'all'}): {run['wall_s']:.1f} s wall, "
              f"{run['docs_per_s']:,.0f} docs/s; {run['cpu_s']:.1f} s CPU, "
              f"{run['cpu_docs_per_s']:,.0f} docs per CPU-second", flush=True)
    figures["load_1min_after"] = os.getloadavg()[0]
    return figures


def main(argv: list[str] | None = None) -> int:
    """``python -m benchmarks.realtext``: see the module docstring."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.realtext",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--work", type=Path, default=Path("/tmp/readout-bench"))
    parser.add_argument("--workers", type=int, default=None, help="default: every core")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of each command; the fastest is reported (default 3)")
    parser.add_argument("--synthetic", action="store_true",
                        help="also measure the synthetic corpus of the same size")
    args = parser.parse_args(argv)
    corpus = write_corpus(args.work / f"real-{args.docs}", args.source, args.docs)
    results = [measure(corpus, args.work, n=args.docs, workers=args.workers,
                       repeat=args.repeat)]
    if args.synthetic:
        from benchmarks.synth import write_corpus as write_synthetic

        synthetic = args.work / f"corpus-{args.docs}"
        write_synthetic(synthetic, args.docs)
        results.append(measure(synthetic, args.work, n=args.docs, workers=args.workers,
                               label="synthetic", repeat=args.repeat))
    print(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
