-- =====================================================================================
-- V2: Orleans ADO.NET provider schema (Orleans 10.4.2, invariant MySql.Data.MySqlConnector)
--
-- Covers three providers:
--   * clustering    (Microsoft.Orleans.Clustering.AdoNet)
--   * reminders     (Microsoft.Orleans.Reminders.AdoNet)
--   * grain storage (Microsoft.Orleans.Persistence.AdoNet)
--
-- Runs unchanged on MariaDB 10.11 and MySQL 8.0. No DELIMITER, no stored routines:
-- every operation the providers perform is a plain SQL text kept in OrleansQuery
-- and executed by the provider as one (possibly multi-statement) command.
--
-- Rules for the query texts below (they are sent through MySqlConnector):
--   * parameters are written as @Name and are bound by the provider;
--     session user variables are NOT used (MySqlConnector would reject them
--     unless AllowUserVariables=true), and no question marks appear.
--   * the column names and aliases of the result sets are read by name
--     by the providers and must not be renamed.
--   * all identifier columns use utf8mb4_bin so that grain ids, reminder
--     names and service ids are compared case- and accent-sensitively.
-- =====================================================================================


-- -------------------------------------------------------------------------------------
-- Query registry: the providers load every row of this table at start-up.
-- -------------------------------------------------------------------------------------
CREATE TABLE OrleansQuery
(
    QueryKey  VARCHAR(64) NOT NULL,
    QueryText TEXT        NOT NULL,
    PRIMARY KEY (QueryKey)
) ENGINE = InnoDB DEFAULT CHARACTER SET = utf8mb4 COLLATE = utf8mb4_bin;


-- =====================================================================================
-- Clustering (membership)
-- =====================================================================================

-- One row per cluster (DeploymentId = ClusterId); Version is the membership table etag.
CREATE TABLE OrleansMembershipVersionTable
(
    DeploymentId VARCHAR(150) NOT NULL,
    Timestamp    DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    Version      INT          NOT NULL DEFAULT 0,
    PRIMARY KEY (DeploymentId)
) ENGINE = InnoDB DEFAULT CHARACTER SET = utf8mb4 COLLATE = utf8mb4_bin;

