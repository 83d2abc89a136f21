#!/usr/bin/env bash
# CI step for issue 12: a short fuzz smoke (FUZZ_PER_READER inputs per reader, 200 by default;
# .ci/run sets 100) and the bad-input, crasher, bomb and search-budget tests.  Called by .ci/run
# as its step 3, before the main suite.  Fails when any input
# is unhandled, hung (10 s CPU) or over memory (1.5 GB); refusals are expected.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
export PYTHONPATH="$PWD/src:$PWD${PYTHONPATH:+:$PYTHONPATH}"
work="$(mktemp -d -t briefdesk-fuzz.XXXXXX)"
trap 'rm -rf "$work"' EXIT
"$PY" -m pytest -q -p no:cacheprovider tests/core/test_fuzz_crashers.py tests/core/test_limits.py \
    tests/core/test_search_budget.py
"$PY" bench/fuzz.py --per-reader "${FUZZ_PER_READER:-200}" --workers 2 --timeout 10 --rss-kill-mb 1500 \
    --work "$work" --json "$work/fuzz.json"
