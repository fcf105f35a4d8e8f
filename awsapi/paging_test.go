package awsapi_test

import (
	"encoding/base64"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconnect "github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"

	"github.com/connectd/connectd/connect"
	"github.com/connectd/connectd/connecttest"
)

// A paging token is valid only with the request that returned it: the
// same operation, account, region, instance and, for a search, the same
// criteria and filter. Anywhere else it would name a place in some other
// list and silently skip records, so it is InvalidParameterException.

// pagingFixture is an instance with three users, and a second instance in
// the same account with three of its own.
type pagingFixture struct {
	*fixture
	other string // the second instance
}

func newPagingFixture(t *testing.T) pagingFixture {
	t.Helper()
	f := newFixture(t, types.DirectoryTypeConnectManaged)
	for _, name := range []string{"ann", "bob", "cat"} {
		f.mustCreateUser(t, f.userInput(name))
	}
	other, _ := mustInstance(t, f.client, types.DirectoryTypeConnectManaged, "paging-other")
	g := &fixture{srv: f.srv, client: f.client, instance: other, profiles: map[string]string{}}
	g.readDefaults(t)
	for _, name := range []string{"dan", "eve", "fay"} {
		g.mustCreateUser(t, g.userInput(name))
	}
	return pagingFixture{fixture: f, other: other}
}

// firstUsersToken is the token after the first user of ListUsers.
func (f pagingFixture) firstUsersToken(t *testing.T) *string {
	t.Helper()
	out, err := f.client.ListUsers(ctx, &awsconnect.ListUsersInput{InstanceId: &f.instance, MaxResults: aws.Int32(1)})
	if err != nil || out.NextToken == nil {
		t.Fatalf("ListUsers: %v %v", out, err)
	}
	return out.NextToken
}

func TestListTokenIsBoundToItsList(t *testing.T) {
	f := newPagingFixture(t)
	token := f.firstUsersToken(t)

	// The same list goes on from it, by ID or by ARN.
	for _, instance := range []string{f.instance, f.arn} {
		out, err := f.client.ListUsers(ctx, &awsconnect.ListUsersInput{InstanceId: aws.String(instance), NextToken: token})
		if err != nil || len(out.UserSummaryList) != 2 {
			t.Errorf("ListUsers of %s with its own token: %v %v", instance, out, err)
		}
	}

	_, err := f.client.ListUsers(ctx, &awsconnect.ListUsersInput{InstanceId: &f.other, NextToken: token})
	wantAPIError(t, err, "InvalidParameterException", "nextToken")
	_, err = f.client.ListQueues(ctx, &awsconnect.ListQueuesInput{InstanceId: &f.instance, NextToken: token})
	wantAPIError(t, err, "InvalidParameterException", "nextToken")
	_, err = f.client.ListSecurityProfiles(ctx, &awsconnect.ListSecurityProfilesInput{InstanceId: &f.instance, NextToken: token})
	wantAPIError(t, err, "InvalidParameterException", "nextToken")
	_, err = f.client.SearchUsers(ctx, &awsconnect.SearchUsersInput{InstanceId: &f.instance, NextToken: token})
	wantAPIError(t, err, "InvalidParameterException", "nextToken")

	// ListQueues of one queue type does not go on with another's token.
	agents, err := f.client.ListQueues(ctx, &awsconnect.ListQueuesInput{InstanceId: &f.instance, MaxResults: aws.Int32(1),
		QueueTypes: []types.QueueType{types.QueueTypeAgent}})
	if err != nil || agents.NextToken == nil {
		t.Fatalf("ListQueues of agent queues: %v %v", agents, err)
	}
	_, err = f.client.ListQueues(ctx, &awsconnect.ListQueuesInput{InstanceId: &f.instance, NextToken: agents.NextToken})
	wantAPIError(t, err, "InvalidParameterException", "nextToken")
	if out, err := f.client.ListQueues(ctx, &awsconnect.ListQueuesInput{InstanceId: &f.instance, NextToken: agents.NextToken,
		QueueTypes: []types.QueueType{types.QueueTypeAgent}}); err != nil || len(out.QueueSummaryList) != 2 {
		t.Errorf("ListQueues of agent queues with its own token: %v %v", out, err)
	}
}