-- One row per silo incarnation (address, port, generation).
CREATE TABLE OrleansMembershipTable
(
    DeploymentId VARCHAR(150) NOT NULL,
    Address      VARCHAR(45)  NOT NULL,
    Port         INT          NOT NULL,
    Generation   INT          NOT NULL,
    SiloName     VARCHAR(150) NOT NULL,
    HostName     VARCHAR(150) NOT NULL,
    Status       INT          NOT NULL,
    ProxyPort    INT          NULL,
    SuspectTimes TEXT         NULL,
    StartTime    DATETIME(3)  NOT NULL,
    IAmAliveTime DATETIME(3)  NOT NULL,
    PRIMARY KEY (DeploymentId, Address, Port, Generation),
    CONSTRAINT FK_MembershipTable_MembershipVersionTable_DeploymentId
        FOREIGN KEY (DeploymentId) REFERENCES OrleansMembershipVersionTable (DeploymentId)
) ENGINE = InnoDB DEFAULT CHARACTER SET = utf8mb4 COLLATE = utf8mb4_bin;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
(
'UpdateIAmAlivetimeKey',
'UPDATE OrleansMembershipTable
    SET IAmAliveTime = @IAmAliveTime
  WHERE DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL
    AND Address = @Address AND @Address IS NOT NULL
    AND Port = @Port AND @Port IS NOT NULL
    AND Generation = @Generation AND @Generation IS NOT NULL;'
),
(
-- Returns 1 when the version row was created, 0 when it already existed.
'InsertMembershipVersionKey',
'INSERT INTO OrleansMembershipVersionTable (DeploymentId)
 SELECT src.DeploymentId
   FROM (SELECT @DeploymentId AS DeploymentId) AS src
  WHERE src.DeploymentId IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM OrleansMembershipVersionTable v
                     WHERE v.DeploymentId = src.DeploymentId);
 SELECT ROW_COUNT();'
),
(
-- Bumps the table version first (only if the etag matches and the silo row is new),
-- then inserts the silo row only if that bump happened. Returns 1 on success, 0 otherwise.
'InsertMembershipKey',
'START TRANSACTION;
 UPDATE OrleansMembershipVersionTable
    SET Version = Version + 1
  WHERE DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL
    AND Version = @Version AND @Version IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM OrleansMembershipTable m
                     WHERE m.DeploymentId = @DeploymentId
                       AND m.Address = @Address
                       AND m.Port = @Port
                       AND m.Generation = @Generation);
 INSERT INTO OrleansMembershipTable
        (DeploymentId, Address, Port, Generation, SiloName, HostName,
         Status, ProxyPort, StartTime, IAmAliveTime)
 SELECT @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
        @Status, @ProxyPort, @StartTime, @IAmAliveTime
   FROM DUAL
  WHERE ROW_COUNT() > 0;
 SELECT ROW_COUNT();
 COMMIT;'
),
(
-- Returns 1 when both the version bump and the row update happened, 0 otherwise.
'UpdateMembershipKey',
'START TRANSACTION;
 UPDATE OrleansMembershipVersionTable
    SET Version = Version + 1
  WHERE DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL
    AND Version = @Version AND @Version IS NOT NULL;
 UPDATE OrleansMembershipTable
    SET Status = @Status,
        SuspectTimes = @SuspectTimes,
        IAmAliveTime = @IAmAliveTime
  WHERE DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL
    AND Address = @Address AND @Address IS NOT NULL
    AND Port = @Port AND @Port IS NOT NULL
    AND Generation = @Generation AND @Generation IS NOT NULL
    AND ROW_COUNT() > 0;
 SELECT ROW_COUNT();
 COMMIT;'
),
(
'GatewaysQueryKey',
'SELECT Address, ProxyPort, Generation
   FROM OrleansMembershipTable
  WHERE DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL
    AND Status = @Status AND @Status IS NOT NULL
    AND ProxyPort > 0;'
),
(
-- The LEFT JOIN makes sure the version row is returned even without a matching silo row.
'MembershipReadRowKey',
'SELECT v.DeploymentId,
        m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status,
        m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime,
        v.Version
   FROM OrleansMembershipVersionTable v
   LEFT OUTER JOIN OrleansMembershipTable m
     ON v.DeploymentId = m.DeploymentId
    AND m.Address = @Address AND @Address IS NOT NULL
    AND m.Port = @Port AND @Port IS NOT NULL
    AND m.Generation = @Generation AND @Generation IS NOT NULL
  WHERE v.DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL;'
),
(
'MembershipReadAllKey',
'SELECT v.DeploymentId,
        m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status,
        m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime,
        v.Version
   FROM OrleansMembershipVersionTable v
   LEFT OUTER JOIN OrleansMembershipTable m
     ON v.DeploymentId = m.DeploymentId
  WHERE v.DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL;'
),
(
'DeleteMembershipTableEntriesKey',
'DELETE FROM OrleansMembershipTable
  WHERE DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL;
 DELETE FROM OrleansMembershipVersionTable
  WHERE DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL;'
),
(
-- Removes rows of silos that are not Active (status 3) and have not been alive since @IAmAliveTime.
'CleanupDefunctSiloEntriesKey',
'DELETE FROM OrleansMembershipTable
  WHERE DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL
    AND IAmAliveTime < @IAmAliveTime
    AND Status <> 3;'
);


-- =====================================================================================
-- Reminders
-- =====================================================================================

