package awsapi

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/connectd/connectd/connect"
	"github.com/connectd/connectd/model"
	"github.com/connectd/connectd/sqlite"
)

// Fuzz targets: go test ./awsapi -run '^$' -fuzz FuzzRouter -fuzztime 60s
// (likewise FuzzRequest and FuzzSigV4). Seeds are in testdata/fuzz.

func FuzzRouter(f *testing.F) {
	for _, s := range []string{"/users/abc", "/users/abc/def", "/tags/arn%3Aaws%3Aconnect%3Aus-east-1%3A1%3Ainstance%2Fx", "/instance", "//", "/users/%zz", "/users-summary/a/b"} {
		f.Add("GET", s)
		f.Add("PUT", s)
	}
	m := model.MustLoad()
	r := newRouter(m)
	f.Fuzz(func(t *testing.T, method, path string) {
		op, labels, ok := r.match(method, path)
		if !ok {
			return
		}
		o := m.Operations[op]
		if o == nil || o.HTTP.Method != method {
			t.Fatalf("%s %s matched %q", method, path, op)
		}
		if want := strings.Count(o.HTTP.RequestURI, "{"); len(labels) != want {
			t.Fatalf("%s %s: %d labels for %s, want %d", method, path, len(labels), op, want)
		}
		for _, l := range labels {
			if l.value == "" {
				t.Fatalf("%s %s: empty label %s", method, path, l.name)
			}
		}
	})
}

// fuzzServer is a server with one instance, whose ID replaces {instance}
// in fuzzed paths.
func fuzzServer(f *testing.F) (*Server, string) {
	store, err := sqlite.Open(sqlite.Memory)
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { store.Close() })
	svc := connect.NewService(store, connect.Options{Argon2: connect.Argon2Params{Memory: 8, Iterations: 1, Threads: 1}, Quotas: connect.DefaultQuotas})
	s, err := NewServer(svc, Options{})
	if err != nil {
		f.Fatal(err)
	}
	out, err := svc.CreateInstance(context.Background(), connect.DefaultScope, connect.CreateInstanceInput{
		IdentityManagementType: connect.ConnectManaged, InstanceAlias: "fuzz"})
	if err != nil {
		f.Fatal(err)
	}
	return s, out.Id
}

func FuzzRequest(f *testing.F) {
	seeds := []struct{ method, path, body string }{
		{"PUT", "/users/{instance}", `{"Username":"a","Password":"Passw0rd1","IdentityInfo":{"FirstName":"A","LastName":"B"},"SecurityProfileIds":["x"],"RoutingProfileId":"y"}`},
		{"PUT", "/users/{instance}", `{"Username":"a","PhoneConfig":{"PhoneType":"DESK_PHONE","AutoAccept":true},"AutoAcceptConfigs":[{"Channel":"VOICE","AutoAccept":true}],"Tags":{"k":"v"}}`},
		{"PUT", "/instance", `{"IdentityManagementType":"SAML","InstanceAlias":"x","InboundCallsEnabled":true,"OutboundCallsEnabled":false}`},
		{"GET", "/users-summary/{instance}?maxResults=2&nextToken=abc", ""},
		{"GET", "/queues-summary/{instance}?queueTypes=AGENT&queueTypes=STANDARD", ""},
		{"DELETE", "/users/{instance}/abc", ""},
		{"POST", "/search-users", `{}`},
	}
	for _, s := range seeds {
		f.Add(s.method, s.path, s.body)
	}
	srv, instance := fuzzServer(f)
	f.Fuzz(func(t *testing.T, method, path, body string) {
		u, err := url.Parse(strings.ReplaceAll(path, "{instance}", instance))
		if err != nil || method == "" || strings.ContainsAny(method, " \t\r\n") {
			return
		}
		req := &http.Request{Method: method, URL: u, Header: http.Header{}, Body: http.NoBody, Host: "localhost"}
		if body != "" {
			req.Body = httptest.NewRequest("PUT", "/", strings.NewReader(body)).Body
		}
		req = req.WithContext(context.Background())
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code >= 500 && rec.Code != http.StatusNotImplemented {
			t.Fatalf("%s %s %q: %d %s", method, path, body, rec.Code, rec.Body)
		}
		if rec.Code >= 400 {
			var e struct {
				Type    string `json:"__type"`
				Message string
			}
			if json.Unmarshal(rec.Body.Bytes(), &e) != nil || e.Type == "" || rec.Header().Get("X-Amzn-ErrorType") != e.Type {
				t.Fatalf("%s %s: not AWS-shaped: %d %s", method, path, rec.Code, rec.Body)
			}
		}
	})
}

