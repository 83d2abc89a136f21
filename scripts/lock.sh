#!/usr/bin/env bash
# Refresh constraints.txt, the exact versions the tests pass with.
#
#   bash scripts/lock.sh          # newest releases within pyproject.toml's ranges
#
# It installs BriefDesk with every extra into a throwaway virtualenv, resolving
# from PyPI afresh (no constraints), and writes what pip chose.  Run the tests
# after (`bash scripts/test.sh`: bootstrap.sh reinstalls when constraints.txt
# changes), and commit constraints.txt with the change that needed it.
# tests/test_lock.py fails when pyproject.toml and constraints.txt disagree.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="${PYTHON:-python3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$python" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install -q --upgrade pip >/dev/null
extras="$("$work/venv/bin/python" - "$root/pyproject.toml" <<'PY'
import sys, tomllib
with open(sys.argv[1], "rb") as fh:
    print(",".join(sorted(tomllib.load(fh)["project"].get("optional-dependencies", {}))))
PY
)"
"$work/venv/bin/python" -m pip install -q "$root[$extras]"
{
  echo "# The exact versions BriefDesk's tests pass with (pip constraints; scripts/bootstrap.sh uses them)."
  echo "# Made by scripts/lock.sh with $("$work/venv/bin/python" -V) from pyproject.toml's ranges and every extra ($extras)."
  echo "# Refresh: bash scripts/lock.sh, then bash scripts/test.sh.  tests/test_lock.py checks it against pyproject.toml."
  "$work/venv/bin/python" -m pip freeze --all --exclude briefdesk --exclude pip --exclude setuptools --exclude wheel \
    | LC_ALL=C sort -f
} > "$root/constraints.txt"
echo "wrote $root/constraints.txt ($(grep -vc '^#' "$root/constraints.txt") pins)"
