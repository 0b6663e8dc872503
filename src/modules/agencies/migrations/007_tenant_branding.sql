-- A tenant's branding (issue #25, docs/entities.md#tenants), set by its administrator: the name
-- and short name its pages show and a pair of colours (text on background) whose contrast the
-- service checks against WCAG 2.2 AA (4.5:1) before writing. All null until set.
ALTER TABLE agencies.tenant
  ADD COLUMN display_name text CHECK (length(display_name) BETWEEN 1 AND 120),
  ADD COLUMN short_name text CHECK (length(short_name) BETWEEN 1 AND 30),
  ADD COLUMN colour_text text CHECK (colour_text ~ '^#[0-9a-f]{6}$'),
  ADD COLUMN colour_background text CHECK (colour_background ~ '^#[0-9a-f]{6}$');
