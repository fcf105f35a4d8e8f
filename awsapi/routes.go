package awsapi

import (
	"context"

	"github.com/connectd/connectd/connect"
)

// routes lists every operation connectd implements. Every other operation
// of the model answers NotImplementedException.
func (s *Server) routes() map[string]handler {
	return map[string]handler{
		"CreateInstance":   s.createInstance,
		"DescribeInstance": s.describeInstance,
		"ListInstances":    s.listInstances,
		"DeleteInstance":   s.deleteInstance,

		"CreateUser":   s.createUser,
		"DescribeUser": s.describe("User", connect.KindUser, "UserId"),
		"ListUsers":    s.list("UserSummaryList", connect.KindUser),
		"DeleteUser":   s.deleteChild((*connect.Service).DeleteUser, "UserId"),
		"SearchUsers":  s.searchUsers,

		"UpdateUserIdentityInfo":     s.updateUser((*connect.Service).UpdateUserIdentityInfo),
		"UpdateUserPhoneConfig":      s.updateUser((*connect.Service).UpdateUserPhoneConfig),
		"UpdateUserRoutingProfile":   s.updateUser((*connect.Service).UpdateUserRoutingProfile),
		"UpdateUserSecurityProfiles": s.updateUser((*connect.Service).UpdateUserSecurityProfiles),
		"UpdateUserHierarchy":        s.updateUser((*connect.Service).UpdateUserHierarchy),
		"UpdateUserConfig":           s.updateUser((*connect.Service).UpdateUserConfig),

		"CreateSecurityProfile": s.createSecurityProfile,
		"UpdateSecurityProfile": s.updateSecurityProfile,
		"DeleteSecurityProfile": s.deleteChild((*connect.Service).DeleteSecurityProfile, "SecurityProfileId"),

		"CreateRoutingProfile":                     s.createRoutingProfile,
		"DeleteRoutingProfile":                     s.deleteChild((*connect.Service).DeleteRoutingProfile, "RoutingProfileId"),
		"UpdateRoutingProfileConcurrency":          s.updateRoutingProfile((*connect.Service).UpdateRoutingProfileConcurrency),
		"UpdateRoutingProfileDefaultOutboundQueue": s.updateRoutingProfile((*connect.Service).UpdateRoutingProfileDefaultOutboundQueue),
		"UpdateRoutingProfileName":                 s.updateRoutingProfile((*connect.Service).UpdateRoutingProfileName),
		"UpdateRoutingProfileQueues":               s.updateRoutingProfile((*connect.Service).UpdateRoutingProfileQueues),
		"AssociateRoutingProfileQueues":            s.updateRoutingProfile((*connect.Service).AssociateRoutingProfileQueues),
		"DisassociateRoutingProfileQueues":         s.updateRoutingProfile((*connect.Service).DisassociateRoutingProfileQueues),
		"ListRoutingProfileQueues":                 s.listRoutingProfileQueues,

		"CreateQueue":            s.createQueue,
		"CreateHoursOfOperation": s.createHoursOfOperation,

		"TagResource":         s.tagResource,
		"UntagResource":       s.untagResource,
		"ListTagsForResource": s.listTagsForResource,

		"DescribeSecurityProfile":  s.describe("SecurityProfile", connect.KindSecurityProfile, "SecurityProfileId"),
		"ListSecurityProfiles":     s.list("SecurityProfileSummaryList", connect.KindSecurityProfile),
		"DescribeRoutingProfile":   s.describe("RoutingProfile", connect.KindRoutingProfile, "RoutingProfileId"),
		"ListRoutingProfiles":      s.list("RoutingProfileSummaryList", connect.KindRoutingProfile),
		"DescribeQueue":            s.describe("Queue", connect.KindQueue, "QueueId"),
		"ListQueues":               s.list("QueueSummaryList", connect.KindQueue),
		"DescribeHoursOfOperation": s.describe("HoursOfOperation", connect.KindHoursOfOperation, "HoursOfOperationId"),
		"ListHoursOfOperations":    s.list("HoursOfOperationSummaryList", connect.KindHoursOfOperation),

		"UpdateUserHierarchyStructure":   s.updateHierarchyStructure,
		"DescribeUserHierarchyStructure": s.describeHierarchyStructure,
		"CreateUserHierarchyGroup":       s.createHierarchyGroup,
		"DescribeUserHierarchyGroup":     s.describe("HierarchyGroup", connect.KindHierarchyGroup, "HierarchyGroupId"),
		"ListUserHierarchyGroups":        s.list("UserHierarchyGroupSummaryList", connect.KindHierarchyGroup),
		"UpdateUserHierarchyGroupName":   s.renameHierarchyGroup,
		"DeleteUserHierarchyGroup":       s.deleteChild((*connect.Service).DeleteUserHierarchyGroup, "HierarchyGroupId"),
		"SearchUserHierarchyGroups":      s.searchHierarchyGroups,
	}
}

