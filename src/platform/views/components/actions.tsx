// Actions: buttons, button groups and forms (with their CSRF field).
import type { ComponentChildren } from 'preact';
import { useView } from '../context.ts';
import { classes } from './html.ts';

/**
 * A button, or a link that looks like one.
 * - `variant`: `primary` (default; the main action of a page), `secondary`, or `warning`
 *   (destructive actions).
 * - `href`: when given, renders an `<a>` (for navigation: "Start now", "Cancel");
 *   otherwise a `<button>` of `type` (`submit` by default).
 * - `name`, `value`: sent with the form when this button submits it.
 * - `preventDoubleClick`: with JavaScript on, ignores a second click within a second.
 */
export function Button(props: {
  children: ComponentChildren;
  variant?: 'primary' | 'secondary' | 'warning';
  href?: string;
  type?: 'submit' | 'button' | 'reset';
  name?: string;
  value?: string;
  disabled?: boolean;
  preventDoubleClick?: boolean;
}) {
  const className = classes('button', `button--${props.variant ?? 'primary'}`);
  if (props.href !== undefined) {
    return (
      <a class={className} href={props.href} draggable={false}>
        {props.children}
      </a>
    );
  }
  return (
    <button
      class={className}
      type={props.type ?? 'submit'}
      name={props.name}
      value={props.value}
      disabled={props.disabled}
      aria-disabled={props.disabled ? 'true' : undefined}
      data-prevent-double-click={props.preventDoubleClick ? 'true' : undefined}
    >
      {props.children}
    </button>
  );
}

/** A group of buttons and links side by side (stacked on narrow screens). */
export function ButtonGroup(props: { children: ComponentChildren }) {
  return <div class="button-group">{props.children}</div>;
}

/**
 * A form that POSTs (by default) with the CSRF field already inside, and the browser's own
 * validation bubbles turned off (`novalidate`) so our error summary and messages show instead.
 * - `action`: where it is sent (default: this same address).
 * - `method`: `post` (default) or `get` (searches and filters; no CSRF field then).
 */
export function Form(props: { action?: string; method?: 'post' | 'get'; id?: string; children: ComponentChildren }) {
  const method = props.method ?? 'post';
  return (
    <form action={props.action} method={method} id={props.id} novalidate>
      {method === 'post' ? <CsrfField /> : null}
      {props.children}
    </form>
  );
}

/** Hidden CSRF field; put it in every form that POSTs (`Form` already does). */
export function CsrfField() {
  const { csrfToken } = useView();
  return <input type="hidden" name="_csrf" value={csrfToken()} />;
}
