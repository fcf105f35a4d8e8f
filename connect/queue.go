package connect

import (
	"context"
	"encoding/json"
)

// QueueInput is CreateQueue's request.
type QueueInput struct {
	InstanceId           string `json:"-"`
	Name                 string
	Description          string
	HoursOfOperationId   string
	MaxContacts          *int32
	OutboundCallerConfig *OutboundCallerConfig
	QuickConnectIds      []string
	EmailAddressesConfig []struct{ EmailAddressId string }
	OutboundEmailConfig  *struct{ OutboundEmailAddressId string }
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
	// "This email address must already exist in the instance."
	if len(in.EmailAddressesConfig) > 0 {
		return nil, Errorf(ResourceNotFound, "Email address not found: %s (connectd has no e-mail addresses).", in.EmailAddressesConfig[0].EmailAddressId)
	}
	if in.OutboundEmailConfig != nil && in.OutboundEmailConfig.OutboundEmailAddressId != "" {
		return nil, Errorf(ResourceNotFound, "Email address not found: %s (connectd has no e-mail addresses).", in.OutboundEmailConfig.OutboundEmailAddressId)
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

// OutboundCallerConfig is a queue's caller ID for outbound calls.
type OutboundCallerConfig struct {
	OutboundCallerIdName     string `json:",omitempty"`
	OutboundCallerIdNumberId string `json:",omitempty"`
	OutboundFlowId           string `json:",omitempty"`
}

// DeleteQueueInput is DeleteQueue's request.
type DeleteQueueInput struct{ InstanceId, QueueId string }

// DeleteQueue deletes a standard queue that no routing profile names. An
// agent queue goes only with its user.
func (s *Service) DeleteQueue(ctx context.Context, scope Scope, in DeleteQueueInput) error {
	rec, err := s.child(ctx, scope, in.InstanceId, KindQueue, in.QueueId)
	if err != nil {
		return err
	}
	if rec.Name == "" {
		return Errorf(InvalidRequest, "Queue %s is an agent queue: it is deleted with its user.", in.QueueId)
	}
	return s.remove(ctx, in.QueueId, rec.Key)
}
