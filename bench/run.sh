#!/usr/bin/env bash
# Benchmarks ssogate against the same upstream reached directly, through nginx (configured as
# Mattermost's docs recommend) and through HAProxy, on loopback, in one run: small JSON GETs (wrk),
# 50 MiB downloads and uploads (wrk), WebSocket echo round trips (the Java load client in this module),
# and the first seconds of a freshly started ssogate; and single sign-on: small GETs with a valid gateway
# session beside no SSO (alternated), and the gateway's time for a sign-in callback; logging people into
# Mattermost (`login`) and SCIM provisioning (`scim`) in modes of their own. Reports each target's
# CPU and context switches per request beside its rate and p99, prints the tables and writes them to
# bench/RESULTS.md. See bench/README.md for how to read them.
#
# Usage: bench/run.sh          everything but single sign-on (about 10 minutes; 13 with BENCH_PROTOTYPES=1, the minimal
#                              Tomcat proxies of the small GETs), into bench/RESULTS.md; BENCH_SSO=1 adds it after the small GETs
#                              (about 15 minutes in all)
#        bench/run.sh sso      the single sign-on part alone (about 4 minutes), into bench/RESULTS-sso.md
#        bench/run.sh login    logging people into Mattermost (the Mattermost emulator as the upstream): callback
#                              to cookies for 1,000 people, first sign-ins and returning, logins/s, and small GETs
#                              of a logged-in person beside no SSO (about 8 minutes), into bench/RESULTS-login.md
#        bench/run.sh scim     SCIM provisioning (the Mattermost emulator behind the gateway): the emulator's own user
#                              creation as the reference, 10,000 users POSTed to /scim/v2/Users (accepted users/s, p50/p99)
#                              and waited for until all are in Mattermost (end-to-end users/s), then filter lookups by
#                              userName and by email at 100,000 users (p50/p99) (about 8 minutes), into bench/RESULTS-scim.md
#
# Environment (all optional):
#   BENCH_SECONDS=10                 length of each measured run
#   BENCH_WARMUP_SECONDS=60          warm-up of a JVM target (ssogate) before each scenario group
#   BENCH_SHORT_WARMUP_SECONDS=5     warm-up of direct, nginx and HAProxy before each scenario group
#   BENCH_STARTUP_WINDOW_SECONDS=30  how long the fresh ssogate is measured from its "started" line
#   BENCH_SSO=1                      add the single sign-on part to the full run (`sso` runs it alone)
#   BENCH_SSO_ROUNDS=2               rounds of (no SSO, valid session) small GETs, alternated
#   BENCH_SSO_CONNECTIONS=64         connection counts of those GETs ("64 16" adds get-c16)
#   BENCH_SIGNINS=200                sign-ins whose /sso/callback is timed
#   BENCH_SIGNIN_WARMUP=20           sign-ins before those, not timed
#   BENCH_LOGIN_PEOPLE=1000          `login`: distinct people per round of logins
#   BENCH_LOGIN_CONCURRENCY="1 16 64" `login`: logins in flight at once, one first-sign-in and one returning round each
#   BENCH_LOGIN_WARMUP=200           `login`: people logged in (first, then returning) before the timed rounds
#   BENCH_LOGIN_BATCH=500            `login`: people whose provider part is prepared before their timed part
#   BENCH_SCIM_USERS=10000           `scim`: users provisioned (the reference creates as many at the emulator)
#   BENCH_SCIM_CONCURRENCY=16        `scim`: creations in flight at once (reference, SCIM POSTs, the fill)
#   BENCH_SCIM_WARMUP=500            `scim`: users created before each timed creation, not counted (JIT warm-up)
#   BENCH_SCIM_LOOKUP_USERS=100000   `scim`: SCIM users in all when looking up (the extra ones @elsewhere.example)
#   BENCH_SCIM_LOOKUPS=2000          `scim`: lookups per kind (userName, email, and the emulator's reference)
#   BENCH_SCIM_LOOKUP_CONCURRENCY="1 8" `scim`: lookups in flight at once, a round of each kind per count
#   BENCH_QUICK=1                    a check of the script, not of the figures: 3 s runs and warm-ups,
#                                    20 sign-ins, 50 people a login round; `scim`: 300 users after 50, 2,000 for
#                                    lookups, 200 lookups; the Markdown goes to bench/out/ unless BENCH_RESULTS_FILE says
#   BENCH_PROFILE=1                  one more small-GET run of ssogate (and of ssogate-before) under async-profiler (bench/out/)
#   BENCH_PROTOTYPES=1               also measure the minimal proxies on ssogate's stack (tomcat-min, tomcat-min-valve)
#                                    in the full run's small GETs (about 2.7 minutes more; off by default to keep the
#                                    default run within 12 minutes)
#   BENCH_GET_ROUNDS=1               rounds of get-c64 over the small GETs' JVMs (ssogate, ssogate-before, the minimal
#                                    proxies): N-1 more after the GET group, alternated, each after a 5 s re-warm
#                                    (get-c64-round-K), and the median of each in the report (16 s a JVM a round)
#   BENCH_SKIP_BUILD=1               use the jars as they are
#   BENCH_KEEP_WORK=1                keep the temporary directory (logs, configs, raw results.tsv)
#   BENCH_RESULTS_FILE=path          where the Markdown goes (default bench/RESULTS.md, bench/RESULTS-<mode>.md
#                                    for `sso`, `login` and `scim`; smoke runs: elsewhere)
#   SSOGATE_JAR=path                 the gateway's executable jar (default webapp/target/ssogate.jar)
#   SSOGATE_BEFORE_JAR=path          an earlier build of it, measured as ssogate-before in the full run's small GETs
#                                    only, started and warmed up like ssogate, right after it (unset: none; ~1.5 min)
#   SSOGATE_BEFORE_LABEL=text        what that build is (its commit, say), recorded in the report beside its path
#   SSOGATE_EMULATOR_JAR=path        testkit's shaded jar, for the demo OpenID provider and the Mattermost emulator
#                                    (default testkit/target/mattermost-emulator.jar)
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
MODE=${1:-all}
case $MODE in
  all | sso | login | scim) ;;
  *) printf 'usage: bench/run.sh [sso|login|scim]\n' >&2; exit 2 ;;
esac
SUFFIX= # of the results file of the `sso`, `login` and `scim` modes
[[ $MODE != all ]] && SUFFIX=-$MODE
QUICK=${BENCH_QUICK:-}
if [[ "$QUICK" == 1 ]]; then
  # Checks that the script and the tables work, in a few minutes; the figures mean nothing.
  quick_seconds=3 quick_short=1 quick_signins=20 quick_signin_warmup=3 quick_rewarm=1 quick_people=50
  quick_login_warmup=10 quick_scim_users=300 quick_scim_warmup=50 quick_scim_lookup_users=2000 quick_scim_lookups=200
  quick_results=$BENCH_DIR/out/RESULTS$SUFFIX-quick.md
fi
SECONDS_PER_RUN=${BENCH_SECONDS:-${quick_seconds:-10}}
JVM_WARMUP=${BENCH_WARMUP_SECONDS:-${quick_seconds:-60}}
SHORT_WARMUP=${BENCH_SHORT_WARMUP_SECONDS:-${quick_short:-5}}
STARTUP_WINDOW=${BENCH_STARTUP_WINDOW_SECONDS:-${quick_seconds:-30}}
PROFILE=${BENCH_PROFILE:-}
# The minimal proxies on ssogate's own stack (io.ssogate.bench.prototype.MinimalTomcatProxy): the same-run measuring
# stick of what Tomcat + HttpCore 5 can do, small GETs only, in the full run when asked for (BENCH_PROTOTYPES=1).
PROTOTYPES=${BENCH_PROTOTYPES:-0}
[[ $MODE != all ]] && PROTOTYPES=0
# An earlier build of the gateway beside ssogate, small GETs only like the prototypes: a change's cost before and after
# in one sitting, the same upstream, warm-ups and machine, where two runs minutes apart drift by tens of percent.
BEFORE_JAR=${SSOGATE_BEFORE_JAR:-}
BEFORE_LABEL=${SSOGATE_BEFORE_LABEL:-}
[[ $MODE != all ]] && BEFORE_JAR=
# Single samples of JVMs this close can't rank them: after the GET group, GET_ROUNDS - 1 more get-c64 runs of each JVM
# target, alternated in the same order every round, each after a short re-warm of the same load (wrk's connections and
# the proxy's upstream pool opened again after the others' runs); the report ranks them by the median.
GET_ROUNDS=${BENCH_GET_ROUNDS:-1}
[[ $MODE != all ]] && GET_ROUNDS=1
GET_ROUND_REWARM=${quick_rewarm:-5}
# Not in the full run by default: its own 60 s warm-up, four alternated runs and 220 sign-ins would take it
# past 12 minutes.
SSO=${BENCH_SSO:-0}
[[ $MODE == sso ]] && SSO=1
[[ $MODE == login || $MODE == scim ]] && SSO=0 # these modes have their own gateway with sessions
SSO_ROUNDS=${BENCH_SSO_ROUNDS:-2}
SSO_CONNECTIONS=${BENCH_SSO_CONNECTIONS:-64}
SIGNINS=${BENCH_SIGNINS:-${quick_signins:-200}}
SIGNIN_WARMUP=${BENCH_SIGNIN_WARMUP:-${quick_signin_warmup:-20}}
# Logging people into Mattermost (`login`): people per round, the concurrencies (a first-sign-in round and a
# returning round each), the untimed people before, and how many people's provider part is prepared at once.
LOGIN_PEOPLE=${BENCH_LOGIN_PEOPLE:-${quick_people:-1000}}
# One at a time gives the gateway's own time per login; with N in flight, N ÷ logins/s of it is queueing.
LOGIN_CONCURRENCY=${BENCH_LOGIN_CONCURRENCY:-1 16 64}
LOGIN_WARMUP=${BENCH_LOGIN_WARMUP:-${quick_login_warmup:-200}}
LOGIN_BATCH=${BENCH_LOGIN_BATCH:-500}
# SCIM provisioning (`scim`): users created (the reference at the emulator creates as many), at once; users created
# untimed before each timed creation; users in all for the lookups (those past SCIM_USERS outside the tenant's
# domains); lookups per kind, and the counts in flight (a round of each kind at each: one at a time shows a lookup's
# own time, several what queueing on the shared cores adds).
SCIM_USERS=${BENCH_SCIM_USERS:-${quick_scim_users:-10000}}
SCIM_CONCURRENCY=${BENCH_SCIM_CONCURRENCY:-16}
SCIM_WARMUP=${BENCH_SCIM_WARMUP:-${quick_scim_warmup:-500}}
SCIM_LOOKUP_USERS=${BENCH_SCIM_LOOKUP_USERS:-${quick_scim_lookup_users:-100000}}
SCIM_LOOKUPS=${BENCH_SCIM_LOOKUPS:-${quick_scim_lookups:-2000}}
SCIM_LOOKUP_CONCURRENCY=${BENCH_SCIM_LOOKUP_CONCURRENCY:-1 8}
# Before each alternated SSO run, this many seconds of the same load on the same target: wrk's connections and
# the gateway's upstream pool opened again after the other target's run.
SSO_REWARM=${quick_rewarm:-2}
RESULTS_MD=${BENCH_RESULTS_FILE:-${quick_results:-$BENCH_DIR/RESULTS$SUFFIX.md}}
TRANSFER_BYTES=52428800 # 50 MiB
BENCH_JAR=$BENCH_DIR/target/ssogate-bench.jar
SSOGATE_JAR=${SSOGATE_JAR:-$ROOT/webapp/target/ssogate.jar}
EMULATOR_JAR=${SSOGATE_EMULATOR_JAR:-$ROOT/testkit/target/mattermost-emulator.jar}
JAVA_OPTS=(-Xmx512m -Djava.net.preferIPv4Stack=true)
CLK_TCK=$(getconf CLK_TCK)
# async-profiler's Linux libraries ship inside this Maven Central jar (linux-x64/, linux-arm64/).
ASYNC_PROFILER=tools.profiler:async-profiler:4.2:jar
PROFILE_INTERVAL_MS=1

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

