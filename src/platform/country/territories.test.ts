import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boliviaProfile } from './bo.ts';
import type { CountryProfile } from './profile.ts';
import { territoriesFor, type TerritorySeed } from './territories.ts';
import { venezuelaProfile } from './ve.ts';

function checkTree(profile: CountryProfile, territories: TerritorySeed[]): void {
  const levels = profile.territoryLevels.map((l) => l.key);
  const byCode = new Map<string, TerritorySeed>();
  for (const t of territories) {
    assert.ok(!byCode.has(t.code), `duplicate code ${t.code}`);
    byCode.set(t.code, t);
  }
  for (const t of territories) {
    assert.match(t.code, /^[A-Z]{2}-[A-Z](-\d{2})*$/, `ASCII hierarchical code ${t.code}`);
    assert.ok(t.name.trim() === t.name && t.name.length > 0, `name of ${t.code}`);
    const depth = levels.indexOf(t.level);
    assert.ok(depth >= 0, `${t.code}: unknown level ${t.level}`);
    assert.equal(t.code.split('-').length - 2, depth, `${t.code}: code depth matches level ${t.level}`);
    if (t.parent === null) {
      assert.equal(depth, 0, `${t.code}: only the top level has no parent`);
      continue;
    }
    const parent = byCode.get(t.parent);
    assert.ok(parent, `${t.code}: parent ${t.parent} exists`);
    assert.ok(t.code.startsWith(`${parent.code}-`), `${t.code}: code extends its parent's`);
    assert.equal(levels.indexOf(parent.level), depth - 1, `${t.code}: parent one level up`);
    assert.ok(territories.indexOf(parent) < territories.indexOf(t), `${t.code}: parent listed first`);
  }
  // Siblings have distinct names.
  const siblings = new Set(territories.map((t) => `${t.parent}/${t.name}`));
  assert.equal(siblings.size, territories.length, 'sibling names are unique');
}

/** Capital municipality of each top-level unit, by name. */
function capitals(profile: CountryProfile, territories: TerritorySeed[]): Map<string, string> {
  const municipio = 'municipio';
  assert.ok(profile.territoryLevels.some((l) => l.key === municipio));
  const byCode = new Map(territories.map((t) => [t.code, t]));
  const result = new Map<string, string>();
  for (const t of territories.filter((x) => x.capital)) {
    assert.equal(t.level, municipio, `${t.code}: only municipalities are capitals`);
    let top = t;
    while (top.parent !== null) top = byCode.get(top.parent)!;
    assert.ok(!result.has(top.name), `one capital for ${top.name}`);
    result.set(top.name, t.name);
  }
  return result;
}

test('Bolivian territory tree is consistent with the profile levels', () => {
  checkTree(boliviaProfile, territoriesFor('bo'));
});

test('the 9 Bolivian departments are present with their capitals', () => {
  const territories = territoriesFor('bo');
  const departments = territories.filter((t) => t.level === 'departamento');
  assert.deepEqual(departments.map((d) => [d.code, d.name]).sort(), [
    ['BO-B', 'Beni'],
    ['BO-C', 'Cochabamba'],
    ['BO-H', 'Chuquisaca'],
    ['BO-L', 'La Paz'],
    ['BO-N', 'Pando'],
    ['BO-O', 'Oruro'],
    ['BO-P', 'Potosí'],
    ['BO-S', 'Santa Cruz'],
    ['BO-T', 'Tarija'],
  ]);
  assert.deepEqual(Object.fromEntries(capitals(boliviaProfile, territories)), {
    'La Paz': 'La Paz',
    Cochabamba: 'Cochabamba',
    'Santa Cruz': 'Santa Cruz de la Sierra',
    Oruro: 'Oruro',
    Potosí: 'Potosí',
    Chuquisaca: 'Sucre',
    Tarija: 'Tarija',
    Beni: 'Trinidad',
    Pando: 'Cobija',
  });
  const elAlto = territories.find((t) => t.name === 'El Alto');
  const murillo = territories.find((t) => t.code === elAlto?.parent);
  assert.equal(murillo?.name, 'Murillo');
  assert.equal(murillo?.parent, 'BO-L');
});

test('Venezuelan territory tree is consistent with the profile levels', () => {
  checkTree(venezuelaProfile, territoriesFor('ve'));
});

test('all 23 Venezuelan states, the Capital District and the Federal Dependencies', () => {
  const territories = territoriesFor('ve');
  const states = territories.filter((t) => t.level === 'estado');
  assert.equal(states.length, 25);
  assert.deepEqual(
    states
      .map((s) => s.code.slice(3))
      .sort()
      .join(''),
    'ABCDEFGHIJKLMNOPRSTUVWXYZ',
  );
  const capitalOf = capitals(venezuelaProfile, territories);
  assert.equal(capitalOf.get('Distrito Capital'), 'Libertador');
  assert.equal(capitalOf.get('Miranda'), 'Guaicaipuro');
  assert.equal(capitalOf.get('Zulia'), 'Maracaibo');
  assert.equal(capitalOf.get('Lara'), 'Iribarren');
  assert.equal(capitalOf.get('Aragua'), 'Girardot');
  assert.equal(capitalOf.get('Dependencias Federales'), undefined);
  assert.equal(capitalOf.size, 24);
  const libertadorParishes = territories.filter((t) => t.parent === 'VE-A-01');
  assert.equal(libertadorParishes.length, 22);
  assert.ok(libertadorParishes.every((p) => p.level === 'parroquia'));
});

test('only the popular-power units are demo data, and they are all marked', () => {
  const territories = territoriesFor('ve');
  const popular = territories.filter((t) => t.level === 'comuna' || t.level === 'consejo_comunal');
  assert.ok(popular.filter((t) => t.level === 'comuna').length >= 3);
  assert.ok(popular.filter((t) => t.level === 'consejo_comunal').length >= 6);
  assert.ok(popular.every((t) => t.demo === true));
  assert.ok(territories.filter((t) => t.demo).every((t) => popular.includes(t)));
  assert.ok(territoriesFor('bo').every((t) => t.demo === undefined));
});

test('territoriesFor returns a copy', () => {
  const first = territoriesFor('bo');
  first[0]!.name = 'changed';
  assert.notEqual(territoriesFor('bo')[0]!.name, 'changed');
});
