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
from bisect import bisect_left, bisect_right
from functools import cache
from datetime import date
from typing import NamedTuple, Protocol

from analysis.engine.actors import Actors
from analysis.engine.attribution import ACCORDING, ALL, BOTH, DATELINE, Reader, Speaker, verbs
from analysis.engine.dates import DateMention
from analysis.engine.records import Statement
from analysis.engine.sentences import Sentence
from analysis.engine.tables import read_list, read_table


class SentenceDates(Protocol):
    """The date mentions of each sentence, worked out on demand."""

    def mentions(self, sent: Sentence) -> list[DateMention]: ...


#: A quotation: opened and closed by straight or curly marks, in either combination (texts
#: mix them: "...” ), unclosed to the end of its paragraph.
#: Marks typed the wrong way round (”all for all“) open and close as well: a ” before a word
#: that follows a space opens, a “ after a word that no word follows closes.
_QUOTE = re.compile(r"(?:[“\"]|(?<![\w”“\"])”(?=\w))([^”\"“]*)(?:[”\"]|(?<=\w)“(?!\w))?")
_MIN_FRAGMENT_WORDS = 3
#: A quoted fragment in narration that nothing attributes is a term, not speech, under this.
_MIN_TERM_WORDS = 4
_WORD_CHAR = re.compile(r"\w")
_AND = re.compile(r"\band\b")
_COMMA_OR_SEMI = re.compile(r"[,;]")
#: What stands between the two parts of one quotation: its attribution ('," he said, "',
#: '," she told reporters, adding: "'), no full stop.
_SPLIT_BY = re.compile(r"[^\"“”.!?]{1,120}?[,:]\s*")
_TRAILING_SAID = re.compile(r",\s+(?P<who>(?:the\s+|The\s+)?[^,\"“”]{2,60}?)\s+(?:said|says|"
                            r"added|stated|reported|announced)(?:\s+on\s+\w+)?\s*(?:,|\.|$)")
_SAID_WORDS = re.compile(r"\b(?:said|says|added|stated|reported|announced|wrote|writes)\b")
_INVERTED_SAID = re.compile(r",\s+(?:said|says|added|wrote|writes)\s+(?P<who>[^\"“”.;]{2,120}?)\s*\.?$")
#: A sentence opening with a pronoun and a modal or copula: what it quotes describes them.
_PRONOUN_MODAL = re.compile(r"\s*(?:[A-Z]\w*,\s+)?(?:he|she|it|they|He|She|It|They)\s+"
                            r"(?:will|would|shall|can|could|may|might|must|should|is|are|was|"
                            r"were)\b")
#: An attribution set off by commas inside its claim: "The plan, Nowak said, would ...".
_ASIDE_SAID = re.compile(r"(?<=\w),\s+(?P<who>(?:the\s+|The\s+)?[^,\"“”]{2,50}?)\s+(?:said|says|added|"
                         r"noted|argued|insisted|warned|stressed)\s*,\s+(?=[a-z])")
_VERB_BEFORE_ASIDE = re.compile(r"\b(?:\w{3,}ed|is|was|are|were|has|had|have|will|would|can|"
                                r"could|said|says)\b")
#: A finite verb: what follows an inverted "said" is then a clause, not its speaker.
_CLAUSE_VERB = re.compile(r"\b(?:is|was|are|were|has|had|have|will|would|can|could|should|"
                          r"must|did|does)\b")
#: Claim verbs read per sentence at most.
_MAX_VERBS = 16
_ADDING_QUOTE = re.compile(r",\s+(?:adding|saying|noting|stating|declaring|explaining|"
                           r"insisting|warning)\s*[,:]?\s*(?:that\s+)?[\"“]")
