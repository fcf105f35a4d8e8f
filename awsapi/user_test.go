package awsapi_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconnect "github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"

	"github.com/connectd/connectd/connect"
)

func TestCreateUserDescribesEverythingSent(t *testing.T) {
	f := newFixture(t, types.DirectoryTypeConnectManaged)
	in := f.userInput("jdoe")
	in.IdentityInfo = &types.UserIdentityInfo{
		FirstName: aws.String("Jane"), LastName: aws.String("Doe"),
		Email: aws.String("jane@example.com"), SecondaryEmail: aws.String("jd@example.org"), Mobile: aws.String("+15555550100"),
	}
	in.PhoneConfig = &types.UserPhoneConfig{PhoneType: types.PhoneTypeDeskPhone, DeskPhoneNumber: aws.String("+15555550111"), AutoAccept: true, AfterContactWorkTimeLimit: 45}
	in.SecurityProfileIds = []string{f.profiles["Agent"], f.profiles["Admin"]}
	in.Tags = map[string]string{"team": "blue", "cost-centre": "42"}
	before := time.Now().Add(-time.Second)
	id := f.mustCreateUser(t, in)

	out, err := f.client.DescribeUser(ctx, &awsconnect.DescribeUserInput{InstanceId: &f.instance, UserId: &id})
	if err != nil {
		t.Fatal(err)
	}
	u := out.User
	if *u.Id != id || *u.Arn != f.arn+"/agent/"+id || *u.Username != "jdoe" {
		t.Errorf("identity: %s %s %s", *u.Id, *u.Arn, *u.Username)
	}
	if !reflect.DeepEqual(u.IdentityInfo, in.IdentityInfo) {
		t.Errorf("IdentityInfo %+v, sent %+v", u.IdentityInfo, in.IdentityInfo)
	}
	if pc := u.PhoneConfig; pc.PhoneType != types.PhoneTypeDeskPhone || *pc.DeskPhoneNumber != "+15555550111" || !pc.AutoAccept || pc.AfterContactWorkTimeLimit != 45 {
		t.Errorf("PhoneConfig %+v", pc)
	}
	if !reflect.DeepEqual(u.SecurityProfileIds, in.SecurityProfileIds) || *u.RoutingProfileId != f.routing {
		t.Errorf("profiles %v %s", u.SecurityProfileIds, *u.RoutingProfileId)
	}
	if !reflect.DeepEqual(u.Tags, in.Tags) {
		t.Errorf("Tags %v", u.Tags)
	}
	if u.DirectoryUserId == nil || *u.DirectoryUserId == "" {
		t.Error("a CONNECT_MANAGED user has no DirectoryUserId")
	}
	if u.LastModifiedTime == nil || u.LastModifiedTime.Before(before) || *u.LastModifiedRegion != "us-east-1" {
		t.Errorf("LastModified %v %v", u.LastModifiedTime, u.LastModifiedRegion)
	}
	// The per-channel view of the same settings.
	if len(u.AutoAcceptConfigs) != 1 || !u.AutoAcceptConfigs[0].AutoAccept || u.AutoAcceptConfigs[0].Channel != types.ChannelVoice {
		t.Errorf("AutoAcceptConfigs %+v", u.AutoAcceptConfigs)
	}
	if len(u.PhoneNumberConfigs) != 1 || *u.PhoneNumberConfigs[0].PhoneNumber != "+15555550111" {
		t.Errorf("PhoneNumberConfigs %+v", u.PhoneNumberConfigs)
	}
	// No answer carries the password, in any form.
	raw, _ := json.Marshal(out)
	if strings.Contains(string(raw), "Passw0rd1") || strings.Contains(strings.ToLower(string(raw)), "argon2") {
		t.Errorf("DescribeUser leaks the password: %s", raw)
	}
	// The stored hash checks the password.
	rec, err := f.srv.Store.Get(ctx, connect.Key{Scope: connect.DefaultScope, Kind: connect.KindUser, ID: id})
	if err != nil || !connect.VerifyPassword(rec.PasswordHash, "Passw0rd1") || connect.VerifyPassword(rec.PasswordHash, "Passw0rd2") {
		t.Errorf("stored password hash does not verify: %v", err)
	}
}

