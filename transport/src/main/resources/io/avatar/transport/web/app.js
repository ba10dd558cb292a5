// The avatar web page: plain JavaScript, no build step. Talks to the REST API with a bearer token, signals two
// WebRTC peer connections over one WebSocket: "view" (the server offers avatar video+audio, we answer) and "mic"
// (we offer our microphone, the server answers). Reports its getStats() numbers back over the WebSocket once a
// second, so the server (and the tests) can see what a real browser decoded.
'use strict';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const state = { session: null, ws: null, view: null, mic: null, micStream: null, audioCtx: null,
  env: { mic: [], avatar: [] }, latencyMs: null, latencyScore: null, rttMs: null, lastStats: null, iceServers: [] };

function token() {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash) { $('token').value = fromHash; sessionStorage.setItem('avatarToken', fromHash); }
  return $('token').value || sessionStorage.getItem('avatarToken') || '';
}

function showError(msg) { $('error').textContent = msg || ''; if (msg) console.error(msg); }
function setStatus(msg) { $('status').textContent = msg; }

async function api(method, path, body, contentType) {
  const headers = { Authorization: 'Bearer ' + token() };
  if (contentType) headers['Content-Type'] = contentType;
  const r = await fetch(path, { method, headers, body });
  const text = await r.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { /* not JSON */ }
  if (!r.ok) throw new Error((json && json.message) || (r.status + ' ' + text));
  return json;
}

async function loadStyles() {
  const j = await api('GET', '/api/styles');
  $('style').innerHTML = j.presets.map((p) => `<option>${p}</option>`).join('');
  const cfg = await api('GET', '/api/config');
  state.iceServers = cfg.iceServers || [];
  if (cfg.codec) $('codec').value = cfg.codec;
  await refreshSessions();
}

async function refreshSessions() {
  const j = await api('GET', '/api/sessions');
  $('sessions').innerHTML = '<option value="">(existing sessions)</option>' +
    j.sessions.map((s) => `<option value="${s.id}">${s.id} ${s.width}x${s.height} ${s.style}</option>`).join('');
}

async function createSession() {
  const size = parseInt(params.get('size') || $('size').value, 10);
  const form = new FormData();
  if ($('portrait').files[0]) form.append('portrait', $('portrait').files[0]);
  if ($('styleVideo').files[0]) form.append('styleVideo', $('styleVideo').files[0]);
  else if ($('styleFile').files[0]) form.append('style', $('styleFile').files[0]);
  else form.append('style', $('style').value);
  form.append('fps', params.get('fps') || $('fps').value);
  form.append('width', String(size));
  form.append('height', String(size));
  const r = await fetch('/api/sessions', { method: 'POST', headers: { Authorization: 'Bearer ' + token() }, body: form });
  const j = await r.json();
  if (!r.ok) throw new Error(j.message);
  await refreshSessions();
  return j.id;
}

function connectSocket() {
  return new Promise((resolve, reject) => {
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(`${proto}//${location.host}/ws?access_token=${encodeURIComponent(token())}`);
    ws.onopen = () => { state.ws = ws; setStatus('connected'); resolve(ws); };
    ws.onerror = () => reject(new Error('WebSocket connection failed (token or origin rejected?)'));
    ws.onclose = () => { setStatus('disconnected'); state.ws = null; };
    ws.onmessage = (e) => onMessage(JSON.parse(e.data)).catch((err) => showError(err.message));
  });
}

function send(msg) { if (state.ws && state.ws.readyState === 1) state.ws.send(JSON.stringify(msg)); }

function newPeer(name) {
  const pc = new RTCPeerConnection({ iceServers: state.iceServers });
  pc.pending = [];
  pc.onicecandidate = (e) => {
    if (e.candidate) send({ type: 'candidate', pc: name, candidate: e.candidate.candidate,
      sdpMid: e.candidate.sdpMid, sdpMLineIndex: e.candidate.sdpMLineIndex });
  };
  pc.onconnectionstatechange = () => setStatus(`${name}: ${pc.connectionState}`);
  return pc;
}

async function remoteDescription(pc, desc) {
  await pc.setRemoteDescription(desc);
  for (const c of pc.pending) await pc.addIceCandidate(c);
  pc.pending = null;
}

