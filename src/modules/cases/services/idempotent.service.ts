// `POST /api/v1/cases` with an `Idempotency-Key` (issue #9): the key is unique per applicant;
// a retry (same key, same procedure and answers) gets the case the first request created, and
// 20 parallel retries create one case; the key with another request is refused (422).
import { findIdempotentReplay, IdempotentReplay, requestFingerprint, type IdempotencyClaim } from '../../../platform/idempotency/idempotency.ts';
import type { Deps } from '../../../platform/module.ts';
import { findCaseByCode } from '../case.queries.ts';
import type { Case } from '../case.types.ts';
import { submitApplication, type SubmitInput } from './submission.service.ts';

/** The case, and whether it is the one an earlier request with the key created. */
export async function submitApplicationOnce(deps: Pick<Deps, 'db' | 'country'>, input: SubmitInput, key: string): Promise<{ case: Case; replayed: boolean }> {
  const claim: IdempotencyClaim = {
    scope: `cases.submit:${input.accountId}`,
    key,
    requestSha256: requestFingerprint({ procedure: input.slug, answers: input.answers, channel: input.channel }),
  };
  const replay = async (code: string) => ({ case: (await findCaseByCode(deps.db, code))!, replayed: true });
  const earlier = await findIdempotentReplay(deps.db, claim);
  if (earlier) return replay(earlier);
  try {
    return { case: await submitApplication(deps, { ...input, idempotency: claim }), replayed: false };
  } catch (error) {
    if (error instanceof IdempotentReplay) return replay(error.resource);
    throw error;
  }
}
