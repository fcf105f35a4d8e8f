package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awsconnect "github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"

	"github.com/connectd/connectd/connect"
	"github.com/connectd/connectd/postgres/pgtest"
	"github.com/connectd/connectd/snapshot"
)

// runCmd runs connectd with args and no environment but env, and returns
// what it wrote to stdout and stderr.
func runCmd(t *testing.T, env map[string]string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = run(context.Background(), args, func(k string) string { return env[k] }, &out, &errOut)
	return out.String(), errOut.String(), err
}

// mustRun runs connectd and fails the test if it fails.
func mustRun(t *testing.T, args ...string) (stdout, stderr string) {
	t.Helper()
	stdout, stderr, err := runCmd(t, nil, args...)
	if err != nil {
		t.Fatalf("connectd %s: %v\n%s", strings.Join(args, " "), err, stderr)
	}
	return stdout, stderr
}

// importFrom runs connectd import reading input as its standard input.
func importFrom(t *testing.T, input string, args ...string) (stderr string, err error) {
	t.Helper()
	var errOut bytes.Buffer
	err = importCommand(context.Background(), args, func(string) string { return "" }, strings.NewReader(input), io.Discard, &errOut, nil)
	return errOut.String(), err
}

// serveArgs serves a store on a free port, hashing passwords cheaply.
func serveArgs(db string) []string {
	return []string{"--listen", "127.0.0.1:0", "--db", db, "--argon2-memory", "8", "--argon2-iterations", "1"}
}

func sdkClient(url, account, region string) *awsconnect.Client {
	return awsconnect.New(awsconnect.Options{
		Region:       region,
		BaseEndpoint: aws.String(url),
		Credentials:  credentials.NewStaticCredentialsProvider(account, "anything", ""),
	})
}

// transferScopes are the accounts and regions the round trip fills.
var transferScopes = []connect.Scope{connect.ScopeFor("123456789012", "us-east-1"), connect.ScopeFor("210987654321", "eu-west-2")}

// seed creates, through the API, an instance in each scope with users who
// have passwords and tags, and returns each user's password by key.
func seed(t *testing.T, url string) map[connect.Key]string {
	t.Helper()
	ctx := context.Background()
	passwords := map[connect.Key]string{}
	for n, sc := range transferScopes {
		client := sdkClient(url, sc.Account, sc.Region)
		inst, err := client.CreateInstance(ctx, &awsconnect.CreateInstanceInput{
			IdentityManagementType: types.DirectoryTypeConnectManaged,
			InstanceAlias:          aws.String(fmt.Sprintf("transfer-%d", n)),
			InboundCallsEnabled:    aws.Bool(true),
			OutboundCallsEnabled:   aws.Bool(n == 0),
			ClientToken:            aws.String(fmt.Sprintf("token-%d", n)),
			Tags:                   map[string]string{"env": "test", "n": fmt.Sprint(n)},
		})
		if err != nil {
			t.Fatalf("CreateInstance: %v", err)
		}
		profiles := map[string]string{}
		sps, err := client.ListSecurityProfiles(ctx, &awsconnect.ListSecurityProfilesInput{InstanceId: inst.Id})
		if err != nil {
			t.Fatal(err)
		}
		for _, sp := range sps.SecurityProfileSummaryList {
			profiles[*sp.Name] = *sp.Id
		}
		rps, err := client.ListRoutingProfiles(ctx, &awsconnect.ListRoutingProfilesInput{InstanceId: inst.Id})
		if err != nil || len(rps.RoutingProfileSummaryList) == 0 {
			t.Fatalf("ListRoutingProfiles: %v", err)
		}
		users := []struct {
			name     string
			profiles []string
			tags     map[string]string
		}{
			{"alice", []string{"Admin", "Agent"}, map[string]string{"team": "blue", "cost-centre": "42"}},
			{"bob.smith", []string{"Agent"}, map[string]string{"team": "<red & green>"}},
			{"carol@example.com", []string{"CallCenterManager"}, nil},
		}[:3-n]
		for _, u := range users {
			var ids []string
			for _, p := range u.profiles {
				ids = append(ids, profiles[p])
			}
			password := "Pw-" + u.name + "-1a"
			out, err := client.CreateUser(ctx, &awsconnect.CreateUserInput{
				InstanceId:         inst.Id,
				Username:           aws.String(u.name),
				Password:           aws.String(password),
				IdentityInfo:       &types.UserIdentityInfo{FirstName: aws.String("Zoë"), LastName: aws.String(u.name), Email: aws.String("x@example.com")},
				PhoneConfig:        &types.UserPhoneConfig{PhoneType: types.PhoneTypeSoftPhone, AfterContactWorkTimeLimit: 30},
				SecurityProfileIds: ids,
				RoutingProfileId:   rps.RoutingProfileSummaryList[0].Id,
				Tags:               u.tags,
			})
			if err != nil {
				t.Fatalf("CreateUser %s: %v", u.name, err)
			}
			passwords[connect.Key{Scope: sc, Kind: connect.KindUser, ID: *out.UserId}] = password
		}
	}
	return passwords
}

