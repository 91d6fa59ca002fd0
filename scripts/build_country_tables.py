#!/usr/bin/env python3
"""Build analysis/engine/data/countries.csv and analysis/engine/data/country_aliases.csv.

How to run (from the repository root):

    .venv/bin/pip install countryinfo          # generation-time only, NOT a runtime dependency
    .venv/bin/python scripts/build_country_tables.py

Sources:
  * pycountry (in requirements.txt; ISO 3166-1 codes, names, official names; data LGPL-2.1)
  * countryinfo (MIT; capitals, capital coordinates, demonyms, alternative spellings)
  * analysis/engine/data/country_aliases_extra.csv  -- hand-curated aliases (alias,iso3,kind).
    Rows there override generated rows for the same alias (so a curated row can move an alias to
    another country or change its kind).  A row whose kind is ``drop`` removes that alias
    entirely (iso3 is ignored for such rows).
  * the tables NAME_OVERRIDES, CAPITAL_OVERRIDES, DEMONYM_OVERRIDES, DROP_ALIASES below (hand).

Output is deterministic (sorted), so regeneration produces a clean diff.  Generated aliases that
would map to two countries are dropped unless the curated file settles them.
"""
from __future__ import annotations

import csv
import json
import re
import sys
import unicodedata
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "analysis" / "engine" / "data"
EXTRA = DATA / "country_aliases_extra.csv"

KINDS = {"name", "demonym", "capital", "city", "territory", "seat", "institution"}

# Short English names analysts write (others: pycountry common_name, else name).
NAME_OVERRIDES = {
    "BOL": "Bolivia", "BRN": "Brunei", "COD": "DR Congo", "COG": "Republic of the Congo",
    "CPV": "Cape Verde", "FLK": "Falkland Islands", "FSM": "Micronesia", "IRN": "Iran",
    "KOR": "South Korea", "PRK": "North Korea", "LAO": "Laos", "MDA": "Moldova",
    "PSE": "Palestine", "RUS": "Russia", "SYR": "Syria", "TWN": "Taiwan", "TZA": "Tanzania",
    "VAT": "Vatican City", "VEN": "Venezuela", "VGB": "British Virgin Islands",
    "VIR": "U.S. Virgin Islands", "VNM": "Vietnam", "MAF": "Saint Martin",
    "SXM": "Sint Maarten", "CCK": "Cocos (Keeling) Islands", "SHN": "Saint Helena",
    "BES": "Caribbean Netherlands", "PCN": "Pitcairn Islands", "USA": "United States",
    "GBR": "United Kingdom", "TUR": "Türkiye", "CZE": "Czechia", "CIV": "Côte d'Ivoire",
    "MMR": "Myanmar", "SWZ": "Eswatini", "MKD": "North Macedonia", "TLS": "Timor-Leste",
    "GMB": "The Gambia", "BHS": "The Bahamas", "HKG": "Hong Kong", "MAC": "Macao",
    "UMI": "U.S. Minor Outlying Islands", "ALA": "Åland Islands",
}

