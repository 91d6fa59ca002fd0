"""Finds who a quotation or a claim is attributed to, by the structure of the sentence: the
subject or object of the attribution verb tied to it, never merely the person named nearest.

The attribution of a quotation, in the order tried:
1. after it: '..., Smith said', '..., said Smith, a spokesman for X', '...," he added';
2. before it, in its own sentence: 'Smith said: "..."', 'According to Smith, "..."', and for
   a fragment quoted inside narration ('Smith called it "a disaster"') the subject of the
   sentence;
3. a quotation that continues the one before it, in its paragraph or as a paragraph of its own
   after a quoting paragraph, keeps that speaker.
The speaker noun phrase is read by ``Reader.speaker``: a person the document names (the fullest
form of the name), a name the text gives only there (open-world), a pronoun resolved by the
sentence subjects before it (``analysis.engine.coref``), an institution, a state, or a description ("a
senior official"). When nothing ties a quotation to a speaker the answer is None.
"""
from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from analysis.engine.actors import ActorMention, Actors, is_title_word
from analysis.engine.coref import FRONTED, Salience, head_subject, pronoun_gender
from analysis.engine.matcher import Matches
from analysis.engine.tables import read_list, read_table


class Speaker(NamedTuple):
    """Who a statement is credited to."""

    name: str
    country: str | None


BOTH = Speaker("both sides", None)
ALL = Speaker("all sides", None)


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


@cache
def _addressee_verbs() -> frozenset[str]:
    """Speech verbs whose object is the one spoken to ("told", "asked"): the name after them
    is no inverted speaker."""
    return frozenset(read_list("addressee_verbs.txt"))


@cache
def verbs(kind: str) -> re.Pattern[str]:
    """The verbs of ``speech_verbs.csv`` of one kind ("claim", "quote", "topic"), or of the
    attribution of a quotation ("attribution": claims and quoting verbs), as whole words."""
    kinds = ("claim", "quote") if kind == "attribution" else (kind,)
    words = [r["verb"] for r in read_table("speech_verbs.csv") if r["kind"] in kinds]
    return re.compile(r"\b%s\b" % trie_pattern(words))


_PRONOUNS = re.compile(r"(?:he|she|He|She)")
#: The principals together: "the two leaders", "The Presidents", "Both ministers", "They".
_GROUP = re.compile(r"(?:(?:[Tt]he|[Bb]oth|[Aa]ll)\s+)?(?:(?:two|three|both|four)\s+)?"
                    r"(?:[A-Z]?[a-z]+\s+)?(?:leaders|[Mm]inisters|[Pp]residents|[Ss]ides|"
                    r"counterparts|[Ss]ecretaries|[Pp]rime\s+[Mm]inisters|heads\s+of\s+state|"
                    r"delegations|parties|men|women|countries)(?:\s+both)?|"
                    r"[Tt]he\s+two|[Tt]hey(?:\s+both|\s+all)?|[Bb]oth(?:\s+of\s+them)?|"
                    r"[Tt]he\s+pair|[Ee]ach\s+side")
_DETERMINER = re.compile(r"(?:the|a|an|one|another|some|two|three|several|many|other|most|"
                         r"The|A|An|One|Another|Some|Two|Three|Several|Many|Other|Most)\s")
#: Words that end a speaker noun phrase: a preposition or conjunction after the head.
_NP_END = re.compile(r"\s+(?:in|on|at|during|after|before|to|from|with|when|while|who|whose|"
                     r"which|that|as|told|because|about|if|than|last|this|earlier|later|"
                     r"recently|yesterday|today|tonight|then)\b|\s+[-–—(]")
_LEAD = re.compile(r"[\s,;:—–-]*(?:(?:[Aa]nd|[Bb]ut|[Ss]o|[Tt]hen|[Yy]et)\s+)?")
#: Words between a subject and its attribution verb ("Smith also said", "she has repeatedly
#: said", "who later wrote").
_ADVERBS = re.compile(r"(?:\s+(?:also|then|later|once|recently|previously|often|repeatedly|"
                      r"again|further|flatly|simply|bluntly|famously|quickly|immediately|"
                      r"has|had|have|would|will|could|may|might|did|does|do|is|was|were|are|"
                      r"has\s+been|had\s+been|reportedly|publicly|privately|frequently|"
                      r"separately|additionally|first|last|subsequently|angrily|proudly|"
                      r"happily|sadly|firmly|not|never|always|in\s+turn|just))+$")
