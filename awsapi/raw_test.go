package awsapi_test

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"

	"github.com/connectd/connectd/connecttest"
)

// rawResponse is an answer to a hand-built request.
type rawResponse struct {
	status int
	header http.Header
	body   []byte
}

// errorType is the AWS error the answer carries, as clients read it.
func (r rawResponse) errorType() string { return r.header.Get("X-Amzn-ErrorType") }

func (r rawResponse) message() string {
	var e struct{ Message string }
	json.Unmarshal(r.body, &e)
	return e.Message
}

// send signs a request as the SDK would (SigV4, service connect) and sends
// it: for input the SDK refuses to send.
func send(t *testing.T, srv *connecttest.Server, method, path string, body []byte) rawResponse {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	sum := sha256.Sum256(body)
	creds := aws.Credentials{AccessKeyID: "123456789012", SecretAccessKey: "connectd-test-secret"}
	if err := v4.NewSigner().SignHTTP(ctx, creds, req, hex.EncodeToString(sum[:]), "connect", "us-east-1", time.Now()); err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return rawResponse{resp.StatusCode, resp.Header, b}
}

// sendText sends a body given as text; "" sends none.
func sendText(t *testing.T, srv *connecttest.Server, method, path, body string) rawResponse {
	t.Helper()
	if body == "" {
		return send(t, srv, method, path, nil)
	}
	return send(t, srv, method, path, []byte(body))
}

func TestWireDetails(t *testing.T) {
	f := newFixture(t, types.DirectoryTypeConnectManaged)
	user := `"SecurityProfileIds":["` + f.profiles["Agent"] + `"],"RoutingProfileId":"` + f.routing + `"`
	cases := []struct {
		name, method, path, body string
		status                   int
		errType, frag            string
	}{
		{"malformed JSON", "PUT", "/users/" + f.instance, `{"Username": "x",`, 400, "SerializationException", "not a valid JSON object"},
		{"array body", "PUT", "/users/" + f.instance, `[1,2]`, 400, "SerializationException", ""},
		{"wrong type", "PUT", "/users/" + f.instance, `{"Username": 42, ` + user + `}`, 400, "SerializationException", "'username'"},
		{"wrong nested type", "PUT", "/users/" + f.instance, `{"Username": "u", "IdentityInfo": {"FirstName": true}, ` + user + `}`, 400, "SerializationException", "'identityInfo.firstName'"},
		{"fractional integer", "PUT", "/users/" + f.instance, `{"Username": "u", "PhoneConfig": {"AfterContactWorkTimeLimit": 1.5}, ` + user + `}`, 400, "SerializationException", "afterContactWorkTimeLimit"},
		{"trailing data", "PUT", "/users/" + f.instance, `{"Username": "u"} {}`, 400, "SerializationException", ""},
		{"missing required", "PUT", "/users/" + f.instance, `{` + user + `}`, 400, "InvalidParameterException", "Value null at 'username' failed to satisfy constraint: Member must not be null"},
		{"max results zero", "GET", "/users-summary/" + f.instance + "?maxResults=0", "", 400, "InvalidParameterException", "'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1"},
		{"max results not a number", "GET", "/users-summary/" + f.instance + "?maxResults=ten", "", 400, "SerializationException", "maxResults"},
		{"bad next token", "GET", "/users-summary/" + f.instance + "?nextToken=!!!", "", 400, "InvalidParameterException", "nextToken"},
		{"unknown path", "GET", "/no/such/operation", "", 404, "UnknownOperationException", "/no/such/operation"},
		{"unknown method", "PATCH", "/users/" + f.instance, "", 404, "UnknownOperationException", ""},
		{"real but not implemented", "GET", "/contact-flows-summary/" + f.instance, "", 501, "NotImplementedException", "ListContactFlows"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := sendText(t, f.srv, c.method, c.path, c.body)
			if r.status != c.status || r.errorType() != c.errType || !strings.Contains(r.message(), c.frag) {
				t.Errorf("got %d %s %s; want %d %s with %q", r.status, r.errorType(), r.body, c.status, c.errType, c.frag)
			}
			var shaped struct {
				Type string `json:"__type"`
			}
			if json.Unmarshal(r.body, &shaped) != nil || shaped.Type != c.errType {
				t.Errorf("body is not AWS-shaped: %s", r.body)
			}
			if r.header.Get("x-amzn-RequestId") == "" {
				t.Error("no x-amzn-RequestId")
			}
		})
	}
	if names := f.usernames(t); len(names) != 0 {
		t.Errorf("refused requests stored users: %v", names)
	}

	// Successful answers carry a request ID too, and epoch-second times.
	r := send(t, f.srv, "GET", "/instance/"+f.instance, nil)
	if r.status != 200 || r.header.Get("x-amzn-RequestId") == "" || !bytes.Contains(r.body, []byte(`"CreatedTime":1`)) {
		t.Errorf("DescribeInstance: %d %v %s", r.status, r.header, r.body)
	}
	// An instance ARN in the path arrives percent-encoded.
	r = send(t, f.srv, "GET", "/users-summary/"+strings.NewReplacer(":", "%3A", "/", "%2F").Replace(f.arn), nil)
	if r.status != 200 {
		t.Errorf("ListUsers by escaped ARN: %d %s", r.status, r.body)
	}
}

