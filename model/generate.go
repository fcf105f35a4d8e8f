package model

//go:generate go run ./gen ../../shared/connect-model/connect-users-model.json connect.json.gz

// BotocoreVersion is the botocore release whose Connect model
// connect.json.gz holds: go generate refuses any other.
const BotocoreVersion = "1.43.11"