func (s *Server) createInstance(c *call) (any, error) {
	var in connect.CreateInstanceInput
	if err := c.decodeBody(&in); err != nil {
		return nil, err
	}
	return s.svc.CreateInstance(c.ctx, c.scope, in)
}

func (s *Server) describeInstance(c *call) (any, error) {
	doc, err := s.svc.DescribeInstance(c.ctx, c.scope, c.str("InstanceId"))
	if err != nil {
		return nil, err
	}
	return stored{"Instance", doc}, nil
}

func (s *Server) listInstances(c *call) (any, error) {
	list, next, err := s.svc.ListInstances(c.ctx, c.scope, c.page())
	if err != nil {
		return nil, err
	}
	return struct {
		InstanceSummaryList []connect.InstanceSummary
		NextToken           string `json:",omitempty"`
	}{list, next}, nil
}

func (s *Server) deleteInstance(c *call) (any, error) {
	return nil, s.svc.DeleteInstance(c.ctx, c.scope, c.str("InstanceId"))
}

func (s *Server) createUser(c *call) (any, error) {
	var in connect.CreateUserInput
	if err := c.decodeBody(&in); err != nil {
		return nil, err
	}
	in.InstanceId = c.str("InstanceId")
	return s.svc.CreateUser(c.ctx, c.scope, in)
}

// describe answers an operation that returns one resource of an instance,
// stored as its API shape, under the key field.
func (s *Server) describe(field string, kind connect.Kind, idMember string) handler {
	return func(c *call) (any, error) {
		doc, err := s.svc.Describe(c.ctx, c.scope, c.str("InstanceId"), kind, c.str(idMember))
		if err != nil {
			return nil, err
		}
		return stored{field, doc}, nil
	}
}

// list answers an operation that pages the summaries of a kind.
func (s *Server) list(field string, kind connect.Kind) handler {
	return func(c *call) (any, error) {
		var queueTypes []string
		if l, ok := c.input["QueueTypes"].([]any); ok {
			for _, t := range l {
				queueTypes = append(queueTypes, t.(string))
			}
		}
		list, next, err := s.svc.List(c.ctx, c.scope, c.str("InstanceId"), kind, c.page(), queueTypes)
		if err != nil {
			return nil, err
		}
		return summaries{field, list, next}, nil
	}
}

// updateUser answers one of the UpdateUser* operations, which share their
// path members and answer nothing.
func (s *Server) updateUser(update func(*connect.Service, context.Context, connect.Scope, connect.UpdateUserInput) error) handler {
	return func(c *call) (any, error) {
		var in connect.UpdateUserInput
		if err := c.decodeBody(&in); err != nil {
			return nil, err
		}
		in.InstanceId, in.UserId = c.str("InstanceId"), c.str("UserId")
		return nil, update(s.svc, c.ctx, c.scope, in)
	}
}

func (s *Server) tagResource(c *call) (any, error) {
	var in struct {
		Tags map[string]string `json:"tags"`
	}
	if err := c.decodeBody(&in); err != nil {
		return nil, err
	}
	return nil, s.svc.TagResource(c.ctx, c.scope, c.str("resourceArn"), in.Tags)
}

