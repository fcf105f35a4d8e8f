package awsapi_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconnect "github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
)

func TestSecurityProfiles(t *testing.T) {
	f := newFixture(t, types.DirectoryTypeConnectManaged)
	out, err := f.client.CreateSecurityProfile(ctx, &awsconnect.CreateSecurityProfileInput{InstanceId: &f.instance,
		SecurityProfileName: aws.String("Supervisors"), Description: aws.String("Team leads"), Permissions: []string{"Users.View"},
		Tags: map[string]string{"team": "ops"}})
	if err != nil {
		t.Fatal(err)
	}
	if *out.SecurityProfileArn != f.arn+"/security-profile/"+*out.SecurityProfileId {
		t.Errorf("ARN %s", *out.SecurityProfileArn)
	}
	id := *out.SecurityProfileId
	got, err := f.client.DescribeSecurityProfile(ctx, &awsconnect.DescribeSecurityProfileInput{InstanceId: &f.instance, SecurityProfileId: &id})
	if err != nil || *got.SecurityProfile.SecurityProfileName != "Supervisors" || *got.SecurityProfile.Description != "Team leads" || got.SecurityProfile.Tags["team"] != "ops" {
		t.Fatalf("DescribeSecurityProfile: %+v %v", got, err)
	}
	_, err = f.client.CreateSecurityProfile(ctx, &awsconnect.CreateSecurityProfileInput{InstanceId: &f.instance, SecurityProfileName: aws.String("Supervisors")})
	wantAPIError(t, err, "DuplicateResourceException", "Supervisors")
	_, err = f.client.CreateSecurityProfile(ctx, &awsconnect.CreateSecurityProfileInput{InstanceId: &f.instance, SecurityProfileName: aws.String("bad/name")})
	wantAPIError(t, err, "InvalidParameterException", "securityProfileName")

	if _, err := f.client.UpdateSecurityProfile(ctx, &awsconnect.UpdateSecurityProfileInput{InstanceId: &f.instance, SecurityProfileId: &id,
		Description: aws.String("Leads of every team")}); err != nil {
		t.Fatal(err)
	}
	got, _ = f.client.DescribeSecurityProfile(ctx, &awsconnect.DescribeSecurityProfileInput{InstanceId: &f.instance, SecurityProfileId: &id})
	if *got.SecurityProfile.Description != "Leads of every team" || *got.SecurityProfile.SecurityProfileName != "Supervisors" {
		t.Errorf("after UpdateSecurityProfile: %+v", got.SecurityProfile)
	}

	// In use by a user, it cannot be deleted; once the user leaves it, it can.
	in := f.userInput("lead")
	in.SecurityProfileIds = []string{id}
	user := f.mustCreateUser(t, in)
	_, err = f.client.DeleteSecurityProfile(ctx, &awsconnect.DeleteSecurityProfileInput{InstanceId: &f.instance, SecurityProfileId: &id})
	wantAPIError(t, err, "ResourceInUseException", id)
	if _, err := f.client.UpdateUserSecurityProfiles(ctx, &awsconnect.UpdateUserSecurityProfilesInput{InstanceId: &f.instance, UserId: &user,
		SecurityProfileIds: []string{f.profiles["Agent"]}}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.client.DeleteSecurityProfile(ctx, &awsconnect.DeleteSecurityProfileInput{InstanceId: &f.instance, SecurityProfileId: &id}); err != nil {
		t.Fatalf("deleting an unused profile: %v", err)
	}
	_, err = f.client.DescribeSecurityProfile(ctx, &awsconnect.DescribeSecurityProfileInput{InstanceId: &f.instance, SecurityProfileId: &id})
	wantAPIError(t, err, "ResourceNotFoundException")
	// The name is free again.
	if _, err := f.client.CreateSecurityProfile(ctx, &awsconnect.CreateSecurityProfileInput{InstanceId: &f.instance, SecurityProfileName: aws.String("Supervisors")}); err != nil {
		t.Errorf("re-using a deleted profile's name: %v", err)
	}
}

// TestSecurityProfileDocumentedValues: HierarchyRestrictedResources takes
// only User, and a third-party application only the ACCESS permission, as
// their documentation says; refused on create and update alike.
func TestSecurityProfileDocumentedValues(t *testing.T) {
	f := newFixture(t, types.DirectoryTypeConnectManaged)
	thirdParty := func(perms ...string) []types.Application {
		return []types.Application{{Namespace: aws.String("crm.example.com"), Type: types.ApplicationTypeThirdPartyApplication, ApplicationPermissions: perms}}
	}
	_, err := f.client.CreateSecurityProfile(ctx, &awsconnect.CreateSecurityProfileInput{InstanceId: &f.instance, SecurityProfileName: aws.String("restricted"),
		HierarchyRestrictedResources: []string{"Queue"}})
	wantAPIError(t, err, "InvalidParameterException", "HierarchyRestrictedResources", "User")
	_, err = f.client.CreateSecurityProfile(ctx, &awsconnect.CreateSecurityProfileInput{InstanceId: &f.instance, SecurityProfileName: aws.String("apps"),
		Applications: thirdParty("ACCESS", "ADMIN")})
	wantAPIError(t, err, "InvalidParameterException", "ACCESS")

	out, err := f.client.CreateSecurityProfile(ctx, &awsconnect.CreateSecurityProfileInput{InstanceId: &f.instance, SecurityProfileName: aws.String("apps"),
		HierarchyRestrictedResources: []string{"User"}, Applications: append(thirdParty("ACCESS"),
			types.Application{Namespace: aws.String("tools.example.com"), Type: types.ApplicationTypeMcp, ApplicationPermissions: []string{"search", "read"}})})
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.client.UpdateSecurityProfile(ctx, &awsconnect.UpdateSecurityProfileInput{InstanceId: &f.instance, SecurityProfileId: out.SecurityProfileId,
		Applications: thirdParty("WRITE")})
	wantAPIError(t, err, "InvalidParameterException", "ACCESS")
	_, err = f.client.UpdateSecurityProfile(ctx, &awsconnect.UpdateSecurityProfileInput{InstanceId: &f.instance, SecurityProfileId: out.SecurityProfileId,
		HierarchyRestrictedResources: []string{"User", "Contact"}})
	wantAPIError(t, err, "InvalidParameterException", "HierarchyRestrictedResources")
}
