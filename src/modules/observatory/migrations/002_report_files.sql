-- Evidence files of a yearly report, per strategic line: the content is in the platform's
-- file store (platform.file, by SHA-256), stored in the report's transaction.
CREATE TABLE observatory.report_file (
  report_id uuid NOT NULL REFERENCES observatory.yearly_report (id) ON DELETE CASCADE,
  position integer NOT NULL CHECK (position >= 0),
  line_id uuid NOT NULL REFERENCES observatory.line (id) ON DELETE CASCADE,
  sha256 text NOT NULL,
  filename text NOT NULL CHECK (length(filename) BETWEEN 1 AND 200),
  media_type text NOT NULL,
  size integer NOT NULL,
  PRIMARY KEY (report_id, position)
);
