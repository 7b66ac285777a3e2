#!/bin/sh
# The suite under load (issue 24): a fresh clone of this checkout's HEAD, `make test` in it while
# BUSY (default 4) processes keep the cores busy. Run by hand; it prints each stage's result and time.
#   sh scripts/test_under_load.sh [BUSY]
set -eu
busy=${1:-4}
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'kill $pids 2>/dev/null || true; rm -rf "$work"' EXIT INT TERM
git clone -q "$here" "$work/yibao"
# ../shared beside the clone, as CI lays it out
ln -s "$(cd "$here/.." && pwd)/shared" "$work/shared"
pids=""
i=0
while [ "$i" -lt "$busy" ]; do
  sh -c 'while :; do :; done' &
  pids="$pids $!"
  i=$((i + 1))
done
echo "load: $busy busy processes ($pids); $(uptime)"
cd "$work/yibao"
start=$(date +%s)
status=0
make test || status=$?
echo "make test under $busy busy processes: status $status in $(( $(date +%s) - start )) s; $(uptime)"
exit $status
