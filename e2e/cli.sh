#!/usr/bin/env bash
# AWS CLI half of connectd's end-to-end test.
#
# Usage: e2e/cli.sh ENDPOINT_URL
#
# Drives a running connectd through `aws connect ...` exactly as a user
# would, prints one "PASS cli: ..." or "FAIL cli: ..." line per check and,
# last, "cli: N passed, M failed". Exits non-zero if any check failed.
# Credentials and region come from the environment (run.sh sets them).
set -euo pipefail

if [ $# -ne 1 ]; then
	echo "usage: $0 ENDPOINT_URL" >&2
	exit 2
fi
ENDPOINT=$1

SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/connectd-cli.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

PASSED=0
FAILED=0

pass() {
	PASSED=$((PASSED + 1))
	echo "PASS cli: $*"
}

fail() {
	FAILED=$((FAILED + 1))
	echo "FAIL cli: $*"
}

# finish prints the summary line and exits with the verdict.
finish() {
	echo "cli: $PASSED passed, $FAILED failed"
	if [ "$FAILED" -eq 0 ]; then
		exit 0
	fi
	exit 1
}

cx() {
	aws connect --endpoint-url "$ENDPOINT" --output json \
		--cli-connect-timeout 5 --cli-read-timeout 15 "$@"
}

# run runs one `aws connect` command without stopping the script when it
# fails: its stdout lands in $OUT, its stderr in $ERR, its status in $RC.
run() {
	RC=0
	cx "$@" >"$SCRATCH/out" 2>"$SCRATCH/err" || RC=$?
	OUT=$(cat "$SCRATCH/out")
	ERR=$(cat "$SCRATCH/err")
}

# need runs a command the rest of the script depends on: if it fails, the
# check fails and the script stops here.
need() {
	local what=$1
	shift
	run "$@"
	if [ "$RC" -ne 0 ]; then
		fail "$what: aws exited $RC: $ERR"
		finish
	fi
}

# assert_json runs Python on the JSON in $OUT, bound to d. The code asserts
# what it expects; the check passes if it finishes.
assert_json() {
	local what=$1 code=$2 msg
	if msg=$(printf '%s' "$OUT" | python3 -c "
import json, sys
d = json.load(sys.stdin)
$code
" 2>&1); then
		pass "$what"
	else
		fail "$what: $(printf '%s' "$msg" | tail -n 3)"
	fi
}

# expect_error runs a command that must fail with the error code given; a
# message fragment, if given, must be in the error message too.
expect_error() {
	local what=$1 code=$2 fragment=$3
	shift 3
	run "$@"
	if [ "$RC" -eq 0 ]; then
		fail "$what: succeeded, wanted $code: $OUT"
	elif ! grep -qF "An error occurred ($code)" <<<"$ERR"; then
		fail "$what: wanted $code, got: $ERR"
	elif [ -n "$fragment" ] && ! grep -qF -- "$fragment" <<<"$ERR"; then
		fail "$what: $code without '$fragment' in: $ERR"
	else
		pass "$what ($code)"
	fi
}

# --- A CONNECT_MANAGED instance and its default resources -------------------

need "create-instance CONNECT_MANAGED" create-instance \
	--identity-management-type CONNECT_MANAGED --instance-alias e2e-cli-managed \
	--inbound-calls-enabled --outbound-calls-enabled
MANAGED=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["Id"])' <<<"$OUT")
assert_json "create-instance returns Id and Arn" '
assert d["Id"], d
assert d["Arn"].endswith(":instance/" + d["Id"]), d'

need "describe-instance" describe-instance --instance-id "$MANAGED"
assert_json "describe-instance reports the alias and type" '
i = d["Instance"]
assert i["InstanceAlias"] == "e2e-cli-managed", i
assert i["IdentityManagementType"] == "CONNECT_MANAGED", i
assert i["InstanceStatus"] == "ACTIVE", i'

need "list-security-profiles" list-security-profiles --instance-id "$MANAGED" \
	--query 'SecurityProfileSummaryList[].Name'
assert_json "list-security-profiles has the default profiles" '
for name in ("Admin", "Agent", "CallCenterManager", "QualityAnalyst"):
    assert d.count(name) == 1, (name, d)'

need "list-security-profiles --query" list-security-profiles --instance-id "$MANAGED" \
	--query "SecurityProfileSummaryList[?Name=='Agent'].Id | [0]" --output text
AGENT_SP=$OUT

need "list-routing-profiles" list-routing-profiles --instance-id "$MANAGED"
assert_json "list-routing-profiles has Basic Routing Profile" '
names = [p["Name"] for p in d["RoutingProfileSummaryList"]]
assert names == ["Basic Routing Profile"], names'
BASIC_RP=$(python3 -c '
import json, sys
for p in json.load(sys.stdin)["RoutingProfileSummaryList"]:
    if p["Name"] == "Basic Routing Profile":
        print(p["Id"])' <<<"$OUT")

# --- A CONNECT_MANAGED user, as in the AWS CLI documentation's example -------

PASSWORD='Pass@Word1'
need "create-user CONNECT_MANAGED" create-user \
	--username Mary \
	--password "$PASSWORD" \
	--identity-info FirstName=Mary,LastName=Major,Email=mary.major@example.com \
	--phone-config PhoneType=SOFT_PHONE,AutoAccept=false,AfterContactWorkTimeLimit=60 \
	--security-profile-id "$AGENT_SP" \
	--routing-profile-id "$BASIC_RP" \
	--instance-id "$MANAGED"
MARY=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["UserId"])' <<<"$OUT")
MARY_ARN=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["UserArn"])' <<<"$OUT")
if [ -n "$MARY" ] && [[ "$MARY_ARN" == *"/agent/$MARY" ]]; then
	pass "create-user returns UserId and UserArn"
