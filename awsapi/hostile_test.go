package awsapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconnect "github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"

	"github.com/connectd/connectd/awsapi"
	"github.com/connectd/connectd/connect"
	"github.com/connectd/connectd/connecttest"
)

// TestHostileInput sends what no client should, and expects an AWS-shaped
// 4xx for each, and a server that goes on answering.
func TestHostileInput(t *testing.T) {
	f := newFixture(t, types.DirectoryTypeSaml)
	users := "/users/" + f.instance
	valid := `"SecurityProfileIds":["` + f.profiles["Agent"] + `"],"RoutingProfileId":"` + f.routing + `"`
	cases := []struct {
		name, method, path, body string
		status                   int
	}{
		{"deep nesting", "PUT", users, strings.Repeat(`{"IdentityInfo":`, 20000) + strings.Repeat("}", 20000), 400},
		{"deep arrays", "PUT", users, `{"SecurityProfileIds":` + strings.Repeat("[", 50000) + strings.Repeat("]", 50000) + `}`, 400},
		{"huge array", "PUT", users, `{"Username":"u",` + valid[:20] + strings.Repeat(`"x",`, 200000) + `"x"],"RoutingProfileId":"r"}`, 400},
		{"huge map", "PUT", users, `{"Username":"u",` + valid + `,"Tags":{` + manyTags(20000) + `}}`, 400},
		{"over the body limit", "PUT", users, `{"Username":"` + strings.Repeat("a", 2<<20) + `"}`, 413},
		{"invalid UTF-8", "PUT", users, "{\"Username\":\"\xff\xfe\xfd\"," + valid + "}", 400},
		{"NUL in a username", "PUT", users, `{"Username":"a\u0000b",` + valid + `}`, 400},
		{"NUL bytes raw", "PUT", users, "{\"Username\":\"a\x00b\"," + valid + "}", 400},
		{"number too big", "PUT", users, `{"Username":"u","PhoneConfig":{"AfterContactWorkTimeLimit":1e999},` + valid + `}`, 400},
		{"huge integer", "GET", "/users-summary/" + f.instance + "?maxResults=99999999999999999999999", "", 400},
		{"negative page", "GET", "/users-summary/" + f.instance + "?maxResults=-5", "", 400},
		{"absurd token", "GET", "/users-summary/" + f.instance + "?nextToken=" + strings.Repeat("A", 5000), "", 400},
		{"path traversal", "GET", "/users/" + f.instance + "/..%2F..%2F..%2Fetc%2Fpasswd", "", 404},
		{"dot segments", "GET", "/users/../../instance", "", 404},
		{"encoded slash in instance", "GET", "/users-summary/a%2Fb%2Fc", "", 404},
		{"long label", "GET", "/users/" + f.instance + "/" + strings.Repeat("x", 10000), "", 404},
		{"bad JSON literal", "PUT", users, `{"Username": tru}`, 400},
		{"duplicate keys", "PUT", users, `{"Username":"a","Username":5,` + valid + `}`, 400},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := sendText(t, f.srv, c.method, c.path, c.body)
			if r.status != c.status || r.errorType() == "" {
				t.Errorf("got %d %q %.300s; want %d AWS-shaped", r.status, r.errorType(), r.body, c.status)
			}
		})
	}
	if names := f.usernames(t); len(names) != 0 {
		t.Errorf("hostile requests stored users: %q", names)
	}
}

