#!/usr/bin/env python3
"""Durability check of connectd: what a 200 answered survives kill -9.

Usage:
  python3 e2e/durability.py create ENDPOINT_URL STATE_FILE [COUNT]
      creates a SAML instance and sends COUNT (default 200) CreateUser
      calls, appending each acknowledged user to STATE_FILE at once; the
      server may be killed part-way.
  python3 e2e/durability.py verify ENDPOINT_URL STATE_FILE
      after a restart on the same database: every acknowledged user is
      listed, and no user lacks its agent queue or tags.

Prints one "PASS durability: ..." or "FAIL durability: ..." line per check
and, last, "durability: N passed, M failed". Exits 1 if any check failed.
"""

import concurrent.futures
import json
import sys
import threading

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
    """Creates users until COUNT are acknowledged or the server stops
    answering (it is killed mid-stream). Each acknowledged user is appended
    to STATE_FILE as soon as its 200 arrives, so what was acknowledged
    before the kill is on record whatever happens next."""
    inst = c.create_instance(
        IdentityManagementType="SAML",
        InstanceAlias="e2e-durable",
        InboundCallsEnabled=True,
        OutboundCallsEnabled=True,
    )["Id"]
    sp = [p["Id"] for p in c.list_security_profiles(InstanceId=inst)["SecurityProfileSummaryList"]
          if p["Name"] == "Agent"]
    rp = c.list_routing_profiles(InstanceId=inst)["RoutingProfileSummaryList"][0]["Id"]
    state = open(state_file, "w")
    state.write(json.dumps({"instance": inst}) + "\n")
    state.flush()
    lock = threading.Lock()

    def one(i):
        name = "durable-%04d" % i
        try:
            out = c.create_user(
                InstanceId=inst,
                Username=name,
                IdentityInfo={"FirstName": "Durable", "LastName": str(i), "SecondaryEmail": name + "@example.com"},
                PhoneConfig={"PhoneType": "SOFT_PHONE", "AutoAccept": False, "AfterContactWorkTimeLimit": 0},
                SecurityProfileIds=sp,
                RoutingProfileId=rp,
                Tags={"n": str(i)},
            )
        except Exception as e:
            return name, None, "%s: %s" % (type(e).__name__, e)
        if out["ResponseMetadata"]["HTTPStatusCode"] != 200 or not out.get("UserId"):
            return name, None, "HTTP %s" % out["ResponseMetadata"]["HTTPStatusCode"]
        with lock:
            state.write(json.dumps({"user": name, "id": out["UserId"]}) + "\n")
            state.flush()
        return name, out["UserId"], None

    with concurrent.futures.ThreadPoolExecutor(WORKERS) as pool:
        results = list(pool.map(one, range(count)))
    state.close()
    acked = sum(1 for _, uid, _ in results if uid)
    refused = [err for _, uid, err in results if uid is None and "ClientError" in err]
    r.result(acked > 0 and not refused, "%d CreateUser calls sent, %d acknowledged before the server stopped answering%s" % (
        count, acked, "" if not refused else "; refused: " + "; ".join(refused[:3])))


def verify(c, state_file, r):
    with open(state_file) as f:
        lines = [json.loads(line) for line in f if line.strip()]
    inst = lines[0]["instance"]
    want = {l["user"]: l["id"] for l in lines[1:]}
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
    missing = sorted(n for n in want if got.get(n) != want[n])
    r.result(not missing and len(want) > 0, "every one of the %d acknowledged users is listed after restart (%d listed in %d pages)%s" % (
        len(want), len(seen), pages, "" if not missing else "; missing " + ", ".join(missing[:5])))
    # Nothing half-made: each listed user has its agent queue and its tags,
    # and every agent queue has its user.
    queues = []
    for page in c.get_paginator("list_queues").paginate(InstanceId=inst, QueueTypes=["AGENT"]):
        queues += [q["Id"] for q in page["QueueSummaryList"]]
    half = sorted(set(got.values()) ^ set(queues))
    for name, uid in got.items():
        tags = c.describe_user(InstanceId=inst, UserId=uid)["User"].get("Tags", {})
        if tags.get("n") != str(int(name.split("-")[1])):
            half.append(name + " without its tags")
    r.result(not half, "no half-created user: %d users, %d agent queues, every user with its tags%s" % (
        len(got), len(queues), "" if not half else "; " + ", ".join(half[:5])))


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
