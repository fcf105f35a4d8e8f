package connect

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// CreateUserInput is CreateUser's request.
type CreateUserInput struct {
	InstanceId                  string `json:"-"`
	Username                    string
	Password                    *string
	IdentityInfo                *UserIdentityInfo
	PhoneConfig                 *UserPhoneConfig
	DirectoryUserId             *string
	SecurityProfileIds          []string
	RoutingProfileId            string
	HierarchyGroupId            *string
	AutoAcceptConfigs           []AutoAcceptConfig
	AfterContactWorkConfigs     []AfterContactWorkConfigs
	PhoneNumberConfigs          []PhoneNumberConfig
	PersistentConnectionConfigs []PersistentConnectionConfig
	VoiceEnhancementConfigs     []VoiceEnhancementConfig
	Tags                        map[string]string
}

// CreateUserOutput is CreateUser's answer.
type CreateUserOutput struct {
	UserId  string
	UserArn string
}

// User is the User shape of DescribeUser.
type User struct {
	Id                          string
	Arn                         string
	Username                    string
	IdentityInfo                *UserIdentityInfo `json:",omitempty"`
	PhoneConfig                 *UserPhoneConfig  `json:",omitempty"`
	DirectoryUserId             string            `json:",omitempty"`
	SecurityProfileIds          []string
	RoutingProfileId            string
	HierarchyGroupId            string `json:",omitempty"`
	Tags                        map[string]string
	AutoAcceptConfigs           []AutoAcceptConfig           `json:",omitempty"`
	AfterContactWorkConfigs     []AfterContactWorkConfigs    `json:",omitempty"`
	PhoneNumberConfigs          []PhoneNumberConfig          `json:",omitempty"`
	PersistentConnectionConfigs []PersistentConnectionConfig `json:",omitempty"`
	VoiceEnhancementConfigs     []VoiceEnhancementConfig     `json:",omitempty"`
	LastModifiedTime            Time
	LastModifiedRegion          string
}

// UserIdentityInfo is a user's name and contact details.
type UserIdentityInfo struct {
	FirstName      string `json:",omitempty"`
	LastName       string `json:",omitempty"`
	Email          string `json:",omitempty"`
	SecondaryEmail string `json:",omitempty"`
	Mobile         string `json:",omitempty"`
}

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

// UpdateUserIdentityInfo replaces a user's names and contact details; a
// directory's users keep the names and e-mail address the directory gives.
func (s *Service) UpdateUserIdentityInfo(ctx context.Context, scope Scope, in UpdateUserInput) error {
	return s.updateUser(ctx, scope, in.InstanceId, in.UserId, func(inst *Instance, u *User) error {
		info, err := directoryManaged(inst.IdentityManagementType, u.IdentityInfo, in.IdentityInfo)
		if err != nil {
			return err
		}
		if err := checkIdentityInfo(inst.IdentityManagementType, info); err != nil {
			return err
		}
		u.IdentityInfo = info
		return nil
	})
}

// UpdateUserPhoneConfig replaces a user's voice settings, and sets its
// after-contact-work time limit on every channel the user handles: those of
// its routing profile and those it has a setting for. A PhoneType left out
// keeps the current one; AutoAccept and AfterContactWorkTimeLimit left out
// are false and 0, as Go clients leave out those zero values.
func (s *Service) UpdateUserPhoneConfig(ctx context.Context, scope Scope, in UpdateUserInput) error {
	if limit := in.PhoneConfig.AfterContactWorkTimeLimit; limit != nil && *limit > maxAfterContactWork {
		return Errorf(InvalidParameter, "PhoneConfig.AfterContactWorkTimeLimit is over %d seconds.", maxAfterContactWork)
	}
	for {
		// The channels are read before the user's atomic update, which
		// may not read the store: one that finds the user moved to
		// another routing profile meanwhile starts again.
		profileID, handled, err := s.handledChannels(ctx, scope, in.InstanceId, in.UserId)
		if err != nil {
			return err
		}
		err = s.updateUser(ctx, scope, in.InstanceId, in.UserId, func(_ *Instance, u *User) error {
			if u.RoutingProfileId != profileID {
				return errRoutingProfileMoved
			}
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
			acw := sameAfterContactWork(u.AfterContactWorkConfigs, handled, deref(pc.AfterContactWorkTimeLimit))
			aa := otherChannels(u.AutoAcceptConfigs, func(c AutoAcceptConfig) string { return c.Channel })
			if callback := voiceEntry(u.AutoAcceptConfigs, func(c AutoAcceptConfig) string { return c.Channel }).AgentFirstCallbackAutoAccept; callback != nil {
				// PhoneConfig has no agent-first callback setting: VOICE's stays.
				aa = append(aa, AutoAcceptConfig{Channel: Voice, AutoAccept: deref(pc.AutoAccept), AgentFirstCallbackAutoAccept: callback})
			}
			p, err := phoneSettings(&pc, aa, acw,
				otherChannels(u.PhoneNumberConfigs, func(c PhoneNumberConfig) string { return c.Channel }),
				otherChannels(u.PersistentConnectionConfigs, func(c PersistentConnectionConfig) string { return c.Channel }))
			if err != nil {
				return err
			}
			p.apply(u)
			return nil
		})
		if !errors.Is(err, errRoutingProfileMoved) || ctx.Err() != nil {
			return err
		}
	}
}

