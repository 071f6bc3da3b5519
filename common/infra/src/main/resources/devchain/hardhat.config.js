// Hardhat network for the dev chain: chain id 31337, automine unless DEVCHAIN_INTERVAL_MS > 0.
'use strict';

const intervalMs = Number.parseInt(process.env.DEVCHAIN_INTERVAL_MS || '0', 10);
const mining = intervalMs > 0 ? { auto: false, interval: intervalMs } : { auto: true, interval: 0 };

/** @type {import('hardhat/config').HardhatUserConfig} */
module.exports = {
  // Contracts are compiled by scripts/compile.js with solcjs; hardhat never compiles (that
  // would download a native compiler), so its sources path points at an empty folder.
  paths: {
    sources: './hardhat-sources',
    artifacts: './hardhat-artifacts',
    cache: './hardhat-cache',
  },
  networks: {
    hardhat: {
      chainId: 31337,
      hardfork: 'cancun',
      mining,
    },
  },
};
