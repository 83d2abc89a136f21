#!/usr/bin/env bash
# Run the date tests again with the newest Babel on PyPI, not the pinned one, so a Babel
# release that changes CLDR's date patterns cannot change how BriefDesk prints dates
# unnoticed.  The newest Babel goes into a throwaway folder put first on PYTHONPATH;
# the project's .venv is not touched.  .ci/run calls this as its step 1, before the main suite.
# Without PyPI (an offline clone) it says so and stops; on CI (CI=true) that is a failure.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/bootstrap.sh"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if ! "$root/.venv/bin/python" -m pip install -q --disable-pip-version-check --no-deps --upgrade \
      --target "$work" babel >/dev/null 2>"$work/pip.err"; then
  echo "newest-Babel date tests: could not fetch Babel from PyPI:" >&2
  cat "$work/pip.err" >&2
  if [ -n "${CI:-}" ]; then exit 1; fi
  exit 0
fi
cd "$root"
export PYTHONPATH="$work" QT_QPA_PLATFORM=offscreen
newest="$("$root/.venv/bin/python" -c 'import babel; print(babel.__version__)')"
pinned="$(grep -i '^babel==' constraints.txt | cut -d= -f3)"
echo "date tests with the newest Babel on PyPI: $newest (pinned: $pinned)"
exec "$root/.venv/bin/python" -m pytest -q -p no:cacheprovider \
  tests/core/test_i18n.py tests/core/test_packs_pdf.py tests/test_cli_pack.py "$@"
