// JavaScript half of connectd's end-to-end test: the AWS SDK for
// JavaScript v3 (@aws-sdk/client-connect) against a running connectd.
//
// Usage: node e2e/js/e2e.mjs ENDPOINT_URL    (after `npm ci` in e2e/js)
//
// Prints one "PASS js: ..." or "FAIL js: ..." line per check and, last,
// "js: N passed, M failed". Exits 1 if any check failed.
//
// The client signs as the account 333344445555 (a 12-digit access key ID is
// the account), so its instances never count against the quota of the
// account the CLI and boto3 parts use.

import { isDeepStrictEqual, inspect } from "node:util";
import { randomUUID } from "node:crypto";
import {
  Connect,
  ConnectClient,
  CreateInstanceCommand,
  CreateRoutingProfileCommand,
  CreateUserCommand,
  CreateUserHierarchyGroupCommand,
  DeleteInstanceCommand,
  DeleteUserCommand,
  DescribeUserCommand,
  ListContactFlowsCommand,
  ListQueuesCommand,
  ListRoutingProfilesCommand,
  ListSecurityProfilesCommand,
  ListTagsForResourceCommand,
  ListUsersCommand,
  SearchUsersCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateUserConfigCommand,
  UpdateUserHierarchyCommand,
  UpdateUserHierarchyStructureCommand,
  UpdateUserIdentityInfoCommand,
  UpdateUserPhoneConfigCommand,
  UpdateUserRoutingProfileCommand,
  UpdateUserSecurityProfilesCommand,
  paginateListUsers,
} from "@aws-sdk/client-connect";

const ACCOUNT = "333344445555";
const REGION = "us-east-1";
const PASSWORD = "Corr3ct-Horse-JS";
const WEAK_PASSWORD = "alllowercase1";
const MORE_USERS = ["js-user-0", "js-user-1", "js-user-2", "js-user-3", "js-user-4"];

let passed = 0;
let failed = 0;

function ok(what) {
  passed++;
  console.log(`PASS js: ${what}`);
}

function bad(what, why) {
  failed++;
  console.log(`FAIL js: ${what}: ${why}`);
}

// assert throws with a message showing the values involved.
function assert(cond, ...show) {
  if (!cond) {
    throw new Error(show.map((v) => (typeof v === "string" ? v : inspect(v, { depth: 6 }))).join(" ") || "assertion failed");
  }
}

function assertEqual(got, want, what) {
  assert(isDeepStrictEqual(got, want), `${what}: got`, got, "want", want);
}

// check runs fn; any exception fails the check. It returns fn's result, or
// undefined when the check failed.
async function check(what, fn) {
  try {
    const result = await fn();
    ok(what);
    return result;
  } catch (e) {
    bad(what, e && e.name && e.name !== "Error" ? `${e.name}: ${e.message}` : e && e.message ? e.message : String(e));
    return undefined;
  }
}

// expectError checks that fn rejects with a service error of name (the
// exception's shape name, as the SDK sets it) and HTTP status, whose
// message holds each of fragments and none of absent.
async function expectError(what, name, status, fn, { fragments = [], absent = [] } = {}) {
  let out;
  try {
    out = await fn();
  } catch (e) {
    const got = e && e.$metadata ? e.$metadata.httpStatusCode : undefined;
    const message = (e && e.message) || "";
    if (!e || e.name !== name) {
      bad(what, `wanted ${name}, got ${e && e.name}: ${message}`);
    } else if (status !== undefined && got !== status) {
      bad(what, `${name} with HTTP ${got}, wanted ${status}`);
    } else if (e.$fault !== (status >= 500 ? "server" : "client")) {
      bad(what, `${name} has $fault ${e.$fault}`);
    } else if (fragments.some((f) => !message.includes(f))) {
      bad(what, `${name} message ${JSON.stringify(message)} lacks ${JSON.stringify(fragments.filter((f) => !message.includes(f)))}`);
    } else if (absent.some((a) => message.includes(a))) {
      bad(what, `${name} message ${JSON.stringify(message)} shows ${JSON.stringify(absent)}`);
    } else {
      ok(`${what} (${name})`);
    }
    return;
  }
  bad(what, `succeeded, wanted ${name}: ${inspect(out, { depth: 4 })}`);
}