async function onMessage(m) {
  switch (m.type) {
    case 'offer': {
      if (m.pc !== 'view' || !state.view) return;
      await remoteDescription(state.view, { type: 'offer', sdp: m.sdp });
      const answer = await state.view.createAnswer();
      await state.view.setLocalDescription(answer);
      send({ type: 'answer', pc: 'view', sdp: answer.sdp });
      break;
    }
    case 'answer':
      if (m.pc === 'mic' && state.mic) await remoteDescription(state.mic, { type: 'answer', sdp: m.sdp });
      break;
    case 'candidate': {
      const pc = m.pc === 'view' ? state.view : state.mic;
      if (!pc) return;
      const c = { candidate: m.candidate, sdpMid: m.sdpMid, sdpMLineIndex: m.sdpMLineIndex };
      if (pc.pending) pc.pending.push(c); else await pc.addIceCandidate(c);
      break;
    }
    case 'pong':
      state.rttMs = performance.now() - m.t;
      $('rtt').textContent = state.rttMs.toFixed(1) + ' ms';
      break;
    case 'speaking':
      $('speaking').textContent = m.speaking ? 'speaking' : 'idle';
      break;
    case 'counters': {
      const e = m.engine || {};
      $('engineStats').textContent = Object.entries(e).map(([k, v]) => `${k} ${v}`).join(', ');
      break;
    }
    case 'closed':
      showError('session closed');
      break;
    case 'error':
      showError(`${m.error}: ${m.message}`);
      break;
    default:
      break;
  }
}

async function watch(sessionId) {
  state.session = sessionId;
  if (!state.ws) await connectSocket();
  if (state.view) state.view.close();
  const pc = newPeer('view');
  state.view = pc;
  const stream = new MediaStream();
  pc.ontrack = (e) => {
    stream.addTrack(e.track);
    $('video').srcObject = stream;
    if (e.track.kind === 'audio') {
      const audioOnly = new MediaStream([e.track]);
      $('audio').srcObject = audioOnly; // Chrome only routes remote audio once a media element plays it
      envelope(audioOnly, state.env.avatar);
    }
  };
  send({ type: 'watch', session: sessionId, codec: params.get('codec') || $('codec').value });
  ['mic', 'audioFile', 'interrupt', 'applyStyle'].forEach((id) => { $(id).disabled = false; });
}

async function startMic() {
  if (state.mic) { stopMic(); return; }
  const stream = await navigator.mediaDevices.getUserMedia({ audio: {
    echoCancellation: false, noiseSuppression: false, autoGainControl: false } });
  state.micStream = stream;
  envelope(stream, state.env.mic);
  const pc = newPeer('mic');
  state.mic = pc;
  stream.getAudioTracks().forEach((t) => pc.addTrack(t, stream));
  const offer = await pc.createOffer();
  await pc.setLocalDescription(offer);
  send({ type: 'mic', session: state.session, sdp: offer.sdp });
  $('mic').textContent = 'Stop microphone';
}

function stopMic() {
  send({ type: 'stop', pc: 'mic' });
  if (state.mic) state.mic.close();
  if (state.micStream) state.micStream.getTracks().forEach((t) => t.stop());
  state.mic = null; state.micStream = null;
  $('mic').textContent = 'Talk (microphone)';
}

// Plays an audio file into the session through the REST API: decoded in the browser, resampled to 16 kHz mono,
// sent as raw 16-bit PCM in 200 ms chunks paced in real time (the engine is live, not a batch renderer).
async function playFile(file) {
  const ctx = new OfflineAudioContext(1, 1, 16000);
  const decoded = await ctx.decodeAudioData(await file.arrayBuffer());
  const off = new OfflineAudioContext(1, Math.ceil(decoded.duration * 16000), 16000);
  const src = off.createBufferSource();
  src.buffer = decoded; src.connect(off.destination); src.start();
  const pcm = (await off.startRendering()).getChannelData(0);
  envelopeFromArray(pcm, 16000);
  const chunk = 3200;
  const t0 = performance.now();
  for (let i = 0; i < pcm.length; i += chunk) {
    const part = pcm.subarray(i, Math.min(pcm.length, i + chunk));
    const bytes = new Int16Array(part.length);
    for (let k = 0; k < part.length; k++) bytes[k] = Math.max(-1, Math.min(1, part[k])) * 32767;
    await api('POST', `/api/sessions/${state.session}/audio?rate=16000`, bytes.buffer, 'application/octet-stream');
    const due = t0 + ((i + chunk) / 16000) * 1000;
    await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now() - 100)));
  }
}

