#!/usr/bin/env bash
# pre-rollout hook: a smoke test of every canary task before any weight moves and before the analysis starts.
# Each task must answer /health and expose the request counter the analysis reads: a canary that cannot be
# measured must not be judged on silence. Delivery passes the tasks as DELIVERY_CANARY_TASKS="zone=host:port ...".
set -euo pipefail
tasks="${DELIVERY_CANARY_TASKS:?this hook is run by Delivery, which sets DELIVERY_CANARY_TASKS}"
counter="${1:-lobby_http_requests_total}"
failed=0
for task in $tasks; do
  zone="${task%%=*}"; address="${task#*=}"
  if ! curl -fsS --max-time 5 -o /dev/null "http://$address/health"; then
    echo "smoke: $zone $address does not answer /health"; failed=1; continue
  fi
  # Read the page whole first: grep -q would stop early and fail curl's write under pipefail.
  metrics="$(curl -fsS --max-time 5 "http://$address/metrics" || true)"
  if ! grep -q "^# TYPE $counter " <<<"$metrics"; then
    echo "smoke: $zone $address does not expose $counter on /metrics"; failed=1; continue
  fi
  echo "smoke: $zone $address healthy and measurable"
done
exit $failed