// errRoutingProfileMoved stops an update that read the channels of a
// routing profile the user no longer has.
var errRoutingProfileMoved = errors.New("connect: the user's routing profile changed during the update")

// handledChannels returns the ID of a user's routing profile and the
// channels it handles.
func (s *Service) handledChannels(ctx context.Context, scope Scope, instanceRef, userRef string) (string, []string, error) {
	rec, err := s.child(ctx, scope, instanceRef, KindUser, userRef)
	if err != nil {
		return "", nil, err
	}
	var u struct{ RoutingProfileId string }
	if err := json.Unmarshal(rec.Doc, &u); err != nil {
		return "", nil, err
	}
	profile, err := s.store.Get(ctx, Key{Scope: scope, Kind: KindRoutingProfile, ID: u.RoutingProfileId})
	if errors.Is(err, ErrNotFound) {
		return u.RoutingProfileId, nil, nil
	}
	if err != nil {
		return "", nil, err
	}
	var p struct{ MediaConcurrencies []MediaConcurrency }
	if err := json.Unmarshal(profile.Doc, &p); err != nil {
		return "", nil, err
	}
	var channels []string
	for _, m := range p.MediaConcurrencies {
		channels = append(channels, m.Channel)
	}
	return u.RoutingProfileId, channels, nil
}