else
	fail "create-user returns UserId and UserArn: $OUT"
fi

export MARY MARY_ARN AGENT_SP BASIC_RP PASSWORD
need "describe-user" describe-user --instance-id "$MANAGED" --user-id "$MARY"
assert_json "describe-user returns every field create-user sent" '
import os
u = d["User"]
assert u["Id"] == os.environ["MARY"], u
assert u["Arn"] == os.environ["MARY_ARN"], u
assert u["Username"] == "Mary", u
assert u["IdentityInfo"] == {"FirstName": "Mary", "LastName": "Major", "Email": "mary.major@example.com"}, u["IdentityInfo"]
pc = u["PhoneConfig"]
assert pc["PhoneType"] == "SOFT_PHONE", pc
assert pc["AutoAccept"] is False, pc
assert pc["AfterContactWorkTimeLimit"] == 60, pc
assert u["SecurityProfileIds"] == [os.environ["AGENT_SP"]], u
assert u["RoutingProfileId"] == os.environ["BASIC_RP"], u
assert isinstance(u["LastModifiedTime"], (int, float, str)), u'
if grep -qi 'password' <<<"$OUT" || grep -qF -- "$PASSWORD" <<<"$OUT" || grep -qF 'argon2' <<<"$OUT"; then
	fail "describe-user shows no password: $OUT"
else
	pass "describe-user shows no password"
fi

need "describe-user --query" describe-user --instance-id "$MANAGED" --user-id "$MARY" \
	--query '[User.Username, User.PhoneConfig.AfterContactWorkTimeLimit, User.IdentityInfo.Email]' --output text
if [ "$(tr -s '\t ' ' ' <<<"$OUT")" = "Mary 60 mary.major@example.com" ]; then
	pass "describe-user --query picks the sent values"
else
	fail "describe-user --query picks the sent values: got '$OUT'"
fi

need "list-queues AGENT" list-queues --instance-id "$MANAGED" --queue-types AGENT
assert_json "create-user made one unnamed AGENT queue" '
q = d["QueueSummaryList"]
assert len(q) == 1, q
assert q[0]["QueueType"] == "AGENT" and "Name" not in q[0], q'

# --- Refused input -------------------------------------------------------------

