// Compiles Solidity sources with solc-js, deploys one contract to a fresh local EVM
// (@ethereumjs/vm, Prague rules) and sends it transactions, reporting each one's gas.
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
import { createVM, runTx } from '@ethereumjs/vm';
import { createLegacyTx } from '@ethereumjs/tx';
import { Account, bytesToHex, hexToBytes, createAddressFromPrivateKey } from '@ethereumjs/util';
import { Common, Mainnet, Hardfork } from '@ethereumjs/common';

const GAS_LIMIT = 1_000_000_000n; // far above a block's: a verifier's cost is measured, not capped
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
      outputSelection: { '*': { '*': ['evm.bytecode.object'] } },
    },
  };
  const out = JSON.parse(solc.compile(JSON.stringify(input)));
  const errors = (out.errors || []).filter((e) => e.severity === 'error');
  if (errors.length > 0) fail('solc: ' + errors.map((e) => e.formattedMessage).join('\n'));
  return out;
}

/**
 * The contract's creation code. Every contract of the sources is compiled once per distinct sources
 * and settings and kept in node_modules/.zkml4j-solc-cache: solc-js (wasm) takes seconds for a verifier.
 */
function bytecodeOf(sources, runs, file, name) {
  const key = createHash('sha256').update(JSON.stringify([solc.version(), runs, sources])).digest('hex');
  const cached = path.join(CACHE, key + '.json');
  let all;
  if (fs.existsSync(cached)) {
    all = JSON.parse(fs.readFileSync(cached, 'utf8'));
  } else {
    all = {};
    const contracts = compile(sources, runs).contracts ?? {};
    for (const [f, byName] of Object.entries(contracts)) {
      for (const [n, c] of Object.entries(byName)) all[f + ':' + n] = c.evm.bytecode.object;
    }
    fs.mkdirSync(CACHE, { recursive: true });
    const tmp = cached + '.' + process.pid;
    fs.writeFileSync(tmp, JSON.stringify(all));
    fs.renameSync(tmp, cached);
  }
  const bytecode = all[file + ':' + name];
  if (!bytecode) fail(`no contract ${name} in ${file}`);
  return bytecode;
}

async function main() {
  const request = await readStdin();
  const [file, name] = request.contract.split(':');
  const started = Date.now();
  const bytecode = bytecodeOf(request.sources, request.optimizerRuns ?? 200, file, name);
  const compileMs = Date.now() - started;

  const common = new Common({ chain: Mainnet, hardfork: Hardfork.Prague });
  const vm = await createVM({ common });
  const key = hexToBytes('0x' + '5a'.repeat(32));
  const sender = createAddressFromPrivateKey(key);
  await vm.stateManager.putAccount(sender, new Account(0n, 10n ** 30n));
  let nonce = 0n;
  const send = async (to, data) => {
    const tx = createLegacyTx({ nonce: nonce++, gasPrice: 10n, gasLimit: GAS_LIMIT, to, data }, { common }).sign(key);
    return runTx(vm, { tx, skipBlockGasLimitValidation: true });
  };

  const deployed = await send(undefined, hexToBytes('0x' + bytecode));
  if (deployed.execResult.exceptionError || !deployed.createdAddress) {
    fail(`deploying ${name} failed: ${deployed.execResult.exceptionError?.error ?? 'no address'}`
        + ` (${bytecode.length / 2} bytes of init code)`);
  }
  const calls = [];
  for (const hex of request.calls) {
    const data = hexToBytes(hex);
    const r = await send(deployed.createdAddress, data);
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
    bytecodeBytes: bytecode.length / 2,
    deployGas: Number(deployed.totalGasSpent),
    calls,
  }) + '\n');
}

main().catch((e) => fail('the local EVM failed: ' + (e?.message ?? e)));
