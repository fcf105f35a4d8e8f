package connect

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"time"
	"unicode/utf8"
)

// KindHierarchyStructure is an instance's user hierarchy structure: at
// most one unnamed record per instance, whose ID is the instance's ID and
// whose Doc is the HierarchyStructure shape. An instance without one has
// no levels. It goes with its instance, as every record of it does.
const KindHierarchyStructure Kind = "hierarchy-structure"

// The hierarchy's bounds: AWS's five levels, and the longest names of a
// level and of a group, in characters.
const (
	maxLevels    = 5
	maxLevelName = 50
	maxGroupName = 100
)

// levelNames are the members naming each level, from the top down.
var levelNames = [maxLevels]string{"LevelOne", "LevelTwo", "LevelThree", "LevelFour", "LevelFive"}

// HierarchyLevel is one level of the HierarchyStructure shape. Its Id is
// the level's number, "1" to "5", as a group's LevelId names it.
type HierarchyLevel struct {
	Id                 string
	Arn                string
	Name               string
	LastModifiedTime   Time
	LastModifiedRegion string
}

// HierarchyStructure is the HierarchyStructure shape of
// DescribeUserHierarchyStructure: the levels defined, contiguous from
// LevelOne.
type HierarchyStructure struct {
	LevelOne   *HierarchyLevel `json:",omitempty"`
	LevelTwo   *HierarchyLevel `json:",omitempty"`
	LevelThree *HierarchyLevel `json:",omitempty"`
	LevelFour  *HierarchyLevel `json:",omitempty"`
	LevelFive  *HierarchyLevel `json:",omitempty"`
}

// at is the member of level n, 1 to 5.
func (h *HierarchyStructure) at(n int) **HierarchyLevel {
	return [maxLevels]**HierarchyLevel{&h.LevelOne, &h.LevelTwo, &h.LevelThree, &h.LevelFour, &h.LevelFive}[n-1]
}

// depth is how many levels are defined.
func (h *HierarchyStructure) depth() int {
	n := 0
	for n < maxLevels && *h.at(n + 1) != nil {
		n++
	}
	return n
}

// HierarchyLevelUpdate names a level.
type HierarchyLevelUpdate struct {
	Name string
}

// HierarchyStructureUpdate is the whole structure wanted: the levels it
// leaves out are removed.
type HierarchyStructureUpdate struct {
	LevelOne, LevelTwo, LevelThree, LevelFour, LevelFive *HierarchyLevelUpdate
}

func (u *HierarchyStructureUpdate) at(n int) *HierarchyLevelUpdate {
	return [maxLevels]*HierarchyLevelUpdate{u.LevelOne, u.LevelTwo, u.LevelThree, u.LevelFour, u.LevelFive}[n-1]
}

// UpdateUserHierarchyStructureInput is UpdateUserHierarchyStructure's
// request.
type UpdateUserHierarchyStructureInput struct {
	InstanceId         string `json:"-"`
	HierarchyStructure HierarchyStructureUpdate
}

// CreateUserHierarchyGroupInput is CreateUserHierarchyGroup's request.
type CreateUserHierarchyGroupInput struct {
	InstanceId    string `json:"-"`
	Name          string
	ParentGroupId *string
	Tags          map[string]string
}

// CreateUserHierarchyGroupOutput is CreateUserHierarchyGroup's answer.
type CreateUserHierarchyGroupOutput struct {
	HierarchyGroupId  string
	HierarchyGroupArn string
}

// UpdateUserHierarchyGroupNameInput is UpdateUserHierarchyGroupName's
// request.
type UpdateUserHierarchyGroupNameInput struct {
	InstanceId       string `json:"-"`
	HierarchyGroupId string `json:"-"`
	Name             string
}

// at is the member of level n, 1 to 5.
func (p *HierarchyPath) at(n int) **HierarchyGroupSummary {
	return [maxLevels]**HierarchyGroupSummary{&p.LevelOne, &p.LevelTwo, &p.LevelThree, &p.LevelFour, &p.LevelFive}[n-1]
}

// merge puts each summary into the path in place of an older entry of the
// same group, and says whether anything changed. A group's LastModifiedTime
// only grows (see groupTime), so the newest summary always wins, whatever
// order concurrent renames reach a path in.
func (p *HierarchyPath) merge(sums ...*HierarchyGroupSummary) bool {
	changed := false
	for n := 1; n <= maxLevels; n++ {
		e := p.at(n)
		for _, s := range sums {
			if *e != nil && s.Id == (*e).Id && s.LastModifiedTime != nil &&
				((*e).LastModifiedTime == nil || s.LastModifiedTime.After((*e).LastModifiedTime.Time)) {
				*e, changed = s, true
			}
		}
	}
	return changed
}

