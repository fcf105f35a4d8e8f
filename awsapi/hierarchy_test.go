package awsapi_test

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconnect "github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
	"github.com/aws/smithy-go"

	"github.com/connectd/connectd/connect"
	"github.com/connectd/connectd/connecttest"
)

// levels builds a structure update of the named levels, from LevelOne.
func levels(names ...string) *types.HierarchyStructureUpdate {
	u := &types.HierarchyStructureUpdate{}
	for i, slot := range []**types.HierarchyLevelUpdate{&u.LevelOne, &u.LevelTwo, &u.LevelThree, &u.LevelFour, &u.LevelFive} {
		if i < len(names) {
			*slot = &types.HierarchyLevelUpdate{Name: aws.String(names[i])}
		}
	}
	return u
}

func (f *fixture) setLevels(names ...string) error {
	_, err := f.client.UpdateUserHierarchyStructure(ctx, &awsconnect.UpdateUserHierarchyStructureInput{InstanceId: &f.instance, HierarchyStructure: levels(names...)})
	return err
}

func (f *fixture) mustLevels(t *testing.T, names ...string) {
	t.Helper()
	if err := f.setLevels(names...); err != nil {
		t.Fatalf("UpdateUserHierarchyStructure(%v): %v", names, err)
	}
}

// structure is the names of the defined levels, from LevelOne.
func (f *fixture) structure(t *testing.T) []*types.HierarchyLevel {
	t.Helper()
	out, err := f.client.DescribeUserHierarchyStructure(ctx, &awsconnect.DescribeUserHierarchyStructureInput{InstanceId: &f.instance})
	if err != nil {
		t.Fatalf("DescribeUserHierarchyStructure: %v", err)
	}
	h := out.HierarchyStructure
	var got []*types.HierarchyLevel
	for _, l := range []*types.HierarchyLevel{h.LevelOne, h.LevelTwo, h.LevelThree, h.LevelFour, h.LevelFive} {
		if l != nil {
			got = append(got, l)
		}
	}
	return got
}

func levelNames(ls []*types.HierarchyLevel) []string {
	var out []string
	for _, l := range ls {
		out = append(out, aws.ToString(l.Name))
	}
	return out
}

func (f *fixture) createGroup(name, parent string) (string, error) {
	in := &awsconnect.CreateUserHierarchyGroupInput{InstanceId: &f.instance, Name: aws.String(name)}
	if parent != "" {
		in.ParentGroupId = aws.String(parent)
	}
	out, err := f.client.CreateUserHierarchyGroup(ctx, in)
	if err != nil {
		return "", err
	}
	return *out.HierarchyGroupId, nil
}

func (f *fixture) mustGroup(t *testing.T, name, parent string) string {
	t.Helper()
	id, err := f.createGroup(name, parent)
	if err != nil {
		t.Fatalf("CreateUserHierarchyGroup(%s under %q): %v", name, parent, err)
	}
	return id
}

func (f *fixture) group(t *testing.T, id string) *types.HierarchyGroup {
	t.Helper()
	out, err := f.client.DescribeUserHierarchyGroup(ctx, &awsconnect.DescribeUserHierarchyGroupInput{InstanceId: &f.instance, HierarchyGroupId: &id})
	if err != nil {
		t.Fatalf("DescribeUserHierarchyGroup(%s): %v", id, err)
	}
	return out.HierarchyGroup
}

// pathNames are the names along a group's path, from LevelOne.
func pathNames(g *types.HierarchyGroup) []string {
	var out []string
	p := g.HierarchyPath
	for _, s := range []*types.HierarchyGroupSummary{p.LevelOne, p.LevelTwo, p.LevelThree, p.LevelFour, p.LevelFive} {
		if s != nil {
			out = append(out, aws.ToString(s.Name))
		}
	}
	return out
}