func TestCreateUserPerChannelConfigs(t *testing.T) {
	f := newFixture(t, types.DirectoryTypeConnectManaged)
	in := f.userInput("channels")
	in.AutoAcceptConfigs = []types.AutoAcceptConfig{{Channel: types.ChannelVoice, AutoAccept: true}, {Channel: types.ChannelChat, AutoAccept: false}}
	in.AfterContactWorkConfigs = []types.AfterContactWorkConfigPerChannel{{Channel: types.ChannelChat, AfterContactWorkConfig: &types.AfterContactWorkConfig{AfterContactWorkTimeLimit: 60}}}
	in.VoiceEnhancementConfigs = []types.VoiceEnhancementConfig{{Channel: types.ChannelVoice, VoiceEnhancementMode: types.VoiceEnhancementModeNoiseSuppression}}
	id := f.mustCreateUser(t, in)
	out, err := f.client.DescribeUser(ctx, &awsconnect.DescribeUserInput{InstanceId: &f.instance, UserId: &id})
	if err != nil {
		t.Fatal(err)
	}
	u := out.User
	if !u.PhoneConfig.AutoAccept || u.PhoneConfig.PhoneType != types.PhoneTypeSoftPhone {
		t.Errorf("PhoneConfig does not follow the VOICE channel: %+v", u.PhoneConfig)
	}
	if len(u.AutoAcceptConfigs) != 2 || len(u.AfterContactWorkConfigs) != 2 || len(u.VoiceEnhancementConfigs) != 1 {
		t.Errorf("per-channel configs %+v %+v %+v", u.AutoAcceptConfigs, u.AfterContactWorkConfigs, u.VoiceEnhancementConfigs)
	}

	both := f.userInput("both")
	both.PhoneConfig = &types.UserPhoneConfig{PhoneType: types.PhoneTypeSoftPhone, AutoAccept: true}
	both.AutoAcceptConfigs = in.AutoAcceptConfigs
	_, err = f.client.CreateUser(ctx, both)
	wantAPIError(t, err, "InvalidParameterException", "AutoAccept")

	desk := f.userInput("desk")
	desk.PhoneConfig = &types.UserPhoneConfig{PhoneType: types.PhoneTypeDeskPhone}
	_, err = f.client.CreateUser(ctx, desk)
	wantAPIError(t, err, "InvalidParameterException", "DeskPhoneNumber")

	acw := f.userInput("acw")
	acw.PhoneConfig = &types.UserPhoneConfig{PhoneType: types.PhoneTypeSoftPhone, AfterContactWorkTimeLimit: 2000001}
	_, err = f.client.CreateUser(ctx, acw)
	wantAPIError(t, err, "InvalidParameterException", "2000000")

	if names := f.usernames(t); len(names) != 1 {
		t.Errorf("refused users were stored: %v", names)
	}
}

