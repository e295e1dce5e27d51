-- V10: the read models upserted on every money movement (`accounts`, `account_balances`, `turnovers`) are clustered
-- on their natural key instead of the auto-increment `id`.
--
-- Why: the event store writes these rows with INSERT ... ON DUPLICATE KEY UPDATE, and almost every such write meets
-- an existing row. InnoDB inserts into the clustered index first; with `id` as the primary key the new clustered
-- record goes in, the unique secondary key then reports the duplicate, the clustered record is rolled back, and only
-- then is the existing row found and updated. With the natural key as the primary key the duplicate is found at the
-- first step. Measured on MariaDB 10.11 (90,000 upserts of existing rows, 60 per transaction): 1.3-1.6 s of server
-- CPU instead of 2.5-2.7 s. Upserts were 38 % of the server's CPU under the transfers load.
--
-- Nothing else changes: `id` stays, auto-incremented and unique; the natural key stays unique (now as the primary
-- key, so a duplicate is reported for key 'PRIMARY'). `transfers` and `stored_events` keep `id` as their primary key:
-- they grow with every transfer, and random uuid inserts into their clustered index would cost more than they save.
--
-- Each table takes two statements so that a foreign key on the natural key always has an index to use (MySQL refuses
-- to drop an index a foreign key needs, even when the same statement adds another).

ALTER TABLE `accounts`
  DROP PRIMARY KEY,
  ADD PRIMARY KEY (`uuid`),
  ADD UNIQUE KEY `accounts_id_unique` (`id`);
ALTER TABLE `accounts`
  DROP INDEX `accounts_uuid_unique`;

ALTER TABLE `account_balances`
  DROP PRIMARY KEY,
  ADD PRIMARY KEY (`account_uuid`, `asset_code`),
  ADD UNIQUE KEY `account_balances_id_unique` (`id`);
ALTER TABLE `account_balances`
  DROP INDEX `account_balances_account_uuid_asset_code_unique`;

ALTER TABLE `turnovers`
  DROP PRIMARY KEY,
  ADD PRIMARY KEY (`account_uuid`, `period`, `asset_code`),
  ADD UNIQUE KEY `turnovers_id_unique` (`id`);
ALTER TABLE `turnovers`
  DROP INDEX `turnovers_account_uuid_period_asset_unique`;
