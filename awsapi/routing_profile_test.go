package awsapi_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconnect "github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
)

func TestRoutingProfilesQueuesAndHours(t *testing.T) {
	f := newFixture(t, types.DirectoryTypeConnectManaged)
	slice := func(h int32) *types.HoursOfOperationTimeSlice {
		return &types.HoursOfOperationTimeSlice{Hours: aws.Int32(h), Minutes: aws.Int32(0)}
	}
	week := []types.HoursOfOperationConfig{{Day: types.HoursOfOperationDaysMonday, StartTime: slice(9), EndTime: slice(17)}}
	_, err := f.client.CreateHoursOfOperation(ctx, &awsconnect.CreateHoursOfOperationInput{InstanceId: &f.instance, Name: aws.String("Office"),
		TimeZone: aws.String("Mars/Olympus_Mons"), Config: week})
	wantAPIError(t, err, "InvalidParameterException", "TimeZone")
	hours, err := f.client.CreateHoursOfOperation(ctx, &awsconnect.CreateHoursOfOperationInput{InstanceId: &f.instance, Name: aws.String("Office"),
		TimeZone: aws.String("Europe/London"), Config: week, Tags: map[string]string{"k": "v"}})
	if err != nil {
		t.Fatal(err)
	}
	h, err := f.client.DescribeHoursOfOperation(ctx, &awsconnect.DescribeHoursOfOperationInput{InstanceId: &f.instance, HoursOfOperationId: hours.HoursOfOperationId})
	if err != nil || *h.HoursOfOperation.TimeZone != "Europe/London" || len(h.HoursOfOperation.Config) != 1 || *h.HoursOfOperation.Config[0].EndTime.Hours != 17 {
		t.Fatalf("DescribeHoursOfOperation: %+v %v", h, err)
	}

	_, err = f.client.CreateQueue(ctx, &awsconnect.CreateQueueInput{InstanceId: &f.instance, Name: aws.String("Sales"), HoursOfOperationId: aws.String("missing")})
	wantAPIError(t, err, "ResourceNotFoundException", "missing")
	sales, err := f.client.CreateQueue(ctx, &awsconnect.CreateQueueInput{InstanceId: &f.instance, Name: aws.String("Sales"), HoursOfOperationId: hours.HoursOfOperationId,
		MaxContacts: aws.Int32(20), Description: aws.String("Sales calls")})
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.client.CreateQueue(ctx, &awsconnect.CreateQueueInput{InstanceId: &f.instance, Name: aws.String("Sales"), HoursOfOperationId: hours.HoursOfOperationId})
	wantAPIError(t, err, "DuplicateResourceException", "Sales")
	q, err := f.client.DescribeQueue(ctx, &awsconnect.DescribeQueueInput{InstanceId: &f.instance, QueueId: sales.QueueId})
	if err != nil || *q.Queue.MaxContacts != 20 || *q.Queue.HoursOfOperationId != *hours.HoursOfOperationId {
		t.Fatalf("DescribeQueue: %+v %v", q, err)
	}

	voice := func(queue string, priority int32) types.RoutingProfileQueueConfig {
		return types.RoutingProfileQueueConfig{QueueReference: &types.RoutingProfileQueueReference{QueueId: aws.String(queue), Channel: types.ChannelVoice},
			Priority: aws.Int32(priority), Delay: aws.Int32(0)}
	}
	media := []types.MediaConcurrency{{Channel: types.ChannelVoice, Concurrency: aws.Int32(1)}}
	rp, err := f.client.CreateRoutingProfile(ctx, &awsconnect.CreateRoutingProfileInput{InstanceId: &f.instance, Name: aws.String("Sales agents"),
		Description: aws.String("Sales"), DefaultOutboundQueueId: sales.QueueId, MediaConcurrencies: media, QueueConfigs: []types.RoutingProfileQueueConfig{voice(*sales.QueueId, 1)}})
	if err != nil {
		t.Fatal(err)
	}
	describe := func() *types.RoutingProfile {
		t.Helper()
		out, err := f.client.DescribeRoutingProfile(ctx, &awsconnect.DescribeRoutingProfileInput{InstanceId: &f.instance, RoutingProfileId: rp.RoutingProfileId})
		if err != nil {
			t.Fatal(err)
		}
		return out.RoutingProfile
	}
	// "DescribeRoutingProfile does not populate AssociatedQueueIds."
	if p := describe(); *p.Name != "Sales agents" || p.AssociatedQueueIds != nil || *p.NumberOfAssociatedQueues != 1 || *p.DefaultOutboundQueueId != *sales.QueueId {
		t.Errorf("DescribeRoutingProfile: %+v", p)
	}
	std, _ := f.client.ListQueues(ctx, &awsconnect.ListQueuesInput{InstanceId: &f.instance, QueueTypes: []types.QueueType{types.QueueTypeStandard}})
	var basicQueue string
	for _, s := range std.QueueSummaryList {
		if *s.Name == "BasicQueue" {
			basicQueue = *s.Id
		}
	}
	if _, err := f.client.AssociateRoutingProfileQueues(ctx, &awsconnect.AssociateRoutingProfileQueuesInput{InstanceId: &f.instance, RoutingProfileId: rp.RoutingProfileId,
		QueueConfigs: []types.RoutingProfileQueueConfig{voice(basicQueue, 5)}}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.client.UpdateRoutingProfileQueues(ctx, &awsconnect.UpdateRoutingProfileQueuesInput{InstanceId: &f.instance, RoutingProfileId: rp.RoutingProfileId,
		QueueConfigs: []types.RoutingProfileQueueConfig{voice(basicQueue, 7)}}); err != nil {
		t.Fatal(err)
	}
	list, err := f.client.ListRoutingProfileQueues(ctx, &awsconnect.ListRoutingProfileQueuesInput{InstanceId: &f.instance, RoutingProfileId: rp.RoutingProfileId})
	if err != nil || len(list.RoutingProfileQueueConfigSummaryList) != 2 {
		t.Fatalf("ListRoutingProfileQueues: %+v %v", list, err)
	}
	for _, c := range list.RoutingProfileQueueConfigSummaryList {
		if *c.QueueId == basicQueue && (*c.Priority != 7 || *c.QueueName != "BasicQueue") {
			t.Errorf("BasicQueue's config: %+v", c)
		}
	}
	// A queue a routing profile uses cannot go; agent queues are no place
	// for routing.
	agent := f.mustCreateUser(t, f.userInput("agent"))
	_, err = f.client.AssociateRoutingProfileQueues(ctx, &awsconnect.AssociateRoutingProfileQueuesInput{InstanceId: &f.instance, RoutingProfileId: rp.RoutingProfileId,
		QueueConfigs: []types.RoutingProfileQueueConfig{voice(agent, 1)}})
	wantAPIError(t, err, "InvalidRequestException", "agent queue")
	if _, err := f.client.DisassociateRoutingProfileQueues(ctx, &awsconnect.DisassociateRoutingProfileQueuesInput{InstanceId: &f.instance, RoutingProfileId: rp.RoutingProfileId,
		QueueReferences: []types.RoutingProfileQueueReference{{QueueId: aws.String(basicQueue), Channel: types.ChannelVoice}}}); err != nil {
		t.Fatal(err)
	}
	if p := describe(); p.AssociatedQueueIds != nil || *p.NumberOfAssociatedQueues != 1 {
		t.Errorf("after DisassociateRoutingProfileQueues: %+v", p)
	}
	if _, err := f.client.UpdateRoutingProfileName(ctx, &awsconnect.UpdateRoutingProfileNameInput{InstanceId: &f.instance, RoutingProfileId: rp.RoutingProfileId,
		Name: aws.String("Sales team")}); err != nil {
		t.Fatal(err)
	}
	_, err = f.client.UpdateRoutingProfileName(ctx, &awsconnect.UpdateRoutingProfileNameInput{InstanceId: &f.instance, RoutingProfileId: rp.RoutingProfileId,
		Name: aws.String("Basic Routing Profile")})
	wantAPIError(t, err, "DuplicateResourceException", "Basic Routing Profile")
	if _, err := f.client.UpdateRoutingProfileConcurrency(ctx, &awsconnect.UpdateRoutingProfileConcurrencyInput{InstanceId: &f.instance, RoutingProfileId: rp.RoutingProfileId,
		MediaConcurrencies: []types.MediaConcurrency{{Channel: types.ChannelChat, Concurrency: aws.Int32(3)}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.client.UpdateRoutingProfileDefaultOutboundQueue(ctx, &awsconnect.UpdateRoutingProfileDefaultOutboundQueueInput{InstanceId: &f.instance,
		RoutingProfileId: rp.RoutingProfileId, DefaultOutboundQueueId: &basicQueue}); err != nil {
		t.Fatal(err)
	}
	if p := describe(); *p.Name != "Sales team" || len(p.MediaConcurrencies) != 1 || *p.MediaConcurrencies[0].Concurrency != 3 || *p.DefaultOutboundQueueId != basicQueue {
		t.Errorf("after the updates: %+v", p)
	}

	// In use by a user, a routing profile cannot be deleted.
	if _, err := f.client.UpdateUserRoutingProfile(ctx, &awsconnect.UpdateUserRoutingProfileInput{InstanceId: &f.instance, UserId: &agent, RoutingProfileId: rp.RoutingProfileId}); err != nil {
		t.Fatal(err)
	}
	_, err = f.client.DeleteRoutingProfile(ctx, &awsconnect.DeleteRoutingProfileInput{InstanceId: &f.instance, RoutingProfileId: rp.RoutingProfileId})
	wantAPIError(t, err, "ResourceInUseException")
	if _, err := f.client.DeleteUser(ctx, &awsconnect.DeleteUserInput{InstanceId: &f.instance, UserId: &agent}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.client.DeleteRoutingProfile(ctx, &awsconnect.DeleteRoutingProfileInput{InstanceId: &f.instance, RoutingProfileId: rp.RoutingProfileId}); err != nil {
		t.Errorf("deleting an unused routing profile: %v", err)
	}
}

// TestMediaConcurrencyRanges: MediaConcurrency.Concurrency's documented
// ranges are per channel: VOICE 1 to 1, CHAT and TASK 1 to 10.
func TestMediaConcurrencyRanges(t *testing.T) {
	f := newFixture(t, types.DirectoryTypeConnectManaged)
	queues, err := f.client.ListQueues(ctx, &awsconnect.ListQueuesInput{InstanceId: &f.instance, QueueTypes: []types.QueueType{types.QueueTypeStandard}})
	if err != nil {
		t.Fatal(err)
	}
	media := func(voice, chat, task int32) []types.MediaConcurrency {
		return []types.MediaConcurrency{{Channel: types.ChannelVoice, Concurrency: aws.Int32(voice)},
			{Channel: types.ChannelChat, Concurrency: aws.Int32(chat)}, {Channel: types.ChannelTask, Concurrency: aws.Int32(task)}}
	}
	create := func(name string, m []types.MediaConcurrency) (*awsconnect.CreateRoutingProfileOutput, error) {
		return f.client.CreateRoutingProfile(ctx, &awsconnect.CreateRoutingProfileInput{InstanceId: &f.instance, Name: aws.String(name),
			Description: aws.String("concurrency"), DefaultOutboundQueueId: queues.QueueSummaryList[0].Id, MediaConcurrencies: m})
	}
	_, err = create("two calls", media(2, 1, 1))
	wantAPIError(t, err, "InvalidParameterException", "mediaConcurrencies.1.member.concurrency", "VOICE")
	_, err = create("eleven chats", media(1, 11, 1))
	wantAPIError(t, err, "InvalidParameterException", "mediaConcurrencies.2.member.concurrency")
	rp, err := create("widest", media(1, 10, 10))
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.client.UpdateRoutingProfileConcurrency(ctx, &awsconnect.UpdateRoutingProfileConcurrencyInput{InstanceId: &f.instance,
		RoutingProfileId: rp.RoutingProfileId, MediaConcurrencies: []types.MediaConcurrency{{Channel: types.ChannelTask, Concurrency: aws.Int32(5)},
			{Channel: types.ChannelVoice, Concurrency: aws.Int32(3)}}})
	wantAPIError(t, err, "InvalidParameterException", "mediaConcurrencies.2.member.concurrency", "VOICE")
	out, err := f.client.DescribeRoutingProfile(ctx, &awsconnect.DescribeRoutingProfileInput{InstanceId: &f.instance, RoutingProfileId: rp.RoutingProfileId})
	if err != nil || len(out.RoutingProfile.MediaConcurrencies) != 3 || *out.RoutingProfile.MediaConcurrencies[0].Concurrency != 1 {
		t.Errorf("a refused update changed the profile: %+v %v", out, err)
	}
}

// TestRoutingProfileQueueRules: what the routing profile operations'
// documentation says of queues: at most 10 references disassociated a
// call, no VOICE manual-assignment queue.
func TestRoutingProfileQueueRules(t *testing.T) {
	f := newFixture(t, types.DirectoryTypeConnectManaged)
	queues, err := f.client.ListQueues(ctx, &awsconnect.ListQueuesInput{InstanceId: &f.instance, QueueTypes: []types.QueueType{types.QueueTypeStandard}})
	if err != nil {
		t.Fatal(err)
	}
	basic := queues.QueueSummaryList[0].Id
	manual := func(channel types.Channel) []types.RoutingProfileManualAssignmentQueueConfig {
		return []types.RoutingProfileManualAssignmentQueueConfig{{QueueReference: &types.RoutingProfileQueueReference{QueueId: basic, Channel: channel}}}
	}
	create := &awsconnect.CreateRoutingProfileInput{InstanceId: &f.instance, Name: aws.String("manual"), Description: aws.String("manual"),
		DefaultOutboundQueueId: basic, MediaConcurrencies: []types.MediaConcurrency{{Channel: types.ChannelChat, Concurrency: aws.Int32(2)}},
		ManualAssignmentQueueConfigs: manual(types.ChannelVoice)}
	_, err = f.client.CreateRoutingProfile(ctx, create)
	wantAPIError(t, err, "InvalidParameterException", "ManualAssignmentQueueConfigs", "VOICE")
	create.ManualAssignmentQueueConfigs = manual(types.ChannelChat)
	rp, err := f.client.CreateRoutingProfile(ctx, create)
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.client.AssociateRoutingProfileQueues(ctx, &awsconnect.AssociateRoutingProfileQueuesInput{InstanceId: &f.instance,
		RoutingProfileId: rp.RoutingProfileId, ManualAssignmentQueueConfigs: manual(types.ChannelVoice)})
	wantAPIError(t, err, "InvalidParameterException", "ManualAssignmentQueueConfigs", "VOICE")

	var refs []types.RoutingProfileQueueReference
	for range 11 {
		refs = append(refs, types.RoutingProfileQueueReference{QueueId: basic, Channel: types.ChannelChat})
	}
	_, err = f.client.DisassociateRoutingProfileQueues(ctx, &awsconnect.DisassociateRoutingProfileQueuesInput{InstanceId: &f.instance,
		RoutingProfileId: rp.RoutingProfileId, QueueReferences: refs})
	wantAPIError(t, err, "InvalidParameterException", "10")
	if _, err := f.client.DisassociateRoutingProfileQueues(ctx, &awsconnect.DisassociateRoutingProfileQueuesInput{InstanceId: &f.instance,
		RoutingProfileId: rp.RoutingProfileId, QueueReferences: refs[:10]}); err != nil {
		t.Errorf("ten references: %v", err)
	}
}