func TestCreateUserIdentityRules(t *testing.T) {
	managed := newFixture(t, types.DirectoryTypeConnectManaged)
	saml := newFixture(t, types.DirectoryTypeSaml)
	directory := newFixture(t, types.DirectoryTypeExistingDirectory)

	cases := []struct {
		name   string
		f      *fixture
		change func(*awsconnect.CreateUserInput)
		code   string
		frag   string
	}{
		{"managed without password", managed, func(in *awsconnect.CreateUserInput) { in.Password = nil }, "InvalidParameterException", "Password"},
		{"weak password", managed, func(in *awsconnect.CreateUserInput) { in.Password = aws.String("password1") }, "InvalidParameterException", "'password'"},
		{"password with a space", managed, func(in *awsconnect.CreateUserInput) { in.Password = aws.String("Pass word1") }, "InvalidParameterException", "'password'"},
		{"short password", managed, func(in *awsconnect.CreateUserInput) { in.Password = aws.String("Pa1") }, "InvalidParameterException", "'password'"},
		{"managed without first name", managed, func(in *awsconnect.CreateUserInput) { in.IdentityInfo.FirstName = nil }, "InvalidParameterException", "FirstName"},
		{"managed without last name", managed, func(in *awsconnect.CreateUserInput) { in.IdentityInfo.LastName = nil }, "InvalidParameterException", "LastName"},
		{"managed username over 20", managed, func(in *awsconnect.CreateUserInput) { in.Username = aws.String(strings.Repeat("u", 21)) }, "InvalidParameterException", "20"},
		{"username with a space", managed, func(in *awsconnect.CreateUserInput) { in.Username = aws.String("john smith") }, "InvalidParameterException", "john smith"},
		{"@ outside an e-mail", saml, func(in *awsconnect.CreateUserInput) { in.Password = nil; in.Username = aws.String("testuser@example") }, "InvalidParameterException", "e-mail"},
		{"saml with password", saml, func(in *awsconnect.CreateUserInput) {}, "InvalidRequestException", "Password"},
		{"saml with directory user", saml, func(in *awsconnect.CreateUserInput) { in.Password = nil; in.DirectoryUserId = aws.String("abc") }, "InvalidRequestException", "DirectoryUserId"},
		{"saml without names", saml, func(in *awsconnect.CreateUserInput) { in.Password = nil; in.IdentityInfo = nil }, "InvalidParameterException", "FirstName"},
		{"saml username over 64", saml, func(in *awsconnect.CreateUserInput) {
			in.Password = nil
			in.Username = aws.String(strings.Repeat("s", 65))
		}, "InvalidParameterException", "64"},
		{"directory with password", directory, func(in *awsconnect.CreateUserInput) {}, "InvalidRequestException", "Password"},
		{"missing security profile", managed, func(in *awsconnect.CreateUserInput) { in.SecurityProfileIds = []string{"no-such-profile"} }, "ResourceNotFoundException", "no-such-profile"},
		{"missing routing profile", managed, func(in *awsconnect.CreateUserInput) { in.RoutingProfileId = aws.String("no-such-rp") }, "ResourceNotFoundException", "no-such-rp"},
		{"missing hierarchy group", managed, func(in *awsconnect.CreateUserInput) { in.HierarchyGroupId = aws.String("no-such-group") }, "ResourceNotFoundException", "no-such-group"},
		{"profile of another instance", managed, func(in *awsconnect.CreateUserInput) { in.SecurityProfileIds = []string{saml.profiles["Agent"]} }, "ResourceNotFoundException", saml.profiles["Agent"]},
		{"missing instance", managed, func(in *awsconnect.CreateUserInput) { in.InstanceId = aws.String("no-such-instance") }, "ResourceNotFoundException", "no-such-instance"},
		{"no security profile", managed, func(in *awsconnect.CreateUserInput) { in.SecurityProfileIds = []string{} }, "InvalidParameterException", "securityProfileIds"},
		{"eleven security profiles", managed, func(in *awsconnect.CreateUserInput) {
			in.SecurityProfileIds = strings.Split(strings.Repeat(managed.profiles["Agent"]+",", 11)[:11*len(managed.profiles["Agent"])+10], ",")
		}, "InvalidParameterException", "securityProfileIds"},
		{"aws: tag key", managed, func(in *awsconnect.CreateUserInput) { in.Tags = map[string]string{"aws:owner": "x"} }, "InvalidParameterException", "tags"},
		{"bad mobile", managed, func(in *awsconnect.CreateUserInput) { in.IdentityInfo.Mobile = aws.String("555-0100") }, "InvalidParameterException", "identityInfo.mobile"},
		// Rules of UserIdentityInfo that its documentation states, not the model.
		{"malformed secondary e-mail", managed, func(in *awsconnect.CreateUserInput) { in.IdentityInfo.SecondaryEmail = aws.String("ann@example") }, "InvalidParameterException", "identityInfo.secondaryEmail"},
		{"secondary e-mail over 265", managed, func(in *awsconnect.CreateUserInput) {
			in.IdentityInfo.SecondaryEmail = aws.String(strings.Repeat("a", 254) + "@example.com")
		}, "InvalidParameterException", "identityInfo.secondaryEmail"},
		{"decomposed first name", managed, func(in *awsconnect.CreateUserInput) { in.IdentityInfo.FirstName = aws.String("Chloe\u0301") }, "InvalidParameterException", "'identityInfo.firstName' failed to satisfy constraint: Member must be in Unicode Normalization Form C (NFC)"},
		{"decomposed last name", saml, func(in *awsconnect.CreateUserInput) {
			in.Password = nil
			in.IdentityInfo.LastName = aws.String("Mu\u0308ller")
		}, "InvalidParameterException", "'identityInfo.lastName' failed to satisfy constraint: Member must be in Unicode Normalization Form C (NFC)"},
		{"managed last name over 256", managed, func(in *awsconnect.CreateUserInput) { in.IdentityInfo.LastName = aws.String(strings.Repeat("l", 257)) }, "InvalidParameterException", "'identityInfo.lastName' failed to satisfy constraint: Member must have length less than or equal to 256"},
		{"saml with e-mail", saml, func(in *awsconnect.CreateUserInput) {
			in.Password = nil
			in.IdentityInfo.Email = aws.String("ann@example.com")
		}, "InvalidRequestException", "Email"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := c.f.userInput("rule-user")
			c.change(in)
			_, err := c.f.client.CreateUser(ctx, in)
			wantAPIError(t, err, c.code, c.frag)
		})
	}
	for _, f := range []*fixture{managed, saml, directory} {
		if names := f.usernames(t); len(names) != 0 {
			t.Errorf("refused creates stored users: %v", names)
		}
	}

	// What each type does accept: a CONNECT_MANAGED user's last name runs
	// to 256 characters, and needs no e-mail address; a SAML user's to the
	// model's 300, with a secondary e-mail address.
	in := managed.userInput("long-names")
	in.IdentityInfo = &types.UserIdentityInfo{FirstName: aws.String(strings.Repeat("f", 255)), LastName: aws.String(strings.Repeat("l", 256)),
		SecondaryEmail: aws.String("ann.lee+work@mail.example.co.uk")}
	managed.mustCreateUser(t, in)
	in = saml.userInput("first.last@example.com")
	in.Password = nil
	in.IdentityInfo.LastName, in.IdentityInfo.SecondaryEmail = aws.String(strings.Repeat("l", 300)), aws.String("ann@example.com")
	saml.mustCreateUser(t, in)
	in = directory.userInput("dir-user")
	in.Password, in.IdentityInfo, in.DirectoryUserId = nil, nil, aws.String("S-1-5-21-1004")
	id := directory.mustCreateUser(t, in)
	out, err := directory.client.DescribeUser(ctx, &awsconnect.DescribeUserInput{InstanceId: &directory.instance, UserId: &id})
	if err != nil || aws.ToString(out.User.DirectoryUserId) != "S-1-5-21-1004" {
		t.Errorf("EXISTING_DIRECTORY user: %+v %v", out, err)
	}
}