func manyTags(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"k%d":"v"`, i)
	}
	return b.String()
}

// panicStore fails every call as a bug would.
type panicStore struct{ connect.Store }

func (panicStore) Get(context.Context, connect.Key) (connect.Record, error) { panic("a bug") }

func TestPanicsAreRecovered(t *testing.T) {
	var log syncBuffer
	srv := connecttest.New(t, connecttest.WithStore(panicStore{mustMemory(t)}),
		connecttest.WithOptions(awsapi.Options{Logger: slog.New(slog.NewTextHandler(&log, nil))}))
	_, err := srv.Client().DescribeInstance(ctx, &awsconnect.DescribeInstanceInput{InstanceId: &[]string{"abc"}[0]})
	wantAPIError(t, err, "InternalServiceException", "Request ID")
	if !strings.Contains(log.String(), "panic") || !strings.Contains(log.String(), "requestId=") {
		t.Errorf("the panic was not logged with its request ID: %s", log.String())
	}
	// And the server still answers.
	if _, err := srv.Client().ListInstances(ctx, &awsconnect.ListInstancesInput{}); err != nil {
		t.Errorf("after a panic: %v", err)
	}
}

func TestSearchValuesWithControlCharacters(t *testing.T) {
	f := newFixture(t, types.DirectoryTypeSaml)
	for _, body := range []string{
		`{"InstanceId":"` + f.instance + `","SearchCriteria":{"StringCondition":{"FieldName":"resourceId","Value":"a\u0000b","ComparisonType":"EXACT"}}}`,
		`{"InstanceId":"` + f.instance + `","SearchCriteria":{"StringCondition":{"FieldName":"Username","Value":"\u0000\u0001","ComparisonType":"CONTAINS"}}}`,
	} {
		r := send(t, f.srv, "POST", "/search-users", []byte(body))
		if r.status != 400 || r.errorType() != "InvalidParameterException" {
			t.Errorf("%s: %d %s %s", body, r.status, r.errorType(), r.body)
		}
	}
	r := send(t, f.srv, "POST", "/search-user-hierarchy-groups", []byte(`{"InstanceId":"`+f.instance+`","SearchCriteria":{"StringCondition":{"FieldName":"name","Value":"x\u0000","ComparisonType":"STARTS_WITH"}}}`))
	if r.status != 400 {
		t.Errorf("SearchUserHierarchyGroups with NUL: %d %s", r.status, r.body)
	}
}

// TestSearchTagKeyWithNUL: NUL is refused in every string member, a
// search's tag key too.
func TestSearchTagKeyWithNUL(t *testing.T) {
	f := newFixture(t, types.DirectoryTypeSaml)
	body := `{"InstanceId":"` + f.instance + `","SearchFilter":{"TagFilter":{"TagCondition":{"TagKey":"a\u0000b","TagValue":"v"}}}}`
	if r := send(t, f.srv, "POST", "/search-users", []byte(body)); r.status != 400 || r.errorType() != "InvalidParameterException" ||
		!strings.Contains(r.message(), "'searchFilter.tagFilter.tagCondition.tagKey'") {
		t.Errorf("a tag key with NUL: %d %s", r.status, r.body)
	}
}

// TestInvalidTextIsRefused sends strings that are not Unicode text, or
// that hold NUL, in every place a member can be: body members at any
// depth, map keys and values, unknown members, query and path. Go's JSON
// decoder would read invalid UTF-8 and unpaired surrogate escapes as
// U+FFFD; connectd refuses them instead, and stores nothing.
func TestInvalidTextIsRefused(t *testing.T) {
	f := newFixture(t, types.DirectoryTypeSaml)
	users := "/users/" + f.instance
	valid := `"SecurityProfileIds":["` + f.profiles["Agent"] + `"],"RoutingProfileId":"` + f.routing + `"`
	create := func(firstName string) string {
		return `{"Username":"u1","IdentityInfo":{"FirstName":"` + firstName + `","LastName":"L"},` + valid + `}`
	}
	cases := []struct {
		name, method, path, body string
		errType, frag            string
	}{
		{"bytes not UTF-8", "PUT", users, create("A\xff\xfeA"), "SerializationException", "UTF-8"},
		{"an overlong encoding", "PUT", users, create("A\xc0\xafA"), "SerializationException", "UTF-8"},
		{"a surrogate as UTF-8 bytes", "PUT", users, create("A\xed\xb3\xbfA"), "SerializationException", "UTF-8"},
		{"a lone low surrogate", "PUT", users, create(`\udcff`), "SerializationException", "surrogate"},
		{"a lone high surrogate at the end", "PUT", users, create(`A\ud800`), "SerializationException", "surrogate"},
		{"a high surrogate before a letter", "PUT", users, create(`\ud800\u0041`), "SerializationException", "surrogate"},
		{"two high surrogates", "PUT", users, create(`\uD83D\uD83D`), "SerializationException", "surrogate"},
		{"a reversed pair", "PUT", users, create(`\ude00\ud83d`), "SerializationException", "surrogate"},
		{"NUL in a first name", "PUT", users, create(`a\u0000b`), "InvalidParameterException", "'identityInfo.firstName'"},
		{"NUL in a list", "PUT", users, `{"Username":"u1","IdentityInfo":{"FirstName":"F","LastName":"L"},"SecurityProfileIds":["a\u0000"],"RoutingProfileId":"` + f.routing + `"}`, "InvalidParameterException", "'securityProfileIds.1.member'"},
		{"NUL in a tag value", "PUT", users, `{"Username":"u1","IdentityInfo":{"FirstName":"F","LastName":"L"},` + valid + `,"Tags":{"k":"v\u0000"}}`, "InvalidParameterException", "'tags'"},
		{"invalid UTF-8 in a map key", "PUT", users, `{"Username":"u1","IdentityInfo":{"FirstName":"F","LastName":"L"},` + valid + ",\"Tags\":{\"k\xff\":\"v\"}}", "SerializationException", "UTF-8"},
		{"a surrogate in a map key", "PUT", users, `{"Username":"u1","IdentityInfo":{"FirstName":"F","LastName":"L"},` + valid + `,"Tags":{"k\udfff":"v"}}`, "SerializationException", "surrogate"},
		{"NUL in a map key", "PUT", "/security-profiles/" + f.instance, `{"SecurityProfileName":"p","AllowedAccessControlTags":{"a\u0000b":"v"}}`, "InvalidParameterException", "'allowedAccessControlTags'"},
		{"a surrogate in an unknown member", "PUT", users, `{"Username":"u1","IdentityInfo":{"FirstName":"F","LastName":"L"},` + valid + `,"Extra":"\udc00"}`, "SerializationException", "surrogate"},
		{"a surrogate in a search value", "POST", "/search-users", `{"InstanceId":"` + f.instance + `","SearchCriteria":{"StringCondition":{"FieldName":"FirstName","Value":"\udcff","ComparisonType":"EXACT"}}}`, "SerializationException", "surrogate"},
		{"a query value not UTF-8", "GET", "/users-summary/" + f.instance + "?nextToken=%FF%FE", "", "SerializationException", "UTF-8"},
		{"a query name not UTF-8", "GET", "/users-summary/" + f.instance + "?%FF=1", "", "SerializationException", "UTF-8"},
		{"NUL in a query value", "GET", "/users-summary/" + f.instance + "?nextToken=a%00b", "", "InvalidParameterException", "'nextToken'"},
		{"a path value not UTF-8", "GET", users + "/%FF%FE", "", "SerializationException", "UTF-8"},
		{"NUL in a path value", "GET", users + "/a%00b", "", "InvalidParameterException", "'userId'"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := sendText(t, f.srv, c.method, c.path, c.body)
			if r.status != 400 || r.errorType() != c.errType || !strings.Contains(r.message(), c.frag) {
				t.Errorf("got %d %s %s; want 400 %s with %q", r.status, r.errorType(), r.body, c.errType, c.frag)
			}
		})
	}
	if names := f.usernames(t); len(names) != 0 {
		t.Errorf("invalid text stored users: %q", names)
	}
	f.wantSecurityProfiles(t, len(f.profiles))

	// What only looks like them is text, and kept as sent.
	for username, firstName := range map[string]string{"pair": `\ud83d\ude00`, "escaped": `\\udcff`, "replacement": `\ufffd`} {
		body := `{"Username":"` + username + `","IdentityInfo":{"FirstName":"` + firstName + `","LastName":"L"},` + valid + `}`
		r := send(t, f.srv, "PUT", users, []byte(body))
		if r.status != 200 {
			t.Fatalf("first name %s: %d %s", firstName, r.status, r.body)
		}
		var created struct{ UserId string }
		json.Unmarshal(r.body, &created)
		var want string
		json.Unmarshal([]byte(`"`+firstName+`"`), &want)
		out, err := f.client.DescribeUser(ctx, &awsconnect.DescribeUserInput{InstanceId: &f.instance, UserId: &created.UserId})
		if err != nil || aws.ToString(out.User.IdentityInfo.FirstName) != want {
			t.Errorf("first name %s: stored %+q, want %+q (%v)", firstName, aws.ToString(out.User.IdentityInfo.FirstName), want, err)
		}
	}
}

// TestInvalidTextThroughTheSDK sends what the Go SDK lets through: NUL
// anywhere, and bytes that are not UTF-8 in the path and the query (its
// JSON encoder replaces them in a body).
func TestInvalidTextThroughTheSDK(t *testing.T) {
	f := newFixture(t, types.DirectoryTypeConnectManaged)
	in := f.userInput("nul")
	in.IdentityInfo.FirstName = aws.String("a\x00b")
	_, err := f.client.CreateUser(ctx, in)
	wantAPIError(t, err, "InvalidParameterException", "'identityInfo.firstName'", "NUL")

	_, err = f.client.CreateSecurityProfile(ctx, &awsconnect.CreateSecurityProfileInput{InstanceId: &f.instance,
		SecurityProfileName: aws.String("nul"), AllowedAccessControlTags: map[string]string{"team\x00": "blue"}})
	wantAPIError(t, err, "InvalidParameterException", "'allowedAccessControlTags'", "NUL")

	_, err = f.client.ListUsers(ctx, &awsconnect.ListUsersInput{InstanceId: &f.instance, NextToken: aws.String("\xff\xfe")})
	wantAPIError(t, err, "SerializationException", "UTF-8")
	_, err = f.client.DescribeUser(ctx, &awsconnect.DescribeUserInput{InstanceId: &f.instance, UserId: aws.String("\xff\xfe")})
	wantAPIError(t, err, "SerializationException", "UTF-8")
	_, err = f.client.UpdateUserIdentityInfo(ctx, &awsconnect.UpdateUserIdentityInfoInput{InstanceId: &f.instance, UserId: aws.String("x\xed\xa0\x80"),
		IdentityInfo: &types.UserIdentityInfo{FirstName: aws.String("A"), LastName: aws.String("B")}})
	wantAPIError(t, err, "SerializationException", "UTF-8")

	if names := f.usernames(t); len(names) != 0 {
		t.Errorf("invalid text stored users: %q", names)
	}
	f.wantSecurityProfiles(t, len(f.profiles))
}

func (f *fixture) wantSecurityProfiles(t *testing.T, n int) {
	t.Helper()
	out, err := f.client.ListSecurityProfiles(ctx, &awsconnect.ListSecurityProfilesInput{InstanceId: &f.instance})
	if err != nil || len(out.SecurityProfileSummaryList) != n {
		t.Errorf("security profiles: %d, want %d (%v)", len(out.SecurityProfileSummaryList), n, err)
	}
}
