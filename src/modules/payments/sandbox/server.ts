// The sandbox payment gateway: a stand-in for a real provider that runs here, on its own port,
// with its own merchants' secrets and its own settlement file. Tambo reaches it only over HTTP
// (gateway.ts), exactly as it would reach a real one:
//   POST /v1/checkouts               open a checkout (Basic merchant:secret) → { checkoutId, redirectUrl }
//   GET  /v1/checkouts/:id           its status (fetchStatus)
//   POST /v1/checkouts/:id/refund    give a payment back
//   GET  /v1/settlements/:day.csv    the merchant's settlement file of a UTC day
//   GET|POST /pay/:id                the person's page: card, QR or transfer; pay or decline
//   POST /control/mode               how it behaves: normal, decline, timeout, twice, out_of_order, after_return
//   POST /control/settlement         add or change a settlement row (to test reconciliation)
// Notifications are signed as Standard Webhooks sign (src/platform/webhooks/signature.ts).
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { secretKeyBytes } from '../../../platform/webhooks/secrets.ts';
import { signedHeaders } from '../../../platform/webhooks/signature.ts';

export const SANDBOX_MODES = ['normal', 'decline', 'timeout', 'twice', 'out_of_order', 'after_return'] as const;
export type SandboxMode = (typeof SANDBOX_MODES)[number];
const METHODS = ['card', 'qr', 'transfer'] as const;

interface Checkout {
  id: string;
  merchantId: string;
  orderCode: string;
  amountMinor: number;
  currency: string;
  concept: string;
  returnUrl: string;
  notifyUrl: string;
  status: 'open' | 'paid' | 'declined' | 'refunded';
  reference: string | null;
  refundReference: string | null;
  method: string | null;
  paidBy: string | null;
  occurredAt: Date | null;
}

export interface SettlementRow {
  merchantId: string;
  reference: string;
  orderCode: string;
  kind: 'payment' | 'refund';
  amountMinor: number;
  currency: string;
  settledAt: Date;
}

export interface SandboxGateway {
  url: string;
  server: Server;
  mode: SandboxMode;
  /** Notifications sent (for tests): webhook id, type, and the answer's status. */
  sent: Array<{ id: string; type: string; status: number }>;
  settlement: SettlementRow[];
  close(): Promise<void>;
}

export interface SandboxOptions {
  port?: number;
  host?: string;
  /** Merchant id → secret (`whsec_…` or text), the same one the payee configured in Tambo; undefined: no such merchant. */
  merchants: Record<string, string> | ((merchantId: string) => string | undefined);
  /** Delay of the notification in `after_return` mode. */
  lateNotifyMs?: number;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const money = (minor: number, currency: string) => `${(minor / 100).toFixed(2).replace('.', ',')} ${currency}`;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 100_000) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: string, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': `${type}; charset=utf-8` });
  res.end(body);
}

function page(title: string, inner: string): string {
  return `<!doctype html><html lang="es"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:1rem auto;padding:0 1rem;color:#1a1a1a}fieldset{margin:1rem 0}button{font-size:1rem;padding:.6rem 1rem;margin:.25rem .5rem .25rem 0}label{display:block;margin:.3rem 0}</style></head>
<body><header><p><strong>Pasarela de pagos de prueba</strong> (simulador: no se mueve dinero real)</p></header><main>${inner}</main></body></html>`;
}

