#!/bin/sh
# A shell helper: every HEARTBEAT_SECONDS writes the host's load average to $HEARTBEAT_FILE (atomically).
set -eu
file="${HEARTBEAT_FILE:-/tmp/sidecar-example-polyglot/heartbeat.txt}"
every="${HEARTBEAT_SECONDS:-2}"
mkdir -p "$(dirname "$file")"
trap 'echo "heartbeat stopping"; exit 0' TERM INT
beat=0
while :; do
	beat=$((beat + 1))
	printf 'beat %s at %s, load %s\n' "$beat" "$(date -u +%H:%M:%S)" "$(cut -d' ' -f1-3 /proc/loadavg)" > "$file.tmp"
	mv "$file.tmp" "$file"
	[ "$beat" -eq 1 ] && echo "heartbeat writing to $file every ${every}s"
	sleep "$every" &
	wait $! # A TERM interrupts `wait` at once; it would wait for a foreground `sleep` to finish.
done
