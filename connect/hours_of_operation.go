package connect

import (
	"context"
	"encoding/json"
	"time"
)

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

// DeleteHoursOfOperationInput is DeleteHoursOfOperation's request.
type DeleteHoursOfOperationInput struct{ InstanceId, HoursOfOperationId string }

// DeleteHoursOfOperation deletes hours of operation that no queue names.
// Hours in use are InvalidRequestException: of the errors the model gives
// the operation, the one that fits.
func (s *Service) DeleteHoursOfOperation(ctx context.Context, scope Scope, in DeleteHoursOfOperationInput) error {
	rec, err := s.child(ctx, scope, in.InstanceId, KindHoursOfOperation, in.HoursOfOperationId)
	if err != nil {
		return err
	}
	err = s.remove(ctx, in.HoursOfOperationId, rec.Key)
	if ErrorCode(err) == ResourceInUse {
		return Errorf(InvalidRequest, "Hours of operation %s are in use: a queue still names them.", in.HoursOfOperationId)
	}
	return err
}
