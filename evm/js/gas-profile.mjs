// A gas profile of one call to a contract, by source line: how much gas each line's instructions
// spent, and how many words of memory they added to their frame (whose cost grows quadratically).
// A tool for developers, not used by the tests.
//
//   ZKML_NODE=$PWD/tools/keep-chain-request.sh ./zkml verify-evm ...   # keeps the request chain.mjs is sent
//   node evm/js/gas-profile.mjs request.json [call index] [lines to print]
//
// It compiles the request's sources again with source maps (solc-js, a minute or two), deploys the
// contract with its libraries as chain.mjs does, and runs the call on an instrumented @ethereumjs/vm.
import fs from 'node:fs';
import solc from 'solc';
import { hexToBytes } from '@ethereumjs/util';
import { localVm, link } from './local-vm.mjs';
import { Interpreter } from './node_modules/@ethereumjs/evm/dist/esm/interpreter.js';

const [requestFile, callArg = '0', topArg = '40'] = process.argv.slice(2);
if (!requestFile) {
  console.error('usage: node gas-profile.mjs request.json [call index] [lines to print]');
  process.exit(2);
}
const request = JSON.parse(fs.readFileSync(requestFile, 'utf8'));
const sourceNames = Object.keys(request.sources);

console.error('compiling with source maps ...');
const output = JSON.parse(solc.compile(JSON.stringify({
  language: 'Solidity',
  sources: Object.fromEntries(Object.entries(request.sources).map(([n, content]) => [n, { content }])),
  settings: {
    optimizer: { enabled: true, runs: request.optimizerRuns ?? 200 },
    viaIR: true,
    outputSelection: { '*': { '*': ['evm.bytecode.object', 'evm.bytecode.linkReferences', 'evm.deployedBytecode.object',
      'evm.deployedBytecode.sourceMap'] }, },
  },
})));
const errors = (output.errors || []).filter((e) => e.severity === 'error');
if (errors.length > 0) throw new Error(errors.map((e) => e.formattedMessage).join('\n'));
const fileById = {};
for (const [name, s] of Object.entries(output.sources)) fileById[s.id] = name;
const contracts = {};
for (const [f, byName] of Object.entries(output.contracts)) {
  for (const [n, c] of Object.entries(byName)) contracts[f + ':' + n] = c.evm;
}

/** pc -> "File.sol:line" from a deployed code's compressed source map. */
function lineTable(hex, sourceMap) {
  const code = hexToBytes('0x' + hex.replace(/__\$[0-9a-f]{34}\$__/g, '0'.repeat(40)));
  const entries = sourceMap.split(';');
  const table = new Map();
  let s = 0, l = 0, f = -1;
  let pc = 0;
  for (let i = 0; i < entries.length && pc < code.length; i++) {
    const parts = entries[i].split(':');
    if (parts[0] !== undefined && parts[0] !== '') s = Number(parts[0]);
    if (parts[1] !== undefined && parts[1] !== '') l = Number(parts[1]);
    if (parts[2] !== undefined && parts[2] !== '') f = Number(parts[2]);
    table.set(pc, f >= 0 && fileById[f] ? { line: fileById[f] + ':' + lineOf(fileById[f], s), fn: functionAt(fileById[f], s) }
      : { line: '(generated)', fn: '(generated)' });
    const op = code[pc];
    pc += op >= 0x60 && op <= 0x7f ? op - 0x5e : 1;
  }
  return table;
}
const newlines = {};
function lineOf(file, offset) {
  if (!newlines[file]) {
    const bytes = Buffer.from(request.sources[file] ?? '', 'utf8'); // source maps count UTF-8 bytes
    newlines[file] = [];
    for (let i = 0; i < bytes.length; i++) if (bytes[i] === 10) newlines[file].push(i);
  }
  const nl = newlines[file];
  let lo = 0, hi = nl.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (nl[mid] < offset) lo = mid + 1; else hi = mid; }
  return lo + 1;
}

/** The innermost function (or else the library or contract) whose text holds the byte offset. */
const spans = {};
function functionAt(file, offset) {
  if (!spans[file]) {
    const text = Buffer.from(request.sources[file] ?? '', 'utf8').toString('latin1'); // one char per byte
    spans[file] = [];
    const re = /\b(function|library|contract)\s+([A-Za-z0-9_]+)/g;
    let m;
    while ((m = re.exec(text)) !== null) {
      const lineStart = text.lastIndexOf('\n', m.index) + 1;
      if (text.slice(lineStart, m.index).includes('//')) continue; // a word in a comment ("a public function called ...")
      const open = text.indexOf('{', m.index);
      const semi = text.indexOf(';', m.index);
      if (open < 0 || (semi >= 0 && semi < open)) continue; // a declaration without a body
      let depth = 0, end = open;
      for (; end < text.length; end++) {
        if (text[end] === '{') depth++;
        else if (text[end] === '}' && --depth === 0) break;
      }
      spans[file].push({ start: m.index, end, name: m[2], kind: m[1] });
    }
  }
  let best = null;
  let owner = null;
  for (const sp of spans[file]) {
    if (sp.start <= offset && offset <= sp.end) {
      if (sp.kind === 'function') { if (!best || sp.start > best.start) best = sp; }
      else if (!owner || sp.start > owner.start) owner = sp;
    }
  }
  const where = owner ? owner.name : file;
  return best ? where + '.' + best.name : where + ' (its own code: ABI, allocation)';
}

