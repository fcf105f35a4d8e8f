#!/usr/bin/env bash
# End-to-end test of connectd through the real AWS clients.
#
# Usage: e2e/run.sh        (from anywhere; needs go, python3 with boto3, aws)
#
# Builds connectd, serves it on a free loopback port over a fresh SQLite
# file, and runs:
#   e2e/cli.sh          the user lifecycle through the AWS CLI
#   e2e/boto3_e2e.py    the same through boto3
#   e2e/js/e2e.mjs      the same through the AWS SDK for JavaScript v3 (node;
#                       `npm ci` in e2e/js first)
#   e2e/durability.py   200 CreateUsers, kill -9, restart, all 200 still there
# Each check prints a PASS or FAIL line; the last line is
# "e2e: N passed, M failed", and the exit status is non-zero on any failure.
set -euo pipefail

E2E=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$E2E/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/connectd-e2e.XXXXXX")
export TMPDIR="$WORK" # what the checks leave in temp files goes with $WORK
BIN="$WORK/connectd"
ARGON2=(--argon2-memory 64 --argon2-iterations 1)

SERVER_PID=""
ENDPOINT=""
PART_PID=""
TEE_PID=""
PASSED=0
FAILED=0
PG_SCHEMAS=()
FIRST_PID="" # the first of two servers, while both run

# The clients see only these credentials and settings, whatever the caller's.
unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_SESSION_TOKEN AWS_SECURITY_TOKEN AWS_REGION \
	AWS_ENDPOINT_URL AWS_ENDPOINT_URL_CONNECT AWS_CA_BUNDLE
export AWS_ACCESS_KEY_ID=AKIDEXAMPLE
export AWS_SECRET_ACCESS_KEY=secret
export AWS_DEFAULT_REGION=us-east-1
export AWS_CONFIG_FILE="$WORK/aws-config"
export AWS_SHARED_CREDENTIALS_FILE="$WORK/aws-credentials"
export AWS_RETRY_MODE=standard AWS_MAX_ATTEMPTS=1 # a retry would hide a failed answer
export AWS_EC2_METADATA_DISABLED=true
export AWS_PAGER=""
export NO_PROXY="127.0.0.1,localhost" no_proxy="127.0.0.1,localhost"
export PYTHONDONTWRITEBYTECODE=1

pass() {
	PASSED=$((PASSED + 1))
	echo "PASS e2e: $*"
}

fail() {
	FAILED=$((FAILED + 1))
	echo "FAIL e2e: $*"
}

# stop_server stops the server started last, if it still runs.
stop_server() {
	if [ -z "$SERVER_PID" ]; then
		return 0
	fi
	if kill -0 "$SERVER_PID" 2>/dev/null; then
		kill -TERM "$SERVER_PID" 2>/dev/null || true
		for _ in $(seq 1 30); do
			kill -0 "$SERVER_PID" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$SERVER_PID" 2>/dev/null || true
	fi
	wait "$SERVER_PID" 2>/dev/null || true
	SERVER_PID=""
}