// apiView is everything the API shows of the scopes, as JSON: every
// resource as its List and Describe operations give it.
func apiView(t *testing.T, url string) string {
	t.Helper()
	ctx := context.Background()
	view := map[string]any{}
	add := func(key string, v any, next *string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", key, err)
		}
		if next != nil {
			t.Fatalf("%s: more than one page", key)
		}
		view[key] = v
	}
	for _, sc := range transferScopes {
		client := sdkClient(url, sc.Account, sc.Region)
		p := sc.Account + "/" + sc.Region + "/"
		insts, err := client.ListInstances(ctx, &awsconnect.ListInstancesInput{})
		add(p+"instances", insts.InstanceSummaryList, insts.NextToken, err)
		for _, inst := range insts.InstanceSummaryList {
			id := inst.Id
			p := p + *id + "/"
			d, err := client.DescribeInstance(ctx, &awsconnect.DescribeInstanceInput{InstanceId: id})
			add(p+"instance", d.Instance, nil, err)

			users, err := client.ListUsers(ctx, &awsconnect.ListUsersInput{InstanceId: id})
			add(p+"users", users.UserSummaryList, users.NextToken, err)
			for _, u := range users.UserSummaryList {
				d, err := client.DescribeUser(ctx, &awsconnect.DescribeUserInput{InstanceId: id, UserId: u.Id})
				add(p+"user/"+*u.Id, d.User, nil, err)
			}
			sps, err := client.ListSecurityProfiles(ctx, &awsconnect.ListSecurityProfilesInput{InstanceId: id})
			add(p+"security-profiles", sps.SecurityProfileSummaryList, sps.NextToken, err)
			for _, sp := range sps.SecurityProfileSummaryList {
				d, err := client.DescribeSecurityProfile(ctx, &awsconnect.DescribeSecurityProfileInput{InstanceId: id, SecurityProfileId: sp.Id})
				add(p+"security-profile/"+*sp.Id, d.SecurityProfile, nil, err)
			}
			rps, err := client.ListRoutingProfiles(ctx, &awsconnect.ListRoutingProfilesInput{InstanceId: id})
			add(p+"routing-profiles", rps.RoutingProfileSummaryList, rps.NextToken, err)
			for _, rp := range rps.RoutingProfileSummaryList {
				d, err := client.DescribeRoutingProfile(ctx, &awsconnect.DescribeRoutingProfileInput{InstanceId: id, RoutingProfileId: rp.Id})
				add(p+"routing-profile/"+*rp.Id, d.RoutingProfile, nil, err)
			}
			qs, err := client.ListQueues(ctx, &awsconnect.ListQueuesInput{InstanceId: id, QueueTypes: []types.QueueType{types.QueueTypeStandard, types.QueueTypeAgent}})
			add(p+"queues", qs.QueueSummaryList, qs.NextToken, err)
			hs, err := client.ListHoursOfOperations(ctx, &awsconnect.ListHoursOfOperationsInput{InstanceId: id})
			add(p+"hours", hs.HoursOfOperationSummaryList, hs.NextToken, err)
			for _, h := range hs.HoursOfOperationSummaryList {
				d, err := client.DescribeHoursOfOperation(ctx, &awsconnect.DescribeHoursOfOperationInput{InstanceId: id, HoursOfOperationId: h.Id})
				add(p+"hours/"+*h.Id, d.HoursOfOperation, nil, err)
			}
		}
	}
	b, err := json.MarshalIndent(view, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// firstDiff shows where two texts part.
func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n  want %s\n  got  %s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("want %d lines, got %d", len(al), len(bl))
}

