// The smoke test as a pod in the AKS cluster runs it: a POSIX sh script for a kcat image (kcat, and
// busybox's sh, awk, getent, sleep, kill, mkfifo), parameterised by environment variables only, so the
// script text never changes and nothing the operator typed is ever parsed as shell.
//
// What it prints, one `KAFKA-AKS <what> ...` line each (pod-smoke-log.ts reads them; everything else
// in the logs is kubectl's and ignored), far below the run command's 512 KiB log cap whatever the count:
//   begin <run>
//   broker <id> <host:port> <1 if controller>       for every broker, as the bootstrap broker advertises it
//   resolve <id> ok <address> ip-literal|dns  |  resolve <id> fail <why>
//   connect <id> ok  |  connect <id> fail <why>       a metadata request to that broker alone
//   bootstrap-failed <why>                           no bootstrap server answered
//   topic <partitions> <replication factor>  |  topic-missing
//   consumer-not-ready <why>  |  produced <kcat exit code> <failed deliveries>  |  timed-out
//   verdict delivered=.. lost=.. duplicated=.. corrupted=.. outoforder=.. foreign=.. elapsedms=..
//   lost-examples <seq,...>
//   latency <ms>:<count> ...                         a histogram: exact below 1 s, 3 significant digits above
//   end <run>
//
// How it measures: a consumer (kcat -C) starts at the end of every partition and reports each EOF; once
// it has reached the end of each partition, awk generates the N messages (key kafka-aks-smoke/<run>/<seq>,
// value <run>/<seq>/<sent ms>/<filler> of exactly KA_BYTES bytes) into kcat -P (acks=all); then the
// partitions' end offsets are read (kcat -Q) and the consumer is stopped once its EOFs reach them, as the
// local test consumes "until the log ends where production left it". A second awk judges every message
// as it arrives, with the local verdict's rules (verdict.ts): first intact copy delivered, further copies
// duplicated, a wrong value corrupted, a lower sequence after a higher one in a partition out of order,
// other keys foreign. Times come from /proc/uptime (10 ms steps) relative to the script's start, because
// busybox has no sub-second clock and awk prints large integers in exponent form.

/** Environment variables the script reads. */
export interface PodSmokeEnv {
  KA_RUN: string;
  KA_BOOTSTRAP: string;
  KA_TOPIC: string;
  KA_COUNT: string;
  KA_BYTES: string;
  /** Seconds for producing and consuming back, after the checks. */
  KA_TIMEOUT_S: string;
  /** Seconds each metadata request (bootstrap, each broker) may take. */
  KA_PROBE_S: string;
}

/** The clock's step in /proc/uptime: latencies measured in the pod are multiples of it. */
export const POD_CLOCK_STEP_MS = 10;

