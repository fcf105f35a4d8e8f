package connect

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
)

// UpdateUserInput carries the members of the UpdateUser* operations; each
// operation sets the ones it has.
type UpdateUserInput struct {
	InstanceId                  string `json:"-"`
	UserId                      string `json:"-"`
	IdentityInfo                *UserIdentityInfo
	PhoneConfig                 *UserPhoneConfig
	RoutingProfileId            string
	SecurityProfileIds          []string
	HierarchyGroupId            *string
	AutoAcceptConfigs           []AutoAcceptConfig
	AfterContactWorkConfigs     []AfterContactWorkConfigs
	PhoneNumberConfigs          []PhoneNumberConfig
	PersistentConnectionConfigs []PersistentConnectionConfig
	VoiceEnhancementConfigs     []VoiceEnhancementConfig
}

// updateUser applies change to a user atomically, after resolving the
// instance, and moves LastModifiedTime and LastModifiedRegion. change runs
// inside the store's write: it must not call the store (resolve references
// before).
func (s *Service) updateUser(ctx context.Context, scope Scope, instanceRef, userRef string, change func(inst *Instance, u *User) error) error {
	_, inst, err := s.instance(ctx, scope, instanceRef)
	if err != nil {
		return err
	}
	id, ok := childIDOf(scope, inst.Id, KindUser, userRef)
	if !ok {
		return notFound(KindUser, userRef)
	}
	err = s.store.Update(ctx, Key{Scope: scope, Kind: KindUser, ID: id}, func(r *Record) error {
		if r.InstanceID != inst.Id {
			return ErrNotFound
		}
		var u User
		if err := json.Unmarshal(r.Doc, &u); err != nil {
			return err
		}
		if err := change(inst, &u); err != nil {
			return err
		}
		now := s.now()
		u.LastModifiedTime, u.LastModifiedRegion = Time{now}, scope.Region
		b, err := json.Marshal(u)
		if err != nil {
			return err
		}
		r.Doc, r.Modified = b, now
		return r.Index()
	})
	if errors.Is(err, ErrNotFound) {
		return notFound(KindUser, userRef)
	}
	return err
}

// UpdateUserIdentityInfo replaces a user's names and contact details.
func (s *Service) UpdateUserIdentityInfo(ctx context.Context, scope Scope, in UpdateUserInput) error {
	return s.updateUser(ctx, scope, in.InstanceId, in.UserId, func(inst *Instance, u *User) error {
		if err := checkNames(inst.IdentityManagementType, in.IdentityInfo); err != nil {
			return err
		}
		u.IdentityInfo = in.IdentityInfo
		return nil
	})
}

// UpdateUserPhoneConfig replaces a user's voice settings. A PhoneType left
// out keeps the current one; AutoAccept and AfterContactWorkTimeLimit left
// out are false and 0, as Go clients leave out those zero values.
func (s *Service) UpdateUserPhoneConfig(ctx context.Context, scope Scope, in UpdateUserInput) error {
	return s.updateUser(ctx, scope, in.InstanceId, in.UserId, func(_ *Instance, u *User) error {
		pc := *in.PhoneConfig
		if pc.PhoneType == nil && u.PhoneConfig != nil {
			pc.PhoneType = u.PhoneConfig.PhoneType
		}
		if pc.PersistentConnection == nil && u.PhoneConfig != nil {
			pc.PersistentConnection = u.PhoneConfig.PersistentConnection
		}
		if pc.DeskPhoneNumber == nil && deref(pc.PhoneType) == DeskPhone && u.PhoneConfig != nil {
			pc.DeskPhoneNumber = u.PhoneConfig.DeskPhoneNumber
		}
		p, err := phoneSettings(&pc, otherChannels(u.AutoAcceptConfigs, func(c AutoAcceptConfig) string { return c.Channel }),
			otherChannels(u.AfterContactWorkConfigs, func(c AfterContactWorkConfigs) string { return c.Channel }),
			otherChannels(u.PhoneNumberConfigs, func(c PhoneNumberConfig) string { return c.Channel }),
			otherChannels(u.PersistentConnectionConfigs, func(c PersistentConnectionConfig) string { return c.Channel }))
		if err != nil {
			return err
		}
		p.apply(u)
		return nil
	})
}