// countRecords counts a store's records through connectd export.
func countRecords(t *testing.T, db string) int {
	t.Helper()
	out, _ := mustRun(t, "export", "--db", db)
	return strings.Count(out, "\n") - 1
}

// TestExportImportRoundTrip fills a SQLite store through the API, exports
// it, imports the export into a fresh SQLite file and a fresh PostgreSQL
// schema, and checks each target shows the API the same resources and
// keeps the passwords.
func TestExportImportRoundTrip(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src.db")
	url, stop := start(t, serveArgs(src), nil)
	passwords := seed(t, url)
	want := apiView(t, url)
	stop()

	dump := filepath.Join(dir, "dump.jsonl")
	_, stderr := mustRun(t, "export", "--db", src, "--out", dump)
	exported, err := os.ReadFile(dump)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(exported), "\n"), "\n")
	// Per scope: the instance, its client token, 4 security profiles,
	// hours, a queue, a routing profile, and each user with an agent queue.
	if n := len(lines) - 1; n != 2*9+2*5 {
		t.Errorf("exported %d records, want %d", n, 2*9+2*5)
	}
	if want := fmt.Sprintf("connectd export: wrote %d records from sqlite %q to %q\n", len(lines)-1, src, dump); stderr != want {
		t.Errorf("export said %q, want %q", stderr, want)
	}
	if lines[0] != `{"connectd":"export","version":1}` {
		t.Errorf("header %s", lines[0])
	}
	if fi, err := os.Stat(dump); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("export file mode: %v %v", fi.Mode(), err)
	}
	if tmps, _ := filepath.Glob(filepath.Join(dir, "*.tmp")); len(tmps) != 0 {
		t.Errorf("export left files behind: %v", tmps)
	}
	hashes := 0
	for _, l := range lines[1:] {
		var r struct {
			Kind   string
			Doc    json.RawMessage
			Secret []byte
		}
		if err := json.Unmarshal([]byte(l), &r); err != nil || r.Doc[0] != '{' {
			t.Fatalf("record line %s: %v", l, err)
		}
		if r.Kind == "user" {
			if !strings.HasPrefix(string(r.Secret), "$argon2id$") {
				t.Errorf("a user's secret is not an argon2id hash: %q", r.Secret)
			}
			hashes++
		}
	}
	if hashes != len(passwords) {
		t.Errorf("%d password hashes exported, want %d", hashes, len(passwords))
	}
	for _, pw := range passwords {
		if strings.Contains(string(exported), pw) || strings.Contains(string(exported), base64.StdEncoding.EncodeToString([]byte(pw))) {
			t.Errorf("the export holds the password %q", pw)
		}
	}

	targets := []struct {
		name string
		db   func(t *testing.T) string
	}{
		{"sqlite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "dst.db") }},
		{"postgres", func(t *testing.T) string { _, dsn := pgtest.FreshSchema(t); return dsn }},
	}
	for _, target := range targets {
		t.Run(target.name, func(t *testing.T) {
			db := target.db(t)
			_, stderr := mustRun(t, "import", "--db", db, "--in", dump)
			if !strings.HasPrefix(stderr, fmt.Sprintf("connectd import: imported %d records from %q into %s ", len(lines)-1, dump, target.name)) {
				t.Errorf("import said %q", stderr)
			}
			if target.name == "postgres" && !strings.Contains(stderr, "search_path=connectd_test") {
				t.Errorf("import does not name the PostgreSQL database: %q", stderr)
			}

			// Exported again, the same bytes.
			again, _ := mustRun(t, "export", "--db", db)
			if again != string(exported) {
				t.Errorf("export after import differs: %s", firstDiff(string(exported), again))
			}

			// The password hashes verify against the passwords.
			store, _, err := openStore(context.Background(), serveConfig{db: db, dbMaxConns: 2})
			if err != nil {
				t.Fatal(err)
			}
			for key, pw := range passwords {
				rec, err := store.Get(context.Background(), key)
				if err != nil {
					t.Errorf("user %s: %v", key.ID, err)
					continue
				}
				if !connect.VerifyPassword(rec.PasswordHash, pw) || connect.VerifyPassword(rec.PasswordHash, pw+"x") {
					t.Errorf("user %s: the imported hash does not check the password", key.ID)
				}
			}
			store.Close()

			url, stop := start(t, serveArgs(db), nil)
			if got := apiView(t, url); got != want {
				t.Errorf("the API shows the import differently: %s", firstDiff(want, got))
			}
			stop()
		})
	}
}

