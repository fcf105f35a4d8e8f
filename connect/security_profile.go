package connect

import (
	"context"
	"encoding/json"
)

func (p *SecurityProfile) touch(at Time, region string) {
	p.LastModifiedTime, p.LastModifiedRegion = at, region
}

// SecurityProfileInput carries CreateSecurityProfile and
// UpdateSecurityProfile.
type SecurityProfileInput struct {
	InstanceId                           string `json:"-"`
	SecurityProfileId                    string `json:"-"`
	SecurityProfileName                  string
	Description                          *string
	Permissions                          []string
	AllowedAccessControlTags             map[string]string
	TagRestrictedResources               []string
	HierarchyRestrictedResources         []string
	AllowedAccessControlHierarchyGroupId *string
	Applications                         json.RawMessage
	AllowedFlowModules                   json.RawMessage
	GranularAccessControlConfiguration   json.RawMessage
	Tags                                 map[string]string
}

// securityProfilePrivate is what a security profile keeps that
// DescribeSecurityProfile does not show.
type securityProfilePrivate struct {
	Permissions        []string        `json:",omitempty"`
	Applications       json.RawMessage `json:",omitempty"`
	AllowedFlowModules json.RawMessage `json:",omitempty"`
}

// CreateSecurityProfile creates a security profile.
func (s *Service) CreateSecurityProfile(ctx context.Context, scope Scope, in SecurityProfileInput) (map[string]string, error) {
	inst, err := s.beforeCreate(ctx, scope, in.InstanceId, in.SecurityProfileName, in.Tags)
	if err != nil {
		return nil, err
	}
	if err := checkSecurityProfile(in); err != nil {
		return nil, err
	}
	now := s.now()
	id := newID()
	p := SecurityProfile{Id: id, OrganizationResourceId: inst.Id, Arn: ChildARN(scope, inst.Id, KindSecurityProfile, id),
		SecurityProfileName: in.SecurityProfileName, Tags: tagsOrEmpty(in.Tags)}
	if err := s.resolveAccessGroup(ctx, scope, &in); err != nil {
		return nil, err
	}
	private, err := applySecurityProfile(&p, securityProfilePrivate{}, in)
	if err != nil {
		return nil, err
	}
	p.touch(Time{now}, scope.Region)
	rec := record(scope, KindSecurityProfile, id, inst.Id, p.SecurityProfileName, p.Arn, now, p)
	rec.Private = private
	if err := s.create(ctx, duplicateName(KindSecurityProfile, p.SecurityProfileName), rec); err != nil {
		return nil, err
	}
	return map[string]string{"SecurityProfileId": id, "SecurityProfileArn": p.Arn}, nil
}

// checkSecurityProfile applies what the documentation of a security
// profile's members says beyond the model: "Following are acceptable
// ResourceNames: User" for HierarchyRestrictedResources, and "For
// third-party applications, only the ACCESS permission is supported".
func checkSecurityProfile(in SecurityProfileInput) error {
	for _, r := range in.HierarchyRestrictedResources {
		if r != "User" {
			return Errorf(InvalidParameter, "HierarchyRestrictedResources may name only User, not %q.", r)
		}
	}
	if in.Applications == nil {
		return nil
	}
	var apps []struct {
		Type                   string
		ApplicationPermissions []string
	}
	if err := json.Unmarshal(in.Applications, &apps); err != nil {
		return err
	}
	for _, app := range apps {
		for _, perm := range app.ApplicationPermissions {
			if app.Type == "THIRD_PARTY_APPLICATION" && perm != "ACCESS" {
				return Errorf(InvalidParameter, "A third-party application's ApplicationPermissions may hold only ACCESS, not %q.", perm)
			}
		}
	}
	return nil
}

// resolveAccessGroup replaces the hierarchy group an input names by its ID,
// after checking it exists.
func (s *Service) resolveAccessGroup(ctx context.Context, scope Scope, in *SecurityProfileInput) error {
	if g := in.AllowedAccessControlHierarchyGroupId; g != nil && *g != "" {
		rec, err := s.child(ctx, scope, in.InstanceId, KindHierarchyGroup, *g)
		if err != nil {
			return err
		}
		in.AllowedAccessControlHierarchyGroupId = &rec.ID
	}
	return nil
}

