#!/usr/bin/env bash
# Install Apache Jena (ARQ + TDB2, the engine under Fuseki) for the server tests, marker `server`
# (tests/test_store_remote.py runs them against Oxigraph and against Jena).
#
# Jena comes from Debian's libapache-jena-java at a pinned version whose .deb is checked
# against a pinned SHA-256 before it is installed (apt resolves its dependencies, all Debian
# packages). tests/jena/JenaSparqlServer.java, a small SPARQL 1.1 Protocol server over Jena that
# reads a Fuseki configuration file, is compiled into .cache/jena/ (git-ignored) with the
# classpath beside it. A second run with nothing changed only compares versions and a hash.
set -euo pipefail

JENA_DEB=libapache-jena-java
JENA_VERSION=4.5.0-2
JENA_SHA256=b2d304ed9e4388f5f2817305e616021625144632d315d625a24e94e2c62197eb

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CACHE="$ROOT/.cache/jena"
SOURCE="$ROOT/tests/jena/JenaSparqlServer.java"
STAMP="$CACHE/installed"

installed_version() { dpkg-query -W -f='${Status} ${Version}\n' "$JENA_DEB" 2>/dev/null | awk '$3 == "installed" {print $4}'; }
want="$JENA_DEB $JENA_VERSION $(cat "$SOURCE" "$0" | sha256sum | cut -d' ' -f1)"

if [ "$(installed_version)" = "$JENA_VERSION" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
  echo "jena already installed: $JENA_DEB $JENA_VERSION, server in $CACHE"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive

if ! command -v javac >/dev/null || ! command -v jar >/dev/null; then
  $SUDO apt-get install -y --no-install-recommends openjdk-17-jdk-headless \
    || { $SUDO apt-get update && $SUDO apt-get install -y --no-install-recommends openjdk-17-jdk-headless; }
fi

if [ "$(installed_version)" != "$JENA_VERSION" ]; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  if [ "$(id -u)" -eq 0 ] && id _apt >/dev/null 2>&1; then
    chown _apt "$work"  # apt downloads as _apt when it can write the folder
  fi
  if ! (cd "$work" && apt-get download "$JENA_DEB=$JENA_VERSION"); then
    $SUDO apt-get update
    (cd "$work" && apt-get download "$JENA_DEB=$JENA_VERSION") || {
      echo "install-jena: $JENA_DEB $JENA_VERSION is not served (any more); pin the served version and its SHA-256" >&2
      exit 1
    }
  fi
  deb="$(ls "$work"/*.deb)"
  echo "$JENA_SHA256  $deb" | sha256sum --check --quiet || {
    echo "install-jena: $deb does not have the pinned SHA-256 $JENA_SHA256" >&2
    exit 1
  }
  $SUDO apt-get install -y --no-install-recommends "$deb"
fi

# The classpath: the unversioned jars of the package and of every Java library it depends on
# (one slf4j binding, the simple one, so the server logs to stderr without a warning).
closure() {
  local seen=" " queue=("$JENA_DEB") pkg deps dep
  while [ ${#queue[@]} -gt 0 ]; do
    pkg="${queue[0]}"
    queue=("${queue[@]:1}")
    case "$seen" in *" $pkg "*) continue ;; esac
    seen="$seen$pkg "
    echo "$pkg"
    deps="$(dpkg-query -W -f='${Depends}' "$pkg" 2>/dev/null | tr ',|' '\n\n' | awk '{print $1}' | sed 's/:any$//')"
    for dep in $deps; do
      case "$dep" in lib*-java) queue+=("$dep") ;; esac
    done
  done
}
mkdir -p "$CACHE"
closure | xargs dpkg -L 2>/dev/null \
  | grep -E '^/usr/share/java/[^/]+\.jar$' \
  | grep -vE -- '-[0-9][0-9.]*(-[A-Za-z0-9.]+)?\.jar$' \
  | grep -vE '/(slf4j-(jcl|jdk14|log4j12|migrator|nop)|jcl-over-slf4j|jul-to-slf4j|log4j-over-slf4j)\.jar$' \
  | sort -u | paste -sd: > "$CACHE/classpath"

rm -rf "$CACHE/classes"
javac -nowarn -cp "$(cat "$CACHE/classpath")" -d "$CACHE/classes" "$SOURCE"
# Debian's jena-core moves Jena's copy of Xerces to the package `xerces` but leaves its message
# bundles under org/apache/jena/ext/xerces, so the first XSD datatype fails ("internal error"
# in XSSimpleTypeDecl): put the bundles where the classes look for them.
(
  cd "$CACHE/classes"
  jar xf /usr/share/java/jena-core.jar org/apache/jena/ext/xerces/impl/msg org/apache/jena/ext/xerces/impl/xpath/regex
  mkdir -p xerces/impl/xpath
  mv org/apache/jena/ext/xerces/impl/msg xerces/impl/msg
  mv org/apache/jena/ext/xerces/impl/xpath/regex xerces/impl/xpath/regex
  rm -rf org
)
echo "$want" > "$STAMP"
echo "jena installed: $JENA_DEB $JENA_VERSION, server in $CACHE"
