// Open Badges 3.0 credentials for a passed course (docs/training.md, "Open Badges"): issued
// once per completed enrolment, at the learner's first download (the enrolment's row locked:
// parallel downloads issue one), signed by the platform's did:key issuer (proof.ts), with an
// entry in the revocation status list that Tambo serves signed; a training manager of the
// course's agency revokes a badge by setting its bit.
import { createHash, randomBytes } from 'node:crypto';
import { recordAudit } from '../../../platform/audit/audit.ts';
import type { RoleGrant } from '../../../platform/contract/contract.types.ts';
import { hasRole, PLATFORM_ADMIN } from '../../../platform/contract/roles.ts';
import type { Database } from '../../../platform/db/index.ts';
import { AppError } from '../../../platform/errors.ts';
import { openValue, sealValue } from '../../../platform/keys/seal.ts';
import { purposeKeys } from '../../../platform/keys/secrets.ts';
import type { Deps } from '../../../platform/module.ts';
import { findAccount } from '../../identity/index.ts';
import { findCourse, findEnrolment, findEnrolmentById } from '../training.queries.ts';
import { activityId, MANAGER_ROLE } from '../training.service.ts';
import { findBadge, findBadgeKey, findBadgeOfEnrolment, insertBadge, insertBadgeKey, listRevokedIndexes, markBadgeRevoked, nextStatusIndex } from './badges.queries.ts';
import { encodeStatusList, type IssuerKey, issuerKey, newEd25519Key, OB_CONTEXT, secure, VC_CONTEXT } from './proof.ts';

const AAD = Buffer.from('tambo:training-badge-issuer');
const issuers = new WeakMap<Database, Promise<IssuerKey>>();

/** The issuer's key (created, sealed under the keyring's `signing-keys` purpose, at the first use). */
export function badgeIssuer(deps: Pick<Deps, 'db' | 'config'>): Promise<IssuerKey> {
  let loading = issuers.get(deps.db);
  if (!loading) {
    const keys = purposeKeys(deps.config, 'signing-keys');
    loading = (async () => {
      let sealed = await findBadgeKey(deps.db);
      if (!sealed) {
        await insertBadgeKey(deps.db, sealValue(keys, AAD, newEd25519Key()));
        sealed = (await findBadgeKey(deps.db))!;
      }
      return issuerKey(openValue(keys, AAD, sealed));
    })();
    loading.catch(() => issuers.delete(deps.db));
    issuers.set(deps.db, loading);
  }
  return loading;
}

export const STATUS_LIST_PATH = '/capacitacion/insignias/estado/1';
const statusListUrl = (deps: Pick<Deps, 'config'>) => `${deps.config.publicUrl}${STATUS_LIST_PATH}`;

const salted = (value: string, salt: string) =>
  `sha256$${createHash('sha256')
    .update(value + salt, 'utf8')
    .digest('hex')}`;

/**
 * The learner's badge for a passed course: the stored one, or issued now (once). 404 for an
 * unknown course, 409 `TRAINING_NOT_COMPLETED` before the course is passed.
 */
export async function badgeFor(deps: Deps, accountId: string, courseId: string, requestId: string | null): Promise<Record<string, unknown>> {
  const course = /^[a-z0-9-]{3,80}$/.test(courseId) ? await findCourse(deps.db, courseId) : undefined;
  if (!course) throw new AppError('TRAINING_NOT_FOUND');
  const enrolment = await findEnrolment(deps.db, courseId, accountId);
  if (!enrolment?.completedAt) throw new AppError('TRAINING_NOT_COMPLETED');
  const existing = await findBadgeOfEnrolment(deps.db, enrolment.id);
  if (existing) return existing.credential;
  const [issuer, account] = await Promise.all([badgeIssuer(deps), findAccount(deps, accountId)]);
  return deps.db.transaction().execute(async (trx) => {
    await findEnrolment(trx, courseId, accountId, { forUpdate: true });
    const again = await findBadgeOfEnrolment(trx, enrolment.id);
    if (again) return again.credential;
    const id = crypto.randomUUID();
    const statusIndex = await nextStatusIndex(trx);
    const salt = randomBytes(12).toString('hex');
    const unsigned = {
      '@context': [VC_CONTEXT, OB_CONTEXT],
      id: `urn:uuid:${id}`,
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: { id: issuer.did, type: ['Profile'], name: 'Tambo', url: deps.config.publicUrl },
      validFrom: new Date().toISOString(),
      name: course.content.title.es,
      credentialSubject: {
        type: ['AchievementSubject'],
        identifier: [
          { type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: `${account?.givenName ?? ''} ${account?.familyName ?? ''}`.trim() },
          // The identity document number, salted and hashed: the holder proves it by showing the document.
          { type: 'IdentityObject', identityType: 'nationalIdentityNumber', hashed: true, identityHash: salted(account?.documentNumber ?? accountId, salt), salt },
        ],
        activityEndDate: enrolment.completedAt!.toISOString(),
        achievement: {
          id: activityId(deps, course.id),
          type: ['Achievement'],
          achievementType: 'Course',
          name: course.content.title.es,
          description: course.content.summary.es,
          criteria: { narrative: `Aprobar la evaluación final con ${course.passPercent} % o más (${enrolment.scorePercent ?? 100} %).` },
        },
      },
      credentialStatus: {
        id: `${statusListUrl(deps)}#${statusIndex}`,
        type: 'BitstringStatusListEntry',
        statusPurpose: 'revocation',
        statusListIndex: String(statusIndex),
        statusListCredential: statusListUrl(deps),
      },
    };
    const credential = await secure(unsigned, issuer);
    await insertBadge(trx, { id, enrolmentId: enrolment.id, statusIndex, credential });
    await recordAudit(trx, {
      actor: { type: 'person', id: accountId },
      action: 'training.badge_issued',
      subject: { type: 'training_badge', id },
      data: { enrolmentId: enrolment.id, statusIndex },
      requestId,
    });
    return credential;
  });
}

