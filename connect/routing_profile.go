package connect

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
)

func (p *RoutingProfile) touch(at Time, region string) {
	p.LastModifiedTime, p.LastModifiedRegion = at, region
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
	r.Private = b
	return err
}

func storedQueues(r *Record) ([]RoutingProfileQueueConfig, error) {
	var configs []RoutingProfileQueueConfig
	if len(r.Private) == 0 {
		return configs, nil
	}
	err := json.Unmarshal(r.Private, &configs)
	return configs, err
}

// checkMedia refuses a channel given twice, and a concurrency outside its
// channel's documented range: VOICE takes exactly 1; CHAT and TASK 1 to 10,
// the model's range for every channel.
func checkMedia(media []MediaConcurrency) error {
	for i, m := range media {
		if m.Channel == Voice && m.Concurrency != 1 {
			return validationError(fmt.Sprintf("mediaConcurrencies.%d.member.concurrency", i+1), "Member must be 1 for the VOICE channel")
		}
	}
	return uniqueChannels(media, func(m MediaConcurrency) string { return m.Channel })
}

// checkManualAssignment refuses a manual-assignment queue on VOICE: "It
// does not support voice contacts."
func checkManualAssignment(in RoutingProfileInput) error {
	for _, c := range in.ManualAssignmentQueueConfigs {
		if c.QueueReference.Channel == Voice {
			return Errorf(InvalidParameter, "ManualAssignmentQueueConfigs: channel VOICE is not supported: manual assignment takes chat, e-mail and task contacts.")
		}
	}
	return nil
}

// CreateRoutingProfile creates a routing profile.
func (s *Service) CreateRoutingProfile(ctx context.Context, scope Scope, in RoutingProfileInput) (map[string]string, error) {
	inst, err := s.beforeCreate(ctx, scope, in.InstanceId, deref(in.Name), in.Tags)
	if err != nil {
		return nil, err
	}
	if err := checkMedia(in.MediaConcurrencies); err != nil {
		return nil, err
	}
	if err := checkManualAssignment(in); err != nil {
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
	private := rec.Private
	rec = record(scope, KindRoutingProfile, id, inst.Id, p.Name, p.RoutingProfileArn, now, p)
	rec.Private = private
	if err := s.create(ctx, duplicateName(KindRoutingProfile, p.Name), rec); err != nil {
		return nil, err
	}
	return map[string]string{"RoutingProfileId": id, "RoutingProfileArn": p.RoutingProfileArn}, nil
}

// DescribeRoutingProfileInput is DescribeRoutingProfile's request.
type DescribeRoutingProfileInput struct{ InstanceId, RoutingProfileId string }

// DescribeRoutingProfileOutput is DescribeRoutingProfile's answer.
type DescribeRoutingProfileOutput struct{ RoutingProfile json.RawMessage }

// DescribeRoutingProfile returns the stored RoutingProfile shape but its
// AssociatedQueueIds: "DescribeRoutingProfile does not populate
// AssociatedQueueIds in its response". The stored shape keeps them, for
// the index of the queues a profile refers to.
func (s *Service) DescribeRoutingProfile(ctx context.Context, scope Scope, in DescribeRoutingProfileInput) (DescribeRoutingProfileOutput, error) {
	doc, err := s.describe(ctx, scope, in.InstanceId, KindRoutingProfile, in.RoutingProfileId)
	if err != nil {
		return DescribeRoutingProfileOutput{}, err
	}
	doc, err = withoutMember(doc, "AssociatedQueueIds")
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
	if err := checkMedia(in.MediaConcurrencies); err != nil {
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
	if err := checkManualAssignment(in); err != nil {
		return err
	}
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

// maxDisassociatedQueues is how many queue references one
// DisassociateRoutingProfileQueues takes: "More than 10 queue references
// ... results in an InvalidParameterException".
const maxDisassociatedQueues = 10

// DisassociateRoutingProfileQueues removes queues from a routing profile;
// references it does not have are ignored.
func (s *Service) DisassociateRoutingProfileQueues(ctx context.Context, scope Scope, in RoutingProfileInput) error {
	if n := len(in.QueueReferences) + len(in.ManualAssignmentQueueReferences); n > maxDisassociatedQueues {
		return Errorf(InvalidParameter, "At most %d queue references can be disassociated in one call; this one has %d.", maxDisassociatedQueues, n)
	}
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
	tokens := pageTokensFor("ListRoutingProfileQueues", scope, rec.InstanceID, rec.ID)
	if page.NextToken != "" {
		after, err := tokens.after(page.NextToken)
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
		out["NextToken"] = tokens.next(last.QueueId + "/" + last.Channel)
	}
	return out, nil
}

// RoutingProfile is the RoutingProfile shape of DescribeRoutingProfile.
type RoutingProfile struct {
	InstanceId               string
	Name                     string
	RoutingProfileArn        string
	RoutingProfileId         string
	Description              string `json:",omitempty"`
	MediaConcurrencies       []MediaConcurrency
	DefaultOutboundQueueId   string
	Tags                     map[string]string
	NumberOfAssociatedQueues int64
	AgentAvailabilityTimer   string `json:",omitempty"`
	IsDefault                bool
	AssociatedQueueIds       []string
	LastModifiedTime         Time
	LastModifiedRegion       string
}

// MediaConcurrency is how many contacts of a channel an agent takes at once.
type MediaConcurrency struct {
	Channel              string
	Concurrency          int32
	CrossChannelBehavior *CrossChannelBehavior `json:",omitempty"`
}

// CrossChannelBehavior says whether an agent busy on one channel gets others.
type CrossChannelBehavior struct {
	BehaviorType string
}

// RoutingProfileQueueConfig is a queue of a routing profile on one channel.
type RoutingProfileQueueConfig struct {
	QueueReference RoutingProfileQueueReference
	Priority       int32
	Delay          int32
}

// RoutingProfileQueueReference names a queue on a channel.
type RoutingProfileQueueReference struct {
	QueueId string
	Channel string
}

// RoutingProfileQueueConfigSummary is an entry of ListRoutingProfileQueues.
type RoutingProfileQueueConfigSummary struct {
	QueueId   string
	QueueArn  string
	QueueName string
	Priority  int32
	Delay     int32
	Channel   string
}
