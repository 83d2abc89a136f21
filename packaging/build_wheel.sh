#!/usr/bin/env bash
# Build an installable wheel of BriefDesk into dist/, carrying db/ (migrations) and
# resources/ (fonts, translations) inside the package, where core/resources.py looks
# for them in an installed app. Then install it into a throw-away venv and check that
# it opens a library, migrates it, and finds its fonts.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
git -C "$root" ls-files -z | (cd "$root" && xargs -0 cp --parents -t "$stage")
cp -r "$stage/db" "$stage/resources" "$stage/src/briefdesk/"
cat >> "$stage/pyproject.toml" <<'TOML'

[tool.setuptools.package-data]
briefdesk = ["db/*.py", "db/*.ini", "db/*.mako", "db/versions/*.py", "resources/**/*"]
TOML
python3 -m pip wheel -q --no-deps -w "$root/dist" "$stage"
wheel="$(ls -t "$root"/dist/briefdesk-*.whl | head -1)"
echo "built $wheel"

check="$stage/check-venv"
python3 -m venv "$check"
"$check/bin/pip" install -q "$wheel"
"$check/bin/python" - "$stage/lib.sqlite" <<'PY'
import sys
from briefdesk.core.library import Library
from briefdesk.core.resources import resource_path
lib = Library(sys.argv[1])
assert lib.count() == 0
assert resource_path("fonts", "DroidSansFallbackFull.ttf").is_file(), "fonts missing from the wheel"
assert resource_path("translations", "zh.po").is_file(), "translations missing from the wheel"
print("installed wheel opens and migrates a library; fonts and translations present")
PY
