using System.Text.Json;
using System.Text.Json.Serialization;
using FinAegis.Grains.Abstractions.Accounts;
using FinAegis.Grains.Abstractions.Transfers;
using FinAegis.Grains.EventSourcing;

namespace FinAegis.Grains.Accounts;

/// <summary>
/// The snapshot JSON of an <see cref="AccountState"/>. Its operation windows (up to 256 operations, transfers and
/// exchanges each) are nearly all of a snapshot's bytes, and a busy account writes one every SnapshotEvery events:
/// each view in them is a positional array in its record's parameter order instead of an object repeating every
/// property name, about a third fewer bytes to serialize, send, validate as JSON and store. Views written as objects
/// (older snapshots) still read.
/// </summary>
public static class AccountStateJson
{
    public static readonly JsonSerializerOptions Options = new(StateSnapshotSerializer.DefaultOptions)
    {
        Converters = { new TransactionViewConverter(), new TransferViewConverter(), new ExchangeViewConverter() },
    };

    private sealed class TransactionViewConverter : JsonConverter<TransactionView>
    {
        public override void Write(Utf8JsonWriter writer, TransactionView view, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            writer.WriteStringValue(view.Uuid);
            writer.WriteStringValue(view.AccountUuid);
            writer.WriteStringValue(view.Type);
            writer.WriteStringValue(view.AssetCode);
            writer.WriteNumberValue(view.Amount);
            writer.WriteNumberValue(view.BalanceAfter);
            writer.WriteStringValue(view.Description);
            Positional.Write(writer, view.TransferUuid);
            writer.WriteStringValue(view.CreatedAt);
            writer.WriteEndArray();
        }