CREATE TABLE OrleansRemindersTable
(
    ServiceId    VARCHAR(150) NOT NULL,
    GrainId      VARCHAR(250) NOT NULL,
    ReminderName VARCHAR(150) NOT NULL,
    StartTime    DATETIME(3)  NOT NULL,
    Period       BIGINT       NOT NULL,
    GrainHash    INT          NOT NULL,
    Version      INT          NOT NULL,
    PRIMARY KEY (ServiceId, GrainId, ReminderName),
    INDEX IX_RemindersTable_ServiceId_GrainHash (ServiceId, GrainHash)
) ENGINE = InnoDB DEFAULT CHARACTER SET = utf8mb4 COLLATE = utf8mb4_bin;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
(
-- Version starts at 0 on insert and is incremented on update; LAST_INSERT_ID(expr)
-- carries the new value to the final SELECT (read by name as Version).
'UpsertReminderRowKey',
'INSERT INTO OrleansRemindersTable
        (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
 VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, LAST_INSERT_ID(0))
 ON DUPLICATE KEY UPDATE
        StartTime = @StartTime,
        Period = @Period,
        GrainHash = @GrainHash,
        Version = LAST_INSERT_ID(Version + 1);
 SELECT LAST_INSERT_ID() AS Version;'
),
(
'ReadReminderRowsKey',
'SELECT GrainId, ReminderName, StartTime, Period, Version
   FROM OrleansRemindersTable
  WHERE ServiceId = @ServiceId AND @ServiceId IS NOT NULL
    AND GrainId = @GrainId AND @GrainId IS NOT NULL;'
),
(
'ReadReminderRowKey',
'SELECT GrainId, ReminderName, StartTime, Period, Version
   FROM OrleansRemindersTable
  WHERE ServiceId = @ServiceId AND @ServiceId IS NOT NULL
    AND GrainId = @GrainId AND @GrainId IS NOT NULL
    AND ReminderName = @ReminderName AND @ReminderName IS NOT NULL;'
),
(
-- Used when BeginHash < EndHash (a contiguous range of the ring).
'ReadRangeRows1Key',
'SELECT GrainId, ReminderName, StartTime, Period, Version
   FROM OrleansRemindersTable
  WHERE ServiceId = @ServiceId AND @ServiceId IS NOT NULL
    AND GrainHash > @BeginHash AND @BeginHash IS NOT NULL
    AND GrainHash <= @EndHash AND @EndHash IS NOT NULL;'
),
(
-- Used when the range wraps around the ring.
'ReadRangeRows2Key',
'SELECT GrainId, ReminderName, StartTime, Period, Version
   FROM OrleansRemindersTable
  WHERE ServiceId = @ServiceId AND @ServiceId IS NOT NULL
    AND ((GrainHash > @BeginHash AND @BeginHash IS NOT NULL)
      OR (GrainHash <= @EndHash AND @EndHash IS NOT NULL));'
),
(
-- Returns 1 when the row (with the given etag) was deleted, 0 otherwise.
'DeleteReminderRowKey',
'DELETE FROM OrleansRemindersTable
  WHERE ServiceId = @ServiceId AND @ServiceId IS NOT NULL
    AND GrainId = @GrainId AND @GrainId IS NOT NULL
    AND ReminderName = @ReminderName AND @ReminderName IS NOT NULL
    AND Version = @Version AND @Version IS NOT NULL;
 SELECT ROW_COUNT();'
),
(
'DeleteReminderRowsKey',
'DELETE FROM OrleansRemindersTable
  WHERE ServiceId = @ServiceId AND @ServiceId IS NOT NULL;'
);


-- =====================================================================================
-- Grain storage
-- =====================================================================================