// level is the group's level, 1 to 5.
func (g *HierarchyGroup) level() int {
	n, _ := strconv.Atoi(g.LevelId)
	return n
}

// summary is the group as its own and its descendants' paths name it.
func (g *HierarchyGroup) summary() *HierarchyGroupSummary {
	t := g.LastModifiedTime
	return &HierarchyGroupSummary{Id: g.Id, Arn: g.Arn, Name: g.Name, LastModifiedTime: &t, LastModifiedRegion: g.LastModifiedRegion}
}

func decodeGroup(r Record) (*HierarchyGroup, error) {
	var g HierarchyGroup
	if err := json.Unmarshal(r.Doc, &g); err != nil {
		return nil, err
	}
	if g.HierarchyPath == nil {
		g.HierarchyPath = &HierarchyPath{}
	}
	return &g, nil
}

// groupTime is the time of a change to a group last changed at last: now,
// to the millisecond the API shows, and always after last, so that a later
// change of a group is always a newer one.
func groupTime(now, last time.Time) time.Time {
	now = now.Truncate(time.Millisecond)
	if !now.After(last) {
		now = last.Add(time.Millisecond)
	}
	return now
}

func levelARN(scope Scope, instanceID string, n int) string {
	return scope.InstanceARN(instanceID) + "/agent-group-level/" + strconv.Itoa(n)
}

func structureKey(scope Scope, instanceID string) Key {
	return Key{Scope: scope, Kind: KindHierarchyStructure, ID: instanceID}
}

// structure loads an instance's hierarchy structure; none is no levels.
func (s *Service) structure(ctx context.Context, scope Scope, instanceID string) (HierarchyStructure, error) {
	var h HierarchyStructure
	rec, err := s.store.Get(ctx, structureKey(scope, instanceID))
	if errors.Is(err, ErrNotFound) {
		return h, nil
	}
	if err != nil {
		return h, err
	}
	return h, json.Unmarshal(rec.Doc, &h)
}

// DescribeUserHierarchyStructureInput is DescribeUserHierarchyStructure's
// request.
type DescribeUserHierarchyStructureInput struct{ InstanceId string }

// DescribeUserHierarchyStructureOutput is DescribeUserHierarchyStructure's
// answer.
type DescribeUserHierarchyStructureOutput struct{ HierarchyStructure HierarchyStructure }

// DescribeUserHierarchyStructure returns an instance's hierarchy levels.
func (s *Service) DescribeUserHierarchyStructure(ctx context.Context, scope Scope, in DescribeUserHierarchyStructureInput) (DescribeUserHierarchyStructureOutput, error) {
	_, inst, err := s.instance(ctx, scope, in.InstanceId)
	if err != nil {
		return DescribeUserHierarchyStructureOutput{}, err
	}
	h, err := s.structure(ctx, scope, inst.Id)
	return DescribeUserHierarchyStructureOutput{h}, err
}