// Level envelopes of what we send and what comes back, on one AudioContext clock, every 256 samples.
function audioContext() {
  if (!state.audioCtx) state.audioCtx = new AudioContext({ sampleRate: 48000 });
  if (state.audioCtx.state === 'suspended') state.audioCtx.resume();
  return state.audioCtx;
}

function envelope(stream, out) {
  const ctx = audioContext();
  const src = ctx.createMediaStreamSource(stream);
  const proc = ctx.createScriptProcessor(256, 1, 1);
  const mute = ctx.createGain();
  mute.gain.value = 0;
  proc.onaudioprocess = (e) => {
    const x = e.inputBuffer.getChannelData(0);
    let s = 0;
    for (let i = 0; i < x.length; i++) s += x[i] * x[i];
    out.push([e.playbackTime, Math.sqrt(s / x.length)]);
    if (out.length > 2400) out.splice(0, out.length - 2400);
  };
  src.connect(proc); proc.connect(mute); mute.connect(ctx.destination);
  stream.keep = [src, proc, mute];
}

function envelopeFromArray(pcm, rate) {
  const ctx = audioContext();
  const t0 = ctx.currentTime;
  const hop = Math.round(rate * 256 / 48000);
  for (let i = 0; i + hop <= pcm.length; i += hop) {
    let s = 0;
    for (let k = 0; k < hop; k++) s += pcm[i + k] * pcm[i + k];
    state.env.mic.push([t0 + i / rate, Math.sqrt(s / hop)]);
  }
  // Keep the same window as the live envelopes; the estimate only looks at the last 8 s.
  const keep = 2400 + Math.ceil(pcm.length / hop);
  if (state.env.mic.length > keep) state.env.mic.splice(0, state.env.mic.length - keep);
}

// Mic-to-avatar latency: the lag that best aligns the returned audio's level envelope with the sent one.
function estimateLatency() {
  const a = state.env.mic;
  const b = state.env.avatar;
  if (a.length < 200 || b.length < 200) return;
  const step = 256 / 48000;
  const end = Math.min(a[a.length - 1][0], b[b.length - 1][0]);
  const start = Math.max(a[0][0], b[0][0], end - 8);
  const grid = (env, t0, n) => {
    const out = new Float64Array(n);
    let j = 0;
    for (let i = 0; i < n; i++) {
      const t = t0 + i * step;
      while (j < env.length - 1 && env[j + 1][0] <= t) j++;
      out[i] = env[j][1];
    }
    return out;
  };
  const n = Math.floor((end - start) / step);
  const maxLag = Math.floor(1.5 / step);
  if (n < maxLag + 100) return;
  const x = grid(a, start, n);
  const y = grid(b, start, n);
  const norm = (v) => { const m = v.reduce((p, q) => p + q, 0) / v.length; return v.map((q) => q - m); };
  const xs = norm(x);
  const ys = norm(y);
  let best = -1;
  let bestLag = 0;
  for (let lag = 0; lag < maxLag; lag++) {
    let sxy = 0; let sxx = 0; let syy = 0;
    for (let i = 0; i + lag < n; i++) {
      sxy += xs[i] * ys[i + lag]; sxx += xs[i] * xs[i]; syy += ys[i + lag] * ys[i + lag];
    }
    const r = sxy / Math.sqrt(sxx * syy + 1e-12);
    if (r > best) { best = r; bestLag = lag; }
  }
  state.latencyScore = best;
  if (best > 0.3) {
    state.latencyMs = bestLag * step * 1000;
    $('latency').textContent = `${state.latencyMs.toFixed(0)} ms (correlation ${best.toFixed(2)})`;
  } else {
    $('latency').textContent = `no clear echo yet (correlation ${best.toFixed(2)})`;
  }
}

