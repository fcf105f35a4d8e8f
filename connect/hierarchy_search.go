package connect

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"
)

// SearchUserHierarchyGroupsInput is SearchUserHierarchyGroups' request.
type SearchUserHierarchyGroupsInput struct {
	InstanceId     string
	NextToken      string
	MaxResults     int
	SearchCriteria *UserHierarchyGroupSearchCriteria
	SearchFilter   *UserHierarchyGroupSearchFilter
}

// UserHierarchyGroupSearchCriteria is a tree of conditions on groups.
type UserHierarchyGroupSearchCriteria struct {
	OrConditions    []UserHierarchyGroupSearchCriteria
	AndConditions   []UserHierarchyGroupSearchCriteria
	StringCondition *StringCondition
}

// UserHierarchyGroupSearchFilter filters groups by tags.
type UserHierarchyGroupSearchFilter struct {
	AttributeFilter *ControlPlaneAttributeFilter
}

// ControlPlaneAttributeFilter is an OR of AND lists of tag conditions, an
// AND list, or one tag condition.
type ControlPlaneAttributeFilter struct {
	OrConditions []CommonAttributeAndCondition
	AndCondition *CommonAttributeAndCondition
	TagCondition *TagCondition
}

// CommonAttributeAndCondition is tag conditions that must all hold.
type CommonAttributeAndCondition struct {
	TagConditions []TagCondition
}

// SearchUserHierarchyGroupsOutput is SearchUserHierarchyGroups' answer:
// whole HierarchyGroup shapes.
type SearchUserHierarchyGroupsOutput struct {
	UserHierarchyGroups   []json.RawMessage
	NextToken             string `json:",omitempty"`
	ApproximateTotalCount int64
}

// groupFields are the fields a StringCondition on groups may name (AWS
// documents name, parentId, levelId and resourceID; SearchUsers' spelling
// resourceId is taken too), and the attributes that hold them. levelId is
// not an attribute: groupCond works it out.
var groupFields = map[string]string{
	"name":       AttrName,
	"parentId":   RefPrefix + string(KindHierarchyGroup),
	"resourceID": AttrID,
	"resourceId": AttrID,
	"levelId":    "",
}

// SearchUserHierarchyGroups returns the groups of an instance that the
// criteria and the filter both select, a page at a time, with the number
// selected in all.
func (s *Service) SearchUserHierarchyGroups(ctx context.Context, scope Scope, in SearchUserHierarchyGroupsInput) (SearchUserHierarchyGroupsOutput, error) {
	var out SearchUserHierarchyGroupsOutput
	_, inst, err := s.instance(ctx, scope, in.InstanceId)
	if err != nil {
		return out, err
	}
	b := groupCondBuilder{condBuilder: condBuilder{s: s, ctx: ctx, scope: scope, instance: inst.Id}}
	criteria, err := b.criteria(in.SearchCriteria)
	if err != nil {
		return out, err
	}
	var filter Cond
	if in.SearchFilter != nil && in.SearchFilter.AttributeFilter != nil {
		filter = b.attributes(in.SearchFilter.AttributeFilter)
	}
	where, err := b.where(criteria, filter)
	if err != nil {
		return out, err
	}
	tokens := pageTokensFor("Search", scope, KindHierarchyGroup, inst.Id, in.SearchCriteria, in.SearchFilter)
	after, err := tokens.after(in.NextToken)
	if err != nil {
		return out, err
	}
	if in.MaxResults == 0 {
		in.MaxResults = DefaultMaxResults
	}
	recs, total, err := s.store.Search(ctx, SearchQuery{Scope: scope, Kind: KindHierarchyGroup, InstanceID: inst.Id,
		Where: where, After: after, Limit: in.MaxResults + 1})
	if err != nil {
		return out, err
	}
	out.UserHierarchyGroups, out.ApproximateTotalCount = []json.RawMessage{}, int64(total)
	if len(recs) > in.MaxResults {
		recs = recs[:in.MaxResults]
		out.NextToken = tokens.next(recs[len(recs)-1].ID)
	}
	for _, r := range recs {
		out.UserHierarchyGroups = append(out.UserHierarchyGroups, r.Doc)
	}
	return out, nil
}

