package awsapi_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	awsconnect "github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
	"github.com/aws/smithy-go/middleware"
)

// This file replays, call for call, what the Terraform AWS provider sends
// for an aws_connect_user resource and data source
// (hashicorp/terraform-provider-aws: internal/service/connect/user.go and
// user_data_source.go, with the provider's transparent tagging), through
// the same SDK it uses, aws-sdk-go-v2. tfProvider holds the provider's
// create, read, update and delete; TestTerraformUser drives them as
// `terraform apply` and `terraform plan` would. After every apply the state
// that the provider's read makes of DescribeUser must equal the
// configuration: otherwise every later plan would show a change that never
// goes away.

// tfUserConfig is an aws_connect_user block.
type tfUserConfig struct {
	Name               string
	Password           string
	IdentityInfo       *tfIdentityInfo // nil: no identity_info block
	Phone              tfPhoneConfig
	RoutingProfileID   string
	SecurityProfileIDs []string // a set
	HierarchyGroupID   string
	Tags               map[string]string
}

// tfIdentityInfo is an identity_info block, as configured or as read back.
type tfIdentityInfo struct {
	Email, FirstName, LastName string
}

// tfPhoneConfig is a phone_config block, as configured or as read back.
type tfPhoneConfig struct {
	AfterContactWorkTimeLimit int
	AutoAccept                bool
	DeskPhoneNumber           string
	PhoneType                 string
}

// tfUserState is what the provider's read puts in state.
type tfUserState struct {
	ARN                string
	DirectoryUserID    string
	HierarchyGroupID   string
	InstanceID         string
	Name               string
	RoutingProfileID   string
	UserID             string
	IdentityInfo       []tfIdentityInfo // a list of at most one
	PhoneConfig        []tfPhoneConfig  // a list of at most one
	SecurityProfileIDs []string         // a set: sorted
	Tags               map[string]string
}

// tfProvider is the provider's aws_connect_user code over a Connect client.
type tfProvider struct {
	conn *awsconnect.Client
	// calls are the operations sent, in order.
	calls []string
	// after, when set, is called after each operation that succeeded.
	after func(op string)
}

// newTFProvider returns a provider whose client is a copy of client that
// records each operation and never retries, so that an answer that would
// only succeed on a retry fails the test.
func newTFProvider(client *awsconnect.Client) *tfProvider {
	p := &tfProvider{}
	record := func(stack *middleware.Stack) error {
		return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("tfRecordCall",
			func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
				op := awsmiddleware.GetOperationName(ctx)
				p.calls = append(p.calls, op)
				out, md, err := next.HandleInitialize(ctx, in)
				if err == nil && p.after != nil {
					p.after(op)
				}
				return out, md, err
			}), middleware.After)
	}
	p.conn = awsconnect.New(client.Options(), func(o *awsconnect.Options) {
		o.RetryMaxAttempts = 1
		o.APIOptions = append(slices.Clone(o.APIOptions), record)
	})
	return p
}

// takeCalls returns the operations sent since the last call, and forgets them.
func (p *tfProvider) takeCalls() []string {
	calls := p.calls
	p.calls = nil
	return calls
}

func tfParseID(id string) (instanceID, userID string) {
	instanceID, userID, _ = strings.Cut(id, ":")
	return instanceID, userID
}

func (c *tfIdentityInfo) expand() *types.UserIdentityInfo {
	if c == nil {
		return nil
	}
	info := &types.UserIdentityInfo{}
	if c.Email != "" {
		info.Email = aws.String(c.Email)
	}
	if c.FirstName != "" {
		info.FirstName = aws.String(c.FirstName)
	}
	if c.LastName != "" {
		info.LastName = aws.String(c.LastName)
	}
	return info
}

func (c tfPhoneConfig) expand() *types.UserPhoneConfig {
	pc := &types.UserPhoneConfig{PhoneType: types.PhoneType(c.PhoneType), AutoAccept: c.AutoAccept}
	if c.AfterContactWorkTimeLimit >= 0 {
		pc.AfterContactWorkTimeLimit = int32(c.AfterContactWorkTimeLimit)
	}
	if c.DeskPhoneNumber != "" {
		pc.DeskPhoneNumber = aws.String(c.DeskPhoneNumber)
	}
	return pc
}

// tagsIn is what the tagging interceptor hands CreateUser: nil when empty.
func tagsIn(tags map[string]string) map[string]string {
	if len(tags) == 0 {
		return nil
	}
	return tags
}

