#!/usr/bin/env python3
"""Every implemented operation through boto3, each answer checked against
the output shape of botocore's own Connect model: no member the model does
not have, every value of the type the model gives.

Usage: python3 e2e/shapes_e2e.py ENDPOINT_URL CONNECTD_BINARY

The binary says which operations it implements (`connectd operations`).

Prints PASS/FAIL lines and, last, "shapes: N passed, M failed".
"""

import datetime
import subprocess
import sys

import boto3
from checks import Checks
from botocore.config import Config
from botocore.exceptions import ClientError

checks = Checks("shapes")
result = checks.result
seen_ops = set()


def conforms(shape, value, path):
    """Lists where value departs from a botocore shape."""
    t = shape.type_name
    if t == "structure":
        if not isinstance(value, dict):
            return ["%s: not an object" % path]
        out = []
        for k, v in value.items():
            if k == "ResponseMetadata" and path == "":
                continue
            if k not in shape.members:
                out.append("%s.%s: not in the model" % (path, k))
            else:
                out += conforms(shape.members[k], v, path + "." + k)
        return out
    if t == "list":
        if not isinstance(value, list):
            return ["%s: not a list" % path]
        return [p for i, v in enumerate(value) for p in conforms(shape.member, v, "%s[%d]" % (path, i))]
    if t == "map":
        if not isinstance(value, dict):
            return ["%s: not a map" % path]
        return [p for k, v in value.items() for p in conforms(shape.value, v, "%s[%s]" % (path, k))]
    want = {"string": str, "boolean": bool, "integer": int, "long": int, "timestamp": datetime.datetime,
            "double": float, "float": float}.get(t)
    if want and not isinstance(value, want):
        return ["%s: %r is not a %s" % (path, value, t)]
    if t == "string" and shape.enum and value not in shape.enum:
        return ["%s: %r is not in the enum" % (path, value)]
    return []