_FRONTED = FRONTED
#: How far back (in characters) an attribution is looked for: a subject, an "according to"
#: or a verb further from its quotation is not its attribution, and the bound keeps every
#: search linear in the text's length.
_REACH = 400
ACCORDING = re.compile(r"\b[Aa]ccording\s+to\s+")
#: A finite verb inside a would-be subject: the clause is not a subject then.
_FINITE = re.compile(r"\b(?:is|are|was|were|has|have|had|will|would|can|could|should|must|"
                     r"did|does)\s+(?!\w+ly\b)\w+|\b\w{3,}ed\s+(?:the|a|an|our|their|his|her|"
                     r"its|to|that)\b")
#: The noun phrase that ends right before a verb: capitalised words, titles and particles
#: after an optional determiner ("the Prime Minister", "Foreign Minister Lars Dahl", "he").
_TAIL_NP = re.compile(r"(?<![\w’'])(?:(?:[Tt]he|[Aa]n?)\s+)?(?:[A-Z][\w’'.-]*|he|she)"
                      r"(?:\s+(?:[A-Z][\w’'.-]*|of|the|bin|al|de))*$")
#: How a speaker noun phrase after a quotation starts: a capital, a determiner or a pronoun
#: ('," Smith said', '," the spokesman said', '," he said'; not '" had Smith agreed').
_NP_START = re.compile(r"\s*(?:[A-Z]|(?:the|a|an|he|she|they|it|one|another|two|both)\b|"
                       r"[a-z]+\s+[A-Z])")
#: A description that opens a clause: determiner and up to six words before its verb.
_DESCRIPTION_HEAD = re.compile(r"(?:[Aa]n?|[Tt]he|[Oo]ne|[Aa]nother|[Tt]wo|[Ss]everal|[Ss]ome)\s+"
                               r"(?:(?!(?:[a-z]{3,}ed|said|says|has|had|have|is|was|were|are|will|"
                               r"would|who|that|which)\b)[\w’'.-]+\s+){0,6}?"
                               r"(?=(?:[a-z]{3,}ed|said|says|has|had|have|is|was|were|are|will|"
                               r"would)\b)")
_HEAD_RUN = re.compile(r"(?:[Tt]he\s+)?[A-Z][\w’'.-]*(?:\s+(?:(?:of|the|and|for|bin|al|de|el)\s+)*"
                       r"[A-Z][\w’'.-]*)*")
#: A dateline before a report: "WASHINGTON — ", "Washington, DC - ", "KYIV (Reuters) - ".
DATELINE = re.compile(r"(?:[A-Z]{3,}[A-Z .,’']*|[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?,\s+[A-Z][\w.]*)"
                      r"\s*(?:\([^)]{1,30}\))?\s+[-–—]+\s+")
_VERBISH = re.compile(r"\b(?:[a-z]{3,}ed|spoke|met|held|said|told|made|took|gave|went|came|"
                      r"sent|wrote|had|has|have|was|were|is|are|will|would|can|could)\b")
#: A full stop that ends a sentence: after a word of two letters or more that is no title
#: abbreviation ("Mrs.", "Sen."), before a capital.
_SENTENCE_BREAK = re.compile(r"(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bJr)(?<!\bSr)(?<!\bMrs)"
                             r"(?<!\bSen)(?<!\bRep)(?<!\bGov)(?<!\bGen)(?<!\bCol)(?<!\bRev)"
                             r"(?<=[a-z]{2})[.!?]\s+[A-Z]")
#: A document credited to its source: "a statement released by the White House", "a
#: communiqué issued on Libyan state TV".
_DOCUMENT_BY = re.compile(r"(?:[Aa]n?|[Tt]he)\s+(?:\w+\s+){0,2}?(?:statement|communiqu[eé]|"
                          r"release|report|readout|announcement|message|letter|memo|post|"
                          r"tweet)\s+(?:\w+\s+)?(?:by|from|on|of)\s+(?P<source>\S)")
