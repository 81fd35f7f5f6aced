#!/usr/bin/env bash
# Benchmarks ssogate against the same upstream reached directly and through nginx (configured as
# Mattermost's docs recommend), on loopback, in one run: small JSON GETs (wrk), 50 MiB downloads and
# uploads (wrk), and WebSocket echo round trips (the Java load client in this module). Prints a table
# and writes it to bench/RESULTS.md. See bench/README.md for how to read it.
#
# Environment (all optional):
#   BENCH_SECONDS=10         length of each measured run
#   BENCH_WARMUP_SECONDS=20  warm-up per target before its measured runs (JIT, connection pools)
#   BENCH_SKIP_BUILD=1       use the jars as they are
#   SSOGATE_JAR=path         the gateway's executable jar (default webapp/target/ssogate.jar)
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
SECONDS_PER_RUN=${BENCH_SECONDS:-10}
WARMUP=${BENCH_WARMUP_SECONDS:-20}
TRANSFER_BYTES=52428800 # 50 MiB
BENCH_JAR=$BENCH_DIR/target/ssogate-bench.jar
SSOGATE_JAR=${SSOGATE_JAR:-$ROOT/webapp/target/ssogate.jar}
JAVA_OPTS=(-Xmx512m -Djava.net.preferIPv4Stack=true)
CLK_TCK=$(getconf CLK_TCK)

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# --- tools ----------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then
  log "installing wrk and nginx"
  apt-get install -y wrk nginx >/dev/null || die "wrk and nginx are needed: apt-get install -y wrk nginx"
fi
command -v java >/dev/null || die "java (17+) is needed"

# --- build ----------------------------------------------------------------------------------------
if [[ "${BENCH_SKIP_BUILD:-}" != 1 ]]; then
  log "building the bench jar"
  (cd "$ROOT" && ./mvnw -q -B -pl bench -am -DskipTests package) || die "bench build failed"
  if [[ ! -f "$SSOGATE_JAR" ]]; then
    log "building $SSOGATE_JAR"
    (cd "$ROOT" && ./mvnw -q -B -DskipTests package) || log "ssogate build failed: measuring direct and nginx only"
  fi
fi
[[ -f "$BENCH_JAR" ]] || die "$BENCH_JAR is missing (run without BENCH_SKIP_BUILD)"

# --- processes ------------------------------------------------------------------------------------
WORK=$(mktemp -d /tmp/ssogate-bench.XXXXXX)
chmod 755 "$WORK" # nginx workers run as an unprivileged user when started as root
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  if [[ "${BENCH_KEEP_WORK:-}" == 1 ]]; then log "logs kept in $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A free loopback port: the first that refuses a connection, from a random start (bounded loop).
free_port() {
  local port=$((20000 + RANDOM % 20000)) i
  for ((i = 0; i < 200; i++, port++)); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  die "no free port found"
}

# Waits until FILE has a line matching PATTERN, at most SECONDS, while PID lives.
wait_for_line() {
  local file=$1 pattern=$2 seconds=$3 pid=$4 i
  for ((i = 0; i < seconds * 5; i++)); do
    grep -q "$pattern" "$file" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.2
  done
  return 1
}

# Waits until GET URL answers 200, at most SECONDS.
wait_for_200() {
  local url=$1 seconds=$2 i
  for ((i = 0; i < seconds * 5; i++)); do
    [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" || true)" == 200 ]] && return 0
    sleep 0.2
  done
  return 1
}

log "starting the upstream"
java "${JAVA_OPTS[@]}" -cp "$BENCH_JAR" io.ssogate.bench.BenchUpstream 0 >"$WORK/upstream.log" 2>&1 &
UPSTREAM_PID=$!
PIDS+=("$UPSTREAM_PID")
wait_for_line "$WORK/upstream.log" 'listening on' 60 "$UPSTREAM_PID" || die "upstream did not start: $(tail -5 "$WORK/upstream.log")"
UPSTREAM_PORT=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$WORK/upstream.log" | grep -o '[0-9]*$')

