package connect

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"
)

// CreateInstanceInput is CreateInstance's request.
type CreateInstanceInput struct {
	ClientToken            string
	IdentityManagementType string
	InstanceAlias          string
	DirectoryId            string
	InboundCallsEnabled    bool
	OutboundCallsEnabled   bool
	Tags                   map[string]string
}

// CreateInstanceOutput is CreateInstance's answer.
type CreateInstanceOutput struct {
	Id  string
	Arn string
}

// defaultSecurityProfiles are the security profiles every new instance has.
var defaultSecurityProfiles = []struct{ name, description string }{
	{"Admin", "Grants all permissions."},
	{"Agent", "Grants the permissions an agent needs to take contacts."},
	{"CallCenterManager", "Grants the permissions to manage users, routing and metrics."},
	{"QualityAnalyst", "Grants the permissions to monitor contacts and review metrics."},
}

// CreateInstance creates an ACTIVE instance with the resources AWS gives a
// new one.
func (s *Service) CreateInstance(ctx context.Context, scope Scope, in CreateInstanceInput) (CreateInstanceOutput, error) {
	switch {
	case in.IdentityManagementType == ExistingDirectory && in.DirectoryId == "":
		return CreateInstanceOutput{}, Errorf(InvalidRequest, "DirectoryId is required when IdentityManagementType is EXISTING_DIRECTORY.")
	case in.IdentityManagementType != ExistingDirectory && in.DirectoryId != "":
		return CreateInstanceOutput{}, Errorf(InvalidRequest, "DirectoryId can only be given when IdentityManagementType is EXISTING_DIRECTORY.")
	case in.IdentityManagementType != ExistingDirectory && in.InstanceAlias == "":
		return CreateInstanceOutput{}, Errorf(InvalidRequest, "InstanceAlias is required when IdentityManagementType is %s.", in.IdentityManagementType)
	}
	tokenKey := Key{Scope: scope, Kind: KindClientToken, ID: "CreateInstance/" + in.ClientToken}
	if in.ClientToken != "" {
		if out, ok, err := s.replay(ctx, tokenKey); ok || err != nil {
			return out, err
		}
	}
	now := s.now()
	id := newID()
	inst := Instance{InstanceSummary: InstanceSummary{
		Id:                     id,
		Arn:                    scope.InstanceARN(id),
		IdentityManagementType: in.IdentityManagementType,
		InstanceAlias:          in.InstanceAlias,
		CreatedTime:            Time{now},
		ServiceRole:            "arn:" + scope.Partition + ":iam::" + scope.Account + ":role/aws-service-role/connect.amazonaws.com/AWSServiceRoleForAmazonConnect",
		InstanceStatus:         "ACTIVE",
		InboundCallsEnabled:    in.InboundCallsEnabled,
		OutboundCallsEnabled:   in.OutboundCallsEnabled,
	}, Tags: tagsOrEmpty(in.Tags)}
	if in.InstanceAlias != "" {
		inst.InstanceAccessUrl = "https://" + strings.ToLower(in.InstanceAlias) + ".my.connect.aws"
	}
	// Aliases name a host, so they are unique whatever their case.
	recs := []Record{record(scope, KindInstance, id, "", strings.ToLower(in.InstanceAlias), inst.Arn, now, inst)}
	recs = append(recs, s.defaultResources(scope, id, now)...)
	out := CreateInstanceOutput{Id: id, Arn: inst.Arn}
	if in.ClientToken != "" {
		recs = append(recs, record(scope, KindClientToken, tokenKey.ID, id, "", "", now, out))
	}
	taken := Errorf(InvalidRequest, "Invalid Input. Instance alias is already used.")
	if err := s.create(ctx, taken, recs...); err != nil {
		if err != taken {
			return CreateInstanceOutput{}, err
		}
		// A retry racing the first call with the same token gets its answer.
		if out, ok, err := s.replay(ctx, tokenKey); in.ClientToken != "" && (ok || err != nil) {
			return out, err
		}
		return CreateInstanceOutput{}, err
	}
	return out, nil
}

// replay returns the answer a CreateInstance with the same client token
// got, if there was one: AWS's clients send a token so that a retry after a
// lost answer does not create a second instance. The token lives as long
// as the instance.
func (s *Service) replay(ctx context.Context, key Key) (out CreateInstanceOutput, ok bool, err error) {
	rec, err := s.store.Get(ctx, key)
	if errors.Is(err, ErrNotFound) {
		return out, false, nil
	}
	if err != nil {
		return out, false, err
	}
	return out, true, json.Unmarshal(rec.Doc, &out)
}