// UpdateUserHierarchyStructure replaces an instance's hierarchy levels
// with those given: levels left out are removed, which is refused while
// groups are at them; a level whose name changes is renamed and keeps its
// groups.
func (s *Service) UpdateUserHierarchyStructure(ctx context.Context, scope Scope, in UpdateUserHierarchyStructureInput) error {
	_, inst, err := s.instance(ctx, scope, in.InstanceId)
	if err != nil {
		return err
	}
	want := 0
	for n := 1; n <= maxLevels; n++ {
		l := in.HierarchyStructure.at(n)
		if l == nil {
			continue
		}
		if want != n-1 {
			return Errorf(InvalidParameter, "%s is given without %s: the levels of a hierarchy are contiguous from LevelOne.", levelNames[n-1], levelNames[n-2])
		}
		if c := utf8.RuneCountInString(l.Name); c == 0 || c > maxLevelName {
			return Errorf(InvalidParameter, "The name of %s must have 1 to %d characters; it has %d.", levelNames[n-1], maxLevelName, c)
		}
		want = n
	}
	current, err := s.structure(ctx, scope, inst.Id)
	if err != nil {
		return err
	}
	if current.depth() > want {
		if err := s.levelsUnused(ctx, scope, inst.Id, want); err != nil {
			return err
		}
	}

	// The write. removed are the levels it took away, from the last time
	// the store ran change.
	key := structureKey(scope, inst.Id)
	var removed map[int]*HierarchyLevel
	change := func(old HierarchyStructure) HierarchyStructure {
		now := s.now()
		removed = map[int]*HierarchyLevel{}
		var next HierarchyStructure
		for n := 1; n <= maxLevels; n++ {
			l, o := in.HierarchyStructure.at(n), *old.at(n)
			switch {
			case l == nil && o != nil:
				removed[n] = o
			case l != nil && o != nil && o.Name == l.Name:
				*next.at(n) = o
			case l != nil:
				*next.at(n) = &HierarchyLevel{Id: strconv.Itoa(n), Arn: levelARN(scope, inst.Id, n), Name: l.Name,
					LastModifiedTime: Time{now}, LastModifiedRegion: scope.Region}
			}
		}
		return next
	}
	if err := s.writeStructure(ctx, key, change); err != nil {
		return err
	}

	// A group created at a removed level while this call wrote (its own
	// check saw the level) is caught here or by that create's second look:
	// put the levels back and refuse.
	if len(removed) == 0 {
		return nil
	}
	inUse := s.levelsUnused(ctx, scope, inst.Id, want)
	if inUse == nil || ErrorCode(inUse) != ResourceInUse {
		return inUse
	}
	restore := func(cur HierarchyStructure) HierarchyStructure {
		for n := 1; n <= maxLevels; n++ {
			if l := removed[n]; l != nil && *cur.at(n) == nil && (n == 1 || *cur.at(n - 1) != nil) {
				*cur.at(n) = l
			}
		}
		return cur
	}
	if err := s.writeStructure(ctx, key, restore); err != nil {
		return err
	}
	return inUse
}

// writeStructure changes an instance's structure atomically, creating its
// record the first time.
func (s *Service) writeStructure(ctx context.Context, key Key, change func(HierarchyStructure) HierarchyStructure) error {
	for {
		err := s.store.Update(ctx, key, func(r *Record) error {
			var old HierarchyStructure
			if err := json.Unmarshal(r.Doc, &old); err != nil {
				return err
			}
			b, err := json.Marshal(change(old))
			if err != nil {
				return err
			}
			r.Doc, r.Modified = b, s.now()
			return r.Index()
		})
		if !errors.Is(err, ErrNotFound) {
			return err
		}
		rec := record(key.Scope, KindHierarchyStructure, key.ID, key.ID, "", "", s.now(), change(HierarchyStructure{}))
		err = s.store.Create(ctx, rec)
		if !errors.Is(err, ErrDuplicate) {
			return err
		}
		// Another call created it first: change that one.
	}
}

// levelsUnused refuses when groups are at levels below the first depth.
func (s *Service) levelsUnused(ctx context.Context, scope Scope, instanceID string, depth int) error {
	q := SearchQuery{Scope: scope, Kind: KindHierarchyGroup, InstanceID: instanceID, Limit: -1}
	if depth == 0 {
		q.Limit = 0 // every group counts: only the total is needed
	}
	recs, total, err := s.store.Search(ctx, q)
	if err != nil {
		return err
	}
	below := total
	if depth > 0 {
		below = 0
		for _, r := range recs {
			g, err := decodeGroup(r)
			if err != nil {
				return err
			}
			if g.level() > depth {
				below++
			}
		}
	}
	if below > 0 {
		return Errorf(ResourceInUse, "%s cannot be removed: %d hierarchy groups are at that level or below it.", levelNames[depth], below)
	}
	return nil
}

// checkGroupName applies AWS's documented length of a group's name.
func checkGroupName(name string) error {
	if c := utf8.RuneCountInString(name); c == 0 || c > maxGroupName {
		return Errorf(InvalidParameter, "The name of a hierarchy group must have 1 to %d characters; it has %d.", maxGroupName, c)
	}
	return nil
}