// UpdateUserConfig replaces the per-channel settings of the channels it
// names, keeping the others; PhoneConfig follows the VOICE channel.
func (s *Service) UpdateUserConfig(ctx context.Context, scope Scope, in UpdateUserInput) error {
	if err := uniqueChannels(in.VoiceEnhancementConfigs, func(c VoiceEnhancementConfig) string { return c.Channel }); err != nil {
		return err
	}
	return s.updateUser(ctx, scope, in.InstanceId, in.UserId, func(_ *Instance, u *User) error {
		p, err := phoneSettings(nil,
			mergeChannels(u.AutoAcceptConfigs, in.AutoAcceptConfigs, func(c AutoAcceptConfig) string { return c.Channel }),
			mergeChannels(u.AfterContactWorkConfigs, in.AfterContactWorkConfigs, func(c AfterContactWorkConfigs) string { return c.Channel }),
			mergeChannels(u.PhoneNumberConfigs, in.PhoneNumberConfigs, func(c PhoneNumberConfig) string { return c.Channel }),
			mergeChannels(u.PersistentConnectionConfigs, in.PersistentConnectionConfigs, func(c PersistentConnectionConfig) string { return c.Channel }))
		if err != nil {
			return err
		}
		p.apply(u)
		u.VoiceEnhancementConfigs = mergeChannels(u.VoiceEnhancementConfigs, in.VoiceEnhancementConfigs, func(c VoiceEnhancementConfig) string { return c.Channel })
		return nil
	})
}

// UpdateUserRoutingProfile moves a user to another routing profile of the
// instance.
func (s *Service) UpdateUserRoutingProfile(ctx context.Context, scope Scope, in UpdateUserInput) error {
	rec, err := s.child(ctx, scope, in.InstanceId, KindRoutingProfile, in.RoutingProfileId)
	if err != nil {
		return err
	}
	return s.updateUser(ctx, scope, in.InstanceId, in.UserId, func(_ *Instance, u *User) error {
		u.RoutingProfileId = rec.ID
		return nil
	})
}

// UpdateUserSecurityProfiles replaces a user's security profiles.
func (s *Service) UpdateUserSecurityProfiles(ctx context.Context, scope Scope, in UpdateUserInput) error {
	instanceID, ok := instanceIDOf(scope, in.InstanceId)
	if !ok {
		return notFound(KindInstance, in.InstanceId)
	}
	if err := s.checkCounts(len(in.SecurityProfileIds), 0); err != nil {
		return err
	}
	ids, err := s.securityProfiles(ctx, scope, instanceID, in.SecurityProfileIds)
	if err != nil {
		return err
	}
	return s.updateUser(ctx, scope, in.InstanceId, in.UserId, func(_ *Instance, u *User) error {
		u.SecurityProfileIds = ids
		return nil
	})
}

// UpdateUserHierarchy puts a user in a hierarchy group; no group ID takes
// the user out of any.
func (s *Service) UpdateUserHierarchy(ctx context.Context, scope Scope, in UpdateUserInput) error {
	groupID := ""
	if in.HierarchyGroupId != nil && *in.HierarchyGroupId != "" {
		rec, err := s.child(ctx, scope, in.InstanceId, KindHierarchyGroup, *in.HierarchyGroupId)
		if err != nil {
			return err
		}
		groupID = rec.ID
	}
	return s.updateUser(ctx, scope, in.InstanceId, in.UserId, func(_ *Instance, u *User) error {
		u.HierarchyGroupId = groupID
		return nil
	})
}

// securityProfiles resolves security profile IDs or ARNs of an instance,
// each once, in the order given.
func (s *Service) securityProfiles(ctx context.Context, scope Scope, instanceID string, refs []string) ([]string, error) {
	var ids []string
	seen := map[string]bool{}
	for _, ref := range refs {
		rec, err := s.child(ctx, scope, instanceID, KindSecurityProfile, ref)
		if err != nil {
			return nil, err
		}
		if !seen[rec.ID] {
			seen[rec.ID] = true
			ids = append(ids, rec.ID)
		}
	}
	return ids, nil
}

// otherChannels is list without its VOICE entry; nil when that leaves
// nothing, so that it does not count as sent.
func otherChannels[T any](list []T, channel func(T) string) []T {
	var out []T
	for _, c := range list {
		if channel(c) != Voice {
			out = append(out, c)
		}
	}
	return out
}

// mergeChannels is old with the entries of the channels update names
// replaced by update's; nil when both are empty.
func mergeChannels[T any](old, update []T, channel func(T) string) []T {
	named := map[string]bool{}
	for _, c := range update {
		named[channel(c)] = true
	}
	var out []T
	for _, c := range old {
		if !named[channel(c)] {
			out = append(out, c)
		}
	}
	return append(out, update...)
}

