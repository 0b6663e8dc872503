// Reports map: progressive enhancement only. Without JavaScript (or without a tile server
// configured in MAP_TILE_URL) the pages work with the territory list, the address and the
// coordinates. With it, an element [data-report-map] becomes a small map drawn from the
// configured tile server: "pick" mode fills the latitude/longitude fields when the map is
// clicked; "show" mode marks the reports given in data-points ([[id, lat, lon], …]), each a
// link to its report. Styles are set through the CSSOM (the CSP forbids style attributes).
(() => {
  'use strict';
  const TILE = 256;
  const SIZE = 3; // tiles across and down

  const toPixel = (lat, lon, zoom) => {
    const scale = TILE * 2 ** zoom;
    const sin = Math.sin((lat * Math.PI) / 180);
    return { x: ((lon + 180) / 360) * scale, y: (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * scale };
  };
  const toLatLon = (x, y, zoom) => {
    const scale = TILE * 2 ** zoom;
    const n = Math.PI - (2 * Math.PI * y) / scale;
    return { lat: (180 / Math.PI) * Math.atan(Math.sinh(n)), lon: (x / scale) * 360 - 180 };
  };
  const set = (element, styles) => Object.assign(element.style, styles);

  function draw(container, state) {
    container.replaceChildren();
    const width = container.clientWidth || TILE * SIZE;
    const height = TILE * 1.5;
    set(container, { position: 'relative', overflow: 'hidden', height: `${height}px`, border: '1px solid #505a5f', marginBottom: '1.5rem' });
    const centre = toPixel(state.lat, state.lon, state.zoom);
    const left = centre.x - width / 2;
    const top = centre.y - height / 2;
    const max = 2 ** state.zoom;
    for (let tx = Math.floor(left / TILE); tx <= Math.floor((left + width) / TILE); tx += 1) {
      for (let ty = Math.floor(top / TILE); ty <= Math.floor((top + height) / TILE); ty += 1) {
        if (ty < 0 || ty >= max) continue;
        const img = document.createElement('img');
        img.alt = '';
        img.src = state.tiles.replace('{z}', String(state.zoom)).replace('{x}', String(((tx % max) + max) % max)).replace('{y}', String(ty));
        set(img, { position: 'absolute', left: `${tx * TILE - left}px`, top: `${ty * TILE - top}px`, width: `${TILE}px`, height: `${TILE}px` });
        container.append(img);
      }
    }
    for (const point of state.points) {
      const p = toPixel(point.lat, point.lon, state.zoom);
      const marker = document.createElement(point.href ? 'a' : 'span');
      if (point.href) {
        marker.href = point.href;
        marker.setAttribute('aria-label', point.name);
      }
      marker.textContent = point.label;
      set(marker, { position: 'absolute', left: `${p.x - left - 6}px`, top: `${p.y - top - 6}px`, minWidth: '12px', height: '12px', borderRadius: '6px', background: '#d4351c', color: '#fff', fontSize: '10px', lineHeight: '12px', textAlign: 'center', textDecoration: 'none' });
      container.append(marker);
    }
    for (const [label, delta] of [['+', 1], ['−', -1]]) {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = label;
      button.setAttribute('aria-label', delta > 0 ? container.dataset.zoomIn || '+' : container.dataset.zoomOut || '-');
      set(button, { position: 'absolute', right: '4px', top: delta > 0 ? '4px' : '40px', width: '32px', height: '32px' });
      button.addEventListener('click', (event) => {
        event.stopPropagation();
        state.zoom = Math.min(18, Math.max(3, state.zoom + delta));
        draw(container, state);
      });
      container.append(button);
    }
    container.onclick = (event) => {
      if (state.mode !== 'pick') return;
      const box = container.getBoundingClientRect();
      const picked = toLatLon(left + event.clientX - box.left, top + event.clientY - box.top, state.zoom);
      const lat = document.getElementById('campo-lat');
      const lon = document.getElementById('campo-lon');
      if (lat instanceof HTMLInputElement && lon instanceof HTMLInputElement) {
        lat.value = picked.lat.toFixed(6);
        lon.value = picked.lon.toFixed(6);
      }
      state.lat = picked.lat;
      state.lon = picked.lon;
      state.points = [{ lat: picked.lat, lon: picked.lon, label: '' }];
      draw(container, state);
    };
  }

  for (const container of document.querySelectorAll('[data-report-map][data-tiles]')) {
    if (!(container instanceof HTMLElement)) continue;
    const mode = container.dataset.reportMap;
    let points = [];
    try {
      points = JSON.parse(container.dataset.points || '[]').map(([id, lat, lon]) => ({ lat, lon, label: '', name: `R-${id}`, href: id ? `/reportes/${id}` : undefined }));
    } catch {
      points = [];
    }
    const lat = Number(document.getElementById('campo-lat')?.value) || points[0]?.lat || Number(container.dataset.lat) || -16.5;
    const lon = Number(document.getElementById('campo-lon')?.value) || points[0]?.lon || Number(container.dataset.lon) || -68.15;
    container.hidden = false;
    draw(container, { mode, tiles: container.dataset.tiles, zoom: mode === 'pick' ? 15 : 12, lat, lon, points });
  }
})();