log "starting nginx"
NGINX_PORT=$(free_port)
mkdir -p "$WORK/nginx"/{client_body_temp,proxy_temp,fastcgi_temp,uwsgi_temp,scgi_temp}
chmod 777 "$WORK/nginx"/*_temp
sed -e "s|@PREFIX@|$WORK/nginx|g" -e "s|@LISTEN_PORT@|$NGINX_PORT|g" -e "s|@UPSTREAM_PORT@|$UPSTREAM_PORT|g" \
  "$BENCH_DIR/conf/nginx-mattermost.conf.template" >"$WORK/nginx/nginx.conf"
nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" >"$WORK/nginx/stdout.log" 2>&1 &
NGINX_PID=$!
PIDS+=("$NGINX_PID")
wait_for_200 "http://127.0.0.1:$NGINX_PORT/api/v4/system/ping" 30 || die "nginx did not start: $(cat "$WORK/nginx/error.log" "$WORK/nginx/stdout.log" 2>/dev/null | tail -5)"

SSOGATE_PID=
if [[ -f "$SSOGATE_JAR" ]]; then
  log "starting ssogate"
  SSOGATE_PORT=$(free_port)
  mkdir -p "$WORK/ssogate/data"
  cat >"$WORK/ssogate/ssogate.yaml" <<EOF
server: { bindAddress: 127.0.0.1, port: $SSOGATE_PORT, dataDir: $WORK/ssogate/data }
proxy: { upstreamUrl: "http://127.0.0.1:$UPSTREAM_PORT" }
EOF
  java "${JAVA_OPTS[@]}" -jar "$SSOGATE_JAR" --config "$WORK/ssogate/ssogate.yaml" >"$WORK/ssogate/ssogate.log" 2>&1 &
  SSOGATE_PID=$!
  PIDS+=("$SSOGATE_PID")
  if ! wait_for_line "$WORK/ssogate/ssogate.log" 'started in' 120 "$SSOGATE_PID" \
      || ! wait_for_200 "http://127.0.0.1:$SSOGATE_PORT/api/v4/system/ping" 10; then
    log "ssogate does not proxy yet (measuring direct and nginx only): $(tail -3 "$WORK/ssogate/ssogate.log")"
    kill "$SSOGATE_PID" 2>/dev/null || true
    SSOGATE_PID=
  fi
else
  log "no $SSOGATE_JAR: measuring direct and nginx only"
fi

TARGETS=(direct nginx)
declare -A BASE_URL=([direct]="http://127.0.0.1:$UPSTREAM_PORT" [nginx]="http://127.0.0.1:$NGINX_PORT")
declare -A SERVER_PIDS=([direct]="" [nginx]="$NGINX_PID")
if [[ -n "$SSOGATE_PID" ]]; then
  TARGETS+=(ssogate)
  BASE_URL[ssogate]="http://127.0.0.1:$SSOGATE_PORT"
  SERVER_PIDS[ssogate]="$SSOGATE_PID"
fi

# --- CPU accounting -------------------------------------------------------------------------------
# utime+stime (fields 14 and 15 of /proc/PID/stat, in clock ticks) of PID and its children
# (nginx: the master and its workers).
cpu_ticks() {
  local total=0 pid child stat rest
  for pid in "$@"; do
    for child in "$pid" $(cat "/proc/$pid/task/$pid/children" 2>/dev/null); do
      stat=$(cat "/proc/$child/stat" 2>/dev/null) || continue
      rest=${stat##*) } # the command name may contain spaces; fields after it are fixed
      read -r -a f <<<"$rest"
      total=$((total + f[11] + f[12]))
    done
  done
  echo "$total"
}

# "busy idle" jiffies of the whole machine, from the first line of /proc/stat.
machine_ticks() {
  local _ user nice system idle iowait irq softirq steal
  read -r _ user nice system idle iowait irq softirq steal _ </proc/stat
  echo "$((user + nice + system + irq + softirq + steal)) $((idle + iowait))"
}

RESULTS=$WORK/results.tsv
printf '# scenario\ttarget\tunit\trate\tp50_ms\tp99_ms\tcount\terrors\tupstream_cpu_ms\tproxy_cpu_ms\tclient_cpu_ms\tbusy_pct\n' >"$RESULTS"

# measure SCENARIO TARGET UNIT KIND COMMAND...: runs COMMAND once, reads the CPU counters around it,
# parses its result line (KIND wrk, wrk-transfer or ws) and appends one row to the results.
measure() {
  local scenario=$1 target=$2 unit=$3 kind=$4
  shift 4
  local proxy_pid=${SERVER_PIDS[$target]}
  local up0 px0=0 m0 up1 px1=0 m1 out
  up0=$(cpu_ticks "$UPSTREAM_PID")
  [[ -n "$proxy_pid" ]] && px0=$(cpu_ticks "$proxy_pid")
  m0=$(machine_ticks)
  # The client's own CPU (bash's `time`: user and system of the child) shows how much of the two
  # cores the load generator takes.
  local TIMEFORMAT='%3U %3S'
  { time "$@" >"$WORK/client.out" 2>"$WORK/client.err"; } 2>"$WORK/client.time" \
    || log "$scenario/$target: client exited non-zero: $(tail -2 "$WORK/client.err")"
  out=$(cat "$WORK/client.out")
  up1=$(cpu_ticks "$UPSTREAM_PID")
  [[ -n "$proxy_pid" ]] && px1=$(cpu_ticks "$proxy_pid")
  m1=$(machine_ticks)
  grep -q '^first WebSocket error' "$WORK/client.err" && log "$scenario/$target: $(grep '^first WebSocket error' "$WORK/client.err")"

  local line count seconds rate p50 p99 errors
  line=$(grep -E '^(WRK|WS)_RESULT' <<<"$out" | tail -1)
  if [[ -z "$line" ]]; then
    log "$scenario/$target: no result line; output: $(tail -3 <<<"$out")"
    return
  fi
  field() { grep -o " $1=[0-9.]*" <<<" ${line#* }" | cut -d= -f2; }
  case $kind in
    wrk | wrk-transfer)
      count=$(field requests)
      seconds=$(awk -v us="$(field duration_us)" 'BEGIN { printf "%.6f", us / 1e6 }')
      p50=$(awk -v us="$(field p50_us)" 'BEGIN { printf "%.3f", us / 1000 }')
      p99=$(awk -v us="$(field p99_us)" 'BEGIN { printf "%.3f", us / 1000 }')
      errors=$(field errors)
      if [[ $kind == wrk ]]; then
        rate=$(awk -v n="$count" -v s="$seconds" 'BEGIN { printf "%.1f", n / s }')
      else
        rate=$(awk -v n="$count" -v b="$TRANSFER_BYTES" -v s="$seconds" 'BEGIN { printf "%.1f", n * b / 1048576 / s }')
      fi
      ;;
    ws)
      count=$(field roundtrips)
      rate=$(field rate)
      p50=$(awk -v us="$(field p50_us)" 'BEGIN { printf "%.3f", us / 1000 }')
      p99=$(awk -v us="$(field p99_us)" 'BEGIN { printf "%.3f", us / 1000 }')
      errors=$(($(field errors) + $(field failed_connections)))
      ;;
  esac
  local tick_ms upstream_ms proxy_ms client_ms busy
  client_ms=$(awk '{ printf "%.0f", ($1 + $2) * 1000 }' "$WORK/client.time")
  tick_ms=$(awk -v t="$CLK_TCK" 'BEGIN { print 1000 / t }')
  upstream_ms=$(awk -v a="$up0" -v b="$up1" -v t="$tick_ms" 'BEGIN { printf "%.0f", (b - a) * t }')
  proxy_ms=-
  [[ -n "$proxy_pid" ]] && proxy_ms=$(awk -v a="$px0" -v b="$px1" -v t="$tick_ms" 'BEGIN { printf "%.0f", (b - a) * t }')
  busy=$(awk -v a="$m0" -v b="$m1" 'BEGIN { split(a, x, " "); split(b, y, " ");
    busy = y[1] - x[1]; all = busy + y[2] - x[2]; printf "%.0f", (all > 0 ? 100 * busy / all : 0) }')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$scenario" "$target" "$unit" "$rate" "$p50" "$p99" \
    "$count" "$errors" "$upstream_ms" "$proxy_ms" "$client_ms" "$busy" >>"$RESULTS"
  log "$scenario/$target: $rate $unit, p50 $p50 ms, p99 $p99 ms, errors $errors"
}

export BENCH_WRK_DIR=$BENCH_DIR/wrk BENCH_UPLOAD_BYTES=$TRANSFER_BYTES
REPORT_LUA=$BENCH_WRK_DIR/report.lua
UPLOAD_LUA=$BENCH_WRK_DIR/upload.lua
quiet() { "$@" >/dev/null 2>&1 || true; }

# --- 1. small JSON GET ----------------------------------------------------------------------------
for target in "${TARGETS[@]}"; do
  url="${BASE_URL[$target]}/api/v4/system/ping"
  log "GET $target: ${WARMUP}s warm-up"
  quiet wrk -t2 -c64 -d"${WARMUP}s" "$url"
  for c in 64 16; do
    measure "get-c$c" "$target" req/s wrk wrk -t2 -c"$c" -d"${SECONDS_PER_RUN}s" --latency -s "$REPORT_LUA" "$url"
  done
done

# --- 2. 50 MiB download and upload, one connection ------------------------------------------------
for target in "${TARGETS[@]}"; do
  down="${BASE_URL[$target]}/bench/download?bytes=$TRANSFER_BYTES"
  up="${BASE_URL[$target]}/bench/upload"
  log "transfers $target: warm-up"
  quiet wrk -t1 -c1 -d"$(((WARMUP + 1) / 2))s" --timeout 60s "$down"
  quiet wrk -t1 -c1 -d"$(((WARMUP + 1) / 2))s" --timeout 60s -s "$UPLOAD_LUA" "$up"
  measure download-50MiB "$target" MiB/s wrk-transfer \
    wrk -t1 -c1 -d"${SECONDS_PER_RUN}s" --timeout 60s -s "$REPORT_LUA" "$down"
  measure upload-50MiB "$target" MiB/s wrk-transfer \
    wrk -t1 -c1 -d"${SECONDS_PER_RUN}s" --timeout 60s -s "$UPLOAD_LUA" "$up"
done

# --- 3. WebSocket echo ----------------------------------------------------------------------------
WS_LOAD=(java "${JAVA_OPTS[@]}" -cp "$BENCH_JAR" io.ssogate.bench.ws.WebSocketEchoLoad)
for target in "${TARGETS[@]}"; do
  ws="${BASE_URL[$target]/http:/ws:}/api/v4/websocket"
  log "WebSocket $target: ${WARMUP}s warm-up"
  quiet "${WS_LOAD[@]}" "$ws" 100 "$WARMUP"
  for c in 100 1000; do
    measure "ws-echo-c$c" "$target" rt/s ws "${WS_LOAD[@]}" "$ws" "$c" "$SECONDS_PER_RUN"
  done
done

# --- report ---------------------------------------------------------------------------------------
{
  printf 'Date\t%s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
  printf 'Machine\t%s cores (nproc), %s, %s MiB RAM, Linux %s\n' "$(nproc)" \
    "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" \
    "$(awk '/MemTotal/ { printf "%d", $2 / 1024 }' /proc/meminfo)" "$(uname -r)"
  printf 'Java\t%s\n' "$(java -version 2>&1 | head -2 | tr '\n' ' ')"
  printf 'nginx\t%s\n' "$(nginx -v 2>&1)"
  printf 'wrk\t%s\n' "$(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
  # The jar's own checkout, which SSOGATE_JAR may place outside this one; "-dirty" flags local edits.
  printf 'ssogate\t%s\n' "$(if [[ -n "$SSOGATE_PID" ]]; then
    echo "$SSOGATE_JAR, built from $(git -C "$(dirname "$SSOGATE_JAR")" describe --always --dirty 2>/dev/null || echo 'an unknown commit')"
  else echo 'not running: not measured'; fi)"
  if [[ -n "$SSOGATE_PID" ]]; then
    # The launcher's own figure: from main() to the connector accepting, storage open.
    printf 'ssogate start\t%s\n' "$(grep -o 'started in [0-9]* ms' "$WORK/ssogate/ssogate.log" | head -1)"
  fi
  printf 'Runs\t%ss measured after %ss warm-up per target; loopback; load generator on the same cores\n' \
    "$SECONDS_PER_RUN" "$WARMUP"
} >"$WORK/machine.tsv"
java -cp "$BENCH_JAR" io.ssogate.bench.report.ResultsReport "$RESULTS" "$WORK/machine.tsv" "$BENCH_DIR/RESULTS.md"
log "written to $BENCH_DIR/RESULTS.md"
