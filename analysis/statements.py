"""Turns quotations and reported speech into ``Statement`` records with their speakers.

Direct statements are the words inside quotation marks (straight or curly), attributed to the
speaker named after the quote ('..., the Kremlin said'), before it ('Clinton said "..."'), by
pronoun ('he added': the last person named), or, for a fragment quoted inside narration, to the
sentence's subject. A quotation split by its attribution is one statement.
Reported statements are claims without quotation marks: one per sentence and speaker, read from
a claim verb ('underscored', 'said that', ``data/speech_verbs.csv``) and its subject, from
'according to X', or from a trailing ', the Kremlin said'.
"""
from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from datetime import date
from functools import cache
from typing import NamedTuple, Protocol

from analysis.actors import Actors, ActorMention
from analysis.dates import DateMention
from analysis.matcher import Matches
from analysis.records import Statement
from analysis.sentences import Sentence
from analysis.tables import read_table


class SentenceDates(Protocol):
    """The date mentions of each sentence, worked out on demand."""

    def mentions(self, sent: Sentence) -> list[DateMention]: ...


_QUOTE = re.compile(r"“([^”]*)”?|\"([^\"]*)\"?")
_PRONOUN = re.compile(r"\b(?:he|she|He|She)\b")
_GROUP = re.compile(
    r"\b(?:[Tt]he\s+two\s+(?:leaders|ministers|sides|men|presidents)|[Bb]oth\s+(?:leaders|sides|"
    r"ministers|men)|[Tt]he\s+(?:leaders|ministers|sides|pair)|[Tt]hey|[Ss]ides|[Tt]he\s+two|"
    r"^Both)\b")
_ACCORDING = re.compile(r"\b[Aa]ccording\s+to\s+")
_MIN_FRAGMENT_WORDS = 3

# The smaller patterns of the rules below, compiled once (not looked up per call).
_CLAUSE_BREAK = re.compile(r"[;:]|,\s+(?=(?:and|but|while|as|who|which)\b)|\bthat\b")
_AND = re.compile(r"\band\b")
_COMMA_OR_SEMI = re.compile(r"[,;]")
_LATIN_WORD = re.compile(r"[A-Za-z]+")
_NP_TAIL = re.compile(r"\s+(?:statement|spokesman|spokesperson)$")
_NP_LEAD = re.compile(r"(?:(?:[Tt]he|[A-Z][\w.'’-]*|of|and)\s+)*$")
_WORD_CHAR = re.compile(r"\w")
_INTRO_END = re.compile(r"[:,]\s*$")
_ADDING = re.compile(r"[^\"“”]{0,80}\b(?:adding|continuing|and\s+added)\s*[:,]?\s*")
_AFTER_CLOSE = re.compile(r"[\s,.;:!?—–-]*[\w(]")
_NEXT_QUOTE = re.compile(r"\s*[“\"]")
_SENTENCE_BREAK = re.compile(r"[a-z]{2,}[.!?]\s+[A-Z]")
_WHO_END = re.compile(r"\s+(?:in|at|on|during|after|before|to|from|for|ahead)\s+|[.;]")
_TRAILING_SAID = re.compile(r",\s+(?P<who>(?:the\s+|The\s+)?[^,\"“”]{2,60}?)\s+(?:said|says|"
                            r"added|stated|reported|announced)(?:\s+on\s+\w+)?\s*(?:,|\.|$)")
_RELATIVE_SAID = re.compile(r"\b(?:which|that|who)\s+(?:they|he|she|it)\s+$")
_LEADING_CONJUNCTION = re.compile(r"^(?:and|but|so|then|that)\s+")
_PRONOUN_WORD = re.compile(r"\b(?:it|this|that|which|who|he|she|they)\b")


@cache
def _verbs() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Regexes of claim verbs and of topic-only verbs."""
    rows = read_table("speech_verbs.csv")

    def alt(kind: str) -> re.Pattern[str]:
        words = [r["verb"] for r in rows if r["kind"] == kind]
        return re.compile(r"\b%s\b" % trie_pattern(words))
    return alt("claim"), alt("topic")


def trie_pattern(words: list[str]) -> str:
    """A regex alternation of ``words`` shaped as a trie ("s(?:a(?:id|ys))"): the regex engine
    then decides letter by letter instead of trying every word at every position. Spaces in
    a word match any white space."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        branches = [(re.escape(ch) if ch != " " else r"\s+") + build(child)
                    for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body
    return "(?:" + build(trie) + ")"


