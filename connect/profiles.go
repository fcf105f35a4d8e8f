package connect

import (
	"context"
	"encoding/json"
	"errors"
	"sort"
	"time"
	_ "time/tzdata" // time zones of hours of operation, whatever the host has
	"unicode"
)

// touchable is a stored shape with LastModifiedTime and LastModifiedRegion.
type touchable interface {
	touch(at Time, region string)
}

func (p *SecurityProfile) touch(at Time, region string) {
	p.LastModifiedTime, p.LastModifiedRegion = at, region
}
func (p *RoutingProfile) touch(at Time, region string) {
	p.LastModifiedTime, p.LastModifiedRegion = at, region
}

// updateResource applies change to the stored shape of a resource of an
// instance, atomically, and moves its LastModified fields. change must not
// call the store.
func updateResource[T any, PT interface {
	*T
	touchable
}](ctx context.Context, s *Service, scope Scope, instanceRef string, kind Kind, ref string, change func(doc PT, r *Record) error) error {
	rec, err := s.child(ctx, scope, instanceRef, kind, ref)
	if err != nil {
		return err
	}
	name := rec.Name // the name the update gives, for a clash's message
	err = s.store.Update(ctx, rec.Key, func(r *Record) error {
		doc := PT(new(T))
		if err := json.Unmarshal(r.Doc, doc); err != nil {
			return err
		}
		if err := change(doc, r); err != nil {
			return err
		}
		name = r.Name
		now := s.now()
		doc.touch(Time{now}, scope.Region)
		b, err := json.Marshal(doc)
		if err != nil {
			return err
		}
		r.Doc, r.Modified = b, now
		return r.Index()
	})
	if errors.Is(err, ErrNotFound) {
		return notFound(kind, ref)
	}
	if errors.Is(err, ErrDuplicate) {
		return duplicateName(kind, name)
	}
	return err
}

// checkName refuses names no client of AWS could mean: with control
// characters, or empty.
func checkName(what, name string) error {
	if name == "" {
		return Errorf(InvalidParameter, "%s is required.", what)
	}
	for _, r := range name {
		if unicode.IsControl(r) {
			return Errorf(InvalidParameter, "%s may not contain control characters.", what)
		}
	}
	return nil
}

// beforeCreate does what every create of a named resource does first: find
// the instance, check the name and the number of tags.
func (s *Service) beforeCreate(ctx context.Context, scope Scope, instanceRef, name string, tags map[string]string) (*Instance, error) {
	_, inst, err := s.instance(ctx, scope, instanceRef)
	if err != nil {
		return nil, err
	}
	if err := checkName("Name", name); err != nil {
		return nil, err
	}
	return inst, s.checkCounts(0, len(tags))
}

