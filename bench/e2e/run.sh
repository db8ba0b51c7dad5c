#!/usr/bin/env bash
# End-to-end benchmark of notebooks/tcr-response: Python original vs Java port, cold / warm /
# one parameter changed, 1 and 2 workers. See bench/e2e/README.md.
#
#   bench/e2e/run.sh demo
#   bench/e2e/run.sh reference --grid bench/e2e/reference-grid.yaml   # 70,000 cells, scaled-down grid
#   bench/e2e/run.sh reference [--workers 1,2] [--patients N] [--cells-per-sample N] [--grid FILE]
#                              [--change MODEL.KEY=YAML_LIST] [--skip-python]
set -euo pipefail
cd "$(dirname "$0")/../.."
./cellbook setup >/dev/null
exec .venv/bin/python bench/e2e/e2e.py "$@"