#: "As the analyst Jane Roe puts it, ...": the one who puts it speaks.
_AS_PUT = re.compile(r"\b[Aa]s\s+(?P<np>[^,;\"“”]{2,80}?)\s+(?:puts|put|said|says|noted|notes|"
                     r"wrote|writes|observed|observes|remarked|explained)\s+it\b")
#: "KCNA quoted an official at the ministry as saying": the one quoted speaks.
QUOTED_AS = re.compile(r"\bquoted\s+(?P<np>[^\"“”]{3,90}?)\s+as\s+(?:saying|telling)\b")
_OF_PHRASE = re.compile(r"\s+(?:of|from|at|with)\s")
_THEY = re.compile(r"[Tt]hey(?:\s+both|\s+all)?")
#: How a description speaker starts ("an official at the ministry", "the spokesman").
_DESCRIBED = re.compile(r"(?:an?|the|one|another|some|two|three|several|many|other)\s")
#: A description of several speakers: "the draft proposals", "some officials", "two diplomats".
_PLURAL_DESCRIPTION = re.compile(r"(?:the|some|two|three|several|many|other)\s+(?:[\w’'-]+\s+){0,5}"
                                 r"[a-z][\w-]*[^su\W]s")
#: A speaker noun phrase between an attribution verb and its quotation: " CBS moderator Nancy
#: Cordes: ".
_INVERTED_INTRO = re.compile(r"\s+(?:[a-z]+\s+)?[A-Z][^\"“”.;]{1,80}[:,]\s*")
_ABBREVIATION_END = re.compile(r"(?:(?<![A-Za-z])[A-Z]|\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|St|"
                               r"Jr|Sr|Prof|Rev|Capt|Sgt|Adm|Maj))$")
_PARTICIPLE_BEFORE = re.compile(r",[\"”’]?\s*(?:\w+\s+){0,2}$")
_CAP_NAME = re.compile(r"[A-Z][\w’'.-]*(?:\s+(?:(?:bin|ibn|al|el|de|da|van|von|der|la|le)\s+)?"
                       r"[A-Z][\w’'.-]*){0,4}")
_POSSESSIVE_AFTER = re.compile(r"['’]s?\b")
#: A role of someone named before it: "Hart's spokesman", "Poland's top diplomat".
_POSSESSOR_ROLE = re.compile(r"(?P<owner>[A-Z][^,;:]{0,60}?)['’]s?\s+"
                             r"(?P<role>(?:[a-z][\w-]*\s+){0,3}[a-z][\w-]*)")
_WORDS = re.compile(r"[\w’'.-]+")


@cache
def _not_names() -> frozenset[str]:
    return frozenset(read_list("not_names.txt"))


def pre_end_of(pre: str, start: int, verb_at: int, body: str) -> int:
    """Where the noun phrase before an attribution verb ends: before the adverbs that stand
    between them ("Smith also said")."""
    adverbs = _ADVERBS.search(body, start, verb_at)
    return adverbs.start() if adverbs else verb_at


