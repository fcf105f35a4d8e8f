// Package connect holds connectd's domain: the Amazon Connect resources a
// user administrator works with, the rules AWS applies to them beyond its
// model, the Store they live in, and the one Error type that carries AWS's
// error codes.
//
// The resource types are the API's own shapes: their JSON is what the wire
// carries and what the store keeps.
package connect

import (
	"strconv"
	"time"
)

// Page asks for one page of a list.
type Page struct {
	NextToken  string
	MaxResults int // 0: the operation's default
}

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
