// The register of processing activities over real HTTP: public (no account), one section per
// module that declares personal data, each with its fields, purpose, legal basis and retention
// from the catalogs, in Spanish and in English; linked from /transparencia and "Mis datos".
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { translator } from '../../platform/i18n/i18n.ts';

let t: TestApp;
before(async () => {
  t = await buildTestApp();
});
after(async () => t.close());

/** As the page writes a message (HTML-escaped). */
const escaped = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

it('lists every module that declares personal data, with purpose, legal basis and retention, in Spanish and English, to anyone', async () => {
  const declaring = t.app.tambo.modules.filter((m) => m.personalData);
  assert.ok(declaring.length >= 10, `modules declaring personal data: ${declaring.length}`);
  for (const lang of ['es', 'en'] as const) {
    const response = await t.app.inject({ url: `/transparencia/tratamientos?lang=${lang}` });
    assert.equal(response.statusCode, 200, 'public: no sign-in');
    const html = response.body;
    const tr = translator(t.app.tambo.deps.catalogs, lang);
    for (const module of declaring) {
      const declared = module.personalData!;
      assert.match(html, new RegExp(`<section aria-labelledby="tratamiento-${module.name}">`), module.name);
      for (const key of [declared.purposeKey, declared.legalBasisKey, declared.retentionKey]) {
        const text = tr(key);
        assert.notEqual(text, key, `${module.name}: ${key} in ${lang}`);
        assert.ok(html.includes(escaped(text)), `${module.name}: ${key} shown in ${lang}`);
      }
    }
    const cases = tr('cases.personalData.field.trackingCode');
    assert.ok(html.includes(escaped(cases)), 'the fields held, by their labels');
  }
  assert.match((await t.app.inject({ url: '/transparencia/tratamientos' })).body, /<h1>Registro de actividades de tratamiento de datos personales<\/h1>/);
  assert.match((await t.app.inject({ url: '/transparencia/tratamientos?lang=en' })).body, /<h1>Register of personal-data processing activities<\/h1>/);
  assert.match((await t.app.inject({ url: '/transparencia' })).body, /href="\/transparencia\/tratamientos"/, 'linked from the transparency home');
});