for setting in BENCH_SECONDS="$SECONDS_PER_RUN" BENCH_WARMUP_SECONDS="$JVM_WARMUP" \
    BENCH_SHORT_WARMUP_SECONDS="$SHORT_WARMUP" BENCH_STARTUP_WINDOW_SECONDS="$STARTUP_WINDOW"; do
  [[ "${setting#*=}" =~ ^[1-9][0-9]*$ ]] || die "${setting%%=*} must be a whole number of seconds above 0, got [${setting#*=}]"
done
for setting in BENCH_SSO_ROUNDS="$SSO_ROUNDS" BENCH_SIGNINS="$SIGNINS" BENCH_GET_ROUNDS="$GET_ROUNDS"; do
  [[ "${setting#*=}" =~ ^[1-9][0-9]*$ ]] || die "${setting%%=*} must be a whole number above 0, got [${setting#*=}]"
done
for setting in BENCH_LOGIN_PEOPLE="$LOGIN_PEOPLE" BENCH_LOGIN_BATCH="$LOGIN_BATCH"; do
  [[ "${setting#*=}" =~ ^[1-9][0-9]*$ ]] || die "${setting%%=*} must be a whole number above 0, got [${setting#*=}]"
done
((LOGIN_PEOPLE * $(wc -w <<<"$LOGIN_CONCURRENCY") <= 9999)) || die "BENCH_LOGIN_PEOPLE × concurrencies must stay under 10,000 (person0001..person9999)"
for setting in BENCH_SCIM_USERS="$SCIM_USERS" BENCH_SCIM_CONCURRENCY="$SCIM_CONCURRENCY" \
    BENCH_SCIM_LOOKUP_USERS="$SCIM_LOOKUP_USERS" BENCH_SCIM_LOOKUPS="$SCIM_LOOKUPS"; do
  [[ "${setting#*=}" =~ ^[1-9][0-9]*$ ]] || die "${setting%%=*} must be a whole number above 0, got [${setting#*=}]"
done
[[ "$SCIM_LOOKUP_CONCURRENCY" =~ ^[1-9][0-9]*( [1-9][0-9]*)*$ ]] || die "BENCH_SCIM_LOOKUP_CONCURRENCY must be counts like \"1 8\", got [$SCIM_LOOKUP_CONCURRENCY]"
[[ "$SCIM_WARMUP" =~ ^[0-9]+$ ]] || die "BENCH_SCIM_WARMUP must be a whole number, got [$SCIM_WARMUP]"
((SCIM_LOOKUP_USERS >= SCIM_USERS)) || die "BENCH_SCIM_LOOKUP_USERS ($SCIM_LOOKUP_USERS) must be at least BENCH_SCIM_USERS ($SCIM_USERS)"
[[ "$LOGIN_WARMUP" =~ ^[0-9]+$ ]] || die "BENCH_LOGIN_WARMUP must be a whole number, got [$LOGIN_WARMUP]"
[[ "$LOGIN_CONCURRENCY" =~ ^[1-9][0-9]*( [1-9][0-9]*)*$ ]] || die "BENCH_LOGIN_CONCURRENCY must be counts like \"16 64\", got [$LOGIN_CONCURRENCY]"
[[ "$SIGNIN_WARMUP" =~ ^[0-9]+$ ]] || die "BENCH_SIGNIN_WARMUP must be a whole number, got [$SIGNIN_WARMUP]"
[[ "$SSO_CONNECTIONS" =~ ^[1-9][0-9]*( [1-9][0-9]*)*$ ]] || die "BENCH_SSO_CONNECTIONS must be connection counts like \"64 16\", got [$SSO_CONNECTIONS]"

# --- tools ----------------------------------------------------------------------------------------
TOOLS=(wrk nginx haproxy)
[[ $MODE != all ]] && TOOLS=(wrk)
[[ $MODE == scim ]] && TOOLS=() # its load driver is in the bench jar
for tool in "${TOOLS[@]}"; do
  command -v "$tool" >/dev/null && continue
  log "installing ${TOOLS[*]}"
  { apt-get install -y "${TOOLS[@]}" || { apt-get update && apt-get install -y "${TOOLS[@]}"; }; } >/dev/null \
    || die "${TOOLS[*]} needed: apt-get install -y ${TOOLS[*]}"
  break
done
command -v java >/dev/null || die "java (17+) is needed"
command -v curl >/dev/null || die "curl is needed"

# --- build ----------------------------------------------------------------------------------------
if [[ "${BENCH_SKIP_BUILD:-}" != 1 ]]; then
  log "building the bench jar"
  (cd "$ROOT" && ./mvnw -q -B -pl bench -am -DskipTests package) || die "bench build failed"
  if [[ ! -f "$SSOGATE_JAR" ]]; then
    log "building $SSOGATE_JAR"
    (cd "$ROOT" && ./mvnw -q -B -DskipTests package) || log "ssogate build failed: measuring direct, nginx and HAProxy only"
  fi
  if [[ ( "$SSO" == 1 || $MODE == login || $MODE == scim ) && ! -f "$EMULATOR_JAR" ]]; then
    log "building $EMULATOR_JAR (the demo OpenID provider)"
    (cd "$ROOT" && ./mvnw -q -B -pl testkit -am -DskipTests package) || log "testkit build failed: no single sign-on part"
  fi
fi
[[ -f "$BENCH_JAR" ]] || die "$BENCH_JAR is missing (run without BENCH_SKIP_BUILD)"
[[ $MODE != all && ! -f "$SSOGATE_JAR" ]] && die "$SSOGATE_JAR is missing (run without BENCH_SKIP_BUILD)"
[[ $MODE != all && ! -f "$EMULATOR_JAR" ]] && die "$EMULATOR_JAR is missing (run without BENCH_SKIP_BUILD)"

# --- profiler (BENCH_PROFILE=1 only) --------------------------------------------------------------
# The library is attached to the running gateway with jcmd, so only the profiled run is sampled, not
# the start or the warm-up. Without it the run falls back to the JDK's own Flight Recorder.
PROFILER_LIB=
if [[ "$PROFILE" == 1 ]]; then
  command -v jcmd >/dev/null || die "BENCH_PROFILE=1 needs jcmd (a JDK, not a JRE)"
  case $(uname -m) in
    x86_64) profiler_arch=linux-x64 ;;
    aarch64) profiler_arch=linux-arm64 ;;
    *) profiler_arch= ;;
  esac
  if [[ -n "$profiler_arch" ]]; then
    PROFILER_LIB=$BENCH_DIR/target/async-profiler/$profiler_arch/libasyncProfiler.so
    if [[ ! -f "$PROFILER_LIB" ]]; then
      log "fetching $ASYNC_PROFILER into bench/target/async-profiler"
      (cd "$ROOT" && ./mvnw -q -B dependency:unpack -Dartifact="$ASYNC_PROFILER" \
        -DoutputDirectory="$BENCH_DIR/target/async-profiler" -Dmdep.unpack.includes="$profiler_arch/libasyncProfiler.so") \
        || log "could not fetch async-profiler: profiling with JFR instead"
    fi
    [[ -f "$PROFILER_LIB" ]] || PROFILER_LIB=
  else
    log "async-profiler has no library for $(uname -m): profiling with JFR instead"
  fi
fi

