// A course's lessons as one small, self-contained HTML file to read offline (no script, no
// images to fetch: the illustrations' descriptions in words), downloaded from the course page.
import type { Translate } from '../../platform/i18n/i18n.ts';
import { type Course, lessonsOf, pick } from './training.types.ts';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function offlineMaterial(course: Course, locale: string, t: Translate): string {
  const title = escapeHtml(pick(course.content.title, locale));
  const lessons = lessonsOf(course)
    .map((l) => {
      const parts = [`<h2>${escapeHtml(pick(l.title, locale))}</h2>`, ...l.paragraphs.map((p) => `<p>${escapeHtml(pick(p, locale))}</p>`)];
      if (l.video) parts.push(`<p>${escapeHtml(pick(l.video.transcript, locale))}</p>`);
      for (const q of l.quiz) {
        parts.push(`<h3>${escapeHtml(pick(q.prompt, locale))}</h3><ul>${q.options.map((o) => `<li>${escapeHtml(pick(o.text, locale))}</li>`).join('')}</ul>`);
        parts.push(`<p>${escapeHtml(t('training.material.answer'))} ${escapeHtml(pick(q.feedback, locale))}</p>`);
      }
      return parts.join('\n');
    })
    .join('\n');
  return `<!doctype html>
<html lang="${locale === 'en' ? 'en' : 'es'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>
<style>body{font-family:sans-serif;max-width:40em;margin:1em auto;padding:0 1em;line-height:1.5}</style></head>
<body><main><h1>${title}</h1>
<p>${escapeHtml(pick(course.content.summary, locale))}</p>
${lessons}
<p>${escapeHtml(t('training.material.footer'))}</p>
</main></body></html>
`;
}
