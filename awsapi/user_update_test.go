package awsapi_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconnect "github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
)

func (f *fixture) describe(t *testing.T, id string) *types.User {
	t.Helper()
	out, err := f.client.DescribeUser(ctx, &awsconnect.DescribeUserInput{InstanceId: &f.instance, UserId: &id})
	if err != nil {
		t.Fatal(err)
	}
	return out.User
}

func TestUpdateUser(t *testing.T) {
	f := newFixture(t, types.DirectoryTypeConnectManaged)
	in := f.userInput("changer")
	in.AutoAcceptConfigs = []types.AutoAcceptConfig{{Channel: types.ChannelChat, AutoAccept: true}}
	id := f.mustCreateUser(t, in)
	before := f.describe(t, id).LastModifiedTime
	time.Sleep(5 * time.Millisecond)

	info := &types.UserIdentityInfo{FirstName: aws.String("Renamed"), LastName: aws.String("Person"), Email: aws.String("r@example.com")}
	if _, err := f.client.UpdateUserIdentityInfo(ctx, &awsconnect.UpdateUserIdentityInfoInput{InstanceId: &f.instance, UserId: &id, IdentityInfo: info}); err != nil {
		t.Fatal(err)
	}
	u := f.describe(t, id)
	if *u.IdentityInfo.FirstName != "Renamed" || *u.IdentityInfo.Email != "r@example.com" || !u.LastModifiedTime.After(*before) {
		t.Errorf("after UpdateUserIdentityInfo: %+v %v", u.IdentityInfo, u.LastModifiedTime)
	}
	_, err := f.client.UpdateUserIdentityInfo(ctx, &awsconnect.UpdateUserIdentityInfoInput{InstanceId: &f.instance, UserId: &id,
		IdentityInfo: &types.UserIdentityInfo{Email: aws.String("only@example.com")}})
	wantAPIError(t, err, "InvalidParameterException", "FirstName")

	_, err = f.client.UpdateUserPhoneConfig(ctx, &awsconnect.UpdateUserPhoneConfigInput{InstanceId: &f.instance, UserId: &id,
		PhoneConfig: &types.UserPhoneConfig{PhoneType: types.PhoneTypeDeskPhone, DeskPhoneNumber: aws.String("+15555550123"), AutoAccept: true, AfterContactWorkTimeLimit: 20}})
	if err != nil {
		t.Fatal(err)
	}
	u = f.describe(t, id)
	if u.PhoneConfig.PhoneType != types.PhoneTypeDeskPhone || !u.PhoneConfig.AutoAccept || u.PhoneConfig.AfterContactWorkTimeLimit != 20 {
		t.Errorf("PhoneConfig %+v", u.PhoneConfig)
	}
	if len(u.AutoAcceptConfigs) != 2 { // VOICE from PhoneConfig, CHAT kept
		t.Errorf("AutoAcceptConfigs after UpdateUserPhoneConfig: %+v", u.AutoAcceptConfigs)
	}
	_, err = f.client.UpdateUserPhoneConfig(ctx, &awsconnect.UpdateUserPhoneConfigInput{InstanceId: &f.instance, UserId: &id,
		PhoneConfig: &types.UserPhoneConfig{PhoneType: types.PhoneTypeDeskPhone, DeskPhoneNumber: aws.String("555")}})
	wantAPIError(t, err, "InvalidParameterException", "deskPhoneNumber")

	_, err = f.client.UpdateUserConfig(ctx, &awsconnect.UpdateUserConfigInput{InstanceId: &f.instance, UserId: &id,
		AutoAcceptConfigs: []types.AutoAcceptConfig{{Channel: types.ChannelVoice, AutoAccept: false}},
		AfterContactWorkConfigs: []types.AfterContactWorkConfigPerChannel{{Channel: types.ChannelTask,
			AfterContactWorkConfig: &types.AfterContactWorkConfig{AfterContactWorkTimeLimit: 90}}}})
	if err != nil {
		t.Fatal(err)
	}
	u = f.describe(t, id)
	// UpdateUserPhoneConfig set after-contact work on the three channels
	// of Basic Routing Profile; UpdateUserConfig replaced TASK's.
	if u.PhoneConfig.AutoAccept || u.PhoneConfig.PhoneType != types.PhoneTypeDeskPhone || len(u.AutoAcceptConfigs) != 2 || len(u.AfterContactWorkConfigs) != 3 {
		t.Errorf("after UpdateUserConfig: %+v %+v %+v", u.PhoneConfig, u.AutoAcceptConfigs, u.AfterContactWorkConfigs)
	}

	if _, err := f.client.UpdateUserSecurityProfiles(ctx, &awsconnect.UpdateUserSecurityProfilesInput{InstanceId: &f.instance, UserId: &id,
		SecurityProfileIds: []string{f.profiles["Admin"], f.arn + "/security-profile/" + f.profiles["QualityAnalyst"]}}); err != nil {
		t.Fatal(err)
	}
	if got := f.describe(t, id).SecurityProfileIds; len(got) != 2 || got[0] != f.profiles["Admin"] || got[1] != f.profiles["QualityAnalyst"] {
		t.Errorf("SecurityProfileIds %v", got)
	}
	_, err = f.client.UpdateUserSecurityProfiles(ctx, &awsconnect.UpdateUserSecurityProfilesInput{InstanceId: &f.instance, UserId: &id, SecurityProfileIds: []string{"gone"}})
	wantAPIError(t, err, "ResourceNotFoundException", "gone")
	_, err = f.client.UpdateUserRoutingProfile(ctx, &awsconnect.UpdateUserRoutingProfileInput{InstanceId: &f.instance, UserId: &id, RoutingProfileId: aws.String("gone")})
	wantAPIError(t, err, "ResourceNotFoundException", "gone")
	if _, err := f.client.UpdateUserRoutingProfile(ctx, &awsconnect.UpdateUserRoutingProfileInput{InstanceId: &f.instance, UserId: &id, RoutingProfileId: &f.routing}); err != nil {
		t.Fatal(err)
	}
	_, err = f.client.UpdateUserHierarchy(ctx, &awsconnect.UpdateUserHierarchyInput{InstanceId: &f.instance, UserId: &id, HierarchyGroupId: aws.String("no-group")})
	wantAPIError(t, err, "ResourceNotFoundException", "no-group")
	if _, err := f.client.UpdateUserHierarchy(ctx, &awsconnect.UpdateUserHierarchyInput{InstanceId: &f.instance, UserId: &id}); err != nil {
		t.Fatal(err)
	}
	if u := f.describe(t, id); u.HierarchyGroupId != nil || len(u.SecurityProfileIds) != 2 || *u.IdentityInfo.FirstName != "Renamed" {
		t.Errorf("refused updates changed the user: %+v", u)
	}
	_, err = f.client.UpdateUserRoutingProfile(ctx, &awsconnect.UpdateUserRoutingProfileInput{InstanceId: &f.instance, UserId: aws.String("nobody"), RoutingProfileId: &f.routing})
	wantAPIError(t, err, "ResourceNotFoundException", "nobody")
}

