// Package connecttest runs connectd in-process for Go tests: an httptest
// server on a free loopback port over an in-memory store, and an
// aws-sdk-go-v2 Connect client pointed at it.
//
//	srv := connecttest.New(t)
//	client := srv.Client()
//	out, err := client.CreateInstance(ctx, &connect.CreateInstanceInput{...})
package connecttest

import (
	"context"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awsconnect "github.com/aws/aws-sdk-go-v2/service/connect"

	"github.com/connectd/connectd/awsapi"
	"github.com/connectd/connectd/connect"
	"github.com/connectd/connectd/postgres"
	"github.com/connectd/connectd/postgres/pgtest"
	"github.com/connectd/connectd/sqlite"
)

// TestArgon2 is a deliberately cheap argon2id cost, so that suites creating
// many users with passwords stay fast. Never use it outside tests.
var TestArgon2 = connect.Argon2Params{Memory: 64, Iterations: 1, Threads: 1}

// EnvStore selects the store of servers New makes: unset or "sqlite" is a
// fresh in-memory SQLite database; "postgres" is a fresh schema of the
// PostgreSQL database named by pgtest.EnvDSN, so that a whole suite runs on
// PostgreSQL as it does on SQLite.
const EnvStore = "CONNECTD_TEST_STORE"

func newStore(t testing.TB) connect.Store {
	var store connect.Store
	var err error
	switch kind := os.Getenv(EnvStore); kind {
	case "", "sqlite":
		store, err = sqlite.Open(sqlite.Memory)
	case "postgres":
		if os.Getenv(pgtest.EnvDSN) == "" {
			t.Fatalf("connecttest: %s=postgres needs %s", EnvStore, pgtest.EnvDSN)
		}
		_, dsn := pgtest.FreshSchema(t)
		store, err = postgres.Open(context.Background(), dsn, postgres.Options{MaxConns: 8})
	default:
		t.Fatalf("connecttest: %s=%q: want sqlite or postgres", EnvStore, kind)
	}
	if err != nil {
		t.Fatalf("connecttest: %v", err)
	}
	t.Cleanup(func() { store.Close() })
	return store
}

// Server is a running in-process connectd.
type Server struct {
	// URL is the server's base URL, for an SDK's BaseEndpoint.
	URL   string
	Store connect.Store
	http  *httptest.Server
}

// Option changes how New builds the server.
type Option func(*config)

type config struct {
	store  connect.Store
	argon2 connect.Argon2Params
	quotas connect.Quotas
	opts   awsapi.Options
}

// WithStore serves store instead of a fresh in-memory one. The caller
// closes it.
func WithStore(store connect.Store) Option { return func(c *config) { c.store = store } }

// WithArgon2 sets the password hashing cost (TestArgon2 by default).
func WithArgon2(p connect.Argon2Params) Option { return func(c *config) { c.argon2 = p } }

// WithQuotas sets the service quotas (AWS's defaults, connect.DefaultQuotas,
// unless given; 0 in a field is unlimited).
func WithQuotas(q connect.Quotas) Option { return func(c *config) { c.quotas = q } }

// WithCredentials turns on strict mode with these keys. Use ClientWithKey
// for clients that sign with one of them.
func WithCredentials(creds ...awsapi.Credential) Option {
	return func(c *config) { c.opts.Credentials = creds }
}

// WithOptions sets the protocol layer's options.
func WithOptions(o awsapi.Options) Option { return func(c *config) { c.opts = o } }

// New starts a server that stops when the test ends.
func New(t testing.TB, opts ...Option) *Server {
	t.Helper()
	cfg := config{argon2: TestArgon2, quotas: connect.DefaultQuotas}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.store == nil {
		cfg.store = newStore(t)
	}
	api, err := awsapi.NewServer(connect.NewService(cfg.store, connect.Options{Argon2: cfg.argon2, Quotas: cfg.quotas}), cfg.opts)
	if err != nil {
		t.Fatalf("connecttest: %v", err)
	}
	hs := httptest.NewServer(api)
	t.Cleanup(hs.Close)
	return &Server{URL: hs.URL, Store: cfg.store, http: hs}
}

// Client returns a Connect client for the server, signing as the account
// 123456789012 in us-east-1.
func (s *Server) Client() *awsconnect.Client {
	return s.ClientFor("123456789012", "us-east-1")
}

// ClientFor returns a client that acts as an account (a 12-digit access
// key ID is the account) in a region, in permissive mode.
func (s *Server) ClientFor(account, region string) *awsconnect.Client {
	return s.ClientWithKey(account, "connectd-test-secret", region)
}

// ClientWithKey returns a client that signs with an access key, in a region.
func (s *Server) ClientWithKey(accessKeyID, secretAccessKey, region string) *awsconnect.Client {
	return awsconnect.New(awsconnect.Options{
		Region:       region,
		BaseEndpoint: aws.String(s.URL),
		Credentials:  credentials.NewStaticCredentialsProvider(accessKeyID, secretAccessKey, ""),
		HTTPClient:   s.http.Client(),
	})
}
