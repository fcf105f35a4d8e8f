package awsapi_test

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconnect "github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"

	"github.com/connectd/connectd/connect"
	"github.com/connectd/connectd/connecttest"
)

// searchUser is what the search test knows of each user it made.
type searchUser struct {
	id, username, first, last string
	profiles                  []string
	tags                      map[string]string
}

var (
	firstNames = []string{"Ann", "Annette", "Bob", "Chloé", "Dmitri", "Eve", "Fatima"}
	lastNames  = []string{"Lee", "Smith", "Annan", "García", "Okafor", "Nguyen", "Ba", "Müller", "Kim", "Olsen", "Reyes"}
	teams      = []string{"blue", "red", "green", "gold", "grey"}
)

// searchUsers is how many users the search test makes: 10,000 by default
// (CONNECTD_SEARCH_USERS changes it for quick runs).
func searchUsers() int {
	var n int
	if _, err := fmt.Sscan(os.Getenv("CONNECTD_SEARCH_USERS"), &n); err == nil && n > 0 {
		return n
	}
	return 10000
}

func TestSearchUsers(t *testing.T) {
	f := newFixture(t, types.DirectoryTypeSaml, connecttest.WithQuotas(connect.Quotas{}))
	n := searchUsers()
	profileNames := []string{"Admin", "Agent", "CallCenterManager", "QualityAnalyst"}
	users := make([]searchUser, n)
	var wg sync.WaitGroup
	jobs := make(chan int)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				u := searchUser{username: fmt.Sprintf("user%05d", i), first: firstNames[i%len(firstNames)], last: lastNames[i%len(lastNames)],
					profiles: []string{f.profiles[profileNames[i%4]]}, tags: map[string]string{"team": teams[i%len(teams)]}}
				if i%10 == 0 {
					u.profiles = append(u.profiles, f.profiles["Admin"])
				}
				if i%2 == 0 {
					u.tags["site"] = []string{"leeds", "lagos", "lima"}[i%3]
				}
				in := f.userInput(u.username)
				in.Password = nil
				in.IdentityInfo = &types.UserIdentityInfo{FirstName: aws.String(u.first), LastName: aws.String(u.last), SecondaryEmail: aws.String(u.username + "@example.com")}
				in.SecurityProfileIds, in.Tags = u.profiles, u.tags
				out, err := f.client.CreateUser(ctx, in)
				if err != nil {
					t.Error(err)
					continue
				}
				u.id = *out.UserId
				users[i] = u
			}
		}()
	}
	for i := 0; i < n; i++ {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}

	str := func(field, op, value string) *types.UserSearchCriteria {
		return &types.UserSearchCriteria{StringCondition: &types.StringCondition{FieldName: aws.String(field), ComparisonType: types.StringComparisonType(op), Value: aws.String(value)}}
	}
	has := func(list []string, v string) bool {
		for _, x := range list {
			if x == v {
				return true
			}
		}
		return false
	}
	admin := f.profiles["Admin"]
	cases := []struct {
		name     string
		criteria *types.UserSearchCriteria
		filter   *types.UserSearchFilter
		want     func(u searchUser) bool
	}{
		{"everyone", nil, nil, func(searchUser) bool { return true }},
		{"username starts with", str("Username", "STARTS_WITH", "user001"), nil, func(u searchUser) bool { return strings.HasPrefix(u.username, "user001") }},
		{"username contains", str("Username", "CONTAINS", "99"), nil, func(u searchUser) bool { return strings.Contains(u.username, "99") }},
		{"username exact", str("Username", "EXACT", "user00042"), nil, func(u searchUser) bool { return u.username == "user00042" }},
		{"first name exact", str("FirstName", "EXACT", "Ann"), nil, func(u searchUser) bool { return u.first == "Ann" }},
		{"first name starts with", str("FirstName", "STARTS_WITH", "Ann"), nil, func(u searchUser) bool { return strings.HasPrefix(u.first, "Ann") }},
		{"last name contains a multibyte letter", str("LastName", "CONTAINS", "ül"), nil, func(u searchUser) bool { return strings.Contains(u.last, "ül") }},
		{"security profile", str("SecurityProfileId", "EXACT", admin), nil, func(u searchUser) bool { return has(u.profiles, admin) }},
		{"routing profile", str("RoutingProfileId", "EXACT", f.routing), nil, func(searchUser) bool { return true }},
		{"resource ID", str("resourceId", "EXACT", users[7].id), nil, func(u searchUser) bool { return u.id == users[7].id }},
		{"or", &types.UserSearchCriteria{OrConditions: []types.UserSearchCriteria{*str("FirstName", "EXACT", "Bob"), *str("LastName", "EXACT", "Kim")}}, nil,
			func(u searchUser) bool { return u.first == "Bob" || u.last == "Kim" }},
		{"and", &types.UserSearchCriteria{AndConditions: []types.UserSearchCriteria{*str("FirstName", "EXACT", "Eve"), *str("Username", "STARTS_WITH", "user0")}}, nil,
			func(u searchUser) bool { return u.first == "Eve" && strings.HasPrefix(u.username, "user0") }},
		{"nested", &types.UserSearchCriteria{OrConditions: []types.UserSearchCriteria{
			{AndConditions: []types.UserSearchCriteria{*str("FirstName", "EXACT", "Chloé"), *str("SecurityProfileId", "EXACT", admin)}},
			*str("LastName", "STARTS_WITH", "O")}}, nil,
			func(u searchUser) bool {
				return u.first == "Chloé" && has(u.profiles, admin) || strings.HasPrefix(u.last, "O")
			}},
		{"tag filter", nil, &types.UserSearchFilter{TagFilter: &types.ControlPlaneTagFilter{TagCondition: &types.TagCondition{TagKey: aws.String("team"), TagValue: aws.String("gold")}}},
			func(u searchUser) bool { return u.tags["team"] == "gold" }},
		{"tag filter: OR of ANDs", nil, &types.UserSearchFilter{TagFilter: &types.ControlPlaneTagFilter{OrConditions: [][]types.TagCondition{
			{{TagKey: aws.String("team"), TagValue: aws.String("red")}, {TagKey: aws.String("site"), TagValue: aws.String("lima")}},
			{{TagKey: aws.String("team"), TagValue: aws.String("grey")}}}}},
			func(u searchUser) bool {
				return u.tags["team"] == "red" && u.tags["site"] == "lima" || u.tags["team"] == "grey"
			}},
		{"criteria and filter", str("FirstName", "STARTS_WITH", "A"), &types.UserSearchFilter{UserAttributeFilter: &types.ControlPlaneUserAttributeFilter{
			TagCondition: &types.TagCondition{TagKey: aws.String("site"), TagValue: aws.String("leeds")}}},
			func(u searchUser) bool { return strings.HasPrefix(u.first, "A") && u.tags["site"] == "leeds" }},
		{"nobody", str("Username", "EXACT", "nobody"), nil, func(searchUser) bool { return false }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var want []string
			for _, u := range users {
				if c.want(u) {
					want = append(want, u.id)
				}
			}
			var got []string
			pages := 0
			p := awsconnect.NewSearchUsersPaginator(f.client, &awsconnect.SearchUsersInput{InstanceId: &f.instance, SearchCriteria: c.criteria,
				SearchFilter: c.filter, MaxResults: aws.Int32(500)})
			for p.HasMorePages() {
				page, err := p.NextPage(ctx)
				if err != nil {
					t.Fatal(err)
				}
				pages++
				if page.ApproximateTotalCount == nil || *page.ApproximateTotalCount != int64(len(want)) {
					t.Errorf("ApproximateTotalCount %v, want %d", page.ApproximateTotalCount, len(want))
				}
				for _, u := range page.Users {
					got = append(got, *u.Id)
					if u.IdentityInfo == nil || u.IdentityInfo.FirstName == nil || u.Username == nil || len(u.SecurityProfileIds) == 0 {
						t.Errorf("summary %+v", u)
					}
				}
			}
			sort.Strings(want)
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%d users in %d pages; want %d: got %.200v want %.200v", len(got), pages, len(want), got, want)
			}
		})
	}

	_, err := f.client.SearchUsers(ctx, &awsconnect.SearchUsersInput{InstanceId: &f.instance, SearchCriteria: str("Username", "CONTAINS", "u")})
	wantAPIError(t, err, "InvalidParameterException", "2 to 25")
	_, err = f.client.SearchUsers(ctx, &awsconnect.SearchUsersInput{InstanceId: &f.instance, SearchCriteria: str("Email", "EXACT", "x")})
	wantAPIError(t, err, "InvalidParameterException", "Email")
	var many []types.TagCondition
	for i := 0; i < 26; i++ {
		many = append(many, types.TagCondition{TagKey: aws.String(fmt.Sprintf("k%d", i)), TagValue: aws.String("v")})
	}
	_, err = f.client.SearchUsers(ctx, &awsconnect.SearchUsersInput{InstanceId: &f.instance,
		SearchFilter: &types.UserSearchFilter{TagFilter: &types.ControlPlaneTagFilter{AndConditions: many}}})
	wantAPIError(t, err, "InvalidParameterException", "25")
}

