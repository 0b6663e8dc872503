// The component kit. Every component escapes text (preact does), takes documented props,
// works without JavaScript and is shown with examples on /componentes (dev gallery).
// One file per section; this file re-exports them all, so pages import from here.
//
// Field ids: a form field named `email` has the id `campo-email` (see `fieldId`). Its hint
// is `campo-email-hint` and its error message `campo-email-error`, both tied to the field
// with aria-describedby. For groups (radios, checkboxes, dates) the FIRST input carries
// `campo-<name>`, so an error summary link (`#campo-<name>`) always lands on a real input.
export * from './components/actions.tsx';
export * from './components/content.tsx';
export * from './components/fields.tsx';
export { fieldId } from './components/html.ts';
export * from './components/navigation.tsx';