        public override TransactionView Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                return Positional.ReadObject<TransactionView>(ref reader);
            }
            Positional.Start(ref reader);
            var view = new TransactionView(Positional.Guid(ref reader), Positional.Guid(ref reader), Positional.String(ref reader),
                Positional.String(ref reader), Positional.Long(ref reader), Positional.Long(ref reader), Positional.NullableString(ref reader),
                Positional.NullableGuid(ref reader), Positional.Time(ref reader));
            Positional.End(ref reader);
            return view;
        }
    }

    private sealed class TransferViewConverter : JsonConverter<TransferView>
    {
        public override void Write(Utf8JsonWriter writer, TransferView view, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            writer.WriteStringValue(view.Uuid);
            writer.WriteStringValue(view.Status);
            writer.WriteStringValue(view.FromAccountUuid);
            writer.WriteStringValue(view.ToAccountUuid);
            writer.WriteStringValue(view.AssetCode);
            writer.WriteNumberValue(view.Amount);
            writer.WriteStringValue(view.ToAssetCode);
            writer.WriteNumberValue(view.ToAmount);
            writer.WriteStringValue(view.Rate);
            writer.WriteStringValue(view.Reference);
            writer.WriteStringValue(view.Description);
            writer.WriteStringValue(view.FailureReason);
            writer.WriteStringValue(view.CreatedAt);
            Positional.Write(writer, view.CompletedAt);
            writer.WriteEndArray();
        }

        public override TransferView Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                return Positional.ReadObject<TransferView>(ref reader);
            }
            Positional.Start(ref reader);
            var view = new TransferView(Positional.Guid(ref reader), Positional.String(ref reader), Positional.Guid(ref reader),
                Positional.Guid(ref reader), Positional.String(ref reader), Positional.Long(ref reader), Positional.String(ref reader),
                Positional.Long(ref reader), Positional.NullableString(ref reader), Positional.NullableString(ref reader),
                Positional.NullableString(ref reader), Positional.NullableString(ref reader), Positional.Time(ref reader),
                Positional.NullableTime(ref reader));
            Positional.End(ref reader);
            return view;
        }
    }

    private sealed class ExchangeViewConverter : JsonConverter<ExchangeView>
    {
        public override void Write(Utf8JsonWriter writer, ExchangeView view, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            writer.WriteStringValue(view.Uuid);
            writer.WriteStringValue(view.AccountUuid);
            writer.WriteStringValue(view.FromAsset);
            writer.WriteStringValue(view.ToAsset);
            writer.WriteNumberValue(view.FromAmount);
            writer.WriteNumberValue(view.ToAmount);
            writer.WriteStringValue(view.Rate);
            writer.WriteStringValue(view.RateNumerator);
            writer.WriteStringValue(view.RateDenominator);
            writer.WriteStringValue(view.Derivation);
            writer.WriteNumberValue(view.FromBalanceAfter);
            writer.WriteNumberValue(view.ToBalanceAfter);
            writer.WriteStringValue(view.CreatedAt);
            writer.WriteEndArray();
        }

        public override ExchangeView Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                return Positional.ReadObject<ExchangeView>(ref reader);
            }
            Positional.Start(ref reader);
            var view = new ExchangeView(Positional.Guid(ref reader), Positional.Guid(ref reader), Positional.String(ref reader),
                Positional.String(ref reader), Positional.Long(ref reader), Positional.Long(ref reader), Positional.String(ref reader),
                Positional.String(ref reader), Positional.String(ref reader), Positional.String(ref reader), Positional.Long(ref reader),
                Positional.Long(ref reader), Positional.Time(ref reader));
            Positional.End(ref reader);
            return view;
        }
    }

    /// <summary>Reads the elements of a positional array one after another; a missing or extra element is an error.</summary>
    private static class Positional
    {
        public static T ReadObject<T>(ref Utf8JsonReader reader)
            => JsonSerializer.Deserialize<T>(ref reader, StateSnapshotSerializer.DefaultOptions)
                ?? throw new JsonException($"A null {typeof(T).Name} in an account snapshot.");

        public static void Start(ref Utf8JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new JsonException($"Expected an array or an object in an account snapshot, found {reader.TokenType}.");
            }
        }

        public static void End(ref Utf8JsonReader reader)
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray)
            {
                throw new JsonException("A view in an account snapshot has more elements than its record.");
            }
        }

        public static void Write(Utf8JsonWriter writer, Guid? value)
        {
            if (value is { } guid)
            {
                writer.WriteStringValue(guid);
            }
            else
            {
                writer.WriteNullValue();
            }
        }

        public static void Write(Utf8JsonWriter writer, DateTimeOffset? value)
        {
            if (value is { } time)
            {
                writer.WriteStringValue(time);
            }
            else
            {
                writer.WriteNullValue();
            }
        }

        public static Guid Guid(ref Utf8JsonReader reader)
        {
            Next(ref reader);
            return reader.GetGuid();
        }

        public static Guid? NullableGuid(ref Utf8JsonReader reader)
        {
            Next(ref reader);
            return reader.TokenType == JsonTokenType.Null ? null : reader.GetGuid();
        }

        public static string String(ref Utf8JsonReader reader)
            => NullableString(ref reader) ?? throw new JsonException("A required text in an account snapshot is null.");

        public static string? NullableString(ref Utf8JsonReader reader)
        {
            Next(ref reader);
            return reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
        }

        public static long Long(ref Utf8JsonReader reader)
        {
            Next(ref reader);
            return reader.GetInt64();
        }

        public static DateTimeOffset Time(ref Utf8JsonReader reader)
            => NullableTime(ref reader) ?? throw new JsonException("A required time in an account snapshot is null.");

        public static DateTimeOffset? NullableTime(ref Utf8JsonReader reader)
        {
            Next(ref reader);
            return reader.TokenType == JsonTokenType.Null ? null : reader.GetDateTimeOffset();
        }

        private static void Next(ref Utf8JsonReader reader)
        {
            if (!reader.Read() || reader.TokenType == JsonTokenType.EndArray)
            {
                throw new JsonException("A view in an account snapshot has fewer elements than its record.");
            }
        }
    }
}
