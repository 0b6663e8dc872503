// Disputes as cases (docs/marketplace.md, "Disputes"): a buyer disputes an order (the parcel never
// came, or the product is not as described); the claim becomes a case of the platform operator's
// published procedure "Reclamo de una compra en el Mercado" (created once), handled in the cases
// queue within its legal time; an approved resolution refunds the payment through payments'
// refunds, once however often the decision's event arrives.
import { recordAudit } from '../../platform/audit/audit.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import type { DomainEvent } from '../../platform/events/outbox.ts';
import { defaultWorkflow, type FormDefinition } from '../../platform/forms/index.ts';
import type { Deps } from '../../platform/module.ts';
import { submitApplication } from '../cases/index.ts';
import { createProcedureIn, findProcedureBySlug, PROCEDURE_DEFAULTS, type ProcedureContent, publishDraftIn } from '../catalog/index.ts';
import type { Account } from '../identity/index.ts';
import { refundUnitOrder } from '../payments/index.ts';
import * as q from './marketplace.queries.ts';
import { DISPUTE_ANSWER_DAYS, DISPUTE_KINDS, type Purchase } from './marketplace.types.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const lt = (es: string, en: string) => ({ es, en });
const DISPUTABLE = ['paid', 'shipped', 'delivered', 'returned', 'withdrawn'];

/** The case's form: the order, what is disputed, and what happened. */
export const DISPUTE_FORM: FormDefinition = {
  version: 1,
  pages: [
    {
      id: 'reclamo',
      title: lt('Reclamo de una compra', 'Dispute of a purchase'),
      components: [
        { id: 'pedido', type: 'text', label: lt('Pedido', 'Order'), maxLength: 40 },
        { id: 'producto', type: 'text', label: lt('Producto', 'Product'), maxLength: 200 },
        { id: 'motivo', type: 'text', label: lt('Motivo', 'Reason'), maxLength: 40 },
        { id: 'detalle', type: 'longText', label: lt('Qué pasó', 'What happened'), maxLength: 2000 },
      ],
    },
  ],
};

/** The slug of the disputes' procedure of the platform's operator. */
export const disputeSlug = (deps: Pick<Deps, 'country'>) => `reclamo-compra-mercado-${deps.country.platformAgency.toLowerCase()}`;

/** The platform operator's published disputes procedure, created and published once (safe when raced). */
export async function ensureDisputeProcedure(deps: Pick<Deps, 'db' | 'country'>): Promise<void> {
  const slug = disputeSlug(deps);
  if (await findProcedureBySlug(deps.db, slug)) return;
  await deps.db.transaction().execute(async (trx) => {
    await q.lockDisputeProcedure(trx, slug);
    if (await findProcedureBySlug(trx, slug)) return;
    const content: ProcedureContent = {
      ...PROCEDURE_DEFAULTS,
      name: 'Reclamo de una compra en el Mercado',
      summary: 'Reclame por un pedido del Mercado que no le llegó o que no es como se describía; si le dan la razón, se le devuelve el pago.',
      maxResponseDays: DISPUTE_ANSWER_DAYS,
      result: 'La devolución del pago, o una respuesta fundada.',
      isOnline: true,
      steps: ['Reclame desde «Mis pedidos» del Mercado.', 'La administración del mercado revisa el pedido, el envío y al vendedor, y resuelve en el plazo.'],
      form: DISPUTE_FORM,
      workflow: defaultWorkflow,
    };
    const procedure = await createProcedureIn(trx, deps.country, 'seed', deps.country.platformAgency, content, { slug });
    await publishDraftIn(trx, deps.country, 'seed', procedure.id);
  });
}

/**
 * The buyer disputes a paid order: a case of the disputes procedure, its tracking code kept on the
 * order, in one transaction with the order's row locked (of parallel posts one files the case,
 * the others 409 `MARKETPLACE_ALREADY_DISPUTED`). Gives the case's tracking code.
 */