func TestHierarchyStructure(t *testing.T) {
	f := newFixture(t, types.DirectoryTypeConnectManaged)
	if got := f.structure(t); len(got) != 0 {
		t.Fatalf("a new instance has levels: %v", levelNames(got))
	}
	_, err := f.createGroup("Top", "")
	wantAPIError(t, err, "InvalidRequestException", "LevelOne")

	_, err = f.client.UpdateUserHierarchyStructure(ctx, &awsconnect.UpdateUserHierarchyStructureInput{InstanceId: &f.instance,
		HierarchyStructure: &types.HierarchyStructureUpdate{LevelOne: &types.HierarchyLevelUpdate{Name: aws.String("Region")},
			LevelThree: &types.HierarchyLevelUpdate{Name: aws.String("Site")}}})
	wantAPIError(t, err, "InvalidParameterException", "LevelThree", "LevelTwo")
	wantAPIError(t, f.setLevels("Region", strings.Repeat("é", 51)), "InvalidParameterException", "LevelTwo", "50")
	wantAPIError(t, f.setLevels("Region", ""), "InvalidParameterException", "LevelTwo")
	if got := f.structure(t); len(got) != 0 {
		t.Fatalf("refused updates defined levels: %v", levelNames(got))
	}

	f.mustLevels(t, "Region", "Country", strings.Repeat("é", 50))
	got := f.structure(t)
	if fmt.Sprint(levelNames(got)) != fmt.Sprint([]string{"Region", "Country", strings.Repeat("é", 50)}) {
		t.Fatalf("levels %v", levelNames(got))
	}
	for i, l := range got {
		n := fmt.Sprint(i + 1)
		if *l.Id != n || *l.Arn != f.arn+"/agent-group-level/"+n || *l.LastModifiedRegion != "us-east-1" || l.LastModifiedTime == nil {
			t.Errorf("level %d: %+v", i+1, l)
		}
	}
	regionTime := *got[0].LastModifiedTime

	top := f.mustGroup(t, "Americas", "")
	child := f.mustGroup(t, "US", top)
	// Groups hold their levels: none of them can go.
	wantAPIError(t, f.setLevels("Region"), "ResourceInUseException", "LevelTwo")
	wantAPIError(t, f.setLevels(), "ResourceInUseException", "LevelOne")
	if got := f.structure(t); len(got) != 3 {
		t.Fatalf("refused removals changed the levels: %v", levelNames(got))
	}

	// Renaming is fine, and the ARN works for the instance; unrenamed
	// levels keep their time.
	time.Sleep(5 * time.Millisecond)
	_, err = f.client.UpdateUserHierarchyStructure(ctx, &awsconnect.UpdateUserHierarchyStructureInput{InstanceId: &f.arn,
		HierarchyStructure: levels("Region", "Nation", "Site")})
	if err != nil {
		t.Fatal(err)
	}
	got = f.structure(t)
	if fmt.Sprint(levelNames(got)) != "[Region Nation Site]" || !got[0].LastModifiedTime.Equal(regionTime) || !got[1].LastModifiedTime.After(regionTime) {
		t.Errorf("after renaming: %v, times %v %v (was %v)", levelNames(got), got[0].LastModifiedTime, got[1].LastModifiedTime, regionTime)
	}
	if g := f.group(t, child); *g.LevelId != "2" || fmt.Sprint(pathNames(g)) != "[Americas US]" {
		t.Errorf("a renamed level changed its group: %+v", g)
	}

	// An unused level can go; then nothing can be created at it.
	f.mustLevels(t, "Region", "Nation")
	if got := f.structure(t); len(got) != 2 {
		t.Fatalf("after removing LevelThree: %v", levelNames(got))
	}
	_, err = f.createGroup("Seattle", child)
	wantAPIError(t, err, "InvalidRequestException", "LevelThree")
	if _, err := f.client.DeleteUserHierarchyGroup(ctx, &awsconnect.DeleteUserHierarchyGroupInput{InstanceId: &f.instance, HierarchyGroupId: &child}); err != nil {
		t.Fatal(err)
	}
	f.mustLevels(t, "Region")
	wantAPIError(t, f.setLevels(), "ResourceInUseException", "LevelOne")
	if _, err := f.client.DeleteUserHierarchyGroup(ctx, &awsconnect.DeleteUserHierarchyGroupInput{InstanceId: &f.instance, HierarchyGroupId: &top}); err != nil {
		t.Fatal(err)
	}
	f.mustLevels(t)
	if got := f.structure(t); len(got) != 0 {
		t.Errorf("after removing every level: %v", levelNames(got))
	}

	_, err = f.client.DescribeUserHierarchyStructure(ctx, &awsconnect.DescribeUserHierarchyStructureInput{InstanceId: aws.String("no-instance")})
	wantAPIError(t, err, "ResourceNotFoundException", "no-instance")
	_, err = f.client.UpdateUserHierarchyStructure(ctx, &awsconnect.UpdateUserHierarchyStructureInput{InstanceId: aws.String("no-instance"), HierarchyStructure: levels("X")})
	wantAPIError(t, err, "ResourceNotFoundException", "no-instance")
}

// tree is the hierarchy the group tests build:
//
//	Americas ── US ── Seattle
//	Europe ──── UK
type tree struct{ americas, us, seattle, europe, uk string }

func (f *fixture) mustTree(t *testing.T) tree {
	t.Helper()
	f.mustLevels(t, "Region", "Country", "Site")
	var tr tree
	tr.americas = f.mustGroup(t, "Americas", "")
	tr.us = f.mustGroup(t, "US", f.arn+"/agent-group/"+tr.americas) // the parent's ARN works too
	tr.seattle = f.mustGroup(t, "Seattle", tr.us)
	tr.europe = f.mustGroup(t, "Europe", "")
	tr.uk = f.mustGroup(t, "UK", tr.europe)
	return tr
}

