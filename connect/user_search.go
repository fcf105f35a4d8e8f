package connect

import (
	"context"
	"encoding/json"
	"unicode/utf8"
)

// SearchUsersInput is SearchUsers' request.
type SearchUsersInput struct {
	InstanceId     string
	NextToken      string
	MaxResults     int
	SearchCriteria *UserSearchCriteria
	SearchFilter   *UserSearchFilter
}

// UserSearchCriteria is a tree of conditions on users.
type UserSearchCriteria struct {
	OrConditions            []UserSearchCriteria
	AndConditions           []UserSearchCriteria
	StringCondition         *StringCondition
	HierarchyGroupCondition *HierarchyGroupCondition
	ListCondition           *json.RawMessage
}

// StringCondition compares a field of a user.
type StringCondition struct {
	FieldName, Value, ComparisonType string
}

// HierarchyGroupCondition selects users by hierarchy group.
type HierarchyGroupCondition struct {
	Value, HierarchyGroupMatchType string
}

// UserSearchFilter filters users by tags and hierarchy.
type UserSearchFilter struct {
	TagFilter           *TagFilter
	UserAttributeFilter *UserAttributeFilter
}

// TagFilter is an OR of AND lists of tag conditions.
type TagFilter struct {
	OrConditions  [][]TagCondition
	AndConditions []TagCondition
	TagCondition  *TagCondition
}

// UserAttributeFilter combines tag and hierarchy conditions.
type UserAttributeFilter struct {
	OrConditions            []AttributeAndCondition
	AndCondition            *AttributeAndCondition
	TagCondition            *TagCondition
	HierarchyGroupCondition *HierarchyGroupCondition
}

// AttributeAndCondition is tag conditions and a hierarchy condition, all
// of which must hold.
type AttributeAndCondition struct {
	TagConditions           []TagCondition
	HierarchyGroupCondition *HierarchyGroupCondition
}

// TagCondition selects resources with a tag; without a value, any value.
type TagCondition struct {
	TagKey, TagValue string
}

// SearchUsersOutput is SearchUsers' answer. Each user is a
// UserSearchSummary: the User shape with only the first and last name of
// its identity, and no LastModified members (see searchSummary).
type SearchUsersOutput struct {
	Users                 []json.RawMessage
	NextToken             string `json:",omitempty"`
	ApproximateTotalCount int64
}

// stringFields are the user fields a StringCondition may name, and the
// attributes that hold them.
var stringFields = map[string]string{
	"Username":          AttrUsername,
	"FirstName":         AttrFirstName,
	"LastName":          AttrLastName,
	"RoutingProfileId":  RefPrefix + string(KindRoutingProfile),
	"SecurityProfileId": RefPrefix + string(KindSecurityProfile),
	"resourceId":        AttrID,
}

// maxTagConditions is how many tag conditions one filter may hold, and
// maxHierarchyGroupConditions how many hierarchy group conditions a
// UserAttributeFilter may.
const (
	maxTagConditions            = 25
	maxHierarchyGroupConditions = 20
)

// SearchUsers returns the users of an instance that the criteria and the
// filter both select, a page at a time, with the number selected in all.
func (s *Service) SearchUsers(ctx context.Context, scope Scope, in SearchUsersInput) (SearchUsersOutput, error) {
	_, inst, err := s.instance(ctx, scope, in.InstanceId)
	if err != nil {
		return SearchUsersOutput{}, err
	}
	b := condBuilder{s: s, ctx: ctx, scope: scope, instance: inst.Id}
	criteria, err := b.criteria(in.SearchCriteria)
	if err != nil {
		return SearchUsersOutput{}, err
	}
	filter, err := b.filter(in.SearchFilter)
	if err != nil {
		return SearchUsersOutput{}, err
	}
	where, err := b.where(criteria, filter)
	if err != nil {
		return SearchUsersOutput{}, err
	}
	tokens := pageTokensFor("Search", scope, KindUser, inst.Id, in.SearchCriteria, in.SearchFilter)
	after, err := tokens.after(in.NextToken)
	if err != nil {
		return SearchUsersOutput{}, err
	}
	if in.MaxResults == 0 {
		in.MaxResults = DefaultMaxResults
	}
	recs, total, err := s.store.Search(ctx, SearchQuery{Scope: scope, Kind: KindUser, InstanceID: inst.Id,
		Where: where, After: after, Limit: in.MaxResults + 1})
	if err != nil {
		return SearchUsersOutput{}, err
	}
	out := SearchUsersOutput{Users: make([]json.RawMessage, 0, len(recs)), ApproximateTotalCount: int64(total)}
	if len(recs) > in.MaxResults {
		recs = recs[:in.MaxResults]
		out.NextToken = tokens.next(recs[len(recs)-1].ID)
	}
	for _, r := range recs {
		sum, err := searchSummary(r.Doc)
		if err != nil {
			return SearchUsersOutput{}, err
		}
		out.Users = append(out.Users, sum)
	}
	return out, nil
}

