package awsapi_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	awsconnect "github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"

	"github.com/connectd/connectd/awsapi"
	"github.com/connectd/connectd/connecttest"
)

var strictKeys = []awsapi.Credential{
	{AccessKeyID: "AKIDALICE", SecretAccessKey: "alice-secret", AccountID: "111111111111"},
	{AccessKeyID: "AKIDBOB", SecretAccessKey: "bob-secret", AccountID: "222222222222"},
}

func TestStrictModeAcceptsTheRightKeys(t *testing.T) {
	srv := connecttest.New(t, connecttest.WithCredentials(strictKeys...))
	alice := srv.ClientWithKey("AKIDALICE", "alice-secret", "eu-west-2")
	id, arn := mustInstance(t, alice, types.DirectoryTypeSaml, "strict")
	if want := "arn:aws:connect:eu-west-2:111111111111:instance/" + id; arn != want {
		t.Errorf("ARN %s, want %s: the key's account and the signed region", arn, want)
	}
	// An ARN in the path, percent-encoded, signs and verifies too.
	if _, err := alice.ListUsers(ctx, &awsconnect.ListUsersInput{InstanceId: &arn}); err != nil {
		t.Errorf("ListUsers by ARN: %v", err)
	}
	if _, err := alice.ListInstances(ctx, &awsconnect.ListInstancesInput{MaxResults: aws.Int32(5)}); err != nil {
		t.Errorf("ListInstances with a query: %v", err)
	}
	bob := srv.ClientWithKey("AKIDBOB", "bob-secret", "eu-west-2")
	_, err := bob.DescribeInstance(ctx, &awsconnect.DescribeInstanceInput{InstanceId: &id})
	wantAPIError(t, err, "ResourceNotFoundException")

	_, err = srv.ClientWithKey("AKIDALICE", "wrong-secret", "eu-west-2").ListInstances(ctx, &awsconnect.ListInstancesInput{})
	wantAPIError(t, err, "InvalidSignatureException", "does not match")
	_, err = srv.ClientWithKey("AKIDNOBODY", "x", "eu-west-2").ListInstances(ctx, &awsconnect.ListInstancesInput{})
	wantAPIError(t, err, "UnrecognizedClientException")
}

// signed builds a request signed by key at a time, for tampering with.
func signed(t *testing.T, srv *connecttest.Server, key awsapi.Credential, method, path string, body []byte, at time.Time) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	sum := sha256.Sum256(body)
	creds := aws.Credentials{AccessKeyID: key.AccessKeyID, SecretAccessKey: key.SecretAccessKey}
	if err := v4.NewSigner().SignHTTP(ctx, creds, req, hex.EncodeToString(sum[:]), "connect", "us-east-1", at); err != nil {
		t.Fatal(err)
	}
	return req
}

