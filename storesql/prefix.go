package storesql

// PrefixEnd bounds a STARTS_WITH condition, value >= prefix AND value <
// PrefixEnd(prefix), in byte order: every string in that range starts with
// prefix, and every UTF-8 string that starts with prefix is in it.
func PrefixEnd(prefix string) string { return prefix + "\U0010FFFF" }