expect_error "a weak password is refused" InvalidParameterException \
	"1 validation error detected: Value at 'password' failed to satisfy constraint" \
	create-user --username weakling --password password \
	--identity-info FirstName=Weak,LastName=Ling \
	--phone-config PhoneType=SOFT_PHONE,AutoAccept=false,AfterContactWorkTimeLimit=0 \
	--security-profile-ids "$AGENT_SP" --routing-profile-id "$BASIC_RP" --instance-id "$MANAGED"

expect_error "a second user named Mary is refused" DuplicateResourceException "" \
	create-user --username Mary --password "$PASSWORD" \
	--identity-info FirstName=Mary,LastName=Other \
	--phone-config PhoneType=SOFT_PHONE,AutoAccept=false,AfterContactWorkTimeLimit=0 \
	--security-profile-ids "$AGENT_SP" --routing-profile-id "$BASIC_RP" --instance-id "$MANAGED"

expect_error "a CONNECT_MANAGED user without password is refused" InvalidParameterException "Password" \
	create-user --username nopass \
	--identity-info FirstName=No,LastName=Pass \
	--phone-config PhoneType=SOFT_PHONE,AutoAccept=false,AfterContactWorkTimeLimit=0 \
	--security-profile-ids "$AGENT_SP" --routing-profile-id "$BASIC_RP" --instance-id "$MANAGED"

expect_error "an operation connectd lacks answers NotImplementedException" NotImplementedException "" \
	list-contact-flows --instance-id "$MANAGED"

# --- A SAML instance, its users, and paging ---------------------------------------

need "create-instance SAML" create-instance \
	--identity-management-type SAML --instance-alias e2e-cli-saml \
	--inbound-calls-enabled --outbound-calls-enabled
SAML=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["Id"])' <<<"$OUT")
pass "create-instance SAML"

need "list-security-profiles SAML" list-security-profiles --instance-id "$SAML" \
	--query "SecurityProfileSummaryList[?Name=='Agent'].Id | [0]" --output text
SAML_SP=$OUT
need "list-routing-profiles SAML" list-routing-profiles --instance-id "$SAML" \
	--query "RoutingProfileSummaryList[?Name=='Basic Routing Profile'].Id | [0]" --output text
SAML_RP=$OUT

expect_error "a password on a SAML instance is refused" InvalidRequestException "" \
	create-user --username saml-pw --password "$PASSWORD" \
	--identity-info FirstName=Saml,LastName=Password \
	--phone-config PhoneType=SOFT_PHONE,AutoAccept=false,AfterContactWorkTimeLimit=0 \
	--security-profile-ids "$SAML_SP" --routing-profile-id "$SAML_RP" --instance-id "$SAML"

SAML_USERS=()
for i in 0 1 2 3 4 5; do
	name="saml-user-$i"
	need "create-user SAML $name" create-user --username "$name" \
		--identity-info "FirstName=Saml$i,LastName=User,SecondaryEmail=saml$i@example.com" \
		--phone-config PhoneType=SOFT_PHONE,AutoAccept=false,AfterContactWorkTimeLimit=0 \
		--security-profile-ids "$SAML_SP" --routing-profile-id "$SAML_RP" --instance-id "$SAML"
	SAML_USERS+=("$name")
done
pass "create-user SAML without password (${#SAML_USERS[@]} users)"

# Page by hand: --max-items 2 --page-size 2, then --starting-token.
: >"$SCRATCH/seen"
token=""
pages=0
while :; do
	args=(list-users --instance-id "$SAML" --max-items 2 --page-size 2)
	if [ -n "$token" ]; then
		args+=(--starting-token "$token")
	fi
	need "list-users page $((pages + 1))" "${args[@]}"
	pages=$((pages + 1))
	python3 -c '
import json, sys
d = json.load(sys.stdin)
for u in d["UserSummaryList"]:
    print(u["Username"])' <<<"$OUT" >>"$SCRATCH/seen"
	token=$(python3 -c 'import json,sys; print(json.load(sys.stdin).get("NextToken", ""))' <<<"$OUT")
	if [ -z "$token" ] || [ "$pages" -gt 10 ]; then
		break
	fi
done
want=$(printf '%s\n' "${SAML_USERS[@]}" | sort)
got=$(sort "$SCRATCH/seen")
if [ "$got" = "$want" ] && [ "$pages" -ge 3 ]; then
	pass "list-users --max-items 2 --page-size 2 sees each of ${#SAML_USERS[@]} users once in $pages pages"
