namespace FinAegis.Grains.Governance;

/// <summary>
/// When the close reminder fires. Orleans reminders need a period of at least a minute, and due times far ahead are
/// capped (timers are limited to about 49 days); a reminder that fires before end_date simply re-registers itself.
/// The period is the retry interval if closing or executing fails (the database is down): the reminder keeps firing
/// until the poll's outcome is recorded, then it is removed.
/// </summary>
public static class PollSchedule
{
    public const string CloseReminder = "close-at-end-date";

    public static readonly TimeSpan Period = TimeSpan.FromMinutes(1);

    /// <summary>Longest due time registered at once; a later end_date re-registers when this fires.</summary>
    public static readonly TimeSpan MaxDueTime = TimeSpan.FromDays(7);

    /// <summary>Smallest due time: an end_date just passed or about to pass fires as soon as possible.</summary>
    public static readonly TimeSpan MinDueTime = TimeSpan.FromMilliseconds(100);

    public static TimeSpan DueTime(DateTimeOffset now, DateTimeOffset endDate)
    {
        var due = endDate - now;
        if (due < MinDueTime)
        {
            return MinDueTime;
        }
        return due > MaxDueTime ? MaxDueTime : due;
    }

    /// <summary>Votes are accepted while start_date &lt;= now &lt; end_date.</summary>
    public static bool IsOpen(DateTimeOffset now, DateTimeOffset startDate, DateTimeOffset endDate) => startDate <= now && now < endDate;

    public static bool IsDue(DateTimeOffset now, DateTimeOffset endDate) => now >= endDate;
}
