"""Command line: ``python -m analysis extract INPUT_DIR --out OUT_DIR``."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _extract(args: argparse.Namespace) -> int:
    """Extract a folder of documents into the contract's CSV files."""
    from analysis.frames import write_frames
    from analysis.pipeline import extract_folder

    root = Path(args.input_dir)
    try:
        frames = extract_folder(root)
    except (FileNotFoundError, NotADirectoryError, PermissionError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    write_frames(frames, Path(args.out))
    counts = ", ".join(f"{len(frames[n])} {n}" for n in
                       ("documents", "rejected", "countries", "contacts", "statements", "events"))
    print(f"wrote {args.out}: {counts}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The ``python -m analysis`` argument parser, one sub-command per verb."""
    parser = argparse.ArgumentParser(prog="python -m analysis",
                                     description="Readout's extraction engine.")
    sub = parser.add_subparsers(dest="command", required=True)
    extract = sub.add_parser("extract", help="extract a folder of documents into CSV frames")
    extract.add_argument("input_dir", metavar="INPUT_DIR")
    extract.add_argument("--out", required=True, metavar="OUT_DIR")
    extract.set_defaults(func=_extract)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
