#!/usr/bin/env python3
"""Strict mode through boto3: the right key works, every wrong one is
refused with AWS's error, and users with distinctive secrets are created
and refused (run.sh then searches the server's log for those secrets).

Usage: python3 e2e/strict.py ENDPOINT
Prints PASS/FAIL lines and, last, "strict: N passed, M failed".
"""

import sys
import urllib.error
import urllib.request

import boto3
from checks import Checks
from botocore.config import Config
from botocore.exceptions import ClientError

checks = Checks("strict")
result = checks.result


def client(endpoint, key, secret):
    cfg = Config(retries={"mode": "standard", "total_max_attempts": 1})
    return boto3.session.Session(aws_access_key_id=key, aws_secret_access_key=secret,
                                 region_name="us-west-2").client("connect", endpoint_url=endpoint, config=cfg)


def code(call):
    try:
        call()
        return "ok"
    except ClientError as e:
        return e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]


def main():
    endpoint = sys.argv[1]
    good = client(endpoint, "AKIDE2ESTRICT", "e2e-strict-secret")
    inst = good.create_instance(IdentityManagementType="CONNECT_MANAGED", InstanceAlias="e2e-strict",
                                InboundCallsEnabled=True, OutboundCallsEnabled=True)
    result(":444455556666:instance/" in inst["Arn"] and ":us-west-2:" in inst["Arn"],
           "the right key works and acts as its account, in the signed region: " + inst["Arn"])
    inst = inst["Id"]

    got = code(lambda: client(endpoint, "AKIDE2ESTRICT", "not-the-secret").list_instances())
    result(got == ("InvalidSignatureException", 403), "a wrong secret: %s" % (got,))
    got = code(lambda: client(endpoint, "AKIDUNKNOWN", "whatever").list_instances())
    result(got == ("UnrecognizedClientException", 403), "an unknown key: %s" % (got,))
    try:
        urllib.request.urlopen(endpoint + "/instance", timeout=5)
        result(False, "an unsigned request was answered")
    except urllib.error.HTTPError as e:
        result(e.code == 403 and e.headers.get("X-Amzn-ErrorType") == "MissingAuthenticationTokenException",
               "no signature: %s %s" % (e.code, e.headers.get("X-Amzn-ErrorType")))

    sp = [p["Id"] for p in good.list_security_profiles(InstanceId=inst)["SecurityProfileSummaryList"] if p["Name"] == "Agent"]
    rp = good.list_routing_profiles(InstanceId=inst)["RoutingProfileSummaryList"][0]["Id"]

    def user(name, password="Zq9StrictPw", **change):
        args = dict(InstanceId=inst, Username=name, Password=password, SecurityProfileIds=sp, RoutingProfileId=rp,
                    IdentityInfo={"FirstName": "Xylophonia", "LastName": "Quetzalcoatl",
                                  "Email": "zelda.strict@example.net", "Mobile": "+15559876543"})
        args.update(change)
        return lambda: good.create_user(**args)

    result(code(user("strict-user")) == "ok", "a user with distinctive secrets is created")
    result(code(user("strict-user"))[0] == "DuplicateResourceException", "the same user again is refused")
    result(code(user("weak-user", password="yw7weakone"))[0] == "InvalidParameterException", "a weak password is refused")
    result(code(user("Yw7WeakOne", password="Yw7WeakOne", IdentityInfo={"FirstName": "Xylophonia" * 40, "LastName": "Quetzalcoatl"}))[0]
           == "InvalidParameterException", "an overlong first name is refused")
    u = good.list_users(InstanceId=inst)["UserSummaryList"]
    result([x["Username"] for x in u] == ["strict-user"], "only the accepted user is stored")


if __name__ == "__main__":
    checks.run(main)