// condBuilder turns SearchUsers' criteria and filters into a Cond.
type condBuilder struct {
	s          *Service
	ctx        context.Context
	scope      Scope
	instance   string
	tags       int // tag conditions seen
	conditions int // values compared but by tag conditions
	depth      int // of the criteria node being built
}

// A search's size is bounded, so that every search a client can send is
// either evaluated or refused, clearly: its criteria nest at most
// maxCriteriaDepth levels, and it compares at most maxSearchConditions
// values in all, each hierarchy group a hierarchy group condition takes in
// counting one. Within those bounds the stores evaluate it (see balanced).
const (
	maxCriteriaDepth    = 10
	maxSearchConditions = 1000
)

// descend enters a criteria node one level deeper; the caller ascends
// when done with it.
func (b *condBuilder) descend() error {
	b.depth++
	if b.depth > maxCriteriaDepth {
		return Errorf(InvalidParameter, "SearchCriteria may nest at most %d levels of AndConditions and OrConditions; this one nests deeper.", maxCriteriaDepth)
	}
	return nil
}

func (b *condBuilder) ascend() { b.depth-- }

// count adds n compared values, and refuses a search past the bound before
// it costs more to build.
func (b *condBuilder) count(n int) error {
	b.conditions += n
	if b.conditions+b.tags > maxSearchConditions {
		return Errorf(InvalidParameter, "A search may compare at most %d values in all (its string and tag conditions, and each hierarchy group a hierarchy group condition takes in); this one compares more.", maxSearchConditions)
	}
	return nil
}

// where is the condition a search runs, criteria and filter both, once
// its size is checked.
func (b *condBuilder) where(criteria, filter Cond) (Cond, error) {
	if b.tags > maxTagConditions {
		return Cond{}, Errorf(InvalidParameter, "A search filter may hold at most %d tag conditions; this one holds %d.", maxTagConditions, b.tags)
	}
	if err := b.count(0); err != nil {
		return Cond{}, err
	}
	return balanced(Cond{All: []Cond{criteria, filter}}), nil
}

// searchFanOut is the most parts an All or Any that balanced returns has.
const searchFanOut = 8

// balanced is c with no All or Any of more than searchFanOut parts: a
// longer list is split into nested lists of the same kind. The stores
// write a condition as SQL that nests as deep as its lists are long
// (SQLite refuses expressions deeper than 1000; PostgreSQL runs out of
// stack), which nesting turns into the logarithm of their length.
func balanced(c Cond) Cond {
	parts, group := c.Any, func(parts []Cond) Cond { return Cond{Any: parts} }
	if len(c.All) > 0 {
		parts, group = c.All, func(parts []Cond) Cond { return Cond{All: parts} }
	}
	if len(parts) == 0 {
		return c
	}
	out := make([]Cond, len(parts))
	for i, p := range parts {
		out[i] = balanced(p)
	}
	for len(out) > searchFanOut {
		var grouped []Cond
		for i := 0; i < len(out); i += searchFanOut {
			if chunk := out[i:min(i+searchFanOut, len(out))]; len(chunk) > 1 {
				grouped = append(grouped, group(chunk))
			} else {
				grouped = append(grouped, chunk[0])
			}
		}
		out = grouped
	}
	return group(out)
}

