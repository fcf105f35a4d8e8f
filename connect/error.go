package connect

import (
	"errors"
	"fmt"
)

// Code is an AWS error type name, as sent in X-Amzn-ErrorType and __type.
type Code string

// The error codes connectd answers with. Their HTTP statuses are AWS's,
// from the model's error shapes, and are mapped in exactly one place:
// Code.Status.
const (
	InvalidParameter      Code = "InvalidParameterException"
	InvalidRequest        Code = "InvalidRequestException"
	ResourceNotFound      Code = "ResourceNotFoundException"
	DuplicateResource     Code = "DuplicateResourceException"
	ResourceInUse         Code = "ResourceInUseException"
	LimitExceeded         Code = "LimitExceededException"
	ServiceQuotaExceeded  Code = "ServiceQuotaExceededException"
	Throttling            Code = "ThrottlingException"
	AccessDenied          Code = "AccessDeniedException"
	InternalService       Code = "InternalServiceException"
	Serialization         Code = "SerializationException"
	UnknownOperation      Code = "UnknownOperationException"
	NotImplemented        Code = "NotImplementedException"
	RequestEntityTooLarge Code = "RequestEntityTooLargeException"
	IncompleteSignature   Code = "IncompleteSignatureException"
	MissingAuthToken      Code = "MissingAuthenticationTokenException"
	UnrecognizedClient    Code = "UnrecognizedClientException"
	InvalidSignature      Code = "InvalidSignatureException"
)

// Status is the HTTP status AWS sends with the code.
func (c Code) Status() int {
	switch c {
	case InvalidParameter, InvalidRequest, Serialization:
		return 400
	case ServiceQuotaExceeded:
		return 402
	case AccessDenied, IncompleteSignature, MissingAuthToken, UnrecognizedClient, InvalidSignature:
		return 403
	case ResourceNotFound, UnknownOperation:
		return 404
	case DuplicateResource, ResourceInUse:
		return 409
	case RequestEntityTooLarge:
		return 413
	case LimitExceeded, Throttling:
		return 429
	case NotImplemented:
		return 501
	}
	return 500
}

// Error is the one error type that crosses from the domain to the wire.
type Error struct {
	Code    Code
	Message string
}

func (e *Error) Error() string { return string(e.Code) + ": " + e.Message }

// Errorf builds an *Error.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err if it is (or wraps) an *Error, and
// InternalService otherwise.
func ErrorCode(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return InternalService
}
