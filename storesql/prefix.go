package storesql

// PrefixEnd bounds a STARTS_WITH condition, value >= prefix AND value <
// PrefixEnd(prefix), in byte order: every string in that range starts with
// prefix, and so does every UTF-8 string that starts with prefix, unless
// U+10FFFF, a noncharacter, follows the prefix in it.
func PrefixEnd(prefix string) string { return prefix + "\U0010FFFF" }