# --- processes ------------------------------------------------------------------------------------
WORK=$(mktemp -d /tmp/ssogate-bench.XXXXXX)
chmod 755 "$WORK" # nginx workers run as an unprivileged user when started as root
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do stop_wait "$pid"; done
  if [[ "${BENCH_KEEP_WORK:-}" == 1 ]]; then log "logs kept in $WORK"; else rm -rf "$WORK"; fi
}
# Waits up to 5 s for PID to end after a SIGTERM, then kills it.
stop_wait() {
  for _ in $(seq 50); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$1" 2>/dev/null || true
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

# start_ssogate NAME [SECTIONS [PORT]]: a gateway with its own port, config and data directory under $WORK/NAME,
# up to its "started" line (not a request more: the start-up scenario measures from there); SECTIONS, a file,
# is appended to its config; PORT, when given, is its port and public URL (http://127.0.0.1:PORT). With
# SSOGATE_BEFORE_START set, that function runs with the gateway's directory once the config is written, before the
# start, and a failure of it fails the start. With GATEWAY_JAR set, that jar is started instead of SSOGATE_JAR (the
# earlier build). Sets STARTED_PID and STARTED_PORT; fails when it doesn't start.
start_ssogate() {
  local dir=$WORK/$1 public=
  STARTED_PORT=${3:-$(free_port)}
  [[ -n "${3:-}" ]] && public=", publicUrl: \"http://127.0.0.1:$STARTED_PORT\""
  mkdir -p "$dir/data"
  cat >"$dir/ssogate.yaml" <<EOF
server: { bindAddress: 127.0.0.1, port: $STARTED_PORT$public, dataDir: $dir/data }
proxy: { upstreamUrl: "http://127.0.0.1:$UPSTREAM_PORT" }
EOF
  if [[ -n "${2:-}" ]]; then cat "$2" >>"$dir/ssogate.yaml"; fi
  # A step that needs the config but not the running gateway (the SCIM token's creation: the database is the
  # gateway's own while it runs).
  if [[ -n "${SSOGATE_BEFORE_START:-}" ]] && ! "$SSOGATE_BEFORE_START" "$dir"; then
    echo "not started: $SSOGATE_BEFORE_START failed" >"$dir/ssogate.log"
    return 1
  fi
  java "${JAVA_OPTS[@]}" -jar "${GATEWAY_JAR:-$SSOGATE_JAR}" --config "$dir/ssogate.yaml" >"$dir/ssogate.log" 2>&1 &
  STARTED_PID=$!
  PIDS+=("$STARTED_PID")
  wait_for_line "$dir/ssogate.log" 'started in' 120 "$STARTED_PID"
}

# start_emulator NAME SITE_PORT: the Mattermost emulator under $WORK/NAME, with the admin token of
# $WORK/emulator/admin-token (made the first time) and the site URL http://127.0.0.1:SITE_PORT (the gateway in front
# of it: Mattermost's cookie path). Sets UPSTREAM_PID and UPSTREAM_PORT, or dies.
start_emulator() {
  local dir=$WORK/$1
  mkdir -p "$dir" "$WORK/emulator"
  [[ -s "$WORK/emulator/admin-token" ]] \
    || head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' >"$WORK/emulator/admin-token"
  java "${JAVA_OPTS[@]}" -jar "$EMULATOR_JAR" --port 0 --admin-token "$(cat "$WORK/emulator/admin-token")" \
    --port-file "$dir/port" --site-url "http://127.0.0.1:$2" >"$dir/emulator.log" 2>&1 &
  UPSTREAM_PID=$!
  PIDS+=("$UPSTREAM_PID")
  wait_for_line "$dir/emulator.log" 'listening on' 60 "$UPSTREAM_PID" \
    || die "the emulator did not start: $(tail -5 "$dir/emulator.log")"
  UPSTREAM_PORT=$(cat "$dir/port")
  wait_for_200 "http://127.0.0.1:$UPSTREAM_PORT/api/v4/system/ping" 10 || die "the emulator does not answer its ping"
}

if [[ $MODE == login ]]; then
  # Logging people in needs a Mattermost: the emulator is the upstream of both gateways. Its site URL is the
  # gateway with login's public URL (Mattermost's cookie path), so that gateway's port is chosen first.
  LOGIN_PORT=$(free_port)
  log "starting the Mattermost emulator (the upstream)"
  start_emulator emulator "$LOGIN_PORT"
elif [[ $MODE == scim ]]; then
  # The reference's emulator first (the SCIM gateway gets a fresh one of its own after it, see run_scim); the
  # SCIM gateway's port is chosen now for both site URLs.
  SCIM_PORT=$(free_port)
  log "starting the Mattermost emulator (the reference's)"
  start_emulator emulator "$SCIM_PORT"
else
  log "starting the upstream"
  java "${JAVA_OPTS[@]}" -cp "$BENCH_JAR" io.ssogate.bench.BenchUpstream 0 >"$WORK/upstream.log" 2>&1 &
  UPSTREAM_PID=$!
  PIDS+=("$UPSTREAM_PID")
  wait_for_line "$WORK/upstream.log" 'listening on' 60 "$UPSTREAM_PID" || die "upstream did not start: $(tail -5 "$WORK/upstream.log")"
  UPSTREAM_PORT=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$WORK/upstream.log" | grep -o '[0-9]*$')
fi

# render TEMPLATE OUTPUT PORT: a config template with the run's paths and ports filled in.
render() {
  sed -e "s|@PREFIX@|$(dirname "$2")|g" -e "s|@LISTEN_PORT@|$3|g" -e "s|@UPSTREAM_PORT@|$UPSTREAM_PORT|g" \
    -e "s|@THREADS@|$(nproc)|g" "$1" >"$2"
}

NGINX_PID= HAPROXY_PID= NGINX_PORT= HAPROXY_PORT=
if [[ $MODE == all ]]; then
  log "starting nginx"
  NGINX_PORT=$(free_port)
  mkdir -p "$WORK/nginx"/{client_body_temp,proxy_temp,fastcgi_temp,uwsgi_temp,scgi_temp}
  chmod 777 "$WORK/nginx"/*_temp
  render "$BENCH_DIR/conf/nginx-mattermost.conf.template" "$WORK/nginx/nginx.conf" "$NGINX_PORT"
  nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" >"$WORK/nginx/stdout.log" 2>&1 &
  NGINX_PID=$!
  PIDS+=("$NGINX_PID")
  wait_for_200 "http://127.0.0.1:$NGINX_PORT/api/v4/system/ping" 30 || die "nginx did not start: $(cat "$WORK/nginx/error.log" "$WORK/nginx/stdout.log" 2>/dev/null | tail -5)"

  log "starting HAProxy"
  HAPROXY_PORT=$(free_port)
  mkdir -p "$WORK/haproxy"
  render "$BENCH_DIR/conf/haproxy-mattermost.cfg.template" "$WORK/haproxy/haproxy.cfg" "$HAPROXY_PORT"
  # -W: a master and a worker process, like nginx's; -db: in the foreground, so $! is the master.
  haproxy -W -db -f "$WORK/haproxy/haproxy.cfg" >"$WORK/haproxy/haproxy.log" 2>&1 &
  HAPROXY_PID=$!
  PIDS+=("$HAPROXY_PID")
  wait_for_200 "http://127.0.0.1:$HAPROXY_PORT/api/v4/system/ping" 30 || die "HAProxy did not start: $(tail -5 "$WORK/haproxy/haproxy.log")"
fi

SSOGATE_PID=
if [[ $MODE == scim ]]; then
  : # no plain gateway: the SCIM gateway starts in run_scim
elif [[ -f "$SSOGATE_JAR" ]]; then
  log "starting ssogate"
  if start_ssogate ssogate && wait_for_200 "http://127.0.0.1:$STARTED_PORT/api/v4/system/ping" 10; then
    SSOGATE_PID=$STARTED_PID
    SSOGATE_PORT=$STARTED_PORT
  else
    [[ $MODE != all ]] && die "ssogate does not proxy: $(tail -3 "$WORK/ssogate/ssogate.log")"
    log "ssogate does not proxy yet (measuring direct, nginx and HAProxy only): $(tail -3 "$WORK/ssogate/ssogate.log")"
    kill "$STARTED_PID" 2>/dev/null || true
  fi
else
  log "no $SSOGATE_JAR: measuring direct, nginx and HAProxy only"
fi
[[ -z "$SSOGATE_PID" ]] && SSO=0

# The earlier build, small GETs only: started like ssogate (its own directory, port and data directory, the same
# upstream).
BEFORE_PID= BEFORE_PORT= BEFORE_NOTE=
if [[ -n "$BEFORE_JAR" && ! -f "$BEFORE_JAR" ]]; then
  log "no $BEFORE_JAR (SSOGATE_BEFORE_JAR): no ssogate-before"
  BEFORE_NOTE="missing: not measured"
elif [[ -n "$BEFORE_JAR" ]]; then
  log "starting ssogate-before ($BEFORE_JAR)"
  if GATEWAY_JAR=$BEFORE_JAR start_ssogate ssogate-before \
      && wait_for_200 "http://127.0.0.1:$STARTED_PORT/api/v4/system/ping" 10; then
    BEFORE_PID=$STARTED_PID BEFORE_PORT=$STARTED_PORT
  else
    BEFORE_NOTE="does not proxy: not measured"
    log "ssogate-before does not proxy, left out: $(tail -3 "$WORK/ssogate-before/ssogate.log")"
    kill "$STARTED_PID" 2>/dev/null || true
  fi
fi

# The minimal proxies on ssogate's stack, small GETs only: a plain servlet and an Engine-level valve.
PROTO_TARGETS=()
declare -A PROTO_PIDS=() PROTO_PORTS=()
if [[ "$PROTOTYPES" == 1 ]]; then
  for proto in tomcat-min tomcat-min-valve; do
    log "starting $proto"
    port=$(free_port) flag=
    [[ $proto == tomcat-min-valve ]] && flag=--valve
    java "${JAVA_OPTS[@]}" -cp "$BENCH_JAR" io.ssogate.bench.prototype.MinimalTomcatProxy "$port" \
      "http://127.0.0.1:$UPSTREAM_PORT" $flag >"$WORK/$proto.log" 2>&1 &
    pid=$!
    PIDS+=("$pid")
    if wait_for_line "$WORK/$proto.log" 'listening on' 60 "$pid" \
        && wait_for_200 "http://127.0.0.1:$port/api/v4/system/ping" 10; then
      PROTO_TARGETS+=("$proto") PROTO_PIDS[$proto]=$pid PROTO_PORTS[$proto]=$port
    else
      log "$proto does not proxy, left out: $(tail -3 "$WORK/$proto.log")"
      kill "$pid" 2>/dev/null || true
    fi
  done
fi

# ssogate goes first in every scenario group: its long warm-up warms the upstream, a JVM too, for the
# targets after it. Without ssogate, "direct" is first and takes the long warm-up for the upstream.
TARGETS=(direct nginx haproxy)
declare -A BASE_URL=([direct]="http://127.0.0.1:$UPSTREAM_PORT" [nginx]="http://127.0.0.1:$NGINX_PORT"
  [haproxy]="http://127.0.0.1:$HAPROXY_PORT")
declare -A SERVER_PIDS=([direct]="" [nginx]="$NGINX_PID" [haproxy]="$HAPROXY_PID")
if [[ -n "$SSOGATE_PID" ]]; then
  TARGETS=(ssogate "${TARGETS[@]}")
  BASE_URL[ssogate]="http://127.0.0.1:$SSOGATE_PORT"
  SERVER_PIDS[ssogate]="$SSOGATE_PID"
fi
# The small GETs measure the earlier build and the prototypes too, right after ssogate (or first, without it).
GET_TARGETS=("${TARGETS[@]}")
GET_ONLY_TARGETS=()
if [[ -n "$BEFORE_PID" ]]; then
  GET_ONLY_TARGETS+=(ssogate-before)
  BASE_URL[ssogate-before]="http://127.0.0.1:$BEFORE_PORT"
  SERVER_PIDS[ssogate-before]="$BEFORE_PID"
fi
if ((${#PROTO_TARGETS[@]})); then
  for proto in "${PROTO_TARGETS[@]}"; do
    GET_ONLY_TARGETS+=("$proto")
    BASE_URL[$proto]="http://127.0.0.1:${PROTO_PORTS[$proto]}"
    SERVER_PIDS[$proto]="${PROTO_PIDS[$proto]}"
  done
fi
n_get_only=${#GET_ONLY_TARGETS[@]} n_proto=${#PROTO_TARGETS[@]}
if ((n_get_only)); then
  if [[ -n "$SSOGATE_PID" ]]; then
    GET_TARGETS=(ssogate "${GET_ONLY_TARGETS[@]}" "${TARGETS[@]:1}")
  else
    GET_TARGETS=("${GET_ONLY_TARGETS[@]}" "${TARGETS[@]}")
  fi
fi

# jvm_proxy TARGET: whether TARGET is a JVM proxy (ssogate, its earlier build, the prototypes), the targets that need
# the long warm-up and that the alternated rounds compare.
jvm_proxy() {
  [[ $1 == ssogate || $1 == ssogate-before || $1 == tomcat-min* ]]
}
# The alternated rounds' targets: the small GETs' JVMs, in the order the GET group measured them.
ROUND_TARGETS=()
for target in "${GET_TARGETS[@]}"; do
  if jvm_proxy "$target"; then ROUND_TARGETS+=("$target"); fi
done

# warmup_seconds INDEX TARGET: the long warm-up for every JVM proxy (ssogate, its earlier build, the prototypes) and
# for the first target of a group.
warmup_seconds() {
  if [[ $1 == 0 ]] || jvm_proxy "$2"; then echo "$JVM_WARMUP"; else echo "$SHORT_WARMUP"; fi
}

# --- the expected duration, counted from the settings ---------------------------------------------
n=${#TARGETS[@]}
# Per group: GET and WebSocket warm up W s, transfers W/2 s each way (rounded up).
WARMUP_TOTAL=$((2 * JVM_WARMUP + 2 * ((JVM_WARMUP + 1) / 2) + (n - 1) * (2 * SHORT_WARMUP + 2 * ((SHORT_WARMUP + 1) / 2))))
MEASURED_TOTAL=$((n * 6 * SECONDS_PER_RUN))
[[ -n "$SSOGATE_PID" ]] && MEASURED_TOTAL=$((MEASURED_TOTAL + STARTUP_WINDOW))
# The small GETs' own targets (the earlier build, the prototypes): a JVM warm-up and two small-GET runs each (~1 s of
# counters per run).
((n_get_only)) && [[ -z "$SSOGATE_PID" ]] && WARMUP_TOTAL=$((WARMUP_TOTAL - JVM_WARMUP + SHORT_WARMUP)) # direct is not first
WARMUP_TOTAL=$((WARMUP_TOTAL + n_get_only * JVM_WARMUP))
MEASURED_TOTAL=$((MEASURED_TOTAL + n_get_only * 2 * SECONDS_PER_RUN))
[[ -n "$SSOGATE_PID" && "$PROFILE" == 1 ]] && MEASURED_TOTAL=$((MEASURED_TOTAL + SECONDS_PER_RUN))
[[ -n "$BEFORE_PID" && "$PROFILE" == 1 ]] && MEASURED_TOTAL=$((MEASURED_TOTAL + SECONDS_PER_RUN))
# The alternated rounds after the first: a re-warm and a run of each JVM per round (~1 s of counters each).
ROUND_RUNS=$(((GET_ROUNDS - 1) * ${#ROUND_TARGETS[@]}))
WARMUP_TOTAL=$((WARMUP_TOTAL + ROUND_RUNS * GET_ROUND_REWARM))
MEASURED_TOTAL=$((MEASURED_TOTAL + ROUND_RUNS * SECONDS_PER_RUN))
# Around the runs, on a quiet machine: ~1 s per measured run (counters, parsing), ~3 s per WebSocket
# client (a JVM start, connects and closes) and 5 s more for 1,000 connections, 10 s for the fresh gateway.
OVERHEAD_TOTAL=$((n * (6 * 1 + 3 * 3 + 5) + 10 + 1 + n_get_only * 2 + ROUND_RUNS))
# The single sign-on part: the gateway with sessions warms up (in `sso` mode the one without too), every
# alternated run follows a short re-warm, ~0.15 s per sign-in (curl's four requests), ~10 s to start the
# provider and the gateway with sessions, ~1 s per measured run for the counters.
SSO_RUNS=$((SSO_ROUNDS * 2 * $(wc -w <<<"$SSO_CONNECTIONS")))
SSO_TOTAL=0
if [[ "$SSO" == 1 ]]; then
  sso_warmups=1
  [[ $MODE == sso ]] && sso_warmups=2
  SSO_TOTAL=$((sso_warmups * JVM_WARMUP + SSO_RUNS * (SSO_REWARM + SECONDS_PER_RUN + 1)
    + ((1 + SIGNIN_WARMUP + SIGNINS) * 15 + 99) / 100 + 10))
fi
# Logging people in: both gateways' small-GET warm-ups and the alternated runs as for single sign-on, ~40 ms per
# person and round (the provider part one after another, then the timed part: ~50 ms of CPU per login in all
# three JVMs on a 2-core machine), ~20 s to start the
# provider and the gateway with login, ~3 s per load driver (a JVM start and its first requests).
LOGIN_ROUNDS=$((2 * $(wc -w <<<"$LOGIN_CONCURRENCY")))
LOGIN_TOTAL=$((2 * JVM_WARMUP + SSO_RUNS * (SSO_REWARM + SECONDS_PER_RUN + 1)
  + (2 * LOGIN_WARMUP + LOGIN_ROUNDS * LOGIN_PEOPLE) * 40 / 1000 + 20 + 3 * (LOGIN_ROUNDS + 2)))
# SCIM provisioning: on two shared cores, ~2 ms per user the reference creates at the emulator, ~5 ms per SCIM user
# provisioned (accepted and synced), ~3 ms per user of the fill (accepted, marked outside the domains), ~2 ms per
# lookup (three kinds at each concurrency, each after a quarter as many untimed; one at a time ~4 ms); the warm-ups
# like their timed part; ~45 s to start two emulators, the provider, the token command and the gateway; ~3 s per load
# driver (a JVM start), five and three per concurrency.
SCIM_TOTAL=$(((2 * (SCIM_WARMUP + SCIM_USERS) + 5 * (SCIM_WARMUP + SCIM_USERS) + 3 * (SCIM_LOOKUP_USERS - SCIM_USERS)
  + 3 * 3 * $(wc -w <<<"$SCIM_LOOKUP_CONCURRENCY") * (SCIM_LOOKUPS + (SCIM_LOOKUPS + 3) / 4)) / 1000 + 45
  + 3 * (5 + 3 * $(wc -w <<<"$SCIM_LOOKUP_CONCURRENCY"))))
if [[ $MODE == scim ]]; then
  EXPECTED_TOTAL=$((SECONDS + SCIM_TOTAL))
  log "SCIM provisioning; expected duration about $((EXPECTED_TOTAL / 60)) min $((EXPECTED_TOTAL % 60)) s," \
    "${SECONDS} s build and start so far; a busy machine takes longer"
elif [[ $MODE == login ]]; then
  EXPECTED_TOTAL=$((SECONDS + LOGIN_TOTAL))
  log "logging people into Mattermost; expected duration about $((EXPECTED_TOTAL / 60)) min $((EXPECTED_TOTAL % 60)) s," \
    "${SECONDS} s build and start so far; a busy machine takes longer"
elif [[ $MODE == sso ]]; then
  EXPECTED_TOTAL=$((SECONDS + SSO_TOTAL))
  log "single sign-on part only; expected duration about $((EXPECTED_TOTAL / 60)) min $((EXPECTED_TOTAL % 60)) s," \
    "${SECONDS} s build and start so far; a busy machine takes longer"
else
  EXPECTED_TOTAL=$((SECONDS + WARMUP_TOTAL + MEASURED_TOTAL + OVERHEAD_TOTAL + SSO_TOTAL))
  sso_note= sso_part=
  if [[ "$SSO" == 1 ]]; then sso_note=", then single sign-on" sso_part=" ~${SSO_TOTAL} s single sign-on,"; fi
  get_note=
  ((n_get_only)) && get_note=" (small GETs also ${GET_ONLY_TARGETS[*]})"
  ((ROUND_RUNS)) && get_note+=", $((GET_ROUNDS - 1)) more rounds of get-c64 over ${ROUND_TARGETS[*]}"
  log "targets: ${TARGETS[*]}$get_note$sso_note; expected duration about" \
    "$((EXPECTED_TOTAL / 60)) min $((EXPECTED_TOTAL % 60)) s: ${WARMUP_TOTAL} s warm-up, ${MEASURED_TOTAL} s measured," \
    "~${OVERHEAD_TOTAL} s between runs (client starts, connects, counters),$sso_part" \
    "${SECONDS} s build and start so far; a busy machine takes longer"
fi

# --- CPU and context-switch accounting ------------------------------------------------------------
# utime+stime (fields 14 and 15 of /proc/PID/stat, in clock ticks) of PID and its children
# (nginx and HAProxy: the master and its workers). A process's stat counts all its threads.
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

# "tid voluntary involuntary" context switches of every thread of PID and of its child processes.
# /proc/PID/status alone counts the main thread only, and a JVM's work is all in its other threads.
switch_counts() {
  local pid child
  for pid in "$@"; do
    for child in "$pid" $(cat "/proc/$pid/task/$pid/children" 2>/dev/null); do
      cat "/proc/$child/task/"*/status 2>/dev/null || true
    done
  done | awk '/^Pid:/ { tid = $2 } /^voluntary_ctxt_switches:/ { v = $2 }
    /^nonvoluntary_ctxt_switches:/ { print tid, v, $2 }'
}

