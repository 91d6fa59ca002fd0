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


def _dates(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame) -> dict[str, date | None]:
    return {d: _day(v) for d, v in zip(rows["doc_id"], rows["_doc_date"])}


def _relink_contacts(con: duckdb.DuckDBPyConnection) -> int:
    keys = f"(SELECT DISTINCT key FROM {DIRTY} WHERE kind = 'contacts')"
    blocks = con.execute(f"SELECT count(*) FROM {keys}").fetchall()[0][0]
    if not blocks:
        return 0
    rows = con.execute(
        f"SELECT c.*, c.{SEQ} AS seq, d.date AS _doc_date FROM contacts c JOIN documents d USING (doc_id) "
        f"WHERE c._block IN {keys} ORDER BY d.path, c.{SEQ}").df()
    contacts = [Contact(r.contact_id, r.doc_id, _day(r.date), r.date_text, r.channel,
                        tuple(_split(r.participants)), tuple(_split(r.countries)), r.evidence,
                        int(r.para), r.exchange_id, tuple(_split(r.participant_ids)))
                for r in rows.itertuples(index=False)]
    linked, exchanges = link_contacts(contacts, _dates(con, rows))
    con.execute(f"DELETE FROM exchanges WHERE _block IN {keys}")
    frame = with_keys("exchanges", records_frame("exchanges", exchanges))
    if len(frame):
        _insert(con, "exchanges", frame)
    ids = pd.DataFrame({"doc_id": rows["doc_id"].astype("string"),
                        "seq": rows[SEQ].astype("int32"),
                        "exchange_id": pd.array([c.exchange_id for c in linked],
                                                dtype="string")})
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
    # the place in the document stands for the offset: statements are stored in its order
    statements = [Statement(sid, doc, None, speaker, None, "", text, "", int(seq))
                  for sid, doc, speaker, text, seq in zip(
                      rows["statement_id"], rows["doc_id"], rows["speaker"], rows["text"],
                      rows[SEQ])]
    linked = link_statements(statements, _dates(con, rows))
    groups = pd.DataFrame({
        "doc_id": rows["doc_id"].astype("string"), "seq": rows[SEQ].astype("int32"),
        "gid": pd.array([s.statement_group_id for s in linked], dtype="string"),
        "docs": pd.array([s.group_documents for s in linked], dtype="int64")})
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


__all__ = ["mark", "relink", "with_keys"]
