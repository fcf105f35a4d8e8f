package awsapi_test

import (
	"sort"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconnect "github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"

	"github.com/connectd/connectd/connect"
	"github.com/connectd/connectd/connecttest"
)

func TestInstanceLifecycle(t *testing.T) {
	srv := connecttest.New(t)
	client := srv.Client()
	before := time.Now().Add(-time.Second)
	id, arn := mustInstance(t, client, types.DirectoryTypeConnectManaged, "Lifecycle-1")
	if want := "arn:aws:connect:us-east-1:123456789012:instance/" + id; arn != want {
		t.Errorf("ARN %s, want %s", arn, want)
	}

	out, err := client.DescribeInstance(ctx, &awsconnect.DescribeInstanceInput{InstanceId: &id})
	if err != nil {
		t.Fatal(err)
	}
	inst := out.Instance
	if *inst.Id != id || *inst.Arn != arn || inst.IdentityManagementType != types.DirectoryTypeConnectManaged ||
		*inst.InstanceAlias != "Lifecycle-1" || inst.InstanceStatus != types.InstanceStatusActive ||
		!*inst.InboundCallsEnabled || *inst.OutboundCallsEnabled {
		t.Errorf("DescribeInstance: %+v", inst)
	}
	if inst.CreatedTime == nil || inst.CreatedTime.Before(before) || inst.CreatedTime.After(time.Now().Add(time.Second)) {
		t.Errorf("CreatedTime %v is not now", inst.CreatedTime)
	}

	// The ARN names the instance as well as its ID does.
	if _, err := client.DescribeInstance(ctx, &awsconnect.DescribeInstanceInput{InstanceId: &arn}); err != nil {
		t.Errorf("DescribeInstance by ARN: %v", err)
	}

	_, err = client.CreateInstance(ctx, &awsconnect.CreateInstanceInput{
		IdentityManagementType: types.DirectoryTypeSaml, InstanceAlias: aws.String("lifecycle-1"),
		InboundCallsEnabled: aws.Bool(true), OutboundCallsEnabled: aws.Bool(true),
	})
	wantAPIError(t, err, "InvalidRequestException", "Instance alias is already used")

	if _, err := client.DeleteInstance(ctx, &awsconnect.DeleteInstanceInput{InstanceId: &id}); err != nil {
		t.Fatal(err)
	}
	_, err = client.DescribeInstance(ctx, &awsconnect.DescribeInstanceInput{InstanceId: &id})
	wantAPIError(t, err, "ResourceNotFoundException", id)
	_, err = client.ListUsers(ctx, &awsconnect.ListUsersInput{InstanceId: &id})
	wantAPIError(t, err, "ResourceNotFoundException")
	_, err = client.DeleteInstance(ctx, &awsconnect.DeleteInstanceInput{InstanceId: &id})
	wantAPIError(t, err, "ResourceNotFoundException")
}

func TestInstanceRules(t *testing.T) {
	client := connecttest.New(t).Client()
	for name, in := range map[string]*awsconnect.CreateInstanceInput{
		"alias missing":             {IdentityManagementType: types.DirectoryTypeSaml},
		"directory missing":         {IdentityManagementType: types.DirectoryTypeExistingDirectory},
		"directory on managed type": {IdentityManagementType: types.DirectoryTypeConnectManaged, InstanceAlias: aws.String("x1"), DirectoryId: aws.String("d-0123456789")},
	} {
		in.InboundCallsEnabled, in.OutboundCallsEnabled = aws.Bool(true), aws.Bool(true)
		_, err := client.CreateInstance(ctx, in)
		t.Run(name, func(t *testing.T) { wantAPIError(t, err, "InvalidRequestException") })
	}
	_, err := client.CreateInstance(ctx, &awsconnect.CreateInstanceInput{
		IdentityManagementType: types.DirectoryTypeSaml, InstanceAlias: aws.String("d-starts-badly"),
		InboundCallsEnabled: aws.Bool(true), OutboundCallsEnabled: aws.Bool(true),
	})
	wantAPIError(t, err, "InvalidParameterException", "instanceAlias", "regular expression pattern")

	list, err := client.ListInstances(ctx, &awsconnect.ListInstancesInput{})
	if err != nil || len(list.InstanceSummaryList) != 0 {
		t.Errorf("refused creates stored something: %+v %v", list, err)
	}
}

func TestListInstancesPages(t *testing.T) {
	client := connecttest.New(t, connecttest.WithQuotas(connect.Quotas{})).Client()
	want := map[string]bool{}
	for _, alias := range []string{"a1", "a2", "a3", "a4", "a5"} {
		id, _ := mustInstance(t, client, types.DirectoryTypeSaml, alias)
		want[id] = true
	}
	got := map[string]bool{}
	p := awsconnect.NewListInstancesPaginator(client, &awsconnect.ListInstancesInput{MaxResults: aws.Int32(2)})
	pages := 0
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, s := range page.InstanceSummaryList {
			if got[*s.Id] {
				t.Errorf("instance %s listed twice", *s.Id)
			}
			got[*s.Id] = true
			if s.CreatedTime == nil || s.InstanceStatus != types.InstanceStatusActive {
				t.Errorf("summary %+v", s)
			}
		}
	}
	if pages != 3 || len(got) != len(want) {
		t.Errorf("%d pages, %d instances; want 3 pages, %d instances", pages, len(got), len(want))
	}
}