# switches_between BEFORE AFTER: "voluntary involuntary" switches between two switch_counts files,
# thread by thread: a thread started in between counts from zero; one that ended in between is lost
# (a run's threads live on in the pools, so little is).
switches_between() {
  awk 'FILENAME == ARGV[1] { v[$1] = $2; n[$1] = $3; next }
    { dv = $2 - v[$1]; dn = $3 - n[$1]
      if (dv < 0 || dn < 0) { dv = $2; dn = $3 } # a thread id reused by a new thread
      tv += dv; tn += dn }
    END { printf "%d %d\n", tv, tn }' "$1" "$2"
}

# "busy idle" jiffies of the whole machine, from the first line of /proc/stat.
machine_ticks() {
  local _ user nice system idle iowait irq softirq steal
  read -r _ user nice system idle iowait irq softirq steal _ </proc/stat
  echo "$((user + nice + system + irq + softirq + steal)) $((idle + iowait))"
}

RESULTS=$WORK/results.tsv
printf '# scenario\ttarget\tunit\trate\tp50_ms\tp99_ms\tcount\terrors\tupstream_cpu_ms\tupstream_vcs\tupstream_nvcs\tproxy_cpu_ms\tproxy_vcs\tproxy_nvcs\tclient_cpu_ms\tbusy_pct\n' >"$RESULTS"
MEASURE_TO=$RESULTS

# measure SCENARIO TARGET UNIT KIND COMMAND...: runs COMMAND once, reads the CPU and context-switch
# counters right before and right after it (never around a warm-up), parses its result line (KIND wrk,
# wrk-transfer or ws) and appends one row to $MEASURE_TO.
measure() {
  local scenario=$1 target=$2 unit=$3 kind=$4
  shift 4
  local proxy_pid=${SERVER_PIDS[$target]}
  local up0 px0=0 m0 up1 px1=0 m1 out
  up0=$(cpu_ticks "$UPSTREAM_PID")
  switch_counts "$UPSTREAM_PID" >"$WORK/switches.up0"
  if [[ -n "$proxy_pid" ]]; then
    px0=$(cpu_ticks "$proxy_pid")
    switch_counts "$proxy_pid" >"$WORK/switches.px0"
  fi
  m0=$(machine_ticks)
  # The client's own CPU (bash's `time`: user and system of the child) shows how much of the two
  # cores the load generator takes.
  local TIMEFORMAT='%3U %3S'
  { time "$@" >"$WORK/client.out" 2>"$WORK/client.err"; } 2>"$WORK/client.time" \
    || log "$scenario/$target: client exited non-zero: $(tail -2 "$WORK/client.err")"
  up1=$(cpu_ticks "$UPSTREAM_PID")
  switch_counts "$UPSTREAM_PID" >"$WORK/switches.up1"
  if [[ -n "$proxy_pid" ]]; then
    px1=$(cpu_ticks "$proxy_pid")
    switch_counts "$proxy_pid" >"$WORK/switches.px1"
  fi
  m1=$(machine_ticks)
  out=$(cat "$WORK/client.out")
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
  local tick_ms upstream_ms up_vcs up_nvcs proxy_ms=- px_vcs=- px_nvcs=- client_ms busy
  client_ms=$(awk '{ printf "%.0f", ($1 + $2) * 1000 }' "$WORK/client.time")
  tick_ms=$(awk -v t="$CLK_TCK" 'BEGIN { print 1000 / t }')
  upstream_ms=$(awk -v a="$up0" -v b="$up1" -v t="$tick_ms" 'BEGIN { printf "%.0f", (b - a) * t }')
  read -r up_vcs up_nvcs < <(switches_between "$WORK/switches.up0" "$WORK/switches.up1")
  if [[ -n "$proxy_pid" ]]; then
    proxy_ms=$(awk -v a="$px0" -v b="$px1" -v t="$tick_ms" 'BEGIN { printf "%.0f", (b - a) * t }')
    read -r px_vcs px_nvcs < <(switches_between "$WORK/switches.px0" "$WORK/switches.px1")
  fi
  busy=$(awk -v a="$m0" -v b="$m1" 'BEGIN { split(a, x, " "); split(b, y, " ");
    busy = y[1] - x[1]; all = busy + y[2] - x[2]; printf "%.0f", (all > 0 ? 100 * busy / all : 0) }')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$scenario" "$target" "$unit" "$rate" \
    "$p50" "$p99" "$count" "$errors" "$upstream_ms" "$up_vcs" "$up_nvcs" "$proxy_ms" "$px_vcs" "$px_nvcs" "$client_ms" "$busy" \
    >>"$MEASURE_TO"
  log "$scenario/$target: $rate $unit, p50 $p50 ms, p99 $p99 ms, errors $errors"
}

export BENCH_WRK_DIR=$BENCH_DIR/wrk BENCH_UPLOAD_BYTES=$TRANSFER_BYTES
REPORT_LUA=$BENCH_WRK_DIR/report.lua
UPLOAD_LUA=$BENCH_WRK_DIR/upload.lua
quiet() { "$@" >/dev/null 2>&1 || true; }

# --- profiling (BENCH_PROFILE=1) ------------------------------------------------------------------
PROFILE_OUT=$BENCH_DIR/out
PROFILE_NOTE=
PROFILED_STAGES=() # the stage breakdowns made, ssogate's first, for RESULTS.md
# agent COMMAND: one async-profiler command to the gateway being profiled (PROFILED_PID), through the JVM's
# attach API. jcmd splits its arguments at "=", so the command goes in double quotes.
agent() {
  jcmd "$PROFILED_PID" JVMTI.agent_load "$PROFILER_LIB" "\"$1\"" >"$WORK/jcmd.out" 2>&1 \
    && grep -q 'return code: 0' "$WORK/jcmd.out"
}