const { send } = await localVm(4_000_000_000n);
const addresses = {};
const lines = {}; // address hex -> pc -> line
const deploy = async (id) => {
  if (addresses[id]) return;
  const evm = contracts[id];
  for (const [f, byName] of Object.entries(evm.bytecode.linkReferences ?? {})) {
    for (const n of Object.keys(byName)) await deploy(f + ':' + n);
  }
  const r = await send(undefined, hexToBytes('0x' + link(evm.bytecode.object, evm.bytecode.linkReferences ?? {}, addresses)));
  if (!r.createdAddress) throw new Error('deploying ' + id + ' failed');
  addresses[id] = r.createdAddress.toString().slice(2);
  lines[addresses[id]] = { id, table: lineTable(evm.deployedBytecode.object, evm.deployedBytecode.sourceMap) };
};
await deploy(request.contract);

// Every step: its own gas (a call's forwarded gas excluded) and the memory words it added, by line.
const gasByLine = new Map();
const wordsByLine = new Map();
const gasByFunction = new Map();
const gasByPc = new Map(); // with PROFILE_PCS=1: gas by frame, function, pc and opcode
const peakByFrame = [];
const jumps = []; // single steps that grew their frame's memory by 2,000 words or more
const calls = new Set(['CALL', 'CALLCODE', 'DELEGATECALL', 'STATICCALL', 'CREATE', 'CREATE2']);
const originalRunStep = Interpreter.prototype.runStep;
Interpreter.prototype.runStep = async function (opcodeObj) {
  const rs = this._runState;
  const pc = rs.programCounter;
  const words = rs.memoryWordCount;
  const gasBefore = this.getGasLeft();
  const name = (opcodeObj ?? this.lookupOpInfo(rs.opCode)).opcodeInfo.name;
  await originalRunStep.call(this, opcodeObj);
  const code = lines[this._env.codeAddress.toString().slice(2)];
  const at = code ? code.table.get(pc) : undefined;
  const where = at ? at.line : '?';
  if (!calls.has(name)) {
    const used = gasBefore - this.getGasLeft();
    gasByLine.set(where, (gasByLine.get(where) ?? 0n) + used);
    const fn = (code?.id.split(':')[1] ?? '?') + ' frame: ' + (at ? at.fn : '?');
    gasByFunction.set(fn, (gasByFunction.get(fn) ?? 0n) + used);
    if (process.env.PROFILE_PCS) {
      const key = fn + ' pc ' + pc + ' ' + name;
      gasByPc.set(key, (gasByPc.get(key) ?? 0n) + used);
    }
  }
  if (rs.memoryWordCount > words) {
    wordsByLine.set(where, (wordsByLine.get(where) ?? 0n) + rs.memoryWordCount - words);
    if (rs.memoryWordCount - words >= 2000n) {
      jumps.push(`${code?.id ?? '?'} ${name} pc ${pc} (${where}): ${words} -> ${rs.memoryWordCount} words`);
    }
  }
  if (!this._peakRecorded) {
    this._peakRecorded = true;
    peakByFrame.push({ frame: this, contract: code?.id ?? '?' });
  }
};

const index = Number(callArg);
const started = Date.now();
const r = await send(hexToBytes('0x' + addresses[request.contract]), hexToBytes(request.calls[index]));
console.log(`call ${index}: ${r.execResult.exceptionError ? 'failed (' + r.execResult.exceptionError.error + ')' : 'succeeded'},`
  + ` ${r.totalGasSpent} gas, ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log('\nframes (contract: peak memory in words, its memory gas 3w + w²/512):');
for (const { frame, contract } of peakByFrame) {
  const w = frame._runState.memoryWordCount;
  console.log(`  ${contract}: ${w} words, ${3n * w + (w * w) / 512n} gas`);
}
const top = Number(topArg);
const print = (title, map, lines = true) => {
  console.log('\n' + title);
  for (const [where, v] of [...map.entries()].sort((a, b) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : 0)).slice(0, top)) {
    const [file, line] = where.split(':');
    const text = lines ? (request.sources[file]?.split('\n')[Number(line) - 1] ?? '').trim().slice(0, 90) : '';
    console.log(`  ${String(v).padStart(12)}  ${where.padEnd(34)} ${text}`);
  }
};
console.log('\nsteps that added 2,000 words or more:');
for (const j of jumps) console.log('  ' + j);
print('gas by frame and function (own gas, inlined callees included; memory growth included):', gasByFunction, false);
if (process.env.PROFILE_PCS) print('gas by pc:', gasByPc, false);
print('gas by line (own gas; memory growth included):', gasByLine);
print('memory words added by line:', wordsByLine);