func TestHierarchyGroups(t *testing.T) {
	f := newFixture(t, types.DirectoryTypeConnectManaged)
	tr := f.mustTree(t)

	g := f.group(t, tr.seattle)
	if *g.Id != tr.seattle || *g.Arn != f.arn+"/agent-group/"+tr.seattle || *g.Name != "Seattle" || *g.LevelId != "3" ||
		*g.LastModifiedRegion != "us-east-1" || g.LastModifiedTime == nil || g.Tags == nil {
		t.Errorf("DescribeUserHierarchyGroup: %+v", g)
	}
	p := g.HierarchyPath
	for i, want := range []struct {
		s        *types.HierarchyGroupSummary
		id, name string
	}{{p.LevelOne, tr.americas, "Americas"}, {p.LevelTwo, tr.us, "US"}, {p.LevelThree, tr.seattle, "Seattle"}} {
		if want.s == nil || *want.s.Id != want.id || *want.s.Name != want.name || *want.s.Arn != f.arn+"/agent-group/"+want.id {
			t.Errorf("path level %d: %+v, want %s %s", i+1, want.s, want.id, want.name)
		}
	}
	if p.LevelFour != nil || p.LevelFive != nil {
		t.Errorf("path below the group: %+v", p)
	}
	if g := f.group(t, f.arn+"/agent-group/"+tr.americas); *g.LevelId != "1" || fmt.Sprint(pathNames(g)) != "[Americas]" {
		t.Errorf("top group by ARN: %+v", g)
	}

	// Refusals.
	_, err := f.createGroup("Nowhere", "no-such-group")
	wantAPIError(t, err, "ResourceNotFoundException", "no-such-group")
	_, err = f.createGroup("US", tr.europe)
	wantAPIError(t, err, "DuplicateResourceException", "US")
	_, err = f.createGroup(strings.Repeat("x", 101), "")
	wantAPIError(t, err, "InvalidParameterException", "100")
	_, err = f.client.DescribeUserHierarchyGroup(ctx, &awsconnect.DescribeUserHierarchyGroupInput{InstanceId: &f.instance, HierarchyGroupId: aws.String("no-such-group")})
	wantAPIError(t, err, "ResourceNotFoundException", "no-such-group")
	_, err = f.client.DescribeUserHierarchyGroup(ctx, &awsconnect.DescribeUserHierarchyGroupInput{InstanceId: &f.instance,
		HierarchyGroupId: aws.String(f.arn + "/agent/" + tr.us)})
	wantAPIError(t, err, "ResourceNotFoundException")

	// Listing, in pages.
	var names []string
	pager := awsconnect.NewListUserHierarchyGroupsPaginator(f.client, &awsconnect.ListUserHierarchyGroupsInput{InstanceId: &f.instance, MaxResults: aws.Int32(2)})
	pages := 0
	for pager.HasMorePages() {
		page, err := pager.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, s := range page.UserHierarchyGroupSummaryList {
			names = append(names, *s.Name)
			if *s.Arn != f.arn+"/agent-group/"+*s.Id || s.LastModifiedTime == nil || *s.LastModifiedRegion != "us-east-1" {
				t.Errorf("summary %+v", s)
			}
		}
	}
	sort.Strings(names)
	if fmt.Sprint(names) != "[Americas Europe Seattle UK US]" || pages != 3 {
		t.Errorf("ListUserHierarchyGroups: %v in %d pages", names, pages)
	}

	// Renaming a group renames it in the paths below it, and only there.
	before := f.group(t, tr.us).LastModifiedTime
	time.Sleep(5 * time.Millisecond)
	if _, err := f.client.UpdateUserHierarchyGroupName(ctx, &awsconnect.UpdateUserHierarchyGroupNameInput{InstanceId: &f.instance,
		HierarchyGroupId: &tr.us, Name: aws.String("United States")}); err != nil {
		t.Fatal(err)
	}
	if g := f.group(t, tr.us); *g.Name != "United States" || fmt.Sprint(pathNames(g)) != "[Americas United States]" || !g.LastModifiedTime.After(*before) {
		t.Errorf("renamed group: %+v %v", g, pathNames(g))
	}
	if g := f.group(t, tr.seattle); fmt.Sprint(pathNames(g)) != "[Americas United States Seattle]" {
		t.Errorf("child's path after its parent's rename: %v", pathNames(g))
	}
	if g := f.group(t, tr.americas); fmt.Sprint(pathNames(g)) != "[Americas]" {
		t.Errorf("parent's path after its child's rename: %v", pathNames(g))
	}
	if _, err := f.client.UpdateUserHierarchyGroupName(ctx, &awsconnect.UpdateUserHierarchyGroupNameInput{InstanceId: &f.instance,
		HierarchyGroupId: aws.String(f.arn + "/agent-group/" + tr.americas), Name: aws.String("The Americas")}); err != nil {
		t.Fatal(err)
	}
	if g := f.group(t, tr.seattle); fmt.Sprint(pathNames(g)) != "[The Americas United States Seattle]" {
		t.Errorf("grandchild's path after the top's rename: %v", pathNames(g))
	}
	_, err = f.client.UpdateUserHierarchyGroupName(ctx, &awsconnect.UpdateUserHierarchyGroupNameInput{InstanceId: &f.instance, HierarchyGroupId: &tr.uk, Name: aws.String("Seattle")})
	wantAPIError(t, err, "DuplicateResourceException", "Seattle")
	_, err = f.client.UpdateUserHierarchyGroupName(ctx, &awsconnect.UpdateUserHierarchyGroupNameInput{InstanceId: &f.instance, HierarchyGroupId: aws.String("gone"), Name: aws.String("X")})
	wantAPIError(t, err, "ResourceNotFoundException", "gone")
	if g := f.group(t, tr.uk); *g.Name != "UK" {
		t.Errorf("a refused rename renamed: %+v", g)
	}
	// The old name is free again.
	f.mustGroup(t, "US", tr.europe)

	// Tags on the group's ARN.
	in := &awsconnect.CreateUserHierarchyGroupInput{InstanceId: &f.instance, Name: aws.String("Tagged"), Tags: map[string]string{"team": "blue"}}
	out, err := f.client.CreateUserHierarchyGroup(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if *out.HierarchyGroupArn != f.arn+"/agent-group/"+*out.HierarchyGroupId {
		t.Errorf("HierarchyGroupArn %s", *out.HierarchyGroupArn)
	}
	if _, err := f.client.TagResource(ctx, &awsconnect.TagResourceInput{ResourceArn: out.HierarchyGroupArn, Tags: map[string]string{"site": "leeds"}}); err != nil {
		t.Fatal(err)
	}
	tags, err := f.client.ListTagsForResource(ctx, &awsconnect.ListTagsForResourceInput{ResourceArn: out.HierarchyGroupArn})
	if err != nil || len(tags.Tags) != 2 || tags.Tags["team"] != "blue" {
		t.Errorf("ListTagsForResource: %v %v", tags, err)
	}
	if g := f.group(t, *out.HierarchyGroupId); g.Tags["site"] != "leeds" || fmt.Sprint(pathNames(g)) != "[Tagged]" {
		t.Errorf("tagged group: %+v", g)
	}
}

func TestHierarchyFiveLevels(t *testing.T) {
	f := newFixture(t, types.DirectoryTypeConnectManaged)
	f.mustLevels(t, "L1", "L2", "L3", "L4", "L5")
	parent := ""
	var ids []string
	for i := 1; i <= 5; i++ {
		parent = f.mustGroup(t, fmt.Sprintf("G%d", i), parent)
		ids = append(ids, parent)
	}
	g := f.group(t, parent)
	if *g.LevelId != "5" || fmt.Sprint(pathNames(g)) != "[G1 G2 G3 G4 G5]" || *g.HierarchyPath.LevelFive.Id != parent || *g.HierarchyPath.LevelOne.Id != ids[0] {
		t.Errorf("LevelFive group: %+v %v", g, pathNames(g))
	}
	_, err := f.createGroup("G6", parent)
	wantAPIError(t, err, "InvalidRequestException", "LevelFive")
	wantAPIError(t, f.setLevels("L1", "L2", "L3", "L4"), "ResourceInUseException", "LevelFive")
}

func TestHierarchyDeleteAndUsers(t *testing.T) {
	f := newFixture(t, types.DirectoryTypeConnectManaged)
	tr := f.mustTree(t)
	del := func(id string) error {
		_, err := f.client.DeleteUserHierarchyGroup(ctx, &awsconnect.DeleteUserHierarchyGroupInput{InstanceId: &f.instance, HierarchyGroupId: &id})
		return err
	}
	place := func(user, group string) {
		t.Helper()
		in := &awsconnect.UpdateUserHierarchyInput{InstanceId: &f.instance, UserId: &user}
		if group != "" {
			in.HierarchyGroupId = &group
		}
		if _, err := f.client.UpdateUserHierarchy(ctx, in); err != nil {
			t.Fatalf("UpdateUserHierarchy(%s, %q): %v", user, group, err)
		}
	}
	user := func(name, group string) string {
		t.Helper()
		in := f.userInput(name)
		if group != "" {
			in.HierarchyGroupId = aws.String(group)
		}
		return f.mustCreateUser(t, in)
	}

	// Users in each group; one by the group's ARN, one in none.
	inAmericas := user("americas", tr.americas)
	inUS := user("us", f.arn+"/agent-group/"+tr.us)
	inSeattle := user("seattle", tr.seattle)
	inUK := user("uk", tr.uk)
	nowhere := user("nowhere", "")
	if got := f.describe(t, inUS).HierarchyGroupId; aws.ToString(got) != tr.us {
		t.Errorf("user created by the group's ARN is in %v", aws.ToString(got))
	}

	search := func(group string, match types.HierarchyGroupMatchType) []string {
		t.Helper()
		var ids []string
		for _, in := range []*awsconnect.SearchUsersInput{
			{InstanceId: &f.instance, SearchCriteria: &types.UserSearchCriteria{HierarchyGroupCondition: &types.HierarchyGroupCondition{Value: &group, HierarchyGroupMatchType: match}}},
			{InstanceId: &f.instance, SearchFilter: &types.UserSearchFilter{UserAttributeFilter: &types.ControlPlaneUserAttributeFilter{
				HierarchyGroupCondition: &types.HierarchyGroupCondition{Value: &group, HierarchyGroupMatchType: match}}}},
		} {
			out, err := f.client.SearchUsers(ctx, in)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, u := range out.Users {
				got = append(got, *u.Id)
			}
			sort.Strings(got)
			if ids != nil && fmt.Sprint(got) != fmt.Sprint(ids) {
				t.Errorf("criteria and filter disagree on %s %s: %v, %v", group, match, ids, got)
			}
			if int(*out.ApproximateTotalCount) != len(got) {
				t.Errorf("ApproximateTotalCount %d for %d users", *out.ApproximateTotalCount, len(got))
			}
			ids = got
		}
		return ids
	}
	sorted := func(ids ...string) string {
		sort.Strings(ids)
		return fmt.Sprint(ids)
	}
	exact, children := types.HierarchyGroupMatchTypeExact, types.HierarchyGroupMatchTypeWithChildGroups
	for _, c := range []struct {
		group string
		match types.HierarchyGroupMatchType
		want  string
	}{
		{tr.americas, exact, sorted(inAmericas)},
		{tr.americas, children, sorted(inAmericas, inUS, inSeattle)},
		{f.arn + "/agent-group/" + tr.us, children, sorted(inUS, inSeattle)},
		{tr.us, exact, sorted(inUS)},
		{tr.seattle, children, sorted(inSeattle)},
		{tr.europe, exact, sorted()},
		{tr.europe, children, sorted(inUK)},
		{"no-such-group", children, sorted()},
	} {
		if got := search(c.group, c.match); fmt.Sprint(got) != c.want {
			t.Errorf("SearchUsers %s %s: %v, want %v", c.group, c.match, got, c.want)
		}
	}

	// A group with users or child groups cannot go.
	wantAPIError(t, del(tr.seattle), "ResourceInUseException", tr.seattle)
	wantAPIError(t, del(tr.us), "ResourceInUseException")
	wantAPIError(t, del(tr.europe), "ResourceInUseException")

	// Moving users changes what searches find.
	place(inSeattle, tr.uk)
	place(inUK, "")
	if u := f.describe(t, inUK); u.HierarchyGroupId != nil {
		t.Errorf("user taken out of its group is in %v", *u.HierarchyGroupId)
	}
	if got := search(tr.americas, children); fmt.Sprint(got) != sorted(inAmericas, inUS) {
		t.Errorf("Americas and below after the move: %v", got)
	}
	if got := search(tr.europe, children); fmt.Sprint(got) != sorted(inSeattle) {
		t.Errorf("Europe and below after the move: %v", got)
	}

	// Empty now, Seattle goes, and then US once its user moves.
	if err := del(tr.seattle); err != nil {
		t.Fatal(err)
	}
	_, err := f.client.DescribeUserHierarchyGroup(ctx, &awsconnect.DescribeUserHierarchyGroupInput{InstanceId: &f.instance, HierarchyGroupId: &tr.seattle})
	wantAPIError(t, err, "ResourceNotFoundException", tr.seattle)
	wantAPIError(t, del(tr.seattle), "ResourceNotFoundException", tr.seattle)
	wantAPIError(t, del(tr.us), "ResourceInUseException")
	place(inUS, tr.americas)
	if err := del(f.arn + "/agent-group/" + tr.us); err != nil {
		t.Fatal(err)
	}
	// A deleted group is no group for users.
	_, err = f.client.UpdateUserHierarchy(ctx, &awsconnect.UpdateUserHierarchyInput{InstanceId: &f.instance, UserId: &nowhere, HierarchyGroupId: &tr.us})
	wantAPIError(t, err, "ResourceNotFoundException", tr.us)
	// Deleting a user frees its group.
	if _, err := f.client.DeleteUser(ctx, &awsconnect.DeleteUserInput{InstanceId: &f.instance, UserId: &inSeattle}); err != nil {
		t.Fatal(err)
	}
	if err := del(tr.uk); err != nil {
		t.Fatal(err)
	}
	if err := del(tr.europe); err != nil {
		t.Fatal(err)
	}
	list, err := f.client.ListUserHierarchyGroups(ctx, &awsconnect.ListUserHierarchyGroupsInput{InstanceId: &f.instance})
	if err != nil || len(list.UserHierarchyGroupSummaryList) != 1 || *list.UserHierarchyGroupSummaryList[0].Id != tr.americas {
		t.Errorf("groups left: %+v %v", list, err)
	}
}

func TestSearchUserHierarchyGroups(t *testing.T) {
	f := newFixture(t, types.DirectoryTypeConnectManaged)
	tr := f.mustTree(t)
	for id, tags := range map[string]map[string]string{
		tr.americas: {"team": "blue"}, tr.us: {"team": "blue", "site": "hq"}, tr.uk: {"team": "red"},
	} {
		if _, err := f.client.TagResource(ctx, &awsconnect.TagResourceInput{ResourceArn: aws.String(f.arn + "/agent-group/" + id), Tags: tags}); err != nil {
			t.Fatal(err)
		}
	}
	str := func(field, op, value string) *types.UserHierarchyGroupSearchCriteria {
		return &types.UserHierarchyGroupSearchCriteria{StringCondition: &types.StringCondition{FieldName: aws.String(field),
			ComparisonType: types.StringComparisonType(op), Value: aws.String(value)}}
	}
	tag := func(k, v string) types.TagCondition {
		return types.TagCondition{TagKey: aws.String(k), TagValue: aws.String(v)}
	}
	names := map[string]string{tr.americas: "Americas", tr.us: "US", tr.seattle: "Seattle", tr.europe: "Europe", tr.uk: "UK"}
	for _, c := range []struct {
		name     string
		criteria *types.UserHierarchyGroupSearchCriteria
		filter   *types.UserHierarchyGroupSearchFilter
		want     string
	}{
		{"everything", nil, nil, "[Americas Europe Seattle UK US]"},
		{"name exact", str("name", "EXACT", "UK"), nil, "[UK]"},
		{"name starts with", str("name", "STARTS_WITH", "U"), nil, "[UK US]"},
		{"name contains", str("name", "CONTAINS", "er"), nil, "[Americas]"},
		{"parent", str("parentId", "EXACT", tr.europe), nil, "[UK]"},
		{"level", str("levelId", "EXACT", "2"), nil, "[UK US]"},
		{"level starts with", str("levelId", "STARTS_WITH", "3"), nil, "[Seattle]"},
		{"no such level", str("levelId", "EXACT", "4"), nil, "[]"},
		{"resource ID", str("resourceID", "EXACT", tr.seattle), nil, "[Seattle]"},
		{"resource ID, SearchUsers' spelling", str("resourceId", "EXACT", tr.us), nil, "[US]"},
		{"or", &types.UserHierarchyGroupSearchCriteria{OrConditions: []types.UserHierarchyGroupSearchCriteria{*str("name", "EXACT", "UK"), *str("levelId", "EXACT", "1")}}, nil,
			"[Americas Europe UK]"},
		{"and", &types.UserHierarchyGroupSearchCriteria{AndConditions: []types.UserHierarchyGroupSearchCriteria{*str("name", "STARTS_WITH", "U"), *str("parentId", "EXACT", tr.americas)}}, nil,
			"[US]"},
		{"tag", nil, &types.UserHierarchyGroupSearchFilter{AttributeFilter: &types.ControlPlaneAttributeFilter{TagCondition: &types.TagCondition{TagKey: aws.String("team"), TagValue: aws.String("blue")}}},
			"[Americas US]"},
		{"tags: OR of ANDs", nil, &types.UserHierarchyGroupSearchFilter{AttributeFilter: &types.ControlPlaneAttributeFilter{OrConditions: []types.CommonAttributeAndCondition{
			{TagConditions: []types.TagCondition{tag("team", "blue"), tag("site", "hq")}}, {TagConditions: []types.TagCondition{tag("team", "red")}}}}},
			"[UK US]"},
		{"criteria and filter", str("levelId", "EXACT", "1"), &types.UserHierarchyGroupSearchFilter{AttributeFilter: &types.ControlPlaneAttributeFilter{
			AndCondition: &types.CommonAttributeAndCondition{TagConditions: []types.TagCondition{tag("team", "blue")}}}}, "[Americas]"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			pager := awsconnect.NewSearchUserHierarchyGroupsPaginator(f.client, &awsconnect.SearchUserHierarchyGroupsInput{InstanceId: &f.instance,
				SearchCriteria: c.criteria, SearchFilter: c.filter, MaxResults: aws.Int32(2)})
			for pager.HasMorePages() {
				page, err := pager.NextPage(ctx)
				if err != nil {
					t.Fatal(err)
				}
				for _, g := range page.UserHierarchyGroups {
					got = append(got, *g.Name)
					if names[*g.Id] != *g.Name || g.HierarchyPath == nil || g.LevelId == nil || g.Arn == nil {
						t.Errorf("group %+v", g)
					}
				}
				if want := len(strings.Fields(strings.Trim(c.want, "[]"))); page.ApproximateTotalCount == nil || *page.ApproximateTotalCount != int64(want) {
					t.Errorf("ApproximateTotalCount %v for %s", page.ApproximateTotalCount, c.want)
				}
			}
			sort.Strings(got)
			if fmt.Sprint(got) != c.want && !(len(got) == 0 && c.want == "[]") {
				t.Errorf("got %v, want %s", got, c.want)
			}
		})
	}
	_, err := f.client.SearchUserHierarchyGroups(ctx, &awsconnect.SearchUserHierarchyGroupsInput{InstanceId: &f.instance, SearchCriteria: str("Username", "EXACT", "x")})
	wantAPIError(t, err, "InvalidParameterException", "Username")
	_, err = f.client.SearchUserHierarchyGroups(ctx, &awsconnect.SearchUserHierarchyGroupsInput{InstanceId: &f.instance, SearchCriteria: str("name", "CONTAINS", "U")})
	wantAPIError(t, err, "InvalidParameterException", "2 to 25")
	_, err = f.client.SearchUserHierarchyGroups(ctx, &awsconnect.SearchUserHierarchyGroupsInput{InstanceId: &f.instance, NextToken: aws.String("forged")})
	wantAPIError(t, err, "InvalidParameterException", "nextToken")
	_, err = f.client.SearchUserHierarchyGroups(ctx, &awsconnect.SearchUserHierarchyGroupsInput{InstanceId: aws.String("no-instance")})
	wantAPIError(t, err, "ResourceNotFoundException", "no-instance")
}