// Hand-written records, in the exact form export writes.
const (
	header      = `{"connectd":"export","version":1}` + "\n"
	instanceRec = `{"account":"123456789012","region":"us-east-1","kind":"instance","id":"i1","instanceId":"","name":"alias","arn":"arn:i1","modified":1700000000123,"doc":{"Id":"i1","Note":"<&>"}}` + "\n"
	aliceRec    = `{"account":"123456789012","region":"us-east-1","kind":"user","id":"u1","instanceId":"i1","name":"alice","arn":"arn:u1","modified":1700000000124,"doc":{"Id":"u1"},"secret":"JGFyZ29uMmlkJHY9MTkkbT02NCx0PTEscD0xJGMyRnNkQSRhR0Z6YUE="}` + "\n"
)

func user(id, name string) string {
	return `{"account":"123456789012","region":"us-east-1","kind":"user","id":"` + id + `","instanceId":"i1","name":"` + name + `","arn":"arn:` + id + `","modified":1,"doc":{"Id":"` + id + `"}}` + "\n"
}

func TestImportRefusesBadInput(t *testing.T) {
	cases := []struct{ name, input, want string }{
		{"empty", "", "the input is empty"},
		{"wrong header", `{"connectd":"backup","version":1}` + "\n" + instanceRec, "line 1: not a connectd export"},
		{"no header", instanceRec + aliceRec, "line 1: not a connectd export"},
		{"not JSON", "connectd export\n", "line 1: not a connectd export"},
		{"newer version", `{"connectd":"export","version":2}` + "\n", "line 1: export format version 2"},
		{"truncated line", header + instanceRec + aliceRec[:40] + "\n", "line 3: not a record"},
		{"garbage", header + "hello\n", "line 2: not a record"},
		{"blank lines count", header + "\n" + instanceRec + "\n\n{}x\n", "line 6: not a record: more after"},
		{"unknown field", header + strings.Replace(aliceRec, `"secret"`, `"password":"x","secret"`, 1), `line 2: not a record: json: unknown field "password"`},
		{"more after the record", header + strings.TrimSuffix(instanceRec, "\n") + " {}\n", "line 2: not a record: more after"},
		{"doc as a string", header + strings.Replace(instanceRec, `{"Id":"i1","Note":"<&>"}`, `"{\"Id\":\"i1\"}"`, 1), "line 2: doc must be a JSON object"},
		{"no doc", header + strings.Replace(instanceRec, `,"doc":{"Id":"i1","Note":"<&>"}`, "", 1), "line 2: doc must be a JSON object"},
		{"no modified", header + strings.Replace(instanceRec, `"modified":1700000000123,`, "", 1), "line 2: a record needs modified"},
		{"modified as a date", header + strings.Replace(instanceRec, `1700000000123`, `"2023-11-14T22:13:20Z"`, 1), "line 2: not a record"},
		{"no id", header + strings.Replace(instanceRec, `"id":"i1"`, `"id":""`, 1), "line 2: a record needs account, region, kind and id"},
		{"user outside an instance", header + strings.Replace(aliceRec, `"instanceId":"i1"`, `"instanceId":""`, 1), "line 2: instanceId must be empty for an instance"},
		{"bad base64", header + strings.Replace(aliceRec, `"JGFy`, `"!!!`, 1), "line 2: not a record: illegal base64"},
		{"line too long", header + strings.Repeat(" ", snapshot.MaxLine+1) + "\n", "line 2: longer than"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "c.db")
			_, err := importFrom(t, tc.input, "--db", db)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("import: %v, want an error with %q", err, tc.want)
			}
			if strings.Contains(tc.want, "line 1") || tc.name == "empty" {
				if _, err := os.Stat(db); !os.IsNotExist(err) {
					t.Errorf("a refused header created the database: %v", err)
				}
				return
			}
			if !strings.HasSuffix(err.Error(), "; nothing was imported") {
				t.Errorf("the error does not say nothing was imported: %v", err)
			}
			// Nothing imported: the database the import created goes too.
			for _, f := range []string{db, db + "-wal", db + "-shm"} {
				if _, err := os.Stat(f); !os.IsNotExist(err) {
					t.Errorf("a refused import left %s behind: %v", f, err)
				}
			}
		})
	}
}

