#!/usr/bin/env python3
"""boto3 half of connectd's end-to-end test.

Usage: python3 e2e/boto3_e2e.py ENDPOINT_URL

Runs the user lifecycle through boto3's Connect client against a running
connectd, prints one "PASS boto3: ..." or "FAIL boto3: ..." line per check
and, last, "boto3: N passed, M failed". Exits 1 if any check failed.
Credentials and region come from the environment (run.sh sets them).
"""

import datetime
import json
import sys
import traceback
import uuid

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

PASSWORD = "Corr3ct-Horse"
SAML_USERS = ["bob-%d" % i for i in range(6)]


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def ok(self, what):
        self.passed += 1
        print("PASS boto3: " + what, flush=True)

    def bad(self, what, why):
        self.failed += 1
        print("FAIL boto3: %s: %s" % (what, why), flush=True)

    def check(self, what, fn, *args):
        """Runs fn; an AssertionError or any other exception fails the check.
        Returns fn's result, or None when it failed."""
        try:
            result = fn(*args)
        except AssertionError as e:
            self.bad(what, e)
            return None
        except Exception as e:  # a crash is a failed check, with its cause
            self.bad(what, "%s: %s" % (type(e).__name__, e))
            traceback.print_exc(limit=3, file=sys.stdout)
            return None
        self.ok(what)
        return result

    def expect_error(self, what, code, status, fn, *args, fragments=(), absent=(), **kwargs):
        """Checks that fn(*args, **kwargs) raises a ClientError of code (and
        HTTP status, if given) whose message holds each of fragments and
        none of absent."""
        try:
            out = fn(*args, **kwargs)
        except ClientError as e:
            err = e.response.get("Error", {})
            got_status = e.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
            if err.get("Code") != code:
                self.bad(what, "wanted %s, got %s: %s" % (code, err.get("Code"), err.get("Message")))
            elif status is not None and got_status != status:
                self.bad(what, "%s with HTTP %s, wanted %s" % (code, got_status, status))
            elif [f for f in fragments if f not in err.get("Message", "")]:
                self.bad(what, "%s message %r lacks %r" % (
                    code, err.get("Message"), [f for f in fragments if f not in err.get("Message", "")]))
            elif [a for a in absent if a in err.get("Message", "")]:
                self.bad(what, "%s message %r shows %r" % (code, err.get("Message"), absent))
            else:
                self.ok("%s (%s)" % (what, code))
            return
        except Exception as e:
            self.bad(what, "wanted ClientError %s, got %s: %s" % (code, type(e).__name__, e))
            return
        self.bad(what, "succeeded, wanted %s: %s" % (code, out))


def client(endpoint, key_id="AKIDEXAMPLE", region=None):
    cfg = Config(
        retries={"mode": "standard", "total_max_attempts": 1},
        connect_timeout=5,
        read_timeout=15,
    )
    session = boto3.session.Session(
        aws_access_key_id=key_id,
        aws_secret_access_key="secret",
        region_name=region,
    )
    return session.client("connect", endpoint_url=endpoint, config=cfg)