func TestListTokenIsBoundToItsAccountAndRegion(t *testing.T) {
	srv := connecttest.New(t, connecttest.WithQuotas(connect.Quotas{}))
	scopes := []*awsconnect.Client{srv.Client(), srv.ClientFor("210987654321", "us-east-1"), srv.ClientFor("123456789012", "eu-west-2")}
	for _, client := range scopes {
		for _, alias := range []string{"one", "two", "three"} {
			mustInstance(t, client, types.DirectoryTypeSaml, alias)
		}
	}
	first, err := scopes[0].ListInstances(ctx, &awsconnect.ListInstancesInput{MaxResults: aws.Int32(1)})
	if err != nil || first.NextToken == nil {
		t.Fatalf("ListInstances: %v %v", first, err)
	}
	for _, other := range scopes[1:] {
		_, err := other.ListInstances(ctx, &awsconnect.ListInstancesInput{NextToken: first.NextToken})
		wantAPIError(t, err, "InvalidParameterException", "nextToken")
	}
	if out, err := scopes[0].ListInstances(ctx, &awsconnect.ListInstancesInput{NextToken: first.NextToken}); err != nil || len(out.InstanceSummaryList) != 2 {
		t.Errorf("ListInstances with its own token: %v %v", out, err)
	}

	// A ListUsers token in another account, on an instance of its own.
	f := newPagingFixture(t)
	token := f.firstUsersToken(t)
	stranger := f.srv.ClientFor("210987654321", "us-east-1")
	theirs, _ := mustInstance(t, stranger, types.DirectoryTypeSaml, "theirs")
	_, err = stranger.ListUsers(ctx, &awsconnect.ListUsersInput{InstanceId: &theirs, NextToken: token})
	wantAPIError(t, err, "InvalidParameterException", "nextToken")
}

func TestSearchTokenIsBoundToItsCriteriaAndFilter(t *testing.T) {
	f := newPagingFixture(t)
	criteria := func(value string) *types.UserSearchCriteria {
		return &types.UserSearchCriteria{StringCondition: &types.StringCondition{FieldName: aws.String("Username"),
			Value: aws.String(value), ComparisonType: types.StringComparisonTypeContains}}
	}
	filter := func(value string) *types.UserSearchFilter {
		return &types.UserSearchFilter{TagFilter: &types.ControlPlaneTagFilter{TagCondition: &types.TagCondition{TagKey: aws.String("team"), TagValue: aws.String(value)}}}
	}
	for _, name := range []string{"ann2", "bob2"} {
		in := f.userInput(name)
		in.Tags = map[string]string{"team": "red"}
		f.mustCreateUser(t, in)
	}
	// Usernames containing "n2" or "bo": ann2, bob, bob2; of them, team red: ann2, bob2.
	search := func(c *types.UserSearchCriteria, flt *types.UserSearchFilter, token *string) (*awsconnect.SearchUsersOutput, error) {
		return f.client.SearchUsers(ctx, &awsconnect.SearchUsersInput{InstanceId: &f.instance, MaxResults: aws.Int32(1),
			SearchCriteria: c, SearchFilter: flt, NextToken: token})
	}
	either := &types.UserSearchCriteria{OrConditions: []types.UserSearchCriteria{*criteria("n2"), *criteria("bo")}}
	first, err := search(either, filter("red"), nil)
	if err != nil || first.NextToken == nil || len(first.Users) != 1 {
		t.Fatalf("SearchUsers: %v %v", first, err)
	}

	_, err = search(criteria("n2"), filter("red"), first.NextToken)
	wantAPIError(t, err, "InvalidParameterException", "nextToken")
	_, err = search(either, filter("blue"), first.NextToken)
	wantAPIError(t, err, "InvalidParameterException", "nextToken")
	_, err = search(either, nil, first.NextToken)
	wantAPIError(t, err, "InvalidParameterException", "nextToken")
	_, err = f.client.SearchUsers(ctx, &awsconnect.SearchUsersInput{InstanceId: &f.other, SearchCriteria: either, SearchFilter: filter("red"), NextToken: first.NextToken})
	wantAPIError(t, err, "InvalidParameterException", "nextToken")
	_, err = f.client.ListUsers(ctx, &awsconnect.ListUsersInput{InstanceId: &f.instance, NextToken: first.NextToken})
	wantAPIError(t, err, "InvalidParameterException", "nextToken")

	// The same search goes on from it, to the end.
	second, err := search(either, filter("red"), first.NextToken)
	if err != nil || len(second.Users) != 1 || second.NextToken != nil || *second.Users[0].Username == *first.Users[0].Username {
		t.Errorf("SearchUsers with its own token: %v %v", second, err)
	}
}