// TestUpdateUserPhoneConfigSetsEveryChannel: UpdateUserPhoneConfig "will
// always set the same ACW timeouts to all channels the user handles": the
// channels of its routing profile, and those it has a setting for.
func TestUpdateUserPhoneConfigSetsEveryChannel(t *testing.T) {
	f := newFixture(t, types.DirectoryTypeConnectManaged)
	queues, err := f.client.ListQueues(ctx, &awsconnect.ListQueuesInput{InstanceId: &f.instance, QueueTypes: []types.QueueType{types.QueueTypeStandard}})
	if err != nil {
		t.Fatal(err)
	}
	rp, err := f.client.CreateRoutingProfile(ctx, &awsconnect.CreateRoutingProfileInput{InstanceId: &f.instance, Name: aws.String("voice and e-mail"),
		Description: aws.String("two channels"), DefaultOutboundQueueId: queues.QueueSummaryList[0].Id,
		MediaConcurrencies: []types.MediaConcurrency{{Channel: types.ChannelVoice, Concurrency: aws.Int32(1)}, {Channel: types.ChannelEmail, Concurrency: aws.Int32(2)}}})
	if err != nil {
		t.Fatal(err)
	}
	in := f.userInput("acw-everywhere")
	in.RoutingProfileId = rp.RoutingProfileId
	in.AfterContactWorkConfigs = []types.AfterContactWorkConfigPerChannel{
		{Channel: types.ChannelVoice, AfterContactWorkConfig: &types.AfterContactWorkConfig{AfterContactWorkTimeLimit: 10},
			AgentFirstCallbackAfterContactWorkConfig: &types.AfterContactWorkConfig{AfterContactWorkTimeLimit: 7}},
		{Channel: types.ChannelTask, AfterContactWorkConfig: &types.AfterContactWorkConfig{AfterContactWorkTimeLimit: 90}}}
	in.AutoAcceptConfigs = []types.AutoAcceptConfig{{Channel: types.ChannelVoice, AgentFirstCallbackAutoAccept: aws.Bool(true)}}
	id := f.mustCreateUser(t, in)

	_, err = f.client.UpdateUserPhoneConfig(ctx, &awsconnect.UpdateUserPhoneConfigInput{InstanceId: &f.instance, UserId: &id,
		PhoneConfig: &types.UserPhoneConfig{PhoneType: types.PhoneTypeSoftPhone, AfterContactWorkTimeLimit: 30, AutoAccept: true}})
	if err != nil {
		t.Fatal(err)
	}
	u := f.describe(t, id)
	got := map[types.Channel]int32{}
	for _, c := range u.AfterContactWorkConfigs {
		got[c.Channel] = c.AfterContactWorkConfig.AfterContactWorkTimeLimit
	}
	want := map[types.Channel]int32{types.ChannelVoice: 30, types.ChannelTask: 30, types.ChannelEmail: 30}
	if fmt.Sprint(got) != fmt.Sprint(want) || u.PhoneConfig.AfterContactWorkTimeLimit != 30 {
		t.Errorf("after-contact work %v (PhoneConfig %d), want %v", got, u.PhoneConfig.AfterContactWorkTimeLimit, want)
	}
	if voice := u.AfterContactWorkConfigs[0]; voice.Channel != types.ChannelVoice || voice.AgentFirstCallbackAfterContactWorkConfig == nil ||
		voice.AgentFirstCallbackAfterContactWorkConfig.AfterContactWorkTimeLimit != 7 {
		t.Errorf("the VOICE entry is not first, or lost its agent-first callback setting: %+v", voice)
	}
	if voice := u.AutoAcceptConfigs[0]; !voice.AutoAccept || !aws.ToBool(voice.AgentFirstCallbackAutoAccept) {
		t.Errorf("VOICE auto-accept %+v, want auto-accept with the agent-first callback setting kept", voice)
	}
	_, err = f.client.UpdateUserPhoneConfig(ctx, &awsconnect.UpdateUserPhoneConfigInput{InstanceId: &f.instance, UserId: &id,
		PhoneConfig: &types.UserPhoneConfig{PhoneType: types.PhoneTypeSoftPhone, AfterContactWorkTimeLimit: 2000001}})
	wantAPIError(t, err, "InvalidParameterException", "PhoneConfig.AfterContactWorkTimeLimit")
}