// CreateUserHierarchyGroup creates a group at the level below its
// parent's, or at LevelOne without a parent. Names are unique among the
// groups of an instance.
func (s *Service) CreateUserHierarchyGroup(ctx context.Context, scope Scope, in CreateUserHierarchyGroupInput) (CreateUserHierarchyGroupOutput, error) {
	var out CreateUserHierarchyGroupOutput
	_, inst, err := s.instance(ctx, scope, in.InstanceId)
	if err != nil {
		return out, err
	}
	if err := checkGroupName(in.Name); err != nil {
		return out, err
	}
	if err := s.checkCounts(0, len(in.Tags)); err != nil {
		return out, err
	}
	path, level, parentRef := HierarchyPath{}, 1, ""
	if in.ParentGroupId != nil && *in.ParentGroupId != "" {
		parentRef = *in.ParentGroupId
		rec, err := s.child(ctx, scope, inst.Id, KindHierarchyGroup, parentRef)
		if err != nil {
			return out, err
		}
		parent, err := decodeGroup(rec)
		if err != nil {
			return out, err
		}
		if parent.level() >= maxLevels {
			return out, Errorf(InvalidRequest, "Hierarchy group %s is at LevelFive, the lowest level: it cannot have child groups.", parentRef)
		}
		path, level = *parent.HierarchyPath, parent.level()+1
		*path.at(parent.level()) = parent.summary()
	}
	if err := s.levelDefined(ctx, scope, inst.Id, level); err != nil {
		return out, err
	}

	id := newID()
	now := groupTime(s.now(), time.Time{})
	g := HierarchyGroup{Id: id, Arn: ChildARN(scope, inst.Id, KindHierarchyGroup, id), Name: in.Name, LevelId: strconv.Itoa(level),
		HierarchyPath: &path, Tags: tagsOrEmpty(in.Tags), LastModifiedTime: Time{now}, LastModifiedRegion: scope.Region}
	*path.at(level) = g.summary()
	rec := record(scope, KindHierarchyGroup, id, inst.Id, in.Name, g.Arn, now, g)
	taken := Errorf(DuplicateResource, "A hierarchy group named %s already exists in the Amazon Connect instance %s.", in.Name, inst.Id)
	if err := s.create(ctx, taken, rec); err != nil {
		return out, err
	}
	if err := s.settle(ctx, rec.Key, inst.Id, &g, parentRef); err != nil {
		s.store.Delete(ctx, rec.Key) // undone, unless a user was put in it meanwhile (ErrInUse)
		return out, err
	}
	return CreateUserHierarchyGroupOutput{HierarchyGroupId: id, HierarchyGroupArn: g.Arn}, nil
}

// levelDefined refuses a level the instance's structure lacks.
func (s *Service) levelDefined(ctx context.Context, scope Scope, instanceID string, level int) error {
	h, err := s.structure(ctx, scope, instanceID)
	if err != nil {
		return err
	}
	if h.depth() < level {
		return Errorf(InvalidRequest, "The user hierarchy structure of instance %s has no %s: add it with UpdateUserHierarchyStructure first.", instanceID, levelNames[level-1])
	}
	return nil
}

// settle takes a second look after a group is created, at what a
// concurrent call may have changed since the first: the parent deleted or
// the level removed refuse the create; an ancestor renamed is written into
// the new group's path. Each such call, in turn, sees the new group if it
// wrote after it.
func (s *Service) settle(ctx context.Context, key Key, instanceID string, g *HierarchyGroup, parentRef string) error {
	level := g.level()
	var sums []*HierarchyGroupSummary
	for n := level - 1; n >= 1; n-- {
		rec, err := s.store.Get(ctx, Key{Scope: key.Scope, Kind: KindHierarchyGroup, ID: (*g.HierarchyPath.at(n)).Id})
		if errors.Is(err, ErrNotFound) && n == level-1 {
			return notFound(KindHierarchyGroup, parentRef)
		}
		if errors.Is(err, ErrNotFound) {
			continue // the parent's own settling answers for it
		}
		if err != nil {
			return err
		}
		a, err := decodeGroup(rec)
		if err != nil {
			return err
		}
		sums = append(sums, a.summary())
	}
	if err := s.levelDefined(ctx, key.Scope, instanceID, level); err != nil {
		return err
	}
	if path := *g.HierarchyPath; path.merge(sums...) {
		return s.mergePath(ctx, key, sums...)
	}
	return nil
}

// errUnchanged ends an Update that has nothing to write.
var errUnchanged = errors.New("connect: unchanged")

// mergePath writes newer summaries of ancestors into a group's path. A
// group deleted meanwhile needs nothing.
func (s *Service) mergePath(ctx context.Context, key Key, sums ...*HierarchyGroupSummary) error {
	err := s.store.Update(ctx, key, func(r *Record) error {
		g, err := decodeGroup(*r)
		if err != nil {
			return err
		}
		if !g.HierarchyPath.merge(sums...) {
			return errUnchanged
		}
		if r.Doc, err = json.Marshal(g); err != nil {
			return err
		}
		return r.Index()
	})
	if errors.Is(err, errUnchanged) || errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}