_AGENTLESS = re.compile(r"\b(?:was|were|been|being)\s+(?:also\s+)?$")
_BY_AGENT = re.compile(r"\s+by\b")
_RELATIVE_SAID = re.compile(r"\b(?:which|that|who)\s+(?:they|he|she|it)\s+$")
_LEADING_CONJUNCTION = re.compile(r"^(?:and|but|so|then|that)\s+")
#: A quotation in title case with no sentence punctuation is a title (of a show, a book, an
#: operation), not somebody's words: "Good Morning America", "Operation Desert Storm".
_TITLE_CASE = re.compile(r"(?:[A-Z0-9][\w’'&:-]*|of|the|and|in|on|for|to|a|an|at)"
                         r"(?:\s+(?:[A-Z0-9][\w’'&:-]*|of|the|and|in|on|for|to|a|an|at))*")


def _verbs() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Regexes of claim verbs and of topic-only verbs."""
    return verbs("claim"), verbs("topic")


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
        s, e = m.start(1), m.end(1)
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


def _is_title(text: str) -> bool:
    """True when a quotation reads as a title, not as speech (title case, no clause
    punctuation): "Good Morning America"."""
    words = text.split()
    return bool(_TITLE_CASE.fullmatch(text.strip(" ,.")) and text.strip()[:1].isupper()
                and len(words) <= 8 and not re.search(r"[!?;]\s*$", text.strip()))


def direct_statements(body: str, sentences: list[Sentence], *, reader: Reader, doc_id: str,
                      doc_date: date | None, dates_of: SentenceDates,
                      skip_paras: set[int]) -> list[Statement]:
    """Every quotation of three words or more with its speaker (``reader`` finds it).

    ``dates_of`` gives each sentence's date mentions; ``skip_paras`` are paragraphs (a title)
    that yield no statements. A quotation nothing attributes keeps an empty speaker.
    """
    out: list[Statement] = []
    by_para: dict[int, list[Sentence]] = {}
    for s in sentences:
        by_para.setdefault(s.para, []).append(s)
    previous: tuple[int, Speaker | None] | None = None  # (paragraph, speaker) of the last quote
    for para, sents in sorted(by_para.items()):
        if para in skip_paras:
            continue
        p_start, p_end = sents[0].start, sents[-1].end
        sent_starts = [s.start for s in sents]
        quotes = find_quotes(body, p_start, p_end)
        pending: tuple[int, str, Speaker | None, Sentence] | None = None  # joined quote parts
        last_long: Quote | None = None
        pending_close = -1
        for n, q in enumerate(quotes):
            text = body[q.start:q.end].strip()
            k = bisect_right(sent_starts, q.start) - 1
            sent = sents[k] if k >= 0 and q.start < sents[k].end else sents[-1]
            words = len(text.split())
            if words < _MIN_FRAGMENT_WORDS:
                continue  # a fragment under three words is no statement
            stop = quotes[n + 1].start - 1 if n + 1 < len(quotes) and \
                quotes[n + 1].start < sent.end else sent.end
            speaker = reader.after(q.close, stop)
            attributed = speaker is not None
            introduced = False
            fragment = False
            if speaker is None:
                left = max(sent.start, last_long.close if last_long is not None and
                           last_long.close > sent.start else sent.start, q.start - 400)
                if _WORD_CHAR.search(body, left, q.start):
                    speaker, introduced = reader.before(left, q.start, sentence_start=sent.start)
                    fragment = not introduced
                    attributed = speaker is not None
            last_long = q  # the last quotation long enough to be a statement
            if not introduced and _is_title(text):
                continue
            split = pending is not None and pending[3] == sent and \
                speaker in (None, pending[2]) and \
                _SPLIT_BY.fullmatch(body, pending_close, q.start - 1) is not None
            if split:
                # '"A," he said, "B."' and '"A," he said, adding: "B."' are one statement
                speaker, attributed = None, False
            opens = not _WORD_CHAR.search(body, sent.start, q.start)
            if not attributed and (split or opens) and pending is not None and \
                    pending[3].para == sent.para:
                # "A," Austin said. "B."  -> one statement (not a quotation inside a clause of
                # its own: 'They add that the plan "B."' stands alone)
                start, joined, spk, first_sent = pending
                pending = (start, joined + " " + text, spk, first_sent)
                out[-1] = out[-1]._replace(text=pending[1], evidence=body[first_sent.start:sent.end])
                continue
            if not attributed and pending is not None and pending[3].para == sent.para:
                # a quotation inside a clause of its own, nothing attributing it: the same
                # paragraph's quoted speaker ('... "A." It is, in their words, "B."')
                speaker = pending[2]
            elif fragment and pending is not None and pending[2] is not None and \
                    pending[3].para == sent.para and pending[3] != sent and \
                    _PRONOUN_MODAL.match(body, sent.start, q.start):
                # 'According to the statement, "A." Also, he will "B."': what he will do is
                # still the statement's words, not his
                speaker = pending[2]
            if not attributed and previous is not None and previous[0] == para - 1 and \
                    q.start - p_start <= 2:
                speaker = previous[1]  # a paragraph of quotation after a quoting paragraph
            elif not attributed and q.start - p_start <= 2 and para - 1 in by_para and \
                    para - 1 not in skip_paras:
                last = by_para[para - 1][-1]  # 'Smith said on Monday that ....\n\n"Quote."'
                speaker = reader.last_speaker(last.start, last.end)
            elif not attributed:
                # 'X has said that .... "Quote."': the speaker of the sentence before
                k = bisect_right(sent_starts, q.start) - 2
                if k >= 0 and q.start - sent.start <= 2:
                    speaker = reader.last_speaker(sents[k].start, sents[k].end)
            if speaker is None and fragment and words < _MIN_TERM_WORDS:
                continue  # an unattributed term in quotation marks ('an "all for all" swap')
            reader.note_speaker(sent.start, speaker)
            out.append(Statement(
                statement_id=_statement_id(doc_id, "direct", q.start, text), doc_id=doc_id,
                date=statement_date(sent, dates_of.mentions(sent), doc_date=doc_date),
                speaker=speaker.name if speaker else "",
                speaker_country=speaker.country if speaker else None, kind="direct",
                text=text, evidence=sent.text, start=q.start, para=sent.para))
            pending = (q.start, text, speaker, sent) if not fragment else None
            pending_close = q.close
            previous = (para, speaker)
    return out


def reported_statements(body: str, sentences: list[Sentence], *, reader: Reader, doc_id: str,
                        doc_date: date | None, dates_of: SentenceDates, skip_paras: set[int],
                        direct: list[Statement], parties: int = 0) -> list[Statement]:
    """One reported statement per sentence and speaker, from claim verbs without quotes.

    ``parties`` is how many principals the document's exchange joins: an agentless passive
    claim ("It was agreed ...") in a readout of an exchange is theirs together."""
    claim, _topic = _verbs()
    out: list[Statement] = []
    all_quoted = sorted((s.start, s.start + len(s.text)) for s in direct)
    quote_starts = [q[0] for q in all_quoted]
    own = own_statement_speaker(body, sentences, reader)
    all_verbs = list(claim.finditer(body))
    verb_starts = [v.start() for v in all_verbs]
    for sent in sentences:
        if sent.para in skip_paras or sent.text.rstrip().endswith(":"):
            continue
        text = sent.text
        first_verb = bisect_left(verb_starts, sent.start)
        last_verb = bisect_left(verb_starts, sent.end)
        if not own and first_verb == last_verb and "ccording" not in text and \
                "reported" not in text and not (parties >= 2 and _joint_claim().match(text)):
            continue  # no claim verb, no "according to": nothing is reported here
        # the quotations of this sentence (a quote may begin a little before its sentence)
        quoted = all_quoted[bisect_left(quote_starts, sent.start - 2000):
                            bisect_left(quote_starts, sent.end)]
        quoted = [q for q in quoted if q[1] > sent.start]
        found: list[tuple[Speaker, int, int]] = []  # speaker, text start, text end
        if own and sent.para > own[1] and not find_quotes(body, sent.start, sent.end) and \
                _stance().search(text):
            # the official's own words: a position, not narration (GUIDELINES.md)
            found.append((own[0], sent.start, sent.end))
        end = sent.end
        said = _SAID_WORDS.search(text)  # the trailing forms need one of these words
        asides: dict[Speaker, tuple[int, int]] = {}
        aside = _ASIDE_SAID.search(text) if said else None
        if aside and _VERB_BEFORE_ASIDE.search(text, 0, aside.start()):
            aside = None  # "X reaffirmed ..., the Kremlin said, adding": a trailing attribution
        if aside and not any(q[0] <= sent.start + aside.start() < q[1] for q in quoted):
            # "The plan, Nowak said, would cost billions": the claim around the aside
            speaker = reader.speaker(sent.start + aside.start("who"), sent.start + aside.end("who"))
            if speaker is not None:
                found.append((speaker, sent.start, end))
                asides[speaker] = (sent.start + aside.start(), sent.start + aside.end())
        # Trailing attribution: "..., the Kremlin said, adding that ..."
        trail = _TRAILING_SAID.search(text) if said and not found else None
        if trail and not any(q[0] < sent.start + trail.start() + 2 and q[1] > sent.start
                             for q in quoted):
            # (a quotation before it makes it the quotation's attribution, no claim)
            speaker = reader.speaker(sent.start + trail.start("who"), sent.start + trail.end("who"))
            if speaker:
                found.append((speaker, sent.start, sent.start + trail.start()))
                end = sent.start + trail.start()
        inverted = _INVERTED_SAID.search(text) if said and not found else None
        if inverted and _CLAUSE_VERB.search(inverted.group("who")):
            inverted = None  # ", said the deal was fair": a clause, not a speaker after the verb
        if inverted and not any(q[0] < sent.start + inverted.start() < q[1] for q in quoted):
            # "The approach is made possible by its resources, said Katie Harbath, ..."
            speaker = reader.speaker(sent.start + inverted.start("who"),
                                     sent.start + inverted.end("who"))
            if speaker:
                found.append((speaker, sent.start, sent.start + inverted.start()))
                end = sent.start + inverted.start()
        acc = ACCORDING.search(text) if "ccording" in text else None  # skip most at once
        if acc:
            comma = text.find(",", acc.end())
            if comma > 0:
                speaker = reader.speaker(sent.start + acc.end(), sent.start + comma)
                if speaker is not None:
                    found.append((speaker, sent.start + comma + 1, end))
        if not found and parties >= 2 and _joint_claim().match(text):
            # "Emphasis was placed on ...": the sides' claim, in a readout of their exchange
            found.append((ALL if parties > 2 else BOTH, sent.start, end))
        for n_verb, verb in enumerate([] if found else all_verbs[first_verb:last_verb]):
            if verb.end() > end:
                break
            if n_verb >= _MAX_VERBS:
                break  # a run of speech verbs is no prose: the first ones are read, no more
            if any(q[0] <= verb.start() < q[1] for q in quoted):
                continue
            if any(sent.start <= q[1] <= verb.start() and
                   len(body[q[1]:verb.start()].split()) <= 20 for q in quoted):
                continue  # the attribution of a quotation ('," Blinken told reporters')
            if any(verb.end() <= q[0] < sent.end and len(body[verb.end():q[0]].split()) <= 12
                   for q in quoted):
                continue  # the clause around a quoted fragment is the direct statement
            if _RELATIVE_SAID.search(body, max(sent.start, verb.start() - 40), verb.start()):
                continue  # "..., which they said was ..." is no claim of its own
            if _AGENTLESS.search(body, max(sent.start, verb.start() - 12), verb.start()):
                # "Concern was expressed", "It was agreed to ...": the subject is what was
                # said, not who said it; in a readout of an exchange, the sides said it
                if parties < 2 or _BY_AGENT.match(body, verb.end()):
                    continue
                subj = (ALL if parties > 2 else BOTH), sent.start
            elif verb.group().startswith("welcom") and reader.names_person_at(verb.end()):
                continue  # "welcomed the Crown Prince to the Pentagon" hosts, claims nothing
            else:
                subj = reader.subject(sent.start, verb.start())
            if subj is None:
                continue
            speaker, s_start = subj
            if any(f[0] == speaker for f in found):
                continue
            found.append((speaker, s_start, end))
        for speaker, s_start, s_end in found:
            adding = _ADDING_QUOTE.search(body, s_start, s_end)
            if adding:
                s_end = adding.start()  # '..., adding: "..."' is the direct statement
            dateline = DATELINE.match(body, s_start, s_end)
            if dateline:
                s_start = dateline.end()  # "MOSCOW (Reuters) — ..." is no part of the claim
            cut = asides.get(speaker)
            claim_text = body[s_start:s_end] if cut is None else \
                body[s_start:cut[0]] + " " + body[cut[1]:s_end]
            claim_text = claim_text.strip().rstrip(".").strip()
            claim_text = _LEADING_CONJUNCTION.sub("", claim_text)
            if len(claim_text.split()) < 4:
                continue
            inside = [q for q in quoted if s_start <= q[0] < s_end]
            q_words = sum(len(body[q[0]:q[1]].split()) for q in inside)
            if inside and q_words >= 0.5 * len(claim_text.split()):
                continue
            reader.note_speaker(sent.start, speaker)
            out.append(Statement(
                statement_id=_statement_id(doc_id, "reported", s_start, claim_text),
                doc_id=doc_id,
                date=statement_date(sent, dates_of.mentions(sent), doc_date=doc_date),
                speaker=speaker.name,
                speaker_country=speaker.country, kind="reported", text=claim_text,
                evidence=sent.text, start=s_start, para=sent.para))
    return out


#: A sentence starting "I" and a lower-case word: at the text's start, or after a full stop
#: (two patterns, so that the search can skip ahead to the stops).
_I_AT_START = re.compile(r"(?:I|We)\s+[a-z]")
_I_AFTER_STOP = re.compile(r"(?:[.!?]\s+|\n\s*)(?:I|We)\s+[a-z]")
_OWN_INTRO = re.compile(r"(?:^|:)\s*(?:[\w-]+\s+){0,2}(?:Words|Statement|Remarks|Comments|"
                        r"Message|Speech|Address)\s+(?:from|by|of)\b", re.IGNORECASE)


@cache
def _joint_claim() -> re.Pattern[str]:
    """The sentence openings of ``joint_claims.txt``: the sides' claims with no speech verb."""
    return re.compile(r"\s*(?:[A-Z]\w*,\s+)?(?:%s)" % "|".join(read_list("joint_claims.txt")),
                      re.IGNORECASE)


