// Progressive enhancement only: every page works without this file, and nothing here is
// needed to read a page or send a form.
// 1. Moves focus to the error summary when a form comes back with errors (unless the
//    summary says data-autofocus="false", as the examples on /componentes do).
// 2. Error summary links: focus the field and scroll so its label or legend shows too
//    (without this the browser scrolls the input itself to the very top).
// 3. Buttons with data-prevent-double-click ignore a second click within a second, so a
//    form is not sent twice.
(() => {
  'use strict';

  function focusErrorSummary() {
    const summary = document.querySelector('.error-summary');
    if (!(summary instanceof HTMLElement) || summary.dataset.autofocus === 'false') return;
    summary.focus();
    // Scrolling to an address's #fragment after loading may move focus back to the page.
    window.addEventListener('load', () => {
      if (document.activeElement === document.body) summary.focus();
    }, { once: true });
  }

  function labelFor(input) {
    const fieldset = input.closest('fieldset');
    if (fieldset && (input.type === 'radio' || input.type === 'checkbox' || fieldset.closest('.field')?.querySelector('.date-input'))) {
      const legend = fieldset.querySelector('legend');
      if (legend) return legend;
    }
    return input.id ? document.querySelector(`label[for="${CSS.escape(input.id)}"]`) : null;
  }

  function onSummaryClick(event) {
    const link = event.target instanceof Element ? event.target.closest('.error-summary a[href^="#"]') : null;
    if (!link) return;
    const input = document.getElementById(decodeURIComponent(link.getAttribute('href').slice(1)));
    if (!(input instanceof HTMLElement)) return;
    event.preventDefault();
    const anchor = labelFor(input) ?? input;
    anchor.scrollIntoView();
    input.focus({ preventScroll: true });
    if (history.replaceState) history.replaceState(null, '', link.getAttribute('href'));
  }

  function onSubmitClick(event) {
    const button = event.target instanceof Element ? event.target.closest('[data-prevent-double-click="true"]') : null;
    if (!(button instanceof HTMLElement)) return;
    if (button.dataset.clicked === 'true') {
      event.preventDefault();
      return;
    }
    button.dataset.clicked = 'true';
    setTimeout(() => {
      delete button.dataset.clicked;
    }, 1000);
  }

  document.addEventListener('click', onSummaryClick);
  document.addEventListener('click', onSubmitClick);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', focusErrorSummary);
  else focusErrorSummary();
})();