func TestImportIntoNonEmptyStore(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	if _, err := importFrom(t, header+instanceRec+aliceRec, "--db", db); err != nil {
		t.Fatal(err)
	}
	_, err := importFrom(t, header+user("u2", "bob"), "--db", db)
	if err == nil || !strings.Contains(err.Error(), "is not empty") || !strings.Contains(err.Error(), "--allow-existing") {
		t.Errorf("import into a non-empty store without --allow-existing: %v", err)
	}
	for _, tc := range []struct{ input, want string }{
		{header + instanceRec, `line 2: instance "i1" of account 123456789012 in us-east-1 already exists in the target store`},
		{header + user("u2", "bob") + user("u3", "alice"), `line 3: user "u3" of account 123456789012 in us-east-1: its name "alice" is taken in the target store by user "u1"`},
	} {
		_, err := importFrom(t, tc.input, "--db", db, "--allow-existing")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("import of a duplicate: %v, want an error with %q", err, tc.want)
		}
	}
	if n := countRecords(t, db); n != 2 {
		t.Errorf("refused imports changed the store: %d records", n)
	}
	if _, err := importFrom(t, header+user("u2", "bob"), "--db", db, "--allow-existing"); err != nil {
		t.Errorf("import of new records with --allow-existing: %v", err)
	}
	if n := countRecords(t, db); n != 3 {
		t.Errorf("%d records after adding one to two", n)
	}
}

// TestImportSaysWhatStayed checks the whole message of an import stopped
// after a batch was created: where the records came from, the line, and
// the store they stay in, named as connectd names it.
func TestImportSaysWhatStayed(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	var in strings.Builder
	in.WriteString(header)
	for i := range snapshot.DefaultBatch {
		in.WriteString(user(fmt.Sprint("u", i), fmt.Sprint("n", i)))
	}
	in.WriteString("oops\n")
	_, err := importFrom(t, in.String(), "--db", db)
	want := fmt.Sprintf("import from standard input: line %d: not a record: invalid character 'o' looking for beginning of value; import stopped: the %d records of earlier batches were imported and remain in sqlite %q", snapshot.DefaultBatch+2, snapshot.DefaultBatch, db)
	if err == nil || err.Error() != want {
		t.Errorf("import: %v\nwant %s", err, want)
	}
	if n := countRecords(t, db); n != snapshot.DefaultBatch {
		t.Errorf("%d records stayed, want %d", n, snapshot.DefaultBatch)
	}
}

func TestExportImportStandardStreams(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	stderr, err := importFrom(t, header+instanceRec+aliceRec, "--db", db)
	if err != nil || stderr != fmt.Sprintf("connectd import: imported 2 records from standard input into sqlite %q\n", db) {
		t.Fatalf("import from standard input: %v %q", err, stderr)
	}
	// CONNECTD_DB stands for --db; standard output gets the export.
	out, stderr, err := runCmd(t, map[string]string{"CONNECTD_DB": db}, "export")
	if err != nil || out != header+instanceRec+aliceRec {
		t.Errorf("export to standard output: %v\n%s", err, out)
	}
	if stderr != fmt.Sprintf("connectd export: wrote 2 records from sqlite %q to standard output\n", db) {
		t.Errorf("export said %q", stderr)
	}
	// An in-memory store exports nothing, and an import into one checks a
	// file without keeping it.
	if out, _ := mustRun(t, "export", "--db", ":memory:", "--out", "-"); out != header {
		t.Errorf("export of :memory: wrote %q", out)
	}
	if _, err := importFrom(t, header+instanceRec+aliceRec, "--db", ":memory:", "--in", "-"); err != nil {
		t.Errorf("import into :memory:: %v", err)
	}
	// export reads a store that exists.
	missing := filepath.Join(t.TempDir(), "missing.db")
	if _, _, err := runCmd(t, nil, "export", "--db", missing); err == nil || !strings.Contains(err.Error(), "no SQLite database") {
		t.Errorf("export of a missing file: %v", err)
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Errorf("export created %s", missing)
	}
	for _, args := range [][]string{{"export", "extra"}, {"import", "--db", db, "--in", missing}, {"export", "--db", ""}, {"import", "--nope"}} {
		if _, _, err := runCmd(t, nil, args...); err == nil {
			t.Errorf("connectd %v succeeded", args)
		}
	}
	// Help asked for goes to standard output, as connectd help does.
	for _, cmd := range []string{"export", "import"} {
		if stdout, stderr, err := runCmd(t, nil, cmd, "-h"); err != nil || !strings.Contains(stdout, "Usage: connectd "+cmd+" [--db DB]") || !strings.Contains(stdout, "CONNECTD_DB") || stderr != "" {
			t.Errorf("%s -h: %v\nstdout:\n%s\nstderr:\n%s", cmd, err, stdout, stderr)
		}
	}
}