// create is resourceUserCreate: CreateUser, then at once the read.
func (p *tfProvider) create(instanceID string, cfg tfUserConfig) (string, *tfUserState, error) {
	in := &awsconnect.CreateUserInput{
		InstanceId:         aws.String(instanceID),
		PhoneConfig:        cfg.Phone.expand(),
		RoutingProfileId:   aws.String(cfg.RoutingProfileID),
		SecurityProfileIds: cfg.SecurityProfileIDs,
		Tags:               tagsIn(cfg.Tags),
		Username:           aws.String(cfg.Name),
	}
	if cfg.HierarchyGroupID != "" {
		in.HierarchyGroupId = aws.String(cfg.HierarchyGroupID)
	}
	in.IdentityInfo = cfg.IdentityInfo.expand()
	if cfg.Password != "" {
		in.Password = aws.String(cfg.Password)
	}
	out, err := p.conn.CreateUser(ctx, in)
	if err != nil {
		return "", nil, fmt.Errorf("creating Connect User (%s): %w", cfg.Name, err)
	}
	id := instanceID + ":" + aws.ToString(out.UserId)
	st, err := p.read(id, true)
	return id, st, err
}

// read is resourceUserRead. A user that is not found is dropped from state
// (nil, nil), except right after its create, where it is an error.
func (p *tfProvider) read(id string, isNew bool) (*tfUserState, error) {
	instanceID, userID := tfParseID(id)
	user, err := p.findUser(&awsconnect.DescribeUserInput{InstanceId: aws.String(instanceID), UserId: aws.String(userID)})
	var notFound *types.ResourceNotFoundException
	if !isNew && errors.As(err, &notFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading Connect User (%s): %w", id, err)
	}
	return tfFlatten(instanceID, user), nil
}

// findUser is the provider's findUser.
func (p *tfProvider) findUser(in *awsconnect.DescribeUserInput) (*types.User, error) {
	out, err := p.conn.DescribeUser(ctx, in)
	if err != nil {
		return nil, err
	}
	if out == nil || out.User == nil {
		return nil, errors.New("empty result")
	}
	return out.User, nil
}

// tfFlatten is how the read sets state from a DescribeUser answer.
func tfFlatten(instanceID string, u *types.User) *tfUserState {
	st := &tfUserState{
		ARN:                aws.ToString(u.Arn),
		DirectoryUserID:    aws.ToString(u.DirectoryUserId),
		HierarchyGroupID:   aws.ToString(u.HierarchyGroupId),
		InstanceID:         instanceID,
		Name:               aws.ToString(u.Username),
		RoutingProfileID:   aws.ToString(u.RoutingProfileId),
		UserID:             aws.ToString(u.Id),
		SecurityProfileIDs: slices.Sorted(slices.Values(u.SecurityProfileIds)),
		Tags:               u.Tags,
	}
	if info := u.IdentityInfo; info != nil {
		st.IdentityInfo = []tfIdentityInfo{{Email: aws.ToString(info.Email), FirstName: aws.ToString(info.FirstName), LastName: aws.ToString(info.LastName)}}
	}
	if pc := u.PhoneConfig; pc != nil {
		st.PhoneConfig = []tfPhoneConfig{{AfterContactWorkTimeLimit: int(pc.AfterContactWorkTimeLimit), AutoAccept: pc.AutoAccept,
			DeskPhoneNumber: aws.ToString(pc.DeskPhoneNumber), PhoneType: string(pc.PhoneType)}}
	}
	return st
}

