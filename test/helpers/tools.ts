// Independent tools (pdfsig, openssl, certutil, pkcs11-tool) in tests of signed documents.
import { execFile } from 'node:child_process';

/** A tool run without blocking the event loop (the app under test may answer its OCSP requests); never rejects. */
export const runTool = (command: string, args: string[]) =>
  new Promise<{ stdout: string; stderr: string }>((resolve) => {
    execFile(command, args, { encoding: 'utf8', timeout: 60_000 }, (_error, stdout, stderr) => resolve({ stdout, stderr }));
  });

/** A DER certificate as PEM (for openssl -CAfile and certutil -i). */
export const certificatePem = (der: Buffer) => `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----\n`;

/** `openssl cms -verify` of a detached CMS (DER) over `content`, trusting `caFile`: its stderr says "Verification successful" when it holds. */
export const opensslCmsVerify = (cms: string, content: string, caFile: string) =>
  runTool('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', cms, '-content', content, '-CAfile', caFile, '-purpose', 'any', '-out', '/dev/null']);
