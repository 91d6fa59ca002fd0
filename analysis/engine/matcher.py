"""Finds whole-word occurrences of many phrases in a text at once (Aho-Corasick).

Matching is case-sensitive (the tables spell each phrase as text capitalises it); overlapping
candidates are settled leftmost-longest, so "Saudi Arabia" wins over "Saudi" and "New Mexico"
(a blocked phrase) hides "Mexico". The automata are ahocorasick-rs DFAs (Rust): one pass over
the text whatever the number of phrases, with offsets in characters.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from typing import Generic, NamedTuple, TypeVar

from ahocorasick_rs import AhoCorasick, Implementation, MatchKind

T = TypeVar("T")

def _straight_apostrophes(text: str) -> str:
    """``text`` with curly apostrophes made straight, the same length (so offsets hold).

    Two ``str.replace`` calls rather than ``str.translate``: a translation table with a
    non-ASCII character is looked up character by character, hundreds of times slower."""
    return text.replace("’", "'").replace("‘", "'")


def _is_word(char: str) -> bool:
    """True for a character of a word (what ``\\w`` matches): a letter, a digit or ``_``."""
    return char.isalnum() or char == "_"


class Match(NamedTuple, Generic[T]):
    """One phrase found in a text: ``text[start:end] == phrase`` (up to apostrophes)."""

    start: int
    end: int
    phrase: str
    value: T


class PhraseMatcher(Generic[T]):
    """A set of phrases, each with a value, searched whole-word in one pass over a text."""

    def __init__(self, phrases: Iterable[tuple[str, T]]) -> None:
        keys: list[str] = []
        # (phrase, value, starts with a word character, ends with one) of each key, in order
        self._entries: list[tuple[str, T, bool, bool]] = []
        seen: set[str] = set()
        for phrase, value in phrases:
            key = _straight_apostrophes(phrase)
            if not key.strip() or key in seen:
                continue  # the first phrase with a key keeps it
            seen.add(key)
            keys.append(key)
            self._entries.append((phrase, value, _is_word(key[0]), _is_word(key[-1])))
        self._size = len(keys)
        self._automaton = AhoCorasick(keys, matchkind=MatchKind.LeftmostLongest,
                                      implementation=Implementation.DFA) if keys else None

    def __len__(self) -> int:
        return self._size

    def find(self, text: str) -> list[Match[T]]:
        """Return the leftmost-longest whole-word matches in ``text``, in order.

        A match needs a non-word character (or the text's edge) on both sides; a hyphen
        counts as a boundary ("Iran-backed", "U.S.-Bahrain"). Returns [] when none.
        """
        if not self._size:
            return []
        hay = _straight_apostrophes(text)
        n = len(hay)
        entries = self._entries
        out: list[Match[T]] = []
        append = out.append
        # leftmost-longest, without overlaps: the longest phrase at the first place one starts
        for index, start, end in self._automaton.find_matches_as_indexes(hay):
            phrase, value, word_start, word_end = entries[index]
            if word_start and start > 0 and ((c := hay[start - 1]).isalnum() or c == "_"):
                continue  # inside a word
            if word_end and end < n and ((c := hay[end]).isalnum() or c == "_"):
                continue
            append(Match(start, end, phrase, value))
        return out


class Matches(list):
    """Matches in text order, with fast look-ups by position (bisect, not a scan), so that
    long documents stay linear."""

    def __init__(self, items: Iterable[Match] = ()) -> None:
        super().__init__(items)
        self._starts = [m.start for m in self]

    def within(self, start: int, end: int) -> list[Match]:
        """The matches lying wholly inside ``[start, end)``."""
        i, j = bisect_left(self._starts, start), bisect_left(self._starts, end)
        return [m for m in self[i:j] if m.end <= end]

    def starting_in(self, start: int, end: int) -> list[Match]:
        """The matches that start inside ``[start, end)``."""
        return self[bisect_left(self._starts, start):bisect_left(self._starts, end)]

    def last_ending_by(self, pos: int) -> Match | None:
        """The last match that ends at or before ``pos`` (matches do not overlap)."""
        i = bisect_right(self._starts, pos) - 1
        while i >= 0:
            if self[i].end <= pos:
                return self[i]
            i -= 1
        return None

    def overlapping(self, start: int, end: int) -> bool:
        """True when some match overlaps ``[start, end)``."""
        i = bisect_left(self._starts, start)
        if i > 0 and self[i - 1].end > start:
            return True
        return i < len(self) and self[i].start < end


class SubstringSet(Generic[T]):
    """Fixed strings, each with a value, looked up anywhere in a text (inside words too,
    overlaps included) in one Aho-Corasick pass: the cheap pre-check that says which
    patterns are worth running, without one ``in`` test per string."""

    def __init__(self, strings: Iterable[tuple[str, T]]) -> None:
        keys: list[str] = []
        self._values: list[T] = []
        seen: set[str] = set()
        for string, value in strings:
            if string and string not in seen:
                seen.add(string)
                keys.append(string)
                self._values.append(value)
        self._size = len(keys)
        self._automaton = AhoCorasick(keys, implementation=Implementation.DFA) if keys else None

    def values_in(self, text: str) -> set[T]:
        """The values of the strings that occur in ``text`` (an empty set when none does).

        >>> sorted(SubstringSet([("phon", 1), ("telephon", 2), ("call", 3)])
        ...        .values_in("by telephone"))
        [1, 2]
        """
        if not self._size:
            return set()
        values = self._values
        return {values[index] for index, _, _ in
                self._automaton.find_matches_as_indexes(text, overlapping=True)}
