using FinAegis.Grains.EventSourcing;

namespace FinAegis.Grains.Accounts;

/// <summary>The stable `event_class` names of an account's events (schema vocabulary), never CLR type names.</summary>
public static class AccountEventCodec
{
    public static readonly IEventCodec<AccountEvent> Instance = new JsonEventCodec<AccountEvent>(new Dictionary<string, Type>
    {
        ["AccountCreated"] = typeof(AccountCreated),
        ["MoneyAdded"] = typeof(MoneyAdded),
        ["MoneySubtracted"] = typeof(MoneySubtracted),
        ["AccountFrozen"] = typeof(AccountFrozen),
        ["AccountUnfrozen"] = typeof(AccountUnfrozen),
        ["AccountClosed"] = typeof(AccountClosed),
        ["TransferInitiated"] = typeof(TransferInitiated),
        ["MoneyTransferred"] = typeof(MoneyTransferred),
        ["TransferCompleted"] = typeof(TransferCompleted),
        ["TransferFailed"] = typeof(TransferFailed),
        ["AssetExchangedOut"] = typeof(AssetExchangedOut),
        ["AssetExchangedIn"] = typeof(AssetExchangedIn),
    });
}
