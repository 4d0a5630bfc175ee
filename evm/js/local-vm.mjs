// The local chain both chain.mjs and gas-profile.mjs run on: a fresh @ethereumjs/vm (Prague rules)
// with one funded sender, and the linking of library addresses into a contract's code.
import { createVM, runTx } from '@ethereumjs/vm';
import { createLegacyTx } from '@ethereumjs/tx';
import { Account, hexToBytes, createAddressFromPrivateKey } from '@ethereumjs/util';
import { Common, Mainnet, Hardfork } from '@ethereumjs/common';

/**
 * A fresh VM and `send(to, data)`, which signs and runs one transaction from the funded sender (to
 * undefined: a deployment) with this gas limit, the block's own limit not applied.
 */
export async function localVm(gasLimit) {
  const common = new Common({ chain: Mainnet, hardfork: Hardfork.Prague });
  const vm = await createVM({ common });
  const key = hexToBytes('0x' + '5a'.repeat(32));
  await vm.stateManager.putAccount(createAddressFromPrivateKey(key), new Account(0n, 10n ** 30n));
  let nonce = 0n;
  const send = async (to, data) => {
    const tx = createLegacyTx({ nonce: nonce++, gasPrice: 10n, gasLimit, to, data }, { common }).sign(key);
    return runTx(vm, { tx, skipBlockGasLimitValidation: true });
  };
  return { vm, send };
}

/** Puts each library's address (20 bytes, hex without 0x, by "File.sol:Name") where the code refers to it. */
export function link(object, links, addresses) {
  let hex = object;
  for (const [f, byName] of Object.entries(links)) {
    for (const [n, places] of Object.entries(byName)) {
      const address = addresses[f + ':' + n];
      for (const { start, length } of places) {
        hex = hex.slice(0, 2 * start) + address.padStart(2 * length, '0') + hex.slice(2 * (start + length));
      }
    }
  }
  return hex;
}