async function collectStats() {
  if (!state.view || !state.session) return;
  const report = await state.view.getStats();
  const s = { video: {}, audio: {}, mic: {} };
  report.forEach((r) => {
    if (r.type === 'inbound-rtp' && r.kind === 'video') {
      Object.assign(s.video, { timestampMs: r.timestamp, framesDecoded: r.framesDecoded, framesReceived: r.framesReceived,
        framesDropped: r.framesDropped, frameWidth: r.frameWidth, frameHeight: r.frameHeight,
        framesPerSecond: r.framesPerSecond, packetsLost: r.packetsLost, packetsReceived: r.packetsReceived,
        jitterBufferDelayMs: r.jitterBufferEmittedCount ? 1000 * r.jitterBufferDelay / r.jitterBufferEmittedCount : null,
        decodeMs: r.framesDecoded ? 1000 * r.totalDecodeTime / r.framesDecoded : null, codecId: r.codecId });
    } else if (r.type === 'inbound-rtp' && r.kind === 'audio') {
      Object.assign(s.audio, { totalSamplesReceived: r.totalSamplesReceived, concealedSamples: r.concealedSamples,
        packetsReceived: r.packetsReceived, packetsLost: r.packetsLost, audioLevel: r.audioLevel,
        totalAudioEnergy: r.totalAudioEnergy, totalSamplesDuration: r.totalSamplesDuration,
        jitterBufferDelayMs: r.jitterBufferEmittedCount ? 1000 * r.jitterBufferDelay / r.jitterBufferEmittedCount : null });
    } else if (r.type === 'candidate-pair' && r.nominated && r.currentRoundTripTime !== undefined) {
      s.rtpRoundTripMs = 1000 * r.currentRoundTripTime;
    }
  });
  if (s.video.codecId && report.get(s.video.codecId)) s.video.codec = report.get(s.video.codecId).mimeType;
  if (state.mic) {
    (await state.mic.getStats()).forEach((r) => {
      if (r.type === 'outbound-rtp' && r.kind === 'audio') Object.assign(s.mic, { packetsSent: r.packetsSent, bytesSent: r.bytesSent });
    });
  }
  estimateLatency();
  s.latencyMs = state.latencyMs;
  s.latencyCorrelation = state.latencyScore;
  s.wsRoundTripMs = state.rttMs;
  s.micEnvelopeBlocks = state.env.mic.length;
  s.avatarEnvelopeBlocks = state.env.avatar.length;
  s.pageTimeMs = performance.now();
  state.lastStats = s;
  $('videoStats').textContent = `${s.video.codec || ''} ${s.video.frameWidth || 0}x${s.video.frameHeight || 0} ` +
    `${s.video.framesPerSecond || 0} fps, ${s.video.framesDecoded || 0} decoded, ${s.video.framesDropped || 0} dropped, ` +
    `jitter buffer ${(s.video.jitterBufferDelayMs || 0).toFixed(0)} ms`;
  $('audioStats').textContent = `${s.audio.totalSamplesReceived || 0} samples, level ${(s.audio.audioLevel || 0).toFixed(3)}`;
  send({ type: 'stats', session: state.session, stats: s });
}

function wire() {
  token();
  $('create').onclick = () => createSession().then(watch).catch((e) => showError(e.message));
  $('join').onclick = () => { const id = $('sessions').value; if (id) watch(id).catch((e) => showError(e.message)); };
  $('close').onclick = () => state.session && api('DELETE', `/api/sessions/${state.session}`).then(refreshSessions)
    .catch((e) => showError(e.message));
  $('mic').onclick = () => startMic().catch((e) => showError('microphone: ' + e.message));
  $('audioFile').onchange = (e) => e.target.files[0] && playFile(e.target.files[0]).catch((err) => showError(err.message));
  $('interrupt').onclick = () => api('POST', `/api/sessions/${state.session}/interrupt`).catch((e) => showError(e.message));
  $('applyStyle').onclick = async () => {
    try {
      const v = $('styleVideo').files[0];
      const f = $('styleFile').files[0];
      // a video's style is extracted on the server: the request returns when it is applied (seconds)
      if (v) await api('PUT', `/api/sessions/${state.session}/style`, v, v.type || 'video/mp4');
      else await api('PUT', `/api/sessions/${state.session}/style`,
        f ? await f.text() : JSON.stringify({ preset: $('style').value }), 'application/json');
      await refreshSessions();
    } catch (e) { showError(e.message); }
  };
  setInterval(() => send({ type: 'ping', t: performance.now() }), 1000);
  setInterval(() => collectStats().catch((e) => console.warn(e)), 1000);
  loadStyles().then(async () => {
    if (params.get('autostart')) {
      const id = params.get('session') || await createSession();
      await watch(id);
      if (params.get('mic')) await startMic();
    }
  }).catch((e) => showError(e.message));
}

wire();