// applySecurityProfile sets what an input gives, and returns the profile's
// private part.
func applySecurityProfile(p *SecurityProfile, private securityProfilePrivate, in SecurityProfileInput) ([]byte, error) {
	if in.AllowedAccessControlHierarchyGroupId != nil {
		p.AllowedAccessControlHierarchyGroupId = *in.AllowedAccessControlHierarchyGroupId
	}
	if in.Description != nil {
		p.Description = *in.Description
	}
	if in.AllowedAccessControlTags != nil {
		p.AllowedAccessControlTags = in.AllowedAccessControlTags
	}
	if in.TagRestrictedResources != nil {
		p.TagRestrictedResources = in.TagRestrictedResources
	}
	if in.HierarchyRestrictedResources != nil {
		p.HierarchyRestrictedResources = in.HierarchyRestrictedResources
	}
	if in.GranularAccessControlConfiguration != nil {
		p.GranularAccessControlConfiguration = in.GranularAccessControlConfiguration
	}
	if in.Permissions != nil {
		private.Permissions = in.Permissions
	}
	if in.Applications != nil {
		private.Applications = in.Applications
	}
	if in.AllowedFlowModules != nil {
		private.AllowedFlowModules = in.AllowedFlowModules
	}
	return json.Marshal(private)
}

// UpdateSecurityProfile changes what the input gives of a security profile.
func (s *Service) UpdateSecurityProfile(ctx context.Context, scope Scope, in SecurityProfileInput) error {
	if err := checkSecurityProfile(in); err != nil {
		return err
	}
	if err := s.resolveAccessGroup(ctx, scope, &in); err != nil {
		return err
	}
	return updateResource(ctx, s, scope, in.InstanceId, KindSecurityProfile, in.SecurityProfileId, func(p *SecurityProfile, r *Record) error {
		var private securityProfilePrivate
		if len(r.Private) > 0 {
			if err := json.Unmarshal(r.Private, &private); err != nil {
				return err
			}
		}
		b, err := applySecurityProfile(p, private, in)
		r.Private = b
		return err
	})
}

// DescribeSecurityProfileInput is DescribeSecurityProfile's request.
type DescribeSecurityProfileInput struct{ InstanceId, SecurityProfileId string }

// DescribeSecurityProfileOutput is DescribeSecurityProfile's answer.
type DescribeSecurityProfileOutput struct{ SecurityProfile json.RawMessage }

// DescribeSecurityProfile returns the stored SecurityProfile shape.
func (s *Service) DescribeSecurityProfile(ctx context.Context, scope Scope, in DescribeSecurityProfileInput) (DescribeSecurityProfileOutput, error) {
	doc, err := s.describe(ctx, scope, in.InstanceId, KindSecurityProfile, in.SecurityProfileId)
	return DescribeSecurityProfileOutput{doc}, err
}

// ListSecurityProfilesInput is ListSecurityProfiles' request.
type ListSecurityProfilesInput struct {
	InstanceId string
	Page
}

// ListSecurityProfilesOutput is ListSecurityProfiles' answer.
type ListSecurityProfilesOutput struct {
	SecurityProfileSummaryList []Summary
	NextToken                  string `json:",omitempty"`
}

// ListSecurityProfiles returns a page of an instance's security profiles.
func (s *Service) ListSecurityProfiles(ctx context.Context, scope Scope, in ListSecurityProfilesInput) (ListSecurityProfilesOutput, error) {
	list, next, err := s.list(ctx, scope, in.InstanceId, KindSecurityProfile, in.Page, nil)
	return ListSecurityProfilesOutput{list, next}, err
}

// DeleteSecurityProfileInput is DeleteSecurityProfile's request.
type DeleteSecurityProfileInput struct{ InstanceId, SecurityProfileId string }

// DeleteSecurityProfile deletes a security profile no user has.
func (s *Service) DeleteSecurityProfile(ctx context.Context, scope Scope, in DeleteSecurityProfileInput) error {
	rec, err := s.child(ctx, scope, in.InstanceId, KindSecurityProfile, in.SecurityProfileId)
	if err != nil {
		return err
	}
	return s.remove(ctx, in.SecurityProfileId, rec.Key)
}

// SecurityProfile is the SecurityProfile shape of DescribeSecurityProfile.
type SecurityProfile struct {
	Id                     string
	OrganizationResourceId string
	Arn                    string
	SecurityProfileName    string
	Description            string `json:",omitempty"`
	Tags                   map[string]string
	// The access controls, as sent.
	AllowedAccessControlTags             map[string]string `json:",omitempty"`
	TagRestrictedResources               []string          `json:",omitempty"`
	HierarchyRestrictedResources         []string          `json:",omitempty"`
	AllowedAccessControlHierarchyGroupId string            `json:",omitempty"`
	GranularAccessControlConfiguration   json.RawMessage   `json:",omitempty"`
	LastModifiedTime                     Time
	LastModifiedRegion                   string
}
