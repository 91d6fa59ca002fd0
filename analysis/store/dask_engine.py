"""Runs the ingest's per-chunk work on a Dask cluster: a ``dask.bag`` of file chunks mapped through
the same pure ``process_chunk`` as the local engine, results written to the same store here.

Use it from the command line::

    python -m analysis ingest INPUT_DIR --engine dask --scheduler tcp://SCHEDULER:8786

or from Python: ``ingest(root, store, runner=DaskRunner("tcp://SCHEDULER:8786"))``. Without a
scheduler address it starts a ``distributed.LocalCluster`` on loopback (one single-threaded
worker process per core).

What the workers need: the same Readout checkout importable (``analysis``; checked: every
worker's ``engine_fingerprint`` must equal this machine's, else ``DaskEngineError``), and the
input folder readable at the same absolute path (a shared volume: NFS, a bind mount in the
worker containers). The store is written by this process only, so it stays a local file.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from analysis.store.ingest import ChunkResult, engine_fingerprint, process_chunk


class DaskEngineError(RuntimeError):
    """The Dask cluster cannot run this ingest; the message says why."""


def _process_partition(chunks: Sequence[Sequence[str]], root: str,
                       known: frozenset[str]) -> list[ChunkResult]:
    return [process_chunk(root, chunk, known) for chunk in chunks]


class DaskRunner:
    """Maps chunks over a Dask cluster: ``scheduler`` is an address (``tcp://host:8786``), a
    ``distributed.Client``, or None for a LocalCluster on 127.0.0.1 of ``workers`` processes."""

    name = "dask"

    def __init__(self, scheduler=None, *, workers: int | None = None):
        from distributed import Client, LocalCluster

        self._own: list = []
        if isinstance(scheduler, Client):
            self.client = scheduler
        elif scheduler:
            try:
                self.client = Client(scheduler, timeout="20s")
            except OSError as exc:
                raise DaskEngineError(f"cannot reach the Dask scheduler at {scheduler}: {exc}")
            self._own.append(self.client)
        else:
            import os

            cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1,
                                   processes=True, host="127.0.0.1", dashboard_address=None)
            self.client = Client(cluster)
            self._own += [self.client, cluster]
        threads = self.client.nthreads()
        self.workers = sum(threads.values()) or 1

    def close(self) -> None:
        """Close the client and the LocalCluster this runner started (not a cluster it was
        given)."""
        for thing in self._own:
            thing.close()
        self._own = []

    def __enter__(self) -> DaskRunner:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def check_workers(self) -> None:
        """Raise ``DaskEngineError`` unless every worker runs this machine's extraction engine."""
        mine = engine_fingerprint()
        theirs = self.client.run(engine_fingerprint)
        odd = sorted(addr for addr, fp in theirs.items() if fp != mine)
        if odd:
            raise DaskEngineError(f"{len(odd)} Dask worker(s) run another version of the "
                                  f"extraction engine than this machine ({', '.join(odd[:3])}); "
                                  f"install the same Readout checkout on every worker")

    def run(self, root: str, chunks: Iterable[Sequence[str]],
            known: frozenset[str]) -> Iterator[ChunkResult]:
        """Yield each chunk's result as its partition finishes (in any order)."""
        import dask
        import dask.bag as db
        from distributed import as_completed

        self.check_workers()
        chunks = [list(c) for c in chunks]
        if not chunks:
            return
        root = str(Path(root).resolve())
        # One Delayed for the known ids: sent to each worker once, not once per task.
        known_key = dask.delayed(known, pure=True)
        bag = db.from_sequence(chunks, partition_size=1)
        results = bag.map_partitions(_process_partition, root, known_key)
        futures = self.client.compute(results.to_delayed())
        for future in as_completed(futures):
            yield from future.result()
            future.release()