func TestUsernamesUniqueAndCaseSensitive(t *testing.T) {
	f := newFixture(t, types.DirectoryTypeConnectManaged)
	f.mustCreateUser(t, f.userInput("agent"))
	_, err := f.client.CreateUser(ctx, f.userInput("agent"))
	wantAPIError(t, err, "DuplicateResourceException", "The user agent is already associated with the Amazon Connect instance "+f.instance)
	f.mustCreateUser(t, f.userInput("Agent"))

	other := newFixture(t, types.DirectoryTypeConnectManaged)
	other.mustCreateUser(t, other.userInput("agent"))

	// A deleted user's name is free again.
	id := f.mustCreateUser(t, f.userInput("leaver"))
	if _, err := f.client.DeleteUser(ctx, &awsconnect.DeleteUserInput{InstanceId: &f.instance, UserId: &id}); err != nil {
		t.Fatal(err)
	}
	f.mustCreateUser(t, f.userInput("leaver"))
}

func TestIDsOrARNs(t *testing.T) {
	f := newFixture(t, types.DirectoryTypeConnectManaged)
	in := f.userInput("by-arn")
	in.InstanceId = &f.arn
	in.SecurityProfileIds = []string{f.arn + "/security-profile/" + f.profiles["Agent"]}
	in.RoutingProfileId = aws.String(f.arn + "/routing-profile/" + f.routing)
	out, err := f.client.CreateUser(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.client.DescribeUser(ctx, &awsconnect.DescribeUserInput{InstanceId: &f.arn, UserId: out.UserArn})
	if err != nil {
		t.Fatal(err)
	}
	if got.User.SecurityProfileIds[0] != f.profiles["Agent"] || *got.User.RoutingProfileId != f.routing {
		t.Errorf("ARNs were not stored as IDs: %v %s", got.User.SecurityProfileIds, *got.User.RoutingProfileId)
	}
	// An ARN of another account or region names nothing.
	foreign := strings.Replace(f.arn, "123456789012", "210987654321", 1)
	_, err = f.client.DescribeInstance(ctx, &awsconnect.DescribeInstanceInput{InstanceId: &foreign})
	wantAPIError(t, err, "ResourceNotFoundException")
	in = f.userInput("wrong-type")
	in.RoutingProfileId = aws.String(f.arn + "/security-profile/" + f.routing)
	_, err = f.client.CreateUser(ctx, in)
	wantAPIError(t, err, "ResourceNotFoundException")
}

func TestListUsersPagesAndAgentQueues(t *testing.T) {
	f := newFixture(t, types.DirectoryTypeConnectManaged)
	want := map[string]string{}
	for i := 0; i < 7; i++ {
		name := "pager" + string(rune('a'+i))
		want[name] = f.mustCreateUser(t, f.userInput(name))
	}
	seen := map[string]bool{}
	p := awsconnect.NewListUsersPaginator(f.client, &awsconnect.ListUsersInput{InstanceId: &f.instance, MaxResults: aws.Int32(3)})
	pages := 0
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, u := range page.UserSummaryList {
			if seen[*u.Username] || want[*u.Username] != *u.Id || u.LastModifiedTime == nil || *u.LastModifiedRegion != "us-east-1" {
				t.Errorf("summary %+v", u)
			}
			seen[*u.Username] = true
		}
	}
	if pages != 3 || len(seen) != 7 {
		t.Errorf("%d pages with %d users; want 3 with 7", pages, len(seen))
	}

	queues := func(types_ ...types.QueueType) []types.QueueSummary {
		out, err := f.client.ListQueues(ctx, &awsconnect.ListQueuesInput{InstanceId: &f.instance, QueueTypes: types_})
		if err != nil {
			t.Fatal(err)
		}
		return out.QueueSummaryList
	}
	if agent := queues(types.QueueTypeAgent); len(agent) != 7 || agent[0].Name != nil {
		t.Errorf("agent queues %+v", agent)
	}
	if std := queues(types.QueueTypeStandard); len(std) != 1 || *std[0].Name != "BasicQueue" {
		t.Errorf("standard queues %+v", std)
	}
	if all := queues(); len(all) != 8 {
		t.Errorf("%d queues, want 8", len(all))
	}
	id := want["pagera"]
	q, err := f.client.DescribeQueue(ctx, &awsconnect.DescribeQueueInput{InstanceId: &f.instance, QueueId: &id})
	if err != nil || *q.Queue.QueueArn != f.arn+"/queue/agent/"+id {
		t.Errorf("agent queue %+v %v", q, err)
	}

	if _, err := f.client.DeleteUser(ctx, &awsconnect.DeleteUserInput{InstanceId: &f.instance, UserId: &id}); err != nil {
		t.Fatal(err)
	}
	_, err = f.client.DescribeUser(ctx, &awsconnect.DescribeUserInput{InstanceId: &f.instance, UserId: &id})
	wantAPIError(t, err, "ResourceNotFoundException", id)
	_, err = f.client.DescribeQueue(ctx, &awsconnect.DescribeQueueInput{InstanceId: &f.instance, QueueId: &id})
	wantAPIError(t, err, "ResourceNotFoundException")
	_, err = f.client.DeleteUser(ctx, &awsconnect.DeleteUserInput{InstanceId: &f.instance, UserId: &id})
	wantAPIError(t, err, "ResourceNotFoundException")
	if agent := queues(types.QueueTypeAgent); len(agent) != 6 {
		t.Errorf("%d agent queues after a delete, want 6", len(agent))
	}
}