// TestExportNamesTheFileAskedFor checks that an export that cannot be
// written names the file and directory the user gave, not the temporary
// file it writes through.
func TestExportNamesTheFileAskedFor(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	if _, err := importFrom(t, header+instanceRec, "--db", db); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, tc := range []struct{ out, want string }{
		{filepath.Join(dir, "missing", "x.jsonl"), fmt.Sprintf("export: cannot write %q: the directory %q does not exist", filepath.Join(dir, "missing", "x.jsonl"), filepath.Join(dir, "missing"))},
		{dir, fmt.Sprintf("export: cannot write %q: it is a directory", dir)},
	} {
		_, _, err := runCmd(t, nil, "export", "--db", db, "--out", tc.out)
		if err == nil || err.Error() != tc.want {
			t.Errorf("export --out %s: %v\nwant %s", tc.out, err, tc.want)
		}
	}
	if names, _ := filepath.Glob(filepath.Join(dir, "*")); len(names) != 0 {
		t.Errorf("a failed export left %v", names)
	}
}

// TestImportShowsProgressOnATerminal checks that an import shows the
// records created so far and their rate on a terminal, and erases that
// line before its last words; and that it shows nothing elsewhere.
func TestImportShowsProgressOnATerminal(t *testing.T) {
	var in strings.Builder
	in.WriteString(header + instanceRec)
	for i := range 2*snapshot.DefaultBatch + 200 {
		in.WriteString(user(fmt.Sprint("u", i), fmt.Sprint("n", i)))
	}
	var progress, stderr bytes.Buffer
	db := filepath.Join(t.TempDir(), "c.db")
	err := importCommand(context.Background(), []string{"--db", db}, func(string) string { return "" }, strings.NewReader(in.String()), io.Discard, &stderr, &progress)
	if err != nil {
		t.Fatal(err)
	}
	shown := strings.Split(progress.String(), "\r\x1b[K")
	if len(shown) != 5 || shown[0] != "" || shown[4] != "" {
		t.Fatalf("progress shown: %q", progress.String())
	}
	for i, want := range []int{snapshot.DefaultBatch, 2 * snapshot.DefaultBatch, 2*snapshot.DefaultBatch + 201} {
		var n, rate int
		if _, err := fmt.Sscanf(shown[i+1], "connectd import: %d records so far, %d records/s", &n, &rate); err != nil || n != want || rate <= 0 {
			t.Errorf("progress line %q: %v", shown[i+1], err)
		}
	}
	if want := fmt.Sprintf("connectd import: imported %d records from standard input into sqlite %q\n", 2*snapshot.DefaultBatch+201, db); stderr.String() != want {
		t.Errorf("import said %q, want %q", stderr.String(), want)
	}

	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	defer pw.Close()
	for _, w := range []io.Writer{&stderr, pw, writeFile(t)} {
		if terminal(w) != nil {
			t.Errorf("%T is taken for a terminal", w)
		}
	}
}

// writeFile is an open file to write.
func writeFile(t *testing.T) *os.File {
	f, err := os.Create(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}
