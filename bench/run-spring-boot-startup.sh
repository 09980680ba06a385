#!/usr/bin/env bash
# Startup of a real Spring Boot web app (Tomcat, JPA over Hibernate and HikariCP, H2): time from launch to the
# first HTTP 200 and the resident set size at that moment: without an agent, with Warden enforcing the policy
# suggested from a learn run of the same app (learn -> policy suggest -> enforce, as a user does), with the
# OpenTelemetry Java agent, and with both ("both": Warden first; "otelfirst": the OpenTelemetry agent first).
# Variants alternate launch by launch.
# Build first (from the repo root):
#   mvn -q -o package -DskipTests -pl javaagent,integration-tests/spring-boot-app -am
# Options: --runs N (default 5) --jdk JAVA_HOME --port PORT (default 18080) --warden-agent JAR --app JAR
#          --otel-agent JAR (default: the one the integration tests fetch; without one, no otel variants)
#          --baseline-agent JAR (another Warden jar, e.g. an earlier build: a "baseline" variant with the same policy,
#          and with the OpenTelemetry agent "both-base" and "otelfirst-base")
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs=5
java_home="${JAVA_HOME:-}"
port=18080
agent="$repo/javaagent/target/warden-agent.jar"
app="$(ls "$repo"/integration-tests/spring-boot-app/target/warden-it-spring-boot-app-*.jar 2>/dev/null | head -n 1 || true)"
otel="$repo/integration-tests/target/agents/opentelemetry-javaagent.jar"
baseline=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --jdk) java_home="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --warden-agent) agent="$2"; shift 2 ;;
    --app) app="$2"; shift 2 ;;
    --otel-agent) otel="$2"; shift 2 ;;
    --baseline-agent) baseline="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
java="${java_home:+$java_home/bin/}java"
for jar in "$agent" "$app" ${baseline:+"$baseline"}; do
  if [[ -z "$jar" || ! -f "$jar" ]]; then
    echo "missing jar '$jar'; build from the repo root:" >&2
    echo "  mvn -q -o package -DskipTests -pl javaagent,integration-tests/spring-boot-app -am" >&2
    exit 2
  fi
done
work="$(mktemp -d /tmp/warden-boot-bench.XXXXXX)"
echo "work directory: $work ($("$java" -version 2>&1 | head -n 1))"

# Starts the app (extra JVM options in "$@"), waits for the first 200 on /owners, prints "MILLIS RSS_KIB" and
# leaves the app's pid in $work/pid; the app's output goes to $work/$label.*.
start_and_measure() {
  local label="$1"; shift
  local started now code rss
  started=$(date +%s%N)
  OTEL_TRACES_EXPORTER=none "$java" "$@" -jar "$app" --server.port="$port" >"$work/$label.out" 2>"$work/$label.err" &
  echo $! >"$work/pid"
  while true; do
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/owners" || true)
    [[ "$code" == 200 ]] && break
    if ! kill -0 "$(cat "$work/pid")" 2>/dev/null; then
      echo "the app exited before answering; see $work/$label.out and .err" >&2
      exit 1
    fi
    sleep 0.05
  done
  now=$(date +%s%N)
  rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$(cat "$work/pid")/status")
  echo "$(( (now - started) / 1000000 )) $rss"
}

# Ends the app started last (SIGTERM: its shutdown hooks run) and waits for it.
stop_app() {
  local pid
  pid="$(cat "$work/pid")"
  kill "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
}

# The policy: learned from one run of the same app, suggested, used unedited.
printf 'policy: boot-bench\nmode: learn\n' >"$work/learn.yaml"
start_and_measure learn "-javaagent:$agent=policy=$work/learn.yaml,audit=$work/learn-audit.log" >/dev/null
curl -s -o /dev/null -X POST -H 'Content-Type: application/json' -d '{"name":"Ann","city":"Oslo"}' "http://127.0.0.1:$port/owners"
curl -s -o /dev/null "http://127.0.0.1:$port/owners/1"
stop_app
"$java" -jar "$agent" policy suggest "$work/learn-audit.log" --name boot-bench --out "$work/policy.yaml" >/dev/null
echo "policy suggested from a learn run: $work/policy.yaml"

variants=(none warden)
if [[ -n "$baseline" ]]; then
  variants+=(baseline)
  # an earlier jar may not know ${app.home}: it gets the same policy with the app jar's directory written out
  sed "s|\${app.home}|$(cd "$(dirname "$app")" && pwd -P)|g" "$work/policy.yaml" >"$work/baseline-policy.yaml"
fi
if [[ -f "$otel" ]]; then
  variants+=(otel both otelfirst)
  if [[ -n "$baseline" ]]; then
    variants+=(both-base otelfirst-base)
  fi
else
  echo "no OpenTelemetry agent at '$otel' (--otel-agent JAR): measuring without it" >&2
fi
options() {
  case "$1" in
    none) ;;
    warden) echo "-javaagent:$agent=policy=$work/policy.yaml" ;;
    baseline) echo "-javaagent:$baseline=policy=$work/baseline-policy.yaml" ;;
    otel) echo "-javaagent:$otel" ;;
    both) echo "-javaagent:$agent=policy=$work/policy.yaml -javaagent:$otel" ;;
    otelfirst) echo "-javaagent:$otel -javaagent:$agent=policy=$work/policy.yaml" ;;
    both-base) echo "-javaagent:$baseline=policy=$work/baseline-policy.yaml -javaagent:$otel" ;;
    otelfirst-base) echo "-javaagent:$otel -javaagent:$baseline=policy=$work/baseline-policy.yaml" ;;
  esac
}
declare -A millis rss
for ((i = 1; i <= runs; i++)); do
  for variant in "${variants[@]}"; do
    # shellcheck disable=SC2046 # the options are words on purpose
    read -r ms kib < <(start_and_measure "$variant-$i" $(options "$variant"))
    stop_app
    millis[$variant]+="$ms "
    rss[$variant]+="$kib "
  done
done

median() { tr ' ' '\n' | grep . | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
printf '%-8s %22s %22s  %s\n' variant "first 200 (ms, median)" "RSS at ready (MiB)" "all runs (ms)"
for variant in "${variants[@]}"; do
  printf '%-8s %22s %22s  %s\n' "$variant" "$(echo "${millis[$variant]}" | median)" \
    "$(( $(echo "${rss[$variant]}" | median) / 1024 ))" "${millis[$variant]}"
done
base="$(echo "${millis[none]}" | median)"
for variant in "${variants[@]}"; do
  [[ "$variant" == none ]] && continue
  awk -v v="$variant" -v m="$(echo "${millis[$variant]}" | median)" -v b="$base" \
    'BEGIN {printf "%-8s first 200 %+d ms (%.2fx)\n", v, m - b, m / b}'
done
# a later agent's retransformations of the classes carrying Warden's checks are self-protection's, not false denials
if cat "$work"/warden-*.err "$work"/warden-*.out "$work"/baseline-*.err "$work"/baseline-*.out "$work"/both-*.err \
    "$work"/both-*.out "$work"/otelfirst-*.err "$work"/otelfirst-*.out 2>/dev/null | grep "warden: denied" \
    | grep -qv "\[rule self-protection\]"; then
  echo "WARNING: Warden denied something in a measured run (grep 'warden: denied' $work/warden-* $work/baseline-* $work/both-* $work/otelfirst-*)" >&2
fi
