"""Prints the CPU time the date, tense and event readers take on pathological texts of 10 KB
and 100 KB (each text one sentence, the worst case: every window and look-up spans it), and
the ratio between the two sizes (10 for linear time).

    .venv/bin/python scripts/bench_events_dates.py [--sizes 10000,100000]

CPU time (``time.process_time``) of this process only, so other work on the machine counts
less; the best of three runs, each from cold caches.
"""
from __future__ import annotations

import argparse
import time
from collections.abc import Callable
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.engine.dates import find_dates  # noqa: E402
from analysis.engine.events import events_in_sentence  # noqa: E402
from analysis.engine.gazetteer import find_countries  # noqa: E402
from analysis.engine.sentences import Sentence  # noqa: E402
from analysis.engine import tense  # noqa: E402
from analysis.engine.tense import reading  # noqa: E402

DOC_DATE = date(2026, 3, 3)

#: name -> the unit repeated to the size.
DATE_TEXTS = {
    "weekdays": "Monday ",
    "on weekdays": "on Thursday ",
    "future weekdays": "will meet on Thursday ",
    "'on '": "on ",
    "dates without year": "will meet on April 7, ",
    "weekdays and commas": "Monday, ",
}
EVENT_TEXTS = {
    "verbs": "Israel struck Iran on Monday and ",
    "nouns": "Israeli strikes on Iran, ",
    "reported": "Iran said Israel struck Syria, ",
    "passive": "Iran was struck by Israel, ",
    "since then": "Since then Iran attacked Israel on Monday, ",
    "country lists": "Iran, Iraq, Syria, ",
    "cues alone": "strikes attacks sanctions ",
}


def cpu(run: Callable[[], object]) -> float:
    """The least CPU time of three runs, each from cold caches (tense keeps the index of the
    last few texts)."""
    best = float("inf")
    for _ in range(3):
        tense._index.cache_clear()
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return best


def text_of(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def dates_run(text: str) -> Callable[[], object]:
    return lambda: find_dates(text, doc_date=DOC_DATE)


def tense_run(text: str) -> Callable[[], object]:
    """One reading at every word start: what a caller asking about every cue would cost."""
    starts = [i for i in range(len(text)) if text[i].isalpha() and (i == 0 or text[i - 1] == " ")]
    return lambda: [reading(text, i) for i in starts]


def events_run(text: str) -> Callable[[], object]:
    places = find_countries(text)
    sentence = Sentence(0, len(text), text, 0)
    return lambda: events_in_sentence(sentence, places=places,
                                      dates=lambda: find_dates(text, doc_date=DOC_DATE),
                                      doc_date=DOC_DATE, previous=None, doc_id="bench")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = [("find_dates", name, unit, dates_run) for name, unit in DATE_TEXTS.items()]
    rows += [("tense.reading", name, unit, tense_run)
             for name, unit in (("weekdays and commas", "Monday, "),
                                ("verbs", "Israel struck Iran on Monday and "))]
    rows += [("events_in_sentence", name, unit, events_run) for name, unit in EVENT_TEXTS.items()]
    head = " | ".join(f"{s // 1000} KB s" for s in sizes)
    print(f"{'function':20} {'text':22} | {head} | ratio | s per 100 KB")
    for function, name, unit, make in rows:
        times = [cpu(make(text_of(unit, size))) for size in sizes]
        ratio = times[-1] / times[0] if times[0] > 0 else float("nan")
        per_100k = times[-1] * 100_000 / sizes[-1]
        cells = " | ".join(f"{t:7.3f}" for t in times)
        print(f"{function:20} {name:22} | {cells} | {ratio:5.1f} | {per_100k:.3f}", flush=True)


if __name__ == "__main__":
    main()
