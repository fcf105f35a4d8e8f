package awsapi_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconnect "github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"

	"github.com/connectd/connectd/connect"
	"github.com/connectd/connectd/connecttest"
	"github.com/connectd/connectd/sqlite"
)

// benchEnv is connectd on a SQLite file (durable, as served), with one
// SAML instance and no quotas.
type benchEnv struct {
	srv      *connecttest.Server
	store    *sqlite.Store
	instance string
	profiles map[string]string // security profile name -> ID
	routing  string
}

func benchServer(b *testing.B) benchEnv {
	store, err := sqlite.Open(filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { store.Close() })
	e := benchEnv{store: store, profiles: map[string]string{}}
	e.srv = connecttest.New(b, connecttest.WithStore(store), connecttest.WithQuotas(connect.Quotas{}))
	client := e.srv.Client()
	out, err := client.CreateInstance(ctx, &awsconnect.CreateInstanceInput{IdentityManagementType: types.DirectoryTypeSaml,
		InstanceAlias: aws.String("bench"), InboundCallsEnabled: aws.Bool(true), OutboundCallsEnabled: aws.Bool(true)})
	if err != nil {
		b.Fatal(err)
	}
	e.instance = *out.Id
	sps, err := client.ListSecurityProfiles(ctx, &awsconnect.ListSecurityProfilesInput{InstanceId: out.Id})
	if err != nil {
		b.Fatal(err)
	}
	for _, sp := range sps.SecurityProfileSummaryList {
		e.profiles[*sp.Name] = *sp.Id
	}
	rps, err := client.ListRoutingProfiles(ctx, &awsconnect.ListRoutingProfilesInput{InstanceId: out.Id})
	if err != nil {
		b.Fatal(err)
	}
	e.routing = *rps.RoutingProfileSummaryList[0].Id
	return e
}

func do(b *testing.B, client *http.Client, method, url string, body []byte) {
	req, _ := http.NewRequest(method, url, bytes.NewReader(body))
	resp, err := client.Do(req)
	if err != nil {
		b.Error(err)
		return
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		b.Errorf("%s %s: %d", method, url, resp.StatusCode)
	}
}

// BenchmarkCreateUser is CreateUser (SAML: no password hash) through the
// whole HTTP stack into a durable SQLite file.
func BenchmarkCreateUser(b *testing.B) {
	e := benchServer(b)
	srv, instance, profile, routing := e.srv, e.instance, e.profiles["Agent"], e.routing
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	var n atomic.Int64
	b.ReportAllocs()
	b.SetParallelism(8) // 16 clients on 2 cores, as the performance targets count them
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			body := fmt.Sprintf(`{"Username":"user%d","IdentityInfo":{"FirstName":"A","LastName":"B"},"SecurityProfileIds":[%q],"RoutingProfileId":%q}`,
				n.Add(1), profile, routing)
			do(b, client, "PUT", srv.URL+"/users/"+instance, []byte(body))
		}
	})
}

// BenchmarkDescribeUser is DescribeUser through the whole HTTP stack.
func BenchmarkDescribeUser(b *testing.B) {
	e := benchServer(b)
	srv, instance, profile, routing := e.srv, e.instance, e.profiles["Agent"], e.routing
	out, err := srv.Client().CreateUser(ctx, &awsconnect.CreateUserInput{InstanceId: &instance, Username: aws.String("reader"),
		IdentityInfo:       &types.UserIdentityInfo{FirstName: aws.String("A"), LastName: aws.String("B")},
		SecurityProfileIds: []string{profile}, RoutingProfileId: &routing})
	if err != nil {
		b.Fatal(err)
	}
	url := srv.URL + "/users/" + instance + "/" + *out.UserId
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			do(b, client, "GET", url, nil)
		}
	})
}

// BenchmarkListUsers is ListUsers, a page of 1000 of an instance's 1000
// users, through the whole HTTP stack.
func BenchmarkListUsers(b *testing.B) {
	e := benchServer(b)
	srv, instance, profile, routing := e.srv, e.instance, e.profiles["Agent"], e.routing
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	for i := range 1000 {
		body := fmt.Sprintf(`{"Username":"user%04d","IdentityInfo":{"FirstName":"A","LastName":"B"},"SecurityProfileIds":[%q],"RoutingProfileId":%q}`,
			i, profile, routing)
		do(b, client, "PUT", srv.URL+"/users/"+instance, []byte(body))
	}
	url := srv.URL + "/users-summary/" + instance + "?maxResults=1000"
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			do(b, client, "GET", url, nil)
		}
	})
}
