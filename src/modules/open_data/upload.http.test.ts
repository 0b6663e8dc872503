// The publisher's CSV upload over real HTTP, without JavaScript: a broken CSV (wrong encoding,
// ragged rows, mixed types) is refused with the row and column of each problem, the form's
// input kept, and nothing published; a good one shows the check's report (delimiter, inferred
// types) and is published as a dataset with its DataStore table. Only publishers may upload.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { HttpSession } from '../../../test/helpers/http-client.ts';
import { signInPortal } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import type { TestApp } from '../../../test/helpers/app.ts';

let t: TestApp & { baseUrl: string };
let publisher: HttpSession;
before(async () => {
  t = await listenTestApp({ demo: true });
  publisher = new HttpSession();
  await signInPortal(t, publisher, 'publicador@demo.tambo', 'Demo-2026-publicador');
});
after(async () => t.close());

const FIELDS = { institucion: 'SEGIP', titulo: 'Oficinas de atención por departamento', descripcion: 'Oficinas abiertas al público.', licencia: 'cc-by', contacto: 'datos@segip.gob.bo' };

async function upload(session: HttpSession, csv: Uint8Array<ArrayBuffer> | string, fields: Record<string, string> = FIELDS) {
  const page = await (await session.request(`${t.baseUrl}/gestion/datos/subir`)).text();
  const form = new FormData();
  form.append('_csrf', /name="_csrf" value="([^"]+)"/.exec(page)![1]!);
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  form.append('archivo', new Blob([csv], { type: 'text/csv' }), 'oficinas.csv');
  const request = new Request('http://local/', { method: 'POST', body: form });
  const response = await session.request(`${t.baseUrl}/gestion/datos/subir`, {
    method: 'POST',
    headers: { 'content-type': request.headers.get('content-type')! },
    body: Buffer.from(await request.arrayBuffer()),
  });
  return { status: response.status, html: await response.text() };
}

const datasets = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM open_data.dataset`.execute(t.app.tambo.deps.db)).rows[0]!.n;

describe('the CSV upload', () => {
  it('refuses broken files with the row and column of each problem, keeps the input and publishes nothing', async () => {
    const before = await datasets();
    const latin1 = new Uint8Array(Buffer.from('departamento;oficinas\nLa Paz;12\nPotos\xed;4\n', 'latin1'));
    const encoding = await upload(publisher, latin1);
    assert.equal(encoding.status, 400);
    assert.match(encoding.html, /resumen-errores[\s\S]*Fila 3, columna 1: no está codificado en UTF-8/);
    assert.match(encoding.html, /value="Oficinas de atención por departamento"/, 'the title typed is kept');
    const broken = await upload(publisher, 'departamento,oficinas,abiertas\nLa Paz,12,2020-01-01\nOruro,4\nPotosí,muchas,2021-02-03\nBeni,7,2022-05-06\n');
    assert.equal(broken.status, 400);
    assert.match(broken.html, /Fila 3, columna 3: la fila tiene 2 columnas y el encabezado 3/);
    assert.match(broken.html, /Fila 4, columna 2: «muchas» no es del tipo de la columna \(int\)/);
    assert.equal(await datasets(), before, 'nothing published');
  });

  it('shows the report of a good file and publishes it with its DataStore table', async () => {
    const checked = await upload(publisher, 'Departamento;Oficinas;Apertura\nLa Paz;12;2020-01-01\nOruro;4;2021-03-04\nPotosí;5;2019-07-08\n');
    assert.equal(checked.status, 200, checked.html.slice(0, 300));
    assert.match(checked.html, /punto y coma/);
    assert.match(checked.html, /<td[^>]*>Oficinas<\/td>\s*<td[^>]*>entero<\/td>/);
    assert.match(checked.html, /<td[^>]*>Apertura<\/td>\s*<td[^>]*>fecha<\/td>/);
    const published = await publisher.submit(`${t.baseUrl}/gestion/datos/subir`, checked.html, FIELDS);
    assert.equal(published.status, 303);
    const location = published.headers.get('location')!;
    assert.match(location, /^\/datos\/oficinas-de-atencion-por-departamento-[0-9a-f]{8}$/);
    const name = location.replace('/datos/', '');
    const shown = await (await fetch(`${t.baseUrl}/api/3/action/package_show?id=${name}`)).json();
    const resource = shown.result.resources[0];
    assert.equal(shown.result.organization.name, 'segip');
    const search = await (await fetch(`${t.baseUrl}/api/3/action/datastore_search?resource_id=${resource.id}&sort=oficinas desc`)).json();
    assert.equal(search.result.total, 3);
    assert.deepEqual(
      search.result.records.map((r: { departamento: string; oficinas: number }) => [r.departamento, r.oficinas]),
      [
        ['La Paz', 12],
        ['Potosí', 5],
        ['Oruro', 4],
      ],
    );
  });

  it('is for publishers only', async () => {
    const person = new HttpSession();
    await signInPortal(t, person, 'ciudadana@demo.tambo', 'Demo-2026-ciudadana');
    assert.equal((await person.request(`${t.baseUrl}/gestion/datos/subir`)).status, 403);
  });
});