// criteria is the AND of every part a criteria node sets.
func (b *condBuilder) criteria(c *UserSearchCriteria) (Cond, error) {
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
		cond, err := stringCond(sc)
		if err != nil {
			return Cond{}, err
		}
		if err := b.count(1); err != nil {
			return Cond{}, err
		}
		all = append(all, cond)
	}
	if hc := c.HierarchyGroupCondition; hc != nil {
		cond, err := b.hierarchy(hc)
		if err != nil {
			return Cond{}, err
		}
		all = append(all, cond)
	}
	if c.ListCondition != nil {
		return Cond{}, Errorf(NotImplemented, "connectd does not implement SearchUsers' ListCondition (proficiencies).")
	}
	return and(all), nil
}

func stringCond(sc *StringCondition) (Cond, error) {
	attr, ok := stringFields[sc.FieldName]
	if !ok {
		return Cond{}, Errorf(InvalidParameter, "StringCondition.FieldName %q is not one of Username, FirstName, LastName, RoutingProfileId, SecurityProfileId, resourceId.", sc.FieldName)
	}
	if err := checkName("StringCondition.Value", sc.Value); err != nil {
		return Cond{}, err
	}
	switch sc.ComparisonType {
	case "EXACT":
		return Cond{Attr: attr, Match: Equal, Value: sc.Value}, nil
	case "STARTS_WITH":
		return Cond{Attr: attr, Match: Prefix, Value: sc.Value}, nil
	case "CONTAINS":
		if n := utf8.RuneCountInString(sc.Value); n < 2 || n > 25 {
			return Cond{}, Errorf(InvalidParameter, "A CONTAINS StringCondition.Value must have 2 to 25 characters; %q has %d.", sc.Value, n)
		}
		return Cond{Attr: attr, Match: Contains, Value: sc.Value}, nil
	}
	return Cond{}, Errorf(InvalidParameter, "StringCondition.ComparisonType is required: STARTS_WITH, CONTAINS or EXACT.")
}

// hierarchy selects the users of a group, or of the group and every group
// below it.
func (b *condBuilder) hierarchy(hc *HierarchyGroupCondition) (Cond, error) {
	if hc.Value == "" {
		return Cond{}, Errorf(InvalidParameter, "HierarchyGroupCondition.Value is required.")
	}
	id, _ := childIDOf(b.scope, b.instance, KindHierarchyGroup, hc.Value)
	attr := RefPrefix + string(KindHierarchyGroup)
	switch hc.HierarchyGroupMatchType {
	case "", "EXACT":
		return Cond{Attr: attr, Match: Equal, Value: id}, b.count(1)
	case "WITH_CHILD_GROUPS":
		if err := b.count(1); err != nil { // before the groups are read
			return Cond{}, err
		}
		groups, _, err := b.s.store.Search(b.ctx, SearchQuery{Scope: b.scope, Kind: KindHierarchyGroup, InstanceID: b.instance,
			Where: Cond{Attr: AttrAncestor, Match: Equal, Value: id}, Limit: -1})
		if err != nil {
			return Cond{}, err
		}
		any := []Cond{{Attr: attr, Match: Equal, Value: id}}
		for _, g := range groups {
			any = append(any, Cond{Attr: attr, Match: Equal, Value: g.ID})
		}
		return Cond{Any: any}, b.count(len(groups))
	}
	return Cond{}, Errorf(InvalidParameter, "HierarchyGroupCondition.HierarchyGroupMatchType must be EXACT or WITH_CHILD_GROUPS.")
}

func (b *condBuilder) tag(tc TagCondition) Cond {
	b.tags++
	if checkName("TagKey", tc.TagKey) != nil {
		return matchNothing // no tag key holds control characters
	}
	if tc.TagValue == "" {
		return Cond{Attr: TagPrefix + tc.TagKey, Match: Prefix, Value: ""}
	}
	return Cond{Attr: TagPrefix + tc.TagKey, Match: Equal, Value: tc.TagValue}
}

