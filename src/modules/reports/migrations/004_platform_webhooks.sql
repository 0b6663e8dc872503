-- Agencies' webhooks move to the platform's one mechanism (platform.webhook_subscription,
-- src/platform/webhooks): each agency's address becomes a subscription to every reports topic.
-- The secret moves in clear to secret_legacy and is encrypted (then removed) by the next
-- start, before any delivery (sealLegacyWebhookSecrets). Its bytes stay the signing key, so
-- receivers verifying X-Tambo-Signature keep working. Deliveries still pending are not moved:
-- their log (reports.delivery) is dropped with the old table.
INSERT INTO platform.webhook_subscription (owner_kind, owner_id, module, url, topics, secret_legacy, is_active, created_at, updated_at)
SELECT 'agency', agency_code, 'reports', url, ARRAY['reports.routed', 'reports.reassigned', 'reports.contested'], secret, is_active, updated_at, updated_at
  FROM reports.agency_webhook
ON CONFLICT (owner_kind, owner_id, module) DO NOTHING;

DROP TABLE reports.delivery;
DROP TABLE reports.agency_webhook;
