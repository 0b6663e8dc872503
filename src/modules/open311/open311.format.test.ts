import assert from 'node:assert/strict';
import { it } from 'node:test';
import { listToXml, objectToXml, splitFormat, w3cDateTime } from './open311.format.ts';

it('writes lists and documents as GeoReport XML, escaping text and dropping characters XML cannot carry', () => {
  assert.equal(
    listToXml('errors', 'error', [{ code: 400, description: 'a <b> & "c" \'d\'\u0001' }]),
    '<?xml version="1.0" encoding="utf-8"?>\n<errors><error><code>400</code><description>a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;</description></error></errors>\n',
  );
  assert.equal(listToXml('services', 'service', []), '<?xml version="1.0" encoding="utf-8"?>\n<services></services>\n');
  assert.equal(
    objectToXml('service_definition', { service_code: 'x', attributes: [{ required: true, order: null, values: [{ key: 'k', name: 'n' }] }], skipped: undefined }),
    '<?xml version="1.0" encoding="utf-8"?>\n<service_definition><service_code>x</service_code><attributes><attribute><required>true</required><order></order><values><value><key>k</key><name>n</name></value></values></attribute></attributes></service_definition>\n',
  );
});

it('reads the format from the extension, and writes W3C date-times', () => {
  assert.deepEqual(splitFormat('requests.json'), { base: 'requests', format: 'json' });
  assert.deepEqual(splitFormat('R-12.xml'), { base: 'R-12', format: 'xml' });
  assert.equal(splitFormat('requests.csv'), undefined);
  assert.equal(splitFormat('requests'), undefined);
  assert.equal(w3cDateTime(new Date('2026-11-24T10:11:12.345Z')), '2026-11-24T10:11:12Z');
});
