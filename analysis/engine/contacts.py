"""Turns sentences that report a diplomatic exchange (a call, meeting, visit, video call or
letter) into ``Contact`` records: one per pair of principal and counterpart, dated.

A sentence is a contact when it has a contact cue (``data/contact_cues.csv``), is not about
the future ("will meet", "scheduled to meet"), and names principals of two different countries.
"Putin spoke with leaders of Bahrain, Qatar and the UAE" gives one contact per counterpart
country; a contact told twice in a document is merged into one.
"""
from __future__ import annotations

import hashlib
import re
from datetime import date
from functools import cache
from typing import NamedTuple

from analysis.engine.actors import Actors, holder
from analysis.engine.coref import Salience, pronoun_gender
from analysis.engine.names import name_key
from analysis.engine.dates import DateMention
from analysis.engine.gazetteer import country_name
from analysis.engine.matcher import Matches, SubstringSet
from analysis.engine.records import Contact
from analysis.engine.sentences import Sentence
from analysis.engine.tables import read_table
from analysis.engine.tense import is_future, is_negated

#: Channels in priority order: when a sentence has cues of several, the first wins.
CHANNELS = ("phone", "video", "letter", "meeting", "visit")
#: The name given to a counterpart known only by country ("leaders of Bahrain, Qatar").
GENERIC = "leader of "
_LEADERS_OF = re.compile(r"\bleaders?\s+of\b", re.IGNORECASE)
_PLUPERFECT = re.compile(r"\bhad\s+been\b|\bhad\s+(?:\w+ed|met|spoken|held)\b", re.IGNORECASE)


class Cue(NamedTuple):
    """Where a sentence says an exchange happened, and by which channel."""

    start: int
    end: int
    channel: str


class CueRule(NamedTuple):
    """One row of ``contact_cues.csv``: a pattern, its channel, and words it cannot match
    without (a fast substring test before the regex runs)."""

    pattern: re.Pattern[str]
    channel: str
    keywords: tuple[str, ...]


@cache
def _cues() -> tuple[CueRule, ...]:
    return tuple(CueRule(re.compile(r["pattern"], re.IGNORECASE), r["channel"],
                         tuple(w for w in r["keywords"].split("|") if w))
                 for r in read_table("contact_cues.csv"))


@cache
def _keywords() -> SubstringSet[tuple[int, ...]]:
    """Every rule's keywords, each to the rules (indexes into ``_cues()``) that need it: the
    keywords a sentence contains, found in one pass, say which rules can match."""
    rules: dict[str, list[int]] = {}
    for index, rule in enumerate(_cues()):
        for word in rule.keywords:
            rules.setdefault(word, []).append(index)
    return SubstringSet((word, tuple(indexes)) for word, indexes in rules.items())


@cache
def _ranks() -> tuple[int, ...]:
    """Each rule's channel priority (its index in ``CHANNELS``)."""
    return tuple(CHANNELS.index(rule.channel) for rule in _cues())


def find_cue(text: str, *, tense: bool = True) -> Cue | None:
    """The contact cue of a sentence (highest-priority channel, then leftmost), or None.
    With ``tense`` False the clause's tense is not read (a cheap first look: a sentence with
    no cue even then has none).

    >>> find_cue("Putin spoke by telephone with leaders of Bahrain").channel
    'phone'
    """
    present = _keywords().values_in(text.lower())
    if not present:
        return None
    rules, ranks = _cues(), _ranks()
    best: Cue | None = None
    best_rank = len(CHANNELS)
    for index in sorted(set().union(*present)):  # the rules in table order
        rank = ranks[index]
        if rank > best_rank:
            continue
        rule = rules[index]
        for m in rule.pattern.finditer(text):
            if tense and (is_future(text, m.start()) or is_negated(text, m.start())):
                continue  # "will meet", "did not meet": no exchange that happened
            if best is None or (rank, m.start()) < (best_rank, best.start):
                best, best_rank = Cue(m.start(), m.end(), rule.channel), rank
            break
    return best


def _contact_id(doc_id: str, date_: date | None, channel: str,
                participants: tuple[str, ...]) -> str:
    """A stable id: the document, day, channel and participants (two meetings of one day
    with two people of one country are two contacts)."""
    key = f"{doc_id}|{date_}|{channel}|{'|'.join(sorted(participants))}"
    return hashlib.sha1(key.encode()).hexdigest()[:12]


