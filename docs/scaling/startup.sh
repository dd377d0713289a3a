#!/usr/bin/env bash
# startup.sh SHELF DB N [cold|warm]: starts `SHELF serve` on the database DB
# N times and prints, for each, the seconds until /readyz answers ready and
# the resident memory then. cold (the default) drops the page cache before
# each start (needs root: it writes /proc/sys/vm/drop_caches); warm reads
# the file once first. Serves on 127.0.0.1 only; needs curl and bc.
# To compare two builds, alternate them: machines here are noisy.
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: $0 SHELF DB N [cold|warm]" >&2; exit 2; }
shelf=$1 db=$2 n=$3 mode=${4:-cold}
port=${PORT:-18181}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
[ "$mode" = warm ] && cat "$db" > /dev/null
for _ in $(seq "$n"); do
  if [ "$mode" = cold ]; then
    sync
    echo 3 > /proc/sys/vm/drop_caches
  fi
  start=$(date +%s.%N)
  "$shelf" serve -demo -db "$db" -addr "127.0.0.1:$port" -retrain 0 -cache-mb 0 \
    -rate-limit 0 -key-rate-limit 0 -log-format json > "$log" 2>&1 &
  pid=$!
  until curl -fs "127.0.0.1:$port/readyz" > /dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.05
  done
  secs=$(echo "$(date +%s.%N) - $start" | bc)
  rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status")
  echo "$mode start: $secs s, resident $rss MB"
  kill "$pid"
  wait "$pid" || true
done
