// Demo data (DEMO=true): categories, routing rules for the bo and ve demo agencies, and a few
// reports. Idempotent: categories and rules are upserted, reports carry idempotency keys.
import { readFileSync } from 'node:fs';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { CountryProfile } from '../../platform/country/index.ts';
import type { Deps } from '../../platform/module.ts';
import { upsertCategory, upsertRoutingRule } from './categories.queries.ts';
import { replyToReport, setReportStatus } from './handling.service.ts';
import { officialFrom } from './report.policy.ts';
import { createReport } from './submission.service.ts';
import type { Category } from './report.types.ts';
import { routingChanged } from './routing.service.ts';

const readJson = <T>(name: string): T => JSON.parse(readFileSync(new URL(`./demo/${name}`, import.meta.url), 'utf8')) as T;

interface DemoReport {
  key: string;
  category: string;
  territory: string;
  lat: number;
  lon: number;
  address: string;
  description: string;
  answers?: Record<string, string | string[]>;
  reply?: string;
  resolve?: boolean;
}

/** The demo categories; a country's own numbers in their texts (`{emergencyNumber}`) come from its profile. */
export function demoCategories(country?: Pick<CountryProfile, 'terms'>): Category[] {
  const text = readFileSync(new URL('./demo/categories.json', import.meta.url), 'utf8').replaceAll('{emergencyNumber}', country?.terms.emergencyNumber ?? '110');
  return JSON.parse(text) as Category[];
}

/** Categories and routing rules (each change audited). */
export async function seedCategories(deps: Pick<Deps, 'db' | 'country'>): Promise<void> {
  const rules = readJson<Record<string, Array<{ category: string; territory: string | null; agency: string }>>>('routing.json')[deps.country.code] ?? [];
  await deps.db.transaction().execute(async (trx) => {
    await routingChanged(trx);
    for (const [position, category] of demoCategories(deps.country).entries()) {
      if (await upsertCategory(trx, category, position)) {
        await recordAudit(trx, { actor: { type: 'system', id: 'seed' }, action: 'reports.category_saved', subject: { type: 'report_category', id: category.code } });
      }
    }
    for (const rule of rules) {
      if (await upsertRoutingRule(trx, { categoryCode: rule.category, territoryCode: rule.territory, agencyCode: rule.agency })) {
        await recordAudit(trx, {
          actor: { type: 'system', id: 'seed' },
          action: 'reports.routing_rule_saved',
          subject: { type: 'report_category', id: rule.category },
          data: { territory: rule.territory, agency: rule.agency },
        });
      }
    }
  });
}

export async function seedReports(deps: Deps): Promise<void> {
  await seedCategories(deps);
  const reports = readJson<Record<string, DemoReport[]>>('reports.json')[deps.country.code] ?? [];
  for (const demo of reports) {
    const { report, isNew } = await createReport(
      deps,
      {
        categoryCode: demo.category,
        description: demo.description,
        answers: demo.answers,
        lat: demo.lat,
        lon: demo.lon,
        address: demo.address,
        territoryCode: demo.territory,
        isAnonymous: true,
        source: 'demo',
      },
      { idempotencyKey: demo.key, actor: { type: 'system', id: 'seed' } },
    );
    if (!isNew || !report.agencyCode) continue;
    const official = officialFrom({ id: 'seed', isPlatformAdmin: false }, [{ agencyCode: report.agencyCode, role: 'case_handler' }]);
    if (demo.reply) await replyToReport(deps, official, report.id, demo.reply);
    if (demo.resolve) await setReportStatus(deps, official, report.id, { status: 'resolved' });
  }
}