func duplicateName(kind Kind, name string) *Error {
	return Errorf(DuplicateResource, "%s named %q already exists in the instance.", resourceNames[kind], name)
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
	rec.Secret = private
	if err := s.create(ctx, duplicateName(KindSecurityProfile, p.SecurityProfileName), rec); err != nil {
		return nil, err
	}
	return map[string]string{"SecurityProfileId": id, "SecurityProfileArn": p.Arn}, nil
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
	if err := s.resolveAccessGroup(ctx, scope, &in); err != nil {
		return err
	}
	return updateResource(ctx, s, scope, in.InstanceId, KindSecurityProfile, in.SecurityProfileId, func(p *SecurityProfile, r *Record) error {
		var private securityProfilePrivate
		if len(r.Secret) > 0 {
			if err := json.Unmarshal(r.Secret, &private); err != nil {
				return err
			}
		}
		b, err := applySecurityProfile(p, private, in)
		r.Secret = b
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

// RoutingProfileInput carries CreateRoutingProfile and the routing profile
// updates.
type RoutingProfileInput struct {
	InstanceId             string `json:"-"`
	RoutingProfileId       string `json:"-"`
	Name                   *string
	Description            *string
	DefaultOutboundQueueId string
	MediaConcurrencies     []MediaConcurrency
	QueueConfigs           []RoutingProfileQueueConfig
	QueueReferences        []RoutingProfileQueueReference
	AgentAvailabilityTimer string
	Tags                   map[string]string
	// Manual-assignment queues are accepted and kept with the others'
	// references; connectd routes nothing.
	ManualAssignmentQueueConfigs    []struct{ QueueReference RoutingProfileQueueReference }
	ManualAssignmentQueueReferences []RoutingProfileQueueReference
}

// standardQueue resolves a standard queue of an instance.
func (s *Service) standardQueue(ctx context.Context, scope Scope, instanceID, ref string) (Record, error) {
	rec, err := s.child(ctx, scope, instanceID, KindQueue, ref)
	if err == nil && rec.Name == "" {
		return rec, Errorf(InvalidRequest, "Queue %s is an agent queue: a routing profile takes standard queues.", ref)
	}
	return rec, err
}

// queueConfigs resolves the queues of configs, keyed by queue and channel.
func (s *Service) queueConfigs(ctx context.Context, scope Scope, instanceID string, configs []RoutingProfileQueueConfig) ([]RoutingProfileQueueConfig, error) {
	out := make([]RoutingProfileQueueConfig, 0, len(configs))
	seen := map[RoutingProfileQueueReference]bool{}
	for _, c := range configs {
		q, err := s.standardQueue(ctx, scope, instanceID, c.QueueReference.QueueId)
		if err != nil {
			return nil, err
		}
		c.QueueReference.QueueId = q.ID
		if seen[c.QueueReference] {
			return nil, Errorf(InvalidParameter, "Queue %s on channel %s is given twice.", q.ID, c.QueueReference.Channel)
		}
		seen[c.QueueReference] = true
		out = append(out, c)
	}
	return out, nil
}

// setQueues records a routing profile's queue configurations: kept
// privately, with the queues they name in the shape.
func setQueues(p *RoutingProfile, r *Record, configs []RoutingProfileQueueConfig) error {
	sort.Slice(configs, func(i, j int) bool {
		a, b := configs[i].QueueReference, configs[j].QueueReference
		return a.QueueId < b.QueueId || a.QueueId == b.QueueId && a.Channel < b.Channel
	})
	ids := []string{}
	for _, c := range configs {
		if len(ids) == 0 || ids[len(ids)-1] != c.QueueReference.QueueId {
			ids = append(ids, c.QueueReference.QueueId)
		}
	}
	p.AssociatedQueueIds, p.NumberOfAssociatedQueues = ids, int64(len(configs))
	b, err := json.Marshal(configs)
	r.Secret = b
	return err
}

func storedQueues(r *Record) ([]RoutingProfileQueueConfig, error) {
	var configs []RoutingProfileQueueConfig
	if len(r.Secret) == 0 {
		return configs, nil
	}
	err := json.Unmarshal(r.Secret, &configs)
	return configs, err
}

func uniqueMedia(media []MediaConcurrency) error {
	return uniqueChannels(media, func(m MediaConcurrency) string { return m.Channel })
}

// CreateRoutingProfile creates a routing profile.
func (s *Service) CreateRoutingProfile(ctx context.Context, scope Scope, in RoutingProfileInput) (map[string]string, error) {
	inst, err := s.beforeCreate(ctx, scope, in.InstanceId, deref(in.Name), in.Tags)
	if err != nil {
		return nil, err
	}
	if err := uniqueMedia(in.MediaConcurrencies); err != nil {
		return nil, err
	}
	outbound, err := s.standardQueue(ctx, scope, inst.Id, in.DefaultOutboundQueueId)
	if err != nil {
		return nil, err
	}
	configs, err := s.queueConfigs(ctx, scope, inst.Id, in.QueueConfigs)
	if err != nil {
		return nil, err
	}
	now := s.now()
	id := newID()
	p := RoutingProfile{InstanceId: inst.Id, Name: *in.Name, RoutingProfileArn: ChildARN(scope, inst.Id, KindRoutingProfile, id),
		RoutingProfileId: id, Description: deref(in.Description), MediaConcurrencies: in.MediaConcurrencies,
		DefaultOutboundQueueId: outbound.ID, Tags: tagsOrEmpty(in.Tags), AgentAvailabilityTimer: in.AgentAvailabilityTimer}
	if p.AgentAvailabilityTimer == "" {
		p.AgentAvailabilityTimer = "TIME_SINCE_LAST_ACTIVITY"
	}
	p.touch(Time{now}, scope.Region)
	var rec Record
	if err := setQueues(&p, &rec, configs); err != nil {
		return nil, err
	}
	private := rec.Secret
	rec = record(scope, KindRoutingProfile, id, inst.Id, p.Name, p.RoutingProfileArn, now, p)
	rec.Secret = private
	if err := s.create(ctx, duplicateName(KindRoutingProfile, p.Name), rec); err != nil {
		return nil, err
	}
	return map[string]string{"RoutingProfileId": id, "RoutingProfileArn": p.RoutingProfileArn}, nil
}

// DescribeRoutingProfileInput is DescribeRoutingProfile's request.
type DescribeRoutingProfileInput struct{ InstanceId, RoutingProfileId string }

// DescribeRoutingProfileOutput is DescribeRoutingProfile's answer.
type DescribeRoutingProfileOutput struct{ RoutingProfile json.RawMessage }

// DescribeRoutingProfile returns the stored RoutingProfile shape.
func (s *Service) DescribeRoutingProfile(ctx context.Context, scope Scope, in DescribeRoutingProfileInput) (DescribeRoutingProfileOutput, error) {
	doc, err := s.describe(ctx, scope, in.InstanceId, KindRoutingProfile, in.RoutingProfileId)
	return DescribeRoutingProfileOutput{doc}, err
}

// ListRoutingProfilesInput is ListRoutingProfiles' request.
type ListRoutingProfilesInput struct {
	InstanceId string
	Page
}

// ListRoutingProfilesOutput is ListRoutingProfiles' answer.
type ListRoutingProfilesOutput struct {
	RoutingProfileSummaryList []Summary
	NextToken                 string `json:",omitempty"`
}

// ListRoutingProfiles returns a page of an instance's routing profiles.
func (s *Service) ListRoutingProfiles(ctx context.Context, scope Scope, in ListRoutingProfilesInput) (ListRoutingProfilesOutput, error) {
	list, next, err := s.list(ctx, scope, in.InstanceId, KindRoutingProfile, in.Page, nil)
	return ListRoutingProfilesOutput{list, next}, err
}

// DeleteRoutingProfileInput is DeleteRoutingProfile's request.
type DeleteRoutingProfileInput struct{ InstanceId, RoutingProfileId string }

// DeleteRoutingProfile deletes a routing profile no user has.
func (s *Service) DeleteRoutingProfile(ctx context.Context, scope Scope, in DeleteRoutingProfileInput) error {
	rec, err := s.child(ctx, scope, in.InstanceId, KindRoutingProfile, in.RoutingProfileId)
	if err != nil {
		return err
	}
	return s.remove(ctx, in.RoutingProfileId, rec.Key)
}

// UpdateRoutingProfileConcurrency replaces a routing profile's channels.
func (s *Service) UpdateRoutingProfileConcurrency(ctx context.Context, scope Scope, in RoutingProfileInput) error {
	if err := uniqueMedia(in.MediaConcurrencies); err != nil {
		return err
	}
	return updateResource(ctx, s, scope, in.InstanceId, KindRoutingProfile, in.RoutingProfileId, func(p *RoutingProfile, _ *Record) error {
		p.MediaConcurrencies = in.MediaConcurrencies
		return nil
	})
}

// UpdateRoutingProfileDefaultOutboundQueue sets a routing profile's
// outbound queue.
func (s *Service) UpdateRoutingProfileDefaultOutboundQueue(ctx context.Context, scope Scope, in RoutingProfileInput) error {
	q, err := s.standardQueue(ctx, scope, in.InstanceId, in.DefaultOutboundQueueId)
	if err != nil {
		return err
	}
	return updateResource(ctx, s, scope, in.InstanceId, KindRoutingProfile, in.RoutingProfileId, func(p *RoutingProfile, _ *Record) error {
		p.DefaultOutboundQueueId = q.ID
		return nil
	})
}

// UpdateRoutingProfileName renames a routing profile or changes its
// description.
func (s *Service) UpdateRoutingProfileName(ctx context.Context, scope Scope, in RoutingProfileInput) error {
	if in.Name == nil && in.Description == nil {
		return Errorf(InvalidParameter, "Name or Description is required.")
	}
	if in.Name != nil {
		if err := checkName("Name", *in.Name); err != nil {
			return err
		}
	}
	return updateResource(ctx, s, scope, in.InstanceId, KindRoutingProfile, in.RoutingProfileId, func(p *RoutingProfile, r *Record) error {
		if in.Name != nil {
			p.Name, r.Name = *in.Name, *in.Name
		}
		if in.Description != nil {
			p.Description = *in.Description
		}
		return nil
	})
}

// AssociateRoutingProfileQueues adds queues to a routing profile, or
// replaces the priority and delay of queues it has.
func (s *Service) AssociateRoutingProfileQueues(ctx context.Context, scope Scope, in RoutingProfileInput) error {
	return s.changeQueues(ctx, scope, in, in.QueueConfigs, true)
}

// UpdateRoutingProfileQueues changes the priority and delay of queues a
// routing profile has.
func (s *Service) UpdateRoutingProfileQueues(ctx context.Context, scope Scope, in RoutingProfileInput) error {
	return s.changeQueues(ctx, scope, in, in.QueueConfigs, false)
}

func (s *Service) changeQueues(ctx context.Context, scope Scope, in RoutingProfileInput, given []RoutingProfileQueueConfig, add bool) error {
	configs, err := s.queueConfigs(ctx, scope, in.InstanceId, given)
	if err != nil {
		return err
	}
	return updateResource(ctx, s, scope, in.InstanceId, KindRoutingProfile, in.RoutingProfileId, func(p *RoutingProfile, r *Record) error {
		stored, err := storedQueues(r)
		if err != nil {
			return err
		}
		byRef := map[RoutingProfileQueueReference]int{}
		for i, c := range stored {
			byRef[c.QueueReference] = i
		}
		for _, c := range configs {
			i, ok := byRef[c.QueueReference]
			switch {
			case ok:
				stored[i] = c
			case add:
				stored = append(stored, c)
			default:
				return Errorf(InvalidRequest, "Queue %s on channel %s is not associated with the routing profile.", c.QueueReference.QueueId, c.QueueReference.Channel)
			}
		}
		return setQueues(p, r, stored)
	})
}

// DisassociateRoutingProfileQueues removes queues from a routing profile;
// references it does not have are ignored.
func (s *Service) DisassociateRoutingProfileQueues(ctx context.Context, scope Scope, in RoutingProfileInput) error {
	instanceID, _ := instanceIDOf(scope, in.InstanceId)
	gone := map[RoutingProfileQueueReference]bool{}
	for _, ref := range in.QueueReferences {
		id, _ := childIDOf(scope, instanceID, KindQueue, ref.QueueId)
		gone[RoutingProfileQueueReference{QueueId: id, Channel: ref.Channel}] = true
	}
	return updateResource(ctx, s, scope, in.InstanceId, KindRoutingProfile, in.RoutingProfileId, func(p *RoutingProfile, r *Record) error {
		stored, err := storedQueues(r)
		if err != nil {
			return err
		}
		kept := stored[:0]
		for _, c := range stored {
			if !gone[c.QueueReference] {
				kept = append(kept, c)
			}
		}
		return setQueues(p, r, kept)
	})
}

// ListRoutingProfileQueuesInput is ListRoutingProfileQueues' request.
type ListRoutingProfileQueuesInput struct {
	InstanceId, RoutingProfileId string
	Page
}

// ListRoutingProfileQueues returns a page of a routing profile's queue
// configurations, with the profile's LastModified fields.
func (s *Service) ListRoutingProfileQueues(ctx context.Context, scope Scope, in ListRoutingProfileQueuesInput) (map[string]any, error) {
	page := in.Page
	rec, err := s.child(ctx, scope, in.InstanceId, KindRoutingProfile, in.RoutingProfileId)
	if err != nil {
		return nil, err
	}
	configs, err := storedQueues(&rec)
	if err != nil {
		return nil, err
	}
	start := 0
	if page.NextToken != "" {
		after, err := decodeToken(page.NextToken)
		if err != nil {
			return nil, err
		}
		for start < len(configs) && configs[start].QueueReference.QueueId+"/"+configs[start].QueueReference.Channel <= after {
			start++
		}
	}
	end := min(len(configs), start+page.MaxResults)
	out := map[string]any{"LastModifiedTime": Time{rec.Modified}, "LastModifiedRegion": rec.Region}
	list := []RoutingProfileQueueConfigSummary{}
	for _, c := range configs[start:end] {
		sum := RoutingProfileQueueConfigSummary{QueueId: c.QueueReference.QueueId, Channel: c.QueueReference.Channel, Priority: c.Priority, Delay: c.Delay,
			QueueArn: ChildARN(scope, rec.InstanceID, KindQueue, c.QueueReference.QueueId)}
		if q, err := s.store.Get(ctx, Key{Scope: scope, Kind: KindQueue, ID: c.QueueReference.QueueId}); err == nil {
			sum.QueueName = q.Name
		}
		list = append(list, sum)
	}
	out["RoutingProfileQueueConfigSummaryList"] = list
	if end < len(configs) {
		last := configs[end-1].QueueReference
		out["NextToken"] = encodeToken(last.QueueId + "/" + last.Channel)
	}
	return out, nil
}

// QueueInput is CreateQueue's request.
type QueueInput struct {
	InstanceId           string `json:"-"`
	Name                 string
	Description          string
	HoursOfOperationId   string
	MaxContacts          *int32
	OutboundCallerConfig *OutboundCallerConfig
	QuickConnectIds      []string
	Tags                 map[string]string
}

// CreateQueue creates a standard queue.
func (s *Service) CreateQueue(ctx context.Context, scope Scope, in QueueInput) (map[string]string, error) {
	inst, err := s.beforeCreate(ctx, scope, in.InstanceId, in.Name, in.Tags)
	if err != nil {
		return nil, err
	}
	hours, err := s.child(ctx, scope, inst.Id, KindHoursOfOperation, in.HoursOfOperationId)
	if err != nil {
		return nil, err
	}
	if len(in.QuickConnectIds) > 0 {
		return nil, Errorf(ResourceNotFound, "Quick connect not found: %s (connectd has no quick connects).", in.QuickConnectIds[0])
	}
	now := s.now()
	id := newID()
	q := Queue{Name: in.Name, QueueArn: ChildARN(scope, inst.Id, KindQueue, id), QueueId: id, Description: in.Description,
		OutboundCallerConfig: in.OutboundCallerConfig, HoursOfOperationId: hours.ID, MaxContacts: in.MaxContacts,
		Status: "ENABLED", Tags: tagsOrEmpty(in.Tags), LastModifiedTime: Time{now}, LastModifiedRegion: scope.Region}
	rec := record(scope, KindQueue, id, inst.Id, q.Name, q.QueueArn, now, q)
	if err := s.create(ctx, duplicateName(KindQueue, q.Name), rec); err != nil {
		return nil, err
	}
	return map[string]string{"QueueId": id, "QueueArn": q.QueueArn}, nil
}

// DescribeQueueInput is DescribeQueue's request.
type DescribeQueueInput struct{ InstanceId, QueueId string }

// DescribeQueueOutput is DescribeQueue's answer.
type DescribeQueueOutput struct{ Queue json.RawMessage }

// DescribeQueue returns the stored Queue shape.
func (s *Service) DescribeQueue(ctx context.Context, scope Scope, in DescribeQueueInput) (DescribeQueueOutput, error) {
	doc, err := s.describe(ctx, scope, in.InstanceId, KindQueue, in.QueueId)
	return DescribeQueueOutput{doc}, err
}

// ListQueuesInput is ListQueues' request.
type ListQueuesInput struct {
	InstanceId string
	QueueTypes []string // STANDARD, AGENT; none means both
	Page
}

// ListQueuesOutput is ListQueues' answer.
type ListQueuesOutput struct {
	QueueSummaryList []Summary
	NextToken        string `json:",omitempty"`
}

// ListQueues returns a page of an instance's queues.
func (s *Service) ListQueues(ctx context.Context, scope Scope, in ListQueuesInput) (ListQueuesOutput, error) {
	list, next, err := s.list(ctx, scope, in.InstanceId, KindQueue, in.Page, in.QueueTypes)
	return ListQueuesOutput{list, next}, err
}

// HoursInput is CreateHoursOfOperation's request.
type HoursInput struct {
	InstanceId                    string `json:"-"`
	Name                          string
	Description                   string
	TimeZone                      string
	Config                        []HoursOfOperationConfig
	ParentHoursOfOperationConfigs []struct{ HoursOfOperationId string }
	Tags                          map[string]string
}

// CreateHoursOfOperation creates hours of operation.
func (s *Service) CreateHoursOfOperation(ctx context.Context, scope Scope, in HoursInput) (map[string]string, error) {
	inst, err := s.beforeCreate(ctx, scope, in.InstanceId, in.Name, in.Tags)
	if err != nil {
		return nil, err
	}
	if _, err := time.LoadLocation(in.TimeZone); err != nil || in.TimeZone == "" || in.TimeZone == "Local" {
		return nil, Errorf(InvalidParameter, "TimeZone %q is not a time zone of the IANA database.", in.TimeZone)
	}
	for _, p := range in.ParentHoursOfOperationConfigs {
		if _, err := s.child(ctx, scope, inst.Id, KindHoursOfOperation, p.HoursOfOperationId); err != nil {
			return nil, err
		}
	}
	now := s.now()
	id := newID()
	h := HoursOfOperation{HoursOfOperationId: id, HoursOfOperationArn: ChildARN(scope, inst.Id, KindHoursOfOperation, id),
		Name: in.Name, Description: in.Description, TimeZone: in.TimeZone, Config: in.Config, Tags: tagsOrEmpty(in.Tags),
		LastModifiedTime: Time{now}, LastModifiedRegion: scope.Region}
	rec := record(scope, KindHoursOfOperation, id, inst.Id, h.Name, h.HoursOfOperationArn, now, h)
	if err := s.create(ctx, duplicateName(KindHoursOfOperation, h.Name), rec); err != nil {
		return nil, err
	}
	return map[string]string{"HoursOfOperationId": id, "HoursOfOperationArn": h.HoursOfOperationArn}, nil
}

// DescribeHoursOfOperationInput is DescribeHoursOfOperation's request.
type DescribeHoursOfOperationInput struct{ InstanceId, HoursOfOperationId string }

// DescribeHoursOfOperationOutput is DescribeHoursOfOperation's answer.
type DescribeHoursOfOperationOutput struct{ HoursOfOperation json.RawMessage }

// DescribeHoursOfOperation returns the stored HoursOfOperation shape.
func (s *Service) DescribeHoursOfOperation(ctx context.Context, scope Scope, in DescribeHoursOfOperationInput) (DescribeHoursOfOperationOutput, error) {
	doc, err := s.describe(ctx, scope, in.InstanceId, KindHoursOfOperation, in.HoursOfOperationId)
	return DescribeHoursOfOperationOutput{doc}, err
}

// ListHoursOfOperationsInput is ListHoursOfOperations' request.
type ListHoursOfOperationsInput struct {
	InstanceId string
	Page
}

// ListHoursOfOperationsOutput is ListHoursOfOperations' answer.
type ListHoursOfOperationsOutput struct {
	HoursOfOperationSummaryList []Summary
	NextToken                   string `json:",omitempty"`
}

// ListHoursOfOperations returns a page of an instance's hours of operation.
func (s *Service) ListHoursOfOperations(ctx context.Context, scope Scope, in ListHoursOfOperationsInput) (ListHoursOfOperationsOutput, error) {
	list, next, err := s.list(ctx, scope, in.InstanceId, KindHoursOfOperation, in.Page, nil)
	return ListHoursOfOperationsOutput{list, next}, err
}