func (s *Service) defaultResources(scope Scope, instanceID string, now time.Time) []Record {
	var recs []Record
	region := scope.Region
	for _, sp := range defaultSecurityProfiles {
		id := newID()
		arn := ChildARN(scope, instanceID, KindSecurityProfile, id)
		recs = append(recs, record(scope, KindSecurityProfile, id, instanceID, sp.name, arn, now, SecurityProfile{
			Id: id, OrganizationResourceId: instanceID, Arn: arn, SecurityProfileName: sp.name,
			Description: sp.description, Tags: map[string]string{},
			LastModifiedTime: Time{now}, LastModifiedRegion: region,
		}))
	}

	hoursID := newID()
	hoursArn := ChildARN(scope, instanceID, KindHoursOfOperation, hoursID)
	var week []HoursOfOperationConfig
	for _, day := range []string{"SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY"} {
		week = append(week, HoursOfOperationConfig{Day: day})
	}
	recs = append(recs, record(scope, KindHoursOfOperation, hoursID, instanceID, "Basic Hours", hoursArn, now, HoursOfOperation{
		HoursOfOperationId: hoursID, HoursOfOperationArn: hoursArn, Name: "Basic Hours",
		Description: "Basic Hours", TimeZone: "UTC", Config: week, Tags: map[string]string{},
		LastModifiedTime: Time{now}, LastModifiedRegion: region,
	}))

	queueID := newID()
	queueArn := ChildARN(scope, instanceID, KindQueue, queueID)
	recs = append(recs, record(scope, KindQueue, queueID, instanceID, "BasicQueue", queueArn, now, Queue{
		Name: "BasicQueue", QueueArn: queueArn, QueueId: queueID, Description: "BasicQueue",
		HoursOfOperationId: hoursID, Status: "ENABLED", Tags: map[string]string{},
		LastModifiedTime: Time{now}, LastModifiedRegion: region,
	}))

	rpID := newID()
	rpArn := ChildARN(scope, instanceID, KindRoutingProfile, rpID)
	recs = append(recs, record(scope, KindRoutingProfile, rpID, instanceID, "Basic Routing Profile", rpArn, now, RoutingProfile{
		InstanceId: instanceID, Name: "Basic Routing Profile", RoutingProfileArn: rpArn, RoutingProfileId: rpID,
		Description: "Basic Routing Profile",
		MediaConcurrencies: []MediaConcurrency{
			{Channel: "VOICE", Concurrency: 1},
			{Channel: "CHAT", Concurrency: 2},
			{Channel: "TASK", Concurrency: 10},
		},
		DefaultOutboundQueueId: queueID, Tags: map[string]string{},
		NumberOfAssociatedQueues: 1, AgentAvailabilityTimer: "TIME_SINCE_LAST_ACTIVITY",
		IsDefault: true, AssociatedQueueIds: []string{queueID},
		LastModifiedTime: Time{now}, LastModifiedRegion: region,
	}))
	return recs
}

// DescribeInstanceInput is DescribeInstance's request.
type DescribeInstanceInput struct{ InstanceId string }

// DescribeInstanceOutput is DescribeInstance's answer.
type DescribeInstanceOutput struct{ Instance json.RawMessage }

// DescribeInstance returns the stored Instance shape.
func (s *Service) DescribeInstance(ctx context.Context, scope Scope, in DescribeInstanceInput) (DescribeInstanceOutput, error) {
	rec, err := s.instanceRecord(ctx, scope, in.InstanceId)
	return DescribeInstanceOutput{rec.Doc}, err
}

// ListInstancesInput is ListInstances' request.
type ListInstancesInput struct{ Page }

// ListInstancesOutput is ListInstances' answer.
type ListInstancesOutput struct {
	InstanceSummaryList []InstanceSummary
	NextToken           string `json:",omitempty"`
}

// ListInstances returns a page of the scope's instances.
func (s *Service) ListInstances(ctx context.Context, scope Scope, in ListInstancesInput) (ListInstancesOutput, error) {
	recs, next, err := s.page(ctx, ListQuery{Scope: scope, Kind: KindInstance}, in.Page)
	if err != nil {
		return ListInstancesOutput{}, err
	}
	out := ListInstancesOutput{InstanceSummaryList: make([]InstanceSummary, len(recs)), NextToken: next}
	for i, r := range recs {
		if err := json.Unmarshal(r.Doc, &out.InstanceSummaryList[i]); err != nil {
			return ListInstancesOutput{}, err
		}
	}
	return out, nil
}

// DeleteInstanceInput is DeleteInstance's request.
type DeleteInstanceInput struct{ InstanceId string }

// DeleteInstance deletes an instance and everything in it.
func (s *Service) DeleteInstance(ctx context.Context, scope Scope, in DeleteInstanceInput) error {
	ref := in.InstanceId
	id, ok := instanceIDOf(scope, ref)
	if !ok {
		return notFound(KindInstance, ref)
	}
	err := s.store.DeleteInstance(ctx, Key{Scope: scope, Kind: KindInstance, ID: id})
	if errors.Is(err, ErrNotFound) {
		return notFound(KindInstance, ref)
	}
	return err
}

// Identity management types of an instance.
const (
	ConnectManaged    = "CONNECT_MANAGED"
	SAML              = "SAML"
	ExistingDirectory = "EXISTING_DIRECTORY"
)

// Instance is the Instance shape of DescribeInstance: its summary's members
// and its tags.
type Instance struct {
	InstanceSummary
	Tags map[string]string
}

// InstanceSummary is an entry of ListInstances.
type InstanceSummary struct {
	Id                     string
	Arn                    string
	IdentityManagementType string
	InstanceAlias          string `json:",omitempty"`
	CreatedTime            Time
	ServiceRole            string
	InstanceStatus         string
	InboundCallsEnabled    bool
	OutboundCallsEnabled   bool
	InstanceAccessUrl      string
}