-- Grains are located through the (GrainIdHash, GrainTypeHash) index computed by the
-- provider; the remaining key columns resolve hash collisions. Id is a surrogate key
-- only (the provider never reads it) so that the table has an explicit primary key.
-- A cleared state keeps its row with PayloadBinary = NULL and a bumped Version.
CREATE TABLE OrleansStorage
(
    Id                     BIGINT       NOT NULL AUTO_INCREMENT,
    GrainIdHash            INT          NOT NULL,
    GrainIdN0              BIGINT       NOT NULL,
    GrainIdN1              BIGINT       NOT NULL,
    GrainTypeHash          INT          NOT NULL,
    GrainTypeString        VARCHAR(512) NOT NULL,
    GrainIdExtensionString VARCHAR(512) NULL,
    ServiceId              VARCHAR(150) NOT NULL,
    PayloadBinary          LONGBLOB     NULL,
    ModifiedOn             DATETIME(3)  NOT NULL,
    Version                INT          NULL,
    PRIMARY KEY (Id),
    INDEX IX_OrleansStorage (GrainIdHash, GrainTypeHash)
) ENGINE = InnoDB DEFAULT CHARACTER SET = utf8mb4 COLLATE = utf8mb4_bin;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
(
'ReadFromStorageKey',
'SELECT PayloadBinary, UTC_TIMESTAMP(3) AS UtcNow, Version
   FROM OrleansStorage
  WHERE GrainIdHash = @GrainIdHash AND @GrainIdHash IS NOT NULL
    AND GrainTypeHash = @GrainTypeHash AND @GrainTypeHash IS NOT NULL
    AND GrainIdN0 = @GrainIdN0 AND @GrainIdN0 IS NOT NULL
    AND GrainIdN1 = @GrainIdN1 AND @GrainIdN1 IS NOT NULL
    AND GrainTypeString = @GrainTypeString AND @GrainTypeString IS NOT NULL
    AND GrainIdExtensionString <=> @GrainIdExtensionString
    AND ServiceId = @ServiceId AND @ServiceId IS NOT NULL
  LIMIT 1;'
),
(
-- Optimistic write. With a known etag (@GrainStateVersion) the row is updated only if
-- its Version still matches; without one a first row is inserted only if none exists.
-- Exactly one of the two branches can apply. The result is at most one row, column
-- NewGrainStateVersion; no row at all tells the provider that the write lost (etag conflict).
'WriteToStorageKey',
'SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
 START TRANSACTION;
 UPDATE OrleansStorage
    SET PayloadBinary = @PayloadBinary,
        ModifiedOn = UTC_TIMESTAMP(3),
        Version = Version + 1
  WHERE GrainIdHash = @GrainIdHash AND @GrainIdHash IS NOT NULL
    AND GrainTypeHash = @GrainTypeHash AND @GrainTypeHash IS NOT NULL
    AND GrainIdN0 = @GrainIdN0 AND @GrainIdN0 IS NOT NULL
    AND GrainIdN1 = @GrainIdN1 AND @GrainIdN1 IS NOT NULL
    AND GrainTypeString = @GrainTypeString AND @GrainTypeString IS NOT NULL
    AND GrainIdExtensionString <=> @GrainIdExtensionString
    AND ServiceId = @ServiceId AND @ServiceId IS NOT NULL
    AND Version IS NOT NULL
    AND Version = @GrainStateVersion AND @GrainStateVersion IS NOT NULL
  LIMIT 1;
 SELECT CAST(@GrainStateVersion + 1 AS SIGNED) AS NewGrainStateVersion
   FROM DUAL
  WHERE ROW_COUNT() > 0;
 INSERT INTO OrleansStorage
        (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString,
         GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version)
 SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
        @GrainIdExtensionString, @ServiceId, @PayloadBinary, UTC_TIMESTAMP(3), 1
   FROM DUAL
  WHERE @GrainStateVersion IS NULL
    AND NOT EXISTS (SELECT 1 FROM OrleansStorage s
                     WHERE s.GrainIdHash = @GrainIdHash
                       AND s.GrainTypeHash = @GrainTypeHash
                       AND s.GrainIdN0 = @GrainIdN0
                       AND s.GrainIdN1 = @GrainIdN1
                       AND s.GrainTypeString = @GrainTypeString
                       AND s.GrainIdExtensionString <=> @GrainIdExtensionString
                       AND s.ServiceId = @ServiceId);
 SELECT CAST(1 AS SIGNED) AS NewGrainStateVersion
   FROM DUAL
  WHERE ROW_COUNT() > 0;
 COMMIT;'
),
(
-- Keeps the row, nulls the payload and bumps Version. Returns one row: the new
-- version on success, the unchanged @GrainStateVersion on an etag conflict.
'ClearStorageKey',
'SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
 START TRANSACTION;
 UPDATE OrleansStorage
    SET PayloadBinary = NULL,
        ModifiedOn = UTC_TIMESTAMP(3),
        Version = Version + 1
  WHERE GrainIdHash = @GrainIdHash AND @GrainIdHash IS NOT NULL
    AND GrainTypeHash = @GrainTypeHash AND @GrainTypeHash IS NOT NULL
    AND GrainIdN0 = @GrainIdN0 AND @GrainIdN0 IS NOT NULL
    AND GrainIdN1 = @GrainIdN1 AND @GrainIdN1 IS NOT NULL
    AND GrainTypeString = @GrainTypeString AND @GrainTypeString IS NOT NULL
    AND GrainIdExtensionString <=> @GrainIdExtensionString
    AND ServiceId = @ServiceId AND @ServiceId IS NOT NULL
    AND Version IS NOT NULL
    AND Version = @GrainStateVersion AND @GrainStateVersion IS NOT NULL
  LIMIT 1;
 SELECT CAST(CASE WHEN ROW_COUNT() > 0 THEN @GrainStateVersion + 1
                  ELSE @GrainStateVersion END AS SIGNED) AS NewGrainStateVersion;
 COMMIT;'
),
(
-- Used when the storage option DeleteStateOnClear is true: removes the row.
-- Returns one row: @GrainStateVersion + 1 on success, the unchanged value on conflict.
'DeleteStorageKey',
'SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
 START TRANSACTION;
 DELETE FROM OrleansStorage
  WHERE GrainIdHash = @GrainIdHash AND @GrainIdHash IS NOT NULL
    AND GrainTypeHash = @GrainTypeHash AND @GrainTypeHash IS NOT NULL
    AND GrainIdN0 = @GrainIdN0 AND @GrainIdN0 IS NOT NULL
    AND GrainIdN1 = @GrainIdN1 AND @GrainIdN1 IS NOT NULL
    AND GrainTypeString = @GrainTypeString AND @GrainTypeString IS NOT NULL
    AND GrainIdExtensionString <=> @GrainIdExtensionString
    AND ServiceId = @ServiceId AND @ServiceId IS NOT NULL
    AND Version IS NOT NULL
    AND Version = @GrainStateVersion AND @GrainStateVersion IS NOT NULL
  LIMIT 1;
 SELECT CAST(CASE WHEN ROW_COUNT() > 0 THEN @GrainStateVersion + 1
                  ELSE @GrainStateVersion END AS SIGNED) AS NewGrainStateVersion;
 COMMIT;'
);