/** A badge its course's agency manages: a training manager of that agency, or a platform administrator (404 for an unknown badge). */
async function managedBadge(deps: Deps, grants: readonly RoleGrant[], badgeId: string) {
  const badge = /^[0-9a-f-]{36}$/i.test(badgeId) ? await findBadge(deps.db, badgeId) : undefined;
  const enrolment = badge ? await findEnrolmentById(deps.db, badge.enrolmentId) : undefined;
  const course = enrolment ? await findCourse(deps.db, enrolment.courseId) : undefined;
  if (!badge || !course) throw new AppError('TRAINING_NOT_FOUND');
  if (!hasRole(grants, { role: MANAGER_ROLE, agency: course.agencyCode }) && !hasRole(grants, { role: PLATFORM_ADMIN })) throw new AppError('TRAINING_FORBIDDEN');
  return { badge, course };
}

export async function badgeDetail(deps: Deps, grants: readonly RoleGrant[], badgeId: string) {
  const { badge, course } = await managedBadge(deps, grants, badgeId);
  return { id: badge.id, courseTitle: course.content.title.es, issuedAt: badge.issuedAt, revokedAt: badge.revokedAt };
}

/** Revokes a badge once (its bit in the status list); true when this call revoked it. */
export async function revokeBadge(deps: Deps, accountId: string, grants: readonly RoleGrant[], badgeId: string, reason: string, requestId: string | null): Promise<boolean> {
  const { badge } = await managedBadge(deps, grants, badgeId);
  const why = reason.trim();
  if (!why || why.length > 500) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'motivo', messageKey: 'training.errors.revocationReason' }] });
  return deps.db.transaction().execute(async (trx) => {
    if (!(await markBadgeRevoked(trx, badge.id, accountId, why))) return false;
    await recordAudit(trx, {
      actor: { type: 'person', id: accountId },
      action: 'training.badge_revoked',
      subject: { type: 'training_badge', id: badge.id },
      data: { statusIndex: badge.statusIndex, reason: why },
      requestId,
    });
    return true;
  });
}

/** The signed Bitstring Status List credential: one bit per badge, set when revoked. */
/**
 * The signed status list, signed again only when it changes: it is public and unauthenticated,
 * and canonicalizing and signing it costs far more than reading the revoked indexes.
 */
let signedList: { key: string; credential: Promise<Record<string, unknown>> } | undefined;

export async function statusListCredential(deps: Deps): Promise<Record<string, unknown>> {
  const issuer = await badgeIssuer(deps);
  const url = statusListUrl(deps);
  const encodedList = encodeStatusList(await listRevokedIndexes(deps.db));
  const key = `${issuer.did} ${url} ${encodedList}`;
  if (signedList?.key !== key) {
    const credential = secure(
      {
        '@context': [VC_CONTEXT],
        id: url,
        type: ['VerifiableCredential', 'BitstringStatusListCredential'],
        issuer: issuer.did,
        validFrom: new Date().toISOString(),
        credentialSubject: { id: `${url}#list`, type: 'BitstringStatusList', statusPurpose: 'revocation', encodedList },
      },
      issuer,
    );
    signedList = { key, credential };
    credential.catch(() => {
      if (signedList?.credential === credential) signedList = undefined;
    });
  }
  return signedList.credential;
}
