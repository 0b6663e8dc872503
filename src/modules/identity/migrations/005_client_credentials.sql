-- Agencies' systems that may deliver to people's mailboxes (Buzón digital) with the OAuth 2
-- client credentials grant and the `mailbox:send` scope.
ALTER TABLE identity.client ADD COLUMN can_deliver_mail boolean NOT NULL DEFAULT false;
