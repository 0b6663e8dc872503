// Plain text with https addresses as links: everything else stays escaped text.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { renderToString } from 'preact-render-to-string';
import { asSentence } from '../i18n/format.ts';
import { LinkedText, TextParagraphs, splitLinks } from './linked-text.tsx';

it('turns https addresses into links, leaving the full stop after one to the sentence', () => {
  assert.deepEqual(splitLinks('Vea https://tambo.bo/guia?x=1. Gracias'), ['Vea ', { href: 'https://tambo.bo/guia?x=1' }, '. Gracias']);
  assert.equal(renderToString(<LinkedText text="(https://tambo.bo/a)" />), '(<a href="https://tambo.bo/a">https://tambo.bo/a</a>)');
});

it('escapes the rest and links nothing but https', () => {
  const html = renderToString(<TextParagraphs text={'<script>alert(1)</script> javascript:alert(1) http://x.bo\n\nhttps://a.bo/"onmouseover=x'} />);
  assert.equal(html, '<p>&lt;script>alert(1)&lt;/script> javascript:alert(1) http://x.bo</p><p><a href="https://a.bo/">https://a.bo/</a>&quot;onmouseover=x</p>');
});

it('ends a typed reason with one full stop, never two', () => {
  assert.equal(asSentence('Revise la fecha'), 'Revise la fecha.');
  assert.equal(asSentence(' Revise la fecha. '), 'Revise la fecha.');
  assert.equal(asSentence('¿Es su firma?'), '¿Es su firma?');
  assert.equal(asSentence(''), '');
});
