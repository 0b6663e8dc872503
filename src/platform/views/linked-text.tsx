// Plain text that people or institutions wrote (a message, a reason, a reply), shown with its
// https addresses as links. Everything else stays text (Preact escapes it), so no markup in the
// text ever reaches the page; only `https:` addresses become links, never `javascript:` or
// `http:`. A full stop, comma or closing bracket right after an address ends the sentence, not
// the address.
import type { ComponentChildren } from 'preact';

const URL_IN_TEXT = /https:\/\/[^\s<>"'«»]+/g;
const TRAILING = /[.,;:!?)\]]+$/;

/** The pieces of a text: strings and https addresses (as `{ href }`). */
export function splitLinks(text: string): Array<string | { href: string }> {
  const pieces: Array<string | { href: string }> = [];
  let last = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    let href = match[0];
    const trailing = TRAILING.exec(href)?.[0] ?? '';
    href = href.slice(0, href.length - trailing.length);
    let valid = false;
    try {
      valid = href.length > 'https://'.length && new URL(href).protocol === 'https:';
    } catch {
      valid = false;
    }
    if (!valid) continue;
    if (match.index > last) pieces.push(text.slice(last, match.index));
    pieces.push({ href });
    last = match.index + href.length;
  }
  if (last < text.length) pieces.push(text.slice(last));
  return pieces;
}

/** The text with its https addresses as links. */
export function LinkedText(props: { text: string }): ComponentChildren {
  return <>{splitLinks(props.text).map((piece) => (typeof piece === 'string' ? piece : <a href={piece.href}>{piece.href}</a>))}</>;
}

/** Paragraphs (blank lines) and line breaks of a plain text, with links. */
export function TextParagraphs(props: { text: string }) {
  return (
    <>
      {props.text.split(/\n{2,}/).map((paragraph, index) => (
        <p key={index}>
          {paragraph.split('\n').map((line, lineIndex) => (
            <>
              {lineIndex > 0 ? <br /> : null}
              <LinkedText text={line} />
            </>
          ))}
        </p>
      ))}
    </>
  );
}