def _statement_id(doc_id: str, kind: str, start: int, text: str) -> str:
    return hashlib.sha1(f"{doc_id}|{kind}|{start}|{text}".encode()).hexdigest()[:12]


class Quote(NamedTuple):
    """A quoted span: ``body[start:end]`` is the inside of the quotation marks."""

    start: int
    end: int
    close: int  # offset just after the closing mark (== end when unclosed)


def find_quotes(body: str, start: int, end: int) -> list[Quote]:
    """Quotations inside ``body[start:end]`` (one paragraph); an unclosed one runs to the end."""
    out = []
    for m in _QUOTE.finditer(body, start, end):
        group = 1 if m.group(1) is not None else 2
        s, e = m.start(group), m.end(group)
        if body[s:e].strip():
            out.append(Quote(s, e, m.end()))
    return out


#: How far after a speech verb a date still dates the speaking ("said on Tuesday").
_SAID_WHEN_GAP = 25


def statement_date(sent: Sentence, mentions: list[DateMention], *,
                   doc_date: date | None) -> date | None:
    """The day a statement was made: a date outside its quotation marks that follows a speech
    verb ("the Kremlin said on Tuesday") or opens the sentence ("On Monday, Putin said"); else
    the document date. Dates inside the quoted or reported words ("we discussed ...
    yesterday") date what is talked about, not the talking."""
    claim, _topic = _verbs()
    text = sent.text
    quotes = [(q.start, q.end) for q in find_quotes(text, 0, len(text))] if mentions else []
    verb_ends = [v.end() for v in claim.finditer(text)] if mentions else []
    for m in mentions:
        if any(a <= m.start < b for a, b in quotes):
            continue
        fronted = m.start <= 3 and text[m.end:m.end + 1] == ","
        after_verb = any(0 <= m.start - end <= _SAID_WHEN_GAP for end in verb_ends)
        if fronted or after_verb:
            return m.date if m.kind in ("explicit", "relative") else None
    return doc_date


class Speaker(NamedTuple):
    """Who a statement is credited to."""

    name: str
    country: str | None


BOTH = Speaker("both sides", None)
ALL = Speaker("all sides", None)


def _speaker_of(actors: Actors, mention: ActorMention) -> Speaker:
    person = actors.people[mention.person]
    return Speaker(person.name, person.country)


def _mentions_in(actors: Actors, start: int, end: int) -> list[ActorMention]:
    return actors.within(start, end)


def _state_speaker(places: Matches, body: str, start: int, end: int) -> Speaker | None:
    """A state named as the subject ('Israel warned', 'The UK continued to urge')."""
    for p in places.starting_in(start, end):
        if p.value.kind in ("name", "short"):
            lead = body[start:p.start].strip()
            if lead in ("", "The", "the"):
                name = ("the " if lead else "") + p.phrase
                return Speaker(name, p.value.iso3)
    return None


