// Command connectd is a local stand-in for Amazon Connect's user
// administration API.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/connectd/connectd/awsapi"
	"github.com/connectd/connectd/connect"
	"github.com/connectd/connectd/model"
	"github.com/connectd/connectd/postgres"
	"github.com/connectd/connectd/sqlite"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "connectd:", err)
		os.Exit(1)
	}
}

const usage = `connectd: a local stand-in for Amazon Connect's user administration API

Usage:
  connectd serve [flags]                        serve the API
  connectd export [--db DB] [--out FILE]        write every record of a store as JSON Lines
                                                (default: to standard output)
  connectd import [--db DB] [--in FILE] [--allow-existing]
                                                load an export into a store, empty unless
                                                --allow-existing (default: from standard input)
  connectd operations                           list the Amazon Connect operations it implements
  connectd version                              print connectd's version and its model's

Run 'connectd <command> -h' for a command's flags.
`

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("no command given")
	}
	switch args[0] {
	case "serve":
		return serve(ctx, args[1:], getenv, stdout, stderr)
	case "export":
		return exportCommand(ctx, args[1:], getenv, stdout, stderr)
	case "import":
		return importCommand(ctx, args[1:], getenv, os.Stdin, stdout, stderr, terminal(stderr))
	case "operations":
		if len(args) > 1 {
			return fmt.Errorf("operations takes no arguments, got %q", args[1])
		}
		for _, name := range awsapi.Operations() {
			fmt.Fprintln(stdout, name)
		}
		return nil
	case "version", "--version":
		if len(args) > 1 {
			return fmt.Errorf("version takes no arguments, got %q", args[1])
		}
		fmt.Fprintf(stdout, "connectd %s, Amazon Connect model from botocore %s\n", version(debug.ReadBuildInfo()), model.BotocoreVersion)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", args[0])
}

// version is connectd's version as the build recorded it: the module's
// version, else the revision it was built from, else "devel".
func version(info *debug.BuildInfo, ok bool) string {
	if !ok {
		return "devel"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var revision, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			revision = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = "+dirty"
			}
		}
	}
	if revision == "" {
		return "devel"
	}
	return revision + modified
}

// newFlagSet makes a subcommand's flag set, whose usage starts with the
// synopsis.
func newFlagSet(name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses a subcommand's arguments, which are flags only. Help
// asked for goes to stdout, as the top-level help does, and done is true.
// After a mistake the usage goes to stderr and the error is returned for
// main to print: the flag package's own copy of it is discarded.
func parseFlags(fs *flag.FlagSet, args []string, stdout, stderr io.Writer) (done bool, err error) {
	fs.SetOutput(io.Discard)
	err = fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		fs.SetOutput(stdout)
		fs.Usage()
		return true, nil
	}
	if err == nil && fs.NArg() > 0 {
		err = fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if err != nil {
		fs.SetOutput(stderr)
		fs.Usage()
		return false, fmt.Errorf("%s: %w", fs.Name(), err)
	}
	return false, nil
}

// serveConfig is what serve's flags set.
type serveConfig struct {
	listen          string
	db              string
	argon2Memory    uint
	argon2Iter      uint
	maxBody         int64
	shutdownTimeout time.Duration
	credentials     string
	dbMaxConns      int
	quotas          connect.Quotas
}

// quotaFlag is a --quota-* flag and the quota it sets.
type quotaFlag struct {
	quota *int
	name  string
	def   int
	what  string
}

// quotaFlags are serve's quota flags, setting q.
func quotaFlags(q *connect.Quotas) []quotaFlag {
	d := connect.DefaultQuotas
	return []quotaFlag{
		{&q.Instances, "quota-instances", d.Instances, "instances per account and region"},
		{&q.Users, "quota-users", d.Users, "users per instance"},
		{&q.SecurityProfiles, "quota-security-profiles", d.SecurityProfiles, "security profiles per instance"},
		{&q.RoutingProfiles, "quota-routing-profiles", d.RoutingProfiles, "routing profiles per instance"},
		{&q.Queues, "quota-queues", d.Queues, "standard queues per instance"},
		{&q.HoursOfOperation, "quota-hours-of-operation", d.HoursOfOperation, "hours of operation per instance"},
		{&q.HierarchyGroups, "quota-hierarchy-groups", d.HierarchyGroups, "hierarchy groups per instance"},
		{&q.SecurityProfilesPerUser, "quota-security-profiles-per-user", d.SecurityProfilesPerUser, "security profiles per user"},
		{&q.TagsPerResource, "quota-tags", d.TagsPerResource, "tags per resource"},
	}
}

// envName is the environment variable that stands for a flag.
func envName(flag string) string {
	return "CONNECTD_" + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

// flagSet defines serve's flags, each defaulting to its CONNECTD_<NAME>
// environment variable when that is set, and naming it in its usage.
func flagSet(cfg *serveConfig, getenv func(string) string) (*flag.FlagSet, error) {
	fs := newFlagSet("serve", "connectd serve [flags]")
	fs.StringVar(&cfg.listen, "listen", "127.0.0.1:4599", "address to listen on")
	fs.StringVar(&cfg.db, "db", "connectd.db", "SQLite database file, :memory: for a throw-away store, or a postgres:// URL")
	fs.IntVar(&cfg.dbMaxConns, "db-max-conns", 16, "PostgreSQL connection pool size")
	fs.UintVar(&cfg.argon2Memory, "argon2-memory", uint(connect.DefaultArgon2.Memory), "argon2id memory per password hash, in KiB")
	fs.UintVar(&cfg.argon2Iter, "argon2-iterations", uint(connect.DefaultArgon2.Iterations), "argon2id iterations per password hash")
	fs.Int64Var(&cfg.maxBody, "max-body-bytes", awsapi.DefaultMaxBodyBytes, "largest request body accepted")
	fs.StringVar(&cfg.credentials, "credentials", "", "JSON file of access keys; when given, every request must be signed by one of them (strict mode)")
	fs.DurationVar(&cfg.shutdownTimeout, "shutdown-timeout", 10*time.Second, "how long to wait for requests in flight on shutdown")
	for _, f := range quotaFlags(&cfg.quotas) {
		fs.IntVar(f.quota, f.name, f.def, "most "+f.what+" (0: unlimited)")
	}
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		env := envName(f.Name)
		f.Usage += " (" + env + ")"
		if v := getenv(env); v != "" && err == nil {
			if e := f.Value.Set(v); e != nil {
				err = fmt.Errorf("%s=%q: %w", env, v, e)
			}
			f.DefValue = v
		}
	})
	return fs, err
}

