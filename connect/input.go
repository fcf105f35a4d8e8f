package connect

// The inputs of the operations, as their JSON bodies carry them. Path and
// query members are filled in by the protocol layer. Inputs reach the
// Service already checked against the model's constraints.

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

// CreateInstanceOutput is CreateInstance's answer.
type CreateInstanceOutput struct {
	Id  string
	Arn string
}

// Page asks for one page of a list.
type Page struct {
	NextToken  string
	MaxResults int // 0: the operation's default
}