def _subject(body: str, actors: Actors, places: Matches, start: int, verb_at: int,
             last_person: Speaker | None) -> tuple[Speaker, int] | None:
    """The speaker of a claim verb at ``verb_at``: the actor, group, pronoun or state in the
    clause before it. Returns (speaker, where the subject starts) or None."""
    clause_start = start
    for sep in _CLAUSE_BREAK.finditer(body[start:verb_at]):
        clause_start = start + sep.end()
    window = body[clause_start:verb_at]
    mentions = [m for m in _mentions_in(actors, clause_start, verb_at)]
    group = None
    for g in _GROUP.finditer(window):
        group = g
    persons = [m for m in mentions if actors.people[m.person].kind == "person"]
    distinct = []
    for m in persons:
        if m.person not in [d.person for d in distinct]:
            distinct.append(m)
    if len(distinct) >= 2 and _AND.search(body[distinct[0].end:distinct[-1].start]) and \
            not _COMMA_OR_SEMI.search(body[distinct[-1].end:verb_at]):
        return (ALL if len(distinct) > 2 else BOTH), distinct[0].start
    if group and (not mentions or group.start() + clause_start > mentions[-1].end):
        return BOTH, clause_start + group.start()
    if mentions:
        first = mentions[0]
        lead = body[clause_start:first.start]
        if len(_LATIN_WORD.findall(lead)) <= 3 and actors.people[first.person].kind == "person":
            return _speaker_of(actors, first), _np_start(body, clause_start, first.start)
        last = mentions[-1]
        gap = body[last.end:verb_at]
        if len(gap.split()) <= 6:
            # "the Kremlin spokesman Dmitry Peskov": the person, not the seat, speaks.
            return _speaker_of(actors, last), _np_start(body, clause_start, last.start)
    pron = None
    for p in _PRONOUN.finditer(window):
        pron = p
    if pron and len(body[clause_start + pron.end():verb_at].split()) <= 4:
        # "Talabani was unable to go ..., and he said": the person named earlier in the sentence
        sentence_start = body.rfind(". ", 0, clause_start) + 1
        earlier = [m for m in _mentions_in(actors, sentence_start, clause_start + pron.start())
                   if actors.people[m.person].kind == "person"]
        if earlier:
            return _speaker_of(actors, earlier[-1]), clause_start + pron.start()
        if last_person:
            return last_person, clause_start + pron.start()
    state = _state_speaker(places, body, clause_start + len(window) - len(window.lstrip()), verb_at)
    if state:
        return state, clause_start
    if not mentions and not group:
        np = _noun_phrase_speaker(body, places, clause_start, verb_at)
        if np:
            return np, clause_start
    return None


_NP = re.compile(r"\s*(?:(?:However|Meanwhile|Also|Still|Separately),\s+)?"
                 r"(?P<np>(?:[Tt]he|[Aa]n?)\s+[^,;]{2,60}?|(?:[A-Z][\w-]*\s+){1,2}officials?)"
                 r"(?:\s+(?:who|which|that|,)\b.*)?\s*(?:has|have|had|also|has\s+also)?\s*$", re.S)


def _noun_phrase_speaker(body: str, places: Matches, start: int,
                         end: int) -> Speaker | None:
    """An unnamed speaker given as a noun phrase: "A Saudi official", "The Hamas organization
    who ...", "Palestinian officials", "the Quartet statement" -> "the Quartet"."""
    m = _NP.match(body, start, end)
    if not m:
        return None
    np = _NP_TAIL.sub("", m.group("np").strip())
    if len(np.split()) > 6 or np.lower() in {"the two", "the leaders", "the move", "the closure"}:
        return None
    np = np[0].lower() + np[1:] if np.split()[0] in ("The", "A", "An") else np
    inside = places.starting_in(start + m.start("np"), start + m.end("np"))
    return Speaker(np, inside[0].value.iso3 if inside else None)


def _np_start(body: str, floor: int, pos: int) -> int:
    """Back up from a name to the start of its noun phrase ("Secretary of Defense Lloyd ...")."""
    m = _NP_LEAD.search(body[floor:pos])
    return floor + (m.start() if m else pos - floor)