// TestSearchUsersAfterContactWorkInMilliseconds: SearchUsers answers every
// after-contact-work time limit in milliseconds, where DescribeUser
// answers seconds ("When returned by a SearchUsers call,
// AfterContactWorkTimeLimit is returned in milliseconds").
func TestSearchUsersAfterContactWorkInMilliseconds(t *testing.T) {
	f := newFixture(t, types.DirectoryTypeConnectManaged)
	in := f.userInput("acw-units")
	in.AfterContactWorkConfigs = []types.AfterContactWorkConfigPerChannel{
		{Channel: types.ChannelVoice, AfterContactWorkConfig: &types.AfterContactWorkConfig{AfterContactWorkTimeLimit: 45},
			AgentFirstCallbackAfterContactWorkConfig: &types.AfterContactWorkConfig{AfterContactWorkTimeLimit: 2000000}},
		{Channel: types.ChannelChat, AfterContactWorkConfig: &types.AfterContactWorkConfig{AfterContactWorkTimeLimit: 60}}}
	id := f.mustCreateUser(t, in)

	out, err := f.client.SearchUsers(ctx, &awsconnect.SearchUsersInput{InstanceId: &f.instance})
	if err != nil || len(out.Users) != 1 {
		t.Fatalf("SearchUsers: %v %+v", err, out)
	}
	u := out.Users[0]
	if u.PhoneConfig == nil || u.PhoneConfig.AfterContactWorkTimeLimit != 45000 {
		t.Errorf("PhoneConfig %+v, want AfterContactWorkTimeLimit 45000 (ms)", u.PhoneConfig)
	}
	got := map[types.Channel][2]int32{}
	for _, c := range u.AfterContactWorkConfigs {
		var callback int32
		if c.AgentFirstCallbackAfterContactWorkConfig != nil {
			callback = c.AgentFirstCallbackAfterContactWorkConfig.AfterContactWorkTimeLimit
		}
		got[c.Channel] = [2]int32{c.AfterContactWorkConfig.AfterContactWorkTimeLimit, callback}
	}
	if want := map[types.Channel][2]int32{types.ChannelVoice: {45000, 2000000000}, types.ChannelChat: {60000, 0}}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("AfterContactWorkConfigs %v, want %v (ms)", got, want)
	}
	if d := f.describe(t, id); d.PhoneConfig.AfterContactWorkTimeLimit != 45 || d.AfterContactWorkConfigs[0].AfterContactWorkConfig.AfterContactWorkTimeLimit != 45 {
		t.Errorf("DescribeUser answers %+v, want seconds", d.PhoneConfig)
	}
}

