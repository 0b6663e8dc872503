-- Machine rights of agencies' systems: the module scopes declared for systems (mailbox:send,
-- cases:feed, cases:handle, …) that a client obtains by itself with the OAuth 2 client
-- credentials grant. Replaces the single can_deliver_mail flag (005), which becomes the
-- `mailbox:send` right.
ALTER TABLE identity.client ADD COLUMN rights text[] NOT NULL DEFAULT '{}';
UPDATE identity.client SET rights = '{mailbox:send}' WHERE can_deliver_mail;
ALTER TABLE identity.client DROP COLUMN can_deliver_mail;