def direct_statements(body: str, sentences: list[Sentence], *, actors: Actors,
                      places: Matches, doc_id: str, doc_date: date | None,
                      dates_of: SentenceDates, skip_paras: set[int]) -> list[Statement]:
    """Every quotation of three words or more with its speaker.

    ``dates_of`` gives each sentence's date mentions; ``skip_paras`` are paragraphs
    (a title) that yield no statements.
    """
    out: list[Statement] = []
    claim, _topic = _verbs()
    by_para: dict[int, list[Sentence]] = {}
    for s in sentences:
        by_para.setdefault(s.para, []).append(s)
    last_speaker: Speaker | None = None
    for para, sents in sorted(by_para.items()):
        if para in skip_paras:
            continue
        p_start, p_end = sents[0].start, sents[-1].end
        quotes = find_quotes(body, p_start, p_end)
        pending: tuple[int, str, Speaker | None, Sentence] | None = None  # joined quote parts
        for q in quotes:
            text = body[q.start:q.end].strip()
            sent = next((s for s in sents if s.start <= q.start < s.end), sents[-1])
            words = len(text.split())
            before = body[sent.start:max(sent.start, q.start - 1)]
            speaker = _attribution_after(body, q.start, q.close, sent.end, actors, places)
            fragment = bool(_WORD_CHAR.search(before)) and not _INTRO_END.search(before.strip()+" ") \
                and speaker is None
            if speaker is None and _WORD_CHAR.search(before):
                speaker = _attribution_before(body, sent.start, q.start, actors, places,
                                              last_speaker)
            if words < _MIN_FRAGMENT_WORDS:
                continue
            if pending is not None and pending[3] == sent and speaker == pending[2] and \
                    _ADDING.fullmatch(body[out[-1].start + len(pending[1]) + 1:q.start - 1] or ""):
                speaker = None  # '"A," Kanaani told reporters, adding: "B."' is one statement
            if speaker is None and pending is not None and pending[3].para == sent.para:
                # "A," Austin said. "B."  -> one statement
                start, joined, spk, first_sent = pending
                pending = (start, joined + " " + text, spk, first_sent)
                out[-1] = out[-1]._replace(text=pending[1], evidence=body[first_sent.start:sent.end])
                continue
            if speaker is None:
                person = actors.last_before(q.start)
                speaker = last_speaker if person is None else \
                    Speaker(actors.people[person].name, actors.people[person].country)
            if speaker is None:
                continue
            last_speaker = speaker if speaker not in (BOTH, ALL) else last_speaker
            out.append(Statement(
                statement_id=_statement_id(doc_id, "direct", q.start, text), doc_id=doc_id,
                date=statement_date(sent, dates_of.mentions(sent), doc_date=doc_date),
                speaker=speaker.name,
                speaker_country=speaker.country, kind="direct", text=text,
                evidence=sent.text, start=q.start))
            pending = (q.start, text, speaker, sent) if not fragment else None
    return out


_ATTR_VERB = re.compile(r"\b(?:said|says|added|adds|told|tells|stated|insisted|noted|warned|"
                        r"explained|continued|wrote|remarked|commented|declared)\b")


def _attribution_after(body: str, q_start: int, close: int, sent_end: int, actors: Actors,
                       places: Matches) -> Speaker | None:
    """The speaker named right after a closing quote ('," the Kremlin spokesman Dmitry Peskov
    said', '," he added', '," Mehdi Dakhlallah, Syria's minister, told Aljazeera'), or None."""
    window = body[close:sent_end]
    if not _AFTER_CLOSE.match(window) or _NEXT_QUOTE.match(window):
        return None
    verb = _ATTR_VERB.search(window, 0, 160)
    if not verb:
        return None
    pre = window[:verb.start()]
    if len(pre.split()) > 14 or _SENTENCE_BREAK.search(pre):
        return None
    end = close + verb.end() + (len(window[verb.end():].split(",")[0]) if not pre.strip(" ,") else 0)
    mentions = _mentions_in(actors, close, min(end, sent_end))
    persons = [m for m in mentions if actors.people[m.person].kind == "person"]
    if persons:
        return _speaker_of(actors, persons[0])
    if mentions:
        return _speaker_of(actors, mentions[0])
    who = (pre if pre.strip(" ,") else window[verb.end():end - close]).strip(" ,.")
    who = _WHO_END.split(who)[0]
    if _PRONOUN.fullmatch(who):
        person = actors.last_before(q_start)
        return Speaker(actors.people[person].name, actors.people[person].country) if person is not None else None
    return _noun_phrase_speaker(body, places, close + window.find(who), close + window.find(who) + len(who)) if who else None


