#!/usr/bin/env bash
# Sets up a virtual environment (first run only) and serves the dashboard on seeds/ at
# http://localhost:8501. Extra arguments go to `streamlit run`.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -r requirements.txt
exec .venv/bin/streamlit run app.py --server.port 8501 "$@"
