#!/usr/bin/env python3
"""Durability check of connectd: what a 200 answered survives kill -9.

Usage:
  python3 e2e/durability.py create ENDPOINT_URL STATE_FILE [COUNT]
      creates a SAML instance and COUNT (default 200) users in it; every
      CreateUser must answer HTTP 200. Writes the instance and the users
      to STATE_FILE.
  python3 e2e/durability.py verify ENDPOINT_URL STATE_FILE
      after a restart on the same database: ListUsers, paged, must return
      exactly the users of STATE_FILE.

Prints one "PASS durability: ..." or "FAIL durability: ..." line per check
and, last, "durability: N passed, M failed". Exits 1 if any check failed.
"""

import concurrent.futures
import json
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

WORKERS = 8


def client(endpoint):
    cfg = Config(
        # No retries: a retried CreateUser would hide the answer that counts.
        retries={"mode": "standard", "total_max_attempts": 1},
        connect_timeout=5,
        read_timeout=15,
        max_pool_connections=WORKERS,
    )
    session = boto3.session.Session(
        aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret", region_name="us-east-1"
    )
    return session.client("connect", endpoint_url=endpoint, config=cfg)


class Report:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def result(self, ok, what):
        if ok:
            self.passed += 1
            print("PASS durability: " + what, flush=True)
        else:
            self.failed += 1
            print("FAIL durability: " + what, flush=True)

    def finish(self):
        print("durability: %d passed, %d failed" % (self.passed, self.failed), flush=True)
        return 0 if self.failed == 0 else 1


def create(c, state_file, count, r):
    inst = c.create_instance(
        IdentityManagementType="SAML",
        InstanceAlias="e2e-durable",
        InboundCallsEnabled=True,
        OutboundCallsEnabled=True,
    )["Id"]
    sp = [p["Id"] for p in c.list_security_profiles(InstanceId=inst)["SecurityProfileSummaryList"]
          if p["Name"] == "Agent"]
    rp = c.list_routing_profiles(InstanceId=inst)["RoutingProfileSummaryList"][0]["Id"]

    def one(i):
        name = "durable-%04d" % i
        try:
            out = c.create_user(
                InstanceId=inst,
                Username=name,
                IdentityInfo={"FirstName": "Durable", "LastName": str(i), "Email": name + "@example.com"},
                PhoneConfig={"PhoneType": "SOFT_PHONE", "AutoAccept": False, "AfterContactWorkTimeLimit": 0},
                SecurityProfileIds=sp,
                RoutingProfileId=rp,
            )
        except ClientError as e:
            return name, None, "%s %s" % (e.response["ResponseMetadata"].get("HTTPStatusCode"),
                                          e.response["Error"].get("Code"))
        except Exception as e:
            return name, None, "%s: %s" % (type(e).__name__, e)
        status = out["ResponseMetadata"]["HTTPStatusCode"]
        if status != 200 or not out.get("UserId"):
            return name, None, "HTTP %s %s" % (status, out)
        return name, out["UserId"], None

    with concurrent.futures.ThreadPoolExecutor(WORKERS) as pool:
        results = list(pool.map(one, range(count)))
    users = {name: uid for name, uid, err in results if err is None}
    errors = ["%s: %s" % (name, err) for name, _, err in results if err is not None]
    r.result(not errors, "%d CreateUser calls (%d at a time) answered 200: %d did%s" % (
        count, WORKERS, len(users), "" if not errors else "; failures: " + "; ".join(errors[:5])))
    with open(state_file, "w") as f:
        json.dump({"instance": inst, "users": users}, f)


def verify(c, state_file, r):
    with open(state_file) as f:
        state = json.load(f)
    inst, want = state["instance"], state["users"]
    try:
        c.describe_instance(InstanceId=inst)
        r.result(True, "the instance is there after kill -9 and restart")
    except ClientError as e:
        r.result(False, "the instance is there after kill -9 and restart: %s" % e)
        return
    seen, pages = [], 0
    for page in c.get_paginator("list_users").paginate(InstanceId=inst, PaginationConfig={"PageSize": 37}):
        pages += 1
        seen += [(u["Username"], u["Id"]) for u in page["UserSummaryList"]]
    got = dict(seen)
    dups = len(seen) - len(got)
    missing = sorted(set(want) - set(got))
    extra = sorted(set(got) - set(want))
    wrong_ids = sorted(n for n in want if n in got and got[n] != want[n])
    ok = not (dups or missing or extra or wrong_ids) and len(seen) == len(want)
    r.result(ok, "list_users after restart (%d pages) returns exactly the %d users: got %d%s" % (
        pages, len(want), len(seen),
        "" if ok else ", %d duplicates, missing %s, extra %s, other ids %s" % (dups, missing[:5], extra[:5], wrong_ids[:5])))


def main():
    if len(sys.argv) < 4 or sys.argv[1] not in ("create", "verify"):
        print(__doc__, file=sys.stderr)
        return 2
    phase, endpoint, state_file = sys.argv[1:4]
    c = client(endpoint)
    r = Report()
    try:
        if phase == "create":
            create(c, state_file, int(sys.argv[4]) if len(sys.argv) > 4 else 200, r)
        else:
            verify(c, state_file, r)
    except Exception as e:
        r.result(False, "%s stopped: %s: %s" % (phase, type(e).__name__, e))
    return r.finish()


if __name__ == "__main__":
    sys.exit(main())