def _attribution_before(body: str, start: int, q_start: int, actors: Actors,
                        places: Matches, last: Speaker | None) -> Speaker | None:
    """The speaker of a quote introduced in its own sentence ('Clinton said "..."'), or of a
    fragment quoted inside narration (the sentence's subject)."""
    claim, topic = _verbs()
    acc = None
    for acc in _ACCORDING.finditer(body, start, q_start):
        pass
    stop = -1
    if acc is not None:
        stop = body.find(",", acc.end(), q_start)
        stop = q_start if stop < 0 else stop
    if acc is not None and not claim.search(body, stop, q_start) and \
            not topic.search(body, stop, q_start):
        # 'According to the Quartet statement, "..."': the source speaks, no one else does
        who = [m for m in _mentions_in(actors, acc.end(), stop)]
        if who:
            return _speaker_of(actors, who[-1])
        np = _noun_phrase_speaker(body, places, acc.end(), stop)
        if np:
            return np
    verbs = [v for v in claim.finditer(body, start, q_start)] + \
        [v for v in topic.finditer(body, start, q_start)]
    anchor = max((v.start() for v in verbs), default=q_start)
    found = _subject(body, actors, places, start, anchor, last)
    if found:
        return found[0]
    mentions = [m for m in _mentions_in(actors, start, q_start)
                if actors.people[m.person].kind == "person"]
    if mentions:
        return _speaker_of(actors, mentions[0])
    if _PRONOUN.search(body[start:q_start]):
        person = actors.last_before(q_start)
        if person is not None:
            return Speaker(actors.people[person].name, actors.people[person].country)
    return None


def reported_statements(body: str, sentences: list[Sentence], *, actors: Actors,
                        places: Matches, doc_id: str, doc_date: date | None,
                        dates_of: SentenceDates, skip_paras: set[int],
                        direct: list[Statement]) -> list[Statement]:
    """One reported statement per sentence and speaker, from claim verbs without quotes."""
    claim, _topic = _verbs()
    out: list[Statement] = []
    last_person: Speaker | None = None
    all_quoted = sorted((s.start, s.start + len(s.text)) for s in direct)
    quote_starts = [q[0] for q in all_quoted]
    own = own_statement_speaker(body, sentences, actors)
    for sent in sentences:
        if sent.para in skip_paras or sent.text.rstrip().endswith(":"):
            continue
        text = sent.text
        # the quotations of this sentence (a quote may begin a little before its sentence)
        quoted = all_quoted[bisect_left(quote_starts, sent.start - 2000):
                            bisect_left(quote_starts, sent.end)]
        quoted = [q for q in quoted if q[1] > sent.start]
        found: list[tuple[Speaker, int, int]] = []  # speaker, text start, text end
        if own and sent.para > own[1] and not find_quotes(body, sent.start, sent.end):
            found.append((own[0], sent.start, sent.end))
        end = sent.end
        # Trailing attribution: "..., the Kremlin said, adding that ..."
        trail = _TRAILING_SAID.search(text)
        if trail and not any(q[0] < sent.start + trail.start() < q[1] for q in quoted):
            s_abs = sent.start + trail.start("who")
            who_end = sent.start + trail.end("who")
            who = _mentions_in(actors, s_abs, who_end)
            phrase = body[s_abs:who_end].strip()
            if who:
                speaker = _speaker_of(actors, who[-1])
            elif _GROUP.fullmatch(phrase):
                speaker = BOTH
            elif _PRONOUN.fullmatch(phrase) and last_person is not None:
                speaker = last_person
            else:
                speaker = _trailing_speaker(body, places, s_abs, who_end)
            if speaker:
                found.append((speaker, sent.start, sent.start + trail.start()))
                end = sent.start + trail.start()
        acc = _ACCORDING.search(text) if "ccording" in text else None  # skip most at once
        if acc:
            comma = text.find(",", acc.end())
            who = _mentions_in(actors, sent.start + acc.end(),
                               sent.start + (comma if comma > 0 else len(text)))
            if who and comma > 0:
                found.append((_speaker_of(actors, who[-1]), sent.start + comma + 1, end))
        for verb in ([] if found else claim.finditer(body, sent.start, end)):
            if any(q[0] <= verb.start() < q[1] for q in quoted):
                continue
            if any(sent.start <= q[1] <= verb.start() and
                   len(body[q[1]:verb.start()].split()) <= 8 for q in quoted):
                continue  # the attribution of a quotation ('," Blinken told reporters')
            if any(verb.end() <= q[0] < sent.end and len(body[verb.end():q[0]].split()) <= 12
                   for q in quoted):
                continue  # the clause around a quoted fragment is the direct statement
            if verb.group().startswith("welcom") and any(
                    actors.people[m.person].kind == "person"
                    for m in actors.within(verb.end(), min(sent.end, verb.end() + 40))):
                continue  # "welcomed Bahrain's Crown Prince to the Pentagon" is a meeting
            if _RELATIVE_SAID.search(body[sent.start:verb.start()]):
                continue  # "..., which they said was ..." is no claim of its own
            subj = _subject(body, actors, places, sent.start, verb.start(), last_person)
            if subj is None:
                continue
            speaker, s_start = subj
            if any(f[0] == speaker for f in found):
                continue
            found.append((speaker, s_start, end))
        for speaker, s_start, s_end in found:
            claim_text = body[s_start:s_end].strip().rstrip(".").strip()
            claim_text = _LEADING_CONJUNCTION.sub("", claim_text)
            if len(claim_text.split()) < 4:
                continue
            inside = [q for q in quoted if s_start <= q[0] < s_end]
            q_words = sum(len(body[q[0]:q[1]].split()) for q in inside)
            if inside and q_words >= 0.5 * len(claim_text.split()):
                continue
            out.append(Statement(
                statement_id=_statement_id(doc_id, "reported", s_start, claim_text),
                doc_id=doc_id,
                date=statement_date(sent, dates_of.mentions(sent), doc_date=doc_date),
                speaker=speaker.name,
                speaker_country=speaker.country, kind="reported", text=claim_text,
                evidence=sent.text, start=s_start))
        speakers = [sp for sp, _, _ in found if sp not in (BOTH, ALL) and sp.country]
        if speakers:
            last_person = speakers[0]
        else:
            person = _first_person(actors, sent.start, sent.end)
            last_person = last_person if person is None else _speaker_of(actors, person)
    return out