// update is the tagging interceptor's UpdateTags (UntagResource for keys
// removed, then TagResource for keys added or changed), then
// resourceUserUpdate (one call per changed attribute, in its order), then
// the read. Changes are between the configuration applied last and cfg:
// TestTerraformUser checks that the state read back equals the former.
func (p *tfProvider) update(id string, st *tfUserState, old, cfg tfUserConfig) (*tfUserState, error) {
	if !maps.Equal(old.Tags, cfg.Tags) {
		var removed []string
		for k := range old.Tags {
			if _, ok := cfg.Tags[k]; !ok {
				removed = append(removed, k)
			}
		}
		if len(removed) > 0 {
			slices.Sort(removed)
			if _, err := p.conn.UntagResource(ctx, &awsconnect.UntagResourceInput{ResourceArn: aws.String(st.ARN), TagKeys: removed}); err != nil {
				return nil, fmt.Errorf("untagging resource (%s): %w", st.ARN, err)
			}
		}
		updated := map[string]string{}
		for k, v := range cfg.Tags {
			if was, ok := old.Tags[k]; !ok || was != v {
				updated[k] = v
			}
		}
		if len(updated) > 0 {
			if _, err := p.conn.TagResource(ctx, &awsconnect.TagResourceInput{ResourceArn: aws.String(st.ARN), Tags: updated}); err != nil {
				return nil, fmt.Errorf("tagging resource (%s): %w", st.ARN, err)
			}
		}
	}

	instanceID, userID := tfParseID(id)
	if old.HierarchyGroupID != cfg.HierarchyGroupID {
		if err := p.updateHierarchy(id, cfg.HierarchyGroupID); err != nil {
			return nil, err
		}
	}
	if !equalPtr(old.IdentityInfo, cfg.IdentityInfo) {
		_, err := p.conn.UpdateUserIdentityInfo(ctx, &awsconnect.UpdateUserIdentityInfoInput{IdentityInfo: cfg.IdentityInfo.expand(),
			InstanceId: aws.String(instanceID), UserId: aws.String(userID)})
		if err != nil {
			return nil, fmt.Errorf("updating Connect User (%s) IdentityInfo: %w", id, err)
		}
	}
	if old.Phone != cfg.Phone {
		_, err := p.conn.UpdateUserPhoneConfig(ctx, &awsconnect.UpdateUserPhoneConfigInput{InstanceId: aws.String(instanceID),
			PhoneConfig: cfg.Phone.expand(), UserId: aws.String(userID)})
		if err != nil {
			return nil, fmt.Errorf("updating Connect User (%s) PhoneConfig: %w", id, err)
		}
	}
	if old.RoutingProfileID != cfg.RoutingProfileID {
		if err := p.updateRoutingProfile(id, cfg.RoutingProfileID); err != nil {
			return nil, err
		}
	}
	if !tfSameSet(old.SecurityProfileIDs, cfg.SecurityProfileIDs) {
		_, err := p.conn.UpdateUserSecurityProfiles(ctx, &awsconnect.UpdateUserSecurityProfilesInput{InstanceId: aws.String(instanceID),
			SecurityProfileIds: cfg.SecurityProfileIDs, UserId: aws.String(userID)})
		if err != nil {
			return nil, fmt.Errorf("updating Connect User (%s) SecurityProfileIds: %w", id, err)
		}
	}
	return p.read(id, false)
}

// updateHierarchy is the update's call for a changed hierarchy_group_id:
// without a group ID when the attribute was removed.
func (p *tfProvider) updateHierarchy(id, groupID string) error {
	instanceID, userID := tfParseID(id)
	in := &awsconnect.UpdateUserHierarchyInput{InstanceId: aws.String(instanceID), UserId: aws.String(userID)}
	if groupID != "" {
		in.HierarchyGroupId = aws.String(groupID)
	}
	if _, err := p.conn.UpdateUserHierarchy(ctx, in); err != nil {
		return fmt.Errorf("updating Connect User (%s) HierarchyGroupId: %w", id, err)
	}
	return nil
}

// updateRoutingProfile is the update's call for a changed routing_profile_id.
func (p *tfProvider) updateRoutingProfile(id, routingProfileID string) error {
	instanceID, userID := tfParseID(id)
	_, err := p.conn.UpdateUserRoutingProfile(ctx, &awsconnect.UpdateUserRoutingProfileInput{InstanceId: aws.String(instanceID),
		RoutingProfileId: aws.String(routingProfileID), UserId: aws.String(userID)})
	if err != nil {
		return fmt.Errorf("updating Connect User (%s) RoutingProfileId: %w", id, err)
	}
	return nil
}

// delete is resourceUserDelete.
func (p *tfProvider) delete(id string) error {
	instanceID, userID := tfParseID(id)
	if _, err := p.conn.DeleteUser(ctx, &awsconnect.DeleteUserInput{InstanceId: aws.String(instanceID), UserId: aws.String(userID)}); err != nil {
		return fmt.Errorf("deleting Connect User (%s): %w", id, err)
	}
	return nil
}