class Reader:
    """Reads attributions in one document: its body, people, places and sentence subjects."""

    def __init__(self, body: str, actors: Actors, places: Matches, salience: Salience, *,
                 parties: int = 2) -> None:
        self.body = body
        self.parties = parties  # how many principals the document's exchange joins
        self.actors = actors
        self.places = places
        self.salience = salience
        self._described: tuple[int, Speaker] | None = None  # the last description quoted

    # -- the speaker noun phrase ----------------------------------------------------------

    def person(self, index: int) -> Speaker:
        person = self.actors.people[index]
        return Speaker(person.name, person.country)

    def speaker(self, start: int, end: int) -> Speaker | None:
        """The speaker a noun phrase ``body[start:end]`` names, or None when it names none.

        Reads the head before any appositive ("Smith, the campaign's manager,"), but takes the
        appositive's name when the head is a description ("a spokeswoman, Jane Doe,")."""
        body = self.body
        lead = _LEAD.match(body, start, end)
        start = lead.end() if lead else start
        while end > start and body[end - 1] in " \t\n,;:":
            end -= 1
        if end <= start:
            return None
        source = _DOCUMENT_BY.match(body, start, end)
        if source is not None:
            # "a statement released by the White House": the body that issued it
            found = self.speaker(source.start("source"), end)
            if found is None and len(_WORDS.findall(body[source.start("source"):end])) <= 6:
                found = self._description(source.start("source"), end)
            if found is not None:
                return found
        comma = body.find(",", start, end)
        spanning = [m for m in self.actors.within(start, end) if m.start < comma < m.end] \
            if comma >= 0 else []
        if spanning:  # "the foreign minister, Maria Lenz," is one mention: read past it
            comma = body.find(",", spanning[-1].end, end)
        head_end = comma if comma >= 0 else end
        cut = _NP_END.search(body, start, head_end)
        if cut:
            head_end = cut.start()
        head = body[start:head_end].strip()
        if not head:
            return None
        if _PRONOUNS.fullmatch(head):
            described = self._recent_description(start, plural=False)
            if described is not None:
                return described
            index = self.salience.resolve(start, pronoun_gender(head))
            return self.person(index) if index is not None else None
        if _GROUP.fullmatch(head):
            # the principals together; with no exchange between them in the document, a bare
            # "they" is somebody else (officials, the proposals): not said who
            if self.parties < 2 and _THEY.fullmatch(head):
                return self._recent_description(start, plural=True)
            return ALL if self.parties > 2 else BOTH
        joint = self._joint(start, head_end)
        if joint is not None:
            return joint
        found = self._named(start, head_end)
        if found is not None:
            return found
        if comma >= 0:
            appositive = self._named(comma + 1, end)
            if appositive is not None and (self._is_description(head) or
                                           not self._open_name(start, head_end)):
                return appositive
        owned = _POSSESSOR_ROLE.fullmatch(head)
        if owned is not None:
            # "Hart's spokesman", "Poland's top diplomat": someone the possessor's, unnamed
            owner = [m for m in self.actors.within(start, start + owned.end("owner"))]
            places = [p for p in self.places.within(start, start + owned.end("owner"))
                      if p.value.iso3]
            if owner or places:
                country = (self.actors.people[owner[-1].person].country if owner
                           else places[-1].value.iso3)
                return Speaker(head, country)
        state = self._state(start, head_end)
        if state is not None:
            return state
        name = self._open_name(start, head_end)
        if name is not None:
            return name
        if self._is_description(head):
            return self._description(start, head_end)
        return None

    def _joint(self, start: int, end: int) -> Speaker | None:
        """BOTH or ALL for a subject that joins people ("The Vice President and President
        Akufo-Addo"), else None."""
        people: list = []
        pronoun = re.match(r"(?:[Hh]e|[Ss]he)\s+and\s", self.body[start:end])
        if pronoun:  # "He and Año agreed": the one "he" is, and the other
            meant = self.salience.resolve(start, pronoun_gender(pronoun.group().split()[0]))
            if meant is not None:
                people.append(meant)
        for m in self.actors.within(start, end):
            if self.actors.people[m.person].kind == "person" and m.person not in people:
                people.append(m.person)
        for p in self.places.within(start, end):
            if p.value.iso3 and p.value.kind in ("name", "short") and \
                    p.value.iso3 not in people:
                people.append(p.value.iso3)  # "The UK and Germany have both ..."
        if len(people) < 2:
            return None
        if not re.search(r"\band\b", self.body[start:end]):
            return None
        return ALL if len(people) > 2 else BOTH

    def _named(self, start: int, end: int) -> Speaker | None:
        """The last person or institution named in ``[start, end)`` that is not a possessor
        ("Trump's spokeswoman" names no speaker by "Trump")."""
        chosen: ActorMention | None = None
        for m in self.actors.within(start, end):
            if chosen is not None and _OF_PHRASE.match(self.body, chosen.end, m.start):
                break  # "Mona al-Farra of the Palestinian Red Crescent": the head comes first
            if _POSSESSIVE_AFTER.match(self.body, m.end) or \
                    self.body[m.end:m.end + 1] in ("’", "'"):
                continue
            after = self.body[m.end:end].strip()
            if after and after.split()[0][:1].islower() and after.split()[0] not in ("of",):
                # "the Clinton campaign", "Kremlin spokesman": a name used as an adjective
                if self.actors.people[m.person].kind == "institution":
                    continue
                if len(after.split()) <= 3:
                    continue
            chosen = m
        return self.person(chosen.person) if chosen else None

    def _state(self, start: int, end: int) -> Speaker | None:
        """A state named as the subject ("Israel said", "the UK urged")."""
        for p in self.places.starting_in(start, end):
            if p.value.iso3 and p.value.kind in ("name", "short", "capital"):
                lead = self.body[start:p.start].strip()
                rest = self.body[p.end:end].strip()
                if lead in ("", "The", "the") and not rest:
                    return Speaker(("the " if lead else "") + p.phrase, p.value.iso3)
        return None

    def _open_name(self, start: int, end: int) -> Speaker | None:
        """A capitalised name the document has not otherwise named ("Graham said"): its
        fuller form when the document has one."""
        head = self.body[start:end].strip()
        m = _CAP_NAME.fullmatch(head)
        if m is None:
            return None
        words = [w for w in head.split() if w not in _not_names()]
        if not words or len(words) > 5 or any(is_title_word(w) for w in words):
            return None
        name = " ".join(words)
        index = self.actors.find(name, before=start)
        if index is not None:
            return self.person(index)
        if any(p.value.iso3 for p in self.places.within(start, end)):
            return None
        return Speaker(name, None)

    @staticmethod
    def _is_description(head: str) -> bool:
        words = head.split()
        return bool(_DETERMINER.match(head + " ")) and 2 <= len(words) <= 8

    def _description(self, start: int, end: int) -> Speaker:
        """An unnamed speaker given as a description ("a senior official", "The Saudi
        statement"), lower-cased determiner, with the country it names."""
        text = self.body[start:end].strip()
        text = re.sub(r"\s+(?:statement|spokesman|spokesperson)$", "", text) \
            if re.match(r"(?:[Tt]he)\s+[A-Z]\w+\s+statement$", text) else text
        text = text[0].lower() + text[1:] if _DETERMINER.match(text + " ") else text
        inside = [p for p in self.places.within(start, end) if p.value.iso3]
        return Speaker(text, inside[0].value.iso3 if inside else None)

    # -- attributions of a quotation ---------------------------------------------------------

    def after(self, close: int, stop: int) -> Speaker | None:
        """The speaker an attribution right after a closing quote names ('," Smith said',
        '," said Smith, a spokesman', '," he added'), or None. ``stop`` bounds the search
        (the sentence end or the next quotation)."""
        body = self.body
        start = close
        while start < stop and body[start] in " \t,;—–-":
            start += 1
        if start >= stop or body[start] in "\"“”":
            return None
        if body.startswith(("according", "According"), start):
            return self._according_after(start, stop)
        window_end = min(stop, start + 200)
        verb = verbs("attribution").search(body, start, window_end)
        if verb is None:
            return None
        pre = body[start:verb.start()]
        words = _WORDS.findall(pre)
        if not words:  # '," said Smith, a spokesman'
            return self.speaker(verb.end(), self._np_stop(verb.end(), stop))
        if len(words) > 14 or _SENTENCE_BREAK.search(pre) or "\n" in pre:
            return None
        head = pre.split(",", 1)[0]
        if not _NP_START.match(pre) or _VERBISH.search(head):
            if pre.rstrip().endswith(","):  # '," like the markets, said Smith'
                return self.speaker(verb.end(), self._np_stop(verb.end(), stop))
            last = pre.rstrip().rsplit(",", 1)
            if len(last) == 2 and _NP_START.match(last[1].strip()) and \
                    not _VERBISH.search(last[1]) and len(_WORDS.findall(last[1])) <= 6:
                # '" for the victory, Sanders said': the words after the last comma
                at = start + len(last[0]) + 1
                return self.speaker(at, pre_end_of(pre, start, verb.start(), body))
            return None
        pre_end = verb.start()
        adverbs = _ADVERBS.search(body, start, pre_end)
        if adverbs:
            pre_end = adverbs.start()
        return self.speaker(start, pre_end)

    def _according_after(self, start: int, stop: int) -> Speaker | None:
        """'," according to CNN.': the source named after a quotation, or None."""
        m = ACCORDING.match(self.body, start, stop)
        return self.speaker(m.end(), self._np_stop(m.end(), stop)) if m else None

    def _np_stop(self, start: int, stop: int) -> int:
        """Where a speaker noun phrase after an inverted verb ends: a full stop, semicolon,
        colon or quotation mark."""
        end = stop
        for ch in ".;:\"“”!?":
            at = self.body.find(ch, start, end)
            # a full stop of an initial ("J.") or a title abbreviation ("Sen.") does not end it
            while ch == "." and at >= 0 and at - 1 >= start and _ABBREVIATION_END.search(
                    self.body, max(start, at - 5), at):
                at = self.body.find(ch, at + 1, end)
            if at >= 0:
                end = at
        return end

    def before(self, start: int, q_start: int, *,
               sentence_start: int | None = None) -> tuple[Speaker | None, bool]:
        """The speaker of a quotation introduced in its own sentence ('Smith said: "..."',
        'According to Smith, "..."'), or of a fragment quoted in narration (the sentence's
        subject). Returns (speaker, whether an attribution verb introduced it)."""
        body = self.body
        sentence_start = start if sentence_start is None else sentence_start
        start = max(start, q_start - _REACH)
        acc = None
        for acc in ACCORDING.finditer(body, start, q_start):
            pass
        if acc is not None:
            comma = body.find(",", acc.end(), q_start)
            np_end = comma if comma >= 0 else q_start
            if not verbs("attribution").search(body, np_end, q_start):
                found = self.speaker(acc.end(), np_end)
                if found is not None:
                    return found, True
        as_put = None
        for as_put in _AS_PUT.finditer(body, start, q_start):
            pass
        if as_put is not None and len(_WORDS.findall(body[as_put.end():q_start])) <= 3:
            found = self.speaker(as_put.start("np"), as_put.end("np"))
            if found is not None:
                return found, True
        quoted_as = None
        for quoted_as in QUOTED_AS.finditer(body, start, q_start):
            pass
        if quoted_as is not None and len(_WORDS.findall(body[quoted_as.end():q_start])) <= 12:
            found_np = self.speaker(quoted_as.start("np"), quoted_as.end("np"))
            if found_np is not None:
                return found_np, True
        verb = None
        for verb in verbs("attribution").finditer(body, start, q_start):
            pass
        if verb is not None and len(_WORDS.findall(body[verb.end():q_start])) <= 12:
            if verb.group().endswith("ing") and _PARTICIPLE_BEFORE.search(body, start,
                                                                         verb.start()):
                # '..., saying: "..."': the subject of the clause the participle hangs on,
                # named or described ("One aide tried to calm them, saying ...")
                return (self.salience_subject(sentence_start, q_start) or
                        self._described_subject(sentence_start, verb.start())), True
            between = body[verb.end():q_start].rstrip("\"“‘'")
            if _INVERTED_INTRO.fullmatch(between) and verb.group() not in _addressee_verbs():
                # 'explained CBS moderator Nancy Cordes: "..."': the speaker follows the verb
                named = self.speaker(verb.end(), verb.end() + len(between))
                if named is not None:
                    return named, True
            found = self.subject(start, verb.start())
            if found is not None and _PRONOUNS.fullmatch(self.body[found[1]:found[1] + 3].strip()):
                # 'Smith said he believes "..."': the pronoun is the one who said so
                earlier = self._governing(start, found[1])
                if earlier is not None:
                    return earlier, True
            return (found[0] if found else None), True
        return self.salience_subject(sentence_start, q_start), False

    def _governing(self, start: int, pos: int) -> Speaker | None:
        """The subject of the attribution verb that governs a clause starting at ``pos``
        ("Smith said [he believes ...]"), or None."""
        verb = None
        for verb in verbs("attribution").finditer(self.body, max(start, pos - _REACH), pos):
            pass
        if verb is None or len(_WORDS.findall(self.body[verb.end():pos])) > 2:
            return None
        found = self.subject(start, verb.start())
        return found[0] if found is not None and found[0] not in (BOTH, ALL) else None

    def last_speaker(self, start: int, end: int) -> Speaker | None:
        """The speaker of the last attribution verb in ``[start, end)`` (a sentence that
        reports someone's words), or None: '... has commented that X. "Quote."'."""
        verb = None
        for verb in verbs("attribution").finditer(self.body, max(start, end - _REACH), end):
            pass
        if verb is None:
            return None
        found = self.subject(start, verb.start())
        return found[0] if found else None

    def subject(self, start: int, verb_at: int) -> tuple[Speaker, int] | None:
        """The subject of a verb at ``verb_at`` in the clause that starts after ``start``:
        the noun phrase before it, past a fronted phrase and the adverbs before the verb.
        Returns (speaker, where its noun phrase starts) or None."""
        body = self.body
        start = clause = max(start, verb_at - _REACH)
        for sep in re.finditer(r"[;:]|,\s+(?:and|but|while|as|so)\s|\bthat\s|[\"”]\s*,?\s*|\s[—–]\s",
                               body[start:verb_at]):
            clause = start + sep.end()
        while clause < verb_at and body[clause].isspace():
            clause += 1
        np_end = verb_at
        while np_end > clause and body[np_end - 1].isspace():
            np_end -= 1
        adverbs = _ADVERBS.search(body, clause, np_end)
        if adverbs:
            np_end = adverbs.start()
        dateline = DATELINE.match(body, clause, np_end) if clause == start else None
        if dateline:
            clause = dateline.end()
        fronted = _FRONTED.match(body, clause, np_end)
        if fronted:
            clause = fronted.end()
        appositive = body[clause:np_end].rstrip().endswith(",")
        while np_end > clause and body[np_end - 1] in " ,":
            np_end -= 1
        region = body[clause:np_end]
        last_comma = region.rfind(",")
        if last_comma >= 0 and region[last_comma + 1:].strip() and (
                not appositive or self._names_someone(clause + last_comma + 1, np_end)):
            # "Comparing the two systems, Clinton said": the words after the last comma; with
            # a comma before the verb too ("..., Gov. John Kasich (R-OH), said") only when
            # they name a person or a description, not a place ("in Manama, Bahrain,")
            clause += last_comma + 1
            region = body[clause:np_end]
        relative = re.search(r",\s+(?:who|which)\b", region)
        if relative and appositive:
            # "A spokesperson, who asked not to be named, said": the relative clause's verbs
            # are not the subject's
            np_end = clause + relative.start()
            region = body[clause:np_end]
        if len(_WORDS.findall(region)) > 16 or verbs("claim").search(region) or \
                verbs("topic").search(region) or _FINITE.search(region) or \
                _VERBISH.search(region):
            # "The two leaders discussed ... and agreed": the clause's own subject
            head = self._clause_head(clause, np_end)
            if head is None:
                # "Shaath — the commissioner, and former minister — criticized ... and said":
                # the subject the sentence opens with
                m = head_subject(self.actors, body, start, np_end)
                return (self.person(m.person), m.start) if m is not None else None
            found = self.speaker(*head)
            return (found, head[0]) if found is not None else None
        # "the spokesman, Joe Smith, said" / "Smith, who ..., said": the head comes first
        who = re.search(r",\s+(?:who|which)\b", region)
        if who:
            np_end = clause + who.start()
        found = self.speaker(clause, np_end)
        if found is None:
            # "As part of this the Prime Minister noted": the noun phrase right before the verb
            tail = _TAIL_NP.search(body, max(clause, np_end - 120), np_end)
            if tail is not None and tail.start() > clause:
                found = self.speaker(tail.start(), np_end)
                return (found, tail.start()) if found is not None else None
        return (found, clause) if found is not None else None

    def _names_someone(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` names a person or opens with a determiner."""
        if any(self.actors.people[m.person].kind == "person"
               for m in self.actors.within(start, end)):
            return True
        return bool(_DETERMINER.match(self.body[start:end].strip() + " "))

    def _clause_head(self, start: int, end: int) -> tuple[int, int] | None:
        """The noun phrase a clause opens with: the principals together ("The two leaders"), a
        pronoun, or a run of capitalised words and titles ("Secretary of Defense Lloyd J.
        Austin III"); (start, end) or None."""
        if _DOCUMENT_BY.match(self.body, start, end):
            return start, end  # "a statement aired on state TV": read whole by ``speaker``
        described = _DESCRIPTION_HEAD.match(self.body, start, end)
        if described and not _GROUP.match(self.body, start, end):
            return start, described.end()  # "A spokesman for the firm declined ... but said"
        for pattern in (_GROUP, _PRONOUNS, _HEAD_RUN):
            m = pattern.match(self.body, start, end)
            if m and m.group().strip() and (pattern is not _PRONOUNS or
                                           not self.body[m.end():m.end() + 1].isalpha()):
                return m.start(), m.end()
        return None

    def salience_subject(self, start: int, q_start: int) -> Speaker | None:
        """The person at the head of the sentence a quoted fragment sits in, or a name the
        sentence opens with before its verb ("Cross called it ..."); None when neither."""
        m = head_subject(self.actors, self.body, start, q_start)
        if m is not None:
            return self.person(m.person)
        dateline = DATELINE.match(self.body, start, q_start)
        at = dateline.end() if dateline else start
        fronted = _FRONTED.match(self.body, at, q_start)
        at = fronted.end() if fronted else at
        lead = _LEAD.match(self.body, at, q_start)
        at = lead.end() if lead else at
        pronoun = re.compile(r"(?:[Hh]e|[Ss]he)\b").match(self.body, at, q_start)
        if pronoun:  # "He also spoke about the wall, saying it will be "...""
            return self.speaker(pronoun.start(), pronoun.end())
        head = _HEAD_RUN.match(self.body, at, q_start)
        if head is None or not re.match(r"\s+(?:[a-z]+\s+){0,2}?[a-z]+(?:ed|s)\b",
                                         self.body[head.end():q_start]):
            return None
        return self.speaker(head.start(), head.end())

    def _described_subject(self, start: int, end: int) -> Speaker | None:
        """The description a sentence opens with, before its verb ("One aide inside the
        campaign tried ..."), or None."""
        body = self.body
        dateline = DATELINE.match(body, start, end)
        at = dateline.end() if dateline else start
        fronted = _FRONTED.match(body, at, end)
        at = fronted.end() if fronted else at
        head = _DESCRIPTION_HEAD.match(body, at, end)
        if head is None:
            return None
        cut = _NP_END.search(body, head.start(), head.end())
        stop = cut.start() if cut else head.end()
        return self._description(head.start(), stop) if stop > head.start() else None

    def names_person_at(self, pos: int) -> bool:
        """True when a person is named within three words after ``pos`` ("welcomed Crown
        Prince Salman", "welcomed the Emir")."""
        for m in self.actors.within(pos, pos + 60):
            if self.actors.people[m.person].kind == "person" and \
                    len(_WORDS.findall(self.body[pos:m.start])) <= 3:
                return True
        return False

    def _recent_description(self, pos: int, *, plural: bool) -> Speaker | None:
        """The description last quoted shortly before ``pos``, when nobody has been named
        since: what "he" refers to after 'an official said "..."', and "they" after 'the
        draft proposals cite "..."'. None when the number differs or someone came between."""
        if self._described is None or not 0 <= pos - self._described[0] <= _REACH:
            return None
        noted_at, speaker = self._described
        if bool(_PLURAL_DESCRIPTION.fullmatch(speaker.name)) != plural:
            return None
        if any(self.actors.people[m.person].kind == "person"
               for m in self.actors.within(noted_at, pos)):
            return None
        return speaker

    def note_speaker(self, pos: int, speaker: Speaker | None) -> None:
        """Make a named speaker the subject of the sentence at ``pos`` when it has none, so
        that "he" in the sentences after refers to them; remember a description for a "he" or
        "they" after it (any other quotation in between, attributed or not, forgets it)."""
        self._described = (pos, speaker) if speaker is not None and \
            _DESCRIBED.match(speaker.name) else None
        if speaker is None or speaker in (BOTH, ALL):
            return
        index = self.actors.find(speaker.name, before=pos) if speaker.name else None
        if index is not None:
            self.salience.note(pos, index)