cleanup() {
	local rc=$?
	trap - EXIT
	local pid
	for pid in "$PART_PID" "$TEE_PID"; do
		if [ -n "$pid" ]; then
			kill -TERM "$pid" 2>/dev/null || true
		fi
	done
	stop_server
	if [ -n "$FIRST_PID" ]; then
		kill -KILL "$FIRST_PID" 2>/dev/null || true
	fi
	for schema in "${PG_SCHEMAS[@]}"; do
		psql "$CONNECTD_TEST_POSTGRES" -qc "DROP SCHEMA $schema CASCADE" >/dev/null 2>&1 || true
	done
	rm -rf "$WORK"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
	python3 -c '
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

# answers reports whether an HTTP server answers at the URL, whatever its
# status.
answers() {
	python3 - "$1" <<'EOF'
import sys, urllib.error, urllib.request
try:
    urllib.request.urlopen(sys.argv[1], timeout=1).read()
except urllib.error.HTTPError:
    pass
except Exception:
    sys.exit(1)
EOF
}

# start_server DB NAME [FLAGS...] starts connectd on a free port over DB,
# logging to $WORK/NAME.{out,err}, and waits (at most ~5 s) until it
# answers. It sets SERVER_PID and ENDPOINT.
start_server() {
	local db=$1 name=$2 port attempt
	shift 2
	for attempt in 1 2 3; do
		port=$(free_port)
		"$BIN" serve --listen "127.0.0.1:$port" --db "$db" "${ARGON2[@]}" "$@" \
			>"$WORK/$name.out" 2>"$WORK/$name.err" &
		SERVER_PID=$!
		ENDPOINT="http://127.0.0.1:$port"
		for _ in $(seq 1 50); do
			if ! kill -0 "$SERVER_PID" 2>/dev/null; then
				break
			fi
			if grep -qF "connectd listening on $ENDPOINT" "$WORK/$name.out" && answers "$ENDPOINT/instance"; then
				return 0
			fi
			sleep 0.1
		done
		if kill -0 "$SERVER_PID" 2>/dev/null; then
			echo "connectd did not answer at $ENDPOINT within 5 s" >&2
			stop_server
			return 1
		fi
		wait "$SERVER_PID" 2>/dev/null || true
		SERVER_PID=""
		if ! grep -q "address already in use" "$WORK/$name.err"; then
			break # not a lost race for the port: do not retry
		fi
	done
	echo "connectd did not start; its output:" >&2
	cat "$WORK/$name.out" "$WORK/$name.err" >&2
	return 1
}

# part NAME COMMAND... runs a checking script, showing its output, and adds
# the counts of its final "NAME: N passed, M failed" line to the totals. A
# script that fails without counting a failure counts as one. The script
# runs in the background and is waited for, so that a signal to run.sh
# stops it at once (bash defers traps while a foreground command runs).
part() {
	local name=$1 rc=0
	shift
	rm -f "$WORK/part.fifo"
	mkfifo "$WORK/part.fifo"
	tee "$WORK/part.log" <"$WORK/part.fifo" &
	TEE_PID=$!
	"$@" >"$WORK/part.fifo" 2>&1 &
	PART_PID=$!
	wait "$PART_PID" || rc=$?
	PART_PID=""
	wait "$TEE_PID" || true
	TEE_PID=""
	count "$name" "$WORK/part.log" "$rc"
}

# count NAME LOG RC adds the counts of LOG's final "NAME: N passed, M
# failed" line to the totals.
count() {
	local name=$1 log=$2 rc=$3 summary p f
	summary=$(grep -E "^$name: [0-9]+ passed, [0-9]+ failed$" "$log" | tail -n 1 || true)
	if [ -z "$summary" ]; then
		fail "$name printed no summary line (exit $rc)"
		return 0
	fi
	p=$(sed -E 's/^[^:]+: ([0-9]+) passed, ([0-9]+) failed$/\1/' <<<"$summary")
	f=$(sed -E 's/^[^:]+: ([0-9]+) passed, ([0-9]+) failed$/\2/' <<<"$summary")
	PASSED=$((PASSED + p))
	FAILED=$((FAILED + f))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		fail "$name exited $rc"
	fi
}

for tool in go python3 aws; do
	if ! command -v "$tool" >/dev/null; then
		echo "e2e: $tool is needed" >&2
		exit 1
	fi
done

echo "e2e: building connectd"
(cd "$REPO" && go build -o "$BIN" ./cmd/connectd)

# --- The AWS CLI and boto3, over one fresh database -------------------------------
# The CLI and boto3 parts make more instances in one account than the
# default quota (2) allows.
if start_server "$WORK/e2e.db" main --quota-instances 10; then
	pass "connectd answers at $ENDPOINT"
	part cli bash "$E2E/cli.sh" "$ENDPOINT"
	part boto3 python3 "$E2E/boto3_e2e.py" "$ENDPOINT"
	part shapes python3 "$E2E/shapes_e2e.py" "$ENDPOINT" "$BIN"
	part js node "$E2E/js/e2e.mjs" "$ENDPOINT"
	if kill -0 "$SERVER_PID" 2>/dev/null; then
		pass "connectd is still running after the CLI and boto3 checks"
	else
		fail "connectd died during the checks: $(tail -n 5 "$WORK/main.err")"
	fi
	if grep -q 'level=ERROR' "$WORK/main.err"; then
		fail "connectd logged errors: $(grep 'level=ERROR' "$WORK/main.err" | head -n 5)"
	else
		pass "connectd logged no errors"
	fi
	stop_server
else
	fail "connectd started"
fi

# --- Durability: kill -9 in the middle of a stream of creates, restart -------------
# durability DB LABEL sends 400 CreateUser calls, kills connectd with
# SIGKILL once 100 are acknowledged, restarts it on the same DB and checks
# that every acknowledged user is there and none is half-made.
durability() {
	local db=$1 label=$2 state="$WORK/$2.state" creator pid acked rc=0
	if ! start_server "$db" "$label-1"; then
		fail "connectd started on $label for the durability check"
		return 0
	fi
	python3 "$E2E/durability.py" create "$ENDPOINT" "$state" 400 >"$WORK/$label-create.log" 2>&1 &
	creator=$!
	for _ in $(seq 1 400); do
		[ -f "$state" ] && [ "$(wc -l <"$state")" -gt 100 ] && break
		sleep 0.05
	done
	pid=$SERVER_PID
	kill -KILL "$pid"
	wait "$pid" 2>/dev/null || true
	SERVER_PID=""
	wait "$creator" || rc=$?
	cat "$WORK/$label-create.log"
	count durability "$WORK/$label-create.log" "$rc"
	acked=$(($(wc -l <"$state") - 1))
	if [ "$acked" -lt 400 ]; then
		pass "$label: kill -9 landed mid-stream, after $acked of 400 creates were acknowledged"
	else
		fail "$label: kill -9 landed after the stream ended (all 400 acknowledged)"
	fi
	if start_server "$db" "$label-2"; then
		pass "$label: connectd restarted on the same database"
		part durability python3 "$E2E/durability.py" verify "$ENDPOINT" "$state"
		stop_server
	else
		fail "$label: connectd restarted on the same database"
	fi
}

durability "$WORK/durable.db" sqlite

# two_processes DB LABEL: two connectd processes on one database, driven
# through both at once (e2e/twoproc.py).
two_processes() {
	local db=$1 label=$2
	if ! start_server "$db" "$label-shared-a"; then
		fail "connectd started on $label for the two-process check"
		return 0
	fi
	FIRST_PID=$SERVER_PID FIRST=$ENDPOINT
	if start_server "$db" "$label-shared-b"; then
		part twoproc python3 "$E2E/twoproc.py" "$FIRST" "$ENDPOINT"
		stop_server
	else
		fail "a second connectd started on the same $label database"
	fi
	SERVER_PID=$FIRST_PID FIRST_PID=""
	stop_server
}
two_processes "$WORK/shared.db" sqlite

# A schema of its own on the PostgreSQL database CI names.
PG_SCHEMA=""
pg_schema() {
	PG_SCHEMA="connectd_e2e_$$_$1"
	psql "$CONNECTD_TEST_POSTGRES" -qc "CREATE SCHEMA $PG_SCHEMA" >/dev/null
	PG_SCHEMAS+=("$PG_SCHEMA")
	PG_DSN="$CONNECTD_TEST_POSTGRES&search_path=$PG_SCHEMA"
}

if [ -n "${CONNECTD_TEST_POSTGRES:-}" ]; then
	pg_schema durable
	durability "$PG_DSN" postgres

	pg_schema shared
	two_processes "$PG_DSN" postgres
else
	echo "e2e: CONNECTD_TEST_POSTGRES is not set: the PostgreSQL checks do not run"
fi

# --- Strict mode: signatures verified, secrets kept out of the log --------------------
cat >"$WORK/credentials.json" <<'JSON'
[{"accessKeyId": "AKIDE2ESTRICT", "secretAccessKey": "e2e-strict-secret", "accountId": "444455556666"}]
JSON
if start_server ":memory:" strict --credentials "$WORK/credentials.json"; then
	if grep -q "signatures: verified" "$WORK/strict.out"; then
		pass "strict mode says so at start-up"
	else
		fail "strict mode says so at start-up: $(cat "$WORK/strict.out")"
	fi
	part strict python3 "$E2E/strict.py" "$ENDPOINT"
	stop_server
	leaked=""
	for secret in Zq9StrictPw Xylophonia Quetzalcoatl zelda.strict@example.net +15559876543 Yw7WeakOne; do
		if grep -qF -- "$secret" "$WORK/strict.out" "$WORK/strict.err"; then
			leaked="$leaked $secret"
		fi
	done
	if [ -z "$leaked" ]; then
		pass "the server log holds none of the passwords, names, e-mails and phone numbers sent"
	else
		fail "the server log holds:$leaked"
	fi
else
	fail "connectd started in strict mode"
fi

echo "e2e: $PASSED passed, $FAILED failed"
if [ "$FAILED" -ne 0 ]; then
	exit 1
fi