export const POD_SMOKE_SCRIPT = String.raw`set -u
W=$(mktemp -d 2>/dev/null) || W=/tmp/kafka-aks-$KA_RUN
mkdir -p "$W"
say() { printf 'KAFKA-AKS %s\n' "$*"; }
oneline() { tr '\n\t' '  ' < "$1" | cut -c1-300; }
T0=$(cut -d' ' -f1 /proc/uptime)
FILLER_AWK='function filler(f) { f = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"; while (length(f) < bytes + 62) f = f f; return f }
function now(l, u) { getline l < "/proc/uptime"; close("/proc/uptime"); split(l, u, " "); return int((u[1] - t0) * 1000 + 0.5) }'
stop() { for f in "$W"/*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null; done; }
finish() { stop; say end "$KA_RUN"; exit "$1"; }
trap 'finish 143' TERM INT
say begin "$KA_RUN"

if ! kcat -L -b "$KA_BOOTSTRAP" -t "$KA_TOPIC" -m "$KA_PROBE_S" > "$W/meta" 2> "$W/meta.err" || ! grep -q '^  broker ' "$W/meta"; then
  say bootstrap-failed "$(oneline "$W/meta.err")"
  finish 1
fi
awk '$1 == "broker" && $3 == "at" { print $2, $4, ($5 == "(controller)" ? 1 : 0) }' "$W/meta" > "$W/brokers"
bad=0
while read -r id addr controller; do
  say broker "$id" "$addr" "$controller"
  host=${"${"}addr%:*}
  port=${"${"}addr##*:}
  case "$host" in
    *[!0-9.]*) address=$(getent hosts "$host" 2>/dev/null | awk 'NR == 1 { print $1 }'); via=dns ;;
    *) address=$host; via=ip-literal ;;
  esac
  if [ -z "$address" ]; then
    say resolve "$id" fail "no answer from the pod's DNS"
    bad=1
    continue
  fi
  say resolve "$id" ok "$address" "$via"
  if kcat -L -b "$address:$port" -t "$KA_TOPIC" -m "$KA_PROBE_S" > /dev/null 2> "$W/probe.err"; then
    say connect "$id" ok
  else
    say connect "$id" fail "$(oneline "$W/probe.err")"
    bad=1
  fi
done < "$W/brokers"
[ "$bad" -eq 0 ] || finish 1

topic=$(grep '^  topic "' "$W/meta" | head -n 1)
case "$topic" in
  *' with 0 partitions'*|*'error'*) say topic-missing; finish 1 ;;
esac
partitions=$(echo "$topic" | awk '{ print $(NF - 1) }')
replicas=$(awk '$1 == "partition" { print split($6, r, ",") - 1; exit }' "$W/meta")
say topic "$partitions" "$replicas"

mkfifo "$W/messages"
awk -v run="$KA_RUN" -v n="$KA_COUNT" -v bytes="$KA_BYTES" -v t0="$T0" "$FILLER_AWK"'
BEGIN { F = filler() }
$1 == "KV" {
  if (NF != 5) { foreign++; next }
  if (split($4, k, "/") != 3 || k[1] != "kafka-aks-smoke" || k[2] != run) { foreign++; next }
  t = now()
  if (k[3] !~ /^[0-9]+$/ || k[3] + 0 >= n) { corrupted++; next }
  seq = k[3] + 0
  header = run "/" k[3] "/"
  sent = substr($5, length(header) + 1); sub(/\/.*/, "", sent)
  header = header sent "/"
  if (substr($5, 1, length(header)) != header || sent !~ /^[0-9]+$/ || length($5) != bytes || substr($5, length(header) + 1) != substr(F, seq % 62 + 1, bytes - length(header))) {
    corrupted++; seen[seq] = 1; next
  }
  if (seq in seen) { duplicated++; next }
  seen[seq] = 1; delivered++
  if (($2 in highest) && seq < highest[$2]) outoforder++; else highest[$2] = seq
  latency = t - sent; if (latency < 0) latency = 0
  if (latency >= 1000) { step = 1; while (latency / step >= 1000) step *= 10; latency = int(latency / step) * step }
  histogram[latency]++
  if (first == "" || sent + 0 < first) first = sent + 0
  last = t
}
END {
  for (i = 0; i < n; i++) if (!(i in seen)) { lost++; if (lost <= 5) examples = examples (lost > 1 ? "," : "") i }
  printf "KAFKA-AKS verdict delivered=%d lost=%d duplicated=%d corrupted=%d outoforder=%d foreign=%d elapsedms=%.0f\n", delivered, lost, duplicated, corrupted, outoforder, foreign, (delivered ? last - first : 0)
  print "KAFKA-AKS lost-examples " examples
  line = ""; c = 0
  for (v in histogram) { line = line " " v ":" histogram[v]; if (++c % 50 == 0) { print "KAFKA-AKS latency" line; line = "" } }
  if (line != "") print "KAFKA-AKS latency" line
}' < "$W/messages" > "$W/verdict" &
echo $! > "$W/judge.pid"
sh -c 'echo $$ > "$1/consumer.pid"; exec kcat -C -u -b "$2" -t "$3" -o end -f "KV %p %o %k %s\n"' sh "$W" "$KA_BOOTSTRAP" "$KA_TOPIC" > "$W/messages" 2> "$W/consumer.err" &
( sleep "$KA_TIMEOUT_S"; touch "$W/deadline"; kill "$(cat "$W/consumer.pid" 2>/dev/null)" "$(cat "$W/producer.pid" 2>/dev/null)" 2>/dev/null ) > /dev/null 2>&1 &
echo $! > "$W/watchdog.pid"

eofs() { awk '/Reached end of topic/ { p = $(NF - 3); gsub(/[][]/, "", p); if (!(p in at) || $NF + 0 > at[p]) at[p] = $NF + 0 } END { for (p in at) print p, at[p] }' "$W/consumer.err"; }
# The consumer writes its pid as it starts, in the background: until then it counts as starting, not gone.
consumer_gone() { pid=$(cat "$W/consumer.pid" 2>/dev/null); [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; }
until [ "$(eofs | wc -l)" -ge "$partitions" ]; do
  if [ -f "$W/deadline" ] || consumer_gone; then
    say consumer-not-ready "$(oneline "$W/consumer.err")"
    finish 1
  fi
  sleep 0.1
done

awk -v run="$KA_RUN" -v n="$KA_COUNT" -v bytes="$KA_BYTES" -v t0="$T0" "$FILLER_AWK"'
BEGIN {
  F = filler()
  for (i = 0; i < n; i++) {
    if (i % 64 == 0) t = now()
    header = run "/" i "/" t "/"
    print "kafka-aks-smoke/" run "/" i "\t" header substr(F, i % 62 + 1, bytes - length(header))
  }
}' | sh -c 'echo $$ > "$1/producer.pid"; exec kcat -P -b "$2" -t "$3" -K "$(printf "\t")" -X acks=all -X message.timeout.ms="$4"' sh "$W" "$KA_BOOTSTRAP" "$KA_TOPIC" "$((KA_TIMEOUT_S * 1000))" 2> "$W/producer.err"
produced=$?
rm -f "$W/producer.pid"
say produced "$produced" "$(grep -c 'Delivery failed' "$W/producer.err")"

query=""
p=0
while [ "$p" -lt "$partitions" ]; do query="$query -t $KA_TOPIC:$p:-1"; p=$((p + 1)); done
kcat -Q -b "$KA_BOOTSTRAP" $query 2> "$W/query.err" | awk '$3 == "offset" { p = $2; gsub(/[][]/, "", p); print p, $4 }' > "$W/ends"
if [ "$(wc -l < "$W/ends")" -lt "$partitions" ]; then
  # Without the end offsets the consumer cannot know when it has everything: it reads until the deadline.
  say end-offsets-unknown "$(oneline "$W/query.err")"
  : > "$W/ends"
fi
timedout=0
until eofs | awk 'FNR == NR { at[$1] = $2; next } { if (!($1 in at) || at[$1] < $2) behind = 1 } END { exit behind }' - "$W/ends" && [ -s "$W/ends" ]; do
  if [ -f "$W/deadline" ]; then timedout=1; break; fi
  consumer_gone && break
  sleep 0.1
done
[ "$timedout" -eq 1 ] && say timed-out
kill "$(cat "$W/consumer.pid")" 2>/dev/null
wait "$(cat "$W/judge.pid")"
cat "$W/verdict"
finish 0
`;
