// The demo external producer: a stand-in for agencies' systems outside the platform (a civil
// registry like SERECI/SAIME and a registry of economic units), on its own port, reached by the
// exchange only over HTTP, as a real adapter would be:
//   GET /personas/persona/:document     a person's civil-status facts (document: CI or cédula)
//   GET /unidades/unidad/:taxId         an economic unit (NIT in `bo`, RIF in `ve`)
//   GET /openapi.json                   the OpenAPI description of both
// Every answer echoes the X-Road headers it received (`x-road-id`, `x-road-client`) so tests
// see what the exchange forwarded; `requests` keeps them.
import { createServer, type Server } from 'node:http';

export interface DemoPerson {
  document: string;
  givenNames: string;
  surnames: string;
  birthDate: string;
  civilStatus: string;
  birthPlace: string;
}
export interface DemoUnit {
  taxId: string;
  name: string;
  legalForm: string;
  activity: string;
  address: string;
  status: string;
}

const PEOPLE: Record<'bo' | 've', DemoPerson[]> = {
  bo: [
    { document: '4567891 LP', givenNames: 'María Elena', surnames: 'Quispe Mamani', birthDate: '1990-03-14', civilStatus: 'soltera', birthPlace: 'La Paz, Murillo, Nuestra Señora de La Paz' },
    { document: '3456789 CB', givenNames: 'Juan Carlos', surnames: 'Rojas Flores', birthDate: '1985-11-02', civilStatus: 'casado', birthPlace: 'Cochabamba, Cercado' },
  ],
  ve: [
    { document: 'V-12345678', givenNames: 'María Alejandra', surnames: 'González Pérez', birthDate: '1990-03-14', civilStatus: 'soltera', birthPlace: 'Distrito Capital, Libertador' },
    { document: 'V-23456789', givenNames: 'José Gregorio', surnames: 'Rodríguez Díaz', birthDate: '1985-11-02', civilStatus: 'casado', birthPlace: 'Zulia, Maracaibo' },
  ],
};
const UNITS: Record<'bo' | 've', DemoUnit[]> = {
  bo: [{ taxId: '1028547023', name: 'Tejidos Andinos S.R.L.', legalForm: 'Sociedad de Responsabilidad Limitada', activity: '1392', address: 'Calle Comercio 123, La Paz', status: 'activa' }],
  ve: [{ taxId: 'J-30123456-7', name: 'Textiles del Ávila C.A.', legalForm: 'Compañía Anónima', activity: '1392', address: 'Av. Urdaneta, Caracas', status: 'activa' }],
};

export const DEMO_PRODUCER_OPENAPI = {
  openapi: '3.1.0',
  info: { title: 'Registro civil y de unidades económicas (demo)', version: '1.0.0' },
  paths: {
    '/personas/persona/{document}': {
      get: {
        operationId: 'getPerson',
        parameters: [{ name: 'document', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { 200: { description: 'The person' }, 404: { description: 'Unknown' } },
      },
    },
    '/unidades/unidad/{taxId}': {
      get: {
        operationId: 'getUnit',
        parameters: [{ name: 'taxId', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { 200: { description: 'The unit' }, 404: { description: 'Unknown' } },
      },
    },
  },
};

export interface DemoProducer {
  url: string;
  server: Server;
  /** What it received: method, path and the X-Road headers (for tests). */
  requests: Array<{ method: string; path: string; client: string | undefined; xroadId: string | undefined }>;
  close(): Promise<void>;
}

export async function startDemoProducer(options: { country?: 'bo' | 've'; port?: number; host?: string } = {}): Promise<DemoProducer> {
  const country = options.country ?? 'bo';
  const requests: DemoProducer['requests'] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://producer');
    const path = decodeURIComponent(url.pathname);
    const client = typeof req.headers['x-road-client'] === 'string' ? req.headers['x-road-client'] : undefined;
    const xroadId = typeof req.headers['x-road-id'] === 'string' ? req.headers['x-road-id'] : undefined;
    requests.push({ method: req.method ?? 'GET', path, client, xroadId });
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...(xroadId ? { 'x-road-id': xroadId } : {}) });
      res.end(JSON.stringify(body));
    };
    req.resume();
    if (req.method !== 'GET') return send(405, { error: 'method not allowed' });
    if (path === '/openapi.json') return send(200, DEMO_PRODUCER_OPENAPI);
    const person = /^\/personas\/persona\/(.+)$/.exec(path);
    if (person) {
      const found = PEOPLE[country].find((p) => p.document.replace(/\s/g, '').toUpperCase() === person[1]!.replace(/\s/g, '').toUpperCase());
      return found ? send(200, found) : send(404, { error: 'not found' });
    }
    const unit = /^\/unidades\/unidad\/(.+)$/.exec(path);
    if (unit) {
      const found = UNITS[country].find((u) => u.taxId === unit[1]);
      return found ? send(200, found) : send(404, { error: 'not found' });
    }
    return send(404, { error: 'not found' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    server,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