// UpdateUserHierarchyGroupName renames a group; the paths of the groups
// below it name it anew.
func (s *Service) UpdateUserHierarchyGroupName(ctx context.Context, scope Scope, in UpdateUserHierarchyGroupNameInput) error {
	_, inst, err := s.instance(ctx, scope, in.InstanceId)
	if err != nil {
		return err
	}
	if err := checkGroupName(in.Name); err != nil {
		return err
	}
	id, ok := childIDOf(scope, inst.Id, KindHierarchyGroup, in.HierarchyGroupId)
	if !ok {
		return notFound(KindHierarchyGroup, in.HierarchyGroupId)
	}
	var renamed *HierarchyGroupSummary
	err = s.store.Update(ctx, Key{Scope: scope, Kind: KindHierarchyGroup, ID: id}, func(r *Record) error {
		if r.InstanceID != inst.Id {
			return ErrNotFound
		}
		g, err := decodeGroup(*r)
		if err != nil {
			return err
		}
		now := groupTime(s.now(), g.LastModifiedTime.Time)
		g.Name, g.LastModifiedTime, g.LastModifiedRegion = in.Name, Time{now}, scope.Region
		renamed = g.summary()
		*g.HierarchyPath.at(g.level()) = renamed
		if r.Doc, err = json.Marshal(g); err != nil {
			return err
		}
		r.Name, r.Modified = in.Name, now
		return r.Index()
	})
	switch {
	case errors.Is(err, ErrNotFound):
		return notFound(KindHierarchyGroup, in.HierarchyGroupId)
	case errors.Is(err, ErrDuplicate):
		return Errorf(DuplicateResource, "A hierarchy group named %s already exists in the Amazon Connect instance %s.", in.Name, inst.Id)
	case err != nil:
		return err
	}
	below, _, err := s.store.Search(ctx, SearchQuery{Scope: scope, Kind: KindHierarchyGroup, InstanceID: inst.Id,
		Where: Cond{Attr: AttrAncestor, Match: Equal, Value: id}, Limit: -1})
	if err != nil {
		return err
	}
	for _, r := range below {
		if r.ID == id {
			continue
		}
		if err := s.mergePath(ctx, r.Key, renamed); err != nil {
			return err
		}
	}
	return nil
}

// DescribeUserHierarchyGroupInput is DescribeUserHierarchyGroup's request.
type DescribeUserHierarchyGroupInput struct{ InstanceId, HierarchyGroupId string }

// DescribeUserHierarchyGroupOutput is DescribeUserHierarchyGroup's answer.
type DescribeUserHierarchyGroupOutput struct{ HierarchyGroup json.RawMessage }

// DescribeUserHierarchyGroup returns the stored HierarchyGroup shape.
func (s *Service) DescribeUserHierarchyGroup(ctx context.Context, scope Scope, in DescribeUserHierarchyGroupInput) (DescribeUserHierarchyGroupOutput, error) {
	doc, err := s.describe(ctx, scope, in.InstanceId, KindHierarchyGroup, in.HierarchyGroupId)
	return DescribeUserHierarchyGroupOutput{doc}, err
}

// ListUserHierarchyGroupsInput is ListUserHierarchyGroups' request.
type ListUserHierarchyGroupsInput struct {
	InstanceId string
	Page
}

// ListUserHierarchyGroupsOutput is ListUserHierarchyGroups' answer.
type ListUserHierarchyGroupsOutput struct {
	UserHierarchyGroupSummaryList []Summary
	NextToken                     string `json:",omitempty"`
}

// ListUserHierarchyGroups returns a page of an instance's hierarchy groups.
func (s *Service) ListUserHierarchyGroups(ctx context.Context, scope Scope, in ListUserHierarchyGroupsInput) (ListUserHierarchyGroupsOutput, error) {
	list, next, err := s.list(ctx, scope, in.InstanceId, KindHierarchyGroup, in.Page, nil)
	return ListUserHierarchyGroupsOutput{list, next}, err
}

// DeleteUserHierarchyGroupInput is DeleteUserHierarchyGroup's request.
type DeleteUserHierarchyGroupInput struct{ InstanceId, HierarchyGroupId string }

// DeleteUserHierarchyGroup deletes a group that has no users and no child
// groups.
func (s *Service) DeleteUserHierarchyGroup(ctx context.Context, scope Scope, in DeleteUserHierarchyGroupInput) error {
	groupRef := in.HierarchyGroupId
	rec, err := s.child(ctx, scope, in.InstanceId, KindHierarchyGroup, groupRef)
	if err != nil {
		return err
	}
	err = s.remove(ctx, groupRef, rec.Key)
	if ErrorCode(err) == ResourceInUse {
		return Errorf(ResourceInUse, "Hierarchy group %s is in use: users, child groups or other resources still refer to it.", groupRef)
	}
	return err
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
