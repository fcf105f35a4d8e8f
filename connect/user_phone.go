package connect

// phone is a user's phone settings resolved from a request: the voice
// settings PhoneConfig describes, and the per-channel lists that succeed
// it. Each list's VOICE entry always agrees with PhoneConfig.
type phone struct {
	voice            UserPhoneConfig
	autoAccept       []AutoAcceptConfig
	afterContactWork []AfterContactWorkConfigs
	phoneNumbers     []PhoneNumberConfig
	persistent       []PersistentConnectionConfig
}

// apply sets a user's phone settings.
func (p phone) apply(u *User) {
	u.PhoneConfig = &p.voice
	u.AutoAcceptConfigs = p.autoAccept
	u.AfterContactWorkConfigs = p.afterContactWork
	u.PhoneNumberConfigs = p.phoneNumbers
	u.PersistentConnectionConfigs = p.persistent
}

// phoneConflicts refuses a request that sends a PhoneConfig field and its
// per-channel counterpart both.
func phoneConflicts(pc *UserPhoneConfig, aa, acw, pn, pers bool) error {
	if pc == nil {
		return nil
	}
	for _, c := range []struct {
		set, listed bool
		field, list string
	}{
		{pc.PhoneType != nil, pn, "PhoneConfig.PhoneType", "PhoneNumberConfigs"},
		{pc.DeskPhoneNumber != nil, pn, "PhoneConfig.DeskPhoneNumber", "PhoneNumberConfigs"},
		{pc.AutoAccept != nil, aa, "PhoneConfig.AutoAccept", "AutoAcceptConfigs"},
		{pc.AfterContactWorkTimeLimit != nil, acw, "PhoneConfig.AfterContactWorkTimeLimit", "AfterContactWorkConfigs"},
		{pc.PersistentConnection != nil, pers, "PhoneConfig.PersistentConnection", "PersistentConnectionConfigs"},
	} {
		if c.set && c.listed {
			return Errorf(InvalidParameter, "%s and %s cannot both be specified: use one of them.", c.field, c.list)
		}
	}
	return nil
}

