// Generates the expected output of the original HeadAudio 0.1.0 JavaScript for the Java port's conformance test
// (io.avatar.models.baseline.HeadAudioConformanceTest). Runs the package's own modules unchanged with Node.js:
//   - modules/mfcc.mjs MFCC.compute on fixed 512-sample blocks (raw MFCC + log energy),
//   - modules/processor.mjs Processor.process on a whole WAV at 16 kHz (pre-emphasis, polyphase low-pass, MFCC, tanh,
//     VAD gate, Mahalanobis classifier with majority vote) with every event enabled,
//   - modules/headaudio.mjs HeadAudio._onmessage + update(dt) (the viseme easing animation), with AudioWorkletNode
//     stubbed, sampled at 25 fps exactly as the Java baseline samples it (update before the frame's first sample).
//
// Usage (from the repository root):
//   mkdir -p /tmp/np/h && (cd /tmp/np/h && npm pack @met4citizen/headaudio@0.1.0 && tar xzf *.tgz)
//   for w in papa ahoh; do node models/testdata/headaudio/gen_expected.mjs /tmp/np/h/package \
//       models/testdata/audio/$w.wav 25 > models/testdata/headaudio/expected_$w.json; done
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [pkg, wavPath, fpsArg] = process.argv.slice(2);
if (!pkg || !wavPath) {
  console.error("usage: node gen_expected.mjs <headaudio package dir> <16 kHz 16-bit mono wav> [fps]");
  process.exit(2);
}
const fps = Number(fpsArg || 25);

// Browser globals the node module needs: a do-nothing AudioWorkletNode base class.
globalThis.AudioWorkletNode = class {
  constructor() { this.port = { postMessage: () => {} }; this.parameters = new Map(); }
};
const mod = (f) => import(pathToFileURL(path.join(pkg, "modules", f)).href);
const { MFCC } = await mod("mfcc.mjs");
const { Processor } = await mod("processor.mjs");
const { Training } = await mod("training.mjs");
const { HeadAudio } = await mod("headaudio.mjs");
const PARAMS = await mod("parameters.mjs");

// Minimal RIFF reader: 16-bit PCM mono only.
function readWav(file) {
  const b = fs.readFileSync(file);
  if (b.toString("ascii", 0, 4) !== "RIFF" || b.toString("ascii", 8, 12) !== "WAVE") throw new Error(file + ": not RIFF/WAVE");
  let pos = 12, fmt = null, data = null;
  while (pos + 8 <= b.length) {
    const id = b.toString("ascii", pos, pos + 4), len = b.readUInt32LE(pos + 4);
    if (id === "fmt ") fmt = { format: b.readUInt16LE(pos + 8), ch: b.readUInt16LE(pos + 10), rate: b.readUInt32LE(pos + 12), bits: b.readUInt16LE(pos + 22) };
    if (id === "data") data = b.subarray(pos + 8, pos + 8 + len);
    pos += 8 + len + (len & 1);
  }
  if (!fmt || !data || fmt.format !== 1 || fmt.ch !== 1 || fmt.bits !== 16 || fmt.rate !== 16000) throw new Error(file + ": need 16 kHz 16-bit mono PCM");
  const out = new Float32Array(data.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = data.readInt16LE(2 * i) / 32768;
  return out;
}

const pcm = readWav(wavPath);
const arr = (v) => Array.from(v);

// 1. Raw MFCC on fixed blocks: a silent block (log floor), and blocks of the WAV at a few offsets.
const mfcc = new MFCC({});
const blocks = [];
const offsets = [-1, 0, 4000, 6000, 8000, 12000].filter((o) => o + 512 <= pcm.length);
for (const off of offsets) {
  const block = off < 0 ? new Float32Array(512) : pcm.slice(off, off + 512);
  const out = new Float32Array(PARAMS.MFCC_COEFF_N);
  const { le } = mfcc.compute(block, out);
  blocks.push({ offset: off, le, mfcc: arr(out) });
}

// 1b. The experimental speaker warp at both ends of its range (top filters pass Nyquist at 1.8).
const warped = [];
for (const hz of [60, 400]) {
  const m = new MFCC({ speakerMeanHz: hz });
  const out = new Float32Array(PARAMS.MFCC_COEFF_N);
  const { le } = m.compute(pcm.slice(6000, 6512), out);
  warped.push({ speakerMeanHz: hz, offset: 6000, le, mfcc: arr(out) });
}

// 2. + 3. The processor and the animation node, wired synchronously.
const modelBytes = fs.readFileSync(path.join(pkg, "dist", "model-en-mixed.bin"));
const buffer = modelBytes.buffer.slice(modelBytes.byteOffset, modelBytes.byteOffset + modelBytes.length);
const training = new Training();
const model = [];
for (let pos = 0; pos + PARAMS.RECORD_OFFSET <= buffer.byteLength; pos += PARAMS.RECORD_OFFSET) {
  model.push(training.decodeBinaryRecord(new Float32Array(buffer, pos, PARAMS.RECORD_LEN)));
}

const node = new HeadAudio(null, {});
const values = {};
node.onvalue = (k, v) => { values[k] = v; };

const hops = [], visemes = [], events = [];
const worklet = {
  port: {
    postMessage: (m) => {
      if (m.event === "vad") hops.push({ t: m.t, db: m.db, active: m.active, inactive: m.inactive });
      else if (m.event === "feature") hops[hops.length - 1].vector = arr(m.vector);
      else if (m.event === "viseme") visemes.push({ t: m.t, viseme: m.viseme });
      else if (m.event === "started" || m.event === "ended") events.push({ event: m.event, t: m.t });
      node._onmessage({ data: m });
    }
  }
};
const proc = new Processor({
  sampleRate: 16000,
  processorOptions: { vadEventsEnabled: true, featureEventsEnabled: true, visemeEventsEnabled: true },
  parameterData: {}
}, worklet);
proc._onmessage({ data: { event: "model", model } });

const frames = [];
let done = 0;
for (let k = 0; ; k++) {
  const s = Math.ceil((k * 16000) / fps);
  if (s > pcm.length) break;
  if (s > done) { proc.process(pcm.subarray(done, s)); done = s; }
  node.update(1000 / fps);
  frames.push(node.visemeNames.map((n) => values[n] || 0));
}
if (done < pcm.length) proc.process(pcm.subarray(done)); // the tail after the last frame: blocks and visemes only

process.stdout.write(JSON.stringify({
  generator: "models/testdata/headaudio/gen_expected.mjs",
  package: "@met4citizen/headaudio@0.1.0",
  wav: path.basename(wavPath),
  samples: pcm.length,
  fps,
  visemeNames: node.visemeNames,
  blocks, warped, hops, visemes, events, frames
}) + "\n");