# profile_small_gets URL TARGET: one more get-c64 run of the warm gateway TARGET (ssogate, or ssogate-before: the
# breakdown before and after a change, in one sitting), sampled; it stays out of the tables (the profiler costs a
# little CPU of its own) and leaves its files in bench/out/.
profile_small_gets() {
  local url=$1 target=$2 name=$2-get-c64 count proxy_ms
  PROFILED_PID=${SERVER_PIDS[$target]}
  mkdir -p "$PROFILE_OUT"
  rm -f "$PROFILE_OUT/$name".* "$PROFILE_OUT/$name"-stages.md
  local run=(wrk -t2 -c64 -d"${SECONDS_PER_RUN}s" --latency -s "$REPORT_LUA" "$url")
  if [[ -n "$PROFILER_LIB" ]] && agent "start,event=cpu,interval=${PROFILE_INTERVAL_MS}ms"; then
    log "profile: ${SECONDS_PER_RUN}s of get-c64 of $target under async-profiler"
    printf '# profiled run\n' >"$WORK/profile.tsv"
    MEASURE_TO=$WORK/profile.tsv measure get-c64 "$target" req/s wrk "${run[@]}"
    agent "dump,file=$PROFILE_OUT/$name.html,flamegraph" || log "profile: no flame graph: $(tail -2 "$WORK/jcmd.out")"
    agent "stop,file=$PROFILE_OUT/$name.collapsed,collapsed" || log "profile: no stacks: $(tail -2 "$WORK/jcmd.out")"
    read -r count proxy_ms < <(awk -F'\t' '!/^#/ { print $7, $12 }' "$WORK/profile.tsv") || true
    PROFILE_NOTE="async-profiler (cpu, ${PROFILE_INTERVAL_MS} ms), an extra get-c64 run of each gateway profiled, not in the tables: bench/out/<target>-get-c64.{html,collapsed}"
    if [[ -s "$PROFILE_OUT/$name.collapsed" && -n "${count:-}" ]] && {
        if [[ $target == ssogate ]]; then
          printf "## Where ssogate's CPU goes (get-c64, async-profiler)\n\n"
        else
          printf "## Where %s's CPU goes (get-c64, async-profiler): the breakdown before\n\n" "$target"
          printf '%s is the earlier build (%s), profiled the same way right after its own measured runs.\n\n' \
            "$target" "${BEFORE_LABEL:-$BEFORE_JAR}"
        fi
        printf 'An extra %s s get-c64 run after the measured ones, sampled every %s ms of CPU; its /proc figures include' \
          "$SECONDS_PER_RUN" "$PROFILE_INTERVAL_MS"
        printf " the profiler's own cost. Flame graph: \`bench/out/%s.html\`, stacks: \`bench/out/%s.collapsed\`.\n\n" "$name" "$name"
        java -cp "$BENCH_JAR" io.ssogate.bench.profile.StageBreakdown "$PROFILE_OUT/$name.collapsed" "$count" \
          "$proxy_ms" "$PROFILE_INTERVAL_MS"
      } >"$WORK/stages.md"; then
      mv "$WORK/stages.md" "$PROFILE_OUT/$name-stages.md"
      PROFILED_STAGES+=("$PROFILE_OUT/$name-stages.md")
    else
      log "profile: no stage breakdown (no stacks or no result line)"
    fi
    log "profile: bench/out/$name.*"
  else
    [[ -n "$PROFILER_LIB" ]] && log "profile: async-profiler did not attach ($(tail -2 "$WORK/jcmd.out" | tr '\n' ' ')): JFR instead"
    log "profile: ${SECONDS_PER_RUN}s of get-c64 under JFR"
    if jcmd "$PROFILED_PID" JFR.start name=bench settings=profile >"$WORK/jcmd.out" 2>&1; then
      quiet "${run[@]}"
      if jcmd "$PROFILED_PID" JFR.stop name=bench filename="$PROFILE_OUT/$name.jfr" >"$WORK/jcmd.out" 2>&1; then
        PROFILE_NOTE="JFR (async-profiler unavailable), an extra get-c64 run of each gateway profiled: bench/out/<target>-get-c64.jfr (no stage breakdown: that needs async-profiler's stacks)"
        log "profile: bench/out/$name.jfr (jfr print --events jdk.ExecutionSample, or JDK Mission Control)"
      fi
    fi
    [[ -n "$PROFILE_NOTE" ]] || log "profile: JFR failed too: $(tail -2 "$WORK/jcmd.out" | tr '\n' ' ')"
  fi
}

# --- single sign-on ---------------------------------------------------------------------------------
# A second gateway, ssogate-sso, with an sso: section like the demo's (tenant demo, domain demo.example,
# the demo OpenID provider from testkit's jar), so every proxied request must carry a live gateway session.
# One sign-in by curl gives the session cookie; small GETs with it are alternated with the same GETs through
# the gateway without SSO; then N more sign-ins time the gateway's /sso/callback.
SIGNIN_EMAIL=alice@demo.example
SSO_RESULTS=$WORK/sso.tsv
CALLBACKS=$WORK/callbacks.txt
OIDC_ISSUER=
SSO_FRESH_START=

# html_attribute HTML NAME: sets FIELD to the value of the hidden form field NAME, the page template's
# escaping undone (named and numeric character references), or fails. No subprocess: a sign-in parses two.
html_attribute() {
  local pattern="<input type=\"hidden\" name=\"$2\" value=\"([^\"]*)\""
  local reference='^([^&]*)&(#[xX][0-9a-fA-F]+|#[0-9]+|amp|quot|lt|gt|apos);(.*)$' rest code
  [[ $1 =~ $pattern ]] || return 1
  rest=${BASH_REMATCH[1]}
  FIELD=
  while [[ $rest =~ $reference ]]; do
    FIELD+=${BASH_REMATCH[1]}
    rest=${BASH_REMATCH[3]}
    case ${BASH_REMATCH[2]} in
      amp) FIELD+='&' ;;
      quot) FIELD+='"' ;;
      lt) FIELD+='<' ;;
      gt) FIELD+='>' ;;
      apos) FIELD+="'" ;;
      '#'[xX]*) printf -v code '%08x' "$((16#${BASH_REMATCH[2]:2}))"; printf -v code "\\U$code"; FIELD+=$code ;;
      *) printf -v code '%08x' "$((10#${BASH_REMATCH[2]:1}))"; printf -v code "\\U$code"; FIELD+=$code ;;
    esac
  done
  FIELD+=$rest
}

# sign_in BASE_URL JAR: one sign-in of $SIGNIN_EMAIL as a browser does it, with a fresh cookie jar: the
# email page (its CSRF field and SSOGATE_CSRF cookie), the email posted (303 to the provider's authorize
# endpoint with login_hint), the provider's form posted (302 back to /sso/callback), the callback (302, the
# session cookie). Sets SIGNIN_TOKEN and SIGNIN_CALLBACK_S, curl's time_total of the callback alone; on
# failure returns 1 with SIGNIN_ERROR.
sign_in() {
  local base=$1 jar=$2 page csrf return_to answer
  SIGNIN_TOKEN= SIGNIN_CALLBACK_S= SIGNIN_ERROR=
  rm -f "$jar"
  page=$(curl -sS --max-time 30 -c "$jar" -b "$jar" "$base/sso/login" 2>&1) \
    || { SIGNIN_ERROR="GET /sso/login: $page"; return 1; }
  html_attribute "$page" csrf || { SIGNIN_ERROR="no csrf field on /sso/login: ${page:0:200}"; return 1; }
  csrf=$FIELD
  html_attribute "$page" redirect_to || { SIGNIN_ERROR="no redirect_to field on /sso/login"; return 1; }
  return_to=$FIELD
  answer=$(curl -sS --max-time 30 -o /dev/null -c "$jar" -b "$jar" -w '%{http_code} %{redirect_url}' \
    --data-urlencode "csrf=$csrf" --data-urlencode "redirect_to=$return_to" --data-urlencode "email=$SIGNIN_EMAIL" \
    "$base/sso/login" 2>&1) || { SIGNIN_ERROR="POST /sso/login: $answer"; return 1; }
  [[ $answer == "303 $OIDC_ISSUER/authorize?"* ]] || { SIGNIN_ERROR="POST /sso/login answered [$answer], not 303 to the provider"; return 1; }
  answer=$(curl -sS --max-time 30 -o /dev/null -w '%{http_code} %{redirect_url}' \
    --data-urlencode "username=$SIGNIN_EMAIL" "${answer#303 }" 2>&1) \
    || { SIGNIN_ERROR="the provider's form: $answer"; return 1; }
  [[ $answer == "302 $base/sso/callback?"* ]] || { SIGNIN_ERROR="the provider answered [$answer], not 302 to /sso/callback"; return 1; }
  answer=$(curl -sS --max-time 30 -o /dev/null -c "$jar" -b "$jar" -w '%{http_code} %{time_total}' "${answer#302 }" 2>&1) \
    || { SIGNIN_ERROR="/sso/callback: $answer"; return 1; }
  [[ $answer == "302 "* ]] || { SIGNIN_ERROR="/sso/callback answered [$answer], not 302"; return 1; }
  SIGNIN_CALLBACK_S=${answer#302 }
  local _domain _sub _path _secure _expires name value
  while IFS=$'\t' read -r _domain _sub _path _secure _expires name value; do
    [[ $name == SSOGATE_SESSION ]] && SIGNIN_TOKEN=$value
  done <"$jar"
  [[ -n $SIGNIN_TOKEN ]] || { SIGNIN_ERROR="/sso/callback set no SSOGATE_SESSION cookie"; return 1; }
}

# start_sso_gateway [NAME [SECTIONS [PORT]]]: the demo OpenID provider, then a gateway NAME (ssogate-sso) pointed
# at it, with SECTIONS (a file) appended to its sso: section and PORT as its port and public URL (see
# start_ssogate). Sets SSO_PID, SSO_PORT and OIDC_PID, or fails with a log line.
start_sso_gateway() {
  local name=${1:-ssogate-sso} extra=${2:-} port=${3:-}
  log "single sign-on: starting the demo OpenID provider"
  java -Xmx256m -Djava.net.preferIPv4Stack=true -cp "$EMULATOR_JAR" io.ssogate.testkit.oidc.DemoOidcProvider --port 0 \
    >"$WORK/oidc.log" 2>&1 &
  OIDC_PID=$!
  PIDS+=("$OIDC_PID")
  if ! wait_for_line "$WORK/oidc.log" 'Demo OIDC provider ready, issuer: ' 60 "$OIDC_PID"; then
    log "single sign-on: the demo OpenID provider did not start: $(tail -3 "$WORK/oidc.log")"
    return 1
  fi
  OIDC_ISSUER=$(grep -o 'Demo OIDC provider ready, issuer: .*' "$WORK/oidc.log" | head -1 | cut -d' ' -f6)
  # The demo's section (SsogateCommand.runDemo): the provider takes any client secret.
  mkdir -p "$WORK/$name"
  printf 'bench-client-secret' >"$WORK/$name/client-secret"
  cat >"$WORK/sso-section.yaml" <<EOF
sso:
  tenants:
    - name: demo
      domains: [demo.example]
      idps:
        - name: demo-oidc
          displayName: Demo identity provider
          type: oidc
          sendLoginHint: true
          oidc:
            discoveryUri: $OIDC_ISSUER/.well-known/openid-configuration
            clientId: ssogate-demo
            clientSecret: \${file:client-secret}
            clientAuthentication: client_secret_basic
  page: { companyName: Demo Corp }
EOF
  if [[ -n "$extra" ]]; then cat "$extra" >>"$WORK/sso-section.yaml"; fi
  log "single sign-on: starting $name"
  if ! start_ssogate "$name" "$WORK/sso-section.yaml" "$port"; then
    log "single sign-on: $name did not start: $(tail -3 "$WORK/$name/ssogate.log")"
    return 1
  fi
  SSO_PID=$STARTED_PID
  SSO_PORT=$STARTED_PORT
  SSO_FRESH_START=$(grep -o 'started in [0-9]* ms' "$WORK/$name/ssogate.log" | head -1)
  # Without a session the gateway refuses the API (401): single sign-on is on, not bypassed.
  local refused
  # Not system/ping: the apps ask for it before anyone signs in, so it passes without a session (AnonymousPassage).
  refused=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "http://127.0.0.1:$SSO_PORT/api/v4/users/me" || true)
  if [[ $refused != 401 ]]; then
    log "single sign-on: $name answered $refused without a session, not 401"
    return 1
  fi
}