func FuzzSigV4(f *testing.F) {
	key := Credential{AccessKeyID: "AKIDFUZZ", SecretAccessKey: "fuzz-secret", AccountID: "111111111111"}
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	sign := func(method, path, body string) (auth, date string) {
		req, _ := http.NewRequest(method, "http://localhost"+path, strings.NewReader(body))
		sum := sha256.Sum256([]byte(body))
		v4.NewSigner().SignHTTP(context.Background(), aws.Credentials{AccessKeyID: key.AccessKeyID, SecretAccessKey: key.SecretAccessKey},
			req, hex.EncodeToString(sum[:]), "connect", "us-east-1", now)
		return req.Header.Get("Authorization"), req.Header.Get("X-Amz-Date")
	}
	for _, s := range []struct{ method, path, body string }{{"GET", "/instance", ""}, {"PUT", "/users/abc", `{"Username":"x"}`}, {"GET", "/users-summary/a%3Ab?maxResults=3", ""}} {
		auth, date := sign(s.method, s.path, s.body)
		f.Add(s.method, s.path, s.body, auth, date)
		f.Add(s.method, s.path, s.body+" ", auth, date)
		f.Add(s.method, s.path, s.body, strings.Replace(auth, "AKIDFUZZ", "AKIDELSE", 1), date)
	}
	v := newVerifier([]Credential{key})
	v.now = func() time.Time { return now }
	f.Fuzz(func(t *testing.T, method, path, body, auth, date string) {
		if !strings.HasPrefix(path, "/") { // else it would change the host
			return
		}
		u, err := url.Parse("http://localhost" + path)
		if err != nil || method == "" || strings.ContainsAny(method, " \t\r\n") {
			return
		}
		req := &http.Request{Method: method, URL: u, Host: "localhost", Header: http.Header{}}
		req.Header.Set("Authorization", auth)
		req.Header.Set("X-Amz-Date", date)
		scope, err := v.verify(req.WithContext(context.Background()), []byte(body))
		if err != nil {
			if connect.ErrorCode(err).Status() != 400 && connect.ErrorCode(err).Status() != 403 {
				t.Fatalf("refusal with status %d: %v", connect.ErrorCode(err).Status(), err)
			}
			return
		}
		// Accepted: the signature must be the one the key makes for exactly
		// this request.
		want, _ := sign(method, path, body)
		if scope.Account != key.AccountID || !bytes.Equal([]byte(signatureOf(want)), []byte(signatureOf(auth))) {
			t.Fatalf("accepted a request the key did not sign: %s %s %q auth=%q", method, path, body, auth)
		}
	})
}

func signatureOf(auth string) string {
	_, sig, _ := strings.Cut(auth, "Signature=")
	return sig
}

// FuzzScope checks the Authorization header reading every request goes
// through against the regular expressions it replaced, which say the same
// in fewer words.
func FuzzScope(f *testing.F) {
	credential := regexp.MustCompile(`Credential=([^/,\s]+)/[^/,\s]*/([^/,\s]+)/`)
	region := regexp.MustCompile(`^[a-z]{2}(-[a-z]+){1,2}-[0-9]+$`)
	account := regexp.MustCompile(`^[0-9]{12}$`)
	for _, auth := range []string{
		"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261129/us-east-1/connect/aws4_request, SignedHeaders=host, Signature=00",
		"AWS4-HMAC-SHA256 Credential=123456789012/20261129/us-gov-west-1/connect/aws4_request",
		"Credential=a//b/", "Credential=/x/us-east-1/", "Credential=a/x/us-east-1", "Credential=a b/x/us-east-1/ Credential=k/d/eu-west-2/",
		"xCredential=k/d/eu-central-1/", "Credential=k/d/us-east-/", "Credential=k/d/US-east-1/", "Credential=k/d/us-east-west-north-1/",
		"Credential=k/d/u-east-1/", "Credential=k/d/us--1/", "Credential=k/d/us-east-1x/", "Credential=k,/d/us-east-1/",
	} {
		f.Add(auth)
	}
	f.Fuzz(func(t *testing.T, auth string) {
		akid, reg, ok := credentialScope(auth)
		m := credential.FindStringSubmatch(auth)
		if ok != (m != nil) || ok && (akid != m[1] || reg != m[2]) {
			t.Fatalf("credentialScope(%q) = %q, %q, %v; the expression finds %q", auth, akid, reg, ok, m)
		}
		if isRegion(auth) != region.MatchString(auth) {
			t.Fatalf("isRegion(%q) = %v", auth, isRegion(auth))
		}
		if isAccountID(auth) != account.MatchString(auth) {
			t.Fatalf("isAccountID(%q) = %v", auth, isAccountID(auth))
		}
		if ok && isRegion(reg) != region.MatchString(reg) {
			t.Fatalf("isRegion(%q) = %v", reg, isRegion(reg))
		}
		if ok && isAccountID(akid) != account.MatchString(akid) {
			t.Fatalf("isAccountID(%q) = %v", akid, isAccountID(akid))
		}
	})
}
