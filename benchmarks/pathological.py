"""Measures the engine on pathological inputs: CPU seconds per 100 KB, and how the cost grows from
10 KB to 100 KB (a linear engine costs 10x; the target is at most 12x and under 0.5 s).

    python -m benchmarks.pathological [--sizes 10,100] [--timeout 120] [--only NAME]

Each input is a short pattern repeated to the size, after a date line: repeated speech verbs,
quotation marks, titles, names, commas, one sentence with no full stop, unclosed quotation
marks, nested parentheses. Each (input, size) runs in a child process, which reads the text
(``parse_text``) and extracts it (``extract_document``) once to load the tables, then again
under ``time.process_time`` (the fastest of up to five runs, while they take under 0.5 s in
all, so that millisecond figures are not noise); the child also times each extractor (the
times nest: ``find_dates`` runs inside the statements), so that a super-linear one is named.
A child over ``--timeout`` seconds is stopped and reported as over it.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: name -> the pattern repeated (written here, not taken from any corpus).
INPUTS: dict[str, str] = {
    "said, ": "said, ",
    'a "b" ': 'a "b" ',
    "President ": "President ",
    "a capitalised name": "Marten Holloway ",
    "commas": "one, ",
    "one sentence, no full stop": "the envoy met the minister and ",
    "unclosed quotation marks": "“Yes, he said ",
    "nested parentheses": "(the envoy ",  # opened N times, then closed N times: see text_of
}

#: The functions timed one by one in the child, by the module that imports them (a name the
#: engine no longer has is left out).
STAGES = {
    "analysis.engine.documents": ["parse_text"],
    "analysis.engine.extract": ["split_sentences", "find_countries", "find_actors", "find_cue",
                         "contacts_in_sentence", "merge_contacts", "event_in_sentence",
                         "events_in_sentence", "direct_statements", "reported_statements",
                         "find_dates"],
}

_CHILD = r'''
import json, sys, time, importlib
from collections import Counter
spent = Counter()
def timed(module, name):
    mod = importlib.import_module(module)
    inner = getattr(mod, name, None)
    if inner is None:
        return
    def wrapper(*args, **kwargs):
        t = time.process_time()
        try:
            return inner(*args, **kwargs)
        finally:
            spent[name] += time.process_time() - t
    setattr(mod, name, wrapper)
stages = json.loads(sys.argv[2])
from analysis.engine.documents import parse_text
from analysis.engine.pipeline import extract_document
extract_document(parse_text("date 2026-03-03 Warm up, the minister said.", path="w.txt"))
for module, names in stages.items():
    for name in names:
        timed(module, name)
import analysis.engine.documents as documents
text = sys.stdin.read()
best = None
runs = 0
while runs < 5 and (best is None or best["cpu_s"] * runs < 0.5):
    spent.clear()
    t = time.process_time()
    try:
        doc = documents.parse_text(text, path=sys.argv[1])
        extraction = extract_document(doc)
        rows = {"statements": len(extraction.statements), "contacts": len(extraction.contacts),
                "actors": len(extraction.actors)}
    except documents.DocumentError as exc:
        rows = {"refused": str(exc)}
    total = time.process_time() - t
    runs += 1
    if best is None or total < best["cpu_s"]:
        best = {"cpu_s": total, "stages": dict(spent), "rows": rows, "runs": runs}
    best["runs"] = runs
print(json.dumps(best))
'''


def text_of(name: str, size: int) -> str:
    """The input ``name`` at ``size`` characters (about ``size`` bytes: ASCII but a curly quote),
    after a date line."""
    head = "date 2026-03-03\n"
    pattern = INPUTS[name]
    if name == "nested parentheses":
        opened = (size - len(head)) // (len(pattern) + 1)
        return head + pattern * opened + ")" * opened
    body = pattern * ((size - len(head)) // len(pattern) + 1)
    return head + body[:size - len(head)]


def measure(name: str, size: int, *, timeout: float, code: Path = ROOT) -> dict:
    """CPU seconds of reading and extracting input ``name`` at ``size`` characters, in a child
    running the engine of ``code`` (a checkout); ``{"timeout": timeout}`` when it ran longer."""
    try:
        done = subprocess.run([sys.executable, "-c", _CHILD, f"{name}.txt", json.dumps(STAGES)],
                              input=text_of(name, size), capture_output=True, text=True,
                              cwd=code, timeout=timeout,
                              env={**os.environ, "PYTHONPATH": str(code),
                                   "PYTHONIOENCODING": "utf-8"})
    except subprocess.TimeoutExpired:
        return {"timeout": timeout}
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _cell(result: dict, *, per: float = 1.0) -> str:
    if "timeout" in result:
        return f"> {result['timeout'] * per:,.0f}"
    if "error" in result:
        return "error"
    return f"{result['cpu_s'] * per:,.3f}"


def run(sizes_kb: list[int], *, timeout: float, only: str | None = None,
        code: Path = ROOT) -> list[dict]:
    """Measure every input (or ``only``) at every size on the engine of ``code``; print a
    Markdown table; return rows."""
    rows = []
    print(f"load average at start: {os.getloadavg()[0]:.2f}", flush=True)
    for name in INPUTS:
        if only and only != name:
            continue
        row = {"input": name, "sizes": {}}
        for kb in sizes_kb:
            started = time.perf_counter()
            row["sizes"][kb] = result = measure(name, kb * 1000, timeout=timeout, code=code)
            print(f"{name!r} at {kb} KB: {_cell(result)} s CPU "
                  f"({time.perf_counter() - started:.1f} s wall)", flush=True)
        rows.append(row)
    print(f"load average at end: {os.getloadavg()[0]:.2f}\n")
    print(table(rows, sizes_kb))
    return rows


def table(rows: list[dict], sizes_kb: list[int]) -> str:
    """The figures as a Markdown table: CPU seconds at each size, per 100 KB, the ratio of the
    largest size to the smallest, and the stages that cost most at the largest size."""
    small, large = min(sizes_kb), max(sizes_kb)
    head = ("| input | " + " | ".join(f"CPU s at {kb} KB" for kb in sizes_kb)
            + f" | CPU s per 100 KB | {large} KB / {small} KB | costliest at {large} KB |")
    lines = [head, "|---|" + "---:|" * (len(sizes_kb) + 2) + "---|"]
    for row in rows:
        a, b = row["sizes"][small], row["sizes"][large]
        if "cpu_s" in a and "cpu_s" in b:
            ratio = f"{b['cpu_s'] / max(a['cpu_s'], 1e-6):,.1f}x"
            stages = sorted(b["stages"].items(), key=lambda kv: -kv[1])[:3]
            costly = ", ".join(f"{k} {v:.2f}" for k, v in stages if v >= 0.005) or "-"
        else:
            ratio, costly = "n/a", "-"
        per = _cell(b, per=100 / large)
        lines.append(f"| `{row['input']}` | " + " | ".join(_cell(row["sizes"][kb])
                                                        for kb in sizes_kb)
                     + f" | {per} | {ratio} | {costly} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """``python -m benchmarks.pathological``: see the module docstring."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pathological",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10,100", help="sizes in KB, comma-separated")
    parser.add_argument("--timeout", type=float, default=120.0,
                        help="seconds before a child is stopped (default 120)")
    parser.add_argument("--only", choices=list(INPUTS), default=None)
    parser.add_argument("--json", type=Path, default=None, help="also write the rows here")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    rows = run(sizes, timeout=args.timeout, only=args.only)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