func TestHierarchySearchTokenIsBoundToItsCriteria(t *testing.T) {
	f := newFixture(t, types.DirectoryTypeSaml)
	f.mustLevels(t, "Region")
	for _, name := range []string{"North", "South", "East"} {
		f.mustGroup(t, name, "")
	}
	named := func(value string) *types.UserHierarchyGroupSearchCriteria {
		return &types.UserHierarchyGroupSearchCriteria{StringCondition: &types.StringCondition{FieldName: aws.String("name"),
			Value: aws.String(value), ComparisonType: types.StringComparisonTypeContains}}
	}
	first, err := f.client.SearchUserHierarchyGroups(ctx, &awsconnect.SearchUserHierarchyGroupsInput{InstanceId: &f.instance,
		MaxResults: aws.Int32(1), SearchCriteria: named("th")})
	if err != nil || first.NextToken == nil {
		t.Fatalf("SearchUserHierarchyGroups: %v %v", first, err)
	}
	_, err = f.client.SearchUserHierarchyGroups(ctx, &awsconnect.SearchUserHierarchyGroupsInput{InstanceId: &f.instance,
		SearchCriteria: named("ou"), NextToken: first.NextToken})
	wantAPIError(t, err, "InvalidParameterException", "nextToken")
	_, err = f.client.ListUserHierarchyGroups(ctx, &awsconnect.ListUserHierarchyGroupsInput{InstanceId: &f.instance, NextToken: first.NextToken})
	wantAPIError(t, err, "InvalidParameterException", "nextToken")
	rest, err := f.client.SearchUserHierarchyGroups(ctx, &awsconnect.SearchUserHierarchyGroupsInput{InstanceId: &f.instance,
		SearchCriteria: named("th"), NextToken: first.NextToken})
	if err != nil || len(rest.UserHierarchyGroups) != 1 {
		t.Errorf("SearchUserHierarchyGroups with its own token: %v %v", rest, err)
	}
}

func TestRoutingProfileQueuesTokenIsBoundToItsProfile(t *testing.T) {
	f := newFixture(t, types.DirectoryTypeConnectManaged)
	queues, err := f.client.ListQueues(ctx, &awsconnect.ListQueuesInput{InstanceId: &f.instance, QueueTypes: []types.QueueType{types.QueueTypeStandard}})
	if err != nil || len(queues.QueueSummaryList) == 0 {
		t.Fatalf("ListQueues: %v %v", queues, err)
	}
	basic := queues.QueueSummaryList[0].Id
	config := func(channel types.Channel) types.RoutingProfileQueueConfig {
		return types.RoutingProfileQueueConfig{QueueReference: &types.RoutingProfileQueueReference{QueueId: basic, Channel: channel},
			Priority: aws.Int32(1), Delay: aws.Int32(0)}
	}
	var profiles []*string
	for _, name := range []string{"One", "Two"} {
		rp, err := f.client.CreateRoutingProfile(ctx, &awsconnect.CreateRoutingProfileInput{InstanceId: &f.instance, Name: aws.String(name),
			Description: aws.String(name), DefaultOutboundQueueId: basic,
			MediaConcurrencies: []types.MediaConcurrency{{Channel: types.ChannelVoice, Concurrency: aws.Int32(1)}, {Channel: types.ChannelChat, Concurrency: aws.Int32(2)}},
			QueueConfigs:       []types.RoutingProfileQueueConfig{config(types.ChannelVoice), config(types.ChannelChat)}})
		if err != nil {
			t.Fatal(err)
		}
		profiles = append(profiles, rp.RoutingProfileId)
	}
	first, err := f.client.ListRoutingProfileQueues(ctx, &awsconnect.ListRoutingProfileQueuesInput{InstanceId: &f.instance, RoutingProfileId: profiles[0], MaxResults: aws.Int32(1)})
	if err != nil || first.NextToken == nil {
		t.Fatalf("ListRoutingProfileQueues: %v %v", first, err)
	}
	_, err = f.client.ListRoutingProfileQueues(ctx, &awsconnect.ListRoutingProfileQueuesInput{InstanceId: &f.instance, RoutingProfileId: profiles[1], NextToken: first.NextToken})
	wantAPIError(t, err, "InvalidParameterException", "nextToken")
	rest, err := f.client.ListRoutingProfileQueues(ctx, &awsconnect.ListRoutingProfileQueuesInput{InstanceId: &f.instance, RoutingProfileId: profiles[0], NextToken: first.NextToken})
	if err != nil || len(rest.RoutingProfileQueueConfigSummaryList) != 1 || rest.NextToken != nil {
		t.Errorf("ListRoutingProfileQueues with its own token: %v %v", rest, err)
	}
}

// TestAlteredAndOldTokensAreRefused: a token changed by a byte, or of the
// form connectd made before tokens were bound (a prefix and an ID), names
// no list.
func TestAlteredAndOldTokensAreRefused(t *testing.T) {
	f := newPagingFixture(t)
	token := *f.firstUsersToken(t)
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		t.Fatalf("token %q is not base64url: %v", token, err)
	}
	raw[len(raw)-1] ^= 1
	users, err := f.client.ListUsers(ctx, &awsconnect.ListUsersInput{InstanceId: &f.instance})
	if err != nil {
		t.Fatal(err)
	}
	old := base64.RawURLEncoding.EncodeToString([]byte("connectd-page:" + *users.UserSummaryList[0].Id))
	for _, bad := range []string{base64.RawURLEncoding.EncodeToString(raw), old, token[:len(token)-2]} {
		_, err := f.client.ListUsers(ctx, &awsconnect.ListUsersInput{InstanceId: &f.instance, NextToken: aws.String(bad)})
		wantAPIError(t, err, "InvalidParameterException", "nextToken")
	}
	if len(token) > 200 {
		t.Errorf("a token of %d characters", len(token))
	}
}