@cache
def _stance() -> re.Pattern[str]:
    """Any word of ``stance_words.txt`` or a claim verb: a sentence that states a position."""
    words = list(read_list("stance_words.txt"))
    claim = [r["verb"] for r in read_table("speech_verbs.csv") if r["kind"] == "claim"]
    return re.compile(r"\b(?:%s)\b" % "|".join(re.escape(w) for w in sorted(set(words + claim),
                                                                        key=len, reverse=True)),
                      re.IGNORECASE)


def own_statement_person(body: str, sentences: list[Sentence],
                         actors: Actors) -> tuple[int, int] | None:
    """The official whose own statement a document is ("Words from the Prime Minister Rishi
    Sunak, on ..." or "Remarks by ..." then paragraphs spoken as "I" or "we"): (their index
    in ``actors``, the introducing paragraph); or None."""
    if not (_I_AT_START.match(body) or _I_AFTER_STOP.search(body)):
        return None  # no sentence starts "I ..." or "We ..."
    for sent in sentences[:3]:
        if _OWN_INTRO.search(sent.text):
            persons = [m for m in actors.within(sent.start, sent.end)
                       if actors.people[m.person].kind == "person"]
            if persons:
                return persons[0].person, sent.para
    return None


def own_statement_speaker(body: str, sentences: list[Sentence],
                          reader: Reader) -> tuple[Speaker, int] | None:
    """``own_statement_person`` as a speaker."""
    own = own_statement_person(body, sentences, reader.actors)
    return (reader.person(own[0]), own[1]) if own is not None else None
