using System.Globalization;

namespace FinAegis.LoadTest;

public enum Operation
{
    Transfer,
    Deposit,
    Withdraw,
    Balance,
    Convert,
}

/// <summary>The request mix: weights per operation, parsed from "transfer=70,deposit=10,balance=20,convert=0".</summary>
public sealed class Mix
{
    private readonly (Operation Operation, int CumulativeWeight)[] _table;

    private Mix(IReadOnlyDictionary<Operation, int> weights)
    {
        Weights = weights;
        var cumulative = 0;
        _table = weights.Where(pair => pair.Value > 0).OrderBy(pair => pair.Key)
            .Select(pair => (pair.Key, cumulative += pair.Value)).ToArray();
        Total = cumulative;
    }

    public IReadOnlyDictionary<Operation, int> Weights { get; }

    public int Total { get; }

    public bool Includes(Operation operation) => Weights.TryGetValue(operation, out var weight) && weight > 0;

    /// <summary>Parses the flag; throws <see cref="FormatException"/> with a message for the user.</summary>
    public static Mix Parse(string text)
    {
        var weights = new Dictionary<Operation, int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pieces.Length != 2 || !Enum.TryParse<Operation>(pieces[0], ignoreCase: true, out var operation) || int.TryParse(pieces[0], out _))
            {
                throw new FormatException($"--mix: '{part}' is not name=weight with a name among transfer, deposit, withdraw, balance, convert.");
            }
            if (!int.TryParse(pieces[1], NumberStyles.None, CultureInfo.InvariantCulture, out var weight) || weight > 1_000_000)
            {
                throw new FormatException($"--mix: the weight of {pieces[0]} must be a whole number from 0 to 1000000.");
            }
            if (!weights.TryAdd(operation, weight))
            {
                throw new FormatException($"--mix: {pieces[0]} appears twice.");
            }
        }
        if (weights.Values.Sum() == 0)
        {
            throw new FormatException("--mix: at least one operation needs a positive weight.");
        }
        return new Mix(weights);
    }

    /// <summary>The operation for a uniform draw in [0, Total).</summary>
    public Operation Pick(int draw)
    {
        foreach (var (operation, cumulative) in _table)
        {
            if (draw < cumulative)
            {
                return operation;
            }
        }
        throw new ArgumentOutOfRangeException(nameof(draw));
    }
}