func TestAccountsAndRegionsApart(t *testing.T) {
	f := newFixture(t, types.DirectoryTypeConnectManaged)
	id := f.mustCreateUser(t, f.userInput("private"))
	for _, c := range []*awsconnect.Client{f.srv.ClientFor("210987654321", "us-east-1"), f.srv.ClientFor("123456789012", "eu-west-2")} {
		_, err := c.DescribeInstance(ctx, &awsconnect.DescribeInstanceInput{InstanceId: &f.instance})
		wantAPIError(t, err, "ResourceNotFoundException")
		_, err = c.DescribeUser(ctx, &awsconnect.DescribeUserInput{InstanceId: &f.instance, UserId: &id})
		wantAPIError(t, err, "ResourceNotFoundException")
		_, err = c.DeleteUser(ctx, &awsconnect.DeleteUserInput{InstanceId: &f.instance, UserId: &id})
		wantAPIError(t, err, "ResourceNotFoundException")
		list, err := c.ListInstances(ctx, &awsconnect.ListInstancesInput{})
		if err != nil || len(list.InstanceSummaryList) != 0 {
			t.Errorf("another scope lists %+v %v", list, err)
		}
	}
	// The other account may use the same alias.
	other := f.srv.ClientFor("210987654321", "us-east-1")
	oid, oarn := mustInstance(t, other, types.DirectoryTypeConnectManaged, "fixture-conn")
	if !strings.Contains(oarn, ":210987654321:instance/"+oid) {
		t.Errorf("ARN %s is not the caller's account", oarn)
	}
	if names := f.usernames(t); len(names) != 1 {
		t.Errorf("users %v", names)
	}
}

