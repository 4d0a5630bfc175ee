// Compiles Solidity sources with solc-js, deploys one contract to a fresh local EVM
// (@ethereumjs/vm, Prague rules) and sends it transactions, reporting each one's gas. Libraries
// with public functions that the contract calls are deployed first and linked into its code (the
// way a verifier larger than the 24,576-byte contract limit is split).
//
// Request (JSON on stdin):
//   {"sources": {"A.sol": "..."}, "contract": "A.sol:Name", "calls": ["0x..."], "optimizerRuns": 200}
// Answer (JSON on stdout):
//   {"compileMs": n, "bytecodeBytes": n, "deployGas": n,
//    "calls": [{"success": b, "gasUsed": n, "calldataGas": n, "executionGas": n, "returnData": "0x..", "error": s}]}
// or {"error": "..."} with exit status 3 when the sources do not compile, the contract does not
// deploy or the EVM fails.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import solc from 'solc';
import { bytesToHex, hexToBytes } from '@ethereumjs/util';
import { localVm, link } from './local-vm.mjs';

const GAS_LIMIT = BigInt(process.env.ZKML_EVM_GAS_LIMIT ?? 4_000_000_000); // far above a block's: a verifier's cost is measured, not capped
const CACHE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'node_modules', '.zkml4j-solc-cache');

function fail(message) {
  process.stdout.write(JSON.stringify({ error: message }) + '\n');
  process.exit(3);
}

/** EIP-2028 calldata cost: 16 gas per non-zero byte, 4 per zero byte. */
function calldataGas(bytes) {
  let gas = 0n;
  for (const b of bytes) gas += b === 0 ? 4n : 16n;
  return gas;
}

async function readStdin() {
  const chunks = [];
  for await (const c of process.stdin) chunks.push(c);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

function compile(sources, runs) {
  const input = {
    language: 'Solidity',
    sources: Object.fromEntries(Object.entries(sources).map(([name, content]) => [name, { content }])),
    settings: {
      optimizer: { enabled: true, runs },
      viaIR: true,
      outputSelection: { '*': { '*': ['evm.bytecode.object', 'evm.bytecode.linkReferences'] } },
    },
  };
  const out = JSON.parse(solc.compile(JSON.stringify(input)));
  const errors = (out.errors || []).filter((e) => e.severity === 'error');
  if (errors.length > 0) fail('solc: ' + errors.map((e) => e.formattedMessage).join('\n'));
  return out;
}

/**
 * Every contract's creation code and library link references ("File.sol:Name" -> {object, links}).
 * The sources are compiled once per distinct sources and settings and kept in
 * node_modules/.zkml4j-solc-cache: solc-js (wasm) takes seconds for a verifier.
 */
function compiled(sources, runs) {
  const key = createHash('sha256').update(JSON.stringify([solc.version(), runs, 'linked', sources])).digest('hex');
  const cached = path.join(CACHE, key + '.json');
  let all;
  if (fs.existsSync(cached)) {
    all = JSON.parse(fs.readFileSync(cached, 'utf8'));
  } else {
    all = {};
    const contracts = compile(sources, runs).contracts ?? {};
    for (const [f, byName] of Object.entries(contracts)) {
      for (const [n, c] of Object.entries(byName)) {
        all[f + ':' + n] = { object: c.evm.bytecode.object, links: c.evm.bytecode.linkReferences ?? {} };
      }
    }
    fs.mkdirSync(CACHE, { recursive: true });
    const tmp = cached + '.' + process.pid;
    fs.writeFileSync(tmp, JSON.stringify(all));
    fs.renameSync(tmp, cached);
  }
  return all;
}

async function main() {
  const request = await readStdin();
  const started = Date.now();
  const all = compiled(request.sources, request.optimizerRuns ?? 200);
  const compileMs = Date.now() - started;
  if (!all[request.contract]) fail(`no contract ${request.contract}`);

  const { send } = await localVm(GAS_LIMIT);
  // Deploys a contract after the libraries it links to (each once); returns its address (hex, no 0x).
  const addresses = {};
  const deploy = async (id, seen) => {
    if (addresses[id]) return addresses[id];
    const entry = all[id];
    if (!entry) fail(`no contract ${id}`);
    if (seen.has(id)) fail(`libraries link in a cycle at ${id}`);
    seen.add(id);
    for (const [f, byName] of Object.entries(entry.links)) {
      for (const n of Object.keys(byName)) await deploy(f + ':' + n, seen);
    }
    const code = link(entry.object, entry.links, addresses);
    const r = await send(undefined, hexToBytes('0x' + code));
    if (r.execResult.exceptionError || !r.createdAddress) {
      fail(`deploying ${id.split(':')[1]} failed: ${r.execResult.exceptionError?.error ?? 'no address'}`
          + ` (${code.length / 2} bytes of init code)`);
    }
    addresses[id] = r.createdAddress.toString().slice(2);
    deployments[id] = { address: r.createdAddress, gas: r.totalGasSpent, bytes: code.length / 2 };
    return addresses[id];
  };
  const deployments = {};
  await deploy(request.contract, new Set());
  const deployed = deployments[request.contract];
  const calls = [];
  for (const hex of request.calls) {
    const data = hexToBytes(hex);
    const r = await send(deployed.address, data);
    calls.push({
      success: !r.execResult.exceptionError,
      gasUsed: Number(r.totalGasSpent),
      calldataGas: Number(calldataGas(data)),
      executionGas: Number(r.execResult.executionGasUsed),
      returnData: bytesToHex(r.execResult.returnValue),
      error: r.execResult.exceptionError ? r.execResult.exceptionError.error : null,
    });
  }
  process.stdout.write(JSON.stringify({
    compileMs,
    bytecodeBytes: deployed.bytes,
    deployGas: Number(deployed.gas),
    calls,
  }) + '\n');
}

main().catch((e) => fail('the local EVM failed: ' + (e?.message ?? e)));