# (capital name or None, lat, lon) -- fixes and gaps in countryinfo's capital data.
CAPITAL_OVERRIDES = {
    "AIA": ("The Valley", 18.2170, -63.0578),
    "ATG": ("St. John's", 17.1274, -61.8468),
    "GRD": ("St. George's", 12.0561, -61.7488),
    "IMN": ("Douglas", 54.1523, -4.4861),
    "MSR": ("Brades", 16.7928, -62.2106),
    "NFK": ("Kingston", -29.0564, 167.9597),
    "REU": ("Saint-Denis", -20.8823, 55.4504),
    "SHN": ("Jamestown", -15.9244, -5.7181),
    "SPM": ("Saint-Pierre", 46.7811, -56.1764),
    "TLS": ("Dili", -8.5569, 125.5603),
    "BRA": ("Brasília", -15.7939, -47.8828),
    "TUN": ("Tunis", 36.8065, 10.1815),
    "DJI": ("Djibouti", 11.5886, 43.1451),
    "ATA": (None, -77.8500, 166.6667),       # McMurdo Station (no capital)
    "BVT": (None, -54.4232, 3.4139),
    "HMD": (None, -53.0818, 73.5042),
    "UMI": (None, 19.2823, 166.6470),        # Wake Island
    "BES": ("Kralendijk", 12.1443, -68.2655),
    "MAC": ("Macao", 22.1987, 113.5439),
    "HKG": ("Hong Kong", 22.2783, 114.1747),
    "KAZ": ("Astana", 51.1605, 71.4704),
    "USA": ("Washington, D.C.", 38.8951, -77.0364),
    "VAT": ("Vatican City", 41.9029, 12.4534),
    "SMR": ("San Marino", 43.9356, 12.4473),
    "PSE": ("Ramallah", 31.8980, 35.2043),   # seat of the Palestinian Authority
    "MMR": ("Naypyidaw", 19.7633, 96.0785),
    "YEM": ("Sanaa", 15.3694, 44.1910),
    "KIR": ("Tarawa", 1.3291, 172.9790),
    "BDI": ("Gitega", -3.4271, 29.9246),
    "CIV": ("Yamoussoukro", 6.8276, -5.2893),
    "XKX": ("Pristina", 42.6629, 21.1655),
}

# Demonym fixes: iso3 -> list (replaces countryinfo's value); [] = no demonym.
DEMONYM_OVERRIDES = {
    "ARG": ["Argentine", "Argentinian", "Argentinean"],
    "ATG": ["Antiguan", "Barbudan"],
    "BIH": ["Bosnian", "Herzegovinian"],
    "CPV": ["Cape Verdean"],
    "DJI": ["Djiboutian"],
    "GIB": ["Gibraltarian"],
    "GNB": ["Bissau-Guinean"],
    "ISL": ["Icelander", "Icelandic"],
    "KGZ": ["Kyrgyz", "Kyrgyzstani"],
    "TJK": ["Tajik", "Tajikistani"],
    "UZB": ["Uzbek", "Uzbekistani"],
    "KAZ": ["Kazakh", "Kazakhstani"],
    "MDV": ["Maldivian"],
    "SUR": ["Surinamese"],
    "LUX": ["Luxembourger", "Luxembourgish"],
    "NPL": ["Nepalese", "Nepali"],
    "ECU": ["Ecuadorian", "Ecuadorean"],
    "COM": ["Comorian", "Comoran"],
    "SAU": ["Saudi", "Saudi Arabian"],
    "KNA": ["Kittitian", "Nevisian"],
    "CAF": ["Central African Republican"],
    "GGY": [], "JEY": [], "COD": [], "COG": [], "DMA": [], "DOM": [], "GIN": [],
    "GNQ": ["Equatoguinean", "Equatorial Guinean"],
    "FSM": [], "TKM": ["Turkmenistani"], "ATF": [], "MTQ": [], "MYT": [], "REU": [],
    "SPM": [], "HKG": [], "MAC": [], "MNP": [], "IOT": [], "SJM": [], "UMI": [],
    "ASM": ["American Samoan"], "CXR": [], "HMD": [], "SGS": [], "BES": [], "BLM": [],
    "MAF": [], "SXM": [], "CUW": ["Curaçaoan"], "ALA": [], "BVT": [], "ATA": [],
    "VAT": [], "TCA": [], "VGB": [], "VIR": [], "PCN": [], "WLF": [], "CCK": [],
    "MMR": ["Burmese", "Myanmarese"], "GBR": ["British", "Briton"],
    "TUR": ["Turkish"], "PHL": ["Filipino", "Philippine"],
    "BLR": ["Belarusian", "Belarussian", "Byelorussian"],
    "GUF": ["French Guianese"],
}

# Plural forms that the simple "+s" rule misses or gets wrong.
IRREGULAR_PLURALS = {"Czech": "Czechs", "Swiss": None, "British": None, "Motswana": "Batswana",
                     "Icelandic": None, "Luxembourgish": None, "Philippine": None,
                     "Ni-Vanuatu": None, "I-Kiribati": None, "Turkish": None, "Kyrgyz": None,
                     "Saudi Arabian": "Saudi Arabians", "Malagasy": None,
                     "Mosotho": "Basotho"}

