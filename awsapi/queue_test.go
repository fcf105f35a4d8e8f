package awsapi_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconnect "github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
	"github.com/connectd/connectd/connect"
	"github.com/connectd/connectd/connecttest"
)

func TestQueueQuotaCountsStandardQueues(t *testing.T) {
	q := connect.DefaultQuotas
	q.Queues = 2
	f := newFixture(t, types.DirectoryTypeConnectManaged, connecttest.WithQuotas(q))
	f.mustCreateUser(t, f.userInput("agent")) // an agent queue, not counted
	hours, _ := f.client.ListHoursOfOperations(ctx, &awsconnect.ListHoursOfOperationsInput{InstanceId: &f.instance})
	hid := hours.HoursOfOperationSummaryList[0].Id
	if _, err := f.client.CreateQueue(ctx, &awsconnect.CreateQueueInput{InstanceId: &f.instance, Name: aws.String("Second"), HoursOfOperationId: hid}); err != nil {
		t.Fatal(err)
	}
	_, err := f.client.CreateQueue(ctx, &awsconnect.CreateQueueInput{InstanceId: &f.instance, Name: aws.String("Third"), HoursOfOperationId: hid})
	wantAPIError(t, err, "LimitExceededException", "2 queues per instance")
}

func TestDeleteQueue(t *testing.T) {
	f := newFixture(t, types.DirectoryTypeConnectManaged)
	hours, _ := f.client.ListHoursOfOperations(ctx, &awsconnect.ListHoursOfOperationsInput{InstanceId: &f.instance})
	hid := hours.HoursOfOperationSummaryList[0].Id
	create := func(name string) string {
		t.Helper()
		out, err := f.client.CreateQueue(ctx, &awsconnect.CreateQueueInput{InstanceId: &f.instance, Name: aws.String(name), HoursOfOperationId: hid})
		if err != nil {
			t.Fatal(err)
		}
		return *out.QueueId
	}
	spare, used := create("Spare"), create("Used")
	rp, err := f.client.CreateRoutingProfile(ctx, &awsconnect.CreateRoutingProfileInput{InstanceId: &f.instance, Name: aws.String("Uses a queue"),
		Description: aws.String("d"), DefaultOutboundQueueId: &used,
		MediaConcurrencies: []types.MediaConcurrency{{Channel: types.ChannelVoice, Concurrency: aws.Int32(1)}}})
	if err != nil {
		t.Fatal(err)
	}

	// A queue nothing names goes, with its name.
	if _, err := f.client.DeleteQueue(ctx, &awsconnect.DeleteQueueInput{InstanceId: &f.instance, QueueId: &spare}); err != nil {
		t.Fatal(err)
	}
	_, err = f.client.DescribeQueue(ctx, &awsconnect.DescribeQueueInput{InstanceId: &f.instance, QueueId: &spare})
	wantAPIError(t, err, "ResourceNotFoundException", spare)
	_, err = f.client.DeleteQueue(ctx, &awsconnect.DeleteQueueInput{InstanceId: &f.instance, QueueId: &spare})
	wantAPIError(t, err, "ResourceNotFoundException", spare)
	create("Spare")

	// A queue a routing profile names stays, by ID or by ARN.
	for _, ref := range []string{used, f.arn + "/queue/" + used} {
		_, err = f.client.DeleteQueue(ctx, &awsconnect.DeleteQueueInput{InstanceId: &f.instance, QueueId: &ref})
		wantAPIError(t, err, "ResourceInUseException", ref)
	}
	if _, err := f.client.DeleteRoutingProfile(ctx, &awsconnect.DeleteRoutingProfileInput{InstanceId: &f.instance, RoutingProfileId: rp.RoutingProfileId}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.client.DeleteQueue(ctx, &awsconnect.DeleteQueueInput{InstanceId: &f.instance, QueueId: &used}); err != nil {
		t.Errorf("once its routing profile is gone: %v", err)
	}

	// A user's agent queue goes only with the user.
	agent := f.mustCreateUser(t, f.userInput("agent"))
	_, err = f.client.DeleteQueue(ctx, &awsconnect.DeleteQueueInput{InstanceId: &f.instance, QueueId: &agent})
	wantAPIError(t, err, "InvalidRequestException", "agent queue")
	if _, err := f.client.DescribeQueue(ctx, &awsconnect.DescribeQueueInput{InstanceId: &f.instance, QueueId: &agent}); err != nil {
		t.Errorf("the agent queue after DeleteQueue: %v", err)
	}
}

// TestCreateQueueEmailAddresses: a queue's e-mail addresses "must already
// exist in the instance"; connectd has none, so naming one is
// ResourceNotFoundException, as a quick connect is, rather than dropped.
func TestCreateQueueEmailAddresses(t *testing.T) {
	f := newFixture(t, types.DirectoryTypeConnectManaged)
	hours, _ := f.client.ListHoursOfOperations(ctx, &awsconnect.ListHoursOfOperationsInput{InstanceId: &f.instance})
	hid := hours.HoursOfOperationSummaryList[0].Id
	_, err := f.client.CreateQueue(ctx, &awsconnect.CreateQueueInput{InstanceId: &f.instance, Name: aws.String("Mail"), HoursOfOperationId: hid,
		EmailAddressesConfig: []types.EmailAddressConfig{{EmailAddressId: aws.String("email-1")}}})
	wantAPIError(t, err, "ResourceNotFoundException", "email-1")
	_, err = f.client.CreateQueue(ctx, &awsconnect.CreateQueueInput{InstanceId: &f.instance, Name: aws.String("Mail"), HoursOfOperationId: hid,
		OutboundEmailConfig: &types.OutboundEmailConfig{OutboundEmailAddressId: aws.String("email-2")}})
	wantAPIError(t, err, "ResourceNotFoundException", "email-2")
	list, err := f.client.ListQueues(ctx, &awsconnect.ListQueuesInput{InstanceId: &f.instance, QueueTypes: []types.QueueType{types.QueueTypeStandard}})
	if err != nil || len(list.QueueSummaryList) != 1 {
		t.Errorf("refused queues were stored: %+v %v", list, err)
	}
}
