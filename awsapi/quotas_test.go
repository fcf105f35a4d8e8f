package awsapi_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconnect "github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"

	"github.com/connectd/connectd/connect"
	"github.com/connectd/connectd/connecttest"
)

func TestInstanceQuota(t *testing.T) {
	client := connecttest.New(t).Client() // AWS's default: 2 per account and region
	mustInstance(t, client, types.DirectoryTypeSaml, "first")
	mustInstance(t, client, types.DirectoryTypeSaml, "second")
	_, err := client.CreateInstance(ctx, &awsconnect.CreateInstanceInput{IdentityManagementType: types.DirectoryTypeSaml,
		InstanceAlias: aws.String("third"), InboundCallsEnabled: aws.Bool(true), OutboundCallsEnabled: aws.Bool(true)})
	wantAPIError(t, err, "ServiceQuotaExceededException", "2 instances")
	list, _ := client.ListInstances(ctx, &awsconnect.ListInstancesInput{})
	if len(list.InstanceSummaryList) != 2 {
		t.Errorf("%d instances after a refused create", len(list.InstanceSummaryList))
	}
}

func TestUserQuotas(t *testing.T) {
	q := connect.DefaultQuotas
	q.Users, q.SecurityProfilesPerUser, q.TagsPerResource = 3, 2, 3
	f := newFixture(t, types.DirectoryTypeConnectManaged, connecttest.WithQuotas(q))
	for _, name := range []string{"one", "two", "three"} {
		f.mustCreateUser(t, f.userInput(name))
	}
	_, err := f.client.CreateUser(ctx, f.userInput("four"))
	wantAPIError(t, err, "LimitExceededException", "3 users per instance")
	queues, _ := f.client.ListQueues(ctx, &awsconnect.ListQueuesInput{InstanceId: &f.instance, QueueTypes: []types.QueueType{types.QueueTypeAgent}})
	if names := f.usernames(t); len(names) != 3 || len(queues.QueueSummaryList) != 3 {
		t.Errorf("after a refused create: users %v, %d agent queues", names, len(queues.QueueSummaryList))
	}

	id := f.mustCreateUserAfterDelete(t, "one", "five")
	in := f.userInput("six")
	in.SecurityProfileIds = []string{f.profiles["Agent"], f.profiles["Admin"], f.profiles["QualityAnalyst"]}
	_, err = f.client.CreateUser(ctx, in)
	wantAPIError(t, err, "LimitExceededException", "security profiles")
	_, err = f.client.UpdateUserSecurityProfiles(ctx, &awsconnect.UpdateUserSecurityProfilesInput{InstanceId: &f.instance, UserId: &id, SecurityProfileIds: in.SecurityProfileIds})
	wantAPIError(t, err, "LimitExceededException", "security profiles")
	arn := f.arn + "/agent/" + id
	if _, err := f.client.TagResource(ctx, &awsconnect.TagResourceInput{ResourceArn: &arn, Tags: map[string]string{"a": "1", "b": "2", "c": "3"}}); err != nil {
		t.Fatal(err)
	}
	_, err = f.client.TagResource(ctx, &awsconnect.TagResourceInput{ResourceArn: &arn, Tags: map[string]string{"d": "4"}})
	wantAPIError(t, err, "LimitExceededException", "3 tags")
}

// mustCreateUserAfterDelete frees a place by deleting one user and fills it
// with another, whose ID it returns.
func (f *fixture) mustCreateUserAfterDelete(t *testing.T, gone, name string) string {
	t.Helper()
	sum, err := f.client.SearchUsers(ctx, &awsconnect.SearchUsersInput{InstanceId: &f.instance, SearchCriteria: &types.UserSearchCriteria{
		StringCondition: &types.StringCondition{FieldName: aws.String("Username"), ComparisonType: types.StringComparisonTypeExact, Value: aws.String(gone)}}})
	if err != nil || len(sum.Users) != 1 {
		t.Fatalf("finding %s: %v %+v", gone, err, sum)
	}
	if _, err := f.client.DeleteUser(ctx, &awsconnect.DeleteUserInput{InstanceId: &f.instance, UserId: sum.Users[0].Id}); err != nil {
		t.Fatal(err)
	}
	return f.mustCreateUser(t, f.userInput(name))
}