// sendBytes writes a request as it is, byte for byte, for what no HTTP
// client would send, and reads the answer.
func sendBytes(t *testing.T, srv *connecttest.Server, request string) rawResponse {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(srv.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(conn, request); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return rawResponse{resp.StatusCode, resp.Header, b}
}

func TestBadPercentEncoding(t *testing.T) {
	f := newFixture(t, types.DirectoryTypeConnectManaged)
	for _, c := range []struct {
		target  string
		status  int
		errType string
	}{
		{"/users-summary/" + f.instance + "?nextToken=%zz", 400, "SerializationException"},
		{"/users/" + f.instance + "/%2E%2E%2F..%2Fetc", 404, "ResourceNotFoundException"},
		// %C0%AF, an overlong '/', is not UTF-8.
		{"/users/" + f.instance + "/%C0%AF..%2F..%2Fetc", 400, "SerializationException"},
		// Go's HTTP server refuses a request target it cannot parse before
		// any handler runs: a plain 400, not an AWS-shaped one.
		{"/users-summary/%zz", 400, ""},
	} {
		r := sendBytes(t, f.srv, "GET "+c.target+" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
		if r.status != c.status || r.errorType() != c.errType {
			t.Errorf("GET %s: %d %s %s; want %d %s", c.target, r.status, r.errorType(), r.body, c.status, c.errType)
		}
	}
}

func TestUnsignedRequestsUseDefaultScope(t *testing.T) {
	f := newFixture(t, types.DirectoryTypeConnectManaged)
	resp, err := http.Get(f.srv.URL + "/instance/" + f.instance)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("unsigned DescribeInstance of the default account's instance: %d", resp.StatusCode)
	}
}

func TestMemberNamesAreCaseSensitive(t *testing.T) {
	f := newFixture(t, types.DirectoryTypeSaml)
	body := `{"Username":"right","username":"wrong","IdentityInfo":{"FirstName":"A","LastName":"B"},"SecurityProfileIds":["` +
		f.profiles["Agent"] + `"],"RoutingProfileId":"` + f.routing + `"}`
	if r := send(t, f.srv, "PUT", "/users/"+f.instance, []byte(body)); r.status != 200 {
		t.Fatalf("CreateUser: %d %s", r.status, r.body)
	}
	if names := f.usernames(t); len(names) != 1 || names[0] != "right" {
		t.Errorf("usernames %v, want [right]", names)
	}
	body = `{"username":"lower","SecurityProfileIds":["` + f.profiles["Agent"] + `"],"RoutingProfileId":"` + f.routing + `"}`
	if r := send(t, f.srv, "PUT", "/users/"+f.instance, []byte(body)); r.errorType() != "InvalidParameterException" {
		t.Errorf("a lower-case member name stood in for Username: %d %s", r.status, r.body)
	}
}
