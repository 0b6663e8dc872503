// The hook the payments module moves cases with (through index.ts): a payment received for a
// case is written on its timeline (the official and the person see it), and when the case's
// workflow waits for payment in its current state — a system transition `payment_received`
// leaves it — that transition is applied. An expired order applies `payment_expired` the same way.
import type { Deps } from '../../../platform/module.ts';
import { findTransition } from '../../../platform/forms/index.ts';
import { findCaseByCode, insertCaseEvent } from '../case.queries.ts';
import { applyTransition } from './transitions.service.ts';
import { procedureOfCase } from './procedures.service.ts';

export const PAYMENT_TRANSITIONS = { received: 'payment_received', expired: 'payment_expired' } as const;

/** Records a payment event on the case and applies the workflow's transition for it, if the current state has one; answers whether the case moved. */
export async function recordCasePayment(
  deps: Pick<Deps, 'db' | 'country'>,
  trackingCode: string,
  input: { kind: keyof typeof PAYMENT_TRANSITIONS; text: string; requestId?: string | null },
): Promise<boolean> {
  return deps.db.transaction().execute(async (trx) => {
    const c = await findCaseByCode(trx, trackingCode, { forUpdate: true });
    if (!c) return false;
    await insertCaseEvent(trx, c.id, {
      actorType: 'system',
      actorId: null,
      kind: 'note',
      action: PAYMENT_TRANSITIONS[input.kind],
      fromState: null,
      toState: null,
      text: input.text,
      isInternal: false,
    });
    const procedure = await procedureOfCase(deps, c, trx);
    const transition = findTransition(procedure.workflow, c.state, PAYMENT_TRANSITIONS[input.kind], 'system');
    if (!transition) return false;
    await applyTransition(trx, deps, c, procedure, transition, { type: 'system' }, { requestId: input.requestId ?? null });
    return true;
  });
}