class Draft(NamedTuple):
    """A contact before merging: who (principals first), how, when and from which sentence."""

    participants: tuple[tuple[str, str | None], ...]  # (name, iso3 or None)
    channel: str
    date: date | None
    date_text: str
    dated: bool  # True when the sentence itself gave the date (or said it is unknown)
    evidence: str
    para: int = -1  # the paragraph of the sentence

    @property
    def principal(self) -> tuple[str, str | None]:
        return self.participants[0]

    def countries(self) -> frozenset[str]:
        return frozenset(c for _, c in self.participants if c)


#: Words that make an exchange with several counterparts one joint exchange.
_JOINT = re.compile(r"\b(?:a|an|one|the|joint|trilateral|three-way|four-way|quadrilateral|"
                    r"multilateral|together|jointly)\s+(?:\w+[ -]){0,2}?(?:call|conversation|"
                    r"meeting|video\s*conference|videoconference|conference\s+call|summit|"
                    r"talks|discussion)\b|\b(?:trilateral|three-way|jointly|together)\b",
                    re.IGNORECASE)
#: Words that make them separate exchanges.
_SEPARATE = re.compile(r"\b(?:separately|separate|individually|respectively|each|in\s+turn|"
                       r"calls|conversations|meetings)\b", re.IGNORECASE)
#: A clause boundary before the cue: the principal is the subject of the cue's own clause.
_CLAUSE_BREAK = re.compile(r"[:;]|\bthat\b|,\s+(?=(?:and|but|while|after|before|as|when|"
                           r"where)\b)")
_CLAUSE_END = re.compile(r"[;:]|,\s+(?:but|while|where)\b|\s+(?:and|but)\s+"
                         r"(?:he|she|they|the\s+\w+)\s+(?:\w+ed|said|spoke|met|held)\b")
#: A relative clause set off by commas (", who also serves as defence minister,"): skipped.
_RELATIVE = re.compile(r",\s+(?:who|which)\b[^,;]*,")
#: A word that looks like a finite verb: a clause before a break must have one.
_VERB = re.compile(r"\b(?:\w+ed|said|says|met|meets|spoke|speaks|held|holds|made|took|gave|told|"
                   r"was|were|is|are|has|had|have|will|would|can|could)\b")
#: A topic verb before the cue: the exchange is what is talked about, not what happens now
#: ("discussed the Secretary's meetings in Kyiv", "welcomed his recent visit").
_TOPIC_BEFORE = re.compile(r"\b(?:discuss\w*|address\w*|review\w*|rais\w*|recall\w*|"
                           r"welcom\w*|prais\w*|criticiz\w*|criticis\w*|condemn\w*|"
                           r"denounc\w*|reflect\w*\s+on|about|regarding)\s+"
                           r"(?:the\s+|their\s+|his\s+|her\s+|its\s+)?(?:[\w.-]+\s+){0,6}?"
                           r"(?:[\w.-]+[’']s\s+)?(?:\w+\s+){0,2}$", re.IGNORECASE)
#: An exchange placed in a trip but on no stated day: "During his visit to Jordan, ...".
_IN_A_TRIP = re.compile(r"\s*(?:In|During|On|Over)\s+(?:his|her|their|its|the|a)\s+"
                        r"(?:\w+\s+){0,2}?(?:visit|trip|tour|travels?|stay)\b[^,]*,", re.IGNORECASE)
_IN_PLACE = re.compile(r"\bin\s+$")
#: A pronoun object right after the cue: "met with him", "a call with her".
_OBJECT_PRONOUN = re.compile(r"\s+(?:(?:with|to)\s+)?(?P<p>him|her)\b(?!\s+\w+\s+(?:of|from)\b)")
_FIRST_PERSON = re.compile(r"\s*(?:[A-Z]\w*,?\s+)?(?:I|We|we)\b")
_IMPLIED = re.compile(r"\s*(?:[A-Z]\w*,?\s+)?(?:(?:where|when|after|then|and)\s+)?"
                      r"(?:He|She|he|she)\b")