// TestUpdateUserConfigVoiceOnly: UpdateUserConfig takes only VOICE where
// the documentation says so, and changes nothing when it refuses.
func TestUpdateUserConfigVoiceOnly(t *testing.T) {
	f := newFixture(t, types.DirectoryTypeConnectManaged)
	id := f.mustCreateUser(t, f.userInput("configured"))
	for member, in := range map[string]*awsconnect.UpdateUserConfigInput{
		"PhoneNumberConfigs":          {PhoneNumberConfigs: []types.PhoneNumberConfig{{Channel: types.ChannelTask, PhoneType: types.PhoneTypeSoftPhone}}},
		"PersistentConnectionConfigs": {PersistentConnectionConfigs: []types.PersistentConnectionConfig{{Channel: types.ChannelChat, PersistentConnection: aws.Bool(false)}}},
		"VoiceEnhancementConfigs":     {VoiceEnhancementConfigs: []types.VoiceEnhancementConfig{{Channel: types.ChannelChat, VoiceEnhancementMode: types.VoiceEnhancementModeVoiceIsolation}}},
	} {
		in.InstanceId, in.UserId = &f.instance, &id
		_, err := f.client.UpdateUserConfig(ctx, in)
		wantAPIError(t, err, "InvalidParameterException", member, "only VOICE")
	}
	if u := f.describe(t, id); len(u.PhoneNumberConfigs) != 1 || len(u.PersistentConnectionConfigs) != 0 || len(u.VoiceEnhancementConfigs) != 0 {
		t.Errorf("refused updates changed the user: %+v %+v %+v", u.PhoneNumberConfigs, u.PersistentConnectionConfigs, u.VoiceEnhancementConfigs)
	}
}

