// The registrar's page (/registrar): in-person verification and assisted registration.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { listAgencies } from '../../agencies/index.ts';
import type { Staff } from '../admin/common.ts';
import { findPersonByDocument, getPerson, registerInPerson, registrarAgencyCodes, verifyInPerson } from '../admin/registrar.service.ts';
import { RegisteredPage, RegistrarPage, type NewPersonValues } from '../views/admin-registrar.views.tsx';
import { DocumentBody, DoneQuery, Text, TextOrList, attempt, doneMessage, documentTypes, list, noStore, staffOf, titleWithErrors } from './admin-common.ts';

const CheckBody = { agencyCode: Text(64), office: Text(500), notes: Text(2000), documentChecked: TextOrList };
const VerifyBody = Type.Object({ accountId: Text(40), ...CheckBody });
const NewPersonBody = Type.Object({
  ...DocumentBody,
  ...CheckBody,
  givenName: Text(300),
  familyName: Text(300),
  email: Text(300),
  phone: Text(60),
  'birthDate-day': Text(4),
  'birthDate-month': Text(4),
  'birthDate-year': Text(6),
});

export function registerRegistrarPages(app: TamboApp, deps: Deps): void {
  const registrarAgencies = async (staff: Staff) => {
    const codes = registrarAgencyCodes(staff);
    return (await listAgencies(deps)).filter((a) => codes.includes(a.code));
  };
  const emptyCheck = { agencyCode: '', office: '', notes: '', documentChecked: false };
  type RegistrarProps = Parameters<typeof RegistrarPage>[0];
  const registrarPage = async (request: FastifyRequest, reply: FastifyReply, staff: Staff, props: Partial<RegistrarProps>) => {
    const agencies = await registrarAgencies(staff);
    if (agencies.length === 0) throw new AppError('FORBIDDEN');
    const types = documentTypes(deps, request);
    const errors = { ...(props.searchErrors ?? {}), ...(props.result?.errors ?? {}) };
    return reply.page({
      status: Object.keys(errors).length > 0 ? 400 : 200,
      title: titleWithErrors(request, request.t('identity.registrar.heading'), errors),
      body: (
        <RegistrarPage
          agencies={agencies}
          documentTypes={types}
          search={props.search ?? { documentType: types[0]?.code ?? '', documentNumber: '' }}
          searchErrors={props.searchErrors ?? {}}
          result={props.result}
          isSelf={props.isSelf}
          done={props.done}
        />
      ),
    });
  };

  app.get('/registrar', { schema: { querystring: DoneQuery } }, async (request, reply) => {
    noStore(reply);
    return registrarPage(request, reply, await staffOf(deps, request), { done: doneMessage(request, request.query.hecho) });
  });

  app.post('/registrar', { schema: { body: Type.Object(DocumentBody) } }, async (request, reply) => {
    const staff = await staffOf(deps, request);
    const search = { documentType: request.body.documentType ?? '', documentNumber: request.body.documentNumber ?? '' };
    const found = await attempt(request, () => findPersonByDocument(deps, staff, search));
    noStore(reply);
    if (!found.ok) return registrarPage(request, reply, staff, { search, searchErrors: found.errors });
    if (found.value) {
      const { account, lastVerification } = found.value;
      return registrarPage(request, reply, staff, { search, isSelf: account.id === staff.account.id, result: { kind: 'found', account, lastVerification, check: emptyCheck, errors: {} } });
    }
    const type = deps.country.identityDocuments.find((d) => d.code === search.documentType);
    const normalized = type?.check(search.documentNumber.trim());
    const person: NewPersonValues = {
      ...emptyCheck,
      documentType: search.documentType,
      documentNumber: normalized?.ok ? normalized.normalized : search.documentNumber,
      givenName: '',
      familyName: '',
      birthDate: {},
      email: '',
      phone: '',
    };
    return registrarPage(request, reply, staff, { search, result: { kind: 'notFound', person, errors: {} } });
  });

  app.post('/registrar/verificar', { schema: { body: VerifyBody } }, async (request, reply) => {
    const staff = await staffOf(deps, request);
    const check = {
      agencyCode: request.body.agencyCode ?? '',
      office: request.body.office ?? '',
      notes: request.body.notes ?? '',
      documentChecked: list(request.body.documentChecked).includes('yes'),
    };
    const result = await attempt(request, () => verifyInPerson(deps, staff, request.body.accountId ?? '', check));
    if (result.ok) return reply.redirect('/registrar?hecho=verificado', 303);
    const { account, lastVerification } = await getPerson(deps, staff, request.body.accountId ?? '');
    noStore(reply);
    return registrarPage(request, reply, staff, {
      search: { documentType: account.documentType, documentNumber: account.documentNumber },
      result: { kind: 'found', account, lastVerification, check, errors: result.errors },
    });
  });

  app.post('/registrar/alta', { schema: { body: NewPersonBody } }, async (request, reply) => {
    const staff = await staffOf(deps, request);
    const b = request.body;
    const birthDate = { day: b['birthDate-day'] ?? '', month: b['birthDate-month'] ?? '', year: b['birthDate-year'] ?? '' };
    const person: NewPersonValues = {
      documentType: b.documentType ?? '',
      documentNumber: b.documentNumber ?? '',
      givenName: b.givenName ?? '',
      familyName: b.familyName ?? '',
      birthDate,
      email: b.email ?? '',
      phone: b.phone ?? '',
      agencyCode: b.agencyCode ?? '',
      office: b.office ?? '',
      notes: b.notes ?? '',
      documentChecked: list(b.documentChecked).includes('yes'),
    };
    const pad = (value: string, size: number) => value.trim().padStart(size, '0');
    const isoBirth = birthDate.year && birthDate.month && birthDate.day ? `${pad(birthDate.year, 4)}-${pad(birthDate.month, 2)}-${pad(birthDate.day, 2)}` : '';
    const result = await attempt(request, () => registerInPerson(deps, staff, { ...person, birthDate: isoBirth }));
    noStore(reply);
    if (!result.ok) {
      return registrarPage(request, reply, staff, {
        search: { documentType: person.documentType, documentNumber: person.documentNumber },
        result: { kind: 'notFound', person, errors: result.errors },
      });
    }
    return reply.page({ title: request.t('identity.registrar.registeredTitle'), body: <RegisteredPage account={result.value.account} temporaryPassword={result.value.temporaryPassword} /> });
  });
}