// check refuses settings no store is opened for.
func (cfg *serveConfig) check() error {
	if cfg.argon2Memory < 8 || cfg.argon2Iter < 1 || cfg.argon2Memory > 1<<22 || cfg.argon2Iter > 100 {
		return errors.New("argon2 parameters out of range: memory 8 KiB to 4 GiB, iterations 1 to 100")
	}
	for _, f := range quotaFlags(&cfg.quotas) {
		if *f.quota < 0 {
			return fmt.Errorf("--%s=%d: a quota cannot be negative (0 is unlimited)", f.name, *f.quota)
		}
	}
	return nil
}

func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg serveConfig
	fs, err := flagSet(&cfg, getenv)
	if err != nil {
		return err
	}
	if done, err := parseFlags(fs, args, stdout, stderr); done || err != nil {
		return err
	}
	if err := cfg.check(); err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	var creds []awsapi.Credential
	if cfg.credentials != "" {
		if creds, err = loadCredentials(cfg.credentials); err != nil {
			return err
		}
	}

	// The collector runs when the heap has grown by one and a half times
	// what is live, not once: a password hash allocates its 19 MiB each
	// time and a page of a thousand users half a megabyte, and each
	// collection marks the caches again. Twice cost 15% more memory at
	// 100,000 users, once a third more CPU per ListUsers page. GOGC, when
	// set, says otherwise.
	if getenv("GOGC") == "" {
		debug.SetGCPercent(150)
	}
	// Parsing the API's model takes as long as opening a store: both at once.
	go model.Load()
	store, created, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	serving := false
	defer func() {
		store.Close()
		// A start that failed leaves no database behind that it created.
		if created && !serving {
			removeSQLite(cfg.db)
		}
	}()
	svc := connect.NewService(store, connect.Options{
		Argon2: connect.Argon2Params{Memory: uint32(cfg.argon2Memory), Iterations: uint32(cfg.argon2Iter), Threads: 1},
		Quotas: cfg.quotas,
	})
	api, err := awsapi.NewServer(svc, awsapi.Options{Logger: logger, MaxBodyBytes: cfg.maxBody, Credentials: creds})
	if err != nil {
		return err
	}

	ln, err := net.Listen("tcp", cfg.listen)
	if err != nil {
		return err
	}
	serving = true
	srv := &http.Server{
		Handler:           api,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	endpoint, everywhere := reachableURL(ln.Addr())
	fmt.Fprintf(stdout, "connectd listening on %s\n", endpoint)
	if everywhere {
		fmt.Fprintf(stdout, "listening on every address of this machine (%s), not only the loopback one\n", ln.Addr())
	}
	fmt.Fprintf(stdout, "store: %s\n", storeName(cfg.db))
	if creds != nil {
		fmt.Fprintf(stdout, "signatures: verified (strict mode: %d access keys from %s)\n", len(creds), cfg.credentials)
	} else {
		fmt.Fprintln(stdout, "signatures: not verified (permissive mode: any credentials are accepted; --credentials turns on strict mode)")
	}

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), cfg.shutdownTimeout)
	defer cancel()
	err = srv.Shutdown(shutdownCtx)
	fmt.Fprintln(stdout, "connectd stopped")
	return err
}

