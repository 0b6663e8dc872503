// Situation room: progressive enhancement only. The page is complete without this file (its
// "Actualizar" link reloads it). With it, the room listens to its Server-Sent Events
// ([data-room-events]) and, when a figure may have changed, fetches the same page again and
// swaps the room's content in place (at most once every two seconds), announcing it politely.
(() => {
  'use strict';
  const room = document.querySelector('[data-room-events]');
  if (!room || typeof EventSource === 'undefined' || typeof DOMParser === 'undefined') return;
  let pending = false;
  let last = 0;

  async function refresh() {
    pending = false;
    last = Date.now();
    const response = await fetch(location.href, { headers: { accept: 'text/html' }, credentials: 'same-origin' });
    if (!response.ok) return;
    const next = new DOMParser().parseFromString(await response.text(), 'text/html').querySelector('[data-room-events]');
    if (!next) return;
    const focused = document.activeElement && document.activeElement.id;
    room.innerHTML = next.innerHTML;
    if (focused) document.getElementById(focused)?.focus();
    const status = room.querySelector('[data-room-status]');
    if (status) status.textContent = room.dataset.roomLive || '';
    room.dataset.roomUpdated = String(last);
  }

  const source = new EventSource(room.dataset.roomEvents);
  source.addEventListener('changed', () => {
    if (pending) return;
    pending = true;
    setTimeout(() => void refresh().catch(() => (pending = false)), Math.max(0, 2000 - (Date.now() - last)));
  });
})();