func TestDefaultResources(t *testing.T) {
	f := newFixture(t, types.DirectoryTypeConnectManaged)
	var names []string
	for n := range f.profiles {
		names = append(names, n)
	}
	sort.Strings(names)
	if got := names; len(got) != 4 || got[0] != "Admin" || got[1] != "Agent" || got[2] != "CallCenterManager" || got[3] != "QualityAnalyst" {
		t.Errorf("security profiles %v", got)
	}
	sp, err := f.client.DescribeSecurityProfile(ctx, &awsconnect.DescribeSecurityProfileInput{InstanceId: &f.instance, SecurityProfileId: aws.String(f.profiles["Admin"])})
	if err != nil || *sp.SecurityProfile.SecurityProfileName != "Admin" || *sp.SecurityProfile.OrganizationResourceId != f.instance {
		t.Errorf("DescribeSecurityProfile: %+v %v", sp, err)
	}

	rp, err := f.client.DescribeRoutingProfile(ctx, &awsconnect.DescribeRoutingProfileInput{InstanceId: &f.instance, RoutingProfileId: &f.routing})
	if err != nil {
		t.Fatal(err)
	}
	if *rp.RoutingProfile.Name != "Basic Routing Profile" || len(rp.RoutingProfile.MediaConcurrencies) == 0 {
		t.Errorf("routing profile %+v", rp.RoutingProfile)
	}
	queue, err := f.client.DescribeQueue(ctx, &awsconnect.DescribeQueueInput{InstanceId: &f.instance, QueueId: rp.RoutingProfile.DefaultOutboundQueueId})
	if err != nil || *queue.Queue.Name != "BasicQueue" || queue.Queue.Status != types.QueueStatusEnabled {
		t.Fatalf("default outbound queue: %+v %v", queue, err)
	}
	hours, err := f.client.DescribeHoursOfOperation(ctx, &awsconnect.DescribeHoursOfOperationInput{InstanceId: &f.instance, HoursOfOperationId: queue.Queue.HoursOfOperationId})
	if err != nil || *hours.HoursOfOperation.Name != "Basic Hours" || len(hours.HoursOfOperation.Config) != 7 {
		t.Fatalf("BasicQueue's hours: %+v %v", hours, err)
	}
	list, err := f.client.ListHoursOfOperations(ctx, &awsconnect.ListHoursOfOperationsInput{InstanceId: &f.instance})
	if err != nil || len(list.HoursOfOperationSummaryList) != 1 {
		t.Errorf("ListHoursOfOperations: %+v %v", list, err)
	}
	users, err := f.client.ListUsers(ctx, &awsconnect.ListUsersInput{InstanceId: &f.instance})
	if err != nil || len(users.UserSummaryList) != 0 {
		t.Errorf("a new instance has users: %+v %v", users, err)
	}
}

func TestCreateInstanceClientToken(t *testing.T) {
	client := connecttest.New(t).Client()
	in := func(token, alias string) *awsconnect.CreateInstanceInput {
		return &awsconnect.CreateInstanceInput{ClientToken: aws.String(token), IdentityManagementType: types.DirectoryTypeSaml,
			InstanceAlias: aws.String(alias), InboundCallsEnabled: aws.Bool(true), OutboundCallsEnabled: aws.Bool(true)}
	}
	first, err := client.CreateInstance(ctx, in("token-1", "idem"))
	if err != nil {
		t.Fatal(err)
	}
	again, err := client.CreateInstance(ctx, in("token-1", "idem"))
	if err != nil || *again.Id != *first.Id {
		t.Fatalf("a retry with the same token: %+v %v, want instance %s", again, err, *first.Id)
	}
	_, err = client.CreateInstance(ctx, in("token-2", "idem"))
	wantAPIError(t, err, "InvalidRequestException", "alias is already used")
	list, _ := client.ListInstances(ctx, &awsconnect.ListInstancesInput{})
	if len(list.InstanceSummaryList) != 1 {
		t.Errorf("%d instances, want 1", len(list.InstanceSummaryList))
	}
	// The token goes with its instance.
	client.DeleteInstance(ctx, &awsconnect.DeleteInstanceInput{InstanceId: first.Id})
	third, err := client.CreateInstance(ctx, in("token-1", "idem"))
	if err != nil || *third.Id == *first.Id {
		t.Errorf("after delete, the same token: %+v %v", third, err)
	}
}