// keysAnywhere yields every object key in a nested value.
function* keysAnywhere(value) {
  if (Array.isArray(value)) {
    for (const v of value) yield* keysAnywhere(v);
  } else if (value && typeof value === "object" && !(value instanceof Date)) {
    for (const [k, v] of Object.entries(value)) {
      yield k;
      yield* keysAnywhere(v);
    }
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// isDate reports whether v is a valid Date: the SDK parsed an epoch-seconds
// number into it (it refuses anything else for a timestamp).
const isDate = (v) => v instanceof Date && !Number.isNaN(v.getTime());

async function lifecycle(c) {
  // --- A CONNECT_MANAGED instance and its default resources -------------------
  const inst = await c.send(
    new CreateInstanceCommand({
      IdentityManagementType: "CONNECT_MANAGED",
      InstanceAlias: "e2e-js-managed",
      InboundCallsEnabled: true,
      OutboundCallsEnabled: true,
    }),
  );
  const instance = inst.Id;
  const instanceArn = `arn:aws:connect:${REGION}:${ACCOUNT}:instance/${instance}`;
  await check("CreateInstance CONNECT_MANAGED", () => {
    assertEqual(inst.$metadata.httpStatusCode, 200, "HTTP status");
    assertEqual(inst.Arn, instanceArn, "Arn");
  });

  const profiles = await check("ListSecurityProfiles has the defaults", async () => {
    const out = await c.send(new ListSecurityProfilesCommand({ InstanceId: instance }));
    const byName = Object.fromEntries(out.SecurityProfileSummaryList.map((p) => [p.Name, p.Id]));
    assertEqual(Object.keys(byName).sort(), ["Admin", "Agent", "CallCenterManager", "QualityAnalyst"], "security profiles");
    return byName;
  });
  const routing = await check("ListRoutingProfiles has Basic Routing Profile", async () => {
    const out = await c.send(new ListRoutingProfilesCommand({ InstanceId: instance }));
    const list = out.RoutingProfileSummaryList;
    assertEqual(list.map((p) => p.Name), ["Basic Routing Profile"], "routing profiles");
    assertEqual(list[0].Arn, `${instanceArn}/routing-profile/${list[0].Id}`, "routing profile Arn");
    return list[0];
  });
  if (!profiles || !routing) {
    throw new Error("no default profiles to create users with");
  }

  // --- CreateUser and DescribeUser ----------------------------------------------
  const sent = {
    InstanceId: instance,
    Username: "js-alice",
    Password: PASSWORD,
    IdentityInfo: { FirstName: "Alice", LastName: "Liddell", Email: "alice@example.com" },
    PhoneConfig: { PhoneType: "DESK_PHONE", DeskPhoneNumber: "+15555550100", AutoAccept: true, AfterContactWorkTimeLimit: 45 },
    SecurityProfileIds: [profiles.Agent, profiles.QualityAnalyst],
    RoutingProfileId: routing.Id,
    Tags: { team: "e2e-js", site: "leeds" },
  };
  const before = Date.now();
  const created = await c.send(new CreateUserCommand(sent));
  const alice = created.UserId;
  const aliceArn = `${instanceArn}/agent/${alice}`;
  await check("CreateUser with password, IdentityInfo, PhoneConfig and tags", () => {
    assertEqual(created.$metadata.httpStatusCode, 200, "HTTP status");
    assert(/^[0-9a-f-]{36}$/.test(alice), "UserId", alice);
    assertEqual(created.UserArn, aliceArn, "UserArn");
  });

  const describe = async (id = alice) => (await c.send(new DescribeUserCommand({ InstanceId: instance, UserId: id }))).User;
  const described = await c.send(new DescribeUserCommand({ InstanceId: instance, UserId: alice }));
  const user = described.User;
  await check("DescribeUser returns every field CreateUser sent but the password", () => {
    assertEqual(user.Id, alice, "Id");
    assertEqual(user.Arn, aliceArn, "Arn");
    assertEqual(user.Username, sent.Username, "Username");
    assertEqual(user.IdentityInfo, sent.IdentityInfo, "IdentityInfo");
    assertEqual(user.PhoneConfig, sent.PhoneConfig, "PhoneConfig");
    assertEqual([...user.SecurityProfileIds].sort(), [...sent.SecurityProfileIds].sort(), "SecurityProfileIds");
    assertEqual(user.RoutingProfileId, sent.RoutingProfileId, "RoutingProfileId");
    assertEqual(user.Tags, sent.Tags, "Tags");
    assertEqual(user.LastModifiedRegion, REGION, "LastModifiedRegion");
    assert(typeof user.DirectoryUserId === "string" && user.DirectoryUserId.length > 0, "DirectoryUserId", user.DirectoryUserId);
    assertEqual(user.HierarchyGroupId, undefined, "HierarchyGroupId");
  });
  await check("DescribeUser shows no password", () => {
    const { $metadata, ...body } = described;
    const keys = [...keysAnywhere(body)].filter((k) => k.toLowerCase().includes("password"));
    assertEqual(keys, [], "password keys");
    const text = JSON.stringify(body);
    assert(!text.includes(PASSWORD) && !text.includes("argon2"), "body shows the password or its hash", text);
  });
  await check("DescribeUser LastModifiedTime is a Date of now", () => {
    const lm = user.LastModifiedTime;
    assert(isDate(lm), "LastModifiedTime is not a valid Date:", lm);
    assert(lm.getTime() >= before - 5000 && lm.getTime() <= Date.now() + 5000, "LastModifiedTime", lm, "not near", new Date(before));
  });

  // --- Each UpdateUser* call, each moving LastModifiedTime -----------------------
  let lastModified = user.LastModifiedTime;
  // updated runs an update, then DescribeUser, checks LastModifiedTime
  // moved on, and hands the described user to verify.
  const updated = (what, command, verify) =>
    check(what, async () => {
      await sleep(5); // timestamps have millisecond resolution
      const out = await c.send(command);
      assertEqual(out.$metadata.httpStatusCode, 200, "HTTP status");
      const u = await describe();
      assert(isDate(u.LastModifiedTime) && u.LastModifiedTime > lastModified, "LastModifiedTime", u.LastModifiedTime, "did not move on from", lastModified);
      lastModified = u.LastModifiedTime;
      assertEqual(u.LastModifiedRegion, REGION, "LastModifiedRegion");
      verify(u);
    });

  const info = { FirstName: "Alicia", LastName: "Liddell-Hart", Email: "alicia@example.com" };
  await updated("UpdateUserIdentityInfo", new UpdateUserIdentityInfoCommand({ InstanceId: instance, UserId: alice, IdentityInfo: info }), (u) =>
    assertEqual(u.IdentityInfo, info, "IdentityInfo"),
  );
  const phone = { PhoneType: "SOFT_PHONE", AutoAccept: false, AfterContactWorkTimeLimit: 10 };
  await updated("UpdateUserPhoneConfig", new UpdateUserPhoneConfigCommand({ InstanceId: instance, UserId: alice, PhoneConfig: phone }), (u) => {
    assertEqual(u.PhoneConfig.PhoneType, "SOFT_PHONE", "PhoneType");
    assertEqual(u.PhoneConfig.AutoAccept, false, "AutoAccept");
    assertEqual(u.PhoneConfig.AfterContactWorkTimeLimit, 10, "AfterContactWorkTimeLimit");
  });
  // A second routing profile to move to, named by its ARN: DescribeUser
  // must answer with its ID.
  const second = await check("CreateRoutingProfile", async () => {
    const queues = await c.send(new ListQueuesCommand({ InstanceId: instance, QueueTypes: ["STANDARD"] }));
    assertEqual(queues.QueueSummaryList.map((q) => q.Name), ["BasicQueue"], "standard queues");
    return c.send(
      new CreateRoutingProfileCommand({
        InstanceId: instance,
        Name: "JS agents",
        Description: "for the JavaScript e2e",
        DefaultOutboundQueueId: queues.QueueSummaryList[0].Id,
        MediaConcurrencies: [{ Channel: "VOICE", Concurrency: 1 }],
      }),
    );
  });
  if (second) {
    await updated(
      "UpdateUserRoutingProfile (by ARN)",
      new UpdateUserRoutingProfileCommand({ InstanceId: instance, UserId: alice, RoutingProfileId: second.RoutingProfileArn }),
      (u) => assertEqual(u.RoutingProfileId, second.RoutingProfileId, "RoutingProfileId"),
    );
  }
  const newProfiles = [profiles.Admin, profiles.CallCenterManager];
  await updated(
    "UpdateUserSecurityProfiles",
    new UpdateUserSecurityProfilesCommand({ InstanceId: instance, UserId: alice, SecurityProfileIds: newProfiles }),
    (u) => assertEqual([...u.SecurityProfileIds].sort(), [...newProfiles].sort(), "SecurityProfileIds"),
  );
  // Into a hierarchy group, then out of it with no group ID.
  const group = await check("UpdateUserHierarchyStructure and CreateUserHierarchyGroup", async () => {
    await c.send(new UpdateUserHierarchyStructureCommand({ InstanceId: instance, HierarchyStructure: { LevelOne: { Name: "Region" } } }));
    return (await c.send(new CreateUserHierarchyGroupCommand({ InstanceId: instance, Name: "EMEA" }))).HierarchyGroupId;
  });
  if (group) {
    await updated("UpdateUserHierarchy with a group", new UpdateUserHierarchyCommand({ InstanceId: instance, UserId: alice, HierarchyGroupId: group }), (u) =>
      assertEqual(u.HierarchyGroupId, group, "HierarchyGroupId"),
    );
  }
  await updated("UpdateUserHierarchy without a group", new UpdateUserHierarchyCommand({ InstanceId: instance, UserId: alice }), (u) =>
    assertEqual(u.HierarchyGroupId, undefined, "HierarchyGroupId"),
  );
  await updated(
    "UpdateUserConfig replaces the channels it names, keeps the rest",
    new UpdateUserConfigCommand({
      InstanceId: instance,
      UserId: alice,
      AutoAcceptConfigs: [{ Channel: "CHAT", AutoAccept: true }],
      AfterContactWorkConfigs: [{ Channel: "TASK", AfterContactWorkConfig: { AfterContactWorkTimeLimit: 90 } }],
    }),
    (u) => {
      const aa = Object.fromEntries((u.AutoAcceptConfigs || []).map((x) => [x.Channel, x.AutoAccept]));
      assertEqual(aa.CHAT, true, "CHAT AutoAccept");
      assertEqual(aa.VOICE, false, "VOICE AutoAccept");
      const acw = Object.fromEntries((u.AfterContactWorkConfigs || []).map((x) => [x.Channel, x.AfterContactWorkConfig?.AfterContactWorkTimeLimit]));
      assertEqual(acw.TASK, 90, "TASK after-contact work");
      assertEqual(acw.VOICE, 10, "VOICE after-contact work");
      assertEqual(u.PhoneConfig.AfterContactWorkTimeLimit, 10, "PhoneConfig after UpdateUserConfig");
      assertEqual(u.IdentityInfo, info, "IdentityInfo after UpdateUserConfig");
    },
  );
  await expectError(
    "UpdateUserRoutingProfile to a missing profile",
    "ResourceNotFoundException",
    404,
    () => c.send(new UpdateUserRoutingProfileCommand({ InstanceId: instance, UserId: alice, RoutingProfileId: randomUUID() })),
  );

  // --- Tags on the user's ARN --------------------------------------------------
  const tagsOf = async (arn) => (await c.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags;
  await check("TagResource adds and replaces keys", async () => {
    const out = await c.send(new TagResourceCommand({ resourceArn: aliceArn, tags: { team: "red", tier: "gold" } }));
    assertEqual(out.$metadata.httpStatusCode, 200, "HTTP status");
    assertEqual(await tagsOf(aliceArn), { team: "red", site: "leeds", tier: "gold" }, "tags");
  });
  await check("UntagResource removes keys, ignores absent ones", async () => {
    await c.send(new UntagResourceCommand({ resourceArn: aliceArn, tagKeys: ["site", "absent"] }));
    assertEqual(await tagsOf(aliceArn), { team: "red", tier: "gold" }, "ListTagsForResource");
    assertEqual((await describe()).Tags, { team: "red", tier: "gold" }, "DescribeUser Tags");
  });

  // --- More users: SearchUsers and paginateListUsers -----------------------------
  const ids = { [sent.Username]: alice };
  await check(`CreateUser ${MORE_USERS.length} more users`, async () => {
    for (const [i, name] of MORE_USERS.entries()) {
      const out = await c.send(
        new CreateUserCommand({
          InstanceId: instance,
          Username: name,
          Password: PASSWORD,
          IdentityInfo: { FirstName: "User", LastName: `Number${i}` },
          PhoneConfig: { PhoneType: "SOFT_PHONE" },
          SecurityProfileIds: [profiles.Agent],
          RoutingProfileId: routing.Id,
          Tags: { team: i % 2 === 0 ? "blue" : "green" },
        }),
      );
      ids[name] = out.UserId;
    }
  });

  await check("SearchUsers: Username STARTS_WITH and a TagFilter", async () => {
    const out = await c.send(
      new SearchUsersCommand({
        InstanceId: instance,
        SearchCriteria: { StringCondition: { FieldName: "Username", ComparisonType: "STARTS_WITH", Value: "js-user-" } },
        SearchFilter: { TagFilter: { TagCondition: { TagKey: "team", TagValue: "blue" } } },
      }),
    );
    const want = ["js-user-0", "js-user-2", "js-user-4"];
    assertEqual(out.ApproximateTotalCount, want.length, "ApproximateTotalCount");
    assertEqual(out.Users.map((u) => u.Username).sort(), want, "Usernames");
    for (const u of out.Users) {
      assertEqual(u.Id, ids[u.Username], `Id of ${u.Username}`);
      assertEqual(u.Tags, { team: "blue" }, `Tags of ${u.Username}`);
      assertEqual(u.IdentityInfo?.FirstName, "User", `FirstName of ${u.Username}`);
      assertEqual(u.RoutingProfileId, routing.Id, `RoutingProfileId of ${u.Username}`);
    }
    assertEqual(out.NextToken, undefined, "NextToken");
  });
  await check("SearchUsers: a condition nobody meets finds nobody", async () => {
    const out = await c.send(
      new SearchUsersCommand({
        InstanceId: instance,
        SearchCriteria: { StringCondition: { FieldName: "Username", ComparisonType: "STARTS_WITH", Value: "js-nobody" } },
      }),
    );
    assertEqual(out.ApproximateTotalCount, 0, "ApproximateTotalCount");
    assertEqual(out.Users, [], "Users");
  });

  await check(`paginateListUsers, pageSize 2, sees each of ${Object.keys(ids).length} users once`, async () => {
    const sizes = [];
    const seen = {};
    for await (const page of paginateListUsers({ client: c, pageSize: 2 }, { InstanceId: instance })) {
      sizes.push(page.UserSummaryList.length);
      for (const u of page.UserSummaryList) {
        assert(!(u.Username in seen), "seen twice:", u.Username);
        seen[u.Username] = u.Id;
        assert(isDate(u.LastModifiedTime), "LastModifiedTime of", u.Username, u.LastModifiedTime);
        assertEqual(u.Arn, `${instanceArn}/agent/${u.Id}`, "Arn");
      }
    }
    assert(sizes.length === 3 && sizes.every((n) => n === 2), "page sizes", sizes);
    assertEqual(seen, ids, "users listed");
  });

  // --- Errors -----------------------------------------------------------------------
  await expectError("duplicate username", "DuplicateResourceException", 409, () =>
    c.send(new CreateUserCommand({ ...sent, IdentityInfo: { FirstName: "Other", LastName: "Alice" } })),
  );
  await expectError("DescribeUser of a missing user", "ResourceNotFoundException", 404, () => describe(randomUUID()));
  await expectError("ListUsers of a missing instance", "ResourceNotFoundException", 404, () =>
    c.send(new ListUsersCommand({ InstanceId: randomUUID() })),
  );
  await expectError(
    "weak password",
    "InvalidParameterException",
    400,
    () => c.send(new CreateUserCommand({ ...sent, Username: "js-weak", Password: WEAK_PASSWORD })),
    // Password is sensitive: the message must not quote it.
    { fragments: ["1 validation error detected: Value at 'password' failed to satisfy constraint"], absent: [WEAK_PASSWORD] },
  );
  await expectError("ListContactFlows is not implemented", "NotImplementedException", 501, () =>
    c.send(new ListContactFlowsCommand({ InstanceId: instance })),
  );

  // --- Deleting -----------------------------------------------------------------------
  await check("DeleteUser", async () => {
    const out = await c.send(new DeleteUserCommand({ InstanceId: instance, UserId: alice }));
    assertEqual(out.$metadata.httpStatusCode, 200, "HTTP status");
  });
  await expectError("DescribeUser after DeleteUser", "ResourceNotFoundException", 404, () => describe(alice));
  await expectError("ListTagsForResource of the deleted user", "ResourceNotFoundException", 404, () => tagsOf(aliceArn));
  await check("DeleteInstance", async () => {
    await c.send(new DeleteInstanceCommand({ InstanceId: instance }));
  });
  await expectError("ListUsers of the deleted instance", "ResourceNotFoundException", 404, () =>
    c.send(new ListUsersCommand({ InstanceId: instance })),
  );
}

// everyOperation calls each of the operations connectd implements through
// the SDK's aggregated client: each call must succeed, and answer what the
// SDK can parse (its deserializers are strict about types and timestamps).
async function everyOperation(cx) {
  const called = new Set();
  const call = async (op, input) => {
    const method = op[0].toLowerCase() + op.slice(1);
    const out = await cx[method](input);
    called.add(op);
    return out;
  };
  const inst = (await call("CreateInstance", { IdentityManagementType: "CONNECT_MANAGED", InstanceAlias: "js-every", InboundCallsEnabled: true, OutboundCallsEnabled: true })).Id;
  const I = { InstanceId: inst };
  await call("DescribeInstance", I);
  await call("ListInstances", {});
  const sps = (await call("ListSecurityProfiles", I)).SecurityProfileSummaryList;
  const agent = sps.find((p) => p.Name === "Agent").Id;
  await call("DescribeSecurityProfile", { ...I, SecurityProfileId: agent });
  const rp = (await call("ListRoutingProfiles", I)).RoutingProfileSummaryList[0].Id;
  await call("DescribeRoutingProfile", { ...I, RoutingProfileId: rp });
  const hours = (await call("ListHoursOfOperations", I)).HoursOfOperationSummaryList[0].Id;
  await call("DescribeHoursOfOperation", { ...I, HoursOfOperationId: hours });
  const basic = (await call("ListQueues", { ...I, QueueTypes: ["STANDARD"] })).QueueSummaryList[0].Id;
  await call("DescribeQueue", { ...I, QueueId: basic });
  const sp = (await call("CreateSecurityProfile", { ...I, SecurityProfileName: "JS leads", Description: "d" })).SecurityProfileId;
  await call("UpdateSecurityProfile", { ...I, SecurityProfileId: sp, Description: "e" });
  const office = (await call("CreateHoursOfOperation", { ...I, Name: "Office", TimeZone: "Asia/Tokyo",
    Config: [{ Day: "FRIDAY", StartTime: { Hours: 8, Minutes: 0 }, EndTime: { Hours: 16, Minutes: 0 } }] })).HoursOfOperationId;
  const queue = (await call("CreateQueue", { ...I, Name: "Support", HoursOfOperationId: office })).QueueId;
  const voice = (q, p) => ({ QueueReference: { QueueId: q, Channel: "VOICE" }, Priority: p, Delay: 0 });
  const rp2 = (await call("CreateRoutingProfile", { ...I, Name: "Support agents", Description: "d", DefaultOutboundQueueId: queue,
    MediaConcurrencies: [{ Channel: "VOICE", Concurrency: 1 }], QueueConfigs: [voice(queue, 1)] })).RoutingProfileId;
  const R = { ...I, RoutingProfileId: rp2 };
  await call("AssociateRoutingProfileQueues", { ...R, QueueConfigs: [voice(basic, 2)] });
  await call("UpdateRoutingProfileQueues", { ...R, QueueConfigs: [voice(basic, 3)] });
  await call("ListRoutingProfileQueues", R);
  await call("DisassociateRoutingProfileQueues", { ...R, QueueReferences: [{ QueueId: basic, Channel: "VOICE" }] });
  await call("UpdateRoutingProfileName", { ...R, Name: "Support team" });
  await call("UpdateRoutingProfileConcurrency", { ...R, MediaConcurrencies: [{ Channel: "CHAT", Concurrency: 2 }] });
  await call("UpdateRoutingProfileDefaultOutboundQueue", { ...R, DefaultOutboundQueueId: basic });
  await call("UpdateUserHierarchyStructure", { ...I, HierarchyStructure: { LevelOne: { Name: "Country" } } });
  await call("DescribeUserHierarchyStructure", I);
  const group = (await call("CreateUserHierarchyGroup", { ...I, Name: "Japan" })).HierarchyGroupId;
  await call("DescribeUserHierarchyGroup", { ...I, HierarchyGroupId: group });
  await call("ListUserHierarchyGroups", I);
  await call("UpdateUserHierarchyGroupName", { ...I, HierarchyGroupId: group, Name: "Nippon" });
  await call("SearchUserHierarchyGroups", { ...I, SearchCriteria: { StringCondition: { FieldName: "name", Value: "Nip", ComparisonType: "STARTS_WITH" } } });
  const user = await call("CreateUser", { ...I, Username: "js-every", Password: PASSWORD, SecurityProfileIds: [agent], RoutingProfileId: rp,
    IdentityInfo: { FirstName: "Every", LastName: "Op" }, HierarchyGroupId: group });
  const U = { ...I, UserId: user.UserId };
  await call("DescribeUser", U);
  await call("ListUsers", I);
  await call("SearchUsers", { ...I, SearchCriteria: { HierarchyGroupCondition: { Value: group, HierarchyGroupMatchType: "WITH_CHILD_GROUPS" } } });
  await call("UpdateUserIdentityInfo", { ...U, IdentityInfo: { FirstName: "Every", LastName: "Operation" } });
  await call("UpdateUserPhoneConfig", { ...U, PhoneConfig: { PhoneType: "SOFT_PHONE", AutoAccept: true, AfterContactWorkTimeLimit: 5 } });
  await call("UpdateUserConfig", { ...U, AutoAcceptConfigs: [{ Channel: "CHAT", AutoAccept: false }] });
  await call("UpdateUserRoutingProfile", { ...U, RoutingProfileId: rp2 });
  await call("UpdateUserSecurityProfiles", { ...U, SecurityProfileIds: [sp] });
  await call("UpdateUserHierarchy", U);
  await call("TagResource", { resourceArn: user.UserArn, tags: { a: "b" } });
  await call("UntagResource", { resourceArn: user.UserArn, tagKeys: ["a"] });
  await call("ListTagsForResource", { resourceArn: user.UserArn });
  await call("DeleteUser", U);
  await call("DeleteSecurityProfile", { ...I, SecurityProfileId: sp });
  await call("DeleteRoutingProfile", R);
  await call("DeleteUserHierarchyGroup", { ...I, HierarchyGroupId: group });
  await call("DeleteInstance", I);
  assert(called.size === 48, `${called.size} operations called, want all 48`);
  return called.size;
}

async function main() {
  if (process.argv.length !== 3) {
    console.error("usage: node e2e/js/e2e.mjs ENDPOINT_URL");
    return 2;
  }
  const client = new ConnectClient({
    endpoint: process.argv[2],
    region: REGION,
    credentials: { accessKeyId: ACCOUNT, secretAccessKey: "secret" },
    maxAttempts: 1, // a retry would hide a failed answer
  });
  const aggregated = new Connect({
    endpoint: process.argv[2],
    region: REGION,
    credentials: { accessKeyId: "333344445556", secretAccessKey: "secret" },
    maxAttempts: 1,
  });
  await check("every operation connectd implements, through the aggregated client", () => everyOperation(aggregated));
  try {
    await lifecycle(client);
  } catch (e) {
    // a step the rest depends on went wrong
    bad("lifecycle stopped", `${e && e.name}: ${e && e.message}`);
    if (e && e.stack) console.log(e.stack.split("\n").slice(0, 6).join("\n"));
  } finally {
    client.destroy();
  }
  console.log(`js: ${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
