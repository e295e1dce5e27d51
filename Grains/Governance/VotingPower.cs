using FinAegis.Grains.Abstractions.Governance;

namespace FinAegis.Grains.Governance;

/// <summary>A voter's power under each strategy of SPEC §8, from their holdings in minor units.</summary>
public static class VotingPower
{
    /// <param name="holdingsMinor">The voter's total of the poll's asset across their open accounts, in minor units.</param>
    /// <param name="precision">The asset's precision: power counts whole major units.</param>
    public static long Compute(string strategy, decimal holdingsMinor, int precision) => strategy switch
    {
        VotingPowerStrategies.OneUserOneVote => 1,
        VotingPowerStrategies.AssetWeighted => WholeMajorUnits(holdingsMinor, precision),
        VotingPowerStrategies.SqrtWeighted => IntegerSquareRoot(WholeMajorUnits(holdingsMinor, precision)),
        _ => 0,
    };

    public static long WholeMajorUnits(decimal holdingsMinor, int precision)
    {
        if (holdingsMinor <= 0)
        {
            return 0;
        }
        var major = decimal.Floor(holdingsMinor / Pow10(precision));
        return major >= long.MaxValue ? long.MaxValue : (long)major;
    }

    /// <summary>floor(√n), exact for every long (no floating-point rounding at perfect squares).</summary>
    public static long IntegerSquareRoot(long n)
    {
        if (n <= 0)
        {
            return 0;
        }
        var root = (long)Math.Sqrt(n);
        while ((Int128)root * root > n)
        {
            root--;
        }
        while ((Int128)(root + 1) * (root + 1) <= n)
        {
            root++;
        }
        return root;
    }

    private static decimal Pow10(int precision)
    {
        var result = 1m;
        for (var i = 0; i < precision; i++)
        {
            result *= 10;
        }
        return result;
    }
}