def _first_person(actors: Actors, start: int, end: int) -> ActorMention | None:
    """The first mention of a person (not an institution) inside ``[start, end)``, or None."""
    for m in actors.within(start, end):
        if actors.people[m.person].kind == "person":
            return m
    return None


def _trailing_speaker(body: str, places: Matches, start: int,
                      end: int) -> Speaker | None:
    """A body named in a trailing attribution that is no known actor: "..., the Turkish
    presidency said", "..., Iran's foreign ministry said" (a short noun phrase)."""
    phrase = body[start:end].strip()
    words = phrase.split()
    if not 1 <= len(words) <= 6 or _PRONOUN_WORD.search(phrase):
        return None
    inside = places.starting_in(start, end)
    if not (words[0] in ("the", "The", "a", "A", "an", "An") or inside):
        return None
    phrase = phrase[0].lower() + phrase[1:] if words[0] in ("The", "A", "An") else phrase
    return Speaker(phrase, inside[0].value.iso3 if inside else None)


#: A sentence starting "I" and a lower-case word: at the text's start, or after a full stop
#: (two patterns, so that the search can skip ahead to the stops).
_I_AT_START = re.compile(r"I\s+[a-z]")
_I_AFTER_STOP = re.compile(r"[.!?]\s+I\s+[a-z]")
_OWN_INTRO = re.compile(r"^\s*(?:Words|Statement|Remarks|Comments|Message)\s+(?:from|by)\b",
                        re.IGNORECASE)


def own_statement_speaker(body: str, sentences: list[Sentence],
                          actors: Actors) -> tuple[Speaker, int] | None:
    """The official whose own statement a document is ("Words from the Prime Minister Rishi
    Sunak, on ..." then first-person paragraphs), with the introducing paragraph; or None."""
    if not (_I_AT_START.match(body) or _I_AFTER_STOP.search(body)):
        return None  # no sentence starts "I ..."
    for sent in sentences[:3]:
        if _OWN_INTRO.match(sent.text):
            persons = [m for m in actors.within(sent.start, sent.end)
                       if actors.people[m.person].kind == "person"]
            if persons:
                return _speaker_of(actors, persons[0]), sent.para
    return None
