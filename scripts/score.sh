#!/usr/bin/env bash
# Extracts the gold corpus and scores it: bash scripts/score.sh [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-/tmp/readout-score}
.venv/bin/python -m analysis extract ../shared/corpus --out "$out" >/dev/null
python3 ../shared/tools/score.py ../shared/corpus "$out"
