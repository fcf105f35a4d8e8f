package awsapi_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconnect "github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
)

func TestDeleteHoursOfOperation(t *testing.T) {
	f := newFixture(t, types.DirectoryTypeConnectManaged)
	create := func(name string) string {
		t.Helper()
		out, err := f.client.CreateHoursOfOperation(ctx, &awsconnect.CreateHoursOfOperationInput{InstanceId: &f.instance, Name: aws.String(name),
			TimeZone: aws.String("Europe/Paris"), Config: []types.HoursOfOperationConfig{{Day: types.HoursOfOperationDaysMonday,
				StartTime: &types.HoursOfOperationTimeSlice{Hours: aws.Int32(9), Minutes: aws.Int32(0)},
				EndTime:   &types.HoursOfOperationTimeSlice{Hours: aws.Int32(17), Minutes: aws.Int32(0)}}}})
		if err != nil {
			t.Fatal(err)
		}
		return *out.HoursOfOperationId
	}
	spare, used := create("Spare"), create("Used")
	queue, err := f.client.CreateQueue(ctx, &awsconnect.CreateQueueInput{InstanceId: &f.instance, Name: aws.String("Office"), HoursOfOperationId: &used})
	if err != nil {
		t.Fatal(err)
	}

	// Hours no queue names go, with their name.
	if _, err := f.client.DeleteHoursOfOperation(ctx, &awsconnect.DeleteHoursOfOperationInput{InstanceId: &f.instance, HoursOfOperationId: &spare}); err != nil {
		t.Fatal(err)
	}
	_, err = f.client.DescribeHoursOfOperation(ctx, &awsconnect.DescribeHoursOfOperationInput{InstanceId: &f.instance, HoursOfOperationId: &spare})
	wantAPIError(t, err, "ResourceNotFoundException", spare)
	_, err = f.client.DeleteHoursOfOperation(ctx, &awsconnect.DeleteHoursOfOperationInput{InstanceId: &f.instance, HoursOfOperationId: &spare})
	wantAPIError(t, err, "ResourceNotFoundException", spare)
	create("Spare")

	// Hours a queue names stay, by ID or by ARN, until the queue goes.
	for _, ref := range []string{used, f.arn + "/operating-hours/" + used} {
		_, err = f.client.DeleteHoursOfOperation(ctx, &awsconnect.DeleteHoursOfOperationInput{InstanceId: &f.instance, HoursOfOperationId: &ref})
		wantAPIError(t, err, "InvalidRequestException", ref, "in use")
	}
	if _, err := f.client.DescribeHoursOfOperation(ctx, &awsconnect.DescribeHoursOfOperationInput{InstanceId: &f.instance, HoursOfOperationId: &used}); err != nil {
		t.Errorf("hours in use after DeleteHoursOfOperation: %v", err)
	}
	if _, err := f.client.DeleteQueue(ctx, &awsconnect.DeleteQueueInput{InstanceId: &f.instance, QueueId: queue.QueueId}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.client.DeleteHoursOfOperation(ctx, &awsconnect.DeleteHoursOfOperationInput{InstanceId: &f.instance, HoursOfOperationId: &used}); err != nil {
		t.Errorf("once its queue is gone: %v", err)
	}
}
