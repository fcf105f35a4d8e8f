#!/usr/bin/env python3
"""Two connectd processes on one database (PostgreSQL or a SQLite file),
driven by boto3.

Usage: python3 e2e/twoproc.py ENDPOINT_A ENDPOINT_B

- 100 CreateUser calls with one username, raced across both processes:
  exactly one succeeds, 99 get DuplicateResourceException.
- 400 CreateUser calls with distinct usernames, split across both: each
  process lists all 400.
- 100 updates of one user, alternating between the processes: the read
  right after each, through the other process, sees it; so does a read
  after a delete.
Prints PASS/FAIL lines and, last, "twoproc: N passed, M failed".
"""

import concurrent.futures
import sys
import threading

import boto3
from checks import Checks
from botocore.config import Config
from botocore.exceptions import ClientError

checks = Checks("twoproc")
result = checks.result


def client(endpoint):
    cfg = Config(retries={"mode": "standard", "total_max_attempts": 1}, max_pool_connections=50)
    return boto3.session.Session(aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret",
                                 region_name="us-east-1").client("connect", endpoint_url=endpoint, config=cfg)


def main():
    a, b = client(sys.argv[1]), client(sys.argv[2])
    inst = a.create_instance(IdentityManagementType="SAML", InstanceAlias="e2e-twoproc",
                             InboundCallsEnabled=True, OutboundCallsEnabled=True)["Id"]
    result(b.describe_instance(InstanceId=inst)["Instance"]["Id"] == inst, "an instance made through one process is seen by the other")
    sp = [p["Id"] for p in b.list_security_profiles(InstanceId=inst)["SecurityProfileSummaryList"] if p["Name"] == "Agent"]
    rp = b.list_routing_profiles(InstanceId=inst)["RoutingProfileSummaryList"][0]["Id"]

    def create(i, name):
        c = a if i % 2 == 0 else b
        try:
            c.create_user(InstanceId=inst, Username=name, IdentityInfo={"FirstName": "Two", "LastName": "Proc"},
                          SecurityProfileIds=sp, RoutingProfileId=rp)
            return "ok"
        except ClientError as e:
            return e.response["Error"]["Code"]

    barrier = threading.Barrier(50)

    def racer(i):
        barrier.wait()
        return create(i, "racer")

    with concurrent.futures.ThreadPoolExecutor(50) as pool:
        outcomes = list(pool.map(racer, range(100)))
    wins, dups = outcomes.count("ok"), outcomes.count("DuplicateResourceException")
    result(wins == 1 and dups == 99, "100 racing creates of one username across both: %d succeeded, %d DuplicateResourceException, others %s" % (
        wins, dups, sorted(set(outcomes) - {"ok", "DuplicateResourceException"})))

    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        outcomes = list(pool.map(lambda i: create(i, "user%03d" % i), range(400)))
    result(outcomes.count("ok") == 400, "400 distinct creates split across both: %d succeeded" % outcomes.count("ok"))
    for label, c in (("first", a), ("second", b)):
        names = set()
        for page in c.get_paginator("list_users").paginate(InstanceId=inst, PaginationConfig={"PageSize": 100}):
            names |= {u["Username"] for u in page["UserSummaryList"]}
        want = {"user%03d" % i for i in range(400)} | {"racer"}
        result(names == want, "the %s process lists all %d users: %d listed" % (label, len(want), len(names)))

    # Each process has read the user (and may keep it) before the other
    # changes it.
    uid = a.search_users(InstanceId=inst, SearchCriteria={"StringCondition": {
        "FieldName": "Username", "Value": "racer", "ComparisonType": "EXACT"}})["Users"][0]["Id"]
    stale = []
    for i in range(100):
        writer, reader = (a, b) if i % 2 == 0 else (b, a)
        reader.describe_user(InstanceId=inst, UserId=uid)
        writer.update_user_identity_info(InstanceId=inst, UserId=uid, IdentityInfo={"FirstName": "n%d" % i, "LastName": "Proc"})
        seen = reader.describe_user(InstanceId=inst, UserId=uid)["User"]["IdentityInfo"]["FirstName"]
        if seen != "n%d" % i:
            stale.append((i, seen))
    result(not stale, "100 updates alternating between the processes, each read at once through the other: stale reads %s" % stale[:5])
    b.describe_user(InstanceId=inst, UserId=uid)
    a.delete_user(InstanceId=inst, UserId=uid)
    try:
        b.describe_user(InstanceId=inst, UserId=uid)
        result(False, "a user deleted through one process is gone from the other: still described")
    except ClientError as e:
        code = e.response["Error"]["Code"]
        result(code == "ResourceNotFoundException", "a user deleted through one process is gone from the other: %s" % code)


if __name__ == "__main__":
    checks.run(main)
