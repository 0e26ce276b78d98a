#!/usr/bin/env bash
# A newcomer's first hour, timed: a fresh clone in a new folder, then the steps
# `make demo` runs, one by one, until the first page answers.
#
#   bash bench/first_hour.sh            # the checked-out commit
#   bash bench/first_hour.sh 6b7af88    # another commit, to compare
#
# Prints one Markdown table row for bench/README.md. Needs no service: the demo
# runs on SQLite with Celery eager. Leaves nothing behind but its scratch folder,
# which it removes.
set -euo pipefail

origin=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
commit=${1:-HEAD}
port=${PORT:-8190}
scratch=$(mktemp -d)
server=""
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null || true
    rm -rf "$scratch"
}
trap cleanup EXIT

git clone -q "$origin" "$scratch/repo"
cd "$scratch/repo"
git checkout -q "$commit"
export SITE_URL="http://127.0.0.1:$port"

step() {  # step NAME COMMAND...: run it, keep its output, print its seconds
    local name=$1 start
    shift
    start=$(date +%s.%N)
    "$@" >"$scratch/$name.log" 2>&1
    echo "$(date +%s.%N) - $start" | bc
}

install=$(step install make install)
migrate=$(step migrate .venv/bin/python manage.py migrate --no-input)
seed=$(step seed .venv/bin/python manage.py seed_demo --accounts-json demo-accounts.json)
badges=$(step badges .venv/bin/python manage.py demo_badges --output demo-badges)

start=$(date +%s.%N)
.venv/bin/python manage.py runserver --noreload "127.0.0.1:$port" >"$scratch/serve.log" 2>&1 &
server=$!
until curl -fs -o /dev/null "http://127.0.0.1:$port/ja/"; do sleep 0.2; done
page=$(echo "$(date +%s.%N) - $start" | bc)

total=$(echo "$install + $migrate + $seed + $badges + $page" | bc)
tracebacks=$(cat "$scratch"/seed.log "$scratch"/badges.log | grep -c "Traceback" || true)
printf '| %s | %.0f s | %.1f s | %.1f s | %.1f s | %.1f s | **%.0f s** | %s |\n' \
    "$(git rev-parse --short HEAD)" "$install" "$migrate" "$seed" "$badges" "$page" "$total" \
    "$tracebacks"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