func (b *condBuilder) tagList(tcs []TagCondition) Cond {
	var all []Cond
	for _, tc := range tcs {
		all = append(all, b.tag(tc))
	}
	return and(all)
}

func (b *condBuilder) filter(f *UserSearchFilter) (Cond, error) {
	if f == nil {
		return Cond{}, nil
	}
	if f.TagFilter != nil && f.UserAttributeFilter != nil {
		return Cond{}, Errorf(AccessDenied, "A SearchFilter may hold a TagFilter or a UserAttributeFilter, not both.")
	}
	if af := f.UserAttributeFilter; af != nil {
		populated := 0
		for _, set := range []bool{len(af.OrConditions) > 0, af.AndCondition != nil, af.TagCondition != nil, af.HierarchyGroupCondition != nil} {
			if set {
				populated++
			}
		}
		if populated > 1 {
			return Cond{}, Errorf(InvalidParameter, "Only one field of UserAttributeFilter can be populated: OrConditions, AndCondition, TagCondition or HierarchyGroupCondition.")
		}
		groups := 0
		for _, ac := range af.OrConditions {
			if ac.HierarchyGroupCondition != nil {
				groups++
			}
		}
		if groups > maxHierarchyGroupConditions {
			return Cond{}, Errorf(InvalidParameter, "A UserAttributeFilter may hold at most %d hierarchy group conditions; this one holds %d.", maxHierarchyGroupConditions, groups)
		}
	}
	var all []Cond
	if tf := f.TagFilter; tf != nil {
		if len(tf.OrConditions) > 0 {
			var any []Cond
			for _, list := range tf.OrConditions {
				any = append(any, b.tagList(list))
			}
			all = append(all, Cond{Any: any})
		}
		if len(tf.AndConditions) > 0 {
			all = append(all, b.tagList(tf.AndConditions))
		}
		if tf.TagCondition != nil {
			all = append(all, b.tag(*tf.TagCondition))
		}
	}
	if af := f.UserAttributeFilter; af != nil {
		attrAnd := func(ac AttributeAndCondition) (Cond, error) {
			conds := []Cond{b.tagList(ac.TagConditions)}
			if ac.HierarchyGroupCondition != nil {
				h, err := b.hierarchy(ac.HierarchyGroupCondition)
				if err != nil {
					return Cond{}, err
				}
				conds = append(conds, h)
			}
			return and(conds), nil
		}
		if len(af.OrConditions) > 0 {
			var any []Cond
			for _, ac := range af.OrConditions {
				c, err := attrAnd(ac)
				if err != nil {
					return Cond{}, err
				}
				any = append(any, c)
			}
			all = append(all, Cond{Any: any})
		}
		if af.AndCondition != nil {
			c, err := attrAnd(*af.AndCondition)
			if err != nil {
				return Cond{}, err
			}
			all = append(all, c)
		}
		if af.TagCondition != nil {
			all = append(all, b.tag(*af.TagCondition))
		}
		if af.HierarchyGroupCondition != nil {
			h, err := b.hierarchy(af.HierarchyGroupCondition)
			if err != nil {
				return Cond{}, err
			}
			all = append(all, h)
		}
	}
	return and(all), nil
}

// nested is what a criteria node's nested conditions require: one of its
// OrConditions, and each of its AndConditions.
func nested[T any](or, and []T, criteria func(*T) (Cond, error)) ([]Cond, error) {
	var all, any []Cond
	for i := range or {
		sub, err := criteria(&or[i])
		if err != nil {
			return nil, err
		}
		any = append(any, sub)
	}
	if len(any) > 0 {
		all = append(all, Cond{Any: any})
	}
	for i := range and {
		sub, err := criteria(&and[i])
		if err != nil {
			return nil, err
		}
		all = append(all, sub)
	}
	return all, nil
}

// matchNothing is a condition no record meets: no record has an empty ID.
var matchNothing = Cond{Attr: AttrID, Match: Equal, Value: ""}

// and is the conjunction of conditions, without needless nesting.
func and(all []Cond) Cond {
	switch len(all) {
	case 0:
		return Cond{}
	case 1:
		return all[0]
	}
	return Cond{All: all}
}
