package model

//go:generate go run ./gen ../../shared/connect-model/connect-users-model.json connect.json.gz
