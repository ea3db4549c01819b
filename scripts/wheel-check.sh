#!/usr/bin/env bash
# Build a wheel, install it into a fresh venv and run `kg demo` there from an empty folder,
# so the package is shown to work from its own files (ontologies, data, queries, templates)
# without the checkout. Offline: the fresh venv borrows the locked dependencies of $PYTHON's
# environment through a .pth line (that environment's own kg is not importable from it).
#
# usage: scripts/wheel-check.sh [PYTHON]   (default: .venv/bin/python)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
python=${1:-.venv/bin/python}
[[ $python == /* ]] || python=$repo/$python
work=$(mktemp -d "${TMPDIR:-/tmp}/kg-wheel.XXXXXX")
trap 'rm -rf "$work"' EXIT

fail() { echo "wheel-check: $*" >&2; exit 1; }

# A clean copy of the sources (tracked and new files, nothing ignored), so no stale build/ leaks in.
mkdir "$work/src"
(cd "$repo" && git ls-files -z --cached --others --exclude-standard | xargs -0 tar -cf - 2>/dev/null) \
    | tar -xf - -C "$work/src"
"$python" -m pip wheel --quiet --no-deps --no-build-isolation --no-index "$work/src" -w "$work/dist"
wheel=$(ls "$work"/dist/alliance_kg-*.whl)

"$python" -m venv --without-pip "$work/venv"
"$python" -m pip --python "$work/venv/bin/python" install --quiet --no-deps --no-index "$wheel"
deps=$("$python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
site=$("$work/venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
echo "$deps" > "$site/_kg_locked_deps.pth"

cd "$work"
where=$(venv/bin/python -c 'import kg; print(kg.__file__)')
[[ $where == "$site"/* ]] || fail "kg was imported from $where, not from the installed wheel in $site"

KG_STORE="$work/store" venv/bin/kg demo --out "$work/site" > demo.log 2>&1 \
    || { cat demo.log >&2; fail "kg demo failed when run from the wheel"; }
grep -Eq '^ingested (1[0-9]|[2-9][0-9]) sample articles \(([1-9][0-9]*) event claims\)' demo.log \
    || { cat demo.log >&2; fail "kg demo did not ingest the sample articles"; }
pages=$(find "$work/site" -name '*.html' | wc -l)
[[ -f $work/site/index.html && $pages -gt 10 ]] || fail "kg demo rendered $pages pages, expected the index and more"
grep -q 'Microsoft' "$work/site/index.html" || fail "site/index.html does not name Microsoft (a sample-article party)"
echo "wheel-check: $(basename "$wheel") ran kg demo from a fresh venv: $(head -1 demo.log); $pages pages"