def keys_anywhere(value):
    """Every dict key in a nested value."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from keys_anywhere(v)
    elif isinstance(value, list):
        for v in value:
            yield from keys_anywhere(v)


def main():
    if len(sys.argv) != 2:
        print("usage: boto3_e2e.py ENDPOINT_URL", file=sys.stderr)
        return 2
    endpoint = sys.argv[1]
    c = client(endpoint)
    t = Checks()
    try:
        lifecycle(t, c, endpoint)
    except Exception as e:  # a step the rest depends on went wrong
        t.bad("lifecycle stopped", "%s: %s" % (type(e).__name__, e))
        traceback.print_exc(limit=5, file=sys.stdout)
    print("boto3: %d passed, %d failed" % (t.passed, t.failed), flush=True)
    return 0 if t.failed == 0 else 1


def lifecycle(t, c, endpoint):
    # --- A CONNECT_MANAGED instance and its default resources ---------------
    out = c.create_instance(
        IdentityManagementType="CONNECT_MANAGED",
        InstanceAlias="e2e-boto3-managed",
        InboundCallsEnabled=True,
        OutboundCallsEnabled=False,
    )
    managed = out["Id"]

    def created_instance():
        assert out["ResponseMetadata"]["HTTPStatusCode"] == 200, out
        assert out["Arn"] == "arn:aws:connect:us-east-1:123456789012:instance/" + managed, out["Arn"]

    t.check("create_instance CONNECT_MANAGED", created_instance)

    def described_instance():
        i = c.describe_instance(InstanceId=managed)["Instance"]
        assert i["Id"] == managed, i
        assert i["InstanceAlias"] == "e2e-boto3-managed", i
        assert i["IdentityManagementType"] == "CONNECT_MANAGED", i
        assert i["InboundCallsEnabled"] is True and i["OutboundCallsEnabled"] is False, i
        assert isinstance(i["CreatedTime"], datetime.datetime), i["CreatedTime"]

    t.check("describe_instance", described_instance)

    def default_security_profiles():
        pages = c.get_paginator("list_security_profiles").paginate(InstanceId=managed)
        profiles = {p["Name"]: p["Id"] for page in pages for p in page["SecurityProfileSummaryList"]}
        for name in ("Admin", "Agent", "CallCenterManager", "QualityAnalyst"):
            assert name in profiles, (name, profiles)
        sp = c.describe_security_profile(InstanceId=managed, SecurityProfileId=profiles["Agent"])["SecurityProfile"]
        assert sp["SecurityProfileName"] == "Agent", sp
        return profiles

    profiles = t.check("list_security_profiles has the defaults", default_security_profiles)

    def default_routing_profile():
        rps = c.list_routing_profiles(InstanceId=managed)["RoutingProfileSummaryList"]
        names = [p["Name"] for p in rps]
        assert names == ["Basic Routing Profile"], names
        return rps[0]["Id"]

    basic_rp = t.check("list_routing_profiles has Basic Routing Profile", default_routing_profile)

    def default_queue_and_hours():
        qs = c.list_queues(InstanceId=managed, QueueTypes=["STANDARD"])["QueueSummaryList"]
        assert [q.get("Name") for q in qs] == ["BasicQueue"], qs
        hs = c.list_hours_of_operations(InstanceId=managed)["HoursOfOperationSummaryList"]
        assert [h["Name"] for h in hs] == ["Basic Hours"], hs
        h = c.describe_hours_of_operation(InstanceId=managed, HoursOfOperationId=hs[0]["Id"])["HoursOfOperation"]
        assert len(h["Config"]) == 7, h

    t.check("list_queues and list_hours_of_operations have the defaults", default_queue_and_hours)
    if profiles is None or basic_rp is None:
        raise RuntimeError("no default profiles to create users with")
    agent_sp = profiles["Agent"]

    # --- A CONNECT_MANAGED user ---------------------------------------------------
    sent = dict(
        Username="alice",
        Password=PASSWORD,
        IdentityInfo={"FirstName": "Alice", "LastName": "Liddell", "Email": "alice@example.com"},
        PhoneConfig={"PhoneType": "SOFT_PHONE", "AutoAccept": False, "AfterContactWorkTimeLimit": 30},
        SecurityProfileIds=[agent_sp, profiles["QualityAnalyst"]],
        RoutingProfileId=basic_rp,
        Tags={"team": "e2e"},
        InstanceId=managed,
    )
    before = datetime.datetime.now(datetime.timezone.utc)
    created = c.create_user(**sent)
    alice = created["UserId"]

    def created_user():
        assert created["ResponseMetadata"]["HTTPStatusCode"] == 200, created
        assert created["UserArn"].endswith("/agent/" + alice), created

    t.check("create_user CONNECT_MANAGED", created_user)

    user_out = c.describe_user(InstanceId=managed, UserId=alice)
    user = user_out["User"]

    def described_user():
        assert user["Id"] == alice and user["Arn"] == created["UserArn"], user
        for field in ("Username", "IdentityInfo", "RoutingProfileId", "Tags"):
            assert user[field] == sent[field], (field, user[field], sent[field])
        assert sorted(user["SecurityProfileIds"]) == sorted(sent["SecurityProfileIds"]), user
        for k, v in sent["PhoneConfig"].items():
            assert user["PhoneConfig"][k] == v, (k, user["PhoneConfig"])
        assert user["LastModifiedRegion"] == "us-east-1", user

    t.check("describe_user returns every field create_user sent", described_user)

    def no_password():
        keys = [k for k in keys_anywhere(user_out) if "password" in k.lower()]
        assert not keys, keys
        text = json.dumps(user_out, default=str)
        assert PASSWORD not in text and "argon2" not in text, text

    t.check("describe_user shows no password", no_password)

    def last_modified_is_datetime():
        lm = user["LastModifiedTime"]
        assert isinstance(lm, datetime.datetime), "%r is a %s" % (lm, type(lm).__name__)
        assert lm.tzinfo is not None, lm
        after = datetime.datetime.now(datetime.timezone.utc)
        slack = datetime.timedelta(seconds=5)
        assert before - slack <= lm <= after + slack, (before, lm, after)

    t.check("describe_user LastModifiedTime is a datetime of now", last_modified_is_datetime)

    def agent_queue():
        qs = c.list_queues(InstanceId=managed, QueueTypes=["AGENT"])["QueueSummaryList"]
        assert len(qs) == 1 and qs[0]["QueueType"] == "AGENT" and "Name" not in qs[0], qs

    t.check("create_user made one AGENT queue", agent_queue)

    # --- Errors ---------------------------------------------------------------------
    dup = dict(sent, IdentityInfo={"FirstName": "Other", "LastName": "Alice"})
    t.expect_error("duplicate username", "DuplicateResourceException", 409, c.create_user, **dup)

    missing = str(uuid.uuid4())
    t.expect_error("describe_instance of a missing instance", "ResourceNotFoundException", 404,
                   c.describe_instance, InstanceId=missing)
    t.expect_error("list_users of a missing instance", "ResourceNotFoundException", 404,
                   c.list_users, InstanceId=missing)
    t.expect_error("create_user in a missing instance", "ResourceNotFoundException", 404,
                   c.create_user, **dict(sent, InstanceId=missing, Username="ghost"))
    t.expect_error("describe_user of a missing user", "ResourceNotFoundException", 404,
                   c.describe_user, InstanceId=managed, UserId=str(uuid.uuid4()))

    t.expect_error("overlong username", "InvalidParameterException", 400,
                   c.create_user, **dict(sent, Username="u" * 101),
                   fragments=("1 validation error detected: Value ",
                              " at 'username' failed to satisfy constraint: Member must have length less than or equal to 100"))
    t.expect_error("weak password", "InvalidParameterException", 400,
                   c.create_user, **dict(sent, Username="weak", Password="alllowercase1"),
                   # Password is sensitive: the message must not quote it.
                   fragments=("1 validation error detected: Value at 'password' failed to satisfy constraint",),
                   absent=("alllowercase1",))
    t.expect_error("password with a space", "InvalidParameterException", 400,
                   c.create_user, **dict(sent, Username="spacey", Password="Has Space1"))
    t.expect_error("missing LastName on CONNECT_MANAGED", "InvalidParameterException", 400,
                   c.create_user, **dict(sent, Username="nolast", IdentityInfo={"FirstName": "No"}))
    # botocore writes a lone surrogate as its \u escape; Go's JSON decoder
    # would have read it as U+FFFD.
    t.expect_error("a lone surrogate in FirstName", "SerializationException", 400,
                   c.create_user, **dict(sent, Username="surrogate", IdentityInfo={"FirstName": "\udcff", "LastName": "S"}),
                   fragments=("surrogate",))
    t.expect_error("NUL in FirstName", "InvalidParameterException", 400,
                   c.create_user, **dict(sent, Username="nul", IdentityInfo={"FirstName": "a\x00b", "LastName": "N"}),
                   fragments=("'identityInfo.firstName'", "NUL"))

    def invalid_text_stored_nothing():
        names = [u["Username"] for u in c.list_users(InstanceId=managed)["UserSummaryList"]]
        assert "surrogate" not in names and "nul" not in names, names

    t.check("refused text stored no user", invalid_text_stored_nothing)
    t.expect_error("list_contact_flows is not implemented", "NotImplementedException", 501,
                   c.list_contact_flows, InstanceId=managed)

    # --- A SAML instance, its users, and paging ---------------------------------------
    saml = c.create_instance(
        IdentityManagementType="SAML",
        InstanceAlias="e2e-boto3-saml",
        InboundCallsEnabled=True,
        OutboundCallsEnabled=True,
    )["Id"]
    saml_sp = {p["Name"]: p["Id"] for p in c.list_security_profiles(InstanceId=saml)["SecurityProfileSummaryList"]}["Agent"]
    saml_rp = c.list_routing_profiles(InstanceId=saml)["RoutingProfileSummaryList"][0]["Id"]
    base = dict(
        InstanceId=saml,
        PhoneConfig={"PhoneType": "SOFT_PHONE", "AutoAccept": True, "AfterContactWorkTimeLimit": 0},
        SecurityProfileIds=[saml_sp],
        RoutingProfileId=saml_rp,
    )
    t.expect_error("password on a SAML instance", "InvalidRequestException", 400,
                   c.create_user, Username="bob-pw", Password=PASSWORD,
                   IdentityInfo={"FirstName": "Bob", "LastName": "Pw"}, **base)

    saml_ids = {}

    def saml_users():
        for name in SAML_USERS:
            out = c.create_user(Username=name, IdentityInfo={
                "FirstName": "Bob", "LastName": name, "SecondaryEmail": name + "@example.com"}, **base)
            assert out["ResponseMetadata"]["HTTPStatusCode"] == 200, out
            saml_ids[name] = out["UserId"]
        u = c.describe_user(InstanceId=saml, UserId=saml_ids[SAML_USERS[0]])["User"]
        assert u["Username"] == SAML_USERS[0] and u["PhoneConfig"]["AutoAccept"] is True, u
        assert not [k for k in keys_anywhere(u) if "password" in k.lower()], u

    t.check("create_user SAML without password, %d users" % len(SAML_USERS), saml_users)

    def paginate_users():
        pages = list(c.get_paginator("list_users").paginate(InstanceId=saml, PaginationConfig={"PageSize": 2}))
        sizes = [len(p["UserSummaryList"]) for p in pages]
        assert len(pages) >= 3 and all(s <= 2 for s in sizes), sizes
        seen = [u["Username"] for p in pages for u in p["UserSummaryList"]]
        assert sorted(seen) == sorted(SAML_USERS), seen
        by_name = {u["Username"]: u["Id"] for p in pages for u in p["UserSummaryList"]}
        assert by_name == saml_ids, (by_name, saml_ids)
        for p in pages:
            for u in p["UserSummaryList"]:
                assert isinstance(u["LastModifiedTime"], datetime.datetime), u

    t.check("list_users paginator, PageSize 2, sees each of %d users once" % len(SAML_USERS), paginate_users)

    def paginate_max_items():
        pg = c.get_paginator("list_users")
        seen, token = [], None
        for _ in range(10):
            cfg = {"PageSize": 2, "MaxItems": 3}
            if token:
                cfg["StartingToken"] = token
            result = pg.paginate(InstanceId=saml, PaginationConfig=cfg).build_full_result()
            seen += [u["Username"] for u in result["UserSummaryList"]]
            token = result.get("NextToken")
            if not token:
                break
        assert sorted(seen) == sorted(SAML_USERS), seen

    t.check("list_users paginator, MaxItems 3 with StartingToken, sees each user once", paginate_max_items)

    t.expect_error("a bad NextToken", "InvalidParameterException", 400,
                   c.list_users, InstanceId=saml, NextToken="!!not-a-token!!")

    # --- Deleting ---------------------------------------------------------------------
    def delete_user():
        out = c.delete_user(InstanceId=managed, UserId=alice)
        assert out["ResponseMetadata"]["HTTPStatusCode"] == 200, out

    t.check("delete_user", delete_user)
    t.expect_error("describe_user after delete_user", "ResourceNotFoundException", 404,
                   c.describe_user, InstanceId=managed, UserId=alice)
    t.expect_error("delete_user twice", "ResourceNotFoundException", 404,
                   c.delete_user, InstanceId=managed, UserId=alice)

    def gone_from_lists():
        assert c.list_users(InstanceId=managed)["UserSummaryList"] == []
        assert c.list_queues(InstanceId=managed, QueueTypes=["AGENT"])["QueueSummaryList"] == []

    t.check("list_users and AGENT queues are empty after delete_user", gone_from_lists)

    def username_reusable():
        out = c.create_user(**sent)
        assert out["UserId"] != alice, out

    t.check("a deleted user's username can be used again", username_reusable)

    # --- Scope: the account is a 12-digit access key id, the region the signature's --
    def scopes():
        other = client(endpoint, key_id="111122223333", region="eu-west-1")
        out = other.create_instance(IdentityManagementType="SAML", InstanceAlias="e2e-boto3-saml",
                                    InboundCallsEnabled=True, OutboundCallsEnabled=True)
        assert out["Arn"].startswith("arn:aws:connect:eu-west-1:111122223333:instance/"), out["Arn"]
        ids = [i["Id"] for i in other.list_instances()["InstanceSummaryList"]]
        assert ids == [out["Id"]], ids
        try:
            other.describe_instance(InstanceId=managed)
        except ClientError as e:
            assert e.response["Error"]["Code"] == "ResourceNotFoundException", e.response["Error"]
        else:
            raise AssertionError("another account sees instance %s" % managed)

    t.check("instances are per account and region", scopes)

    def delete_instance():
        c.delete_instance(InstanceId=saml)
        try:
            c.list_users(InstanceId=saml)
        except ClientError as e:
            assert e.response["Error"]["Code"] == "ResourceNotFoundException", e.response["Error"]
        else:
            raise AssertionError("list_users of a deleted instance succeeded")

    t.check("delete_instance removes the instance and its users", delete_instance)


if __name__ == "__main__":
    sys.exit(main())
