using Microsoft.Extensions.Options;

namespace FinAegis.Grains.Identity;

/// <summary>
/// bcrypt, off the grain's turn: hashing costs tens of milliseconds of CPU, and the identity grain is reentrant, so
/// token resolution keeps flowing while a login hashes on the thread pool.
/// </summary>
public sealed class PasswordHasher(IOptions<IdentityOptions> options)
{
    private readonly Lazy<string> _dummyHash = new(() => Hash("not-a-real-password", options.Value.BcryptWorkFactor));

    public Task<string> HashAsync(string password) =>
        Task.Run(() => Hash(password, options.Value.BcryptWorkFactor));

    /// <summary>
    /// Checks a password; with no stored hash (unknown email) it still spends the same time on a dummy hash, so the
    /// answer's timing does not tell which emails are registered.
    /// </summary>
    public Task<bool> VerifyAsync(string password, string? storedHash) =>
        Task.Run(() =>
        {
            if (storedHash is null)
            {
                SafeVerify(password, _dummyHash.Value);
                return false;
            }
            return SafeVerify(password, storedHash);
        });

    // "$2y$" is the prefix Laravel writes, so hashes stay interchangeable with the PHP implementation.
    private static string Hash(string password, int workFactor) =>
        BCrypt.Net.BCrypt.HashPassword(password, BCrypt.Net.BCrypt.GenerateSalt(workFactor, 'y'));

    private static bool SafeVerify(string password, string hash)
    {
        try
        {
            return BCrypt.Net.BCrypt.Verify(password, hash);
        }
        catch (BCrypt.Net.SaltParseException)
        {
            // A row whose password column is not a bcrypt hash can never be logged into.
            return false;
        }
    }
}
