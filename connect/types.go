// Package connect holds connectd's domain: the Amazon Connect resources a
// user administrator works with, the rules AWS applies to them beyond its
// model, the Store they live in, and the one Error type that carries AWS's
// error codes.
//
// The resource types are the API's own shapes: their JSON is what the wire
// carries and what the store keeps.
package connect

import (
	"encoding/json"
	"strconv"
	"time"
)

// Scope is the account and region a request acts in. Nothing of one scope
// is visible from another.
type Scope struct {
	Partition string // aws, aws-cn, aws-us-gov
	Region    string
	Account   string
}

// DefaultScope is the scope of an unsigned request.
var DefaultScope = Scope{Partition: "aws", Region: "us-east-1", Account: "123456789012"}

// ScopeFor returns the scope of an account in a region, with the partition
// the region belongs to.
func ScopeFor(account, region string) Scope {
	p := "aws"
	switch {
	case len(region) >= 3 && region[:3] == "cn-":
		p = "aws-cn"
	case len(region) >= 7 && region[:7] == "us-gov-":
		p = "aws-us-gov"
	}
	return Scope{Partition: p, Region: region, Account: account}
}

// InstanceARN is the ARN of an instance of this scope.
func (s Scope) InstanceARN(instanceID string) string {
	return "arn:" + s.Partition + ":connect:" + s.Region + ":" + s.Account + ":instance/" + instanceID
}

// Time is a timestamp as Connect's JSON carries it: epoch seconds, with
// milliseconds as a fraction.
type Time struct{ time.Time }

// MarshalJSON writes epoch seconds.
func (t Time) MarshalJSON() ([]byte, error) {
	ms := t.UnixMilli()
	return strconv.AppendFloat(nil, float64(ms)/1000, 'f', -1, 64), nil
}

// UnmarshalJSON reads epoch seconds.
func (t *Time) UnmarshalJSON(b []byte) error {
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return err
	}
	t.Time = time.UnixMilli(int64(f*1000 + 0.5)).UTC()
	return nil
}

// Identity management types of an instance.
const (
	ConnectManaged    = "CONNECT_MANAGED"
	SAML              = "SAML"
	ExistingDirectory = "EXISTING_DIRECTORY"
)

