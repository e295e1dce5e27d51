-- FinAegis tables (shared/seed/DATABASE_SCHEMA.md v1.3) in SQL that both MariaDB 10.11 and MySQL 8.0 accept.
-- Deviations from the schema document, each on purpose:
--   * timestamps on event-store and rate rows carry microseconds (timestamp(6)): many events per second per stream.
--   * users.is_admin: the administrator flag SPEC §4 needs.
--   * personal_access_tokens.revoked_at: revocation is a soft delete so every API instance can learn of it by polling.
--   * turnovers.asset_code: turnovers are per asset (SPEC §5), so the unique key includes it.
--   * idempotency_keys: client Idempotency-Keys kept durably, written in the same transaction as the events.
--   * CHECK (balance >= 0) on balances: the database refuses an overdraft even if the application had a bug.
-- Evolve records applied versions in its own table, named `migrations` (see Grains/Storage/DatabaseMigrator.cs).

CREATE TABLE `users` (
  `id` bigint unsigned NOT NULL AUTO_INCREMENT,
  `uuid` char(36) NOT NULL,
  `name` varchar(255) NOT NULL,
  `email` varchar(255) NOT NULL,
  `email_verified_at` timestamp NULL DEFAULT NULL,
  `password` varchar(255) NOT NULL,
  `is_admin` tinyint(1) NOT NULL DEFAULT 0,
  `remember_token` varchar(100) DEFAULT NULL,
  `created_at` timestamp NULL DEFAULT NULL,
  `updated_at` timestamp NULL DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `users_uuid_unique` (`uuid`),
  UNIQUE KEY `users_email_unique` (`email`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `accounts` (
  `id` bigint unsigned NOT NULL AUTO_INCREMENT,
  `uuid` char(36) NOT NULL,
  `user_uuid` char(36) NOT NULL,
  `name` varchar(255) NOT NULL,
  `balance` bigint NOT NULL DEFAULT 0,
  `status` varchar(20) NOT NULL DEFAULT 'active',
  `created_at` timestamp NULL DEFAULT NULL,
  `updated_at` timestamp NULL DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `accounts_uuid_unique` (`uuid`),
  KEY `accounts_user_uuid_index` (`user_uuid`),
  KEY `accounts_status_index` (`status`),
  CONSTRAINT `accounts_balance_not_negative` CHECK (`balance` >= 0),
  CONSTRAINT `accounts_status_valid` CHECK (`status` IN ('active','frozen','closed'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `assets` (
  `code` varchar(10) NOT NULL,
  `name` varchar(100) NOT NULL,
  `type` enum('fiat','crypto','commodity','custom') NOT NULL,
  `precision` tinyint NOT NULL DEFAULT 2,
  `is_active` tinyint(1) NOT NULL DEFAULT 1,
  `metadata` json DEFAULT NULL,
  `created_at` timestamp NULL DEFAULT NULL,
  `updated_at` timestamp NULL DEFAULT NULL,
  PRIMARY KEY (`code`),
  KEY `assets_type_index` (`type`),
  KEY `assets_is_active_index` (`is_active`),
  CONSTRAINT `assets_precision_range` CHECK (`precision` BETWEEN 0 AND 18)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO `assets` (`code`, `name`, `type`, `precision`, `is_active`, `created_at`, `updated_at`) VALUES
  ('USD', 'US Dollar', 'fiat', 2, 1, UTC_TIMESTAMP(), UTC_TIMESTAMP()),
  ('EUR', 'Euro', 'fiat', 2, 1, UTC_TIMESTAMP(), UTC_TIMESTAMP()),
  ('GBP', 'British Pound', 'fiat', 2, 1, UTC_TIMESTAMP(), UTC_TIMESTAMP()),
  ('BTC', 'Bitcoin', 'crypto', 8, 1, UTC_TIMESTAMP(), UTC_TIMESTAMP()),
  ('ETH', 'Ethereum', 'crypto', 8, 1, UTC_TIMESTAMP(), UTC_TIMESTAMP()),
  ('XAU', 'Gold (troy ounce)', 'commodity', 4, 1, UTC_TIMESTAMP(), UTC_TIMESTAMP()),
  ('XAG', 'Silver (troy ounce)', 'commodity', 4, 1, UTC_TIMESTAMP(), UTC_TIMESTAMP());

CREATE TABLE `account_balances` (
  `id` bigint unsigned NOT NULL AUTO_INCREMENT,
  `account_uuid` char(36) NOT NULL,
  `asset_code` varchar(10) NOT NULL,
  `balance` bigint NOT NULL DEFAULT 0,
  `created_at` timestamp NULL DEFAULT NULL,
  `updated_at` timestamp NULL DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `account_balances_account_uuid_asset_code_unique` (`account_uuid`, `asset_code`),
  KEY `account_balances_asset_code_foreign` (`asset_code`),
  CONSTRAINT `account_balances_account_uuid_foreign` FOREIGN KEY (`account_uuid`) REFERENCES `accounts` (`uuid`) ON DELETE CASCADE,
  CONSTRAINT `account_balances_asset_code_foreign` FOREIGN KEY (`asset_code`) REFERENCES `assets` (`code`),
  CONSTRAINT `account_balances_not_negative` CHECK (`balance` >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `exchange_rates` (
  `id` bigint unsigned NOT NULL AUTO_INCREMENT,
  `from_asset` varchar(10) NOT NULL,
  `to_asset` varchar(10) NOT NULL,
  `rate` decimal(20,8) NOT NULL,
  `source` varchar(50) DEFAULT 'manual',
  `fetched_at` timestamp(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  `expires_at` timestamp(6) NULL DEFAULT NULL,
  `is_active` tinyint(1) NOT NULL DEFAULT 1,
  `metadata` json DEFAULT NULL,
  `created_at` timestamp NULL DEFAULT NULL,
  `updated_at` timestamp NULL DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `exchange_rates_from_asset_to_asset_fetched_at_unique` (`from_asset`, `to_asset`, `fetched_at`),
  KEY `exchange_rates_from_asset_to_asset_index` (`from_asset`, `to_asset`),
  KEY `exchange_rates_fetched_at_index` (`fetched_at`),
  KEY `exchange_rates_is_active_index` (`is_active`),
  CONSTRAINT `exchange_rates_from_asset_foreign` FOREIGN KEY (`from_asset`) REFERENCES `assets` (`code`),
  CONSTRAINT `exchange_rates_to_asset_foreign` FOREIGN KEY (`to_asset`) REFERENCES `assets` (`code`),
  CONSTRAINT `exchange_rates_rate_positive` CHECK (`rate` > 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `stored_events` (
  `id` bigint unsigned NOT NULL AUTO_INCREMENT,
  `aggregate_uuid` char(36) NOT NULL,
  `aggregate_version` int unsigned NOT NULL,
  `event_version` int unsigned NOT NULL DEFAULT 1,
  `event_class` varchar(255) NOT NULL,
  `event_properties` json NOT NULL,
  `meta_data` json NOT NULL,
  `created_at` timestamp(6) NULL DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `stored_events_aggregate_uuid_aggregate_version_unique` (`aggregate_uuid`, `aggregate_version`),
  KEY `stored_events_event_class_index` (`event_class`),
  KEY `stored_events_created_at_index` (`created_at`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
-- The schema's separate index on aggregate_uuid alone is left out: the unique key's leading column serves it.

CREATE TABLE `snapshots` (
  `id` bigint unsigned NOT NULL AUTO_INCREMENT,
  `aggregate_uuid` char(36) NOT NULL,
  `aggregate_version` int unsigned NOT NULL,
  `state` json NOT NULL,
  `created_at` timestamp(6) NULL DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `snapshots_aggregate_uuid_unique` (`aggregate_uuid`),
  KEY `snapshots_aggregate_version_index` (`aggregate_version`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `turnovers` (
  `id` bigint unsigned NOT NULL AUTO_INCREMENT,
  `account_uuid` char(36) NOT NULL,
  `period` date NOT NULL,
  `asset_code` varchar(10) NOT NULL DEFAULT 'USD',
  `debit` bigint NOT NULL DEFAULT 0,
  `credit` bigint NOT NULL DEFAULT 0,
  `created_at` timestamp NULL DEFAULT NULL,
  `updated_at` timestamp NULL DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `turnovers_account_uuid_period_asset_unique` (`account_uuid`, `period`, `asset_code`),
  KEY `turnovers_period_index` (`period`),
  CONSTRAINT `turnovers_not_negative` CHECK (`debit` >= 0 AND `credit` >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `polls` (
  `id` bigint unsigned NOT NULL AUTO_INCREMENT,
  `uuid` char(36) NOT NULL,
  `title` varchar(255) NOT NULL,
  `description` text,
  `type` varchar(50) NOT NULL,
  `options` json NOT NULL,
  `start_date` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  `end_date` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  `status` varchar(20) NOT NULL DEFAULT 'draft',
  `required_participation` int DEFAULT NULL,
  `voting_power_strategy` varchar(100) DEFAULT 'one_user_one_vote',
  `voting_power_config` json DEFAULT NULL,
  `execution_workflow` varchar(255) DEFAULT NULL,
  `created_by` char(36) DEFAULT NULL,
  `created_at` timestamp NULL DEFAULT NULL,
  `updated_at` timestamp NULL DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `polls_uuid_unique` (`uuid`),
  KEY `polls_status_index` (`status`),
  KEY `polls_start_date_end_date_index` (`start_date`, `end_date`),
  KEY `polls_created_by_index` (`created_by`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `votes` (
  `id` bigint unsigned NOT NULL AUTO_INCREMENT,
  `poll_id` bigint unsigned NOT NULL,
  `user_uuid` char(36) NOT NULL,
  `selected_options` json NOT NULL,
  `voting_power` int NOT NULL DEFAULT 1,
  `voted_at` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  `signature` varchar(255) DEFAULT NULL,
  `created_at` timestamp NULL DEFAULT NULL,
  `updated_at` timestamp NULL DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `votes_poll_id_user_uuid_unique` (`poll_id`, `user_uuid`),
  KEY `votes_user_uuid_index` (`user_uuid`),
  KEY `votes_voted_at_index` (`voted_at`),
  CONSTRAINT `votes_poll_id_foreign` FOREIGN KEY (`poll_id`) REFERENCES `polls` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `webhooks` (
  `id` bigint unsigned NOT NULL AUTO_INCREMENT,
  `name` varchar(255) NOT NULL,
  `url` varchar(500) NOT NULL,
  `events` json NOT NULL,
  `headers` json DEFAULT NULL,
  `secret` varchar(255) DEFAULT NULL,
  `is_active` tinyint(1) NOT NULL DEFAULT 1,
  `timeout_seconds` int NOT NULL DEFAULT 30,
  `retry_attempts` int NOT NULL DEFAULT 3,
  `created_at` timestamp NULL DEFAULT NULL,
  `updated_at` timestamp NULL DEFAULT NULL,
  PRIMARY KEY (`id`),
  KEY `webhooks_is_active_index` (`is_active`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `webhook_deliveries` (
  `id` bigint unsigned NOT NULL AUTO_INCREMENT,
  `webhook_id` bigint unsigned NOT NULL,
  `event_type` varchar(100) NOT NULL,
  `payload` json NOT NULL,
  `status` varchar(20) NOT NULL DEFAULT 'pending',
  `response_code` int DEFAULT NULL,
  `response_body` text,
  `attempts` int NOT NULL DEFAULT 0,
  `delivered_at` timestamp NULL DEFAULT NULL,
  `failed_at` timestamp NULL DEFAULT NULL,
  `next_retry_at` timestamp NULL DEFAULT NULL,
  `created_at` timestamp NULL DEFAULT NULL,
  `updated_at` timestamp NULL DEFAULT NULL,
  PRIMARY KEY (`id`),
  KEY `webhook_deliveries_webhook_id_foreign` (`webhook_id`),
  KEY `webhook_deliveries_status_index` (`status`),
  KEY `webhook_deliveries_next_retry_at_index` (`next_retry_at`),
  CONSTRAINT `webhook_deliveries_webhook_id_foreign` FOREIGN KEY (`webhook_id`) REFERENCES `webhooks` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `settings` (
  `id` bigint unsigned NOT NULL AUTO_INCREMENT,
  `key` varchar(255) NOT NULL,
  `value` text,
  `type` varchar(50) NOT NULL DEFAULT 'string',
  `is_encrypted` tinyint(1) NOT NULL DEFAULT 0,
  `description` text,
  `created_at` timestamp NULL DEFAULT NULL,
  `updated_at` timestamp NULL DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `settings_key_unique` (`key`),
  KEY `settings_type_index` (`type`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `personal_access_tokens` (
  `id` bigint unsigned NOT NULL AUTO_INCREMENT,
  `tokenable_type` varchar(255) NOT NULL,
  `tokenable_id` bigint unsigned NOT NULL,
  `name` varchar(255) NOT NULL,
  `token` varchar(64) NOT NULL,
  `abilities` text,
  `last_used_at` timestamp NULL DEFAULT NULL,
  `expires_at` timestamp NULL DEFAULT NULL,
  `revoked_at` timestamp(6) NULL DEFAULT NULL,
  `created_at` timestamp NULL DEFAULT NULL,
  `updated_at` timestamp NULL DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `personal_access_tokens_token_unique` (`token`),
  KEY `personal_access_tokens_tokenable_type_tokenable_id_index` (`tokenable_type`, `tokenable_id`),
  KEY `personal_access_tokens_revoked_at_index` (`revoked_at`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `idempotency_keys` (
  `user_uuid` char(36) NOT NULL,
  `idempotency_key` varchar(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  `request_hash` char(64) NOT NULL,
  `result_json` json NOT NULL,
  `created_at` timestamp(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (`user_uuid`, `idempotency_key`),
  KEY `idempotency_keys_created_at_index` (`created_at`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
