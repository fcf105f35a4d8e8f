package awsapi

import "github.com/connectd/connectd/connect"

// api is every operation connectd implements, registered by the Service
// method that carries it out, in the rows of the README's table of
// operations with what that table says of them (TestREADMEOperations
// writes the table from here). Every other operation of the model answers
// NotImplementedException.
var api = []group{
	{"ACTIVE at once, with the default resources below", []route{
		{"CreateInstance", op((*connect.Service).CreateInstance)},
	}},
	{"deleting an instance deletes everything in it", []route{
		{"DescribeInstance", op((*connect.Service).DescribeInstance)},
		{"ListInstances", op((*connect.Service).ListInstances)},
		{"DeleteInstance", opNoAnswer((*connect.Service).DeleteInstance)},
	}},
	{"all members of the current model, and the older `PhoneConfig`", []route{
		{"CreateUser", op((*connect.Service).CreateUser)},
	}},
	{"deleting a user deletes its agent queue and tags", []route{
		{"DescribeUser", op((*connect.Service).DescribeUser)},
		{"ListUsers", op((*connect.Service).ListUsers)},
		{"DeleteUser", opNoAnswer((*connect.Service).DeleteUser)},
	}},
	{"each atomic; each moves `LastModifiedTime` and `LastModifiedRegion`", []route{
		{"UpdateUserIdentityInfo", opNoAnswer((*connect.Service).UpdateUserIdentityInfo)},
		{"UpdateUserPhoneConfig", opNoAnswer((*connect.Service).UpdateUserPhoneConfig)},
		{"UpdateUserConfig", opNoAnswer((*connect.Service).UpdateUserConfig)},
		{"UpdateUserRoutingProfile", opNoAnswer((*connect.Service).UpdateUserRoutingProfile)},
		{"UpdateUserSecurityProfiles", opNoAnswer((*connect.Service).UpdateUserSecurityProfiles)},
		{"UpdateUserHierarchy", opNoAnswer((*connect.Service).UpdateUserHierarchy)},
	}},
	{"at most five levels", []route{
		{"UpdateUserHierarchyStructure", opNoAnswer((*connect.Service).UpdateUserHierarchyStructure)},
		{"DescribeUserHierarchyStructure", op((*connect.Service).DescribeUserHierarchyStructure)},
		{"CreateUserHierarchyGroup", op((*connect.Service).CreateUserHierarchyGroup)},
		{"DescribeUserHierarchyGroup", op((*connect.Service).DescribeUserHierarchyGroup)},
		{"ListUserHierarchyGroups", op((*connect.Service).ListUserHierarchyGroups)},
		{"UpdateUserHierarchyGroupName", opNoAnswer((*connect.Service).UpdateUserHierarchyGroupName)},
		{"DeleteUserHierarchyGroup", opNoAnswer((*connect.Service).DeleteUserHierarchyGroup)},
		{"SearchUserHierarchyGroups", op((*connect.Service).SearchUserHierarchyGroups)},
	}},
	{"on the ARN of an instance, user, security profile, routing profile, queue (agent queues too), hours of operation or hierarchy group", []route{
		{"TagResource", opNoAnswer((*connect.Service).TagResource)},
		{"UntagResource", opNoAnswer((*connect.Service).UntagResource)},
		{"ListTagsForResource", op((*connect.Service).ListTagsForResource)},
	}},
	{"criteria, filters, paging and `ApproximateTotalCount`, evaluated in the database", []route{
		{"SearchUsers", op((*connect.Service).SearchUsers)},
	}},
	{"", []route{
		{"CreateSecurityProfile", op((*connect.Service).CreateSecurityProfile)},
		{"DescribeSecurityProfile", op((*connect.Service).DescribeSecurityProfile)},
		{"ListSecurityProfiles", op((*connect.Service).ListSecurityProfiles)},
		{"UpdateSecurityProfile", opNoAnswer((*connect.Service).UpdateSecurityProfile)},
		{"DeleteSecurityProfile", opNoAnswer((*connect.Service).DeleteSecurityProfile)},
	}},
	{"", []route{
		{"CreateRoutingProfile", op((*connect.Service).CreateRoutingProfile)},
		{"DescribeRoutingProfile", op((*connect.Service).DescribeRoutingProfile)},
		{"ListRoutingProfiles", op((*connect.Service).ListRoutingProfiles)},
		{"DeleteRoutingProfile", opNoAnswer((*connect.Service).DeleteRoutingProfile)},
		{"UpdateRoutingProfileName", opNoAnswer((*connect.Service).UpdateRoutingProfileName)},
		{"UpdateRoutingProfileConcurrency", opNoAnswer((*connect.Service).UpdateRoutingProfileConcurrency)},
		{"UpdateRoutingProfileDefaultOutboundQueue", opNoAnswer((*connect.Service).UpdateRoutingProfileDefaultOutboundQueue)},
		{"AssociateRoutingProfileQueues", opNoAnswer((*connect.Service).AssociateRoutingProfileQueues)},
		{"UpdateRoutingProfileQueues", opNoAnswer((*connect.Service).UpdateRoutingProfileQueues)},
		{"DisassociateRoutingProfileQueues", opNoAnswer((*connect.Service).DisassociateRoutingProfileQueues)},
		{"ListRoutingProfileQueues", op((*connect.Service).ListRoutingProfileQueues)},
	}},
	{"standard queues and users' agent queues (which go only with their user); `ListQueues` takes `queueTypes`", []route{
		{"CreateQueue", op((*connect.Service).CreateQueue)},
		{"DescribeQueue", op((*connect.Service).DescribeQueue)},
		{"ListQueues", op((*connect.Service).ListQueues)},
		{"DeleteQueue", opNoAnswer((*connect.Service).DeleteQueue)},
	}},
	{"hours a queue names are not deleted: `InvalidRequestException`, the model giving `DeleteHoursOfOperation` no `ResourceInUseException`", []route{
		{"CreateHoursOfOperation", op((*connect.Service).CreateHoursOfOperation)},
		{"DescribeHoursOfOperation", op((*connect.Service).DescribeHoursOfOperation)},
		{"ListHoursOfOperations", op((*connect.Service).ListHoursOfOperations)},
		{"DeleteHoursOfOperation", opNoAnswer((*connect.Service).DeleteHoursOfOperation)},
	}},
}

// Operations lists the operations connectd implements, in the order of the
// README's table.
func Operations() []string {
	var names []string
	for _, g := range api {
		for _, r := range g.routes {
			names = append(names, r.name)
		}
	}
	return names
}

// A group is a row of the README's table of operations.
type group struct {
	note   string
	routes []route
}

// A route is an implemented operation and its handler.
type route struct {
	name   string
	handle handler
}
