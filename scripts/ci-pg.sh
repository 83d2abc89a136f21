#!/usr/bin/env bash
# CI (issue 16): make sure the distribution's PostgreSQL server is installed, so the PostgreSQL
# cases of the tests run (tests/pg.py starts a throwaway server from it; under CI=true a missing
# server fails them instead of skipping).  Run before scripts/test.sh.  Debian/Ubuntu, as root or
# with sudo; it installs only the binaries (the package's own cluster is not used by the tests).
set -euo pipefail
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ci-pg: no apt-get here; install PostgreSQL (initdb, pg_ctl) by hand" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" != 0 ]; then sudo="sudo -n"; fi
echo "installing PostgreSQL for the PostgreSQL cases of the tests…"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends postgresql >/dev/null