func TestNotImplementedOperation(t *testing.T) {
	f := newFixture(t, types.DirectoryTypeConnectManaged)
	_, err := f.client.DescribeContactFlow(ctx, &awsconnect.DescribeContactFlowInput{InstanceId: &f.instance, ContactFlowId: aws.String("x")})
	wantAPIError(t, err, "NotImplementedException", "DescribeContactFlow")
	_, err = f.client.ListContactFlows(ctx, &awsconnect.ListContactFlowsInput{InstanceId: &f.instance})
	wantAPIError(t, err, "NotImplementedException", "ListContactFlows")
}

// TestVoiceOnlyChannelLists: PhoneNumberConfigs, PersistentConnectionConfigs
// and VoiceEnhancementConfigs take only VOICE, and the agent-first callback
// settings apply only to VOICE, as their documentation says.
func TestVoiceOnlyChannelLists(t *testing.T) {
	f := newFixture(t, types.DirectoryTypeConnectManaged)
	cases := map[string]func(*awsconnect.CreateUserInput){
		"PhoneNumberConfigs": func(in *awsconnect.CreateUserInput) {
			in.PhoneNumberConfigs = []types.PhoneNumberConfig{{Channel: types.ChannelChat, PhoneType: types.PhoneTypeSoftPhone}}
		},
		"PersistentConnectionConfigs": func(in *awsconnect.CreateUserInput) {
			in.PersistentConnectionConfigs = []types.PersistentConnectionConfig{{Channel: types.ChannelTask, PersistentConnection: aws.Bool(true)}}
		},
		"VoiceEnhancementConfigs": func(in *awsconnect.CreateUserInput) {
			in.VoiceEnhancementConfigs = []types.VoiceEnhancementConfig{{Channel: types.ChannelEmail, VoiceEnhancementMode: types.VoiceEnhancementModeNone}}
		},
		"AgentFirstCallbackAutoAccept": func(in *awsconnect.CreateUserInput) {
			in.AutoAcceptConfigs = []types.AutoAcceptConfig{{Channel: types.ChannelChat, AgentFirstCallbackAutoAccept: aws.Bool(true)}}
		},
		"AgentFirstCallbackAfterContactWorkConfig": func(in *awsconnect.CreateUserInput) {
			in.AfterContactWorkConfigs = []types.AfterContactWorkConfigPerChannel{{Channel: types.ChannelChat,
				AfterContactWorkConfig:                   &types.AfterContactWorkConfig{AfterContactWorkTimeLimit: 5},
				AgentFirstCallbackAfterContactWorkConfig: &types.AfterContactWorkConfig{AfterContactWorkTimeLimit: 5}}}
		},
	}
	for member, change := range cases {
		t.Run(member, func(t *testing.T) {
			in := f.userInput("channel-rule")
			change(in)
			_, err := f.client.CreateUser(ctx, in)
			wantAPIError(t, err, "InvalidParameterException", member, "only VOICE")
		})
	}
	if names := f.usernames(t); len(names) != 0 {
		t.Errorf("refused creates stored users: %v", names)
	}
	// The same settings on VOICE are taken.
	in := f.userInput("voice-only")
	in.PhoneNumberConfigs = []types.PhoneNumberConfig{{Channel: types.ChannelVoice, PhoneType: types.PhoneTypeSoftPhone}}
	in.PersistentConnectionConfigs = []types.PersistentConnectionConfig{{Channel: types.ChannelVoice, PersistentConnection: aws.Bool(true)}}
	in.VoiceEnhancementConfigs = []types.VoiceEnhancementConfig{{Channel: types.ChannelVoice, VoiceEnhancementMode: types.VoiceEnhancementModeNone}}
	in.AutoAcceptConfigs = []types.AutoAcceptConfig{{Channel: types.ChannelVoice, AgentFirstCallbackAutoAccept: aws.Bool(true)}}
	f.mustCreateUser(t, in)
}
