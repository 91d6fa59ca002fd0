"""Command line: ``python -m analysis extract INPUT_DIR --out OUT_DIR``;
``python -m analysis ingest INPUT_DIR [--data DATA_DIR]``."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


def _extract(args: argparse.Namespace) -> int:
    """Extract a folder of documents into the contract's CSV files."""
    from concurrent.futures.process import BrokenProcessPool

    from analysis.engine.pipeline import write_folder

    root = Path(args.input_dir)
    started = time.perf_counter()
    try:
        run = write_folder(root, Path(args.out), workers=args.workers)
    except OSError as exc:
        if not exc.filename:  # the input folder is missing or not a folder: says so itself
            print(f"error: {exc}", file=sys.stderr)
            return 2
        # an unreadable input folder; an output folder that is a file, not writable, or on a
        # full disk
        where, out = Path(exc.filename), Path(args.out)
        verb = "write" if where == out or out in where.parents else "read"
        print(f"error: cannot {verb} {where}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except BrokenProcessPool:
        print("error: a worker process stopped before it finished (out of memory?); nothing "
              "was written: run again, with --workers 1 to use one process", file=sys.stderr)
        return 2
    ignored = f" ({run.ignored} ignored)" if run.ignored else ""
    counts = ", ".join(f"{run.rows[n]} {n}" + (ignored if n == "rejected" else "") for n in
                       ("documents", "rejected", "countries", "contacts", "statements", "events"))
    print(f"wrote {args.out}: {counts} ({run.processes} process"
          f"{'es' if run.processes != 1 else ''}, {time.perf_counter() - started:.1f} s)")
    return 0


def _ingest(args: argparse.Namespace) -> int:
    """Ingest a folder of documents into the store (incremental, on every core or on Dask)."""
    from analysis.store.database import Store, StoreError
    from analysis.store.ingest import IngestError, ingest

    runner = None
    if args.engine == "dask":
        from analysis.store.dask_engine import DaskRunner

        runner = DaskRunner(args.scheduler, workers=args.workers)
    elif args.workers == 1:
        from analysis.store.ingest import SerialRunner

        runner = SerialRunner()
    try:
        summary = ingest(args.input_dir, Store(args.data), runner=runner, workers=args.workers,
                         full=args.full, progress=not args.quiet)
    except (IngestError, StoreError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        if runner is not None and hasattr(runner, "close"):
            runner.close()
    print(f"ingested {args.input_dir} into {Store(args.data).path}: {summary.line()}")
    return 0


def _positive(value: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value!r}")
    return number


def build_parser() -> argparse.ArgumentParser:
    """The ``python -m analysis`` argument parser, one sub-command per verb."""
    parser = argparse.ArgumentParser(prog="python -m analysis",
                                     description="Readout's extraction engine.")
    sub = parser.add_subparsers(dest="command", required=True)
    extract = sub.add_parser("extract", help="extract a folder of documents into CSV frames")
    extract.add_argument("input_dir", metavar="INPUT_DIR")
    extract.add_argument("--out", required=True, metavar="OUT_DIR")
    extract.add_argument("--workers", type=_positive, default=None, metavar="N",
                         help="processes to extract with (default: every core, or one for a "
                              "folder of fewer than 50 files); the output is the same")
    extract.set_defaults(func=_extract)
    ingest = sub.add_parser("ingest", help="ingest a folder of documents into the store "
                                           "(incremental, parallel)")
    ingest.add_argument("input_dir", metavar="INPUT_DIR")
    ingest.add_argument("--data", metavar="DATA_DIR", default=None,
                        help="the store's folder (default: $READOUT_DATA or ./data)")
    ingest.add_argument("--workers", type=int, default=None,
                        help="processes (local) or chunks in flight per core (dask); "
                             "default: every core")
    ingest.add_argument("--engine", choices=("local", "dask"), default="local",
                        help="local process pool (default) or a Dask cluster")
    ingest.add_argument("--scheduler", metavar="ADDRESS", default=None,
                        help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (--engine dask; "
                             "default: a LocalCluster on this machine)")
    ingest.add_argument("--full", action="store_true",
                        help="extract every document again, ignoring what the store holds")
    ingest.add_argument("--quiet", action="store_true", help="no progress bar")
    ingest.set_defaults(func=_ingest)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
