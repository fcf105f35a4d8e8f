package connect

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
)

// usernameChars is what a username may hold; '@' only in an e-mail form.
var (
	usernameChars = regexp.MustCompile(`^[a-zA-Z0-9_.@-]+$`)
	emailForm     = regexp.MustCompile(`^[^@]+@[^@.]+(\.[^@.]+)+$`)
)

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
	var secret []byte
	if in.Password != nil {
		hash, err := s.hashPassword(ctx, *in.Password)
		if err != nil {
			return CreateUserOutput{}, err
		}
		secret = []byte(hash)
	}

	userRec := record(scope, KindUser, id, inst.Id, in.Username, u.Arn, now, u)
	userRec.Secret = secret
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
	if err := checkNames(idType, in.IdentityInfo); err != nil {
		return err
	}
	return checkUsername(idType, in.Username)
}

// checkNames requires a first and a last name, except where a directory
// manages them.
func checkNames(idType string, info *UserIdentityInfo) error {
	if idType == ExistingDirectory {
		return nil
	}
	if info == nil || info.FirstName == "" {
		return Errorf(InvalidParameter, "IdentityInfo.FirstName is required for instances whose identity management type is %s.", idType)
	}
	if info.LastName == "" {
		return Errorf(InvalidParameter, "IdentityInfo.LastName is required for instances whose identity management type is %s.", idType)
	}
	return nil
}

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

// checkCounts applies the quotas of security profiles per user and tags
// per resource.
func (s *Service) checkCounts(profiles, tags int) error {
	if q := s.quotas.SecurityProfilesPerUser; q > 0 && profiles > q {
		return Errorf(LimitExceeded, "A user can have at most %d security profiles; this would make %d.", q, profiles)
	}
	if q := s.quotas.TagsPerResource; q > 0 && tags > q {
		return Errorf(LimitExceeded, "A resource can have at most %d tags; this would make %d.", q, tags)
	}
	return nil
}