# run_sso: the whole single sign-on part; rows to $SSO_RESULTS, callback durations to $CALLBACKS.
run_sso() {
  printf '# scenario\ttarget\tunit\trate\tp50_ms\tp99_ms\tcount\terrors\tupstream_cpu_ms\tupstream_vcs\tupstream_nvcs\tproxy_cpu_ms\tproxy_vcs\tproxy_nvcs\tclient_cpu_ms\tbusy_pct\n' >"$SSO_RESULTS"
  printf '# warmup=%s\n' "$SIGNIN_WARMUP" >"$CALLBACKS"
  if ! start_sso_gateway; then
    printf '# failed=%s\n' "$SIGNINS" >>"$CALLBACKS"
    return 0
  fi
  local base="http://127.0.0.1:$SSO_PORT" jar=$WORK/cookies.txt token answer
  if ! sign_in "$base" "$jar"; then
    log "single sign-on: the first sign-in failed: $SIGNIN_ERROR"
    printf '# failed=%s\n' "$SIGNINS" >>"$CALLBACKS"
    return 0
  fi
  token=$SIGNIN_TOKEN
  answer=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -H "Cookie: SSOGATE_SESSION=$token" "$base/api/v4/system/ping" || true)
  [[ $answer == 200 ]] || log "single sign-on: a GET with the session answered $answer, not 200 (the runs will count errors)"
  BASE_URL[ssogate-sso]=$base
  SERVER_PIDS[ssogate-sso]=$SSO_PID
  declare -A cookie=([ssogate]="" [ssogate-sso]="Cookie: SSOGATE_SESSION=$token")
  # wrk_args TARGET: the session cookie header for ssogate-sso, nothing for ssogate.
  wrk_args() { WRK_ARGS=(); if [[ -n "${cookie[$1]}" ]]; then WRK_ARGS=(-H "${cookie[$1]}"); fi; }

  # Warm-ups: the same >= JVM_WARMUP s of small GETs as ssogate gets. In the full run ssogate has had its
  # own already (the GET group), in `sso` mode it gets it here first.
  local target r c targets=(ssogate-sso)
  [[ $MODE == sso ]] && targets=(ssogate ssogate-sso)
  for target in "${targets[@]}"; do
    wrk_args "$target"
    log "single sign-on: GET $target: ${JVM_WARMUP}s warm-up"
    quiet wrk -t2 -c64 -d"${JVM_WARMUP}s" "${WRK_ARGS[@]}" "${BASE_URL[$target]}/api/v4/system/ping"
  done
  # Alternated: no SSO, valid session, no SSO, valid session, ..., so that drift favours neither.
  for ((r = 1; r <= SSO_ROUNDS; r++)); do
    for target in ssogate ssogate-sso; do
      wrk_args "$target"
      for c in $SSO_CONNECTIONS; do
        quiet wrk -t2 -c"$c" -d"${SSO_REWARM}s" "${WRK_ARGS[@]}" "${BASE_URL[$target]}/api/v4/system/ping"
        MEASURE_TO=$SSO_RESULTS measure "get-c$c" "$target" req/s wrk \
          wrk -t2 -c"$c" -d"${SECONDS_PER_RUN}s" --latency -s "$REPORT_LUA" "${WRK_ARGS[@]}" \
          "${BASE_URL[$target]}/api/v4/system/ping"
      done
    done
  done

  # Sign-ins, one after another: the warm-up ones untimed, then SIGNINS whose callback is recorded. The
  # gateway's CPU over the measured ones covers its three requests of each sign-in.
  local i failed=0 cpu0 cpu1 seconds_file=$WORK/callback-seconds.txt
  log "single sign-on: $SIGNIN_WARMUP warm-up sign-ins, then $SIGNINS timed"
  for ((i = 0; i < SIGNIN_WARMUP; i++)); do
    sign_in "$base" "$jar" || log "single sign-on: warm-up sign-in failed: $SIGNIN_ERROR"
  done
  : >"$seconds_file"
  cpu0=$(cpu_ticks "$SSO_PID")
  for ((i = 0; i < SIGNINS; i++)); do
    if sign_in "$base" "$jar"; then
      echo "$SIGNIN_CALLBACK_S" >>"$seconds_file"
    else
      failed=$((failed + 1))
      ((failed <= 3)) && log "single sign-on: sign-in failed: $SIGNIN_ERROR"
    fi
  done
  cpu1=$(cpu_ticks "$SSO_PID")
  {
    printf '# failed=%s\n' "$failed"
    awk -v a="$cpu0" -v b="$cpu1" -v t="$CLK_TCK" 'BEGIN { printf "# gateway_cpu_ms=%.0f\n", (b - a) * 1000 / t }'
    awk '{ printf "%.3f\n", $1 * 1000 }' "$seconds_file"
  } >>"$CALLBACKS"
  log "single sign-on: callback p50 $(sort -n "$seconds_file" | awk '{ v[NR] = $1 } END { if (NR) printf "%.1f", v[int((NR + 1) / 2)] * 1000 }') ms over $((SIGNINS - failed)) sign-ins, $failed failed"

  # Done with single sign-on: the rest of the run measures without these two.
  kill "$SSO_PID" "$OIDC_PID" 2>/dev/null || true
  stop_wait "$SSO_PID"
  stop_wait "$OIDC_PID"
}

# sso_header: the header lines the SSO section adds to machine.tsv.
sso_header() {
  printf 'Single sign-on\tssogate-sso: the same jar with an sso: section (tenant demo, the demo OpenID provider from %s, %s); %s. ' \
    "${EMULATOR_JAR#"$ROOT"/}" "${OIDC_ISSUER:-did not start}" "${SSO_FRESH_START:-did not start}"
  printf 'Small GETs %s rounds alternated, %s s each after a %s s re-warm, both gateways after %s s of warm-up; %s sign-ins timed after %s\n' \
    "$SSO_ROUNDS" "$SECONDS_PER_RUN" "$SSO_REWARM" "$JVM_WARMUP" "$SIGNINS" "$SIGNIN_WARMUP"
}

# machine_header: the lines every results file starts with.
machine_header() {
  printf 'Date\t%s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
  printf 'Machine\t%s cores (nproc), %s, %s MiB RAM, Linux %s\n' "$(nproc)" \
    "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" \
    "$(awk '/MemTotal/ { printf "%d", $2 / 1024 }' /proc/meminfo)" "$(uname -r)"
  printf 'Java\t%s\n' "$(java -version 2>&1 | head -2 | tr '\n' ' ')"
}

# --- logging people into Mattermost (`login`) ------------------------------------------------------
# ssogate-login: single sign-on as in run_sso, plus the login: section (the emulator's admin token, accounts
# created just in time, at most 16 logins at Mattermost at once by default) and the vault: section (a fresh
# key). SignInLoad times "callback to cookies" for LOGIN_PEOPLE people per round: first sign-ins (accounts
# created), then the same people returning (accounts exist, new gateway sessions), at each concurrency; then
# small GETs of one logged-in person through ssogate-login, alternated with the same GETs through ssogate.
LOGIN_RESULTS=$WORK/login-gets.tsv
LOGIN_DIR=$WORK/logins

run_login() {
  printf '# scenario\ttarget\tunit\trate\tp50_ms\tp99_ms\tcount\terrors\tupstream_cpu_ms\tupstream_vcs\tupstream_nvcs\tproxy_cpu_ms\tproxy_vcs\tproxy_nvcs\tclient_cpu_ms\tbusy_pct\n' >"$LOGIN_RESULTS"
  mkdir -p "$LOGIN_DIR" "$WORK/ssogate-login"
  cp "$WORK/emulator/admin-token" "$WORK/ssogate-login/admin-token"
  head -c 32 /dev/urandom | base64 | tr -d '\n' >"$WORK/ssogate-login/vault-key"
  cat >"$WORK/login-section.yaml" <<EOF
login:
  adminToken: \${file:admin-token}
  jitProvisioning: true
vault:
  keys:
    - id: bench
      secret: \${file:vault-key}
  currentKey: bench
EOF
  start_sso_gateway ssogate-login "$WORK/login-section.yaml" "$LOGIN_PORT" || return 0
  local base="http://127.0.0.1:$SSO_PORT" c block first round answer cookie
  BASE_URL[ssogate-login]=$base
  SERVER_PIDS[ssogate-login]=$SSO_PID
  local load=(java "${JAVA_OPTS[@]}" -cp "$BENCH_JAR" io.ssogate.bench.login.SignInLoad --gateway "$base"
    --gateway-pid "$SSO_PID" --emulator-pid "$UPSTREAM_PID" --idp-pid "$OIDC_PID" --clk-tck "$CLK_TCK" --batch "$LOGIN_BATCH")
  # login_round NAME OUT ARGS...: one SignInLoad run, its summary line logged.
  login_round() {
    local name=$1 out=$2
    shift 2
    if "${load[@]}" --round "$name" --out "$out" "$@" >"$WORK/login.out" 2>"$WORK/login.err"; then
      log "logins $name: $(grep -o 'LOGIN_RESULT.*' "$WORK/login.out" | cut -d' ' -f3-)"
    else
      log "logins $name: failed: $(grep -o 'LOGIN_RESULT.*' "$WORK/login.out" | cut -d' ' -f3-) $(tail -3 "$WORK/login.err" | tr '\n' ' ')"
    fi
    grep -q '^first login errors' "$WORK/login.err" && log "logins $name: $(grep -m3 '^first login errors' "$WORK/login.err" | tr '\n' ' ')"
    return 0
  }
  if ((LOGIN_WARMUP > 0)); then
    log "logins: $LOGIN_WARMUP people to warm up, first sign-ins then returning, not counted"
    login_round warmup-first "$WORK/warmup-first.txt" --prefix warmup --people "$LOGIN_WARMUP" --concurrency 16
    login_round warmup-returning "$WORK/warmup-returning.txt" --prefix warmup --people "$LOGIN_WARMUP" --concurrency 16
  fi
  # Each concurrency has its own LOGIN_PEOPLE newcomers (person0001.., person1001.., ...), who return after.
  round=0
  for phase in first returning; do
    block=0
    for c in $LOGIN_CONCURRENCY; do
      round=$((round + 1))
      first=$((block * LOGIN_PEOPLE + 1))
      log "logins $phase-c$c: person$(printf %04d "$first") to person$(printf %04d $((first + LOGIN_PEOPLE - 1))), $c at once"
      login_round "$phase" "$LOGIN_DIR/$(printf %02d "$round")-$phase-c$c.txt" --prefix person --first "$first" \
        --people "$LOGIN_PEOPLE" --concurrency "$c" --cookie-file "$WORK/signed-in-cookie.txt"
      block=$((block + 1))
    done
  done

  # Small GETs of a person logged in: the gateway checks the session and compares the Mattermost cookies.
  cookie=$(cat "$WORK/signed-in-cookie.txt" 2>/dev/null || true)
  if [[ $cookie != *SSOGATE_SESSION=*MMUSERID=*MMAUTHTOKEN=* ]]; then
    log "logins: no logged-in person's cookies, so no small GETs"
  else
    answer=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -H "Cookie: $cookie" "$base/api/v4/system/ping" || true)
    [[ $answer == 200 ]] || log "logins: a GET of the logged-in person answered $answer, not 200 (the runs will count errors)"
    declare -A login_cookie=([ssogate]="" [ssogate-login]="Cookie: $cookie")
    local target r
    for target in ssogate ssogate-login; do
      WRK_ARGS=()
      [[ -n "${login_cookie[$target]}" ]] && WRK_ARGS=(-H "${login_cookie[$target]}")
      log "logged-in GET $target: ${JVM_WARMUP}s warm-up"
      quiet wrk -t2 -c64 -d"${JVM_WARMUP}s" "${WRK_ARGS[@]}" "${BASE_URL[$target]}/api/v4/system/ping"
    done
    for ((r = 1; r <= SSO_ROUNDS; r++)); do
      for target in ssogate ssogate-login; do
        WRK_ARGS=()
        [[ -n "${login_cookie[$target]}" ]] && WRK_ARGS=(-H "${login_cookie[$target]}")
        for c in $SSO_CONNECTIONS; do
          quiet wrk -t2 -c"$c" -d"${SSO_REWARM}s" "${WRK_ARGS[@]}" "${BASE_URL[$target]}/api/v4/system/ping"
          MEASURE_TO=$LOGIN_RESULTS measure "get-c$c" "$target" req/s wrk \
            wrk -t2 -c"$c" -d"${SECONDS_PER_RUN}s" --latency -s "$REPORT_LUA" "${WRK_ARGS[@]}" \
            "${BASE_URL[$target]}/api/v4/system/ping"
        done
      done
    done
  fi
  kill "$SSO_PID" "$OIDC_PID" 2>/dev/null || true
  stop_wait "$SSO_PID"
  stop_wait "$OIDC_PID"
}

