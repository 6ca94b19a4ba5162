// The drawing page: plain JS, no build step, no external files (works offline).
'use strict';
(function () {
  const pad = document.getElementById('pad');
  const ctx = pad.getContext('2d');
  const seen = document.getElementById('seen').getContext('2d');
  const modelSelect = document.getElementById('model');
  const tokenInput = document.getElementById('token');
  const status = document.getElementById('status');
  let drawing = false;
  let last = null;
  let inked = false;
  let pending = false;   // a prediction request is running
  let again = false;     // the drawing changed while it ran

  function clearPad() {
    ctx.fillStyle = '#fff';  // dark ink on white paper; the server prepares it as MNIST was made
    ctx.fillRect(0, 0, pad.width, pad.height);
    inked = false;
    document.getElementById('prediction').textContent = '-';
    document.getElementById('confidence').textContent = '';
    document.getElementById('bars').textContent = '';
    seen.fillStyle = '#000';
    seen.fillRect(0, 0, 28, 28);
    status.textContent = '';
  }

  function point(e) {
    const r = pad.getBoundingClientRect();
    return { x: (e.clientX - r.left) * pad.width / r.width, y: (e.clientY - r.top) * pad.height / r.height };
  }

  function stroke(to) {
    ctx.strokeStyle = '#000';
    ctx.lineWidth = 18;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(last.x, last.y);
    ctx.lineTo(to.x, to.y);
    ctx.stroke();
    last = to;
    inked = true;
  }

  pad.addEventListener('pointerdown', e => {
    e.preventDefault();
    pad.setPointerCapture(e.pointerId);
    drawing = true;
    last = point(e);
    stroke({ x: last.x + 0.01, y: last.y });  // a tap leaves a dot
  });
  pad.addEventListener('pointermove', e => {
    if (!drawing) return;
    e.preventDefault();
    stroke(point(e));
    predictSoon();
  });
  function end(e) {
    if (!drawing) return;
    drawing = false;
    predictSoon();
  }
  pad.addEventListener('pointerup', end);
  pad.addEventListener('pointercancel', end);

  let timer = null;
  function predictSoon() {
    if (!inked || timer) return;
    timer = setTimeout(() => { timer = null; predictDrawing(); }, 60);
  }

  function headers(extra) {
    const h = Object.assign({}, extra);
    if (tokenInput.value) h['Authorization'] = 'Bearer ' + tokenInput.value;
    return h;
  }

  function predictDrawing() {
    if (pending) { again = true; return; }
    const body = JSON.stringify({ images: [pad.toDataURL('image/png')], top: 10, returnInput: true });
    send(body, { 'Content-Type': 'application/json' });
  }

  function send(body, extraHeaders) {
    const model = modelSelect.value;
    if (!model) { status.textContent = 'no model is loaded'; return; }
    pending = true;
    fetch('v1/models/' + encodeURIComponent(model) + '/predict?returnInput=true&top=10',
          { method: 'POST', headers: headers(extraHeaders), body: body })
      .then(r => r.json().then(j => ({ ok: r.ok, status: r.status, json: j })))
      .then(r => {
        if (!r.ok) { status.textContent = r.json.message || ('error ' + r.status); askToken(r.status); return; }
        status.textContent = '';
        show(r.json.predictions[0]);
      })
      .catch(err => { status.textContent = 'request failed: ' + err; })
      .finally(() => {
        pending = false;
        if (again) { again = false; predictDrawing(); }
      });
  }

  function show(p) {
    document.getElementById('prediction').textContent = p.name;
    document.getElementById('confidence').textContent = '(' + (100 * p.probability).toFixed(1) + '%)';
    if (p.seen) {
      const img = seen.createImageData(28, 28);
      for (let i = 0; i < 784; i++) {
        const v = Math.round(255 * p.seen[i]);
        img.data[4 * i] = v; img.data[4 * i + 1] = v; img.data[4 * i + 2] = v; img.data[4 * i + 3] = 255;
      }
      seen.putImageData(img, 0, 0);
    }
    const bars = document.getElementById('bars');
    bars.textContent = '';
    p.probabilities.forEach((prob, k) => {
      const row = document.createElement('div');
      row.className = 'bar' + (k === p.label ? ' best' : '');
      row.dataset.label = String(k);
      const name = document.createElement('span');
      name.className = 'name';
      name.textContent = modelLabels[k] !== undefined ? modelLabels[k] : String(k);
      const track = document.createElement('span');
      track.className = 'track';
      const fill = document.createElement('span');
      fill.className = 'fill';
      fill.style.display = 'block';
      fill.style.width = (100 * prob).toFixed(1) + '%';
      track.appendChild(fill);
      const pct = document.createElement('span');
      pct.textContent = (100 * prob).toFixed(1) + '%';
      row.append(name, track, pct);
      bars.appendChild(row);
    });
  }

  document.getElementById('clear').addEventListener('click', clearPad);
  document.getElementById('file').addEventListener('change', e => {
    const f = e.target.files[0];
    if (!f) return;
    const form = new FormData();
    form.append('image', f, f.name);
    send(form, {});
    e.target.value = '';
  });

  let modelLabels = [];
  const labelsByModel = {};
  modelSelect.addEventListener('change', () => { modelLabels = labelsByModel[modelSelect.value] || []; predictSoon(); });

  function askToken(code) {
    if (code === 401) {
      document.getElementById('token-label').hidden = false;
      tokenInput.focus();
    }
  }
  tokenInput.addEventListener('change', loadModels);

  function loadModels() {
    fetch('v1/models', { headers: headers({}) })
      .then(r => r.json().then(j => ({ ok: r.ok, status: r.status, json: j })))
      .then(r => {
        if (!r.ok) { status.textContent = r.json.message || ('error ' + r.status); askToken(r.status); return; }
        status.textContent = '';
        modelSelect.textContent = '';
        r.json.models.forEach(m => {
          labelsByModel[m.name] = m.labels;
          const o = document.createElement('option');
          o.value = m.name;
          o.textContent = m.name;
          modelSelect.appendChild(o);
        });
        modelLabels = labelsByModel[modelSelect.value] || [];
        document.body.dataset.ready = 'true';
      })
      .catch(err => { status.textContent = 'cannot list the models: ' + err; });
  }

  clearPad();
  loadModels();
})();