func TestStrictModeRefusals(t *testing.T) {
	srv := connecttest.New(t, connecttest.WithCredentials(strictKeys...))
	alice := strictKeys[0]
	body := []byte(`{"IdentityManagementType":"SAML","InstanceAlias":"tampered","InboundCallsEnabled":true,"OutboundCallsEnabled":true}`)
	cases := []struct {
		name    string
		req     func() *http.Request
		errType string
		frag    string
	}{
		{"no signature", func() *http.Request {
			r, _ := http.NewRequest("PUT", srv.URL+"/instance", bytes.NewReader(body))
			return r
		}, "MissingAuthenticationTokenException", ""},
		{"unknown key", func() *http.Request {
			return signed(t, srv, awsapi.Credential{AccessKeyID: "AKIDEVE", SecretAccessKey: "eve"}, "PUT", "/instance", body, time.Now())
		}, "UnrecognizedClientException", ""},
		{"wrong secret", func() *http.Request {
			return signed(t, srv, awsapi.Credential{AccessKeyID: alice.AccessKeyID, SecretAccessKey: "guess"}, "PUT", "/instance", body, time.Now())
		}, "InvalidSignatureException", "does not match"},
		{"body changed after signing", func() *http.Request {
			r := signed(t, srv, alice, "PUT", "/instance", body, time.Now())
			changed := bytes.Replace(body, []byte("tampered"), []byte("tamperer"), 1)
			r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(changed)), int64(len(changed))
			return r
		}, "InvalidSignatureException", "does not match"},
		{"path changed after signing", func() *http.Request {
			r := signed(t, srv, alice, "GET", "/instance/abc", nil, time.Now())
			r.URL.Path = "/instance/abd"
			return r
		}, "InvalidSignatureException", "does not match"},
		{"signed header changed", func() *http.Request {
			r := signed(t, srv, alice, "PUT", "/instance", body, time.Now())
			r.Header.Set("Content-Type", "text/plain")
			return r
		}, "InvalidSignatureException", "does not match"},
		{"stale", func() *http.Request {
			return signed(t, srv, alice, "PUT", "/instance", body, time.Now().Add(-16*time.Minute))
		}, "InvalidSignatureException", "Signature expired"},
		{"from the future", func() *http.Request {
			return signed(t, srv, alice, "PUT", "/instance", body, time.Now().Add(16*time.Minute))
		}, "InvalidSignatureException", "not yet current"},
		{"malformed header", func() *http.Request {
			r, _ := http.NewRequest("PUT", srv.URL+"/instance", bytes.NewReader(body))
			r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=garbage")
			return r
		}, "IncompleteSignatureException", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp, err := http.DefaultClient.Do(c.req())
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			r := rawResponse{resp.StatusCode, resp.Header, b}
			if r.status != 403 || r.errorType() != c.errType || !strings.Contains(r.message(), c.frag) {
				t.Errorf("got %d %s %s; want 403 %s %q", r.status, r.errorType(), b, c.errType, c.frag)
			}
		})
	}
	// Within the allowed skew is fine.
	resp, err := http.DefaultClient.Do(signed(t, srv, alice, "PUT", "/instance", body, time.Now().Add(-14*time.Minute)))
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("a request signed 14 minutes ago: %v %v", resp.StatusCode, err)
	}
	resp.Body.Close()
	// And none of the refused requests created anything.
	list, err := srv.ClientWithKey(alice.AccessKeyID, alice.SecretAccessKey, "us-east-1").ListInstances(ctx, &awsconnect.ListInstancesInput{})
	if err != nil || len(list.InstanceSummaryList) != 1 {
		t.Errorf("instances: %+v %v", list, err)
	}
}

// TestStrictModeSignsTheQueryAsReceived appends query pairs that Go's
// query parser (and so AWS's signer, which parses the query to
// canonicalise it) would drop to a correctly signed request: what was
// signed is not what was received, so the signature does not hold.
func TestStrictModeSignsTheQueryAsReceived(t *testing.T) {
	srv := connecttest.New(t, connecttest.WithCredentials(strictKeys...))
	alice := strictKeys[0]
	for _, appended := range []string{"&x=%zz", "&%zz", "&a;b=c", ";", "&maxResults=%"} {
		t.Run(appended, func(t *testing.T) {
			r := signed(t, srv, alice, "GET", "/instance?maxResults=5", nil, time.Now())
			r.URL.RawQuery += appended
			resp, err := http.DefaultClient.Do(r)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			got := rawResponse{resp.StatusCode, resp.Header, b}
			if got.status != 403 || got.errorType() != "InvalidSignatureException" {
				t.Errorf("signed ?maxResults=5, sent ?%s: %d %s %s; want 403 InvalidSignatureException", r.URL.RawQuery, got.status, got.errorType(), b)
			}
		})
	}
	// Unaltered, the same request is answered.
	resp, err := http.DefaultClient.Do(signed(t, srv, alice, "GET", "/instance?maxResults=5", nil, time.Now()))
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("the request as signed: %v %v", resp.StatusCode, err)
	}
	resp.Body.Close()
}
