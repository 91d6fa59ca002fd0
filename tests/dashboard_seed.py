"""The seed document's frames as the contract describes them, written by hand: a fixed input
for the dashboard's tests (view, figures, CSV), independent of the engine's progress."""
from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import pandas as pd

from analysis.engine.documents import parse_text
from analysis.engine.frames import build_frames
from analysis.engine.records import Contact, CountryMention, Event, Extraction, Rejected, Statement
from analysis.store.memory import MemoryStore
from analysis.store.query import Filters
from dashboard.view import View

_VIEWS = itertools.count()
SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_c64ff08c818fbad2.txt"
D = date.fromisoformat


def seed_extraction() -> Extraction:
    doc = parse_text(SEED.read_text(encoding="utf-8"), path=SEED.name)
    i = doc.doc_id
    countries = [CountryMention(i, c, n, m, s) for c, n, m, s in [
        ("RUS", "Russia", 3, "Russian; Russia"), ("IRN", "Iran", 6, "Iran; Iranian"),
        ("USA", "United States", 4, "US; American"), ("ISR", "Israel", 2, "Israel; Israeli"),
        ("SAU", "Saudi Arabia", 2, "Saudi Arabia"), ("BHR", "Bahrain", 2, "Bahrain"),
        ("QAT", "Qatar", 2, "Qatar"), ("ARE", "United Arab Emirates", 2,
                                       "UAE; United Arab Emirates")]]
    contacts = [
        Contact("c1", i, D("2026-03-02"), "yesterday", "phone",
                ("Vladimir Putin", "Mohammed bin Salman"), ("RUS", "SAU"),
                "In his telephonic conversation with Crown Prince and Chairman of the Council of "
                "Ministers of the Kingdom of Saudi Arabia, Mohammed bin Salman, Putin discussedthe "
                "escalating situation in the region as a result of the American-Israeli armed "
                "aggression against Iran.", 5),
    ] + [
        Contact(f"c{n}", i, D("2026-03-02"), "On Monday", "phone", ("Vladimir Putin", who),
                ("RUS", code),
                "On Monday, Putin also had telephonic contacts withthe King of Bahrain, Hamad bin "
                "Isa Al Khalifa, who currently chairs the Gulf Cooperation Council, Emir of the "
                "State of Qatar, Tamim bin Hamad Al Thani, and President of the United Arab "
                "Emirates, Mohammed bin Zayed Al Nahyan.", 7)
        for n, who, code in [(2, "Hamad bin Isa Al Khalifa", "BHR"),
                             (3, "Tamim bin Hamad Al Thani", "QAT"),
                             (4, "Mohammed bin Zayed Al Nahyan", "ARE")]]
    statements = [
        Statement("s1", i, D("2026-03-03"), "Dmitry Peskov", "RUS", "direct",
                  "Putin will certainly make every effort to facilitate at least a minor easing "
                  "of tensions. In this regard, we discussed with virtually all of our "
                  "interlocutors yesterday,",
                  '"Putin will certainly make every effort to facilitate at least a minor easing '
                  'of tensions.', -1, 2),
        Statement("s2", i, D("2026-03-03"), "the Kremlin", "RUS", "direct",
                  "Exchange of views was held regarding the unprecedented escalation around Iran "
                  "as a result of US and Israeli aggression, which is bringing the entire region "
                  "to the brink of a full-scale war with unpredictable consequences.",
                  '"Exchange of views was held regarding the unprecedented escalation around Iran',
                  -1, 8),
        Statement("s3", i, D("2026-03-03"), "the Kremlin", "RUS", "reported",
                  "President Putin reaffirmed Russia's readiness to use all available means to "
                  "actively contribute to stabilising the situation in the region",
                  "Given this, President Putin reaffirmed Russia's readiness", -1, 10),
    ]
    events = [
        Event("e1", i, D("2026-02-28"), "on Saturday", "strike", ("USA", "ISR"), ("IRN",),
              "The US and Israel launched joint strikes against Iran on Saturday, assassinating "
              "86-year-old Supreme Leader Ayatollah Ali Khamenei, alongside family members, "
              "including his daughter and grandchildren.", 1),
        Event("e2", i, D("2026-03-03"), "", "strike", ("IRN",), ("USA",),
              "Since then, Iran has targeted multiple US bases in the surrounding Gulf States.", 1),
    ]
    return Extraction(doc, countries, [], contacts, statements, events)


def seed_frames(*, rejected: bool = True) -> dict[str, pd.DataFrame]:
    """The seed's frames (with a rejected file)."""
    bad = [Rejected("broken.bin", "the file is binary, not text")] if rejected else []
    return build_frames([seed_extraction()], bad)


def empty_frames() -> dict[str, pd.DataFrame]:
    return build_frames([], [])


def seed_view(filters: Filters = Filters(), frames: dict[str, pd.DataFrame] | None = None) -> View:
    """A view of the seed's frames (or ``frames``) in memory, narrowed by ``filters``."""
    frames = seed_frames() if frames is None else frames
    return View(MemoryStore(frames), ("seed", next(_VIEWS)), filters)  # a key of its own


# --- AppTest helpers -------------------------------------------------------------------------

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGES = Path(__file__).resolve().parent.parent / "pages"


def app_at(page: str | None = None, *, query: dict | None = None, state: dict | None = None):
    """Run app.py (on the corpus READOUT_CORPUS names, seeds/ by default) and switch to
    ``pages/<page>.py``; ``query`` seeds the URL's query parameters, ``state`` session state."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    for key, value in (state or {}).items():
        at.session_state[key] = value
    at.run()
    if page:
        at.switch_page(str(PAGES / f"{page}.py")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at) -> str:
    """Every markdown, caption, info and warning text of a run, joined."""
    parts = []
    for kind in ("markdown", "caption", "info", "warning", "success", "error"):
        parts += [str(e.value) for e in at.get(kind)]
    return "\n".join(parts)


def table(at, *columns: str):
    """The first dataframe of a run that has all the given columns."""
    for element in at.dataframe:
        value = element.value
        if all(c in value.columns for c in columns):
            return value
    raise AssertionError(f"no table with columns {columns}")