// Instance is the Instance shape of DescribeInstance.
type Instance struct {
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
	Tags                   map[string]string
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

// UserPhoneConfig is the voice settings of a user. Pointers mark what a
// request set: each field conflicts with a per-channel counterpart.
type UserPhoneConfig struct {
	PhoneType                 *string `json:",omitempty"`
	AutoAccept                *bool   `json:",omitempty"`
	AfterContactWorkTimeLimit *int32  `json:",omitempty"`
	DeskPhoneNumber           *string `json:",omitempty"`
	PersistentConnection      *bool   `json:",omitempty"`
}

// Phone types.
const (
	SoftPhone = "SOFT_PHONE"
	DeskPhone = "DESK_PHONE"
)

// Voice is the channel PhoneConfig describes.
const Voice = "VOICE"

// AutoAcceptConfig is one channel's auto-accept setting.
type AutoAcceptConfig struct {
	Channel                      string
	AutoAccept                   bool
	AgentFirstCallbackAutoAccept *bool `json:",omitempty"`
}

// AfterContactWorkConfig is an after-contact-work time limit.
type AfterContactWorkConfig struct {
	AfterContactWorkTimeLimit int32
}

// AfterContactWorkConfigs is one channel's after-contact-work setting.
type AfterContactWorkConfigs struct {
	Channel                                  string
	AfterContactWorkConfig                   *AfterContactWorkConfig
	AgentFirstCallbackAfterContactWorkConfig *AfterContactWorkConfig `json:",omitempty"`
}

// PhoneNumberConfig is one channel's phone type and number.
type PhoneNumberConfig struct {
	Channel     string
	PhoneType   string
	PhoneNumber string `json:",omitempty"`
}

// PersistentConnectionConfig is one channel's persistent-connection setting.
type PersistentConnectionConfig struct {
	Channel              string
	PersistentConnection bool
}

// VoiceEnhancementConfig is one channel's voice enhancement mode.
type VoiceEnhancementConfig struct {
	Channel              string
	VoiceEnhancementMode string
}

// Summary is an entry of ListUsers, ListSecurityProfiles,
// ListRoutingProfiles, ListQueues and ListHoursOfOperations: each names the
// resource with Username or Name, and only queues have a QueueType.
type Summary struct {
	Id                 string
	Arn                string
	Username           string `json:",omitempty"`
	Name               string `json:",omitempty"`
	QueueType          string `json:",omitempty"`
	LastModifiedTime   Time
	LastModifiedRegion string
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

// Queue types.
const (
	StandardQueue = "STANDARD"
	AgentQueue    = "AGENT"
)

// Queue is the Queue shape of DescribeQueue.
type Queue struct {
	Name                 string `json:",omitempty"`
	QueueArn             string
	QueueId              string
	Description          string                `json:",omitempty"`
	OutboundCallerConfig *OutboundCallerConfig `json:",omitempty"`
	HoursOfOperationId   string                `json:",omitempty"`
	MaxContacts          *int32                `json:",omitempty"`
	Status               string
	Tags                 map[string]string
	LastModifiedTime     Time
	LastModifiedRegion   string
}

// HoursOfOperation is the HoursOfOperation shape of DescribeHoursOfOperation.
type HoursOfOperation struct {
	HoursOfOperationId  string
	HoursOfOperationArn string
	Name                string
	Description         string `json:",omitempty"`
	TimeZone            string
	Config              []HoursOfOperationConfig
	Tags                map[string]string
	LastModifiedTime    Time
	LastModifiedRegion  string
}

// HoursOfOperationConfig is one day's opening hours.
type HoursOfOperationConfig struct {
	Day       string
	StartTime TimeSlice
	EndTime   TimeSlice
}

// TimeSlice is a time of day.
type TimeSlice struct {
	Hours   int32
	Minutes int32
}

// HierarchyGroup is the HierarchyGroup shape of DescribeUserHierarchyGroup.
type HierarchyGroup struct {
	Id                 string
	Arn                string
	Name               string
	LevelId            string
	HierarchyPath      *HierarchyPath
	Tags               map[string]string
	LastModifiedTime   Time
	LastModifiedRegion string
}

// HierarchyPath is the groups from the top of the hierarchy down to a group.
type HierarchyPath struct {
	LevelOne   *HierarchyGroupSummary `json:",omitempty"`
	LevelTwo   *HierarchyGroupSummary `json:",omitempty"`
	LevelThree *HierarchyGroupSummary `json:",omitempty"`
	LevelFour  *HierarchyGroupSummary `json:",omitempty"`
	LevelFive  *HierarchyGroupSummary `json:",omitempty"`
}

// HierarchyGroupSummary names a hierarchy group.
type HierarchyGroupSummary struct {
	Id                 string
	Arn                string
	Name               string
	LastModifiedTime   *Time  `json:",omitempty"`
	LastModifiedRegion string `json:",omitempty"`
}

// levels are the groups of the path, from the top down.
func (p *HierarchyPath) levels() []*HierarchyGroupSummary {
	if p == nil {
		return nil
	}
	var out []*HierarchyGroupSummary
	for _, l := range []*HierarchyGroupSummary{p.LevelOne, p.LevelTwo, p.LevelThree, p.LevelFour, p.LevelFive} {
		if l != nil {
			out = append(out, l)
		}
	}
	return out
}

// OutboundCallerConfig is a queue's caller ID for outbound calls.
type OutboundCallerConfig struct {
	OutboundCallerIdName     string `json:",omitempty"`
	OutboundCallerIdNumberId string `json:",omitempty"`
	OutboundFlowId           string `json:",omitempty"`
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