func TestHierarchyGroupQuota(t *testing.T) {
	q := connect.DefaultQuotas
	q.HierarchyGroups, q.TagsPerResource = 2, 2
	f := newFixture(t, types.DirectoryTypeConnectManaged, connecttest.WithQuotas(q))
	f.mustLevels(t, "Region", "Country")
	top := f.mustGroup(t, "One", "")
	two := f.mustGroup(t, "Two", top)
	_, err := f.createGroup("Three", top)
	wantAPIError(t, err, "LimitExceededException", "2 hierarchy groups per instance")
	list, _ := f.client.ListUserHierarchyGroups(ctx, &awsconnect.ListUserHierarchyGroupsInput{InstanceId: &f.instance})
	if len(list.UserHierarchyGroupSummaryList) != 2 {
		t.Errorf("%d groups after a refused create", len(list.UserHierarchyGroupSummaryList))
	}
	// The structure is no group: it does not count.
	f.mustLevels(t, "Region", "Country", "Site")
	// A place freed is a place to create in.
	if _, err := f.client.DeleteUserHierarchyGroup(ctx, &awsconnect.DeleteUserHierarchyGroupInput{InstanceId: &f.instance, HierarchyGroupId: &two}); err != nil {
		t.Fatal(err)
	}
	// Tags on create count as on TagResource.
	_, err = f.client.CreateUserHierarchyGroup(ctx, &awsconnect.CreateUserHierarchyGroupInput{InstanceId: &f.instance, Name: aws.String("Tagged"),
		Tags: map[string]string{"a": "1", "b": "2", "c": "3"}})
	wantAPIError(t, err, "LimitExceededException", "2 tags")
	f.mustGroup(t, "Three", top)
}