export async function openDispute(deps: Deps, account: Account, purchaseId: string, input: { kind: string; detail: string }, requestId?: string): Promise<string> {
  const purchase = UUID.test(purchaseId) ? await q.findPurchase(deps.db, { id: purchaseId }) : undefined;
  if (!purchase || purchase.buyerAccountId !== account.id) throw new AppError('MARKETPLACE_ORDER_NOT_FOUND');
  if (purchase.disputeCode) throw new AppError('MARKETPLACE_ALREADY_DISPUTED');
  if (!DISPUTABLE.includes(purchase.status)) throw new AppError(purchase.status === 'awaiting_payment' ? 'MARKETPLACE_NOT_PAID' : 'MARKETPLACE_ALREADY_REFUNDED');
  const fields: FieldError[] = [];
  if (!(DISPUTE_KINDS as readonly string[]).includes(input.kind)) fields.push({ field: 'motivo_reclamo', messageKey: 'marketplace.errors.disputeKind' });
  const detail = input.detail.trim();
  if (detail.length < 10 || detail.length > 2000) fields.push({ field: 'detalle', messageKey: 'marketplace.errors.disputeDetail' });
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });
  await ensureDisputeProcedure(deps);
  return deps.db.transaction().execute(async (trx) => {
    if (await q.lockPurchaseDispute(trx, purchase.id)) throw new AppError('MARKETPLACE_ALREADY_DISPUTED');
    const filed = await submitApplication(
      { ...deps, db: trx },
      {
        slug: disputeSlug(deps),
        accountId: account.id,
        account,
        answers: { pedido: purchase.id, producto: purchase.summary, motivo: input.kind, detalle: detail },
        channel: 'online',
        requestId: requestId ?? null,
        errorPrefix: 'form',
      },
    );
    await q.setDispute(trx, purchase.id, filed.trackingCode, input.kind);
    await recordAudit(trx, {
      actor: { type: 'person', id: account.id },
      action: 'marketplace.dispute_opened',
      subject: { type: 'purchase', id: purchase.id },
      data: { kind: input.kind, trackingCode: filed.trackingCode },
      requestId,
    });
    return filed.trackingCode;
  });
}

/**
 * `cases.decided`: an approved dispute (not tacitly, not expired) refunds the order's payment
 * (payments claims the refund once per order) and marks the order refunded, once. Gives the order
 * when this call marked it (the buyer is told by the caller).
 */
export async function onDisputeDecided(event: DomainEvent, deps: Deps): Promise<Purchase | undefined> {
  const p = event.payload as { trackingCode: string; agencyCode: string; outcome: string | null; tacit: string | null; expired: boolean };
  if (p.outcome !== 'approved' || p.tacit || p.expired || p.agencyCode !== deps.country.platformAgency) return undefined;
  const purchase = await q.findPurchase(deps.db, { disputeCode: p.trackingCode });
  if (!purchase || purchase.disputeCode !== p.trackingCode || purchase.status === 'refunded') return undefined;
  // Cash on delivery: the money went to the post, not through payments; its refund is not modelled yet.
  if (!purchase.paymentOrderId) return undefined;
  const outcome = await refundUnitOrder(deps, purchase.paymentOrderId, { actor: { type: 'system', id: 'marketplace' }, reason: `dispute ${p.trackingCode}` });
  if (outcome !== 'refunded') return undefined;
  const marked = await deps.db.transaction().execute(async (trx) => {
    if (!(await q.markDisputeRefunded(trx, purchase.id))) return false;
    await recordAudit(trx, {
      actor: { type: 'system', id: 'marketplace' },
      action: 'marketplace.dispute_refunded',
      subject: { type: 'purchase', id: purchase.id },
      data: { trackingCode: p.trackingCode, totalMinor: purchase.totalMinor },
    });
    return true;
  });
  return marked ? purchase : undefined;
}
