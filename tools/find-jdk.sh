#!/usr/bin/env bash
# Prints the home of a JDK >= 21 (JAVA_HOME first, then `java` on PATH, then /usr/lib/jvm/*),
# or explains on stderr and exits 1. Source-free: callers do  JAVA_HOME=$(tools/find-jdk.sh) || exit 1
set -u
MIN=21

feature_version() { # $1 = java executable; prints the feature version (17, 21, 25, ...)
  # A JDK's `release` file names its version: reading it is instant, where starting each
  # candidate JVM cost 0.2 s apiece (0.66 s of every `zkml` command on a machine with three JDKs).
  local release
  release="$(dirname "$(dirname "$1")")/release"
  if [ -r "$release" ] && grep -q '^JAVA_VERSION="' "$release"; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release" | head -n 1
    return
  fi
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'
}

has_javac() { [ -x "$1/bin/javac" ]; }

try_home() { # $1 = candidate home
  local home=$1 v
  [ -x "$home/bin/java" ] && has_javac "$home" || return 1
  v=$(feature_version "$home/bin/java")
  [ -n "$v" ] && [ "${v%%.*}" -ge "$MIN" ] 2>/dev/null || return 1
  printf '%s\n' "$home"
}

if [ -n "${JAVA_HOME:-}" ] && try_home "$JAVA_HOME"; then exit 0; fi
if command -v java >/dev/null 2>&1; then
  home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
  if try_home "$home"; then exit 0; fi
fi
best="" best_v=0
for home in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/*; do
  [ -x "$home/bin/java" ] && has_javac "$home" || continue
  v=$(feature_version "$home/bin/java"); v=${v%%.*}
  if [ -n "$v" ] && [ "$v" -ge "$MIN" ] 2>/dev/null && [ "$v" -gt "$best_v" ]; then best=$home best_v=$v; fi
done
if [ -n "$best" ]; then printf '%s\n' "$best"; exit 0; fi

echo "zkml4j needs a JDK $MIN or newer, and none was found (looked at JAVA_HOME, java on PATH, /usr/lib/jvm)." >&2
echo "Install one (for example: apt-get install openjdk-21-jdk-headless) or point JAVA_HOME at it." >&2
exit 1