else
	fail "list-users --max-items 2 --page-size 2 ($pages pages): want [$(echo $want)], got [$(echo $got)]"
fi

# Let the CLI page on its own, one user per request.
need "list-users --page-size 1" list-users --instance-id "$SAML" --page-size 1 \
	--query 'UserSummaryList[].Username' --output text
got=$(tr -s '\t ' '\n' <<<"$OUT" | sed '/^$/d' | sort)
if [ "$got" = "$want" ]; then
	pass "list-users --page-size 1 sees each user once"
else
	fail "list-users --page-size 1: want [$(echo $want)], got [$(echo $got)]"
fi

# --- Updates, search, tags, profiles, hierarchy ----------------------------------

need "update-user-identity-info" update-user-identity-info --instance-id "$MANAGED" --user-id "$MARY" \
	--identity-info FirstName=Maria,LastName=Major,Email=maria@example.com
need "describe-user after update-user-identity-info" describe-user --instance-id "$MANAGED" --user-id "$MARY"
assert_json "update-user-identity-info shows in describe-user" '
assert d["User"]["IdentityInfo"]["FirstName"] == "Maria", d["User"]["IdentityInfo"]'
USER_ARN=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["User"]["Arn"])' <<<"$OUT")
need "tag-resource" tag-resource --resource-arn "$USER_ARN" --tags dept=sales
need "list-tags-for-resource" list-tags-for-resource --resource-arn "$USER_ARN"
assert_json "list-tags-for-resource shows the tag" '
assert d["tags"].get("dept") == "sales", d'
need "search-users" search-users --instance-id "$MANAGED" \
	--search-criteria '{"StringCondition": {"FieldName": "FirstName", "Value": "Mar", "ComparisonType": "STARTS_WITH"}}' \
	--search-filter '{"TagFilter": {"TagCondition": {"TagKey": "dept", "TagValue": "sales"}}}'
assert_json "search-users finds the user by first name and tag" '
assert [u["Username"] for u in d["Users"]] == ["Mary"] and d["ApproximateTotalCount"] == 1, d'
need "create-security-profile" create-security-profile --instance-id "$MANAGED" --security-profile-name Leads --description "Team leads"
LEADS=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["SecurityProfileId"])' <<<"$OUT")
need "update-user-security-profiles" update-user-security-profiles --instance-id "$MANAGED" --user-id "$MARY" --security-profile-ids "$LEADS"
expect_error "delete-security-profile of a profile in use" ResourceInUseException "" \
	delete-security-profile --instance-id "$MANAGED" --security-profile-id "$LEADS"
need "update-user-hierarchy-structure" update-user-hierarchy-structure --instance-id "$MANAGED" \
	--hierarchy-structure 'LevelOne={Name=Region}'
need "create-user-hierarchy-group" create-user-hierarchy-group --instance-id "$MANAGED" --name Europe
EUROPE=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["HierarchyGroupId"])' <<<"$OUT")
need "update-user-hierarchy" update-user-hierarchy --instance-id "$MANAGED" --user-id "$MARY" --hierarchy-group-id "$EUROPE"
need "describe-user after the updates" describe-user --instance-id "$MANAGED" --user-id "$MARY"
assert_json "describe-user shows the security profile and group" "
u = d['User']
assert u['SecurityProfileIds'] == ['$LEADS'] and u['HierarchyGroupId'] == '$EUROPE', u"

# --- Deleting a user ---------------------------------------------------------------

need "delete-user" delete-user --instance-id "$MANAGED" --user-id "$MARY"
pass "delete-user"
expect_error "describe-user after delete-user" ResourceNotFoundException "" \
	describe-user --instance-id "$MANAGED" --user-id "$MARY"
need "list-users after delete" list-users --instance-id "$MANAGED" --query 'UserSummaryList[].Username' --output text
if [ -z "$OUT" ]; then
	pass "list-users after delete-user is empty"
else
	fail "list-users after delete-user is empty: got '$OUT'"
fi

finish
