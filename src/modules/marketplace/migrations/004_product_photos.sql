-- Product photos (docs/marketplace.md, "Photos"): each upload is checked, re-encoded as JPEG
-- (which drops all metadata, GPS included) at most 800 px wide, with a 240 px thumbnail. The
-- same image sent twice to one product is one photo (UNIQUE on its SHA-256).
CREATE TABLE marketplace.product_photo (
  id uuid PRIMARY KEY,
  product_id uuid NOT NULL REFERENCES marketplace.product (id),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  alt text CHECK (char_length(alt) <= 200),
  width integer NOT NULL,
  height integer NOT NULL,
  image bytea NOT NULL,
  thumbnail bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (product_id, sha256)
);
