"""Resolves "he", "she" and an implied subject to the person meant, by the subjects of the
sentences read so far (the usual referent of a pronoun in news and readouts), with gender
where the text shows it.

A sentence's subject is the person named at the head of its main clause ("Secretary Austin
underscored ...", "In the call, President Duque thanked ..."). A pronoun refers to the subject
of its own sentence when one precedes it, else to the subject of the nearest earlier sentence
of a compatible gender, else to the latest person named, else to the document's principal
(the subject of its first sentence that has one). Nothing compatible: None, not a guess.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from analysis.engine.actors import ActorMention, Actors
from analysis.engine.sentences import Sentence

_PREPOSITION_END = re.compile(r"\b(?:with|to|by|of|for|from|against|about|on|at|in|and|or|"
                              r"than|between|among|toward|towards|into|like|whom)\s*$",
                              re.IGNORECASE)
#: A phrase before the subject, ended by a comma: "On Monday, ", "Asked about it, ",
#: "In a statement on Tuesday, ", "However, ".
FRONTED = re.compile(r"(?:(?:In|On|At|During|After|Before|Speaking|Asked|Later|Earlier|But|"
                     r"And|Yet|Still|However|Meanwhile|Last|This|Today|Yesterday|Separately|"
                     r"Also|Instead|Afterward|Afterwards|Previously|Then|Now|Elsewhere|When|"
                     r"While|As|Since|Following|Back|Under|Despite|Although|Though|If|Once|"
                     r"Unlike|Like|For|With|Without|Regarding|Given|Earlier|Overall|Further|"
                     r"[A-Z][a-z]+ing|[A-Z][a-z]+ly)\b[^,\"“”]{0,80},\s+)+")
_ADJECTIVAL = re.compile(r"(?:['’]s)?(?:\s+[a-z][\w-]*){0,3}\s+")
#: Role nouns that make a name before them a modifier ("Clinton spokesman", "Trump aides").
_ROLE_AFTER = re.compile(r"(?:['’]s)?\s+(?:spokes(?:man|woman|person)|aides?|advis[eo]rs?|"
                         r"campaign|staff(?:ers?)?|supporters?|allies|ally|camp|team|officials?|"
                         r"administration|government|loyalists|backers|associates?|surrogates?|"
                         r"lawyers?|attorneys?)\b")
_PRONOUN_OR_VERB = re.compile(r"\b(?:[Hh]e|[Ss]he|[Tt]hey|[Ww]e|I|[Ii]t|[a-z]{3,}ed|said|says|"
                              r"met|spoke|told|has|had|was|were|is|are)\b")
_WORDS = re.compile(r"[\w’'.-]+")
_GENDER_OF = {"he": "m", "him": "m", "his": "m", "himself": "m",
              "she": "f", "her": "f", "hers": "f", "herself": "f"}
#: How many sentences back a pronoun may reach for its referent.
REACH = 8


def pronoun_gender(word: str) -> str:
    """"m" for he/him/his, "f" for she/her, "" for anything else."""
    return _GENDER_OF.get(word.lower(), "")


def head_subject(actors: Actors, text: str, start: int, end: int) -> ActorMention | None:
    """The person named at the head of the clause ``[start, end)`` of the body whose text is
    ``text``, past a fronted phrase and a comma ("On Monday, President Duque ...", "Asked
    about the charges, Rubio said ..."), or None."""
    fronted = FRONTED.match(text, start, end)
    if fronted:
        start = fronted.end()
    mentions = actors.within(start, min(end, start + 300))
    for i, m in enumerate(mentions):
        person = actors.people[m.person]
        if person.kind != "person" and i + 1 < len(mentions) and \
                _ADJECTIVAL.fullmatch(text, m.end, mentions[i + 1].start):
            continue  # "Kremlin spokesman Dmitry Peskov": the person is the head
        if person.kind == "person" and _ROLE_AFTER.match(text, m.end):
            continue  # "One Clinton spokesman": the spokesman, not Clinton, is the subject
        lead = text[start:m.start]
        if any(q in lead for q in "\"“”"):
            return None
        if len(_WORDS.findall(lead)) > 3 or _PREPOSITION_END.search(lead) or \
                _PRONOUN_OR_VERB.search(lead):
            return None  # "She praised President Duque": she is the subject, not Duque
        return m if person.kind == "person" else None
    return None


_UNREAD = -1  # a sentence whose subject has not been read yet


class Salience:
    """The subjects of a document's sentences, for resolving pronouns in reading order. A
    sentence's subject is read the first time a pronoun needs it."""

    def __init__(self, body: str, sentences: list[Sentence], actors: Actors) -> None:
        self._actors = actors
        self._body = body
        self._sentences = sentences
        self._starts = [s.start for s in sentences]
        self._subjects: list[int | None] = [_UNREAD] * len(sentences)
        self._principal: int | None = _UNREAD

    def subject(self, index: int) -> int | None:
        """The subject person of sentence ``index`` (into the sentence list), or None."""
        found = self._subjects[index]
        if found == _UNREAD:
            s, body = self._sentences[index], self._body
            colon = body.find(": ", s.start, s.end)
            m = head_subject(self._actors, body, colon + 2, s.end) if colon >= 0 else None
            m = m or head_subject(self._actors, body, s.start, s.end)
            found = self._subjects[index] = m.person if m else None
        return found

    @property
    def principal(self) -> int | None:
        """The subject of the document's first sentence that has one: whom a readout is
        about."""
        if self._principal == _UNREAD:
            self._principal = next((p for i in range(len(self._sentences))
                                    if (p := self.subject(i)) is not None), None)
        return self._principal

    def note(self, pos: int, person: int) -> None:
        """Record ``person`` as the subject of the sentence holding ``pos`` when it has none
        (the speaker of a quotation there)."""
        k = bisect_right(self._starts, pos) - 1
        if k >= 0 and self.subject(k) is None:
            self._subjects[k] = person

    def _fits(self, person: int, gender: str) -> bool:
        known = self._actors.people[person].gender
        return not gender or not known or known == gender

    def resolve(self, pos: int, gender: str = "") -> int | None:
        """The person a pronoun at body offset ``pos`` refers to (``gender`` "m", "f" or "")."""
        k = bisect_right(self._starts, pos) - 1
        if k < 0:
            return None
        own = self.subject(k)
        if own is not None and self._fits(own, gender) and \
                self._actors.within(self._sentences[k].start, pos):
            return self._learn(own, gender)
        for back in range(k - 1, max(-1, k - 1 - REACH), -1):
            subject = self.subject(back)
            if subject is not None and self._fits(subject, gender):
                return self._learn(subject, gender)
        latest = self._actors.latest_before(
            pos, lambda p: p.kind == "person" and (not gender or not p.gender or p.gender == gender))
        if latest is not None:
            return self._learn(latest.person, gender)
        if self.principal is not None and self._fits(self.principal, gender):
            return self._learn(self.principal, gender)
        return None

    def _learn(self, person: int, gender: str) -> int:
        """Record the gender a pronoun shows for ``person`` and return it."""
        if gender and not self._actors.people[person].gender:
            self._actors.people[person].gender = gender
        return person
