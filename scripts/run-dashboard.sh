#!/usr/bin/env bash
# Serves the dashboard at http://localhost:PORT (8501 unless given) on seeds/, or on the folder
# READOUT_CORPUS names:  [READOUT_CORPUS=FOLDER] bash scripts/run-dashboard.sh [PORT] [ARGS...]
# The first run creates .venv; requirements.txt is installed again only when it changed (its
# hash is kept in .venv/.requirements-installed). Extra arguments go to `streamlit run`.
set -euo pipefail
cd "$(dirname "$0")/.."
port=8501
if [[ $# -gt 0 && $1 =~ ^[0-9]+$ ]]; then
  port=$1
  shift
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
stamp=.venv/.requirements-installed
wanted=$(.venv/bin/python -c 'import hashlib; print(hashlib.sha256(open("requirements.txt", "rb").read()).hexdigest())')
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  echo "Installing requirements.txt into .venv (only when it changed)..."
  .venv/bin/pip install -q --disable-pip-version-check -r requirements.txt
  echo "$wanted" > "$stamp"
fi
echo "Readout on ${READOUT_CORPUS:-seeds/}: http://localhost:$port (Ctrl-C stops it)"
exec .venv/bin/streamlit run app.py --server.port "$port" "$@"
