package connect

import "encoding/json"

// Attribute names.
const (
	AttrUsername  = "username"
	AttrFirstName = "firstName"
	AttrLastName  = "lastName"
	// AttrID and AttrName search a record's ID and name; the stores read
	// them from the record itself.
	AttrID   = "resourceId"
	AttrName = "name"
	// AttrAncestor is each group at or above a hierarchy group, itself
	// included.
	AttrAncestor = "ancestor"
	// TagPrefix starts the name of the attribute of each tag.
	TagPrefix = "tag:"
)

// Index sets r.Attrs from r.Kind and r.Doc: attributes follow from the
// document alone, so an imported record is indexed as a created one is.
func (r *Record) Index() error {
	// Only the members attributes come from: decoding a whole User
	// instead cost two fifths more.
	var doc struct {
		Tags                   map[string]string
		Username               string
		IdentityInfo           *struct{ FirstName, LastName string }
		SecurityProfileIds     []string
		HierarchyGroupId       string
		RoutingProfileId       string
		DefaultOutboundQueueId string
		AssociatedQueueIds     []string
		HoursOfOperationId     string
		HierarchyPath          *HierarchyPath
		// A security profile's access control group.
		AllowedAccessControlHierarchyGroupId string
	}
	if err := json.Unmarshal(r.Doc, &doc); err != nil {
		return err
	}
	var attrs []Attr // AttrID and AttrName are the record's own columns
	for k, v := range doc.Tags {
		attrs = append(attrs, Attr{TagPrefix + k, v})
	}
	ref := func(kind Kind, id string) {
		if id != "" {
			attrs = append(attrs, RefAttr(kind, id))
		}
	}
	switch r.Kind {
	case KindUser:
		attrs = append(attrs, Attr{AttrUsername, doc.Username})
		if info := doc.IdentityInfo; info != nil {
			attrs = append(attrs, Attr{AttrFirstName, info.FirstName}, Attr{AttrLastName, info.LastName})
		}
		ref(KindRoutingProfile, doc.RoutingProfileId)
		for _, id := range doc.SecurityProfileIds {
			ref(KindSecurityProfile, id)
		}
		ref(KindHierarchyGroup, doc.HierarchyGroupId)
	case KindSecurityProfile:
		ref(KindHierarchyGroup, doc.AllowedAccessControlHierarchyGroupId)
	case KindRoutingProfile:
		ref(KindQueue, doc.DefaultOutboundQueueId)
		for _, id := range doc.AssociatedQueueIds {
			if id != doc.DefaultOutboundQueueId {
				ref(KindQueue, id)
			}
		}
	case KindQueue:
		ref(KindHoursOfOperation, doc.HoursOfOperationId)
	case KindHierarchyGroup:
		// A group refers to its parent: the group above it in its path.
		parent := ""
		for _, level := range doc.HierarchyPath.levels() {
			attrs = append(attrs, Attr{AttrAncestor, level.Id})
			if level.Id != r.ID {
				parent = level.Id
			}
		}
		ref(KindHierarchyGroup, parent)
	}
	r.Attrs = attrs
	return nil
}
