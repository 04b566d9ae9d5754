#!/usr/bin/env bash
# scale.sh measures examples/reinvestment at scale against the in-process
# HubSpot (-fake-hubspot: no network, no rate limit). It is a manual tool,
# not part of go test or CI.
#
# It builds the job and examples/gensample once into a temporary folder;
# for each size it generates synthetic input there (CSV + NDJSON and/or
# Parquet, fixed seed), runs the job under /usr/bin/time -v for each input
# format and prints one line per run: the case, the exit status, the wall
# time, the CPU time (user + system) and the maximum resident set size. The
# temporary folder is removed on exit, also on error or Ctrl-C.
#
# Usage (from anywhere inside the repository):
#
#	scripts/scale.sh                 # both sizes, both formats, 1 run each
#	RUNS=3 scripts/scale.sh          # 3 runs per case (report the median: the
#	                                 # machine may be shared and noisy)
#	SIZES="30000:100000" FORMATS=csv scripts/scale.sh
#	KEEP=1 scripts/scale.sh          # keep the folder (printed) to inspect
#
# Variables: SIZES is a space-separated list of PERSONS:POSITIONS (default
# "30000:100000 300000:1000000"); FORMATS is "csv", "parquet" or both
# (default "csv parquet"); RUNS is the runs per case (default 1); AS_OF is
# the as-of date (default 2026-02-13, the date gensample spreads maturities
# around). The job's own output goes to run.log in the folder. Exit status
# 0 (ok) and 1 (some records rejected: shown in the exit column) count as
# completed runs; any other status stops the script with the job's last
# output lines. The environment is passed on to the job: GOMEMLIMIT=350MiB
# or GOGC=50 try a run under another garbage-collector setting. Needs GNU
# time at /usr/bin/time. Wall times depend on what else the machine runs:
# compare medians of several runs, and the CPU time when the machine is
# busy.
set -euo pipefail

SIZES=${SIZES:-"30000:100000 300000:1000000"}
FORMATS=${FORMATS:-"csv parquet"}
RUNS=${RUNS:-1}
AS_OF=${AS_OF:-2026-02-13}
KEEP=${KEEP:-}

if [[ ! -x /usr/bin/time ]]; then
	echo "scale.sh: GNU time is needed at /usr/bin/time (apt-get install time)" >&2
	exit 1
fi
if ! [[ $RUNS =~ ^[1-9][0-9]*$ ]]; then
	echo "scale.sh: RUNS=$RUNS is not a positive integer" >&2
	exit 1
fi

root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/scale.XXXXXX")
cleanup() {
	if [[ -n $KEEP ]]; then
		echo "scale.sh: kept $tmp" >&2
	else
		rm -rf -- "$tmp"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for size in $SIZES; do
	if ! [[ $size =~ ^[1-9][0-9]*:[1-9][0-9]*$ ]]; then
		echo "scale.sh: size $size is not PERSONS:POSITIONS" >&2
		exit 1
	fi
done
for format in $FORMATS; do
	if [[ $format != csv && $format != parquet ]]; then
		echo "scale.sh: format $format is not csv or parquet" >&2
		exit 1
	fi
done
case $FORMATS in
csv) genformat=csv ;;
parquet) genformat=parquet ;;
*) genformat=all ;;
esac

echo "scale.sh: building into $tmp" >&2
(cd "$root" && go build -o "$tmp/gensample" ./examples/gensample && go build -o "$tmp/reinvestment" ./examples/reinvestment)

printf '%-8s %-9s %-8s %-4s %-5s %10s %10s %12s\n' persons positions format run exit wall_s cpu_s max_rss_mb
for size in $SIZES; do
	persons=${size%%:*}
	positions=${size##*:}
	dir=$tmp/$persons-$positions
	mkdir -p "$dir"
	"$tmp/gensample" -persons "$persons" -positions "$positions" -as-of "$AS_OF" -format "$genformat" -dir "$dir" >/dev/null
	for format in $FORMATS; do
		if [[ $format == csv ]]; then
			pos=$dir/positions.csv ids=$dir/identities.ndjson
		else
			pos=$dir/positions.parquet ids=$dir/identities.parquet
		fi
		for run in $(seq 1 "$RUNS"); do
			rm -f "$dir/dl.ndjson"
			status=0
			/usr/bin/time -v -o "$dir/time.txt" "$tmp/reinvestment" -fake-hubspot -as-of "$AS_OF" \
				-positions "$pos" -identities "$ids" -dead-letter "$dir/dl.ndjson" >"$dir/run.log" 2>&1 || status=$?
			if [[ $status -ne 0 && $status -ne 1 ]]; then
				echo "scale.sh: reinvestment exited $status ($persons:$positions $format); its output:" >&2
				tail -n 20 "$dir/run.log" >&2
				exit 1
			fi
			# GNU time prints "Elapsed (wall clock) time (h:mm:ss or m:ss): M:SS.ss"
			# and "Maximum resident set size (kbytes): N".
			wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {
				n = split($NF, p, ":"); s = 0
				for (i = 1; i <= n; i++) s = s * 60 + p[i]
				printf "%.2f", s }' "$dir/time.txt")
			cpu=$(awk -F': ' '/(User|System) time \(seconds\)/ { s += $NF } END { printf "%.2f", s }' "$dir/time.txt")
			rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $NF / 1024 }' "$dir/time.txt")
			printf '%-8s %-9s %-8s %-4s %-5s %10s %10s %12s\n' "$persons" "$positions" "$format" "$run" "$status" "$wall" "$cpu" "$rss"
		done
	done
done
