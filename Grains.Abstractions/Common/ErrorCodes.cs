namespace FinAegis.Grains.Abstractions.Common;

/// <summary>The stable error codes of SPEC §3.</summary>
public static class ErrorCodes
{
    public const string InvalidJson = "INVALID_JSON";
    public const string InvalidIdempotencyKey = "INVALID_IDEMPOTENCY_KEY";
    public const string Unauthenticated = "UNAUTHENTICATED";
    public const string InvalidCredentials = "INVALID_CREDENTIALS";
    public const string Forbidden = "FORBIDDEN";
    public const string NotFound = "NOT_FOUND";
    public const string AccountNotFound = "ACCOUNT_NOT_FOUND";
    public const string IdempotencyKeyInUse = "IDEMPOTENCY_KEY_IN_USE";
    public const string PayloadTooLarge = "PAYLOAD_TOO_LARGE";
    public const string ValidationFailed = "VALIDATION_FAILED";
    public const string InsufficientFunds = "INSUFFICIENT_FUNDS";
    public const string AccountFrozen = "ACCOUNT_FROZEN";
    public const string AccountClosed = "ACCOUNT_CLOSED";
    public const string AccountAlreadyFrozen = "ACCOUNT_ALREADY_FROZEN";
    public const string AccountNotFrozen = "ACCOUNT_NOT_FROZEN";
    public const string AccountHasBalance = "ACCOUNT_HAS_BALANCE";
    public const string SourceAccountFrozen = "SOURCE_ACCOUNT_FROZEN";
    public const string DestinationAccountFrozen = "DESTINATION_ACCOUNT_FROZEN";
    public const string DestinationAccountClosed = "DESTINATION_ACCOUNT_CLOSED";
    public const string DestinationAccountNotFound = "DESTINATION_ACCOUNT_NOT_FOUND";
    public const string SameAccount = "SAME_ACCOUNT";
    public const string AssetNotFound = "ASSET_NOT_FOUND";
    public const string AssetInactive = "ASSET_INACTIVE";
    public const string NoExchangeRate = "NO_EXCHANGE_RATE";
    public const string AmountTooSmall = "AMOUNT_TOO_SMALL";
    public const string IdempotencyKeyReused = "IDEMPOTENCY_KEY_REUSED";
    public const string PollNotActive = "POLL_NOT_ACTIVE";
    public const string AlreadyVoted = "ALREADY_VOTED";
    public const string InvalidOptions = "INVALID_OPTIONS";
    public const string NoVotingPower = "NO_VOTING_POWER";
    public const string InvalidState = "INVALID_STATE";
    public const string RateLimited = "RATE_LIMITED";
    public const string Unavailable = "UNAVAILABLE";
    public const string EmailTaken = "EMAIL_TAKEN";
}