// phoneSettings resolves phone settings from a PhoneConfig and per-channel
// lists: PhoneConfig's fields, where set, make the VOICE channel; the lists
// give the other channels, and VOICE where PhoneConfig is silent.
func phoneSettings(pc *UserPhoneConfig, aa []AutoAcceptConfig, acw []AfterContactWorkConfigs, pn []PhoneNumberConfig, pers []PersistentConnectionConfig) (phone, error) {
	if pc == nil {
		pc = &UserPhoneConfig{}
	}
	if err := uniqueChannels(aa, func(c AutoAcceptConfig) string { return c.Channel }); err != nil {
		return phone{}, err
	}
	if err := uniqueChannels(acw, func(c AfterContactWorkConfigs) string { return c.Channel }); err != nil {
		return phone{}, err
	}
	if err := uniqueChannels(pn, func(c PhoneNumberConfig) string { return c.Channel }); err != nil {
		return phone{}, err
	}
	if err := uniqueChannels(pers, func(c PersistentConnectionConfig) string { return c.Channel }); err != nil {
		return phone{}, err
	}

	v := UserPhoneConfig{
		PhoneType:                 ptr(SoftPhone),
		AutoAccept:                ptr(false),
		AfterContactWorkTimeLimit: ptr(int32(0)),
		DeskPhoneNumber:           pc.DeskPhoneNumber,
		PersistentConnection:      pc.PersistentConnection,
	}
	if pc.PhoneType != nil {
		v.PhoneType = pc.PhoneType
	}
	if pc.AutoAccept != nil {
		v.AutoAccept = pc.AutoAccept
	}
	if pc.AfterContactWorkTimeLimit != nil {
		v.AfterContactWorkTimeLimit = pc.AfterContactWorkTimeLimit
	}
	for _, c := range pn {
		if c.PhoneType == DeskPhone && c.PhoneNumber == "" {
			return phone{}, Errorf(InvalidParameter, "PhoneNumberConfigs: a PhoneNumber is required for channel %s with PhoneType DESK_PHONE.", c.Channel)
		}
		if c.Channel == Voice {
			v.PhoneType = ptr(c.PhoneType)
			if c.PhoneNumber != "" {
				v.DeskPhoneNumber = ptr(c.PhoneNumber)
			}
		}
	}
	for _, c := range aa {
		if c.Channel == Voice {
			v.AutoAccept = ptr(c.AutoAccept)
		}
	}
	for _, c := range acw {
		for _, limit := range []*AfterContactWorkConfig{c.AfterContactWorkConfig, c.AgentFirstCallbackAfterContactWorkConfig} {
			if limit != nil && limit.AfterContactWorkTimeLimit > maxAfterContactWork {
				return phone{}, Errorf(InvalidParameter, "AfterContactWorkConfigs: the AfterContactWorkTimeLimit of channel %s is over %d seconds.", c.Channel, maxAfterContactWork)
			}
		}
		if c.Channel == Voice && c.AfterContactWorkConfig != nil {
			v.AfterContactWorkTimeLimit = ptr(c.AfterContactWorkConfig.AfterContactWorkTimeLimit)
		}
	}
	for _, c := range pers {
		if c.Channel == Voice {
			v.PersistentConnection = ptr(c.PersistentConnection)
		}
	}
	if *v.AfterContactWorkTimeLimit > maxAfterContactWork {
		return phone{}, Errorf(InvalidParameter, "PhoneConfig.AfterContactWorkTimeLimit is over %d seconds.", maxAfterContactWork)
	}
	if *v.PhoneType == DeskPhone && (v.DeskPhoneNumber == nil || *v.DeskPhoneNumber == "") {
		return phone{}, Errorf(InvalidParameter, "PhoneConfig.DeskPhoneNumber is required when PhoneType is DESK_PHONE.")
	}

	// The VOICE entries mirror PhoneConfig, so old and new clients read the
	// same settings.
	p := phone{voice: v}
	p.phoneNumbers = setVoice(pn, PhoneNumberConfig{Channel: Voice, PhoneType: *v.PhoneType, PhoneNumber: deref(v.DeskPhoneNumber)},
		func(c PhoneNumberConfig) string { return c.Channel })
	p.autoAccept = setVoice(aa, AutoAcceptConfig{Channel: Voice, AutoAccept: *v.AutoAccept, AgentFirstCallbackAutoAccept: voiceEntry(aa, func(c AutoAcceptConfig) string { return c.Channel }).AgentFirstCallbackAutoAccept},
		func(c AutoAcceptConfig) string { return c.Channel })
	p.afterContactWork = setVoice(acw, AfterContactWorkConfigs{Channel: Voice,
		AfterContactWorkConfig:                   &AfterContactWorkConfig{AfterContactWorkTimeLimit: *v.AfterContactWorkTimeLimit},
		AgentFirstCallbackAfterContactWorkConfig: voiceEntry(acw, func(c AfterContactWorkConfigs) string { return c.Channel }).AgentFirstCallbackAfterContactWorkConfig},
		func(c AfterContactWorkConfigs) string { return c.Channel })
	p.persistent = pers
	if v.PersistentConnection != nil {
		p.persistent = setVoice(pers, PersistentConnectionConfig{Channel: Voice, PersistentConnection: *v.PersistentConnection},
			func(c PersistentConnectionConfig) string { return c.Channel })
	}
	return p, nil
}

// checkChannels applies the channel rules the per-channel lists'
// documentation states: PhoneNumberConfigs, PersistentConnectionConfigs and
// VoiceEnhancementConfigs take only VOICE, and the agent-first callback
// settings apply only to VOICE.
func checkChannels(aa []AutoAcceptConfig, acw []AfterContactWorkConfigs, pn []PhoneNumberConfig, pers []PersistentConnectionConfig, ve []VoiceEnhancementConfig) error {
	only := func(member, channel string) error {
		if channel != Voice {
			return Errorf(InvalidParameter, "%s: channel %s is not supported: only VOICE is supported for this data type.", member, channel)
		}
		return nil
	}
	for _, c := range pn {
		if err := only("PhoneNumberConfigs", c.Channel); err != nil {
			return err
		}
	}
	for _, c := range pers {
		if err := only("PersistentConnectionConfigs", c.Channel); err != nil {
			return err
		}
	}
	for _, c := range ve {
		if err := only("VoiceEnhancementConfigs", c.Channel); err != nil {
			return err
		}
	}
	for _, c := range aa {
		if c.AgentFirstCallbackAutoAccept != nil {
			if err := only("AutoAcceptConfigs.AgentFirstCallbackAutoAccept", c.Channel); err != nil {
				return err
			}
		}
	}
	for _, c := range acw {
		if c.AgentFirstCallbackAfterContactWorkConfig != nil {
			if err := only("AfterContactWorkConfigs.AgentFirstCallbackAfterContactWorkConfig", c.Channel); err != nil {
				return err
			}
		}
	}
	return nil
}