def _clause(text: str, cue: Cue) -> tuple[int, int]:
    """The offsets (in ``text``) of the clause that holds the cue."""
    flat = _RELATIVE.sub(lambda m: " " * len(m.group()), text[:cue.start])
    start = prev = 0
    for sep in _CLAUSE_BREAK.finditer(flat):
        if sep.group()[0] != "," or _VERB.search(flat, prev, sep.start()):
            start = sep.end()
        prev = sep.end()
    end = len(text)
    nxt = _CLAUSE_END.search(text, cue.end)
    if nxt:
        end = nxt.start()
    return start, end


def contacts_in_sentence(sentence: Sentence, *, actors: Actors, places: Matches,
                         dates: list[DateMention], doc_date: date | None,
                         salience: Salience | None, cue: Cue | None,
                         own: int | None = None, venue: Venue | None = None) -> list[Draft]:
    """Read the contacts one sentence reports, given its cue (``find_cue``); [] when none.

    ``salience`` resolves a pronoun subject ("He met ...") to the person meant; ``own`` is
    the official whose own statement the document is, the "I" or "we" of its sentences;
    ``venue`` is where the document's exchanges take place so far (updated here).
    """
    if cue is None:
        return []
    text = sentence.text
    c_start, c_end = _clause(text, cue)
    if _TOPIC_BEFORE.search(text, max(c_start, cue.start - 60), cue.start) and \
            not _DURING.search(text, max(c_start, cue.start - 60), cue.start):
        # "discussed Barack Obama's letter to the President": an earlier exchange talked
        # about; its parties are the noun phrase's own, its day is not told
        return _topic_contact(sentence, actors, cue, c_end, places=places, dates=dates,
                              host=salience.principal if salience is not None else None)
    cue_pos = sentence.start + cue.start
    people = [(m, actors.people[m.person])
              for m in actors.within(sentence.start + c_start, sentence.start + c_end)
              if actors.people[m.person].kind == "person"]
    people = [(m, p) for m, p in people if p.country or (p.strong and p.title)]
    subjects: list[int] = []
    objects: list[int] = []
    for m, _ in people:
        side = subjects if m.end <= cue_pos else objects
        if m.person not in subjects and m.person not in objects:
            side.append(m.person)
    if not subjects:
        lead = text[c_start:cue.start]
        implied = _IMPLIED.match(lead)
        hint = salience.resolve(sentence.start + c_start + implied.end() - 2,
                                pronoun_gender(implied.group().split()[-1])) \
            if implied and salience is not None else None
        if hint is None and own is not None and _FIRST_PERSON.match(lead):
            hint = own  # "Today we had a video conference with ...": the official speaking
        if hint is not None:
            subjects = [hint]
        elif len(objects) >= 2 and re.search(r"\b(?:conversation|call|meeting|talks)\s+with\s*$",
                                             text[c_start:cue.end], re.IGNORECASE) is None:
            # "In his conversation with X, Putin discussed ...": the last one named leads
            subjects, objects = [objects[-1]], objects[:-1]
    if subjects and not objects and salience is not None:
        pronoun = _OBJECT_PRONOUN.match(text, cue.end, c_end)
        if pronoun:
            # "I had a meeting with him yesterday": the person "him" refers to
            meant = salience.resolve(sentence.start + pronoun.start("p"),
                                     pronoun_gender(pronoun.group("p")))
            if meant is not None and meant not in subjects:
                objects = [meant]
    leaders_of = _LEADERS_OF.search(text, cue.start, c_end)
    together = not objects and not leaders_of and _coordinated(people, subjects, text,
                                                                 sentence.start, cue)
    if together:
        # "Blinken and Lavrov met in Geneva": the first subject leads, the others join
        subjects, objects = subjects[:1], subjects[1:]
    if not subjects or not (objects or leaders_of):
        return []
    objects = [o for o in objects if o not in subjects]
    _locate(objects, actors, places, sentence, c_start, c_end,
            {actors.people[s].country for s in subjects}, venue)
    home = {actors.people[s].country for s in subjects}
    counterparts = [o for o in objects if actors.people[o].country not in home
                    or actors.people[o].country is None]
    extra: list[tuple[str, str]] = []
    if leaders_of:
        for place in places.within(sentence.start + leaders_of.end(), sentence.start + c_end):
            iso3 = place.value.iso3
            if iso3 and iso3 not in home and iso3 not in {actors.people[o].country
                                                          for o in counterparts}:
                extra.append((f"{GENERIC}{country_name(iso3)}", iso3))
    if not counterparts and not extra:
        return []
    when, when_text, dated = _contact_date(sentence, dates, doc_date=doc_date)
    principals = _one_per_country([actors.people[s] for s in subjects])
    others = [(actors.people[o].label, actors.people[o].country) for o in counterparts] + extra
    joint = len(principals) > 1 or (together and len(others) > 1) or (
        len(others) > 1 and not leaders_of and
                                    _JOINT.search(text, c_start, cue.end + 40) is not None and
                                    not _SEPARATE.search(text, c_start, c_end))
    parts_of = [(p.label, p.country) for p in principals]
    if joint:
        seen = {c for _, c in parts_of if c}
        groups = [tuple(parts_of + [o for o in others if o[1] is None or
                                    (o[1] not in seen and not seen.add(o[1]))])]
    else:
        groups = [tuple(parts_of + [o]) for o in others]
    drafts = [Draft(g, cue.channel, when, when_text, dated, sentence.text, sentence.para)
              for g in groups]
    # Two countries at least; a principal with no country (an EU or UN official) may join one.
    return [d for d in drafts if len(d.countries()) >= 2 or
            (len(d.countries()) == 1 and any(c is None for _, c in d.participants[:len(parts_of)]))]


