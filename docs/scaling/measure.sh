#!/usr/bin/env bash
# measure.sh PRODUCTS USERS EVENTS: generates a shop of that size with
# `shelf demo`, then measures on this machine what docs/SCALING.md tables:
# the import of each file (wall time, peak memory), the first training (its
# duration, and the server's peak memory), a start-up with the stored model
# (until /readyz answers ready), uncached recommendations under load
# (`shelf bench -scenario recommend-nocache -c 8`, p50 and p99; and with
# wrk and users.lua, when wrk is installed) and the
# server's resident memory while serving (all of it, and the anonymous part:
# the rest is pages of the database file the kernel maps in and may drop).
# It appends one line to
# measurements.csv beside this script; chart.py draws the curves from it.
#
# Needs: a shelf binary (SHELF, default: built from this repository), GNU
# time at /usr/bin/time, curl and jq. Everything runs on 127.0.0.1 and in a
# temporary directory (WORK, removed at the end unless KEEP=1).
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: $0 PRODUCTS USERS EVENTS" >&2; exit 2; }
products=$1 users=$2 events=$3
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=${WORK:-$(mktemp -d)}
mkdir -p "$work"
port=${PORT:-18181}
url=http://127.0.0.1:$port
if [ -z "${SHELF:-}" ]; then
  SHELF=$work/shelf
  (cd "$repo" && CGO_ENABLED=0 go build -trimpath -o "$SHELF" .)
fi
cleanup() {
  [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  [ "${KEEP:-0}" = 1 ] || rm -rf "$work"
}
trap cleanup EXIT

# timed LABEL CMD...: runs CMD under GNU time; sets $secs and $mb.
timed() {
  local label=$1; shift
  /usr/bin/time -f '%e %M' -o "$work/time.$label" "$@" > "$work/out.$label" 2>&1 ||
    { cat "$work/out.$label" >&2; exit 1; }
  read -r secs kb < "$work/time.$label"
  mb=$((kb / 1024))
  echo "$label: ${secs}s, peak ${mb} MB" >&2
}

# serve LOG: starts shelf on the database, logging to LOG, and waits until
# it answers ready; sets $pid and $ready_secs.
serve() {
  local start=$(date +%s.%N)
  # -demo on a shop that is not empty serves it with the API open, which a
  # loopback measurement wants (no keys to make).
  "$SHELF" serve -demo -db "$work/shop.db" -addr "127.0.0.1:$port" -retrain 0 -cache-mb 0 \
    -rate-limit 0 -key-rate-limit 0 -log-format json -log-level info > "$1" 2>&1 &
  pid=$!
  until curl -fs "$url/readyz" > /dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { cat "$1" >&2; exit 1; }
    sleep 0.2
  done
  ready_secs=$(echo "$(date +%s.%N) - $start" | bc)
}

hwm_mb() { awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$pid/status"; }
rss_mb() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status"; }
anon_mb() { awk '/RssAnon/ {print int($2 / 1024)}' "/proc/$pid/status"; }

timed generate "$SHELF" demo -products "$products" -users "$users" -events "$events" -o "$work/shop" -end "$(date -u +%F)"
gen_s=$secs
timed import_products "$SHELF" import -db "$work/shop.db" -kind products "$work/shop/products.csv"
imp_p_s=$secs
timed import_users "$SHELF" import -db "$work/shop.db" -kind users "$work/shop/users.csv"
imp_u_s=$secs
timed import_events "$SHELF" import -db "$work/shop.db" -kind interactions "$work/shop/events.csv"
imp_e_s=$secs imp_e_mb=$mb

# The first start serves popularity at once and trains the learned models
# in the background: that training (model version 2) is the one measured.
serve "$work/serve.first.log"
# "model published" is logged once the model and the profiles are stored:
# stopping the server before that would lose them.
published() { jq -Rr 'fromjson? | select(.msg == "model published" and .version == 2) | .duration / 1e9' "$work/serve.first.log"; }
until [ -n "$(published)" ]; do
  kill -0 "$pid" 2>/dev/null || { cat "$work/serve.first.log" >&2; exit 1; }
  sleep 1
done
train_s=$(published)
train_mb=$(hwm_mb)
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=

# A start-up with the stored model, then uncached load.
serve "$work/serve.log"
startup_s=$ready_secs
"$SHELF" bench -url "$url" -scenario recommend-nocache -c 8 -d "${DURATION:-30s}" -user-ids "$users" -json > "$work/bench.json"
p50=$(jq -r '.latency_ms.p50' "$work/bench.json")
p99=$(jq -r '.latency_ms.p99' "$work/bench.json")
rps=$(jq -r '.throughput_rps' "$work/bench.json")
serve_mb=$(rss_mb) anon_mb=$(anon_mb)
# The issue's own load: wrk with users rotating over all of them and the
# default list of 10, when Debian's wrk is installed (empty columns if not).
wrk_rps= wrk_p50= wrk_p99=
if command -v wrk > /dev/null; then
  USERS=$users wrk -t2 -c8 -d "${DURATION:-30s}" --latency -s "$here/users.lua" "$url" > "$work/wrk.txt"
  wrk_rps=$(awk '/^Requests\/sec/ {print $2}' "$work/wrk.txt")
  # wrk prints latencies with a unit (us, ms or s): in milliseconds here.
  ms() { awk -v p="$1" '$1 == p { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
    print (u == "us" ? v / 1000 : (u == "s" ? v * 1000 : v)) }' "$work/wrk.txt"; }
  wrk_p50=$(ms 50%) wrk_p99=$(ms 99%)
fi

csv=${CSV:-$here/measurements.csv}
[ -s "$csv" ] || echo "date,cores,products,users,events,generate_s,import_products_s,import_users_s,import_events_s,import_events_peak_mb,train_s,train_peak_mb,startup_s,p50_ms,p99_ms,rps,serve_rss_mb,serve_anon_mb,wrk_rps,wrk_p50_ms,wrk_p99_ms" > "$csv"
echo "$(date -u +%F),$(nproc),$products,$users,$events,$gen_s,$imp_p_s,$imp_u_s,$imp_e_s,$imp_e_mb,$train_s,$train_mb,$startup_s,$p50,$p99,$rps,$serve_mb,$anon_mb,$wrk_rps,$wrk_p50,$wrk_p99" | tee -a "$csv"
