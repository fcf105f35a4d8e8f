package awsapi

import (
	"encoding/json"

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
		"DeleteUser":   s.deleteUser,

		"DescribeSecurityProfile":  s.describe("SecurityProfile", connect.KindSecurityProfile, "SecurityProfileId"),
		"ListSecurityProfiles":     s.list("SecurityProfileSummaryList", connect.KindSecurityProfile),
		"DescribeRoutingProfile":   s.describe("RoutingProfile", connect.KindRoutingProfile, "RoutingProfileId"),
		"ListRoutingProfiles":      s.list("RoutingProfileSummaryList", connect.KindRoutingProfile),
		"DescribeQueue":            s.describe("Queue", connect.KindQueue, "QueueId"),
		"ListQueues":               s.list("QueueSummaryList", connect.KindQueue),
		"DescribeHoursOfOperation": s.describe("HoursOfOperation", connect.KindHoursOfOperation, "HoursOfOperationId"),
		"ListHoursOfOperations":    s.list("HoursOfOperationSummaryList", connect.KindHoursOfOperation),
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
	return map[string]json.RawMessage{"Instance": doc}, nil
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

func (s *Server) deleteUser(c *call) (any, error) {
	return nil, s.svc.DeleteUser(c.ctx, c.scope, c.str("InstanceId"), c.str("UserId"))
}

// describe answers an operation that returns one resource of an instance,
// stored as its API shape, under the key field.
func (s *Server) describe(field string, kind connect.Kind, idMember string) handler {
	return func(c *call) (any, error) {
		doc, err := s.svc.Describe(c.ctx, c.scope, c.str("InstanceId"), kind, c.str(idMember))
		if err != nil {
			return nil, err
		}
		return map[string]json.RawMessage{field: doc}, nil
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
		out := map[string]any{field: list}
		if next != "" {
			out["NextToken"] = next
		}
		return out, nil
	}
}