export async function startSandboxGateway(options: SandboxOptions): Promise<SandboxGateway> {
  const checkouts = new Map<string, Checkout>();
  const lookup = typeof options.merchants === 'function' ? options.merchants : (id: string) => (options.merchants as Record<string, string>)[id];
  const secrets = { get: (id: string): Buffer | undefined => (lookup(id) === undefined ? undefined : secretKeyBytes(lookup(id)!)) };
  const gateway: SandboxGateway = { url: '', server: undefined as unknown as Server, mode: 'normal', sent: [], settlement: [], close: async () => {} };

  function merchantOf(req: IncomingMessage): string | undefined {
    const match = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
    if (!match) return undefined;
    const [id, ...rest] = Buffer.from(match[1]!, 'base64').toString('utf8').split(':');
    const key = secrets.get(id ?? '');
    const given = secretKeyBytes(rest.join(':'));
    return key && given.length === key.length && timingSafeEqual(given, key) ? id : undefined;
  }

  const statusOf = (c: Checkout) => ({
    checkoutId: c.id,
    orderCode: c.orderCode,
    status: c.status,
    reference: c.reference,
    refundReference: c.refundReference,
    amountMinor: c.amountMinor,
    currency: c.currency,
    method: c.method,
    paidBy: c.paidBy,
    occurredAt: c.occurredAt?.toISOString() ?? null,
  });

  async function notify(c: Checkout, type: string, data: Record<string, unknown>, id = `msg_${randomUUID()}`, at = new Date()): Promise<void> {
    const body = JSON.stringify({ type, data: { checkoutId: c.id, orderCode: c.orderCode, amountMinor: c.amountMinor, currency: c.currency, ...data } });
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        const answer = await fetch(c.notifyUrl, { method: 'POST', headers: signedHeaders(secrets.get(c.merchantId)!, id, body, at), body });
        gateway.sent.push({ id, type, status: answer.status });
        await answer.arrayBuffer();
        if (answer.status < 500) return;
      } catch {
        gateway.sent.push({ id, type, status: 0 });
      }
      await new Promise((resolve) => setTimeout(resolve, 200 * (attempt + 1)));
    }
  }

  async function settle(c: Checkout, mode: SandboxMode, action: 'pay' | 'decline', method: string, paidBy: string | null): Promise<() => Promise<void>> {
    const declined = action === 'decline' || mode === 'decline';
    c.method = method;
    c.paidBy = paidBy;
    c.occurredAt = new Date();
    if (declined) {
      c.status = 'declined';
      const declineId = `msg_${randomUUID()}`;
      return () => notify(c, 'payment.declined', { reference: `dec_${randomUUID()}`, method, occurredAt: c.occurredAt!.toISOString() }, declineId);
    }
    c.status = 'paid';
    c.reference = `txn_${randomUUID()}`;
    gateway.settlement.push({ merchantId: c.merchantId, reference: c.reference, orderCode: c.orderCode, kind: 'payment', amountMinor: c.amountMinor, currency: c.currency, settledAt: c.occurredAt });
    const data = { reference: c.reference, method, paidBy, occurredAt: c.occurredAt.toISOString() };
    const paidId = `msg_${randomUUID()}`;
    if (mode === 'timeout') return async () => {};
    if (mode === 'twice') return async () => Promise.all([notify(c, 'payment.succeeded', data, paidId), notify(c, 'payment.succeeded', data, paidId)]).then(() => {});
    if (mode === 'out_of_order') {
      // An earlier attempt's decline arrives after the payment.
      const earlier = new Date(c.occurredAt.getTime() - 60_000);
      return async () => {
        await notify(c, 'payment.succeeded', data, paidId);
        await notify(c, 'payment.declined', { reference: `dec_${randomUUID()}`, method, occurredAt: earlier.toISOString() });
      };
    }
    return () => notify(c, 'payment.succeeded', data, paidId);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const path = url.pathname;
    if (req.method === 'POST' && path === '/v1/checkouts') {
      const merchantId = merchantOf(req);
      if (!merchantId) return send(res, 401, JSON.stringify({ error: 'unauthorized' }));
      const input = JSON.parse(await readBody(req)) as Partial<Checkout>;
      if (!input.orderCode || !Number.isInteger(input.amountMinor) || !input.returnUrl || !input.notifyUrl) return send(res, 400, JSON.stringify({ error: 'invalid' }));
      const id = `chk_${randomUUID()}`;
      checkouts.set(id, {
        id,
        merchantId,
        orderCode: input.orderCode,
        amountMinor: input.amountMinor!,
        currency: input.currency ?? 'BOB',
        concept: input.concept ?? '',
        returnUrl: input.returnUrl,
        notifyUrl: input.notifyUrl,
        status: 'open',
        reference: null,
        refundReference: null,
        method: null,
        paidBy: null,
        occurredAt: null,
      });
      return send(res, 201, JSON.stringify({ checkoutId: id, redirectUrl: `${gateway.url}/pay/${id}` }));
    }
    const checkoutPath = /^\/v1\/checkouts\/([\w-]+)(\/refund)?$/.exec(path);
    if (checkoutPath) {
      const m = checkoutPath;
      const merchantId = merchantOf(req);
      const c = checkouts.get(m[1]!);
      if (!merchantId) return send(res, 401, JSON.stringify({ error: 'unauthorized' }));
      if (!c || c.merchantId !== merchantId) return send(res, 404, JSON.stringify({ error: 'not_found' }));
      if (req.method === 'GET' && !m[2]) return send(res, 200, JSON.stringify(statusOf(c)));
      if (req.method === 'POST' && m[2]) {
        if (c.status === 'refunded') return send(res, 200, JSON.stringify(statusOf(c)));
        if (c.status !== 'paid') return send(res, 409, JSON.stringify({ error: 'not_paid' }));
        c.status = 'refunded';
        c.refundReference = `ref_${randomUUID()}`;
        gateway.settlement.push({ merchantId, reference: c.refundReference, orderCode: c.orderCode, kind: 'refund', amountMinor: c.amountMinor, currency: c.currency, settledAt: new Date() });
        void notify(c, 'refund.succeeded', { reference: c.refundReference, occurredAt: new Date().toISOString() });
        return send(res, 200, JSON.stringify(statusOf(c)));
      }
    }
    const settlementPath = /^\/v1\/settlements\/(\d{4}-\d{2}-\d{2})\.csv$/.exec(path);
    if (req.method === 'GET' && settlementPath) {
      const m = settlementPath;
      const merchantId = merchantOf(req);
      if (!merchantId) return send(res, 401, JSON.stringify({ error: 'unauthorized' }));
      const rows = gateway.settlement.filter((r) => r.merchantId === merchantId && r.settledAt.toISOString().slice(0, 10) === m[1]);
      const lines = [
        'reference,order_code,kind,amount_minor,currency,settled_at',
        ...rows.map((r) => [r.reference, r.orderCode, r.kind, r.amountMinor, r.currency, r.settledAt.toISOString()].join(',')),
      ];
      return send(res, 200, `${lines.join('\n')}\n`, 'text/csv');
    }
    const payPath = /^\/pay\/([\w-]+)$/.exec(path);
    if (payPath) {
      const m = payPath;
      const c = checkouts.get(m[1]!);
      if (!c) return send(res, 404, page('No encontrado', '<h1>Este cobro no existe</h1>'), 'text/html');
      if (req.method === 'GET') {
        const done = c.status !== 'open';
        const methods = METHODS.map(
          (x, i) =>
            `<label><input type="radio" name="method" value="${x}"${i === 0 ? ' checked' : ''}> ${{ card: 'Tarjeta', qr: 'QR interbancario', transfer: 'Transferencia / pago móvil' }[x]}</label>`,
        ).join('');
        const modes = SANDBOX_MODES.map((x) => `<option value="${x}"${x === gateway.mode ? ' selected' : ''}>${x}</option>`).join('');
        const form = done
          ? `<p>Este cobro ya fue procesado (${c.status}).</p><p><a href="${escapeHtml(c.returnUrl)}">Volver al portal</a></p>`
          : `<form method="post"><fieldset><legend>Medio de pago</legend>${methods}</fieldset>
<label for="paidBy">Nombre de quien paga (opcional)</label><input id="paidBy" name="paidBy" maxlength="100" autocomplete="name">
<label for="mode">Comportamiento del simulador</label><select id="mode" name="mode">${modes}</select>
<p><button name="action" value="pay">Pagar</button><button name="action" value="decline">Rechazar el pago</button></p></form>`;
        return send(
          res,
          200,
          page(`Pagar ${c.orderCode}`, `<h1>Pagar ${escapeHtml(money(c.amountMinor, c.currency))}</h1><p>${escapeHtml(c.concept)}</p><p>Código de pago: ${escapeHtml(c.orderCode)}</p>${form}`),
          'text/html',
        );
      }
      if (req.method === 'POST') {
        const form = new URLSearchParams(await readBody(req));
        if (c.status === 'open') {
          const mode = (SANDBOX_MODES as readonly string[]).includes(form.get('mode') ?? '') ? (form.get('mode') as SandboxMode) : gateway.mode;
          const method = (METHODS as readonly string[]).includes(form.get('method') ?? '') ? form.get('method')! : 'card';
          const action = form.get('action') === 'decline' ? 'decline' : 'pay';
          const deliver = await settle(c, mode, action, method, form.get('paidBy')?.trim().slice(0, 100) || null);
          if (mode === 'after_return') setTimeout(() => void deliver(), options.lateNotifyMs ?? 300);
          else await deliver();
        }
        res.writeHead(303, { location: c.returnUrl });
        res.end();
        return;
      }
    }
    if (req.method === 'POST' && path === '/control/mode') {
      const { mode } = JSON.parse(await readBody(req)) as { mode: SandboxMode };
      if (!(SANDBOX_MODES as readonly string[]).includes(mode)) return send(res, 400, JSON.stringify({ error: 'mode' }));
      gateway.mode = mode;
      return send(res, 200, JSON.stringify({ mode }));
    }
    if (req.method === 'POST' && path === '/control/settlement') {
      const row = JSON.parse(await readBody(req)) as { reference: string; amountMinor?: number; merchantId?: string; orderCode?: string };
      const existing = gateway.settlement.find((r) => r.reference === row.reference);
      if (existing && row.amountMinor !== undefined) existing.amountMinor = row.amountMinor;
      else if (!existing) {
        gateway.settlement.push({
          merchantId: row.merchantId ?? '',
          reference: row.reference,
          orderCode: row.orderCode ?? '',
          kind: 'payment',
          amountMinor: row.amountMinor ?? 0,
          currency: 'BOB',
          settledAt: new Date(),
        });
      }
      return send(res, 200, JSON.stringify({ ok: true }));
    }
    return send(res, 404, JSON.stringify({ error: 'not_found' }));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 400, JSON.stringify({ error: 'bad_request' }));
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  gateway.url = `http://${options.host ?? '127.0.0.1'}:${port}`;
  gateway.server = server;
  gateway.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return gateway;
}
