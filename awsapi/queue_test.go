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
