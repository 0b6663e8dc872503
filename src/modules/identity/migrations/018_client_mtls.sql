-- Mutual TLS client authentication (RFC 8705) for machine clients: a client registered with a
-- certificate subject DN authenticates with `tls_client_auth` (a certificate the proxy or
-- Tambo verified against the State's CA, whose subject is that DN); one registered with its
-- own self-signed certificates (PEM) with `self_signed_tls_client_auth`. Either way its
-- access tokens are bound to the certificate (`cnf.x5t#S256`), docs/api-auth.md.
ALTER TABLE identity.client
  ADD COLUMN tls_client_auth_subject_dn text CHECK (length(tls_client_auth_subject_dn) BETWEEN 3 AND 500),
  ADD COLUMN tls_client_certificates text[] NOT NULL DEFAULT '{}' CHECK (cardinality(tls_client_certificates) <= 5),
  ADD CONSTRAINT client_one_mtls_method CHECK (tls_client_auth_subject_dn IS NULL OR cardinality(tls_client_certificates) = 0);