// TestHierarchyRaces runs the hierarchy's writes against each other, in
// rounds that start with LevelTwo defined and no child groups: in the end a
// group is never at a level the structure lacks, and every path names its
// groups as they are named in the end.
func TestHierarchyRaces(t *testing.T) {
	f := newFixture(t, types.DirectoryTypeConnectManaged)
	f.mustLevels(t, "Region", "Country")
	top := f.mustGroup(t, "Top", "")
	is := func(err error, code string) bool {
		var apiErr smithy.APIError
		return errors.As(err, &apiErr) && apiErr.ErrorCode() == code
	}
	const rounds, n = 20, 8
	total := 0
	for round := 0; round < rounds; round++ {
		f.mustLevels(t, "Region", "Country")
		var wg sync.WaitGroup
		var mu sync.Mutex
		created := 0
		for i := 0; i < n; i++ {
			wg.Add(3)
			go func(i int) {
				defer wg.Done()
				_, err := f.createGroup(fmt.Sprintf("Child%d-%d", round, i), top)
				switch {
				case err == nil:
					mu.Lock()
					created++
					mu.Unlock()
				case !is(err, "InvalidRequestException"):
					t.Errorf("CreateUserHierarchyGroup: %v", err)
				}
			}(i)
			go func(i int) {
				defer wg.Done()
				_, err := f.client.UpdateUserHierarchyGroupName(ctx, &awsconnect.UpdateUserHierarchyGroupNameInput{InstanceId: &f.instance,
					HierarchyGroupId: &top, Name: aws.String(fmt.Sprintf("Top%d-%d", round, i))})
				if err != nil {
					t.Errorf("UpdateUserHierarchyGroupName: %v", err)
				}
			}(i)
			go func(i int) {
				defer wg.Done()
				names := []string{"Region", "Country"}
				if i%2 == 0 {
					names = names[:1]
				}
				if err := f.setLevels(names...); err != nil && !is(err, "ResourceInUseException") {
					t.Errorf("UpdateUserHierarchyStructure: %v", err)
				}
			}(i)
		}
		wg.Wait()

		topName := *f.group(t, top).Name
		children, err := f.client.SearchUserHierarchyGroups(ctx, &awsconnect.SearchUserHierarchyGroupsInput{InstanceId: &f.instance,
			SearchCriteria: &types.UserHierarchyGroupSearchCriteria{StringCondition: &types.StringCondition{FieldName: aws.String("parentId"),
				ComparisonType: types.StringComparisonTypeExact, Value: &top}}})
		if err != nil {
			t.Fatal(err)
		}
		if len(children.UserHierarchyGroups) != created {
			t.Errorf("round %d: %d children stored, %d creates answered success", round, len(children.UserHierarchyGroups), created)
		}
		if depth := len(f.structure(t)); created > 0 && depth < 2 {
			t.Errorf("round %d: %d groups at LevelTwo, which the structure (%d levels) lacks", round, created, depth)
		}
		for _, g := range children.UserHierarchyGroups {
			if got := aws.ToString(g.HierarchyPath.LevelOne.Name); got != topName {
				t.Errorf("round %d: child %s names its parent %q; the parent is %q", round, *g.Name, got, topName)
			}
			if _, err := f.client.DeleteUserHierarchyGroup(ctx, &awsconnect.DeleteUserHierarchyGroupInput{InstanceId: &f.instance, HierarchyGroupId: g.Id}); err != nil {
				t.Fatal(err)
			}
		}
		total += created
	}
	t.Logf("%d of %d creates succeeded against the structure's removals", total, rounds*n)
}

