#!/usr/bin/env bash
# Import benchmark against the Calendly simulator (test sources): the real app and an embedded
# PostgreSQL in one JVM. Prints invitees/s and API requests per invitee without a rate limit,
# and how close a 500 requests/minute limited import comes to the least time the limit allows.
# Usage: bench/import-bench.sh [events=10000] [events for the rate-limited run=1200]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -DskipTests test-compile
exec mvn -q org.codehaus.mojo:exec-maven-plugin:3.5.0:java \
  -Dexec.mainClass=com.calendlysync.bench.ImportBench \
  -Dexec.classpathScope=test \
  -Dexec.cleanupDaemonThreads=false \
  -Dexec.args="${1:-10000} ${2:-1200}" 2>&1 | grep -v -E '^[0-9:.]+ (INFO|DEBUG) '
