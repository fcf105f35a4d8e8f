package awsapi_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"

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
			var body []byte
			if c.body != "" {
				body = []byte(c.body)
			}
			r := send(t, f.srv, c.method, c.path, body)
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

func TestSearchTagKeyWithNUL(t *testing.T) {
	f := newFixture(t, types.DirectoryTypeSaml)
	body := `{"InstanceId":"` + f.instance + `","SearchFilter":{"TagFilter":{"TagCondition":{"TagKey":"a\u0000b","TagValue":"v"}}}}`
	if r := send(t, f.srv, "POST", "/search-users", []byte(body)); r.status != 200 || !strings.Contains(string(r.body), `"ApproximateTotalCount":0`) {
		t.Errorf("a tag key with NUL: %d %s", r.status, r.body)
	}
}
