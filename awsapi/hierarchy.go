package awsapi

import "github.com/connectd/connectd/connect"

// The handlers of the user hierarchy's operations.

func (s *Server) describeHierarchyStructure(c *call) (any, error) {
	h, err := s.svc.DescribeUserHierarchyStructure(c.ctx, c.scope, c.str("InstanceId"))
	if err != nil {
		return nil, err
	}
	return struct{ HierarchyStructure connect.HierarchyStructure }{h}, nil
}

func (s *Server) updateHierarchyStructure(c *call) (any, error) {
	var in connect.UpdateUserHierarchyStructureInput
	if err := c.decodeBody(&in); err != nil {
		return nil, err
	}
	in.InstanceId = c.str("InstanceId")
	return nil, s.svc.UpdateUserHierarchyStructure(c.ctx, c.scope, in)
}

func (s *Server) createHierarchyGroup(c *call) (any, error) {
	var in connect.CreateUserHierarchyGroupInput
	if err := c.decodeBody(&in); err != nil {
		return nil, err
	}
	in.InstanceId = c.str("InstanceId")
	return s.svc.CreateUserHierarchyGroup(c.ctx, c.scope, in)
}

func (s *Server) renameHierarchyGroup(c *call) (any, error) {
	var in connect.UpdateUserHierarchyGroupNameInput
	if err := c.decodeBody(&in); err != nil {
		return nil, err
	}
	in.InstanceId, in.HierarchyGroupId = c.str("InstanceId"), c.str("HierarchyGroupId")
	return nil, s.svc.UpdateUserHierarchyGroupName(c.ctx, c.scope, in)
}

func (s *Server) searchHierarchyGroups(c *call) (any, error) {
	var in connect.SearchUserHierarchyGroupsInput
	if err := c.decodeBody(&in); err != nil {
		return nil, err
	}
	in.MaxResults = c.page().MaxResults
	return s.svc.SearchUserHierarchyGroups(c.ctx, c.scope, in)
}
