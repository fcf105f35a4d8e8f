package awsapi

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/connectd/connectd/connect"
)

// Credential is an access key strict mode accepts, and the account it
// acts as.
type Credential struct {
	AccessKeyID     string `json:"accessKeyId"`
	SecretAccessKey string `json:"secretAccessKey"`
	AccountID       string `json:"accountId"`
}

// MaxClockSkew is how far a request's signing time may be from the
// server's clock, as AWS allows.
const MaxClockSkew = 15 * time.Minute

const amzDateFormat = "20060102T150405Z"

// authorization is a parsed SigV4 Authorization header.
type authorization struct {
	accessKey, date, region, service string
	signedHeaders                    []string
	signature                        string
}

var authHeader = regexp.MustCompile(`^AWS4-HMAC-SHA256 Credential=([^/,\s]+)/(\d{8})/([^/,\s]+)/([^/,\s]+)/aws4_request,\s*SignedHeaders=([a-z0-9\-;]+),\s*Signature=([0-9a-f]{64})$`)

func parseAuthorization(h string) (authorization, bool) {
	m := authHeader.FindStringSubmatch(h)
	if m == nil {
		return authorization{}, false
	}
	return authorization{m[1], m[2], m[3], m[4], strings.Split(m[5], ";"), m[6]}, true
}

// verifier checks SigV4 signatures by signing the request again with AWS's
// own signer and comparing. It never writes its own HMAC chain.
type verifier struct {
	keys map[string]Credential
	now  func() time.Time
}

func newVerifier(creds []Credential) *verifier {
	v := &verifier{keys: map[string]Credential{}, now: time.Now}
	for _, c := range creds {
		v.keys[c.AccessKeyID] = c
	}
	return v
}

var (
	errMissingToken = connect.Errorf(connect.MissingAuthToken, "Missing Authentication Token")
	errUnknownKey   = connect.Errorf(connect.UnrecognizedClient, "The security token included in the request is invalid.")
	errBadSignature = connect.Errorf(connect.InvalidSignature, "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.")
)

// verify returns the scope of a correctly signed request, or the error AWS
// gives for it.
func (v *verifier) verify(r *http.Request, body []byte) (connect.Scope, error) {
	header := r.Header.Get("Authorization")
	if header == "" {
		return connect.Scope{}, errMissingToken
	}
	auth, ok := parseAuthorization(header)
	if !ok {
		return connect.Scope{}, connect.Errorf(connect.IncompleteSignature, "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters of AWS4-HMAC-SHA256.")
	}
	cred, ok := v.keys[auth.accessKey]
	if !ok {
		return connect.Scope{}, errUnknownKey
	}
	if auth.service != "connect" {
		return connect.Scope{}, connect.Errorf(connect.InvalidSignature, "Credential should be scoped to correct service: 'connect'.")
	}
	if !isRegion(auth.region) {
		return connect.Scope{}, connect.Errorf(connect.InvalidSignature, "Credential should be scoped to a valid region.")
	}
	signedAt, err := time.Parse(amzDateFormat, r.Header.Get("X-Amz-Date"))
	if err != nil || signedAt.Format("20060102") != auth.date {
		return connect.Scope{}, connect.Errorf(connect.IncompleteSignature, "The request must carry an X-Amz-Date header matching its credential scope.")
	}
	now := v.now().UTC()
	if now.Sub(signedAt) > MaxClockSkew {
		return connect.Scope{}, connect.Errorf(connect.InvalidSignature, "Signature expired: %s is now earlier than %s (%s - 15 min.)",
			signedAt.Format(amzDateFormat), now.Add(-MaxClockSkew).Format(amzDateFormat), now.Format(amzDateFormat))
	}
	if signedAt.Sub(now) > MaxClockSkew {
		return connect.Scope{}, connect.Errorf(connect.InvalidSignature, "Signature not yet current: %s is still later than %s (%s + 15 min.)",
			signedAt.Format(amzDateFormat), now.Add(MaxClockSkew).Format(amzDateFormat), now.Format(amzDateFormat))
	}

	// The signer canonicalises the query by parsing it, dropping pairs it
	// cannot parse: a query with such pairs is more than what was signed.
	if _, err := url.ParseQuery(r.URL.RawQuery); err != nil {
		return connect.Scope{}, errBadSignature
	}
	// Rebuild the request from what the client signed, sign it with the
	// key's secret, and compare.
	again := &http.Request{
		Method: r.Method,
		URL:    &url.URL{Scheme: "http", Host: r.Host, Path: r.URL.Path, RawPath: r.URL.RawPath, RawQuery: r.URL.RawQuery},
		Host:   r.Host,
		Header: http.Header{},
	}
	for _, h := range auth.signedHeaders {
		switch h {
		case "host":
		case "content-length":
			again.ContentLength = int64(len(body))
		default:
			values := r.Header.Values(h)
			if len(values) == 0 {
				return connect.Scope{}, errBadSignature
			}
			again.Header[http.CanonicalHeaderKey(h)] = values
		}
	}
	sum := sha256.Sum256(body)
	err = v4.NewSigner().SignHTTP(r.Context(), aws.Credentials{AccessKeyID: cred.AccessKeyID, SecretAccessKey: cred.SecretAccessKey},
		again, hex.EncodeToString(sum[:]), auth.service, auth.region, signedAt)
	if err != nil {
		return connect.Scope{}, errBadSignature
	}
	want, ok := parseAuthorization(again.Header.Get("Authorization"))
	if !ok || strings.Join(want.signedHeaders, ";") != strings.Join(auth.signedHeaders, ";") ||
		subtle.ConstantTimeCompare([]byte(want.signature), []byte(auth.signature)) != 1 {
		return connect.Scope{}, errBadSignature
	}
	return connect.ScopeFor(cred.AccountID, auth.region), nil
}
