package awsapi_test

import (
	"bytes"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconnect "github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"

	"github.com/connectd/connectd/awsapi"
	"github.com/connectd/connectd/connecttest"
)

// syncBuffer is a log sink safe for concurrent handlers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestSecretsStaySecret creates and refuses users with distinctive
// passwords, names, e-mails and phone numbers, and looks for them in the
// server's log (at its most verbose) and in every answer's message.
func TestSecretsStaySecret(t *testing.T) {
	var log syncBuffer
	srv := connecttest.New(t, connecttest.WithOptions(awsapi.Options{
		Logger: slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}))
	client := srv.Client()
	f := &fixture{srv: srv, client: client, profiles: map[string]string{}}
	f.instance, f.arn = mustInstance(t, client, types.DirectoryTypeConnectManaged, "secrets")
	sps, _ := client.ListSecurityProfiles(ctx, &awsconnect.ListSecurityProfilesInput{InstanceId: &f.instance})
	f.profiles["Agent"] = *sps.SecurityProfileSummaryList[0].Id
	rps, _ := client.ListRoutingProfiles(ctx, &awsconnect.ListRoutingProfilesInput{InstanceId: &f.instance})
	f.routing = *rps.RoutingProfileSummaryList[0].Id

	secrets := []string{"Zq9SecretPw", "Xylophonia", "Quetzalcoatl", "zelda.secret@example.net", "+15559876543", "+15551234567", "LeakyLongName"}
	valid := func(username string) *awsconnect.CreateUserInput {
		in := f.userInput(username)
		in.Password = aws.String(secrets[0])
		in.IdentityInfo = &types.UserIdentityInfo{FirstName: aws.String(secrets[1]), LastName: aws.String(secrets[2]),
			Email: aws.String(secrets[3]), Mobile: aws.String(secrets[4])}
		in.PhoneConfig = &types.UserPhoneConfig{PhoneType: types.PhoneTypeDeskPhone, DeskPhoneNumber: aws.String(secrets[5])}
		return in
	}
	f.mustCreateUser(t, valid("keeper"))

	var messages []string
	refuse := func(in *awsconnect.CreateUserInput) {
		_, err := client.CreateUser(ctx, in)
		if err == nil {
			t.Fatalf("CreateUser(%s) was accepted", *in.Username)
		}
		messages = append(messages, err.Error())
	}
	refuse(valid("keeper")) // duplicate
	weak := valid("weak")
	weak.Password = aws.String("zq9secretpw") // no capital letter
	refuse(weak)
	long := valid("long")
	long.IdentityInfo.FirstName = aws.String(strings.Repeat(secrets[6], 30))
	refuse(long)
	badPhone := valid("badphone")
	badPhone.IdentityInfo.Mobile = aws.String("00" + secrets[4][1:])
	refuse(badPhone)
	noProfile := valid("noprofile")
	noProfile.SecurityProfileIds = []string{"missing"}
	refuse(noProfile)
	// A body the server cannot read, holding a secret.
	r := send(t, srv, "PUT", "/users/"+f.instance, []byte(`{"Password": "`+secrets[0]+`", "Username": [`))
	messages = append(messages, string(r.body))

	for _, secret := range append(secrets, "zq9secretpw") {
		if strings.Contains(log.String(), secret) {
			t.Errorf("the server log holds %q:\n%s", secret, log.String())
		}
		for _, m := range messages {
			if strings.Contains(m, secret) {
				t.Errorf("an error message holds %q: %s", secret, m)
			}
		}
	}
}

// TestConcurrentDuplicateUsernames races 100 creates of one username: one
// wins, 99 get DuplicateResourceException, and one agent queue exists.
func TestConcurrentDuplicateUsernames(t *testing.T) {
	f := newFixture(t, types.DirectoryTypeConnectManaged)
	const n = 100
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			_, errs[i] = f.client.CreateUser(ctx, f.userInput("racer"))
		}(i)
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		if err == nil {
			won++
			continue
		}
		wantAPIError(t, err, "DuplicateResourceException", "The user racer is already associated")
	}
	if won != 1 {
		t.Errorf("%d creates won, want 1", won)
	}
	queues, err := f.client.ListQueues(ctx, &awsconnect.ListQueuesInput{InstanceId: &f.instance, QueueTypes: []types.QueueType{types.QueueTypeAgent}})
	if err != nil || len(queues.QueueSummaryList) != 1 {
		t.Errorf("agent queues after the race: %+v %v", queues, err)
	}
}
