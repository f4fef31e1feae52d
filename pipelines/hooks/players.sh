#!/usr/bin/env bash
# during-analysis hook for the local sandbox: the sandbox's players play against every task of the pipeline's
# service (both tracks) while the canary is judged, so `./build.sh Deploy` is judged on real traffic without a second
# terminal. Delivery starts it when the analysis starts and stops it by pid (SIGTERM) when the analysis ends; the
# trap then stops the players. The players' own run is bounded too (at most 30 minutes), in case this script is killed.
set -euo pipefail
sandbox="${1:?usage: players.sh SANDBOX_MARATHON_URL [REQUESTS_PER_SECOND]}"
rate="${2:-40}"
service="${DELIVERY_PIPELINE:?this hook is run by Delivery, which sets DELIVERY_PIPELINE}"
stop() { curl -fsS --max-time 5 -X DELETE "$sandbox/_sandbox/players/$service" >/dev/null 2>&1 || true; exit 0; }
trap stop TERM INT
curl -fsS --max-time 10 -X POST -H 'Content-Type: application/json' \
  -d "{\"service\":\"$service\",\"requestsPerSecond\":$rate,\"durationSeconds\":1800}" "$sandbox/_sandbox/players" >/dev/null
echo "players: $rate requests/s over every task of service $service"
# Sleep in the background and wait for it, so SIGTERM runs the trap at once instead of after the sleep. Bounded by
# itself too: a Deploy killed with SIGKILL cannot stop its hook, so the loop ends with its parent or after 30 minutes.
parent=$PPID
for _ in $(seq 1 360); do
  kill -0 "$parent" 2>/dev/null || stop
  sleep 5 & wait $!
done
stop