// groupCondBuilder turns SearchUserHierarchyGroups' criteria and filter
// into a Cond.
type groupCondBuilder struct {
	condBuilder
	levels map[string][]string // group IDs by LevelId, once a condition needs them
}

func (b *groupCondBuilder) criteria(c *UserHierarchyGroupSearchCriteria) (Cond, error) {
	if c == nil {
		return Cond{}, nil
	}
	if err := b.descend(); err != nil {
		return Cond{}, err
	}
	defer b.ascend()
	all, err := nested(c.OrConditions, c.AndConditions, b.criteria)
	if err != nil {
		return Cond{}, err
	}
	if sc := c.StringCondition; sc != nil {
		cond, err := b.stringCond(sc)
		if err != nil {
			return Cond{}, err
		}
		all = append(all, cond)
	}
	return and(all), nil
}

func (b *groupCondBuilder) stringCond(sc *StringCondition) (Cond, error) {
	attr, ok := groupFields[sc.FieldName]
	if !ok {
		return Cond{}, Errorf(InvalidParameter, "StringCondition.FieldName %q is not one of name, parentId, levelId, resourceID.", sc.FieldName)
	}
	if err := checkName("StringCondition.Value", sc.Value); err != nil {
		return Cond{}, err
	}
	var match Match
	switch sc.ComparisonType {
	case "EXACT":
		match = Equal
	case "STARTS_WITH":
		match = Prefix
	case "CONTAINS":
		if err := containsLength(sc.Value); err != nil {
			return Cond{}, err
		}
		match = Contains
	default:
		return Cond{}, Errorf(InvalidParameter, "StringCondition.ComparisonType is required: STARTS_WITH, CONTAINS or EXACT.")
	}
	if attr != "" {
		return Cond{Attr: attr, Match: match, Value: sc.Value}, b.count(1)
	}
	// levelId: the groups at each level the comparison selects.
	if err := b.loadLevels(); err != nil {
		return Cond{}, err
	}
	var any []Cond
	for n := 1; n <= maxLevels; n++ {
		level := strconv.Itoa(n)
		if match == Equal && level == sc.Value || match == Prefix && strings.HasPrefix(level, sc.Value) ||
			match == Contains && strings.Contains(level, sc.Value) {
			for _, id := range b.levels[level] {
				any = append(any, Cond{Attr: AttrID, Match: Equal, Value: id})
			}
		}
	}
	if len(any) == 0 {
		return matchNothing, b.count(1)
	}
	return Cond{Any: any}, b.count(len(any))
}

// containsLength applies the length AWS documents for a CONTAINS value.
func containsLength(v string) error {
	if n := utf8.RuneCountInString(v); n < 2 || n > 25 {
		return Errorf(InvalidParameter, "A CONTAINS StringCondition.Value must have 2 to 25 characters; %q has %d.", v, n)
	}
	return nil
}

func (b *groupCondBuilder) loadLevels() error {
	if b.levels != nil {
		return nil
	}
	recs, _, err := b.s.store.Search(b.ctx, SearchQuery{Scope: b.scope, Kind: KindHierarchyGroup, InstanceID: b.instance, Limit: -1})
	if err != nil {
		return err
	}
	b.levels = map[string][]string{}
	for _, r := range recs {
		var g struct{ LevelId string }
		if err := json.Unmarshal(r.Doc, &g); err != nil {
			return err
		}
		b.levels[g.LevelId] = append(b.levels[g.LevelId], r.ID)
	}
	return nil
}

func (b *groupCondBuilder) attributes(f *ControlPlaneAttributeFilter) Cond {
	var all []Cond
	if len(f.OrConditions) > 0 {
		var any []Cond
		for _, ac := range f.OrConditions {
			any = append(any, b.tagList(ac.TagConditions))
		}
		all = append(all, Cond{Any: any})
	}
	if f.AndCondition != nil {
		all = append(all, b.tagList(f.AndCondition.TagConditions))
	}
	if f.TagCondition != nil {
		all = append(all, b.tag(*f.TagCondition))
	}
	return and(all)
}
