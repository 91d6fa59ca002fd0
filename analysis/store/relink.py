"""Keeps a database's links across documents current: the exchanges (and each contact's
``exchange_id``) and the statement groups (``statement_group_id``, ``group_documents``).

Links never cross a key: an exchange's reports share a block (``exchanges.block``: countries
and kind of channel) and a group's statements a speaker key (``retellings.speaker_key``). The
store keeps those keys beside the rows (``schema.KEY_COLUMNS``); every write that adds or
deletes rows records the keys it touched in ``DIRTY`` in its own transaction, and ``relink``
redoes only those keys, from every stored row under them, in document path order: the result
is what ``build_frames`` gives for the whole corpus, at the cost of the keys touched.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import duckdb
import pandas as pd

from analysis.engine.exchanges import block_key
from analysis.engine.frames import LIST_SEP, records_frame
from analysis.engine.linking import link_contacts, link_statements
from analysis.engine.records import Contact, Statement
from analysis.engine.retellings import speaker_key
from analysis.store.schema import DIRTY, SEQ, column_names, quote, table_exists


def with_keys(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """A frame's rows with the store's linking keys added (``schema.KEY_COLUMNS``); other
    frames unchanged."""
    if name not in ("contacts", "exchanges", "statements"):
        return frame
    out = frame.copy()
    if name == "statements":
        out["_speaker_key"] = pd.array([speaker_key(s) if s else "" for s in out["speaker"]],
                                       dtype="string")
    else:
        out["_block"] = pd.array([block_key(_split(c), ch) for c, ch in
                                  zip(out["countries"], out["channel"])], dtype="string")
    return out


def _split(cell: object) -> list[str]:
    """A list cell's items exactly as they were joined (an unknown country stays "")."""
    return str(cell).split(LIST_SEP) if isinstance(cell, str) and cell else []


def _day(cell: object) -> date | None:
    return date.fromisoformat(cell) if isinstance(cell, str) and cell else None


def mark(con: duckdb.DuckDBPyConnection, where: str, params: Iterable[object] = ()) -> None:
    """Record as dirty the keys of the contacts and statements that ``where`` (SQL on the
    row, alias ``r``) selects: rows about to be deleted, or just inserted."""
    if not table_exists(con, DIRTY):
        return
    con.execute(f"INSERT INTO {DIRTY} SELECT DISTINCT 'contacts', r._block FROM contacts r "
                f"WHERE {where}", list(params))
    con.execute(f"INSERT INTO {DIRTY} SELECT DISTINCT 'statements', r._speaker_key "
                f"FROM statements r WHERE {where}", list(params))


