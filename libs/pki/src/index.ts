/**
 * @ebb/pki — the certificates Ebb makes for itself: a small CA and the serving certificates it
 * signs (ECDSA P-256), as PEM. The webhook and the local cluster's API server use it.
 */
export { createCa, createServingCert } from './generate.js';
export type { PemPair, SubjectNames, Validity } from './generate.js';
export { readFileIfPresent, readPemPair, writeFileAtomically, writeFileAtomicallySync, writePemPair } from './files.js';
export type { AtomicWriteOptions, PemFileNames } from './files.js';
