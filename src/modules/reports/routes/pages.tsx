import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { registerReportFiles } from './files.ts';

export function registerReportPages(app: TamboApp, deps: Deps): void {
  registerReportFiles(app, deps);
}
