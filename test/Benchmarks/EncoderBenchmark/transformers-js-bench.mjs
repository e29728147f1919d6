// transformers.js feature-extraction throughput on a local model folder, for EncoderBenchmark.
// Usage: node transformers-js-bench.mjs <request.json>; request = {modulePath, modelFolder, texts, batchSize, threads, repetitions, sorted}.
// sorted: batch the texts in order of token count (its best case: little padding; the sort is not timed).
// Prints one JSON line: {seconds: [per repetition], tokens, texts, dims}.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const request = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const { pipeline, env } = await import(pathToFileURL(request.modulePath).href);
env.allowRemoteModels = false;
env.allowLocalModels = true;
env.localModelPath = path.dirname(request.modelFolder) + path.sep;
const extractor = await pipeline('feature-extraction', path.basename(request.modelFolder), {
  dtype: 'fp32',
  local_files_only: true,
  session_options: { intraOpNumThreads: request.threads, interOpNumThreads: 1 },
});

let texts = request.texts;
let tokens = 0;
const lengths = new Map();
for (const t of texts) {
  const n = extractor.tokenizer(t).input_ids.size;
  lengths.set(t, n);
  tokens += n;
}
if (request.sorted) {
  texts = [...texts].sort((a, b) => lengths.get(a) - lengths.get(b));
}

// Warm-up on one batch, then timed repetitions over all texts in input (or length) order, padding to the batch's longest.
await extractor(texts.slice(0, request.batchSize), { pooling: 'mean', normalize: false });
const seconds = [];
let dims = 0;
for (let r = 0; r < request.repetitions; r++) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < texts.length; i += request.batchSize) {
    const out = await extractor(texts.slice(i, i + request.batchSize), { pooling: 'mean', normalize: false });
    dims = out.dims[1];
  }
  seconds.push(Number(process.hrtime.bigint() - start) / 1e9);
}
console.log(JSON.stringify({ seconds, tokens, texts: texts.length, dims }));