// lookupByName is the data source's read given a name: every page of
// ListUsers at 60 a page, exactly one summary of that name, then
// DescribeUser. pages are the sizes of the pages it read.
func (p *tfProvider) lookupByName(instanceID, name string) (st *tfUserState, pages []int, err error) {
	var found []types.UserSummary
	paginator := awsconnect.NewListUsersPaginator(p.conn, &awsconnect.ListUsersInput{InstanceId: aws.String(instanceID), MaxResults: aws.Int32(60)})
	for paginator.HasMorePages() {
		page, err := paginator.NextPage(ctx)
		if err != nil {
			return nil, pages, fmt.Errorf("reading Connect User (%s) summary: %w", name, err)
		}
		pages = append(pages, len(page.UserSummaryList))
		for _, u := range page.UserSummaryList {
			if aws.ToString(u.Username) == name {
				found = append(found, u)
			}
		}
	}
	if len(found) != 1 {
		return nil, pages, fmt.Errorf("reading Connect User (%s) summary: %d results, want 1", name, len(found))
	}
	user, err := p.findUser(&awsconnect.DescribeUserInput{InstanceId: aws.String(instanceID), UserId: found[0].Id})
	if err != nil {
		return nil, pages, fmt.Errorf("reading Connect User: %w", err)
	}
	return tfFlatten(instanceID, user), pages, nil
}

func equalPtr[T comparable](a, b *T) bool {
	return a == nil && b == nil || a != nil && b != nil && *a == *b
}

func tfSameSet(a, b []string) bool {
	return slices.Equal(slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b)))
}

// tfPlan is what `terraform plan` would change to bring the state to the
// configuration: nothing, when the state read back is what was applied.
func tfPlan(cfg tfUserConfig, st *tfUserState) []string {
	var diff []string
	differ := func(attr string, state, config any) {
		if fmt.Sprint(state) != fmt.Sprint(config) {
			diff = append(diff, fmt.Sprintf("%s: %q => %q", attr, fmt.Sprint(state), fmt.Sprint(config)))
		}
	}
	differ("name", st.Name, cfg.Name)
	differ("hierarchy_group_id", st.HierarchyGroupID, cfg.HierarchyGroupID)
	if cfg.IdentityInfo == nil {
		differ("identity_info.#", len(st.IdentityInfo), 0)
	} else if differ("identity_info.#", len(st.IdentityInfo), 1); len(st.IdentityInfo) == 1 {
		differ("identity_info.0.email", st.IdentityInfo[0].Email, cfg.IdentityInfo.Email)
		differ("identity_info.0.first_name", st.IdentityInfo[0].FirstName, cfg.IdentityInfo.FirstName)
		differ("identity_info.0.last_name", st.IdentityInfo[0].LastName, cfg.IdentityInfo.LastName)
	}
	if differ("phone_config.#", len(st.PhoneConfig), 1); len(st.PhoneConfig) == 1 {
		pc := st.PhoneConfig[0]
		differ("phone_config.0.phone_type", pc.PhoneType, cfg.Phone.PhoneType)
		differ("phone_config.0.auto_accept", pc.AutoAccept, cfg.Phone.AutoAccept)
		differ("phone_config.0.after_contact_work_time_limit", pc.AfterContactWorkTimeLimit, cfg.Phone.AfterContactWorkTimeLimit)
		// The schema suppresses desk_phone_number's diff unless DESK_PHONE.
		if cfg.Phone.PhoneType == string(types.PhoneTypeDeskPhone) {
			differ("phone_config.0.desk_phone_number", pc.DeskPhoneNumber, cfg.Phone.DeskPhoneNumber)
		}
	}
	differ("routing_profile_id", st.RoutingProfileID, cfg.RoutingProfileID)
	differ("security_profile_ids", st.SecurityProfileIDs, slices.Sorted(slices.Values(cfg.SecurityProfileIDs)))
	differ("tags", st.Tags, cfg.Tags) // fmt prints maps in key order
	return diff
}