// ListTagsForResourceInput is ListTagsForResource's request.
type ListTagsForResourceInput struct {
	ResourceArn string `json:"resourceArn"`
}

// ListTagsForResourceOutput is ListTagsForResource's answer.
type ListTagsForResourceOutput struct {
	Tags map[string]string `json:"tags"`
}

// ListTagsForResource returns the tags of the resource an ARN names.
func (s *Service) ListTagsForResource(ctx context.Context, scope Scope, in ListTagsForResourceInput) (ListTagsForResourceOutput, error) {
	arn := in.ResourceArn
	key, ok := keyOfARN(scope, arn)
	if !ok {
		return ListTagsForResourceOutput{}, Errorf(ResourceNotFound, "Resource not found: %s", arn)
	}
	rec, err := s.store.Get(ctx, key)
	if errors.Is(err, ErrNotFound) || (err == nil && rec.Arn != arn) {
		return ListTagsForResourceOutput{}, Errorf(ResourceNotFound, "Resource not found: %s", arn)
	}
	if err != nil {
		return ListTagsForResourceOutput{}, err
	}
	var doc struct{ Tags map[string]string }
	if err := json.Unmarshal(rec.Doc, &doc); err != nil {
		return ListTagsForResourceOutput{}, err
	}
	return ListTagsForResourceOutput{tagsOrEmpty(doc.Tags)}, nil
}

// TagResourceInput is TagResource's request.
type TagResourceInput struct {
	ResourceArn string            `json:"resourceArn"`
	Tags        map[string]string `json:"tags"`
}

// TagResource adds or replaces tags on the resource an ARN names.
func (s *Service) TagResource(ctx context.Context, scope Scope, in TagResourceInput) error {
	return s.changeTags(ctx, scope, in.ResourceArn, func(t map[string]string) error {
		for k, v := range in.Tags {
			t[k] = v
		}
		return s.checkCounts(0, len(t))
	})
}

// UntagResourceInput is UntagResource's request.
type UntagResourceInput struct {
	ResourceArn string   `json:"resourceArn"`
	TagKeys     []string `json:"tagKeys"`
}

// UntagResource removes tags from the resource an ARN names; keys it does
// not have are ignored.
func (s *Service) UntagResource(ctx context.Context, scope Scope, in UntagResourceInput) error {
	return s.changeTags(ctx, scope, in.ResourceArn, func(t map[string]string) error {
		for _, k := range in.TagKeys {
			delete(t, k)
		}
		return nil
	})
}

func (s *Service) changeTags(ctx context.Context, scope Scope, arn string, change func(map[string]string) error) error {
	key, ok := keyOfARN(scope, arn)
	if !ok {
		return Errorf(ResourceNotFound, "Resource not found: %s", arn)
	}
	err := s.store.Update(ctx, key, func(r *Record) error {
		if r.Arn != arn {
			return ErrNotFound
		}
		var doc map[string]json.RawMessage
		if err := json.Unmarshal(r.Doc, &doc); err != nil {
			return err
		}
		var tags map[string]string
		if raw, ok := doc["Tags"]; ok {
			if err := json.Unmarshal(raw, &tags); err != nil {
				return err
			}
		}
		tags = tagsOrEmpty(tags)
		if err := change(tags); err != nil {
			return err
		}
		raw, err := json.Marshal(tags)
		if err != nil {
			return err
		}
		doc["Tags"] = raw
		if r.Doc, err = json.Marshal(doc); err != nil {
			return err
		}
		return r.Index()
	})
	if errors.Is(err, ErrNotFound) {
		return Errorf(ResourceNotFound, "Resource not found: %s", arn)
	}
	return err
}

// keyOfARN returns the key of the resource an ARN of this scope names.
func keyOfARN(scope Scope, arn string) (Key, bool) {
	rest, ok := strings.CutPrefix(arn, scope.InstanceARN(""))
	if !ok || rest == "" {
		return Key{}, false
	}
	parts := strings.Split(rest, "/")
	if len(parts) == 1 {
		return Key{Scope: scope, Kind: KindInstance, ID: parts[0]}, true
	}
	if len(parts) == 4 && parts[1] == "queue" && parts[2] == "agent" {
		return Key{Scope: scope, Kind: KindQueue, ID: parts[3]}, true
	}
	if len(parts) != 3 {
		return Key{}, false
	}
	for kind, segment := range arnTypes {
		if parts[1] == segment && parts[2] != "" {
			return Key{Scope: scope, Kind: kind, ID: parts[2]}, true
		}
	}
	return Key{}, false
}
