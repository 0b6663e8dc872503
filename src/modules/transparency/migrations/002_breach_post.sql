-- A breach notice by post is sent by the entity's officer, who records it (who still needs the post: posted_at IS NULL).
ALTER TABLE transparency.breach_notice
  ADD COLUMN posted_at timestamptz,
  ADD COLUMN posted_by uuid,
  ADD CONSTRAINT breach_notice_posted_by_post CHECK (posted_at IS NULL OR channel = 'post'),
  ADD CONSTRAINT breach_notice_posted_with_who CHECK ((posted_at IS NULL) = (posted_by IS NULL));