// TestUpdateUserIdentityInfoRules applies UserIdentityInfo's documented
// rules to updates as to creates, and keeps what a directory manages.
func TestUpdateUserIdentityInfoRules(t *testing.T) {
	managed := newFixture(t, types.DirectoryTypeConnectManaged)
	saml := newFixture(t, types.DirectoryTypeSaml)
	directory := newFixture(t, types.DirectoryTypeExistingDirectory)
	update := func(f *fixture, id string, info *types.UserIdentityInfo) error {
		_, err := f.client.UpdateUserIdentityInfo(ctx, &awsconnect.UpdateUserIdentityInfoInput{InstanceId: &f.instance, UserId: &id, IdentityInfo: info})
		return err
	}
	names := func(first, last string) *types.UserIdentityInfo {
		return &types.UserIdentityInfo{FirstName: aws.String(first), LastName: aws.String(last)}
	}

	id := managed.mustCreateUser(t, managed.userInput("managed"))
	info := names("Ann", "Lee")
	info.SecondaryEmail = aws.String("not an address")
	wantAPIError(t, update(managed, id, info), "InvalidParameterException", "identityInfo.secondaryEmail")
	wantAPIError(t, update(managed, id, names("Zoe\u0308", "Lee")), "InvalidParameterException", "NFC")
	wantAPIError(t, update(managed, id, names("Ann", strings.Repeat("x", 257))), "InvalidParameterException", "256")
	if err := update(managed, id, names("Zoë", strings.Repeat("x", 256))); err != nil {
		t.Fatal(err)
	}

	in := saml.userInput("saml")
	in.Password = nil
	id = saml.mustCreateUser(t, in)
	info = names("Ann", "Lee")
	info.Email = aws.String("ann@example.com")
	wantAPIError(t, update(saml, id, info), "InvalidRequestException", "Email")
	if u := saml.describe(t, id); u.IdentityInfo.Email != nil {
		t.Errorf("a refused update stored an e-mail: %+v", u.IdentityInfo)
	}

	in = directory.userInput("directory")
	in.Password, in.DirectoryUserId = nil, aws.String("S-1-5-21-7")
	in.IdentityInfo.Email = aws.String("ann@corp.example.com")
	id = directory.mustCreateUser(t, in)
	for _, change := range []*types.UserIdentityInfo{names("Anne", "Lee"), names("Ann", "Leigh"), {Email: aws.String("ann@elsewhere.example.com")}} {
		wantAPIError(t, update(directory, id, change), "InvalidRequestException", "EXISTING_DIRECTORY")
	}
	// What the directory manages stays, sent again or left out; the rest
	// changes.
	if err := update(directory, id, &types.UserIdentityInfo{FirstName: aws.String("Ann"), Mobile: aws.String("+15555550100")}); err != nil {
		t.Fatal(err)
	}
	u := directory.describe(t, id)
	if got := u.IdentityInfo; aws.ToString(got.FirstName) != "Ann" || aws.ToString(got.LastName) != "Lee" ||
		aws.ToString(got.Email) != "ann@corp.example.com" || aws.ToString(got.Mobile) != "+15555550100" {
		t.Errorf("IdentityInfo after an update on EXISTING_DIRECTORY: %+v", got)
	}
}

// TestConcurrentUpdatesLoseNothing races updates of different fields of
// one user: each call is atomic and the last writer wins per call, so
// every tag added is there at the end and each field holds one whole value
// a call wrote.
func TestConcurrentUpdatesLoseNothing(t *testing.T) {
	f := newFixture(t, types.DirectoryTypeConnectManaged)
	id := f.mustCreateUser(t, f.userInput("contended"))
	arn := f.arn + "/agent/" + id
	const n = 20
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(3)
		go func(i int) {
			defer wg.Done()
			_, err := f.client.TagResource(ctx, &awsconnect.TagResourceInput{ResourceArn: &arn, Tags: map[string]string{fmt.Sprintf("t%d", i): "v"}})
			if err != nil {
				t.Error(err)
			}
		}(i)
		go func(i int) {
			defer wg.Done()
			name := fmt.Sprintf("N%d", i)
			_, err := f.client.UpdateUserIdentityInfo(ctx, &awsconnect.UpdateUserIdentityInfoInput{InstanceId: &f.instance, UserId: &id,
				IdentityInfo: &types.UserIdentityInfo{FirstName: aws.String(name), LastName: aws.String(name)}})
			if err != nil {
				t.Error(err)
			}
		}(i)
		go func(i int) {
			defer wg.Done()
			_, err := f.client.UpdateUserPhoneConfig(ctx, &awsconnect.UpdateUserPhoneConfigInput{InstanceId: &f.instance, UserId: &id,
				PhoneConfig: &types.UserPhoneConfig{PhoneType: types.PhoneTypeSoftPhone, AfterContactWorkTimeLimit: int32(i + 1)}})
			if err != nil {
				t.Error(err)
			}
		}(i)
	}
	wg.Wait()
	u := f.describe(t, id)
	for i := 0; i < n; i++ {
		if _, ok := u.Tags[fmt.Sprintf("t%d", i)]; !ok {
			t.Errorf("tag t%d was lost: %v", i, u.Tags)
		}
	}
	if *u.IdentityInfo.FirstName != *u.IdentityInfo.LastName {
		t.Errorf("IdentityInfo mixes two calls: %+v", u.IdentityInfo)
	}
	acw := u.PhoneConfig.AfterContactWorkTimeLimit
	if acw < 1 || acw > n || u.AfterContactWorkConfigs[0].AfterContactWorkConfig.AfterContactWorkTimeLimit != acw {
		t.Errorf("PhoneConfig and its VOICE entry disagree: %d %+v", acw, u.AfterContactWorkConfigs)
	}
}