// TestSearchUsersFilterRules: a SearchFilter holds a TagFilter or a
// UserAttributeFilter, not both (AccessDeniedException, as AWS documents);
// a UserAttributeFilter populates one field, with at most 20 hierarchy
// group conditions.
func TestSearchUsersFilterRules(t *testing.T) {
	f := newFixture(t, types.DirectoryTypeConnectManaged)
	in := f.userInput("filtered")
	in.Tags = map[string]string{"team": "blue"}
	f.mustCreateUser(t, in)
	search := func(filter *types.UserSearchFilter) (*awsconnect.SearchUsersOutput, error) {
		return f.client.SearchUsers(ctx, &awsconnect.SearchUsersInput{InstanceId: &f.instance, SearchFilter: filter})
	}
	blue := &types.TagCondition{TagKey: aws.String("team"), TagValue: aws.String("blue")}
	group := &types.HierarchyGroupCondition{Value: aws.String("no-such-group"), HierarchyGroupMatchType: types.HierarchyGroupMatchTypeExact}

	_, err := search(&types.UserSearchFilter{TagFilter: &types.ControlPlaneTagFilter{TagCondition: blue},
		UserAttributeFilter: &types.ControlPlaneUserAttributeFilter{TagCondition: blue}})
	wantAPIError(t, err, "AccessDeniedException", "TagFilter or a UserAttributeFilter")
	_, err = search(&types.UserSearchFilter{UserAttributeFilter: &types.ControlPlaneUserAttributeFilter{TagCondition: blue, HierarchyGroupCondition: group}})
	wantAPIError(t, err, "InvalidParameterException", "Only one field")
	_, err = search(&types.UserSearchFilter{UserAttributeFilter: &types.ControlPlaneUserAttributeFilter{TagCondition: blue,
		AndCondition: &types.AttributeAndCondition{TagConditions: []types.TagCondition{*blue}}}})
	wantAPIError(t, err, "InvalidParameterException", "Only one field")
	var groups []types.AttributeAndCondition
	for range 21 {
		groups = append(groups, types.AttributeAndCondition{HierarchyGroupCondition: group})
	}
	_, err = search(&types.UserSearchFilter{UserAttributeFilter: &types.ControlPlaneUserAttributeFilter{OrConditions: groups}})
	wantAPIError(t, err, "InvalidParameterException", "20")

	// Each alone is taken.
	for _, filter := range []*types.UserSearchFilter{
		{TagFilter: &types.ControlPlaneTagFilter{TagCondition: blue}},
		{UserAttributeFilter: &types.ControlPlaneUserAttributeFilter{TagCondition: blue}},
		{UserAttributeFilter: &types.ControlPlaneUserAttributeFilter{OrConditions: append(groups[:19], types.AttributeAndCondition{TagConditions: []types.TagCondition{*blue}})}},
	} {
		out, err := search(filter)
		if err != nil || len(out.Users) != 1 {
			t.Errorf("SearchUsers(%+v): %v %+v", filter, err, out)
		}
	}
}