# Generated aliases that would false-match in running English text, or are ambiguous.
DROP_ALIASES = {
    "Man", "Mann", "Jersey", "Reunion", "Island", "Guiana", "Prathet", "Dominique",
    "Victoria", "City of Victoria", "Hamilton", "Douglas", "Stanley", "Plymouth", "Jamestown",
    "The Valley", "George Town", "Georgetown", "St. John's", "Saint John's", "Saint-Denis",
    "Saint-Pierre", "West Island", "Male", "San Jose", "San Juan", "Kingston",
    "Republic of China", "Congo", "Korea", "Dominican", "Congolese", "Guinean", "Korean",
    "Channel Islander", "Micronesian", "Central African", "Malay", "Turkmen", "Vatican City State",
    "City of San Marino", "Washington D.C.", "Swatini", "Ngwane", "weSwatini",
    "Nijar", "Kralendijk / Oranjestad / The Bottom",
}

STATE_WORDS = {"Republic", "Kingdom", "State", "States", "Federation", "Commonwealth",
               "Principality", "Union", "Confederation", "Sultanate", "Islands", "Territory",
               "Duchy", "Federated", "Emirates", "Department", "Bailiwick", "Nation"}
SMALL_WORDS = {"of", "the", "and", "and the"}
ACRONYMS_OK = {"UAE", "UK", "USA", "DRC", "RSA"}


def countryinfo_data() -> dict[str, dict]:
    """countryinfo's bundled JSON, keyed by ISO alpha-3."""
    import countryinfo  # noqa: F401  (generation-time only)

    folder = Path(countryinfo.__file__).resolve().parent / "data"
    out = {}
    for f in sorted(folder.glob("*.json")):
        v = json.loads(f.read_text(encoding="utf-8"))
        iso = (v.get("ISO") or {}).get("alpha3")
        if iso:
            out[iso] = v
    return out