def relink(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """Redo the links of every dirty key, then forget the keys; returns (blocks, speakers)
    redone."""
    if not table_exists(con, DIRTY):
        return 0, 0
    blocks = _relink_contacts(con)
    speakers = _relink_statements(con)
    con.execute(f"DELETE FROM {DIRTY}")
    return blocks, speakers


def _dates(rows: pd.DataFrame) -> dict[str, date | None]:
    return {d: _day(v) for d, v in zip(rows["doc_id"], rows["_doc_date"])}


def link_contact_rows(rows: pd.DataFrame) -> tuple[list[str], pd.DataFrame]:
    """Link stored contacts rows (the contacts columns and ``_doc_date``, in document path
    order): each row's exchange id, and the exchanges frame (with its keys)."""
    contacts = [Contact(*fields[:8], int(fields[8]), fields[9], ())
                for fields in zip(rows["contact_id"], rows["doc_id"], map(_day, rows["date"]),
                                  rows["date_text"], rows["channel"],
                                  map(tuple, map(_split, rows["participants"])),
                                  map(tuple, map(_split, rows["countries"])), rows["evidence"],
                                  rows["para"], rows["exchange_id"])]
    contacts = [c._replace(participant_ids=tuple(_split(ids)))
                for c, ids in zip(contacts, rows["participant_ids"])]
    linked, exchanges = link_contacts(contacts, _dates(rows))
    return ([c.exchange_id for c in linked],
            with_keys("exchanges", records_frame("exchanges", exchanges)))


def link_statement_rows(rows: pd.DataFrame) -> tuple[list[str], list[int]]:
    """Link stored statements rows (statement_id, doc_id, speaker, text, ``_seq`` and
    ``_doc_date``, in document path order): each row's group id and group size."""
    # the place in the document stands for the offset: statements are stored in its order
    statements = [Statement(sid, doc, None, speaker, None, "", text, "", int(seq))
                  for sid, doc, speaker, text, seq in zip(
                      rows["statement_id"], rows["doc_id"], rows["speaker"], rows["text"],
                      rows[SEQ])]
    linked = link_statements(statements, _dates(rows))
    return [s.statement_group_id for s in linked], [s.group_documents for s in linked]


def _relink_contacts(con: duckdb.DuckDBPyConnection) -> int:
    keys = f"(SELECT DISTINCT key FROM {DIRTY} WHERE kind = 'contacts')"
    blocks = con.execute(f"SELECT count(*) FROM {keys}").fetchall()[0][0]
    if not blocks:
        return 0
    rows = con.execute(
        f"SELECT c.*, d.date AS _doc_date FROM contacts c JOIN documents d USING (doc_id) "
        f"WHERE c._block IN {keys} ORDER BY d.path, c.{SEQ}").df()
    exchange_ids, exchanges = link_contact_rows(rows)
    con.execute(f"DELETE FROM exchanges WHERE _block IN {keys}")
    if len(exchanges):
        _insert(con, "exchanges", exchanges)
    ids = pd.DataFrame({"doc_id": rows["doc_id"].astype("string"),
                        "seq": rows[SEQ].astype("int32"),
                        "exchange_id": pd.array(exchange_ids, dtype="string")})
    if len(ids):
        con.register("_exchange_ids", ids)
        con.execute(f"UPDATE contacts SET exchange_id = x.exchange_id FROM _exchange_ids x "
                    f"WHERE contacts.doc_id = x.doc_id AND contacts.{SEQ} = x.seq")
        con.unregister("_exchange_ids")
    return blocks


def _relink_statements(con: duckdb.DuckDBPyConnection) -> int:
    keys = f"(SELECT DISTINCT key FROM {DIRTY} WHERE kind = 'statements')"
    speakers = con.execute(f"SELECT count(*) FROM {keys}").fetchall()[0][0]
    if not speakers:
        return 0
    rows = con.execute(
        f"SELECT s.statement_id, s.doc_id, s.speaker, s.text, s.{SEQ}, d.date AS _doc_date "
        f"FROM statements s JOIN documents d USING (doc_id) "
        f"WHERE s._speaker_key IN {keys} ORDER BY d.path, s.{SEQ}").df()
    group_ids, sizes = link_statement_rows(rows)
    groups = pd.DataFrame({
        "doc_id": rows["doc_id"].astype("string"), "seq": rows[SEQ].astype("int32"),
        "gid": pd.array(group_ids, dtype="string"), "docs": pd.array(sizes, dtype="int64")})
    if len(groups):
        con.register("_groups", groups)
        con.execute(f"UPDATE statements SET statement_group_id = x.gid, group_documents = x.docs "
                    f"FROM _groups x WHERE statements.doc_id = x.doc_id "
                    f"AND statements.{SEQ} = x.seq")
        con.unregister("_groups")
    return speakers


def _insert(con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame) -> None:
    columns = ", ".join(quote(c) for c in column_names(name) if c in frame.columns)
    con.register("_relinked", frame)
    try:
        con.execute(f"INSERT INTO {quote(name)} ({columns}) SELECT {columns} FROM _relinked")
    finally:
        con.unregister("_relinked")


__all__ = ["link_contact_rows", "link_statement_rows", "mark", "relink", "with_keys"]
