-- Silos that start at the same moment all ask to create their cluster's version row. The INSERT ... SELECT ...
-- WHERE NOT EXISTS of V2 takes gap locks on MariaDB and two such inserts could deadlock, failing a silo's start
-- (seen in CI with two test silos starting together). A single-row INSERT IGNORE on the primary key cannot
-- deadlock: the second writer waits for the first and then finds the row. Returns 1 when it created the row.
UPDATE OrleansQuery
   SET QueryText = 'INSERT IGNORE INTO OrleansMembershipVersionTable (DeploymentId)
 SELECT @DeploymentId FROM DUAL WHERE @DeploymentId IS NOT NULL;
 SELECT ROW_COUNT();'
 WHERE QueryKey = 'InsertMembershipVersionKey';
