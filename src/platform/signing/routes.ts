// The demo PKI over HTTP (docs/signed-documents.md, "Trust"): the root and issuing CA
// certificates to trust, the issuing CA's CRL and OCSP responder (RFC 6960), and the local
// timestamping authority (RFC 3161 over HTTP: `application/timestamp-query` in,
// `application/timestamp-reply` out).
import * as pkijs from 'pkijs';
import type { TamboApp } from '../http/app-types.ts';
import type { Deps } from '../module.ts';
import { arrayBuffer } from './crypto.ts';
import { OID } from './cms.ts';
import { signingService } from './signing.ts';

const BAD_REQUEST = 2; // PKIStatus rejection

export function registerPkiRoutes(app: TamboApp, deps: Deps): void {
  const service = () => signingService(deps);
  const der = (type: string) => ({ 'content-type': type, 'cache-control': 'public, max-age=3600' });
  app.get('/pki/raiz.crt', { schema: { hide: true } }, async (_request, reply) => reply.headers(der('application/pkix-cert')).send((await service().authorities()).root));
  app.get('/pki/emisora.crt', { schema: { hide: true } }, async (_request, reply) => reply.headers(der('application/pkix-cert')).send((await service().authorities()).issuing));
  app.get('/pki/emisora.crl', { schema: { hide: true } }, async (_request, reply) => reply.headers(der('application/pkix-crl')).send(await service().crl()));

  // OCSP (RFC 6960 appendix A): POST of the DER request, or GET with its base64 in the path.
  const ocspReply = async (request: Uint8Array) => service().ocsp(request);
  const ocspHeaders = { 'content-type': 'application/ocsp-response', 'cache-control': 'no-store' };
  app.get('/pki/ocsp/*', { schema: { hide: true } }, async (request, reply) => {
    const encoded = decodeURIComponent((request.params as { '*': string })['*']);
    return reply.headers(ocspHeaders).send(await ocspReply(Buffer.from(encoded, 'base64')));
  });

  app.register(async (scoped) => {
    scoped.addContentTypeParser('application/ocsp-request', { parseAs: 'buffer', bodyLimit: 8192 }, (_request, body, done) => done(null, body));
    scoped.post('/pki/ocsp', { config: { csrf: false }, schema: { hide: true } }, async (request, reply) => reply.headers(ocspHeaders).send(await ocspReply(request.body as Buffer)));
  });

  app.register(async (scoped) => {
    scoped.addContentTypeParser('application/timestamp-query', { parseAs: 'buffer', bodyLimit: 4096 }, (_request, body, done) => done(null, body));
    scoped.post('/pki/tsa', { config: { csrf: false }, schema: { hide: true } }, async (request, reply) => {
      const reject = () => new pkijs.TimeStampResp({ status: new pkijs.PKIStatusInfo({ status: BAD_REQUEST }) });
      let response: pkijs.TimeStampResp;
      try {
        const query = pkijs.TimeStampReq.fromBER(arrayBuffer(request.body as Buffer));
        const imprint = Buffer.from(query.messageImprint.hashedMessage.valueBlock.valueHexView);
        if (query.messageImprint.hashAlgorithm.algorithmId !== OID.sha256 || imprint.length !== 32) response = reject();
        else {
          const token = pkijs.ContentInfo.fromBER(arrayBuffer(await service().timestamp(imprint, new Date(), query.nonce)));
          response = new pkijs.TimeStampResp({ status: new pkijs.PKIStatusInfo({ status: 0 }), timeStampToken: token });
        }
      } catch {
        response = reject();
      }
      return reply.header('content-type', 'application/timestamp-reply').send(Buffer.from(response.toSchema().toBER(false)));
    });
  });
}