// uniqueChannels refuses a per-channel list that names a channel twice.
func uniqueChannels[T any](list []T, channel func(T) string) error {
	seen := map[string]bool{}
	for _, c := range list {
		ch := channel(c)
		if seen[ch] {
			return Errorf(InvalidParameter, "Channel %s is given more than once in one list.", ch)
		}
		seen[ch] = true
	}
	return nil
}

// setVoice returns list with its VOICE entry replaced by (or, if it has
// none, led by) voice.
func setVoice[T any](list []T, voice T, channel func(T) string) []T {
	out := []T{voice}
	for _, c := range list {
		if channel(c) != Voice {
			out = append(out, c)
		}
	}
	return out
}

func voiceEntry[T any](list []T, channel func(T) string) T {
	for _, c := range list {
		if channel(c) == Voice {
			return c
		}
	}
	var zero T
	return zero
}

func ptr[T any](v T) *T { return &v }

// deref is *p, or the zero value for nil.
func deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}

// UserPhoneConfig is the voice settings of a user. Pointers mark what a
// request set: each field conflicts with a per-channel counterpart.
type UserPhoneConfig struct {
	PhoneType                 *string `json:",omitempty"`
	AutoAccept                *bool   `json:",omitempty"`
	AfterContactWorkTimeLimit *int32  `json:",omitempty"`
	DeskPhoneNumber           *string `json:",omitempty"`
	PersistentConnection      *bool   `json:",omitempty"`
}

// Phone types.
const (
	SoftPhone = "SOFT_PHONE"
	DeskPhone = "DESK_PHONE"
)

// Voice is the channel PhoneConfig describes.
const Voice = "VOICE"

// AutoAcceptConfig is one channel's auto-accept setting.
type AutoAcceptConfig struct {
	Channel                      string
	AutoAccept                   bool
	AgentFirstCallbackAutoAccept *bool `json:",omitempty"`
}

// AfterContactWorkConfig is an after-contact-work time limit.
type AfterContactWorkConfig struct {
	AfterContactWorkTimeLimit int32
}

// AfterContactWorkConfigs is one channel's after-contact-work setting.
type AfterContactWorkConfigs struct {
	Channel                                  string
	AfterContactWorkConfig                   *AfterContactWorkConfig
	AgentFirstCallbackAfterContactWorkConfig *AfterContactWorkConfig `json:",omitempty"`
}

// PhoneNumberConfig is one channel's phone type and number.
type PhoneNumberConfig struct {
	Channel     string
	PhoneType   string
	PhoneNumber string `json:",omitempty"`
}

// PersistentConnectionConfig is one channel's persistent-connection setting.
type PersistentConnectionConfig struct {
	Channel              string
	PersistentConnection bool
}

// VoiceEnhancementConfig is one channel's voice enhancement mode.
type VoiceEnhancementConfig struct {
	Channel              string
	VoiceEnhancementMode string
}

// sameAfterContactWork is list's after-contact-work settings, and one for
// each of channels it lacks, each with the time limit limit; agent-first
// callback settings stay.
func sameAfterContactWork(list []AfterContactWorkConfigs, channels []string, limit int32) []AfterContactWorkConfigs {
	var out []AfterContactWorkConfigs
	seen := map[string]bool{}
	for _, c := range list {
		if !seen[c.Channel] {
			seen[c.Channel] = true
			c.AfterContactWorkConfig = &AfterContactWorkConfig{AfterContactWorkTimeLimit: limit}
			out = append(out, c)
		}
	}
	for _, ch := range channels {
		if !seen[ch] {
			seen[ch] = true
			out = append(out, AfterContactWorkConfigs{Channel: ch, AfterContactWorkConfig: &AfterContactWorkConfig{AfterContactWorkTimeLimit: limit}})
		}
	}
	return out
}

// otherChannels is list without its VOICE entry; nil when that leaves
// nothing, so that it does not count as sent.
func otherChannels[T any](list []T, channel func(T) string) []T {
	var out []T
	for _, c := range list {
		if channel(c) != Voice {
			out = append(out, c)
		}
	}
	return out
}

// mergeChannels is old with the entries of the channels update names
// replaced by update's; nil when both are empty.
func mergeChannels[T any](old, update []T, channel func(T) string) []T {
	named := map[string]bool{}
	for _, c := range update {
		named[channel(c)] = true
	}
	var out []T
	for _, c := range old {
		if !named[channel(c)] {
			out = append(out, c)
		}
	}
	return append(out, update...)
}
