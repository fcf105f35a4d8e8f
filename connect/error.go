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

// AsError is err as the wire carries it: an *Error as it is; a store's
// refusal that an operation did not word itself, as AWS's exception for it;
// anything else InternalServiceException.
func AsError(err error) *Error {
	var e *Error
	switch {
	case errors.As(err, &e):
		return e
	case errors.Is(err, ErrNotFound), errors.Is(err, ErrMissingRef):
		return Errorf(ResourceNotFound, "A resource the request names does not exist.")
	case errors.Is(err, ErrDuplicate):
		return Errorf(DuplicateResource, "A resource of that name already exists.")
	case errors.Is(err, ErrInUse):
		return Errorf(ResourceInUse, "The resource is in use.")
	case errors.Is(err, ErrQuota):
		return Errorf(LimitExceeded, "A quota is reached.")
	}
	return Errorf(InternalService, "An internal error occurred.")
}

// ErrorCode is the code AsError gives err.
func ErrorCode(err error) Code { return AsError(err).Code }