func (s *Server) untagResource(c *call) (any, error) {
	var keys []string
	if l, ok := c.input["tagKeys"].([]any); ok {
		for _, k := range l {
			keys = append(keys, k.(string))
		}
	}
	return nil, s.svc.UntagResource(c.ctx, c.scope, c.str("resourceArn"), keys)
}

func (s *Server) listTagsForResource(c *call) (any, error) {
	tags, err := s.svc.ResourceTags(c.ctx, c.scope, c.str("resourceArn"))
	if err != nil {
		return nil, err
	}
	return struct {
		Tags map[string]string `json:"tags"`
	}{tags}, nil
}

func (s *Server) searchUsers(c *call) (any, error) {
	var in connect.SearchUsersInput
	if err := c.decodeBody(&in); err != nil {
		return nil, err
	}
	in.MaxResults = c.page().MaxResults
	out, err := s.svc.SearchUsers(c.ctx, c.scope, in)
	return searchAnswer(out), err
}

// deleteChild answers an operation that deletes a resource of an instance
// named by a path member.
func (s *Server) deleteChild(del func(*connect.Service, context.Context, connect.Scope, string, string) error, idMember string) handler {
	return func(c *call) (any, error) {
		return nil, del(s.svc, c.ctx, c.scope, c.str("InstanceId"), c.str(idMember))
	}
}

func (s *Server) createSecurityProfile(c *call) (any, error) {
	var in connect.SecurityProfileInput
	if err := c.decodeBody(&in); err != nil {
		return nil, err
	}
	in.InstanceId = c.str("InstanceId")
	return s.svc.CreateSecurityProfile(c.ctx, c.scope, in)
}

func (s *Server) updateSecurityProfile(c *call) (any, error) {
	var in connect.SecurityProfileInput
	if err := c.decodeBody(&in); err != nil {
		return nil, err
	}
	in.InstanceId, in.SecurityProfileId = c.str("InstanceId"), c.str("SecurityProfileId")
	return nil, s.svc.UpdateSecurityProfile(c.ctx, c.scope, in)
}

func (s *Server) createRoutingProfile(c *call) (any, error) {
	var in connect.RoutingProfileInput
	if err := c.decodeBody(&in); err != nil {
		return nil, err
	}
	in.InstanceId = c.str("InstanceId")
	return s.svc.CreateRoutingProfile(c.ctx, c.scope, in)
}

// updateRoutingProfile answers one of the routing profile updates, which
// share their path members and answer nothing.
func (s *Server) updateRoutingProfile(update func(*connect.Service, context.Context, connect.Scope, connect.RoutingProfileInput) error) handler {
	return func(c *call) (any, error) {
		var in connect.RoutingProfileInput
		if err := c.decodeBody(&in); err != nil {
			return nil, err
		}
		in.InstanceId, in.RoutingProfileId = c.str("InstanceId"), c.str("RoutingProfileId")
		return nil, update(s.svc, c.ctx, c.scope, in)
	}
}

func (s *Server) listRoutingProfileQueues(c *call) (any, error) {
	return s.svc.ListRoutingProfileQueues(c.ctx, c.scope, c.str("InstanceId"), c.str("RoutingProfileId"), c.page())
}

func (s *Server) createQueue(c *call) (any, error) {
	var in connect.QueueInput
	if err := c.decodeBody(&in); err != nil {
		return nil, err
	}
	in.InstanceId = c.str("InstanceId")
	return s.svc.CreateQueue(c.ctx, c.scope, in)
}

func (s *Server) createHoursOfOperation(c *call) (any, error) {
	var in connect.HoursInput
	if err := c.decodeBody(&in); err != nil {
		return nil, err
	}
	in.InstanceId = c.str("InstanceId")
	return s.svc.CreateHoursOfOperation(c.ctx, c.scope, in)
}