// TestSearchUsersManyConditions: criteria of any size a client can send
// are either evaluated or refused with InvalidParameterException naming
// the bound, never answered 5xx (SDKs retry those): at most 1000 compared
// values, nested at most 10 levels. Run on each store
// (CONNECTD_TEST_STORE=postgres for PostgreSQL).
func TestSearchUsersManyConditions(t *testing.T) {
	f := newFixture(t, types.DirectoryTypeConnectManaged)
	for i := range 3 {
		f.mustCreateUser(t, f.userInput(fmt.Sprintf("many%04d", i)))
	}
	str := func(op types.StringComparisonType, value string) types.UserSearchCriteria {
		return types.UserSearchCriteria{StringCondition: &types.StringCondition{FieldName: aws.String("Username"), ComparisonType: op, Value: aws.String(value)}}
	}
	exact := func(n int) []types.UserSearchCriteria {
		var list []types.UserSearchCriteria
		for i := range n {
			list = append(list, str(types.StringComparisonTypeExact, fmt.Sprintf("many%04d", i)))
		}
		return list
	}
	found := func(what string, criteria *types.UserSearchCriteria, want int) {
		t.Helper()
		out, err := f.client.SearchUsers(ctx, &awsconnect.SearchUsersInput{InstanceId: &f.instance, SearchCriteria: criteria})
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if len(out.Users) != want || aws.ToInt64(out.ApproximateTotalCount) != int64(want) {
			t.Errorf("%s: %d users (count %d), want %d", what, len(out.Users), aws.ToInt64(out.ApproximateTotalCount), want)
		}
	}
	refused := func(what string, criteria *types.UserSearchCriteria, bound string) {
		t.Helper()
		_, err := f.client.SearchUsers(ctx, &awsconnect.SearchUsersInput{InstanceId: &f.instance, SearchCriteria: criteria})
		wantAPIError(t, err, "InvalidParameterException", bound)
	}

	found("1000 OrConditions", &types.UserSearchCriteria{OrConditions: exact(1000)}, 3)
	var prefixes []types.UserSearchCriteria
	for range 1000 {
		prefixes = append(prefixes, str(types.StringComparisonTypeStartsWith, "many"))
	}
	found("1000 AndConditions", &types.UserSearchCriteria{AndConditions: prefixes}, 3)
	// Empty criteria compare nothing and select everyone, however many.
	found("20000 empty OrConditions", &types.UserSearchCriteria{OrConditions: make([]types.UserSearchCriteria, 20000)}, 3)
	for _, n := range []int{1001, 7271} {
		refused(fmt.Sprintf("%d OrConditions", n), &types.UserSearchCriteria{OrConditions: exact(n)}, "at most 1000 values")
	}

	// Ten levels, alternately OR and AND, each with 99 conditions beside
	// the next level: as deep and as wide as a search may be at once.
	nest := func(levels int) *types.UserSearchCriteria {
		c := str(types.StringComparisonTypeExact, "many0001")
		for level := levels - 1; level >= 1; level-- {
			var list []types.UserSearchCriteria
			for range 99 {
				if level%2 == 1 {
					list = append(list, str(types.StringComparisonTypeExact, "nobody"))
				} else {
					list = append(list, str(types.StringComparisonTypeStartsWith, "many"))
				}
			}
			list = append(list, c)
			if level%2 == 1 {
				c = types.UserSearchCriteria{OrConditions: list}
			} else {
				c = types.UserSearchCriteria{AndConditions: list}
			}
		}
		return &c
	}
	found("ten levels of 99 conditions", nest(10), 1)
	deep := types.UserSearchCriteria{StringCondition: str(types.StringComparisonTypeExact, "many0001").StringCondition}
	for range 10 {
		deep = types.UserSearchCriteria{OrConditions: []types.UserSearchCriteria{deep}}
	}
	refused("eleven levels", &deep, "at most 10 levels")
}