def fold(s: str) -> str:
    """ASCII-fold accents: 'Türkiye' -> 'Turkiye', 'Élysée' -> 'Elysee'."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", s) if not unicodedata.combining(ch))


def variants(alias: str) -> set[str]:
    """Spelling variants of one alias as printed text has them."""
    out = {alias}
    f = fold(alias)
    if f != alias and all(ord(c) < 128 for c in f):
        out.add(f)
    for a in list(out):
        if "'" in a:
            out.add(a.replace("'", "\u2019"))
        if a.startswith("Saint "):
            out.add("St. " + a[6:])
            out.add("St " + a[6:])
    return out


def dropped(alias: str) -> bool:
    return alias in DROP_ALIASES or alias.replace("\u2019", "'") in DROP_ALIASES


def english_alt(s: str, codes: set[str]) -> bool:
    """Keep an altSpelling only when it is an English form that could occur in news."""
    s = s.strip()
    if not s or s in codes:
        return False
    if s.isupper() and " " not in s:
        return s in ACRONYMS_OK
    if not re.fullmatch(r"[A-Za-z][A-Za-z .,'’()-]*", s):
        return False
    words = s.replace(",", " ").split()
    if len(words) == 1:
        return False  # single native words (Nippon, Suomi, Island...) are left to the curated file
    if not any(w in STATE_WORDS for w in words):
        return False
    return all(w[0].isupper() or w in SMALL_WORDS for w in words)


def plural(dem: str) -> str | None:
    if dem in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[dem]
    if dem.endswith(("ese", "ish", "ch", "s", "x", "ic")):
        return None
    return dem + "s"


def short_name(c) -> str:
    return NAME_OVERRIDES.get(c.alpha_3) or getattr(c, "common_name", None) or c.name


def build_countries(ci: dict) -> list[dict]:
    rows = []
    entries = [(c.alpha_3, short_name(c)) for c in pycountry.countries] + [("XKX", "Kosovo")]
    for iso3, name in entries:
        if iso3 in CAPITAL_OVERRIDES:
            _, lat, lon = CAPITAL_OVERRIDES[iso3]
        else:
            lat, lon = ci[iso3]["capital_latlng"]
        rows.append({"iso3": iso3, "name": name, "lat": f"{float(lat):.4f}", "lon": f"{float(lon):.4f}"})
    return sorted(rows, key=lambda r: r["iso3"])


def generated_aliases(ci: dict) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    for c in pycountry.countries:
        iso3 = c.alpha_3
        info = ci.get(iso3, {})
        codes = {c.alpha_2, c.alpha_3}
        names = {short_name(c), c.name}
        for attr in ("common_name", "official_name"):
            v = getattr(c, attr, None)
            if v:
                names.add(v)
        if info.get("name"):
            names.add(info["name"])
        for alt in info.get("altSpellings") or []:
            if english_alt(alt, codes):
                names.add(alt.strip())
        for n in names:
            n = n.strip()
            if n.startswith("the "):
                n = n[4:]
            if "," in n or "(" in n:  # ISO sort forms: "Korea, Republic of"
                continue
            rows.append((n, iso3, "name"))
        # demonyms
        if iso3 in DEMONYM_OVERRIDES:
            dems = DEMONYM_OVERRIDES[iso3]
        else:
            dems = [d.strip() for d in (info.get("demonym") or "").split(",") if d.strip()]
        for d in dems:
            rows.append((d, iso3, "demonym"))
            p = plural(d)
            if p:
                rows.append((p, iso3, "demonym"))
        # capital
        cap = CAPITAL_OVERRIDES.get(iso3, (info.get("capital"),))[0]
        if cap:
            rows.append((cap, iso3, "capital"))
    return rows


def read_extra() -> list[tuple[str, str, str]]:
    with EXTRA.open(encoding="utf-8", newline="") as fh:
        return [(r["alias"].strip(), r["iso3"].strip(), r["kind"].strip())
                for r in csv.DictReader(fh) if r["alias"].strip() and not r["alias"].startswith("#")]


def build_aliases(ci: dict, valid: set[str]) -> list[dict]:
    # 1) generated, with variants; aliases claimed by two countries are dropped
    gen: dict[str, tuple[str, str]] = {}
    clash: set[str] = set()
    for alias, iso3, kind in generated_aliases(ci):
        for a in variants(alias):
            if dropped(a):
                continue
            if a in gen and gen[a][0] != iso3:
                clash.add(a)
            elif a not in gen:
                gen[a] = (iso3, kind)
    for a in clash:
        gen.pop(a, None)
    # 2) curated rows override
    extra = read_extra()
    drops = {a for a, _, k in extra if k == "drop"}
    cur: dict[str, tuple[str, str]] = {}
    for alias, iso3, kind in extra:
        if kind == "drop":
            continue
        if kind not in KINDS:
            raise SystemExit(f"bad kind {kind!r} for {alias!r} in {EXTRA}")
        if iso3 not in valid:
            raise SystemExit(f"unknown iso3 {iso3!r} for {alias!r} in {EXTRA}")
        for a in variants(alias):
            if a != alias and dropped(a):  # e.g. "Malé" must not yield "Male"
                continue
            if a in cur and cur[a][0] != iso3:
                raise SystemExit(f"curated alias {a!r} maps to {cur[a][0]} and {iso3}")
            cur.setdefault(a, (iso3, kind))
    merged = dict(gen)
    for a, (iso3, kind) in cur.items():
        # a curated "city" that countryinfo already gives as the capital stays a capital
        if kind == "city" and gen.get(a) == (iso3, "capital"):
            continue
        merged[a] = (iso3, kind)
    for a in drops:
        for v in variants(a):
            merged.pop(v, None)
    rows = [{"alias": a, "iso3": i, "kind": k} for a, (i, k) in merged.items()]
    return sorted(rows, key=lambda r: (r["iso3"], r["kind"], r["alias"]))


def write(path: Path, fields: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def main() -> int:
    ci = countryinfo_data()
    countries = build_countries(ci)
    valid = {r["iso3"] for r in countries}
    aliases = build_aliases(ci, valid)
    write(DATA / "countries.csv", ["iso3", "name", "lat", "lon"], countries)
    write(DATA / "country_aliases.csv", ["alias", "iso3", "kind"], aliases)
    print(f"countries.csv: {len(countries)} rows; country_aliases.csv: {len(aliases)} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
