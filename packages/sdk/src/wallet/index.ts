/** Bittensor-compatible wallets: keyfiles, `$NACL` encryption, the btcli directory layout, signers. */
export * from './createWallet.js';
export * from './keyfile.js';
export * from './keyfileStore.js';
export * from './listWallets.js';
export * from './loadKey.js';
export * from './nacl.js';
export * from './password.js';
export * from './polkadotJson.js';
export * from './resolveSigner.js';
export * from './walletPaths.js';
