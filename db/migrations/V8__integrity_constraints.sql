-- V8: constraints as defence in depth (issue 8). The application validates everything first; these make the database
-- refuse what a bug would otherwise write. Only constraints MariaDB 10.11 and MySQL 8.0 both enforce:
--   * CHECK constraints (MySQL >= 8.0.16, MariaDB >= 10.2) on value ranges and enumerated statuses and types;
--   * CHECK (JSON_VALID(col)) on every JSON column: MySQL's json type and MariaDB's json alias (longtext plus an
--     implicit check) both imply it already; the named constraint makes it explicit and survives a dump/restore into
--     either server;
--   * foreign keys from read models to the rows they hang off.
-- Rules followed, each on purpose:
--   * CHECK constraint and foreign key names are unique per schema in MySQL: every name starts with its table.
--   * No CHECK uses a foreign key column (MySQL refuses CHECKs on columns of FKs with referential actions).
--   * Foreign keys only where the group-commit writer's statement order satisfies them: the `accounts` row is
--     written first in every account batch (ReadModelStatement Order 10), `transfers` (15), `account_balances` (20)
--     and `turnovers` (30) after it, so rows referencing the stream's own account always find it.
--   * No foreign key from `transfers.to_account_uuid` to `accounts`: a transfer to an unknown account is recorded
--     (TransferInitiated) and then fails with DESTINATION_ACCOUNT_NOT_FOUND; the row must be writable.
--   * No foreign keys to `users`: accounts, votes and idempotency keys name users by uuid, and grains are driven
--     directly (tests, internal callers) by callers whose users row lives in the identity store's own lifecycle.
--   * Statuses and types are the SPEC's vocabularies (SPEC §5-§10); a new value needs a new migration.

-- users ---------------------------------------------------------------------------------------------------------------
ALTER TABLE `users`
  ADD CONSTRAINT `users_is_admin_boolean` CHECK (`is_admin` IN (0, 1));

-- assets (type is an enum, precision 0..18 since V1) ------------------------------------------------------------------
ALTER TABLE `assets`
  ADD CONSTRAINT `assets_is_active_boolean` CHECK (`is_active` IN (0, 1)),
  ADD CONSTRAINT `assets_code_length` CHECK (CHAR_LENGTH(`code`) BETWEEN 2 AND 10),
  ADD CONSTRAINT `assets_metadata_json` CHECK (JSON_VALID(`metadata`));

-- exchange_rates (rate > 0 since V1) ----------------------------------------------------------------------------------
ALTER TABLE `exchange_rates`
  ADD CONSTRAINT `exchange_rates_source_valid` CHECK (`source` IS NULL OR `source` IN ('manual', 'api', 'oracle', 'market')),
  ADD CONSTRAINT `exchange_rates_is_active_boolean` CHECK (`is_active` IN (0, 1)),
  ADD CONSTRAINT `exchange_rates_metadata_json` CHECK (JSON_VALID(`metadata`));

-- stored_events / snapshots -------------------------------------------------------------------------------------------
ALTER TABLE `stored_events`
  ADD CONSTRAINT `stored_events_aggregate_uuid_not_empty` CHECK (CHAR_LENGTH(`aggregate_uuid`) > 0),
  ADD CONSTRAINT `stored_events_aggregate_version_positive` CHECK (`aggregate_version` >= 1),
  ADD CONSTRAINT `stored_events_event_version_positive` CHECK (`event_version` >= 1),
  ADD CONSTRAINT `stored_events_event_class_not_empty` CHECK (CHAR_LENGTH(`event_class`) > 0),
  ADD CONSTRAINT `stored_events_event_properties_json` CHECK (JSON_VALID(`event_properties`)),
  ADD CONSTRAINT `stored_events_meta_data_json` CHECK (JSON_VALID(`meta_data`));

ALTER TABLE `snapshots`
  ADD CONSTRAINT `snapshots_aggregate_version_positive` CHECK (`aggregate_version` >= 1),
  ADD CONSTRAINT `snapshots_state_json` CHECK (JSON_VALID(`state`));

