// For tests outside store/ that must look under the hood (raw SQL checks, damaging pages):
// the only way past index.ts, and only from test code.
export { connectionOf } from '../lead-store';
export { storeFile } from '../paths';
