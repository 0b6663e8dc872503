// The HTML pages of cases, in one scope that also takes multipart bodies (forms with file fields):
// the person's pages (applying.pages.tsx) and the officials' back office (backoffice.pages.tsx).
import { MAX_FILE_BYTES } from '../../../platform/forms/index.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import { registerMultipart } from '../../../platform/http/multipart.ts';
import type { Deps } from '../../../platform/module.ts';
import { registerApplyingPages } from './applying.pages.tsx';
import { registerBackOfficePages } from './backoffice.pages.tsx';
import { registerCaseDocuments } from './documents.pages.tsx';

/** Most files in one form posted at once (the whole form of a correction or of the counter). */
const MAX_FILES = 20;

export function registerCasePages(root: TamboApp, deps: Deps): void {
  // In their own scope: these pages also take multipart bodies (forms with file fields).
  void root.register(async (scope) => registerScopedPages(scope as unknown as TamboApp, deps));
}

function registerScopedPages(app: TamboApp, deps: Deps): void {
  // Each file up to the largest a form may accept; each field's own limit and types are checked when it is stored.
  registerMultipart(app, { maxFileBytes: MAX_FILE_BYTES, maxFiles: MAX_FILES });
  registerApplyingPages(app, deps);
  registerBackOfficePages(app, deps);
  registerCaseDocuments(app, deps);
}
