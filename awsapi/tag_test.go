package awsapi_test

import (
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconnect "github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
)

func TestTags(t *testing.T) {
	f := newFixture(t, types.DirectoryTypeConnectManaged)
	in := f.userInput("tagged")
	in.Tags = map[string]string{"team": "blue"}
	id := f.mustCreateUser(t, in)
	userArn := f.arn + "/agent/" + id
	tags := func(arn string) map[string]string {
		t.Helper()
		out, err := f.client.ListTagsForResource(ctx, &awsconnect.ListTagsForResourceInput{ResourceArn: &arn})
		if err != nil {
			t.Fatalf("ListTagsForResource(%s): %v", arn, err)
		}
		return out.Tags
	}
	if got := tags(userArn); len(got) != 1 || got["team"] != "blue" {
		t.Errorf("tags given on create: %v", got)
	}
	if _, err := f.client.TagResource(ctx, &awsconnect.TagResourceInput{ResourceArn: &userArn, Tags: map[string]string{"team": "red", "site": "leeds"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.client.UntagResource(ctx, &awsconnect.UntagResourceInput{ResourceArn: &userArn, TagKeys: []string{"site", "absent"}}); err != nil {
		t.Fatal(err)
	}
	if got := f.describe(t, id).Tags; len(got) != 1 || got["team"] != "red" {
		t.Errorf("DescribeUser tags after tag and untag: %v", got)
	}
	// Every kind of resource takes tags.
	queues, _ := f.client.ListQueues(ctx, &awsconnect.ListQueuesInput{InstanceId: &f.instance})
	hours, _ := f.client.ListHoursOfOperations(ctx, &awsconnect.ListHoursOfOperationsInput{InstanceId: &f.instance})
	arns := []string{f.arn, f.arn + "/security-profile/" + f.profiles["Agent"], f.arn + "/routing-profile/" + f.routing,
		*hours.HoursOfOperationSummaryList[0].Arn}
	for _, q := range queues.QueueSummaryList {
		arns = append(arns, *q.Arn) // BasicQueue and the user's agent queue
	}
	for _, arn := range arns {
		if _, err := f.client.TagResource(ctx, &awsconnect.TagResourceInput{ResourceArn: aws.String(arn), Tags: map[string]string{"k": arn}}); err != nil {
			t.Errorf("TagResource(%s): %v", arn, err)
		} else if got := tags(arn); got["k"] != arn {
			t.Errorf("tags of %s: %v", arn, got)
		}
	}
	inst, _ := f.client.DescribeInstance(ctx, &awsconnect.DescribeInstanceInput{InstanceId: &f.instance})
	if inst.Instance.Tags["k"] != f.arn {
		t.Errorf("DescribeInstance tags: %v", inst.Instance.Tags)
	}

	_, err := f.client.TagResource(ctx, &awsconnect.TagResourceInput{ResourceArn: &userArn, Tags: map[string]string{"aws:owner": "x"}})
	wantAPIError(t, err, "InvalidParameterException", "tags")
	many := map[string]string{}
	for i := 0; i < 50; i++ {
		many[fmt.Sprintf("k%d", i)] = "v"
	}
	_, err = f.client.TagResource(ctx, &awsconnect.TagResourceInput{ResourceArn: &userArn, Tags: many})
	wantAPIError(t, err, "LimitExceededException", "50")
	if got := tags(userArn); len(got) != 1 {
		t.Errorf("a refused TagResource changed tags: %v", got)
	}
	for _, arn := range []string{f.arn + "/agent/nobody", f.arn + "/nonsense/" + id, "arn:aws:s3:::bucket", f.arn + "/security-profile/" + id} {
		_, err = f.client.ListTagsForResource(ctx, &awsconnect.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
		wantAPIError(t, err, "ResourceNotFoundException")
	}
	// Deleting a user takes its tags along.
	f.client.DeleteUser(ctx, &awsconnect.DeleteUserInput{InstanceId: &f.instance, UserId: &id})
	_, err = f.client.ListTagsForResource(ctx, &awsconnect.ListTagsForResourceInput{ResourceArn: &userArn})
	wantAPIError(t, err, "ResourceNotFoundException")
}