func TestTerraformUser(t *testing.T) {
	f := newFixture(t, types.DirectoryTypeConnectManaged)
	p := newTFProvider(f.client)
	wantCalls := func(step string, want ...string) {
		t.Helper()
		if got := p.takeCalls(); !slices.Equal(got, want) {
			t.Errorf("%s sent %v, want %v", step, got, want)
		}
	}
	// refresh is `terraform plan`: the read, then the diff against cfg,
	// which must be empty.
	refresh := func(step, id string, cfg tfUserConfig) *tfUserState {
		t.Helper()
		st, err := p.read(id, false)
		if err != nil || st == nil {
			t.Fatalf("%s: refresh: %v %+v", step, err, st)
		}
		if diff := tfPlan(cfg, st); len(diff) > 0 {
			t.Errorf("%s: the next plan is not empty:\n%s", step, strings.Join(diff, "\n"))
		}
		wantCalls(step+": refresh", "DescribeUser")
		return st
	}

	// The instance holds 129 other users, so the data source pages; a
	// hierarchy group and a second routing profile for the user to move
	// out of and into.
	for i := range 129 {
		f.mustCreateUser(t, f.userInput(fmt.Sprintf("tf-peer-%03d", i)))
	}
	f.mustLevels(t, "Region")
	group := f.mustGroup(t, "EMEA", "")
	queues, err := f.client.ListQueues(ctx, &awsconnect.ListQueuesInput{InstanceId: &f.instance, QueueTypes: []types.QueueType{types.QueueTypeStandard}})
	if err != nil || len(queues.QueueSummaryList) != 1 {
		t.Fatalf("ListQueues STANDARD: %v %+v", err, queues)
	}
	rp, err := f.client.CreateRoutingProfile(ctx, &awsconnect.CreateRoutingProfileInput{InstanceId: &f.instance, Name: aws.String("Terraform agents"),
		Description: aws.String("made by the Terraform replay"), DefaultOutboundQueueId: queues.QueueSummaryList[0].Id,
		MediaConcurrencies: []types.MediaConcurrency{{Channel: types.ChannelVoice, Concurrency: aws.Int32(1)}}})
	if err != nil {
		t.Fatalf("CreateRoutingProfile: %v", err)
	}

	cfg := tfUserConfig{
		Name:               "tf-agent",
		Password:           "Terraf0rm-Pass",
		IdentityInfo:       &tfIdentityInfo{Email: "agent@example.com", FirstName: "Terra", LastName: "Form"},
		Phone:              tfPhoneConfig{AfterContactWorkTimeLimit: 30, AutoAccept: true, DeskPhoneNumber: "+15555550123", PhoneType: "DESK_PHONE"},
		RoutingProfileID:   f.routing,
		SecurityProfileIDs: []string{f.profiles["Agent"]},
		HierarchyGroupID:   group,
		Tags:               map[string]string{"env": "test", "team": "blue"},
	}

	// A configuration naming a hierarchy group that does not exist: the
	// apply fails and leaves nothing behind, so the corrected one creates
	// the user under the same name.
	bad := cfg
	bad.HierarchyGroupID = "no-such-group"
	_, _, err = p.create(f.instance, bad)
	wantAPIError(t, err, "ResourceNotFoundException", "no-such-group")
	wantCalls("create with a missing hierarchy group", "CreateUser")

	// Create: CreateUser, then DescribeUser at once, which must find it.
	id, st, err := p.create(f.instance, cfg)
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	wantCalls("create", "CreateUser", "DescribeUser")
	instanceID, userID := tfParseID(id)
	if instanceID != f.instance || st.UserID != userID || st.ARN != f.arn+"/agent/"+userID || st.InstanceID != f.instance {
		t.Errorf("create: id %s, state %+v", id, st)
	}
	if st.DirectoryUserID == "" {
		t.Errorf("create: no directory_user_id in state (CONNECT_MANAGED users get one)")
	}
	if diff := tfPlan(cfg, st); len(diff) > 0 {
		t.Errorf("create: the state read back is not the configuration:\n%s", strings.Join(diff, "\n"))
	}
	refresh("create", id, cfg)

	// Update every attribute Terraform updates in place, tags included.
	// Tags: the interceptor untags and tags first; DescribeUser shows each.
	// hierarchy_group_id removed: UpdateUserHierarchy without a group.
	changed := cfg
	changed.HierarchyGroupID = ""
	changed.IdentityInfo = &tfIdentityInfo{Email: "renamed@example.com", FirstName: "Renamed", LastName: "Agent"}
	// auto_accept false and after_contact_work_time_limit 0 are zero values
	// the Go SDK leaves out of the request: they must still take effect.
	changed.Phone = tfPhoneConfig{PhoneType: "SOFT_PHONE"}
	changed.RoutingProfileID = *rp.RoutingProfileId
	changed.SecurityProfileIDs = []string{f.profiles["CallCenterManager"], f.profiles["Admin"]}
	changed.Tags = map[string]string{"team": "red", "owner": "ops"}
	seen := map[string]map[string]string{}
	p.after = func(op string) {
		if op == "UntagResource" || op == "TagResource" {
			seen[op] = f.describe(t, userID).Tags
		}
	}
	st, err = p.update(id, st, cfg, changed)
	p.after = nil
	if err != nil {
		t.Fatalf("update: %v", err)
	}
	wantCalls("update", "UntagResource", "TagResource", "UpdateUserHierarchy", "UpdateUserIdentityInfo", "UpdateUserPhoneConfig",
		"UpdateUserRoutingProfile", "UpdateUserSecurityProfiles", "DescribeUser")
	if got := seen["UntagResource"]; !maps.Equal(got, map[string]string{"team": "blue"}) {
		t.Errorf("DescribeUser tags after UntagResource: %v", got)
	}
	if got := seen["TagResource"]; !maps.Equal(got, changed.Tags) {
		t.Errorf("DescribeUser tags after TagResource: %v", got)
	}
	if diff := tfPlan(changed, st); len(diff) > 0 {
		t.Errorf("update: the state read back is not the configuration:\n%s", strings.Join(diff, "\n"))
	}
	refresh("update", id, changed)
	cfg = changed

	// identity_info replaced with less in it: the e-mail left out is gone.
	changed.IdentityInfo = &tfIdentityInfo{FirstName: "Renamed", LastName: "Agent"}
	if st, err = p.update(id, st, cfg, changed); err != nil {
		t.Fatalf("update identity_info: %v", err)
	}
	wantCalls("update identity_info", "UpdateUserIdentityInfo", "DescribeUser")
	refresh("update identity_info", id, changed)
	cfg = changed

	// hierarchy_group_id set to a group that does not exist: the apply
	// fails at UpdateUserHierarchy and changes nothing.
	changed.HierarchyGroupID = "no-such-group"
	_, err = p.update(id, st, cfg, changed)
	wantAPIError(t, err, "ResourceNotFoundException", "no-such-group")
	wantCalls("update to a missing hierarchy group", "UpdateUserHierarchy")
	refresh("update to a missing hierarchy group", id, cfg)

	// hierarchy_group_id back: UpdateUserHierarchy with the group.
	changed.HierarchyGroupID = group
	if st, err = p.update(id, st, cfg, changed); err != nil {
		t.Fatalf("update hierarchy_group_id: %v", err)
	}
	wantCalls("update hierarchy_group_id", "UpdateUserHierarchy", "DescribeUser")
	refresh("update hierarchy_group_id", id, changed)
	cfg = changed

	// The data source, by name: ListUsers at 60 a page over 130 users.
	ds, pages, err := p.lookupByName(f.instance, cfg.Name)
	if err != nil {
		t.Fatalf("data source: %v", err)
	}
	wantCalls("data source", "ListUsers", "ListUsers", "ListUsers", "DescribeUser")
	if !slices.Equal(pages, []int{60, 60, 10}) {
		t.Errorf("data source read pages of %v users, want [60 60 10]", pages)
	}
	if resource := refresh("data source", id, cfg); !reflect.DeepEqual(ds, resource) {
		t.Errorf("data source state %+v, resource state %+v", ds, resource)
	}

	// Destroy, then a refresh drops the resource from state: DescribeUser
	// answers ResourceNotFoundException, typed as the SDK types it.
	if err := p.delete(id); err != nil {
		t.Fatalf("delete: %v", err)
	}
	wantCalls("delete", "DeleteUser")
	if st, err := p.read(id, false); err != nil || st != nil {
		t.Errorf("refresh after delete: state %+v, error %v; want the resource dropped from state", st, err)
	}
	_, err = p.conn.DescribeUser(ctx, &awsconnect.DescribeUserInput{InstanceId: aws.String(instanceID), UserId: aws.String(userID)})
	var notFound *types.ResourceNotFoundException
	if !errors.As(err, &notFound) {
		t.Errorf("DescribeUser after delete: %v, want *types.ResourceNotFoundException", err)
	}
	wantCalls("refresh after delete", "DescribeUser", "DescribeUser")
	if _, _, err := p.lookupByName(f.instance, cfg.Name); err == nil || !strings.Contains(err.Error(), "0 results") {
		t.Errorf("data source after delete: %v, want no result", err)
	}
}
