package awsapi_test

import (
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconnect "github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"

	"github.com/connectd/connectd/awsapi"
	"github.com/connectd/connectd/connect"
	"github.com/connectd/connectd/connecttest"
	"github.com/connectd/connectd/sqlite"
)

// TestNoOperationCrossesAccounts calls every implemented operation as
// another account, and as the same account in another region, on the
// first's resources, by ID and by ARN: each answers as if they did not
// exist, and nothing of the first changes.
func TestNoOperationCrossesAccounts(t *testing.T) {
	srv := connecttest.New(t, connecttest.WithCredentials(strictKeys...))
	owner := srv.ClientWithKey("AKIDALICE", "alice-secret", "us-east-1")
	f := &fixture{srv: srv, client: owner, profiles: map[string]string{}}
	f.instance, f.arn = mustInstance(t, owner, types.DirectoryTypeConnectManaged, "isolated")
	sps, _ := owner.ListSecurityProfiles(ctx, &awsconnect.ListSecurityProfilesInput{InstanceId: &f.instance})
	for _, sp := range sps.SecurityProfileSummaryList {
		f.profiles[*sp.Name] = *sp.Id
	}
	rps, _ := owner.ListRoutingProfiles(ctx, &awsconnect.ListRoutingProfilesInput{InstanceId: &f.instance})
	f.routing = *rps.RoutingProfileSummaryList[0].Id
	user := f.mustCreateUser(t, f.userInput("owned"))
	queues, _ := owner.ListQueues(ctx, &awsconnect.ListQueuesInput{InstanceId: &f.instance, QueueTypes: []types.QueueType{types.QueueTypeStandard}})
	queue := *queues.QueueSummaryList[0].Id
	hours, _ := owner.ListHoursOfOperations(ctx, &awsconnect.ListHoursOfOperationsInput{InstanceId: &f.instance})
	hoursID := *hours.HoursOfOperationSummaryList[0].Id
	sp, rp := f.profiles["Agent"], f.routing
	f.mustLevels(t, "Region")
	group := f.mustGroup(t, "Owned", "")

	// ListInstances and CreateInstance are called below, after the others.
	covered := map[string]bool{"CreateInstance": true, "ListInstances": true}
	strangers := map[string]*awsconnect.Client{
		"other account":                srv.ClientWithKey("AKIDBOB", "bob-secret", "us-east-1"),
		"same account, another region": srv.ClientWithKey("AKIDALICE", "alice-secret", "eu-west-2"),
	}
	for who, c := range strangers {
		for _, ref := range []struct{ instance, user, sp, rp, queue, hours, group string }{
			{f.instance, user, sp, rp, queue, hoursID, group},
			{f.arn, f.arn + "/agent/" + user, f.arn + "/security-profile/" + sp, f.arn + "/routing-profile/" + rp, f.arn + "/queue/" + queue, f.arn + "/operating-hours/" + hoursID,
				f.arn + "/agent-group/" + group},
		} {
			calls := map[string]func() error{
				"UpdateUserHierarchyStructure": func() error {
					_, err := c.UpdateUserHierarchyStructure(ctx, &awsconnect.UpdateUserHierarchyStructureInput{InstanceId: &ref.instance, HierarchyStructure: levels()})
					return err
				},
				"DescribeUserHierarchyStructure": func() error {
					_, err := c.DescribeUserHierarchyStructure(ctx, &awsconnect.DescribeUserHierarchyStructureInput{InstanceId: &ref.instance})
					return err
				},
				"CreateUserHierarchyGroup": func() error {
					_, err := c.CreateUserHierarchyGroup(ctx, &awsconnect.CreateUserHierarchyGroupInput{InstanceId: &ref.instance, Name: aws.String("Intruder"), ParentGroupId: &ref.group})
					return err
				},
				"DescribeUserHierarchyGroup": func() error {
					_, err := c.DescribeUserHierarchyGroup(ctx, &awsconnect.DescribeUserHierarchyGroupInput{InstanceId: &ref.instance, HierarchyGroupId: &ref.group})
					return err
				},
				"ListUserHierarchyGroups": func() error {
					_, err := c.ListUserHierarchyGroups(ctx, &awsconnect.ListUserHierarchyGroupsInput{InstanceId: &ref.instance})
					return err
				},
				"UpdateUserHierarchyGroupName": func() error {
					_, err := c.UpdateUserHierarchyGroupName(ctx, &awsconnect.UpdateUserHierarchyGroupNameInput{InstanceId: &ref.instance, HierarchyGroupId: &ref.group, Name: aws.String("Taken")})
					return err
				},
				"DeleteUserHierarchyGroup": func() error {
					_, err := c.DeleteUserHierarchyGroup(ctx, &awsconnect.DeleteUserHierarchyGroupInput{InstanceId: &ref.instance, HierarchyGroupId: &ref.group})
					return err
				},
				"SearchUserHierarchyGroups": func() error {
					_, err := c.SearchUserHierarchyGroups(ctx, &awsconnect.SearchUserHierarchyGroupsInput{InstanceId: &ref.instance})
					return err
				},
				"TagResource on a hierarchy group": func() error {
					_, err := c.TagResource(ctx, &awsconnect.TagResourceInput{ResourceArn: aws.String(f.arn + "/agent-group/" + group), Tags: map[string]string{"x": "y"}})
					return err
				},
				"DescribeInstance": func() error {
					_, err := c.DescribeInstance(ctx, &awsconnect.DescribeInstanceInput{InstanceId: &ref.instance})
					return err
				},
				"DeleteInstance": func() error {
					_, err := c.DeleteInstance(ctx, &awsconnect.DeleteInstanceInput{InstanceId: &ref.instance})
					return err
				},
				"CreateUser": func() error {
					in := f.userInput("intruder")
					in.InstanceId = &ref.instance
					_, err := c.CreateUser(ctx, in)
					return err
				},
				"DescribeUser": func() error {
					_, err := c.DescribeUser(ctx, &awsconnect.DescribeUserInput{InstanceId: &ref.instance, UserId: &ref.user})
					return err
				},
				"ListUsers": func() error {
					_, err := c.ListUsers(ctx, &awsconnect.ListUsersInput{InstanceId: &ref.instance})
					return err
				},
				"DeleteUser": func() error {
					_, err := c.DeleteUser(ctx, &awsconnect.DeleteUserInput{InstanceId: &ref.instance, UserId: &ref.user})
					return err
				},
				"UpdateUserIdentityInfo": func() error {
					_, err := c.UpdateUserIdentityInfo(ctx, &awsconnect.UpdateUserIdentityInfoInput{InstanceId: &ref.instance, UserId: &ref.user,
						IdentityInfo: &types.UserIdentityInfo{FirstName: aws.String("X"), LastName: aws.String("Y")}})
					return err
				},
				"UpdateUserPhoneConfig": func() error {
					_, err := c.UpdateUserPhoneConfig(ctx, &awsconnect.UpdateUserPhoneConfigInput{InstanceId: &ref.instance, UserId: &ref.user,
						PhoneConfig: &types.UserPhoneConfig{PhoneType: types.PhoneTypeSoftPhone}})
					return err
				},
				"UpdateUserRoutingProfile": func() error {
					_, err := c.UpdateUserRoutingProfile(ctx, &awsconnect.UpdateUserRoutingProfileInput{InstanceId: &ref.instance, UserId: &ref.user, RoutingProfileId: &ref.rp})
					return err
				},
				"UpdateUserSecurityProfiles": func() error {
					_, err := c.UpdateUserSecurityProfiles(ctx, &awsconnect.UpdateUserSecurityProfilesInput{InstanceId: &ref.instance, UserId: &ref.user, SecurityProfileIds: []string{ref.sp}})
					return err
				},
				"UpdateUserHierarchy": func() error {
					_, err := c.UpdateUserHierarchy(ctx, &awsconnect.UpdateUserHierarchyInput{InstanceId: &ref.instance, UserId: &ref.user})
					return err
				},
				"UpdateUserConfig": func() error {
					_, err := c.UpdateUserConfig(ctx, &awsconnect.UpdateUserConfigInput{InstanceId: &ref.instance, UserId: &ref.user,
						AutoAcceptConfigs: []types.AutoAcceptConfig{{Channel: types.ChannelChat, AutoAccept: true}}})
					return err
				},
				"TagResource": func() error {
					_, err := c.TagResource(ctx, &awsconnect.TagResourceInput{ResourceArn: aws.String(f.arn + "/agent/" + user), Tags: map[string]string{"x": "y"}})
					return err
				},
				"UntagResource": func() error {
					_, err := c.UntagResource(ctx, &awsconnect.UntagResourceInput{ResourceArn: aws.String(f.arn), TagKeys: []string{"team"}})
					return err
				},
				"ListTagsForResource": func() error {
					_, err := c.ListTagsForResource(ctx, &awsconnect.ListTagsForResourceInput{ResourceArn: aws.String(f.arn + "/routing-profile/" + rp)})
					return err
				},
				"CreateSecurityProfile": func() error {
					_, err := c.CreateSecurityProfile(ctx, &awsconnect.CreateSecurityProfileInput{InstanceId: &ref.instance, SecurityProfileName: aws.String("x")})
					return err
				},
				"UpdateSecurityProfile": func() error {
					_, err := c.UpdateSecurityProfile(ctx, &awsconnect.UpdateSecurityProfileInput{InstanceId: &ref.instance, SecurityProfileId: &ref.sp, Description: aws.String("x")})
					return err
				},
				"DeleteSecurityProfile": func() error {
					_, err := c.DeleteSecurityProfile(ctx, &awsconnect.DeleteSecurityProfileInput{InstanceId: &ref.instance, SecurityProfileId: &ref.sp})
					return err
				},
				"CreateRoutingProfile": func() error {
					_, err := c.CreateRoutingProfile(ctx, &awsconnect.CreateRoutingProfileInput{InstanceId: &ref.instance, Name: aws.String("x"), Description: aws.String("x"),
						DefaultOutboundQueueId: &ref.queue, MediaConcurrencies: []types.MediaConcurrency{{Channel: types.ChannelVoice, Concurrency: aws.Int32(1)}}})
					return err
				},
				"DeleteRoutingProfile": func() error {
					_, err := c.DeleteRoutingProfile(ctx, &awsconnect.DeleteRoutingProfileInput{InstanceId: &ref.instance, RoutingProfileId: &ref.rp})
					return err
				},
				"UpdateRoutingProfileConcurrency": func() error {
					_, err := c.UpdateRoutingProfileConcurrency(ctx, &awsconnect.UpdateRoutingProfileConcurrencyInput{InstanceId: &ref.instance, RoutingProfileId: &ref.rp,
						MediaConcurrencies: []types.MediaConcurrency{{Channel: types.ChannelVoice, Concurrency: aws.Int32(1)}}})
					return err
				},
				"UpdateRoutingProfileDefaultOutboundQueue": func() error {
					_, err := c.UpdateRoutingProfileDefaultOutboundQueue(ctx, &awsconnect.UpdateRoutingProfileDefaultOutboundQueueInput{InstanceId: &ref.instance, RoutingProfileId: &ref.rp, DefaultOutboundQueueId: &ref.queue})
					return err
				},
				"UpdateRoutingProfileName": func() error {
					_, err := c.UpdateRoutingProfileName(ctx, &awsconnect.UpdateRoutingProfileNameInput{InstanceId: &ref.instance, RoutingProfileId: &ref.rp, Name: aws.String("x")})
					return err
				},
				"UpdateRoutingProfileQueues": func() error {
					_, err := c.UpdateRoutingProfileQueues(ctx, &awsconnect.UpdateRoutingProfileQueuesInput{InstanceId: &ref.instance, RoutingProfileId: &ref.rp,
						QueueConfigs: []types.RoutingProfileQueueConfig{{QueueReference: &types.RoutingProfileQueueReference{QueueId: &ref.queue, Channel: types.ChannelVoice}, Priority: aws.Int32(1), Delay: aws.Int32(0)}}})
					return err
				},
				"AssociateRoutingProfileQueues": func() error {
					_, err := c.AssociateRoutingProfileQueues(ctx, &awsconnect.AssociateRoutingProfileQueuesInput{InstanceId: &ref.instance, RoutingProfileId: &ref.rp,
						QueueConfigs: []types.RoutingProfileQueueConfig{{QueueReference: &types.RoutingProfileQueueReference{QueueId: &ref.queue, Channel: types.ChannelVoice}, Priority: aws.Int32(1), Delay: aws.Int32(0)}}})
					return err
				},
				"DisassociateRoutingProfileQueues": func() error {
					_, err := c.DisassociateRoutingProfileQueues(ctx, &awsconnect.DisassociateRoutingProfileQueuesInput{InstanceId: &ref.instance, RoutingProfileId: &ref.rp,
						QueueReferences: []types.RoutingProfileQueueReference{{QueueId: &ref.queue, Channel: types.ChannelVoice}}})
					return err
				},
				"ListRoutingProfileQueues": func() error {
					_, err := c.ListRoutingProfileQueues(ctx, &awsconnect.ListRoutingProfileQueuesInput{InstanceId: &ref.instance, RoutingProfileId: &ref.rp})
					return err
				},
				"CreateQueue": func() error {
					_, err := c.CreateQueue(ctx, &awsconnect.CreateQueueInput{InstanceId: &ref.instance, Name: aws.String("x"), HoursOfOperationId: &ref.hours})
					return err
				},
				"CreateHoursOfOperation": func() error {
					_, err := c.CreateHoursOfOperation(ctx, &awsconnect.CreateHoursOfOperationInput{InstanceId: &ref.instance, Name: aws.String("x"), TimeZone: aws.String("UTC"),
						Config: []types.HoursOfOperationConfig{{Day: types.HoursOfOperationDaysMonday, StartTime: &types.HoursOfOperationTimeSlice{Hours: aws.Int32(9), Minutes: aws.Int32(0)}, EndTime: &types.HoursOfOperationTimeSlice{Hours: aws.Int32(17), Minutes: aws.Int32(0)}}}})
					return err
				},
				"SearchUsers": func() error {
					_, err := c.SearchUsers(ctx, &awsconnect.SearchUsersInput{InstanceId: &ref.instance})
					return err
				},
				"DescribeSecurityProfile": func() error {
					_, err := c.DescribeSecurityProfile(ctx, &awsconnect.DescribeSecurityProfileInput{InstanceId: &ref.instance, SecurityProfileId: &ref.sp})
					return err
				},
				"ListSecurityProfiles": func() error {
					_, err := c.ListSecurityProfiles(ctx, &awsconnect.ListSecurityProfilesInput{InstanceId: &ref.instance})
					return err
				},
				"DescribeRoutingProfile": func() error {
					_, err := c.DescribeRoutingProfile(ctx, &awsconnect.DescribeRoutingProfileInput{InstanceId: &ref.instance, RoutingProfileId: &ref.rp})
					return err
				},
				"ListRoutingProfiles": func() error {
					_, err := c.ListRoutingProfiles(ctx, &awsconnect.ListRoutingProfilesInput{InstanceId: &ref.instance})
					return err
				},
				"DescribeQueue": func() error {
					_, err := c.DescribeQueue(ctx, &awsconnect.DescribeQueueInput{InstanceId: &ref.instance, QueueId: &ref.queue})
					return err
				},
				"ListQueues": func() error {
					_, err := c.ListQueues(ctx, &awsconnect.ListQueuesInput{InstanceId: &ref.instance})
					return err
				},
				"DescribeHoursOfOperation": func() error {
					_, err := c.DescribeHoursOfOperation(ctx, &awsconnect.DescribeHoursOfOperationInput{InstanceId: &ref.instance, HoursOfOperationId: &ref.hours})
					return err
				},
				"DeleteHoursOfOperation": func() error {
					_, err := c.DeleteHoursOfOperation(ctx, &awsconnect.DeleteHoursOfOperationInput{InstanceId: &ref.instance, HoursOfOperationId: &ref.hours})
					return err
				},
				"DeleteQueue": func() error {
					_, err := c.DeleteQueue(ctx, &awsconnect.DeleteQueueInput{InstanceId: &ref.instance, QueueId: &ref.queue})
					return err
				},
				"ListHoursOfOperations": func() error {
					_, err := c.ListHoursOfOperations(ctx, &awsconnect.ListHoursOfOperationsInput{InstanceId: &ref.instance})
					return err
				},
			}
			for op, call := range calls {
				covered[op] = true
				t.Run(who+"/"+op, func(t *testing.T) { wantAPIError(t, call(), "ResourceNotFoundException") })
			}
			// Lists of one's own scope hold nothing of the other's.
			list, err := c.ListInstances(ctx, &awsconnect.ListInstancesInput{})
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range list.InstanceSummaryList {
				if *s.Id == f.instance {
					t.Errorf("%s lists the owner's instance", who)
				}
			}
			// Creating one's own instance is the stranger's own business.
			_, err = c.CreateInstance(ctx, &awsconnect.CreateInstanceInput{IdentityManagementType: types.DirectoryTypeSaml,
				InstanceAlias: aws.String("isolated"), InboundCallsEnabled: aws.Bool(true), OutboundCallsEnabled: aws.Bool(true)})
			if err != nil && !strings.Contains(err.Error(), "alias is already used") {
				t.Errorf("%s: CreateInstance: %v", who, err)
			}
		}
	}

	// Every implemented operation was called above.
	api, _ := awsapi.NewServer(connect.NewService(mustMemory(t), connect.Options{Argon2: connecttest.TestArgon2}), awsapi.Options{})
	implemented := api.Implemented()
	sort.Strings(implemented)
	for _, op := range implemented {
		if !covered[op] {
			t.Errorf("%s is implemented but not covered by this test", op)
		}
	}

	// The owner's world is untouched.
	if names := f.usernames(t); len(names) != 1 || names[0] != "owned" {
		t.Errorf("owner's users: %v", names)
	}
	if _, err := owner.DescribeInstance(ctx, &awsconnect.DescribeInstanceInput{InstanceId: &f.instance}); err != nil {
		t.Errorf("owner's instance: %v", err)
	}
	if g := f.group(t, group); *g.Name != "Owned" || len(g.Tags) != 0 {
		t.Errorf("owner's hierarchy group: %+v", g)
	}
	if got := f.structure(t); len(got) != 1 || *got[0].Name != "Region" {
		t.Errorf("owner's hierarchy levels: %v", levelNames(got))
	}
}

func mustMemory(t *testing.T) connect.Store {
	s, err := sqlite.Open(sqlite.Memory)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
