#!/usr/bin/env bash
# ingest_train.sh SHELF DB: interaction writes during a training. Starts
# SHELF on the database DB (stop any server on it first) on 127.0.0.1,
# waits out a training at start-up if there is one, measures three idle
# windows of `shelf bench -scenario ingest -c 8 -d 5s -warmup 1s`, then
# asks for a training and measures windows back to back until the model is
# published, each line naming the phase GET /api/model/ gave before it.
# Needs curl and jq. The windows record events: run it on a copy of a shop.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 SHELF DB" >&2; exit 2; }
shelf=$1 db=$2
port=${PORT:-18181}
url=http://127.0.0.1:$port
log=$(mktemp)
"$shelf" serve -demo -db "$db" -addr "127.0.0.1:$port" -retrain 0 -cache-mb 0 -rate-limit 0 \
  -key-rate-limit 0 -log-format json -log-level info > "$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -f "$log"' EXIT
until curl -fs "$url/readyz" > /dev/null 2>&1; do
  kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.2
done
sleep 3
# A start on changed data refreshes the model; it is saved after its state
# is idle again, and "model published" is logged once it is stored.
trained=0
until [ "$(curl -s "$url/api/model" | jq -r .status.state)" = idle ]; do trained=1; sleep 2; done
if [ $trained = 1 ]; then
  until grep -q '"model published"' "$log"; do sleep 1; done
fi
sleep 10
window() { "$shelf" bench -url "$url" -scenario ingest -c 8 -d 5s -warmup 1s -json 2> /dev/null | jq -r '.throughput_rps | floor'; }
for _ in 1 2 3; do echo "idle $(window)"; done
published=$(grep -c '"model published"' "$log" || true)
curl -fs -X POST "$url/api/model/train" > /dev/null
while [ "$(grep -c '"model published"' "$log" || true)" = "$published" ]; do
  phase=$(curl -s "$url/api/model" | jq -r '.status | "\(.state) \(.phase) \(.progress)"')
  echo "$phase $(window)"
done
echo "after $(window)"