def main():
    c = boto3.client("connect", endpoint_url=sys.argv[1], config=Config(retries={"mode": "standard", "total_max_attempts": 1}))
    model = c.meta.service_model

    def call(op, **kwargs):
        """Calls an operation and checks its answer against the model."""
        name = model.operation_model(op).name if op in model.operation_names else None
        method = getattr(c, "".join("_" + ch.lower() if ch.isupper() else ch for ch in op).lstrip("_"))
        out = method(**kwargs)
        seen_ops.add(op)
        om = model.operation_model(op)
        problems = conforms(om.output_shape, out, "") if om.output_shape is not None else []
        result(not problems, "%s answers in its model shape%s" % (op, "" if not problems else ": " + "; ".join(problems[:5])))
        return out

    inst = call("CreateInstance", IdentityManagementType="CONNECT_MANAGED", InstanceAlias="e2e-shapes",
                InboundCallsEnabled=True, OutboundCallsEnabled=False, Tags={"k": "v"})["Id"]
    call("DescribeInstance", InstanceId=inst)
    call("ListInstances")
    sps = call("ListSecurityProfiles", InstanceId=inst)["SecurityProfileSummaryList"]
    agent = [p["Id"] for p in sps if p["Name"] == "Agent"][0]
    call("DescribeSecurityProfile", InstanceId=inst, SecurityProfileId=agent)
    rp = call("ListRoutingProfiles", InstanceId=inst)["RoutingProfileSummaryList"][0]["Id"]
    call("DescribeRoutingProfile", InstanceId=inst, RoutingProfileId=rp)
    hours = call("ListHoursOfOperations", InstanceId=inst)["HoursOfOperationSummaryList"][0]["Id"]
    call("DescribeHoursOfOperation", InstanceId=inst, HoursOfOperationId=hours)
    basic = [q["Id"] for q in call("ListQueues", InstanceId=inst)["QueueSummaryList"] if q.get("Name") == "BasicQueue"][0]
    call("DescribeQueue", InstanceId=inst, QueueId=basic)

    new_sp = call("CreateSecurityProfile", InstanceId=inst, SecurityProfileName="Leads", Description="d", Permissions=["Users.View"])["SecurityProfileId"]
    call("UpdateSecurityProfile", InstanceId=inst, SecurityProfileId=new_sp, Description="e")
    new_hours = call("CreateHoursOfOperation", InstanceId=inst, Name="Office", TimeZone="Europe/Paris", Config=[
        {"Day": "MONDAY", "StartTime": {"Hours": 9, "Minutes": 0}, "EndTime": {"Hours": 17, "Minutes": 30}}])["HoursOfOperationId"]
    queue = call("CreateQueue", InstanceId=inst, Name="Sales", HoursOfOperationId=new_hours, MaxContacts=5)["QueueId"]
    spare = call("CreateQueue", InstanceId=inst, Name="Spare", HoursOfOperationId=new_hours)["QueueId"]
    call("DeleteQueue", InstanceId=inst, QueueId=spare)
    spare_hours = call("CreateHoursOfOperation", InstanceId=inst, Name="Spare", TimeZone="UTC", Config=[
        {"Day": "SUNDAY", "StartTime": {"Hours": 0, "Minutes": 0}, "EndTime": {"Hours": 1, "Minutes": 0}}])["HoursOfOperationId"]
    call("DeleteHoursOfOperation", InstanceId=inst, HoursOfOperationId=spare_hours)
    new_rp = call("CreateRoutingProfile", InstanceId=inst, Name="Sales agents", Description="d", DefaultOutboundQueueId=queue,
                  MediaConcurrencies=[{"Channel": "VOICE", "Concurrency": 1}],
                  QueueConfigs=[{"QueueReference": {"QueueId": queue, "Channel": "VOICE"}, "Priority": 1, "Delay": 0}])["RoutingProfileId"]
    call("AssociateRoutingProfileQueues", InstanceId=inst, RoutingProfileId=new_rp,
         QueueConfigs=[{"QueueReference": {"QueueId": basic, "Channel": "CHAT"}, "Priority": 2, "Delay": 5}])
    call("UpdateRoutingProfileQueues", InstanceId=inst, RoutingProfileId=new_rp,
         QueueConfigs=[{"QueueReference": {"QueueId": basic, "Channel": "CHAT"}, "Priority": 3, "Delay": 5}])
    call("ListRoutingProfileQueues", InstanceId=inst, RoutingProfileId=new_rp)
    call("DisassociateRoutingProfileQueues", InstanceId=inst, RoutingProfileId=new_rp, QueueReferences=[{"QueueId": basic, "Channel": "CHAT"}])
    call("UpdateRoutingProfileName", InstanceId=inst, RoutingProfileId=new_rp, Name="Sales team")
    call("UpdateRoutingProfileConcurrency", InstanceId=inst, RoutingProfileId=new_rp, MediaConcurrencies=[{"Channel": "CHAT", "Concurrency": 2}])
    call("UpdateRoutingProfileDefaultOutboundQueue", InstanceId=inst, RoutingProfileId=new_rp, DefaultOutboundQueueId=basic)

    call("UpdateUserHierarchyStructure", InstanceId=inst, HierarchyStructure={"LevelOne": {"Name": "Region"}, "LevelTwo": {"Name": "Site"}})
    call("DescribeUserHierarchyStructure", InstanceId=inst)
    top = call("CreateUserHierarchyGroup", InstanceId=inst, Name="Europe")["HierarchyGroupId"]
    site = call("CreateUserHierarchyGroup", InstanceId=inst, Name="Leeds", ParentGroupId=top)["HierarchyGroupId"]
    call("DescribeUserHierarchyGroup", InstanceId=inst, HierarchyGroupId=site)
    call("ListUserHierarchyGroups", InstanceId=inst)
    call("UpdateUserHierarchyGroupName", InstanceId=inst, HierarchyGroupId=top, Name="EMEA")
    call("SearchUserHierarchyGroups", InstanceId=inst, SearchCriteria={"StringCondition": {"FieldName": "name", "Value": "Le", "ComparisonType": "STARTS_WITH"}})

    user = call("CreateUser", InstanceId=inst, Username="shaped", Password="Sh4pes-ok", SecurityProfileIds=[agent], RoutingProfileId=rp,
                IdentityInfo={"FirstName": "Sha", "LastName": "Ped", "Email": "s@example.com", "Mobile": "+15555550100"},
                PhoneConfig={"PhoneType": "DESK_PHONE", "DeskPhoneNumber": "+15555550111", "AutoAccept": True, "AfterContactWorkTimeLimit": 10},
                HierarchyGroupId=site, Tags={"team": "blue"})
    uid, uarn = user["UserId"], user["UserArn"]
    call("DescribeUser", InstanceId=inst, UserId=uid)
    call("ListUsers", InstanceId=inst)
    call("UpdateUserIdentityInfo", InstanceId=inst, UserId=uid, IdentityInfo={"FirstName": "Shay", "LastName": "Ped"})
    call("UpdateUserPhoneConfig", InstanceId=inst, UserId=uid, PhoneConfig={"PhoneType": "SOFT_PHONE", "AutoAccept": False, "AfterContactWorkTimeLimit": 0})
    call("UpdateUserConfig", InstanceId=inst, UserId=uid, AutoAcceptConfigs=[{"Channel": "CHAT", "AutoAccept": True}],
         VoiceEnhancementConfigs=[{"Channel": "VOICE", "VoiceEnhancementMode": "NOISE_SUPPRESSION"}])
    call("UpdateUserRoutingProfile", InstanceId=inst, UserId=uid, RoutingProfileId=new_rp)
    call("UpdateUserSecurityProfiles", InstanceId=inst, UserId=uid, SecurityProfileIds=[agent, new_sp])
    call("UpdateUserHierarchy", InstanceId=inst, UserId=uid, HierarchyGroupId=top)
    found = call("SearchUsers", InstanceId=inst, SearchCriteria={"StringCondition": {"FieldName": "Username", "Value": "sha", "ComparisonType": "STARTS_WITH"}},
                 SearchFilter={"TagFilter": {"TagCondition": {"TagKey": "team", "TagValue": "blue"}}})
    result([u["Id"] for u in found["Users"]] == [uid] and found["ApproximateTotalCount"] == 1, "SearchUsers finds the user")
    call("TagResource", resourceArn=uarn, tags={"site": "leeds"})
    call("UntagResource", resourceArn=uarn, tagKeys=["team"])
    tags = call("ListTagsForResource", resourceArn=uarn)["tags"]
    result(tags == {"site": "leeds"}, "tags after TagResource and UntagResource: %s" % tags)
    try:
        c.delete_security_profile(InstanceId=inst, SecurityProfileId=new_sp)
        result(False, "deleting a security profile in use was accepted")
    except ClientError as e:
        result(e.response["Error"]["Code"] == "ResourceInUseException", "a security profile in use is not deleted: " + e.response["Error"]["Code"])
    call("UpdateUserHierarchy", InstanceId=inst, UserId=uid)
    call("DeleteUser", InstanceId=inst, UserId=uid)
    call("DeleteSecurityProfile", InstanceId=inst, SecurityProfileId=new_sp)
    call("DeleteRoutingProfile", InstanceId=inst, RoutingProfileId=new_rp)
    call("DeleteUserHierarchyGroup", InstanceId=inst, HierarchyGroupId=site)
    call("DeleteInstance", InstanceId=inst)
    implemented = set(subprocess.run([sys.argv[2], "operations"], check=True, capture_output=True, text=True).stdout.split())
    missed = sorted(implemented - seen_ops)
    result(implemented and not missed, "%d operations called of the %d connectd implements; not called: %s" % (
        len(seen_ops & implemented), len(implemented), ", ".join(missed) or "none"))


if __name__ == "__main__":
    checks.run(main)