if [[ $MODE == login ]]; then
  run_login
  {
    machine_header
    printf 'wrk\t%s\n' "$(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
    printf 'ssogate\t%s, built from %s; no SSO: %s; with login: %s\n' "$SSOGATE_JAR" \
      "$(git -C "$(dirname "$SSOGATE_JAR")" describe --always --dirty 2>/dev/null || echo 'an unknown commit')" \
      "$(grep -o 'started in [0-9]* ms' "$WORK/ssogate/ssogate.log" | head -1)" "${SSO_FRESH_START:-did not start}"
    printf 'Upstream\tthe Mattermost emulator (%s), both gateways in front of it; the demo OpenID provider from the same jar, %s\n' \
      "${EMULATOR_JAR#"$ROOT"/}" "${OIDC_ISSUER:-did not start}"
    printf 'Logins\t%s people per round, rounds at %s at once (first sign-ins, then the same people returning), after %s people to warm up; provider part prepared in batches of %s\n' \
      "$LOGIN_PEOPLE" "$LOGIN_CONCURRENCY" "$LOGIN_WARMUP" "$LOGIN_BATCH"
    printf 'Small GETs\t%s rounds alternated, %s s each after a %s s re-warm, both gateways after %s s of warm-up\n' \
      "$SSO_ROUNDS" "$SECONDS_PER_RUN" "$SSO_REWARM" "$JVM_WARMUP"
    printf 'Duration\t%s s (expected about %s s)\n' "$SECONDS" "$EXPECTED_TOTAL"
  } >"$WORK/machine.tsv"
  mkdir -p "$(dirname "$RESULTS_MD")"
  shopt -s nullglob
  java -cp "$BENCH_JAR" io.ssogate.bench.report.LoginReport "$LOGIN_RESULTS" "$RESULTS_MD" "$WORK/machine.tsv" \
    "$LOGIN_DIR"/*.txt
  log "written to $RESULTS_MD in $SECONDS s (expected about $EXPECTED_TOTAL s)"
  exit 0
fi

# --- SCIM provisioning (`scim`) ----------------------------------------------------------------------
# The reference first: the emulator's own user creation (POST /api/v4/users with the admin token), SCIM_USERS users
# SCIM_CONCURRENCY at once after SCIM_WARMUP untimed ones, then SCIM_LOOKUPS lookups of them by username. Then a
# fresh emulator behind ssogate-scim: the sso: section of the single sign-on part (tenant demo, demo.example), login:
# (the emulator's admin token) and vault: as in `login`, and scim: with its defaults; its SCIM token made beforehand by
# the gateway's own command. SCIM_WARMUP users POSTed and waited for, untimed; SCIM_USERS users POSTed and waited for
# until all are in Mattermost; more users up to SCIM_LOOKUP_USERS outside the tenant's domains (elsewhere.example, SCIM
# records only), waited for until the sync settles; then SCIM_LOOKUPS filter lookups by userName and by email.
SCIM_DIR=$WORK/scim
SCIM_NOTE=

# create_scim_token DIR: `ssogate scim-token create demo --config DIR/ssogate.yaml`, its last line (the token alone)
# into DIR/scim-token, and a curl header file DIR/scim-auth.header, so the token is in no command line. Nothing
# of its output is shown, since it shows the token.
create_scim_token() {
  local dir=$1
  log "scim: creating the tenant demo's SCIM token (ssogate scim-token create demo)"
  if ! java "${JAVA_OPTS[@]}" -jar "$SSOGATE_JAR" scim-token create demo --config "$dir/ssogate.yaml" \
      >"$dir/scim-token.out" 2>"$dir/scim-token.err"; then
    log "scim: scim-token create failed: $(tail -3 "$dir/scim-token.err" | tr '\n' ' ')"
    return 1
  fi
  # The last line (a trailing empty line forgiven), without its line end.
  (umask 077 && grep -v '^[[:space:]]*$' "$dir/scim-token.out" | tail -n 1 | tr -d '\r\n' >"$dir/scim-token") || true
  rm -f "$dir/scim-token.out"
  if [[ ! -s "$dir/scim-token" || $(cat "$dir/scim-token") == *' '* ]]; then
    log "scim: scim-token create printed no token on its last line"
    return 1
  fi
  (umask 077 && printf 'Authorization: Bearer %s\n' "$(cat "$dir/scim-token")" >"$dir/scim-auth.header")
}

run_scim() {
  mkdir -p "$SCIM_DIR"
  local load=(java "${JAVA_OPTS[@]}" -cp "$BENCH_JAR" io.ssogate.bench.scim.ScimLoad --clk-tck "$CLK_TCK")
  local reference="http://127.0.0.1:$UPSTREAM_PORT" admin_token=$WORK/emulator/admin-token
  # scim_phase NAME ARGS...: one ScimLoad run into $SCIM_DIR/NAME.txt, its result line logged, then its first
  # errors (or, when it failed without any, the end of its stderr); fails when no request of it succeeded.
  scim_phase() {
    local name=$1 status=0
    shift
    "${load[@]}" --name "$name" --out "$SCIM_DIR/$name.txt" "$@" >"$WORK/scim.out" 2>"$WORK/scim.err" || status=$?
    log "scim $name: $( ((status == 0)) || printf 'failed: ')$(grep -o 'SCIM_RESULT.*' "$WORK/scim.out" | cut -d' ' -f3-)"
    if grep -q '^first errors' "$WORK/scim.err"; then
      log "scim $name: $(grep -m3 '^first errors' "$WORK/scim.err" | tr '\n' ' ')"
    elif ((status != 0)); then
      log "scim $name: $(grep -v '^await: ' "$WORK/scim.err" | tail -3 | tr '\n' ' ')"
    fi
    grep -q '^await: ' "$WORK/scim.err" && log "scim $name: $(grep -m1 '^await: ' "$WORK/scim.err")"
    return "$status"
  }

  # Each kind of lookup first looks up a quarter as many other users, untimed: the JIT compiles the path.
  local lookup_warmup=$(((SCIM_LOOKUPS + 3) / 4))

  # 1. The reference, at the emulator directly: as many users as SCIM will provision, then lookups of them.
  local created=(--url "$reference" --token-file "$admin_token" --server-pid "$UPSTREAM_PID" --prefix ref
    --domain demo.example --concurrency "$SCIM_CONCURRENCY")
  if ((SCIM_WARMUP > 0)); then
    log "scim: reference: $SCIM_WARMUP users to warm up the emulator, not counted"
    scim_phase reference-warmup --phase reference-create "${created[@]}" --prefix refwarm --users "$SCIM_WARMUP" || true
  fi
  log "scim: reference: $SCIM_USERS users at the emulator, $SCIM_CONCURRENCY at once"
  scim_phase reference-create --phase reference-create "${created[@]}" --users "$SCIM_USERS" || true
  local c
  for c in $SCIM_LOOKUP_CONCURRENCY; do
    scim_phase "reference-lookup-c$c" --phase reference-lookup --url "$reference" --token-file "$admin_token" \
      --server-pid "$UPSTREAM_PID" --prefix ref --users "$SCIM_USERS" --lookups "$SCIM_LOOKUPS" \
      --warmup "$lookup_warmup" --concurrency "$c" || true
  done
  # Done with it: the gateway's Mattermost starts as empty as the reference's did.
  kill "$UPSTREAM_PID" 2>/dev/null || true
  stop_wait "$UPSTREAM_PID"
  log "starting a fresh Mattermost emulator (the SCIM gateway's)"
  start_emulator emulator-scim "$SCIM_PORT"

  # 2. The gateway: single sign-on's tenant, login's admin token and vault, scim: with its defaults.
  mkdir -p "$WORK/ssogate-scim"
  cp "$admin_token" "$WORK/ssogate-scim/admin-token"
  head -c 32 /dev/urandom | base64 | tr -d '\n' >"$WORK/ssogate-scim/vault-key"
  cat >"$WORK/scim-section.yaml" <<EOF
login:
  adminToken: \${file:admin-token}
vault:
  keys:
    - id: bench
      secret: \${file:vault-key}
  currentKey: bench
scim:
  enabled: true
EOF
  SSOGATE_BEFORE_START=create_scim_token
  if ! start_sso_gateway ssogate-scim "$WORK/scim-section.yaml" "$SCIM_PORT"; then
    SSOGATE_BEFORE_START=
    SCIM_NOTE="ssogate-scim did not start: $(tail -3 "$WORK/ssogate-scim/ssogate.log" 2>/dev/null | tr '\n' ' ' || true)"
    SCIM_NOTE=${SCIM_NOTE%% }
    log "scim: $SCIM_NOTE"
    return 0
  fi
  SSOGATE_BEFORE_START=
  local base="http://127.0.0.1:$SSO_PORT" token_file=$WORK/ssogate-scim/scim-token answer
  answer=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -H "@$WORK/ssogate-scim/scim-auth.header" \
    "$base/scim/v2/ServiceProviderConfig" || true)
  if [[ $answer != 200 ]]; then
    SCIM_NOTE="GET /scim/v2/ServiceProviderConfig with the token answered $answer, not 200"
    log "scim: $SCIM_NOTE (the phases will count the failures)"
  fi
  local gateway=(--url "$base" --token-file "$token_file" --server-pid "$SSO_PID" --emulator-pid "$UPSTREAM_PID"
    --concurrency "$SCIM_CONCURRENCY" --stall-seconds 60)
  # Accepted users are waited for until each is in Mattermost, confirmed by email in the emulator in POST order (the
  # gateway is not asked: its CPU is the sync's). Waits last while the count moves, up to 300 s plus 50 ms a user;
  # 60 s without a change ends one sooner.
  local in_mattermost=(--await synced --emulator-url "http://127.0.0.1:$UPSTREAM_PORT" --emulator-token-file "$admin_token")
  if ((SCIM_WARMUP > 0)); then
    log "scim: $SCIM_WARMUP users to warm up the gateway (POSTed, then waited for until in Mattermost), not counted"
    scim_phase scim-warmup --phase scim-create "${gateway[@]}" --prefix warm --domain demo.example \
      --users "$SCIM_WARMUP" "${in_mattermost[@]}" --deadline-seconds $((300 + SCIM_WARMUP / 20)) || true
  fi
  log "scim: $SCIM_USERS users POSTed to /scim/v2/Users, $SCIM_CONCURRENCY at once, then waited for until all are in Mattermost"
  if ! scim_phase scim-create --phase scim-create "${gateway[@]}" --prefix bench --domain demo.example --first 1 \
      --users "$SCIM_USERS" "${in_mattermost[@]}" --deadline-seconds $((300 + SCIM_USERS / 20)); then
    # Nothing to look up, and a fill of the same failures would only take time.
    log "scim: no user accepted: no fill, no lookups"
    SCIM_NOTE="no user accepted at /scim/v2/Users"
    kill "$SSO_PID" "$OIDC_PID" 2>/dev/null || true
    stop_wait "$SSO_PID"
    stop_wait "$OIDC_PID"
    return 0
  fi

  # 3. Lookups at SCIM_LOOKUP_USERS: the rest outside the tenant's domains, then the lookups once nothing is pending.
  local extra=$((SCIM_LOOKUP_USERS - SCIM_USERS))
  if ((extra > 0)); then
    # Settled: the last user POSTed no longer PENDING and the gateway idle; no counts of each sync state (a filter on
    # it reads the whole tenant).
    log "scim: $extra more users @elsewhere.example (SCIM records only), then waited for until the sync settles"
    scim_phase scim-fill --phase scim-create "${gateway[@]}" --prefix bench --domain elsewhere.example \
      --first $((SCIM_USERS + 1)) --users "$extra" --await settled --count-states false \
      --deadline-seconds $((300 + extra / 20)) || true
  fi
  local kind name c
  for c in $SCIM_LOOKUP_CONCURRENCY; do
    for kind in userName email; do
      name=lookup-username-c$c
      [[ $kind == email ]] && name=lookup-email-c$c
      log "scim: $SCIM_LOOKUPS lookups by $kind among $SCIM_LOOKUP_USERS users, $c at once"
      scim_phase "$name" --phase scim-lookup --url "$base" --token-file "$token_file" --server-pid "$SSO_PID" \
        --kind "$kind" --prefix bench --domain demo.example --other-domain elsewhere.example \
        --users "$SCIM_LOOKUP_USERS" --in-tenant "$SCIM_USERS" --lookups "$SCIM_LOOKUPS" \
        --warmup "$lookup_warmup" --concurrency "$c" || true
    done
  done
  kill "$SSO_PID" "$OIDC_PID" 2>/dev/null || true
  stop_wait "$SSO_PID"
  stop_wait "$OIDC_PID"
}

if [[ $MODE == scim ]]; then
  run_scim
  {
    machine_header
    printf 'ssogate\t%s, built from %s; with scim: %s\n' "$SSOGATE_JAR" \
      "$(git -C "$(dirname "$SSOGATE_JAR")" describe --always --dirty 2>/dev/null || echo 'an unknown commit')" \
      "${SSO_FRESH_START:-did not start}${SCIM_NOTE:+ ($SCIM_NOTE)}"
    printf 'Upstream\ttwo fresh Mattermost emulators (%s): one for the reference, one behind the gateway (sso: tenant demo, domain demo.example; login: admin token; vault:; scim: defaults)\n' \
      "${EMULATOR_JAR#"$ROOT"/}"
    printf 'Provisioning\t%s users, %s at once, after %s users to warm up (at the reference and through the gateway each); waits polled once a second\n' \
      "$SCIM_USERS" "$SCIM_CONCURRENCY" "$SCIM_WARMUP"
    printf 'Lookups\t%s users in all (%s @demo.example, %s @elsewhere.example), %s lookups per kind, at %s at once\n' \
      "$SCIM_LOOKUP_USERS" "$SCIM_USERS" "$((SCIM_LOOKUP_USERS - SCIM_USERS))" "$SCIM_LOOKUPS" "$SCIM_LOOKUP_CONCURRENCY"
    printf 'Duration\t%s s (expected about %s s)\n' "$SECONDS" "$EXPECTED_TOTAL"
  } >"$WORK/machine.tsv"
  mkdir -p "$(dirname "$RESULTS_MD")"
  shopt -s nullglob
  java -cp "$BENCH_JAR" io.ssogate.bench.report.ScimReport "$RESULTS_MD" "$WORK/machine.tsv" "$SCIM_DIR"/*.txt
  log "written to $RESULTS_MD in $SECONDS s (expected about $EXPECTED_TOTAL s)"
  exit 0
fi

if [[ $MODE == sso ]]; then
  run_sso
  {
    machine_header
    printf 'wrk\t%s\n' "$(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
    printf 'curl\t%s\n' "$(curl --version | head -1 | cut -d' ' -f1-2)"
    printf 'ssogate\t%s, built from %s; no SSO: %s\n' "$SSOGATE_JAR" \
      "$(git -C "$(dirname "$SSOGATE_JAR")" describe --always --dirty 2>/dev/null || echo 'an unknown commit')" \
      "$(grep -o 'started in [0-9]* ms' "$WORK/ssogate/ssogate.log" | head -1)"
    sso_header
    printf 'Duration\t%s s (expected about %s s)\n' "$SECONDS" "$EXPECTED_TOTAL"
  } >"$WORK/machine.tsv"
  mkdir -p "$(dirname "$RESULTS_MD")"
  java -cp "$BENCH_JAR" io.ssogate.bench.report.SsoReport "$SSO_RESULTS" "$CALLBACKS" "$RESULTS_MD" "$WORK/machine.tsv"
  log "written to $RESULTS_MD in $SECONDS s (expected about $EXPECTED_TOTAL s)"
  exit 0
fi

# --- 1. small JSON GET ----------------------------------------------------------------------------
for i in "${!GET_TARGETS[@]}"; do
  target=${GET_TARGETS[$i]}
  url="${BASE_URL[$target]}/api/v4/system/ping"
  w=$(warmup_seconds "$i" "$target")
  log "GET $target: ${w}s warm-up"
  quiet wrk -t2 -c64 -d"${w}s" "$url"
  for c in 64 16; do
    measure "get-c$c" "$target" req/s wrk wrk -t2 -c"$c" -d"${SECONDS_PER_RUN}s" --latency -s "$REPORT_LUA" "$url"
  done
  if [[ ( "$target" == ssogate || "$target" == ssogate-before ) && "$PROFILE" == 1 ]]; then
    profile_small_gets "$url" "$target"
  fi
done
# The alternated rounds (BENCH_GET_ROUNDS): round 1 was each JVM's get-c64 above.
for ((round = 2; round <= GET_ROUNDS; round++)); do
  for target in "${ROUND_TARGETS[@]}"; do
    url="${BASE_URL[$target]}/api/v4/system/ping"
    log "GET round $round of $GET_ROUNDS, $target: ${GET_ROUND_REWARM}s re-warm"
    quiet wrk -t2 -c64 -d"${GET_ROUND_REWARM}s" "$url"
    measure "get-c64-round-$round" "$target" req/s wrk wrk -t2 -c64 -d"${SECONDS_PER_RUN}s" --latency -s "$REPORT_LUA" "$url"
  done
done
# The earlier build and the prototypes have done their part; stopped, they cost the other scenarios nothing.
if ((n_get_only)); then
  for target in "${GET_ONLY_TARGETS[@]}"; do kill "${SERVER_PIDS[$target]}" 2>/dev/null || true; done
  for target in "${GET_ONLY_TARGETS[@]}"; do stop_wait "${SERVER_PIDS[$target]}"; done
fi

# --- 1b. single sign-on: small GETs with a valid session, sign-in callbacks --------------------------
# Here, while ssogate is warm from its small GETs; the gateway with sessions and the provider stop after.
if [[ "$SSO" == 1 ]]; then run_sso; fi

# --- 2. 50 MiB download and upload, one connection ------------------------------------------------
for i in "${!TARGETS[@]}"; do
  target=${TARGETS[$i]}
  down="${BASE_URL[$target]}/bench/download?bytes=$TRANSFER_BYTES"
  up="${BASE_URL[$target]}/bench/upload"
  w=$(warmup_seconds "$i" "$target")
  log "transfers $target: ${w}s warm-up"
  quiet wrk -t1 -c1 -d"$(((w + 1) / 2))s" --timeout 60s "$down"
  quiet wrk -t1 -c1 -d"$(((w + 1) / 2))s" --timeout 60s -s "$UPLOAD_LUA" "$up"
  measure download-50MiB "$target" MiB/s wrk-transfer \
    wrk -t1 -c1 -d"${SECONDS_PER_RUN}s" --timeout 60s -s "$REPORT_LUA" "$down"
  measure upload-50MiB "$target" MiB/s wrk-transfer \
    wrk -t1 -c1 -d"${SECONDS_PER_RUN}s" --timeout 60s -s "$UPLOAD_LUA" "$up"
done

# --- 3. WebSocket echo ----------------------------------------------------------------------------
WS_LOAD=(java "${JAVA_OPTS[@]}" -cp "$BENCH_JAR" io.ssogate.bench.ws.WebSocketEchoLoad)
for i in "${!TARGETS[@]}"; do
  target=${TARGETS[$i]}
  ws="${BASE_URL[$target]/http:/ws:}/api/v4/websocket"
  w=$(warmup_seconds "$i" "$target")
  log "WebSocket $target: ${w}s warm-up"
  quiet "${WS_LOAD[@]}" "$ws" 100 "$w"
  for c in 100 1000; do
    measure "ws-echo-c$c" "$target" rt/s ws "${WS_LOAD[@]}" "$ws" "$c" "$SECONDS_PER_RUN"
  done
done

# --- 4. the first seconds after a fresh start -----------------------------------------------------
# A new gateway, measured from its "started" line (its start-up itself is not counted) for the first
# STARTUP_WINDOW seconds of small GETs: the JIT's warm-up as a user of a restarted gateway meets it.
FRESH_START=
if [[ -n "$SSOGATE_PID" ]]; then
  kill "$SSOGATE_PID" 2>/dev/null || true
  stop_wait "$SSOGATE_PID"
  log "start-up: a fresh ssogate, ${STARTUP_WINDOW}s of GETs from its \"started\" line"
  if start_ssogate ssogate-fresh; then
    SERVER_PIDS[ssogate]=$STARTED_PID
    measure "get-c64-first-${STARTUP_WINDOW}s" ssogate req/s wrk \
      wrk -t2 -c64 -d"${STARTUP_WINDOW}s" --latency -s "$REPORT_LUA" "http://127.0.0.1:$STARTED_PORT/api/v4/system/ping"
    FRESH_START=$(grep -o 'started in [0-9]* ms' "$WORK/ssogate-fresh/ssogate.log" | head -1)
  else
    log "start-up: the fresh ssogate did not start: $(tail -3 "$WORK/ssogate-fresh/ssogate.log")"
  fi
fi

# --- report ---------------------------------------------------------------------------------------
{
  machine_header
  printf 'nginx\t%s\n' "$(nginx -v 2>&1)"
  printf 'HAProxy\t%s\n' "$(haproxy -v 2>&1 | head -1 | cut -d' ' -f1-4)"
  printf 'wrk\t%s\n' "$(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
  # The jar's own checkout, which SSOGATE_JAR may place outside this one; "-dirty" flags local edits.
  printf 'ssogate\t%s\n' "$(if [[ -n "$SSOGATE_PID" ]]; then
    echo "$SSOGATE_JAR, built from $(git -C "$(dirname "$SSOGATE_JAR")" describe --always --dirty 2>/dev/null || echo 'an unknown commit')"
  else echo 'not running: not measured'; fi)"
  if [[ -n "$SSOGATE_PID" ]]; then
    # The launcher's own figure: from main() to the connector accepting, storage open.
    printf 'ssogate start\t%s; the fresh one for the start-up run: %s%s\n' \
      "$(grep -o 'started in [0-9]* ms' "$WORK/ssogate/ssogate.log" | head -1)" "${FRESH_START:-did not start}" \
      "$([[ -n "$BEFORE_PID" ]] && echo "; ssogate-before: $(grep -o 'started in [0-9]* ms' "$WORK/ssogate-before/ssogate.log" | head -1)")"
  fi
  # The earlier build as the caller named it: its jar may have been copied anywhere, so its directory's checkout may
  # tell the wrong commit.
  [[ -n "$BEFORE_JAR" ]] && printf 'ssogate-before\t%s%s%s\n' "${BEFORE_LABEL:+$BEFORE_LABEL, }" "$BEFORE_JAR" \
    "${BEFORE_NOTE:+: $BEFORE_NOTE}"
  printf 'Runs\t%s s measured per run. Steady state: before each scenario group (GET, transfers, WebSocket) %s warms up for %s s, then %s for %s s each; ' \
    "$SECONDS_PER_RUN" "${TARGETS[0]}" "$JVM_WARMUP" "$(IFS=,; echo "${TARGETS[*]:1}" | sed 's/,/, /g')" "$SHORT_WARMUP"
  printf '%s, the first, warms the upstream (a JVM too) for the others.' "${TARGETS[0]}"
  [[ -n "$BEFORE_PID" ]] && printf ' Small GETs also through ssogate-before, an earlier build started like ssogate, warmed up for %s s like it, right after it.' \
    "$JVM_WARMUP"
  ((n_proto)) && printf ' Small GETs also through %s (io.ssogate.bench.prototype.MinimalTomcatProxy), each warmed up for %s s like ssogate, right after it.' \
    "$(IFS=,; echo "${PROTO_TARGETS[*]}" | sed 's/,/, /g')" "$JVM_WARMUP"
  ((ROUND_RUNS)) && printf ' Then %s more rounds of get-c64 (get-c64-round-2 on) over %s, alternated in that order, each run after a %s s re-warm.' \
    "$((GET_ROUNDS - 1))" "$(IFS=,; echo "${ROUND_TARGETS[*]}" | sed 's/,/, /g')" "$GET_ROUND_REWARM"
  [[ -n "$SSOGATE_PID" ]] && printf ' Start-up: a fresh ssogate for its first %s s.' "$STARTUP_WINDOW"
  printf ' Loopback; load generator on the same cores\n'
  [[ "$SSO" == 1 ]] && sso_header
  [[ -n "$PROFILE_NOTE" ]] && printf 'Profile\t%s\n' "$PROFILE_NOTE"
  printf 'Duration\t%s s (expected about %s s)\n' "$SECONDS" "$EXPECTED_TOTAL"
} >"$WORK/machine.tsv"
REPORT_ARGS=("$RESULTS" "$WORK/machine.tsv" "$RESULTS_MD")
if [[ "$SSO" == 1 ]]; then
  java -cp "$BENCH_JAR" io.ssogate.bench.report.SsoReport "$SSO_RESULTS" "$CALLBACKS" "$WORK/sso.md" >/dev/null
  REPORT_ARGS+=("$WORK/sso.md")
fi
mkdir -p "$(dirname "$RESULTS_MD")"
((${#PROFILED_STAGES[@]})) && REPORT_ARGS+=("${PROFILED_STAGES[@]}")
java -cp "$BENCH_JAR" io.ssogate.bench.report.ResultsReport "${REPORT_ARGS[@]}"
log "written to $RESULTS_MD in $SECONDS s (expected about $EXPECTED_TOTAL s)"
