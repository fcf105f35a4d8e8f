package connect

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
)

func tagsOrEmpty(tags map[string]string) map[string]string {
	if tags == nil {
		return map[string]string{}
	}
	return tags
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