// TestSearchUserHierarchyGroupsManyConditions: as SearchUsers, at most
// 1000 compared values, evaluated on either store; more is
// InvalidParameterException, not 5xx.
func TestSearchUserHierarchyGroupsManyConditions(t *testing.T) {
	f := newFixture(t, types.DirectoryTypeConnectManaged)
	f.mustLevels(t, "Region")
	f.mustGroup(t, "group0007", "")
	names := func(n int) []types.UserHierarchyGroupSearchCriteria {
		var list []types.UserHierarchyGroupSearchCriteria
		for i := range n {
			list = append(list, types.UserHierarchyGroupSearchCriteria{StringCondition: &types.StringCondition{FieldName: aws.String("name"),
				ComparisonType: types.StringComparisonTypeExact, Value: aws.String(fmt.Sprintf("group%04d", i))}})
		}
		return list
	}
	out, err := f.client.SearchUserHierarchyGroups(ctx, &awsconnect.SearchUserHierarchyGroupsInput{InstanceId: &f.instance,
		SearchCriteria: &types.UserHierarchyGroupSearchCriteria{OrConditions: names(1000)}})
	if err != nil || len(out.UserHierarchyGroups) != 1 {
		t.Fatalf("1000 OrConditions: %v %+v", err, out)
	}
	_, err = f.client.SearchUserHierarchyGroups(ctx, &awsconnect.SearchUserHierarchyGroupsInput{InstanceId: &f.instance,
		SearchCriteria: &types.UserHierarchyGroupSearchCriteria{OrConditions: names(1001)}})
	wantAPIError(t, err, "InvalidParameterException", "at most 1000 values")
}
