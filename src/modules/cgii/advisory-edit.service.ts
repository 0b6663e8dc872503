// Editing and withdrawing advisories (docs/cgii.md#advisories), by the centre's analysts. An edit
// bumps the version and keeps what changed (who, when, each field's earlier and new value); the
// entities it went to are notified again only when the analyst asks (a checkbox on the form).
// The form names the version it edits: a burst of identical edits makes one change (the later
// ones find their change made), a different edit of a stale version is refused. A withdrawal
// (with its reason, public for TLP:CLEAR advisories) happens once. Both audited.
import { recordAudit } from '../../platform/audit/audit.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import type { Deps } from '../../platform/module.ts';
import { type AdvisoryContent, type AdvisoryEdit, listEdits, lockAdvisory, markWithdrawn, recipientCodes, updateAdvisory } from './advisory.queries.ts';
import { ADVISORY_TOPIC, type AdvisoryInput, advisoryContent, UUID } from './advisory.service.ts';
import type { Viewer } from './cgii.types.ts';

const FIELDS = ['title', 'description', 'actions', 'products', 'cve', 'severity', 'tlp'] as const;

function requireAnalyst(viewer: Viewer): asserts viewer is Viewer & { kind: 'person' } {
  if (viewer.kind !== 'person' || !viewer.analyst) throw new AppError('CGII_FORBIDDEN');
}

/** The fields whose value differs, each with its earlier and new value. */
function changesBetween(before: AdvisoryContent, after: AdvisoryContent): AdvisoryEdit['changes'] {
  const changes: AdvisoryEdit['changes'] = {};
  for (const f of FIELDS) if (JSON.stringify(before[f]) !== JSON.stringify(after[f])) changes[f] = { from: before[f], to: after[f] };
  return changes;
}

/**
 * An analyst edits an advisory from its version `version`. Answers the version it has now. Nothing
 * changed (or the same change made already by an identical request): no new version. Withdrawn:
 * CGII_ADVISORY_WITHDRAWN; another change since `version`: CGII_ADVISORY_CHANGED.
 */
export async function editAdvisory(
  deps: Pick<Deps, 'db'>,
  viewer: Viewer,
  id: string,
  input: Omit<AdvisoryInput, 'audience'> & { version: number; renotify: boolean },
  options: { requestId?: string | null; at?: Date } = {},
): Promise<{ version: number; changed: boolean }> {
  requireAnalyst(viewer);
  if (!UUID.test(id)) throw new AppError('CGII_NOT_FOUND');
  const content = advisoryContent(input);
  return deps.db.transaction().execute(async (trx) => {
    const current = await lockAdvisory(trx, id);
    if (!current) throw new AppError('CGII_NOT_FOUND');
    if (current.withdrawnAt) throw new AppError('CGII_ADVISORY_WITHDRAWN');
    const changes = changesBetween(current, content);
    if (Object.keys(changes).length === 0) return { version: current.version, changed: false };
    if (current.version !== input.version) throw new AppError('CGII_ADVISORY_CHANGED');
    const edit: AdvisoryEdit = { version: current.version + 1, editedBy: viewer.accountId, editedAt: options.at ?? new Date(), changes, renotified: input.renotify };
    await updateAdvisory(trx, id, content, edit);
    await recordAudit(trx, {
      actor: { type: 'person', id: viewer.accountId },
      action: 'cgii.advisory_edited',
      subject: { type: 'cgii_advisory', id },
      data: { version: edit.version, fields: Object.keys(changes), renotified: input.renotify },
      requestId: options.requestId,
    });
    const agencies = input.renotify ? await recipientCodes(trx, id) : [];
    if (agencies.length > 0) await emitEvent(trx, ADVISORY_TOPIC, { advisoryId: id, code: current.code, agencies, version: edit.version });
    return { version: edit.version, changed: true };
  });
}

/** An analyst withdraws an advisory, with its reason; once (a repeated or parallel withdrawal changes nothing). */
export async function withdrawAdvisory(deps: Pick<Deps, 'db'>, viewer: Viewer, id: string, reason: string, options: { requestId?: string | null; at?: Date } = {}): Promise<boolean> {
  requireAnalyst(viewer);
  const text = reason.trim();
  if (!text || text.length > 2000) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'motivo', messageKey: 'cgii.errors.withdrawalReason' }] });
  if (!UUID.test(id)) throw new AppError('CGII_NOT_FOUND');
  return deps.db.transaction().execute(async (trx) => {
    const current = await lockAdvisory(trx, id);
    if (!current) throw new AppError('CGII_NOT_FOUND');
    if (!(await markWithdrawn(trx, id, viewer.accountId, text, options.at ?? new Date()))) return false;
    await recordAudit(trx, {
      actor: { type: 'person', id: viewer.accountId },
      action: 'cgii.advisory_withdrawn',
      subject: { type: 'cgii_advisory', id },
      data: { version: current.version },
      requestId: options.requestId,
    });
    return true;
  });
}

/** An advisory's edits, newest first (the centre's analysts). */
export function advisoryEdits(deps: Pick<Deps, 'db'>, viewer: Viewer, id: string): Promise<AdvisoryEdit[]> {
  requireAnalyst(viewer);
  return listEdits(deps.db, id);
}
