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

// benchServer is connectd on a SQLite file (durable, as served), with one
// SAML instance.
func benchServer(b *testing.B) (srv *connecttest.Server, instance, profile, routing string) {
	store, err := sqlite.Open(filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { store.Close() })
	srv = connecttest.New(b, connecttest.WithStore(store), connecttest.WithQuotas(connect.Quotas{}))
	client := srv.Client()
	out, err := client.CreateInstance(ctx, &awsconnect.CreateInstanceInput{IdentityManagementType: types.DirectoryTypeSaml,
		InstanceAlias: aws.String("bench"), InboundCallsEnabled: aws.Bool(true), OutboundCallsEnabled: aws.Bool(true)})
	if err != nil {
		b.Fatal(err)
	}
	sps, _ := client.ListSecurityProfiles(ctx, &awsconnect.ListSecurityProfilesInput{InstanceId: out.Id})
	rps, _ := client.ListRoutingProfiles(ctx, &awsconnect.ListRoutingProfilesInput{InstanceId: out.Id})
	return srv, *out.Id, *sps.SecurityProfileSummaryList[0].Id, *rps.RoutingProfileSummaryList[0].Id
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
	srv, instance, profile, routing := benchServer(b)
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
	srv, instance, profile, routing := benchServer(b)
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
