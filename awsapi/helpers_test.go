package awsapi_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconnect "github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
	"github.com/aws/smithy-go"

	"github.com/connectd/connectd/connecttest"
)

var ctx = context.Background()

// fixture is a server with one instance and the IDs of its defaults.
type fixture struct {
	srv      *connecttest.Server
	client   *awsconnect.Client
	instance string
	arn      string
	profiles map[string]string // security profile name -> ID
	routing  string            // Basic Routing Profile's ID
}

func mustInstance(t *testing.T, client *awsconnect.Client, idType types.DirectoryType, alias string) (id, arn string) {
	t.Helper()
	in := &awsconnect.CreateInstanceInput{
		IdentityManagementType: idType,
		InboundCallsEnabled:    aws.Bool(true),
		OutboundCallsEnabled:   aws.Bool(false),
	}
	if idType == types.DirectoryTypeExistingDirectory {
		in.DirectoryId = aws.String("d-0123456789")
	} else {
		in.InstanceAlias = aws.String(alias)
	}
	out, err := client.CreateInstance(ctx, in)
	if err != nil {
		t.Fatalf("CreateInstance: %v", err)
	}
	return *out.Id, *out.Arn
}

func newFixture(t *testing.T, idType types.DirectoryType, opts ...connecttest.Option) *fixture {
	t.Helper()
	srv := connecttest.New(t, opts...)
	f := &fixture{srv: srv, client: srv.Client(), profiles: map[string]string{}}
	f.instance, f.arn = mustInstance(t, f.client, idType, "fixture-"+strings.ToLower(string(idType[:4])))
	f.readDefaults(t)
	return f
}

// readDefaults reads the IDs of the default resources of f's instance.
func (f *fixture) readDefaults(t *testing.T) {
	t.Helper()
	sps, err := f.client.ListSecurityProfiles(ctx, &awsconnect.ListSecurityProfilesInput{InstanceId: &f.instance})
	if err != nil {
		t.Fatalf("ListSecurityProfiles: %v", err)
	}
	for _, sp := range sps.SecurityProfileSummaryList {
		f.profiles[*sp.Name] = *sp.Id
	}
	rps, err := f.client.ListRoutingProfiles(ctx, &awsconnect.ListRoutingProfilesInput{InstanceId: &f.instance})
	if err != nil || len(rps.RoutingProfileSummaryList) != 1 {
		t.Fatalf("ListRoutingProfiles: %v %+v", err, rps)
	}
	f.routing = *rps.RoutingProfileSummaryList[0].Id
}

// userInput is a valid CreateUser request for the fixture's instance.
func (f *fixture) userInput(username string) *awsconnect.CreateUserInput {
	return &awsconnect.CreateUserInput{
		InstanceId:         &f.instance,
		Username:           aws.String(username),
		Password:           aws.String("Passw0rd1"),
		IdentityInfo:       &types.UserIdentityInfo{FirstName: aws.String("Ann"), LastName: aws.String("Lee")},
		SecurityProfileIds: []string{f.profiles["Agent"]},
		RoutingProfileId:   &f.routing,
	}
}

func (f *fixture) mustCreateUser(t *testing.T, in *awsconnect.CreateUserInput) string {
	t.Helper()
	out, err := f.client.CreateUser(ctx, in)
	if err != nil {
		t.Fatalf("CreateUser(%s): %v", aws.ToString(in.Username), err)
	}
	return *out.UserId
}

func (f *fixture) usernames(t *testing.T) []string {
	t.Helper()
	var names []string
	p := awsconnect.NewListUsersPaginator(f.client, &awsconnect.ListUsersInput{InstanceId: &f.instance})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			t.Fatalf("ListUsers: %v", err)
		}
		for _, u := range page.UserSummaryList {
			names = append(names, *u.Username)
		}
	}
	return names
}

// wantAPIError fails unless err is the AWS error code whose message holds
// every fragment.
func wantAPIError(t *testing.T, err error, code string, fragments ...string) {
	t.Helper()
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("got %v, want %s", err, code)
	}
	if apiErr.ErrorCode() != code {
		t.Fatalf("got %s (%s), want %s", apiErr.ErrorCode(), apiErr.ErrorMessage(), code)
	}
	for _, frag := range fragments {
		if !strings.Contains(apiErr.ErrorMessage(), frag) {
			t.Errorf("message %q does not mention %q", apiErr.ErrorMessage(), frag)
		}
	}
}