// UpdateUserConfig replaces the per-channel settings of the channels it
// names, keeping the others; PhoneConfig follows the VOICE channel.
func (s *Service) UpdateUserConfig(ctx context.Context, scope Scope, in UpdateUserInput) error {
	if err := checkChannels(in.AutoAcceptConfigs, in.AfterContactWorkConfigs, in.PhoneNumberConfigs, in.PersistentConnectionConfigs, in.VoiceEnhancementConfigs); err != nil {
		return err
	}
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

// maxAfterContactWork is AWS's documented upper bound of an
// after-contact-work time limit, in seconds; the model gives only 0.
const maxAfterContactWork = 2000000

// CreateUser creates a user and the user's agent queue.
func (s *Service) CreateUser(ctx context.Context, scope Scope, in CreateUserInput) (CreateUserOutput, error) {
	_, inst, err := s.instance(ctx, scope, in.InstanceId)
	if err != nil {
		return CreateUserOutput{}, err
	}
	if err := checkIdentity(inst.IdentityManagementType, in); err != nil {
		return CreateUserOutput{}, err
	}
	if err := phoneConflicts(in.PhoneConfig, in.AutoAcceptConfigs != nil, in.AfterContactWorkConfigs != nil, in.PhoneNumberConfigs != nil, in.PersistentConnectionConfigs != nil); err != nil {
		return CreateUserOutput{}, err
	}
	if err := checkChannels(in.AutoAcceptConfigs, in.AfterContactWorkConfigs, in.PhoneNumberConfigs, in.PersistentConnectionConfigs, in.VoiceEnhancementConfigs); err != nil {
		return CreateUserOutput{}, err
	}
	phone, err := phoneSettings(in.PhoneConfig, in.AutoAcceptConfigs, in.AfterContactWorkConfigs, in.PhoneNumberConfigs, in.PersistentConnectionConfigs)
	if err != nil {
		return CreateUserOutput{}, err
	}
	if err := uniqueChannels(in.VoiceEnhancementConfigs, func(c VoiceEnhancementConfig) string { return c.Channel }); err != nil {
		return CreateUserOutput{}, err
	}

	if err := s.checkCounts(len(in.SecurityProfileIds), len(in.Tags)); err != nil {
		return CreateUserOutput{}, err
	}
	profileIDs, err := s.securityProfiles(ctx, scope, inst.Id, in.SecurityProfileIds)
	if err != nil {
		return CreateUserOutput{}, err
	}
	routing, err := s.child(ctx, scope, inst.Id, KindRoutingProfile, in.RoutingProfileId)
	if err != nil {
		return CreateUserOutput{}, err
	}
	var groupID string
	if in.HierarchyGroupId != nil && *in.HierarchyGroupId != "" {
		group, err := s.child(ctx, scope, inst.Id, KindHierarchyGroup, *in.HierarchyGroupId)
		if err != nil {
			return CreateUserOutput{}, err
		}
		groupID = group.ID
	}

	id := newID()
	now := s.now()
	u := User{
		Id:                      id,
		Arn:                     ChildARN(scope, inst.Id, KindUser, id),
		Username:                in.Username,
		IdentityInfo:            in.IdentityInfo,
		SecurityProfileIds:      profileIDs,
		RoutingProfileId:        routing.ID,
		HierarchyGroupId:        groupID,
		Tags:                    tagsOrEmpty(in.Tags),
		VoiceEnhancementConfigs: in.VoiceEnhancementConfigs,
		LastModifiedTime:        Time{now},
		LastModifiedRegion:      scope.Region,
	}
	phone.apply(&u)
	switch inst.IdentityManagementType {
	case ConnectManaged:
		u.DirectoryUserId = newID()
	case ExistingDirectory:
		if in.DirectoryUserId != nil {
			u.DirectoryUserId = *in.DirectoryUserId
		}
	}
	userRec := record(scope, KindUser, id, inst.Id, in.Username, u.Arn, now, u)
	if in.Password != nil {
		hash, err := s.hashPassword(ctx, *in.Password)
		if err != nil {
			return CreateUserOutput{}, err
		}
		userRec.PasswordHash = hash
	}
	queueArn := s.agentQueueARN(scope, inst.Id, id)
	queueRec := record(scope, KindQueue, id, inst.Id, "", queueArn, now, Queue{
		QueueArn: queueArn, QueueId: id, Status: "ENABLED", Tags: map[string]string{},
		LastModifiedTime: Time{now}, LastModifiedRegion: scope.Region,
	})
	taken := Errorf(DuplicateResource, "The user %s is already associated with the Amazon Connect instance %s", in.Username, inst.Id)
	if err := s.create(ctx, taken, userRec, queueRec); err != nil {
		return CreateUserOutput{}, err
	}
	return CreateUserOutput{UserId: id, UserArn: u.Arn}, nil
}

func (s *Service) agentQueueARN(scope Scope, instanceID, userID string) string {
	return ChildARN(scope, instanceID, KindQueue, "agent/"+userID)
}

// checkIdentity applies the rules of the instance's identity management
// type to a new user.
func checkIdentity(idType string, in CreateUserInput) error {
	switch idType {
	case SAML:
		if in.Password != nil {
			return Errorf(InvalidRequest, "Password is not supported for instances whose identity management type is SAML.")
		}
		if in.DirectoryUserId != nil {
			return Errorf(InvalidRequest, "DirectoryUserId is not supported for instances whose identity management type is SAML.")
		}
	case ExistingDirectory:
		if in.Password != nil {
			return Errorf(InvalidRequest, "Password is not supported for instances whose identity management type is EXISTING_DIRECTORY: the directory manages passwords.")
		}
	case ConnectManaged:
		if in.Password == nil {
			return Errorf(InvalidParameter, "Password is required for instances whose identity management type is CONNECT_MANAGED.")
		}
	}
	if err := checkIdentityInfo(idType, in.IdentityInfo); err != nil {
		return err
	}
	return checkUsername(idType, in.Username)
}

// checkIdentityInfo applies the rules UserIdentityInfo's documentation
// states beyond the model: names are required except where a directory
// manages them, in NFC, and on CONNECT_MANAGED instances 1 to 255 and 1 to
// 256 characters long (the model's limits are SAML's); SAML users have no
// Email; a SecondaryEmail matches its documented pattern.
func checkIdentityInfo(idType string, info *UserIdentityInfo) error {
	if info == nil {
		info = &UserIdentityInfo{}
	}
	if idType != ExistingDirectory {
		if info.FirstName == "" {
			return Errorf(InvalidParameter, "IdentityInfo.FirstName is required for instances whose identity management type is %s.", idType)
		}
		if info.LastName == "" {
			return Errorf(InvalidParameter, "IdentityInfo.LastName is required for instances whose identity management type is %s.", idType)
		}
	}
	if idType == SAML && info.Email != "" {
		return Errorf(InvalidRequest, "IdentityInfo.Email is not supported for instances whose identity management type is SAML: use SecondaryEmail.")
	}
	for _, name := range []struct{ member, value string }{{"firstName", info.FirstName}, {"lastName", info.LastName}} {
		if !norm.NFC.IsNormalString(name.value) {
			return validationError("identityInfo."+name.member, "Member must be in Unicode Normalization Form C (NFC)")
		}
	}
	if idType == ConnectManaged && utf8.RuneCountInString(info.LastName) > maxManagedLastName {
		return validationError("identityInfo.lastName", fmt.Sprintf("Member must have length less than or equal to %d", maxManagedLastName))
	}
	if info.SecondaryEmail != "" && (utf8.RuneCountInString(info.SecondaryEmail) > maxSecondaryEmail || !secondaryEmail.MatchString(info.SecondaryEmail)) {
		return validationError("identityInfo.secondaryEmail", "Member must satisfy regular expression pattern: "+secondaryEmailPattern)
	}
	return nil
}

// directoryManaged is the IdentityInfo an update leaves a user with: on an
// EXISTING_DIRECTORY instance the directory manages FirstName, LastName
// and Email, so those left out keep their values and a different one is
// refused.
func directoryManaged(idType string, old, update *UserIdentityInfo) (*UserIdentityInfo, error) {
	if idType != ExistingDirectory {
		return update, nil
	}
	info := UserIdentityInfo{}
	if update != nil {
		info = *update
	}
	if old == nil {
		old = &UserIdentityInfo{}
	}
	for _, f := range []struct {
		member   string
		old, new *string
	}{{"FirstName", &old.FirstName, &info.FirstName}, {"LastName", &old.LastName, &info.LastName}, {"Email", &old.Email, &info.Email}} {
		switch *f.new {
		case "":
			*f.new = *f.old
		case *f.old:
		default:
			return nil, Errorf(InvalidRequest, "IdentityInfo.%s cannot be updated for instances whose identity management type is EXISTING_DIRECTORY: the directory manages it.", f.member)
		}
	}
	if info == (UserIdentityInfo{}) {
		return nil, nil
	}
	return &info, nil
}

// validationError is an InvalidParameterException worded as the model's
// validators word theirs, for a rule AWS documents outside the model.
func validationError(path, constraint string) *Error {
	return Errorf(InvalidParameter, "1 validation error detected: Value at '%s' failed to satisfy constraint: %s", path, constraint)
}

// maxManagedLastName is the longest LastName of a CONNECT_MANAGED
// instance's user; its FirstName's limit, 255, is the model's.
const maxManagedLastName = 256

// secondaryEmailPattern is SecondaryEmail's documented pattern, whose
// look-ahead bounds the length; it is matched whole.
const (
	secondaryEmailPattern = `(?=^.{0,265}$)[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,63}`
	maxSecondaryEmail     = 265
)

var secondaryEmail = regexp.MustCompile(`^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,63}$`)

func checkUsername(idType, name string) error {
	max := 20
	if idType == SAML {
		max = 64
	}
	if len(name) > max {
		return Errorf(InvalidParameter, "The username %s is longer than %d characters, the most an instance whose identity management type is %s allows.", name, max, idType)
	}
	if !usernameChars.MatchString(name) {
		return Errorf(InvalidParameter, "The username %s may only contain the characters a-z, A-Z, 0-9, '_', '.', '-' and '@'.", name)
	}
	if strings.Contains(name, "@") && !emailForm.MatchString(name) {
		return Errorf(InvalidParameter, "The username %s may only contain '@' as an e-mail address (user@example.com).", name)
	}
	return nil
}

// DescribeUserInput is DescribeUser's request.
type DescribeUserInput struct{ InstanceId, UserId string }

// DescribeUserOutput is DescribeUser's answer.
type DescribeUserOutput struct{ User json.RawMessage }

// DescribeUser returns the stored User shape.
func (s *Service) DescribeUser(ctx context.Context, scope Scope, in DescribeUserInput) (DescribeUserOutput, error) {
	doc, err := s.describe(ctx, scope, in.InstanceId, KindUser, in.UserId)
	return DescribeUserOutput{doc}, err
}

// ListUsersInput is ListUsers' request.
type ListUsersInput struct {
	InstanceId string
	Page
}

// ListUsersOutput is ListUsers' answer.
type ListUsersOutput struct {
	UserSummaryList []Summary
	NextToken       string `json:",omitempty"`
}

// ListUsers returns a page of an instance's users.
func (s *Service) ListUsers(ctx context.Context, scope Scope, in ListUsersInput) (ListUsersOutput, error) {
	list, next, err := s.list(ctx, scope, in.InstanceId, KindUser, in.Page, nil)
	return ListUsersOutput{list, next}, err
}

// DeleteUserInput is DeleteUser's request.
type DeleteUserInput struct{ InstanceId, UserId string }

// DeleteUser deletes a user and the user's agent queue.
func (s *Service) DeleteUser(ctx context.Context, scope Scope, in DeleteUserInput) error {
	rec, err := s.child(ctx, scope, in.InstanceId, KindUser, in.UserId)
	if err != nil {
		return err
	}
	return s.remove(ctx, in.UserId, rec.Key, Key{Scope: scope, Kind: KindQueue, ID: rec.ID})
}

// usernameChars is what a username may hold; '@' only in an e-mail form.
var (
	usernameChars = regexp.MustCompile(`^[a-zA-Z0-9_.@-]+$`)
	emailForm     = regexp.MustCompile(`^[^@]+@[^@.]+(\.[^@.]+)+$`)
)