// reachableURL is a URL that a client on this machine can use for the
// address the server listens on: a wildcard address (every address,
// everywhere is true) is reached through the loopback one.
func reachableURL(addr net.Addr) (endpoint string, everywhere bool) {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok || !tcp.IP.IsUnspecified() {
		return "http://" + addr.String(), false
	}
	return "http://" + net.JoinHostPort("127.0.0.1", strconv.Itoa(tcp.Port)), true
}

// credentialForm is an entry of a strict-mode credentials file, which is a
// JSON array of them, as its errors show it.
const credentialForm = `{"accessKeyId": "...", "secretAccessKey": "...", "accountId": "<12 digits>"}`

// loadCredentials reads a strict-mode credentials file. Its errors name
// the entry at fault and say what is wrong in the file's own terms.
func loadCredentials(path string) ([]awsapi.Credential, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var entries []json.RawMessage
	if err := json.Unmarshal(b, &entries); err != nil {
		return nil, fmt.Errorf("%s: %s; the file must hold a JSON array of objects %s", path, jsonProblem(b, err, "an array"), credentialForm)
	}
	if len(entries) == 0 {
		return nil, fmt.Errorf("%s: no credentials; the file must hold a JSON array of objects %s", path, credentialForm)
	}
	creds := make([]awsapi.Credential, len(entries))
	seen := map[string]bool{}
	for i, entry := range entries {
		dec := json.NewDecoder(bytes.NewReader(entry))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&creds[i]); err != nil {
			return nil, fmt.Errorf("%s: entry %d: %s; each entry must be %s", path, i+1, jsonProblem(entry, err, "an object"), credentialForm)
		}
		c := creds[i]
		switch {
		case c.AccessKeyID == "" || c.SecretAccessKey == "":
			return nil, fmt.Errorf("%s: entry %d needs accessKeyId and secretAccessKey", path, i+1)
		case !twelveDigits(c.AccountID):
			return nil, fmt.Errorf("%s: entry %d: accountId must be 12 digits", path, i+1)
		case seen[c.AccessKeyID]:
			return nil, fmt.Errorf("%s: access key %s is listed twice", path, c.AccessKeyID)
		}
		seen[c.AccessKeyID] = true
	}
	return creds, nil
}

// jsonProblem says what encoding/json found wrong with doc, which should
// be want ("an array", "an object"), without Go's names for types: where
// the JSON breaks, or which value has the wrong kind.
func jsonProblem(doc []byte, err error, want string) string {
	var syntax *json.SyntaxError
	var kind *json.UnmarshalTypeError
	switch {
	case len(bytes.TrimSpace(doc)) == 0:
		return "it is empty"
	case errors.As(err, &syntax) && int(syntax.Offset) >= len(doc):
		return "not valid JSON: it ends too early"
	case errors.As(err, &syntax):
		before := doc[:max(syntax.Offset-1, 0)]
		line := bytes.Count(before, []byte("\n")) + 1
		column := len(before) - bytes.LastIndexByte(before, '\n')
		return fmt.Sprintf("not valid JSON at line %d, column %d: %v", line, column, syntax)
	case errors.As(err, &kind) && kind.Field != "":
		return fmt.Sprintf("%s is a JSON %s, not a string", kind.Field, kind.Value)
	case errors.As(err, &kind):
		return fmt.Sprintf("it is a JSON %s, not %s", kind.Value, want)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return "unknown field " + strings.TrimPrefix(err.Error(), "json: unknown field ")
	}
	return err.Error()
}

func twelveDigits(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func isPostgres(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

// openStore opens the store cfg.db names; created says it is a SQLite
// file that did not exist before.
func openStore(ctx context.Context, cfg serveConfig) (store connect.Store, created bool, err error) {
	switch {
	case isPostgres(cfg.db):
		if cfg.dbMaxConns < 1 {
			return nil, false, errors.New("--db-max-conns must be at least 1")
		}
		store, err = postgres.Open(ctx, cfg.db, postgres.Options{MaxConns: int32(cfg.dbMaxConns)})
	case cfg.db == sqlite.Memory:
		store, err = sqlite.Open(cfg.db)
	default:
		return openSQLite(cfg.db)
	}
	if err != nil {
		return nil, false, err
	}
	return store, false, nil
}

// storeName says which store serves, never printing a password.
func storeName(db string) string {
	switch {
	case db == sqlite.Memory:
		return "sqlite " + db + " (nothing is kept after exit)"
	case isPostgres(db):
		u, err := url.Parse(db)
		if err != nil {
			return "postgres"
		}
		return "postgres " + u.Redacted()
	}
	return "sqlite " + strconv.Quote(db)
}