-- turnovers (debit/credit >= 0 since V1): rows of an existing account, in a known asset -------------------------------
ALTER TABLE `turnovers`
  ADD CONSTRAINT `turnovers_account_uuid_foreign` FOREIGN KEY (`account_uuid`) REFERENCES `accounts` (`uuid`) ON DELETE CASCADE,
  ADD CONSTRAINT `turnovers_asset_code_foreign` FOREIGN KEY (`asset_code`) REFERENCES `assets` (`code`);

-- transfers (amounts > 0 and status since V1): the source account's row exists, assets are known ---------------------
ALTER TABLE `transfers`
  ADD CONSTRAINT `transfers_from_account_uuid_foreign` FOREIGN KEY (`from_account_uuid`) REFERENCES `accounts` (`uuid`),
  ADD CONSTRAINT `transfers_asset_code_foreign` FOREIGN KEY (`asset_code`) REFERENCES `assets` (`code`),
  ADD CONSTRAINT `transfers_to_asset_code_foreign` FOREIGN KEY (`to_asset_code`) REFERENCES `assets` (`code`),
  ADD CONSTRAINT `transfers_failure_reason_only_when_failed` CHECK (`failure_reason` IS NULL OR `status` = 'failed');

-- polls / votes (SPEC §8) ---------------------------------------------------------------------------------------------
ALTER TABLE `polls`
  ADD CONSTRAINT `polls_status_valid` CHECK (`status` IN ('draft', 'active', 'closed', 'executed', 'failed', 'cancelled')),
  ADD CONSTRAINT `polls_type_valid` CHECK (`type` IN ('single_choice', 'multiple_choice', 'weighted')),
  ADD CONSTRAINT `polls_voting_power_strategy_valid`
    CHECK (`voting_power_strategy` IS NULL OR `voting_power_strategy` IN ('one_user_one_vote', 'asset_weighted', 'sqrt_weighted')),
  ADD CONSTRAINT `polls_execution_workflow_valid`
    CHECK (`execution_workflow` IS NULL OR `execution_workflow` IN ('add_asset', 'update_setting')),
  ADD CONSTRAINT `polls_required_participation_range`
    CHECK (`required_participation` IS NULL OR `required_participation` BETWEEN 1 AND 100),
  ADD CONSTRAINT `polls_options_json` CHECK (JSON_VALID(`options`)),
  ADD CONSTRAINT `polls_voting_power_config_json` CHECK (JSON_VALID(`voting_power_config`));

ALTER TABLE `votes`
  ADD CONSTRAINT `votes_voting_power_not_negative` CHECK (`voting_power` >= 0),
  ADD CONSTRAINT `votes_selected_options_json` CHECK (JSON_VALID(`selected_options`));

-- webhooks / webhook_deliveries (SPEC §9) -----------------------------------------------------------------------------
ALTER TABLE `webhooks`
  ADD CONSTRAINT `webhooks_timeout_seconds_range` CHECK (`timeout_seconds` BETWEEN 1 AND 30),
  ADD CONSTRAINT `webhooks_retry_attempts_range` CHECK (`retry_attempts` BETWEEN 0 AND 10),
  ADD CONSTRAINT `webhooks_is_active_boolean` CHECK (`is_active` IN (0, 1)),
  ADD CONSTRAINT `webhooks_events_json` CHECK (JSON_VALID(`events`)),
  ADD CONSTRAINT `webhooks_headers_json` CHECK (JSON_VALID(`headers`));

ALTER TABLE `webhook_deliveries`
  ADD CONSTRAINT `webhook_deliveries_status_valid` CHECK (`status` IN ('pending', 'retrying', 'success', 'failed')),
  ADD CONSTRAINT `webhook_deliveries_attempts_not_negative` CHECK (`attempts` >= 0),
  ADD CONSTRAINT `webhook_deliveries_payload_json` CHECK (JSON_VALID(`payload`));

-- settings (SPEC §10) -------------------------------------------------------------------------------------------------
ALTER TABLE `settings`
  ADD CONSTRAINT `settings_type_valid` CHECK (`type` IN ('string', 'boolean', 'integer', 'json', 'array')),
  ADD CONSTRAINT `settings_is_encrypted_boolean` CHECK (`is_encrypted` IN (0, 1));

-- idempotency_keys ----------------------------------------------------------------------------------------------------
ALTER TABLE `idempotency_keys`
  ADD CONSTRAINT `idempotency_keys_result_json` CHECK (JSON_VALID(`result_json`));