#: What joins two subjects of one verb: "A and B", "A, B and C", "A and his counterpart B".
_AND_BETWEEN = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:(?:his|her|their|the)\s+)?"
                          r"[^,;:.\"“”]{0,60}$")
#: The cue as the occasion of what the subjects did: "discussed trade during a meeting",
#: "agreed in a phone call".
_DURING = re.compile(r"\b(?:during|at|in|over|after|following)\s+(?:a|an|the|their|its)\s+"
                     r"(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
#: A verb between the subjects and the cue other than one that holds the cue's noun ("held a
#: meeting", "had talks"): the cue is then not the subjects' own verb.
_OTHER_VERB = re.compile(r"\b(?!(?:held|had|hold|holds|have|conducted|also)\b)"
                         r"(?:\w+ed|said|says|told|was|were|is|are|has|will|would|to)\b")


def _coordinated(people: list, subjects: list[int], text: str, offset: int, cue: Cue) -> bool:
    """True when two subjects or more before the cue are joined by "and" (or commas then
    "and") into one subject, with no verb between them, and the cue is their own verb ("A and
    B met", "A and B held a meeting"; not "A and B agreed to meet"): they took part together."""
    if len(subjects) < 2:
        return False
    firsts = []
    for m, _ in people:
        if m.person in subjects and m.person not in [f.person for f in firsts]:
            firsts.append(m)
    between = [text[a.end - offset:b.start - offset] for a, b in zip(firsts, firsts[1:])]
    if not between or re.search(r"\band\b", " ".join(between)) is None or \
            not all(_AND_BETWEEN.match(gap) and not _VERB.search(gap) for gap in between):
        return False
    return not _OTHER_VERB.search(text, firsts[-1].end - offset, cue.start) or \
        _DURING.search(text, max(0, cue.start - 60), cue.start) is not None


def _topic_contact(sentence: Sentence, actors: Actors, cue: Cue, c_end: int, *,
                   places: Matches | None = None, dates: list[DateMention] | None = None,
                   host: int | None = None) -> list[Draft]:
    """A contact named as a topic ("addressed Obama's letter to the President of Russia"):
    the possessor and the people after the cue. Its day is the one a date right after the
    cue gives ("Macron's visit to Washington yesterday"), else unknown. A visit whose host
    the phrase does not name is to the place it names ("to Washington": a principal of that
    country named in the document) or, with no place, to the document's principal ("the Crown
    Prince's visit", in the host's readout)."""
    cue_pos = sentence.start + cue.start
    owner = actors.latest_before(cue_pos, lambda p: p.kind == "person", reach=3)
    parties = []
    if owner is not None and re.fullmatch(r"['’]s\s+(?:\w+\s+)?", sentence.text[
            owner.end - sentence.start:cue.start]):
        parties.append(actors.people[owner.person])
    for m in actors.within(cue_pos, sentence.start + c_end):
        person = actors.people[m.person]
        if person.kind == "person" and person not in parties:
            parties.append(person)
    if cue.channel == "visit" and len(parties) == 1 and parties[0].country:
        visited = _visit_host(sentence, actors, places, cue, c_end, host)
        if visited is not None and visited.country != parties[0].country:
            parties.append(visited)
    parts = tuple((p.label, p.country) for p in _one_per_country(parties) if p.country)
    if len({c for _, c in parts}) < 2:
        return []
    after = [d for d in dates or () if d.start >= cue.end and d.start - cue.end <= 40 and
             d.kind in ("explicit", "relative") and d.date]
    when = after[0] if after else None
    return [Draft(parts, cue.channel, when.date if when else None, when.text if when else "",
                  True, sentence.text)]


#: A sentence whose subject is the sides of the exchange together.
_SIDES_SUBJECT = re.compile(r"\s*(?:The\s+(?:two\s+)?(?:leaders|sides|ministers|presidents)|They|"
                            r"Both\s+(?:leaders|sides|ministers)|The\s+two)\b")


def _visit_host(sentence: Sentence, actors: Actors, places: Matches | None, cue: Cue,
                c_end: int, host: int | None):
    """Who a visit told as a topic was paid to: a principal of the country of the place right
    after "to" ("visit to Washington"), or the document's principal when no place is named."""
    to = re.match(r"\s+to\s+(?:the\s+)?", sentence.text[cue.end:c_end])
    if to is None:
        # "The two leaders reflected on the Crown Prince's visit": the sides of the exchange
        # talk of a visit between them, to the principal's country
        together = _SIDES_SUBJECT.match(sentence.text)
        return actors.people[host] if host is not None and together else None
    at = sentence.start + cue.end + to.end()
    place = next((p for p in (places.within(at, at + 40) if places is not None else [])
                  if p.start == at and p.value.iso3), None)
    if place is None:
        return None
    return next((p for p in actors.people if p.kind == "person" and
                 p.country == place.value.iso3), None)


def _one_per_country(people: list) -> list:
    """The first person of each country (people with no country all kept), in order."""
    seen: set[str] = set()
    out = []
    for p in people:
        if p.country is None or p.country not in seen:
            out.append(p)
            if p.country:
                seen.add(p.country)
    return out


class Venue:
    """Where a document's exchanges take place, as far as it has said: the place its title
    or its last located exchange names ("Meetings in Manila"), for counterparts the text
    gives no country."""

    def __init__(self, iso3: str | None = None) -> None:
        self.iso3 = iso3


def venue_in(text: str, offset: int, places: Matches) -> str | None:
    """The country of the first place ``text`` (at body ``offset``) says something happens
    in ("Meetings in Manila", "talks in Hanoi"), or None."""
    for p in places.within(offset, offset + len(text)):
        if p.value.iso3 and p.value.kind in ("capital", "city", "name", "short") and \
                _IN_PLACE.search(text, 0, p.start - offset):
            return p.value.iso3
    return None


def _locate(objects: list[int], actors: Actors, places: Matches, sentence: Sentence,
            c_start: int, c_end: int, home: set[str | None], venue: Venue | None = None) -> None:
    """Give counterparts the text names with no country the country of the place the clause
    says the exchange happened in ("met in Hanoi with Foreign Minister X"), else of the
    document's venue so far, when that is not the principal's own."""
    where = None
    for p in places.within(sentence.start + c_start, sentence.start + c_end):
        if p.value.iso3 and p.value.kind in ("capital", "city", "name", "short") and \
                _IN_PLACE.search(sentence.text, 0, p.start - sentence.start):
            where = p.value.iso3
            break
    if venue is not None:
        if where is not None:
            venue.iso3 = where
        else:
            where = venue.iso3
    if all(actors.people[o].country for o in objects):
        return
    if where is None or where in home:
        return
    for o in objects:
        person = actors.people[o]
        if person.country is None and person.title:
            person.country = where


def cue_date(cue: Cue | None, dates: list[DateMention]) -> tuple[str, date, str] | None:
    """(channel, day, words) when a sentence dates an exchange it does not name the parties of
    ("discussed events ... during Pentagon meetings Thursday"); else None."""
    usable = [d for d in dates if d.kind in ("explicit", "relative") and d.date]
    if cue is None or len(usable) != 1:
        return None
    return cue.channel, usable[0].date, usable[0].text


def _contact_date(sentence: Sentence, dates: list[DateMention], *,
                  doc_date: date | None) -> tuple[date | None, str, bool]:
    """The day a contact sentence dates it to: (date, words, whether the sentence said so).

    A sentence with no date words falls back to the document date (undated: it may still take
    a sibling contact's date); a sentence placing it at an unstated time gives None.
    """
    usable = [d for d in dates if d.kind in ("explicit", "relative")]
    if usable:
        return usable[0].date, usable[0].text, True
    vague = [d for d in dates if d.kind == "vague"]
    if vague:
        return None, vague[0].text, True
    if _PLUPERFECT.search(sentence.text):
        return None, "", True
    trip = _IN_A_TRIP.match(sentence.text)
    if trip:
        return None, trip.group().strip(" ,"), True  # some day of the trip, not said which
    return doc_date, "", False


def _head_of(iso3: str, when: date | None) -> str:
    """The head of state of ``iso3`` on ``when`` from the leaders table, else "leader of X"."""
    for title in ("King", "Emir", "Sultan", "President"):
        name = holder(title, iso3, on=when)
        if name:
            return name
    return f"{GENERIC}{country_name(iso3)}"


def merge_contacts(drafts: list[Draft], *, doc_id: str,
                   channel_dates: dict[str, dict[date, str]] | None = None) -> list[Contact]:
    """Merge drafts that tell one exchange twice, and date undated ones from their siblings.

    Two drafts are one exchange when they join the same countries by the same channel and
    their dates agree (or one of them had no date of its own). An undated draft takes the date
    that every dated contact of the same principal and channel shares, if there is one.
    """
    dated_days: dict[tuple[str, str], dict[date, str]] = {}
    for d in drafts:
        if d.dated and d.date is not None:
            dated_days.setdefault((d.principal[0], d.channel), {}).setdefault(d.date, d.date_text)
    resolved: list[Draft] = []
    for d in drafts:
        days = dated_days.get((d.principal[0], d.channel), {}) or \
            (channel_dates or {}).get(d.channel, {})
        if not d.dated and len(days) == 1:
            (day, words), = days.items()
            d = d._replace(date=day, date_text=words)
        resolved.append(d)
    merged: list[Draft] = []
    for d in resolved:
        for i, m in enumerate(merged):
            if m.countries() == d.countries() and m.channel == d.channel \
                    and (m.date == d.date or not m.dated or not d.dated) \
                    and _same_parties(m, d):
                better = m if (m.dated or not d.dated) else d
                named = [x for x in (m, d) if not any(n.startswith(GENERIC)
                                                     for n, _ in x.participants)]
                source = max(named or [m, d], key=lambda x: sum(len(n) for n, _ in x.participants))
                merged[i] = better._replace(participants=source.participants)
                break
        else:
            merged.append(d)
    out = []
    for d in merged:
        parts = tuple((_head_of(c, d.date), c) if n.startswith(GENERIC) and c else (n, c)
                      for n, c in d.participants)
        countries = tuple(c or "" for _, c in parts)
        out.append(Contact(
            contact_id=_contact_id(doc_id, d.date, d.channel, tuple(n for n, _ in parts)),
            doc_id=doc_id,
            date=d.date, date_text=d.date_text, channel=d.channel,
            participants=tuple(n for n, _ in parts), countries=countries,
            evidence=d.evidence, para=d.para))
    return out


def _same_parties(a: Draft, b: Draft) -> bool:
    """True when two drafts join the same people (in any order), or one of them knows a
    counterpart only by country."""
    names_a = {n for n, _ in a.participants}
    names_b = {n for n, _ in b.participants}
    return names_a == names_b or any(n.startswith(GENERIC) for n in names_a | names_b) or \
        {name_key(n) for n in names_a} == {name_key(n) for n in names_b}
